package dev.retort.types.mutable;

/**
 * A value that reports its own in-place changes to listeners: the seeds' mutable extension,
 * through which an ORM learns that an object held in a column (a {@code PickleType} value, say)
 * changed without being set again. Implementations hold a {@link MutationListeners} and call
 * {@link #changed()} after each change.
 *
 * <pre>{@code
 * MutableMap<String, Object> prefs = MutableMap.copyOf(Map.of("theme", "dark"));
 * prefs.addListener(source -> dirty.add(row));
 * prefs.put("theme", "light");            // the listener hears of it
 * }</pre>
 */
public interface Mutable {
    /** The listeners of this value. */
    MutationListeners listeners();

    /** Registers {@code listener}, called once per change, on the thread making it. */
    default void addListener(MutationListener listener) {
        listeners().add(listener);
    }

    /** Unregisters {@code listener}; unknown listeners are ignored. */
    default void removeListener(MutationListener listener) {
        listeners().remove(listener);
    }

    /**
     * Tells every listener of a change: implementations call it after each one, and callers may
     * for a change the value cannot see itself, such as a nested object changed in place.
     */
    default void changed() {
        listeners().fire();
    }
}
