package dev.retort.dialect;

import dev.retort.types.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * SQLite has no date, time, boolean or UUID storage classes: dates and times are stored as
 * ISO-8601 text of fixed width (so they sort and compare correctly), timestamps with a zone
 * converted to UTC first (so that text order is instant order; the offset is not kept), booleans
 * as 0/1, UUIDs as 32 hex digits, decimals as text read back exactly (refused past 15 significant
 * digits wherever NUMERIC affinity could round them; {@link SqliteExactDecimal} binds them where it cannot).
 */
final class SqliteJdbcBinder extends JdbcBinder {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    @Override
    protected void bindTemporal(PreparedStatement ps, int i, TypeKind kind, Object v) throws SQLException {
        ps.setString(i, format(kind, v));
    }

    /** The text SQLite stores for a temporal value; also used for literals. */
    static String format(TypeKind kind, Object v) {
        switch (kind) {
            case DATE: return inYearRange((LocalDate) v, "SQLite").toString();
            case TIME: return ((LocalTime) v).format(TIME);
            case TIMETZ: return utc((java.time.OffsetTime) v).format(TIME) + "+00:00";
            case DATETIME: return inYearRange((LocalDateTime) v, "SQLite").format(DATETIME);
            default: return inYearRange(utc((OffsetDateTime) v), "SQLite").format(DATETIME) + "+00:00";
        }
    }

    @Override
    protected Object readTemporal(ResultSet rs, int i, TypeKind kind) throws SQLException {
        String s = rs.getString(i);
        if (s == null) {
            return null;
        }
        switch (kind) {
            case DATE: return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
            case TIME: return LocalTime.parse(s);
            case TIMETZ: return java.time.OffsetTime.parse(s);
            case DATETIME: return LocalDateTime.parse(s.replace(' ', 'T'));
            default: return OffsetDateTime.parse(s.replace(' ', 'T'));
        }
    }

    @Override
    public void bind(PreparedStatement ps, int i, TypeKind kind, Object value) throws SQLException {
        refuseNonFinite(kind, value, true, "SQLite");
        if (kind == TypeKind.NUMERIC && value != null) {
            // REAL storage would round; text keeps every digit, where SQLite keeps the text (SqliteExactDecimal binds it there).
            ps.setString(i, dev.retort.types.Decimals.text(exactInSqlite((BigDecimal) kind.coerce(value))));
            return;
        }
        if (value != null && value.getClass() == kind.javaType() && (kind == TypeKind.INTEGER || kind == TypeKind.BIGINT || kind == TypeKind.FLOAT || kind == TypeKind.DOUBLE)) {
            // The driver keeps every parameter boxed: setObject keeps this box, where setInt (setLong, setDouble) boxes again.
            ps.setObject(i, value);
            return;
        }
        super.bind(ps, i, kind, value);
    }

    /**
     * {@code d}, refused when NUMERIC affinity would not keep it: SQLite turns numeric text into a
     * 64-bit INTEGER when it is whole and fits, else into a REAL, which keeps 15 significant digits
     * ({@code 999999999999.999999} was stored as {@code 1000000000000}, and {@code n = '0.10000000000000000001'}
     * matches a stored 0.1). Only where SQLite provably keeps the text is it bound unchecked ({@link SqliteExactDecimal}).
     */
    private static BigDecimal exactInSqlite(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        boolean integer = stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19 && stripped.toBigInteger().bitLength() <= 63;
        if (!integer && stripped.precision() > 15) {
            throw new dev.retort.exc.ArgumentException("SQLite keeps 15 significant digits of a NUMERIC that is not a 64-bit integer, not the "
                    + stripped.precision() + " of " + TypeKind.describe(d));
        }
        return d;
    }

    /** A NUMERIC {@code value} (not null) as its exact text, unchecked: see {@link SqliteExactDecimal}. */
    static void bindExact(PreparedStatement ps, int i, Object value) throws SQLException {
        refuseNonFinite(TypeKind.NUMERIC, value, true, "SQLite");
        ps.setString(i, dev.retort.types.Decimals.text((BigDecimal) TypeKind.NUMERIC.coerce(value)));
    }

    @Override
    public Object read(ResultSet rs, int i, TypeKind kind) throws SQLException {
        return kind == TypeKind.NUMERIC ? NUMERIC_TEXT.read(rs, i) : kind.isInteger() ? readWhole(rs, i, kind) : super.read(rs, i, kind);
    }

