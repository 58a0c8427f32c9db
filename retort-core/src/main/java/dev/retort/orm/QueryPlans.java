package dev.retort.orm;

import dev.retort.sql.BindParameter;
import dev.retort.sql.CacheKey;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry's plans of queries by their cache key ({@link Registry#queryPlanCacheSize}): a query of a
 * shape planned before takes the kept plan with its own values, as the compiled cache binds a kept
 * compiled form. A plan depends on its query's key and on nothing else this class does not check:
 * <ul>
 * <li>the session's loader criteria, not in the key: a query under some is planned every time;
 * <li>the load path of the select-in load whose statement it is ({@link Session#loadPath}, which
 * {@link RelationshipDefaults} reads): part of the key kept by;
 * <li>loader criteria given as a lambda, which planning runs (its criterion, values and shape, may differ
 * from one run to the next, and a lambda is keyed by identity): such a query is planned every time;
 * <li>the mappings ({@link Registry#mappings()}): a plan made before a mapper changed is made again;
 * <li>the aliased entities of the query, which the plan holds (its slots' entities) and the query's own
 * option paths name by identity (for its lazy loads): a kept plan is taken only by a query of the very aliases.
 * </ul>
 * A plan is kept only when every value of the query reaches its statement as the very bind parameter the
 * query holds, the statement has no parameter the planning made, and no value stays behind in what loads
 * the rows (a select-in load's criteria): the next query's values then replace those parameters, by their
 * position in the keys. Otherwise the shape is marked as one to plan every time.
 */
final class QueryPlans {
    /**
     * A shape's plan, the position in its query's key of each bind parameter of its statement's, and the aliased
     * entities of the query it was made for.
     */
    private record Kept(int mappings, QueryPlan plan, int[] positions, List<AliasedEntity<?>> aliases) {
    }

    /** The key of the statement of a select-in load: its query's, and the classes on the load's path. */
    private record Below(CacheKey key, List<Mapper<?>> path) {
    }

    /** By {@link CacheKey}, or by {@link Below} under a select-in load. */
    private final com.github.benmanes.caffeine.cache.Cache<Object, Kept> kept;
    /** How many queries took a kept plan (for tests: that a property compared plans the cache gave). */
    private final java.util.concurrent.atomic.LongAdder reused = new java.util.concurrent.atomic.LongAdder();

    QueryPlans(int size) {
        this.kept = size == 0 ? null : com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).build();
    }

    /** How many queries took a kept plan. */
    long reused() {
        return reused.sum();
    }

    /** The plan of {@code q} ({@link QueryPlan#of(Query)}): the kept one of its shape with its values, when its registry keeps plans. */
    static QueryPlan of(Query<?> q) {
        Registry r = registryOf(q);
        return r == null || r.queryPlans().kept == null || q.fromStatementClause() != null ? QueryPlan.of(q) : r.queryPlans().planned(q);
    }

    private QueryPlan planned(Query<?> q) {
        Session session = q.session();
        CacheKey key = session != null && !session.loaderCriteria().isEmpty() || runsLambdas(q) ? null : q.cacheKey();
        if (key == null) {
            return QueryPlan.of(q);
        }
        Object shape = session == null || session.loadPath().isEmpty() ? key : new Below(key, session.loadPath());
        // Read before planning: a change while planning leaves a plan that is made again next time.
        int now = Registry.mappings();
        Kept k = kept.getIfPresent(shape);
        if (k != null && k.mappings == now) {
            if (k.plan == null || !k.aliases.isEmpty() && !UnitOfWork.sameSequence(k.aliases, aliases(q))) {
                return QueryPlan.of(q);
            }
            reused.increment();
            return k.plan.rebound(q, k.positions, key.bindParams());
        }
        QueryPlan plan = QueryPlan.of(q);
        int[] positions = positions(q, plan, key.bindParams());
        kept.put(shape, positions == null ? new Kept(now, null, null, List.of()) : new Kept(now, plan, positions, aliases(q)));
        return plan;
    }

    /** Whether planning {@code q} runs a lambda: loader criteria given as one. */
    private static boolean runsLambdas(Query<?> q) {
        for (LoaderCriteria c : q.loaderCriteria()) {
            if (c.isLambda()) {
                return true;
            }
        }
        return false;
    }

    /** The aliased entities {@code q} reaches, each once, in the order a walk meets them. */
    private static List<AliasedEntity<?>> aliases(Query<?> q) {
        List<AliasedEntity<?>> out = new ArrayList<>();
        aliases(q, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out.isEmpty() ? List.of() : out;
    }

    private static void aliases(ClauseElement e, List<AliasedEntity<?>> out, java.util.Set<ClauseElement> met) {
        if (e == null || !met.add(e)) {
            return;
        }
        if (e instanceof AliasedEntity<?> a) {
            out.add(a);
        }
        for (ClauseElement c : e.getChildren()) {
            aliases(c, out, met);
        }
    }

    /**
     * Where each bind parameter of the plan's statement is among {@code binds} (the query's), or null when the plan
     * cannot take another query's values: a value of the query is not one of the statement's parameters, or one of the
     * statement's parameters is not the query's (the planning made it), or the plan keeps one elsewhere (a select-in
     * load's criteria), or its propagating criteria are not the query's own (adapted to an alias), which
     * {@link QueryPlan#rebound} takes from the next query.
     */
    private static int[] positions(Query<?> q, QueryPlan plan, List<BindParameter<?>> binds) {
        CacheKey statementKey = plan.statement().cacheKey();
        if (statementKey == null || !UnitOfWork.sameSequence(plan.propagatingCriteria(), QueryPlan.propagating(q))) {
            return null;
        }
        for (QueryPlan.Selectin s : plan.selectins()) {
            if (s.via() != null && s.via().hasCriteria() || hasCriteria(s.then())) {
                return null;
            }
        }
        Map<BindParameter<?>, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < binds.size(); i++) {
            index.putIfAbsent(binds.get(i), i);
        }
        List<BindParameter<?>> used = statementKey.bindParams();
        int[] positions = new int[used.size()];
        boolean[] reached = new boolean[binds.size()];
        for (int i = 0; i < positions.length; i++) {
            Integer at = index.get(used.get(i));
            if (at == null) {
                // a value the planning made (a lambda's, or one it chose): the next query's plan might make another
                return null;
            }
            positions[i] = at;
            reached[at] = true;
        }
        for (boolean r : reached) {
            if (!r) {
                return null;
            }
        }
        return positions;
    }

    private static boolean hasCriteria(List<LoaderOption> options) {
        for (LoaderOption o : options) {
            for (LoaderOption x = o; x != null; x = x.then()) {
                if (x.attribute() != null && x.attribute().hasCriteria()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The registry of the query's first mapped entity or attribute, or null. */
    private static Registry registryOf(Query<?> q) {
        for (ClauseElement e : q.entities()) {
            if (e instanceof Entity en) {
                return en.mapper().registry();
            }
            if (e instanceof QueryableAttribute<?> a) {
                return a.owner().mapper().registry();
            }
        }
        return null;
    }

    /** The statement {@code s} with each bind parameter at a position taken from {@code binds}. */
    static Select rebound(Select s, int[] positions, List<BindParameter<?>> binds) {
        List<BindParameter<?>> used = s.cacheKey().bindParams();
        Map<ClauseElement, ClauseElement> swap = null;
        for (int i = 0; i < positions.length; i++) {
            if (used.get(i) != binds.get(positions[i])) {
                if (swap == null) {
                    swap = new IdentityHashMap<>();
                }
                swap.put(used.get(i), binds.get(positions[i]));
            }
        }
        return swap == null ? s : (Select) s.replace(swap::get);
    }
}
