package dev.retort.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@link InsertKeysBench} measured in CPU time of the inserting thread rather than wall time,
 * for a machine shared with other work: SQLite runs in that thread (JNI), so its figure holds
 * the database's work too; PostgreSQL's server work is not in it. Plain JDBC and Retort
 * alternate round by round, each after emptying the table.
 *
 * <pre>
 * java -cp retort-bench/target/benchmarks.jar dev.retort.bench.InsertKeysCpuMain sqlite postgresql
 * </pre>
 */
public final class InsertKeysCpuMain {
    private static final int WARMUP = 15;
    private static final int ROUNDS = 25;
    static volatile Object sink;

    private InsertKeysCpuMain() {
    }

    public static void main(String[] args) throws Exception {
        for (String db : args.length == 0 ? new String[] {"sqlite", "postgresql"} : args) {
            InsertKeysBench b = new InsertKeysBench();
            b.db = db;
            b.open();
            try {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                double[][] ms = new double[2][ROUNDS];
                for (int r = -WARMUP; r < ROUNDS; r++) {
                    for (int side = 0; side < 2; side++) {
                        Callable<Object> run = side == 0 ? b::a_plainJdbc : b::b_retortWithKeys;
                        b.empty();
                        long t0 = mx.getCurrentThreadCpuTime();
                        sink = run.call();
                        double spent = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
                        if (r >= 0) {
                            ms[side][r] = spent;
                        }
                    }
                }
                String[] names = {"plain JDBC", "Retort with keys"};
                for (int side = 0; side < 2; side++) {
                    Arrays.sort(ms[side]);
                    System.out.printf("%-10s %-17s median %7.1f ms CPU (min %7.1f, max %7.1f over %d rounds)%n", db, names[side],
                            ms[side][ROUNDS / 2], ms[side][0], ms[side][ROUNDS - 1], ROUNDS);
                }
                System.out.printf("%-10s ratio of medians %.2f%n", db, ms[1][ROUNDS / 2] / ms[0][ROUNDS / 2]);
            } finally {
                b.close();
            }
        }
    }
}
