package dev.retort.micrometer;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.redis.RedisResultCache;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultCacheMetricsTest {
    private final TableClause items = table("items", column("id", Types.INTEGER), column("name", Types.STRING));
    private final String namespace = "retort-metrics-" + UUID.randomUUID();
    private Engine engine;

    @BeforeEach
    void setUp() {
        engine = Engine.create("jdbc:sqlite::memory:");
        engine.inTransaction(c -> c.execute(text("CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20))")));
    }

    @AfterEach
    void tearDown() {
        engine.dispose();
    }

    private static double requests(SimpleMeterRegistry meters, String result) {
        return meters.get("retort.result.cache.requests").tags("cache", "main", "result", result).functionCounter().count();
    }

    @Test
    void hitsAndMissesFromRedis() {
        boolean up;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(up, "Redis is not running on 127.0.0.1:6379");
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RedisResultCache cache = RedisResultCache.builder().uri("redis://127.0.0.1:6379").namespace(namespace).build();
                Connection conn = engine.connect()) {
            new ResultCacheMetrics(cache, "main").bindTo(meters);
            cache.fetch(conn, select(items).where(items.c("id").eq(1)));
            cache.fetch(conn, select(items).where(items.c("id").eq(1)));
            cache.fetch(conn, select(items).where(items.c("id").eq(2)));
            assertThat(requests(meters, "miss")).isEqualTo(2);
            assertThat(requests(meters, "hit")).isEqualTo(1);
            assertThat(requests(meters, "near_hit")).isZero();
            assertThat(meters.get("retort.result.cache.breaker.open").gauge().value()).isZero();
        }
    }

    @Test
    void redisDownCountsBypassesErrorsAndTheBreaker() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // Nothing listens on port 1.
        try (RedisResultCache cache = RedisResultCache.builder().uri("redis://127.0.0.1:1").namespace(namespace)
                .redisTimeout(Duration.ofMillis(200)).build();
                Connection conn = engine.connect()) {
            new ResultCacheMetrics(cache, "main").bindTo(meters);
            for (int i = 0; i < 4; i++) {
                cache.fetch(conn, select(items).where(items.c("id").eq(i)));
            }
            assertThat(requests(meters, "bypass")).isEqualTo(4);
            assertThat(meters.get("retort.result.cache.errors").functionCounter().count()).isEqualTo(3);
            assertThat(meters.get("retort.result.cache.breaker.open").gauge().value()).isEqualTo(1);
        }
    }
}
