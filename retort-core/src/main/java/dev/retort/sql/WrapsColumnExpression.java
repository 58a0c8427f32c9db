package dev.retort.sql;

/**
 * An expression that a SELECT labels after the expression it wraps, as SQLAlchemy's
 * {@code WrapsColumnExpression}: {@code CAST(t.a AS INTEGER) AS a}, and under
 * {@link LabelStyle#TABLENAME_PLUS_COL} {@code AS t_a}. {@link Cast} and {@link TypeCoerce} are
 * such; a {@link CustomElement} of the application's may be one too.
 *
 * <pre>{@code
 * final class SomeColThing extends CustomElement<Object> implements WrapsColumnExpression {
 *     ...
 *     public ColumnElement<?> wrappedColumnExpression() { return clause; }
 * }
 * select(new SomeColThing(t.c("x")));   // SELECT SOME_COL_THING(t.x) AS x FROM t
 * }</pre>
 */
public interface WrapsColumnExpression {
    /** The expression whose name labels this one. */
    ColumnElement<?> wrappedColumnExpression();
}
