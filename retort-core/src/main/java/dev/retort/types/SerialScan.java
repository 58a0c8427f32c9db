package dev.retort.types;

import static java.io.ObjectStreamConstants.SC_BLOCK_DATA;
import static java.io.ObjectStreamConstants.SC_EXTERNALIZABLE;
import static java.io.ObjectStreamConstants.SC_SERIALIZABLE;
import static java.io.ObjectStreamConstants.SC_WRITE_METHOD;
import static java.io.ObjectStreamConstants.STREAM_MAGIC;
import static java.io.ObjectStreamConstants.STREAM_VERSION;
import static java.io.ObjectStreamConstants.TC_ARRAY;
import static java.io.ObjectStreamConstants.TC_BLOCKDATA;
import static java.io.ObjectStreamConstants.TC_BLOCKDATALONG;
import static java.io.ObjectStreamConstants.TC_CLASS;
import static java.io.ObjectStreamConstants.TC_CLASSDESC;
import static java.io.ObjectStreamConstants.TC_ENDBLOCKDATA;
import static java.io.ObjectStreamConstants.TC_ENUM;
import static java.io.ObjectStreamConstants.TC_EXCEPTION;
import static java.io.ObjectStreamConstants.TC_LONGSTRING;
import static java.io.ObjectStreamConstants.TC_NULL;
import static java.io.ObjectStreamConstants.TC_OBJECT;
import static java.io.ObjectStreamConstants.TC_PROXYCLASSDESC;
import static java.io.ObjectStreamConstants.TC_REFERENCE;
import static java.io.ObjectStreamConstants.TC_RESET;
import static java.io.ObjectStreamConstants.TC_STRING;
import static java.io.ObjectStreamConstants.baseWireHandle;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.StreamCorruptedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ExpansionFilter#measuring} serves: it parses each top-level object of a Java serialization stream (the
 * grammar of the Java Object Serialization Specification, chapter 6, which needs no class) before the
 * {@code ObjectInputStream} reads a byte of it, and refuses it if reading it would cost more than the
 * {@link ExpansionFilter} limits. Measured on the stream, not on the objects built, because the costly hashing happens
 * while they are built: a set that holds one large list by a thousand back-references builds a set of one element, yet
 * hashes the list a thousand times. So every object's expanded size counts its parts as often as the stream reaches
 * them (each back-reference expands to what it refers to, an object of any class to itself plus its fields), and
 * what a {@code HashSet}, the keys a {@code HashMap} or {@code Hashtable}, and what {@code Set.of} or the keys
 * {@code Map.of} read from their custom data are hashed as they are read ({@link #SETS}, {@link #MAPS}), each key once
 * more per earlier key of its hash where the stream decides the hash ({@link Node#hash}). A key whose hash it does not
 * decide (a record, a list holding a {@code BigDecimal}) is hashed by {@link #resolved} when {@code resolveObject} is
 * given it, just before its set hashes it, and charged then for the keys of its hash before it in its set; a key of
 * undecided hash reached by back-reference is charged so when the reader reads the reference (the stream tells its
 * filter of each, {@link #filtered}), its hash taken from what it was resolved to, and a key a set holds already is
 * compared with the others of its hash only. Those comparisons are also held to a limit of their own, far below the
 * hashing's, since comparing a key costs tens of times what hashing a node does: per byte scanned where the stream
 * decides the hash, per byte the reader has read where it does not (charged as the reader reads). Objects are matched to what was scanned by their order, which the grammar
 * decides as long as every class reads what its descriptor declares: so the reader is held to the scan, each object it
 * completes, back-reference and class descriptor it reads checked to be where the scan met it, and a reader that is
 * not (an allowed class's {@code readObject} that skips its fields reads their bytes as objects) is refused at once,
 * naming the class whose fields it skipped.
 */
final class SerialScan extends InputStream {
    /** Classes whose {@code readObject} hashes every object of their custom data. */
    private static final Set<String> SETS = Set.of("java.util.HashSet");
    /** Classes whose {@code readObject} reads keys and values in turn from their custom data, hashing the keys. */
    private static final Set<String> MAPS = Set.of("java.util.HashMap", "java.util.Hashtable", "java.util.concurrent.ConcurrentHashMap");
    /** The serial form of {@code Set.of}, {@code Map.of} and {@code List.of}: its {@code tag} field says which. */
    private static final String IMMUTABLE = "java.util.CollSer";
    private static final int IMMUTABLE_SET = 2;
    private static final int IMMUTABLE_MAP = 3;
    /** Externalizable data written without block data (protocol 1) has a length only its class knows; this one's is known. */
    private static final String JAVA_TIME = "java.time.Ser";

    /** A class descriptor: what an object of it has in the stream. */
    private record Desc(String name, int flags, int primitiveBytes, int objectFields, Desc superDesc) {
        /** How the custom data of an object of this class is hashed as it is read, its primitive fields given. */
        Hashing hashing(int tag) {
            if (SETS.contains(name)) {
                return Hashing.ALL;
            }
            if (MAPS.contains(name)) {
                return Hashing.KEYS;
            }
            if (name.equals(IMMUTABLE)) {
                // A forged tag other than these is refused by CollSer's readObject.
                return (tag & 0xff) == IMMUTABLE_SET ? Hashing.ALL : (tag & 0xff) == IMMUTABLE_MAP ? Hashing.KEYS : Hashing.NONE;
            }
            return Hashing.NONE;
        }

        boolean customData() {
            return (flags & SC_WRITE_METHOD) != 0 || (superDesc != null && superDesc.customData());
        }
    }

    /** What of its custom data an object hashes while it is read. */
    private enum Hashing {
        NONE, ALL, KEYS
    }

    /**
     * An object or array: its expanded size once complete (1 while it is being read, when a back-reference reaches it),
     * and its {@code hashCode} where the stream decides it (strings, boxed numbers, the JDK's lists, sets, maps and
     * entries of such), else null.
     */
    private static final class Node {
        final String className;
        long expanded = 1;
        Integer hash;
        /** Where it ends in the stream, for an object {@code resolveObject} is given. */
        long end;
        /** Whether {@code resolveObject} was given it, and what as (kept for objects of undecided hash). */
        boolean resolved;
        Object value;
        /** Its hash taken from {@link #value}, once a set reached it by back-reference. */
        Integer taken;
        /** The hashing set or map that last took it as a key ({@link #NULL} is never marked). */
        int keyOf = -1;
        /** The set taking it as a new key of undecided hash, which is charged as it is resolved. */
        UnknownKey key;

        Node(String className) {
            this.className = className;
        }

        Node(String className, Integer hash) {
            this.className = className;
            this.hash = hash;
        }
    }

    /** Boxed values: the width of their one primitive field, whose value decides their hash. */
    private static final Map<String, Integer> BOXED = Map.of("java.lang.Integer", 4, "java.lang.Long", 8,
            "java.lang.Short", 2, "java.lang.Byte", 1, "java.lang.Character", 2, "java.lang.Boolean", 1, "java.lang.Float", 4,
            "java.lang.Double", 8);
    /** Classes whose hash is that of the list, set or map their custom data holds (after a comparator, for the sorted ones). */
    private static final Set<String> LISTS = Set.of("java.util.ArrayList", "java.util.LinkedList");
    private static final Set<String> SORTED = Set.of("java.util.TreeSet", "java.util.TreeMap");
    private static final Set<String> ENTRIES = Set.of("java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry");

    private static final Map<String, Class<?>> PRIMITIVE_ARRAYS = Map.of("[B", byte[].class, "[Z", boolean[].class,
            "[C", char[].class, "[S", short[].class, "[I", int[].class, "[F", float[].class, "[J", long[].class, "[D", double[].class);

    /** Enum constants, classes, descriptors: one node each, hashed by identity. */
    private static final Node LEAF = new Node("value");
    private static final Node NULL = new Node("null", 0);

    /** The stream, or null when scanning {@link #pending} in place. */
    private final InputStream source;
    private final ObjectInputFilter policy;
    /** Bytes scanned and not yet served (from {@code served} to {@code scanned}); all the bytes when scanned in place. */
    private byte[] pending;
    private int served;
    private int scanned;
    private boolean headerRead;
    /** Whether the byte at {@code scanned} was read from the stream to see it had not ended, and not yet taken. */
    private boolean peeked;
    /** The stream's handle table, as {@code ObjectInputStream} numbers it: descriptors, nodes, {@link #LEAF}. */
    private final List<Object> handles = new ArrayList<>();
    /** Classes that some descriptor of the stream, or one of its superclasses', says were written with custom data. */
    private final Set<String> customData = new HashSet<>();
    private long position;
    /** The deepest nesting scanned. */
    private int deepest;
    private long references;
    private long hashing;
    /** The comparisons of keys of one hash counted as the stream is scanned, and as it is read (keys of unknown hash). */
    private long compared;
    private long comparedWhileRead;
    /** Sets and maps scanned whose custom data is hashed. */
    private int hashingCollections;
    /** How many keys of each hash each set read so far holds, among those of unknown hash. */
    private final Map<SetHash, Integer> unknownHashes = new HashMap<>();
    /** How many keys of unknown hash each set read so far holds. */
    private final Map<Integer, Integer> unknownKeys = new HashMap<>();

    /*
     * What the reader must meet, in order, where the scan met it: the objects resolveObject is given (where each ends),
     * the back-references (where each ends; the filter is told of each), the class descriptors (where the filter is told
     * of each). A reader that meets one elsewhere reads otherwise than the stream was measured; see #desync.
     */
    private final ArrayDeque<Node> unresolved = new ArrayDeque<>();
    private final ArrayDeque<Reference> unread = new ArrayDeque<>();
    private final ArrayDeque<Long> descriptors = new ArrayDeque<>();
    /** The primitive fields of objects past the reader's last checkpoint: a readObject skipping them desynchronises. */
    private final ArrayDeque<Fields> fields = new ArrayDeque<>();
    private Reference lastReference;
    private long lastResolvedEnd = -1;
    private long lastDescriptor = -1;

    /** A set (by number) taking a key whose hash the stream does not decide (a user's class, a list holding a BigDecimal, ...). */
    private record UnknownKey(int set, String setClass) {
    }

    /** A back-reference, where it ends in the stream; a key of undecided hash of a hashing set, if {@code key} is set. */
    private static final class Reference {
        final long end;
        UnknownKey key;
        Node node;

        Reference(long end) {
            this.end = end;
        }
    }

    /** Where an object's primitive fields of class {@code className} start. */
    private record Fields(long start, String className) {
    }

    private record SetHash(int set, int hash) {
    }

    SerialScan(InputStream source, ObjectInputFilter policy) {
        this.source = source;
        this.policy = policy;
        this.pending = new byte[256];
    }

    /** A scan of {@code bytes} where they are, without copying them. */
    SerialScan(byte[] bytes, ObjectInputFilter policy) {
        this.source = null;
        this.policy = policy;
        this.pending = bytes;
    }

    @Override
    public int read() throws IOException {
        if (served == scanned && !scanNext()) {
            return -1;
        }
        return pending[served++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (served == scanned && !scanNext()) {
            return -1;
        }
        int n = Math.min(len, scanned - served);
        System.arraycopy(pending, served, b, off, n);
        served += n;
        return n;
    }

    @Override
    public int available() {
        return scanned - served;
    }

    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
        }
    }

    /** Scans the header, or the next top-level object, block of data or reset; false at the end of the stream. */
    private boolean scanNext() throws IOException {
        if (source != null) {
            served = 0;
            scanned = 0;
        }
        if (!headerRead) {
            headerRead = true;
            if ((short) u2() != STREAM_MAGIC || (short) u2() != STREAM_VERSION) {
                throw new StreamCorruptedException("invalid stream header");
            }
            return true;
        }
        if (source == null ? scanned == pending.length : peekEnd()) {
            return false;
        }
        int tc = u1();
        switch (tc) {
            case TC_RESET -> handles.clear();
            case TC_BLOCKDATA, TC_BLOCKDATALONG -> blockData(tc);
            // Where an object is expected, the reader refuses it.
            case TC_ENDBLOCKDATA -> {
            }
            default -> {
                try {
                    object(tc, 1);
                } catch (StackOverflowError e) {
                    // Only under a depth limit raised far past the default (maxdepth=100000): the scan, like the
                    // reader, recurses once per level, and the thread's stack decides how deep either can go.
                    throw new InvalidObjectException("the stream nests objects " + deepest + " deep, deeper than this thread's stack can"
                            + " scan or read them: a lower maxdepth refuses it by its limit");
                }
            }
        }
        return true;
    }

    /** The object tagged {@code tc} (already read), at nesting {@code depth}: what hashing it would visit. */
    private Node object(int tc, int depth) throws IOException {
        return switch (tc) {
            case TC_NULL -> NULL;
            case TC_REFERENCE -> handle() instanceof Node n ? n : LEAF;
            case TC_STRING, TC_LONGSTRING -> resolvable(string(tc));
            case TC_CLASSDESC, TC_PROXYCLASSDESC -> {
                classDesc(tc, depth);
                yield LEAF;
            }
            case TC_CLASS -> {
                classDesc(u1(), depth);
                handles.add(LEAF);
                yield LEAF;
            }
            case TC_ENUM -> {
                classDesc(u1(), depth);
                handles.add(LEAF);
                string(u1());
                // Hashed by identity, like LEAF, but resolved where it ends.
                resolvable(new Node("an enum constant", null));
                yield LEAF;
            }
            case TC_ARRAY -> resolvable(array(depth));
            case TC_OBJECT -> resolvable(ordinaryObject(depth));
            case TC_EXCEPTION -> throw new InvalidObjectException("the stream holds an exception its writer wrote instead of an object");
            case TC_RESET -> throw new StreamCorruptedException("unexpected reset; recursion depth: " + (depth - 1));
            default -> throw new StreamCorruptedException(String.format("invalid type code: %02X", tc));
        };
    }

    /**
     * {@code node}, just completed, numbered as {@code resolveObject} will be given it: a new string, array, enum
     * constant or object read where an object is expected (not a class descriptor's field types, not an enum's name).
     */
    private Node resolvable(Node node) {
        node.end = position;
        unresolved.add(node);
        return node;
    }

    /**
     * Called with each object {@code resolveObject} is given, as it is given them (what it resolves to): refuses it if the
     * reader is not where the scan completed it ({@link #desync}); a key of unknown hash is hashed here, before its set
     * hashes it, and charged once per earlier key of that hash in its set.
     */
    void resolved(Object obj) throws InvalidObjectException {
        long at = readerPosition();
        Node node = unresolved.poll();
        if (node == null || node.end != at) {
            throw desync("an object completed", at, node == null ? -1 : node.end);
        }
        Reference reference = unread.peek();
        Long descriptor = descriptors.peek();
        if ((reference != null && reference.end <= at) || (descriptor != null && descriptor <= at)) {
            throw new InvalidObjectException("the stream read a " + (reference != null && reference.end <= at ? "back-reference" : "class descriptor")
                    + " without telling its ExpansionFilter (was the stream's filter replaced?): what it costs cannot be counted");
        }
        checkpoint(at);
        lastResolvedEnd = at;
        node.resolved = true;
        if (node.hash == null) {
            node.value = obj;
        }
        UnknownKey key = node.key;
        if (key == null) {
            return;
        }
        node.taken = hashOf(obj, node.className);
        node.keyOf = key.set();
        unknownKeys.merge(key.set(), 1, Integer::sum);
        int colliding = unknownHashes.merge(new SetHash(key.set(), node.taken), 1, Integer::sum) - 1;
        chargeWhileRead(key.setClass(), node, colliding, node.expanded);
    }

    /**
     * Called as the reader reads a back-reference ({@code serialClass} null) or a class descriptor ({@code arrayLength}
     * -1): refuses it if the reader is not where the scan met it, and charges a key of a hashing set reached by
     * back-reference for the keys of its hash before it, its hash taken now that it is resolved.
     */
    void filtered(Class<?> serialClass, long arrayLength) throws InvalidObjectException {
        long at = readerPosition();
        if (serialClass == null) {
            Reference reference = unread.poll();
            if (reference == null || reference.end != at) {
                throw desync("a back-reference", at, reference == null ? -1 : reference.end);
            }
            checkpoint(at);
            if (reference.key != null) {
                chargeReferencedKey(reference.key, reference.node);
            }
        } else if (arrayLength < 0 && at != lastDescriptor && at != lastResolvedEnd && (unresolved.isEmpty() || unresolved.peek().end != at)) {
            // Told at the end of an object: the class of what readResolve or resolveObject replaced it by; again at one
            // descriptor: the interfaces of a proxy.
            Long descriptor = descriptors.poll();
            if (descriptor == null || descriptor != at) {
                throw desync("a class descriptor", at, descriptor == null ? -1 : descriptor);
            }
            checkpoint(at);
            lastDescriptor = at;
        }
    }

    private void chargeReferencedKey(UnknownKey key, Node node) throws InvalidObjectException {
        long colliding;
        if (!node.resolved) {
            // Still being read (the set is part of it): its hash cannot be taken, so it may collide with every key of
            // unknown hash before it.
            colliding = unknownKeys.getOrDefault(key.set(), 0);
        } else {
            if (node.taken == null) {
                node.taken = hashOf(node.value, node.className);
            }
            SetHash bin = new SetHash(key.set(), node.taken);
            int count = unknownHashes.getOrDefault(bin, 0);
            if (node.keyOf == key.set()) {
                // Already its key: found again among the keys of its hash, itself by identity.
                colliding = Math.max(0, count - 1);
            } else {
                node.keyOf = key.set();
                unknownHashes.put(bin, count + 1);
                unknownKeys.merge(key.set(), 1, Integer::sum);
                colliding = count;
            }
        }
        chargeWhileRead(key.setClass(), node, colliding, 0);
    }

    /**
     * The hash of a key its set is about to take: refused, rather than overflowing the stack, when its {@code hashCode}
     * never ends because it holds itself (a class of the application's whose hash is that of a list holding it), which
     * the set hashing it would meet too.
     */
    private static int hashOf(Object key, String className) throws InvalidObjectException {
        try {
            return Objects.hashCode(key);
        } catch (StackOverflowError e) {
            throw new InvalidObjectException(ExpansionFilter.abbreviated(className) + " cannot be hashed as a key of its set: its hashCode"
                    + " recurses without end (it holds itself, a cycle)");
        }
    }

        /** The reader met what the scan met at {@code at}: the fields before it were read as the scan read them. */
    private void checkpoint(long at) {
        while (!fields.isEmpty() && fields.peek().start() < at) {
            fields.poll();
        }
    }

    /**
     * The reader met {@code what} at byte {@code at} where the scan expected it at {@code expected}: it reads the stream
     * otherwise than it was measured, because an allowed class's {@code readObject} skipped its fields (the primitive
     * fields past the last checkpoint name the class) and read their bytes as objects the scan took for data.
     */
    private InvalidObjectException desync(String what, long at, long expected) {
        Fields skipped = null;
        for (Fields f : fields) {
            if (f.start() <= at) {
                skipped = f;
            }
        }
        return new InvalidObjectException("the stream is read otherwise than it was measured: " + what + " read at byte " + at
                + (expected < 0 ? ", where the stream has none" : ", where the stream has it at byte " + expected) + "; "
                + (skipped != null ? skipped.className() + "'s readObject" : "a readObject") + " must read its fields first"
                + " (defaultReadObject or readFields), which it seems not to" + (skipped != null ? " (they start at byte " + skipped.start() + ")" : ""));
    }

    /** How far the reader has read: the bytes served to it. */
    private long readerPosition() {
        return position - (scanned - served);
    }

    private Object handle() throws IOException {
        int handle = s4() - baseWireHandle;
        if (handle < 0 || handle >= handles.size()) {
            throw new StreamCorruptedException(String.format("invalid handle value: %08X", handle + baseWireHandle));
        }
        lastReference = new Reference(position);
        unread.add(lastReference);
        return handles.get(handle);
    }

    private Node string(int tc) throws IOException {
        int start;
        if (tc == TC_STRING) {
            int length = u2();
            start = scanned;
            through(length);
        } else if (tc == TC_LONGSTRING) {
            long length = s8();
            if (length < 0) {
                throw new StreamCorruptedException("negative string length " + length);
            }
            start = scanned;
            through(length);
        } else if (tc == TC_REFERENCE) {
            return handle() instanceof Node n ? n : LEAF;
        } else {
            throw new StreamCorruptedException(String.format("invalid type code: %02X", tc));
        }
        Node node = new Node("java.lang.String", stringHash(start, scanned));
        handles.add(node);
        return node;
    }

    /** {@code String.hashCode} of the modified UTF-8 in {@code pending[from, to)} (malformed input the reader refuses). */
    private int stringHash(int from, int to) {
        int h = 0;
        for (int i = from; i < to;) {
            int b = pending[i] & 0xff;
            int c;
            if ((b & 0xe0) == 0xc0 && i + 1 < to) {
                c = ((b & 0x1f) << 6) | (pending[i + 1] & 0x3f);
                i += 2;
            } else if ((b & 0xf0) == 0xe0 && i + 2 < to) {
                c = ((b & 0x0f) << 12) | ((pending[i + 1] & 0x3f) << 6) | (pending[i + 2] & 0x3f);
                i += 3;
            } else {
                c = b;
                i++;
            }
            h = 31 * h + c;
        }
        return h;
    }

    /** The class descriptor tagged {@code tc}: null, a back-reference to one, or a new one. */
    private Desc classDesc(int tc, int depth) throws IOException {
        switch (tc) {
            case TC_NULL:
                return null;
            case TC_REFERENCE:
                if (handle() instanceof Desc d) {
                    return d;
                }
                throw new StreamCorruptedException("a back-reference where a class descriptor was expected");
            case TC_CLASSDESC: {
                String name = utf();
                s8();
                int handle = handles.size();
                handles.add(null);
                int flags = u1();
                int fields = (short) u2();
                if (fields < 0) {
                    throw new InvalidClassException(name, "negative field count");
                }
                int primitiveBytes = 0;
                int objectFields = 0;
                for (int i = 0; i < fields; i++) {
                    int code = u1();
                    through(u2());
                    switch (code) {
                        case 'B', 'Z' -> primitiveBytes += 1;
                        case 'C', 'S' -> primitiveBytes += 2;
                        case 'I', 'F' -> primitiveBytes += 4;
                        case 'J', 'D' -> primitiveBytes += 8;
                        case 'L', '[' -> {
                            int type = u1();
                            if (type != TC_NULL) {
                                string(type);
                            }
                            objectFields++;
                        }
                        default -> throw new InvalidClassException(name, "invalid field type code " + code);
                    }
                }
                check(null, depth, -1);
                descriptors.add(position);
                annotation(null, Hashing.NONE, depth + 1, new ArrayList<>());
                Desc desc = new Desc(name, flags, primitiveBytes, objectFields, classDesc(u1(), depth + 1));
                if (desc.customData()) {
                    customData.add(name);
                }
                handles.set(handle, desc);
                return desc;
            }
            case TC_PROXYCLASSDESC: {
                int handle = handles.size();
                handles.add(null);
                int interfaces = s4();
                if (interfaces < 0 || interfaces > 65535) {
                    throw new InvalidObjectException("interface limit exceeded: " + interfaces);
                }
                for (int i = 0; i < interfaces; i++) {
                    through(u2());
                }
                check(null, depth, -1);
                descriptors.add(position);
                annotation(null, Hashing.NONE, depth + 1, new ArrayList<>());
                Desc desc = new Desc("a dynamic proxy", SC_SERIALIZABLE, 0, 0, classDesc(u1(), depth + 1));
                handles.set(handle, desc);
                return desc;
            }
            default:
                throw new StreamCorruptedException(String.format("invalid type code: %02X", tc));
        }
    }

    private Node array(int depth) throws IOException {
        Desc desc = classDesc(u1(), depth);
        if (desc == null || desc.name().length() < 2 || desc.name().charAt(0) != '[') {
            throw new StreamCorruptedException("an array of a class that is not an array type");
        }
        int length = s4();
        if (length < 0) {
            throw new StreamCorruptedException("negative array length " + length);
        }
        Node node = new Node(desc.name());
        handles.add(node);
        check(PRIMITIVE_ARRAYS.get(desc.name()), depth, length);
        long expanded = 1;
        switch (desc.name().charAt(1)) {
            case 'B', 'Z' -> through(length);
            case 'C', 'S' -> through(2L * length);
            case 'I', 'F' -> through(4L * length);
            case 'J', 'D' -> through(8L * length);
            case 'L', '[' -> {
                for (int i = 0; i < length; i++) {
                    expanded = plus(expanded, object(u1(), depth + 1).expanded);
                }
            }
            default -> throw new StreamCorruptedException("invalid array class " + desc.name());
        }
        return completed(node, expanded);
    }

    private Node ordinaryObject(int depth) throws IOException {
        Desc desc = classDesc(u1(), depth);
        if (desc == null) {
            throw new StreamCorruptedException("an object without a class descriptor");
        }
        Node node = new Node(desc.name());
        handles.add(node);
        check(null, depth, -1);
        long expanded = 1;
        if ((desc.flags() & SC_EXTERNALIZABLE) != 0) {
            if ((desc.flags() & SC_BLOCK_DATA) != 0) {
                expanded = plus(expanded, annotation(desc, Hashing.NONE, depth + 1, new ArrayList<>()));
            } else if (desc.name().equals(JAVA_TIME)) {
                javaTime(u1());
            } else {
                throw new InvalidObjectException(desc.name() + " is Externalizable data written without block data (protocol 1),"
                        + " whose length only its class knows: it cannot be measured before it is read");
            }
            return completed(node, expanded);
        }
        // Superclasses' data first, as ObjectInputStream reads every descriptor of the chain.
        List<Desc> chain = new ArrayList<>();
        for (Desc d = desc; d != null; d = d.superDesc()) {
            chain.add(d);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Desc d = chain.get(i);
            // CollSer's one primitive field is its tag.
            boolean tagged = d.name().equals(IMMUTABLE) && d.primitiveBytes() == 4;
            if (d.primitiveBytes() > 0) {
                fields.add(new Fields(position, d.name()));
            }
            int tag = tagged ? s4() : 0;
            int primitives = scanned;
            through(tagged ? 0 : d.primitiveBytes());
            List<Node> fields = new ArrayList<>();
            for (int f = 0; f < d.objectFields(); f++) {
                Node field = object(u1(), depth + 1);
                expanded = plus(expanded, field.expanded);
                fields.add(field);
            }
            List<Node> custom = new ArrayList<>();
            if ((d.flags() & SC_WRITE_METHOD) != 0) {
                expanded = plus(expanded, annotation(d, d.hashing(tag), depth + 1, custom));
            }
            Integer hash = hash(d, tag, primitives, fields, custom);
            if (hash != null) {
                node.hash = hash;
            }
        }
        return completed(node, expanded);
    }

    /**
     * Custom data up to its end marker (a class's annotation when {@code owner} is null): the expanded size of the objects
     * in it, each charged to the stream's hashing as {@code hashing} says {@code owner} hashes it.
     */
    private long annotation(Desc owner, Hashing hashing, int depth, List<Node> objects) throws IOException {
        long expanded = 0;
        Map<Integer, Integer> sameHash = new HashMap<>();
        int set = hashing == Hashing.NONE ? -1 : hashingCollections++;
        for (int tc = u1(); tc != TC_ENDBLOCKDATA; tc = u1()) {
            if (tc == TC_BLOCKDATA || tc == TC_BLOCKDATALONG) {
                blockData(tc);
                continue;
            }
            Node element = object(tc, depth);
            expanded = plus(expanded, element.expanded);
            objects.add(element);
            if (element == LEAF && (hashing == Hashing.ALL || (hashing == Hashing.KEYS && objects.size() % 2 == 1))) {
                // An enum constant, class or descriptor: hashed by identity.
                charge(owner.name(), element.className, 1, 1);
            } else if (hashing == Hashing.ALL || (hashing == Hashing.KEYS && objects.size() % 2 == 1)) {
                // Keys of one hash share a bin, which compares each new key with all of them when they are not of
                // one Comparable class (a tree bin searches both subtrees): each comparison may visit the key. A key
                // it holds already is found again by identity: compared with the others of its hash only.
                if (element.hash != null) {
                    int count = sameHash.getOrDefault(element.hash, 0);
                    long colliding = count;
                    if (element != NULL && element.keyOf == set) {
                        colliding = Math.max(0, count - 1);
                    } else {
                        sameHash.put(element.hash, count + 1);
                        if (element != NULL) {
                            element.keyOf = set;
                        }
                    }
                    long comparisons = times(colliding, element.expanded);
                    charge(owner.name(), element.className, element.expanded, plus(element.expanded, comparisons));
                    compared = plus(compared, comparisons);
                    refuseComparisons(owner.name(), element, colliding, compared, position);
                } else {
                    // Hashed when resolved, or when the reader reaches the back-reference (charged here for that
                    // hashing too), and charged for its collisions then.
                    UnknownKey key = new UnknownKey(set, owner.name());
                    if (tc == TC_REFERENCE) {
                        lastReference.key = key;
                        lastReference.node = element;
                    } else {
                        element.key = key;
                    }
                    charge(owner.name(), element.className, element.expanded, times(2, element.expanded));
                }
            }
        }
        return expanded;
    }

    /**
     * Charges a set's hashing for a key hashed as the reader reads it ({@code hashed} nodes, and its nodes once per key
     * of its hash before it, {@code colliding}): its comparisons are held to what the reader has read, not to what the
     * scan has (a top-level object ahead), so forged collisions are refused after a few hundred keys whatever follows.
     */
    private void chargeWhileRead(String setClass, Node key, long colliding, long hashed) throws InvalidObjectException {
        long comparisons = times(colliding, key.expanded);
        charge(setClass, key.className, key.expanded, plus(hashed, comparisons));
        comparedWhileRead = plus(comparedWhileRead, comparisons);
        refuseComparisons(setClass, key, colliding, comparedWhileRead, readerPosition());
    }

    private static void refuseComparisons(String setClass, Node key, long colliding, long compared, long read) throws InvalidObjectException {
        if (compared > ExpansionFilter.COMPARISONS_PER_BYTE * read + ExpansionFilter.SLACK) {
            throw new InvalidObjectException(setClass + " hashing a " + key.className + " of " + key.expanded
                    + " nodes brings the comparisons of keys of one hash in the stream's sets and maps to " + compared + " nodes"
                    + " (keys of one hash once per key of that hash before them, " + colliding + " before this one), more than the"
                    + " limit of " + ExpansionFilter.COMPARISONS_PER_BYTE + " per byte read plus " + ExpansionFilter.SLACK + " ("
                    + read + " bytes read)");
        }
    }

    /** Charges a set's hashing {@code cost} for a key of {@code expanded} nodes, refused over the limit. */
    private void charge(String setClass, String className, long expanded, long cost) throws InvalidObjectException {
        hashing = plus(hashing, cost);
        if (hashing > ExpansionFilter.HASHING_PER_BYTE * position + ExpansionFilter.SLACK) {
            throw new InvalidObjectException(setClass + " hashing a " + className + " of " + expanded
                    + " nodes brings the hashing of the stream's sets and maps to " + hashing + " nodes (shared parts counted"
                    + " each time they are reached, keys of one hash once per key of that hash before them), more than the limit of "
                    + ExpansionFilter.HASHING_PER_BYTE + " per byte read plus " + ExpansionFilter.SLACK + " (" + position + " bytes read)");
        }
    }

    /** Refuses a collection (a class of {@code java.util}) expanding further than what was read could make it. */
    private Node completed(Node node, long expanded) throws InvalidObjectException {
        node.expanded = expanded;
        if (node.className.startsWith("java.util.") && expanded > ExpansionFilter.NODES_PER_BYTE * position + ExpansionFilter.SLACK) {
            throw new InvalidObjectException(node.className + " expands to " + expanded + " nodes (shared parts counted each time"
                    + " they are reached), more than the limit of " + ExpansionFilter.NODES_PER_BYTE + " per byte read plus "
                    + ExpansionFilter.SLACK + " (" + position + " bytes read)");
        }
        return node;
    }

    /**
     * Whether some descriptor of the stream says {@code className} or one of its superclasses was written with custom
     * data: a record never is, and ObjectInputStream reads a record's fields alone, which would leave the stream
     * differently parsed than measured.
     */
    boolean saysCustomData(String className) {
        return customData.contains(className);
    }

    private void blockData(int tc) throws IOException {
        long length = tc == TC_BLOCKDATA ? u1() : s4();
        if (length < 0) {
            throw new StreamCorruptedException("negative block data length " + length);
        }
        through(length);
    }

    /**
     * The data of {@code java.time.Ser}, type {@code type}, written without block data: its serialized form, read as
     * its {@code readExternal} reads it (the JDK's java.time values are allowed by default, in both protocols).
     */
    private void javaTime(int type) throws IOException {
        switch (type) {
            case 1, 2, 14 -> through(12); // Duration, Instant: long, int; Period: three ints
            case 3 -> through(6); // LocalDate: int, byte, byte
            case 4 -> localTime();
            case 5 -> localDateTime();
            case 6 -> { // ZonedDateTime: date-time, offset, zone (a ZoneRegion or ZoneOffset, with its type)
                localDateTime();
                zoneOffset();
                javaTime(u1());
            }
            case 7 -> through(u2()); // ZoneRegion: its id
            case 8 -> zoneOffset();
            case 9 -> { // OffsetTime
                localTime();
                zoneOffset();
            }
            case 10 -> { // OffsetDateTime
                localDateTime();
                zoneOffset();
            }
            case 11 -> through(4); // Year
            case 12 -> through(5); // YearMonth
            case 13 -> through(2); // MonthDay
            default -> throw new StreamCorruptedException("Unknown serialized type " + type + " of " + JAVA_TIME);
        }
    }

    /** LocalTime: hour, minute, second bytes, each ones'-complemented when the rest are zero, then the nanosecond int. */
    private void localTime() throws IOException {
        for (int i = 0; i < 3; i++) {
            if ((byte) u1() < 0) {
                return;
            }
        }
        through(4);
    }

    private void localDateTime() throws IOException {
        through(6);
        localTime();
    }

    /** ZoneOffset: the offset in quarter hours, or 127 and then the seconds. */
    private void zoneOffset() throws IOException {
        if ((byte) u1() == 127) {
            through(4);
        }
    }

    /**
     * The reader's limits (depth, references, bytes, array lengths) as the policy states them, for the scan runs ahead
     * of the reader; the class is the reader's to check, but for arrays of primitives, which a policy may bound by the
     * memory they claim and whose class is known without loading one.
     */
    private void check(Class<?> serialClass, int depth, long arrayLength) throws InvalidClassException {
        references++;
        deepest = Math.max(deepest, depth);
        FilterValues values = new FilterValues(serialClass, arrayLength, depth, references, position);
        if (rejects(values)) {
            throw new InvalidClassException("filter status: REJECTED (" + values + ")");
        }
    }

    private boolean rejects(FilterValues values) {
        try {
            return policy.checkInput(values) == ObjectInputFilter.Status.REJECTED;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Refuses {@code n} bytes declared by the stream (a string's, a block of data's, an array's) if they would take it
     * past the policy's byte limit, before they are read: from a stream they would be buffered until the top-level object
     * holding them ends, so a forged length of 2<sup>40</sup> would otherwise be read, and held, to the stream's end.
     */
    private void checkLength(long n) throws InvalidObjectException {
        FilterValues values = new FilterValues(null, -1, Math.max(1, deepest), references, plus(position, n));
        if (rejects(values)) {
            throw new InvalidObjectException("the stream declares " + n + " bytes at byte " + position + ", which would take it to byte "
                    + values.streamBytes() + ": past its filter's byte limit (maxbytes), refused before they are read");
        }
    }

    private record FilterValues(Class<?> serialClass, long arrayLength, long depth, long references, long streamBytes)
            implements ObjectInputFilter.FilterInfo {
        @Override
        public String toString() {
            return (arrayLength >= 0 ? "an array of " + arrayLength + ", " : "") + "nesting " + depth + " deep, " + references + " objects, "
                    + streamBytes + " bytes read";
        }
    }

    /**
     * The hash of an object of {@code d}'s class decided by {@code d}'s part of the stream: its primitive fields (at
     * {@code primitives} in {@link #pending}), object fields or custom data; null if not decided there.
     */
    private Integer hash(Desc d, int tag, int primitives, List<Node> fields, List<Node> custom) {
        String name = d.name();
        Integer width = BOXED.get(name);
        if (width != null) {
            if (d.primitiveBytes() != width) {
                return null;
            }
            long raw = 0;
            for (int i = 0; i < width; i++) {
                raw = (raw << 8) | (pending[primitives + i] & 0xff);
            }
            return switch (name) {
                case "java.lang.Long" -> Long.hashCode(raw);
                case "java.lang.Boolean" -> Boolean.hashCode(raw != 0);
                case "java.lang.Float" -> Float.hashCode(Float.intBitsToFloat((int) raw));
                case "java.lang.Double" -> Double.hashCode(Double.longBitsToDouble(raw));
                case "java.lang.Short" -> (int) (short) raw;
                case "java.lang.Byte" -> (int) (byte) raw;
                default -> (int) raw;
            };
        }
        if (ENTRIES.contains(name)) {
            return fields.size() == 2 ? xor(fields.get(0), fields.get(1)) : null;
        }
        Content kind = content(name, tag);
        if (kind == Content.NONE) {
            return null;
        }
        // The sorted ones write their comparator first.
        List<Node> content = SORTED.contains(name) && !custom.isEmpty() ? custom.subList(1, custom.size()) : custom;
        int h = kind == Content.LIST ? 1 : 0;
        for (int i = 0; i < content.size(); i++) {
            Integer e = kind != Content.MAP ? content.get(i).hash : i + 1 < content.size() ? xor(content.get(i), content.get(++i)) : null;
            if (e == null) {
                return null;
            }
            h = kind == Content.LIST ? 31 * h + e : h + e;
        }
        return h;
    }

    /** What a collection's custom data holds, for its hash (List, Set and Map's {@code hashCode}). */
    private enum Content {
        NONE, LIST, SET, MAP
    }

    private static Content content(String name, int tag) {
        if (name.equals(IMMUTABLE)) {
            return switch (tag & 0xff) {
                case 1, 4 -> Content.LIST;
                case IMMUTABLE_SET -> Content.SET;
                case IMMUTABLE_MAP -> Content.MAP;
                default -> Content.NONE;
            };
        }
        if (LISTS.contains(name)) {
            return Content.LIST;
        }
        if (SETS.contains(name) || name.equals("java.util.TreeSet")) {
            return Content.SET;
        }
        return MAPS.contains(name) || name.equals("java.util.TreeMap") ? Content.MAP : Content.NONE;
    }

    private static Integer xor(Node key, Node value) {
        return key.hash == null || value.hash == null ? null : key.hash ^ value.hash;
    }

    private static long times(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Whether the stream has ended; if not, its next byte is scanned but not taken ({@link #u1} takes it). */
    private boolean peekEnd() throws IOException {
        int b = source.read();
        if (b < 0) {
            return true;
        }
        if (scanned == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        pending[scanned] = (byte) b;
        peeked = true;
        return false;
    }

    private int u1() throws IOException {
        if (peeked) {
            peeked = false;
        } else if (source == null) {
            if (scanned == pending.length) {
                throw new EOFException();
            }
        } else {
            int b = source.read();
            if (b < 0) {
                throw new EOFException();
            }
            if (scanned == pending.length) {
                pending = Arrays.copyOf(pending, pending.length * 2);
            }
            pending[scanned] = (byte) b;
        }
        position++;
        return pending[scanned++] & 0xff;
    }

    private int u2() throws IOException {
        return (u1() << 8) | u1();
    }

    private int s4() throws IOException {
        return (u2() << 16) | u2();
    }

    private long s8() throws IOException {
        return ((long) s4() << 32) | (s4() & 0xffffffffL);
    }

    /** Modified UTF-8 with its two-byte length, as class and field names are written. */
    private String utf() throws IOException {
        int start = scanned;
        through(u2());
        return new DataInputStream(new ByteArrayInputStream(pending, start, scanned - start)).readUTF();
    }

    /**
     * Reads {@code n} bytes through (a forged length costs only the bytes that are there, and one past the policy's
     * byte limit none: {@link #checkLength}).
     */
    private void through(long n) throws IOException {
        if (n > 0) {
            checkLength(n);
        }
        if (source == null) {
            long there = Math.min(n, pending.length - scanned);
            scanned += (int) there;
            position += there;
            if (there < n) {
                throw new EOFException();
            }
            return;
        }
        while (n > 0) {
            if (pending.length - scanned < Math.min(n, 8192)) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, scanned + (int) Math.min(n, 8192)));
            }
            int got = source.read(pending, scanned, (int) Math.min(n, pending.length - scanned));
            if (got < 0) {
                throw new EOFException();
            }
            scanned += got;
            position += got;
            n -= got;
        }
    }
}
