package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
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

    @SuppressWarnings("unchecked")
    <E extends ClauseElement> List<E> all(List<E> items) {
        List<E> out = new ArrayList<>(items.size());
        for (E e : items) {
            out.add(one(e));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    <E extends ClauseElement> E one(E item) {
        return (E) item.replace(this);
    }

    @Override
    public ClauseElement apply(ClauseElement n) {
        if (n instanceof Entity e) {
            // an entity not adapted stays as it is: its mapper's parts are no expressions to adapt
            return entities.computeIfAbsent(e, this::aliased);
        }
        if (n instanceof QueryableAttribute<?> a && !a.isRelationship() && entities.computeIfAbsent(a.owner(), this::aliased) == a.owner()) {
            // an entity the subquery does not load in full (a query of some of its columns): the columns it does select
            return subquery.correspondingColumn(a.expression());
        }
        if (n instanceof Column<?> c) {
            return subquery.correspondingColumn(c);
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
