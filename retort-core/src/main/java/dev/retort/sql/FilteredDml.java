package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;

/** What {@link Update} and {@link Delete} share: the target written to, WHERE criteria and RETURNING columns. */
abstract class FilteredDml extends DmlStatement {
    private final FromClause target;
    private final TableClause table;
    private final List<ClauseElement> where;
    private final List<ColumnElement<?>> returning;

    /** {@code statement} and {@code joins} as for {@link #writtenTable}: "UPDATE", true. */
    FilteredDml(FromClause target, String statement, boolean joins, List<? extends ClauseElement> where, List<ColumnElement<?>> returning,
            AddedCtes added, Affixes affixes) {
        super(added, affixes);
        this.table = writtenTable(target, statement, joins);
        this.target = target;
        this.where = List.copyOf(where);
        this.returning = List.copyOf(returning);
    }

    @Override
    public TableClause table() {
        return table;
    }

    @Override
    public FromClause target() {
        return target;
    }

    public List<ClauseElement> whereCriteria() {
        return where;
    }

    @Override
    public List<ColumnElement<?>> returningColumns() {
        return returning;
    }

    /** The WHERE criteria with {@code criteria} AND-ed after them. */
    List<ClauseElement> whereAnd(ClauseElement... criteria) {
        List<ClauseElement> w = new ArrayList<>(where);
        w.addAll(List.of(criteria));
        return w;
    }
}
