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
    @Override
    protected void bindTemporal(PreparedStatement ps, int i, TypeKind kind, Object v) throws SQLException {
        ps.setObject(i, kind == TypeKind.TIMESTAMP ? utc((OffsetDateTime) v) : kind == TypeKind.TIMETZ ? utc((java.time.OffsetTime) v) : v);
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
