package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code INSERT INTO table (...) VALUES (...)}: one row, several rows, or from a SELECT. Without
 * values, the columns are those of the parameters given at execution.
 *
 * <pre>{@code
 * insert(users).values(Map.of("id", 1, "name", "x"));
 * conn.execute(insert(users), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
 * insert(archive).fromSelect(List.of("id", "name"), select(users.c("id"), users.c("name")));
 * }</pre>
 */
public final class Insert extends DmlStatement {
    static final Traversal<Insert> TRAVERSAL = Traversal.of("insert",
            a -> new Insert((TableClause) a[0], BooleanClauseList.castList(a[1]), BooleanClauseList.castList(a[2]), (SelectBase) a[3], castCols(a[4]), (ClauseElement) a[5], AddedCtes.of(a[6], a[7]), Affixes.of(a[8], null),
                    Boolean.TRUE.equals(a[9]) ? castCols(a[10]) : null, supplementalOf(a[12]), Boolean.TRUE.equals(a[11])),
            Attr.clause("table", Insert::table),
            Attr.clauses("columns", Insert::targetColumns),
            Attr.clauses("rows", Insert::rows),
            Attr.optionalClause("select", Insert::fromSelectStatement),
            Attr.clauses("returning", Insert::returningColumns),
            Attr.optionalClause("onConflict", Insert::onConflict).since(7),
            Attr.clauses("addedCtes", Insert::addedCtes).since(9),
            Attr.struct("addedCtesNestHere", (Insert d) -> nestHereAttribute(d)).since(9),
            Attr.clauses("prefixes", Insert::prefixes).since(11),
            // left out unless asked, so that a statement without it still writes as format 1.14
            Attr.<Insert>flag("returnDefaults", Insert::returnsDefaults).omittedWhen(false).since(15),
            Attr.clauses("returnDefaultsColumns", (Insert i) -> i.returnDefaults == null ? List.of() : i.returnDefaults).since(15),
            Attr.<Insert>flag("fromSelectWithoutDefaults", i -> i.withoutDefaults).omittedWhen(false).since(16),
            Attr.clauses("returnDefaultsSupplemental", Insert::returnDefaultsSupplemental).since(17));

    private final TableClause table;
    private final List<ClauseElement> columns;
    private final List<ClauseElement> rows;
    private final SelectBase select;
    private final List<ColumnElement<?>> returning;
    private final ClauseElement onConflict;
    /** The columns given to {@link #returnDefaults}: null when not asked, empty for every column. */
    private final List<ColumnElement<?>> returnDefaults;
    /** The supplemental columns given to {@link #returnDefaults(List, List)}, RETURNed besides the defaults. */
    private final List<ColumnElement<?>> supplemental;
    /** Whether an INSERT from a SELECT leaves the columns' client-side defaults out ({@code fromSelect(..., false)}). */
    private final boolean withoutDefaults;
    /**
     * Whether the values came as a list of rows ({@link #values(List)}), which a later list adds
     * to and a single row may not follow. Not an attribute: a copy made through the traversal
     * (serialized, {@code params}) keeps it only when it has several rows.
     */
    private final boolean multiValues;

    Insert(TableClause table) {
        this(table, List.of(), List.of(), null, List.of(), null, AddedCtes.NONE, Affixes.NONE, null, List.of(), false);
    }

    Insert(TableClause table, List<? extends ClauseElement> columns, List<? extends ClauseElement> rows, SelectBase select, List<ColumnElement<?>> returning,
            ClauseElement onConflict, AddedCtes added, Affixes affixes, List<ColumnElement<?>> returnDefaults, List<ColumnElement<?>> supplemental,
            boolean withoutDefaults) {
        this(table, columns, rows, select, returning, onConflict, added, affixes, returnDefaults, supplemental, withoutDefaults, rows.size() > 1);
    }

    private Insert(TableClause table, List<? extends ClauseElement> columns, List<? extends ClauseElement> rows, SelectBase select, List<ColumnElement<?>> returning,
            ClauseElement onConflict, AddedCtes added, Affixes affixes, List<ColumnElement<?>> returnDefaults, List<ColumnElement<?>> supplemental,
            boolean withoutDefaults, boolean multiValues) {
        super(added, affixes);
        this.table = table;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.select = select;
        this.returning = List.copyOf(returning);
        this.onConflict = onConflict;
        this.returnDefaults = returnDefaults == null ? null : List.copyOf(returnDefaults);
        this.supplemental = List.copyOf(supplemental);
        this.withoutDefaults = withoutDefaults;
        this.multiValues = multiValues;
        if (!this.supplemental.isEmpty() && returnDefaults == null) {
            throw new dev.retort.exc.ArgumentException("An INSERT's supplemental columns come with returnDefaults(cols, supplementalCols)");
        }
        if (returnDefaults != null && !this.returning.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An INSERT takes returning() or returnDefaults(), not both");
        }
    }

    @SuppressWarnings("unchecked")
    static List<ColumnElement<?>> castCols(Object o) {
        return (List<ColumnElement<?>>) o;
    }

    /**
     * Declares CTEs in this statement's WITH clause whether or not it refers to them, as
     * {@link Select#addCte} (SQLAlchemy's {@code add_cte}).
     */
    public Insert addCte(CTE... ctes) {
        return withAdded(added().plus(ctes, false));
    }

    /** As {@link #addCte}, declared in this statement's own WITH clause ({@code nest_here=True}). */
    public Insert addNestedCte(CTE... ctes) {
        return withAdded(added().plus(ctes, true));
    }

    private Insert withAdded(AddedCtes a) {
        return new Insert(table, columns, rows, select, returning, onConflict, a, affixes(), returnDefaults, supplemental, withoutDefaults, multiValues);
    }

    /**
     * Writes text after the statement's keyword on every dialect (SQLAlchemy's {@code prefix_with});
     * each item is a string (written as {@code text(s)}) or a SQL element.
     * <pre>{@code
     * insert(users).prefixWithDialect("mysql", "IGNORE")   // INSERT IGNORE INTO users ... on MySQL and MariaDB only
     * }</pre>
     */
    public Insert prefixWith(Object... prefixes) {
        return withAffixes(affixes().prefixed(null, prefixes));
    }

    /** As {@link #prefixWith}, written only on the dialect named (see {@link Prefix}). */
    public Insert prefixWithDialect(String dialect, Object... prefixes) {
        return withAffixes(affixes().prefixed(dialect, prefixes));
    }

    @Override
    Insert withAffixes(Affixes a) {
        return new Insert(table, columns, rows, select, returning, onConflict, added(), a, returnDefaults, supplemental, withoutDefaults, multiValues);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitInsert(this);
    }

    @Override
    public TableClause table() {
        return table;
    }

    /** The target columns, in table order; empty until values are given. */
    public List<ClauseElement> targetColumns() {
        return columns;
    }

    /** The rows of values, each a parenthesised list. */
    public List<ClauseElement> rows() {
        return rows;
    }

    /** The SELECT inserted from, or null. */
    public SelectBase fromSelectStatement() {
        return select;
    }

    @Override
    public List<ColumnElement<?>> returningColumns() {
        return returning;
    }

    /**
     * One row of values, keyed by column key or column; plain values are bound. Called again, the
     * values are merged, a later value for a column replacing the earlier one, as SQLAlchemy's
     * {@code values()} does.
     *
     * <pre>{@code
     * insert(t).values(Map.of("a", 1, "b", "y")).values(Map.of("a", 2));   // INSERT INTO t (a, b) VALUES (:a, :b), a = 2
     * }</pre>
     *
     * @throws dev.retort.exc.ArgumentException after {@link #values(List)} (a list of rows adds rows,
     *     a single row replaces values: SQLAlchemy refuses the mix as ambiguous) or {@link #fromSelect}
     */
    public Insert values(Map<?, ?> values) {
        checkValuesAllowed(false);
        List<ClauseElement>[] cv = columnsAndValues(values, null);
        if (!rows.isEmpty()) {
            Map<ClauseElement, ClauseElement> merged = new java.util.IdentityHashMap<>();
            List<ClauseElement> old = ((ClauseList) rows.get(0)).clauses();
            for (int i = 0; i < columns.size(); i++) {
                merged.put(columns.get(i), old.get(i));
            }
            for (int i = 0; i < cv[0].size(); i++) {
                merged.put(cv[0].get(i), cv[1].get(i));
            }
            cv[0].clear();
            cv[1].clear();
            for (TableClause t : targetTables()) {
                t.columns().stream().filter(merged::containsKey).forEach(c -> {
                    cv[0].add(c);
                    cv[1].add(merged.get(c));
                });
            }
        }
        return new Insert(table, cv[0], List.of(new ClauseList(Operator.COMMA, cv[1], true)), null, returning, onConflict, added(), affixes(), returnDefaults, supplemental,
                withoutDefaults, false);
    }

    /** Refuses values after a SELECT, and a single row and a list of rows together, with SQLAlchemy's messages. */
    private void checkValuesAllowed(boolean many) {
        if (select != null) {
            throw new dev.retort.exc.ArgumentException("This construct already inserts from a SELECT");
        }
        if (!rows.isEmpty() && many != (multiValues || rows.size() > 1)) {
            throw new dev.retort.exc.ArgumentException("Can't mix single and multiple VALUES formats in one INSERT statement; one style appends to a list while the other "
                    + "replaces values, so the intent is ambiguous.");
        }
    }

    /**
     * Several rows in one statement ({@code VALUES (...), (...)}). The columns are those of the
     * first row and those with a default ({@code Column.defaultValue}) or a sequence that a later row gives, as
     * in SQLAlchemy: a row that leaves one out gets the column's default (its SQL, or a parameter
     * {@code key_m<i>} whose value the execution asks of the default; a sequence's next value)
     * and otherwise raises; other keys the first row does not give are not inserted.
     *
     * <pre>{@code
     * // status has defaultValue("new"): INSERT INTO t (id, status) VALUES (:id_m0, :status_m0), (:id_m1, :status_m1)
     * insert(t).values(List.of(Map.of("id", 1, "status", "old"), Map.of("id", 2)));
     * }</pre>
     *
     * Called again with a list, the rows are added after the earlier ones, as SQLAlchemy does.
     *
     * @throws dev.retort.exc.ArgumentException for no rows, a later row without a value for a
     *     column of the first row that has no default (naming the row index and the column), or
     *     after {@link #values(Map)} or {@link #fromSelect}
     */
    public Insert values(List<? extends Map<?, ?>> rowMaps) {
        if (rowMaps.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("values() needs at least one row");
        }
        checkValuesAllowed(true);
        List<List<ClauseElement>[]> given = new ArrayList<>();
        java.util.Set<ClauseElement> named = new java.util.HashSet<>();
        for (ClauseElement row : rows) {
            @SuppressWarnings("unchecked")
            List<ClauseElement>[] cv = new List[] {columns, ((ClauseList) row).clauses()};
            given.add(cv);
            named.addAll(columns);
        }
        for (int i = 0; i < rowMaps.size(); i++) {
            List<ClauseElement>[] cv = columnsAndValues(rowMaps.get(i), "_m" + (rows.size() + i));
            given.add(cv);
            // the first row's columns, and those with a default or sequence that a later row gives (the first row takes it)
            cv[0].stream().filter(c -> given.size() == 1 || c instanceof Column<?> col && (col.defaultValue() != null || col.sequence() != null && !col.sequence().optional()))
                    .forEach(named::add);
        }
        List<ClauseElement> cols = new ArrayList<>();
        for (TableClause t : targetTables()) {
            t.columns().stream().filter(named::contains).forEach(cols::add);
        }
        List<ClauseElement> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            List<ClauseElement>[] cv = given.get(i);
            List<ClauseElement> values = new ArrayList<>(cols.size());
            for (ClauseElement c : cols) {
                int at = cv[0].indexOf(c);
                values.add(at >= 0 ? cv[1].get(at) : rowDefault((ColumnClause<?>) c, i));
            }
            out.add(new ClauseList(Operator.COMMA, values, true));
        }
        return new Insert(table, cols, out, null, returning, onConflict, added(), affixes(), returnDefaults, supplemental, withoutDefaults, true);
    }

    /**
     * The value of column {@code c} in row {@code row} of a multi-row VALUES that leaves it out:
     * its default's SQL, a parameter carrying the default, or its sequence's next value, as
     * SQLAlchemy's {@code _process_multiparam_default_bind}.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ClauseElement rowDefault(ColumnClause<?> c, int row) {
        dev.retort.schema.ColumnDefault d = c instanceof Column<?> col ? col.defaultValue() : null;
        if (d != null && d.isExpression()) {
            return d.expression().selfGroup(null);
        }
        if (d != null) {
            return SQL.bindparam(row == 0 ? c.key() : c.key() + "_m" + row, (Object) d, (dev.retort.types.TypeEngine) c.type());
        }
        if (c instanceof Column<?> col && col.sequence() != null) {
            return col.sequence().nextValue();
        }
        throw new dev.retort.exc.ArgumentException("Row " + row + " of a multi-row INSERT has no value for column '" + c.key()
                + "', which row 0 gives and which has no default (SQLAlchemy: a Python-side value or SQL expression is required)");
    }

    /**
     * {@code INSERT INTO table (cols) SELECT ...}. The table's columns the SELECT does not fill that
     * have a client-side default ({@code Column.defaultValue}) or a sequence are added, their
     * values added to the SELECT's columns, as SQLAlchemy's {@code from_select} does; see
     * {@link #fromSelect(List, SelectBase, boolean)}.
     */
    public Insert fromSelect(List<?> columnKeys, SelectBase select) {
        return fromSelect(columnKeys, select, true);
    }

    /**
     * {@code INSERT INTO table (cols) SELECT ...}, with {@code includeDefaults} false leaving the
     * columns' client-side defaults out (SQLAlchemy's {@code include_defaults=False}). Defaults to
     * add need a {@link Select} (a compound SELECT as a subquery first).
     *
     * <pre>{@code
     * insert(t).fromSelect(List.of("id"), select(src.c("id")));          // INSERT INTO t (id, created) SELECT src.id, now() AS now_1 FROM src
     * insert(t).fromSelect(List.of("id"), select(src.c("id")), false);   // INSERT INTO t (id) SELECT src.id FROM src
     * }</pre>
     */
    public Insert fromSelect(List<?> columnKeys, SelectBase select, boolean includeDefaults) {
        if (!rows.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("This construct already inserts value expressions");
        }
        List<ClauseElement> cols = new ArrayList<>();
        for (Object k : columnKeys) {
            cols.add(targetColumn(k));
        }
        return new Insert(table, cols, List.of(), select, returning, onConflict, added(), affixes(), returnDefaults, supplemental, !includeDefaults);
    }

    /** Whether an INSERT from a SELECT adds the columns' client-side defaults ({@link #fromSelect(List, SelectBase, boolean)}). */
    public boolean fromSelectIncludesDefaults() {
        return !withoutDefaults;
    }

    /** {@code RETURNING cols} (PostgreSQL, SQLite, MariaDB). */
    public Insert returning(Object... cols) {
        return new Insert(table, columns, rows, select, returningList(cols), onConflict, added(), affixes(), returnDefaults, supplemental, withoutDefaults, multiValues);
    }

    /**
     * Asks for the values the database gives the row (SQLAlchemy's {@code return_defaults()}):
     * its generated primary key and, with no {@code columns}, every other column the statement
     * gives no plain value; with {@code columns} (columns or column keys of the table), those of
     * them it gives no plain value. Where the dialect has RETURNING (PostgreSQL, SQLite, MariaDB)
     * a single-row INSERT ... VALUES returns them ({@code RETURNING t.id, t.created}); elsewhere,
     * and for a multi-row VALUES or a SELECT, nothing is added and the key comes from JDBC's
     * generated keys. The values are {@link dev.retort.engine.Result#returnedDefaults()}; the
     * statement returns no rows of its own. Not with {@link #returning}.
     *
     * <pre>{@code
     * Result r = conn.execute(insert(items).values(Map.of("name", "a")).returnDefaults());
     * r.returnedDefaults().get("created");    // the server default's value; r.insertedPrimaryKeys() has the key
     * }</pre>
     */
    public Insert returnDefaults(Object... cols) {
        List<ColumnElement<?>> asked = new ArrayList<>(cols.length);
        for (Object k : cols) {
            asked.add(targetColumn(k));
        }
        return new Insert(table, columns, rows, select, returning, onConflict, added(), affixes(), asked, supplemental, withoutDefaults, multiValues);
    }

    /**
     * {@link #returnDefaults(Object...)} of {@code cols}, RETURNING also {@code supplementalCols}
     * (SQLAlchemy's {@code return_defaults(*cols, supplemental_cols=[...])}): columns or column
     * keys of the table, placed in table order among the defaults, then any other expressions in
     * the order given. The result then has rows, each the whole RETURNING row, which is also
     * {@link dev.retort.engine.Result#returnedDefaults()}. They are RETURNed for a multi-row
     * VALUES too (the defaults are not), not for an INSERT from a SELECT; on MySQL, which has
     * no RETURNING, compiling refuses them as it refuses {@link #returning}.
     *
     * <pre>{@code
     * Result r = conn.execute(insert(items).values(Map.of("name", "a")).returnDefaults(List.of(), List.of("name")));
     * r.one().get("name");                  // RETURNING items.id, items.name, items.created
     * r.returnedDefaults().get("created");
     * }</pre>
     */
    public Insert returnDefaults(List<?> cols, List<?> supplementalCols) {
        Insert asked = returnDefaults(cols.toArray());
        return new Insert(table, columns, rows, select, returning, onConflict, added(), affixes(), asked.returnDefaults, supplementalColumns(supplementalCols),
                withoutDefaults, multiValues);
    }

    /** The supplemental columns given to {@link #returnDefaults(List, List)}, in the order given (empty when none). */
    public List<ColumnElement<?>> returnDefaultsSupplemental() {
        return supplemental;
    }

    /** Whether {@link #returnDefaults} was asked. */
    public boolean returnsDefaults() {
        return returnDefaults != null;
    }

    /** The columns given to {@link #returnDefaults} (empty for every column, or when not asked). */
    public List<ColumnElement<?>> returnDefaultsColumns() {
        return returnDefaults == null ? List.of() : returnDefaults;
    }

    /**
     * The columns {@link #returnDefaults} returns where the dialect has RETURNING, in table order
     * (SQLAlchemy's rule): a primary key column given no value that the database generates
     * (auto-increment, server default, sequence or a SQL {@code Column.defaultValue}); a primary
     * key column given an expression; and any other column asked for that is given no value or an
     * expression. A column whose constant or supplier default fills it is sent, not returned. Empty when not asked,
     * and for a statement of several rows, from a SELECT, or without values (executed, its values
     * are the parameters', all plain).
     */
    public List<Column<?>> returnedDefaultColumns() {
        if (returnDefaults == null || select != null || rows.size() != 1 || !(table instanceof Table t)) {
            return List.of();
        }
        List<ClauseElement> values = ((ClauseList) rows.get(0)).clauses();
        List<Column<?>> out = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            int at = columns.indexOf(c);
            boolean asked = returnDefaults.isEmpty() || returnDefaults.contains(c);
            if (at >= 0) {
                if (!(values.get(at) instanceof BindParameter<?>) && (c.isPrimaryKey() || asked)) {
                    out.add(c);
                }
            } else if (c.defaultValue() != null && !c.defaultValue().isExpression() && c.sequence() == null) {
                // a constant or supplier default is sent as a parameter: known before the row is written, not returned
                continue;
            } else if (c.isPrimaryKey() ? c.isAutoincrement() || c.serverDefault() != null || c.sequence() != null || c.defaultValue() != null : asked) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * What an INSERT asking {@link #returnDefaults} RETURNs where the dialect has RETURNING:
     * {@link #returnedDefaultColumns()} with the {@link #returnDefaultsSupplemental() supplemental}
     * columns of the table placed among them in table order (so that statements of different
     * values RETURN alike), then the other supplemental expressions; nothing for an INSERT from a
     * SELECT, as SQLAlchemy.
     */
    public List<ColumnElement<?>> returnDefaultsReturning() {
        return select != null ? List.of() : withSupplemental(returnedDefaultColumns(), supplemental);
    }

    // ---- upsert --------------------------------------------------------------------------------

    /** The upsert clause: an {@link OnConflict} or an {@link OnDuplicateKey}; null for a plain INSERT. */
    public ClauseElement onConflict() {
        return onConflict;
    }

    /**
     * {@code ON CONFLICT (cols) DO NOTHING} (PostgreSQL, SQLite): a row that would violate the
     * unique index on {@code indexElements} (columns, column keys or expressions) is skipped; with
     * none, a row violating any unique constraint is.
     *
     * <pre>{@code
     * insert(t).values(row).onConflictDoNothing(t.c("id"));
     * }</pre>
     */
    public Insert onConflictDoNothing(Object... indexElements) {
        return indexElements.length == 0 ? withOnConflict(new OnConflict(List.of(), null, null, List.of(), List.of(), null))
                : onConflictDoNothing(ConflictTarget.of(indexElements));
    }

    /** {@code ON CONFLICT target DO NOTHING}, the target a partial index or a named constraint. */
    public Insert onConflictDoNothing(ConflictTarget target) {
        return withOnConflict(new OnConflict(target.elements(table), target.indexWhere(), target.constraint(), List.of(), List.of(), null));
    }

    /**
     * {@code ON CONFLICT (cols) DO UPDATE SET ...} (PostgreSQL, SQLite): where the row conflicts
     * with the unique index on {@code indexElements}, the existing row is updated instead. Values
     * are keyed by column key or column; {@code excluded(t).c("x")} is the value proposed for
     * insertion, {@code t.c("x")} the existing one.
     *
     * <pre>{@code
     * insert(t).values(row).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits").add(excluded(t).c("hits"))));
     * }</pre>
     */
    public Insert onConflictDoUpdate(List<?> indexElements, Map<?, ?> set) {
        return onConflictDoUpdate(ConflictTarget.of(indexElements), set, null);
    }

    /** {@code ON CONFLICT target DO UPDATE SET ...}, the target a partial index or a named constraint. */
    public Insert onConflictDoUpdate(ConflictTarget target, Map<?, ?> set) {
        return onConflictDoUpdate(target, set, null);
    }

    /**
     * {@code ON CONFLICT target DO UPDATE SET ... WHERE where}: the existing row is updated only
     * where {@code where} (which may refer to {@code t} and {@code excluded(t)}) holds. A key that
     * is a table-less {@code column("name")} sets a column the table does not declare, after the
     * table's columns ({@code DO UPDATE SET name = ?, extra = ?}).
     */
    public Insert onConflictDoUpdate(ConflictTarget target, Map<?, ?> set, ColumnElement<Boolean> where) {
        return doUpdate(target.elements(table), target.indexWhere(), target.constraint(), set, where);
    }

    /**
     * {@code ON CONFLICT DO UPDATE SET ...} without a conflict target (SQLite 3.35+ only: PostgreSQL
     * needs a target, so it raises {@link dev.retort.exc.CompileException} there): a row violating any
     * unique constraint updates the existing row instead, SQLAlchemy's SQLite
     * {@code on_conflict_do_update(set_=...)}. SQLite takes such a clause as the statement's last.
     *
     * <pre>{@code
     * insert(t).values(row).onConflictDoUpdate(Map.of("name", excluded(t).c("name")));
     * // SQLite: INSERT INTO t (id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET name = excluded.name
     * }</pre>
     */
    public Insert onConflictDoUpdate(Map<?, ?> set) {
        return doUpdate(List.of(), null, null, set, null);
    }

    private Insert doUpdate(List<ClauseElement> indexElements, ColumnElement<Boolean> indexWhere, String constraint, Map<?, ?> set,
            ColumnElement<Boolean> where) {
        Map<Object, Object> ofTable = new java.util.LinkedHashMap<>();
        Map<ColumnClause<?>, Object> others = new java.util.LinkedHashMap<>();
        set.forEach((k, v) -> {
            if (k instanceof ColumnClause<?> c && c.table() == null) {
                others.put(c, v);
            } else {
                ofTable.put(k, v);
            }
        });
        @SuppressWarnings("unchecked")
        List<ClauseElement>[] cv = ofTable.isEmpty() && !others.isEmpty() ? new List[] {new ArrayList<>(), new ArrayList<>()} : upsertSet(ofTable);
        // a table-less column(...) names a database column the Table does not declare: SET after the table's, as SQLAlchemy
        others.forEach((c, v) -> {
            cv[0].add(c);
            cv[1].add(valueFor(c, v, null));
        });
        return withOnConflict(new OnConflict(indexElements, indexWhere, constraint, cv[0], cv[1], where));
    }

    /**
     * {@code ON DUPLICATE KEY UPDATE col = value, ...} (MySQL, MariaDB): where the row would
     * duplicate a primary or unique key, the existing row is updated instead;
     * {@code excluded(t).c("x")} is the value proposed for insertion.
     *
     * <pre>{@code
     * insert(t).values(row).onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(excluded(t).c("hits"))));
     * }</pre>
     */
    public Insert onDuplicateKeyUpdate(Map<?, ?> set) {
        List<ClauseElement>[] cv = upsertSet(set);
        return withOnConflict(new OnDuplicateKey(cv[0], cv[1]));
    }

    /** An upsert's SET in table order; plain values are anonymous parameters, as SQLAlchemy names them. */
    private List<ClauseElement>[] upsertSet(Map<?, ?> set) {
        if (set.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("An upsert's update needs at least one column to SET");
        }
        return columnsAndValuesWith(set, (c, v) -> valueFor(c, v, null));
    }

    private Insert withOnConflict(ClauseElement clause) {
        return new Insert(table, columns, rows, select, returning, clause, added(), affixes(), returnDefaults, supplemental, withoutDefaults, multiValues);
    }

    /**
     * Without values, the columns are those named by the execution's parameter keys; with no keys
     * at all, a row of defaults ({@code values(Map.of())}), as SQLAlchemy executes {@code t.insert()}
     * without parameters. With one row of values, a column a key names that the row leaves out is
     * inserted from the parameter of that key too, as SQLAlchemy does.
     */
    @Override
    public ClauseElement forExecution(Set<String> parameterKeys) {
        if (select != null) {
            return this;
        }
        if (!columns.isEmpty()) {
            List<ClauseElement>[] cv = rows.size() == 1 && rows.get(0) instanceof ClauseList row
                    ? withColumnsNamedBy(columns, row.clauses(), parameterKeys) : null;
            return cv == null ? this : new Insert(table, cv[0], List.of(new ClauseList(Operator.COMMA, cv[1], true)), null, returning, onConflict, added(), affixes(),
                    returnDefaults, supplemental, withoutDefaults, multiValues);
        }
        if (parameterKeys.isEmpty()) {
            return rows.isEmpty() ? values(Map.of()) : this;
        }
        Map<String, Object> shape = columnsNamedBy(parameterKeys);
        return values(shape);
    }
}
