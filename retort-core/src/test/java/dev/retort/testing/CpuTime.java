package dev.retort.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The calling thread's CPU time, for tests that hold hostile input to "refused in milliseconds": what the
 * input costs is the work done, and wall time on a loaded machine (CI running beside other jobs) also
 * counts the time the thread waited for a core.
 */
public final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTime() {
    }

    /** A reading to pass to {@link #since(long)}; wall time where the JVM cannot measure thread CPU time. */
    public static long now() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** The CPU time this thread spent since {@code start}, a reading of {@link #now()}. */
    public static Duration since(long start) {
        return Duration.ofNanos(now() - start);
    }
}
