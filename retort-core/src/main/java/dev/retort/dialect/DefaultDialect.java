package dev.retort.dialect;

/**
 * SQLAlchemy's default dialect: named {@code :name} parameters, {@code true}/{@code false}.
 * Used for {@code toString()} and for comparing against SQLAlchemy's output.
 */
final class DefaultDialect extends Dialect {
    private static final JdbcBinder BINDER = new JdbcBinder();

    @Override
    public String name() {
        return "default";
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
    public JdbcBinder jdbcBinder() {
        return BINDER;
    }

    @Override
    public boolean supportsReturning() {
        return true;
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
