package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * The value an INSERT or UPDATE gives another of its table's columns, SQLAlchemy's
 * {@code from_dml_column(column)}: written as that column's value expression in the same
 * statement (its parameter, its SQL, its default or on-update SQL). In an UPDATE that does not
 * set the column it is the column itself (its stored value); in an INSERT that gives it no value
 * compiling raises.
 *
 * <pre>{@code
 * update(t).values(Map.of("name", "x", "search_name", fromDmlColumn(t.c("name"))));
 * // UPDATE t SET name=:name, search_name=:name
 * }</pre>
 *
 * @param <T> the Java type of the column's values
 */
public final class DmlColumnValue<T> extends ColumnElement<T> {
    static final Traversal<DmlColumnValue<?>> TRAVERSAL = Traversal.of("from_dml_column",
            a -> new DmlColumnValue<>(loadedColumn(a[0])),
            Attr.<DmlColumnValue<?>>clause("column", DmlColumnValue::column).since(17));

    private final ColumnClause<T> column;

    @SuppressWarnings("unchecked")
    DmlColumnValue(ColumnClause<?> column) {
        this.column = (ColumnClause<T>) java.util.Objects.requireNonNull(column, "column");
    }

    /** A loaded node's column: a table's column, as {@link SQL#fromDmlColumn} takes (a document may name anything there). */
    private static ColumnClause<?> loadedColumn(Object o) {
        if (o instanceof ColumnClause<?> c) {
            return c;
        }
        throw new dev.retort.exc.ArgumentException("from_dml_column's 'column' is a column, not " + o);
    }

    /** The column whose value this is. */
    public ColumnClause<T> column() {
        return column;
    }

    @Override
    public TypeEngine<T> type() {
        return column.type();
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitDmlColumnValue(this);
    }
}
