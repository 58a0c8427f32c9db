package dev.retort.types.mutable;

/** Told of each in-place change of a {@link Mutable}. */
@FunctionalInterface
public interface MutationListener {
    /** {@code source} has just changed. */
    void changed(Mutable source);
}
