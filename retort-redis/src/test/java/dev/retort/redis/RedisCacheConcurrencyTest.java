package dev.retort.redis;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, with writers and readers on their own connections at once: after each commit
 * of a write through the cache, no reader is served the rows from before it. Writers pause
 * between their write and their commit, which is the window an invalidation before the commit
 * leaves open; the control run invalidates there, as the cache once did, and is caught.
 */
class RedisCacheConcurrencyTest {
    private static final int WRITERS = 2;
    private static final int READERS = 4;
    private final String name = "cache_conc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final TableClause counter = table(name, column("id", Types.INTEGER), column("v", Types.INTEGER));
    private final String namespace = "retort-test-" + UUID.randomUUID();
    private Engine engine;

    @BeforeEach
    void setUp() {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        engine = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", EngineOptions.builder().user("postgres").poolSize(WRITERS + READERS + 2).build());
        try (Connection c = engine.begin()) {
            c.execute(text("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
            c.execute(text("INSERT INTO " + name + " VALUES (1, 0)"));
        }
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            try (Connection c = engine.begin()) {
                c.execute(text("DROP TABLE IF EXISTS " + name));
            }
            engine.dispose();
        }
    }

    /** Figures of one run. */
    record Run(long reads, long writes, long stale, long readsFromDatabase, double seconds) {
    }

    @Test
    void afterEachCommitNoReaderIsServedTheOldRows() throws Exception {
        Run run = run(false, Duration.ofSeconds(6));
        System.out.printf("RedisCacheConcurrencyTest: %d writers, %d readers, %.1f s: %d commits, %d reads (%d from PostgreSQL, %d from Redis), %d stale%n",
                WRITERS, READERS, run.seconds(), run.writes(), run.reads(), run.readsFromDatabase(), run.reads() - run.readsFromDatabase(), run.stale());
        assertThat(run.writes()).isGreaterThan(20);
        assertThat(run.reads() - run.readsFromDatabase()).as("reads served by Redis").isGreaterThan(100);
        assertThat(run.stale()).isZero();
    }

    @Test
    void theControlInvalidatingBeforeTheCommitIsCaught() throws Exception {
        Run run = run(true, Duration.ofSeconds(4));
        System.out.printf("RedisCacheConcurrencyTest (control, invalidation before commit): %d commits, %d reads, %d stale%n",
                run.writes(), run.reads(), run.stale());
        assertThat(run.stale()).as("the test detects stale reads").isPositive();
    }

    private Run run(boolean invalidateBeforeCommit, Duration length) throws Exception {
        Select read = select(counter.c("v")).where(counter.c("id").eq(1));
        AtomicInteger committed = new AtomicInteger();
        AtomicLong reads = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        AtomicLong fromDatabase = new AtomicLong();
        engine.addListener((sql, params) -> {
            if (sql.startsWith("SELECT") && !sql.contains("FOR UPDATE")) {
                fromDatabase.incrementAndGet();
            }
        });
        long end = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).build()) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                tasks.add(pool.submit(() -> {
                    while (System.nanoTime() < end && (!invalidateBeforeCommit || stale.get() == 0)) {
                        try (Connection conn = engine.connect()) {
                            var write = update(counter).values(Map.of("v", counter.c("v").add(1))).where(counter.c("id").eq(1)).returning(counter.c("v"));
                            int v;
                            if (invalidateBeforeCommit) {
                                v = (Integer) conn.execute(write).scalar();
                                cache.invalidate(counter);
                            } else {
                                v = (Integer) cache.execute(conn, write).scalar();
                            }
                            Thread.sleep(5);
                            conn.commit();
                            committed.accumulateAndGet(v, Math::max);
                            writes.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < READERS; r++) {
                tasks.add(pool.submit(() -> {
                    try (Connection conn = engine.connect()) {
                        while (System.nanoTime() < end && (!invalidateBeforeCommit || stale.get() == 0)) {
                            int floor = committed.get();
                            int v = (Integer) cache.fetch(conn, read).get(0).get(0);
                            conn.commit();
                            reads.incrementAndGet();
                            if (v < floor) {
                                stale.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (length.toNanos() - Math.max(0, end - System.nanoTime())) / 1e9;
        return new Run(reads.get(), writes.get(), stale.get(), fromDatabase.get(), seconds);
    }
}
