package dev.retort.sql;

import dev.retort.exc.NoSuchColumnException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Something a SELECT reads from: a table, a join, a subquery, a CTE. Its columns are reached
 * by key with {@link #c(String)}.
 *
 * <pre>{@code
 * FromClause t = select(orders.c("user_id"), func("sum", orders.c("qty")).label("total"))
 *         .groupBy(orders.c("user_id")).subquery("t");
 * select(users.c("name"), t.c("total")).selectFrom(users.join(t, users.c("id").eq(t.c("user_id"))));
 * }</pre>
 */
public abstract class FromClause extends ClauseElement {
    /** A referencing column and the column it references, for inferring join conditions. */
    public record ForeignKeyPair(ColumnElement<?> parent, ColumnElement<?> referent) {
    }

    /** The columns this FROM clause exports, in order. */
    public abstract List<? extends ColumnElement<?>> columns();

    /** The name this FROM clause is referred to by, or null (a join, an anonymous subquery). */
    public abstract String name();

    /** The key under which {@code column} is exported: {@link #c(String)} finds it by this key. */
    protected String keyOf(ColumnElement<?> column) {
        return column.nonAnonLabel() != null ? column.nonAnonLabel() : column.anonPrefix();
    }

    /** The exported column with this key; an unknown key raises {@link NoSuchColumnException}. */
    public ColumnElement<?> c(String key) {
        for (ColumnElement<?> col : columns()) {
            if (key.equals(keyOf(col))) {
                return col;
            }
        }
        throw new NoSuchColumnException("No column '" + key + "' in " + describe() + "; it has: "
                + columns().stream().map(this::keyOf).collect(Collectors.joining(", ")));
    }

    /** The exported column with this key, typed. */
    @SuppressWarnings("unchecked")
    public <T> ColumnElement<T> c(String key, Class<T> javaType) {
        ColumnElement<?> col = c(key);
        Class<?> actual = col.type().javaType();
        if (!javaType.isAssignableFrom(actual) && actual != Object.class) {
            throw new dev.retort.exc.ArgumentException("Column '" + key + "' of " + describe() + " holds " + actual.getName() + ", not " + javaType.getName());
        }
        return (ColumnElement<T>) col;
    }

    /** How messages name this FROM clause. */
    protected String describe() {
        return name() == null ? getClass().getSimpleName().toLowerCase() : "'" + name() + "'";
    }

    /** The foreign keys among this FROM clause's columns. */
    public List<ForeignKeyPair> foreignKeys() {
        return List.of();
    }

    /**
     * The exported column that is {@code column} or derives from it (through aliases and
     * subqueries, and any member SELECT of a UNION's subquery), or null. A column that derives from it
     * through the first members is preferred, as SQLAlchemy weighs a set operation's members.
     */
    public ColumnElement<?> correspondingColumn(ColumnElement<?> column) {
        ColumnElement<?> best = null;
        int bestRank = Integer.MAX_VALUE;
        for (ColumnElement<?> c : columns()) {
            int rank = derivationRank(c, column);
            if (rank == 0) {
                return c;
            }
            if (rank < bestRank) {
                best = c;
                bestRank = rank;
            }
        }
        return best;
    }

    /** 0 when {@code x} derives from {@code column} through first members, the sum of the member positions taken, or MAX_VALUE when not at all. */
    private static int derivationRank(ColumnElement<?> x, ColumnElement<?> column) {
        if (x == column) {
            return 0;
        }
        if (!(x instanceof ColumnProxy<?> p)) {
            return Integer.MAX_VALUE;
        }
        List<ColumnElement<?>> origins = p.origins();
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < origins.size() && i < best; i++) {
            int r = derivationRank(origins.get(i), column);
            if (r != Integer.MAX_VALUE) {
                best = Math.min(best, i + r);
            }
        }
        return best;
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of(this);
    }

    /**
     * Whether this FROM clause already reads the rows of {@code other}, which is not part of it:
     * every table {@code other} is made of is among this one's (a join of those tables and more).
     * A SELECT leaves out a mapped attribute's FROM clause ({@link ColumnElement#rowsFrom()}) that another holds.
     *
     * <pre>{@code
     * people.outerJoin(engineers).holdsRowsOf(people.join(engineers));   // true
     * }</pre>
     */
    public boolean holdsRowsOf(FromClause other) {
        if (other == this || other.fromObjects().contains(this)) {
            return false;
        }
        java.util.Set<FromClause> held = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        held.addAll(fromObjects());
        return other.fromObjects().stream().allMatch(f -> f instanceof Join || held.contains(f));
    }

    /** The FROM clauses a join with this one hides from a SELECT's FROM list. */
    List<FromClause> hiddenFroms() {
        return List.of();
    }

    /** {@code this JOIN right ON ...}, the condition inferred from foreign keys. */
    public Join join(FromClause right) {
        return new Join(this, right, null, false, false);
    }

    /** {@code this JOIN right ON onclause}. */
    public Join join(FromClause right, ColumnElement<Boolean> onclause) {
        return new Join(this, right, onclause, false, false);
    }

    /** {@code this LEFT OUTER JOIN right ON ...}, the condition inferred from foreign keys. */
    public Join outerJoin(FromClause right) {
        return new Join(this, right, null, true, false);
    }

    /** {@code this LEFT OUTER JOIN right ON onclause}. */
    public Join outerJoin(FromClause right, ColumnElement<Boolean> onclause) {
        return new Join(this, right, onclause, true, false);
    }

    /** {@code this FULL OUTER JOIN right ON onclause}. */
    public Join fullOuterJoin(FromClause right, ColumnElement<Boolean> onclause) {
        return new Join(this, right, onclause, true, true);
    }

    /** {@code this AS name}. */
    public Alias alias(String name) {
        return new Alias(this, name);
    }

    /** {@code this AS anon_1}, named at compile time. */
    public Alias alias() {
        return new Alias(this, null);
    }

    /**
     * {@code this AS name TABLESAMPLE system(sampling)}, or the given sampling function
     * ({@code func("bernoulli", 10)}); a null name is named at compile time. See {@link TableSample}.
     */
    public TableSample tablesample(Object sampling, String name) {
        return new TableSample(this, name, TableSample.method(sampling), null);
    }

    /** {@code this AS name TABLESAMPLE method(...) REPEATABLE (seed)}: the same sample on each run with that seed. */
    public TableSample tablesample(Object sampling, String name, ColumnElement<?> seed) {
        return new TableSample(this, name, TableSample.method(sampling), seed);
    }

    /**
     * This FROM clause's whole row as one value, written as its name: {@code row_to_json(users)}
     * (SQLAlchemy's {@code table.table_valued()}). Only a table, an alias or a subquery has one.
     * See {@link TableValuedColumn}.
     */
    public TableValuedColumn<Object> tableValued() {
        return new TableValuedColumn<>(this, null);
    }

    /** Columns as a list of their keys, for messages. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        for (ColumnElement<?> c : columns()) {
            out.add(keyOf(c));
        }
        return out;
    }
}
