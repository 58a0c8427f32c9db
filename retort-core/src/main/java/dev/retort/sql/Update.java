package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.schema.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code UPDATE table SET col = value, ... WHERE ...}. Values may be plain (bound under the
 * column key) or expressions. Without values, the SET clause is made from the parameters given
 * at execution (every column when compiled alone, as SQLAlchemy writes it).
 *
 * <pre>{@code
 * update(users).where(users.c("id").eq(5)).values(Map.of("age", users.c("age").add(1)));
 * conn.execute(update(users).where(users.c("id").eq(bindparam("uid"))), Map.of("uid", 5, "name", "ed"));   // SET name=?
 * update(users).orderedValues(Map.entry("age", 30), Map.entry("name", "ed"));   // SET in this order (MySQL reads left to right)
 * update(users.alias("u")).values(Map.of("age", 30)).where(...);                 // UPDATE users AS u SET ...
 * }</pre>
 */
public final class Update extends FilteredDml {
    static final Traversal<Update> TRAVERSAL = Traversal.of("update",
            a -> new Update(writtenTarget(a[0], a[7]), BooleanClauseList.castList(a[1]), BooleanClauseList.castList(a[2]), BooleanClauseList.castList(a[3]), Insert.castCols(a[4]), AddedCtes.of(a[5], a[6]), Affixes.of(a[8], null, a[9], a[10]),
                    Boolean.TRUE.equals(a[11]) ? Insert.castCols(a[12]) : null, supplementalOf(a[13])),
            Attr.clause("table", Update::table),
            Attr.clauses("columns", Update::targetColumns),
            Attr.clauses("values", Update::setValues),
            Attr.clauses("where", Update::whereCriteria),
            Attr.clauses("returning", Update::returningColumns),
            Attr.clauses("addedCtes", Update::addedCtes).since(9),
            Attr.struct("addedCtesNestHere", (Update d) -> nestHereAttribute(d)).since(9),
            Attr.optionalClause("target", (Update d) -> targetAttribute(d)).since(10),
            Attr.clauses("prefixes", Update::prefixes).since(11),
            Attr.clauses("hints", Update::hints).since(15),
            Attr.struct("limit", Update::limitRows).since(15),
            // left out unless asked, so that a statement without it still writes as format 1.16
            Attr.<Update>flag("returnDefaults", Update::returnsDefaults).omittedWhen(false).since(17),
            Attr.clauses("returnDefaultsColumns", Update::returnDefaultsColumns).since(17),
            Attr.clauses("returnDefaultsSupplemental", Update::returnDefaultsSupplemental).since(17));

    private final List<ClauseElement> columns;
    private final List<ClauseElement> values;
    /**
     * Whether the SET came from {@link #orderedValues}, after which neither form may be called.
     * Not an attribute: the order itself is in the columns; a copy made through the traversal
     * (serialized, {@code params}) forgets only that refusal.
     */
    private final boolean orderedValues;

    Update(FromClause target) {
        this(target, List.of(), List.of(), List.of(), List.of(), AddedCtes.NONE, Affixes.NONE, null, List.of());
    }

    Update(FromClause target, List<? extends ClauseElement> columns, List<? extends ClauseElement> values, List<? extends ClauseElement> where, List<ColumnElement<?>> returning,
            AddedCtes added, Affixes affixes, List<ColumnElement<?>> returnDefaults, List<ColumnElement<?>> supplemental) {
        this(target, columns, values, where, returning, added, affixes, returnDefaults, supplemental, false);
    }

    private Update(FromClause target, List<? extends ClauseElement> columns, List<? extends ClauseElement> values, List<? extends ClauseElement> where,
            List<ColumnElement<?>> returning, AddedCtes added, Affixes affixes, List<ColumnElement<?>> returnDefaults, List<ColumnElement<?>> supplemental,
            boolean orderedValues) {
        super(target, "UPDATE", true, where, returning, added, affixes, returnDefaults, supplemental);
        this.columns = List.copyOf(columns);
        this.values = List.copyOf(values);
        this.orderedValues = orderedValues;
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
        return new Update(target(), columns, values, whereCriteria(), returningColumns(), a, affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental(), orderedValues);
    }

    /**
     * Writes text after the statement's keyword on every dialect (SQLAlchemy's {@code prefix_with});
     * each item is a string (written as {@code text(s)}) or a SQL element.
     * <pre>{@code
     * update(users).prefixWithDialect("mysql", "LOW_PRIORITY").values(Map.of("name", "x"))   // UPDATE LOW_PRIORITY users SET ...
     * }</pre>
     */
    public Update prefixWith(Object... prefixes) {
        return withAffixes(affixes().prefixed(null, prefixes));
    }

