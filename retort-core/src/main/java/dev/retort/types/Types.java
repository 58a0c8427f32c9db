package dev.retort.types;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The built-in SQL types.
 *
 * <pre>{@code
 * Column.of("price", Types.numeric(10, 2));
 * Column.of("name", Types.string(50));
 * cast(users.c("age"), Types.STRING);
 * }</pre>
 */
public final class Types {
    private Types() {
    }

    public static final TypeEngine<Integer> INTEGER = new SqlType<>(TypeKind.INTEGER, "INTEGER", null, null, null);
    public static final TypeEngine<Long> BIGINT = new SqlType<>(TypeKind.BIGINT, "BIGINT", null, null, null);
    public static final TypeEngine<Short> SMALLINT = new SqlType<>(TypeKind.SMALLINT, "SMALLINT", null, null, null);
    public static final TypeEngine<Boolean> BOOLEAN = new SqlType<>(TypeKind.BOOLEAN, "BOOLEAN", null, null, null);
    public static final TypeEngine<Double> FLOAT = new SqlType<>(TypeKind.FLOAT, "FLOAT", null, null, null);
    public static final TypeEngine<Double> DOUBLE = new SqlType<>(TypeKind.DOUBLE, "DOUBLE", null, null, null);
    public static final TypeEngine<String> STRING = new SqlType<>(TypeKind.STRING, "VARCHAR", null, null, null);
    public static final TypeEngine<String> TEXT = new SqlType<>(TypeKind.TEXT, "TEXT", null, null, null);
    public static final TypeEngine<LocalDate> DATE = new SqlType<>(TypeKind.DATE, "DATE", null, null, null);
    public static final TypeEngine<LocalTime> TIME = new SqlType<>(TypeKind.TIME, "TIME", null, null, null);
    public static final TypeEngine<LocalDateTime> DATETIME = new SqlType<>(TypeKind.DATETIME, "DATETIME", null, null, null);
    /** A timestamp with time zone; values are {@link OffsetDateTime}. */
    public static final TypeEngine<OffsetDateTime> TIMESTAMP = new SqlType<>(TypeKind.TIMESTAMP, "TIMESTAMP", null, null, null);
    /**
     * A time of day with an offset, SQLAlchemy's {@code Time(timezone=True)}: {@code TIME WITH TIME
     * ZONE} on PostgreSQL; {@code TIME} on MySQL, MariaDB and SQLite, which keep no offset, so the
     * value is stored at UTC and read back at offset zero. Values are {@link java.time.OffsetTime}.
     *
     * <pre>{@code
     * Column.of("opens", Types.TIMETZ);   // TIME WITH TIME ZONE
     * }</pre>
     */
    public static final TypeEngine<java.time.OffsetTime> TIMETZ = new SqlType<>(TypeKind.TIMETZ, "TIMETZ", null, null, null);
    /** Bytes of any size: {@code BLOB}; {@code BYTEA} on PostgreSQL, {@code LONGBLOB} on MySQL and MariaDB. */
    public static final TypeEngine<byte[]> LARGE_BINARY = new SqlType<>(TypeKind.BINARY, "BLOB", null, null, null);

