package dev.retort.bench;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.redis.RedisResultCache;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The result cache's hit path for the mid-size SELECT on one Redis (127.0.0.1:6379) and on the
 * 3-master Redis Cluster of {@code .ci/scale-servers} (RETORT_REDIS_CLUSTER, default
 * 127.0.0.1:7101-7103). The rows come from PostgreSQL (schema {@code retort_bench} of
 * {@code test}) once per value set; twenty value sets cycle, so every measured read is a hit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ClusterCacheBench {
    Engine engine;
    Connection conn;
    RedisResultCache single;
    RedisResultCache cluster;
    long n;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        try (java.sql.Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            try (var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS retort_bench CASCADE");
                s.execute("CREATE SCHEMA retort_bench");
                s.execute("SET search_path TO retort_bench");
            }
            Shop.load(c);
        }
        engine = Engine.create(RedisCacheBench.URL, EngineOptions.builder().user("postgres").build());
        conn = engine.connect();
        String ns = "retort-bench-" + System.nanoTime();
        single = RedisResultCache.builder().uri("redis://127.0.0.1:6379").namespace(ns).ttl(Duration.ofMinutes(10)).build();
        cluster = RedisResultCache.builder().cluster(System.getenv().getOrDefault("RETORT_REDIS_CLUSTER", "127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103").split(","))
                .namespace(ns).ttl(Duration.ofMinutes(10)).build();
    }

    @TearDown(Level.Trial)
    public void close() {
        conn.close();
        single.close();
        cluster.close();
        engine.dispose();
    }

    private long next() {
        return n++ % 20;
    }

    @Benchmark
    public List<Row> c1_singleNodeHit() {
        long k = next();
        return single.fetch(conn, Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k)));
    }

    @Benchmark
    public List<Row> c2_clusterHit() {
        long k = next();
        return cluster.fetch(conn, Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k)));
    }
}
