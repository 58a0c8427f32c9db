package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cache key gives an attribute that is absent, empty or a boolean as a code in its node's
 * head rather than as a token of its own (see {@link CacheKey}). This checks, over a corpus of
 * statements, every node and every attribute of it at such a value, set to each other such
 * value (null, an empty list, false, true) and to values other nodes of the kind have: the
 * variant's key is equal to the original's exactly when a key written attribute by attribute
 * ({@link #referenceKey}) is; an explicit default (a value the kind builds into the node it had)
 * keeps the key; and an equal key means the same SQL, values and result columns on every
 * dialect, also through the compiled form of the original (the engine's hit path).
 */
public final class KeyDefaultsCheck {
    static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql(),
            Dialects.mariadb());
    private static final Object REF = new Object() {
        @Override
        public String toString() {
            return "REF";
        }
    };

    /** Values seen per kind and attribute (index in the declaration) that a head does not code. */
    private final Map<Traversal<?>, Map<Integer, Set<Object>>> donors = new IdentityHashMap<>();
    /** Variants whose changed node the kind built equal to the original: an attribute set explicitly to its default. */
    public int explicitDefaults;
    /** Variants whose changed node differs from the original: an attribute moved away from its default. */
    public int changes;
    /**
     * Changes that send the same SQL on every dialect though the key changed: a key finer
     * than the SQL of this statement (correlation flags of a SELECT that is not nested, say),
     * as a key written attribute by attribute is.
     */
    public int sameSqlOtherKey;
    public final List<String> problems = new ArrayList<>();

    /** The key of {@code root} written attribute by attribute: kind name, then every keyed attribute. */
    public static List<Object> referenceKey(ClauseElement root) {
        List<Object> out = new ArrayList<>();
        walk(root, out, new IdentityHashMap<>());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(ClauseElement node, List<Object> out, Map<ClauseElement, Integer> met) {
        if (node == null) {
            out.add(null);
            return;
        }
        Traversal<ClauseElement> t = (Traversal<ClauseElement>) node.declaration();
        if (t.isIdentity()) {
            out.add(node);
            return;
        }
        Integer prior = met.get(node);
        if (prior != null) {
            out.add(REF);
            out.add(prior);
            return;
        }
        met.put(node, met.size());
        out.add(t.kind());
        for (Attr<ClauseElement> a : t.attrs()) {
            Object v = a.get(node);
            switch (a.kind()) {
                case VALUE -> {
                }
                case CLAUSE -> walk((ClauseElement) v, out, met);
                case CLAUSE_LIST -> {
                    if (v == null) {
                        out.add(null);
                    } else {
                        out.add(((List<?>) v).size());
                        for (Object c : (List<?>) v) {
                            walk((ClauseElement) c, out, met);
                        }
                    }
                }
                case STRUCT -> out.add(v instanceof Object[] array ? Arrays.asList(array) : v);
            }
        }
    }

    /** Whether a head codes {@code v} rather than writing it. */
    static boolean coded(Attr<?> a, Object v) {
        return v == null || v instanceof Boolean || a.kind() == Attr.Kind.CLAUSE_LIST && ((List<?>) v).isEmpty();
    }

    /** Whether a head codes attribute {@code a} at all: all keyed attributes but required children. */
    static boolean codable(Attr<?> a) {
        return a.kind() != Attr.Kind.VALUE && !a.isRequired();
    }

    /** The other values of {@code a}'s kind that a head codes. */
    static List<Object> defaultForms(Attr<?> a) {
        return switch (a.kind()) {
            case CLAUSE -> Arrays.asList((Object) null);
            case CLAUSE_LIST -> Arrays.asList(null, List.of());
            default -> Arrays.asList(null, Boolean.FALSE, Boolean.TRUE);
        };
    }

    /** Every node under {@code root} that is not a leaf with identity, once. */
    static List<ClauseElement> nodes(ClauseElement root) {
        Set<ClauseElement> out = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<ClauseElement> order = new ArrayList<>();
        collect(root, out, order);
        return order;
    }

    private static void collect(ClauseElement n, Set<ClauseElement> seen, List<ClauseElement> order) {
        if (n == null || n.declaration().isIdentity() || !seen.add(n)) {
            return;
        }
        order.add(n);
        for (ClauseElement c : n.declaration().children(n)) {
            collect(c, seen, order);
        }
    }

    /** Remembers the written values of every coded attribute in {@code s}, as mutations for other statements. */
    @SuppressWarnings("unchecked")
    public void collectDonors(ClauseElement s) {
        for (ClauseElement n : nodes(s)) {
            Traversal<ClauseElement> t = (Traversal<ClauseElement>) n.declaration();
            List<Attr<ClauseElement>> attrs = t.attrs();
            for (int i = 0; i < attrs.size(); i++) {
                Object v = attrs.get(i).get(n);
                if (codable(attrs.get(i)) && !coded(attrs.get(i), v)) {
                    Set<Object> seen = donors.computeIfAbsent(t, k -> new HashMap<>()).computeIfAbsent(i, k -> new LinkedHashSet<>());
                    if (seen.size() < 4) {
                        seen.add(v);
                    }
                }
            }
        }
    }

    /** Checks every default form and every mutation of every coded attribute of every node of {@code s}. */
    @SuppressWarnings("unchecked")
    public void check(ClauseElement s) {
        CacheKey key = s.cacheKey();
        if (key == null) {
            return;
        }
        List<Object> reference = referenceKey(s);
        String[] sql = outcomes(s);
        for (ClauseElement n : nodes(s)) {
            Traversal<ClauseElement> t = (Traversal<ClauseElement>) n.declaration();
            List<Attr<ClauseElement>> attrs = t.attrs();
            for (int i = 0; i < attrs.size(); i++) {
                Attr<ClauseElement> a = attrs.get(i);
                Object v = a.get(n);
                if (!codable(a) || !coded(a, v)) {
                    continue;
                }
                List<Object> others = new ArrayList<>();
                for (Object form : defaultForms(a)) {
                    if (!java.util.Objects.equals(form, v)) {
                        others.add(form);
                    }
                }
                others.addAll(donors.getOrDefault(t, Map.of()).getOrDefault(i, Set.of()));
                for (Object other : others) {
                    ClauseElement changed = with(t, n, i, other);
                    ClauseElement variant = changed == null ? null : replace(s, n, changed);
                    if (variant == null || variant.cacheKey() == null) {
                        continue;
                    }
                    // An explicit default: the kind takes the value for the one it had (a null list for an empty one, say).
                    boolean explicitDefault = changed.compare(n);
                    if (explicitDefault) {
                        explicitDefaults++;
                    } else {
                        changes++;
                    }
                    compare(s, key, reference, sql, variant, t.kind() + "." + a.name() + " " + v + " -> " + other, explicitDefault);
                }
            }
        }
    }

    /** {@code n} with attribute {@code i} set to {@code v}, or null when the kind refuses that. */
    private static ClauseElement with(Traversal<ClauseElement> t, ClauseElement n, int i, Object v) {
        try {
            Object[] values = t.values(n);
            values[i] = v;
            return t.build(values);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code root} with {@code target} replaced by {@code with}, its ancestors rebuilt from their declarations; null when one refuses. */
    private static ClauseElement replace(ClauseElement root, ClauseElement target, ClauseElement with) {
        try {
            return replaceIn(root, target, with, new java.util.IdentityHashMap<>());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One copy per node however many parents reach it (a FROM clause and its columns' parent), as a cloning traversal keeps it. */
    private static ClauseElement replaceIn(ClauseElement root, ClauseElement target, ClauseElement with, Map<ClauseElement, ClauseElement> memo) {
        if (root == target) {
            return with;
        }
        ClauseElement done = memo.get(root);
        if (done == null) {
            done = root.nodeKind().copy(root, c -> replaceIn(c, target, with, memo));
            memo.put(root, done);
        }
        return done;
    }

    /**
     * Records a problem when the variant's key is equal to the original's but a key written
     * attribute by attribute is not, or the other way round; when an explicit default changes
     * the key or a move from the default keeps it; and when an equal key sends other SQL.
     */
    private void compare(ClauseElement s, CacheKey key, List<Object> reference, String[] sql, ClauseElement variant, String change,
            boolean explicitDefault) {
        boolean sameKey = variant.cacheKey().equals(key);
        boolean sameReference = referenceKey(variant).equals(reference);
        java.util.function.Supplier<String> what = () -> change + ": " + text(variant) + "\n  of: " + text(s);
        if (sameKey != sameReference) {
            problems.add("key " + (sameKey ? "equal" : "different") + " but reference key " + (sameReference ? "equal" : "different") + ", " + what.get());
        }
        if (explicitDefault != sameKey) {
            problems.add((explicitDefault ? "an explicit default changed the key: " : "a move from the default kept the key: ") + what.get());
        }
        String[] other = outcomes(variant);
        if (sameKey) {
            for (int d = 0; d < DIALECTS.size(); d++) {
                String hit = CacheKeyFamiliesTest.viaFirst(s, variant, DIALECTS.get(d));
                if (!other[d].equals(hit) && !other[d].startsWith("error")) {
                    problems.add("equal keys, other SQL on " + DIALECTS.get(d).name() + ": " + what.get() + "\n  alone: " + other[d] + "\n  hit:   " + hit);
                }
            }
        } else if (Arrays.equals(sql, other)) {
            sameSqlOtherKey++;
        }
    }

    private static String text(ClauseElement s) {
        try {
            return s.toString().replace("\n", " ");
        } catch (RuntimeException e) {
            return s.getClass().getSimpleName() + " (" + e.getMessage() + ")";
        }
    }

    private static String[] outcomes(ClauseElement s) {
        String[] out = new String[DIALECTS.size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = CacheKeyFamiliesTest.outcome(s, DIALECTS.get(d));
        }
        return out;
    }
}
