package dev.retort.dialect;

import dev.retort.types.TypeKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * MySQL/MariaDB {@code TIMESTAMP}/{@code DATETIME} carry no offset: timestamps with a zone are
 * stored as UTC and read back at offset zero.
 */
final class MysqlJdbcBinder extends JdbcBinder {
    private static final String DATABASE = "MySQL/MariaDB";

    @Override
    public void bind(PreparedStatement ps, int i, TypeKind kind, Object value) throws SQLException {
        refuseNonFinite(kind, value, false, DATABASE);
        super.bind(ps, i, kind, value);
    }

    @Override
    protected void bindTemporal(PreparedStatement ps, int i, TypeKind kind, Object v) throws SQLException {
        ps.setObject(i, switch (kind) {
            case TIMESTAMP -> inYearRange(utc((OffsetDateTime) v), DATABASE);
            case TIMETZ -> utc((java.time.OffsetTime) v);
            case DATE, DATETIME -> inYearRange((java.time.temporal.Temporal) v, DATABASE);
            default -> v;
        });
    }

    @Override
    protected Object readTemporal(ResultSet rs, int i, TypeKind kind) throws SQLException {
        if (kind == TypeKind.TIMESTAMP) {
            java.time.LocalDateTime t = rs.getObject(i, java.time.LocalDateTime.class);
            return t == null ? null : t.atOffset(ZoneOffset.UTC);
        }
        if (kind == TypeKind.TIMETZ) {
            java.time.LocalTime t = rs.getObject(i, java.time.LocalTime.class);
            return t == null ? null : t.atOffset(ZoneOffset.UTC);
        }
        return super.readTemporal(rs, i, kind);
    }
}
