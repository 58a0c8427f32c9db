package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listeners for what happens to instances and sessions: the seeds' mapper and session events.
 * A {@link Registry} has one set for the classes it maps ({@link Registry#events()}), each
 * {@link Session} one of its own ({@link Session#events()}), which also has the session events;
 * the registry's listeners run first.
 *
 * <pre>{@code
 * registry.events().listen(Author.class, InstanceEvent.BEFORE_INSERT, (session, a) -> a.created = LocalDateTime.now());
 * session.events().listen(Object.class, InstanceEvent.AFTER_LOAD, (s, o) -> loaded.add(o));   // every class
 * session.events().listen(SessionEvent.AFTER_COMMIT, s -> mailer.sendQueued());
 * }</pre>
 *
 * <p>Before-insert and before-update listeners run during the flush, before the instance's
 * statement is made, so the values they set are written; before-update runs for instances
 * with column changes. After-listeners run once the statement has run. A listener that throws
 * fails the flush, which is undone as any failed flush (values a listener set stay set).
 */
public final class OrmEvents {
    /** Events of one instance. */
    public enum InstanceEvent {
        BEFORE_INSERT, AFTER_INSERT, BEFORE_UPDATE, AFTER_UPDATE, BEFORE_DELETE, AFTER_DELETE,
        /** The instance's attributes were filled from a row: a new instance, or a refreshed one. */
        AFTER_LOAD
    }

    /** Events of a session. */
    public enum SessionEvent {
        /** A flush begins (before it looks for changes: a listener may still change instances). */
        BEFORE_FLUSH, AFTER_COMMIT, AFTER_ROLLBACK
    }

    /** A listener for an instance event. */
    @FunctionalInterface
    public interface InstanceListener<T> {
        void on(Session session, T instance);
    }

    private record ForInstances(Class<?> type, InstanceEvent event, InstanceListener<Object> listener) {
    }

    private record ForSession(SessionEvent event, Consumer<Session> listener) {
    }

    private final List<ForInstances> instanceListeners = new CopyOnWriteArrayList<>();
    private final List<ForSession> sessionListeners = new CopyOnWriteArrayList<>();

    /** Whether session events may be listened for (a session's own events; a registry's have instance events only). */
    private final boolean sessionEvents;

    OrmEvents(boolean sessionEvents) {
        this.sessionEvents = sessionEvents;
    }

    /** Calls {@code listener} on {@code event} for instances of {@code type} (and its subclasses; {@code Object.class}: every class). */
    @SuppressWarnings("unchecked")
    public <T> OrmEvents listen(Class<T> type, InstanceEvent event, InstanceListener<? super T> listener) {
        if (type == null || event == null || listener == null) {
            throw new ArgumentException("listen() needs a class, an event and a listener");
        }
        instanceListeners.add(new ForInstances(type, event, (InstanceListener<Object>) listener));
        return this;
    }

    /** Calls {@code listener} on a session event. */
    public OrmEvents listen(SessionEvent event, Consumer<Session> listener) {
        if (event == null || listener == null) {
            throw new ArgumentException("listen() needs an event and a listener");
        }
        if (!sessionEvents) {
            throw new ArgumentException("A registry's events are instance events; listen for " + event + " on session.events()");
        }
        sessionListeners.add(new ForSession(event, listener));
        return this;
    }

    /** Removes every registration of {@code listener}. */
    public void remove(Object listener) {
        instanceListeners.removeIf(l -> l.listener() == listener);
        sessionListeners.removeIf(l -> l.listener() == listener);
    }

    /** Whether any instance listener is registered (of any event and class). */
    boolean hasInstanceListeners() {
        return !instanceListeners.isEmpty();
    }

    boolean has(InstanceEvent event) {
        if (instanceListeners.isEmpty()) {
            // The usual case, asked by every load: no iterator made to find nothing.
            return false;
        }
        for (ForInstances l : instanceListeners) {
            if (l.event() == event) {
                return true;
            }
        }
        return false;
    }

    void fire(InstanceEvent event, Session session, Object instance) {
        for (ForInstances l : instanceListeners) {
            if (l.event() == event && l.type().isInstance(instance)) {
                l.listener().on(session, instance);
            }
        }
    }

    void fire(SessionEvent event, Session session) {
        for (ForSession l : sessionListeners) {
            if (l.event() == event) {
                l.listener().accept(session);
            }
        }
    }
}