    /** As {@link #prefixWith}, written only on the dialect named (see {@link Prefix}). */
    public Update prefixWithDialect(String dialect, Object... prefixes) {
        return withAffixes(affixes().prefixed(dialect, prefixes));
    }

    /** A hint for the table written to, on every dialect (SQLAlchemy's {@code with_hint}); see {@link #withHint(String, String)}. */
    public Update withHint(String text) {
        return withHint(text, null);
    }

    /**
     * A hint for the table written to, on {@code dialect} only (null or {@code "*"}: every
     * dialect), written as {@link Select#withHint(FromClause, String, String)} writes a table
     * hint, but as given: SQLAlchemy replaces no {@code %(name)s} in a DML statement's hint.
     *
     * <pre>{@code
     * update(users).values(Map.of("name", "x")).withHint("ONLY", "postgresql");   // UPDATE ONLY users SET name=?
     * }</pre>
     */
    public Update withHint(String text, String dialect) {
        return withAffixes(affixes().hinted(new Hint(target(), text, dialect)));
    }

    /**
     * {@code UPDATE ... LIMIT rows} (SQLAlchemy's {@code mysql_limit}): at most {@code rows} rows,
     * written inline; MySQL and MariaDB only, other dialects raise a {@code CompileException}.
     * Null removes it.
     *
     * <pre>{@code
     * update(users).where(users.c("age").lt(18)).limit(10);   // ... WHERE users.age < ? LIMIT 10
     * }</pre>
     */
    public Update limit(Integer rows) {
        return withAffixes(affixes().limited(rows));
    }

    @Override
    Update withAffixes(Affixes a) {
        return new Update(target(), columns, values, whereCriteria(), returningColumns(), added(), a, returnDefaultsOrNull(), returnDefaultsSupplemental(), orderedValues);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitUpdate(this);
    }

    /** The columns SET: in table order, or in the order given to {@link #orderedValues}; empty without values. */
    public List<ClauseElement> targetColumns() {
        return columns;
    }

    /** The values SET, parallel to {@link #targetColumns()}. */
    public List<ClauseElement> setValues() {
        return values;
    }

    /**
     * The SET clause, keyed by column key or column, written in table order. Called again, the
     * values are merged, a later value for a column replacing the earlier one, as SQLAlchemy's
     * {@code values()} does ({@code values(Map.of("a", 1)).values(Map.of("b", 2))} sets both);
     * after {@link #orderedValues} it raises an ArgumentException. A {@link Tuple} of columns as a key sets a row value, {@code (a, b)=(SELECT x, y ...)}
     * (PostgreSQL, SQLite; after the columns), to a SELECT or a tuple. A column of another table
     * that the WHERE criteria name is set by MySQL's and MariaDB's multi-table UPDATE
     * ({@code UPDATE users, addresses SET addresses.email=? ...}; before the target's columns, a
     * plain value bound as {@code addresses_email}); other dialects raise a CompileException.
     * An expression as a key, such as a PostgreSQL array element or slice, or a JSON or HSTORE
     * element, is SET as written, before the columns; a plain value for it is an anonymous
     * parameter ({@code param_1}) of the expression's type:
     * <pre>{@code
     * update(t).values(Map.of(t.c("data").item(5), 7))        // UPDATE t SET data[?]=? (PostgreSQL)
     * }</pre>
     */
    public Update values(Map<?, ?> newValues) {
        if (newValues.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An UPDATE of '" + table().name() + "' needs at least one value to SET (without values(), the SET clause comes from the execution's parameters)");
        }
        if (orderedValues) {
            throw new dev.retort.exc.ArgumentException("This statement already has ordered values present");
        }
        // The earlier SET first, a later value for the same target replacing it in place, as SQLAlchemy merges its
        // dict (elements have identity equality)
        Map<ClauseElement, ClauseElement> merged = new java.util.LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            merged.put(columns.get(i), values.get(i));
        }
        for (Map.Entry<?, ?> e : newValues.entrySet()) {
            if (e.getKey() instanceof Tuple row) {
                merged.put(rowTarget(row), rowValue(row, e.getValue()));
            } else if (isExpressionTarget(e.getKey())) {
                merged.put((ClauseElement) e.getKey(), valueFor((ColumnElement<?>) e.getKey(), e.getValue(), null));
            } else {
                ColumnClause<?> c = targetColumn(e.getKey());
                merged.put(c, valueFor(c, e.getValue(), targetTables().contains(c.table()) ? c.key() : otherTableBindName(c)));
            }
        }
        List<ClauseElement> allCols = new ArrayList<>(merged.keySet());
        // Expressions first, then other tables' columns, then the target's, then row values, as SQLAlchemy writes
        // them; columns by table and position, so that the SQL does not depend on the map's iteration order.
        allCols.sort(java.util.Comparator.comparingInt(this::setGroup)
                .thenComparing(c -> setGroup(c) == 1 ? String.valueOf(((ColumnClause<?>) c).table().schema()) + "." + ((ColumnClause<?>) c).table().name() : "")
                .thenComparingInt(c -> setGroup(c) == 2 ? targetTables().indexOf(((ColumnClause<?>) c).table()) : 0)
                .thenComparingInt(c -> c instanceof ColumnClause<?> cc && (setGroup(c) == 1 || setGroup(c) == 2) ? cc.table().columns().indexOf(cc) : 0));
        List<ClauseElement> allVals = new ArrayList<>(allCols.size());
        allCols.forEach(c -> allVals.add(merged.get(c)));
        return new Update(target(), allCols, allVals, whereCriteria(), returningColumns(), added(), affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental(), false);
    }

