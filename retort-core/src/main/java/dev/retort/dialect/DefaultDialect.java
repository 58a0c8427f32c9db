package dev.retort.dialect;

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
        return new SqlCompiler(this);
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
