package dev.retort.sql;

import dev.retort.types.TypeEngine;

/** What {@link CustomOp} and {@link CustomUnaryOp} share: the operator, whose return type is theirs. */
abstract class CustomOperatorElement<T> extends ColumnElement<T> {
    final CustomOperator operator;

    CustomOperatorElement(CustomOperator operator) {
        this.operator = operator;
    }

    public CustomOperator operator() {
        return operator;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        return (TypeEngine<T>) operator.returnType();
    }
}
