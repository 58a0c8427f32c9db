package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What INSERT, UPDATE and DELETE share: a target table, and RETURNING. */
public abstract class DmlStatement extends ClauseElement {
    private final AddedCtes added;

    DmlStatement(AddedCtes added) {
        this.added = added;
    }

    AddedCtes added() {
        return added;
    }

    /** The CTEs given to {@code addCte} and {@code addNestedCte}, in order. */
    public List<CTE> addedCtes() {
        return added.ctes();
    }

    /** For each of {@link #addedCtes()}: whether it was given to {@code addNestedCte}. */
    public List<Boolean> addedCtesNestHere() {
        return added.nestHere();
    }

    /** The flags as a node attribute (null when none nests here). */
    static List<Boolean> nestHereAttribute(DmlStatement d) {
        return d.added.nestHereAttribute();
    }
    /** The table written to. */
    public abstract TableClause table();

    /** The RETURNING columns, empty when none. */
    public abstract List<ColumnElement<?>> returningColumns();

    /** Resolves a values-map key (a column key or a column) to a column of the table. */
    ColumnClause<?> targetColumn(Object key) {
        if (key instanceof ColumnClause<?> c) {
            if (c.table() != table()) {
                throw new dev.retort.exc.ArgumentException("Column '" + c.name() + "' is not a column of table '" + table().name() + "'");
            }
            return c;
        }
        if (key instanceof String s) {
            return table().c(s);
        }
        throw new dev.retort.exc.ArgumentException("Values are keyed by column key or column, not " + key);
    }

    /**
     * The columns and values of a values map, in the table's column order: plain values become
     * parameters named by the column key ({@code name_suffix} when a suffix is given), expressions
     * are grouped.
     */
    List<ClauseElement>[] columnsAndValues(Map<?, ?> values, String suffix) {
        return columnsAndValuesWith(values, (c, v) -> valueFor(c, v, suffix == null ? c.key() : c.key() + suffix));
    }

    /** The columns of a values map in table order, and the value {@code valueOf} makes of each. */
    List<ClauseElement>[] columnsAndValuesWith(Map<?, ?> values, java.util.function.BiFunction<ColumnClause<?>, Object, ClauseElement> valueOf) {
        Map<ColumnClause<?>, Object> byColumn = new java.util.IdentityHashMap<>();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            byColumn.put(targetColumn(e.getKey()), e.getValue());
        }
        List<ClauseElement> cols = new ArrayList<>();
        List<ClauseElement> vals = new ArrayList<>();
        for (ColumnClause<?> c : table().columns()) {
            if (byColumn.containsKey(c)) {
                cols.add(c);
                vals.add(valueOf.apply(c, byColumn.get(c)));
            }
        }
        @SuppressWarnings("unchecked")
        List<ClauseElement>[] out = new List[] {cols, vals};
        return out;
    }

    /**
     * The value SET or inserted for a column: a plain value, or an anonymous parameter such as
     * {@code literal(3)}, becomes a parameter named by the column key (typed by the column when it
     * has no type of its own); a named parameter stays as it is; an expression is grouped. With
     * a null {@code name} the parameter is anonymous ({@code param_1}), as an upsert's SET names it.
     */
    static ClauseElement valueFor(ColumnClause<?> c, Object v, String name) {
        if (v instanceof BindParameter<?> b) {
            if (b.key() != null || b.isExpanding()) {
                return b;
            }
            return new BindParameter<>(name, name, b.value(), b.type().kind() == dev.retort.types.TypeKind.NULL ? c.type() : b.type(), false, false);
        }
        if (v instanceof ColumnElement<?> e) {
            return e.selfGroup(null);
        }
        if (v instanceof SelectBase s) {
            return s.scalarSubquery();
        }
        return new BindParameter<>(name, name, v, c.type(), false, false);
    }

    static List<ColumnElement<?>> returningList(Object... cols) {
        return Select.of(cols).columns();
    }

    /**
     * This statement as a common table expression (PostgreSQL runs INSERT, UPDATE and DELETE in
     * WITH; SQLAlchemy's {@code update(...).returning(...).cte("u")}): its RETURNING columns are
     * the CTE's columns.
     *
     * <pre>{@code
     * CTE moved = update(products).values(Map.of("price", 10)).returning(products.c("id")).cte("moved");
     * select(moved.c("id"));   // WITH moved AS (UPDATE products SET price=... RETURNING products.id) SELECT moved.id FROM moved
     * }</pre>
     */
    public CTE cte(String name) {
        return new CTE(this, name, false);
    }

    /** {@code WITH RECURSIVE name(columns) AS (...)}, as {@link SelectBase#cteRecursive(String)} declares it. */
    public CTE cteRecursive(String name) {
        return new CTE(this, name, true);
    }

    /** {@link #cte(String)} named at compile time ({@code anon_1}). */
    public CTE cte() {
        return new CTE(this, null, false);
    }
}
