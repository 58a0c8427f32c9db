package dev.retort.orm;

import dev.retort.engine.Engine;
import dev.retort.engine.RoutingEngine;
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
 * SessionFactory routed = SessionFactory.of(routingEngine);    // reads from replicas, writes to the primary
 * }</pre>
 */
public final class SessionFactory {
    private final Engine engine;
    /** The routing engine whose primary {@link #engine} is, or null. */
    private final RoutingEngine routing;
    private final boolean autoflush;
    private final boolean expireOnCommit;

    private SessionFactory(Engine engine, RoutingEngine routing, boolean autoflush, boolean expireOnCommit) {
        if (engine == null) {
            throw new ArgumentException("A SessionFactory needs an engine");
        }
        this.engine = engine;
        this.routing = routing;
        this.autoflush = autoflush;
        this.expireOnCommit = expireOnCommit;
    }

    /** A factory of sessions on {@code engine}, with autoflush and expire-on-commit on. */
    public static SessionFactory of(Engine engine) {
        return new SessionFactory(engine, null, true, true);
    }

    /**
     * A factory of sessions on a primary and its read replicas. A session's queries, lazy loads
     * and {@code get()}s go to a replica (through one {@link dev.retort.engine.RoutedConnection}
     * per session) until its transaction writes; its flushes, everything after them in that
     * transaction, commits, Core statements, streams and {@link Session#connection()} go to the
     * primary. After a commit that wrote, the session reads from the primary until the replicas
     * have its writes, as the routing engine's read-your-writes says.
     *
     * <pre>{@code
     * SessionFactory factory = SessionFactory.of(RoutingEngine.builder(primary).replicas(standby).build());
     * try (Session s = factory.open()) {
     *     User u = s.get(User.class, 7);       // a replica
     *     u.name = "ed";
     *     s.commit();                         // UPDATE and COMMIT on the primary
     *     s.get(User.class, 7).name;          // "ed": the primary, or a replica that has replayed the commit
     * }
     * }</pre>
     */
    public static SessionFactory of(RoutingEngine routing) {
        if (routing == null) {
            throw new ArgumentException("A SessionFactory needs an engine");
        }
        return new SessionFactory(routing.primary(), routing, true, true);
    }

    /** A factory like this one whose sessions flush before each query ({@code true}, the default) or only when told. */
    public SessionFactory autoflush(boolean on) {
        return new SessionFactory(engine, routing, on, expireOnCommit);
    }

    /**
     * A factory like this one whose sessions expire their instances on commit ({@code true}, the
     * default, as the seeds' {@code expire_on_commit}: loaded collections load again on access,
     * and the other attributes when the session next hands the instance out) or keep them as they
     * are ({@code false}: nothing is reloaded until {@link Session#refresh}).
     */
    public SessionFactory expireOnCommit(boolean on) {
        return new SessionFactory(engine, routing, autoflush, on);
    }

    /** Whether sessions expire their instances on commit. */
    public boolean isExpireOnCommit() {
        return expireOnCommit;
    }

    /** A new session; close it when done. */
    public Session open() {
        return new Session(this);
    }

    /** The engine sessions connect to (a routing engine's primary). */
    public Engine engine() {
        return engine;
    }

    /** The routing engine of {@link #of(RoutingEngine)}, or null. */
    public RoutingEngine routing() {
        return routing;
    }

    /** Whether sessions flush before queries. */
    public boolean isAutoflush() {
        return autoflush;
    }
}
