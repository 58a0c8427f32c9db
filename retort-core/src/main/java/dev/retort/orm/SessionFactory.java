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
 * SessionFactory reading = factory.autocommitReads(true);     // reads outside a transaction until the first write
 * }</pre>
 */
public final class SessionFactory {
    private final Engine engine;
    private final boolean autoflush;
    private final boolean expireOnCommit;
    private final boolean autocommitReads;

    private SessionFactory(Engine engine, boolean autoflush, boolean expireOnCommit, boolean autocommitReads) {
        if (engine == null) {
            throw new ArgumentException("A SessionFactory needs an engine");
        }
        this.engine = engine;
        this.autoflush = autoflush;
        this.expireOnCommit = expireOnCommit;
        this.autocommitReads = autocommitReads;
    }

    /** A factory of sessions on {@code engine}, with autoflush and expire-on-commit on. */
    public static SessionFactory of(Engine engine) {
        return new SessionFactory(engine, true, true, false);
    }

    /** A factory like this one whose sessions flush before each query ({@code true}, the default) or only when told. */
    public SessionFactory autoflush(boolean on) {
        return new SessionFactory(engine, on, expireOnCommit, autocommitReads);
    }

    /**
     * A factory like this one whose sessions expire their instances on commit ({@code true}, the
     * default, as the seeds' {@code expire_on_commit}: loaded collections load again on access,
     * and the other attributes when the session next hands the instance out) or keep them as they
     * are ({@code false}: nothing is reloaded until {@link Session#refresh}).
     */
    public SessionFactory expireOnCommit(boolean on) {
        return new SessionFactory(engine, autoflush, on, autocommitReads);
    }

    /**
     * A factory like this one whose sessions read in autocommit mode until they write
     * ({@code true}), or begin a transaction with their first statement, read or write
     * ({@code false}, the default, as the seeds' sessions always do).
     *
     * <p>With {@code true} a session's queries, {@link Session#get}, lazy loads and refreshes run
     * outside any transaction, each seeing what was committed when it ran, and the session ends
     * no transaction for them: on PostgreSQL, MySQL and MariaDB a session that only reads saves
     * the ROLLBACK round trip its close would cost (as a Hibernate session without a transaction
     * reads). The transaction begins when the session first writes — a flush with something to
     * write, {@link Session#connection()}, a Core statement through {@link Session#execute},
     * {@link Session#bulkInsert}, a streamed query — or when {@link Session#begin()} is called;
     * after a commit or rollback, reads are in autocommit mode again. In a transaction the
     * connection joined (a Spring {@code @Transactional} method), reads stay in that transaction.
     *
     * <p>The price is consistency between reads: two queries of one session may see different
     * committed states (a row changed or added between them, a collection lazily loaded after
     * its parent changed), and nothing read before the first write is protected by the
     * transaction (no lock, no snapshot). The identity map still hands out the instances loaded
     * first. Call {@link Session#begin()} before reads that must agree with each other or with
     * the writes that follow.
     *
     * <pre>{@code
     * SessionFactory reading = factory.autocommitReads(true);
     * try (Session s = reading.open()) {
     *     User u = s.get(User.class, 7);       // SELECT in autocommit; no BEGIN, no ROLLBACK
     *     u.name = "eddie";
     *     s.commit();                          // BEGIN, UPDATE, COMMIT
     * }
     * }</pre>
     */
    public SessionFactory autocommitReads(boolean on) {
        return new SessionFactory(engine, autoflush, expireOnCommit, on);
    }

    /** Whether sessions read in autocommit mode until they write; see {@link #autocommitReads(boolean)}. */
    public boolean isAutocommitReads() {
        return autocommitReads;
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
