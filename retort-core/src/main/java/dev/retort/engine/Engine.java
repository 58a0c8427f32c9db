package dev.retort.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.SchemaTranslateMap;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starting point for talking to a database: a pool of JDBC connections (HikariCP), the
 * {@link Dialect} the URL names, and a cache of compiled statements. Engines are thread-safe;
 * create one per database and application, and {@link #dispose()} it at the end.
 *
 * <pre>{@code
 * Engine engine = Engine.create("jdbc:sqlite::memory:");
 * try (Connection conn = engine.begin()) {               // commits on close
 *     conn.execute(insert(users), Map.of("id", 1, "name", "ed"));
 * }
 * engine.inTransaction(conn -> conn.execute(delete(users)));   // commits, or rolls back on any exception
 * engine.dispose();
 * }</pre>
 *
 * <p>The URL chooses the dialect ({@code jdbc:sqlite:}, {@code jdbc:postgresql:},
 * {@code jdbc:mysql:}, {@code jdbc:mariadb:}); the JDBC driver for it must be on the class path.
 * SQLite connections enforce foreign keys and wait up to 5 seconds for a locked database file;
 * an in-memory SQLite URL ({@code jdbc:sqlite::memory:}, {@code jdbc:sqlite:}) gives one
 * database shared by all the engine's connections and kept until {@code dispose()}.
 *
 * <p>An application that has a pool of its own passes it instead of a URL:
 * {@code Engine.create(dataSource)} takes its connections from it (and never closes it), and
 * {@link #builder(DataSource)} also joins the application's transactions through a
 * {@link TransactionBridge}.
 */
public final class Engine {
    /** The logger of statements ({@link EngineOptions#echo()}) and of the engine's troubles. */
    static final Logger LOG = LoggerFactory.getLogger("dev.retort.engine");
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String url;
    private final EngineOptions options;
    private final Dialect dialect;
    /** Where connections come from: the engine's own HikariCP pool, or the application's DataSource. */
    private final DataSource pool;
    private final boolean ownsPool;
    private final TransactionBridge bridge;
    private final java.sql.Connection keeper;
    private final CompiledCache cache;
    /** {@link #compile}, made once: a look-up passes it rather than a lambda capturing the statement. */
    private final CompiledCache.Compiler compiler = this::compile;
    private final PoolHealth health;
    private final List<ExecutionListener> listeners;
    /**
     * The prepared statements kept with each connection of a HikariCP pool across checkouts, by
     * the pool's own (unwrapped) connection: a short unit of work, such as an ORM session
     * getting one row, would otherwise prepare its statement again on every checkout.
     */
    private final Map<java.sql.Connection, PreparedStatementCache> keptStatements;
    /** The result columns a connection last declared: the next checkout running the same statement builds their keys and types again otherwise. */
    private volatile Connection.DeclaredColumns lastColumns;
    /** The last plan of rows bound by position (see {@link #rowsPlan}): a flush runs the same UPDATE again and again. */
    private volatile RowsPlan lastRowsPlan;
    /** The plan {@link #updateRowsPlan} last gave: a flush of one table's rows asks for it again without the cache's hashing of the shape. */
    private volatile UpdateRowsPlan lastUpdateRowsPlan;
    /**
     * The plans of {@link Connection#updateRows} by shape, a thousand-row statement's SQL among
     * them: bounded, as row counts vary from flush to flush.
     */
    private final com.github.benmanes.caffeine.cache.Cache<UpdateRowsPlan.Shape, UpdateRowsPlan> updateRowsPlans;
    private volatile boolean disposed;
    /** The engine whose pool this one uses: itself, or the engine {@link #withSchemaTranslateMap} was called on. */
    private final Engine root;
    /** The schema translations of this engine's connections (SQLAlchemy's {@code schema_translate_map}), or null. */
    private final SchemaTranslateMap schemaTranslate;

    private Engine(String url, EngineOptions options, Dialect dialect, HikariDataSource pool, java.sql.Connection keeper) {
        this(url, options, dialect, pool, true, null, keeper);
    }

    private Engine(String url, EngineOptions options, Dialect dialect, DataSource pool, boolean ownsPool, TransactionBridge bridge,
            java.sql.Connection keeper) {
        this.url = url;
        this.options = options;
        this.dialect = dialect;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.bridge = bridge;
        this.keeper = keeper;
        this.cache = new CompiledCache(options.compiledCacheSize());
        this.health = new PoolHealth(pool, options, JdbcTarget.redact(url));
        this.listeners = new CopyOnWriteArrayList<>();
        this.keptStatements = new ConcurrentHashMap<>();
        this.updateRowsPlans = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(options.updateRowsPlanCacheSize()).executor(Runnable::run).build();
        this.root = this;
        this.schemaTranslate = null;
    }

    /** A view of {@code root} whose connections translate schemas by {@code schemaTranslate}: the same pool, caches and listeners. */
    private Engine(Engine root, SchemaTranslateMap schemaTranslate) {
        this.url = root.url;
        this.options = root.options;
        this.dialect = root.dialect;
        this.pool = root.pool;
        this.ownsPool = root.ownsPool;
        this.bridge = root.bridge;
        this.keeper = root.keeper;
        this.cache = root.cache;
        this.health = root.health;
        this.listeners = root.listeners;
        this.keptStatements = root.keptStatements;
        this.updateRowsPlans = root.updateRowsPlans;
        this.root = root;
        this.schemaTranslate = schemaTranslate;
    }

    /** An engine with the default options. Nothing connects until the first {@link #connect()}. */
    public static Engine create(String jdbcUrl) {
        return create(jdbcUrl, EngineOptions.defaults());
    }

    /**
     * An engine for a JDBC URL. An unknown URL scheme, or no driver for it on the class path,
     * raises {@link ArgumentException}.
     */
    public static Engine create(String jdbcUrl, EngineOptions options) {
        Dialect dialect = Dialects.forUrl(jdbcUrl);
        JdbcTarget target = JdbcTarget.of(jdbcUrl, options);
        java.sql.Connection keeper = null;
        try {
            if (target.sqliteMemory()) {
                keeper = DriverManager.getConnection(target.url(), target.properties());
            }
            return new Engine(jdbcUrl, options, dialect, newPool(target, options, dialect), keeper);
        } catch (SQLException e) {
            throw Errors.translate(e, dialect, null, null);
        } catch (RuntimeException e) {
            closeQuietly(keeper);
            throw new ArgumentException("Cannot create a connection pool for " + JdbcTarget.redact(jdbcUrl) + " (is its JDBC driver on the class path?): "
                    + JdbcTarget.redact(e.getMessage()), e);
        }
    }

    /**
     * An engine on a pool the application owns: connections come from {@code dataSource}, and
     * {@link #dispose()} leaves it open. The dialect is read from the URL of one connection,
     * taken now. Connections that arrive in autocommit mode are switched out of it while Retort
     * holds them and switched back before they are returned.
     *
     * <pre>{@code
     * HikariDataSource pool = new HikariDataSource(config);   // the application's
     * Engine engine = Engine.create(pool);
     * }</pre>
     */
    public static Engine create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** {@link #create(DataSource)} with options; those about the pool (user, size, timeouts) are the DataSource's business. */
    public static Engine create(DataSource dataSource, EngineOptions options) {
        return builder(dataSource).options(options).build();
    }

    /**
     * A {@link RoutingEngine} that sends reads to the replicas and writes to the primary, with
     * the default settings ({@link RoutingEngine#builder(Engine)} for others).
     *
     * <pre>{@code
     * RoutingEngine db = Engine.routing(Engine.create(primaryUrl), Engine.create(replicaUrl));
     * }</pre>
     */
    public static RoutingEngine routing(Engine primary, Engine... replicas) {
        return RoutingEngine.builder(primary).replicas(replicas).build();
    }

    /**
     * An engine on {@code dataSource} with more settings.
     *
     * <pre>{@code
     * Engine engine = Engine.builder(dataSource)
     *         .options(EngineOptions.builder().echo(true).build())
     *         .dialect(Dialects.postgresql())        // else read from a connection's URL
     *         .disposeDataSource(true)               // dispose() closes the pool too
     *         .build();
     * }</pre>
     */
    public static Builder builder(DataSource dataSource) {
        if (dataSource == null) {
            throw new ArgumentException("Engine.create(DataSource) needs a DataSource, got null");
        }
        return new Builder(dataSource);
    }

    private static HikariDataSource newPool(JdbcTarget target, EngineOptions options, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("retort-" + POOLS.incrementAndGet());
        config.setJdbcUrl(target.url());
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setDataSourceProperties(target.properties());
        config.setMaximumPoolSize(options.poolSize());
        config.setConnectionTimeout(options.connectTimeout().toMillis());
        config.setAutoCommit(false);
        if (options.isolationLevel() != null) {
            config.setTransactionIsolation("TRANSACTION_" + options.isolationLevel().replace(' ', '_'));
        }
        if (options.readOnly()) {
            if (dialect.readOnlyInitSql() != null) {
                config.setConnectionInitSql(dialect.readOnlyInitSql());
            } else {
                config.setReadOnly(true);
            }
        }
        // Connect lazily: creating an engine does not need the database to be up.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** The dialect chosen by the URL. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The JDBC URL the engine was created with, as given: with any password in it (for an engine
     * on a DataSource: its connections' URL, without the query string). {@link #toString()} and
     * Retort's messages show it without.
     */
    public String url() {
        return url;
    }

    /**
     * Where the engine's connections come from: its own HikariCP pool (a
     * {@code com.zaxxer.hikari.HikariDataSource}), or the DataSource it was created on. For
     * monitoring (Hikari's metrics) and for code that needs plain JDBC next to Retort.
     */
    public DataSource dataSource() {
        return pool;
    }

    /** The options the engine was created with. */
    public EngineOptions options() {
        return options;
    }

    /**
     * An engine on the same pool, compiled cache and listeners whose connections translate
     * schemas at render time, as SQLAlchemy's {@code engine.execution_options(schema_translate_map=...)}:
     * a {@link dev.retort.schema.Table} (an index, a sequence) of schema {@code s} is written in
     * schema {@code translations.get(s)} in every statement, DDL included. A null key stands for
     * the tables without a schema; a null value writes the name unqualified. The translations
     * replace this engine's own (an empty map: none). Disposing either engine disposes the pool.
     *
     * <pre>{@code
     * Engine tenant = engine.withSchemaTranslateMap(Map.of("tenant", "tenant_42"));
     * tenant.transaction(conn -> conn.execute(select(orders)).all());   // FROM tenant_42.orders
     * Map<String, String> m = new HashMap<>(); m.put(null, "tenant_42");
     * metadata.createAll(engine.withSchemaTranslateMap(m));             // tables without schema, in tenant_42
     * }</pre>
     */
    public Engine withSchemaTranslateMap(Map<String, String> translations) {
        return new Engine(root, SchemaTranslateMap.of(translations));
    }

    /** The schema translations of this engine's connections, or null when it has none. */
    public SchemaTranslateMap schemaTranslateMap() {
        return schemaTranslate;
    }

    /**
     * A connection from the pool; close it to return it. Its transaction is rolled back on close
     * unless committed. A database that cannot be reached raises
     * {@link dev.retort.exc.OperationalException} after {@link EngineOptions#connectTimeout()}.
     */
    public Connection connect() {
        return open(false);
    }

    /**
     * A connection that commits when it is closed, and rolls back instead when one of its
     * statements failed or its try-with-resources block throws, as SQLAlchemy's
     * {@code with engine.begin()}. Java does not tell {@code close()} whether the block threw: the
     * connection reads it from the closing code's bytecode (javac's try-with-resources; see
     * {@link dev.retort.sql.TryWithResources}). A connection closed by other code (a
     * {@code finally}, another compiler) commits unless a statement failed; {@link #transaction}
     * rolls back on any exception however the code was compiled. A block that catches a
     * statement's failure and goes on is rolled back at its end, and {@code close()} raises a
     * {@link dev.retort.exc.RetortException} saying so (put such a statement in
     * {@link Connection#beginNested()}).
     *
     * <pre>{@code
     * try (Connection conn = engine.begin()) {
     *     conn.execute(insert(users), Map.of("id", 1, "name", "ed"));
     * }
     * }</pre>
     */
    public Connection begin() {
        return open(true);
    }

    /**
     * Runs {@code work} in a transaction and returns what it returns: commits when it returns,
     * rolls back and rethrows when it throws anything.
     *
     * <pre>{@code
     * Object count = engine.transaction(conn -> conn.execute(select(func("count", users.c("id")))).scalar());
     * }</pre>
     */
    public <T> T transaction(Function<Connection, T> work) {
        try (Connection conn = connect()) {
            T value = work.apply(conn);
            conn.commit();
            return value;
        }
    }

    /**
     * {@link #transaction(Function)} run again, in a new transaction each time, when it fails in
     * a way the policy retries: a serialization failure or deadlock for
     * {@link RetryPolicy#onSerializationFailure()}. Never after a
     * {@link dev.retort.exc.CommitOutcomeUnknownException}. {@code work} must be safe to run more
     * than once (no side effects outside the transaction, or ones that can be repeated). In a
     * transaction the application runs and the engine joins (a Spring {@code @Transactional}
     * method), the work runs once: only the whole transaction can be retried.
     *
     * <pre>{@code
     * engine.transaction(conn -> {
     *     conn.execute(update(accounts).values(Map.of("balance", accounts.c("balance").sub(10))).where(accounts.c("id").eq(1)));
     *     conn.execute(update(accounts).values(Map.of("balance", accounts.c("balance").add(10))).where(accounts.c("id").eq(2)));
     *     return null;
     * }, RetryPolicy.onSerializationFailure().maxAttempts(5).backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));
     * }</pre>
     */
    public <T> T transaction(Function<Connection, T> work, RetryPolicy policy) {
        // Inside a transaction the application runs (TransactionBridge), an attempt would re-run
        // only part of it, on a transaction the database may have rolled back whole: the work
        // runs once, and the failure goes to the transaction's owner, whose unit it is to retry.
        Connection joined = joined(false);
        if (joined != null) {
            try (Connection conn = joined) {
                T value = work.apply(conn);
                conn.commit();
                return value;
            }
        }
        return policy.call(() -> transaction(work));
    }

    /** {@link #transaction} for work that returns nothing. */
    public void inTransaction(Consumer<Connection> work) {
        transaction(conn -> {
            work.accept(conn);
            return null;
        });
    }

    /** Adds a listener told about every statement before it runs (and, if it wants, after it ran or failed). */
    public void addListener(ExecutionListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(ExecutionListener listener) {
        listeners.remove(listener);
    }

    /**
     * Closes the pool (connections still checked out are closed as they come back) and, for an
     * in-memory SQLite database, drops the database. Disposing twice does nothing.
     */
    public void dispose() {
        if (root != this) {
            root.dispose();
            return;
        }
        synchronized (this) {
            if (disposed) {
                return;
            }
            disposed = true;
        }
        if (ownsPool && pool instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing the DataSource of {} failed", this, e);
            }
        }
        closeQuietly(keeper);
        // The pool closes its connections, and their statements with them; an application's pool closes them when it retires them.
        keptStatements.clear();
    }

    /** The engine and its URL, any password in the URL replaced by {@code ***}. */
    @Override
    public String toString() {
        return "Engine[" + JdbcTarget.redact(url) + "]";
    }

    /**
     * The SQL and parameter values that executing {@code statement} with {@code params} sends
     * to the database, taken from the compiled cache as an execution takes them (compiling on a
     * miss). For logging, or for running the statement through JDBC directly.
     *
     * <pre>{@code
     * Compiled.BoundSql b = engine.boundSql(select(users).where(users.c("id").eq(5)), Map.of());
     * b.sql();      // SELECT users.id, users.name FROM users WHERE users.id = ?
     * b.values();   // [5]
     * }</pre>
     */
    public Compiled.BoundSql boundSql(ClauseElement statement, Map<String, ?> params) {
        return compiled(statement, params.keySet()).entry().bind(statement, params);
    }

    /**
     * How often executions found their statement's shape in the compiled cache, so far.
     *
     * <pre>{@code
     * Engine.CacheStats s = engine.compiledCacheStats();
     * s.hits(); s.misses(); s.uncached(); s.size();
     * }</pre>
     */
    public CacheStats compiledCacheStats() {
        return cache.stats();
    }

    /**
     * Counts of the compiled-statement cache ({@link EngineOptions#compiledCacheSize}).
     *
     * @param hits executions that reused a compiled form of the same shape
     * @param misses executions that compiled their statement and cached it
     * @param uncached executions compiled without the cache: the cache is off, or the statement
     *     has no cache key (a construct or type that has not opted in)
     * @param size the compiled forms held now (an estimate while evictions are pending)
     */
    public record CacheStats(long hits, long misses, long uncached, long size) {
    }

    /** Settings of an engine on an application's {@link DataSource}; see {@link #builder(DataSource)}. */
    public static final class Builder {
        private final DataSource dataSource;
        private EngineOptions options = EngineOptions.defaults();
        private Dialect dialect;
        private boolean disposeDataSource;
        private TransactionBridge bridge;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** Echo, caches, fetch size, isolation level; the pool settings in them are ignored. */
        public Builder options(EngineOptions options) {
            this.options = options;
            return this;
        }

        /** The dialect; without one, {@link #build()} reads it from a connection's URL. */
        public Builder dialect(Dialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /** Whether {@link Engine#dispose()} also closes the DataSource (when it is {@link AutoCloseable}); default false. */
        public Builder disposeDataSource(boolean dispose) {
            this.disposeDataSource = dispose;
            return this;
        }

        /** Joins the application's transactions (see {@link TransactionBridge}); default none. */
        public Builder transactionBridge(TransactionBridge bridge) {
            this.bridge = bridge;
            return this;
        }

        /**
         * The engine. Without a {@link #dialect}, this takes one connection to read its URL: a
         * database that cannot be reached raises {@link dev.retort.exc.OperationalException},
         * a URL no dialect serves {@link ArgumentException}.
         */
        public Engine build() {
            if (options == null) {
                throw new ArgumentException("Engine options cannot be null");
            }
            Dialect d = dialect;
            String shown = "DataSource " + dataSource.getClass().getName();
            if (d == null) {
                try (java.sql.Connection c = dataSource.getConnection()) {
                    String url = c.getMetaData().getURL();
                    d = Dialects.forUrl(url);
                    // The query string may carry credentials: keep it out of url() and toString().
                    shown = url.replaceFirst("\\?.*", "");
                } catch (SQLException e) {
                    throw Errors.translate(e, Dialects.defaultDialect(), null, null);
                }
            }
            return new Engine(shown, options, d, dataSource, disposeDataSource, bridge, null);
        }
    }

    /** The compiled form of {@code statement} for a parameter map with these keys (with this engine's schema translations), and where it came from. */
    CompiledCache.Lookup compiled(ClauseElement statement, Set<String> keys) {
        return compiled(statement, keys, schemaTranslate);
    }

    /** {@link #compiled(ClauseElement, Set)} with the schema translations {@code translate} (a connection's own; null: none). */
    CompiledCache.Lookup compiled(ClauseElement statement, Set<String> keys, SchemaTranslateMap translate) {
        return cache.get(statement, keys, translate, compiler);
    }

    /** Compiles {@code statement} for a parameter map with these keys, refusing keys that name no parameter. */
    private Compiled compile(ClauseElement statement, Set<String> keys, SchemaTranslateMap translate) {
        Compiled compiled = statement.forExecution(keys).compile(dialect, translate);
        Set<String> known = new TreeSet<>();
        compiled.slots().forEach(s -> {
            known.add(s.name());
            if (!s.bind().isUnique()) {
                known.add(s.bind().key()); // the name as given, which the template may write escaped
            }
        });
        if (!known.containsAll(keys)) {
            Set<String> unknown = new TreeSet<>(keys);
            unknown.removeAll(known);
            throw new ArgumentException("No bind parameter named " + unknown + " in the statement; its parameters are " + known);
        }
        return compiled;
    }

    /**
     * The execution listeners and echo will see, told that it begins; null when nothing
     * observes executions, so that an unobserved statement reads no clock and builds nothing.
     * {@link #afterExecute} and {@link #executionFailed} take the null.
     */
    Execution observe(Execution.Kind kind, Execution.CacheOutcome outcome, String sql, List<Object> parameters) {
        if (!options.echo() && listeners.isEmpty()) {
            return null;
        }
        Execution execution = new Execution(this, kind, outcome, sql, List.of(parameters));
        beforeExecute(execution);
        return execution;
    }

    void beforeExecute(Execution execution) {
        if (options.echo()) {
            if (execution.isBatch()) {
                LOG.info("{} [batch of {} parameter sets, the first:] {}", execution.sql(), execution.parameterSets().size(), execution.parameters());
            } else {
                LOG.info("{} {}", execution.sql(), execution.parameters());
            }
        }
        for (ExecutionListener l : listeners) {
            l.beforeExecute(execution);
        }
    }

    void beforeStatement(Connection connection, dev.retort.sql.ClauseElement statement) {
        if (listeners.isEmpty()) {
            return;
        }
        for (ExecutionListener l : listeners) {
            l.onStatement(connection, statement);
        }
    }

    void afterExecute(Execution execution, long rowCount) {
        if (execution == null) {
            return;
        }
        execution.succeeded(rowCount);
        for (ExecutionListener l : listeners) {
            l.afterExecute(execution);
        }
    }

    /** Tells the listeners of a failure; returns it, for the caller to throw. */
    <E extends RetortException> E executionFailed(Execution execution, E error) {
        if (execution == null) {
            return error;
        }
        execution.failed(error);
        for (ExecutionListener l : listeners) {
            try {
                l.onError(execution, error);
            } catch (RuntimeException e) {
                error.addSuppressed(e);
            }
        }
        return error;
    }

    private Connection open(boolean commitOnClose) {
        Connection joined = joined(commitOnClose);
        if (joined != null) {
            return joined;
        }
        try {
            return new Connection(this, borrow(), commitOnClose);
        } catch (SQLException e) {
            throw Errors.translate(e, dialect, null, null);
        }
    }

    /**
     * The pool's own connection under {@code lease}, on which a connection keeps its prepared
     * statements for later checkouts: for a HikariCP pool (whose connection proxy would close
     * them at each return), not for a joined transaction's; null when statements are kept for
     * one checkout only.
     */
    java.sql.Connection physical(Connection.Lease lease) {
        if (lease.joined() || options.statementCacheSize() == 0 || !(pool instanceof HikariDataSource)) {
            return null;
        }
        try {
            java.sql.Connection physical = lease.jdbc().unwrap(java.sql.Connection.class);
            return physical == lease.jdbc() ? null : physical;
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * The statements kept with the pool's connection {@code physical} (see {@link #physical});
     * used by one thread at a time, as the pool lends the connection to one at a time.
     */
    PreparedStatementCache keptStatements(java.sql.Connection physical) {
        PreparedStatementCache kept = keptStatements.get(physical);
        if (kept == null) {
            // A connection new to the engine (rare): forget those the pool has closed since, with their statements.
            keptStatements.keySet().removeIf(Engine::isClosed);
            kept = new PreparedStatementCache(options.statementCacheSize());
            keptStatements.put(physical, kept);
        }
        return kept;
    }

    private static boolean isClosed(java.sql.Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** The keys and types of rows with the {@code declared} columns (see {@link Connection.DeclaredColumns}). */
    Connection.DeclaredColumns declaredColumns(List<Compiled.ResultColumn> declared) {
        Connection.DeclaredColumns d = lastColumns;
        if (d == null || d.declared() != declared) {
            d = Connection.DeclaredColumns.of(declared, dialect());
            lastColumns = d;
        }
        return d;
    }

    /**
     * How rows named {@code names} bind to {@code entry}'s compiled form of {@code statement}
     * (see {@link RowsPlan#of}), null when they cannot by position. The last plan is kept and
     * serves again for the same compiled form and names, unless it holds values of its statement.
     */
    RowsPlan rowsPlan(CompiledCache.Entry entry, ClauseElement statement, List<String> names) {
        RowsPlan p = lastRowsPlan;
        if (p != null && p.compiled == entry.compiled() && p.names.equals(names)) {
            return p;
        }
        p = RowsPlan.of(entry, statement, names, dialect(), options.timeZone());
        if (p != null && !p.hasConstants) {
            lastRowsPlan = p;
        }
        return p;
    }

    /**
     * The plan of {@link Connection#updateRows} for rows of this shape, in pages of {@code rows}
     * rows (made on the first use of the shape; the lists may be the caller's, and are copied
     * into a kept key).
     */
    UpdateRowsPlan updateRowsPlan(SchemaTranslateMap translate, dev.retort.schema.Table table, List<dev.retort.schema.Column<?>> set,
            List<dev.retort.schema.Column<?>> match, int rows, List<dev.retort.schema.Column<?>> returning) {
        UpdateRowsPlan last = lastUpdateRowsPlan;
        if (last != null && last.shape.is(translate, table, set, match, rows, returning)) {
            return last;
        }
        UpdateRowsPlan p = updateRowsPlans.getIfPresent(new UpdateRowsPlan.Shape(translate, table, set, match, rows, returning));
        if (p == null) {
            UpdateRowsPlan.Shape kept = new UpdateRowsPlan.Shape(translate, table, List.copyOf(set), List.copyOf(match), rows, List.copyOf(returning));
            p = UpdateRowsPlan.of(kept, dialect(), options.timeZone());
            UpdateRowsPlan prior = updateRowsPlans.asMap().putIfAbsent(kept, p);
            p = prior != null ? prior : p;
        }
        if (options.updateRowsPlanCacheSize() > 0) {
            lastUpdateRowsPlan = p;
        }
        return p;
    }

    /** A connection joined to the application's current transaction, or null when the thread is in none. */
    private Connection joined(boolean commitOnClose) {
        if (root.disposed) {
            throw new RetortException("This engine (" + this + ") has been disposed");
        }
        if (bridge == null) {
            return null;
        }
        try {
            java.sql.Connection joined = bridge.joinedConnection(pool);
            return joined == null ? null : new Connection(this, new Connection.Lease(joined, true, false, null, null), commitOnClose);
        } catch (SQLException e) {
            throw Errors.translate(e, dialect, null, null);
        }
    }

    /** The pool's generation now; see {@link PoolHealth}. */
    long poolGeneration() {
        return health.generation();
    }

    /** A connection checked out in pool generation {@code checkedOutIn} was lost. */
    void disconnected(long checkedOutIn) {
        health.disconnected(checkedOutIn);
    }

    /**
     * A connection of the engine's own, out of autocommit mode and at the isolation level the
     * options ask for; an application's connection remembers what to restore.
     */
    private Connection.Lease borrow() throws SQLException {
        java.sql.Connection c = health.acquire();
        if (ownsPool && pool instanceof HikariDataSource) {
            return new Connection.Lease(c, false, false, null, null);
        }
        try {
            // Left in autocommit mode until a statement needs a transaction (see Connection#jdbcAutocommit).
            boolean autoCommit = c.getAutoCommit();
            Integer isolation = null;
            int wanted = options.jdbcIsolation();
            if (wanted >= 0 && c.getTransactionIsolation() != wanted) {
                isolation = c.getTransactionIsolation();
                c.setTransactionIsolation(wanted);
            }
            Boolean readOnly = null;
            if (options.readOnly() && !dialect.isReadOnly(c)) {
                dialect.setReadOnly(c, true);
                readOnly = false;
            }
            return new Connection.Lease(c, false, autoCommit, isolation, readOnly);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Gives a connection back: to the transaction it joined, or to the pool in the state it came
     * in ({@code inAutocommit}: the connection is in autocommit mode now).
     */
    void release(Connection.Lease lease, boolean inAutocommit) {
        if (lease.joined()) {
            bridge.release(lease.jdbc(), pool);
            return;
        }
        try {
            if (lease.restoreAutoCommit() && !inAutocommit) {
                lease.jdbc().setAutoCommit(true);
            }
            if (lease.restoreIsolation() != null) {
                lease.jdbc().setTransactionIsolation(lease.restoreIsolation());
            }
            if (lease.restoreReadOnly() != null) {
                dialect.setReadOnly(lease.jdbc(), lease.restoreReadOnly());
            }
        } catch (SQLException e) {
            LOG.debug("Restoring a connection's settings failed", e);
        } finally {
            closeQuietly(lease.jdbc());
        }
    }

    /** {@link Connection#onTransactionEnd} in a joined transaction: whether the bridge will run it at the transaction's end. */
    boolean onJoinedTransactionEnd(Connection.Lease lease, java.util.function.Consumer<Boolean> action) {
        return bridge.onTransactionEnd(lease.jdbc(), pool, action);
    }

    /** A Retort rollback inside a joined transaction: the transaction's owner must roll it back. */
    void setRollbackOnly(Connection.Lease lease) {
        bridge.setRollbackOnly(lease.jdbc(), pool);
    }

    private static void closeQuietly(java.sql.Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing a connection failed", e);
            }
        }
    }
}
