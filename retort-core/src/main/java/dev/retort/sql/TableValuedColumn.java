package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;

/**
 * A FROM clause's whole row as one value, written as the FROM clause's name: SQLAlchemy's
 * {@code TableValuedColumn}. {@link FunctionCall#columnValued(String)} gives one of a function
 * ({@code SELECT x FROM generate_series(1, 3) AS x}); {@link FromClause#tableValued()} one of a
 * table or subquery ({@code row_to_json(a)}). Selecting it brings its FROM clause along.
 *
 * <pre>{@code
 * ColumnElement<?> x = func("generate_series", 1, 3).columnValued("x");
 * select(x).where(x.gt(1));              // SELECT x FROM generate_series(:generate_series_1, :generate_series_2) AS x WHERE x > :param_1
 * select(func("row_to_json", users.tableValued()));   // SELECT row_to_json(users) AS row_to_json_1 FROM users
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class TableValuedColumn<T> extends ColumnElement<T> {
    static final Traversal<TableValuedColumn<?>> TRAVERSAL = Traversal.of("table_valued_column",
            a -> new TableValuedColumn<>((FromClause) a[0], (TypeEngine<?>) a[1]),
            Attr.<TableValuedColumn<?>>clause("element", TableValuedColumn::element).since(10),
            Attr.<TableValuedColumn<?>>struct("type", TableValuedColumn::type).since(10));

    private final FromClause element;
    private final TypeEngine<T> type;

    @SuppressWarnings("unchecked")
    TableValuedColumn(FromClause element, TypeEngine<?> type) {
        if (!(element instanceof TableClause) && !(element instanceof Alias)) {
            throw new dev.retort.exc.ArgumentException("Only a table, an alias or a subquery is a value of its own, not " + element.getClass().getSimpleName());
        }
        this.element = element;
        this.type = (TypeEngine<T>) (type == null ? dev.retort.types.Types.NULLTYPE : type);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitTableValuedColumn(this);
    }

    /** The table, alias or subquery whose row this is. */
    public FromClause element() {
        return element;
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    @Override
    public boolean isNamedColumn() {
        return true;
    }

    @Override
    public String nonAnonLabel() {
        return element.name();
    }
}
