package dev.retort.bench;

import dev.retort.sql.Select;
import java.lang.management.ManagementFactory;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The hit-path benchmarks measured in CPU time of the measuring thread rather than wall time,
 * for a machine shared with other work, where JMH's wall-clock figures mostly measure the
 * waiting (other threads' work still costs some through shared caches), with the bytes the
 * thread allocated per operation (which load does not change). No JMH safeguards beyond a
 * warm-up and a static sink: use it to compare two builds back to back. The PK steps before
 * execution are listed too, to tell Retort's own cost from the database's.
 *
 * <pre>
 * java -cp retort-bench/target/benchmarks.jar dev.retort.bench.CpuTimeMain
 * </pre>
 */
public final class CpuTimeMain {
    private static final int ROUNDS = 7;
    static volatile Object sink;

    private CpuTimeMain() {
    }

    public static void main(String[] args) throws Exception {
        Shop s = new Shop();
        s.open();
        PreparedStatement reused = s.pkStatement;
        // The same statement on the pool's connection (HikariCP proxies), which Retort executes through.
        PreparedStatement pooled = s.retort.jdbc().prepareStatement(Shop.PK_SQL);
        Map<String, Callable<Object>> benches = new LinkedHashMap<>();
        benches.put("build", () -> {
            long n = s.next();
            return Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n));
        });
        benches.put("build + key", () -> {
            long n = s.next();
            return Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)).cacheKey();
        });
        benches.put("build + key + lookup + bind", () -> {
            long n = s.next();
            return s.engine.boundSql(Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)), Map.of());
        });
        benches.put("lambda + key + lookup + bind", () -> {
            long n = s.next();
            return s.engine.boundSql(Shop.midLambda(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)), Map.of());
        });
        benches.put("PK: build + key + lookup + bind", () -> s.engine.boundSql(Shop.pkSelect(Shop.userId(s.next())), Map.of()));
        benches.put("PK: lambda + key + lookup + bind", () -> s.engine.boundSql(Shop.pkLambda(Shop.userId(s.next())), Map.of()));
        benches.put("PK: JDBC, one PreparedStatement", () -> pk(reused, s));
        benches.put("PK: JDBC, pooled connection", () -> pk(pooled, s));
        benches.put("PK: Retort", () -> s.retort.execute(Shop.pkSelect(Shop.userId(s.next()))).all());
        benches.put("PK: Retort lambdaStmt", () -> s.retort.execute(Shop.pkLambda(Shop.userId(s.next()))).all());
        // One statement object run again and again (its key made once): the engine's own cost per execution, without building.
        Select same = Shop.pkSelect(7);
        benches.put("PK: Retort, same statement", () -> s.retort.execute(same).all());
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (Map.Entry<String, Callable<Object>> e : benches.entrySet()) {
            Callable<Object> b = e.getValue();
            long warmEnd = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                for (int i = 0; i < 1000; i++) {
                    sink = b.call();
                }
            }
            int n = e.getKey().startsWith("PK: JDBC") || e.getKey().startsWith("PK: Retort") ? 50_000 : 300_000;
            double[] perOp = new double[ROUNDS];
            long allocated = 0;
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = mx.getCurrentThreadCpuTime();
                long a0 = mx.getThreadAllocatedBytes(thread);
                for (int i = 0; i < n; i++) {
                    sink = b.call();
                }
                perOp[r] = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / n;
                allocated += mx.getThreadAllocatedBytes(thread) - a0;
            }
            Arrays.sort(perOp);
            System.out.printf("%-34s median %6.2f µs CPU/op (min %6.2f, max %6.2f over %d rounds), %6.0f B/op%n", e.getKey(), perOp[ROUNDS / 2],
                    perOp[0], perOp[ROUNDS - 1], ROUNDS, allocated / (double) ROUNDS / n);
        }
        pooled.close();
        s.close();
    }

    private static List<Object[]> pk(PreparedStatement ps, Shop s) throws SQLException {
        ps.setInt(1, Shop.userId(s.next()));
        try (var rs = ps.executeQuery()) {
            return Shop.rows(rs, 4);
        }
    }
}
