package dev.retort.bench.orm;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@link OrmVsHibernateBench}'s scenarios measured in CPU time of the measuring thread (the
 * client's work: the ORM and the driver, not the database server's nor the garbage collector's),
 * with wall time beside it, for a shared machine where JMH's wall-clock figures mostly measure
 * the waiting. Each scenario warms up, then runs {@value #ROUNDS} rounds; the median and the
 * spread are printed. Compare two builds back to back.
 *
 * <p>With the filter {@code d_phases}, scenario (d) is split into its phases, each in CPU time:
 * Retort's load, its flush, and its flush and commit (every other op, so that no second flush
 * is counted); the database's share of a commit, a raw JDBC commit of a like UPDATE; and
 * Hibernate's load and commit (its flush runs in its commit): where (d)'s time goes, without
 * JMH's wall clock.
 *
 * <pre>
 * java -cp retort-bench/target/benchmarks.jar dev.retort.bench.orm.OrmCpuTimeMain sqlite,postgresql [a_|b_|c_|d_|d_phases]
 * </pre>
 */
public final class OrmCpuTimeMain {
    private static final int ROUNDS = 7;
    static volatile Object sink;

    private OrmCpuTimeMain() {
    }

    public static void main(String[] args) throws Exception {
        String filter = args.length > 1 ? args[1] : "";
        for (String db : (args.length > 0 ? args[0] : "sqlite,postgresql").split(",")) {
            OrmWorld w = new OrmWorld();
            w.db = db;
            w.setUp();
            try {
                OrmVsHibernateBench b = new OrmVsHibernateBench();
                Map<String, Callable<Object>> benches = new LinkedHashMap<>();
                benches.put("a_loadJoined_retort", () -> b.a_loadJoined_retort(w));
                benches.put("a_loadJoined_hibernate", () -> b.a_loadJoined_hibernate(w));
                benches.put("a_loadJoined_jdbc", () -> b.a_loadJoined_jdbc(w));
                benches.put("a_loadSelectin_retort", () -> b.a_loadSelectin_retort(w));
                benches.put("a_loadSelectin_retortDefaults", () -> b.a_loadSelectin_retortDefaults(w));
                benches.put("a_loadBatched_hibernate", () -> b.a_loadBatched_hibernate(w));
                benches.put("a_loadSelectin_jdbc", () -> b.a_loadSelectin_jdbc(w));
                benches.put("b_getById_retort", () -> b.b_getById_retort(w));
                benches.put("b_getById_retortDefaults", () -> b.b_getById_retortDefaults(w));
                benches.put("b_getById_hibernate", () -> b.b_getById_hibernate(w));
                benches.put("b_getById_jdbc", () -> b.b_getById_jdbc(w));
                benches.put("c_insert10000_retort", () -> b.c_insert10000_retort(w));
                benches.put("c_insert10000_hibernate", () -> b.c_insert10000_hibernate(w));
                benches.put("d_change1000_retort", () -> b.d_change1000_retort(w));
                benches.put("d_change1000_retortFromValues", () -> b.d_change1000_retortFromValues(w));
                benches.put("d_change1000_retortBatches", () -> b.d_change1000_retortBatches(w));
                benches.put("d_change1000_hibernate", () -> b.d_change1000_hibernate(w));
                if (filter.equals("d_phases")) {
                    phases(db, w);
                    continue;
                }
                for (Map.Entry<String, Callable<Object>> e : benches.entrySet()) {
                    if (e.getKey().startsWith(filter) || e.getKey().contains(filter)) {
                        measure(db, e.getKey(), e.getValue(), w);
                    }
                }
            } finally {
                w.tearDown();
            }
        }
    }

