package dev.retort.ext.serializer;

import dev.retort.exc.SerializationException;
import java.util.List;

/**
 * Plain values (numbers, strings, decimals, dates, bytes, UUIDs, lists of them, and values of
 * registered codecs) in the binary format of {@link QuerySerializer}: what a result cache stores
 * for rows, without Java serialization.
 *
 * <pre>{@code
 * byte[] b = ValueSerializer.dumps(List.of(List.of("id", "name"), List.of(7, "jack")));
 * List<?> back = (List<?>) ValueSerializer.loads(b);
 * }</pre>
 */
public final class ValueSerializer {
    private ValueSerializer() {
    }

    /** {@code value} (no SQL elements) in the binary format. */
    public static byte[] dumps(Object value) {
        if (containsElement(value)) {
            throw new SerializationException("ValueSerializer writes values only; use QuerySerializer for SQL elements");
        }
        BinarySink sink = new BinarySink();
        new Encoder(sink).write(value);
        return sink.toByteArray();
    }

    /**
     * A value written by {@link #dumps}; malformed input, and a document holding SQL elements
     * (which {@link #dumps} never writes), raise {@link SerializationException}.
     */
    public static Object loads(byte[] data) {
        if (data == null || data.length == 0 || data[0] != BinaryFormat.MAGIC[0]) {
            throw new SerializationException("Malformed serialized value at byte 0: not in the binary format");
        }
        Object value = new BinarySource(data, new Rebuilder(null, SerializerLimits.DEFAULTS)).readDocument();
        if (containsElement(value)) {
            throw new SerializationException("Malformed serialized value: it holds a SQL element or an entity; ValueSerializer reads values only"
                    + " (QuerySerializer reads SQL)");
        }
        return value;
    }

    /** Whether {@code value} holds a SQL element or a mapped entity (a reference, not a value). */
    private static boolean containsElement(Object value) {
        if (value instanceof dev.retort.sql.ClauseElement || value instanceof dev.retort.orm.Mapper<?>) {
            return true;
        }
        if (value instanceof List<?> l) {
            for (Object o : l) {
                if (containsElement(o)) {
                    return true;
                }
            }
        }
        return false;
    }
}
