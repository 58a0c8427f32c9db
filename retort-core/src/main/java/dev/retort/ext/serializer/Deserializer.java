package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.orm.ScopedSession;
import dev.retort.schema.MetaData;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

/**
 * Reads what a {@link Serializer} wrote, re-binding statements to the given {@link MetaData}.
 * An {@link ObjectInputFilter} admits only Retort's serialized elements (and the node classes
 * they resolve to), JDK value types
 * ({@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math}) and the class
 * patterns the caller adds; any other class in the stream is rejected before it is loaded.
 *
 * <pre>{@code
 * try (Deserializer in = new Deserializer(inputStream, metadata, engine, "com.example.SavedSearch")) {
 *     SavedSearch s = (SavedSearch) in.readObject();
 *     in.getEngine();
 * }
 * }</pre>
 */
public class Deserializer extends ObjectInputStream {
    private static final String JDK_VALUES = "java.lang.*;java.util.*;java.time.*;java.math.*";
    /**
     * The classes a serialized element resolves to. The stream checks them after resolution;
     * none is {@code Serializable}, so admitting them lets no stream construct one directly.
     */
    private static final String RESOLVED = "dev.retort.sql.*;dev.retort.orm.*;dev.retort.schema.Table;dev.retort.schema.Column;"
            + "dev.retort.engine.Engine";

    private final MetaData metadata;
    private final ScopedSession scopedSession;
    private final Engine engine;

    /** A deserializer admitting Retort elements, JDK value types and {@code allowedPatterns} ({@link ObjectInputFilter} syntax). */
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
        super(in);
        this.metadata = metadata;
        this.scopedSession = scopedSession;
        this.engine = engine;
        StringBuilder filter = new StringBuilder("maxdepth=100;maxrefs=100000;maxbytes=").append(SerializerLimits.DEFAULTS.maxBytes())
                .append(';').append(SerializedElement.class.getName()).append(';').append(ContextReference.class.getName())
                .append(';').append(RESOLVED).append(';').append(JDK_VALUES);
        for (String p : allowedPatterns) {
            filter.append(';').append(p);
        }
        setObjectInputFilter(ObjectInputFilter.Config.createFilter(filter.append(";!*").toString()));
        enableResolveObject(true);
    }

    /** A deserializer for statements alone (no application classes admitted). */
    public Deserializer(InputStream in, MetaData metadata) throws IOException {
        this(in, metadata, null);
    }

    /** The engine given to this deserializer (else its scoped session's), for the objects read to run on. */
    public Engine getEngine() {
        return Rebuilder.engineOrNull(engine, scopedSession);
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
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
