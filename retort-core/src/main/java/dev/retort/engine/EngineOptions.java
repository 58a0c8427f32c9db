package dev.retort.engine;

import dev.retort.exc.ArgumentException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an {@link Engine} connects and behaves. Immutable; build one with {@link #builder()}.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *         .user("app").password("secret")
 *         .poolSize(10)
 *         .echo(true)                                  // log every statement at INFO
 *         .property("ApplicationName", "reports")      // passed to the JDBC driver
 *         .build();
 * Engine engine = Engine.create("jdbc:postgresql://db/app", options);
 * }</pre>
 */
public final class EngineOptions {
    private static final EngineOptions DEFAULTS = builder().build();

    private final String user;
    private final String password;
    private final int poolSize;
    private final boolean echo;
    private final int compiledCacheSize;
    private final int statementCacheSize;
    private final int updateRowsPlanCacheSize;
    private final int fetchSize;
    private final Duration connectTimeout;
    private final Map<String, String> properties;
    private final boolean prePing;
    private final String isolationLevel;
    private final boolean readOnly;
    private final java.time.ZoneId timeZone;
    private final boolean sqliteWal;

    private EngineOptions(Builder b) {
        this.user = b.user;
        this.password = b.password;
        this.poolSize = b.poolSize;
        this.echo = b.echo;
        this.compiledCacheSize = b.compiledCacheSize;
        this.statementCacheSize = b.statementCacheSize;
        this.updateRowsPlanCacheSize = b.updateRowsPlanCacheSize;
        this.fetchSize = b.fetchSize;
        this.connectTimeout = b.connectTimeout;
        this.properties = Map.copyOf(b.properties);
        this.prePing = b.prePing;
        this.isolationLevel = b.isolationLevel;
        this.readOnly = b.readOnly;
        this.timeZone = b.timeZone;
        this.sqliteWal = b.sqliteWal;
    }

    /**
     * Whether SQLite file databases are opened in WAL journal mode (the default), in which
     * readers never block a writer's commit nor a writer the readers; see
     * {@link Builder#sqliteWal(boolean)}.
     */
    public boolean sqliteWal() {
        return sqliteWal;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: no user, a pool of 5, no echo, 500 cached statements, rows fetched 1000 at a time. */
    public static EngineOptions defaults() {
        return DEFAULTS;
    }

    /** The database user, or null to take it from the URL. */
    public String user() {
        return user;
    }

    /** The password, or null. */
    public String password() {
        return password;
    }

    /** The largest number of connections the pool holds. */
    public int poolSize() {
        return poolSize;
    }

    /** Whether every statement and its parameters are logged at INFO on the logger {@code dev.retort.engine}. */
    public boolean echo() {
        return echo;
    }

    /**
     * How many compiled statement shapes the engine keeps for reuse; 0 compiles on every
     * execution. Statements of one shape (equal {@link dev.retort.sql.CacheKey}s) share an
     * entry, whatever their values; see {@link Engine#compiledCacheStats()}.
     */
    public int compiledCacheSize() {
        return compiledCacheSize;
    }

    /**
     * How many JDBC prepared statements a connection keeps open for reuse, by SQL text (default
     * 32; 0 prepares every execution afresh). Running the same SQL again then skips the driver's
     * prepare (SQLite compiles the statement there). On a HikariCP pool's connection they stay
     * open from one checkout to the next, until the pool closes the connection; on others they
     * are closed when the connection is; see {@link Builder#statementCacheSize}.
     */
    public int statementCacheSize() {
        return statementCacheSize;
    }

    /**
     * How many shapes of {@link Connection#updateRows} (table, columns, rows per statement) the
     * engine keeps the SQL of (default 64; 0 writes it out on every call); see
     * {@link Builder#updateRowsPlanCacheSize}.
     */
    public int updateRowsPlanCacheSize() {
        return updateRowsPlanCacheSize;
    }

    /** How many rows a result asks the driver for at a time; 0 leaves it to the driver. */
    public int fetchSize() {
        return fetchSize;
    }

    /** How long {@link Engine#connect()} waits for a connection before it fails. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Properties handed to the JDBC driver; they override Retort's own defaults for the driver. */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Whether every checkout tests its connection with the driver's {@code isValid} (a round
     * trip to the server) before handing it out; a dead one is discarded, the pool invalidated,
     * and another taken, so a statement never fails because the server restarted while the
     * connection sat in the pool. Off by default: without it the pool still tests connections
     * that were idle for more than half a second, and the first statement on a dead connection
     * fails once and invalidates the whole pool. README's "Faults" section gives its cost.
     */
    public boolean prePing() {
        return prePing;
    }