    /**
     * Bytes up to {@code length}, SQLAlchemy's {@code LargeBinary(length)}: {@code BLOB(length)} on
     * MySQL and MariaDB, where the server picks the smallest BLOB type holding that many bytes
     * ({@code BLOB(1000)} is a 64 KiB BLOB, where {@link #LARGE_BINARY} is a {@code LONGBLOB}); as
     * {@link #LARGE_BINARY} elsewhere, which keeps no length.
     *
     * <pre>{@code
     * Column.of("thumbnail", Types.largeBinary(65_535));   // BLOB(65535) on MySQL, BYTEA on PostgreSQL
     * }</pre>
     */
    public static TypeEngine<byte[]> largeBinary(int length) {
        if (length < 0) {
            throw new dev.retort.exc.ArgumentException("Binary length must not be negative, got " + length);
        }
        return new SqlType<>(TypeKind.BINARY, "BLOB", length, null, null);
    }
    public static final TypeEngine<UUID> UUID = new SqlType<>(TypeKind.UUID, "UUID", null, null, null);
    /**
     * A JSON document. Values are plain JSON values: {@code Map<String, ?>}, {@code List<?>},
     * {@code String}, {@code Number}, {@code Boolean}; read back as {@code LinkedHashMap},
     * {@code ArrayList}, {@code String}, {@code Integer}/{@code Long}/{@code BigInteger},
     * {@code Double}, {@code Boolean}. A Java {@code null} is SQL NULL (a JSON {@code null} in the
     * database reads as {@code null} too); a {@code String} is a JSON string, not JSON text.
     * Other classes map through a {@link TypeDecorator} over this type.
     *
     * <pre>{@code
     * conn.execute(insert(docs).values(Map.of("id", 1, "doc", Map.of("tags", List.of("a", "b"), "n", 5))));
     * Map<?, ?> doc = (Map<?, ?>) conn.execute(select(docs.c("doc"))).scalar();
     * }</pre>
     */
    public static final TypeEngine<Object> JSON = new SqlType<>(TypeKind.JSON, "JSON", null, null, null);
    /** PostgreSQL's binary JSON ({@code JSONB}); plain JSON on the other databases. Values as for {@link #JSON}. */
    public static final TypeEngine<Object> JSONB = new SqlType<>(TypeKind.JSONB, "JSONB", null, null, null);
    /**
     * A length of time as a {@link java.time.Duration}: PostgreSQL's {@code INTERVAL} (a month in
     * an interval read back counts as 30 days), microseconds in a {@code BIGINT} on MySQL,
     * MariaDB and SQLite.
     */
    public static final TypeEngine<java.time.Duration> INTERVAL = new SqlType<>(TypeKind.INTERVAL, "INTERVAL", null, null, null);
    /** The type of a value whose type is unknown (a bare {@code null}). */
    public static final TypeEngine<Object> NULLTYPE = new SqlType<>(TypeKind.NULL, "NULL", null, null, null);

    /** {@code VARCHAR(length)}. */
    public static TypeEngine<String> string(int length) {
        if (length <= 0) {
            throw new dev.retort.exc.ArgumentException("String length must be positive, got " + length);
        }
        return new SqlType<>(TypeKind.STRING, "VARCHAR", length, null, null);
    }

    /**
     * {@code NUMERIC(precision, scale)}; values are {@link BigDecimal} with that scale. SQLite has
     * no exact decimal storage: it binds a decimal as its exact text, which NUMERIC affinity turns
     * into a REAL of 15 significant digits, so a longer value (that is not a 64-bit integer) is
     * refused before sending, except where SQLite provably keeps the text (a bare column of the
     * outermost SELECT; stored into, or compared with, a table's TEXT column).
     */
    public static TypeEngine<BigDecimal> numeric(int precision, int scale) {
        if (precision <= 0 || scale < 0 || scale > precision) {
            throw new dev.retort.exc.ArgumentException("Invalid NUMERIC(" + precision + ", " + scale + ")");
        }
        return new SqlType<>(TypeKind.NUMERIC, "NUMERIC", null, precision, scale);
    }

    /**
     * {@code FLOAT(precision)}, SQLAlchemy's {@code Float(precision)}: the binary digits kept, 1 to 53
     * ({@code FLOAT(p)} on PostgreSQL, MySQL and MariaDB, where up to 24 is single precision; plain
     * {@code FLOAT} on SQLite). Values {@code Double}.
     *
     * <pre>{@code
     * Column.of("ratio", Types.floatType(24));   // FLOAT(24)
     * }</pre>
     */
    public static TypeEngine<Double> floatType(int precision) {
        if (precision < 1 || precision > 53) {
            throw new dev.retort.exc.ArgumentException("FLOAT precision must be 1 to 53 binary digits, got " + precision);
        }
        return new SqlType<>(TypeKind.FLOAT, "FLOAT", null, precision, null);
    }

    /**
     * {@code TIME(precision)}, the fractional digits of seconds kept (0 to 6): {@code TIME(3)
     * WITHOUT TIME ZONE} on PostgreSQL, {@code TIME(3)} on MySQL and MariaDB, {@code TIME} on SQLite.
     */
    public static TypeEngine<LocalTime> time(int precision) {
        return new SqlType<>(TypeKind.TIME, "TIME", null, fractionalDigits("TIME", precision), null);
    }

    /**
     * {@link #TIMETZ} keeping {@code precision} fractional digits of seconds (0 to 6), SQLAlchemy's
     * {@code postgresql.TIME(timezone=True, precision=3)}: {@code TIME(3) WITH TIME ZONE} on
     * PostgreSQL, {@code TIME(3)} (UTC) on MySQL and MariaDB, {@code TIME} on SQLite.
     *
     * <pre>{@code
     * Column.of("opens", Types.timetz(3));   // TIME(3) WITH TIME ZONE
     * }</pre>
     */
    public static TypeEngine<java.time.OffsetTime> timetz(int precision) {
        return new SqlType<>(TypeKind.TIMETZ, "TIMETZ", null, fractionalDigits("TIMETZ", precision), null);
    }

