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
 * @param expression the expression, over columns of the mapped table
 */
public record ColumnProperty(ColumnElement<?> expression) {
    public ColumnProperty {
        if (expression == null) {
            throw new dev.retort.exc.ArgumentException("columnProperty needs an expression");
        }
    }
}
