package dev.retort.orm;

import dev.retort.sql.ColumnElement;

/**
 * A read-only attribute computed by a SQL expression over the mapped table's columns: loaded
 * with the instance, usable in queries like any attribute, never written. The seeds'
 * {@code column_property()}.
 *
 * <pre>{@code
 * registry.mapImperatively(Item.class, items, Map.of(
 *         "prefix", ORM.columnProperty(cast(func("left", items.c("code"), 6), Types.INTEGER))));
 * session.query(Item.class).filter(ORM.attr(Item.class, "prefix").eq(123456)).all();
 * }</pre>
 *
 * A deferred one ({@link ORM#columnProperty(ColumnElement, boolean)}) is left out of queries'
 * SELECT until {@link Session#loadAttribute} or {@link ORM#undefer} asks for it.
 *
 * @param expression the expression, over columns of the mapped table
 * A query expression ({@link ORM#queryExpression}) is given its expression by each query
 * ({@link ORM#withExpression}); {@code expression} is then its default, {@code NULL} for none.
 *
 * @param deferred whether queries leave it out until asked (the seeds' {@code deferred=True})
 * @param queryExpression whether a query's {@link ORM#withExpression} says what it selects (the seeds' {@code query_expression()})
 */
public record ColumnProperty(ColumnElement<?> expression, boolean deferred, boolean queryExpression) {
    public ColumnProperty {
        if (expression == null) {
            throw new dev.retort.exc.ArgumentException("columnProperty needs an expression");
        }
    }

    /** A computed attribute, deferred or not. */
    public ColumnProperty(ColumnElement<?> expression, boolean deferred) {
        this(expression, deferred, false);
    }

    /** A computed attribute loaded with the instance. */
    public ColumnProperty(ColumnElement<?> expression) {
        this(expression, false);
    }
}
