package dev.retort.types;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Bounds what hashing a Java serialization stream's collections costs, for one stream: the "SerialDOS" payload (sets
 * nested a few dozen deep, each level holding the next level's sets twice by back-reference) is about a kilobyte, yet
 * hashing it while reading costs 2<sup>depth</sup>, and a depth limit alone only moves the cliff. So each collection
 * or map is measured as it is completed, before any set or map it belongs to hashes it: its <em>expanded</em> size
 * (nodes counted as often as they are reached, back-references expanded) may be at most {@value #NODES_PER_BYTE}
 * per byte read plus {@value #SLACK}, and the hashing the stream may cause (the expanded size of every collection
 * completed, which the set or map it joins hashes, plus every element and key a set or map hashed) at most
 * {@value #HASHING_PER_BYTE} per byte plus {@value #SLACK}. A tree
 * (nothing shared) expands to at most one node per byte, since every element has its own tag byte. A collection that
 * contains one still being read (a cycle, whose hashing never ends) is refused too. Elements of other classes count
 * as one node. Used by {@code Picklers.java} and the serializer's {@code Deserializer}:
 *
 * <pre>{@code
 * ExpansionFilter expansion = new ExpansionFilter(policy);
 * ObjectInputStream in = new ObjectInputStream(expansion.counting(bytes)) {
 *     { setObjectInputFilter(expansion); enableResolveObject(true); }
 *     protected Object resolveObject(Object obj) throws IOException { return expansion.completed(obj); }
 * };
 * }</pre>
 */
public final class ExpansionFilter implements ObjectInputFilter {
    /** Expanded nodes a collection may reach per byte read: twice what a tree can reach. */
    public static final int NODES_PER_BYTE = 2;
    /**
     * Hashing (expanded nodes hashed) per byte read: a tree nested 20 deep hashes each node up to 20 times, counted
     * once when its collection is completed and once when a set or map holding it is.
     */
    public static final int HASHING_PER_BYTE = 64;
    /** Allowance for small values whose parts are shared. */
    public static final int SLACK = 256;

    private final ObjectInputFilter policy;
    /** The expanded size of each collection and map completed so far. */
    private final Map<Object, Long> expanded = new IdentityHashMap<>();
    private long bytes;
    private long hashing;

    /** Checks the stream with {@code policy} (classes, depth, ...) and bounds its expansion. */
    public ExpansionFilter(ObjectInputFilter policy) {
        this.policy = policy;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        return policy.checkInput(info);
    }

    /** {@code in}, counting the bytes the stream reads (the filter's own count misses strings and block data). */
    public InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                bytes += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                bytes += Math.max(n, 0);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                bytes += skipped;
                return skipped;
            }
        };
    }

    /**
     * To be called from {@code resolveObject} with each object the stream completes (a set is completed before the set
     * holding it hashes it); returns it, or refuses a collection that expands too far or holds one still being read.
     */
    public Object completed(Object obj) throws InvalidObjectException {
        if (!(obj instanceof Collection<?> || obj instanceof Map<?, ?> || obj instanceof Map.Entry<?, ?>)) {
            return obj;
        }
        long size = 1;
        long hashed = 0;
        if (obj instanceof Collection<?> c) {
            for (Object e : c) {
                long n = sizeOf(obj, e);
                size += n;
                hashed += n;
            }
        } else if (obj instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                long key = sizeOf(obj, e.getKey());
                size += key + sizeOf(obj, e.getValue());
                hashed += key;
            }
        } else {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) obj;
            size += sizeOf(obj, e.getKey()) + sizeOf(obj, e.getValue());
        }
        if (size > NODES_PER_BYTE * bytes + SLACK) {
            throw new InvalidObjectException(obj.getClass().getName() + " expands to " + size + " nodes (shared parts counted each time"
                    + " they are reached), more than the limit of " + NODES_PER_BYTE + " per byte read plus " + SLACK + " (" + bytes + " bytes read)");
        }
        // Whatever set or map it joins next hashes it, before anything else is seen: counted now. A set or map also
        // counts what it has hashed, which was charged already unless it was reached by a back-reference.
        hashing += size + (hashesElements(obj) ? hashed : 0);
        if (hashing > HASHING_PER_BYTE * bytes + SLACK) {
            throw new InvalidObjectException(obj.getClass().getName() + " brings the hashing of the stream's sets and maps to " + hashing
                    + " nodes, more than the limit of " + HASHING_PER_BYTE + " per byte read plus " + SLACK + " (" + bytes + " bytes read)");
        }
        expanded.put(obj, size);
        return obj;
    }

    /** The expanded size of {@code element} of {@code owner}: one node unless a collection or map completed earlier. */
    private long sizeOf(Object owner, Object element) throws InvalidObjectException {
        if (!(element instanceof Collection<?> || element instanceof Map<?, ?> || element instanceof Map.Entry<?, ?>)) {
            return 1;
        }
        Long size = expanded.get(element);
        if (size == null) {
            throw new InvalidObjectException(owner.getClass().getName() + " contains a " + element.getClass().getName()
                    + " that is still being read (a cycle): hashing it would never end");
        }
        return size;
    }

    /** Sets and maps that hash what they hold (sorted ones compare instead). */
    private static boolean hashesElements(Object obj) {
        return (obj instanceof Set<?> && !(obj instanceof SortedSet<?>)) || (obj instanceof Map<?, ?> && !(obj instanceof SortedMap<?, ?>));
    }
}
