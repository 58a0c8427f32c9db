package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.DBAPIException;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite file databases with several connections: WAL by default, so readers never make a writer fail. */
class SqliteFileTest {
    static final TableClause COUNTER = table("counter", column("id", Types.INTEGER), column("v", Types.INTEGER));

    @TempDir
    Path dir;

    private Engine engine(String file, boolean wal) {
        Engine e = Engine.create("jdbc:sqlite:" + dir.resolve(file),
                EngineOptions.builder().sqliteWal(wal).property("busy_timeout", "1000").poolSize(6).build());
        try (Connection c = e.begin()) {
            c.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
            c.execute(text("INSERT INTO counter VALUES (1, 0)"));
        }
        return e;
    }

    private static void readThenLetAnotherSessionWrite(Engine e) {
        try (Connection reader = e.connect(); Connection writer = e.connect()) {
            assertThat(reader.execute(select(COUNTER.c("v"))).scalar()).isEqualTo(0);
            // The reader's transaction is still open.
            writer.execute(update(COUNTER).values(Map.of("v", 1)));
            writer.commit();
            assertThat(reader.execute(select(COUNTER.c("v"))).scalar()).as("the reader keeps its snapshot").isEqualTo(0);
            reader.commit();
            assertThat(reader.execute(select(COUNTER.c("v"))).scalar()).isEqualTo(1);
        }
    }

    @Test
    void fileDatabasesAreInWalModeAndAReaderNeverMakesAWriterFail() {
        Engine e = engine("wal.db", true);
        try {
            try (Connection c = e.connect()) {
                assertThat(c.execute(text("PRAGMA journal_mode")).scalar()).isEqualTo("wal");
            }
            readThenLetAnotherSessionWrite(e);
        } finally {
            e.dispose();
        }
    }

    @Test
    void withoutWalTheWritersCommitFailsWhileAReaderIsOpen() {
        Engine e = engine("rollback-journal.db", false);
        try {
            try (Connection c = e.connect()) {
                assertThat(c.execute(text("PRAGMA journal_mode")).scalar()).isEqualTo("delete");
            }
            assertThatThrownBy(() -> readThenLetAnotherSessionWrite(e)).isInstanceOf(DBAPIException.class)
                    .hasMessageContaining("SQLITE_BUSY");
        } finally {
            e.dispose();
        }
    }

    @Test
    void aWriterWithThreeReadersOnOneFile() throws Exception {
        Engine e = engine("busy.db", true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    int last = 0;
                    int reads = 0;
                    while (writing.get()) {
                        try (Connection c = e.connect()) {
                            int v = (Integer) c.execute(select(COUNTER.c("v"))).scalar();
                            assertThat(v).as("values only grow").isGreaterThanOrEqualTo(last);
                            last = v;
                            Thread.sleep(1);
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            Future<Integer> writer = pool.submit(() -> {
                for (int i = 1; i <= 200; i++) {
                    try (Connection c = e.connect()) {
                        c.execute(update(COUNTER).values(Map.of("v", COUNTER.c("v").add(1))));
                        c.commit();
                    }
                }
                writing.set(false);
                return 200;
            });
            assertThat(writer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            for (Future<Integer> f : readers) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
            }
            try (Connection c = e.connect()) {
                assertThat(c.execute(select(COUNTER.c("v"))).scalar()).isEqualTo(200);
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
            e.dispose();
        }
    }
}
