package dev.retort.dialect;

import dev.retort.types.TypeKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.retort.types.ArrayType;
import java.time.Duration;
import java.util.UUID;

/** PostgreSQL has native UUID and JSON types, which the driver binds as objects. */
final class PostgresqlJdbcBinder extends JdbcBinder {
    @Override
    protected void bindUuid(PreparedStatement ps, int i, UUID v) throws SQLException {
        ps.setObject(i, v);
    }

    @Override
    protected Object readUuid(ResultSet rs, int i) throws SQLException {
        Object o = rs.getObject(i);
        return o == null ? null : o instanceof UUID u ? u : parseUuid(o.toString());
    }

    /** Enum labels and unmodelled types (tsvector, money, ...) go as untyped text, which PostgreSQL casts to the column's type. */
    @Override
    protected void bindText(PreparedStatement ps, int i, String v) throws SQLException {
        ps.setObject(i, v, java.sql.Types.OTHER);
    }

    @Override
    protected int sqlType(TypeKind kind) {
        return kind == TypeKind.ENUM || kind == TypeKind.OTHER || kind == TypeKind.INTERVAL || kind == TypeKind.ARRAY
                ? java.sql.Types.OTHER : super.sqlType(kind);
    }

    @Override
    protected void bindInterval(PreparedStatement ps, int i, Duration v) throws SQLException {
        ps.setObject(i, intervalText(v), java.sql.Types.OTHER);
    }

    /** An interval's input text: seconds and microseconds, so that no field overflows or rounds. */
    static String intervalText(Duration v) {
        return v.getSeconds() + " seconds " + v.getNano() / 1000 + " microseconds";
    }

    /**
     * Reads PostgreSQL's default interval output ({@code IntervalStyle} {@code postgres}:
     * {@code 1 year 2 mons -3 days +04:05:06.789}). Years and months, which a Duration cannot
     * hold exactly, count 12 × 30 and 30 days.
     */
    @Override
    protected Object readInterval(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        return s == null ? null : parseInterval(s);
    }

    static Duration parseInterval(String s) {
        Duration d = Duration.ZERO;
        String[] tokens = s.trim().split("\\s+");
        for (int k = 0; k < tokens.length; k++) {
            String t = tokens[k];
            if (t.indexOf(':') >= 0) {
                boolean negative = t.startsWith("-");
                String[] hms = t.replaceFirst("^[+-]", "").split(":");
                Duration time = Duration.ofHours(Long.parseLong(hms[0])).plusMinutes(Long.parseLong(hms[1]))
                        .plusNanos(new java.math.BigDecimal(hms[2]).movePointRight(9).longValueExact());
                d = d.plus(negative ? time.negated() : time);
            } else {
                long n = Long.parseLong(t);
                String unit = tokens[++k];
                long days = unit.startsWith("year") ? n * 360 : unit.startsWith("mon") ? n * 30 : n;
                d = d.plusDays(days);
            }
        }
        return d;
    }

    @Override
    protected void bindArray(PreparedStatement ps, int i, Object v) throws SQLException {
        ArrayType.Elements e = (ArrayType.Elements) v;
        ps.setArray(i, ps.getConnection().createArrayOf(PostgresqlDialect.arrayElementName(e.elementType()), e.values()));
    }

    @Override
    protected void bindJson(PreparedStatement ps, int i, String v) throws SQLException {
        ps.setObject(i, v, java.sql.Types.OTHER);
    }
}
