package dev.retort.orm;

import dev.retort.sql.Operator;
import dev.retort.sql.SQL;
import dev.retort.types.TypeEngine;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /**
     * The names as one immutable set that every call's parameters share: the compiled cache keeps
     * it as it is and finds the last statement's names by identity, not by a walk of a new key set.
     */
    private final Set<String> nameSet;

    private KeyedGet(int mappings, QueryPlan plan, List<ColumnProp> key) {
        this.mappings = mappings;
        this.plan = plan;
        this.key = key;
        this.names = new String[key.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = PARAMETER + i;
        }
        this.nameSet = Set.of(names);
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
        Object[] out = new Object[key.size()];
        for (int i = 0; i < out.length; i++) {
            // By index: values() makes a list of a one-column key's value.
            Object v = id.value(i);
            TypeEngine<?> t = key.get(i).column.type();
            if (t.coerceComparedValue(Operator.EQ, v) != t) {
                return null;
            }
            out[i] = v;
        }
        return new Parameters(out);
    }

    /**
     * One call's parameters: the key's values under the names (none null: a key has no nulls).
     * One small object per get, where a hash map was four.
     */
    private final class Parameters extends AbstractMap<String, Object> {
        private final Object[] values;

        Parameters(Object[] values) {
            this.values = values;
        }

        private int indexOf(Object name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object name) {
            int i = indexOf(name);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object name) {
            return indexOf(name) >= 0;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Set<String> keySet() {
            return nameSet;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Set<Entry<String, Object>> out = new LinkedHashSet<>();
            for (int i = 0; i < values.length; i++) {
                out.add(Map.entry(names[i], values[i]));
            }
            return Collections.unmodifiableSet(out);
        }
    }
}
