package dev.retort.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structural key of a statement: equal for statements of the same shape, whatever their
 * literal values; those are listed separately in {@link #bindParams()}, in traversal order.
 * Schema tables and columns enter the key by identity, everything else by structure. Unlike
 * SQLAlchemy's, {@code equals} and {@code hashCode} use the key only, so it works as a map key.
 *
 * <pre>{@code
 * CacheKey a = select(users).where(users.c("id").eq(1)).cacheKey();
 * CacheKey b = select(users).where(users.c("id").eq(2)).cacheKey();
 * a.equals(b);                 // true
 * b.bindParams().get(0).value();   // 2
 * }</pre>
 */
public final class CacheKey {
    private final List<Object> key;
    private final List<BindParameter<?>> bindParams;
    private final int hash;

    private CacheKey(List<Object> key, List<BindParameter<?>> bindParams) {
        this.key = key;
        this.bindParams = bindParams;
        this.hash = key.hashCode();
    }

    /** The structure, as nested lists of kind names, structural values and schema objects. */
    public List<Object> key() {
        return key;
    }

    /** The bound parameters, in traversal order, each once. */
    public List<BindParameter<?>> bindParams() {
        return bindParams;
    }

    static CacheKey generate(ClauseElement root) {
        List<BindParameter<?>> binds = new ArrayList<>();
        Map<ClauseElement, Integer> seen = new IdentityHashMap<>();
        List<Object> key = walk(root, binds, seen);
        return new CacheKey(key, Collections.unmodifiableList(binds));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object> walk(ClauseElement node, List<BindParameter<?>> binds, Map<ClauseElement, Integer> seen) {
        Integer prior = seen.get(node);
        if (prior != null) {
            // A node reached again is keyed by its first position, so sharing is part of the shape.
            return List.of("ref", prior);
        }
        seen.put(node, seen.size());
        Traversal t = node.traversal();
        List<Object> out = new ArrayList<>();
        out.add(t.kind());
        if (t.isIdentity()) {
            out.add(node);
            return out;
        }
        if (node instanceof BindParameter<?> b) {
            binds.add(b);
        }
        List<Attr> attrs = t.attrs();
        for (Attr a : attrs) {
            Object v = a.get(node);
            switch (a.kind()) {
                case CLAUSE:
                    out.add(v == null ? null : walk((ClauseElement) v, binds, seen));
                    break;
                case CLAUSE_LIST: {
                    List<Object> items = new ArrayList<>();
                    for (Object c : (List<?>) v) {
                        items.add(c == null ? null : walk((ClauseElement) c, binds, seen));
                    }
                    out.add(items);
                    break;
                }
                case STRUCT:
                    out.add(v);
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && k.hash == hash && k.key.equals(key);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CacheKey(" + key + ", binds=" + bindParams.size() + ")";
    }
}
