package dev.retort.engine;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.TempTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * API.md: {@code try (Connection conn = engine.begin()) { ... }} commits on close and rolls back
 * on exception, whoever throws: a statement, or the application's own code in the block. Before,
 * only a failed statement rolled back; an exception the block's own code threw was followed by a
 * COMMIT of everything before it.
 */
class BeginBlockTest {
    private static void insert(Connection conn, TempTable t, int id) {
        conn.execute(text("INSERT INTO " + t.name() + " (id) VALUES (:id)"), Map.of("id", id));
    }

    private static List<Object> ids(Engine engine, TempTable t) {
        return engine.transaction(c -> c.execute(text("SELECT id FROM " + t.name() + " ORDER BY id")).scalars());
    }

    static final class Other implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anExceptionTheBlocksOwnCodeThrowsRollsBack(Database db) throws Exception {
        Engine engine = db.engine();
        try (TempTable t = db.table("begin_block", "id INTEGER PRIMARY KEY")) {
            assertThatThrownBy(() -> {
                try (Connection conn = engine.begin()) {
                    insert(conn, t, 1);
                    throw new IllegalStateException("the application changed its mind");
                }
            }).hasMessage("the application changed its mind");
            assertThat(ids(engine, t)).as("unchecked exception").isEmpty();

            assertThatThrownBy(() -> {
                try (Other before = new Other(); Connection conn = engine.begin(); Other after = new Other()) {
                    insert(conn, t, 2);
                    throw new IOException("checked");
                }
            }).isInstanceOf(IOException.class);
            assertThat(ids(engine, t)).as("checked exception, among other resources").isEmpty();

            Runnable inLambda = () -> {
                try (Connection conn = engine.begin()) {
                    insert(conn, t, 3);
                    throw new AssertionError("an Error");
                }
            };
            assertThatThrownBy(inLambda::run).isInstanceOf(AssertionError.class);
            assertThat(ids(engine, t)).as("an Error thrown in a lambda").isEmpty();

            try (Connection conn = engine.begin()) {
                insert(conn, t, 4);
            }
            try (Other outer = new Other()) {
                try (Connection conn = engine.begin()) {
                    insert(conn, t, 5);
                }
            }
            try {
                throw new IllegalStateException("handled");
            } catch (IllegalStateException handled) {
                try (Connection conn = engine.begin()) {
                    insert(conn, t, 6);      // a block that completes inside a catch handler
                }
            }
            try (Connection conn = engine.begin()) {
                try {
                    insert(conn, t, 7);
                    throw new IllegalStateException("caught inside");
                } catch (IllegalStateException caughtInside) {
                    // the block itself completes
                }
            }
            Throwable primary = new IllegalStateException("an earlier failure");
            try (Connection conn = engine.begin()) {
                insert(conn, t, 8);
            } catch (RuntimeException e) {
                primary.addSuppressed(e);      // the application's own handler calls addSuppressed: not javac's exceptional close
            }
            assertThat(ids(engine, t)).as("blocks that complete commit").containsExactly(4, 5, 6, 7, 8);
        }
    }

    /**
     * A block that catches a failed statement and goes on: before, its close rolled everything
     * back without a word (the application believed 2 and 3 committed). Now the rollback raises.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aCaughtStatementFailureIsNotASilentRollback(Database db) {
        Engine engine = db.engine();
        try (TempTable t = db.table("begin_caught", "id INTEGER PRIMARY KEY")) {
            assertThatThrownBy(() -> {
                try (Connection conn = engine.begin()) {
                    insert(conn, t, 1);
                    try {
                        insert(conn, t, 1);
                    } catch (dev.retort.exc.IntegrityException duplicate) {
                        // the application carries on
                    }
                    if (db != Database.POSTGRESQL) {      // PostgreSQL refuses every statement after the failure
                        insert(conn, t, 2);
                    }
                }
            }).isInstanceOf(dev.retort.exc.RetortException.class).hasMessageContaining("rolled back")
                    .hasCauseInstanceOf(dev.retort.exc.IntegrityException.class);
            assertThat(ids(engine, t)).isEmpty();

            try (Connection conn = engine.begin()) {
                insert(conn, t, 3);
                try (NestedTransaction savepoint = conn.beginNested()) {
                    insert(conn, t, 3);
                    savepoint.commit();
                } catch (dev.retort.exc.IntegrityException duplicate) {
                    // rolled back to the savepoint: the transaction goes on
                }
                insert(conn, t, 4);
            }
            assertThat(ids(engine, t)).containsExactly(3, 4);
        }
    }
}
