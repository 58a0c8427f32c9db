package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.orm.ScopedSession;
import dev.retort.orm.Session;
import dev.retort.schema.MetaData;
import dev.retort.sql.ClauseElement;
import dev.retort.types.ExpansionFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Reads what a {@link Serializer} wrote, re-binding statements to the given {@link MetaData}.
 * An {@link ObjectInputFilter} admits exactly the classes a serialized Retort element is made of
 * plus the class patterns the caller names ({@link ObjectInputFilter.Config#createFilter} syntax);
 * any other class in the stream, JDK collections included, is rejected before it is loaded. It
 * also bounds the stream: nesting ({@code maxdepth=}{@value #MAX_DEPTH}), what hashing its sets and maps
 * may cost ({@link ExpansionFilter}: nested sets sharing their members are refused in milliseconds), references ({@code maxrefs=}{@value #MAX_REFS}), bytes read
 * ({@code maxbytes}, {@link SerializerLimits#DEFAULTS}' {@code maxBytes}) and array lengths: no
 * array may claim more memory than {@code maxbytes}, so a 35-byte stream claiming
 * {@code long[300000000]} is refused before anything is allocated. The caller's patterns come
 * last, so a pattern such as {@code "maxdepth=40"} replaces a default limit.
 *
 * <pre>{@code
 * try (Deserializer in = new Deserializer(inputStream, metadata, engine, "com.example.SavedSearch", "java.util.ArrayList")) {
 *     SavedSearch s = (SavedSearch) in.readObject();
 *     in.getEngine();
 * }
 * }</pre>
 */
public class Deserializer extends ObjectInputStream {
    /** The nesting a stream may reach: Retort's own elements need 3, an application graph a few more. */
    public static final int MAX_DEPTH = 20;
    /** The objects and references a stream may hold. */
    public static final int MAX_REFS = 10_000;
    /**
     * The classes a serialized element is written as: the element's bytes, and the references
     * that stand for engines and sessions (an enum, so {@code java.lang.Enum}'s descriptor).
     * {@code java.lang.Object} admits only {@code Object[]} (Object itself is not serializable),
     * whose elements are each checked: the array inside {@code ArrayList} and other collections.
     */
    private static final String RETORT_CLASSES = SerializedElement.class.getName() + ";" + ContextReference.class.getName()
            + ";java.lang.Enum;java.lang.Object";

    private final ExpansionFilter expansion;
    private final MetaData metadata;
    private final ScopedSession scopedSession;
    private final Engine engine;

    /** A deserializer admitting Retort elements and {@code allowedPatterns} ({@link ObjectInputFilter} syntax). */
    public Deserializer(InputStream in, MetaData metadata, Engine engine, String... allowedPatterns) throws IOException {
        this(in, metadata, null, engine, allowedPatterns);
    }

    /**
     * A deserializer that also re-binds ORM queries: mapped classes to the registries of
     * {@code metadata}, sessions to {@code scopedSession}'s current session, engines to
     * {@code engine} (the seeds' {@code Deserializer(file, metadata, scoped_session, engine)}).
     */
    public Deserializer(InputStream in, MetaData metadata, ScopedSession scopedSession, Engine engine) throws IOException {
        this(in, metadata, scopedSession, engine, new String[0]);
    }

    /** {@link #Deserializer(InputStream, MetaData, ScopedSession, Engine)} admitting application classes too. */
    public Deserializer(InputStream in, MetaData metadata, ScopedSession scopedSession, Engine engine, String... allowedPatterns) throws IOException {
        this(new ExpansionFilter(filter(allowedPatterns)), in, metadata, scopedSession, engine);
    }

    private Deserializer(ExpansionFilter expansion, InputStream in, MetaData metadata, ScopedSession scopedSession, Engine engine) throws IOException {
        super(expansion.measuring(in));
        this.expansion = expansion;
        this.metadata = metadata;
        this.scopedSession = scopedSession;
        this.engine = engine;
        setObjectInputFilter(expansion);
        enableResolveObject(true);
    }

    /** A deserializer for statements alone (no application classes admitted). */
    public Deserializer(InputStream in, MetaData metadata) throws IOException {
        this(in, metadata, null);
    }

    private static ObjectInputFilter filter(String... allowedPatterns) {
        long maxBytes = SerializerLimits.DEFAULTS.maxBytes();
        StringBuilder spec = new StringBuilder("maxdepth=" + MAX_DEPTH + ";maxrefs=" + MAX_REFS + ";maxbytes=" + maxBytes
                + ";maxarray=" + maxBytes + ";" + RETORT_CLASSES);
        for (String p : allowedPatterns) {
            spec.append(';').append(p);
        }
        ObjectInputFilter patterns = ObjectInputFilter.Config.createFilter(spec.append(";!*").toString());
        return info -> {
            Class<?> c = info.serialClass();
            if (c != null && c.isArray() && info.arrayLength() * elementBytes(c.getComponentType()) > maxBytes) {
                // maxarray counts elements; eight-byte elements would allocate eight times maxbytes.
                return ObjectInputFilter.Status.REJECTED;
            }
            if (c != null && isResolvedElement(c)) {
                // What resolveObject returned, checked again by the stream: only the limits apply.
                return patterns.checkInput(new WithoutClass(info));
            }
            return patterns.checkInput(info);
        };
    }

    /**
     * A class {@link #resolveObject} returns in place of what was read: an element, engine or
     * session. None is {@code Serializable}, so a stream can never build one itself.
     */
    private static boolean isResolvedElement(Class<?> c) {
        return !Serializable.class.isAssignableFrom(c)
                && (ClauseElement.class.isAssignableFrom(c) || Engine.class.isAssignableFrom(c) || Session.class.isAssignableFrom(c));
    }

    /** The stream's counts without the class, so that a pattern filter checks the limits alone. */
    private record WithoutClass(ObjectInputFilter.FilterInfo info) implements ObjectInputFilter.FilterInfo {
        @Override
        public Class<?> serialClass() {
            return null;
        }

        @Override
        public long arrayLength() {
            return info.arrayLength();
        }

        @Override
        public long depth() {
            return info.depth();
        }

        @Override
        public long references() {
            return info.references();
        }

        @Override
        public long streamBytes() {
            return info.streamBytes();
        }
    }

    private static long elementBytes(Class<?> component) {
        if (component == byte.class || component == boolean.class) {
            return 1;
        }
        if (component == short.class || component == char.class) {
            return 2;
        }
        return component == long.class || component == double.class ? 8 : 4;
    }

    /** The engine given to this deserializer (else its scoped session's), for the objects read to run on. */
    public Engine getEngine() {
        return Rebuilder.engineOrNull(engine, scopedSession);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException {
        return ExpansionFilter.present(desc, () -> super.resolveClass(desc));
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
        // Every object goes to the filter, which counts them to know which the stream's sets hash.
        return expansion.completed(replacement(obj));
    }

    private Object replacement(Object obj) {
        if (obj instanceof SerializedElement s) {
            return QuerySerializer.loads(s.data(), metadata, scopedSession, engine);
        }
        if (obj == ContextReference.ENGINE) {
            return getEngine();
        }
        if (obj == ContextReference.SESSION) {
            return scopedSession == null ? null : scopedSession.get();
        }
        return obj;
    }
}
