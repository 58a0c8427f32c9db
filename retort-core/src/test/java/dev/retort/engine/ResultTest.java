package dev.retort.engine;

import static dev.retort.engine.ConnectionTest.USERS_DDL;
import static dev.retort.engine.ConnectionTest.add;
import static dev.retort.engine.ConnectionTest.users;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.DBAPIException;
import dev.retort.exc.RetortException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Reading results: the accessors, DML counts, and streaming, on every database. */
class ResultTest {
    /** Runs {@code test} with a connection and a table holding users 1 "a", 2 "b", 3 "c". */
    private static void withUsers(Database db, UsersTest test) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            add(conn, t, 1, "a");
            add(conn, t, 2, "b");
            add(conn, t, 3, "c");
            test.run(conn, users(t));
        }
    }

    private interface UsersTest {
        void run(Connection conn, TableClause users);
    }

    @EachDatabase
    void allFirstAndScalar(Database db) {
        withUsers(db, (conn, users) -> {
            List<Row> rows = conn.execute(select(users).orderBy(users.c("id"))).all();
            assertThat(rows).extracting(r -> r.get("name")).containsExactly("a", "b", "c");
            assertThat(rows.get(0).toList()).containsExactly(1, "a");
            assertThat(conn.execute(select(users).orderBy(users.c("id"))).first().toMap()).containsExactly(Map.entry("id", 1), Map.entry("name", "a"));
            assertThat(conn.execute(select(users.c("name")).where(users.c("id").eq(3))).scalar()).isEqualTo("c");
            assertThat(conn.execute(select(users).where(users.c("id").gt(99))).first()).isNull();
            assertThat(conn.execute(select(users.c("name")).where(users.c("id").gt(99))).scalar()).isNull();
        });
    }

    /**
     * {@code all(groups)}: a group's columns are read only where its key changes from the row
     * before; otherwise they repeat the row before's, even when the database has other values
     * (here a column that is no function of the key, to show it was not read).
     */
    @EachDatabase
    void allReadsRepeatedColumnsOnce(Database db) {
        withUsers(db, (conn, users) -> {
            dev.retort.sql.Alias u1 = users.alias("u1");
            dev.retort.sql.Alias u2 = users.alias("u2");
            var q = select(u1.c("id"), u1.c("name"), u2.c("id"), u2.c("name")).orderBy(u1.c("id"), u2.c("id"));
            List<Row> plain = conn.execute(q).all();
            assertThat(plain).hasSize(9);
            assertThat(conn.execute(q).all(new int[][] {{0, 1}, {2, 3}})).isEqualTo(plain);
            List<Row> unread = conn.execute(q).all(new int[][] {{0, 2}});
            assertThat(unread).extracting(r -> r.toList()).containsExactly(
                    List.of(1, "a", 1, "a"), List.of(1, "a", 1, "b"), List.of(1, "a", 1, "c"),
                    List.of(2, "b", 1, "a"), List.of(2, "b", 1, "b"), List.of(2, "b", 1, "c"),
                    List.of(3, "c", 1, "a"), List.of(3, "c", 1, "b"), List.of(3, "c", 1, "c"));
            assertThatThrownBy(() -> conn.execute(q).all(new int[][] {{0, 4}})).isInstanceOf(dev.retort.exc.ArgumentException.class)
                    .hasMessageContaining("Column position 4 is not among the 4 columns");
        });
    }

    /**
     * {@code all(groups)} after a value that could not be read: before, the positions the failed
     * row had taken from the row before stayed marked, so the next {@code all(groups)} left them
     * unread on its second row: null, though the database has values. An empty group (no key) was
     * an ArrayIndexOutOfBoundsException and left the statement open; it is refused as a bad position is.
     */
    @org.junit.jupiter.api.Test
    void allWithGroupsReadsEveryValueAfterAFailedRow() {
        Database db = Database.SQLITE;
        try (TempTable t = db.table("dates", "seq INTEGER PRIMARY KEY, d VARCHAR(20), id INTEGER, name VARCHAR(20)");
                Connection conn = db.engine().connect()) {
            conn.execute(text("INSERT INTO " + t.name() + " VALUES (1, '2020-01-01', 1, 'a'), (2, 'bad', 1, 'a'), (3, '2020-01-03', 1, 'a'),"
                    + " (4, '2020-01-04', 1, 'a')"));
            TableClause dates = dev.retort.sql.SQL.table(t.name(), dev.retort.sql.SQL.column("seq", dev.retort.types.Types.INTEGER),
                    dev.retort.sql.SQL.column("d", dev.retort.types.Types.DATE), dev.retort.sql.SQL.column("id", dev.retort.types.Types.INTEGER),
                    dev.retort.sql.SQL.column("name", dev.retort.types.Types.STRING));
            Result result = conn.execute(select(dates.c("d"), dates.c("id"), dates.c("name")).orderBy(dates.c("seq")));
            int[][] groups = {{1, 2}};
            assertThatThrownBy(() -> result.all(groups)).isInstanceOf(RetortException.class).hasMessageContaining("'d'");
            assertThat(result.all(groups)).extracting(Row::toList).containsExactly(
                    List.of(java.time.LocalDate.of(2020, 1, 3), 1, "a"), List.of(java.time.LocalDate.of(2020, 1, 4), 1, "a"));
            Result open = conn.execute(select(dates.c("id")));
            assertThatThrownBy(() -> open.all(new int[][] {{}})).isInstanceOf(dev.retort.exc.ArgumentException.class)
                    .hasMessageContaining("an empty group");
            assertThat(open.all()).as("its rows discarded").isEmpty();
        }
    }

    @EachDatabase
    void oneAndOneOrNull(Database db) {
        withUsers(db, (conn, users) -> {
            assertThat(conn.execute(select(users).where(users.c("id").eq(2))).one().get("name")).isEqualTo("b");
            assertThat(conn.execute(select(users).where(users.c("id").eq(2))).oneOrNull().get("name")).isEqualTo("b");
            assertThat(conn.execute(select(users).where(users.c("id").eq(9))).oneOrNull()).isNull();
            assertThatThrownBy(() -> conn.execute(select(users).where(users.c("id").eq(9))).one())
                    .isInstanceOf(RetortException.class).hasMessage("Expected exactly one row, got none");
            assertThatThrownBy(() -> conn.execute(select(users)).one())
                    .isInstanceOf(RetortException.class).hasMessage("Expected exactly one row, got 3");
            assertThatThrownBy(() -> conn.execute(select(users)).oneOrNull())
                    .isInstanceOf(RetortException.class).hasMessage("Expected exactly one row, got 3");
        });
    }

    @EachDatabase
    void scalarsAndKeys(Database db) {
        withUsers(db, (conn, users) -> {
            Result result = conn.execute(select(users).orderBy(users.c("id")));
            assertThat(result.keys()).containsExactly("id", "name");
            assertThat(result.returnsRows()).isTrue();
            assertThat(result.rowCount()).isEqualTo(-1);
            assertThat(result.scalars()).containsExactly(1, 2, 3);
            // Textual SQL: names come from the driver's labels (PostgreSQL folds them to lower case).
            Result labelled = conn.execute(text("SELECT id AS Ident, name FROM " + users.name() + " ORDER BY id"));
            assertThat(labelled.keys()).extracting(String::toLowerCase).containsExactly("ident", "name");
            Row first = labelled.first();
            assertThat(first.get("Ident")).isEqualTo(first.get("ident")).isEqualTo(first.get(0));
            assertThat(((Number) first.get(0)).intValue()).isEqualTo(1);
        });
    }

    @EachDatabase
    void dmlReportsRowCountsAndNoRows(Database db) {
        withUsers(db, (conn, users) -> {
            Result update = conn.execute(text("UPDATE " + users.name() + " SET name = :name WHERE id >= :id"), Map.of("name", "z", "id", 2));
            assertThat(update.rowCount()).isEqualTo(2);
            assertThat(update.returnsRows()).isFalse();
            assertThat(update.keys()).isEmpty();
            assertThat(update.all()).isEmpty();
            assertThat(update.first()).isNull();
            assertThat(update.scalar()).isNull();
            assertThat(conn.execute(text("DELETE FROM " + users.name() + " WHERE id > 5")).rowCount()).isZero();
            assertThat(conn.execute(text("DELETE FROM " + users.name())).rowCount()).isEqualTo(3);
        });
    }

    @EachDatabase
    void aResultIsOneCursor(Database db) {
        withUsers(db, (conn, users) -> {
            Result result = conn.execute(select(users.c("id")).orderBy(users.c("id")));
            Iterator<Row> it = result.iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.next().get(0)).isEqualTo(1);
            assertThat(result.all()).extracting(r -> r.get(0)).containsExactly(2, 3);
            assertThat(it.hasNext()).isFalse();
            assertThat(result.all()).isEmpty();
            assertThat(result.isClosed()).isFalse();
            result.close();
            assertThatThrownBy(result::first).isInstanceOf(RetortException.class).hasMessage("This result is closed");
        });
    }

    @EachDatabase
    void closingTheStreamClosesTheResult(Database db) {
        withUsers(db, (conn, users) -> {
            Result result = conn.execute(select(users).orderBy(users.c("id")));
            try (Stream<Row> rows = result.stream()) {
                assertThat(rows.map(r -> r.get("name")).findFirst()).contains("a");
            }
            assertThat(result.isClosed()).isTrue();
        });
    }

    @EachDatabase
    void tenThousandRowsStream(Database db) {
        try (Connection conn = db.engine().connect(); Stream<Row> rows = conn.execute(text(series(db, 10_000, 10_000))).stream()) {
            assertThat(rows.mapToLong(r -> ((Number) r.get(0)).longValue()).sum()).isEqualTo(10_000L * 10_001 / 2);
        }
    }

    /**
     * Rows are fetched as they are read: a query whose 10,001st row fails delivers its first
     * 10,000 rows and can be closed without the failure happening (the driver would hit it if it
     * read the whole result). MariaDB's server computes the rest regardless, so there the proof
     * is that the query is still sending while only a few rows have been read.
     */
    @EachDatabase
    void rowsAreFetchedLazily(Database db) {
        if (db == Database.MARIADB) {
            mariadbStreams(db.engine());
            return;
        }
        try (Connection conn = db.engine().connect()) {
            Result result = conn.execute(text(series(db, 20_000, 10_000)));
            assertThat(result.stream().limit(10_000).count()).isEqualTo(10_000);
            result.close();
            assertThatThrownBy(() -> conn.execute(text(series(db, 20_000, 10_000))).all()).isInstanceOf(DBAPIException.class);
        }
    }

    /** Integers 1..n, failing past {@code failAfter}; n <= failAfter never fails. */
    private static String series(Database db, int n, int failAfter) {
        switch (db) {
            case SQLITE:
                return "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + n + ") "
                        + "SELECT CASE WHEN n <= " + failAfter + " THEN n ELSE abs(-9223372036854775807 - 1) END AS n FROM s";
            case POSTGRESQL:
                return "SELECT CASE WHEN g <= " + failAfter + " THEN g ELSE 1 / (g - g) END AS n FROM generate_series(1, " + n + ") AS g";
            default:
                return "SELECT IF(seq <= " + failAfter + ", seq, (SELECT 1 UNION ALL SELECT 2)) AS n FROM seq_1_to_" + n;
        }
    }

    private static void mariadbStreams(Engine engine) {
        String marker = "retort-stream-" + UUID.randomUUID();
        // About 60 MB: far more than the socket buffers, so an unread rest keeps the server sending.
        String big = "SELECT seq, REPEAT('x', 200) AS pad, '" + marker + "' AS marker FROM seq_1_to_300000";
        try (Connection reader = engine.connect(); Connection watcher = engine.connect()) {
            Result result = reader.execute(text(big));
            assertThat(result.stream().limit(10).count()).isEqualTo(10);
            Object running = watcher.execute(text("SELECT count(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND INFO LIKE :pattern"),
                    Map.of("pattern", "%" + marker + "' AS marker%")).scalar();
            assertThat(((Number) running).intValue()).isEqualTo(1);
            result.close();
        }
    }
}
