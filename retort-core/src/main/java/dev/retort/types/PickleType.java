package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Java objects in a binary column: the seeds' {@code PickleType}. Values are turned into bytes
 * by a {@link ObjectPickler} when bound and back when read; {@code null} stays SQL NULL. The
 * default pickler, {@link Picklers#java(String...)} with no patterns, stores maps, lists and
 * JDK value types and refuses to read any other class, so bytes planted in the column cannot
 * run code; bytes that do not unpickle raise a {@link SerializationException} (naming the
 * table and column, when read from a result).
 *
 * <pre>{@code
 * PickleType<Map<String, Object>> prefs = PickleType.builder()      // seed: PickleType(protocol, pickler, comparator, impl)
 *         .pickler(Picklers.json())
 *         .comparator(Objects::equals)
 *         .impl(Types.LARGE_BINARY)                                  // BLOB, BYTEA, LONGBLOB
 *         .build();
 * PickleType<Settings> settings = PickleType.builder().pickler(Picklers.java("com.acme.Settings")).build();
 * new Table("users", metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("prefs", prefs));
 * }</pre>
 *
 * <p>The column holds whatever {@code loads} returns: a value changed in place is not written
 * back by itself; see {@link dev.retort.types.mutable} for change tracking.
 *
 * @param <T> the type of the stored objects
 */
public final class PickleType<T> extends TypeDecorator<T, byte[]> {
    private static final BiPredicate<Object, Object> EQUALS = Objects::deepEquals;

    private final ObjectPickler<T> pickler;
    private final int protocol;
    private final BiPredicate<? super T, ? super T> comparator;

    @SuppressWarnings("unchecked")
    private PickleType(TypeEngine<byte[]> impl, ObjectPickler<T> pickler, int protocol, BiPredicate<? super T, ? super T> comparator) {
        // The value class is the type argument of the builder's caller, which erasure hides.
        super(impl, (Class<T>) Object.class);
        this.pickler = pickler;
        this.protocol = protocol;
        this.comparator = comparator;
    }

    /** A builder with the defaults: {@code Picklers.java()}, its latest protocol, {@code equals}, {@code LARGE_BINARY}. */
    @SuppressWarnings("unchecked")
    public static <T> Builder<T> builder() {
        // The default pickler reads back whatever JDK values were written, so it serves any T.
        return new Builder<>((ObjectPickler<T>) (ObjectPickler<?>) JavaPickler.DEFAULT, null, EQUALS, Types.LARGE_BINARY);
    }

    /** The pickler. */
    public ObjectPickler<T> pickler() {
        return pickler;
    }

    /** The pickler's format version this type writes (0 for a pickler without versions). */
    public int protocol() {
        return protocol;
    }

    /** The bytes {@code value} is stored as; a failure raises {@link SerializationException}. */
    public byte[] dumps(T value) {
        try {
            return pickler.dumps(value, protocol);
        } catch (RuntimeException e) {
            throw failure("pickle a " + value.getClass().getName(), e);
        }
    }

    /** The value stored as {@code data}; bytes that do not unpickle raise {@link SerializationException}. */
    public T loads(byte[] data) {
        try {
            return pickler.loads(data);
        } catch (RuntimeException e) {
            throw failure("unpickle " + data.length + " bytes", e);
        }
    }

    private SerializationException failure(String what, RuntimeException e) {
        return new SerializationException(this + " cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public byte[] processBindParam(T value, Dialect dialect) {
        return dumps(value);
    }

    @Override
    public T processResultValue(byte[] value, Dialect dialect) {
        return loads(value);
    }

    /** The comparator's verdict; {@code null} equals only {@code null}. */
    @Override
    public boolean compareValues(T a, T b) {
        return a == null || b == null ? a == b : comparator.test(a, b);
    }

    /** A deep copy, made by pickling and unpickling. */
    @Override
    public T copyValue(T value) {
        return value == null ? null : loads(dumps(value));
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    /** The pickler, protocol and comparator. */
    @Override
    public List<Object> cacheKeyState() {
        return List.of(pickler, protocol, comparator);
    }

    /** {@code PickleType(BLOB, Picklers.java())}. */
    @Override
    public String toString() {
        return "PickleType(" + impl() + ", " + pickler + ")";
    }

    /**
     * Configures a {@link PickleType}; each setting has a default. Set the pickler first: it
     * decides the type of the values.
     *
     * @param <T> the type of the stored objects
     */
    public static final class Builder<T> {
        private final ObjectPickler<T> pickler;
        private final Integer protocol;
        private final BiPredicate<? super T, ? super T> comparator;
        private final TypeEngine<byte[]> impl;

        private Builder(ObjectPickler<T> pickler, Integer protocol, BiPredicate<? super T, ? super T> comparator, TypeEngine<byte[]> impl) {
            this.pickler = pickler;
            this.protocol = protocol;
            this.comparator = comparator;
            this.impl = impl;
        }

        /** How values become bytes: {@link Picklers} has the built-in ones; any implementation will do. */
        @SuppressWarnings("unchecked")
        public <U> Builder<U> pickler(ObjectPickler<U> pickler) {
            if (pickler == null) {
                throw new ArgumentException("PickleType needs a pickler");
            }
            // A comparator set before the pickler was written for its values, whatever their declared type.
            return new Builder<>(pickler, protocol, (BiPredicate<? super U, ? super U>) comparator, impl);
        }

        /** The pickler's format version to write, one of its {@link ObjectPickler#protocols()}; by default its latest. */
        public Builder<T> protocol(int protocol) {
            return new Builder<>(pickler, protocol, comparator, impl);
        }

        /** How two values are compared for change detection; by default {@code equals} (arrays by content). */
        public Builder<T> comparator(BiPredicate<? super T, ? super T> comparator) {
            if (comparator == null) {
                throw new ArgumentException("A PickleType comparator cannot be null; the default compares with equals");
            }
            return new Builder<>(pickler, protocol, comparator, impl);
        }

        /** The binary type the bytes are stored as; by default {@link Types#LARGE_BINARY}. */
        public Builder<T> impl(TypeEngine<byte[]> impl) {
            if (impl == null || impl.kind() != TypeKind.BINARY) {
                throw new ArgumentException("A PickleType stores bytes: its impl must be a binary type, got " + impl);
            }
            return new Builder<>(pickler, protocol, comparator, impl);
        }

        /** The type; its value type is the one the assignment asks for, as the pickler produces it. */
        @SuppressWarnings("unchecked")
        public <R extends T> PickleType<R> build() {
            List<Integer> versions = pickler.protocols();
            if (protocol != null && !versions.contains(protocol)) {
                throw new ArgumentException(pickler + (versions.isEmpty() ? " has no protocol versions" : " writes protocols " + versions) + ", not " + protocol);
            }
            int p = protocol != null ? protocol : versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
            return new PickleType<>(impl, (ObjectPickler<R>) pickler, p, comparator);
        }
    }
}
