package dev.retort.bench;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.RoutedConnection;
import dev.retort.engine.RoutingEngine;
import dev.retort.engine.Row;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mid-size SELECT through a {@link RoutingEngine} on the PostgreSQL primary + streaming
 * standby of {@code .ci/scale-servers} (RETORT_PG_PRIMARY_URL, RETORT_PG_STANDBY_URL; ports
 * 5441/5442 by default), by four threads: with one read server (the primary alone) and with
 * two (the primary and the standby, round robin). The share of reads the primary served is
 * printed at the end of each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(4)
public class ReplicaRoutingBench {
    static final String PRIMARY = System.getenv().getOrDefault("RETORT_PG_PRIMARY_URL", "jdbc:postgresql://127.0.0.1:5441/postgres");
    static final String STANDBY = System.getenv().getOrDefault("RETORT_PG_STANDBY_URL", "jdbc:postgresql://127.0.0.1:5442/postgres");

    /** The routing engine the threads share. */
    @State(Scope.Benchmark)
    public static class Servers {
        @Param({"1", "2"})
        public int readServers;
        RoutingEngine router;

        @Setup(Level.Trial)
        public void open() throws Exception {
            try {
                Shop.loadPostgresql(PRIMARY);
            } catch (SQLException e) {
                throw new IllegalStateException("The PostgreSQL primary/standby pair is not up: .ci/scale-servers start creates it", e);
            }
            EngineOptions options = EngineOptions.builder().user("postgres").build();
            Engine primary = Engine.create(PRIMARY + "?currentSchema=retort_bench", options);
            RoutingEngine.Builder b = RoutingEngine.builder(primary);
            if (readServers == 2) {
                b.replicas(Engine.create(PRIMARY + "?currentSchema=retort_bench", options), Engine.create(STANDBY + "?currentSchema=retort_bench", options));
            }
            router = b.build();
            awaitStandby();
        }

        /** Waits until the standby has the benchmark's rows, so that both read servers answer alike. */
        private void awaitStandby() throws Exception {
            String rows = "SELECT CASE WHEN to_regclass('retort_bench.items') IS NULL THEN 0 ELSE "
                    + "(xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM retort_bench.items', false, true, '')))[1]::text::int END";
            for (int i = 0; i < 300; i++) {
                try (java.sql.Connection c = DriverManager.getConnection(STANDBY, "postgres", "");
                        var rs = c.createStatement().executeQuery(rows)) {
                    if (rs.next() && rs.getInt(1) == Shop.USERS * Shop.ORDERS_PER_USER * Shop.ITEMS_PER_ORDER) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("The standby did not replay the benchmark's tables within 30 s");
        }

        @TearDown(Level.Trial)
        public void close() {
            List<Long> counts = router.readCounts();
            long total = counts.stream().mapToLong(Long::longValue).sum();
            long onPrimary = counts.get(0) + (readServers == 2 ? counts.get(1) : 0);
            System.out.printf("%nread servers: %d, reads: %d, on the primary: %.1f%% (per server, primary first: %s)%n",
                    readServers, total, 100.0 * onPrimary / Math.max(1, total), counts);
            router.dispose();
        }
    }

    /** Each thread's connection. */
    @State(Scope.Thread)
    public static class Client {
        RoutedConnection conn;
        long n;

        @Setup(Level.Trial)
        public void open(Servers servers) {
            conn = servers.router.connect();
        }

        @TearDown(Level.Trial)
        public void close() {
            conn.close();
        }
    }

    @Benchmark
    public List<Row> midSelect(Client c) {
        long k = c.n++;
        return c.conn.execute(Shop.midSelect(Shop.age(k), Shop.statuses(k), Shop.pattern(k), Shop.qty(k))).all();
    }
}
