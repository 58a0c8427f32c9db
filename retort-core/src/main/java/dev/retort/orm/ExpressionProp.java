package dev.retort.orm;

import dev.retort.sql.ColumnElement;

/** A read-only property computed by an expression ({@link ColumnProperty}). */
final class ExpressionProp extends Prop {
    final ColumnElement<?> expression;
    /** A query expression ({@link ORM#queryExpression}): {@code expression} is its default, a {@code NULL} for none. */
    final boolean perQuery;

    ExpressionProp(Mapper<?> mapper, String key, Accessor accessor, int index, ColumnElement<?> expression, boolean perQuery) {
        super(mapper, key, accessor, index);
        this.expression = expression;
        this.perQuery = perQuery;
    }

    /** A query expression with no default: selected only when a query says what ({@link ORM#withExpression}). */
    boolean selectedOnlyWhenGiven() {
        return perQuery && expression instanceof dev.retort.sql.Null;
    }
}