    /** Where a SET target is written: 0 an expression, 1 another table's column, 2 the target's column, 3 a row value. */
    private int setGroup(ClauseElement target) {
        if (target instanceof Tuple) {
            return 3;
        }
        if (!(target instanceof ColumnClause<?> c)) {
            return 0;
        }
        return targetTables().contains(c.table()) ? 2 : 1;
    }

    /**
     * A key that is an expression rather than a column, such as an array element
     * ({@code data[5]}) or slice: SET to it as written; a plain value is an anonymous parameter.
     */
    private static boolean isExpressionTarget(Object key) {
        return key instanceof ColumnElement<?> && !(key instanceof ColumnClause<?>) && !(key instanceof ColumnProxy<?>) && !(key instanceof Tuple);
    }

    /** A plain value for another table's column is bound as {@code table_column}, as SQLAlchemy names it. */
    private static String otherTableBindName(ColumnClause<?> c) {
        return c.table().name() + "_" + c.key();
    }

    @Override
    boolean setsOtherTables() {
        return true;
    }

    /** A row-value SET target, {@code (a, b)}: a tuple of distinct columns of the table. */
    private Tuple rowTarget(Tuple row) {
        List<ColumnClause<?>> seen = new ArrayList<>();
        for (ColumnElement<?> e : row.elements()) {
            ColumnClause<?> c = targetColumn(e);
            if (seen.contains(c)) {
                throw new dev.retort.exc.ArgumentException("Column '" + c.name() + "' is named twice in a row-value SET");
            }
            seen.add(c);
        }
        return row;
    }

    /** What a row value is SET to: a SELECT (as a subquery) or a tuple of as many values. */
    private static ClauseElement rowValue(Tuple row, Object v) {
        if (v instanceof SelectBase s) {
            return s.scalarSubquery();
        }
        if (v instanceof ScalarSelect<?> || v instanceof Tuple t && t.elements().size() == row.elements().size()) {
            return (ClauseElement) v;
        }
        throw new dev.retort.exc.ArgumentException("A row value of " + row.elements().size() + " columns is SET to a SELECT or a tuple of as many values, not " + v);
    }

    /**
     * The SET clause in the order given (SQLAlchemy's {@code ordered_values}): MySQL and MariaDB
     * assign left to right, so a later value may read a column SET before it. Keys as for
     * {@link #values}; raises an ArgumentException on a statement that already has values, ordered or not, as SQLAlchemy does.
     *
     * <pre>{@code
     * // MySQL: the second assignment reads the new x
     * update(t).orderedValues(Map.entry("x", t.c("x").add(1)), Map.entry("y", t.c("x")));
     * }</pre>
     */
    public Update orderedValues(Map.Entry<?, ?>... pairs) {
        if (pairs.length == 0) {
            throw new dev.retort.exc.ArgumentException("orderedValues() needs at least one (column, value) pair");
        }
        if (orderedValues || !columns.isEmpty()) {
            throw new dev.retort.exc.ArgumentException(orderedValues ? "This statement already has ordered values present" : "This statement already has values present");
        }
        List<ClauseElement> cols = new ArrayList<>();
        List<ClauseElement> vals = new ArrayList<>();
        for (Map.Entry<?, ?> pair : pairs) {
            if (pair.getKey() instanceof Tuple row) {
                cols.add(rowTarget(row));
                vals.add(rowValue(row, pair.getValue()));
                continue;
            }
            if (isExpressionTarget(pair.getKey())) {
                cols.add((ClauseElement) pair.getKey());
                vals.add(valueFor((ColumnElement<?>) pair.getKey(), pair.getValue(), null));
                continue;
            }
            ColumnClause<?> c = targetColumn(pair.getKey());
            if (cols.contains(c)) {
                throw new dev.retort.exc.ArgumentException("Column '" + c.name() + "' is given twice to orderedValues()");
            }
            cols.add(c);
            vals.add(valueFor(c, pair.getValue(), targetTables().contains(c.table()) ? c.key() : otherTableBindName(c)));
        }
        return new Update(target(), cols, vals, whereCriteria(), returningColumns(), added(), affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental(), true);
    }

