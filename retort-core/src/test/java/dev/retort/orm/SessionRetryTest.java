package dev.retort.orm;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.RetryPolicy;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A session's unit of work under a {@link RetryPolicy}: concurrent read-modify-write increments
 * through the ORM under SERIALIZABLE lose none, because each conflict re-runs the whole session.
 */
class SessionRetryTest {
    /** A mapped counter. */
    public static class Counter {
        Integer id;
        Integer hits;

        public Counter() {
        }
    }

    static Stream<Database> servers() {
        return Stream.of(Database.POSTGRESQL, Database.MARIADB);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("servers")
    void sessionCommitsRetriedOnSerializationFailuresLoseNoUpdate(Database db) throws Exception {
        Engine engine = db.newEngine(EngineOptions.builder().poolSize(4).isolationLevel("SERIALIZABLE"));
        try (TempTable t = new TempTable(engine, "counter", "id INTEGER PRIMARY KEY, hits INTEGER NOT NULL")) {
            engine.inTransaction(c -> c.execute(text("INSERT INTO " + t + " (id, hits) VALUES (1, 0)")));
            MetaData metadata = new MetaData();
            Table counters = new Table(t.name(), metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("hits", Types.INTEGER));
            Registry registry = new Registry(metadata);
            registry.mapImperatively(Counter.class, counters);
            try {
                SessionFactory factory = SessionFactory.of(engine);
                AtomicInteger retries = new AtomicInteger();
                RetryPolicy policy = RetryPolicy.onSerializationFailure().maxAttempts(100).backoff(Duration.ofMillis(1), Duration.ofMillis(50))
                        .onRetry((attempt, failure, delay) -> retries.incrementAndGet());
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> workers = new ArrayList<>();
                // Every worker's first transaction reads the counter before any of them commits, so at
                // least one conflict happens however the threads are scheduled on a busy machine.
                java.util.concurrent.CyclicBarrier allHaveRead = new java.util.concurrent.CyclicBarrier(4);
                for (int w = 0; w < 4; w++) {
                    workers.add(pool.submit(() -> {
                        boolean[] first = {true};
                        for (int i = 0; i < 10; i++) {
                            policy.run(() -> {
                                try (Session session = factory.open()) {
                                    Counter c = session.get(Counter.class, 1);
                                    c.hits = c.hits + 1;
                                    if (first[0]) {
                                        first[0] = false;
                                        awaitQuietly(allHaveRead);
                                    }
                                    session.commit();
                                }
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                pool.shutdown();
                Object hits = engine.transaction(c -> c.execute(text("SELECT hits FROM " + t + " WHERE id = 1")).scalar());
                System.out.printf("FAULTS %s ORM sessions: 4 threads x 10 increments under SERIALIZABLE, %d retries, final count %s%n", db, retries.get(), hits);
                assertThat(((Number) hits).intValue()).isEqualTo(40);
                assertThat(retries.get()).isPositive();
            } finally {
                registry.dispose();
            }
        } finally {
            engine.dispose();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the workers did not all read the counter", e);
        }
    }
}
