package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.List;

/**
 * A SELECT used as one value, {@code (SELECT max(orders.qty) FROM orders WHERE ...)}. Tables of
 * the enclosing statement are correlated out of its FROM list.
 *
 * @param <T> the Java type of the selected value
 */
public final class ScalarSelect<T> extends ColumnElement<T> {
    static final Traversal<ScalarSelect<?>> TRAVERSAL = Traversal.of("scalar_select",
            a -> new ScalarSelect<>((SelectBase) a[0]),
            Attr.clause("element", ScalarSelect::element));

    private final SelectBase element;

    ScalarSelect(SelectBase element) {
        this.element = element;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return "(" + compiler.process(element) + ")";
    }

    public SelectBase element() {
        return element;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        List<SelectColumn> cols = element.selectColumns();
        return cols.isEmpty() ? (TypeEngine<T>) Types.NULLTYPE : (TypeEngine<T>) cols.get(0).column().type();
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
