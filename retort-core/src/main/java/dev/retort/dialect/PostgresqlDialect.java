package dev.retort.dialect;

import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.DropIndex;
import dev.retort.schema.Index;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * PostgreSQL: native BOOLEAN, UUID, BYTEA, JSON, TIMESTAMP WITH TIME ZONE, ILIKE, RETURNING.
 *
 * <p>Dialect-specific options, as in SQLAlchemy: on an {@link Index} {@code postgresql_where}
 * (a partial index), {@code postgresql_using} (access method), {@code postgresql_include}
 * (covering columns), {@code postgresql_ops} (operator class per column key),
 * {@code postgresql_concurrently}, {@code postgresql_with} (storage parameters) and
 * {@code postgresql_tablespace}; on a {@link Table} {@code postgresql_with} and
 * {@code postgresql_tablespace}; on a primary key or unique constraint {@code postgresql_include}.
 */
final class PostgresqlDialect extends BuiltInDialect {
    private static final JdbcBinder BINDER = new PostgresqlJdbcBinder();
    private static final ConstructArguments ARGUMENTS = ConstructArguments.builder()
            .on(Index.class).arg("where").arg("using").arg("include").arg("ops", Map.of()).arg("concurrently", false)
            .arg("with", Map.of()).arg("tablespace")
            .on(Table.class).arg("with", Map.of()).arg("tablespace")
            .on(PrimaryKeyConstraint.class, UniqueConstraint.class).arg("include")
            .build();

    PostgresqlDialect() {
        super("postgresql", BINDER, new PostgresqlInspector(), true, ARGUMENTS);
    }

    /** Adds the server's shutdown codes: admin_shutdown, crash_shutdown, cannot_connect_now (57P01-57P03). */
    @Override
    protected boolean isDisconnectError(SQLException e) {
        String state = e.getSQLState();
        return super.isDisconnectError(e) || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state);
    }

    /** Adds deadlock_detected (40P01) to serialization_failure. */
    @Override
    protected boolean isSerializationFailureError(SQLException e) {
        return super.isSerializationFailureError(e) || "40P01".equals(e.getSQLState());
    }

    @Override
    public SqlCompiler newCompiler() {
        return new PostgresqlCompiler(this);
    }

    /** CREATE/DROP INDEX CONCURRENTLY refuses to run inside a transaction block. */
    @Override
    public boolean requiresAutocommit(ClauseElement ddl) {
        Index ix = ddl instanceof CreateIndex ci ? ci.index() : ddl instanceof DropIndex di ? di.index() : null;
        return ix != null && Boolean.TRUE.equals(ix.dialectOption(name(), "concurrently"));
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

        // ---- DDL options (as SQLAlchemy's PGDDLCompiler renders them) ----

        @Override
        protected String indexKeyword(Index ix) {
            return concurrently(ix) ? "INDEX CONCURRENTLY" : "INDEX";
        }

        private boolean concurrently(Index ix) {
            return Boolean.TRUE.equals(option(ix, "concurrently", Boolean.class));
        }

        /** DROP INDEX CONCURRENTLY, for an index created so. */
        @Override
        public String visitDropIndex(DropIndex di) {
            return "DROP INDEX " + (concurrently(di.index()) ? "CONCURRENTLY " : "") + indexName(di.index());
        }

        @Override
        protected String indexMethod(Index ix) {
            String using = optionWord(ix, "using");
            return using == null ? "" : " USING " + using.toLowerCase(Locale.ROOT);
        }

        @Override
        protected String indexElement(Index ix, ColumnElement<?> element) {
            Map<?, ?> ops = option(ix, "ops", Map.class);
            Object opclass = ops != null && element instanceof ColumnClause<?> c ? ops.get(c.key()) : null;
            return super.indexElement(ix, element) + (opclass == null ? "" : " " + sqlWord(ix, "ops", opclass));
        }

        @Override
        protected String indexOptions(Index ix) {
            return include(ix, ix.table()) + storage(ix, " ") + partialIndexWhere(ix);
        }

        @Override
        protected String tableOptions(Table t) {
            return storage(t, "\n ");
        }

        @Override
        protected String constraintSpec(Constraint c) {
            String spec = super.constraintSpec(c);
            boolean includes = c instanceof PrimaryKeyConstraint || c instanceof UniqueConstraint;
            return includes ? spec + include(c, c.table()) : spec;
        }

        /** {@code " INCLUDE (a, b)"} from the include option: column keys or columns of {@code table}. */
        private String include(DialectKwArgs<?> construct, Table table) {
            List<?> include = option(construct, "include", List.class);
            if (include == null || include.isEmpty()) {
                return "";
            }
            List<Column<?>> cols = new ArrayList<>();
            for (Object ref : include) {
                cols.add(ref instanceof Column<?> c ? c : table.c(ref.toString()));
            }
            return " INCLUDE (" + columnNames(cols) + ")";
        }

        /** {@code WITH (param = value, ...)} and {@code TABLESPACE name}, each when its option is set, each after {@code sep}. */
        private String storage(DialectKwArgs<?> construct, String sep) {
            StringBuilder sb = new StringBuilder();
            Map<?, ?> with = option(construct, "with", Map.class);
            if (with != null && !with.isEmpty()) {
                StringJoiner params = new StringJoiner(", ", sep + "WITH (", ")");
                with.forEach((k, v) -> params.add(sqlWord(construct, "with", k) + (v == null ? "" : " = " + sqlWord(construct, "with", v))));
                sb.append(params);
            }
            String tablespace = option(construct, "tablespace", String.class);
            if (tablespace != null) {
                sb.append(sep).append("TABLESPACE ").append(quote(tablespace));
            }
            return sb.toString();
        }
    }
}
