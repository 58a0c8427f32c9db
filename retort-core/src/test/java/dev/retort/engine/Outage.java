package dev.retort.engine;

import static dev.retort.sql.SQL.text;

import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A database engine of its own for one test, and a way to drop all of its connections on the
 * server as a restart would, without touching any other build's: on PostgreSQL the engine's
 * connections carry an application name unique to it, and {@code pg_terminate_backend} picks
 * them by that name; on MariaDB the engine works in a scratch database of its own, and
 * {@code KILL} picks the connections whose current database it is.
 */
final class Outage implements AutoCloseable {
    private final Database db;
    private final Engine engine;
    private final String marker;
    private final ScratchDatabase scratch;

    private Outage(Database db, Engine engine, String marker, ScratchDatabase scratch) {
        this.db = db;
        this.engine = engine;
        this.marker = marker;
        this.scratch = scratch;
    }

    /** An engine on {@code db} with these options (user and identification added). */
    static Outage on(Database db, EngineOptions.Builder options) {
        db.engine();
        switch (db) {
            case POSTGRESQL: {
                String name = "retort-faults-" + UUID.randomUUID();
                Engine engine = Engine.create(db.url(), options.user("postgres").property("ApplicationName", name).build());
                return new Outage(db, engine, name, null);
            }
            case MARIADB: {
                ScratchDatabase scratch = ScratchDatabase.create(db);
                Engine engine = Engine.create(scratch.url(), options.user("root").build());
                return new Outage(db, engine, scratch.schema(), scratch);
            }
            default:
                throw new IllegalArgumentException("No outages on " + db);
        }
    }

    Engine engine() {
        return engine;
    }

    /** The server's ids of the engine's connections now. */
    private Set<Long> serverConnections() {
        List<Object> ids = admin(db == Database.POSTGRESQL
                ? "SELECT pid FROM pg_stat_activity WHERE application_name = :m AND pid <> pg_backend_pid()"
                : "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = :m AND ID <> CONNECTION_ID()");
        Set<Long> result = new HashSet<>();
        ids.forEach(id -> result.add(((Number) id).longValue()));
        return result;
    }

    /**
     * Drops every server connection of the engine, and waits until the server has let them go
     * (new ones the engine opens meanwhile stay). Returns how many were dropped.
     */
    int dropAll() {
        Set<Long> victims = serverConnections();
        db.engine().inTransaction(conn -> victims.forEach(id -> {
            try {
                conn.execute(text(db == Database.POSTGRESQL ? "SELECT pg_terminate_backend(" + id + ")" : "KILL CONNECTION " + id));
            } catch (dev.retort.exc.DBAPIException gone) {
                // It ended on its own meanwhile (MariaDB: unknown thread id).
            }
        }));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Set<Long> left = serverConnections();
            left.retainAll(victims);
            if (left.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return victims.size();
    }

    private List<Object> admin(String sql) {
        return db.engine().transaction(conn -> conn.execute(text(sql), Map.of("m", marker)).scalars());
    }

    @Override
    public void close() {
        engine.dispose();
        if (scratch != null) {
            scratch.close();
        }
    }
}
