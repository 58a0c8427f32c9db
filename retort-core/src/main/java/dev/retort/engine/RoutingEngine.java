package dev.retort.engine;

import static dev.retort.sql.SQL.text;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A primary and its read replicas behind one entry point: SELECTs outside a write transaction
 * go to a healthy replica (round robin), everything else to the primary. A connection that has
 * committed a write reads from the primary until the replicas have caught up with it (see
 * {@link ReadYourWrites}); a replica that cannot be reached, or lags more than
 * {@link Builder#maxLag(Duration)}, is skipped and tried again after
 * {@link Builder#retryAfter(Duration)}. With no usable replica, reads go to the primary.
 *
 * <pre>{@code
 * RoutingEngine db = Engine.routing(primary, replica1, replica2);   // or RoutingEngine.builder(primary)...
 * try (RoutedConnection conn = db.connect()) {
 *     conn.execute(insert(users), Map.of("id", 1, "name", "ed"));
 *     conn.commit();
 *     conn.execute(select(users)).all();         // sees id 1: the primary, or a replica that replayed the commit
 * }
 * try (RoutedConnection conn = db.connect().onPrimary()) { ... }   // everything on the primary
 * }</pre>
 *
 * <p>Give the replicas' engines a short {@link EngineOptions#connectTimeout()}: a replica that
 * is down costs the first read after each {@code retryAfter} that long before it falls over to
 * another server. A read retried elsewhere is one outside a transaction, so running it again is
 * safe. The routing engine owns none of the engines: {@link #dispose()} disposes them all.
 */
public final class RoutingEngine {
    private final Engine primary;
    private final List<Replica> replicas;
    private final ReadYourWrites readYourWrites;
    private final long maxLagNanos;
    private final long retryAfterNanos;
    private final long probeIntervalNanos;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong primaryReads = new AtomicLong();

    private RoutingEngine(Builder b) {
        this.primary = b.primary;
        this.replicas = b.replicas.stream().map(Replica::new).toList();
        this.readYourWrites = b.readYourWrites;
        this.maxLagNanos = b.maxLag.toNanos();
        this.retryAfterNanos = b.retryAfter.toNanos();
        this.probeIntervalNanos = b.probeInterval.toNanos();
    }

    /**
     * A builder for a routing engine on {@code primary}; by default read-your-writes goes by WAL
     * position on PostgreSQL and by a 1-second lag bound elsewhere.
     *
     * <pre>{@code
     * RoutingEngine db = RoutingEngine.builder(primary).replicas(replica1, replica2)
     *         .maxLag(Duration.ofSeconds(5)).retryAfter(Duration.ofSeconds(10)).build();
     * }</pre>
     */
    public static Builder builder(Engine primary) {
        if (primary == null) {
            throw new ArgumentException("A routing engine needs a primary engine, got null");
        }
        return new Builder(primary);
    }

    /** The engine that takes the writes. */
    public Engine primary() {
        return primary;
    }

    /** The replicas' engines, in the order given. */
    public List<Engine> replicas() {
        return replicas.stream().map(r -> r.engine).toList();
    }

    /** A connection that routes each statement; close it to return what it holds. */
    public RoutedConnection connect() {
        return new RoutedConnection(this);
    }

    /**
     * How many routed reads each server has served since the engine was built: the primary
     * first, then the replicas in order.
     */
    public List<Long> readCounts() {
        List<Long> counts = new ArrayList<>(replicas.size() + 1);
        counts.add(primaryReads.get());
        replicas.forEach(r -> counts.add(r.reads.get()));
        return counts;
    }

    /** Disposes the primary's and the replicas' engines. */
    public void dispose() {
        replicas.forEach(r -> r.engine.dispose());
        primary.dispose();
    }

    @Override
    public String toString() {
        return "RoutingEngine[primary=" + primary + ", replicas=" + replicas() + "]";
    }

    /** Whether a statement may be served by a replica: a SELECT that does not lock rows. */
    static boolean isRead(ClauseElement statement) {
        return Execution.Kind.of(statement) == Execution.Kind.SELECT && !(statement instanceof Select s && s.forUpdate() != null);
    }

    private static boolean isPostgresql(Engine engine) {
        return "postgresql".equals(engine.dialect().name());
    }

    ReadYourWrites readYourWrites() {
        return readYourWrites;
    }

    /**
     * A replica that may serve a read for a connection whose last write must be visible:
     * {@code position} is the WAL position it committed at (0: none), {@code primaryUntil} the
     * time before which it reads from the primary (lag-bound mode). Null means the primary.
     */
    Replica choose(long position, long primaryUntil) {
        long now = System.nanoTime();
        if (replicas.isEmpty() || now - primaryUntil < 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), replicas.size());
        for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get((start + i) % replicas.size());
            if (r.usable(now, position)) {
                return r;
            }
        }
        return null;
    }

    /** Counts a read served by {@code replica} (null: the primary). */
    void served(Replica replica) {
        (replica == null ? primaryReads : replica.reads).incrementAndGet();
    }

    /** The primary's current WAL position, read on {@code conn} (which has just committed). */
    static long currentWalPosition(Connection conn) {
        try {
            return parseLsn((String) conn.execute(text("SELECT CAST(pg_current_wal_lsn() AS TEXT)")).scalar());
        } finally {
            conn.rollback();
        }
    }

    /** A PostgreSQL LSN ({@code "16/B374D848"}) as a number that orders like the position. */
    static long parseLsn(String lsn) {
        if (lsn == null) {
            return 0;
        }
        int slash = lsn.indexOf('/');
        return (Long.parseLong(lsn.substring(0, slash), 16) << 32) | Long.parseLong(lsn.substring(slash + 1), 16);
    }

    /** A replica and what the engine last learned of it. */
    final class Replica {
        final Engine engine;
        final AtomicLong reads = new AtomicLong();
        private final boolean postgresql;
        /** Until when the replica is skipped (System.nanoTime()); 0 when it is not. */
        private volatile long skippedUntil;
        private volatile boolean skipped;
        private volatile long probedAt;
        private volatile boolean probed;
        private volatile long replayed;

        Replica(Engine engine) {
            this.engine = engine;
            this.postgresql = isPostgresql(engine);
        }

        /**
         * Whether this replica can serve a read now: not skipped, within the lag bound (probed
         * again after the probe interval), and past {@code position} (probed again when not).
         */
        boolean usable(long now, long position) {
            if (skipped && now - skippedUntil < 0) {
                return false;
            }
            if (!postgresql) {
                return true;
            }
            if (!probed || now - probedAt >= probeIntervalNanos || (position != 0 && replayed < position)) {
                if (!probe(now)) {
                    return false;
                }
            }
            return position == 0 || replayed >= position;
        }

        /** Reads the replay position and the lag; skips the replica when it is down or lags too much. */
        private boolean probe(long now) {
            try (Connection c = engine.connect()) {
                // The lag is zero while the replica has replayed all it received from a streaming
                // WAL receiver; otherwise the age of the last transaction it replayed.
                dev.retort.engine.Row row = c.execute(text("SELECT CAST(pg_last_wal_replay_lsn() AS TEXT), "
                        + "CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
                        + "AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0 "
                        + "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9) END")).one();
                replayed = parseLsn((String) row.get(0));
                double lagSeconds = ((Number) row.get(1)).doubleValue();
                probedAt = now;
                probed = true;
                if (lagSeconds * 1e9 > maxLagNanos) {
                    skip(now, "it lags " + lagSeconds + " s");
                    return false;
                }
                skipped = false;
                return true;
            } catch (RetortException e) {
                skip(now, e.getMessage());
                return false;
            }
        }

        void skip(long now, String why) {
            Engine.LOG.warn("Skipping replica {} for {} ms: {}", engine, retryAfterNanos / 1_000_000, why);
            skippedUntil = now + retryAfterNanos;
            skipped = true;
            probed = false;
        }
    }

    /** Settings of a {@link RoutingEngine}. */
    public static final class Builder {
        private final Engine primary;
        private final List<Engine> replicas = new ArrayList<>();
        private ReadYourWrites readYourWrites;
        private Duration maxLag = Duration.ofSeconds(10);
        private Duration retryAfter = Duration.ofSeconds(5);
        private Duration probeInterval = Duration.ofSeconds(1);

        private Builder(Engine primary) {
            this.primary = primary;
        }

        /** Adds read replicas. */
        public Builder replicas(Engine... engines) {
            for (Engine e : engines) {
                if (e == null) {
                    throw new ArgumentException("A replica engine is null");
                }
                replicas.add(e);
            }
            return this;
        }

        /** How a connection that wrote avoids stale replicas; see {@link ReadYourWrites}. */
        public Builder readYourWrites(ReadYourWrites mode) {
            this.readYourWrites = mode;
            return this;
        }

        /** A PostgreSQL replica whose replay lags more than this is skipped (default 10 s). */
        public Builder maxLag(Duration maxLag) {
            this.maxLag = positive(maxLag, "maxLag");
            return this;
        }

        /** How long a replica found down or lagging is skipped before it is tried again (default 5 s). */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = positive(retryAfter, "retryAfter");
            return this;
        }

        /** How often a PostgreSQL replica's lag is read again (default 1 s). */
        public Builder probeInterval(Duration probeInterval) {
            this.probeInterval = positive(probeInterval, "probeInterval");
            return this;
        }

        /** The routing engine. WAL-position read-your-writes needs PostgreSQL engines. */
        public RoutingEngine build() {
            boolean allPostgresql = isPostgresql(primary)
                    && replicas.stream().allMatch(e -> isPostgresql(e));
            if (readYourWrites == null) {
                readYourWrites = allPostgresql ? ReadYourWrites.walPosition() : ReadYourWrites.lagBound(Duration.ofSeconds(1));
            } else if (readYourWrites instanceof ReadYourWrites.WalPosition && !allPostgresql) {
                throw new ArgumentException("ReadYourWrites.walPosition() needs PostgreSQL engines; use ReadYourWrites.lagBound(...)");
            }
            return new RoutingEngine(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new ArgumentException(what + " must be zero or positive, got " + d);
            }
            return d;
        }
    }
}
