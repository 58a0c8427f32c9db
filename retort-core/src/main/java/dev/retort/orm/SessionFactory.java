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
 * SessionFactory keeping = factory.expireOnCommit(false);     // instances keep their values after commit
 * }</pre>
 */
public final class SessionFactory {
    private final Engine engine;
    private final boolean autoflush;
    private final boolean expireOnCommit;

    private SessionFactory(Engine engine, boolean autoflush, boolean expireOnCommit) {
        if (engine == null) {
            throw new ArgumentException("A SessionFactory needs an engine");
        }
        this.engine = engine;
        this.autoflush = autoflush;
        this.expireOnCommit = expireOnCommit;
    }

    /** A factory of sessions on {@code engine}, with autoflush and expire-on-commit on. */
    public static SessionFactory of(Engine engine) {
        return new SessionFactory(engine, true, true);
    }

    /** A factory like this one whose sessions flush before each query ({@code true}, the default) or only when told. */
    public SessionFactory autoflush(boolean on) {
        return new SessionFactory(engine, on, expireOnCommit);
    }

    /**
     * A factory like this one whose sessions expire their instances on commit ({@code true}, the
     * default, as the seeds' {@code expire_on_commit}: loaded collections load again on access,
     * and the other attributes when the session next hands the instance out) or keep them as they
     * are ({@code false}: nothing is reloaded until {@link Session#refresh}).
     */
    public SessionFactory expireOnCommit(boolean on) {
        return new SessionFactory(engine, autoflush, on);
    }

    /** Whether sessions expire their instances on commit. */
    public boolean isExpireOnCommit() {
        return expireOnCommit;
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
