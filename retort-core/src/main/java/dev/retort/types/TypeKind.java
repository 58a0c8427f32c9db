package dev.retort.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The categories of values Retort binds and reads. Each dialect's {@link
 * dev.retort.dialect.JdbcBinder} decides how a category travels through JDBC; a type's kind also
 * decides what arithmetic and concatenation on it produce.
 */
public enum TypeKind {
    NULL(Object.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    SMALLINT(Short.class),
    BOOLEAN(Boolean.class),
    FLOAT(Double.class),
    DOUBLE(Double.class),
    NUMERIC(BigDecimal.class),
    STRING(String.class),
    TEXT(String.class),
    DATE(LocalDate.class),
    TIME(LocalTime.class),
    DATETIME(LocalDateTime.class),
    TIMESTAMP(OffsetDateTime.class),
    BINARY(byte[].class),
    UUID(java.util.UUID.class),
    JSON(Object.class),
    /** PostgreSQL's binary JSON; JSON elsewhere. */
    JSONB(Object.class),
    /** A label of an enumerated type, bound as text (as the database's own enum type on PostgreSQL). */
    ENUM(String.class),
    /** A PostgreSQL array, as a {@code List} of its elements. */
    ARRAY(java.util.List.class),
    /** A length of time: PostgreSQL INTERVAL, microseconds in a BIGINT elsewhere. */
    INTERVAL(java.time.Duration.class),
    /** A value of a database type Retort does not model (tsvector, money, ...), as the database's text for it. */
    OTHER(String.class),
    /**
     * A time of day with an offset: PostgreSQL TIME WITH TIME ZONE; TIME elsewhere, kept at UTC
     * (as a TIMESTAMP is). New in serializer format 1.17.
     */
    TIMETZ(java.time.OffsetTime.class);

    private final Class<?> javaType;

    TypeKind(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java class values of this kind have after {@link #coerce}. */
    public Class<?> javaType() {
        return javaType;
    }

    /**
     * The first kind (arrays aside: their elements decide) whose values are of exactly {@code type} ({@code STRING} for {@code
     * String}, {@code FLOAT} for {@code Double}), or null when no kind is.
     */
    public static TypeKind forJavaType(Class<?> type) {
        for (TypeKind kind : values()) {
            if (kind != NULL && kind != ARRAY && !kind.isJson() && kind.javaType == type) {
                return kind;
            }
        }
        return null;
    }

    /** Whether arithmetic applies. */
    /** INTEGER, BIGINT or SMALLINT. */
    public boolean isInteger() {
        return this == INTEGER || this == BIGINT || this == SMALLINT;
    }

    public boolean isNumeric() {
        return this == INTEGER || this == BIGINT || this == SMALLINT || this == FLOAT || this == DOUBLE || this == NUMERIC;
    }

    /** Whether values of this kind are JSON documents. */
    public boolean isJson() {
        return this == JSON || this == JSONB;
    }

    /** Whether this kind is character data. */
    public boolean isString() {
        return this == STRING || this == TEXT;
    }

    /** An integral value checked against the kind's range: a value too wide or with a fraction is refused, never cut. */
    private long exact(Number n, long min, long max) {
        Long v = exactLong(n);
        if (v == null || v < min || v > max) {
            throw new ArithmeticException(describe(n) + " does not fit " + this + " (" + min + " to " + max + "), a " + n.getClass().getName()
                    + "; declare the column or expression " + (this == BIGINT ? "NUMERIC" : "BIGINT"));
        }
        return v;
    }

    /**
     * The value of {@code n} as a long when it is a whole number a long holds exactly, else null;
     * never through {@code longValue()}, which wraps a wide BigInteger, drops a fraction and
     * saturates a double. A BigDecimal is judged from its unscaled value's bits and its scale
     * before any arithmetic, so {@code 1e1000000} is refused without expanding its digits.
     * A {@code Number} of another class (Guava's {@code UnsignedLong}, say) is read from its text.
     */
    static Long exactLong(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof java.util.concurrent.atomic.AtomicLong
                || n instanceof java.util.concurrent.atomic.AtomicInteger || n instanceof java.util.concurrent.atomic.LongAdder
                || n instanceof java.util.concurrent.atomic.LongAccumulator) {
            return n.longValue();
        }
        if (n instanceof Double || n instanceof Float || n instanceof java.util.concurrent.atomic.DoubleAdder
                || n instanceof java.util.concurrent.atomic.DoubleAccumulator) {
            double d = n.doubleValue();
            // -2^63 is a long, 2^63 is not; NaN fails every comparison
            return d >= -0x1p63 && d < 0x1p63 && d == Math.rint(d) ? (Long) (long) d : null;
        }
        if (n instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? bi.longValue() : null;
        }
        if (n instanceof BigDecimal bd) {
            return exactLong(bd);
        }
        String text = n.toString();
        try {
            return text.length() <= 64 ? exactLong(new BigDecimal(text)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long exactLong(BigDecimal d) {
        BigInteger u = d.unscaledValue();
        long scale = d.scale();
        if (u.signum() == 0) {
            return 0L;
        }
        // |d| >= 2^(bits-1) / 10^scale, and 10^scale < 2^(3.33 scale): too wide when that bound reaches 2^64
        long bits = u.bitLength();
        if (scale < -18 || bits - 1 - (scale > 0 ? (long) Math.ceil(scale * 3.3220) : 0) >= 64) {
            return null;
        }
        BigInteger whole;
        if (scale <= 0) {
            whole = u.multiply(BigInteger.TEN.pow((int) -scale));
        } else {
            // a whole number's unscaled value is a multiple of 10^scale, so of 2^scale: a cheap first test
            if (u.getLowestSetBit() < scale) {
                return null;
            }
            BigInteger[] qr = u.divideAndRemainder(BigInteger.TEN.pow((int) scale));
            if (qr[1].signum() != 0) {
                return null;
            }
            whole = qr[0];
        }
        return whole.bitLength() < 64 ? whole.longValue() : null;
    }

    /**
     * Whether {@code d} is a whole number ({@code 7.00} is, {@code 1.25} is not).
     * <pre>{@code
     * TypeKind.isWhole(new BigDecimal("7.00"));   // true
     * }</pre>
     */
    public static boolean isWhole(BigDecimal d) {
        return d.scale() <= 0 || d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /**
     * {@code n} for a message: its digits when they are few, else its size (writing a number of a
     * million digits takes long, and refusing it must not).
     *
     * <pre>{@code
     * TypeKind.describe(12);                                   // "12"
     * TypeKind.describe(BigInteger.ONE.shiftLeft(1_000_000));  // "a number of 1000001 bits"
     * }</pre>
     */
    public static String describe(Object n) {
        BigInteger unscaled = n instanceof BigInteger bi ? bi : n instanceof BigDecimal bd ? bd.unscaledValue() : null;
        return unscaled != null && unscaled.bitLength() > 256
                ? "a number of " + unscaled.bitLength() + " bits" + (n instanceof BigDecimal bd ? " at scale " + bd.scale() : "")
                : String.valueOf(n);
    }

    /** The boxed items of a Java array of primitives ({@code int[]}, {@code double[]}, ...), for an ARRAY value. */
    private static java.util.List<Object> primitiveItems(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        java.util.List<Object> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(java.lang.reflect.Array.get(array, i));
        }
        return out;
    }

    /** Converts a value of a neighbouring Java type to this kind's Java type. */
    public Object coerce(Object v) {
        if (v == null || javaType.isInstance(v) || this == NULL) {
            return v;
        }
        if (v instanceof Number n) {
            switch (this) {
                case INTEGER: return (int) exact(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT: return exact(n, Long.MIN_VALUE, Long.MAX_VALUE);
                case SMALLINT: return (short) exact(n, Short.MIN_VALUE, Short.MAX_VALUE);
                case FLOAT:
                case DOUBLE: return n.doubleValue();
                case NUMERIC: return n instanceof BigInteger bi ? new BigDecimal(bi) : new BigDecimal(n.toString());
                case BOOLEAN: return n.intValue() != 0;
                default: break;
            }
        }
        if (v instanceof Boolean b && (this == INTEGER || this == BIGINT || this == SMALLINT)) {
            // A boolean stored in an integer column (MySQL's BOOL is TINYINT(1)) is 1 or 0.
            return coerce(b ? 1 : 0);
        }
        Object t = coerceTemporal(v);
        if (t != null) {
            return t;
        }
        if (v instanceof String s) {
            switch (this) {
                case DATE: return LocalDate.parse(s);
                case TIME: return LocalTime.parse(s);
                case TIMETZ: return java.time.OffsetTime.parse(s);
                case DATETIME: return LocalDateTime.parse(s.replace(' ', 'T'));
                case TIMESTAMP: return OffsetDateTime.parse(s.replace(' ', 'T'));
                case UUID: return java.util.UUID.fromString(s);
                case NUMERIC: return new BigDecimal(s);
                default: break;
            }
        }
        if (this == ARRAY) {
            if (v instanceof java.util.Collection<?> c) return java.util.List.copyOf(c);
            if (v instanceof Object[] a) return java.util.Arrays.asList(a);
            if (v.getClass().isArray()) return primitiveItems(v);
        }
        if (this == INTERVAL && v instanceof String s) {
            return java.time.Duration.parse(s);
        }
        if (this == STRING || this == TEXT || this == ENUM || this == OTHER) {
            return v.toString();
        }
        throw new dev.retort.exc.ArgumentException("Value " + v + " of " + v.getClass().getName() + " is not valid for a " + this + " column");
    }

    /**
     * The value of this temporal kind that a Java time value of another class denotes, or null
     * when {@code v} is not one this kind takes. A value that would lose information is refused:
     * a time of day for a DATE, an offset for a DATETIME. A {@code LocalDateTime} or {@code
     * LocalDate} for a TIMESTAMP is taken as UTC; a {@code java.sql.Timestamp} for a DATETIME is
     * its wall-clock fields, as JDBC drivers read it.
     */
    private Object coerceTemporal(Object v) {
        switch (this) {
            case TIMESTAMP:
                if (v instanceof Instant i) return i.atOffset(ZoneOffset.UTC);
                if (v instanceof ZonedDateTime z) return z.toOffsetDateTime();
                if (v instanceof LocalDateTime l) return l.atOffset(ZoneOffset.UTC);
                if (v instanceof LocalDate d) return d.atStartOfDay().atOffset(ZoneOffset.UTC);
                if (v instanceof java.sql.Date || v instanceof java.sql.Time) return null;
                if (v instanceof java.util.Date d) return Instant.ofEpochMilli(d.getTime()).plusNanos(subMillisNanos(d)).atOffset(ZoneOffset.UTC);
                return null;
            case DATETIME:
                if (v instanceof java.sql.Timestamp ts) return ts.toLocalDateTime();
                if (v instanceof LocalDate d) return d.atStartOfDay();
                if (v instanceof OffsetDateTime || v instanceof ZonedDateTime || v instanceof Instant) {
                    throw lossy(v, "its offset (a DATETIME keeps wall-clock time only); pass toLocalDateTime() of the time in the zone meant");
                }
                return null;
            case DATE:
                if (v instanceof java.sql.Date d) return d.toLocalDate();
                LocalDateTime dt = v instanceof java.sql.Timestamp ts ? ts.toLocalDateTime() : v instanceof LocalDateTime l ? l : null;
                if (dt != null) {
                    if (!dt.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                        throw lossy(v, "its time of day " + dt.toLocalTime() + " (a DATE keeps the date only)");
                    }
                    return dt.toLocalDate();
                }
                return null;
            case TIME:
                return v instanceof java.sql.Time t ? t.toLocalTime() : null;
            case TIMETZ:
                // a time of day without an offset is taken as UTC, as a LocalDateTime for a TIMESTAMP
                return v instanceof LocalTime l ? l.atOffset(ZoneOffset.UTC) : null;
            default:
                return null;
        }
    }

    /** The nanoseconds of a {@code java.sql.Timestamp} below its milliseconds (0 for other dates). */
    private static int subMillisNanos(java.util.Date d) {
        return d instanceof java.sql.Timestamp ts ? ts.getNanos() % 1_000_000 : 0;
    }

    private dev.retort.exc.ArgumentException lossy(Object v, String lost) {
        return new dev.retort.exc.ArgumentException("Value " + v + " of " + v.getClass().getName() + " is not valid for a " + this
                + " column: it would lose " + lost);
    }

    /** The kind Retort infers for a plain Java value used as an operand. */
    public static TypeKind of(Object v) {
        if (v == null) return NULL;
        if (v instanceof Integer) return INTEGER;
        if (v instanceof Long || v instanceof BigInteger) return BIGINT;
        if (v instanceof Short || v instanceof Byte) return SMALLINT;
        if (v instanceof Boolean) return BOOLEAN;
        if (v instanceof Double || v instanceof Float) return DOUBLE;
        if (v instanceof BigDecimal) return NUMERIC;
        if (v instanceof CharSequence || v instanceof Character) return STRING;
        if (v instanceof LocalDate) return DATE;
        if (v instanceof LocalTime) return TIME;
        if (v instanceof LocalDateTime) return DATETIME;
        if (v instanceof OffsetDateTime || v instanceof Instant || v instanceof ZonedDateTime) return TIMESTAMP;
        if (v instanceof java.sql.Date) return DATE;
        if (v instanceof java.sql.Time) return TIME;
        if (v instanceof java.sql.Timestamp) return DATETIME;
        if (v instanceof java.util.Date) return TIMESTAMP;
        if (v instanceof byte[]) return BINARY;
        if (v instanceof UUID) return UUID;
        if (v instanceof java.time.Duration) return INTERVAL;
        return NULL;
    }
}
