package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.IntegrityException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.RetortException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Transactions: commit, rollback, close, begin() and transaction(), on every database. */
class ConnectionTest {
    static final String USERS_DDL = "id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL";

    static TableClause users(TempTable t) {
        return table(t.name(), column("id", Types.INTEGER), column("name", Types.string(50)));
    }

    static void add(Connection conn, TempTable t, int id, String name) {
        conn.execute(insert(users(t)), Map.of("id", id, "name", name));
    }

    /** The ids in the table, as a new connection sees them. */
    static List<Object> ids(Engine engine, TempTable t) {
        TableClause users = users(t);
        try (Connection conn = engine.connect()) {
            return conn.execute(select(users.c("id")).orderBy(users.c("id"))).scalars();
        }
    }

    @EachDatabase
    void commitMakesChangesVisibleToOtherConnections(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            add(conn, t, 1, "ed");
            conn.commit();
            assertThat(ids(db.engine(), t)).containsExactly(1);
        }
    }

    @EachDatabase
    void rollbackDiscardsTheTransactionAndTheNextStatementBeginsAnother(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            add(conn, t, 1, "ed");
            conn.rollback();
            assertThat(conn.execute(select(users(t))).all()).isEmpty();
            add(conn, t, 2, "wendy");
            conn.commit();
            assertThat(ids(db.engine(), t)).containsExactly(2);
        }
    }

    @EachDatabase
    void closeWithoutCommitRollsBack(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            try (Connection conn = db.engine().connect()) {
                add(conn, t, 1, "ed");
            }
            assertThat(ids(db.engine(), t)).isEmpty();
        }
    }

    @EachDatabase
    void uncommittedChangesAreNotSeenByOtherConnections(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection writer = db.engine().connect()) {
            add(writer, t, 1, "ed");
            if (db == Database.SQLITE) {
                // Shared-cache in-memory SQLite locks the table instead of isolating (see JdbcTarget).
                assertThatThrownBy(() -> ids(db.engine(), t)).isInstanceOf(OperationalException.class).hasMessageContaining("locked");
            } else {
                assertThat(ids(db.engine(), t)).isEmpty();
            }
            writer.commit();
            assertThat(ids(db.engine(), t)).containsExactly(1);
        }
    }

    @EachDatabase
    void beginCommitsOnClose(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            try (Connection conn = db.engine().begin()) {
                add(conn, t, 1, "ed");
                add(conn, t, 2, "wendy");
            }
            assertThat(ids(db.engine(), t)).containsExactly(1, 2);
        }
    }

    @EachDatabase
    void aFailedStatementInBeginRollsBackTheWholeBlock(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            assertThatThrownBy(() -> {
                try (Connection conn = db.engine().begin()) {
                    add(conn, t, 1, "ed");
                    add(conn, t, 1, "duplicate");
                }
            }).isInstanceOf(IntegrityException.class);
            assertThat(ids(db.engine(), t)).isEmpty();
        }
    }

    @EachDatabase
    void aCaughtFailureInBeginStillRollsBack(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            // Not silently: close() says the block's work was rolled back (see BeginBlockTest).
            assertThatThrownBy(() -> {
                try (Connection conn = db.engine().begin()) {
                    add(conn, t, 1, "ed");
                    assertThatThrownBy(() -> add(conn, t, 1, "duplicate")).isInstanceOf(IntegrityException.class);
                }
            }).hasMessageContaining("rolled back, not committed").hasCauseInstanceOf(IntegrityException.class);
            assertThat(ids(db.engine(), t)).isEmpty();
        }
    }

    @EachDatabase
    void beginAfterRollbackCommitsOnlyWhatFollows(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            try (Connection conn = db.engine().begin()) {
                add(conn, t, 1, "ed");
                conn.rollback();
                add(conn, t, 2, "wendy");
            }
            assertThat(ids(db.engine(), t)).containsExactly(2);
        }
    }

    @EachDatabase
    void transactionCommitsAndReturnsTheValue(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            String name = db.engine().transaction(conn -> {
                add(conn, t, 1, "ed");
                return (String) conn.execute(select(users(t).c("name"))).scalar();
            });
            assertThat(name).isEqualTo("ed");
            assertThat(ids(db.engine(), t)).containsExactly(1);
        }
    }

    @EachDatabase
    void transactionRollsBackOnAnyExceptionAndRethrowsIt(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            IllegalStateException boom = new IllegalStateException("not a database error");
            assertThatThrownBy(() -> db.engine().inTransaction(conn -> {
                add(conn, t, 1, "ed");
                throw boom;
            })).isSameAs(boom);
            assertThat(ids(db.engine(), t)).isEmpty();
        }
    }

    @EachDatabase
    void aClosedConnectionRefusesWork(Database db) {
        Connection conn = db.engine().connect();
        conn.close();
        conn.close();
        assertThat(conn.isClosed()).isTrue();
        assertThatThrownBy(() -> conn.execute(text("SELECT 1"))).isInstanceOf(RetortException.class).hasMessageContaining("closed");
        assertThatThrownBy(conn::commit).isInstanceOf(RetortException.class).hasMessageContaining("closed");
    }

    @EachDatabase
    void theJdbcConnectionHasAutocommitOff(Database db) throws SQLException {
        try (Connection conn = db.engine().connect()) {
            assertThat(conn.jdbc().getAutoCommit()).isFalse();
            assertThat(conn.dialect()).isSameAs(db.engine().dialect());
        }
    }

    @EachDatabase
    void closingTheConnectionClosesItsUnreadResults(Database db) {
        Result result;
        try (Connection conn = db.engine().connect()) {
            result = conn.execute(text("SELECT 1 AS x UNION ALL SELECT 2"));
        }
        assertThat(result.isClosed()).isTrue();
        assertThatThrownBy(result::all).isInstanceOf(RetortException.class).hasMessageContaining("connection was closed");
    }

    @EachDatabase
    void statementsCanRunWhileAResultIsIterated(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            for (int id = 1; id <= 3; id++) {
                add(conn, t, id, "user" + id);
            }
            List<Object> seen = new ArrayList<>();
            TableClause users = users(t);
            for (Row row : conn.execute(select(users).orderBy(users.c("id")))) {
                seen.add(row.get("id"));
                conn.execute(text("UPDATE " + t + " SET name = :name WHERE id = :id"), Map.of("name", "seen", "id", row.get("id")));
            }
            assertThat(seen).containsExactly(1, 2, 3);
            assertThat(conn.execute(text("SELECT DISTINCT name FROM " + t)).scalars()).containsExactly("seen");
        }
    }

    @EachDatabase
    void aResultSurvivesACommitInTheMiddleOfIteration(Database db) {
        // Two rows per fetch: PostgreSQL closes a half-read cursor at commit unless the rest was read first.
        Engine engine = db.newEngine(EngineOptions.builder().fetchSize(2));
        try (TempTable t = new TempTable(engine, "users", USERS_DDL); Connection conn = engine.connect()) {
            for (int id = 1; id <= 5; id++) {
                add(conn, t, id, "user" + id);
            }
            conn.commit();
            TableClause users = users(t);
            Result result = conn.execute(select(users.c("id")).orderBy(users.c("id")));
            Iterator<Row> rows = result.iterator();
            assertThat(rows.next().get(0)).isEqualTo(1);
            conn.commit();
            assertThat(result.scalars()).containsExactly(2, 3, 4, 5);
        } finally {
            engine.dispose();
        }
    }
}
