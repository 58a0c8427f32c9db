package dev.retort.types;

import dev.retort.exc.SerializationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputFilter.Status;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamConstants;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Java serialization behind an allow-list; see {@link Picklers#java(String...)}. The list is
 * enforced three times over: on writing (a value that could not be read back is refused), in
 * {@code resolveClass} before any object of a class exists (so not even a JVM-wide filter
 * factory can widen it), and as the stream's {@link ObjectInputFilter}, which also bounds depth
 * and array lengths; an {@link ExpansionFilter} bounds what hashing the stream's sets and maps costs.
 */
final class JavaPickler<T> implements ObjectPickler<T> {
    /** Deep enough for real data, as the serializer's {@code Deserializer}; hashing is bounded by {@link ExpansionFilter}. */
    private static final String LIMITS = "maxdepth=20";

    /**
     * Value types of the JDK, and the collections that hold them, with their serial forms and
     * the classes those resolve to (which the stream's filter checks too).
     */
    private static final String JDK_VALUES = String.join(";",
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.String", "java.lang.Enum",
            // Only ever match as the element types of arrays (Object[], a hash table's Map.Entry[],
            // what Arrays.asList(1, "x") infers): none can be instantiated itself.
            "java.lang.Object", "java.util.Map$Entry", "java.io.Serializable", "java.lang.Comparable", "java.lang.CharSequence",
            "java.lang.String$CaseInsensitiveComparator",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.time.*",
            "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.BitSet",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Arrays$ArrayList",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.EnumMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet$SerializationProxy",
            "java.util.CollSer", "java.util.ImmutableCollections$*", "java.util.RegularEnumSet", "java.util.JumboEnumSet",
            "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.Collections$Unmodifiable*", "java.util.Collections$Empty*", "java.util.Collections$Singleton*",
            "java.util.Collections$ReverseComparator*", "java.util.Comparators$NaturalOrderComparator");

    static final JavaPickler<Object> DEFAULT = new JavaPickler<>(List.of(), null);

    private static final List<Integer> PROTOCOLS = List.of((int) ObjectStreamConstants.PROTOCOL_VERSION_1, (int) ObjectStreamConstants.PROTOCOL_VERSION_2);

    private final List<String> patterns;
    private final ObjectInputFilter custom;
    private final ObjectInputFilter policy;

    private JavaPickler(List<String> patterns, ObjectInputFilter custom) {
        this.patterns = List.copyOf(patterns);
        this.custom = custom;
        if (custom == null) {
            // User patterns come first, so they may also forbid a JDK class or raise a limit.
            this.policy = ObjectInputFilter.Config.createFilter(String.join(";", List.of(LIMITS, String.join(";", patterns), JDK_VALUES, "!*")));
        } else {
            this.policy = info -> {
                Status s = custom.checkInput(info);
                return s != Status.UNDECIDED ? s : DEFAULT.policy.checkInput(info);
            };
        }
    }

    static <T> JavaPickler<T> allowing(String... patterns) {
        for (String p : patterns) {
            if (p == null || p.isBlank() || p.contains(";")) {
                throw new dev.retort.exc.ArgumentException("An allowed pattern must be one non-blank ObjectInputFilter pattern, got '" + p + "'");
            }
        }
        try {
            return new JavaPickler<>(List.of(patterns), null);
        } catch (IllegalArgumentException e) {
            throw new dev.retort.exc.ArgumentException("Invalid allow-list pattern: " + e.getMessage(), e);
        }
    }

    static <T> JavaPickler<T> filtered(ObjectInputFilter filter) {
        return new JavaPickler<>(List.of(), Objects.requireNonNull(filter, "filter"));
    }

    @Override
    public List<Integer> protocols() {
        return PROTOCOLS;
    }

    @Override
    public byte[] dumps(T value, int protocol) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new CheckedOutput(bytes)) {
            out.useProtocolVersion(protocol);
            out.writeObject(value);
        } catch (IOException e) {
            throw new SerializationException("Java serialization failed: " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T loads(byte[] data) {
        try (ObjectInputStream in = new CheckedInput(data)) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new SerializationException("Java deserialization failed: " + e + reason(e), e);
        } catch (StackOverflowError e) {
            // ObjectInputStream recursing past the thread's stack, which only a depth limit raised far past the
            // default lets it do (the scan before it refuses what its own stack cannot hold).
            throw new SerializationException("Java deserialization failed: the stream nests objects deeper than this thread's stack"
                    + " can read them; a lower maxdepth refuses it by its limit", e);
        }
    }

    /** The reason a filter gave for rejecting (the cause the stream's "filter status: REJECTED" carries), if any. */
    private static String reason(Exception e) {
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return "";
        }
        // Cut: a forged class name may have 65,535 characters.
        String message = String.valueOf(cause.getMessage());
        return " (" + (message.length() <= 1000 ? message : message.substring(0, 1000) + "...") + ")";
    }

    /** Whether the allow-list admits {@code c} (primitive arrays are always admitted). */
    private boolean admits(Class<?> c) {
        return policy.checkInput(new ClassInfo(c)) != Status.REJECTED;
    }

    /** What the filter sees when one class is checked outside the stream's own checks. */
    private record ClassInfo(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 0;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }

    /** Refuses, while writing, objects the allow-list would reject when reading. */
    private final class CheckedOutput extends ObjectOutputStream {
        private final Map<Class<?>, Boolean> checked = new HashMap<>();
        private boolean refused;

        CheckedOutput(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) throws IOException {
            // After a refusal the stream writes the exception itself, which must get through.
            for (Class<?> c = obj.getClass(); !refused && c != null && Serializable.class.isAssignableFrom(c); c = c.getSuperclass()) {
                if (!checked.computeIfAbsent(c, JavaPickler.this::admits)) {
                    refused = true;
                    throw new NotSerializableException(c.getName() + " is not in the allow-list of " + JavaPickler.this
                            + ", so it could not be read back; add a pattern for it to Picklers.java(...)");
                }
            }
            return obj;
        }
    }

    /** Checks every class against the allow-list before an object of it exists, and bounds what hashing costs. */
    private final class CheckedInput extends ObjectInputStream {
        private final ExpansionFilter expansion;

        CheckedInput(byte[] data) throws IOException {
            // An array (or a collection's table) longer than the data could fill is a forged
            // length: refused before it is allocated.
            this(data, new ExpansionFilter(info -> info.arrayLength() > 2L * data.length + 64 ? Status.REJECTED : policy.checkInput(info)));
        }

        private CheckedInput(byte[] data, ExpansionFilter expansion) throws IOException {
            super(expansion.measuring(data));
            this.expansion = expansion;
            setObjectInputFilter(expansion);
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) throws IOException {
            return expansion.completed(obj);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            // Loaded without being initialised: no code of the class has run yet.
            Class<?> c = ExpansionFilter.present(desc, () -> super.resolveClass(desc));
            if (!admits(c)) {
                throw new InvalidClassException(ExpansionFilter.abbreviated(desc.getName()), "not in the allow-list of " + JavaPickler.this);
            }
            return c;
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
            throw new InvalidClassException(String.join(", ", interfaces), "dynamic proxies are never allowed by " + JavaPickler.this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JavaPickler<?> p && p.patterns.equals(patterns) && Objects.equals(p.custom, custom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patterns, custom);
    }

    @Override
    public String toString() {
        return "Picklers.java(" + (custom != null ? custom : String.join(", ", patterns)) + ")";
    }
}
