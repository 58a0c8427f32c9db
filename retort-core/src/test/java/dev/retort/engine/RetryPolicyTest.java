package dev.retort.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.CommitOutcomeUnknownException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.RetortException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which failures a {@link RetryPolicy} runs again, how often, and how long it waits. */
class RetryPolicyTest {
    private static OperationalException conflict() {
        return new OperationalException("conflict", null, List.of(), new SQLException("x", "40001"), false, true);
    }

    private static OperationalException disconnect() {
        return new OperationalException("lost", null, List.of(), new SQLException("x", "08006"), true, false);
    }

    @Test
    void serializationFailuresAreRetriedUntilTheWorkSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        List<Integer> retried = new ArrayList<>();
        String result = RetryPolicy.onSerializationFailure().maxAttempts(5).backoff(Duration.ZERO, Duration.ZERO)
                .onRetry((attempt, failure, delay) -> retried.add(attempt)).call(() -> {
                    if (runs.incrementAndGet() < 4) {
                        throw conflict();
                    }
                    return "done";
                });
        assertThat(result).isEqualTo("done");
        assertThat(runs).hasValue(4);
        assertThat(retried).containsExactly(1, 2, 3);
    }

    @Test
    void theLastFailureIsThrownWhenAttemptsRunOut() {
        AtomicInteger runs = new AtomicInteger();
        OperationalException last = conflict();
        assertThatThrownBy(() -> RetryPolicy.onSerializationFailure().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).run(() -> {
            runs.incrementAndGet();
            throw last;
        })).isSameAs(last);
        assertThat(runs).hasValue(3);
    }

    @Test
    void otherFailuresAndUnknownCommitsAreNeverRetried() {
        RetryPolicy policy = RetryPolicy.onSerializationFailure().alsoOnDisconnect().maxAttempts(10);
        CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException("lost in commit", List.of(), 1, new SQLException("x", "08006"));
        for (RuntimeException e : List.of(unknown, new RetortException("x", unknown), new IntegrityException("dup", null, List.of(), new SQLException("x", "23505")),
                new IllegalStateException("bug"), new OperationalException("timeout", null, List.of(), new SQLException("x", "57014")))) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> policy.run(() -> {
                runs.incrementAndGet();
                throw e;
            })).isSameAs(e);
            assertThat(runs).as("%s", e).hasValue(1);
        }
    }

    @Test
    void disconnectsAreRetriedOnlyWhenAsked() {
        assertThat(RetryPolicy.onSerializationFailure().retries(disconnect())).isFalse();
        assertThat(RetryPolicy.onSerializationFailure().alsoOnDisconnect().retries(disconnect())).isTrue();
        // A wrapped failure counts by its first OperationalException.
        assertThat(RetryPolicy.onSerializationFailure().retries(new RetortException("flush failed", conflict()))).isTrue();
    }

    @Test
    void waitsAreRandomBelowABoundThatDoublesUpToTheMaximum() {
        List<Duration> delays = new ArrayList<>();
        RetryPolicy policy = RetryPolicy.onSerializationFailure().maxAttempts(9).backoff(Duration.ofNanos(1000), Duration.ofNanos(20_000))
                .onRetry((attempt, failure, delay) -> delays.add(delay));
        for (int i = 0; i < 120; i++) {
            assertThatThrownBy(() -> policy.run(() -> {
                throw conflict();
            })).isInstanceOf(OperationalException.class);
        }
        long[] max = new long[8];
        for (int i = 0; i < delays.size(); i++) {
            int attempt = i % 8;
            long bound = Math.min(20_000, 1000L << attempt);
            assertThat(delays.get(i).toNanos()).isBetween(0L, bound);
            max[attempt] = Math.max(max[attempt], delays.get(i).toNanos());
        }
        // Jitter spreads the waits over the bound: over 120 runs each attempt's largest comes near it.
        for (int attempt = 0; attempt < 8; attempt++) {
            assertThat(max[attempt]).isGreaterThan(Math.min(20_000, 1000L << attempt) * 8 / 10);
        }
        assertThat(delays.stream().distinct().count()).isGreaterThan(60);
    }

    @Test
    void anInterruptEndsTheRetries() {
        AtomicInteger runs = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> RetryPolicy.onSerializationFailure().maxAttempts(5).backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).run(() -> {
                runs.incrementAndGet();
                throw conflict();
            })).isInstanceOf(OperationalException.class).satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThat(runs).hasValue(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.onSerializationFailure().maxAttempts(0)).isInstanceOf(ArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.onSerializationFailure().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("backoff");
        assertThatThrownBy(() -> RetryPolicy.onSerializationFailure().onRetry(null)).isInstanceOf(ArgumentException.class);
    }
}
