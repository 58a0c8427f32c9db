package dev.retort.types.mutable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of one {@link Mutable}: what an implementation holds to provide {@link
 * Mutable#addListener}, {@link Mutable#removeListener} and {@link Mutable#changed()}.
 *
 * <pre>{@code
 * public final class Tags extends AbstractSet<String> implements Mutable {
 *     private final MutationListeners listeners = new MutationListeners(this);
 *     @Override public MutationListeners listeners() { return listeners; }
 *     @Override public boolean add(String tag) { boolean added = set.add(tag); if (added) changed(); return added; }
 *     ...
 * }
 * }</pre>
 */
public final class MutationListeners {
    private final Mutable source;
    // Listeners are added rarely and called on every change; a listener may unregister itself.
    private final List<MutationListener> listeners = new CopyOnWriteArrayList<>();

    /** The listeners of {@code source}, which they are told of. */
    public MutationListeners(Mutable source) {
        this.source = source;
    }

    /** Registers {@code listener}. */
    public void add(MutationListener listener) {
        if (listener == null) {
            throw new dev.retort.exc.ArgumentException("A mutation listener cannot be null");
        }
        listeners.add(listener);
    }

    /** Unregisters {@code listener}; unknown listeners are ignored. */
    public void remove(MutationListener listener) {
        listeners.remove(listener);
    }

    /** Tells every listener that the source changed. */
    public void fire() {
        for (MutationListener l : listeners) {
            l.changed(source);
        }
    }
}
