package dev.retort.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops asking an unreachable Redis: after {@code threshold} failures in a row the breaker opens
 * and calls skip Redis at the cost of one volatile read; after a pause (doubling from
 * {@code minOpen} up to {@code maxOpen}) one caller tries again, and a success closes it.
 */
final class CircuitBreaker {
    private final int threshold;
    private final long minOpenNanos;
    private final long maxOpenNanos;
    /** 0 while closed; else when the next trial may run ({@link System#nanoTime()}). */
    private volatile long openUntil;
    private volatile int failures;
    private long openFor;
    private final AtomicBoolean trial = new AtomicBoolean();

    CircuitBreaker(int threshold, Duration minOpen, Duration maxOpen) {
        this.threshold = threshold;
        this.minOpenNanos = minOpen.toNanos();
        this.maxOpenNanos = maxOpen.toNanos();
    }

    /** Whether a call may go to Redis now: always while closed; once per pause while open. */
    boolean allow() {
        long until = openUntil;
        if (until == 0) {
            return true;
        }
        return System.nanoTime() - until >= 0 && trial.compareAndSet(false, true);
    }

    /** Whether the breaker is open (Redis counted as down). */
    boolean isOpen() {
        return openUntil != 0;
    }

    void success() {
        if (failures != 0 || openUntil != 0) {
            synchronized (this) {
                failures = 0;
                openFor = 0;
                openUntil = 0;
                trial.set(false);
            }
        }
    }

    /** Counts a failure; true when this one opened the breaker (or kept it open after a trial). */
    synchronized boolean failure() {
        failures++;
        if (failures < threshold) {
            return false;
        }
        openFor = openFor == 0 ? minOpenNanos : Math.min(openFor * 2, maxOpenNanos);
        long until = System.nanoTime() + openFor;
        openUntil = until == 0 ? 1 : until;
        trial.set(false);
        return true;
    }
}