    private static void measure(String db, String name, Callable<Object> bench, OrmWorld w) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        boolean small = name.startsWith("b_");
        int n = small ? 5_000 : name.startsWith("d_") ? 20 : 5;
        long warmEnd = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            sink = bench.call();
            w.deleteInserted();
        }
        double[] cpu = new double[ROUNDS];
        double[] wall = new double[ROUNDS];
        long allocated = 0;
        long gcMillis = -gcMillis();
        for (int r = 0; r < ROUNDS; r++) {
            long c = 0;
            long t = 0;
            long a0 = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                sink = bench.call();
                c += mx.getCurrentThreadCpuTime() - c0;
                t += System.nanoTime() - t0;
                if (name.startsWith("c_")) {
                    w.deleteInserted();
                }
            }
            allocated += mx.getCurrentThreadAllocatedBytes() - a0;
            cpu[r] = c / 1000.0 / n;
            wall[r] = t / 1000.0 / n;
        }
        gcMillis += gcMillis();
        Arrays.sort(cpu);
        Arrays.sort(wall);
        // Scenario (c)'s clean-up runs inside the rounds: its allocation and GC are counted too (small next to 10,000 inserts).
        System.out.printf("%-11s %-30s CPU median %12.1f µs/op (min %12.1f, max %12.1f)   wall median %12.1f µs/op (min %12.1f)   %10.0f B/op   GC %8.1f µs/op%n",
                db, name, cpu[ROUNDS / 2], cpu[0], cpu[ROUNDS - 1], wall[ROUNDS / 2], wall[0], (double) allocated / (ROUNDS * n),
                gcMillis * 1000.0 / (ROUNDS * n));
    }

    /** Scenario (d)'s phases in CPU time, medians of {@value #ROUNDS} rounds of 40 after a warm-up of 4 s (see the class comment). */
    private static void phases(String db, OrmWorld w) throws java.sql.SQLException {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] names = {"retort load", "retort flush", "retort flush+commit", "raw JDBC commit", "hibernate load", "hibernate commit"};
        int n = 40;
        double[][] rounds = new double[names.length][ROUNDS];
        long warmEnd = System.nanoTime() + 4_000_000_000L;
        for (int r = -1; r < ROUNDS; r++) {
            long[] cpu = new long[names.length];
            for (int i = 0; i < n || r < 0 && System.nanoTime() < warmEnd; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                try (var s = w.retortForgetting.open()) {
                    java.util.List<Item> items = RetortOps.firstItems(s);
                    long t1 = mx.getCurrentThreadCpuTime();
                    for (Item it : items) {
                        it.qty = it.qty + 1;
                    }
                    // Every other op flushes before its commit: a commit flushes again (finding nothing), which the others' figure has not.
                    if (i % 2 == 0) {
                        s.flush();
                        cpu[1] += 2 * (mx.getCurrentThreadCpuTime() - t1);
                    } else {
                        s.commit();
                        cpu[2] += 2 * (mx.getCurrentThreadCpuTime() - t1);
                    }
                    cpu[0] += t1 - t0;
                    sink = items;
                }
                try (var c = w.pool.getConnection()) {
                    c.setAutoCommit(false);
                    try (var st = c.createStatement()) {
                        st.executeUpdate("UPDATE bench_items" + w.suffix + " SET qty = qty + 1 WHERE id <= " + OrmWorld.CHANGED);
                    }
                    long t4 = mx.getCurrentThreadCpuTime();
                    c.commit();
                    cpu[3] += mx.getCurrentThreadCpuTime() - t4;
                    c.setAutoCommit(true);
                }
                long t5 = mx.getCurrentThreadCpuTime();
                try (var s = w.hibernate.openSession()) {
                    var tx = s.beginTransaction();
                    java.util.List<Item> items = HibernateOps.firstItems(s);
                    long t6 = mx.getCurrentThreadCpuTime();
                    for (Item it : items) {
                        it.qty = it.qty + 1;
                    }
                    tx.commit();
                    cpu[4] += t6 - t5;
                    cpu[5] += mx.getCurrentThreadCpuTime() - t6;
                    sink = items;
                }
            }
            for (int k = 0; r >= 0 && k < names.length; k++) {
                rounds[k][r] = cpu[k] / 1000.0 / n;
            }
        }
        for (int k = 0; k < names.length; k++) {
            Arrays.sort(rounds[k]);
            System.out.printf("%-11s d_phases %-20s CPU median %10.1f µs/op (min %10.1f, max %10.1f)%n", db, names[k], rounds[k][ROUNDS / 2],
                    rounds[k][0], rounds[k][ROUNDS - 1]);
        }
    }

    private static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