    /**
     * The isolation level of the engine's own transactions ({@code "READ COMMITTED"},
     * {@code "SERIALIZABLE"}, ...), or null for the database's default. Transactions an
     * application runs and Retort joins keep the level their owner chose.
     */
    public String isolationLevel() {
        return isolationLevel;
    }

    /**
     * Whether the engine's own transactions are read-only (the database refuses writes); a
     * connection may still change it for itself ({@link Connection#readOnly(boolean)}).
     */
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * The zone a {@code LocalDateTime} (or {@code LocalDate}) bound for a {@code TIMESTAMP} (with
     * time zone) column is taken in: UTC unless set.
     */
    public java.time.ZoneId timeZone() {
        return timeZone;
    }

    /** {@link #isolationLevel()} as a {@code java.sql.Connection.TRANSACTION_*} constant, -1 for none. */
    int jdbcIsolation() {
        return isolationLevel == null ? -1 : ISOLATION_LEVELS.get(isolationLevel);
    }

    /** The JDBC constant of an isolation level's name; see {@link Builder#isolationLevel}. */
    static int jdbcIsolation(String level) {
        return ISOLATION_LEVELS.get(isolationName(level));
    }

    /** An isolation level's name in upper case with spaces; an unknown one raises {@link ArgumentException}. */
    private static String isolationName(String level) {
        String name = level == null ? "" : level.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ');
        if (!ISOLATION_LEVELS.containsKey(name)) {
            throw new ArgumentException("Unknown isolation level '" + level + "'; expected one of " + new java.util.TreeSet<>(ISOLATION_LEVELS.keySet()));
        }
        return name;
    }

    private static final Map<String, Integer> ISOLATION_LEVELS = Map.of(
            "READ UNCOMMITTED", java.sql.Connection.TRANSACTION_READ_UNCOMMITTED,
            "READ COMMITTED", java.sql.Connection.TRANSACTION_READ_COMMITTED,
            "REPEATABLE READ", java.sql.Connection.TRANSACTION_REPEATABLE_READ,
            "SERIALIZABLE", java.sql.Connection.TRANSACTION_SERIALIZABLE);

    /** The password is left out. */
    @Override
    public String toString() {
        return "EngineOptions[user=" + user + ", poolSize=" + poolSize + ", echo=" + echo + ", compiledCacheSize=" + compiledCacheSize + ", statementCacheSize=" + statementCacheSize
                + ", fetchSize=" + fetchSize + ", connectTimeout=" + connectTimeout + ", prePing=" + prePing + ", properties=" + properties.keySet()
                + (isolationLevel == null ? "" : ", isolationLevel=" + isolationLevel) + (readOnly ? ", readOnly" : "") + "]";
    }

    /** Collects options; {@link #build()} checks them. */
    public static final class Builder {
        private String user;
        private String password;
        private int poolSize = 5;
        private boolean echo;
        private int compiledCacheSize = 500;
        private int statementCacheSize = 32;
        private int updateRowsPlanCacheSize = 64;
        private int fetchSize = 1000;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private final Map<String, String> properties = new LinkedHashMap<>();
        private boolean prePing;
        private String isolationLevel;
        private boolean readOnly;
        private java.time.ZoneId timeZone = java.time.ZoneOffset.UTC;
        private boolean sqliteWal = true;

        private Builder() {
        }

        /**
         * The isolation level of the engine's transactions: {@code "READ UNCOMMITTED"},
         * {@code "READ COMMITTED"}, {@code "REPEATABLE READ"} or {@code "SERIALIZABLE"}
         * (SQLAlchemy's names; case and underscores do not matter); null for the database's default.
         */
        public Builder isolationLevel(String level) {
            this.isolationLevel = level == null ? null : isolationName(level);
            return this;
        }

