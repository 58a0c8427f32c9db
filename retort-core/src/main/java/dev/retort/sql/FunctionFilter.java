package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * An aggregate restricted to some rows: {@code count(x) FILTER (WHERE cond)} (PostgreSQL,
 * SQLite 3.30+; MySQL and MariaDB have no FILTER and refuse it with a CompileException).
 *
 * <pre>{@code
 * select(func("count", users.c("id")).filter(users.c("age").gt(30)));
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class FunctionFilter<T> extends ColumnElement<T> {
    static final Traversal<FunctionFilter<?>> TRAVERSAL = Traversal.of("function_filter",
            a -> new FunctionFilter<>((ColumnElement<?>) a[0], (ClauseElement) a[1]),
            Attr.clause("function", FunctionFilter::function),
            Attr.clause("criterion", FunctionFilter::criterion));

    private final ColumnElement<T> function;
    private final ClauseElement criterion;

    @SuppressWarnings("unchecked")
    FunctionFilter(ColumnElement<?> function, ClauseElement criterion) {
        this.function = (ColumnElement<T>) function;
        this.criterion = criterion;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitFunctionFilter(this);
    }

    public ColumnElement<T> function() {
        return function;
    }

    public ClauseElement criterion() {
        return criterion;
    }

    @Override
    public TypeEngine<T> type() {
        return function.type();
    }

    /** More criteria, AND-ed with these. */
    public FunctionFilter<T> filter(ColumnElement<?>... criteria) {
        ColumnElement<?>[] all = new ColumnElement<?>[criteria.length + 1];
        all[0] = (ColumnElement<?>) criterion;
        System.arraycopy(criteria, 0, all, 1, criteria.length);
        return new FunctionFilter<>(function, SQL.and(all));
    }

    /** The filtered aggregate as a window function: {@code ... FILTER (WHERE ...) OVER (...)}. */
    public Over<T> over() {
        return new Over<>(this, java.util.List.of(), java.util.List.of(), null, null, null, null, null);
    }
}
