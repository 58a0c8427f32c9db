package dev.retort.sql;

import dev.retort.types.TypeEngine;
import java.util.List;

/**
 * What an aggregate with ordered input rows shares, written {@code agg(x ORDER BY y)}
 * ({@link AggregateOrderBy}) or {@code agg(x) WITHIN GROUP (ORDER BY y)} ({@link WithinGroup}):
 * the function, its ORDER BY expressions, the function's type and label, and FILTER.
 *
 * @param <T> the Java type of the result
 */
public abstract class OrderedAggregate<T> extends ColumnElement<T> {
    private final ColumnElement<?> function;
    private final List<ClauseElement> orderBy;

    OrderedAggregate(ColumnElement<?> function, List<? extends ClauseElement> orderBy, String emptyOrderBy) {
        if (orderBy.isEmpty()) {
            throw new dev.retort.exc.ArgumentException(emptyOrderBy);
        }
        this.function = function;
        this.orderBy = List.copyOf(orderBy);
    }

    /** The aggregate function. */
    public ColumnElement<?> function() {
        return function;
    }

    /** The ORDER BY expressions, in order. */
    public List<ClauseElement> orderBy() {
        return orderBy;
    }

    /** The function's type: a percentile of integers need not be an integer (give one with {@code returning}). */
    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        return (TypeEngine<T>) function.type();
    }

    /** Labelled after the function, as SQLAlchemy labels it ({@code array_agg_1}, {@code percentile_cont_1}). */
    @Override
    public String anonPrefix() {
        return function.anonPrefix();
    }

    /** The aggregate over the rows meeting {@code criteria} (AND-ed): {@code ... FILTER (WHERE ...)}. */
    public FunctionFilter<T> filter(ColumnElement<?>... criteria) {
        return new FunctionFilter<>(this, SQL.and(criteria));
    }
}
