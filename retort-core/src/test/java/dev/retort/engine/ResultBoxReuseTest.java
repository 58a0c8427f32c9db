package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.Databases.TempTable;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Integer columns repeating their value from row to row give the row before's box again; the values read are
 * those a column read without that reuse gives (runs of repeats, NULLs, small and wide values, in any order).
 */
class ResultBoxReuseTest {
    private static final String DDL = "id INTEGER PRIMARY KEY, i INTEGER, b BIGINT";

    private static TableClause rows(TempTable t) {
        return table(t.name(), column("id", Types.INTEGER), column("i", Types.INTEGER), column("b", Types.BIGINT));
    }

    @EachDatabase
    void repeatedValuesShareTheirBox(Database db) {
        try (TempTable t = db.table("boxes", DDL); Connection conn = db.engine().connect()) {
            for (int id = 1; id <= 4; id++) {
                conn.execute(insert(rows(t)), Map.of("id", id, "i", 1000, "b", 5_000_000_000L));
            }
            List<Row> read = conn.execute(select(rows(t)).orderBy(rows(t).c("id"))).all();
            assertThat(read).extracting(r -> r.get("i")).containsOnly(1000);
            assertThat(read).extracting(r -> r.get("b")).containsOnly(5_000_000_000L);
            // compared before being read once the column repeats: from the third row on, the first row's box at the latest
            assertThat(read.get(3).get("i")).isSameAs(read.get(2).get("i"));
            assertThat(read.get(3).get("b")).isSameAs(read.get(2).get("b"));
        }
    }

    /** Values beside the extremes round to the extreme's double: a run of one is no reason to take the other's box. */
    @EachDatabase
    void aRunOfAnExtremeIsNotTakenForItsNeighbour(Database db) {
        long[] values = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1};
        try (TempTable t = db.table("boxes", DDL); Connection conn = db.engine().connect()) {
            for (int id = 1; id <= values.length; id++) {
                conn.execute(insert(rows(t)), Map.of("id", id, "i", 1, "b", values[id - 1]));
            }
            assertThat(conn.execute(select(rows(t)).orderBy(rows(t).c("id"))).all()).extracting(r -> (Long) r.get("b"))
                    .containsExactly(java.util.Arrays.stream(values).boxed().toArray(Long[]::new));
        }
    }

    @EachDatabase
    void valuesAreThoseReadWithoutReuse(Database db) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        Integer[] ints = {null, 0, 1, -1, 127, 128, -129, 1000, 1001, Integer.MAX_VALUE, Integer.MIN_VALUE};
        Long[] longs = {null, 0L, 128L, 1000L, -5_000_000_000L, (1L << 53) - 1, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        try (TempTable t = db.table("boxes", DDL); Connection conn = db.engine().connect()) {
            List<Map<String, Object>> expected = new ArrayList<>();
            int n = 40 + r.nextInt(40);
            Integer i = null;
            Long b = null;
            for (int id = 1; id <= n; id++) {
                // runs: a value kept for a few rows, then another
                if (r.nextInt(3) == 0) {
                    i = ints[r.nextInt(ints.length)];
                }
                if (r.nextInt(3) == 0) {
                    b = longs[r.nextInt(longs.length)];
                }
                Map<String, Object> row = new HashMap<>();
                row.put("id", id);
                row.put("i", i);
                row.put("b", b);
                conn.execute(insert(rows(t)), row);
                expected.add(row);
            }
            if (db == Database.SQLITE) {
                // SQLite keeps a REAL that is no integer in an INTEGER column: read as the Double it is, after a run of 1000s
                conn.execute(text("UPDATE " + t.name() + " SET i = 1000 WHERE id >= " + (n - 4)));
                conn.execute(text("UPDATE " + t.name() + " SET i = 1000.5 WHERE id = " + n));
                for (int k = n - 5; k < n; k++) {
                    expected.get(k).put("i", k == n - 1 ? (Object) 1000.5 : (Object) 1000);
                }
            }
            List<Row> read = conn.execute(select(rows(t)).orderBy(rows(t).c("id"))).all();
            assertThat(read).hasSize(n);
            for (int k = 0; k < n; k++) {
                for (String c : List.of("i", "b")) {
                    Object want = expected.get(k).get(c);
                    Object got = read.get(k).get(c);
                    assertThat(got).as("seed %d, row %d, column %s", seed, k + 1, c).isEqualTo(want);
                    if (want != null) {
                        assertThat(got.getClass()).as("seed %d, row %d, column %s", seed, k + 1, c).isEqualTo(want.getClass());
                    }
                }
            }
        }
    }
}
