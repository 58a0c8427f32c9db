package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What INSERT, UPDATE and DELETE share: a target table, and RETURNING. */
public abstract class DmlStatement extends ClauseElement {
    private final AddedCtes added;
    private final Affixes affixes;

    DmlStatement(AddedCtes added, Affixes affixes) {
        this.added = added;
        this.affixes = affixes;
    }

    Affixes affixes() {
        return affixes;
    }

    /** This statement with other prefixes. */
    abstract DmlStatement withAffixes(Affixes a);

    /** The prefixes given to {@code prefixWith} and {@code prefixWithDialect}, in order. */
    public List<Prefix> prefixes() {
        return affixes.prefixes();
    }

    /** The hints given to an UPDATE's or DELETE's {@code withHint}, in order (none for an INSERT). */
    public List<Hint> hints() {
        return affixes.hints();
    }

    /** The row limit of an UPDATE or DELETE ({@code limit(n)}, MySQL), or null. */
    public Integer limitRows() {
        return affixes.limit();
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
    /** The table written to: the target itself, the table an alias names, or a join's leftmost table. */
    public abstract TableClause table();

    /**
     * A statement's given columns and values ({@code values()}) and a parameter named by its key for each column of the
     * table an execution's parameter key names that they leave out, as SQLAlchemy adds its {@code column_keys}: each
     * added column goes before the first given column of the table that follows it in table order, so columns given in
     * table order stay so; null when the keys add no column. A key that names a parameter of the statement (a WHERE's
     * {@code bindparam("id")}) is that parameter's value, not a column to write (SQLAlchemy refuses such a statement).
     */
    final List<ClauseElement>[] withColumnsNamedBy(List<ClauseElement> columns, List<ClauseElement> values, java.util.Set<String> parameterKeys) {
        List<ClauseElement> cols = new java.util.ArrayList<>(columns);
        List<ClauseElement> vals = new java.util.ArrayList<>(values);
        List<? extends ColumnClause<?>> tableColumns = table().columns();
        java.util.Set<String> bound = new java.util.HashSet<>();
        bindKeys(this, bound, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        boolean added = false;
        for (ColumnClause<?> c : tableColumns) {
            if (!parameterKeys.contains(c.key()) || cols.contains(c) || bound.contains(c.key())) {
                continue;
            }
            int at = cols.size();
            for (int i = 0; i < cols.size(); i++) {
                if (cols.get(i) instanceof ColumnClause<?> given && tableColumns.indexOf(given) > tableColumns.indexOf(c)) {
                    at = i;
                    break;
                }
            }
            cols.add(at, c);
            vals.add(at, valueFor(c, null, c.key()));
            added = true;
        }
        @SuppressWarnings("unchecked")
        List<ClauseElement>[] out = added ? new List[] {cols, vals} : null;
        return out;
    }

    /** The keys of the named bind parameters in {@code e}. */
    private static void bindKeys(ClauseElement e, java.util.Set<String> out, java.util.Set<ClauseElement> seen) {
        if (e == null || !seen.add(e)) {
            return;
        }
        if (e instanceof BindParameter<?> b && b.key() != null && !b.isUnique()) {
            out.add(b.key());
        }
        for (ClauseElement child : e.getChildren()) {
            bindKeys(child, out, seen);
        }
    }

    /** The table's columns whose keys the parameter keys name, in table order, each with no value: a SET or VALUES shape. */
    final java.util.Map<String, Object> columnsNamedBy(java.util.Set<String> parameterKeys) {
        java.util.Map<String, Object> shape = new java.util.LinkedHashMap<>();
        for (ColumnClause<?> c : table().columns()) {
            if (parameterKeys.contains(c.key())) {
                shape.put(c.key(), null);
            }
        }
        return shape;
    }

    /**
     * What the statement names as its target: the table, an alias of it ({@code UPDATE users AS u}),
     * or, for an UPDATE, a join ({@code UPDATE users JOIN addresses ON ...}, MySQL and MariaDB).
     */
    public FromClause target() {
        return table();
    }

    /**
     * The table a DML target writes to; refuses (naming it) anything but a table, an alias of a
     * table and, where {@code joins} is set, a join whose leftmost element is one of those.
     */
    static TableClause writtenTable(Object target, String statement, boolean joins) {
        if (target instanceof TableClause t) {
            return t;
        }
        if (target instanceof Alias a && !(a instanceof CTE) && a.element() instanceof TableClause t) {
            return t;
        }
        if (joins && target instanceof Join j) {
            return writtenTable(j.left(), statement, true);
        }
        throw new dev.retort.exc.ArgumentException(statement + " writes to a table, an alias of a table" + (joins ? " or a join of tables" : "")
                + ", not " + (target == null ? "null" : target.getClass().getSimpleName()));
    }

    /** Whether values may name columns of other tables (an UPDATE: MySQL's multi-table form sets them). */
    boolean setsOtherTables() {
        return false;
    }

    /** The target as a node attribute: null when it is the table itself (all a format 1.9 document has). */
    static FromClause targetAttribute(DmlStatement d) {
        return d.target() == d.table() ? null : d.target();
    }

    /**
     * The target of a deserialized statement: its {@code target} attribute when present (checked
     * to write to its {@code table}), else the table; a typed exception names anything else.
     */
    static FromClause writtenTarget(Object table, Object target) {
        if (target == null) {
            if (!(table instanceof TableClause t)) {
                throw new dev.retort.exc.ArgumentException("A DML statement's table must be a table, not " + (table == null ? "null" : table.getClass().getSimpleName()));
            }
            return t;
        }
        if (writtenTable(target, "A DML statement", true) != table) {
            throw new dev.retort.exc.ArgumentException("A DML statement's target does not write to its table");
        }
        return (FromClause) target;
    }

    /** The tables of the target whose columns a values map may name: the table, or every table of a join. */
    List<TableClause> targetTables() {
        List<TableClause> out = new ArrayList<>();
        if (target() instanceof Join) {
            for (FromClause f : target().fromObjects()) {
                if (f instanceof TableClause t) {
                    out.add(t);
                } else if (f instanceof Alias a && a.element() instanceof TableClause t) {
                    out.add(t);
                }
            }
        } else {
            out.add(table());
        }
        return out;
    }

    /** The RETURNING columns, empty when none. */
    public abstract List<ColumnElement<?>> returningColumns();

    /**
     * Resolves a values-map key to a column of the table written: a column key, a column of the
     * table (of any table of a join target), or a column of the alias the statement targets.
     */
    ColumnClause<?> targetColumn(Object key) {
        if (key instanceof ColumnProxy<?> p && p.parent() == target() && p.origin() instanceof ColumnClause<?> c) {
            return c;
        }
        if (key instanceof ColumnClause<?> c) {
            if (!targetTables().contains(c.table())) {
                if (setsOtherTables() && c.table() != null) {
                    return c;
                }
                throw new dev.retort.exc.ArgumentException("Column '" + c.name() + "' is not a column of table '" + table().name() + "'");
            }
            if (target() instanceof Alias) {
                // SQLAlchemy would SET that table as another FROM of the statement, not the alias
                throw new dev.retort.exc.ArgumentException("The target is an alias of '" + table().name() + "': key its values by name or by the alias's columns, not by column '"
                        + c.name() + "' of the table");
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
        for (TableClause t : targetTables()) {
            for (ColumnClause<?> c : t.columns()) {
                if (byColumn.containsKey(c)) {
                    cols.add(c);
                    vals.add(valueOf.apply(c, byColumn.get(c)));
                }
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
     * {@code c} is the column, or the expression an UPDATE sets ({@link Update#values}).
     */
    static ClauseElement valueFor(ColumnElement<?> c, Object v, String name) {
        if (v instanceof BindParameter<?> b) {
            if (b.key() != null || b.isExpanding()) {
                return b;
            }
            return b.forDmlValue(name, b.type().kind() == dev.retort.types.TypeKind.NULL ? c.type() : b.type());
        }
        if (v instanceof ColumnElement<?> e) {
            return e.selfGroup(null);
        }
        if (v instanceof SelectBase s) {
            return s.scalarSubquery();
        }
        return new BindParameter<>(name, name, v, c.type(), false, false);
    }

    /**
     * The supplemental columns of {@code returnDefaults(cols, supplementalCols)}: a key names a
     * column of the table, any other column expression is taken as it is; repeats are dropped.
     */
    final List<ColumnElement<?>> supplementalColumns(List<?> supplementalCols) {
        List<ColumnElement<?>> extra = new ArrayList<>(supplementalCols.size());
        for (Object k : supplementalCols) {
            ColumnElement<?> c = k instanceof String ? targetColumn(k) : k instanceof ColumnElement<?> e ? e : null;
            if (c == null) {
                throw new dev.retort.exc.ArgumentException("A supplemental column is a column, a column key or a column expression, not " + k);
            }
            if (!extra.contains(c)) {
                extra.add(c);
            }
        }
        return extra;
    }

    /**
     * What {@code returnDefaults} RETURNs: {@code defaults} (columns of the table) with the
     * {@code supplemental} columns of the table placed among them in table order, so that
     * statements of different values RETURN alike (SQLAlchemy's rule), then the other
     * supplemental expressions in the order given.
     */
    final List<ColumnElement<?>> withSupplemental(List<? extends ColumnElement<?>> defaults, List<ColumnElement<?>> supplemental) {
        if (supplemental.isEmpty()) {
            return List.copyOf(defaults);
        }
        List<ColumnElement<?>> out = new ArrayList<>();
        for (ColumnClause<?> c : table().columns()) {
            if (defaults.contains(c) || supplemental.contains(c)) {
                out.add(c);
            }
        }
        for (ColumnElement<?> c : supplemental) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * A loaded statement's supplemental columns ({@code returnDefaultsSupplemental}): absent
     * before format 1.17; each a column expression (a table or a SELECT is refused, named).
     */
    static List<ColumnElement<?>> supplementalOf(Object o) {
        List<ColumnElement<?>> out = new ArrayList<>();
        for (Object c : o == null ? List.of() : (List<?>) o) {
            if (!(c instanceof ColumnElement<?> e)) {
                throw new dev.retort.exc.ArgumentException("returnDefaultsSupplemental holds column expressions, not " + c.getClass().getSimpleName());
            }
            out.add(e);
        }
        return out;
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
