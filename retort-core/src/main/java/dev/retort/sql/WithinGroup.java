package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.List;

/**
 * An ordered-set aggregate, SQLAlchemy's {@code func.percentile_cont(0.5).within_group(x)}:
 * {@code percentile_cont(:p) WITHIN GROUP (ORDER BY x)}. PostgreSQL has them as aggregates,
 * MariaDB as window functions (add {@link #over()}); SQLite and MySQL have none and refuse
 * them with a CompileException. Its type is the function's ({@code returning(...)} gives one).
 *
 * <pre>{@code
 * select(func("percentile_cont", 0.5).withinGroup(users.c("age")));
 * select(func("mode").withinGroup(users.c("name")).filter(users.c("age").gt(5)));
 * }</pre>
 *
 * @param <T> the Java type of the result
 */
public final class WithinGroup<T> extends ColumnElement<T> {
    static final Traversal<WithinGroup<?>> TRAVERSAL = Traversal.of("within_group",
            a -> new WithinGroup<>((ColumnElement<?>) a[0], BooleanClauseList.castList(a[1])),
            Attr.clause("function", WithinGroup::function),
            Attr.clauses("orderBy", WithinGroup::orderBy));

    private final ColumnElement<?> function;
    private final List<ClauseElement> orderBy;

    WithinGroup(ColumnElement<?> function, List<? extends ClauseElement> orderBy) {
        if (orderBy.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("WITHIN GROUP needs at least one ORDER BY expression");
        }
        this.function = function;
        this.orderBy = List.copyOf(orderBy);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitWithinGroup(this);
    }

    public ColumnElement<?> function() {
        return function;
    }

    public List<ClauseElement> orderBy() {
        return orderBy;
    }

    /** The function's type: a percentile of integers need not be an integer (give one with {@code returning}). */
    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        return (TypeEngine<T>) function.type();
    }

    /** Labelled after the function, as SQLAlchemy labels it ({@code percentile_cont_1}). */
    @Override
    public String anonPrefix() {
        return function.anonPrefix();
    }

    /** The aggregate over the rows meeting {@code criteria} (AND-ed): {@code ... WITHIN GROUP (...) FILTER (WHERE ...)}. */
    public FunctionFilter<T> filter(ColumnElement<?>... criteria) {
        return new FunctionFilter<>(this, SQL.and(criteria));
    }

    /** As a window function: {@code ... WITHIN GROUP (ORDER BY ...) OVER (...)}. */
    public Over<T> over() {
        return new Over<>(this, List.of(), List.of(), null, null, null, null, null);
    }
}
