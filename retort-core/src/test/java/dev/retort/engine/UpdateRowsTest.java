package dev.retort.engine;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code Connection.updateRows}: the rows' UPDATEs as one statement joining a VALUES list
 * (PostgreSQL, SQLite) must write what single-row UPDATEs with the same values write, for
 * typed columns (dates, decimals, JSON, UUIDs) with NULLs among the values; count only the rows
 * that matched; return the matched rows' keys where asked.
 */
class UpdateRowsTest {
    private static Table table(MetaData md, String name) {
        return new Table(name + "_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)),
                Column.of("made", Types.DATE),
                Column.of("price", Types.numeric(10, 2)),
                Column.of("doc", Types.JSON),
                Column.of("uid", Types.UUID));
    }

    private static List<Map<String, Object>> contents(Connection conn, Table t) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : conn.execute(select(t).orderBy(t.c("id"))).all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Column<?> c : t.columns()) {
                Object v = r.get(c.key());
                m.put(c.key(), v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : v);
            }
            out.add(m);
        }
        return out;
    }

    @EachDatabase
    void writesWhatSingleRowUpdatesWrite(Database db) {
        MetaData md = new MetaData();
        Table one = table(md, "ur_one");
        Table each = table(md, "ur_each");
        Engine engine = db.engine();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            for (Table t : List.of(one, each)) {
                for (int i = 1; i <= 6; i++) {
                    conn.execute(insert(t), Map.of("id", i, "name", "n" + i, "made", LocalDate.of(2020, 1, i), "price", BigDecimal.valueOf(i, 2),
                            "doc", Map.of("k", i), "uid", new UUID(i, i)));
                }
            }
            List<Column<?>> set = List.of(one.c("name"), one.c("made"), one.c("price"), one.c("doc"), one.c("uid"));
            List<Object[]> rows = List.of(
                    new Object[] {null, LocalDate.of(1999, 12, 31), new BigDecimal("12345678.91"), Map.of("a", List.of(1, 2)), new UUID(7, 9), 2},
                    new Object[] {"zwei", null, null, null, null, 4},
                    new Object[] {"drei", LocalDate.of(2030, 6, 15), new BigDecimal("-0.5"), Map.of(), UUID.fromString("00000000-0000-0000-0000-00000000000a"), 5},
                    new Object[] {"none", null, null, null, null, 99});
            Result r = conn.updateRows(one, set, List.of(one.c("id")), rows, List.of());
            assertThat(r.rowCount()).isEqualTo(3);
            for (Object[] row : rows) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < set.size(); i++) {
                    values.put(set.get(i).key(), row[i]);
                }
                conn.execute(update(each).values(values).where(each.c("id").eq(bindparam("key", (Integer) row[set.size()], Types.INTEGER))));
            }
            assertThat(contents(conn, one)).isEqualTo(contents(conn, each));
            if (engine.dialect().supportsUpdateFromValues()) {
                Result keys = conn.updateRows(one, List.of(one.c("name")), List.of(one.c("id"), one.c("name")),
                        List.<Object[]>of(new Object[] {"x", 1, "n1"}, new Object[] {"y", 2, "stale"}, new Object[] {"z", 3, "drei"}), List.of(one.c("id")));
                Set<Integer> updated = new HashSet<>();
                keys.all().forEach(k -> updated.add(((Number) k.get("id")).intValue()));
                assertThat(updated).containsExactly(1);
                assertThat(keys.rowCount()).isEqualTo(1);
            } else {
                assertThatThrownBy(() -> conn.updateRows(one, List.of(one.c("name")), List.of(one.c("id")), List.<Object[]>of(new Object[] {"x", 1}), List.of(one.c("id"))))
                        .isInstanceOf(ArgumentException.class);
            }
            assertThatThrownBy(() -> conn.updateRows(one, List.of(one.c("name")), List.of(one.c("id")), List.<Object[]>of(new Object[] {"x"}), List.of()))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("row 0 has 1 values for the 2 columns");
            conn.commit();
        } finally {
            md.dropAll(engine);
        }
    }

    /** 12,000 rows (36,000 values, more than one SQLite statement may carry) go in pages of at most 1,000 rows, every one updated. */
    @EachDatabase
    void pagesStayUnderTheParameterLimit(Database db) {
        MetaData md = new MetaData();
        Table t = table(md, "ur_pages");
        Engine engine = db.engine();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            List<Map<String, Object>> seed = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= 12_000; i++) {
                seed.add(Map.of("id", i));
                rows.add(new Object[] {"n" + i, BigDecimal.valueOf(i), i});
            }
            conn.execute(insert(t), seed);
            assertThat(conn.updateRows(t, List.of(t.c("name"), t.c("price")), List.of(t.c("id")), rows, List.of()).rowCount()).isEqualTo(12_000);
            assertThat(conn.execute(select(t).where(t.c("name").eq("n11999"), t.c("price").eq(new BigDecimal("11999")))).all()).hasSize(1);
            conn.commit();
        } finally {
            md.dropAll(engine);
        }
    }

    /**
     * The plans kept per engine are the shape's own: another column set, match, row count or
     * RETURNING gets its own SQL, each what the dialect's compiler writes for it, and an engine
     * of another dialect its own (PostgreSQL casts each value; nothing connects here).
     */
    @org.junit.jupiter.api.Test
    void plansAreKeptPerShapeAndDialect() {
        MetaData md = new MetaData();
        Table t = table(md, "ur_plans");
        Engine sqlite = Engine.create("jdbc:sqlite::memory:");
        Engine postgresql = Engine.create("jdbc:postgresql://127.0.0.1:1/none");
        try {
            List<List<Column<?>>> sets = List.of(List.of(t.c("name")), List.of(t.c("price")), List.of(t.c("name"), t.c("price")));
            List<List<Column<?>>> matches = List.of(List.of(t.c("id")), List.of(t.c("id"), t.c("name")));
            Set<String> seen = new HashSet<>();
            for (Engine engine : List.of(sqlite, postgresql)) {
                for (List<Column<?>> set : sets) {
                    for (List<Column<?>> match : matches) {
                        for (int rows : new int[] {1, 2, 1000}) {
                            for (List<Column<?>> returning : List.of(List.<Column<?>>of(), List.<Column<?>>of(t.c("id")))) {
                                UpdateRowsPlan plan = engine.updateRowsPlan(null, t, new ArrayList<>(set), new ArrayList<>(match), rows, returning);
                                assertThat(plan.sql).isEqualTo(engine.dialect().newCompiler().updateFromValues(t, set, match, rows, returning));
                                assertThat(plan.rows).isEqualTo(rows);
                                assertThat(plan.names).hasSize(set.size() + match.size());
                                assertThat(seen.add(plan.sql)).as("a plan of another shape or dialect: %s", plan.sql).isTrue();
                                // Asked again (with other list objects of the same columns): the kept plan.
                                assertThat(engine.updateRowsPlan(null, t, List.copyOf(set), List.copyOf(match), rows, new ArrayList<>(returning))).isSameAs(plan);
                            }
                        }
                    }
                }
            }
        } finally {
            sqlite.dispose();
            postgresql.dispose();
        }
    }

    /**
     * How many plans an engine keeps is its options' {@code updateRowsPlanCacheSize}: with 0 each
     * call writes its statement anew (the same SQL, another plan); a negative size is refused.
     */
    @org.junit.jupiter.api.Test
    void planCacheSizeIsAnEngineOption() {
        MetaData md = new MetaData();
        Table t = table(md, "ur_size");
        List<Column<?>> set = List.of(t.c("name"));
        List<Column<?>> match = List.of(t.c("id"));
        Engine none = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().updateRowsPlanCacheSize(0).build());
        Engine kept = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().updateRowsPlanCacheSize(8).build());
        try {
            assertThat(none.options().updateRowsPlanCacheSize()).isZero();
            assertThat(EngineOptions.defaults().updateRowsPlanCacheSize()).isEqualTo(64);
            UpdateRowsPlan first = none.updateRowsPlan(null, t, set, match, 3, List.of());
            UpdateRowsPlan again = none.updateRowsPlan(null, t, set, match, 3, List.of());
            assertThat(again).isNotSameAs(first);
            assertThat(again.sql).isEqualTo(first.sql);
            UpdateRowsPlan plan = kept.updateRowsPlan(null, t, set, match, 3, List.of());
            kept.updateRowsPlan(null, t, List.of(t.c("price")), match, 3, List.of());
            assertThat(kept.updateRowsPlan(null, t, set, match, 3, List.of())).isSameAs(plan);
        } finally {
            none.dispose();
            kept.dispose();
        }
        assertThatThrownBy(() -> EngineOptions.builder().updateRowsPlanCacheSize(-1).build())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("updateRowsPlanCacheSize");
    }

    /**
     * Statements of alternating shapes, one kept plan each, update what each asks for. The engine
     * is the test's own: a shared one's plan cache, filled by other tests, may evict a new plan.
     */
    @EachDatabase
    void alternatingShapesUpdateTheirOwnColumns(Database db) {
        MetaData md = new MetaData();
        Table t = table(md, "ur_alternate");
        Engine engine = db.newEngine(EngineOptions.builder());
        md.createAll(engine);
        List<String> sqls = new ArrayList<>();
        ExecutionListener listener = (sql, params) -> sqls.add(sql);
        engine.addListener(listener);
        try (Connection conn = engine.connect()) {
            for (int i = 1; i <= 4; i++) {
                conn.execute(insert(t), Map.of("id", i, "name", "n" + i, "price", BigDecimal.valueOf(i)));
            }
            List<Column<?>> byId = List.of(t.c("id"));
            sqls.clear();
            conn.updateRows(t, List.of(t.c("name")), byId, List.<Object[]>of(new Object[] {"a1", 1}, new Object[] {"a2", 2}), List.of());
            conn.updateRows(t, List.of(t.c("price")), byId, List.<Object[]>of(new Object[] {new BigDecimal("7.5"), 2}, new Object[] {new BigDecimal("8.5"), 3}), List.of());
            conn.updateRows(t, List.of(t.c("name")), byId, List.<Object[]>of(new Object[] {"b3", 3}, new Object[] {"b4", 4}, new Object[] {"b1", 1}), List.of());
            conn.updateRows(t, List.of(t.c("name")), byId, List.<Object[]>of(new Object[] {"c2", 2}, new Object[] {"c4", 4}), List.of());
            List<String> updates = List.copyOf(sqls);
            List<String> got = new ArrayList<>();
            for (Row r : conn.execute(select(t.c("id"), t.c("name"), t.c("price")).orderBy(t.c("id"))).all()) {
                got.add(r.get("id") + "/" + r.get("name") + "/" + ((BigDecimal) r.get("price")).stripTrailingZeros().toPlainString());
            }
            assertThat(got).containsExactly("1/b1/1", "2/c2/7.5", "3/b3/8.5", "4/c4/4");
            if (engine.dialect().supportsUpdateFromValues()) {
                assertThat(updates).hasSize(4);
                assertThat(updates.get(3)).isSameAs(updates.get(0));
                assertThat(new HashSet<>(updates.subList(0, 3))).hasSize(3);
            }
            conn.commit();
        } finally {
            md.dropAll(engine);
            engine.dispose();
        }
    }
}
