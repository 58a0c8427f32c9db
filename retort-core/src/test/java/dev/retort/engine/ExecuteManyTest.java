package dev.retort.engine;

import static dev.retort.engine.ConnectionTest.USERS_DDL;
import static dev.retort.engine.ConnectionTest.ids;
import static dev.retort.engine.ConnectionTest.users;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.IntegrityException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** {@code execute(statement, List<Map>)}: batches, per-set fallback, counts and failures. */
class ExecuteManyTest {
    private static final String NULLABLE_DDL = "id INTEGER PRIMARY KEY, name VARCHAR(50)";

    /** What the engine's listener saw: each execution's SQL and parameter sets. */
    private static final class Recorder implements ExecutionListener {
        final List<String> sql = new ArrayList<>();
        final List<List<List<Object>>> sets = new ArrayList<>();

        @Override
        public void onExecute(String statement, List<Object> params) {
            onExecuteBatch(statement, List.of(params));
        }

        @Override
        public void onExecuteBatch(String statement, List<List<Object>> parameterSets) {
            sql.add(statement);
            sets.add(parameterSets);
        }
    }

    /** Runs {@code body} with a recorder listening to the engine. */
    private static Recorder recording(Engine engine, Runnable body) {
        Recorder recorder = new Recorder();
        engine.addListener(recorder);
        try {
            body.run();
        } finally {
            engine.removeListener(recorder);
        }
        return recorder;
    }

    @EachDatabase
    void parameterSetsRenderingTheSameSqlRunAsOneBatch(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            List<Map<String, Object>> rows = List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed"), Map.of("id", 9, "name", "wendy"));
            Result[] result = new Result[1];
            Recorder seen = recording(db.engine(), () -> result[0] = conn.execute(insert(users(t)), rows));
            assertThat(result[0].rowCount()).isEqualTo(3);
            assertThat(seen.sql).hasSize(1);
            assertThat(seen.sets.get(0)).containsExactly(List.of(7, "jack"), List.of(8, "ed"), List.of(9, "wendy"));
            conn.commit();
            assertThat(ids(db.engine(), t)).containsExactly(7, 8, 9);
        }
    }

    @EachDatabase
    void parameterSetsWithDifferentKeysRunOneByOne(Database db) {
        try (TempTable t = db.table("users", NULLABLE_DDL); Connection conn = db.engine().connect()) {
            List<Map<String, Object>> rows = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2), Map.of("id", 3, "name", "c"));
            Result[] result = new Result[1];
            Recorder seen = recording(db.engine(), () -> result[0] = conn.execute(insert(users(t)), rows));
            assertThat(result[0].rowCount()).isEqualTo(3);
            assertThat(seen.sql).hasSize(3);
            assertThat(seen.sql.get(1)).doesNotContain("name");
            conn.commit();
            assertThat(ids(db.engine(), t)).containsExactly(1, 2, 3);
        }
    }

    @EachDatabase
    void setsOfEqualSizeNamingOtherParametersOrTheSameInAnotherOrderBindEachByName(Database db) {
        try (TempTable t = db.table("users", "id INTEGER PRIMARY KEY, name VARCHAR(50), note VARCHAR(50)"); Connection conn = db.engine().connect()) {
            var table = dev.retort.sql.SQL.table(t.name(), dev.retort.sql.SQL.column("id", dev.retort.types.Types.INTEGER),
                    dev.retort.sql.SQL.column("name", dev.retort.types.Types.string(50)), dev.retort.sql.SQL.column("note", dev.retort.types.Types.string(50)));
            Map<String, Object> reordered = new java.util.LinkedHashMap<>();
            reordered.put("name", "b");
            reordered.put("id", 2);
            List<Map<String, Object>> rows = List.of(Map.of("id", 1, "name", "a"), reordered, Map.of("id", 3, "note", "c"), Map.of("note", "d", "id", 4));
            Recorder seen = recording(db.engine(), () -> conn.execute(insert(table), rows));
            // Not all alike: each set runs alone, with the columns it names.
            assertThat(seen.sql).hasSize(4);
            assertThat(seen.sql.get(1)).contains("name").doesNotContain("note");
            assertThat(seen.sql.get(3)).contains("note").doesNotContain("name");
            conn.commit();
            List<String> got = new ArrayList<>();
            conn.execute(dev.retort.sql.SQL.select(table).orderBy(table.c("id"))).all().forEach(r -> got.add(r.get(0) + "/" + r.get(1) + "/" + r.get(2)));
            assertThat(got).containsExactly("1/a/null", "2/b/null", "3/null/c", "4/null/d");
        }
    }

    @EachDatabase
    void theRowCountIsTheSumOverTheSets(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            conn.execute(insert(users(t)), IntStream.rangeClosed(1, 5).mapToObj(i -> Map.of("id", i, "name", "u" + i)).toList());
            Result updated = conn.execute(text("UPDATE " + t + " SET name = :name WHERE id >= :min"),
                    List.of(Map.of("name", "x", "min", 4), Map.of("name", "y", "min", 2), Map.of("name", "z", "min", 99)));
            assertThat(updated.rowCount()).isEqualTo(2 + 4);
        }
    }

    @EachDatabase
    void aThousandRowBatch(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Map<String, Object> row = new HashMap<>();
                row.put("id", i);
                row.put("name", "user " + i);
                rows.add(row);
            }
            try (Connection conn = db.engine().begin()) {
                assertThat(conn.execute(insert(users(t)), rows).rowCount()).isEqualTo(1000);
            }
            assertThat(ids(db.engine(), t)).hasSize(1000);
        }
    }

    @EachDatabase
    void aFailingBatchRaisesTheTypedErrorAndBeginRollsItBack(Database db) {
        try (TempTable t = db.table("users", USERS_DDL)) {
            List<Map<String, Object>> rows = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 1, "name", "again"));
            assertThatThrownBy(() -> {
                try (Connection conn = db.engine().begin()) {
                    conn.execute(insert(users(t)), rows);
                }
            }).isInstanceOfSatisfying(IntegrityException.class, e -> {
                assertThat(e.sql()).startsWith("INSERT INTO " + t);
                assertThat(e.parameters()).containsExactly(List.of(1, "a"), List.of(1, "again"));
            });
            assertThat(ids(db.engine(), t)).isEmpty();
        }
    }

    @EachDatabase
    void anEmptyListRunsNothing(Database db) {
        try (TempTable t = db.table("users", USERS_DDL); Connection conn = db.engine().connect()) {
            Result[] result = new Result[1];
            Recorder seen = recording(db.engine(), () -> result[0] = conn.execute(insert(users(t)), List.of()));
            assertThat(result[0].rowCount()).isZero();
            assertThat(seen.sql).isEmpty();
        }
    }
}
