package dev.retort.orm;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;

/**
 * Opens {@link Session}s on an engine with the same settings: the seeds' {@code sessionmaker}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * SessionFactory factory = SessionFactory.of(engine);          // seed: sessionmaker(bind=engine)
 * try (Session session = factory.open()) { ... }
 * SessionFactory manual = factory.autoflush(false);           // queries do not flush first
 * }</pre>
 */
public final class SessionFactory {
    private final Engine engine;
    private final boolean autoflush;

    private SessionFactory(Engine engine, boolean autoflush) {
        if (engine == null) {
            throw new ArgumentException("A SessionFactory needs an engine");
        }
        this.engine = engine;
        this.autoflush = autoflush;
    }

    /** A factory of sessions on {@code engine}, with autoflush on. */
    public static SessionFactory of(Engine engine) {
        return new SessionFactory(engine, true);
    }

    /** A factory like this one whose sessions flush before each query ({@code true}, the default) or only when told. */
    public SessionFactory autoflush(boolean on) {
        return new SessionFactory(engine, on);
    }

    /** A new session; close it when done. */
    public Session open() {
        return new Session(this);
    }

    /** The engine sessions connect to. */
    public Engine engine() {
        return engine;
    }

    /** Whether sessions flush before queries. */
    public boolean isAutoflush() {
        return autoflush;
    }
}
