package dev.retort.types;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns objects into bytes and back, for {@link PickleType}: the seeds' pickler, "any object
 * with pickle-compatible {@code dumps} and {@code loads} methods". {@link Picklers} has the
 * built-in ones; implementations must be immutable, and should define {@code equals} so that
 * equal configurations share cached statements.
 *
 * <pre>{@code
 * ObjectPickler<String> utf8 = ObjectPickler.of(s -> s.getBytes(UTF_8), b -> new String(b, UTF_8));
 * }</pre>
 *
 * <p>{@code loads} reads bytes from the database, which may have been written by anyone with
 * access to it: it must not run code the bytes choose. Failures in either direction are best
 * raised as unchecked exceptions; {@link PickleType} reports them as {@code
 * SerializationException}s.
 *
 * @param <T> the type of the objects
 */
public interface ObjectPickler<T> {
    /** The bytes of {@code value} (never null) in the format version {@code protocol}. */
    byte[] dumps(T value, int protocol);

    /** The object {@code data} holds. */
    T loads(byte[] data);

    /**
     * The format versions this pickler writes, oldest first; {@link PickleType} uses the last
     * unless told otherwise. Empty (the default) for a pickler without versions, which ignores
     * the {@code protocol} argument.
     */
    default List<Integer> protocols() {
        return List.of();
    }

    /** A pickler without versions from two functions. */
    static <T> ObjectPickler<T> of(Function<? super T, byte[]> dumps, Function<byte[], ? extends T> loads) {
        Objects.requireNonNull(dumps, "dumps");
        Objects.requireNonNull(loads, "loads");
        return new ObjectPickler<>() {
            @Override
            public byte[] dumps(T value, int protocol) {
                return dumps.apply(value);
            }

            @Override
            public T loads(byte[] data) {
                return loads.apply(data);
            }
        };
    }
}
