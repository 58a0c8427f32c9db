package dev.retort.engine;

import dev.retort.exc.ArgumentException;
import java.time.Duration;

/**
 * How a {@link RoutingEngine} keeps a connection that wrote from reading a replica that has not
 * yet replayed its writes.
 *
 * <pre>{@code
 * RoutingEngine.builder(primary).replicas(standby).readYourWrites(ReadYourWrites.walPosition()).build();    // PostgreSQL
 * RoutingEngine.builder(primary).replicas(replica).readYourWrites(ReadYourWrites.lagBound(Duration.ofSeconds(2))).build();
 * }</pre>
 */
public sealed interface ReadYourWrites {
    /**
     * By WAL position (PostgreSQL streaming replication): after a commit that wrote, the
     * connection notes {@code pg_current_wal_lsn()} on the primary, and reads from a replica only
     * once its {@code pg_last_wal_replay_lsn()} has reached it; until then, from the primary.
     */
    static ReadYourWrites walPosition() {
        return WalPosition.INSTANCE;
    }

    /**
     * For any database: after a commit that wrote, the connection reads from the primary for
     * {@code bound}, the longest the replicas are allowed to lag.
     */
    static ReadYourWrites lagBound(Duration bound) {
        if (bound == null || bound.isNegative()) {
            throw new ArgumentException("The lag bound must be zero or positive, got " + bound);
        }
        return new LagBound(bound);
    }

    /** See {@link #walPosition()}. */
    enum WalPosition implements ReadYourWrites {
        INSTANCE
    }

    /** See {@link #lagBound(Duration)}. */
    record LagBound(Duration bound) implements ReadYourWrites {
    }
}