    /** Adds WHERE criteria, AND-ed. */
    public Update where(ClauseElement... criteria) {
        return new Update(target(), columns, values, whereAnd(criteria), returningColumns(), added(), affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental(), orderedValues);
    }

    /** {@code RETURNING cols} (PostgreSQL, SQLite). */
    public Update returning(Object... cols) {
        return new Update(target(), columns, values, whereCriteria(), returningList(cols), added(), affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental(), orderedValues);
    }

    /**
     * Asks for the values the database gives the row (SQLAlchemy's {@code return_defaults()} of an
     * UPDATE), RETURNed where the dialect has UPDATE ... RETURNING (PostgreSQL, SQLite; not MySQL or
     * MariaDB): with no {@code cols}, each column SET to an expression and each column given a SQL
     * {@code Column.onUpdate} expression; with {@code cols} (columns or keys of the table), those of
     * them, whatever their value. {@code supplementalCols} are RETURNed besides, on every dialect
     * (MariaDB refuses UPDATE ... RETURNING when executed, as with {@link #returning}), the table's
     * in table order, and the result's rows are then the RETURNING rows. The values are
     * {@link dev.retort.engine.Result#returnedDefaults()}. Not with {@link #returning}.
     *
     * <pre>{@code
     * Result r = conn.execute(update(items).values(Map.of("name", "b")).where(items.c("id").eq(1))
     *         .returnDefaults(List.of(), List.of("name")));
     * r.returnedDefaults().get("revised");   // a Column.onUpdate(func("now")) column's new value
     * }</pre>
     */
    public Update returnDefaults(List<?> cols, List<?> supplementalCols) {
        return new Update(target(), columns, values, whereCriteria(), returningColumns(), added(), affixes(), askedColumns(cols), supplementalColumns(supplementalCols), orderedValues);
    }

    /** {@link #returnDefaults(List, List)} of {@code cols}, without supplemental columns. */
    public Update returnDefaults(Object... cols) {
        return returnDefaults(List.of(cols), List.of());
    }

    /**
     * What {@link #returnDefaults} RETURNs, in table order, the other supplemental expressions
     * last; {@code updateReturning} tells whether the dialect has UPDATE ... RETURNING (without, the
     * supplemental columns alone). Empty when not asked.
     */
    public List<ColumnElement<?>> returnDefaultsReturning(boolean updateReturning) {
        if (!returnsDefaults()) {
            return List.of();
        }
        List<ColumnElement<?>> defaults = new ArrayList<>();
        List<ColumnElement<?>> named = returnDefaultsColumns();
        for (ColumnClause<?> c : updateReturning ? table().columns() : List.<ColumnClause<?>>of()) {
            int at = columns.indexOf(c);
            boolean returned;
            if (at >= 0) {
                returned = !(values.get(at) instanceof BindParameter<?>);
            } else if (c instanceof Column<?> col && col.onUpdate() != null) {
                // a constant or supplier is sent as a parameter: known before the row is written, not returned
                returned = col.onUpdate().isExpression();
            } else {
                returned = !named.isEmpty();
            }
            if (returned && (named.isEmpty() || named.contains(c))) {
                defaults.add(c);
            }
        }
        return withSupplemental(defaults, returnDefaultsSupplemental());
    }

    /**
     * Without values, the SET clause names the columns of the execution's parameter keys, in table
     * order (a key that names no column, such as a WHERE's {@code bindparam}, is not SET); with values,
     * a column a key names that they leave out is SET to the parameter of that key too, as SQLAlchemy does.
     */
    @Override
    public ClauseElement forExecution(Set<String> parameterKeys) {
        if (parameterKeys.isEmpty()) {
            return this;
        }
        if (!columns.isEmpty()) {
            List<ClauseElement>[] cv = withColumnsNamedBy(columns, values, parameterKeys);
            return cv == null ? this
                    : new Update(target(), cv[0], cv[1], whereCriteria(), returningColumns(), added(), affixes(), returnDefaultsOrNull(), returnDefaultsSupplemental(), orderedValues);
        }
        Map<String, Object> shape = columnsNamedBy(parameterKeys);
        return shape.isEmpty() ? this : values(shape);
    }
}
