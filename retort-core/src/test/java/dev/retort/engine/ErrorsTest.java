package dev.retort.engine;

import static dev.retort.engine.ConnectionTest.USERS_DDL;
import static dev.retort.engine.ConnectionTest.add;
import static dev.retort.engine.ConnectionTest.users;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.DataException;
import dev.retort.exc.IntegrityException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.ProgrammingException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Driver errors become typed exceptions carrying the SQL and parameters. */
class ErrorsTest {
    @EachDatabase
    void aDuplicatePrimaryKeyIsAnIntegrityError(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            add(conn, t, 1, "ed");
            assertThatThrownBy(() -> add(conn, t, 1, "ed again")).isInstanceOfSatisfying(IntegrityException.class, e -> {
                assertThat(e.getMessage()).contains("[SQL: INSERT INTO " + t + " (id, name) VALUES (?, ?)]").contains("ed again");
                assertThat(e.sql()).isEqualTo("INSERT INTO " + t + " (id, name) VALUES (?, ?)");
                assertThat(e.parameters()).containsExactly(1, "ed again");
                assertThat(e.getCause()).isInstanceOf(SQLException.class).isSameAs(e.sqlException());
                assertThat(e.getMessage()).contains(e.sqlException().getMessage());
            });
        }
    }

    @EachDatabase
    void nullIntoNotNullIsAnIntegrityError(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", 1);
            row.put("name", null);
            assertThatThrownBy(() -> conn.execute(insert(users(t)), row)).isInstanceOf(IntegrityException.class);
            conn.rollback();
            assertThatThrownBy(() -> conn.execute(insert(users(t)), Map.of("id", 2)))
                    .as("a NOT NULL column left out").isInstanceOf(IntegrityException.class);
        }
    }

    @EachDatabase
    void aMissingTableIsAProgrammingError(Database db) {
        try (Connection conn = db.engine().connect()) {
            assertThatThrownBy(() -> conn.execute(text("SELECT * FROM no_such_table_here")))
                    .isInstanceOf(ProgrammingException.class).hasMessageContaining("no_such_table_here");
        }
    }

    @EachDatabase
    void badSyntaxIsAProgrammingError(Database db) {
        try (Connection conn = db.engine().connect()) {
            assertThatThrownBy(() -> conn.execute(text("SELEC 1"))).isInstanceOf(ProgrammingException.class);
        }
    }

    @EachDatabase
    void aTooLongValueIsADataErrorWhereTheDatabaseChecksLengths(Database db) {
        try (TempTable t = db.table("short", "s VARCHAR(3)"); Connection conn = db.engine().connect()) {
            var insert = text("INSERT INTO " + t + " (s) VALUES (:s)");
            if (db == Database.SQLITE) {
                // SQLite ignores declared lengths.
                conn.execute(insert, Map.of("s", "too long"));
                assertThat(conn.execute(text("SELECT s FROM " + t)).scalar()).isEqualTo("too long");
            } else {
                assertThatThrownBy(() -> conn.execute(insert, Map.of("s", "too long"))).isInstanceOf(DataException.class);
            }
        }
    }

    @EachDatabase
    void anUnknownParameterNameIsAnArgumentError(Database db) {
        try (Connection conn = db.engine().connect()) {
            assertThatThrownBy(() -> conn.execute(text("SELECT :a"), Map.of("a", 1, "b", 2)))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("[b]").hasMessageContaining("[a]");
        }
    }

    @Test
    void anUnreachableServerIsAnOperationalError() {
        // Port 1 on the loopback interface: nothing listens, the connection is refused at once.
        Engine engine = Engine.create("jdbc:postgresql://127.0.0.1:1/test", EngineOptions.builder().connectTimeout(Duration.ofMillis(500)).build());
        try {
            assertThatThrownBy(engine::connect).isInstanceOf(OperationalException.class).hasMessageContaining("127.0.0.1:1");
        } finally {
            engine.dispose();
        }
    }

    @Test
    void aUrlWithoutADriverIsAnArgumentError() {
        // The MariaDB driver on the test class path does not take jdbc:mysql: URLs.
        assertThatThrownBy(() -> Engine.create("jdbc:mysql://127.0.0.1:1/test")).isInstanceOf(ArgumentException.class).hasMessageContaining("driver");
        assertThatThrownBy(() -> Engine.create("jdbc:oracle:thin:@x")).isInstanceOf(ArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "23505, IntegrityException", "23000, IntegrityException", "22001, DataException", "22012, DataException",
        "42P01, ProgrammingException", "42S02, ProgrammingException", "08001, OperationalException",
        "40001, OperationalException", "25P02, OperationalException", "HY000, OperationalException"})
    void theSqlStateClassChoosesTheCategory(String state, String expected) {
        DBAPIException e = Errors.translate(new SQLException("boom", state, 1), Dialects.postgresql(), "SELECT 1", List.of(7));
        assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(e.getMessage()).startsWith("(java.sql.SQLException) boom").contains("[SQL: SELECT 1]").contains("[parameters: [7]]");
    }

    @ParameterizedTest
    @CsvSource({
        "19, IntegrityException", "2067, IntegrityException", "1299, IntegrityException", "1, ProgrammingException",
        "25, ProgrammingException", "20, DataException", "18, DataException", "5, OperationalException",
        "262, OperationalException", "14, OperationalException", "0, OperationalException"})
    void sqliteResultCodesChooseTheCategory(int code, String expected) {
        DBAPIException e = Errors.translate(new SQLException("boom", null, code), Dialects.sqlite(), "SELECT 1", List.of());
        assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "1364, HY000, IntegrityException", "1366, HY000, DataException", "1265, 01000, DataException",
        "1062, 23000, IntegrityException", "1146, 42S02, ProgrammingException", "1205, HY000, OperationalException"})
    void mysqlErrorCodesRefineTheGeneralSqlState(int code, String state, String expected) {
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            DBAPIException e = Errors.translate(new SQLException("boom", state, code), d, "INSERT", List.of());
            assertThat(e.getClass().getSimpleName()).as(d.name()).isEqualTo(expected);
        }
    }

    @Test
    void anExceptionWithoutStateIsClassifiedByWhatItWraps() {
        Dialect pg = Dialects.postgresql();
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(Errors.translate(batch, pg, "INSERT", List.of())).isInstanceOf(IntegrityException.class);
        SQLException timeout = new SQLTransientConnectionException("pool timed out", null, new SQLException("refused", "08001"));
        assertThat(Errors.translate(timeout, pg, null, null)).isInstanceOf(OperationalException.class);
        SQLException wrapped = new SQLException("wrapper", null, new SQLException("constraint", null, 19));
        assertThat(Errors.translate(wrapped, Dialects.sqlite(), "INSERT", List.of())).isInstanceOf(IntegrityException.class);
    }
}
