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

    /** A value written by {@link #dumps}; malformed input raises {@link SerializationException}. */
    public static Object loads(byte[] data) {
        if (data == null || data.length == 0 || data[0] != BinaryFormat.MAGIC[0]) {
            throw new SerializationException("Malformed serialized value at byte 0: not in the binary format");
        }
        return new BinarySource(data, new Rebuilder(null, SerializerLimits.DEFAULTS)).readDocument();
    }

    private static boolean containsElement(Object value) {
        if (value instanceof dev.retort.sql.ClauseElement) {
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
