package dev.retort.dialect;

import dev.retort.sql.ClauseElement;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import java.util.Set;

/**
 * MySQL and MariaDB: backquoted identifiers, {@code concat()} for {@code ||}, booleans as
 * 0/1, backslashes escaped in literals, CAST to {@code CHAR}/{@code SIGNED}, UUIDs as 32 hex
 * digits, timestamps stored in UTC. MariaDB also has RETURNING on INSERT and DELETE.
 */
final class MysqlDialect extends Dialect {
    private static final JdbcBinder BINDER = new MysqlJdbcBinder();
    private final String name;

    MysqlDialect(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SqlCompiler newCompiler() {
        return new MysqlCompiler(this);
    }

    @Override
    public JdbcBinder jdbcBinder() {
        return BINDER;
    }

    @Override
    protected Set<String> reservedWords() {
        return ReservedWords.MYSQL;
    }

    @Override
    protected char quoteChar() {
        return '`';
    }

    @Override
    public boolean supportsReturning() {
        // MariaDB has INSERT/DELETE ... RETURNING; its UPDATE has none, which the database reports.
        return name.equals("mariadb");
    }

    @Override
    public String typeDdl(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof SqlType<?> s) {
            switch (s.kind()) {
                case STRING: return s.length() == null ? "VARCHAR(255)" : "VARCHAR(" + s.length() + ")";
                case BOOLEAN: return "BOOL";
                case FLOAT:
                case DOUBLE: return "DOUBLE";
                case BINARY: return "LONGBLOB";
                case DATETIME: return "DATETIME(6)";
                case TIMESTAMP: return "DATETIME(6)";
                case TIME: return "TIME(6)";
                case UUID: return "CHAR(32)";
                case JSON: return "JSON";
                default: break;
            }
        }
        return super.typeDdl(type);
    }

    @Override
    public String castTypeName(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof SqlType<?> s) {
            switch (s.kind()) {
                case STRING:
                case TEXT:
                case UUID:
                case JSON: return s.length() == null ? "CHAR" : "CHAR(" + s.length() + ")";
                case INTEGER:
                case BIGINT:
                case SMALLINT:
                case BOOLEAN: return "SIGNED";
                case FLOAT:
                case DOUBLE: return "DOUBLE";
                case NUMERIC: return s.precision() == null ? "DECIMAL" : "DECIMAL(" + s.precision() + ", " + s.scale() + ")";
                case DATETIME:
                case TIMESTAMP: return "DATETIME";
                case BINARY: return "BINARY";
                default: break;
            }
        }
        return super.castTypeName(type);
    }

    @Override
    protected String quoteString(String s) {
        return super.quoteString(s.replace("\\", "\\\\"));
    }

    /** MySQL spells concatenation as a function and needs a LIMIT for OFFSET. */
    static final class MysqlCompiler extends SqlCompiler {
        MysqlCompiler(Dialect d) {
            super(d);
        }

        @Override
        protected String concat(String left, String right) {
            return "concat(" + left + ", " + right + ")";
        }

        @Override
        protected String columnSpec(dev.retort.schema.Column<?> c) {
            return c.isAutoincrement() ? super.columnSpec(c) + " AUTO_INCREMENT" : super.columnSpec(c);
        }

        @Override
        public String visitDropIndex(dev.retort.schema.DropIndex di) {
            return super.visitDropIndex(di) + " ON " + tableName(di.index().table());
        }

        @Override
        protected String limitOffset(ClauseElement limit, ClauseElement offset) {
            if (limit == null && offset != null) {
                return "\n LIMIT 18446744073709551615 OFFSET " + process(offset);
            }
            return super.limitOffset(limit, offset);
        }
    }
}
