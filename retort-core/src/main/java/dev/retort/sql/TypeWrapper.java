package dev.retort.sql;

/**
 * An expression that gives another one a type: {@link Cast} in SQL, {@link TypeCoerce} only in
 * Java. A SELECT labels both after the expression they wrap ({@code CAST(t.a AS INTEGER) AS a},
 * {@code t.a AS a}), as SQLAlchemy does.
 */
public sealed interface TypeWrapper extends WrapsColumnExpression permits Cast, TypeCoerce {
    /** The expression given a type. */
    ColumnElement<?> element();

    @Override
    default ColumnElement<?> wrappedColumnExpression() {
        return element();
    }
}
