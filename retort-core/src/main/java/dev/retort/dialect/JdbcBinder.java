package dev.retort.dialect;

import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeKind;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * How values of each {@link TypeKind} travel through one database's JDBC driver. The standard
 * mapping suits drivers with full {@code java.time} support; dialects override the kinds their
 * database stores differently.
 */
public class JdbcBinder {
    /**
     * Reads one column of the current row. A result resolves one per column once per compiled
     * statement rather than going through {@link #read} and the type's conversions per value.
     */
    @FunctionalInterface
    public interface Reader {
        Object read(ResultSet rs, int i) throws SQLException;
    }

    /**
     * The readers of the kinds whose {@link #read} is the standard one and whose value needs no
     * further conversion by a plain {@link dev.retort.types.SqlType} (but a NUMERIC's scale, which
     * {@link dev.retort.types.SqlType#reading} sets): each returns exactly what {@code read}
     * followed by {@link TypeKind#coerce} returns, range refusals included. A number
     * read as other than 0 (false) is not NULL, which a driver reads as 0: only a 0 asks
     * {@code wasNull()}, which SQLite's driver answers with a native call per value.
     */
    private static final java.util.Map<TypeKind, Reader> PLAIN = new java.util.EnumMap<>(java.util.Map.of(
            TypeKind.INTEGER, (rs, i) -> {
                long x = rs.getLong(i);
                return x == 0 && rs.wasNull() ? null : x == (int) x ? (Object) (int) x : TypeKind.INTEGER.coerce(x);
            },
            TypeKind.SMALLINT, (rs, i) -> {
                long x = rs.getLong(i);
                return x == 0 && rs.wasNull() ? null : x == (short) x ? (Object) (short) x : TypeKind.SMALLINT.coerce(x);
            },
            TypeKind.BIGINT, (rs, i) -> {
                long x = rs.getLong(i);
                return x == 0 && rs.wasNull() ? null : (Object) x;
            },
            TypeKind.BOOLEAN, (rs, i) -> {
                boolean x = rs.getBoolean(i);
                return !x && rs.wasNull() ? null : (Object) x;
            },
            TypeKind.FLOAT, JdbcBinder::readDouble,
            TypeKind.DOUBLE, JdbcBinder::readDouble,
            TypeKind.NUMERIC, ResultSet::getBigDecimal,
            TypeKind.STRING, ResultSet::getString,
            TypeKind.TEXT, ResultSet::getString));

    /**
     * Whether {@link #plainReader} may serve: a subclass that overrides {@link #read} without
     * overriding {@code plainReader} too may read any kind its own way.
     */
    private final boolean plainReadersAgree;

