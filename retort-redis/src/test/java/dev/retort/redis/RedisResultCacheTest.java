package dev.retort.redis;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.sql.Select;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisResultCacheTest {
    @TempDir
    Path dir;
    Path dbFile;
    final Shop shop = new Shop();
    final String namespace = "retort-test-" + UUID.randomUUID();
    Engine engine;
    final AtomicInteger executed = new AtomicInteger();
    final Map<String, AtomicInteger> executedByParams = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        RedisAvailable.require();
        dbFile = dir.resolve("shop.db");
        engine = Engine.create("jdbc:sqlite:" + dbFile);
        shop.fill(engine);
        engine.addListener((sql, params) -> {
            executed.incrementAndGet();
            executedByParams.computeIfAbsent(String.valueOf(params), k -> new AtomicInteger()).incrementAndGet();
        });
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.dispose();
        }
    }

    RedisResultCache cache() {
        return RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build();
    }

    Select byId(int id) {
        return select(shop.items.c("id"), shop.items.c("name"), shop.items.c("price")).where(shop.items.c("id").eq(id));
    }

    @Test
    void aHitSkipsTheDatabaseAndKeepsValuesExact() {
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            List<Row> first = cache.fetch(conn, byId(7));
            executed.set(0);
            List<Row> second = cache.fetch(conn, byId(7));
            assertThat(executed).hasValue(0);
            assertThat(second).isEqualTo(first);
            assertThat(second.get(0).get("price")).isEqualTo(new BigDecimal("7.50"));
            assertThat(second.get(0).keys()).containsExactly("id", "name", "price");
            assertThat(cache.fetch(conn, byId(8)).get(0).get("name")).as("other values, other key").isEqualTo("item 8");
            assertThat(executed).hasValue(1);
        }
    }

    @Test
    void aSecondProcessGetsTheRowsWithoutExecuting() throws Exception {
        Select s = select(shop.items.c("id"), shop.items.c("name"), shop.items.c("price"))
                .where(shop.items.c("id").in(List.of(3, 4))).orderBy(shop.items.c("id"));
        List<Row> rows;
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            rows = cache.fetch(conn, s);
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(), dbFile.toString(), namespace)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("executed=0").contains("rows=" + rows);
    }

    @Test
    void aWriteThroughTheCacheInvalidatesWhatReadTheTable() {
        Select count = select(func("count", shop.items.c("id")));
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            assertThat(cache.fetch(conn, count).get(0).get(0)).isEqualTo(50L);
            cache.execute(conn, insert(shop.items).values(Map.of("id", 100, "name", "new", "price", BigDecimal.ONE)));
            conn.commit();
            executed.set(0);
            assertThat(cache.fetch(conn, count).get(0).get(0)).isEqualTo(51L);
            assertThat(executed).hasValue(1);
            cache.invalidate(shop.items);
            assertThat(cache.fetch(conn, count).get(0).get(0)).isEqualTo(51L);
            assertThat(executed).hasValue(2);
        }
    }

    @Test
    void aStampedeRunsEachStatementOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (RedisResultCache cache = cache()) {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int seed = t;
                wrong.add(pool.submit(() -> {
                    int errors = 0;
                    try (Connection conn = engine.connect()) {
                        for (int i = 0; i < 1000; i++) {
                            int id = (i * 7 + seed) % 50;
                            List<Row> rows = cache.fetch(conn, byId(id));
                            if (rows.size() != 1 || !rows.get(0).get("name").equals("item " + id)) {
                                errors++;
                            }
                        }
                    }
                    return errors;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(executedByParams).hasSize(50);
        assertThat(executedByParams.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void theNearCacheAnswersWithoutRedis() {
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace)
                .nearCache(Duration.ofSeconds(30), 100).build(); Connection conn = engine.connect()) {
            List<Row> first = cache.fetch(conn, byId(1));
            assertThat(cache.fetch(conn, byId(1))).isSameAs(first);
        }
    }

    @Test
    void redisGoingAwayMidRunKeepsResultsCorrect() throws IOException, InterruptedException {
        int port = 6391;
        Process server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 50 && !RedisAvailable.listening(port); i++) {
                Thread.sleep(100);
            }
            assertThat(RedisAvailable.listening(port)).as("a private redis-server on port " + port).isTrue();
            try (RedisResultCache cache = RedisResultCache.builder().uri("redis://127.0.0.1:" + port).namespace(namespace).build();
                    Connection conn = engine.connect()) {
                for (int i = 0; i < 20; i++) {
                    assertThat(cache.fetch(conn, byId(i)).get(0).get("id")).isEqualTo(i);
                }
                server.destroy();
                assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
                executed.set(0);
                for (int i = 0; i < 20; i++) {
                    assertThat(cache.fetch(conn, byId(i)).get(0).get("id")).isEqualTo(i);
                }
                assertThat(executed).as("every fetch ran against the database").hasValue(20);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void statsCountEachOutcome() {
        try (RedisResultCache near = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace)
                .nearCache(Duration.ofSeconds(30), 100).build();
                RedisResultCache shared = cache();
                Connection conn = engine.connect()) {
            near.fetch(conn, byId(1));
            near.fetch(conn, byId(1));
            shared.fetch(conn, byId(1));
            assertThat(near.stats()).isEqualTo(new ResultCacheStats(0, 1, 1, 0, 0, false));
            assertThat(shared.stats()).isEqualTo(new ResultCacheStats(1, 0, 0, 0, 0, false));
            assertThat(near.stats().requests()).isEqualTo(2);
        }
        // Nothing listens on port 1: each fetch fails over to the database, and the third failure opens the breaker.
        try (RedisResultCache down = RedisResultCache.builder().uri("redis://127.0.0.1:1").namespace(namespace)
                .redisTimeout(Duration.ofMillis(200)).build();
                Connection conn = engine.connect()) {
            for (int i = 0; i < 4; i++) {
                assertThat(down.fetch(conn, byId(2)).get(0).get("id")).isEqualTo(2);
            }
            ResultCacheStats s = down.stats();
            assertThat(s.bypasses()).isEqualTo(4);
            assertThat(s.errors()).isEqualTo(3);
            assertThat(s.breakerOpen()).isTrue();
            assertThat(s.hits() + s.nearHits() + s.misses()).isZero();
        }
    }
}