    /**
     * {@link #DATETIME} keeping {@code precision} fractional digits of seconds (0 to 6): {@code
     * TIMESTAMP(3) WITHOUT TIME ZONE} on PostgreSQL, {@code DATETIME(3)} on MySQL and MariaDB,
     * {@code DATETIME} on SQLite.
     */
    public static TypeEngine<LocalDateTime> datetime(int precision) {
        return new SqlType<>(TypeKind.DATETIME, "DATETIME", null, fractionalDigits("DATETIME", precision), null);
    }

    /**
     * {@link #TIMESTAMP} (with time zone) keeping {@code precision} fractional digits of seconds (0
     * to 6), SQLAlchemy's {@code postgresql.TIMESTAMP(timezone=True, precision=3)}: {@code
     * TIMESTAMP(3) WITH TIME ZONE} on PostgreSQL, {@code DATETIME(3)} (UTC) on MySQL and MariaDB,
     * {@code TIMESTAMP} on SQLite. An {@code OffsetDateTime} read back keeps its milliseconds.
     *
     * <pre>{@code
     * Column.of("seen", Types.timestamp(3));   // TIMESTAMP(3) WITH TIME ZONE
     * }</pre>
     */
    public static TypeEngine<OffsetDateTime> timestamp(int precision) {
        return new SqlType<>(TypeKind.TIMESTAMP, "TIMESTAMP", null, fractionalDigits("TIMESTAMP", precision), null);
    }

    /**
     * The type of {@code kind} with a precision: {@link #floatType}, {@link #time}, {@link
     * #datetime} or {@link #timestamp}; other kinds take none (ArgumentException).
     *
     * <pre>{@code
     * Types.withPrecision(TypeKind.TIMESTAMP, 3);   // Types.timestamp(3)
     * }</pre>
     */
    public static TypeEngine<?> withPrecision(TypeKind kind, int precision) {
        switch (kind) {
            case FLOAT: return floatType(precision);
            case TIME: return time(precision);
            case TIMETZ: return timetz(precision);
            case DATETIME: return datetime(precision);
            case TIMESTAMP: return timestamp(precision);
            default: throw new dev.retort.exc.ArgumentException("A " + kind + " type takes no precision");
        }
    }

    private static int fractionalDigits(String type, int precision) {
        if (precision < 0 || precision > 6) {
            throw new dev.retort.exc.ArgumentException("Fractional seconds precision of " + type + " must be 0 to 6, got " + precision);
        }
        return precision;
    }

    /**
     * PostgreSQL's {@code BIT(length)}: exactly {@code length} bits (1 and up). Values are the
     * bits as a String of {@code '0'} and {@code '1'}, most significant first ({@code "10110"}),
     * as PostgreSQL writes them: unlike a {@code java.util.BitSet} it keeps leading zeros and the
     * length. Other databases have no such type (give a variant).
     *
     * <pre>{@code
     * Column.of("flags", Types.bit(8));                           // BIT(8)
     * conn.execute(insert(t).values(Map.of("flags", "10100001")));
     * }</pre>
     */
    public static NamedType<String> bit(int length) {
        if (length < 1) {
            throw new dev.retort.exc.ArgumentException("BIT length must be at least 1, got " + length);
        }
        return named("postgresql", "BIT(" + length + ")");
    }

    /** PostgreSQL's {@code BIT VARYING(maxLength)}, or {@code BIT VARYING} for a null {@code maxLength}; values as for {@link #bit}. */
    public static NamedType<String> bitVarying(Integer maxLength) {
        if (maxLength != null && maxLength < 1) {
            throw new dev.retort.exc.ArgumentException("BIT VARYING length must be at least 1, got " + maxLength);
        }
        return named("postgresql", maxLength == null ? "BIT VARYING" : "BIT VARYING(" + maxLength + ")");
    }

    /** A PostgreSQL array of {@code elementType}: {@code Types.array(Types.INTEGER)} is {@code INTEGER[]}, values {@code List<Integer>}. */
    public static <E> ArrayType<E> array(TypeEngine<E> elementType) {
        return new ArrayType<>(elementType);
    }

