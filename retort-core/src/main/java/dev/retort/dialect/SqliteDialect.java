package dev.retort.dialect;

import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;

/**
 * SQLite: dates and times as ISO text, booleans as 0/1, UUIDs as 32 hex digits, RETURNING
 * (SQLite 3.35+), {@code LIMIT -1} for an OFFSET without LIMIT.
 */
final class SqliteDialect extends Dialect {
    private static final JdbcBinder BINDER = new SqliteJdbcBinder();

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public SqlCompiler newCompiler() {
        return new SqlCompiler(this);
    }

    @Override
    public JdbcBinder jdbcBinder() {
        return BINDER;
    }

    @Override
    public boolean supportsReturning() {
        return true;
    }

    @Override
    public String typeDdl(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof SqlType<?> s && s.kind() == TypeKind.UUID) {
            return "CHAR(32)";
        }
        return super.typeDdl(type);
    }

    @Override
    protected String formatTemporal(TypeKind kind, Object value) {
        return SqliteJdbcBinder.format(kind, value);
    }
}
