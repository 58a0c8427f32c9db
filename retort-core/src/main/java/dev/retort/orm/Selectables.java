package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.Alias;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ColumnProxy;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.FromClause;
import dev.retort.sql.Join;
import dev.retort.sql.Label;

/** Moves expressions over a mapped table onto an alias of it, and ORM attributes down to Core. */
final class Selectables {
    private Selectables() {
    }

    /**
     * {@code expression} with the columns of the tables {@code selectable} is made of replaced by
     * its own: nothing to replace when it is {@code table} itself; the alias's columns for an
     * alias of it; for a class hierarchy, those of each of its tables (joined, or their aliases
     * joined), so a subclass's columns and its superclasses' alike. A table named in the
     * expression itself (a subquery's {@code correlate(users)}) becomes its alias too, or the
     * subquery would list the alias in its own FROM instead of correlating to it ({@link #fromFor}).
     */
    @SuppressWarnings("unchecked")
    static <T> ColumnElement<T> adapt(FromClause selectable, Table table, ColumnElement<T> expression) {
        if (selectable == table) {
            return expression;
        }
        return (ColumnElement<T>) expression.replace(n -> n instanceof Column<?> c ? selectable.correspondingColumn(c)
                : n instanceof Table t ? fromFor(selectable, t, t == table) : null);
    }

    /**
     * {@link #adapt(FromClause, Table, ColumnElement)} for an expression of {@code mapper}'s table, where a column
     * {@code selectable} lacks is its column for an equivalent inherited key column ({@link Mapper#equivalentKeys}):
     * a UNION of the subclasses' joins selects {@code engineers.person_id} for the base's {@code people.person_id}.
     * On the tables themselves (the class's join of them, outer joins of its subclasses') nothing moves, as in
     * SQLAlchemy: a sibling subclass's {@code store.id} in a subquery is not the retailer's {@code customer.id}.
     */
    @SuppressWarnings("unchecked")
    static <T> ColumnElement<T> adapt(FromClause selectable, Mapper<?> mapper, ColumnElement<T> expression) {
        if (selectable == mapper.table() || ofTables(selectable)) {
            return expression;
        }
        return (ColumnElement<T>) expression.replace(n -> n instanceof Column<?> c ? corresponding(selectable, mapper, c)
                : n instanceof Table t ? fromFor(selectable, t, mapper.tables().contains(t)) : null);
    }

    /**
     * What table {@code t} named in an expression becomes on {@code selectable}: its alias among the FROM clauses
     * {@code selectable} is made of; else, for one of the entity's own tables ({@code own}) that {@code selectable} is
     * derived from (a subquery or CTE of it), {@code selectable} itself, so a {@code correlate(users)} correlates to the
     * CTE the entity is aliased to. Another table a CTE reads (its join's {@code addresses}) stays: SQLAlchemy's
     * ClauseAdapter with {@code adapt_from_selectables}, the mapped tables. Null: kept.
     */
    private static FromClause fromFor(FromClause selectable, Table t, boolean own) {
        Alias a = aliasOf(selectable, t);
        return a != null || !own || !derivesFrom(selectable, t) ? a : selectable;
    }

    /** SQLAlchemy's is_derived_from: {@code f} is {@code t}, or a join, an alias or a subquery of it. */
    static boolean derivesFrom(ClauseElement f, FromClause t) {
        if (f == t) {
            return true;
        }
        if (f instanceof Join j) {
            return derivesFrom(j.left(), t) || derivesFrom(j.right(), t);
        }
        if (f instanceof Alias a) {
            return derivesFrom(a.element(), t);
        }
        if (f instanceof dev.retort.sql.Select sel) {
            return sel.froms().stream().anyMatch(x -> derivesFrom(x, t));
        }
        return f instanceof dev.retort.sql.CompoundSelect c && c.selects().stream().anyMatch(x -> derivesFrom(x, t));
    }

    /** Whether {@code f} is a table or a join of tables, with no alias or subquery to move columns onto. */
    private static boolean ofTables(FromClause f) {
        return f instanceof Table || f instanceof Join j && ofTables(j.left()) && ofTables(j.right());
    }

    /**
     * The expression of a computed property ({@link ExpressionProp}) of {@code mapper} on {@code selectable}. A label of
     * its own names the mapped table's value: on an alias the expression goes unlabelled, for the statement to label it
     * anonymously as SQLAlchemy does ({@code lower(a.data) AS hardcoded}, {@code lower(a_1.data) AS lower_1}).
     */
    static ColumnElement<?> computed(FromClause selectable, Mapper<?> mapper, ColumnElement<?> expression) {
        ColumnElement<?> own = selectedBy(selectable, expression);
        ColumnElement<?> adapted = adapt(selectable, mapper, own);
        return adapted != own && adapted instanceof Label<?> l ? l.element() : adapted;
    }

    /**
     * What the set operation {@code selectable} is a subquery of selects for {@code expression}, a computed property's:
     * the expression itself, or (none selecting it) an equal one, else {@code expression}. Moved onto the subquery, it
     * shares its functions and parameters with the compound's queries (one anonymous name, {@code count_1}, throughout),
     * also when the compound is a copy of the queries, as the serializer loads it, that holds no object of the mapping.
     */
    private static ColumnElement<?> selectedBy(FromClause selectable, ColumnElement<?> expression) {
        if (!(selectable instanceof Alias a) || !(a.element() instanceof CompoundSelect compound)) {
            return expression;
        }
        ColumnElement<?> equal = null;
        for (ColumnElement<?> col : selectable.columns()) {
            for (ColumnElement<?> x = col; x != null; x = x instanceof ColumnProxy<?> p ? p.origin() : x instanceof Label<?> l ? l.element() : null) {
                if (x == expression) {
                    return expression;
                }
                if (equal == null && x.compare(expression)) {
                    equal = x;
                }
            }
        }
        if (equal != null || !(compound.selects().get(0) instanceof dev.retort.sql.Select first)) {
            return equal != null ? equal : expression;
        }
        // the first query reads a set operation's subquery in turn ((a UNION ALL b) UNION c): it selects the expression
        // that subquery's queries select, moved onto it
        for (FromClause f : first.froms()) {
            ColumnElement<?> inner = selectedBy(f, expression);
            if (inner != expression) {
                return inner;
            }
        }
        return expression;
    }

    /** {@code selectable}'s column for {@code column} or, failing that, for one of its equivalent key columns; else null. */
    static ColumnElement<?> corresponding(FromClause selectable, Mapper<?> mapper, Column<?> column) {
        ColumnElement<?> c = selectable.correspondingColumn(column);
        if (c != null || !column.isPrimaryKey()) {
            return c;
        }
        for (Column<?> e : mapper.equivalentKeys(column)) {
            c = selectable.correspondingColumn(e);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** The alias of {@code table} among the FROM clauses {@code selectable} is made of, or null. */
    static Alias aliasOf(FromClause selectable, Table table) {
        for (FromClause f : selectable.fromObjects()) {
            if (f instanceof Alias a && a.element() == table) {
                return a;
            }
        }
        return null;
    }

    /**
     * {@code element} with every ORM attribute replaced by the Core expression it stands for; a hybrid attribute's
     * expression is made of attributes too, replaced in turn (a hybrid over a column is that column).
     */
    @SuppressWarnings("unchecked")
    static <E extends ClauseElement> E core(E element) {
        return (E) element.replace(n -> n instanceof QueryableAttribute<?> a ? core(a.expression()) : null);
    }
}
