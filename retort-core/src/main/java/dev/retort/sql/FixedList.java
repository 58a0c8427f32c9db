package dev.retort.sql;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list of the first {@code size} items of an array that nothing writes once
 * the list holds it; it may hold nulls. One object where {@code Arrays.asList} wrapped in
 * {@code Collections.unmodifiableList} is two: made for every execution's values and every
 * cache key's bind parameters.
 */
final class FixedList<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] items;
    private final int size;

    FixedList(Object[] items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[Objects.checkIndex(index, size)];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
