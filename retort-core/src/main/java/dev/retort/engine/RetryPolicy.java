package dev.retort.engine;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.CommitOutcomeUnknownException;
import dev.retort.exc.OperationalException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * When to run a unit of work again: after a serialization failure or a deadlock (the normal
 * outcome of concurrent transactions under SERIALIZABLE or row locks), up to a number of
 * attempts, waiting a random time between attempts ("full jitter": uniform between zero and a
 * bound that doubles from {@code backoff}'s first value up to its second) so that the
 * transactions that collided do not collide again. A {@link CommitOutcomeUnknownException} is
 * never retried: the work may have been committed. Immutable; each method returns a copy.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.onSerializationFailure().maxAttempts(5)
 *         .backoff(Duration.ofMillis(10), Duration.ofSeconds(1));
 * engine.transaction(conn -> transfer(conn, from, to, amount), policy);
 *
 * // any unit of work that opens and ends its own transaction, an ORM session for instance:
 * policy.call(() -> {
 *     try (Session session = factory.open()) {
 *         session.get(Account.class, 1).withdraw(10);
 *         session.commit();
 *         return null;
 *     }
 * });
 * }</pre>
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final boolean onDisconnect;
    private final Listener listener;

    private RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, boolean onDisconnect, Listener listener) {
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.onDisconnect = onDisconnect;
        this.listener = listener;
    }

    /** Told about each retry, before its wait. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param attempt the attempt that failed, from 1
         * @param failure its exception
         * @param delay the wait before the next attempt
         */
        void retrying(int attempt, RuntimeException failure, Duration delay);
    }

    /**
     * Retries serialization failures and deadlocks ({@link OperationalException#isSerializationFailure()}:
     * PostgreSQL 40001 and 40P01, MySQL/MariaDB 1213 and 1205, SQLSTATE 40001 elsewhere): 3
     * attempts in all, backoff from 10 ms up to 1 s.
     */
    public static RetryPolicy onSerializationFailure() {
        return new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), false, (a, f, d) -> {
        });
    }

    /** How many times the work runs at most, the first included (at least 1). */
    public RetryPolicy maxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new ArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, onDisconnect, listener);
    }

    /**
     * The bound of the random wait before the second attempt ({@code first}), doubling for each
     * further attempt up to {@code max}.
     */
    public RetryPolicy backoff(Duration first, Duration max) {
        if (first == null || max == null || first.isNegative() || max.compareTo(first) < 0) {
            throw new ArgumentException("backoff needs 0 <= first <= max, got " + first + " and " + max);
        }
        return new RetryPolicy(maxAttempts, first, max, onDisconnect, listener);
    }

    /**
     * Also retries when the connection was lost before the transaction committed
     * ({@link OperationalException#isDisconnect()}): the database rolled the transaction back,
     * and the engine's pool has fresh connections for the next attempt. A connection lost
     * during the commit itself is still not retried.
     */
    public RetryPolicy alsoOnDisconnect() {
        return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, true, listener);
    }

    /** A listener told about each retry (for logging or metrics). */
    public RetryPolicy onRetry(Listener listener) {
        if (listener == null) {
            throw new ArgumentException("onRetry needs a listener, got null");
        }
        return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, onDisconnect, listener);
    }

    /**
     * Runs {@code work}, again while it fails in a way this policy retries and attempts remain;
     * returns what it returns, or throws its last exception. The work must begin and end its own
     * transaction, so that each attempt starts afresh. An interrupt during a wait ends the
     * retries: the last exception is thrown, the thread's interrupt flag set again.
     */
    public <T> T call(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts || !retries(e)) {
                    throw e;
                }
                Duration delay = delay(attempt);
                listener.retrying(attempt, e, delay);
                try {
                    Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }

    /** {@link #call} for work that returns nothing. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Whether this policy runs the work again after {@code failure}: the first
     * {@link OperationalException} among it and its causes is a serialization failure (or, with
     * {@link #alsoOnDisconnect()}, a lost connection), and not an unknown commit outcome.
     */
    public boolean retries(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof CommitOutcomeUnknownException) {
                return false;
            }
            if (t instanceof OperationalException o) {
                return o.isSerializationFailure() || (onDisconnect && o.isDisconnect());
            }
        }
        return false;
    }

    /** A uniform random wait below the attempt's bound. */
    private Duration delay(int attempt) {
        long max = maxBackoff.toNanos();
        long bound = firstBackoff.toNanos();
        for (int i = 1; i < attempt && bound < max; i++) {
            bound = bound > max / 2 ? max : bound * 2;
        }
        return Duration.ofNanos(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + firstBackoff + ".." + maxBackoff
                + (onDisconnect ? ", alsoOnDisconnect" : "") + "]";
    }
}
