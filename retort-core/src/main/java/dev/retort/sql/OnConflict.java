package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.List;

/**
 * The {@code ON CONFLICT ... DO NOTHING | DO UPDATE SET ... [WHERE ...]} of an upsert on
 * PostgreSQL and SQLite, built by {@link Insert#onConflictDoNothing} and
 * {@link Insert#onConflictDoUpdate}. With no SET columns it is {@code DO NOTHING}.
 */
public final class OnConflict extends ClauseElement {
    static final Traversal<OnConflict> TRAVERSAL = Traversal.of("on_conflict",
            a -> new OnConflict(BooleanClauseList.castList(a[0]), (ClauseElement) a[1], (String) a[2], BooleanClauseList.castList(a[3]), BooleanClauseList.castList(a[4]), (ClauseElement) a[5]),
            Attr.clauses("target", OnConflict::indexElements),
            Attr.optionalClause("indexWhere", OnConflict::indexWhere),
            Attr.struct("constraint", OnConflict::constraint),
            Attr.clauses("columns", OnConflict::setColumns),
            Attr.clauses("values", OnConflict::setValues),
            Attr.optionalClause("where", OnConflict::where),
            // Derived, and ignored when a node is built: the target's values are written inline, so they shape the SQL.
            Attr.struct("targetValues", OnConflict::targetValues));

    private final List<ClauseElement> indexElements;
    private final ClauseElement indexWhere;
    private final String constraint;
    private final List<ClauseElement> columns;
    private final List<ClauseElement> values;
    private final ClauseElement where;

    OnConflict(List<? extends ClauseElement> indexElements, ClauseElement indexWhere, String constraint, List<? extends ClauseElement> columns,
            List<? extends ClauseElement> values, ClauseElement where) {
        if (columns.size() != values.size()) {
            throw new dev.retort.exc.ArgumentException("ON CONFLICT DO UPDATE has " + columns.size() + " columns and " + values.size() + " values");
        }
        if (constraint != null && !indexElements.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("ON CONFLICT names either a constraint or index elements, not both");
        }
        if (indexElements.isEmpty() && constraint == null && indexWhere != null) {
            // an index WHERE narrows the index of the target (DO UPDATE without one is SQLite's: any conflict)
            throw new dev.retort.exc.ArgumentException("An index WHERE needs a conflict target (index elements)");
        }
        this.indexElements = List.copyOf(indexElements);
        this.indexWhere = indexWhere;
        this.constraint = constraint;
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.where = where;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitOnConflict(this);
    }

    /** The columns and expressions of the unique index in conflict; empty with a constraint or no target. */
    public List<ClauseElement> indexElements() {
        return indexElements;
    }

    /** The WHERE of a partial unique index, or null. */
    public ClauseElement indexWhere() {
        return indexWhere;
    }

    /** The constraint in conflict by name, or null. */
    public String constraint() {
        return constraint;
    }

    /** Whether the clause is {@code DO NOTHING}. */
    public boolean isDoNothing() {
        return columns.isEmpty();
    }

    /** The columns SET, in table order. */
    public List<ClauseElement> setColumns() {
        return columns;
    }

    /** The values SET, parallel to {@link #setColumns()}. */
    public List<ClauseElement> setValues() {
        return values;
    }

    /**
     * The values in the conflict target (an index expression's or the index WHERE's), which the
     * compiler writes inline: they belong to the statement's shape and cache key, not to its
     * parameters, as a parameter there would match no index when the database plans once for all
     * values (PostgreSQL's generic plans, SQLite always).
     */
    public List<Object> targetValues() {
        List<Object> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<ClauseElement> todo = new java.util.ArrayDeque<>(indexElements);
        if (indexWhere != null) {
            todo.add(indexWhere);
        }
        while (!todo.isEmpty()) {
            ClauseElement e = todo.removeFirst();
            if (e instanceof BindParameter<?> b) {
                out.add(b.effectiveValue());
            }
            List<ClauseElement> children = e.getChildren();
            for (int k = children.size() - 1; k >= 0; k--) {
                todo.addFirst(children.get(k));
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** The condition on the existing row for {@code DO UPDATE}, or null. */
    public ClauseElement where() {
        return where;
    }
}