        /**
         * Makes every transaction of the engine read-only: PostgreSQL and MySQL/MariaDB refuse
         * writes in them, SQLite refuses writes to the database ({@code PRAGMA query_only}).
         * For a reporting engine on a replica, say:
         * {@code EngineOptions.builder().readOnly(true).isolationLevel("REPEATABLE READ")}.
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * The zone in which a {@code LocalDateTime} or {@code LocalDate} bound for a
         * {@code TIMESTAMP} column denotes an instant (default UTC):
         * {@code EngineOptions.builder().timeZone(ZoneId.of("Europe/Paris"))}.
         */
        public Builder timeZone(java.time.ZoneId zone) {
            if (zone == null) {
                throw new ArgumentException("timeZone must not be null");
            }
            this.timeZone = zone;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder echo(boolean echo) {
            this.echo = echo;
            return this;
        }

        /** How many statement shapes stay compiled (default 500); 0 turns the cache off. */
        public Builder compiledCacheSize(int compiledCacheSize) {
            this.compiledCacheSize = compiledCacheSize;
            return this;
        }

        /**
         * How many prepared statements each checked-out connection keeps for reuse (default
         * 32, least recently used closed first); 0 turns reuse off. With a HikariCP pool (the
         * engine's own, or an application's passed to {@code Engine.create(dataSource)}) the
         * statements are kept with the pool's connection from one checkout to the next, so that
         * short units of work (an ORM session getting one row) do not prepare their statements
         * again each time; they close when the pool closes that connection (an application's
         * pool keeps them after {@code Engine.dispose()} until then). With any other
         * DataSource they live only while the connection is checked out:
         * {@code Connection.close()} closes them before the pool gets the connection back.
         * PostgreSQL's driver also keeps server-side prepared statements by SQL (its
         * {@code prepareThreshold}); this reuses the JDBC object on top of that.
         *
         * <pre>{@code
         * EngineOptions.builder().statementCacheSize(0).build();   // prepare on every execution
         * }</pre>
         */
        public Builder statementCacheSize(int statementCacheSize) {
            this.statementCacheSize = statementCacheSize;
            return this;
        }

        /**
         * How many shapes of {@link Connection#updateRows} the engine keeps the statement of
         * (default 64, least used dropped first); 0 keeps none. An ORM flush updating many rows
         * as one {@code UPDATE ... FROM (VALUES ...)} runs one shape per table, set of changed
         * columns and page size: an application whose flushes change many different sets of
         * columns may keep more.
         *
         * <pre>{@code
         * EngineOptions.builder().updateRowsPlanCacheSize(256).build();
         * }</pre>
         */
        public Builder updateRowsPlanCacheSize(int updateRowsPlanCacheSize) {
            this.updateRowsPlanCacheSize = updateRowsPlanCacheSize;
            return this;
        }

        public Builder fetchSize(int fetchSize) {
            this.fetchSize = fetchSize;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Whether SQLite file databases use WAL journal mode (default true). Without it, a
         * connection that has only read keeps a writer's commit waiting until the busy timeout
         * and then failing with SQLITE_BUSY. WAL keeps two more files beside the database
         * ({@code -wal}, {@code -shm}) and needs every process on one machine (not a network
         * file system); turn it off for those cases. An explicit {@code property("journal_mode", ...)}
         * wins. In-memory databases are unaffected.
         *
         * <pre>{@code
         * Engine.create("jdbc:sqlite:/mnt/share/app.db", EngineOptions.builder().sqliteWal(false).build());
         * }</pre>
         */
        public Builder sqliteWal(boolean wal) {
            this.sqliteWal = wal;
            return this;
        }

        /** Tests each connection at checkout; see {@link EngineOptions#prePing()}. */
        public Builder prePing(boolean prePing) {
            this.prePing = prePing;
            return this;
        }

        /** A JDBC driver property, e.g. {@code property("busy_timeout", "10000")} for SQLite. */
        public Builder property(String name, String value) {
            if (name == null || value == null) {
                throw new ArgumentException("A driver property needs a name and a value, got " + name + "=" + value);
            }
            properties.put(name, value);
            return this;
        }

        /** The options; an out-of-range value raises {@link ArgumentException}. */
        public EngineOptions build() {
            if (poolSize < 1) {
                throw new ArgumentException("poolSize must be at least 1, got " + poolSize);
            }
            if (compiledCacheSize < 0 || fetchSize < 0) {
                throw new ArgumentException("compiledCacheSize and fetchSize cannot be negative, got " + compiledCacheSize + " and " + fetchSize);
            }
            if (statementCacheSize < 0) {
                throw new ArgumentException("statementCacheSize cannot be negative, got " + statementCacheSize);
            }
            if (updateRowsPlanCacheSize < 0) {
                throw new ArgumentException("updateRowsPlanCacheSize cannot be negative, got " + updateRowsPlanCacheSize);
            }
            // The pool cannot wait less than 250 ms for a connection.
            if (connectTimeout == null || connectTimeout.toMillis() < 250) {
                throw new ArgumentException("connectTimeout must be at least 250 ms, got " + connectTimeout);
            }
            return new EngineOptions(this);
        }
    }
}
