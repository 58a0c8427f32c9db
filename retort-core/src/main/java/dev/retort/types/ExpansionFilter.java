package dev.retort.types;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Bounds what reading a Java serialization stream costs, for one stream: the "SerialDOS" payload (sets nested a few
 * dozen deep, each level holding the next level's sets twice by back-reference) is about a kilobyte, yet hashing it
 * while reading costs 2<sup>depth</sup>, and a set repeating one back-reference to a large list hashes the list once per
 * reference though the set it builds holds it once. So {@link #measuring} parses each top-level object of the stream
 * before the stream reads it (the serialization grammar needs no class) and measures it as the reader would pay for it:
 * an object's <em>expanded</em> size counts its parts as often as the stream reaches them (back-references expanded,
 * fields of any class included, so a record's hashing is counted too); a collection or map ({@code java.util}) may
 * expand to at most {@value #NODES_PER_BYTE} nodes per byte read plus {@value #SLACK}, and the hashing the stream causes
 * (the expanded size of everything a {@code HashSet}, {@code HashMap}, {@code Hashtable} or immutable collection reads,
 * once per time it is read, and once more per earlier key of its hash in its set: decided by the stream for strings,
 * boxed numbers and the JDK's collections of those, else taken from the key as {@link #completed} is given it, or as the
 * stream tells this filter it reads a back-reference to it, before its set hashes it; a key its set holds already is
 * compared with the others of its hash only) at most {@value #HASHING_PER_BYTE} per byte plus {@value #SLACK}, the
 * comparisons of keys of one hash among that at most {@value #COMPARISONS_PER_BYTE} per byte plus {@value #SLACK} (per
 * byte the reader has read, for keys whose hash is taken as they are read). A tree (nothing shared)
 * expands to at most one node per byte, since every element has its own tag byte. Over a limit, the object is refused
 * with an {@link InvalidObjectException} naming its class and the limit before a byte of it is read; the stream's own
 * limits (the policy's depth, references and bytes) bound the scan too. A collection that contains one still being read
 * (a cycle, whose hashing never ends) is refused by {@link #completed}. Externalizable data written without block data
 * (protocol 1) cannot be measured and is refused, but for the JDK's {@code java.time} values. The stream is held to
 * what was measured: an object completed, a back-reference or a class descriptor read anywhere but where the scan met
 * it (an allowed {@code readObject} skipping its fields) is refused, naming the class. This filter must stay the
 * stream's filter (a JVM-wide filter factory that drops it makes every stream refused). Used by
 * {@code Picklers.java} and the serializer's {@code Deserializer}:
 *
 * <pre>{@code
 * ExpansionFilter expansion = new ExpansionFilter(policy);
 * ObjectInputStream in = new ObjectInputStream(expansion.measuring(bytes)) {
 *     { setObjectInputFilter(expansion); enableResolveObject(true); }
 *     protected Object resolveObject(Object obj) throws IOException { return expansion.completed(obj); }
 * };
 * }</pre>
 */
public final class ExpansionFilter implements ObjectInputFilter {
    /** Expanded nodes a collection may reach per byte read: twice what a tree can reach. */
    public static final int NODES_PER_BYTE = 2;
    /**
     * Hashing (expanded nodes hashed) per byte read: a tree nested 20 deep hashes each node up to 20 times, once by each
     * set or map holding it.
     */
    public static final int HASHING_PER_BYTE = 64;
    /**
     * Comparisons (expanded nodes of a key, once per earlier key of its hash in its set) per byte: a bin of keys of one
     * hash compares each new key with all of them, each comparison costing tens of times what hashing a node does, so
     * forged collisions are refused after a few hundred keys, while real keys, a few of one hash, stay far under it.
     */
    public static final int COMPARISONS_PER_BYTE = 8;
    /** Allowance for small values whose parts are shared. */
    public static final int SLACK = 256;

    private final ObjectInputFilter policy;
    private SerialScan scan;
    /** The collections and maps completed so far. */
    private final Set<Object> completed = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Checks the stream with {@code policy} (classes, depth, ...) and bounds its expansion. */
    public ExpansionFilter(ObjectInputFilter policy) {
        this.policy = policy;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> c = info.serialClass();
        if (c != null && c.isRecord() && scan != null && scan.saysCustomData(c.getName())) {
            // Thrown rather than REJECTED so that the stream's exception has the reason as its cause.
            throw new IllegalArgumentException(c.getName() + " is a record, whose fields alone are read, but the stream says it"
                    + " was written with custom data: a forged layout, which would be read otherwise than it was measured");
        }
        Status status = policy.checkInput(info);
        if (status == Status.REJECTED) {
            // Thrown so that the stream's "filter status: REJECTED" has what was rejected as its cause.
            throw new IllegalArgumentException("the stream's filter rejects " + (c != null ? abbreviated(c.getName()) + " " : "")
                    + (info.arrayLength() >= 0 ? "(an array of " + info.arrayLength() + ") " : "") + "at nesting " + info.depth() + ", "
                    + info.references() + " objects, " + info.streamBytes() + " bytes read: a class it does not allow, or over one of its"
                    + " limits (maxdepth, maxrefs, maxbytes, maxarray)");
        }
        if (scan != null) {
            try {
                scan.filtered(c, info.arrayLength());
            } catch (InvalidObjectException e) {
                // The stream's exception has it as its cause.
                throw new UncheckedIOException(e);
            }
        }
        return status;
    }

    /**
     * {@code in}, each top-level object of which is measured before it is served; what it throws (an
     * {@link InvalidObjectException} over a limit) the stream's {@code readObject} throws. One stream per filter.
     */
    public InputStream measuring(InputStream in) {
        scan = new SerialScan(in, policy);
        return scan;
    }

    /** {@link #measuring(InputStream)} of {@code bytes}, scanned where they are rather than copied (they must not change while read). */
    public InputStream measuring(byte[] bytes) {
        scan = new SerialScan(bytes, policy);
        return scan;
    }

    /**
     * To be called from {@code resolveObject} with each object the stream completes, whatever it resolves to (a set is
     * completed before the set holding it hashes it); returns it, or refuses a collection that holds one still being
     * read, or a key whose hash, taken here before its set takes it, collides with too many keys before it in its set.
     */
    public Object completed(Object obj) throws InvalidObjectException {
        if (scan != null) {
            scan.resolved(obj);
        }
        if (!isCollection(obj)) {
            return obj;
        }
        if (obj instanceof Collection<?> c) {
            for (Object e : c) {
                checkCompleted(obj, e);
            }
        } else if (obj instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkCompleted(obj, e.getKey());
                checkCompleted(obj, e.getValue());
            }
        } else {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) obj;
            checkCompleted(obj, e.getKey());
            checkCompleted(obj, e.getValue());
        }
        completed.add(obj);
        return obj;
    }

    /** What {@code resolveClass} loads a class with: the stream's own {@code resolveClass}. */
    public interface ClassResolver {
        Class<?> resolve() throws IOException, ClassNotFoundException;
    }

    /**
     * The class {@code resolver} loads for {@code desc}, or an {@link InvalidClassException} if it is missing: a stream
     * defers a missing class to the end and reads on without giving {@code resolveObject} what depends on it, which would
     * leave {@link #completed} counting objects otherwise than the scan numbered them. For a stream's
     * {@code resolveClass}: {@code return ExpansionFilter.present(desc, () -> super.resolveClass(desc));}
     */
    public static Class<?> present(ObjectStreamClass desc, ClassResolver resolver) throws IOException {
        try {
            return resolver.resolve();
        } catch (ClassNotFoundException e) {
            // A forged name of 65,535 characters stays out of the messages, the cause's included.
            InvalidClassException missing = new InvalidClassException(abbreviated(desc.getName()), "class not found");
            throw (InvalidClassException) missing.initCause(desc.getName().equals(abbreviated(desc.getName())) ? e : null);
        }
    }

    /** A class name from the stream, cut to a length a message can hold (a forged one may have 65,535 characters). */
    static String abbreviated(String name) {
        return name.length() <= 200 ? name : name.substring(0, 200) + "... (" + name.length() + " characters)";
    }

    private void checkCompleted(Object owner, Object element) throws InvalidObjectException {
        if (isCollection(element) && !completed.contains(element)) {
            throw new InvalidObjectException(owner.getClass().getName() + " contains a " + element.getClass().getName()
                    + " that is still being read (a cycle): hashing it would never end");
        }
    }

    private static boolean isCollection(Object obj) {
        return obj instanceof Collection<?> || obj instanceof Map<?, ?> || obj instanceof Map.Entry<?, ?>;
    }
}
