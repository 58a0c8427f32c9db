package dev.retort.types.mutable;

import dev.retort.dialect.Dialect;
import dev.retort.types.TypeDecorator;
import dev.retort.types.TypeEngine;
import java.util.List;
import java.util.function.Function;

/**
 * Stores values as its implementation type does and wraps those it reads in a {@link Mutable}
 * ({@code M}, which is a {@code V} itself, so binding needs no conversion).
 */
final class MutableType<V, M extends V> extends TypeDecorator<M, V> {
    private final Function<V, M> wrap;

    private MutableType(TypeEngine<V> impl, Class<M> javaType, Function<V, M> wrap) {
        super(impl, javaType);
        this.wrap = wrap;
    }

    @SuppressWarnings("unchecked")
    static <V, M extends V> TypeEngine<M> of(TypeEngine<V> impl, Class<?> javaType, Function<V, M> wrap) {
        return new MutableType<>(impl, (Class<M>) javaType, wrap);
    }

    /** A plain map or list, as one inserts, is wrapped; anything else is not a {@code V} and fails there. */
    @Override
    @SuppressWarnings("unchecked")
    protected M coerce(Object value) {
        return value == null || javaType().isInstance(value) ? (M) value : wrap.apply((V) value);
    }

    @Override
    public V processBindParam(M value, Dialect dialect) {
        return value;
    }

    @Override
    public M processResultValue(V value, Dialect dialect) {
        return wrap.apply(value);
    }

    @Override
    public boolean compareValues(M a, M b) {
        return impl().compareValues(a, b);
    }

    /** The implementation type's copy (deep, for a {@code PickleType}), wrapped. */
    @Override
    public M copyValue(M value) {
        return value == null ? null : wrap.apply(impl().copyValue(value));
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    /** The wrapping function follows from the value class. */
    @Override
    public List<Object> cacheKeyState() {
        return List.of(javaType());
    }
}
