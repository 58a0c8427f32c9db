package dev.retort.redis;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Execution;
import dev.retort.engine.ExecutionListener;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached result is what the database returns now, after a commit, even when the connection
 * that fills the cache holds an older snapshot (a transaction that has read already, under
 * SQLite's, or REPEATABLE READ as InnoDB's default), and even when the commit lands while a read is
 * running (the in-process near cache).
 */
class RedisCacheSnapshotTest {
    @TempDir
    Path dir;
    final String namespace = "retort-test-" + UUID.randomUUID();

    RedisResultCache cache(boolean near) {
        RedisResultCache.Builder b = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1));
        if (near) {
            b.nearCache(Duration.ofMinutes(1), 1000);
        }
        return b.build();
    }

    static Object scalar(List<Row> rows) {
        return rows.get(0).get(0);
    }

    /** Before: the reader stored its snapshot's "item 5" under the new generation, and every later reader got it. */
    void anOldSnapshotNeverFillsTheCache(Engine engine, Table items) {
        Select name5 = select(items.c("name")).where(items.c("id").eq(5));
        try (RedisResultCache cache = cache(false)) {
            try (Connection reader = engine.connect(); Connection writer = engine.connect()) {
                reader.execute(select(items.c("name")).where(items.c("id").eq(6))).all();    // the reader's snapshot begins
                cache.execute(writer, update(items).values(Map.of("name", "renamed")).where(items.c("id").eq(5)));
                writer.commit();
                assertThat(scalar(cache.fetch(reader, name5))).as("the database answers the reader from its snapshot")
                        .isEqualTo(scalar(reader.execute(name5).all()));
            }
            try (Connection fresh = engine.connect()) {
                assertThat(scalar(fresh.execute(name5).all())).isEqualTo("renamed");
                assertThat(scalar(cache.fetch(fresh, name5))).isEqualTo("renamed");
            }
        }
    }

    static Table items(String suffix, MetaData md) {
        return new Table("snap_items_" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)));
    }

    static void fill(Engine engine, MetaData md, Table items) {
        md.createAll(engine);
        try (Connection c = engine.begin()) {
            for (int i = 0; i < 10; i++) {
                c.execute(dev.retort.sql.SQL.insert(items), Map.of("id", i, "name", "item " + i));
            }
        }
    }

    /** Runs {@code test} on a filled table in a SQLite file of its own (WAL: readers keep their snapshots). */
    void onSqlite(String file, java.util.function.BiConsumer<Engine, Table> test) {
        RedisAvailable.require();
        Engine engine = Engine.create("jdbc:sqlite:" + dir.resolve(file));
        try {
            MetaData md = new MetaData();
            Table items = items("s", md);
            fill(engine, md, items);
            test.accept(engine, items);
        } finally {
            engine.dispose();
        }
    }

    @Test
    void anOldSnapshotNeverFillsTheCacheOnSqlite() {
        onSqlite("snap.db", this::anOldSnapshotNeverFillsTheCache);
    }

    @Test
    void anOldSnapshotNeverFillsTheCacheOnPostgresqlRepeatableRead() {
        RedisAvailable.require();
        Engine engine = Engine.create("jdbc:postgresql://127.0.0.1:5432/test",
                EngineOptions.builder().user("postgres").isolationLevel("REPEATABLE READ").build());
        MetaData md = new MetaData();
        Table items = items(UUID.randomUUID().toString().substring(0, 8), md);
        try {
            fill(engine, md, items);
            anOldSnapshotNeverFillsTheCache(engine, items);
        } finally {
            md.dropAll(engine);
            engine.dispose();
        }
    }

    /** A read the cache runs ends only a transaction it began: not one the caller opened with a savepoint. */
    @Test
    void aFetchAfterASavepointLeavesTheTransactionAlone() {
        onSqlite("nested.db", (engine, items) -> {
            try (RedisResultCache cache = cache(false); Connection conn = engine.connect()) {
                dev.retort.engine.NestedTransaction savepoint = conn.beginNested();
                assertThat(scalar(cache.fetch(conn, select(items.c("name")).where(items.c("id").eq(5))))).isEqualTo("item 5");
                conn.execute(update(items).values(Map.of("name", "in savepoint")).where(items.c("id").eq(6)));
                savepoint.rollback();
                conn.commit();
                assertThat(scalar(conn.execute(select(items.c("name")).where(items.c("id").eq(6))).all())).isEqualTo("item 6");
            }
        });
    }

    /**
     * A commit, and its invalidation, land while a read is running: the rows it read are from
     * before the commit. Before, they went into the near cache after the invalidation had
     * emptied it, and the same process served them after the commit.
     */
    @Test
    void aReadOverlappingACommitNeverFillsTheNearCache() {
        onSqlite("near.db", (engine, items) -> {
            Select name5 = select(items.c("name")).where(items.c("id").eq(5));
            try (RedisResultCache cache = cache(true)) {
                AtomicBoolean armed = new AtomicBoolean(true);
                engine.addListener(new ExecutionListener() {
                    @Override
                    public void onExecute(String sql, List<Object> params) {
                    }

                    @Override
                    public void afterExecute(Execution execution) {
                        if (execution.sql().startsWith("SELECT") && armed.getAndSet(false)) {
                            try (Connection writer = engine.connect()) {
                                cache.execute(writer, update(items).values(Map.of("name", "renamed")).where(items.c("id").eq(5)));
                                writer.commit();
                            }
                        }
                    }
                });
                try (Connection reader = engine.connect()) {
                    cache.fetch(reader, name5);
                }
                assertThat(armed).isFalse();
                try (Connection fresh = engine.connect()) {
                    assertThat(scalar(fresh.execute(name5).all())).isEqualTo("renamed");
                    assertThat(scalar(cache.fetch(fresh, name5))).isEqualTo("renamed");
                }
            }
        });
    }
}
