package dev.retort.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.retort.engine.Connection;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.ValueSerializer;
import dev.retort.sql.CacheKey;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.DmlStatement;
import dev.retort.sql.TableClause;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A {@link ResultCache} in Redis, shared by every process that uses the same Redis and namespace.
 *
 * <p>A result is stored under a key made of the namespace, the dialect, the statement's offline
 * cache key ({@link CacheKey#toOfflineString}: its SQL and parameter values, the same in every
 * JVM) and the current generation of each table it reads, hashed (SHA-1, in Redis) to a fixed length. Invalidating
 * a table bumps its generation (so no process can read an older result again, even one stored
 * a moment later by a read that started before the write) and deletes the results tagged with
 * it. When a result is missing, one caller takes a lock and runs the statement; the others wait
 * for its result. When Redis cannot be reached, statements run against the database and a
 * warning is logged once: the application keeps working.
 *
 * <pre>{@code
 * ResultCache cache = RedisResultCache.builder()
 *         .uri("redis://127.0.0.1:6379").ttl(Duration.ofMinutes(5)).namespace("app").build();
 * List<Row> rows = cache.fetch(conn, stmt);
 * cache.invalidate(users);
 * }</pre>
 */
public final class RedisResultCache implements ResultCache, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisResultCache.class);
    private static final String UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    /**
     * One round trip for a lookup: reads the generations of the tables (KEYS), hashes them with
     * the offline key (ARGV[2]; ARGV[3..] the table names) into the result key (prefix ARGV[1]),
     * and returns that key and the stored result.
     */
    private static final byte[] LOOKUP = ("local material = ARGV[2] "
            + "if #KEYS > 0 then local gens = redis.call('MGET', unpack(KEYS)) "
            + "for i = 1, #KEYS do material = material .. '\\n' .. ARGV[2 + i] .. '=' .. (gens[i] or '0') end end "
            + "local key = ARGV[1] .. redis.sha1hex(material) "
            + "return {key, redis.call('GET', key)}").getBytes(StandardCharsets.UTF_8);

    private final RedisClient redis;
    private final String where;
    private final String namespace;
    private final Duration ttl;
    private final Duration lockTimeout;
    private final Cache<String, List<Row>> near;
    private final Map<CacheKey, String> sqlByShape = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    private RedisResultCache(Builder b) {
        URI uri = URI.create(b.uri);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) b.redisTimeout.toMillis())
                .socketTimeoutMillis((int) b.redisTimeout.toMillis());
        if (uri.getUserInfo() != null) {
            String[] userInfo = uri.getUserInfo().split(":", 2);
            if (userInfo.length == 2) {
                config.user(userInfo[0].isEmpty() ? null : userInfo[0]).password(userInfo[1]);
            } else {
                config.password(userInfo[0]);
            }
        }
        if (uri.getPath() != null && uri.getPath().length() > 1) {
            config.database(Integer.parseInt(uri.getPath().substring(1)));
        }
        this.redis = (RedisClient) RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())
                .clientConfig(config.build()).build();
        this.where = uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        this.namespace = b.namespace;
        this.ttl = b.ttl;
        this.lockTimeout = b.lockTimeout;
        this.near = b.nearTtl == null ? null : Caffeine.newBuilder().expireAfterWrite(b.nearTtl).maximumSize(b.nearSize).build();
    }

    /** A builder; {@code uri} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Row> fetch(Connection conn, ClauseElement statement) {
        String offline = offlineKey(conn, statement);
        if (offline == null) {
            return run(conn, statement);
        }
        if (near != null) {
            List<Row> local = near.getIfPresent(offline);
            if (local != null) {
                return local;
            }
        }
        Set<String> tables = ReadTables.of(statement);
        List<Row> rows;
        try {
            rows = fetchShared(conn, statement, offline, tables);
        } catch (JedisException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("Redis at {} cannot be reached; statements run uncached until it is back: {}", where, e.getMessage());
            }
            return run(conn, statement);
        }
        warned.set(false);
        if (near != null) {
            near.put(offline, rows);
        }
        return rows;
    }

    private List<Row> fetchShared(Connection conn, ClauseElement statement, String offline, Set<String> tables) {
        List<byte[]> keys = new ArrayList<>(tables.size());
        List<byte[]> args = new ArrayList<>(tables.size() + 2);
        args.add(bytes(namespace + ":r:"));
        args.add(bytes(offline));
        for (String t : tables) {
            keys.add(bytes(generationKey(t)));
            args.add(bytes(t));
        }
        List<?> found = (List<?>) redis.eval(LOOKUP, keys, args);
        String key = new String((byte[]) found.get(0), StandardCharsets.UTF_8);
        if (found.size() > 1 && found.get(1) != null) {
            return decode((byte[]) found.get(1));
        }
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        while (true) {
            byte[] stored = redis.get(bytes(key));
            if (stored != null) {
                return decode(stored);
            }
            String lock = key + ":lock";
            String token = UUID.randomUUID().toString();
            if ("OK".equals(redis.set(lock, token, SetParams.setParams().nx().px(lockTimeout.toMillis())))) {
                try {
                    // The previous holder may have stored the result between our miss and our lock.
                    byte[] storedMeanwhile = redis.get(bytes(key));
                    if (storedMeanwhile != null) {
                        return decode(storedMeanwhile);
                    }
                    List<Row> rows = run(conn, statement);
                    store(key, rows, tables);
                    return rows;
                } finally {
                    redis.eval(UNLOCK, 1, lock, token);
                }
            }
            if (System.nanoTime() > deadline) {
                // The lock holder is too slow (or gone without releasing): read for ourselves.
                return run(conn, statement);
            }
            pause();
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

    private void store(String key, List<Row> rows, Set<String> tables) {
        redis.set(bytes(key), encode(rows), SetParams.setParams().px(ttl.toMillis()));
        for (String t : tables) {
            String tag = tagKey(t);
            redis.sadd(tag, key);
            redis.pexpire(tag, ttl.toMillis() * 2);
        }
    }

    @Override
    public void invalidate(TableClause... tables) {
        if (near != null) {
            near.invalidateAll();
        }
        try {
            for (TableClause t : tables) {
                redis.incr(generationKey(t.key()));
                String tag = tagKey(t.key());
                Set<String> keys = redis.smembers(tag);
                if (!keys.isEmpty()) {
                    redis.del(keys.toArray(new String[0]));
                }
                redis.del(tag);
            }
        } catch (JedisException e) {
            LOG.warn("Redis at {} cannot be reached; cached results of {} were not invalidated and expire after {}", where, List.of(tables), ttl, e);
        }
    }

    @Override
    public Result execute(Connection conn, ClauseElement statement) {
        Result r = conn.execute(statement);
        if (statement instanceof DmlStatement d) {
            invalidate(d.table());
        }
        return r;
    }

    private static List<Row> run(Connection conn, ClauseElement statement) {
        return conn.execute(statement).all();
    }

    /** The statement's key in every process, or null when it is not cacheable (see {@link ClauseElement#cacheKey()}). */
    private String offlineKey(Connection conn, ClauseElement statement) {
        CacheKey k = statement.cacheKey();
        return k == null ? null : conn.dialect().name() + "\n" + k.toOfflineString(sqlByShape, statement, Map.of());
    }

    private String tagKey(String table) {
        return namespace + ":t:" + table;
    }

    private String generationKey(String table) {
        return namespace + ":g:" + table;
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

    @SuppressWarnings("unchecked")
    private static List<Row> decode(byte[] data) {
        List<Object> doc = (List<Object>) ValueSerializer.loads(data);
        List<String> keys = (List<String>) doc.get(0);
        return Row.of(keys, (List<List<Object>>) (List<?>) doc.subList(1, doc.size()));
    }

    /** Closes the connections to Redis. */
    @Override
    public void close() {
        redis.close();
    }

    /** Options of a {@link RedisResultCache}. */
    public static final class Builder {
        private String uri;
        private Duration ttl = Duration.ofMinutes(5);
        private String namespace = "retort";
        private Duration lockTimeout = Duration.ofSeconds(10);
        private Duration redisTimeout = Duration.ofMillis(500);
        private Duration nearTtl;
        private long nearSize;

        private Builder() {
        }

        /** Where Redis is: {@code redis://[user:password@]host:port[/database]}. */
        public Builder uri(String redisUri) {
            this.uri = Objects.requireNonNull(redisUri, "uri");
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
            if (uri == null) {
                throw new ArgumentException("RedisResultCache needs a uri, such as redis://127.0.0.1:6379");
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
