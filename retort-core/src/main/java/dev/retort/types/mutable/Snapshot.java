package dev.retort.types.mutable;

import dev.retort.types.TypeEngine;

/**
 * A value as it was, to tell later whether it changed: a copy made with the type's {@link
 * TypeEngine#copyValue} (deep, for a {@code PickleType}), compared with {@link
 * TypeEngine#compareValues} (a {@code PickleType}'s comparator). This is the net-change check
 * that decides whether a value heard of as changed, or set again, must be written.
 *
 * <pre>{@code
 * Snapshot<Map<String, Object>> loaded = Snapshot.of(prefsType, prefs);
 * ((Map<String, Object>) prefs.get("colors")).put("bg", "red");   // nested: no event, but...
 * loaded.isChanged(prefs);                                          // true
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Snapshot<T> {
    private final TypeEngine<T> type;
    private final T copy;

    private Snapshot(TypeEngine<T> type, T copy) {
        this.type = type;
        this.copy = copy;
    }

    /** A snapshot of {@code value} as {@code type} copies it now. */
    public static <T> Snapshot<T> of(TypeEngine<T> type, T value) {
        return new Snapshot<>(type, type.copyValue(value));
    }

    /** Whether {@code current} differs from the value the snapshot was taken of. */
    public boolean isChanged(T current) {
        return !type.compareValues(copy, current);
    }

    /** A copy of the value as it was, which the caller may change. */
    public T value() {
        return type.copyValue(copy);
    }
}
