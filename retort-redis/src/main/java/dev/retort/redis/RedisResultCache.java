package dev.retort.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.retort.dialect.Dialect;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.ExecutionListener;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.ValueSerializer;
import dev.retort.sql.BindParameter;
import dev.retort.sql.CacheKey;
import dev.retort.sql.Compiled;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import dev.retort.sql.TextClause;
import dev.retort.types.TypeEngine;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link ResultCache} in Redis, shared by every process that uses the same Redis and namespace.
 *
 * <p>A result is stored under a key made of the namespace, the database identity (by default
 * the engine's JDBC URL without credentials, the user, where its first connection finds unqualified
 * tables and, on SQLite, the files it attaches; see {@link Builder#identity}), the
 * dialect, the connection's schema translations ({@link Connection#schemaTranslateMap()}), the statement's offline cache key ({@link CacheKey#toOfflineString}: its SQL and
 * parameter values, the same in every JVM) and the current generation of each table it reads,
 * hashed (SHA-1, in Redis) to a fixed length. Invalidating a table bumps its generation (so no
 * process can read an older result again, even one stored a moment later by a read that
 * started before the write) and deletes the results tagged with it.
 *
 * <p>Writes through {@link #execute} invalidate their tables when their transaction commits,
 * not before: a reader that ran between the write and the commit, and stored the rows it saw,
 * stored them under the old generations. Until then, reads of those tables on the writing
 * connection bypass the cache (they see uncommitted rows, which must not be shared). A rollback
 * invalidates nothing.
 *
 * <p>A transaction that has read already under snapshot isolation (SQLite's, or REPEATABLE READ
 * and SERIALIZABLE: InnoDB's default) sees the database as it was at its first read, so its
 * fetches bypass the cache: they neither store rows that may predate a commit nor serve rows
 * newer than its snapshot. A read the cache runs on a connection with no transaction under way
 * ends the transaction it began, so a connection that only fetches never holds a snapshot.
 *
 * <p>When a result is missing, one caller takes a lock and runs the statement; the others wait
 * for its result. When Redis cannot be reached, statements run against the database: after
 * three failures in a row a circuit breaker skips Redis altogether, trying again after a pause
 * (0.5 s, doubling up to 30 s); invalidations that could not be sent are retried in the
 * background (at the breaker's pace) and sent first by any read, so other processes do not
 * read the old rows long after Redis is back. A result whose storing fails is returned all the same; the statement never runs twice.
 * So is one holding a value the serializer has no codec for (logged): it is not cached.
 *
 * <pre>{@code
 * ResultCache cache = RedisResultCache.builder()
 *         .uri("redis://127.0.0.1:6379").ttl(Duration.ofMinutes(5)).namespace("app").build();
 * List<Row> rows = cache.fetch(conn, stmt);
 * cache.execute(conn, update(users).values(Map.of("name", "x")).where(users.c("id").eq(5)));
 * conn.commit();                                       // users' cached results are invalidated now
 * cache.fetch(conn, text("SELECT count(*) FROM users"), users);   // text() declares its tables
 * }</pre>
 */
public final class RedisResultCache implements ResultCache, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisResultCache.class);
    private static final String UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    /**
     * One round trip for a lookup. KEYS are the namespace's epoch and each table's generation,
     * all in the namespace's hash slot ({@code {ns}}), so that the script touches one slot on a
     * Redis Cluster too. A missing generation (never written, expired, or lost with a node that
     * came back empty) is set to a fresh random token (ARGV[3]), never to a value it had before:
     * results stored under older generations cannot be found again. The generations and the
     * offline key (ARGV[2]; ARGV[5..] the table names) hash into the result key (prefix ARGV[1]),
     * which the script returns, with the stored result when ARGV[4] is '1' (one node; on a
     * cluster the result lives in a slot of its own, read next).
     */
    private static final byte[] LOOKUP = ("local function gen(k) local g = redis.call('GET', k) "
            + "if not g then g = ARGV[3] redis.call('SET', k, g) end return g end "
            + "local material = ARGV[2] .. '\\n' .. gen(KEYS[1]) "
            + "for i = 2, #KEYS do material = material .. '\\n' .. ARGV[3 + i] .. '=' .. gen(KEYS[i]) end "
            + "local key = ARGV[1] .. '{' .. redis.sha1hex(material) .. '}' "
            + "if ARGV[4] == '1' then return {key, redis.call('GET', key)} end "
            + "return {key}").getBytes(StandardCharsets.UTF_8);
    /**
     * Credentials in a JDBC URL: user info before the host (up to its last {@code @}: a password
     * may hold one), and parameters whose names say password, key or token wherever in the name
     * ({@code password1} for MySQL's second factor, {@code trustStorePassword}, {@code sslpassword}),
     * also in MySQL's {@code address=(host=...)(password=...)} form.
     */
    private static final Pattern USER_INFO = Pattern.compile("//[^/?#]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&;:(][^=&;?():]*(?:password|passwd|pwd|secret|sslkey|apikey|token)[^=&;?():]*=)[^&;)]*");
    private static final Pattern USER_PARAM = Pattern.compile("(?i)[?&;:]user=([^&;]*)");

    private final UnifiedJedis redis;
    /** Whether {@link #redis} is a Redis Cluster: results then live in slots of their own. */
    private final boolean cluster;
    private final String where;
    private final String namespace;
    private final Duration ttl;
    private final Duration lockTimeout;
    private final int replicaAcks;
    private final long redisTimeoutMillis;
    private final Cache<String, List<Row>> near;
    /** How many invalidations this process has begun: a read that saw one begin keeps its rows out of {@link #near}. */
    private final AtomicLong localInvalidations = new AtomicLong();
    /**
     * SQL by dialect and statement shape, for offline keys; bounded like the engines' compiled caches. Compiled on the
     * connection's dialect, as the statement runs: some compile on one dialect only (a CAST to MySQL's SET).
     */
    private final Map<Shape, String> sqlByShape = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).<Shape, String>build().asMap();
    /**
     * The tables a lambda statement writes, by its cache key: deciding needs the statement its lambdas build, which a
     * cached compiled form never builds, so the watcher would otherwise build every lambda SELECT on every execution.
     * A key stands for one call site and structure, whose statements all write the same tables.
     */
    private final Map<CacheKey, Set<String>> writtenByLambda = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run)
            .<CacheKey, Set<String>>build().asMap();
    private final Function<Connection, String> identity;
    /** Default identities by engine, computed once per engine; the last one also kept apart, to skip the lock. */
    private final Map<Engine, String> identities = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile EngineIdentity lastIdentity;
    /** The tables each connection's open transaction wrote through this cache, to invalidate at its commit. */
    private final Map<Connection, Set<String>> pendingWrites = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Invalidations Redis did not receive, to send before the next read from it: each table with
     * the number of its latest miss, so that sending an earlier miss does not drop a later one.
     */
    private final Map<String, Long> missedInvalidations = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong misses = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Retries missed invalidations without waiting for this cache's next read: other processes
     * read the tables meanwhile. One daemon thread for every cache of the JVM; idle without misses.
     */
    private static final java.util.concurrent.ScheduledExecutorService RESENDER = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retort-redis-invalidations");
        t.setDaemon(true);
        return t;
    });
    private static final long RESEND_MILLIS = 100;
    /** A retry of {@link #missedInvalidations} is scheduled. */
    private final java.util.concurrent.atomic.AtomicBoolean resending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMillis(500), Duration.ofSeconds(30));
    private final LongAdder hitsCount = new LongAdder();
    private final LongAdder nearHitsCount = new LongAdder();
    private final LongAdder missesCount = new LongAdder();
    private final LongAdder bypassesCount = new LongAdder();
    private final LongAdder errorsCount = new LongAdder();

    private RedisResultCache(Builder b) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) b.redisTimeout.toMillis())
                .socketTimeoutMillis((int) b.redisTimeout.toMillis());
        if (b.clusterNodes != null) {
            Set<HostAndPort> nodes = new java.util.LinkedHashSet<>();
            for (String node : b.clusterNodes) {
                nodes.add(HostAndPort.from(node));
            }
            // One attempt per command: a node that is down counts as Redis down (the breaker
            // opens, statements run against the database) instead of retrying for seconds.
            this.redis = new RedisClusterClient.Builder().nodes(nodes).clientConfig(config.build()).maxAttempts(1).build();
            this.cluster = true;
            this.where = "cluster " + b.clusterNodes;
        } else if (b.sentinelMaster != null) {
            Set<HostAndPort> sentinels = new java.util.LinkedHashSet<>();
            for (String node : b.sentinels) {
                sentinels.add(HostAndPort.from(node));
            }
            this.redis = new RedisSentinelClient.Builder().masterName(b.sentinelMaster).sentinels(sentinels).clientConfig(config.build()).build();
            this.cluster = false;
            this.where = "the primary of '" + b.sentinelMaster + "' (sentinels " + b.sentinels + ")";
        } else {
            URI uri = redisUri(b.uri);
            if (uri.getUserInfo() != null) {
                String[] userInfo = uri.getUserInfo().split(":", 2);
                if (userInfo.length == 2) {
                    config.user(userInfo[0].isEmpty() ? null : userInfo[0]).password(userInfo[1]);
                } else {
                    config.password(userInfo[0]);
                }
            }
            if (uri.getPath() != null && uri.getPath().length() > 1) {
                String database = uri.getPath().substring(1);
                if (!database.matches("[0-9]{1,9}")) {
                    throw new ArgumentException("The Redis URI's database must be a number, got '" + database + "'");
                }
                config.database(Integer.parseInt(database));
            }
            this.redis = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())
                    .clientConfig(config.build()).build();
            this.cluster = false;
            this.where = uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        }
        this.namespace = b.namespace;
        this.ttl = b.ttl;
        this.lockTimeout = b.lockTimeout;
        this.replicaAcks = b.replicaAcks != null ? b.replicaAcks : b.sentinelMaster != null ? 1 : 0;
        this.redisTimeoutMillis = b.redisTimeout.toMillis();
        this.near = b.nearTtl == null ? null : Caffeine.newBuilder().expireAfterWrite(b.nearTtl).maximumSize(b.nearSize).build();
        this.identity = b.identity != null ? b.identity : this::defaultIdentity;
    }

    /** A builder; {@code uri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Row> fetch(Connection conn, ClauseElement statement) {
        return fetch(conn, statement, new TableClause[0]);
    }

    /**
     * {@link #fetch(Connection, ClauseElement)} for a statement that reads tables Retort cannot
     * see, such as a {@code text()} SELECT: its results are invalidated with {@code reads}.
     *
     * <pre>{@code
     * cache.fetch(conn, text("SELECT name FROM users WHERE id = :id").bindparams(Map.of("id", 5)), users);
     * }</pre>
     */
    @Override
    public List<Row> fetch(Connection conn, ClauseElement given, TableClause... reads) {
        ClauseElement statement = suppliedOnce(given);
        ReadTables.Reads found = ReadTables.find(statement);
        if (!found.written().isEmpty()) {
            // A statement that writes (INSERT ... RETURNING, a SELECT with a data-modifying CTE) runs each time, never
            // served from the cache (the write would be skipped), and invalidates what it writes, as execute() does.
            bypassesCount.increment();
            return run(conn, statement, new TreeSet<>(found.written())).all();
        }
        if (reads.length == 0 && found.rawSql() != null) {
            // Raw SQL may read any table (a subquery in a text() WHERE): unnamed, a write to it would not invalidate.
            throw new ArgumentException(textStatement(statement)
                    ? "A text() statement fetched through the result cache must name the tables it reads, "
                            + "so that writes to them invalidate its results: cache.fetch(conn, statement, tables...)"
                    : "A statement with raw SQL (\"" + abbreviate(found.rawSql()) + "\") fetched through the result cache must name "
                            + "every table it reads, its raw SQL's included: cache.fetch(conn, statement, tables...)");
        }
        Set<String> tables = found.tables();
        for (TableClause t : reads) {
            tables.add(t.key());
        }
        withTranslated(conn, tables);
        Set<String> pending = pendingWrites.get(conn);
        if (pending != null && !Collections.disjoint(pending, tables)) {
            // This transaction wrote these tables: its rows are its own until it commits.
            return bypass(conn, statement);
        }
        if (holdsSnapshot(conn)) {
            // Its rows may be older than the latest commit: neither served from nor stored for others.
            return bypass(conn, statement);
        }
        String offline = offlineKey(conn, statement);
        if (offline == null) {
            return bypass(conn, statement);
        }
        long invalidationsBefore = localInvalidations.get();
        if (near != null) {
            List<Row> local = near.getIfPresent(offline);
            if (local != null) {
                nearHitsCount.increment();
                return local;
            }
        }
        if (!breaker.allow()) {
            return bypass(conn, statement);
        }
        List<Row> rows;
        try {
            sendMissedInvalidations();
            rows = fetchShared(conn, statement, offline, tables);
        } catch (JedisException e) {
            redisFailed(e, "statements run uncached until it is back");
            return bypass(conn, statement);
        }
        if (near != null) {
            near.put(offline, rows);
            // An invalidation that began after this read began may have emptied the near cache before the put.
            if (localInvalidations.get() != invalidationsBefore) {
                near.invalidate(offline);
            }
        }
        return rows;
    }

    /**
     * {@code statement} with the value of each parameter a supplier gives
     * ({@code SQL.bindparamCallable}) asked now, once: the key and the statement run on a miss
     * must hold the same value, else one value's rows are stored under another's key.
     */
    private static ClauseElement suppliedOnce(ClauseElement statement) {
        CacheKey k = statement.cacheKey();
        if (k == null || k.bindParams().stream().allMatch(b -> b.supplier() == null)) {
            return statement;
        }
        ClauseElement built = statement instanceof StatementLambdaElement l ? l.statement() : statement;
        return built.replace(n -> n instanceof BindParameter<?> b && b.supplier() != null ? b.withValue(b.effectiveValue()) : null);
    }

    /**
     * Whether the connection's transaction has read already under snapshot isolation (SQLite's,
     * REPEATABLE READ or SERIALIZABLE: InnoDB's default): it sees the database as it was at its
     * first read, so a result it reads now may predate a commit whose invalidation has run.
     */
    private static boolean holdsSnapshot(Connection conn) {
        if (!conn.inTransaction()) {
            return false;
        }
        if ("sqlite".equals(conn.dialect().name())) {
            return true;
        }
        try {
            return conn.jdbc().getTransactionIsolation() >= java.sql.Connection.TRANSACTION_REPEATABLE_READ;
        } catch (SQLException e) {
            return true;
        }
    }

    /** Redis answered again: the breaker closes. */
    private void redisAnswered() {
        if (breaker.isOpen()) {
            LOG.info("Redis at {} is reachable again", where);
        }
        breaker.success();
    }

    /** The statement's rows, read without the cache. */
    private List<Row> bypass(Connection conn, ClauseElement statement) {
        bypassesCount.increment();
        return run(conn, statement);
    }

    /** A result from Redis. */
    private List<Row> hit(byte[] stored, String key) {
        hitsCount.increment();
        return decode(stored, key);
    }

    /**
     * What this cache has done since it was built: results from Redis, from the near cache,
     * statements run and stored (misses), statements run without the cache (bypasses: Redis down
     * or the breaker open, the transaction wrote the tables, an uncacheable statement, a slow lock
     * holder), Redis failures, and whether the breaker is open now.
     *
     * <pre>{@code
     * ResultCacheStats s = cache.stats();
     * double hitRatio = (double) (s.hits() + s.nearHits()) / s.requests();
     * }</pre>
     */
    public ResultCacheStats stats() {
        return new ResultCacheStats(hitsCount.sum(), nearHitsCount.sum(), missesCount.sum(), bypassesCount.sum(), errorsCount.sum(), breaker.isOpen());
    }

    private void redisFailed(JedisException e, String consequence) {
        errorsCount.increment();
        if (breaker.failure()) {
            LOG.warn("Redis at {} cannot be reached; {}: {}", where, consequence, e.getMessage());
        }
    }

    /** The rows, from Redis or from the statement; Redis failures after the statement ran are logged, never retried. */
    private List<Row> fetchShared(Connection conn, ClauseElement statement, String offline, Set<String> tables) {
        List<byte[]> keys = new ArrayList<>(tables.size() + 1);
        List<byte[]> args = new ArrayList<>(tables.size() + 4);
        keys.add(bytes(epochKey()));
        args.add(bytes(namespace + ":r:"));
        args.add(bytes(offline));
        args.add(bytes(UUID.randomUUID().toString()));
        args.add(bytes(cluster ? "0" : "1"));
        for (String t : tables) {
            keys.add(bytes(generationKey(t)));
            args.add(bytes(t));
        }
        List<?> found = (List<?>) redis.eval(LOOKUP, keys, args);
        redisAnswered();
        String key = new String((byte[]) found.get(0), StandardCharsets.UTF_8);
        if (found.size() > 1 && found.get(1) != null) {
            return hit((byte[]) found.get(1), key);
        }
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        while (true) {
            byte[] stored = redis.get(bytes(key));
            if (stored != null) {
                return hit(stored, key);
            }
            String lock = key + ":lock";
            String token = UUID.randomUUID().toString();
            if ("OK".equals(redis.set(lock, token, SetParams.setParams().nx().px(lockTimeout.toMillis())))) {
                // The previous holder may have stored the result between our miss and our lock.
                byte[] storedMeanwhile = redis.get(bytes(key));
                if (storedMeanwhile != null) {
                    unlock(lock, token);
                    return hit(storedMeanwhile, key);
                }
                List<Row> rows;
                try {
                    missesCount.increment();
                    rows = run(conn, statement);
                } catch (RuntimeException e) {
                    unlock(lock, token);
                    throw e;
                }
                byte[] encoded;
                try {
                    encoded = encode(rows);
                } catch (SerializationException e) {
                    // a value without a codec (an OffsetTime): the rows stay uncached, as the uncached path returns them
                    unlock(lock, token);
                    LOG.warn("A result was not cached: {}", e.getMessage());
                    return rows;
                }
                try {
                    store(key, encoded, tables);
                } catch (JedisException e) {
                    redisFailed(e, "a result was not stored");
                }
                unlock(lock, token);
                return rows;
            }
            if (System.nanoTime() > deadline) {
                // The lock holder is too slow (or gone without releasing): read for ourselves.
                return bypass(conn, statement);
            }
            pause();
        }
    }

    private void unlock(String lock, String token) {
        try {
            redis.eval(UNLOCK, 1, lock, token);
        } catch (JedisException e) {
            // The lock expires by itself.
            redisFailed(e, "a lock was left to expire");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.retort.exc.RetortException("Interrupted while waiting for a cached result", e);
        }
    }

    private void store(String key, byte[] encoded, Set<String> tables) {
        redis.set(bytes(key), encoded, SetParams.setParams().px(ttl.toMillis()));
        for (String t : tables) {
            String tag = tagKey(t);
            redis.sadd(tag, key);
            redis.pexpire(tag, ttl.toMillis() * 2);
        }
    }

    /** Drops the cached results of these tables now, whatever transaction is open. */
    @Override
    public void invalidate(TableClause... tables) {
        Set<String> keys = new TreeSet<>();
        for (TableClause t : tables) {
            keys.add(t.key());
        }
        invalidateKeys(keys);
    }

    /**
     * Invalidates {@code tables} before returning (a commit that waits for it has then made its
     * rows the only ones any later read can see), or keeps them for later if Redis is down.
     */
    private void invalidateKeys(Set<String> tables) {
        localInvalidations.incrementAndGet();
        if (near != null) {
            near.invalidateAll();
        }
        if (!breaker.allow()) {
            missed(tables);
            return;
        }
        try {
            sendMissedInvalidations();
            for (String t : tables) {
                send(t);
            }
            redisAnswered();
        } catch (JedisException e) {
            missed(tables);
            redisFailed(e, "invalidations of " + tables + " are kept and sent before the next read from it");
        }
    }

    private void missed(Set<String> tables) {
        for (String t : tables) {
            missedInvalidations.put(t, misses.incrementAndGet());
        }
        scheduleResend();
    }

    private void scheduleResend() {
        if (!closed && !missedInvalidations.isEmpty() && resending.compareAndSet(false, true)) {
            RESENDER.schedule(this::resendMissed, RESEND_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** The background retry: sends the missed invalidations when the breaker lets a call through, else tries again later. */
    private void resendMissed() {
        try {
            if (!closed && !missedInvalidations.isEmpty() && breaker.allow()) {
                sendMissedInvalidations();
                redisAnswered();
            }
        } catch (JedisException e) {
            redisFailed(e, "invalidations are kept and retried");
        } catch (RuntimeException e) {
            LOG.warn("Sending missed invalidations to Redis at {} failed", where, e);
        } finally {
            resending.set(false);
        }
        scheduleResend();
    }

    /** Sends the invalidations Redis did not receive while it was down. */
    private void sendMissedInvalidations() {
        if (missedInvalidations.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Long> e : List.copyOf(missedInvalidations.entrySet())) {
            send(e.getKey());
            missedInvalidations.remove(e.getKey(), e.getValue());
        }
    }

    /**
     * Gives the table a new generation token and deletes the results tagged with it. With
     * {@link Builder#replicaAcks}, an invalidation that fewer replicas acknowledged counts as not
     * sent (it is sent again): a replica promoted after losing it would serve stale results.
     */
    private void send(String table) {
        redis.set(generationKey(table), UUID.randomUUID().toString());
        if (replicaAcks > 0 && redis.waitReplicas(generationKey(table), replicaAcks, redisTimeoutMillis) < replicaAcks) {
            throw new JedisException("the invalidation of " + table + " reached fewer than " + replicaAcks + " replica(s)");
        }
        String tag = tagKey(table);
        Set<String> keys = redis.smembers(tag);
        if (cluster) {
            // Each result has a slot of its own: one DEL each (they are unreachable already).
            keys.forEach(redis::del);
        } else if (!keys.isEmpty()) {
            redis.del(keys.toArray(new String[0]));
        }
        redis.del(tag);
    }

    @Override
    public Result execute(Connection conn, ClauseElement statement) {
        return execute(conn, statement, new TableClause[0]);
    }

    /**
     * Executes a statement through {@code conn}; the results of the tables it writes are
     * invalidated when the connection's transaction commits (not at all if it rolls back).
     * The tables are found in an INSERT, UPDATE or DELETE, also one built by a lambda or a SELECT's data-modifying CTE; a
     * {@code text()} statement must name them in {@code writes}.
     *
     * <pre>{@code
     * cache.execute(conn, text("UPDATE users SET name = :n WHERE id = 5").bindparams(Map.of("n", "x")), users);
     * }</pre>
     */
    @Override
    public Result execute(Connection conn, ClauseElement statement, TableClause... writes) {
        // an INSERT, UPDATE or DELETE, or a SELECT with a data-modifying CTE (a lambda's too)
        Set<String> written = new TreeSet<>(written(statement));
        if (written.isEmpty() && textStatement(statement) && writes.length == 0) {
            throw new ArgumentException("A text() statement executed through the result cache must name the tables it writes, "
                    + "so that their cached results are invalidated: cache.execute(conn, statement, tables...); "
                    + "run statements that write nothing with conn.execute(statement)");
        }
        for (TableClause t : writes) {
            written.add(t.key());
        }
        return run(conn, statement, written);
    }

    /** Runs a statement that writes the tables {@code written} (keys), whose results are invalidated when the transaction commits. */
    private Result run(Connection conn, ClauseElement statement, Set<String> written) {
        withTranslated(conn, written);
        Result r = conn.execute(statement);
        if (!written.isEmpty()) {
            invalidateAtCommit(conn, written);
        }
        return r;
    }

    /**
     * Makes every INSERT, UPDATE and DELETE (a data-modifying CTE's too) that {@code engine}'s connections run — through
     * {@code conn.execute}, an ORM session's flush, or this cache — invalidate its table's results
     * when its transaction commits, as {@link #execute} does. Returns a handle that stops it.
     * {@code text()} statements are not seen through: invalidate their tables yourself.
     *
     * <pre>{@code
     * AutoCloseable watching = cache.watch(engine);
     * session.add(user); session.commit();          // users' cached results are invalidated
     * }</pre>
     */
    public AutoCloseable watch(Engine engine) {
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onExecute(String sql, List<Object> params) {
            }

            @Override
            public void onStatement(Connection conn, ClauseElement statement) {
                // A lambda SELECT is looked into too (its statement built with this call's values): a data-modifying
                // CTE in it writes as an INSERT, UPDATE or DELETE does.
                Set<String> written = written(statement);
                if (!written.isEmpty()) {
                    invalidateAtCommit(conn, written);
                }
            }
        };
        engine.addListener(listener);
        return () -> engine.removeListener(listener);
    }

    /** The keys of the tables {@code statement} writes; a lambda statement's found once per cache key. */
    private Set<String> written(ClauseElement statement) {
        CacheKey key = statement instanceof StatementLambdaElement ? statement.cacheKey() : null;
        if (key == null) {
            return ReadTables.find(statement).written();
        }
        return writtenByLambda.computeIfAbsent(key, k -> Set.copyOf(ReadTables.find(statement).written()));
    }

    private void invalidateAtCommit(Connection conn, Set<String> tables) {
        Set<String> pending = pendingWrites.get(conn);
        if (pending == null) {
            Set<String> fresh = ConcurrentHashMap.newKeySet();
            pendingWrites.put(conn, fresh);
            conn.onTransactionEnd(committed -> {
                Set<String> done = pendingWrites.remove(conn);
                if (committed && done != null) {
                    invalidateKeys(done);
                }
            });
            pending = fresh;
        }
        pending.addAll(tables);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 60 ? sql : sql.substring(0, 57) + "...";
    }

    private static boolean textStatement(ClauseElement statement) {
        return statement instanceof TextClause || statement instanceof StatementLambdaElement l && l.isText();
    }

    /**
     * Runs a statement for the cache, ending the transaction the read began, if it began one:
     * under snapshot isolation that transaction would keep its snapshot, and this connection's
     * next miss would store rows from before commits other callers already see.
     */
    private static List<Row> run(Connection conn, ClauseElement statement) {
        boolean began = !conn.inTransaction();
        List<Row> rows = conn.execute(statement).all();
        if (began && conn.inTransaction()) {
            conn.commit();
        }
        return rows;
    }

    /** The statement's key in every process, or null when it is not cacheable (see {@link ClauseElement#cacheKey()}). */
    private String offlineKey(Connection conn, ClauseElement statement) {
        CacheKey k = statement.cacheKey();
        if (k == null) {
            return null;
        }
        // The SQL alone is not enough: the same SQL and values read with other result types (a
        // lightweight table's column typed INTEGER or BOOLEAN, a TypeDecorator) give other Java values.
        Dialect dialect = conn.dialect();
        String shape = sqlByShape.computeIfAbsent(new Shape(dialect, k), key -> shapeText(statement.compile(dialect)));
        // the shape handed over, never compiled again by toOfflineString (on the default dialect)
        Map<CacheKey, String> shapes = new HashMap<>(2);
        shapes.put(k, shape);
        SchemaTranslateMap translate = conn.schemaTranslateMap();
        return identity.apply(conn) + "\n" + dialect.name() + "\n" + (translate == null ? "" : "schemas " + translate + "\n")
                + k.toOfflineString(shapes, statement, Map.of());
    }

    private record Shape(Dialect dialect, CacheKey key) {
    }

    /**
     * Adds to table keys ({@code schema.name}) the keys the connection's schema translations
     * write them as, so that a result read as {@code users} in schema {@code tenant_42} is tagged
     * {@code tenant_42.users} too, and a write to either invalidates it. Results stay tagged with
     * the untranslated keys as well: a write in one schema also invalidates the other schemas'
     * results of the same table (more invalidation than needed, never a stale result). A key
     * does not tell where its schema ends when a name holds a dot ({@code "items.v1"} is table
     * {@code items.v1} or table {@code v1} of schema {@code items}): every split is translated.
     */
    private static void withTranslated(Connection conn, Set<String> keys) {
        SchemaTranslateMap translate = conn.schemaTranslateMap();
        if (translate == null) {
            return;
        }
        for (String key : List.copyOf(keys)) {
            int dot = -1;   // first the key as a name without schema, then each split at a dot
            do {
                String schema = translate.schemaFor(dot < 0 ? null : key.substring(0, dot));
                String name = key.substring(dot + 1);
                keys.add(schema == null ? name : schema + "." + name);
                dot = key.indexOf('.', dot + 1);
            } while (dot >= 0);
        }
    }

    /**
     * The statement's SQL, per parameter its type and per result column its name and type, written the same way in
     * every process: one SQL with equal values sends other values, or reads other Java values, under types that
     * convert otherwise (a TypeDecorator's state, a decorator and its implementation).
     */
    private static String shapeText(Compiled compiled) {
        StringBuilder out = new StringBuilder(compiled.templateString());
        for (Compiled.Slot s : compiled.slots()) {
            out.append("\n-> ").append(s.name()).append(' ');
            typeText(s.bind() == null ? null : s.bind().type(), out);
        }
        for (Compiled.ResultColumn c : compiled.resultColumns()) {
            out.append("\n-- ").append(c.name()).append(' ');
            typeText(c.type(), out);
        }
        return out.toString();
    }

    private static void typeText(TypeEngine<?> type, StringBuilder out) {
        if (type == null) {
            out.append('-');
            return;
        }
        out.append(type.getClass().getName()).append(' ').append(type.javaType() == null ? "-" : type.javaType().getName()).append(' ')
                .append(type).append(' ').append(type.typeArguments());
    }

    private String defaultIdentity(Connection conn) {
        Engine engine = conn.engine();
        EngineIdentity last = lastIdentity;
        if (last != null && last.engine() == engine) {
            return last.identity();
        }
        String id = identities.computeIfAbsent(engine, e -> databaseIdentity(conn));
        lastIdentity = new EngineIdentity(engine, id);
        return id;
    }

    private record EngineIdentity(Engine engine, String identity) {
    }

    /**
     * The database identity of {@code conn}, read from it now: its engine's JDBC URL without credentials
     * (user info and password-like parameters removed), and the user it logs in as. Outside
     * SQLite, both are the driver's, read from the connection: an engine on an application's
     * DataSource knows only that URL without its query string (which may choose the schema,
     * {@code currentSchema=...}) and not the user; and where its session finds unqualified tables
     * ({@link #unqualified}). On SQLite, the files its connections attach
     * (ATTACH DATABASE, by a DataSource of one main file, say, a tenant's under a schema name) are
     * part of it.
     *
     * <p>The default identity is this, read from each engine's first connection only: connections of one engine are
     * taken to start alike. A pool whose connections differ (a search_path or {@code USE} set at each checkout by a
     * tenant-routing DataSource) gives it to the builder, to read it on every fetch, at the cost of one query
     * (PostgreSQL's search path) per fetch:
     *
     * <pre>{@code
     * RedisResultCache.builder().uri(uri).identity(RedisResultCache::databaseIdentity).build();
     * }</pre>
     *
     * <p>A connection with no transaction under way is left with none: the query's implicit transaction is committed,
     * as a read the cache runs is, so that it neither holds a snapshot nor stays idle in a transaction Retort does
     * not know of.
     */
    public static String databaseIdentity(Connection conn) {
        boolean idle = !conn.inTransaction();
        try {
            return readIdentity(conn);
        } finally {
            if (idle) {
                endImplicitTransaction(conn);
            }
        }
    }

    /** Ends what the identity's queries began on a JDBC connection not in autocommit mode. */
    private static void endImplicitTransaction(Connection conn) {
        try {
            java.sql.Connection jdbc = conn.jdbc();
            if (!jdbc.getAutoCommit()) {
                jdbc.commit();
            }
        } catch (SQLException e) {
            LOG.debug("Could not end the transaction the identity's query began", e);
        }
    }

    private static String readIdentity(Connection conn) {
        Engine engine = conn.engine();
        String url = engine.url();
        String user = engine.options().user();
        if ("sqlite".equals(conn.dialect().name())) {
            return databaseIdentity(sqliteIdentity(url), user) + attached(conn);
        }
        try {
            java.sql.DatabaseMetaData meta = conn.jdbc().getMetaData();
            url = Objects.requireNonNullElse(meta.getURL(), url);
            user = Objects.requireNonNullElse(meta.getUserName(), Objects.requireNonNullElse(user, ""));
        } catch (SQLException e) {
            LOG.debug("The driver does not tell its URL and user: the engine's are the identity", e);
        }
        return databaseIdentity(url, user) + unqualified(conn);
    }

    /**
     * Where a connection finds the tables its statements do not qualify, which its session may choose whatever the URL
     * says (a DataSource's {@code connectionInitSql}: {@code SET search_path} on PostgreSQL, {@code USE} on MariaDB):
     * PostgreSQL's effective search path, elsewhere the current catalog (MySQL's database) and schema. Read from the
     * first connection: connections of one engine are taken to start alike.
     */
    private static String unqualified(Connection conn) {
        java.sql.Connection jdbc = conn.jdbc();
        try {
            if ("postgresql".equals(conn.dialect().name())) {
                try (java.sql.Statement st = jdbc.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT current_schemas(false)::text")) {
                    return rs.next() ? " search_path=" + rs.getString(1) : "";
                }
            }
            return " catalog=" + jdbc.getCatalog() + " schema=" + jdbc.getSchema();
        } catch (SQLException e) {
            LOG.debug("The driver does not tell where unqualified tables are: the URL and user are the identity", e);
            return "";
        }
    }

    /**
     * The databases a SQLite connection has attached, by schema name and file ({@code PRAGMA database_list}): one
     * URL reaches other rows under other attachments. An attached in-memory or temporary database (no file) is the
     * connection's own, never another engine's.
     */
    private static String attached(Connection conn) {
        StringBuilder out = new StringBuilder();
        try (java.sql.Statement st = conn.jdbc().createStatement(); java.sql.ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                String name = rs.getString("name");
                if (name.equals("main") || name.equals("temp")) {
                    continue;
                }
                String file = rs.getString("file");
                out.append(" attached ").append(name).append('=')
                        .append(file == null || file.isEmpty() ? "memory " + UUID.randomUUID() : file);
            }
        } catch (SQLException e) {
            LOG.debug("SQLite does not list the attached databases: the URL is the identity", e);
        }
        return out.toString();
    }

    /** Tells apart in-memory SQLite databases of other processes: a named one is shared within a process only. */
    private static final String PROCESS = UUID.randomUUID().toString();

    /**
     * A SQLite URL as it names one database (other URLs as they are): an anonymous in-memory
     * database belongs to one engine (two {@code jdbc:sqlite::memory:} engines are two databases),
     * a named one to this process, and a relative file path is resolved against the working
     * directory, as the driver does.
     */
    static String sqliteIdentity(String url) {
        String prefix = "jdbc:sqlite:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q);
        if (path.isEmpty() || path.equals(":memory:") || path.equals("file::memory:")) {
            return url + " memory=" + UUID.randomUUID();
        }
        if (query.contains("mode=memory") || path.contains(":memory:")) {
            return url + " memory=" + PROCESS;
        }
        try {
            String file = path.startsWith("file:") ? path.substring("file:".length()) : path;
            return prefix + java.nio.file.Path.of(file).toAbsolutePath().normalize() + query;
        } catch (java.nio.file.InvalidPathException e) {
            return url;
        }
    }

    static String databaseIdentity(String url, String user) {
        String who = user;
        if (who == null) {
            Matcher m = USER_PARAM.matcher(url);
            Matcher info = USER_INFO.matcher(url);
            who = m.find() ? m.group(1) : info.find() ? info.group().substring(2, info.group().length() - 1).split(":", 2)[0] : "";
        }
        String bare = SECRET_PARAM.matcher(USER_INFO.matcher(url).replaceFirst("//")).replaceAll("$1");
        return bare + " user=" + who;
    }

    /*
     * The namespace's bookkeeping keys share the hash tag {namespace}: one slot, so that the
     * lookup script may read them together on a Redis Cluster. Results ("namespace:r:{sha1}",
     * their lock "...:lock" beside them) spread over the cluster's slots.
     */

    private String epochKey() {
        return "{" + namespace + "}:epoch";
    }

    private String tagKey(String table) {
        return "{" + namespace + "}:t:" + table;
    }

    private String generationKey(String table) {
        return "{" + namespace + "}:g:" + table;
    }

    /**
     * The parsed {@code redis://} URI. Refused without the text: it may hold the password, and
     * {@link URI#create}'s own message quotes all of it.
     */
    private static URI redisUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new ArgumentException("The Redis URI is malformed (" + e.getReason() + " at index " + e.getIndex()
                    + "); expected redis://[user:password@]host:port[/database]");
        }
        if (uri.getHost() == null) {
            throw new ArgumentException("The Redis URI names no host; expected redis://[user:password@]host:port[/database]");
        }
        return uri;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Rows as [column names, row, row, ...] in the serializer's value encoding. */
    private static byte[] encode(List<Row> rows) {
        List<Object> doc = new ArrayList<>(rows.size() + 1);
        doc.add(rows.isEmpty() ? List.of() : rows.get(0).keys());
        for (Row r : rows) {
            doc.add(r.toList());
        }
        return ValueSerializer.dumps(doc);
    }

    /**
     * The rows of the entry at {@code key}. Another process may have written it (Redis is
     * shared), so its shape is checked: anything but [names, rows of as many values] is refused
     * naming the key, not cast.
     */
    private static List<Row> decode(byte[] data, String key) {
        Object doc;
        try {
            doc = ValueSerializer.loads(data);
        } catch (SerializationException e) {
            throw new SerializationException("Redis entry " + key + " is not a cached result: " + e.getMessage(), e);
        }
        if (!(doc instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof List<?> names)) {
            throw new SerializationException("Redis entry " + key + " is not a cached result: expected [column names, rows...], got "
                    + (doc instanceof List<?> ? "a list without column names" : "a " + doc.getClass().getSimpleName()));
        }
        List<String> keys = new ArrayList<>(names.size());
        for (Object name : names) {
            if (!(name instanceof String s)) {
                throw new SerializationException("Redis entry " + key + " is not a cached result: a column name is a "
                        + (name == null ? "null" : name.getClass().getSimpleName()));
            }
            keys.add(s);
        }
        List<List<?>> rows = new ArrayList<>(list.size() - 1);
        for (int i = 1; i < list.size(); i++) {
            if (!(list.get(i) instanceof List<?> row) || row.size() != keys.size()) {
                throw new SerializationException("Redis entry " + key + " is not a cached result: row " + i + " is not a list of "
                        + keys.size() + " values");
            }
            rows.add(row);
        }
        return Row.of(keys, rows);
    }

    /** Closes the connections to Redis; invalidations Redis has not received by then are not sent. */
    @Override
    public void close() {
        closed = true;
        redis.close();
    }

    /** Options of a {@link RedisResultCache}. */
    public static final class Builder {
        private String uri;
        private List<String> clusterNodes;
        private String sentinelMaster;
        private List<String> sentinels;
        private Integer replicaAcks;
        private Duration ttl = Duration.ofMinutes(5);
        private String namespace = "retort";
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Duration redisTimeout = Duration.ofMillis(500);
        private Duration nearTtl;
        private long nearSize;
        private Function<Connection, String> identity;

        private Builder() {
        }

        /** Where Redis is: {@code redis://[user:password@]host:port[/database]}. */
        public Builder uri(String redisUri) {
            this.uri = Objects.requireNonNull(redisUri, "uri");
            return this;
        }

        /**
         * A Redis Cluster instead of one server: some of its nodes ({@code "host:port"}), from
         * which the client learns the rest. Results spread over the cluster's slots; the
         * namespace's table generations share one slot (see the class comment).
         *
         * <pre>{@code
         * RedisResultCache.builder().cluster("10.0.0.1:6379", "10.0.0.2:6379", "10.0.0.3:6379").build();
         * }</pre>
         */
        public Builder cluster(String... nodes) {
            if (nodes.length == 0) {
                throw new ArgumentException("A Redis Cluster needs at least one node, host:port");
            }
            this.clusterNodes = List.of(nodes);
            return this;
        }

        /**
         * A primary that Redis Sentinel watches and replaces on failure: its master name and
         * some sentinels ({@code "host:port"}). Invalidations wait for one replica to acknowledge
         * them unless {@link #replicaAcks} says otherwise.
         *
         * <pre>{@code
         * RedisResultCache.builder().sentinel("cache", "10.0.0.1:26379", "10.0.0.2:26379", "10.0.0.3:26379").build();
         * }</pre>
         */
        public Builder sentinel(String masterName, String... sentinelNodes) {
            if (masterName == null || sentinelNodes.length == 0) {
                throw new ArgumentException("Redis Sentinel needs the master name and at least one sentinel, host:port");
            }
            this.sentinelMaster = masterName;
            this.sentinels = List.of(sentinelNodes);
            return this;
        }

        /**
         * How many replicas must acknowledge an invalidation (Redis WAIT, up to
         * {@link #redisTimeout}) before it counts as sent; one that fewer acknowledged is kept
         * and sent again before this process's next read. Default 1 with {@link #sentinel}, 0
         * otherwise. Without it, a replica promoted before it received an invalidation serves
         * the results it should have hidden until their TTL.
         */
        public Builder replicaAcks(int replicas) {
            if (replicas < 0) {
                throw new ArgumentException("replicaAcks must be zero or positive, got " + replicas);
            }
            this.replicaAcks = replicas;
            return this;
        }

        /** How long a result is kept (default 5 minutes). */
        public Builder ttl(Duration timeToLive) {
            this.ttl = positive(timeToLive, "ttl");
            return this;
        }

        /** Prefix of every key, so applications can share a Redis (default "retort"). */
        public Builder namespace(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new ArgumentException("A cache namespace must not be empty");
            }
            this.namespace = prefix;
            return this;
        }

        /** How long callers wait for another caller's result before running the statement themselves (default 10 s). */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = positive(timeout, "lockTimeout");
            return this;
        }

        /**
         * What tells databases apart in the keys (default: the engine's JDBC URL without
         * credentials, and the user). Supply your own when one URL reaches several databases or
         * rows differ by something else, such as a role set per session under row-level
         * security, or a tenant chosen by a routing DataSource. A pool whose connections differ in
         * tenant (a search_path or USE set at each checkout) needs it too: the default reads where
         * unqualified tables are from the first connection of each engine only, so two tenants on
         * one engine would share their results: give it {@link #databaseIdentity(Connection)}, which reads them from
         * each connection, or the tenant as the application knows it.
         *
         * <pre>{@code
         * RedisResultCache.builder().uri(uri).identity(conn -> "orders-db/" + TenantContext.current()).build();
         * RedisResultCache.builder().uri(uri).identity(RedisResultCache::databaseIdentity).build();
         * }</pre>
         */
        public Builder identity(Function<Connection, String> supplier) {
            this.identity = Objects.requireNonNull(supplier, "identity");
            return this;
        }

        /** How long a Redis command may take before Redis counts as down (default 500 ms). */
        public Builder redisTimeout(Duration timeout) {
            this.redisTimeout = positive(timeout, "redisTimeout");
            return this;
        }

        /**
         * Keeps up to {@code maxEntries} results in this process for {@code timeToLive} as well,
         * so a hot statement does not even ask Redis; other processes' invalidations reach it only
         * when its entries expire, so keep the time short.
         */
        public Builder nearCache(Duration timeToLive, long maxEntries) {
            this.nearTtl = positive(timeToLive, "nearCache");
            if (maxEntries <= 0) {
                throw new ArgumentException("nearCache needs a positive size, got " + maxEntries);
            }
            this.nearSize = maxEntries;
            return this;
        }

        public RedisResultCache build() {
            if (uri == null && clusterNodes == null && sentinelMaster == null) {
                throw new ArgumentException("RedisResultCache needs a uri, such as redis://127.0.0.1:6379, cluster nodes or sentinels");
            }
            return new RedisResultCache(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new ArgumentException(what + " must be a positive duration, got " + d);
            }
            return d;
        }
    }
}
