package dev.retort.bench;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.redis.RedisResultCache;
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
 * The Redis result cache against the database: the mid-size SELECT executed on PostgreSQL
 * (schema {@code retort_bench} of database {@code test} on 127.0.0.1), read from Redis
 * (127.0.0.1:6379), read from the in-process near cache, and read from the 3-master Redis Cluster
 * of {@code .ci/scale-servers} (RETORT_REDIS_CLUSTER, default 127.0.0.1:7101-7103). Twenty value
 * sets cycle, so after warm-up every cached read is a hit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RedisCacheBench {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=retort_bench";

    Engine engine;
    Connection conn;
    RedisResultCache redis;
    RedisResultCache near;
    RedisResultCache cluster;
    long n;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        Shop.loadPostgresql("jdbc:postgresql://127.0.0.1:5432/test");
        engine = Engine.create(URL, EngineOptions.builder().user("postgres").build());
        conn = engine.connect();
        String ns = "retort-bench-" + System.nanoTime();
        redis = RedisResultCache.builder().uri("redis://127.0.0.1:6379").namespace(ns).ttl(Duration.ofMinutes(10)).build();
        near = RedisResultCache.builder().uri("redis://127.0.0.1:6379").namespace(ns + "-near").ttl(Duration.ofMinutes(10))
                .nearCache(Duration.ofMinutes(10), 1000).build();
        cluster = RedisResultCache.builder().cluster(System.getenv().getOrDefault("RETORT_REDIS_CLUSTER", "127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103").split(","))
                .namespace(ns).ttl(Duration.ofMinutes(10)).build();
    }

    @TearDown(Level.Trial)
    public void close() {
        conn.close();
        redis.close();
        near.close();
        cluster.close();
        engine.dispose();
    }

    private long next() {
        return n++ % 20;
    }

    @Benchmark
    public List<Row> r1_postgresqlExecute() {
        long k = next();
        return conn.execute(Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k))).all();
    }

    @Benchmark
    public List<Row> r2_redisHit() {
        long k = next();
        return redis.fetch(conn, Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k)));
    }

    @Benchmark
    public List<Row> r3_nearCacheHit() {
        long k = next();
        return near.fetch(conn, Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k)));
    }

    @Benchmark
    public List<Row> r4_clusterHit() {
        long k = next();
        return cluster.fetch(conn, Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k)));
    }
}
