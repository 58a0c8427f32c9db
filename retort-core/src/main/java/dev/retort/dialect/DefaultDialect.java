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

        /**
         * A JSON element as SQLAlchemy's string compiler writes it: {@code data[key]} (by key, index or path),
         * as text PostgreSQL's {@code data ->> key} / {@code data #>> path} (its astext operators); an array's
         * element {@code arr[i]}, and no form of a slice ({@code arr[lo:hi]}), which it refuses.
         */
        @Override
        protected String item(dev.retort.sql.BinaryExpression<?> b, String left, String key, boolean text) {
            if (b.right() instanceof dev.retort.sql.ClauseList l && l.separator() == dev.retort.sql.Operator.SLICE) {
                throw new dev.retort.exc.CompileException("An array slice has no form in the default dialect (SQLAlchemy's string compiler refuses it)");
            }
            if (!text) {
                return left + "[" + key + "]";
            }
            String arrow = left + (b.operator() == dev.retort.sql.Operator.GETPATH_TEXT ? " #>> " : " ->> ") + key;
            // grouped as an operand, as SQLAlchemy groups its eager custom operators
            return enclosedByOperator() ? "(" + arrow + ")" : arrow;
        }

        /**
         * A JSON element as a type ({@code asInteger()}, {@code asString()}, ...): SQLAlchemy's string compiler
         * writes its {@code as_integer()} as the plain element, {@code data[key]}.
         */
        @Override
        public String visitCast(dev.retort.sql.Cast<?> c) {
            if (c.element() instanceof dev.retort.sql.BinaryExpression<?> b
                    && (b.operator() == dev.retort.sql.Operator.GETITEM_TEXT || b.operator() == dev.retort.sql.Operator.GETPATH_TEXT)
                    && ((dev.retort.sql.ColumnElement<?>) b.left()).type().kind().isJson()) {
                return process(b.left()) + "[" + process(b.right()) + "]";
            }
            return super.visitCast(c);
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