    /**
     * An enumerated type of a Java enum's constants, named (on PostgreSQL) after the class in
     * lower case, as SQLAlchemy names it: {@code Types.enumOf(Color.class)} is type {@code color}.
     */
    public static <E extends Enum<E>> EnumType<E> enumOf(Class<E> type) {
        return EnumType.of(type, type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
    }

    /** An enumerated type of a Java enum's constants with the database type name {@code name}. */
    public static <E extends Enum<E>> EnumType<E> enumOf(Class<E> type, String name) {
        return EnumType.of(type, name);
    }

    /** An enumerated type of labels, whose values are Strings; {@code name} may be null where no database type is created (MySQL, SQLite). */
    public static EnumType<String> enumOf(String name, String... labels) {
        return EnumType.ofLabels(name, java.util.List.of(labels));
    }

    /**
     * A BOOLEAN with a CHECK admitting 0 and 1 only where the database has no native boolean,
     * the CHECK named {@code checkName} (null: unnamed). SQLAlchemy's {@code Boolean(create_constraint=True)}.
     *
     * <pre>{@code
     * Column.of("active", Types.checkedBoolean("ck_users_active"));
     * }</pre>
     */
    public static CheckedBoolean checkedBoolean(String checkName) {
        return new CheckedBoolean(checkName);
    }

    /** A PostgreSQL domain over {@code baseType}, its options set on the {@link DomainType}: {@code Types.domain("year", Types.INTEGER).check("VALUE > 1900")}. */
    public static <T> DomainType<T> domain(String name, TypeEngine<T> baseType) {
        return new DomainType<>(name, baseType, null);
    }

    /** A PostgreSQL domain over {@code baseType}; {@code constraints} is SQL such as {@code "CHECK (VALUE > 0)"}, or null. */
    public static <T> DomainType<T> domain(String name, TypeEngine<T> baseType, String constraints) {
        return new DomainType<>(name, baseType, constraints);
    }

    /** A type of one database family Retort does not model, by its DDL name; values as text. */
    public static NamedType<String> named(String dialectName, String ddlName) {
        return new NamedType<>(dialectName, ddlName, TypeKind.OTHER);
    }

    /** A type of one database family by its DDL name whose values bind as {@code kind} ({@code YEAR} as SMALLINT, say). */
    public static NamedType<?> named(String dialectName, String ddlName, TypeKind kind) {
        return new NamedType<>(dialectName, ddlName, kind);
    }

    /**
     * A type of one database family by its DDL name whose values are those of {@code like}: what
     * a dialect variant of {@code like} is when only its spelling differs, as reflection finds
     * it. {@code Types.BIGINT.withVariant(Types.named("mysql", "int(10) unsigned", Types.BIGINT), "mysql")}.
     */
    public static <T> NamedType<T> named(String dialectName, String ddlName, TypeEngine<T> like) {
        if (like == null) {
            throw new dev.retort.exc.ArgumentException("A named type needs a dialect, a name and a kind");
        }
        return new NamedType<>(dialectName, ddlName, like.kind());
    }

    /** {@code CHAR}, fixed-length text; {@code Types.CHAR.length(3)} is {@code CHAR(3)}. */
    @SuppressWarnings("unchecked")
    public static final SpelledType<String> CHAR = (SpelledType<String>) SpelledType.of("CHAR");
    /** {@code NCHAR} ({@code NATIONAL CHAR} on MySQL and MariaDB). */
    @SuppressWarnings("unchecked")
    public static final SpelledType<String> NCHAR = (SpelledType<String>) SpelledType.of("NCHAR");
    /** {@code NVARCHAR} ({@code NATIONAL VARCHAR} on MySQL and MariaDB, where it needs a length). */
    @SuppressWarnings("unchecked")
    public static final SpelledType<String> NVARCHAR = (SpelledType<String>) SpelledType.of("NVARCHAR");
    /**
     * {@code CLOB}, written so on every database as SQLAlchemy writes it (a MySQL {@code CAST} to it is
     * {@code CAST(x AS CHAR)}); values {@code String}. SQLite takes it (text affinity); PostgreSQL,
     * MySQL and MariaDB have no such type and refuse the DDL: use {@link #TEXT} there.
     */
    @SuppressWarnings("unchecked")
    public static final SpelledType<String> CLOB = (SpelledType<String>) SpelledType.of("CLOB");
    /** {@code BINARY}, fixed-length bytes; values {@code byte[]}. */
    @SuppressWarnings("unchecked")
    public static final SpelledType<byte[]> BINARY = (SpelledType<byte[]>) SpelledType.of("BINARY");
    /** {@code VARBINARY}; values {@code byte[]}. */
    @SuppressWarnings("unchecked")
    public static final SpelledType<byte[]> VARBINARY = (SpelledType<byte[]>) SpelledType.of("VARBINARY");
    /** {@code DECIMAL}, spelled so in DDL; values {@link BigDecimal}. {@code Types.DECIMAL.precision(10, 2)}. */
    @SuppressWarnings("unchecked")
    public static final SpelledType<BigDecimal> DECIMAL = (SpelledType<BigDecimal>) SpelledType.of("DECIMAL");

    /** {@code REAL}, spelled so in DDL on every database; values {@code Double}. */
    @SuppressWarnings("unchecked")
    public static final SpelledType<Double> REAL = (SpelledType<Double>) SpelledType.of("REAL");
    /** {@code DOUBLE PRECISION}, spelled so in DDL on every database; values {@code Double}. */
    @SuppressWarnings("unchecked")
    public static final SpelledType<Double> DOUBLE_PRECISION = (SpelledType<Double>) SpelledType.of("DOUBLE PRECISION");

    /** {@code NUMERIC(precision)}, the database's default scale (0 on most). */
    @SuppressWarnings("unchecked")
    public static SpelledType<BigDecimal> numeric(int precision) {
        return ((SpelledType<BigDecimal>) SpelledType.of("NUMERIC")).precision(precision);
    }

    /** {@code TEXT(length)}. */
    @SuppressWarnings("unchecked")
    public static SpelledType<String> text(int length) {
        return ((SpelledType<String>) SpelledType.of("TEXT")).length(length);
    }

    /**
     * A string type with a collation: {@code Types.collated(Types.string(50), "fr_FR")} is {@code
     * VARCHAR(50) COLLATE "fr_FR"} in DDL, and a {@code CAST} to it is followed by the {@code COLLATE}.
     */
    @SuppressWarnings("unchecked")
    public static SpelledType<String> collated(TypeEngine<String> type, String collation) {
        if (type instanceof SpelledType<String> s) {
            return s.collate(collation);
        }
        if (type instanceof SqlType<String> s && s.kind().isString() && s.variants().isEmpty()) {
            SpelledType<String> bare = (SpelledType<String>) SpelledType.of(s.kind() == TypeKind.TEXT ? "TEXT" : "VARCHAR");
            return (s.length() == null ? bare : bare.length(s.length())).collate(collation);
        }
        throw new dev.retort.exc.ArgumentException("Only a plain string type takes a collation, not " + type);
    }

    /** {@code NUMERIC} without precision. */
    public static final TypeEngine<BigDecimal> NUMERIC = new SqlType<>(TypeKind.NUMERIC, "NUMERIC", null, null, null);

    /**
     * PostgreSQL's range types; values are {@link Range}s of the bound type ({@code Integer},
     * {@code Long}, {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime},
     * {@code OffsetDateTime}). See {@link RangeType}.
     *
     * <pre>{@code
     * Column.of("seats", Types.INT4RANGE);
     * select(t).where(t.c("seats").contains(5), t.c("seats").strictlyLeftOf(Range.of(100, 200)));
     * }</pre>
     */
    public static final TypeEngine<Range<Integer>> INT4RANGE = RangeType.define("INT4RANGE", "INT4MULTIRANGE", INTEGER);
    public static final TypeEngine<Range<Long>> INT8RANGE = RangeType.define("INT8RANGE", "INT8MULTIRANGE", BIGINT);
    public static final TypeEngine<Range<BigDecimal>> NUMRANGE = RangeType.define("NUMRANGE", "NUMMULTIRANGE", NUMERIC);
    public static final TypeEngine<Range<LocalDate>> DATERANGE = RangeType.define("DATERANGE", "DATEMULTIRANGE", DATE);
    public static final TypeEngine<Range<LocalDateTime>> TSRANGE = RangeType.define("TSRANGE", "TSMULTIRANGE", DATETIME);
    public static final TypeEngine<Range<OffsetDateTime>> TSTZRANGE = RangeType.define("TSTZRANGE", "TSTZMULTIRANGE", TIMESTAMP);
    /** PostgreSQL 14's multirange types; values are {@code List}s of {@link Range}s. */
    public static final TypeEngine<java.util.List<Range<Integer>>> INT4MULTIRANGE = multirange("INT4MULTIRANGE");
    public static final TypeEngine<java.util.List<Range<Long>>> INT8MULTIRANGE = multirange("INT8MULTIRANGE");
    public static final TypeEngine<java.util.List<Range<BigDecimal>>> NUMMULTIRANGE = multirange("NUMMULTIRANGE");
    public static final TypeEngine<java.util.List<Range<LocalDate>>> DATEMULTIRANGE = multirange("DATEMULTIRANGE");
    public static final TypeEngine<java.util.List<Range<LocalDateTime>>> TSMULTIRANGE = multirange("TSMULTIRANGE");
    public static final TypeEngine<java.util.List<Range<OffsetDateTime>>> TSTZMULTIRANGE = multirange("TSTZMULTIRANGE");

    /**
     * PostgreSQL's {@code HSTORE}: text keys to text values, as a {@code Map<String, String>}. See
     * {@link HstoreType}.
     *
     * <pre>{@code
     * select(t).where(t.c("attrs").item("color").eq("red"), t.c("attrs").contains(Map.of("size", "L")));
     * }</pre>
     */
    public static final TypeEngine<java.util.Map<String, String>> HSTORE = HstoreType.INSTANCE;

    /**
     * PostgreSQL's network address, text search and case-insensitive text types, values as the
     * database's text for them ({@link NamedType}s: {@code CompileException} on other databases).
     *
     * <pre>{@code
     * select(hosts.c("id")).where(hosts.c("addr").eq("10.0.0.1"));                       // hosts.addr = ?
     * func("to_tsvector", cast(literal("english"), Types.REGCONFIG), docs.c("body"));    // CAST(? AS REGCONFIG)
     * }</pre>
     */
    public static final TypeEngine<String> INET = named("postgresql", "INET");
    public static final TypeEngine<String> CIDR = named("postgresql", "CIDR");
    public static final TypeEngine<String> MACADDR = named("postgresql", "MACADDR");
    public static final TypeEngine<String> MACADDR8 = named("postgresql", "MACADDR8");
    public static final TypeEngine<String> REGCONFIG = named("postgresql", "REGCONFIG");
    public static final TypeEngine<String> TSVECTOR = named("postgresql", "TSVECTOR");
    public static final TypeEngine<String> TSQUERY = named("postgresql", "TSQUERY");
    public static final TypeEngine<String> CITEXT = named("postgresql", "CITEXT");

    /**
     * PostgreSQL's SQL/JSON path ({@code JSONPATH}, SQLAlchemy's {@code postgresql.JSONPATH} and the
     * {@code JSONPathType} of a path parameter), a path given as its text; a {@link NamedType}, so
     * {@code CompileException} on other databases.
     *
     * <pre>{@code
     * select(docs.c("id")).where(func("jsonb_path_exists", docs.c("body"), cast(literal("$.tags[*] ? (@ == \"urgent\")"), Types.JSONPATH)));
     * // ... WHERE jsonb_path_exists(docs.body, CAST(? AS JSONPATH))
     * }</pre>
     */
    public static final TypeEngine<String> JSONPATH = named("postgresql", "JSONPATH");

    @SuppressWarnings("unchecked")
    private static <E> TypeEngine<java.util.List<Range<E>>> multirange(String name) {
        return (TypeEngine<java.util.List<Range<E>>>) RangeType.named(name);
    }

    /** The type Retort gives a plain Java value used as an operand. */
    @SuppressWarnings("unchecked")
    public static <T> TypeEngine<T> forValue(Object value) {
        return (TypeEngine<T>) forKind(TypeKind.of(value));
    }

    /** The unparameterised type of a kind. */
    public static TypeEngine<?> forKind(TypeKind kind) {
        switch (kind) {
            case INTEGER: return INTEGER;
            case BIGINT: return BIGINT;
            case SMALLINT: return SMALLINT;
            case BOOLEAN: return BOOLEAN;
            case FLOAT: return FLOAT;
            case DOUBLE: return DOUBLE;
            case NUMERIC: return NUMERIC;
            case STRING: return STRING;
            case TEXT: return TEXT;
            case DATE: return DATE;
            case TIME: return TIME;
            case TIMETZ: return TIMETZ;
            case DATETIME: return DATETIME;
            case TIMESTAMP: return TIMESTAMP;
            case BINARY: return LARGE_BINARY;
            case UUID: return UUID;
            case JSON: return JSON;
            case JSONB: return JSONB;
            case INTERVAL: return INTERVAL;
            default: return NULLTYPE;
        }
    }
}
