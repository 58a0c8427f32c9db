package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;

/**
 * A function call as a FROM clause without a name, SQLAlchemy's
 * {@code select(...).select_from(func.fn(...))}: written as the call alone, {@code FROM fn(...)}
 * (a named one is {@link FunctionCall#alias(String)}). It exports no columns, since nothing says
 * what the function returns; select them with {@link SQL#column(String)}. MySQL and MariaDB have
 * no functions in FROM and refuse it with a CompileException (format 1.15).
 * Built by {@link Select#selectFrom(FunctionCall)}.
 *
 * <pre>{@code
 * select(column("foo")).selectFrom(func("rows", "foo"));        // SELECT foo FROM rows(:rows_1)
 * }</pre>
 */
public final class FunctionFrom extends OpaqueFrom {
    static final Traversal<FunctionFrom> TRAVERSAL = Traversal.of("function_from",
            a -> new FunctionFrom((FunctionCall<?>) a[0]),
            Attr.<FunctionFrom>clause("function", FunctionFrom::function).since(15));

    private final FunctionCall<?> function;

    FunctionFrom(FunctionCall<?> function) {
        if (function == null) {
            // Only a loaded tree can lack it.
            throw new dev.retort.exc.ArgumentException("A function in FROM needs the function");
        }
        this.function = function;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitFunctionFrom(this);
    }

    /** The function called. */
    public FunctionCall<?> function() {
        return function;
    }
}
