package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * Parentheses around an expression, placed where SQL precedence needs them.
 *
 * @param <T> the Java type of the grouped expression
 */
public final class Grouping<T> extends ColumnElement<T> {
    static final Traversal<Grouping<?>> TRAVERSAL = Traversal.of("grouping",
            a -> new Grouping<>((ClauseElement) a[0]),
            Attr.clause("element", Grouping::element));

    private final ClauseElement element;

    Grouping(ClauseElement element) {
        this.element = element;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitGrouping(this);
    }

    public ClauseElement element() {
        return element;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        return element instanceof ColumnElement<?> c ? (TypeEngine<T>) c.type() : (TypeEngine<T>) dev.retort.types.Types.NULLTYPE;
    }
}
