package dev.retort.engine;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.IntegrityException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code executeRows(statement, names, rows)}, the executemany with values by position: it must
 * write what {@code execute(statement, List<Map>)} writes with the same values as maps, whatever
 * the order of the names against the placeholders, with NULLs among other values, with values
 * the statement carries itself, and listeners must see each execution with the values in
 * placeholder order.
 */
class ExecuteRowsTest {
    private static final String DDL = "id INTEGER PRIMARY KEY, name VARCHAR(50), qty INTEGER, price NUMERIC(10, 2), made DATE, flag INTEGER";

    private static TableClause things(TempTable t) {
        return table(t.name(), column("id", Types.INTEGER), column("name", Types.string(50)), column("qty", Types.INTEGER),
                column("price", Types.numeric(10, 2)), column("made", Types.DATE), column("flag", Types.INTEGER));
    }

    /** Each execution's parameter sets, as listeners see them. */
    private static final class Recorder implements ExecutionListener {
        final List<List<List<Object>>> sets = new ArrayList<>();

        @Override
        public void onExecute(String statement, List<Object> params) {
            sets.add(List.of(params));
        }

        @Override
        public void onExecuteBatch(String statement, List<List<Object>> parameterSets) {
            sets.add(parameterSets);
        }
    }

    private static List<List<Object>> rows(Connection conn, TableClause t) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : conn.execute(select(t).orderBy(t.c("id"))).all()) {
            List<Object> v = new ArrayList<>(r.toList());
            v.replaceAll(x -> x instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : x instanceof Long l ? l.intValue() : x);
            out.add(v);
        }
        return out;
    }

    /** An UPDATE whose names are given in another order than its placeholders', with NULLs, against the same values as maps. */
    @EachDatabase
    void rowsByPositionWriteWhatMapsWrite(Database db) {
        try (TempTable a = db.table("rows_a", DDL); TempTable b = db.table("rows_b", DDL); Connection conn = db.engine().connect()) {
            TableClause ta = things(a);
            TableClause tb = things(b);
            List<Map<String, Object>> seed = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                seed.add(Map.of("id", i, "name", "n" + i, "qty", i, "price", BigDecimal.valueOf(i, 1), "made", LocalDate.of(2020, 1, 1 + i % 28), "flag", 0));
            }
            conn.execute(insert(ta), seed);
            conn.execute(insert(tb), seed);
            SplittableRandom r = new SplittableRandom(5);
            List<String> names = List.of("pk", "v_price", "v_name", "v_qty", "v_made");
            List<Object[]> values = new ArrayList<>();
            List<Map<String, Object>> maps = new ArrayList<>();
            for (int i = 1; i <= 50; i += 1 + r.nextInt(2)) {
                Object[] row = {i, r.nextBoolean() ? null : BigDecimal.valueOf(r.nextInt(10_000), 2), r.nextBoolean() ? null : "x" + r.nextInt(99),
                        r.nextInt(3) == 0 ? null : r.nextInt(1000) - 500, r.nextBoolean() ? null : LocalDate.of(1999, 12, 1 + r.nextInt(31))};
                values.add(row);
                Map<String, Object> m = new LinkedHashMap<>();
                for (int k = 0; k < names.size(); k++) {
                    m.put(names.get(k), row[k]);
                }
                maps.add(m);
            }
            // "flag" is set from a value the statement carries, not from the rows
            Map<Object, Object> set = new LinkedHashMap<>();
            for (String c : List.of("name", "qty", "price", "made")) {
                set.put(c, bindparam("v_" + c, null, ta.c(c).type()));
            }
            set.put("flag", 7);
            Recorder seen = new Recorder();
            db.engine().addListener(seen);
            int counted;
            try {
                counted = conn.executeRows(update(ta).values(set).where(ta.c("id").eq(bindparam("pk", null, Types.INTEGER))), names, values).rowCount();
            } finally {
                db.engine().removeListener(seen);
            }
            Map<Object, Object> setB = new LinkedHashMap<>();
            for (String c : List.of("name", "qty", "price", "made")) {
                setB.put(c, bindparam("v_" + c, null, tb.c(c).type()));
            }
            setB.put("flag", 7);
            conn.execute(update(tb).values(setB).where(tb.c("id").eq(bindparam("pk", null, Types.INTEGER))), maps);
            assertThat(counted).isEqualTo(values.size());
            assertThat(rows(conn, ta)).isEqualTo(rows(conn, tb));
            assertThat(seen.sets).hasSize(1);
            List<List<Object>> sets = seen.sets.get(0);
            assertThat(sets).hasSize(values.size());
            // SET name, qty, price, made, flag WHERE id: the rows' values in that order, the carried 7 in its place
            Object[] first = values.get(0);
            assertThat(sets.get(0)).containsExactly(first[2], first[3], first[1], first[4], 7, first[0]);
        }
    }

    @EachDatabase
    void deletesCountTheirRowsAndASecondRunReusesTheStatement(Database db) {
        try (TempTable t = db.table("rows_d", DDL); Connection conn = db.engine().connect()) {
            TableClause tt = things(t);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                rows.add(new Object[] {"n" + i, i});
            }
            assertThat(conn.executeRows(insert(tt), List.of("name", "id"), rows).rowCount()).isEqualTo(30);
            var byId = delete(tt).where(tt.c("id").eq(bindparam("pk", null, Types.INTEGER)));
            assertThat(conn.executeRows(byId, List.of("pk"), List.of(new Object[] {1}, new Object[] {2}, new Object[] {99})).rowCount()).isEqualTo(2);
            // one row runs as one execution, on the statement the batch left in the cache
            assertThat(conn.executeRows(byId, List.of("pk"), List.<Object[]>of(new Object[] {3})).rowCount()).isEqualTo(1);
            assertThat(conn.executeRows(byId, List.of("pk"), List.of()).rowCount()).isZero();
            assertThat(conn.execute(select(tt.c("id")).orderBy(tt.c("id"))).scalars()).startsWith(4, 5).hasSize(27);
        }
    }

    @EachDatabase
    void badRowsAndFailuresAreTyped(Database db) {
        try (TempTable t = db.table("rows_f", "id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL"); Connection conn = db.engine().connect()) {
            TableClause tt = table(t.name(), column("id", Types.INTEGER), column("name", Types.string(50)));
            assertThatThrownBy(() -> conn.executeRows(insert(tt), List.of("id", "id"), List.<Object[]>of(new Object[] {1, 1})))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("twice");
            assertThatThrownBy(() -> conn.executeRows(insert(tt), List.of("id", "name"), List.<Object[]>of(new Object[] {1})))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("row 0 has 1 values");
            conn.rollback();
            conn.executeRows(insert(tt), List.of("id", "name"), List.<Object[]>of(new Object[] {1, "a"}, new Object[] {2, "b"}));
            var rename = update(tt).values(Map.of("name", bindparam("v", null, Types.string(50)))).where(tt.c("id").eq(bindparam("pk", null, Types.INTEGER)));
            assertThatThrownBy(() -> conn.executeRows(rename, List.of("v", "pk"), Arrays.asList(new Object[] {"c", 1}, new Object[] {null, 2})))
                    .isInstanceOf(IntegrityException.class);
        }
    }
}
