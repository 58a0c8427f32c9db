package dev.retort.types;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.exc.ArgumentException;
import java.io.ObjectInputFilter;

/**
 * The built-in {@link ObjectPickler}s. Neither lets stored bytes choose what code runs.
 *
 * <pre>{@code
 * Picklers.java();                                   // JDK value types only: the PickleType default
 * Picklers.java("com.acme.prefs.*", "maxdepth=40");  // ... plus a package, deeper graphs
 * Picklers.json(Prefs.class);                        // records and beans, with Jackson databind
 * Picklers.json(new TypeReference<List<Prefs>>() {});
 * Picklers.json();                                   // maps, lists, strings, numbers, booleans
 * }</pre>
 */
public final class Picklers {
    private Picklers() {
    }

    /**
     * Java serialization that reads back only JDK value types (boxed primitives, strings,
     * {@code BigDecimal}/{@code BigInteger}, {@code java.time} values, {@code UUID}, {@code
     * Date}, {@code Locale}, {@code Currency}, the standard lists, sets, maps and their
     * unmodifiable, empty and singleton forms, and arrays of these and of primitives) and the
     * classes {@code allowedPatterns} admit, in {@link ObjectInputFilter.Config#createFilter}
     * syntax ({@code com.acme.Prefs}, {@code com.acme.*}, {@code com.acme.**}; a leading
     * {@code !} forbids, and {@code maxdepth=n}, {@code maxrefs=n}, {@code maxbytes=n}, {@code
     * maxarray=n} override the limits; depth is limited to 24 by default). Every other class is
     * refused before any of its code runs, as are dynamic proxies; a value holding one is also
     * refused when written. Protocols 1 and 2 are Java's stream versions (2 by default).
     *
     * <p>What reading may cost is measured on the stream before it is read ({@link ExpansionFilter}): the expanded size
     * of collections, and the hashing of sets and maps, keys of one hash charged the comparisons they cost (keys whose
     * hash the stream does not decide, such as records, are hashed as they complete, or as the reader reaches them by
     * back-reference, before their set hashes them). The measurement follows the stream's grammar, and the reader is
     * held to it: every object it completes, back-reference and class descriptor it reads must be where the measurement
     * met it. So an allowed class whose {@code readObject} does not call {@code defaultReadObject} (or {@code
     * readFields}) first, reading the bytes of its fields as objects, is refused at the first object it reads
     * otherwise, with an {@link java.io.InvalidObjectException} naming the class. A record never has a {@code
     * readObject}, and a forged record layout is refused.
     *
     * <pre>{@code
     * record Prefs(String theme, int size) implements Serializable {}
     * PickleType<Prefs> type = PickleType.<Prefs>builder().pickler(Picklers.java(Prefs.class.getName())).build();
     * }</pre>
     */
    public static <T> ObjectPickler<T> java(String... allowedPatterns) {
        return JavaPickler.allowing(allowedPatterns);
    }

    /**
     * Java serialization that asks {@code filter} about every class and limit, and decides what
     * it leaves {@code UNDECIDED} as {@link #java(String...)} with no patterns does: a class the
     * filter does not allow is refused unless it is a JDK value type.
     */
    public static <T> ObjectPickler<T> java(ObjectInputFilter filter) {
        return JavaPickler.filtered(filter);
    }

    /**
     * JSON of untyped values: objects become {@code LinkedHashMap}s, arrays {@code ArrayList}s,
     * and numbers {@code Integer}, {@code Long}, {@code BigInteger} or {@code Double}. Needs
     * {@code com.fasterxml.jackson.core:jackson-databind} on the class path, like every JSON
     * pickler.
     */
    public static <T> ObjectPickler<T> json() {
        return jsonOf(null, Object.class);
    }

    /** JSON of {@code type} (a record, a bean, ...) with Jackson's default settings. */
    public static <T> ObjectPickler<T> json(Class<T> type) {
        return jsonOf(null, type);
    }

    /** JSON of a generic type, {@code new TypeReference<List<Prefs>>() {}}. */
    public static <T> ObjectPickler<T> json(TypeReference<T> type) {
        return jsonOf(null, type);
    }

    /** JSON of {@code type} with a mapper of one's own (with modules for {@code java.time}, say). */
    public static <T> ObjectPickler<T> json(ObjectMapper mapper, Class<T> type) {
        return jsonOf(requireMapper(mapper), type);
    }

    /** JSON of a generic type with a mapper of one's own. */
    public static <T> ObjectPickler<T> json(ObjectMapper mapper, TypeReference<T> type) {
        return jsonOf(requireMapper(mapper), type);
    }

    private static ObjectMapper requireMapper(ObjectMapper mapper) {
        if (mapper == null) {
            throw new ArgumentException("Picklers.json needs an ObjectMapper; use the overload without one for Jackson's defaults");
        }
        return mapper;
    }

    /**
     * {@code type} is a {@code Class} or a {@code TypeReference}. Nothing in this class touches a
     * databind class before the check, so that its absence gives this message.
     */
    private static <T> ObjectPickler<T> jsonOf(ObjectMapper mapper, Object type) {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, Picklers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ArgumentException("Picklers.json needs com.fasterxml.jackson.core:jackson-databind on the class path;"
                    + " it is an optional dependency of retort-core", e);
        }
        return JsonPickler.create(mapper, type);
    }
}
