package dev.retort.orm;

import dev.retort.sql.Operator;
import dev.retort.sql.SQL;
import dev.retort.types.TypeEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Session#get}'s query of one mapper: its rows by primary key, with a named parameter
 * per key column, planned once instead of on every call (and so also found in the compiled
 * cache without walking a new statement). It is planned again when any mapper changed shape
 * since ({@link Registry#mappings()}): a relationship or a subclass added later changes what
 * the query loads.
 */
final class KeyedGet {
    private static final String PARAMETER = "retort_get_key_";

    private final int mappings;
    private final QueryPlan plan;
    private final List<ColumnProp> key;
    /** The parameters' names, made once: a name made per call was hashed anew by every look-up of it. */
    private final String[] names;

    private KeyedGet(int mappings, QueryPlan plan, List<ColumnProp> key) {
        this.mappings = mappings;
        this.plan = plan;
        this.key = key;
        this.names = new String[key.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = PARAMETER + i;
        }
    }

    /** The planned query of {@code m}, made now when there is none or the mappings changed. */
    static KeyedGet of(Mapper<?> m) {
        KeyedGet g = m.keyedGet;
        // Read before planning: a change while planning leaves a plan that is made again next time.
        int now = Registry.mappings();
        if (g != null && g.mappings == now) {
            return g;
        }
        Query<?> q = Query.of(null, m);
        List<ColumnProp> key = m.primaryKeyProps();
        for (int i = 0; i < key.size(); i++) {
            q = q.filter(key.get(i).column.eq(SQL.bindparam(PARAMETER + i, null, typeOf(key.get(i)))));
        }
        g = new KeyedGet(now, QueryPlan.of(q), key);
        m.keyedGet = g;
        return g;
    }

    @SuppressWarnings("unchecked")
    private static TypeEngine<Object> typeOf(ColumnProp p) {
        return (TypeEngine<Object>) p.column.type();
    }

    QueryPlan plan() {
        return plan;
    }

    /**
     * The parameters for {@code id}; null when a value would bind as another type than its
     * column's (a string for an integer key): the caller then plans the query with the values
     * as before, so that they bind exactly as they did.
     */
    Map<String, Object> parameters(IdentityKey id) {
        List<Object> values = id.values();
        Map<String, Object> out = new HashMap<>(4);
        for (int i = 0; i < key.size(); i++) {
            Object v = values.get(i);
            TypeEngine<?> t = key.get(i).column.type();
            if (t.coerceComparedValue(Operator.EQ, v) != t) {
                return null;
            }
            out.put(names[i], v);
        }
        return out;
    }
}
