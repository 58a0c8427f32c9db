package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;

/** What {@link Update} and {@link Delete} share: the target written to, WHERE criteria and RETURNING columns. */
abstract class FilteredDml extends DmlStatement {
    private final FromClause target;
    private final TableClause table;
    private final List<ClauseElement> where;
    private final List<ColumnElement<?>> returning;
    /** The columns given to {@code returnDefaults} (empty for none named): null when not asked. */
    private final List<ColumnElement<?>> returnDefaults;
    /** The supplemental columns given to {@code returnDefaults(cols, supplementalCols)}. */
    private final List<ColumnElement<?>> supplemental;

    /** {@code statement} and {@code joins} as for {@link #writtenTable}: "UPDATE", true. */
    FilteredDml(FromClause target, String statement, boolean joins, List<? extends ClauseElement> where, List<ColumnElement<?>> returning,
            AddedCtes added, Affixes affixes, List<ColumnElement<?>> returnDefaults, List<ColumnElement<?>> supplemental) {
        super(added, affixes);
        this.table = writtenTable(target, statement, joins);
        this.target = target;
        this.where = List.copyOf(where);
        this.returning = List.copyOf(returning);
        this.returnDefaults = returnDefaults == null ? null : List.copyOf(returnDefaults);
        this.supplemental = List.copyOf(supplemental);
        if (returnDefaults == null && !this.supplemental.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An " + statement + "'s supplemental columns come with returnDefaults(cols, supplementalCols)");
        }
        if (returnDefaults != null && !this.returning.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An " + statement + " takes returning() or returnDefaults(), not both");
        }
    }

    /** Whether {@code returnDefaults} was asked. */
    public boolean returnsDefaults() {
        return returnDefaults != null;
    }

    /** The columns given to {@code returnDefaults} (empty for none named, or when not asked). */
    public List<ColumnElement<?>> returnDefaultsColumns() {
        return returnDefaults == null ? List.of() : returnDefaults;
    }

    /** The supplemental columns given to {@code returnDefaults(cols, supplementalCols)}, in the order given. */
    public List<ColumnElement<?>> returnDefaultsSupplemental() {
        return supplemental;
    }

    /** The asked columns as given (null when not asked), for the statement's copies. */
    List<ColumnElement<?>> returnDefaultsOrNull() {
        return returnDefaults;
    }

    /** {@code cols} as columns of the table. */
    List<ColumnElement<?>> askedColumns(List<?> cols) {
        List<ColumnElement<?>> asked = new ArrayList<>(cols.size());
        for (Object k : cols) {
            asked.add(targetColumn(k));
        }
        return asked;
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
