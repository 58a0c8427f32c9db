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
 * SessionFactory reading = factory.autocommitReads(true);     // reads outside a transaction until the first write
 * SessionFactory forgetting = factory.detachOnClose(false);   // closed sessions forget their instances
 * SessionFactory batches = factory.updateFromValues(false);    // many rows' UPDATEs as a JDBC batch even on PostgreSQL
 * SessionFactory routed = SessionFactory.of(routingEngine);    // reads from replicas, writes to the primary
 * }</pre>
 */
public final class SessionFactory {
    private final Engine engine;
    /** The routing engine whose primary {@link #engine} is, or null. */
    private final RoutingEngine routing;
    private final boolean autoflush;
    private final boolean expireOnCommit;
    private final boolean autocommitReads;
    private final boolean detachOnClose;
    /** Null: the dialect's choice ({@link dev.retort.dialect.Dialect#prefersUpdateFromValues()}). */
    private final Boolean updateFromValues;

    private SessionFactory(Engine engine, RoutingEngine routing, boolean autoflush, boolean expireOnCommit, boolean autocommitReads,
            boolean detachOnClose, Boolean updateFromValues) {
        if (engine == null) {
            throw new ArgumentException("A SessionFactory needs an engine");
        }
        this.engine = engine;
        this.routing = routing;
        this.autoflush = autoflush;
        this.expireOnCommit = expireOnCommit;
        this.autocommitReads = autocommitReads;
        this.detachOnClose = detachOnClose;
        this.updateFromValues = updateFromValues;
    }

    /** A factory of sessions on {@code engine}, with autoflush and expire-on-commit on. */
    public static SessionFactory of(Engine engine) {
        return new SessionFactory(engine, null, true, true, false, true, null);
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
        return new SessionFactory(routing.primary(), routing, true, true, false, true, null);
    }

    /** A factory like this one whose sessions flush before each query ({@code true}, the default) or only when told. */
    public SessionFactory autoflush(boolean on) {
        return new SessionFactory(engine, routing, on, expireOnCommit, autocommitReads, detachOnClose, updateFromValues);
    }

    /**
     * A factory like this one whose sessions expire their instances on commit ({@code true}, the
     * default, as the seeds' {@code expire_on_commit}: loaded collections load again on access,
     * and the other attributes when the session next hands the instance out) or keep them as they
     * are ({@code false}: nothing is reloaded until {@link Session#refresh}).
     */
    public SessionFactory expireOnCommit(boolean on) {
        return new SessionFactory(engine, routing, autoflush, on, autocommitReads, detachOnClose, updateFromValues);
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
        return new SessionFactory(engine, routing, autoflush, expireOnCommit, on, detachOnClose, updateFromValues);
    }

    /** Whether sessions read in autocommit mode until they write; see {@link #autocommitReads(boolean)}. */
    public boolean isAutocommitReads() {
        return autocommitReads;
    }

    /**
     * A factory like this one whose sessions, as they close, detach their persistent instances
     * ({@code true}, the default, as the seeds' sessions do: {@link Session#add} in another
     * session attaches one again, and its next flush UPDATEs what changed since it was loaded) or
     * forget them ({@code false}: to another session such an instance is new, so
     * {@link Session#add} would INSERT it again — {@link Session#merge} it instead, which finds
     * its row by key, as a Hibernate user merges a detached entity).
     *
     * <p>Detaching costs memory and garbage collection per instance: the JVM keeps what each
     * detached instance needs (its key and snapshot, held weakly by instance) until the
     * instance is collected and the registry notices. A session that loads tens of thousands of
     * instances to read them and let them go spends more time on that than on loading them;
     * {@code detachOnClose(false)} spares it. {@link Session#expunge} detaches either way.
     *
     * <pre>{@code
     * SessionFactory reports = factory.autocommitReads(true).detachOnClose(false);
     * try (Session s = reports.open()) {
     *     return s.query(Order.class).options(ORM.selectinLoad(ORM.attr(Order.class, "lines"))).all();
     * }
     * }</pre>
     */
    public SessionFactory detachOnClose(boolean on) {
        return new SessionFactory(engine, routing, autoflush, expireOnCommit, autocommitReads, on, updateFromValues);
    }

    /** Whether closing sessions detach their instances; see {@link #detachOnClose(boolean)}. */
    public boolean isDetachOnClose() {
        return detachOnClose;
    }

    /**
     * A factory like this one whose sessions' flushes send the UPDATEs of many rows of one table
     * that change the same columns as one statement joining their values as a VALUES list
     * ({@code true}), or as one JDBC batch of single-row UPDATEs ({@code false}, as the seeds do).
     * By default each database gets the faster: one statement on PostgreSQL and SQLite (see
     * {@link dev.retort.dialect.Dialect#prefersUpdateFromValues()}).
     * It applies where the database has such an UPDATE (PostgreSQL and SQLite; MySQL and MariaDB
     * always batch), to groups of at least two consecutive rows that set the same columns and
     * whose primary keys do not change, in pages of at most 1,000 rows; the row count is checked
     * as for the batch, and a versioned group returns the keys it updated, so that a stale row
     * raises {@link dev.retort.exc.StaleDataException} naming it (in a batch, versioned rows run
     * one statement each). Events fire as for the batch. Listeners see one execution per page
     * whose one parameter set holds every value of the page.
     *
     * <pre>{@code
     * SessionFactory oneStatement = factory.updateFromValues(true);
     * // UPDATE items SET qty=v.p0 FROM (VALUES (?::INTEGER, ?::INTEGER), ...) AS v (p0, p1) WHERE items.id = v.p1
     * SessionFactory batches = factory.updateFromValues(false);   // UPDATE items SET qty=? WHERE items.id = ?, executemany
     * }</pre>
     */
    public SessionFactory updateFromValues(boolean on) {
        return new SessionFactory(engine, routing, autoflush, expireOnCommit, autocommitReads, detachOnClose, on);
    }

    /**
     * Whether flushes UPDATE many rows in one statement where they can: as set by
     * {@link #updateFromValues(boolean)}, else the engine's dialect's default.
     */
    public boolean isUpdateFromValues() {
        return updateFromValues != null ? updateFromValues : engine.dialect().prefersUpdateFromValues();
    }

    /** Whether flushes on a connection of {@code dialect} UPDATE many rows in one statement (a sharded session's engines may differ in dialect). */
    boolean updatesFromValues(dev.retort.dialect.Dialect dialect) {
        boolean on = updateFromValues != null ? updateFromValues : dialect.prefersUpdateFromValues();
        return on && dialect.supportsUpdateFromValues();
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
