package dev.retort.orm;

import dev.retort.sql.ColumnElement;

/** A read-only property computed by an expression ({@link ColumnProperty}). */
final class ExpressionProp extends Prop {
    final ColumnElement<?> expression;

    ExpressionProp(Mapper<?> mapper, String key, Accessor accessor, int index, ColumnElement<?> expression) {
        super(mapper, key, accessor, index);
        this.expression = expression;
    }
}
