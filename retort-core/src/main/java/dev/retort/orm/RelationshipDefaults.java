package dev.retort.orm;

import dev.retort.sql.FromClause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loading strategies relationships declare ({@link Relationship#lazy}), applied to a query's
 * plan where no loader option names the relationship at that place of the path: for the query's
 * entities, and for the targets of each joined load, as SQLAlchemy applies them. A joined or select-in default
 * (by the mapping or a wildcard) stops where its target's class is already on the path (the seeds' recursion check),
 * or past the mapping's {@link Relationship#joinDepth}, the path of a select-in load's statement beginning where the
 * load began ({@link Session#loadPath}).
 */
final class RelationshipDefaults {
    private RelationshipDefaults() {
    }

    static void apply(Query<?> q, List<QueryPlan.Slot> slots, List<QueryPlan.EagerJoin> eager, List<FromClause> aliases,
            List<QueryPlan.Selectin> selectin, Map<RelationshipProp, LoaderOption.Strategy> unloaded) {
        Map<String, LoaderOption.Strategy> wildcards = new java.util.HashMap<>();
        Set<String> explicit = explicitPaths(q, slots, wildcards);
        List<LoaderOption> everywhere = ColumnLoads.unboundWildcards(q, false);
        // several unbound wildcards: the last given decides, as a later option replaces an earlier one in SQLAlchemy
        LoaderOption.Strategy unbound = everywhere.isEmpty() ? null : everywhere.get(everywhere.size() - 1).strategy();
        Levels levels = new Levels(explicit, wildcards, unbound);
        List<String> paths = new ArrayList<>();
        List<List<Mapper<?>>> chains = new ArrayList<>();
        // a select-in load's statement: the classes on the path to its entity are on each level's path too
        List<Mapper<?>> above = q.session() == null ? List.of() : q.session().loadPath();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof QueryPlan.EntitySlot es) {
                Mapper<?> m = es.mapper();
                List<Mapper<?>> chain = new ArrayList<>(above);
                if (chain.isEmpty() || chain.get(chain.size() - 1) != m) {
                    chain.add(m);
                }
                level(m, i, -1, "s" + i, chain, levels, eager, aliases, selectin, unloaded);
            }
        }
        // the joins planned so far and those the defaults add, each a level of its own
        for (int j = 0; j < eager.size(); j++) {
            QueryPlan.EagerJoin e = eager.get(j);
            String up = e.parentSlot() >= 0 ? "s" + e.parentSlot() : paths.get(e.parentJoin());
            List<Mapper<?>> chain = new ArrayList<>(e.parentSlot() >= 0 ? List.of(((QueryPlan.EntitySlot) slots.get(e.parentSlot())).mapper())
                    : chains.get(e.parentJoin()));
            Mapper<?> target = e.relationship().target;
            chain.add(target);
            String path = up + "/" + e.relationship().key;
            paths.add(path);
            chains.add(chain);
            level(target, -1, j, path, chain, levels, eager, aliases, selectin, unloaded);
        }
    }

    /**
     * What decides a relationship's loading where no option names it: a wildcard for its level (bound
     * to the entity, or at the end of a path), else an unbound wildcard, else the mapping (SQLAlchemy
     * looks the loader up in that order).
     */
    private record Levels(Set<String> explicit, Map<String, LoaderOption.Strategy> wildcards, LoaderOption.Strategy unbound) {
    }

    /** Adds the defaults of {@code m}'s relationships for the level of slot {@code parentSlot} or eager join {@code parentJoin}. */
    private static void level(Mapper<?> m, int parentSlot, int parentJoin, String path, List<Mapper<?>> chain, Levels levels,
            List<QueryPlan.EagerJoin> eager, List<FromClause> aliases, List<QueryPlan.Selectin> selectin,
            Map<RelationshipProp, LoaderOption.Strategy> unloaded) {
        LoaderOption.Strategy wildcard = levels.wildcards().getOrDefault(path, levels.unbound());
        for (RelationshipProp r : m.relationships()) {
            Relationship<?> spec = m.declaredRelationship(r.key);
            LoaderOption.Strategy s = wildcard != null ? wildcard : spec == null ? LoaderOption.Strategy.LAZY : spec.lazyStrategy();
            // a many-to-one select-in by the mapping loads with its instance; by a wildcard it is planned, for the
            // unbound wildcards to go on to its targets' statement (QueryPlan.everywhereInSelectin)
            if (s == LoaderOption.Strategy.LAZY || s == LoaderOption.Strategy.SELECTIN && !r.collection && wildcard == null
                    || levels.explicit().contains(path + "/" + r.key)) {
                continue;
            }
            if ((s == LoaderOption.Strategy.JOINED || s == LoaderOption.Strategy.SELECTIN) && recursionStops(r, spec, chain)) {
                continue;
            }
            QueryPlan.addOption(new LoaderOption(m.attr(r.key), s, null), parentSlot, parentJoin, eager, aliases, selectin, unloaded);
        }
    }

    /**
     * Whether an eager load no option names stops at {@code r} of the last class of {@code chain} (the classes on the
     * path, one per relationship followed, {@code r} included): past the mapping's {@link Relationship#joinDepth} levels,
     * or without one where {@code r}'s target class is on the path already (SQLAlchemy's recursion check, which a
     * self-referential relationship meets at once).
     */
    private static boolean recursionStops(RelationshipProp r, Relationship<?> spec, List<Mapper<?>> chain) {
        int joinDepth = spec == null ? 0 : spec.joinDepth();
        return joinDepth > 0 ? chain.size() > joinDepth : chain.contains(r.target);
    }

    /**
     * The places the query's loader options name: {@code s0/orders/items} for {@code joinedLoad(User.orders).joinedLoad(Order.items)}
     * on slot 0; the wildcards for a level into {@code wildcards}, by the level's place ({@code s0/orders} for
     * {@code defaultLoad(User.orders).lazyLoadAll()}, {@code s0} for {@code load(User.class).lazyLoadAll()}).
     */
    private static Set<String> explicitPaths(Query<?> q, List<QueryPlan.Slot> slots, Map<String, LoaderOption.Strategy> wildcards) {
        Set<String> out = new HashSet<>();
        for (LoaderOption o : q.loaderOptions()) {
            LoaderOption x = ColumnLoads.afterHead(o);
            if (x == null) {
                continue;
            }
            if (x.isWildcard()) {
                for (int i = 0; i < slots.size(); i++) {
                    if (x.bound() != null && slots.get(i) instanceof QueryPlan.EntitySlot es && es.entity() == x.bound()) {
                        wildcards.put("s" + i, x.strategy());
                    }
                }
                continue;
            }
            for (int i = 0; i < slots.size(); i++) {
                if (slots.get(i) instanceof QueryPlan.EntitySlot es && (es.entity() == x.attribute().owner()
                        || es.entity() instanceof Mapper<?> base && x.attribute().owner().mapper().inherits() != null
                        && isBelow(x.attribute().owner().mapper(), base))) {
                    String path = "s" + i;
                    for (LoaderOption y = x; y != null; y = y.then()) {
                        if (y.isWildcard()) {
                            if (!y.strategy().isColumn()) {
                                wildcards.put(path, y.strategy());
                            }
                        } else if (!y.strategy().isColumn()) {
                            path = path + "/" + y.attribute().key();
                            if (y.strategy() != LoaderOption.Strategy.DEFAULT || eagerDefault(y.attribute().relationship()) != null) {
                                out.add(path);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The strategy of {@code r}'s mapping when it loads eagerly (joined or select-in), else null: a
     * {@code defaultLoad} step of it loads so, with the options after it.
     */
    static LoaderOption.Strategy eagerDefault(RelationshipProp r) {
        Relationship<?> spec = r.mapper.declaredRelationship(r.key);
        LoaderOption.Strategy s = spec == null ? null : spec.lazyStrategy();
        return s == LoaderOption.Strategy.JOINED || s == LoaderOption.Strategy.SELECTIN ? s : null;
    }

    private static boolean isBelow(Mapper<?> m, Mapper<?> base) {
        for (Mapper<?> up = m.inherits(); up != null; up = up.inherits()) {
            if (up == base) {
                return true;
            }
        }
        return false;
    }
}
