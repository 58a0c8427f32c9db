package dev.retort.sql;

import dev.retort.types.TypeEngine;

/** What the {@link TypeWrapper}s {@link Cast} and {@link TypeCoerce} share: the expression, and the type they give it. */
abstract class TypeWrapperElement<T> extends ColumnElement<T> {
    private final ColumnElement<?> element;
    private final TypeEngine<T> type;

    @SuppressWarnings("unchecked")
    TypeWrapperElement(ColumnElement<?> element, TypeEngine<?> type) {
        this.element = element;
        this.type = (TypeEngine<T>) type;
    }

    /** The expression given a type. */
    public ColumnElement<?> element() {
        return element;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }
}
