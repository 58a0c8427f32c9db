package dev.retort.orm;

import java.util.ArrayList;
import java.util.List;

/**
 * The loader options a query's instances keep for the lazy loads of their collections (SQLAlchemy's
 * {@code state.load_options} with {@code state.load_path}): each instance keeps the paths that go on
 * below its level, and the lazy load of a collection runs with what follows the collection's step.
 * {@code defaultLoad(User.orders).lazyLoadAll()} makes the orders that {@code user.orders} loads later
 * leave their own relationships lazy; an unbound wildcard ({@link ORM#lazyLoadAll}) or one bound to an
 * entity ({@link ORM#load}) is for the query's own statement alone, as in SQLAlchemy 2.1.1.
 */
final class LazyLoadOptions {
    private LazyLoadOptions() {
    }

    /** Of {@code options}, the paths that name a relationship of their level: those a lazy load below may continue. */
    static List<LoaderOption> goingOn(List<LoaderOption> options) {
        List<LoaderOption> out = new ArrayList<>();
        for (LoaderOption o : options) {
            LoaderOption x = ColumnLoads.afterHead(o);
            if (x != null && !x.isWildcard()) {
                out.add(o);
            }
        }
        return out.isEmpty() ? List.of() : out;
    }

    /** Of the paths {@code options}, those for the instances of query entity {@code en} (of its class or a base or subclass). */
    static List<LoaderOption> forEntity(Entity en, List<LoaderOption> options) {
        List<LoaderOption> out = new ArrayList<>();
        for (LoaderOption o : options) {
            Entity owner = ColumnLoads.afterHead(o).attribute().owner();
            if (owner == en || en instanceof Mapper<?> m && owner instanceof Mapper<?> om && (ColumnLoads.isAncestor(m, om) || ColumnLoads.isAncestor(om, m))) {
                out.add(o);
            }
        }
        return out.isEmpty() ? List.of() : out;
    }

    /**
     * The options for a load of relationship {@code r}'s targets, from {@code options}, the paths of
     * its parent's level: what follows {@code r}'s step in each, a wildcard there bound to the targets'
     * class (else it would apply to every level of that load, as an unbound one does).
     */
    static List<LoaderOption> below(List<LoaderOption> options, RelationshipProp r) {
        List<LoaderOption> out = new ArrayList<>();
        for (LoaderOption o : options) {
            LoaderOption x = ColumnLoads.afterHead(o);
            if (x != null && !x.isWildcard() && x.then() != null && ColumnLoads.sameKey(x.attribute(), r)) {
                out.add(x.then().rootedAt(r.target));
            }
        }
        return out.isEmpty() ? List.of() : out;
    }

    /**
     * The extra criteria ({@link QueryableAttribute#and}) of a {@code lazyLoad} step for {@code r} in {@code options}, for
     * its lazy load; a {@code defaultLoad} step's criteria are not for it (SQLAlchemy 2.1.1 leaves them out there too).
     */
    static List<dev.retort.sql.ColumnElement<Boolean>> criteria(List<LoaderOption> options, RelationshipProp r) {
        List<dev.retort.sql.ColumnElement<Boolean>> out = new ArrayList<>();
        for (LoaderOption o : options) {
            LoaderOption x = ColumnLoads.afterHead(o);
            if (x != null && !x.isWildcard() && x.strategy() == LoaderOption.Strategy.LAZY && ColumnLoads.sameKey(x.attribute(), r)) {
                out.addAll(x.attribute().criteriaFor(r.target.table()));
            }
        }
        return out;
    }
}