    public JdbcBinder() {
        try {
            Class<?> readOwner = getClass().getMethod("read", ResultSet.class, int.class, TypeKind.class).getDeclaringClass();
            Class<?> plainOwner = getClass().getMethod("plainReader", TypeKind.class).getDeclaringClass();
            plainReadersAgree = readOwner.isAssignableFrom(plainOwner);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
    /** Binds {@code value} (already of the kind's Java type, or null) as parameter {@code i}. */
    public void bind(PreparedStatement ps, int i, TypeKind kind, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(i, sqlType(kind));
            return;
        }
        Object v = kind == TypeKind.NULL || kind == TypeKind.ARRAY ? value : kind.coerce(value);
        switch (kind) {
            case INTEGER: ps.setInt(i, (Integer) v); break;
            case BIGINT: ps.setLong(i, (Long) v); break;
            case SMALLINT: ps.setShort(i, (Short) v); break;
            case BOOLEAN: ps.setBoolean(i, (Boolean) v); break;
            case FLOAT:
            case DOUBLE: ps.setDouble(i, (Double) v); break;
            case NUMERIC: ps.setBigDecimal(i, (BigDecimal) v); break;
            case STRING:
            case TEXT: ps.setString(i, (String) v); break;
            case BINARY: ps.setBytes(i, (byte[]) v); break;
            case UUID: bindUuid(ps, i, (UUID) v); break;
            case JSON:
            case JSONB: bindJson(ps, i, (String) v); break;
            case ENUM:
            case OTHER: bindText(ps, i, (String) v); break;
            case INTERVAL: bindInterval(ps, i, (Duration) v); break;
            case ARRAY: bindArray(ps, i, v); break;
            case DATE:
            case TIME:
            case TIMETZ:
            case DATETIME:
            case TIMESTAMP: bindTemporal(ps, i, kind, v); break;
            default: ps.setObject(i, v);
        }
    }

    /**
     * Reads column {@code i} as the kind's Java type, or null for SQL NULL. An INTEGER or SMALLINT value
     * too wide for its Java type (SQLite keeps 64 bits in any integer column; an expression such as a shift
     * can exceed the declared width anywhere) is read whole, so that its type refuses it (naming the column) rather than the driver cutting it.
     */
    public Object read(ResultSet rs, int i, TypeKind kind) throws SQLException {
        Object v;
        switch (kind) {
            // NULL reads as 0 (false): only a 0 asks wasNull() (see PLAIN).
            case INTEGER: { long x = rs.getLong(i); v = x == 0 && rs.wasNull() ? null : x == (int) x ? (Object) (int) x : (Object) x; break; }
            case BIGINT: { long x = rs.getLong(i); v = x == 0 && rs.wasNull() ? null : x; break; }
            case SMALLINT: { long x = rs.getLong(i); v = x == 0 && rs.wasNull() ? null : x == (short) x ? (Object) (short) x : (Object) x; break; }
            case BOOLEAN: { boolean x = rs.getBoolean(i); v = !x && rs.wasNull() ? null : x; break; }
            case FLOAT:
            case DOUBLE: v = readDouble(rs, i); break;
            case NUMERIC: v = rs.getBigDecimal(i); break;
            case STRING:
            case TEXT:
            case JSON:
            case JSONB:
            case ENUM:
            case OTHER: v = rs.getString(i); break;
            case INTERVAL: v = readInterval(rs, i); break;
            case ARRAY: v = readArray(rs, i); break;
            case BINARY: v = rs.getBytes(i); break;
            case UUID: v = readUuid(rs, i); break;
            case DATE:
            case TIME:
            case TIMETZ:
            case DATETIME:
            case TIMESTAMP: v = readTemporal(rs, i, kind); break;
            default: v = rs.getObject(i);
        }
        return v;
    }

    /**
     * A reader returning for {@code kind} exactly what {@link #read} and a plain
     * {@link dev.retort.types.SqlType} of that kind return, with no conversion left to do, or null
     * where this binder reads the kind its own way or the kind needs converting (then {@code read}
     * and the type serve). A subclass overriding {@code read} overrides this too, or gets null:
     * <pre>{@code
     * class YesNoBinder extends JdbcBinder {
     *     public Object read(ResultSet rs, int i, TypeKind kind) throws SQLException {
     *         return kind == TypeKind.BOOLEAN ? "Y".equals(rs.getString(i)) : super.read(rs, i, kind);
     *     }
     *     public Reader plainReader(TypeKind kind) {   // BOOLEAN is read above, the rest as before
     *         return kind == TypeKind.BOOLEAN ? null : super.plainReader(kind);
     *     }
     * }
     * }</pre>
     */
    public Reader plainReader(TypeKind kind) {
        return plainReadersAgree ? PLAIN.get(kind) : null;
    }

    /**
     * The plain reader of {@code kind} for a connection whose database keeps its text as UTF-8
     * (SQLite's {@code PRAGMA encoding}); {@link #plainReader} otherwise. A binder whose driver hands
     * such text over faster as bytes serves its own here, returning the same values:
     * <pre>{@code
     * Reader r = binder.utf8PlainReader(TypeKind.TEXT);   // SQLite: getBytes decoded as UTF-8
     * }</pre>
     */
    public Reader utf8PlainReader(TypeKind kind) {
        return plainReader(kind);
    }

    /**
     * Whether a result column declared of a whole-number kind is read by its result set's column
     * type where that is a decimal or floating type ({@link #inexactWholeReader}); a binder whose
     * {@code plainReader} reads such values whole itself (SQLite's) says no, and no metadata is asked.
     */
    public boolean readsWholeByColumnType() {
        return true;
    }

    /**
     * How a result column declared of the whole-number {@code kind} is to be read, asked of its
     * result set's {@code md} when {@link #readsWholeByColumnType} says so: {@link #WHOLE_AS_DECLARED}
     * where the plain reader of the kind serves, otherwise a code that {@link #wholeReader} takes
     * (the same code for the same reader, so that the readers of a shape can be kept): a decimal
     * or floating column ({@link #inexactWholeReader}), or an unsigned BIGINT (MariaDB's
     * {@code BIGINT UNSIGNED}), whose values above 2^63 - 1 {@code getLong()} cannot read.
     * <pre>{@code
     * int shape = binder.wholeShape(TypeKind.BIGINT, rs.getMetaData(), 1);   // BIGINT UNSIGNED: WHOLE_UNSIGNED
     * Object v = binder.wholeReader(TypeKind.BIGINT, shape).read(rs, 1);     // 18446744073709551615 as a BigInteger
     * }</pre>
     */
    public int wholeShape(TypeKind kind, java.sql.ResultSetMetaData md, int column) throws SQLException {
        int type = md.getColumnType(column);
        switch (type) {
            case java.sql.Types.NUMERIC:
            case java.sql.Types.DECIMAL:
                return WHOLE_DECIMAL;
            case java.sql.Types.DOUBLE:
            case java.sql.Types.FLOAT:
            case java.sql.Types.REAL:
                return WHOLE_DOUBLE;
            case java.sql.Types.BIGINT:
                return md.isSigned(column) ? WHOLE_AS_DECLARED : WHOLE_UNSIGNED;
            default:
                return WHOLE_AS_DECLARED;
        }
    }

    /** {@link #wholeShape}: the kind's plain reader serves. */
    public static final int WHOLE_AS_DECLARED = 0;
    /** {@link #wholeShape}: a decimal column. */
    public static final int WHOLE_DECIMAL = 1;
    /** {@link #wholeShape}: a floating column. */
    public static final int WHOLE_DOUBLE = 2;
    /** {@link #wholeShape}: an unsigned BIGINT column. */
    public static final int WHOLE_UNSIGNED = 3;

    /**
     * The reader of a column of the whole-number {@code kind} of the {@code shape} {@link #wholeShape}
     * gave, or null for {@link #WHOLE_AS_DECLARED}. An unsigned BIGINT's value is read as the kind
     * reads it where it fits, as a BigInteger above 2^63 - 1 under BIGINT (SQLAlchemy's int; a Long
     * cannot hold it), refused under a narrower kind as any wider integer is.
     * <pre>{@code
     * Reader r = binder.wholeReader(TypeKind.INTEGER, JdbcBinder.WHOLE_DECIMAL);   // 1.25 read as BigDecimal 1.25, 7.00 as 7
     * }</pre>
     */
    public Reader wholeReader(TypeKind kind, int shape) {
        switch (shape) {
            case WHOLE_DECIMAL: return inexactWholeReader(kind, java.sql.Types.DECIMAL);
            case WHOLE_DOUBLE: return inexactWholeReader(kind, java.sql.Types.DOUBLE);
            case WHOLE_UNSIGNED:
                return (rs, i) -> {
                    BigDecimal d = rs.getBigDecimal(i);
                    if (d == null) {
                        return null;
                    }
                    java.math.BigInteger x = d.toBigIntegerExact();
                    return x.bitLength() < 64 || kind != TypeKind.BIGINT ? kind.coerce(x) : x;
                };
            default: return null;
        }
    }

    /**
     * The reader of a column declared of the whole-number {@code kind} whose result set reports it
     * as {@code columnType} ({@link java.sql.Types}), where that is a decimal or floating type, or
     * null where the plain reader of {@code kind} serves. A whole value is read as the kind reads it
     * (a MariaDB {@code sum()} is a DECIMAL: still a Long; a decimal too wide refused as before); a
     * fraction as the server gives it, a BigDecimal or a Double, never cut by {@code getLong()}: as
     * SQLAlchemy, whose Integer has no result processor, returns the driver's Decimal or float. A
     * double beyond the kind is a Double too (as SQLite's REAL, see SqliteJdbcBinder).
     * <pre>{@code
     * // SELECT coalesce(CAST(NULL AS INTEGER), 1.25): typed INTEGER, PostgreSQL's numeric
     * Reader r = binder.inexactWholeReader(TypeKind.INTEGER, java.sql.Types.NUMERIC);   // reads 1.25
     * }</pre>
     */
    public Reader inexactWholeReader(TypeKind kind, int columnType) {
        if (!kind.isInteger()) {
            return null;
        }
        switch (columnType) {
            case java.sql.Types.NUMERIC:
            case java.sql.Types.DECIMAL:
                return (rs, i) -> {
                    BigDecimal d = rs.getBigDecimal(i);
                    return d == null || !TypeKind.isWhole(d) ? d : kind.coerce(d);
                };
            case java.sql.Types.DOUBLE:
            case java.sql.Types.FLOAT:
            case java.sql.Types.REAL:
                return (rs, i) -> {
                    double x = rs.getDouble(i);
                    if (x == 0 && rs.wasNull()) {
                        return null;
                    }
                    return x == Math.rint(x) && fits(kind, x) ? kind.coerce(x) : (Object) x;
                };
            default:
                return null;
        }
    }

    /** Whether the whole number {@code x} is in the range of {@code kind}. */
    private static boolean fits(TypeKind kind, double x) {
        switch (kind) {
            case SMALLINT: return x >= Short.MIN_VALUE && x <= Short.MAX_VALUE;
            case INTEGER: return x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
            default: return x >= -0x1p63 && x < 0x1p63;
        }
    }

    private static Object readDouble(ResultSet rs, int i) throws SQLException {
        double x = rs.getDouble(i);
        return x == 0 && rs.wasNull() ? null : (Object) x;
    }

    protected int sqlType(TypeKind kind) {
        switch (kind) {
            case INTEGER: return java.sql.Types.INTEGER;
            case BIGINT: return java.sql.Types.BIGINT;
            case SMALLINT: return java.sql.Types.SMALLINT;
            case BOOLEAN: return java.sql.Types.BOOLEAN;
            case FLOAT:
            case DOUBLE: return java.sql.Types.DOUBLE;
            case NUMERIC: return java.sql.Types.NUMERIC;
            case STRING:
            case TEXT:
            case ENUM:
            case OTHER: return java.sql.Types.VARCHAR;
            case INTERVAL: return java.sql.Types.BIGINT;
            case BINARY: return java.sql.Types.VARBINARY;
            case DATE: return java.sql.Types.DATE;
            case TIME: return java.sql.Types.TIME;
            case TIMETZ: return java.sql.Types.TIME_WITH_TIMEZONE;
            case DATETIME: return java.sql.Types.TIMESTAMP;
            case TIMESTAMP: return java.sql.Types.TIMESTAMP_WITH_TIMEZONE;
            default: return java.sql.Types.NULL;
        }
    }

    protected void bindUuid(PreparedStatement ps, int i, UUID v) throws SQLException {
        ps.setString(i, v.toString().replace("-", ""));
    }

    protected Object readUuid(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        return s == null ? null : parseUuid(s);
    }

    /** Accepts both the dashed form and the 32-digit hex form stored by non-native databases. */
    protected static UUID parseUuid(String s) {
        if (s.length() == 32) {
            return new UUID(Long.parseUnsignedLong(s.substring(0, 16), 16), Long.parseUnsignedLong(s.substring(16), 16));
        }
        return UUID.fromString(s);
    }

    protected void bindJson(PreparedStatement ps, int i, String v) throws SQLException {
        ps.setString(i, v);
    }

    /** Values of enum and unmodelled types, as text. */
    protected void bindText(PreparedStatement ps, int i, String v) throws SQLException {
        ps.setString(i, v);
    }

    /** Where the database has no interval type: whole microseconds in a BIGINT. */
    protected void bindInterval(PreparedStatement ps, int i, Duration v) throws SQLException {
        ps.setLong(i, micros(v));
    }

    protected Object readInterval(ResultSet rs, int i) throws SQLException {
        long micros = rs.getLong(i);
        return rs.wasNull() ? null : Duration.of(micros, ChronoUnit.MICROS);
    }

    /** Whole microseconds of a duration, as the databases without an interval type store it. */
    static long micros(Duration d) {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
    }

    /** Only PostgreSQL has arrays. */
    protected void bindArray(PreparedStatement ps, int i, Object v) throws SQLException {
        throw new dev.retort.exc.ArgumentException("Array values are supported on PostgreSQL only, not by " + getClass().getSimpleName());
    }

    protected Object readArray(ResultSet rs, int i) throws SQLException {
        java.sql.Array a = rs.getArray(i);
        return a == null ? null : java.util.Arrays.asList((Object[]) a.getArray());
    }

    protected void bindTemporal(PreparedStatement ps, int i, TypeKind kind, Object v) throws SQLException {
        ps.setObject(i, v);
    }

    protected Object readTemporal(ResultSet rs, int i, TypeKind kind) throws SQLException {
        switch (kind) {
            case DATE: return rs.getObject(i, LocalDate.class);
            case TIME: return rs.getObject(i, LocalTime.class);
            case TIMETZ: return rs.getObject(i, java.time.OffsetTime.class);
            case DATETIME: return rs.getObject(i, LocalDateTime.class);
            default: return rs.getObject(i, OffsetDateTime.class);
        }
    }

    /** Hex digits of a byte array, for binary literals. */
    protected static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The UTC form of a time of day with an offset, for databases without TIME WITH TIME ZONE. */
    protected static LocalTime utc(java.time.OffsetTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
    }

    /**
     * Refuses a FLOAT or DOUBLE value that {@code database} cannot store: NaN, and an infinity unless
     * {@code infinities}. Refused here, before sending: MariaDB failed on the statement with a
     * syntax error, and SQLite stored NULL for NaN.
     */
    protected static void refuseNonFinite(TypeKind kind, Object value, boolean infinities, String database) {
        if ((kind == TypeKind.FLOAT || kind == TypeKind.DOUBLE) && value instanceof Number n
                && (Double.isNaN(n.doubleValue()) || !infinities && Double.isInfinite(n.doubleValue()))) {
            throw new ArgumentException(database + " cannot store " + n + " in a " + kind + " column");
        }
    }

    /**
     * {@code t}, refused when its year is outside 1 to 9999: what {@code database} stores as
     * {@code yyyy} text read a year 0 back as year 1 (of the era before) and failed on year 10000,
     * after sending. A timestamp is judged in UTC, as it is stored.
     */
    protected static <T extends java.time.temporal.Temporal> T inYearRange(T t, String database) {
        int year = t.get(java.time.temporal.ChronoField.YEAR);
        if (year < 1 || year > 9999) {
            throw new ArgumentException(database + " stores dates of the years 1 to 9999, not " + t + " (year " + year + (t instanceof LocalDateTime ? " in UTC)" : ")"));
        }
        return t;
    }

    /** The UTC form of a timestamp, for databases without a time zone type. */
    protected static LocalDateTime utc(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
}
