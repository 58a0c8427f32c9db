package dev.retort.testing;

import static dev.retort.sql.SQL.text;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An empty database of the same kind as a test database, all for one test: a new schema on
 * PostgreSQL, a new database on MariaDB, a new file for SQLite. For tests that need a second
 * database of a kind (to create a reflected schema in) or one no other test writes to (for a
 * process that reflects all of it). {@link #close()} drops it.
 *
 * <pre>{@code
 * try (ScratchDatabase scratch = ScratchDatabase.create(db)) {      // skips, or fails under CI, like db.engine()
 *     metadata.createAll(scratch.engine());
 *     run("retort", "run", file, "--url", scratch.url(), "--user", scratch.user());
 * }
 * }</pre>
 */
public final class ScratchDatabase implements AutoCloseable {
    private final Databases.Database db;
    private final String schema;
    private final String url;
    private final String user;
    private final Path file;
    private final Engine engine;

    private ScratchDatabase(Databases.Database db, String schema, String url, String user, Path file) {
        this.db = db;
        this.schema = schema;
        this.url = url;
        this.user = user;
        this.file = file;
        this.engine = Engine.create(url, EngineOptions.builder().user(user).build());
    }

    /** Creates a scratch database next to {@code db}'s test database. */
    public static ScratchDatabase create(Databases.Database db) {
        String name = "scratch_" + UUID.randomUUID().toString().substring(0, 8);
        switch (db) {
            case POSTGRESQL:
                db.engine().inTransaction(c -> c.execute(text("CREATE SCHEMA " + name)));
                return new ScratchDatabase(db, name, db.url() + "?currentSchema=" + name, "postgres", null);
            case MARIADB:
                db.engine().inTransaction(c -> c.execute(text("CREATE DATABASE " + name)));
                return new ScratchDatabase(db, name, db.url().replace("/test", "/" + name), "root", null);
            default:
                try {
                    Path file = Files.createTempFile(name, ".db");
                    return new ScratchDatabase(db, "main", "jdbc:sqlite:" + file, null, file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
        }
    }

    /** The JDBC URL, for a process of its own. */
    public String url() {
        return url;
    }

    /** The user to connect as, or null. */
    public String user() {
        return user;
    }

    /** The schema's name as the database knows it ({@code main} for SQLite). */
    public String schema() {
        return schema;
    }

    /** An engine on the scratch database, disposed by {@link #close()}. */
    public Engine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.dispose();
        switch (db) {
            case POSTGRESQL:
                db.engine().inTransaction(c -> c.execute(text("DROP SCHEMA " + schema + " CASCADE")));
                break;
            case MARIADB:
                db.engine().inTransaction(c -> c.execute(text("DROP DATABASE " + schema)));
                break;
            default:
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
        }
    }

    @Override
    public String toString() {
        return url;
    }
}
