package dev.retort.orm;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * What the JVM remembers of <em>detached</em> instances — persistent in a session that closed,
 * or expunged from it — so that {@link Session#add} re-attaches them (an UPDATE of what changed)
 * instead of inserting them again. Held by instance identity ({@code equals} of a mapped class
 * is the application's), weakly: an instance nobody holds is forgotten.
 */
final class DetachedStates {
    private static final Map<Key, InstanceState.Detached> STATES = new HashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private DetachedStates() {
    }

    /** Remembers {@code instance} as detached, with what it keeps of its state. */
    static void remember(Object instance, InstanceState.Detached state) {
        synchronized (STATES) {
            purge();
            STATES.put(new Key(instance, COLLECTED), state);
        }
    }

    /** Remembers the persistent states of a closing session as detached, under one lock. */
    static void rememberClosing(java.util.List<InstanceState> closing) {
        if (closing.isEmpty()) {
            return;
        }
        synchronized (STATES) {
            purge();
            for (InstanceState st : closing) {
                STATES.put(new Key(st.instance, COLLECTED), st.detachClosing());
            }
        }
    }

    /** The detached state of {@code instance}, forgotten here (it is being attached), or null. */
    static InstanceState.Detached take(Object instance) {
        synchronized (STATES) {
            purge();
            return STATES.remove(new Key(instance, null));
        }
    }

    /** The detached state of {@code instance}, still remembered, or null. */
    static InstanceState.Detached peek(Object instance) {
        synchronized (STATES) {
            return STATES.get(new Key(instance, null));
        }
    }

    /** Whether {@code instance} is remembered as detached. */
    static boolean isDetached(Object instance) {
        synchronized (STATES) {
            return STATES.containsKey(new Key(instance, null));
        }
    }

    private static void purge() {
        for (Object k; (k = COLLECTED.poll()) != null; ) {
            STATES.remove(k);
        }
    }

    /** An instance compared by identity, weakly held. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object instance, ReferenceQueue<Object> queue) {
            super(instance, queue);
            hash = System.identityHashCode(instance);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            return o instanceof Key k && k.hash == hash && get() != null && get() == k.get();
        }
    }
}
