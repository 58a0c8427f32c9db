package dev.retort.dialect;

import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;

/**
 * SQLAlchemy's default dialect: named {@code :name} parameters, {@code true}/{@code false}.
 * Used for {@code toString()} and for comparing against SQLAlchemy's output.
 */
final class DefaultDialect extends BuiltInDialect {
    private static final JdbcBinder BINDER = new JdbcBinder();

    DefaultDialect() {
        super("default", BINDER, new Inspector(), true, ConstructArguments.unvalidated());
    }

    @Override
    public boolean positional() {
        return false;
    }

    @Override
    public SqlCompiler newCompiler() {
        return new DefaultCompiler(this);
    }

    /** SQLAlchemy's string compiler. */
    private static final class DefaultCompiler extends SqlCompiler {
        DefaultCompiler(Dialect d) {
            super(d);
        }

        /** SQLAlchemy's string compiler writes a table hint in brackets after the table. */
        @Override
        protected String fromHint(String sql, String hint) {
            return sql + " [" + hint + "]";
        }

        @Override
        protected boolean anonymousReturningLabels() {
            return true;
        }

        /** SQLAlchemy's string compiler names the sequence instead of refusing it. */
        @Override
        public String visitNextValue(dev.retort.sql.NextValue<?> nv) {
            return "<next sequence value: " + sequenceName(nv.sequenceSchema(), nv.sequenceName()) + ">";
        }
    }

    /** Like SQLAlchemy's default dialect, which has no native UUID type: the 32 hex digits' CHAR(32). */
    @Override
    public String typeDdl(TypeEngine<?> type) {
        if (type.dialectImpl(this) instanceof SqlType<?> s && s.kind() == TypeKind.UUID) {
            return "CHAR(32)";
        }
        return super.typeDdl(type);
    }

    @Override
    protected String renderBoolean(boolean b) {
        return b ? "true" : "false";
    }

    @Override
    protected String uuidText(java.util.UUID u) {
        return u.toString();
    }
}
