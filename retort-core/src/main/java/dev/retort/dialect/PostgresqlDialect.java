package dev.retort.dialect;

import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;

/** PostgreSQL: native BOOLEAN, UUID, BYTEA, JSON, TIMESTAMP WITH TIME ZONE, ILIKE, RETURNING. */
final class PostgresqlDialect extends Dialect {
    private static final JdbcBinder BINDER = new PostgresqlJdbcBinder();

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public SqlCompiler newCompiler() {
        return new PostgresqlCompiler(this);
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
        if (type.dialectImpl(this) instanceof SqlType<?> s) {
            switch (s.kind()) {
                case DOUBLE: return "DOUBLE PRECISION";
                case FLOAT: return "FLOAT";
                case BINARY: return "BYTEA";
                case DATETIME: return "TIMESTAMP WITHOUT TIME ZONE";
                case TIMESTAMP: return "TIMESTAMP WITH TIME ZONE";
                default: break;
            }
        }
        return super.typeDdl(type);
    }

    @Override
    protected String renderBoolean(boolean b) {
        return b ? "true" : "false";
    }

    @Override
    protected String renderBinary(byte[] b) {
        return "'\\x" + JdbcBinder.hex(b) + "'::bytea";
    }

    @Override
    protected String uuidText(java.util.UUID u) {
        return u.toString();
    }

    @Override
    public String renderLiteral(TypeKind kind, Object value) {
        String s = super.renderLiteral(kind, value);
        switch (kind) {
            case DATE: return s + "::date";
            case TIME: return s + "::time";
            case DATETIME: return s + "::timestamp";
            case TIMESTAMP: return s + "::timestamptz";
            case UUID: return s + "::uuid";
            default: return s;
        }
    }

    /** PostgreSQL spells case-insensitive LIKE natively. */
    static final class PostgresqlCompiler extends SqlCompiler {
        PostgresqlCompiler(Dialect d) {
            super(d);
        }

        @Override
        protected String ilike(String left, String right, boolean negated) {
            return left + (negated ? " NOT ILIKE " : " ILIKE ") + right;
        }

        @Override
        protected String columnType(dev.retort.schema.Column<?> c) {
            if (c.isAutoincrement()) {
                switch (c.type().kind()) {
                    case BIGINT: return "BIGSERIAL";
                    case SMALLINT: return "SMALLSERIAL";
                    default: return "SERIAL";
                }
            }
            return super.columnType(c);
        }

        @Override
        protected String limitOffset(dev.retort.sql.ClauseElement limit, dev.retort.sql.ClauseElement offset) {
            if (limit == null && offset != null) {
                return "\n OFFSET " + process(offset);
            }
            return super.limitOffset(limit, offset);
        }
    }
}
