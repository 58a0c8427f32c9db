package dev.retort.engine;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.IntegrityException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The pages of an executemany INSERT with generated keys ("insertmanyvalues"), which take each
 * parameter set's values by key rather than binding the compiled statement once per set: page
 * boundaries, the last short page, values of several types and nulls, and parameter sets whose
 * keys differ (those still run one row at a time).
 */
class InsertManyValuesPagesTest {
    /** {@code p_<random>(id autoincrement, name NOT NULL, qty, price, born, flag)} on {@code engine} for {@code body}, then dropped. */
    private static void withTable(Engine engine, Consumer<Table> body) {
        MetaData md = new MetaData();
        Table t = new Table("p_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)).nullable(false), Column.of("qty", Types.INTEGER),
                Column.of("price", Types.numeric(10, 2)), Column.of("born", Types.DATE), Column.of("flag", Types.BOOLEAN));
        md.createAll(engine);
        try {
            body.accept(t);
        } finally {
            md.dropAll(engine);
        }
    }

    /** {@code n} parameter sets {@code name=n<i>, qty=i}. */
    private static List<Map<String, Object>> named(int n) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Map.of("name", "n" + i, "qty", i));
        }
        return out;
    }

    /** What the engine ran during {@code body}: each execution's SQL and parameters. */
    private static List<Map.Entry<String, List<Object>>> executions(Engine engine, Runnable body) {
        List<Map.Entry<String, List<Object>>> out = new ArrayList<>();
        ExecutionListener l = new ExecutionListener() {
            @Override
            public void onExecute(String sql, List<Object> params) {
                out.add(Map.entry(sql, new ArrayList<>(params)));
            }
        };
        engine.addListener(l);
        try {
            body.run();
        } finally {
            engine.removeListener(l);
        }
        return out;
    }

    /** The key of each row by its name, as the table holds them. */
    private static Map<Object, Object> idsByName(Connection conn, Table t) {
        Map<Object, Object> out = new HashMap<>();
        for (Row r : conn.execute(select(t.c("name"), t.c("id"))).all()) {
            out.put(r.get(0), r.get(1));
        }
        return out;
    }

    private static void assertKeysInOrder(Connection conn, Table t, List<Map<String, Object>> sets, List<Row> keys) {
        Map<Object, Object> ids = idsByName(conn, t);
        assertThat(keys).hasSize(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            assertThat(keys.get(i).get("id")).as("key of set %d", i).isNotNull().isEqualTo(ids.get(sets.get(i).get("name")));
        }
    }

    @EachDatabase
    void fullPagesShareOneStatementAndTheLastShortPageHasItsOwn(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                for (int n : new int[] {1_000, 1_001, 2_000, 2_999}) {
                    List<Map<String, Object>> sets = named(n);
                    Result[] r = new Result[1];
                    List<Map.Entry<String, List<Object>>> ran = executions(db.engine(), () -> r[0] = conn.execute(insert(t), sets));
                    int pages = (n + 999) / 1000;
                    assertThat(ran).as("%d rows", n).hasSize(pages);
                    for (int p = 0; p < pages; p++) {
                        int rows = Math.min(1000, n - p * 1000);
                        List<Object> expected = new ArrayList<>();
                        sets.subList(p * 1000, p * 1000 + rows).forEach(s -> expected.addAll(List.of(s.get("name"), s.get("qty"))));
                        assertThat(ran.get(p).getValue()).as("parameters of page %d of %d rows", p, n).isEqualTo(expected);
                        assertThat(ran.get(p).getKey()).isEqualTo(ran.get(rows == 1000 ? 0 : p).getKey());
                    }
                    if (n % 1000 != 0) {
                        assertThat(ran.get(pages - 1).getKey()).as("the short page").isNotEqualTo(ran.get(0).getKey());
                    }
                    assertThat(r[0].rowCount()).isEqualTo(n);
                    assertKeysInOrder(conn, t, sets, r[0].insertedPrimaryKeys());
                    conn.rollback();
                }
            }
        });
    }

    @EachDatabase
    void valuesOfSeveralTypesAndNullsArriveAsGiven(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> sets = new ArrayList<>();
                for (int i = 0; i < 1_203; i++) {
                    // LinkedHashMaps in two key orders, and nulls in every nullable column.
                    Map<String, Object> s = new LinkedHashMap<>();
                    if (i % 2 == 0) {
                        s.put("name", "v" + i);
                        s.put("qty", i % 7 == 0 ? null : i);
                    }
                    s.put("flag", i % 5 == 0 ? null : i % 3 == 0);
                    s.put("born", i % 11 == 0 ? null : LocalDate.of(2000, 1, 1).plusDays(i));
                    s.put("price", i % 13 == 0 ? null : new BigDecimal(i + ".25"));
                    if (i % 2 != 0) {
                        s.put("qty", i % 7 == 0 ? null : i);
                        s.put("name", "v" + i);
                    }
                    sets.add(s);
                }
                Result r = conn.execute(insert(t), sets);
                assertKeysInOrder(conn, t, sets, r.insertedPrimaryKeys());
                Map<Object, Row> stored = new HashMap<>();
                conn.execute(select(t.c("name"), t.c("qty"), t.c("price"), t.c("born"), t.c("flag"))).all().forEach(row -> stored.put(row.get("name"), row));
                for (Map<String, Object> s : sets) {
                    Row row = stored.get(s.get("name"));
                    assertThat(row.get("qty")).isEqualTo(s.get("qty"));
                    if (s.get("price") == null) {
                        assertThat(row.get("price")).isNull();
                    } else {
                        assertThat((BigDecimal) row.get("price")).isEqualByComparingTo((BigDecimal) s.get("price"));
                    }
                    assertThat(row.get("born")).isEqualTo(s.get("born"));
                    assertThat(row.get("flag")).isEqualTo(s.get("flag"));
                }
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void setsWithOtherKeysRunOneRowAtATime(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                Map<String, Object> noQty = new HashMap<>();
                noQty.put("name", "b");
                noQty.put("price", null);
                List<Map<String, Object>> sets = List.of(Map.of("name", "a", "qty", 1), noQty, Map.of("name", "c", "qty", 3), Map.of("name", "d", "born", LocalDate.of(2020, 2, 2)));
                Result[] r = new Result[1];
                List<Map.Entry<String, List<Object>>> ran = executions(db.engine(), () -> r[0] = conn.execute(insert(t), sets));
                assertThat(ran).as("one statement a set").hasSize(4);
                assertKeysInOrder(conn, t, sets, r[0].insertedPrimaryKeys());
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void aMissingRequiredValueFailsAsTheDatabaseSays(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> sets = new ArrayList<>(named(3));
                sets.add(Map.of("qty", 4));
                // The set without a name runs alone (its keys differ) and the NOT NULL column refuses it.
                assertThatThrownBy(() -> conn.execute(insert(t), sets)).isInstanceOf(IntegrityException.class);
                conn.rollback();
                Map<String, Object> nullName = new HashMap<>();
                nullName.put("name", null);
                nullName.put("qty", 5);
                List<Map<String, Object>> withNull = new ArrayList<>(named(1_500));
                withNull.set(1_200, nullName);
                // A null the set gives is a value like any other: its page fails.
                assertThatThrownBy(() -> conn.execute(insert(t), withNull)).isInstanceOf(IntegrityException.class);
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void aValueItsTypeCannotTakeFailsItsPage(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> sets = new ArrayList<>(named(1_010));
                sets.set(1_002, Map.of("name", "bad", "qty", "three"));
                assertThatThrownBy(() -> conn.execute(insert(t), sets)).isInstanceOf(ArgumentException.class)
                        .hasMessage("Parameter 'qty' of parameter set 1002: Value three of java.lang.String is not valid for a INTEGER column");
                conn.rollback();
            }
        });
    }

    /**
     * A value refused while binding names its parameter and its parameter set (from 0) whichever way
     * the sets run: in pages with generated keys, with RETURNING, and as one batch with the keys given.
     * Before, a page's refusal named neither ("Cannot bind parameter 8"), while a batch named the parameter only.
     */
    @EachDatabase
    void aValueRefusedWhileBindingNamesItsParameterAndItsSet(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> generated = new ArrayList<>(named(5));
                generated.set(3, Map.of("name", "n3", "qty", java.math.BigInteger.ONE.shiftLeft(63)));
                List<Map<String, Object>> given = new ArrayList<>();
                for (int i = 0; i < generated.size(); i++) {
                    Map<String, Object> set = new LinkedHashMap<>(generated.get(i));
                    set.put("id", 100 + i);
                    given.add(set);
                }
                for (Runnable run : List.<Runnable>of(() -> conn.execute(insert(t), generated),
                        () -> conn.execute(insert(t).returning(t.c("id")), generated), () -> conn.execute(insert(t), given))) {
                    assertThatThrownBy(run::run).isInstanceOf(ArgumentException.class).hasMessageContaining("Parameter 'qty'")
                            .hasMessageContaining("parameter set 3").hasMessageContaining("does not fit");
                }
                conn.rollback();
            }
        });
    }
}
