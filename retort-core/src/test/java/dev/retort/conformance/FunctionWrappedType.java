package dev.retort.conformance;

import static dev.retort.sql.SQL.func;

import dev.retort.dialect.Dialect;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ColumnElement;
import dev.retort.types.TypeDecorator;
import dev.retort.types.TypeEngine;
import java.util.List;

/**
 * A ported test's own type whose SQL expression hooks wrap binds and selected columns in
 * functions, outermost first (the suite tree's {@code ["expr", storage, binds, columns]}):
 * SQLAlchemy's {@code bind_expression} returning {@code func.lower(bindvalue)} is {@code binds
 * = ["lower"]}. Values pass through unchanged.
 */
final class FunctionWrappedType<T> extends TypeDecorator<T, T> {
    private final List<String> binds;
    private final List<String> columns;

    FunctionWrappedType(TypeEngine<T> storage, List<String> binds, List<String> columns) {
        super(storage, storage.javaType());
        this.binds = List.copyOf(binds);
        this.columns = List.copyOf(columns);
    }

    @Override
    public T processBindParam(T value, Dialect dialect) {
        return value;
    }

    @Override
    public T processResultValue(T value, Dialect dialect) {
        return value;
    }

    @Override
    public ColumnElement<?> bindExpression(BindParameter<T> bind) {
        return wrap(binds, bind);
    }

    @Override
    public ColumnElement<?> columnExpression(ColumnElement<T> column) {
        return wrap(columns, column);
    }

    private static ColumnElement<?> wrap(List<String> names, ColumnElement<?> inner) {
        if (names.isEmpty()) {
            return null;
        }
        ColumnElement<?> e = inner;
        for (int i = names.size() - 1; i >= 0; i--) {
            e = func(names.get(i), e);
        }
        return e;
    }

    @Override
    public boolean cacheOk() {
        return true;
    }
}
