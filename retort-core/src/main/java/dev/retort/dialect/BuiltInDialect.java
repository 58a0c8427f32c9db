package dev.retort.dialect;

/**
 * What a built-in dialect is made of, given once to its constructor: its name, how its driver
 * binds values, how reflection reads its catalog, whether it has RETURNING, and the arguments
 * its schema constructs accept. Subclasses add only what their SQL spells differently.
 */
abstract class BuiltInDialect extends Dialect {
    private final String name;
    private final JdbcBinder binder;
    private final Inspector inspector;
    private final boolean returning;
    private final ConstructArguments arguments;

    BuiltInDialect(String name, JdbcBinder binder, Inspector inspector, boolean returning, ConstructArguments arguments) {
        this.name = name;
        this.binder = binder;
        this.inspector = inspector;
        this.returning = returning;
        this.arguments = arguments;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final JdbcBinder jdbcBinder() {
        return binder;
    }

    @Override
    public final Inspector inspector() {
        return inspector;
    }

    @Override
    public final boolean supportsReturning() {
        return returning;
    }

    @Override
    public final ConstructArguments constructArguments() {
        return arguments;
    }
}
