package dev.retort.engine;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.retort.exc.OperationalException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * How an engine takes connections from its pool and recovers when the database drops them.
 *
 * <p>Invalidation: the pool has a generation, and each {@link Connection} remembers the
 * generation it was checked out in. The first disconnect on a connection of the current
 * generation starts a new one and soft-evicts every pooled connection (HikariCP closes the
 * idle ones now and the busy ones when they come back), so the next checkouts get fresh
 * connections. A disconnect on a connection of an older generation was already covered. This
 * is SQLAlchemy's pool invalidation; on a pool the application owns that is not HikariCP, only the
 * failing connection is affected, and that pool's own validation must find the others; an
 * application's HikariCP pool is invalidated like the engine's own.
 *
 * <p>Waiting: HikariCP waits the whole connection timeout even when the database refuses every
 * connection. The engine waits in slices instead; a slice that ends while the pool's last
 * attempt to connect failed ends the wait with the driver's reason, and the end of the whole
 * wait with every connection busy says so with the pool's size and the time waited.
 */
final class PoolHealth {
    /** How long one wait for the pool lasts before the engine looks at why no connection came. */
    private static final long SLICE_MILLIS = 1000;
    /** The seconds {@code isValid} may take in a pre-ping. */
    private static final int PING_SECONDS = 5;

    private final DataSource pool;
    private final EngineOptions options;
    private final String shownUrl;
    private final AtomicLong generation = new AtomicLong();

    PoolHealth(DataSource pool, EngineOptions options, String shownUrl) {
        this.pool = pool;
        this.options = options;
        this.shownUrl = shownUrl;
    }

    /** The current generation; a connection checked out now belongs to it. */
    long generation() {
        return generation.get();
    }

    /**
     * A connection from the pool, tested first when {@link EngineOptions#prePing()} asks.
     * Throws {@link OperationalException} when the pool stays exhausted for the connect
     * timeout, and the driver's exception when the database cannot be reached.
     */
    java.sql.Connection acquire() throws SQLException {
        // A dead connection found by the pre-ping invalidates the pool, so the retries meet
        // fresh connections; the bound only stops a database that accepts and drops at once.
        for (int attempt = 0; ; attempt++) {
            java.sql.Connection c = pool instanceof HikariDataSource hikari ? fromHikari(hikari) : pool.getConnection();
            if (!options.prePing() || attempt > options.poolSize() || alive(c)) {
                return c;
            }
            long seen = generation();
            discard(c);
            disconnected(seen);
        }
    }

    /**
     * A connection of generation {@code checkedOutIn} was lost: unless a later generation has
     * begun already, begin one and evict the connections of the earlier ones.
     */
    void disconnected(long checkedOutIn) {
        if (!generation.compareAndSet(checkedOutIn, checkedOutIn + 1)) {
            return;
        }
        if (pool instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() != null) {
            Engine.LOG.warn("Lost a connection to {}; replacing the pool's {} connections", shownUrl, hikari.getHikariPoolMXBean().getTotalConnections());
            hikari.getHikariPoolMXBean().softEvictConnections();
        } else {
            Engine.LOG.warn("Lost a connection to {}; the application's pool must find its other dead connections itself", shownUrl);
        }
    }

    private java.sql.Connection fromHikari(HikariDataSource hikari) throws SQLException {
        if (!(hikari.getHikariPoolMXBean() instanceof HikariPool p)) {
            return hikari.getConnection();
        }
        long start = System.nanoTime();
        // The pool's own settings: for an application's HikariCP pool they are not Retort's options.
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(hikari.getConnectionTimeout());
        while (true) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                return p.getConnection(Math.max(1, Math.min(SLICE_MILLIS, remaining)));
            } catch (SQLTransientConnectionException e) {
                // HikariCP's time-out carries the pool's last failure to connect as its cause.
                if (e.getCause() instanceof SQLException driver) {
                    throw new SQLException("Cannot connect to " + shownUrl + ": " + driver.getMessage(), driver.getSQLState(), driver.getErrorCode(), driver);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw exhausted(hikari, p, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e);
                }
            }
        }
    }

    private OperationalException exhausted(HikariDataSource hikari, HikariPoolMXBean p, long waited, SQLException e) {
        return new OperationalException("No connection to " + shownUrl + " within " + waited + " ms (connectTimeout "
                + hikari.getConnectionTimeout() + " ms): the pool's connections (poolSize " + hikari.getMaximumPoolSize() + ", " + p.getActiveConnections()
                + " in use) stayed busy, and " + p.getThreadsAwaitingConnection() + " more callers are waiting. Close connections sooner, "
                + "or raise poolSize or connectTimeout in EngineOptions", null, List.of(), e);
    }

    private static boolean alive(java.sql.Connection c) {
        try {
            return c.isValid(PING_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void discard(java.sql.Connection c) {
        if (pool instanceof HikariDataSource hikari) {
            hikari.evictConnection(c);
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            Engine.LOG.debug("Closing a dead connection failed", e);
        }
    }
}
