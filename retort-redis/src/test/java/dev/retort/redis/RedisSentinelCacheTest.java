package dev.retort.redis;

import static dev.retort.redis.RedisCli.cli;
import static dev.retort.redis.RedisCli.directory;
import static dev.retort.redis.RedisCli.port;
import static dev.retort.redis.RedisCli.run;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache on a Sentinel-managed Redis (a primary, a replica and one sentinel, master
 * name "retort"), the one {@code .ci/scale-servers} starts (RETORT_REDIS_SENTINEL, default
 * 127.0.0.1:7120); skips when it is absent, fails under CI=true. The test stops the primary, so
 * that the sentinel promotes the replica, and restarts the old primary as a replica.
 */
class RedisSentinelCacheTest {
    private static final String SENTINEL = System.getenv().getOrDefault("RETORT_REDIS_SENTINEL", "127.0.0.1:7120");
    static final Shop SHOP = new Shop();
    static final Table ITEMS = SHOP.items;

    @TempDir
    Path dir;
    final String namespace = "retort-sentinel-" + UUID.randomUUID();
    final AtomicInteger executed = new AtomicInteger();
    Engine engine;

    @BeforeEach
    void setUp() throws Exception {
        RedisCli.requireUp("Redis Sentinel at " + SENTINEL, RedisAvailable.listening(port(SENTINEL)) && !primary().isEmpty());
        engine = Engine.create("jdbc:sqlite:" + dir.resolve("shop.db"));
        SHOP.fill(engine);
        engine.addListener((sql, params) -> executed.incrementAndGet());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.dispose();
            cli(primary(), "eval", "for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end", "0", "*" + namespace + "*");
        }
    }

    private String fetchName(RedisResultCache cache, int id) {
        try (Connection c = engine.connect()) {
            return (String) cache.fetch(c, select(ITEMS.c("name")).where(ITEMS.c("id").eq(id))).get(0).get(0);
        }
    }

    @Test
    void aFailoverGivesMissesNeverWrongRows() throws Exception {
        try (RedisResultCache cache = RedisResultCache.builder().sentinel("retort", SENTINEL).namespace(namespace)
                .ttl(Duration.ofMinutes(1)).redisTimeout(Duration.ofMillis(300)).build()) {
            for (int id = 0; id < 20; id++) {
                assertThat(fetchName(cache, id)).isEqualTo("item " + id);
            }
            int warm = executed.get();
            for (int id = 0; id < 20; id++) {
                assertThat(fetchName(cache, id)).isEqualTo("item " + id);
            }
            assertThat(executed.get()).as("hits from the primary").isEqualTo(warm);
            // An invalidation a replica acknowledged survives the failover.
            try (Connection w = engine.connect()) {
                cache.execute(w, update(ITEMS).values(Map.of("name", "before failover")).where(ITEMS.c("id").eq(1)));
                w.commit();
            }
            String old = primary();
            String nodeDir = directory(old);
            cli(old, "shutdown", "nosave");
            try (Connection w = engine.connect()) {
                cache.execute(w, update(ITEMS).values(Map.of("name", "during failover")).where(ITEMS.c("id").eq(2)));
                w.commit();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (primary().equals(old) && System.nanoTime() < deadline) {
                expectRight(cache);
                Thread.sleep(100);
            }
            assertThat(primary()).as("the sentinel promoted the replica").isNotEqualTo(old);
            expectRight(cache);
            // Without a replica to acknowledge them, invalidations do not count as sent and reads
            // bypass the cache; the old primary, back as a replica, lets hits resume.
            run("redis-server", nodeDir + "/redis.conf", "--replicaof", primary().replace(':', ' '));
            int before;
            do {
                Thread.sleep(100);
                before = executed.get();
                expectRight(cache);
            } while (executed.get() > before && System.nanoTime() < deadline);
            assertThat(executed.get() - before).as("the new primary serves hits").isZero();
        }
    }

    private void expectRight(RedisResultCache cache) {
        for (int id = 0; id < 20; id++) {
            assertThat(fetchName(cache, id)).isEqualTo(id == 1 ? "before failover" : id == 2 ? "during failover" : "item " + id);
        }
    }

    /** The primary's "host:port" as the sentinel reports it, or "" when it does not answer. */
    private static String primary() throws Exception {
        List<String> lines = cli(SENTINEL, "sentinel", "get-master-addr-by-name", "retort").lines().toList();
        return lines.size() < 2 ? "" : lines.get(0).trim() + ":" + lines.get(1).trim();
    }
}
