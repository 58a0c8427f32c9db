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
import dev.retort.sql.Select;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
        ColumnElement<?> adapted = adapt(selectable, mapper, expression);
        return adapted != expression && adapted instanceof Label<?> l ? l.element() : adapted;
    }

    /**
     * {@code statement}, of a query reading the subquery of a set operation ({@code compound}), sharing the compound's
     * objects for the computed properties of {@code mappers}. The compound's queries selected a computed property's
     * expression moved onto their FROM clause: its parts that no column changes (a {@code count()}, a parameter) are the
     * mapping's own objects, which the statement's other uses of the property (moved onto the subquery, a joined load's
     * alias) share with them: one anonymous name ({@code count_1}) throughout, one key. A compound the serializer loaded
     * holds equal copies of them instead, which those uses then share; an original compound's are the mapping's own, and
     * {@code statement} is returned as it is.
     */
    static Select sharingTheCompound(Select statement, FromClause compound, java.util.Collection<Mapper<?>> mappers) {
        Map<ClauseElement, ClauseElement> copies = new IdentityHashMap<>();
        for (Mapper<?> m : mappers) {
            for (ExpressionProp p : m.expressionProps()) {
                copies.putAll(selectedBy(compound, m, p.expression));
            }
        }
        return copies.isEmpty() ? statement : (Select) statement.replace(copies::get);
    }

    /**
     * For the subquery of a set operation, {@code selectable}: the parts of {@code expression} (a computed property's)
     * moved onto the FROM clause of its first query that this query selects as other, equal objects, each to that
     * object; else empty. A first query that reads a set operation's subquery in turn ({@code (a UNION ALL b) UNION c})
     * selected what that one's queries select, moved onto it.
     */
    private static Map<ClauseElement, ClauseElement> selectedBy(FromClause selectable, Mapper<?> mapper, ColumnElement<?> expression) {
        if (!(selectable instanceof Alias a) || !(a.element() instanceof CompoundSelect compound) || !(compound.selects().get(0) instanceof Select first)) {
            return Map.of();
        }
        for (FromClause f : first.froms()) {
            ColumnElement<?> moved = computed(f, mapper, expression);
            Map<ClauseElement, ClauseElement> inner = selectedBy(f, mapper, expression);
            ColumnElement<?> x = selectedColumn(selectable, inner.isEmpty() ? moved : (ColumnElement<?>) moved.replace(inner::get));
            if (x != null) {
                Map<ClauseElement, ClauseElement> out = new IdentityHashMap<>();
                pair(moved, x, out);
                return out;
            }
        }
        return Map.of();
    }

    /** What a column of {@code subquery} is derived from, through proxies and labels, that is {@code expression} or else equals it; or null. */
    private static ColumnElement<?> selectedColumn(FromClause subquery, ColumnElement<?> expression) {
        ColumnElement<?> equal = null;
        for (ColumnElement<?> col : subquery.columns()) {
            for (ColumnElement<?> x = col; x != null; x = x instanceof ColumnProxy<?> p ? p.origin() : x instanceof Label<?> l ? l.element() : null) {
                if (x == expression) {
                    return x;
                }
                if (equal == null && x.compare(expression)) {
                    equal = x;
                }
            }
        }
        return equal;
    }

    /** Into {@code out}, each node of {@code a} that is not the node of equal {@code b} at its place, to that node. */
    private static void pair(ClauseElement a, ClauseElement b, Map<ClauseElement, ClauseElement> out) {
        if (a == b || out.containsKey(a)) {
            return;
        }
        out.put(a, b);
        List<ClauseElement> as = a.getChildren();
        List<ClauseElement> bs = b.getChildren();
        for (int i = 0; i < as.size() && i < bs.size(); i++) {
            pair(as.get(i), bs.get(i), out);
        }
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
