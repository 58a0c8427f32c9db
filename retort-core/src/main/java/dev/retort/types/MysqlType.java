package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A MySQL / MariaDB column type with the options only those databases have: display width,
 * {@code UNSIGNED} and {@code ZEROFILL} on numbers, {@code CHARACTER SET}, {@code COLLATE},
 * {@code NATIONAL}, {@code BINARY}, {@code ASCII} and {@code UNICODE} on strings, fractional
 * seconds precision on times, a {@code BIT} length, a {@code YEAR} display width. Obtain instances from {@link MysqlTypes} and
 * set options with the methods here; each returns a new type.
 *
 * <p>On MySQL and MariaDB the DDL is written as SQLAlchemy's MySQL dialect writes it. On other
 * databases a type with a standard name ({@code INTEGER}, {@code DECIMAL}, {@code VARCHAR},
 * {@code DATETIME}, ...) is that standard type, its MySQL options dropped (a collation and a
 * length kept), as SQLAlchemy does; a name only MySQL has ({@code TINYINT}, {@code MEDIUMTEXT},
 * {@code BIT}, ...) is a {@code CompileException} there: give the column a variant with
 * {@link #withVariant}.
 *
 * <pre>{@code
 * Column.of("qty", MysqlTypes.INTEGER.displayWidth(10).unsigned());          // INTEGER(10) UNSIGNED
 * Column.of("price", MysqlTypes.DECIMAL.precision(12, 4).unsigned());       // DECIMAL(12, 4) UNSIGNED
 * Column.of("code", MysqlTypes.CHAR.length(3).charset("ascii"));            // CHAR(3) CHARACTER SET ascii
 * Column.of("at", MysqlTypes.DATETIME.fsp(3));                              // DATETIME(3)
 * Column.of("flags", MysqlTypes.BIT.length(8));                             // BIT(8)
 * Column.of("built", MysqlTypes.YEAR);                                     // YEAR
 * }</pre>
 *
 * @param <T> the Java type of values: {@code Integer} for TINYINT to INTEGER and YEAR (a value of an
 *     UNSIGNED INTEGER above {@code Integer.MAX_VALUE} is refused when read: declare it
 *     {@code Types.BIGINT} or UNSIGNED BIGINT), {@code Long} for BIGINT and BIT (an UNSIGNED BIGINT above
 *     2^63 - 1 is a {@code BigInteger}, read and bound as such, as SQLAlchemy's int), {@code
 *     BigDecimal}, {@code Double}, {@code String}, {@code LocalDateTime} (DATETIME and TIMESTAMP,
 *     wall-clock time), {@code LocalTime}, {@code byte[]}
 */
public final class MysqlType<T> extends KindedType<T> {
    /** What options a type takes, by the family of its name. */
    enum Family { INTEGER, DECIMAL, STRING, TEMPORAL, BIT, BLOB, YEAR }

    /** A character set or collation name MySQL reads bare. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String name;
    private final Family family;
    /** Display width of an integer, length of a string or BIT, fractional seconds of a time. */
    private final Integer length;
    private final Integer precision;
    private final Integer scale;
    private final boolean unsigned;
    private final boolean zerofill;
    private final String charset;
    private final String collation;
    private final boolean national;
    private final boolean binary;
    private final boolean ascii;
    private final boolean unicode;

    private MysqlType(String name, Family family, TypeKind kind, Integer length, Integer precision, Integer scale, boolean unsigned,
            boolean zerofill, String charset, String collation, boolean national, boolean binary, boolean ascii, boolean unicode) {
        super(kind);
        this.name = name;
        this.family = family;
        this.length = length;
        this.precision = precision;
        this.scale = scale;
        this.unsigned = unsigned;
        this.zerofill = zerofill;
        this.charset = charset;
        this.collation = collation;
        this.national = national;
        this.binary = binary;
        this.ascii = ascii;
        this.unicode = unicode;
    }

    /** The bare type named {@code name}: TINYINT ... BIGINT, DECIMAL, NUMERIC, FLOAT, DOUBLE, REAL, CHAR ... LONGTEXT, DATETIME, TIMESTAMP, TIME, BIT, TINYBLOB ... LONGBLOB, YEAR. */
    public static MysqlType<?> of(String name) {
        Family family;
        TypeKind kind;
        switch (name == null ? "" : name) {
            case "TINYINT", "SMALLINT", "MEDIUMINT", "INTEGER" -> { family = Family.INTEGER; kind = TypeKind.INTEGER; }
            case "BIGINT" -> { family = Family.INTEGER; kind = TypeKind.BIGINT; }
            case "DECIMAL", "NUMERIC" -> { family = Family.DECIMAL; kind = TypeKind.NUMERIC; }
            case "FLOAT" -> { family = Family.DECIMAL; kind = TypeKind.FLOAT; }
            case "DOUBLE", "REAL" -> { family = Family.DECIMAL; kind = TypeKind.DOUBLE; }
            case "CHAR", "VARCHAR", "NCHAR", "NVARCHAR" -> { family = Family.STRING; kind = TypeKind.STRING; }
            case "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT" -> { family = Family.STRING; kind = TypeKind.TEXT; }
            case "DATETIME", "TIMESTAMP" -> { family = Family.TEMPORAL; kind = TypeKind.DATETIME; }
            case "TIME" -> { family = Family.TEMPORAL; kind = TypeKind.TIME; }
            case "BIT" -> { family = Family.BIT; kind = TypeKind.BIGINT; }
            case "TINYBLOB", "MEDIUMBLOB", "LONGBLOB" -> { family = Family.BLOB; kind = TypeKind.BINARY; }
            case "YEAR" -> { family = Family.YEAR; kind = TypeKind.INTEGER; }
            default -> throw new ArgumentException("MySQL has no type Retort models as '" + name + "'");
        }
        return new MysqlType<>(name, family, kind, null, null, null, false, false, null, null, false, false, false, false);
    }

    private MysqlType<T> with(Integer length, Integer precision, Integer scale, boolean unsigned, boolean zerofill, String charset,
            String collation, boolean national, boolean binary, boolean ascii, boolean unicode) {
        return new MysqlType<>(name, family, kind, length, precision, scale, unsigned, zerofill, charset, collation, national, binary, ascii, unicode);
    }

    private void require(boolean ok, String option) {
        if (!ok) {
            throw new ArgumentException("MySQL type " + name + " takes no " + option);
        }
    }

    /** An integer's or a YEAR's display width: {@code INTEGER(10)}, {@code YEAR(4)}. MySQL 8 ignores it except with ZEROFILL. */
    public MysqlType<T> displayWidth(int width) {
        require(family == Family.INTEGER || family == Family.YEAR, "display width");
        if (width <= 0 || width > 255) {
            throw new ArgumentException("Display width of " + name + " must be 1 to 255, got " + width);
        }
        return with(width, precision, scale, unsigned, zerofill, charset, collation, national, binary, ascii, unicode);
    }

    /** A string's length ({@code VARCHAR(50)}, {@code TEXT(1000)}) or a BIT's number of bits (1 to 64). */
    public MysqlType<T> length(int length) {
        boolean sized = family == Family.STRING && !name.endsWith("TEXT") || name.equals("TEXT") || family == Family.BIT;
        require(sized, "length");
        if (family == Family.BIT ? length < 1 || length > 64 : length < 0) {
            throw new ArgumentException("Invalid length " + length + " for " + name + (family == Family.BIT ? " (1 to 64 bits)" : ""));
        }
        return with(length, precision, scale, unsigned, zerofill, charset, collation, national, binary, ascii, unicode);
    }

    /** The number this type takes in parentheses after its name: {@link #displayWidth}, {@link #length} or {@link #fsp}. */
    public MysqlType<T> sized(int n) {
        return family == Family.INTEGER || family == Family.YEAR ? displayWidth(n) : family == Family.TEMPORAL ? fsp(n) : length(n);
    }

    /** {@code DECIMAL(p)}, {@code FLOAT(p)}: a precision alone (DOUBLE and REAL take a precision only with a scale). */
    public MysqlType<T> precision(int precision) {
        require(name.equals("DECIMAL") || name.equals("NUMERIC") || name.equals("FLOAT"), "precision without a scale");
        return withPrecision(precision, null);
    }

    /** {@code DECIMAL(p, s)}, {@code DOUBLE(p, s)}, ... */
    public MysqlType<T> precision(int precision, int scale) {
        require(family == Family.DECIMAL, "precision");
        return withPrecision(precision, scale);
    }

    /**
     * MySQL's bounds: DECIMAL and NUMERIC up to 65 digits, FLOAT(p) up to 53 bits, FLOAT, DOUBLE
     * and REAL(M, D) up to 255 digits; a scale up to 30 and not above the precision.
     */
    private MysqlType<T> withPrecision(int precision, Integer scale) {
        int most = kind == TypeKind.NUMERIC ? 65 : scale == null ? 53 : 255;
        if (precision <= 0 || precision > most || scale != null && (scale < 0 || scale > precision || scale > 30)) {
            throw new ArgumentException("Invalid MySQL " + name + "(" + precision + (scale == null ? "" : ", " + scale) + "): the precision must be 1 to "
                    + most + (scale == null ? "" : ", the scale 0 to 30 and at most the precision"));
        }
        return with(length, precision, scale, unsigned, zerofill, charset, collation, national, binary, ascii, unicode);
    }

    /** Fractional seconds precision of a DATETIME, TIMESTAMP or TIME, 0 to 6: {@code DATETIME(3)}. */
    public MysqlType<T> fsp(int fsp) {
        require(family == Family.TEMPORAL, "fractional seconds precision");
        if (fsp < 0 || fsp > 6) {
            throw new ArgumentException("Fractional seconds precision of " + name + " must be 0 to 6, got " + fsp);
        }
        return with(fsp, precision, scale, unsigned, zerofill, charset, collation, national, binary, ascii, unicode);
    }

    /** {@code UNSIGNED}: no negative values. */
    public MysqlType<T> unsigned() {
        require(family == Family.INTEGER || family == Family.DECIMAL, "UNSIGNED");
        return with(length, precision, scale, true, zerofill, charset, collation, national, binary, ascii, unicode);
    }

    /** {@code ZEROFILL}: shown padded with zeros to the display width (implies UNSIGNED to MySQL). */
    public MysqlType<T> zerofill() {
        require(family == Family.INTEGER || family == Family.DECIMAL, "ZEROFILL");
        return with(length, precision, scale, unsigned, true, charset, collation, national, binary, ascii, unicode);
    }

    /** {@code CHARACTER SET name}; NATIONAL, when set, wins over it, as in SQLAlchemy. */
    public MysqlType<T> charset(String charset) {
        return with(length, precision, scale, unsigned, zerofill, checkedName(charset, "character set"), collation, national, binary, ascii, unicode);
    }

    /** {@code COLLATE name}; wins over {@link #binary()}. */
    public MysqlType<T> collate(String collation) {
        return with(length, precision, scale, unsigned, zerofill, charset, checkedName(collation, "collation"), national, binary, ascii, unicode);
    }

    /** {@code NATIONAL CHAR} / {@code NATIONAL VARCHAR}: the server's national character set. */
    public MysqlType<T> national() {
        require(name.equals("CHAR") || name.equals("VARCHAR") || name.startsWith("N"), "NATIONAL");
        return with(length, precision, scale, unsigned, zerofill, charset, collation, true, binary, ascii, unicode);
    }

    /** {@code BINARY}: the binary collation of the character set (ignored when a collation is given). */
    public MysqlType<T> binary() {
        requireString("BINARY");
        return with(length, precision, scale, unsigned, zerofill, charset, collation, national, true, ascii, unicode);
    }

    /** {@code ASCII}: short for {@code CHARACTER SET latin1} (ignored when a character set is given). */
    public MysqlType<T> ascii() {
        requireString("ASCII");
        return with(length, precision, scale, unsigned, zerofill, charset, collation, national, binary, true, unicode);
    }

    /** {@code UNICODE}: short for {@code CHARACTER SET ucs2} (ignored when a character set or ASCII is given). */
    public MysqlType<T> unicode() {
        requireString("UNICODE");
        return with(length, precision, scale, unsigned, zerofill, charset, collation, national, binary, ascii, true);
    }

    private void requireString(String option) {
        require(family == Family.STRING, option);
    }

    private String checkedName(String value, String what) {
        requireString(what);
        if (value == null || !PLAIN_NAME.matcher(value).matches()) {
            // written into DDL as it is
            throw new ArgumentException("A MySQL " + what + " is a name of letters, digits and underscores, not '" + value + "'");
        }
        return value;
    }

    // ---- rendering --------------------------------------------------------------------------

    /** The type as MySQL's DDL writes it: {@code INTEGER(10) UNSIGNED}, {@code NATIONAL VARCHAR(20) COLLATE utf8_bin}. */
    public String mysqlDdl(String dialectName) {
        switch (family) {
            case INTEGER: return numericOptions(name + (length == null ? "" : "(" + length + ")"));
            case DECIMAL: return numericOptions(name + precisionDdl());
            case TEMPORAL: return name + (length == null || length == 0 ? "" : "(" + length + ")");   // fsp 0 is the default: SQLAlchemy leaves it out
            case BIT:
            case YEAR: return name + (length == null ? "" : "(" + length + ")");
            case BLOB: return name;
            default: return stringDdl(dialectName);
        }
    }

    /** {@code (p)}, {@code (p, s)} or empty; DOUBLE and REAL only with both. */
    private String precisionDdl() {
        if (precision == null || scale == null && (name.equals("DOUBLE") || name.equals("REAL"))) {
            return "";
        }
        return "(" + precision + (scale == null ? "" : ", " + scale) + ")";
    }

    private String numericOptions(String spec) {
        return spec + (unsigned ? " UNSIGNED" : "") + (zerofill ? " ZEROFILL" : "");
    }

    private String stringDdl(String dialectName) {
        boolean nationalName = name.equals("NCHAR") || name.equals("NVARCHAR");
        String base = nationalName ? name.substring(1) : name;
        if (length == null && base.equals("VARCHAR")) {
            throw new dev.retort.exc.CompileException(name + " requires a length on dialect " + dialectName);
        }
        String spec = base + (length == null ? "" : "(" + length + ")");
        if (national || nationalName) {
            // NATIONAL names the character set itself
            return join("NATIONAL", spec, collateDdl());
        }
        return join(spec, charsetDdl(), collateDdl());
    }

    private String charsetDdl() {
        return charset != null ? "CHARACTER SET " + charset : ascii ? "ASCII" : unicode ? "UNICODE" : null;
    }

    private String collateDdl() {
        return collation != null ? "COLLATE " + collation : binary ? "BINARY" : null;
    }

    /**
     * {@code spec} followed by this string type's character set and collation, for an ENUM or SET
     * that takes them as SQLAlchemy's {@code mysql.ENUM(..., charset=, collation=)} writes them:
     * {@code ENUM('a') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin}. A length or NATIONAL has no place there.
     */
    String withCharacterOptions(String spec) {
        requireString("character set");
        if (length != null || national || name.startsWith("N")) {
            throw new ArgumentException("An ENUM or SET takes the character set and collation of a bare CHAR or TEXT type, not " + mysqlDdl("mysql"));
        }
        return join(spec, charsetDdl(), collateDdl());
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(p);
            }
        }
        return sb.toString();
    }

    /**
     * What a MySQL {@code CAST(x AS ...)} writes for this type, as SQLAlchemy's MySQL compiler
     * does: {@code SIGNED INTEGER} / {@code UNSIGNED INTEGER} for the integers, {@code DATETIME}
     * for TIMESTAMP, a string as {@code CHAR} with its length and character set, bytes as
     * {@code BINARY}. MySQL cannot cast to a FLOAT, DOUBLE or REAL before 8.0.17 nor to BIT,
     * where SQLAlchemy leaves the CAST out; Retort casts to {@code DOUBLE} and {@code UNSIGNED}.
     * MariaDB cannot cast to YEAR (MySQL only from 8.0.22): a YEAR is cast to {@code SIGNED INTEGER},
     * where SQLAlchemy leaves the CAST out too.
     */
    public String mysqlCast(String dialectName) {
        switch (family) {
            case INTEGER:
            case YEAR: return unsigned ? "UNSIGNED INTEGER" : "SIGNED INTEGER";
            case BIT: return "UNSIGNED";
            case BLOB: return "BINARY";
            case TEMPORAL: return name.equals("TIMESTAMP") ? "DATETIME" : mysqlDdl(dialectName);
            case DECIMAL: return kind == TypeKind.NUMERIC ? numericOptions("DECIMAL" + precisionDdl()) : "DOUBLE";
            default: return join("CHAR" + (length == null ? "" : "(" + length + ")"), charsetDdl(), collateDdl());
        }
    }

    /**
     * The standard type this type is on other databases, or null when its name is MySQL's alone:
     * {@code INTEGER(10) UNSIGNED} is {@code INTEGER}, {@code VARCHAR(20) CHARACTER SET utf8
     * COLLATE utf8_bin} is {@code VARCHAR(20) COLLATE utf8_bin}, {@code TIMESTAMP(3)} and
     * {@code DATETIME(3)} are {@code Types.DATETIME}.
     */
    public TypeEngine<?> standardType() {
        switch (name) {
            case "SMALLINT": return Types.SMALLINT;
            case "INTEGER": return Types.INTEGER;
            case "BIGINT": return Types.BIGINT;
            case "FLOAT": return Types.FLOAT;
            case "DOUBLE": return Types.DOUBLE;
            case "REAL": return Types.REAL;
            case "DATETIME":
            case "TIMESTAMP": return Types.DATETIME;
            case "TIME": return Types.TIME;
            case "DECIMAL":
            case "NUMERIC": {
                SpelledType<?> s = SpelledType.of(name);
                return precision == null ? s : scale == null ? s.precision(precision) : s.precision(precision, scale);
            }
            case "CHAR":
            case "VARCHAR":
            case "NCHAR":
            case "NVARCHAR":
            case "TEXT": {
                SpelledType<?> s = SpelledType.of(name);
                s = length == null ? s : s.length(length);
                return collation == null ? s : s.collate(collation);
            }
            default: return null;
        }
    }

    // ---- accessors --------------------------------------------------------------------------

    /** The type's MySQL name: {@code TINYINT}, {@code NVARCHAR}, {@code MEDIUMTEXT}, ... */
    public String name() {
        return name;
    }

    /** Display width, string or BIT length, or fractional seconds precision; null when not given. */
    public Integer length() {
        return length;
    }

    public Integer precision() {
        return precision;
    }

    public Integer scale() {
        return scale;
    }

    public boolean isUnsigned() {
        return unsigned;
    }

    public boolean isZerofill() {
        return zerofill;
    }

    public String charset() {
        return charset;
    }

    public String collation() {
        return collation;
    }

    public boolean isNational() {
        return national;
    }

    public boolean isBinary() {
        return binary;
    }

    public boolean isAscii() {
        return ascii;
    }

    public boolean isUnicode() {
        return unicode;
    }

    @Override
    public String visitName() {
        return name;
    }

    @Override
    public List<Object> typeArguments() {
        return Collections.unmodifiableList(Arrays.asList(Objects.toString(length), Objects.toString(precision), Objects.toString(scale),
                unsigned, zerofill, Objects.toString(charset), Objects.toString(collation), national, binary, ascii, unicode));
    }

    /**
     * An unsigned BIGINT takes a whole number up to 2^64 - 1: one beyond a long as a BigInteger,
     * which {@link #setParameter} sends as a decimal (what MariaDB reads for it too, see {@link dev.retort.dialect.JdbcBinder#wholeShape}).
     */
    @Override
    @SuppressWarnings("unchecked")
    protected T coerce(Object value) {
        if (unsigned && family == Family.INTEGER && kind == TypeKind.BIGINT && value instanceof Number n && TypeKind.exactLong(n) == null) {
            java.math.BigInteger big = unsignedBeyondLong(n);
            if (big != null) {
                return (T) big;
            }
        }
        return super.coerce(value);
    }

    /**
     * An unsigned BIGINT's value above 2^63 - 1 is sent as the decimal it is (a JDBC long cannot
     * hold it, and the binder's BIGINT refuses it, as a signed BIGINT must); any other as the kind binds it.
     * <pre>{@code
     * conn.execute(insert(t).values(Map.of("u", new BigInteger("18446744073709551615"))));   // u: MysqlTypes.BIGINT.unsigned()
     * }</pre>
     */
    @Override
    public void setParameter(java.sql.PreparedStatement ps, int index, Object value, Dialect dialect) throws java.sql.SQLException {
        if (forDialect(dialect) == this && value != null && coerce(value) instanceof java.math.BigInteger big) {
            ps.setBigDecimal(index, new java.math.BigDecimal(big));
        } else {
            super.setParameter(ps, index, value, dialect);
        }
    }

    /** {@code n} as a BigInteger when it is a whole number from 2^63 to 2^64 - 1, else null. */
    private static java.math.BigInteger unsignedBeyondLong(Number n) {
        java.math.BigDecimal d;
        if (n instanceof java.math.BigInteger bi) {
            d = new java.math.BigDecimal(bi);
        } else if (n instanceof java.math.BigDecimal bd) {
            d = bd;
        } else if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            d = Double.isFinite(x) ? new java.math.BigDecimal(x) : null;
        } else {
            // another Number class (Guava's UnsignedLong, say) by its text, as TypeKind reads one
            try {
                String text = n.toString();
                d = text.length() <= 64 ? new java.math.BigDecimal(text) : null;
            } catch (NumberFormatException e) {
                d = null;
            }
        }
        return d != null && d.compareTo(TWO_63) >= 0 && d.compareTo(UNSIGNED_MAX) <= 0 && TypeKind.isWhole(d) ? d.toBigIntegerExact() : null;
    }

    private static final java.math.BigDecimal TWO_63 = new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(63));
    private static final java.math.BigDecimal UNSIGNED_MAX = new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE));

    @Override
    @SuppressWarnings("unchecked")
    protected T resultValue(Object value, Dialect dialect) {
        if (kind == TypeKind.BIGINT && value instanceof byte[] bits) {
            // a BIT read as its bytes, most significant first
            long v = 0;
            for (byte b : bits) {
                v = v << 8 | (b & 0xFF);
            }
            return (T) Long.valueOf(v);
        }
        if (family == Family.YEAR && value instanceof java.sql.Date d) {
            // MariaDB Connector/J reads a YEAR as a date (yearIsDateType)
            return (T) Integer.valueOf(d.toLocalDate().getYear());
        }
        return (T) SqlType.read(kind, scale, value);
    }

    @Override
    public String toString() {
        return length == null && name.endsWith("VARCHAR") ? name : mysqlDdl("mysql");
    }
}
