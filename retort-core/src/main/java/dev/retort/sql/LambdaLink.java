package dev.retort.sql;

import dev.retort.exc.ArgumentException;
import dev.retort.types.TypeEngine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one lambda of a lambda statement captured, sorted for the cache: the part of the key
 * that decides the SQL's shape, and the values that become parameters.
 *
 * <p>Each captured variable is one of:
 * <ul>
 * <li>a plain value (number, string, date, UUID, list of those) that can be tracked: the key
 *     records only its type, and the value is a parameter of the statement;</li>
 * <li>a plain value that cannot be tracked (null, boolean, enum, ...) or that the site's
 *     analysis found is not used as a bound value: the key records the value itself;</li>
 * <li>a SQL element: the key records its structure ({@link CacheKey}), its bound values are
 *     parameters;</li>
 * <li>the enclosing instance ({@code this}, when the lambda reads its fields): the key records its
 *     identity, so each object builds the statement once and its final fields are taken as fixed
 *     (the non-final fields the lambda reads key by value: {@link LambdaFields});</li>
 * <li>anything else: an error, unless {@link LambdaOptions} says the closure is not tracked.</li>
 * </ul>
 */
final class LambdaLink {
    /** Precedes the shape of a tracked value in the key. */
    private static final String TRACKED = "tracked";
    /** Precedes a value that keys the statement as it is. */
    private static final String BY_VALUE = "by value";

    final LambdaSite site;
    final Object fn;
    final Object[] captured;
    final List<Object> key;
    /** The tracked values, in order: per variable, one plain value or an element's bound values. */
    final Object[] values;
    /** The index in {@link #values} of each variable's first tracked value, or -1. */
    final int[] firstValue;
    /** Whether a captured element cannot be cached, and so neither can the statement. */
    final boolean uncacheable;

    private LambdaLink(LambdaSite site, Object fn, Object[] captured, List<Object> key, Object[] values, int[] firstValue, boolean uncacheable) {
        this.site = site;
        this.fn = fn;
        this.captured = captured;
        this.key = key;
        this.values = values;
        this.firstValue = firstValue;
        this.uncacheable = uncacheable;
    }

    /** Sorts the variables {@code fn} captured, as the site's analysis so far and {@code options} say. */
    static LambdaLink of(LambdaSite site, Object fn, Object[] captured, LambdaOptions options) {
        LambdaSite.Last last = site.last;
        KeyParts key = new KeyParts(last == null ? null : last.part(), captured.length * 2 + 3);
        // An array rather than a list: one value per variable is the common case, and the link keeps the array.
        // Null while the values are the captured ones, captured[0, count): the usual case, which then needs none.
        Object[] values = null;
        int count = 0;
        int[] firstValue = new int[captured.length];
        boolean uncacheable = false;
        for (int i = 0; i < captured.length; i++) {
            Object v = captured[i];
            firstValue[i] = -1;
            if (v instanceof ClauseElement e) {
                if (!options.keysClosure()) {
                    key.add(null);
                    continue;
                }
                CacheKey k = e.cacheKey();
                if (k == null) {
                    uncacheable = true;
                    continue;
                }
                key.add(k);
                List<Object> bound = new ArrayList<>(k.bindParams().size());
                k.bindParams().forEach(b -> bound.add(b.effectiveValue()));
                if (site.byValue(i)) {
                    key.add(bound);
                } else {
                    firstValue[i] = count;
                    values = own(values, captured, count, count + bound.size() + captured.length - i - 1);
                    for (Object b : bound) {
                        values[count++] = b;
                    }
                }
            } else if (isPlain(v)) {
                Object shape = !options.trackBoundValues() || v == null || site.byValue(i) ? null : LambdaProbes.shape(v);
                if (shape != null) {
                    key.add(TRACKED);
                    key.add(shape);
                    firstValue[i] = count;
                    // Frozen now: the statement keeps the value it was given, whenever it runs.
                    Object frozen = StatementLambdaElement.frozen(v);
                    if (values != null || count != i || frozen != v) {
                        values = own(values, captured, count, captured.length);
                        values[count] = frozen;
                    }
                    count++;
                } else if (options.trackBoundValues()) {
                    key.add(BY_VALUE);
                    key.add(v instanceof byte[] bytes ? ByteBuffer.wrap(bytes.clone()) : v);
                } else {
                    key.add(null);
                }
            } else if (v instanceof TypeEngine<?>) {
                key.add(BY_VALUE);
                key.add(v);
            } else if (options.keysClosure() && "this".equals(site.variableName(i))) {
                // The enclosing object (its fields hold the tables, say) keys by identity: the same
                // object gives the same SQL; the key holds it weakly so the cache keeps nothing alive.
                key.add(new EnclosingInstance(v));
            } else if (options.keysClosure()) {
                throw untrackable(site, i, v);
            } else {
                key.add(null);
            }
        }
        LambdaFields fields = site.fields();
        if (fields != null) {
            // Fields the lambda reads are not captured: their current values key the statement.
            for (Object v : fields.values(captured, options.keysClosure())) {
                uncacheable |= addTracked(key, v);
            }
        }
        if (options.trackOn() != null) {
            for (Object o : options.trackOn()) {
                uncacheable |= addTracked(key, o);
            }
        }
        key.add(options.keysClosure());
        key.add(options.trackBoundValues());
        Object[] own = values == null ? (count == captured.length ? captured : Arrays.copyOf(captured, count))
                : sameAs(values, count, captured) ? captured : count == values.length ? values : Arrays.copyOf(values, count);
        return new LambdaLink(site, fn, captured, key.list(), own, firstValue, uncacheable);
    }

