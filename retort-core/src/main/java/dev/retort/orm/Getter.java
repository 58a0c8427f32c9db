package dev.retort.orm;

import java.io.Serializable;

/**
 * A method reference to a getter of a mapped class ({@code User::getName}) or a record
 * accessor ({@code UserRecord::name}), for {@link ORM#attr(Getter)}. Serializable, because the
 * compiled form of a serializable method reference names its method, which is how the
 * attribute is found; it is never called.
 *
 * @param <T> the mapped class
 * @param <R> the attribute's Java type
 */
@FunctionalInterface
public interface Getter<T, R> extends Serializable {
    R get(T instance);
}
