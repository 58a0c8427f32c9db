package dev.retort.engine;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.IntegrityException;
import dev.retort.exc.RetortException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.util.List;
import java.util.Map;

/** Savepoints: {@link Connection#beginNested()} on every database. */
class NestedTransactionTest {
    private static void insert(Connection c, TempTable t, int id) {
        c.execute(text("INSERT INTO " + t + " (id) VALUES (:id)"), Map.of("id", id));
    }

    private static List<Integer> ids(Engine engine, TempTable t) {
        return engine.transaction(c -> c.execute(text("SELECT id FROM " + t + " ORDER BY id")).scalars())
                .stream().map(v -> ((Number) v).intValue()).toList();
    }

    @EachDatabase
    void rollingBackASavepointKeepsTheOuterTransaction(Database db) {
        try (TempTable t = db.table("nest", "id INTEGER PRIMARY KEY")) {
            try (Connection conn = db.engine().connect()) {
                insert(conn, t, 1);
                NestedTransaction savepoint = conn.beginNested();
                insert(conn, t, 2);
                savepoint.rollback();
                assertThat(savepoint.isActive()).isFalse();
                insert(conn, t, 3);
                NestedTransaction kept = conn.beginNested();
                insert(conn, t, 4);
                kept.commit();
                conn.commit();
            }
            assertThat(ids(db.engine(), t)).containsExactly(1, 3, 4);
        }
    }

    /**
     * A savepoint begun before the transaction ran a statement rolls back to nothing kept: the
     * connection keeps no list of statements or savepoints until it needs one, and goes on after.
     */
    @EachDatabase
    void aSavepointBegunBeforeAnyStatementRollsBackAndTheConnectionGoesOn(Database db) {
        try (TempTable t = db.table("nest", "id INTEGER PRIMARY KEY")) {
            try (Connection conn = db.engine().connect()) {
                NestedTransaction first = conn.beginNested();   // the connection's first act
                assertThat(conn.inTransaction()).isTrue();
                first.rollback();
                insert(conn, t, 1);
                NestedTransaction second = conn.beginNested();
                insert(conn, t, 2);
                second.rollback();
                conn.commit();
                NestedTransaction afterCommit = conn.beginNested();   // the lists emptied by the commit
                insert(conn, t, 3);
                afterCommit.rollback();
                insert(conn, t, 4);
                conn.commit();
            }
            assertThat(ids(db.engine(), t)).containsExactly(1, 4);
        }
    }

    @EachDatabase
    void nestedTransactionsNestAndEndWithTheirEnclosingOne(Database db) {
        try (TempTable t = db.table("nest", "id INTEGER PRIMARY KEY")) {
            try (Connection conn = db.engine().connect()) {
                insert(conn, t, 1);
                NestedTransaction outer = conn.beginNested();
                insert(conn, t, 2);
                NestedTransaction inner = conn.beginNested();
                insert(conn, t, 3);
                inner.commit();
                NestedTransaction third = conn.beginNested();
                insert(conn, t, 4);
                outer.rollback();                     // takes 2, 3 and 4 with it, and ends the third
                assertThat(third.isActive()).isFalse();
                assertThatThrownBy(third::commit).isInstanceOf(RetortException.class).hasMessageContaining("already ended");
                NestedTransaction open = conn.beginNested();
                insert(conn, t, 5);
                conn.commit();                        // commits 5 too, and ends the open savepoint
                assertThat(open.isActive()).isFalse();
            }
            assertThat(ids(db.engine(), t)).containsExactly(1, 5);
        }
    }

    @EachDatabase
    void aFailedStatementRolledBackToItsSavepointLetsTheTransactionCommit(Database db) {
        try (TempTable t = db.table("nest", "id INTEGER PRIMARY KEY")) {
            // engine.begin() commits on close unless a statement failed: a failure undone by a savepoint does not count.
            try (Connection conn = db.engine().begin()) {
                insert(conn, t, 1);
                try (NestedTransaction savepoint = conn.beginNested()) {
                    insert(conn, t, 1);
                    savepoint.commit();
                } catch (IntegrityException duplicate) {
                    // closed without commit: rolled back to the savepoint (PostgreSQL's aborted state included)
                }
                insert(conn, t, 2);
            }
            assertThat(ids(db.engine(), t)).containsExactly(1, 2);
        }
    }

    @EachDatabase
    void closingANestedTransactionWithoutCommitRollsItBack(Database db) {
        try (TempTable t = db.table("nest", "id INTEGER PRIMARY KEY")) {
            try (Connection conn = db.engine().connect()) {
                try (NestedTransaction savepoint = conn.beginNested()) {
                    insert(conn, t, 7);
                }
                insert(conn, t, 8);
                conn.commit();
            }
            assertThat(ids(db.engine(), t)).containsExactly(8);
        }
    }
}
