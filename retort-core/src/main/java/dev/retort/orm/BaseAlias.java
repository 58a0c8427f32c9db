package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ColumnProxy;
import dev.retort.sql.FromClause;
import dev.retort.sql.Label;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Moves a query's entities and expressions onto the subquery its rows come from ({@link Query#union}
 * and the other set operations, SQLAlchemy's {@code set_base_alias}): an entity whose every loaded
 * column the subquery selects becomes an aliased entity of it, so its attributes (and the joins,
 * criteria and ordering naming them) are the subquery's columns; any other column the subquery
 * selects, an attribute's or a table's, is the subquery's column.
 */
final class BaseAlias implements Function<ClauseElement, ClauseElement> {
    private final FromClause subquery;
    /** The entities adapted so far, each to one aliased entity (so that its attributes stay the same objects). */
    private final Map<Entity, Entity> entities = new IdentityHashMap<>();

    BaseAlias(FromClause subquery) {
        this.subquery = subquery;
    }

    @Override
    public ClauseElement apply(ClauseElement n) {
        if (n instanceof LoaderCriteria) {
            // given over the mapped class, they filter each FROM clause of its rows the query brings (a join's target)
            // as they are, never the subquery the compound's queries filtered already (SQLAlchemy adapts no global option)
            return n;
        }
        if (n instanceof Entity e) {
            // an entity not adapted stays as it is: its mapper's parts are no expressions to adapt
            return entities.computeIfAbsent(e, this::aliased);
        }
        if (n instanceof QueryableAttribute<?> a) {
            // null (copied with its entity adapted) unless its entity is not adapted, as when the subquery selects only
            // some of its columns: then the subquery's column for it
            return !a.isRelationship() && entities.computeIfAbsent(a.owner(), this::aliased) == a.owner() ? corresponding(a.expression(), true) : null;
        }
        if (n instanceof FromClause) {
            // a FROM clause of its own (a join's target, a correlated table) is not the subquery's to adapt
            return n;
        }
        if (n instanceof ColumnElement<?> c) {
            // a table's column, or an expression the first query selects (a label): the subquery's column for it
            return corresponding(c, false);
        }
        return null;
    }

    /**
     * The subquery's column derived from {@code c}, through the proxies and labels between them (SQLAlchemy's
     * proxy set: ordering by {@code c1} means the column the first query selected as {@code c1 AS foo}); a
     * lightweight column ({@code SQL.column("c1")}) or a label matches an equal one, as the ORM's annotated copies
     * of them do (the outer query's {@code name.label("foo")} is the subquery's {@code foo}). An attribute's expression
     * ({@code attribute}) matches any equal one: the compound's queries selected it as Core, a hybrid's rebuilt (its
     * parameters its own) and a serializer's copy of the compound holds no expression of the mapping itself.
     */
    private ColumnElement<?> corresponding(ColumnElement<?> c, boolean attribute) {
        // the queries of the compound selected Core expressions: a label's attributes as their columns
        ColumnElement<?> core = c instanceof Label<?> || attribute ? Selectables.core(c) : c;
        for (ColumnElement<?> col : subquery.columns()) {
            ColumnElement<?> x = col;
            while (x != null) {
                if (x == c || (attribute || x instanceof ColumnClause<?> && !(x instanceof Column<?>) || x instanceof Label<?>) && x.compare(core)) {
                    return col;
                }
                x = x instanceof ColumnProxy<?> p ? p.origin() : x instanceof Label<?> l ? l.element() : null;
            }
        }
        return null;
    }

    /** {@code e} seen through the subquery when the subquery has a column for each column {@code e} loads, else {@code e}. */
    private Entity aliased(Entity e) {
        Mapper<?> m = e.mapper();
        if (e instanceof AliasedEntity<?> a && a.selectable() == subquery) {
            return e;
        }
        List<Mapper<?>> loaded = new ArrayList<>(List.of(m));
        if (m.polymorphicOn() != null) {
            loaded.addAll(e.polymorphicMappers());
        }
        for (Mapper<?> x : loaded) {
            for (ColumnProp p : x.columnProps()) {
                ColumnElement<?> own = e == m ? p.column : Selectables.adapt(e.selectable(), x.table(), p.column);
                if (subquery.correspondingColumn(own) == null) {
                    return e;
                }
            }
        }
        return new AliasedEntity<>(m, subquery);
    }
}
