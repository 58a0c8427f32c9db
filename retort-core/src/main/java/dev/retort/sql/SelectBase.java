package dev.retort.sql;

import java.util.List;
import java.util.Map;

/**
 * A statement that returns rows: a {@link Select} or a {@link CompoundSelect}. It can be used
 * as a subquery, a CTE or a scalar value.
 */
public abstract class SelectBase extends ClauseElement {
    /** The columns of the rows, with the labels they are selected under. */
    public abstract List<SelectColumn> selectColumns();

    /**
     * {@code columns} as the columns of {@code what} (a VALUES list, a textual SELECT): each a
     * {@link ColumnClause}, of no table where {@code free}; at least one.
     */
    static List<ColumnClause<?>> declaredColumns(List<? extends ClauseElement> columns, boolean free, String what) {
        if (columns.isEmpty()) {
            throw new dev.retort.exc.ArgumentException(what + " needs at least one column");
        }
        List<ColumnClause<?>> out = new java.util.ArrayList<>(columns.size());
        for (ClauseElement c : columns) {
            if (!(c instanceof ColumnClause<?> cc) || free && cc.table() != null) {
                throw new dev.retort.exc.ArgumentException(what + " takes columns" + (free ? " of no table" : "")
                        + " (SQL.column(name, type)), not " + c);
            }
            out.add(cc);
        }
        return List.copyOf(out);
    }

    /** Columns selected under their own names (a VALUES list's, a textual SELECT's). */
    static List<SelectColumn> named(List<? extends ColumnClause<?>> columns) {
        List<SelectColumn> out = new java.util.ArrayList<>(columns.size());
        for (ColumnClause<?> c : columns) {
            out.add(new SelectColumn(c, null, null, false));
        }
        return out;
    }

    /**
     * {@code CREATE TABLE name AS <this query>}, declaring the table in a metadata of its own;
     * SQLAlchemy 2.1's {@code SelectBase.into(target)}. Options: {@code temporary()}, {@code ifNotExists()}.
     *
     * <pre>{@code
     * conn.execute(select(users.c("id")).where(users.c("id").gt(100)).into("recent_ids"));
     * }</pre>
     */
    public dev.retort.schema.CreateTableAs into(String name) {
        return new dev.retort.schema.CreateTableAs(this, name);
    }

    /** {@link #into(String)} for {@code schema.name} (schema null: none), declaring the table in {@code metadata} (null: its own). */
    public dev.retort.schema.CreateTableAs into(String name, String schema, dev.retort.schema.MetaData metadata) {
        return new dev.retort.schema.CreateTableAs(this, name, schema, metadata);
    }

    /** {@code (SELECT ...) AS name}, usable in FROM. */
    public Alias subquery(String name) {
        return new Alias(this, name);
    }

    /** {@code (SELECT ...) AS anon_1}, usable in FROM. */
    public Alias subquery() {
        return new Alias(this, null);
    }

    /** Same as {@link #subquery(String)}. */
    public Alias alias(String name) {
        return subquery(name);
    }

    /** {@code LATERAL (SELECT ...) AS name}: a subquery that may refer to the FROM items before it. See {@link Lateral}. */
    public Lateral lateral(String name) {
        return new Lateral(this, name);
    }

    /** {@code LATERAL (SELECT ...) AS anon_1}. */
    public Lateral lateral() {
        return new Lateral(this, null);
    }

    /** {@code WITH name AS (SELECT ...)}: a common table expression, usable in FROM. */
    public CTE cte(String name) {
        return new CTE(this, name, false);
    }

    /** {@code WITH RECURSIVE name AS (...)}. */
    public CTE cteRecursive(String name) {
        return new CTE(this, name, true);
    }

    /** A common table expression named at compile time ({@code WITH anon_1 AS (SELECT ...)}), as SQLAlchemy's {@code cte()}. */
    public CTE cte() {
        return new CTE(this, null, false);
    }

    /** {@code WITH RECURSIVE anon_1(...) AS (...)}: {@link #cteRecursive(String)} named at compile time. */
    public CTE cteRecursive() {
        return new CTE(this, null, true);
    }

    /** This statement as a single value: {@code (SELECT max(x) FROM t)}. */
    public <T> ScalarSelect<T> scalarSubquery() {
        return new ScalarSelect<>(this);
    }

    /** {@code (SELECT ...) AS name} in a columns clause. */
    public <T> Label<T> label(String name) {
        return this.<T>scalarSubquery().label(name);
    }

    /** {@code EXISTS (SELECT ...)}. */
    public Exists exists() {
        return new Exists(this);
    }

    @Override
    public SelectBase params(Map<String, ?> values) {
        return (SelectBase) super.params(values);
    }

    @Override
    public SelectBase uniqueParams(Map<String, ?> values) {
        return (SelectBase) super.uniqueParams(values);
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