    /**
     * The values array to write value {@code count} on, with room for {@code capacity}: made
     * from {@code captured[0, count)} when the values so far were the captured ones ({@code values} null).
     */
    private static Object[] own(Object[] values, Object[] captured, int count, int capacity) {
        if (values == null) {
            Object[] out = new Object[Math.max(capacity, captured.length)];
            System.arraycopy(captured, 0, out, 0, count);
            return out;
        }
        return capacity > values.length ? Arrays.copyOf(values, capacity) : values;
    }

    /** Whether the first {@code count} of {@code values} are {@code captured}, the same objects: the link then keeps one array for both. */
    private static boolean sameAs(Object[] values, int count, Object[] captured) {
        if (count != captured.length) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (values[i] != captured[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key part being built. A call site usually captures the same structure call after call:
     * while the parts equal those of the site's last key, that list is kept and becomes this key
     * (an equal list, shared), so a repeated call allocates no list and its look-up compares
     * identical lists.
     */
    private static final class KeyParts {
        private final List<Object> prior;
        private final int capacity;
        private List<Object> own;
        private int matched;

        KeyParts(List<Object> prior, int capacity) {
            this.prior = prior;
            this.capacity = capacity;
            if (prior == null) {
                own = new ArrayList<>(capacity);
            }
        }

        void add(Object part) {
            if (own == null) {
                if (matched < prior.size() && Objects.equals(prior.get(matched), part)) {
                    matched++;
                    return;
                }
                own = new ArrayList<>(Math.max(capacity, matched + 1));
                own.addAll(prior.subList(0, matched));
            }
            own.add(part);
        }

        List<Object> list() {
            if (own != null) {
                return own;
            }
            return matched == prior.size() ? prior : new ArrayList<>(prior.subList(0, matched));
        }
    }

    /** Adds a {@code trackOn} object to the key; true when it is an element that cannot be cached. */
    private static boolean addTracked(KeyParts key, Object o) {
        if (!(o instanceof ClauseElement e)) {
            key.add(o);
            return false;
        }
        CacheKey k = e.cacheKey();
        if (k == null) {
            return true;
        }
        key.add(k);
        key.add(k.bindParams().stream().map(BindParameter::effectiveValue).toList());
        return false;
    }

    /** Whether {@code v} is a plain value: one a statement binds as a parameter. */
    static boolean isPlain(Object v) {
        if (v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean || v instanceof Character
                || v instanceof Enum<?> || v instanceof UUID || v instanceof Date || v instanceof byte[]) {
            return true;
        }
        if (v instanceof Number) {
            // The JDK's immutable numbers; AtomicLong and the like are mutable objects.
            String pkg = v.getClass().getPackageName();
            return pkg.equals("java.lang") || pkg.equals("java.math");
        }
        if (v instanceof Collection<?> items) {
            for (Object item : items) {
                if (!isPlain(item)) {
                    return false;
                }
            }
            return true;
        }
        return v.getClass().getPackageName().equals("java.time");
    }

    /** A key part equal only for the same object, which it does not keep alive. */
    private static final class EnclosingInstance {
        private final java.lang.ref.WeakReference<Object> ref;
        private final int hash;

        EnclosingInstance(Object o) {
            this.ref = new java.lang.ref.WeakReference<>(o);
            this.hash = System.identityHashCode(o);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnclosingInstance e && e.hash == hash && ref.get() != null && e.ref.get() == ref.get();
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static ArgumentException untrackable(LambdaSite site, int i, Object v) {
        String name = site.variableName(i);
        String which = "this".equals(name)
                ? "'this' (the enclosing " + v.getClass().getName() + ", captured because the lambda uses its fields or methods)"
                : "'" + (name == null ? "#" + (i + 1) : name) + "' (captured value " + (i + 1) + ", a " + v.getClass().getName() + ")";
        return new ArgumentException("Closure variable " + which + " of the lambda " + site.description() + " is neither a plain value nor a "
                + "SQL element, so it cannot be part of the statement's cache key. Read what the SQL needs from it into a local variable "
                + "outside the lambda, name the objects that decide the SQL's shape with LambdaOptions.builder().trackOn(...), "
                + "or call spoil() to run the lambda every time (trackClosureVariables(false) skips this check for a variable that "
                + "never changes the SQL).");
    }
}
