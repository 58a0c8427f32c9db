package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.exc.SerializationException;
import dev.retort.orm.ScopedSession;
import dev.retort.schema.MetaData;
import dev.retort.sql.ClauseElement;

/**
 * Dumps a statement (or a table or column, or an ORM query) to bytes and loads it back
 * elsewhere, with its tables and columns re-bound to the loading side's {@link MetaData}, and
 * an ORM query's mapped classes and session to its registry and scoped session: the seeds'
 * expression serializer, without pickle. The output names node kinds and schema references only, never a
 * class; {@code loads} builds nothing but Retort's own nodes and the values of registered
 * codecs, within {@link SerializerLimits}.
 *
 * <pre>{@code
 * byte[] data = QuerySerializer.dumps(select(users).where(users.c("name").eq("ed")));
 * Select back = (Select) QuerySerializer.loads(data, metadata);        // users is metadata's very Table
 * byte[] json = QuerySerializer.dumps(stmt, Protocol.JSON);             // the same tree, readable
 * }</pre>
 *
 * The formats are described in docs/serialization-format.md.
 */
public final class QuerySerializer {
    private static final QuerySerializer DEFAULT = new QuerySerializer(LoadOptions.DEFAULTS);

    private final LoadOptions options;
    private final SerializerLimits limits;

    private QuerySerializer(LoadOptions options) {
        this.options = options;
        this.limits = options.limits();
    }

    /** A serializer whose {@code read} enforces other limits. */
    public static QuerySerializer withLimits(SerializerLimits limits) {
        return new QuerySerializer(LoadOptions.DEFAULTS.limits(limits));
    }

    /**
     * A serializer whose {@code read} loads with {@code options}: its limits, and whether raw SQL
     * ({@code text()}, literal columns) is accepted.
     *
     * <pre>{@code
     * QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false)).read(data, metadata);
     * }</pre>
     */
    public static QuerySerializer with(LoadOptions options) {
        return new QuerySerializer(options);
    }

    /** {@code obj} in the binary protocol. */
    public static byte[] dumps(Object obj) {
        return DEFAULT.write(obj, Protocol.BINARY);
    }

    /** {@code obj} in the given protocol. */
    public static byte[] dumps(Object obj, Protocol protocol) {
        return DEFAULT.write(obj, protocol);
    }

    /** Loads data that refers to no schema objects (lightweight tables, text). */
    public static Object loads(byte[] data) {
        return DEFAULT.read(data, null);
    }

    /** Loads data, re-binding tables and columns to those of {@code metadata}. */
    public static Object loads(byte[] data, MetaData metadata) {
        return DEFAULT.read(data, metadata);
    }

    /**
     * Loads data, re-binding tables and columns to {@code metadata}, mapped classes to the
     * mappers of its registry, and a query's session to {@code scopedSession}'s current session,
     * so that the loaded query runs with {@code all()}: the seeds' {@code loads(data, metadata, Session)}.
     *
     * <pre>{@code
     * Query<User> q = (Query<User>) QuerySerializer.loads(data, metadata, Session);
     * q.all();                                               // runs in Session.get()
     * }</pre>
     */
    public static Object loads(byte[] data, MetaData metadata, ScopedSession scopedSession) {
        return DEFAULT.read(data, metadata, scopedSession, null);
    }

    /** {@link #loads(byte[], MetaData, ScopedSession)}, re-binding engine references to {@code engine}. */
    public static Object loads(byte[] data, MetaData metadata, ScopedSession scopedSession, Engine engine) {
        return DEFAULT.read(data, metadata, scopedSession, engine);
    }

    /** Writes {@code obj} (a SQL element, a table or a column). */
    public byte[] write(Object obj, Protocol protocol) {
        if (!(obj instanceof ClauseElement)) {
            throw new SerializationException("Only SQL elements, tables and columns can be serialized, not "
                    + (obj == null ? "null" : obj.getClass().getName()));
        }
        if (protocol == Protocol.JSON) {
            JsonSink sink = new JsonSink();
            new Encoder(sink).write(obj);
            return sink.toByteArray();
        }
        BinarySink sink = new BinarySink();
        new Encoder(sink).write(obj);
        return sink.toByteArray();
    }

    /** Reads data in either protocol (told apart by the first byte). */
    public Object read(byte[] data, MetaData metadata) {
        return read(data, metadata, null, null);
    }

    /** Reads data in either protocol, re-binding to the given metadata, scoped session and engine (each may be null). */
    public Object read(byte[] data, MetaData metadata, ScopedSession scopedSession, Engine engine) {
        return parse(data, new Rebuilder(metadata, scopedSession, engine, options));
    }

    private Object parse(byte[] data, Rebuilder rb) {
        if (data == null || data.length == 0) {
            throw new SerializationException("Malformed serialized query at byte 0: no data");
        }
        if (data.length > limits.maxBytes()) {
            throw new SerializationException("Serialized query of " + data.length + " bytes exceeds the limit of " + limits.maxBytes()
                    + " (SerializerLimits.maxBytes)");
        }
        if (data[0] == BinaryFormat.MAGIC[0]) {
            return new BinarySource(data, rb).readDocument();
        }
        return new JsonSource(data, rb).readDocument();
    }

    /**
     * The tables, columns and mapped entities {@code data} refers to, without resolving them:
     * what a loading side needs to provide. Malformed data raises {@link SerializationException}.
     */
    public static QueryReferences references(byte[] data) {
        ReferenceCollector collector = new ReferenceCollector(SerializerLimits.DEFAULTS);
        DEFAULT.parse(data, collector);
        return collector.references();
    }

    /** Which protocol {@code data} is in, or null if it is neither. */
    public static Protocol protocolOf(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        if (data[0] == BinaryFormat.MAGIC[0]) {
            return Protocol.BINARY;
        }
        int i = 0;
        while (i < data.length && Character.isWhitespace(data[i])) {
            i++;
        }
        return i < data.length && data[i] == '{' ? Protocol.JSON : null;
    }
}
