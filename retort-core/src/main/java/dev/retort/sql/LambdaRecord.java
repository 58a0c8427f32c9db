package dev.retort.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.retort.sql.LambdaProbes.Probe;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The statement a chain of lambdas built, once per call sites and captured structure, and
 * where each of its bind parameters takes its value from: a constant of the lambda's code, or
 * one of the values the lambdas capture ({@link LambdaLink#values}, the chain's links one after
 * another). Later calls with the same key only substitute their captured values.
 *
 * <p>Records are kept in one bounded cache (1000, like SQLAlchemy's) and built under one lock,
 * so that a lambda's code runs once per key even when threads race for it.
 */
final class LambdaRecord {
    private static final Cache<Key, LambdaRecord> RECORDS = Caffeine.newBuilder().maximumSize(1000).executor(Runnable::run).build();
    private static final ReentrantLock BUILDING = new ReentrantLock();

    /** The lambdas' statement cannot be cached: a construct or type in it has not opted in, or a lambda copied its input's parameters. */
    static final LambdaRecord NO_CACHE = new LambdaRecord(null, null, List.of(), new int[0], 0, List.of());
    /** The analysis found captured variables that are not bound values; the site keys them by value now, so look again. */
    static final LambdaRecord RETRY = new LambdaRecord(null, null, List.of(), new int[0], 0, List.of());

    /** A chain of call sites with their captured structure. */
    static final class Key {
        private final Key parent;
        private final LambdaSite site;
        private final List<Object> part;
        private final int hash;

        Key(Key parent, LambdaSite site, List<Object> part) {
            this.parent = parent;
            this.site = site;
            this.part = part;
            this.hash = Objects.hash(parent, site, part);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.site == site && k.part.equals(part) && Objects.equals(k.parent, parent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return (parent == null ? "" : parent + " + ") + site.description() + part;
        }
    }

    final Key key;
    final ClauseElement statement;
    final List<BindParameter<?>> binds;
    /** Per bind parameter: the index of its value among the chain's tracked values, or -1 for a constant. */
    final int[] sources;
    /** How many tracked values the chain has. */
    final int valueCount;
    /** The stand-ins the chain's analyses used, to recognise a copy of one. */
    final List<Probe> probes;
    /**
     * The tokens of the cache keys of this record's statements (see {@link CacheKey#ofRecord}),
     * made for the first: keys that share them compare equal at once. Volatile, so that no
     * thread sees the array before its contents; two threads can only make equal arrays.
     */
    private volatile Object[] keyTokens;

    private LambdaRecord(Key key, ClauseElement statement, List<BindParameter<?>> binds, int[] sources, int valueCount, List<Probe> probes) {
        this.key = key;
        this.statement = statement;
        this.binds = binds;
        this.sources = sources;
        this.valueCount = valueCount;
        this.probes = probes;
    }

    /** The record for {@code link} after {@code parent} (null for the first lambda), built when missing; may be {@link #NO_CACHE} or {@link #RETRY}. */
    /** The tokens of a cache key of {@code kind} for this record's statements. */
    Object[] keyTokens(String kind) {
        Object[] t = keyTokens;
        if (t == null || t[0] != kind) {
            t = new Object[] {kind, this};
            keyTokens = t;
        }
        return t;
    }

    static LambdaRecord of(LambdaRecord parent, LambdaLink link) {
        // A call site usually sees the same captured structure call after call: the record it
        // found last is checked first, which costs a comparison of the parts, not a hash look-up.
        LambdaSite.Last last = link.site.last;
        if (last != null && last.parent() == parent && last.part().equals(link.key)) {
            return last.record();
        }
        Key key = new Key(parent == null ? null : parent.key, link.site, link.key);
        LambdaRecord r = RECORDS.getIfPresent(key);
        if (r != null) {
            link.site.last = new LambdaSite.Last(parent, link.key, r);
            return r;
        }
        BUILDING.lock();
        try {
            r = RECORDS.getIfPresent(key);
            if (r == null) {
                r = build(key, parent, link);
                if (r != RETRY) {
                    // NO_CACHE too: later calls then run their lambdas once, unanalysed.
                    RECORDS.put(key, r);
                }
            }
            return r;
        } finally {
            BUILDING.unlock();
        }
    }

    /** Runs the lambda's code once, with stand-ins for its tracked plain values, and finds where each value went. */
    private static LambdaRecord build(Key key, LambdaRecord parent, LambdaLink link) {
        LambdaSite site = link.site;
        int parentCount = parent == null ? 0 : parent.valueCount;
        List<Probe> probes = new ArrayList<>(parent == null ? List.of() : parent.probes);
        Probe[] probeOf = new Probe[link.captured.length];
        Set<Integer> unprobed = new TreeSet<>();
        Object[] args = link.captured.clone();
        for (int i = 0; i < args.length; i++) {
            if (link.firstValue[i] >= 0 && !(args[i] instanceof ClauseElement)) {
                probeOf[i] = site.invocable() ? LambdaProbes.probe(args[i], site.declaredType(i), probes.size()) : null;
                if (probeOf[i] == null) {
                    unprobed.add(i);
                } else {
                    probes.add(probeOf[i]);
                    args[i] = probeOf[i].value();
                }
            }
        }
        if (!unprobed.isEmpty()) {
            site.demote(unprobed);
            return RETRY;
        }
        Select input = parent == null ? null : StatementLambdaElement.selectInput(parent.statement);
        Object built;
        if (probes.size() > (parent == null ? 0 : parent.probes.size())) {
            try {
                built = site.invoke(args, input);
            } catch (RuntimeException e) {
                // a stand-in the lambda's code refuses (a NUMERIC scale of 918273, a name it looks up) is a value that
                // shapes the statement: key its variable by value, as shaping() does for a run that throws
                site.demote(refusedStandIns(link, args, probeOf, input));
                return RETRY;
            }
        } else {
            built = StatementLambdaElement.run(link.fn, input);
        }
        ClauseElement statement = StatementLambdaElement.asStatement(built, site);
        CacheKey k = statement.cacheKey();
        if (k == null) {
            return NO_CACHE;
        }
        int[] sources = plan(k.bindParams(), parent, link, probeOf, parentCount, unprobed);
        if (sources == null) {
            return NO_CACHE;
        }
        if (!unprobed.isEmpty()) {
            site.demote(unprobed);
            return RETRY;
        }
        Set<Integer> shaping = shaping(link, args, probeOf, input, k, sources, parentCount);
        if (!shaping.isEmpty()) {
            site.demote(shaping);
            return RETRY;
        }
        return new LambdaRecord(key, statement, k.bindParams(), sources, parentCount + link.values.length, List.copyOf(probes));
    }

    /**
     * The probed variables whose stand-in alone, the others keeping their real values, makes the lambda throw; all of
     * them when no single one does (or the real values throw too, which the next, unanalysed run then reports).
     */
    private static Set<Integer> refusedStandIns(LambdaLink link, Object[] probeArgs, Probe[] probeOf, Select input) {
        Set<Integer> probed = new TreeSet<>();
        Set<Integer> refused = new TreeSet<>();
        for (int i = 0; i < probeOf.length; i++) {
            if (probeOf[i] != null) {
                probed.add(i);
                Object[] args = link.captured.clone();
                args[i] = probeArgs[i];
                try {
                    link.site.invoke(args, input);
                } catch (RuntimeException e) {
                    refused.add(i);
                }
            }
        }
        return refused.isEmpty() ? probed : refused;
    }

    /**
     * The source of each bind parameter; fills {@code missed} with the captured variables
     * whose values were not found. Null when a parameter carries a stand-in of an earlier
     * lambda without being that lambda's parameter: the lambda copied it, and it cannot be tracked.
     */
    private static int[] plan(List<BindParameter<?>> binds, LambdaRecord parent, LambdaLink link, Probe[] probeOf, int parentCount, Set<Integer> missed) {
        Map<BindParameter<?>, Integer> known = new IdentityHashMap<>();
        if (parent != null) {
            for (int p = 0; p < parent.binds.size(); p++) {
                known.put(parent.binds.get(p), parent.sources[p]);
            }
        }
        Set<Integer> found = new TreeSet<>();
        for (int i = 0; i < link.captured.length; i++) {
            if (link.captured[i] instanceof ClauseElement e && link.firstValue[i] >= 0) {
                List<BindParameter<?>> own = e.cacheKey().bindParams();
                for (int j = 0; j < own.size(); j++) {
                    known.put(own.get(j), parentCount + link.firstValue[i] + j);
                }
            }
        }
        int[] sources = new int[binds.size()];
        for (int p = 0; p < sources.length; p++) {
            BindParameter<?> b = binds.get(p);
            Integer source = known.get(b);
            for (int i = 0; source == null && i < probeOf.length; i++) {
                if (probeOf[i] != null && probeOf[i].matches(b.value())) {
                    source = parentCount + link.firstValue[i];
                    found.add(i);
                }
            }
            if (source == null && parent != null && parent.probes.stream().anyMatch(pr -> pr.matches(b.value()))) {
                return null;
            }
            sources[p] = source == null ? -1 : source;
        }
        for (int i = 0; i < link.captured.length; i++) {
            if (link.firstValue[i] < 0) {
                continue;
            }
            if (probeOf[i] != null ? !found.contains(i) : !allPresent(((ClauseElement) link.captured[i]).cacheKey().bindParams(), binds)) {
                missed.add(i);
            }
        }
        return sources;
    }

    /**
     * The tracked plain variables whose value turns out to shape the statement. Finding a
     * stand-in among the parameters shows where a value goes, not that it goes nowhere else: the
     * lambda may also branch on it, size it, or build a name from it. So the lambda runs again
     * with the real captured values and, one variable at a time, with the real value and edge
     * values (empty and blank strings, 0, 1, -1, large numbers, other dates, lists of one and
     * three elements); every run must build a statement of the analysed shape that carries each
     * value exactly where the stand-in was. A variable for which a run differs (or throws) keys
     * the statement by value instead.
     */
    private static Set<Integer> shaping(LambdaLink link, Object[] probeArgs, Probe[] probeOf, Select input, CacheKey shape, int[] sources, int parentCount) {
        Set<Integer> out = new TreeSet<>();
        List<Integer> tracked = new ArrayList<>();
        int[] variableOf = new int[link.values.length];
        java.util.Arrays.fill(variableOf, -1);
        for (int i = 0; i < probeOf.length; i++) {
            if (probeOf[i] != null) {
                tracked.add(i);
                variableOf[link.firstValue[i]] = i;
            }
        }
        if (tracked.isEmpty()) {
            return out;
        }
        for (int i : tracked) {
            List<Object> variants = new ArrayList<>();
            variants.add(link.captured[i]);
            variants.addAll(LambdaProbes.edges(link.captured[i], link.site.declaredType(i)));
            for (Object v : variants) {
                Object[] args = probeArgs.clone();
                args[i] = v;
                if (!sameShape(link, args, input, shape, sources, parentCount, variableOf)) {
                    out.add(i);
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            Object[] real = probeArgs.clone();
            tracked.forEach(i -> real[i] = link.captured[i]);
            if (!sameShape(link, real, input, shape, sources, parentCount, variableOf)) {
                out.addAll(tracked);
            }
        }
        return out;
    }

    /** Whether the lambda, run with {@code args}, builds {@code shape} with each tracked value where its stand-in was. */
    private static boolean sameShape(LambdaLink link, Object[] args, Select input, CacheKey shape, int[] sources, int parentCount, int[] variableOf) {
        ClauseElement built;
        try {
            built = StatementLambdaElement.asStatement(link.site.invoke(args, input), link.site);
        } catch (RuntimeException e) {
            return false;
        }
        CacheKey k = built.cacheKey();
        if (k == null || !k.equals(shape)) {
            return false;
        }
        for (int p = 0; p < sources.length; p++) {
            int own = sources[p] - parentCount;
            int variable = own >= 0 && own < variableOf.length ? variableOf[own] : -1;
            Object expected = variable >= 0 ? args[variable] : shape.bindParams().get(p).value();
            if (!sameValue(expected, k.bindParams().get(p).value())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object expected, Object actual) {
        if (expected instanceof java.util.Collection<?> a && actual instanceof java.util.Collection<?> b) {
            return new ArrayList<>(a).equals(new ArrayList<>(b));
        }
        return Objects.deepEquals(expected, actual);
    }

    private static boolean allPresent(List<BindParameter<?>> own, List<BindParameter<?>> binds) {
        Map<BindParameter<?>, Boolean> in = new IdentityHashMap<>();
        binds.forEach(b -> in.put(b, true));
        return own.stream().allMatch(in::containsKey);
    }

    /** The bind parameters of the statement for a call whose chain captured {@code values}. */
    List<BindParameter<?>> bindsFor(Object[] values) {
        List<BindParameter<?>> out = new ArrayList<>(binds.size());
        for (int p = 0; p < sources.length; p++) {
            BindParameter<?> b = binds.get(p);
            out.add(sources[p] < 0 ? b : b.withValue(StatementLambdaElement.frozen(values[sources[p]])));
        }
        return out;
    }

    /** The value bind parameter {@code p} sends for a call whose chain captured {@code values}: {@code bindsFor(values).get(p).effectiveValue()}. */
    Object valueOf(int p, Object[] values) {
        return sources[p] < 0 ? binds.get(p).effectiveValue() : StatementLambdaElement.frozen(values[sources[p]]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LambdaRecord r && Objects.equals(r.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key);
    }

    @Override
    public String toString() {
        return "LambdaRecord[" + key + "]";
    }
}