    /**
     * A value of an integer kind. SQLite keeps a REAL wherever one is stored or computed, and an
     * expression typed INTEGER can yield one ({@code min(users.id, 2.5)}, typed by its first
     * argument as SQLAlchemy types it), which {@code getLong()} would cut to its integer part or
     * saturate: a REAL that the kind's class cannot hold exactly is read as the Double it is (what
     * SQLAlchemy returns). A whole value is read as the kind's class, or as a Long when an integer
     * is wider (for the kind to refuse, naming the column).
     */
    private static Object readWhole(ResultSet rs, int i, TypeKind kind) throws SQLException {
        double d = rs.getDouble(i);
        if (d == 0) {
            // NULL reads as 0: only a 0 asks wasNull()
            return rs.wasNull() ? null : whole(kind, 0);
        }
        if (d != Math.rint(d)) {
            return d;
        }
        long x = (long) d;
        boolean fits = kind == TypeKind.BIGINT || (kind == TypeKind.INTEGER ? x == (int) x : x == (short) x);
        if (fits && Math.abs(d) < 0x1p53) {
            return whole(kind, x);
        }
        // wider than the kind, or beyond 2^53 where the double may be an integer rounded: the storage class decides
        Object stored = rs.getObject(i);
        return stored instanceof Long || stored instanceof Integer ? whole(kind, ((Number) stored).longValue()) : d;
    }

    /** {@code x} as the kind's class, or as a Long when wider. */
    private static Object whole(TypeKind kind, long x) {
        return kind == TypeKind.BIGINT ? (Object) x : kind == TypeKind.INTEGER ? (x == (int) x ? (Object) (int) x : (Object) x)
                : x == (short) x ? (Object) (short) x : (Object) x;
    }

    /** A decimal read exactly from SQLite's text of the value (a REAL's as SQLite renders it, not the double's nearest). */
    private static final Reader NUMERIC_TEXT = (rs, i) -> {
        String s = rs.getString(i);
        return s == null ? null : new BigDecimal(s);
    };

    /** {@link #NUMERIC_TEXT} from the text's UTF-8 bytes (see {@link #UTF8_TEXT}), SQLite's digits parsed without a string. */
    private static final Reader UTF8_NUMERIC = (rs, i) -> {
        byte[] b = rs.getBytes(i);
        return b == null ? null : decimal(b);
    };

    /**
     * {@code new BigDecimal(text)} of the UTF-8 {@code text}: digits with a sign and a point, as
     * SQLite writes an integer or a short real, are taken as an unscaled long and its scale; any
     * other text (an exponent, more than 18 digits, not a number) goes through the string.
     */
    static BigDecimal decimal(byte[] text) {
        int n = text.length;
        int i = n > 0 && text[0] == '-' ? 1 : 0;
        long unscaled = 0;
        int digits = 0;
        int point = -1;
        for (; i < n; i++) {
            int c = text[i];
            if (c >= '0' && c <= '9' && digits < 18) {
                unscaled = unscaled * 10 + (c - '0');
                digits++;
            } else if (c == '.' && point < 0) {
                point = i;
            } else {
                return new BigDecimal(new String(text, StandardCharsets.UTF_8));
            }
        }
        if (digits == 0) {
            return new BigDecimal(new String(text, StandardCharsets.UTF_8));
        }
        return BigDecimal.valueOf(text[0] == '-' ? -unscaled : unscaled, point < 0 ? 0 : n - 1 - point);
    }

    /**
     * Text of a UTF-8 database as its bytes: the driver's {@code getString} goes through a direct
     * buffer and copies the text twice, {@code getBytes} (the value's own bytes, NULL as null, an
     * empty text as an empty array) once. Both decode as UTF-8, so the strings are the same; in a
     * UTF-16 database the bytes are UTF-16, hence only for a connection known to be UTF-8.
     */
    private static final Reader UTF8_TEXT = (rs, i) -> {
        byte[] b = rs.getBytes(i);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    };

    @Override
    public Reader utf8PlainReader(TypeKind kind) {
        Reader plain = plainReader(kind);
        if (plain == null) {
            return null;
        }
        return kind == TypeKind.STRING || kind == TypeKind.TEXT ? UTF8_TEXT : kind == TypeKind.NUMERIC ? UTF8_NUMERIC : plain;
    }

    /** A REAL under a whole-number kind is read by {@link #readWhole} (plainReader), per value: SQLite's column type is the declared one. */
    @Override
    public boolean readsWholeByColumnType() {
        return false;
    }

    /** NUMERIC is read from its text, the integer kinds as {@link #readWhole} reads them. */
    @Override
    public Reader plainReader(TypeKind kind) {
        Reader plain = super.plainReader(kind);
        if (plain != null && kind.isInteger()) {
            return (rs, i) -> {
                Object v = readWhole(rs, i, kind);
                return v == null || v instanceof Double || kind.javaType().isInstance(v) ? v : kind.coerce(v);
            };
        }
        return plain != null && kind == TypeKind.NUMERIC ? NUMERIC_TEXT : plain;
    }
}
