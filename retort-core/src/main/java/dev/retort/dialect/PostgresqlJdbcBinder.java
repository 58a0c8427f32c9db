package dev.retort.dialect;

import dev.retort.types.TypeKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    @Override
    protected void bindJson(PreparedStatement ps, int i, String v) throws SQLException {
        ps.setObject(i, v, java.sql.Types.OTHER);
    }
}
