package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code UPDATE table SET col = value, ... WHERE ...}. Values may be plain (bound under the
 * column key) or expressions.
 *
 * <pre>{@code
 * update(users).where(users.c("id").eq(5)).values(Map.of("age", users.c("age").add(1)));
 * }</pre>
 */
public final class Update extends DmlStatement {
    static final Traversal<Update> TRAVERSAL = Traversal.of("update",
            a -> new Update((TableClause) a[0], BooleanClauseList.castList(a[1]), BooleanClauseList.castList(a[2]), BooleanClauseList.castList(a[3]), Insert.castCols(a[4]), AddedCtes.of(a[5], a[6])),
            Attr.clause("table", Update::table),
            Attr.clauses("columns", Update::targetColumns),
            Attr.clauses("values", Update::setValues),
            Attr.clauses("where", Update::whereCriteria),
            Attr.clauses("returning", Update::returningColumns),
            Attr.clauses("addedCtes", Update::addedCtes).since(9),
            Attr.struct("addedCtesNestHere", (Update d) -> nestHereAttribute(d)).since(9));

    private final TableClause table;
    private final List<ClauseElement> columns;
    private final List<ClauseElement> values;
    private final List<ClauseElement> where;
    private final List<ColumnElement<?>> returning;

    Update(TableClause table) {
        this(table, List.of(), List.of(), List.of(), List.of(), AddedCtes.NONE);
    }

    Update(TableClause table, List<? extends ClauseElement> columns, List<? extends ClauseElement> values, List<? extends ClauseElement> where, List<ColumnElement<?>> returning,
            AddedCtes added) {
        super(added);
        this.table = table;
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.where = List.copyOf(where);
        this.returning = List.copyOf(returning);
    }

    /**
     * Declares CTEs in this statement's WITH clause whether or not it refers to them, as
     * {@link Select#addCte} (SQLAlchemy's {@code add_cte}).
     */
    public Update addCte(CTE... ctes) {
        return withAdded(added().plus(ctes, false));
    }

    /** As {@link #addCte}, declared in this statement's own WITH clause ({@code nest_here=True}). */
    public Update addNestedCte(CTE... ctes) {
        return withAdded(added().plus(ctes, true));
    }

    private Update withAdded(AddedCtes a) {
        return new Update(table, columns, values, where, returning, a);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitUpdate(this);
    }

    @Override
    public TableClause table() {
        return table;
    }

    /** The columns SET, in table order. */
    public List<ClauseElement> targetColumns() {
        return columns;
    }

    /** The values SET, parallel to {@link #targetColumns()}. */
    public List<ClauseElement> setValues() {
        return values;
    }

    public List<ClauseElement> whereCriteria() {
        return where;
    }

    @Override
    public List<ColumnElement<?>> returningColumns() {
        return returning;
    }

    /** The SET clause, keyed by column key or column; replaces earlier values. */
    public Update values(Map<?, ?> newValues) {
        List<ClauseElement>[] cv = columnsAndValues(newValues, null);
        return new Update(table, cv[0], cv[1], where, returning, added());
    }

    /** Adds WHERE criteria, AND-ed. */
    public Update where(ClauseElement... criteria) {
        List<ClauseElement> w = new ArrayList<>(where);
        w.addAll(List.of(criteria));
        return new Update(table, columns, values, w, returning, added());
    }

    /** {@code RETURNING cols} (PostgreSQL, SQLite). */
    public Update returning(Object... cols) {
        return new Update(table, columns, values, where, returningList(cols), added());
    }
}
