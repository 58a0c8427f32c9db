package dev.retort.orm;

import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.engine.Execution;
import dev.retort.engine.ExecutionListener;
import dev.retort.engine.Row;
import dev.retort.exc.RetortException;
import dev.retort.exc.StaleDataException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The flush's UPDATE of many rows as one statement joining a VALUES list
 * ({@link SessionFactory#updateFromValues}) against the JDBC batch of single-row UPDATEs: the
 * same seeded random changes (random attribute subsets in runs of rows, NULLs among the
 * values, strings, numbers, decimals, booleans, dates, timestamps, UUIDs, JSON) applied from
 * the same table contents by both must leave equal table contents, versioned and not; a stale
 * versioned row in the middle of a group is named; listeners see every row. A failure names the
 * seed.
 */
class UpdateFromValuesPropertyTest {
    static final int ROWS = 150;
    static final List<String> ATTRIBUTES = List.of("name", "qty", "price", "active", "made", "at", "uid", "doc");

    public static class Thing {
        public Integer id;
        public String name;
        public Integer qty;
        public BigDecimal price;
        public Boolean active;
        public LocalDate made;
        public LocalDateTime at;
        public UUID uid;
        public Object doc;

        public Thing() {
        }
    }

    public static class VThing {
        public Integer id;
        public String name;
        public Integer qty;
        public BigDecimal price;
        public Boolean active;
        public LocalDate made;
        public LocalDateTime at;
        public UUID uid;
        public Object doc;
        public Integer version;

        public VThing() {
        }
    }

    static Thing thing(int id) {
        Thing t = new Thing();
        t.id = id;
        return t;
    }

    static VThing vthing(int id) {
        VThing v = new VThing();
        v.id = id;
        return v;
    }

    private static final class World implements AutoCloseable {
        private final OrmTestDatabase t = new OrmTestDatabase();
        final String suffix = t.suffix;
        final MetaData metadata = t.metadata;
        final Registry registry = t.registry;
        final Table things = table("ufv_things", false);
        final Table vthings = table("ufv_vthings", true);
        final Engine engine;
        /** Each UPDATE execution's SQL and its number of parameter sets. */
        final List<String> updates = new ArrayList<>();
        private final ExecutionListener recorder = new ExecutionListener() {
            @Override
            public void onExecute(String s, List<Object> params) {
            }

            @Override
            public void afterExecute(Execution e) {
                if (e.sql().startsWith("UPDATE")) {
                    updates.add(e.sql());
                }
            }
        };

        World(Databases.Database db) {
            registry.mapImperatively(Thing.class, things);
            registry.mapImperatively(VThing.class, vthings).versionCounter(vthings.c("version"));
            engine = t.start(db);
            engine.addListener(recorder);
        }

        private Table table(String name, boolean versioned) {
            List<Column<?>> columns = new ArrayList<>(List.of(
                    Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("name", Types.string(40)),
                    Column.of("qty", Types.INTEGER),
                    Column.of("price", Types.numeric(10, 2)),
                    Column.of("active", Types.BOOLEAN),
                    Column.of("made", Types.DATE),
                    Column.of("at", Types.DATETIME),
                    Column.of("uid", Types.UUID),
                    Column.of("doc", Types.JSON)));
            if (versioned) {
                columns.add(Column.of("version", Types.INTEGER).nullable(false));
            }
            return new Table(name + suffix, metadata, columns.toArray(new Column<?>[0]));
        }

        /** Commits rows 1 to {@code n}, each made by {@code make}. */
        void seed(int n, java.util.function.IntFunction<Object> make) {
            try (Session s = open(true)) {
                for (int i = 1; i <= n; i++) {
                    s.add(make.apply(i));
                }
                s.commit();
            }
        }

        Session open(boolean fromValues) {
            return t.open(SessionFactory.of(engine).updateFromValues(fromValues));
        }

        @Override
        public void close() {
            engine.removeListener(recorder);
            t.close();
        }
    }

    private static Object randomValue(String attribute, SplittableRandom r) {
        if (r.nextInt(4) == 0) {
            return null;
        }
        return switch (attribute) {
            case "name" -> "n" + r.nextInt(1000);
            case "qty" -> r.nextInt(100_000) - 50_000;
            case "price" -> BigDecimal.valueOf(r.nextInt(1_000_000), 2);
            case "active" -> r.nextBoolean();
            case "made" -> LocalDate.of(2000 + r.nextInt(30), 1 + r.nextInt(12), 1 + r.nextInt(28));
            case "at" -> LocalDateTime.of(2000 + r.nextInt(30), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60));
            case "uid" -> new UUID(r.nextLong(), r.nextLong());
            default -> Map.of("k", r.nextInt(100), "tags", List.of("a", "b" + r.nextInt(5)));
        };
    }

    private static void set(Object o, String attribute, Object value) {
        try {
            o.getClass().getField(attribute).set(o, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The table's rows in key order, each as its values by column name (read back as the database gives them). */
    private static List<Map<String, Object>> contents(World w, Table t) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (var conn = w.engine.connect()) {
            for (Row row : conn.execute(select(t).orderBy(t.c("id"))).all()) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Column<?> c : t.columns()) {
                    Object v = row.get(c.key());
                    m.put(c.key(), v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : v);
                }
                out.add(m);
            }
        }
        return out;
    }

    /** Empties {@code t} and inserts {@code rows}. */
    private static void restore(World w, Table t, List<Map<String, Object>> rows) {
        try (var conn = w.engine.connect()) {
            conn.execute(delete(t));
            for (Map<String, Object> row : rows) {
                Map<String, Object> values = new LinkedHashMap<>(row);
                values.computeIfPresent("price", (k, v) -> new BigDecimal((String) v));
                conn.execute(insert(t), values);
            }
            conn.commit();
        }
    }

    /**
     * The changes of {@code seed}: in runs of 1 to 40 rows, one of a few attribute subsets (so
     * that groups of rows change the same columns), each attribute set to a random value (a
     * NULL one time in four, sometimes the value it has), some rows left alone.
     */
    private static void applyChanges(Session s, Class<?> c, int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<List<String>> subsets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<String> subset = new ArrayList<>();
            for (String a : ATTRIBUTES) {
                if (r.nextInt(3) == 0) {
                    subset.add(a);
                }
            }
            subsets.add(subset.isEmpty() ? List.of(ATTRIBUTES.get(r.nextInt(ATTRIBUTES.size()))) : subset);
        }
        List<?> all = s.query(c).orderBy(ORM.attr(c, "id")).all();
        int i = 0;
        while (i < all.size()) {
            List<String> subset = subsets.get(r.nextInt(subsets.size()));
            boolean skip = r.nextInt(6) == 0;
            for (int n = 1 + r.nextInt(40); n > 0 && i < all.size(); n--, i++) {
                if (!skip) {
                    for (String a : subset) {
                        set(all.get(i), a, randomValue(a, r));
                    }
                }
            }
        }
    }

    private static void seed(World w, Class<?> c, int seed) {
        SplittableRandom r = new SplittableRandom(seed * 31L + 7);
        try (Session s = w.open(false)) {
            for (int i = 1; i <= ROWS; i++) {
                Object o = c == Thing.class ? new Thing() : new VThing();
                set(o, "id", i);
                for (String a : ATTRIBUTES) {
                    set(o, a, randomValue(a, r));
                }
                s.add(o);
            }
            s.commit();
        }
    }

    @EachDatabase
    void oneStatementLeavesWhatTheBatchLeaves(Databases.Database db) {
        try (World w = new World(db)) {
            boolean supported = w.engine.dialect().supportsUpdateFromValues();
            for (Class<?> c : List.of(Thing.class, VThing.class)) {
                Table t = ORM.mapper(c).table();
                seed(w, c, 1);
                for (int seed = 0; seed < 5; seed++) {
                    List<Map<String, Object>> before = contents(w, t);
                    try (Session s = w.open(false)) {
                        applyChanges(s, c, seed);
                        s.commit();
                    }
                    List<Map<String, Object>> batched = contents(w, t);
                    assertThat(batched).as("%s seed %d changes something", c.getSimpleName(), seed).isNotEqualTo(before);
                    restore(w, t, before);
                    w.updates.clear();
                    try (Session s = w.open(true)) {
                        applyChanges(s, c, seed);
                        s.commit();
                    }
                    assertThat(contents(w, t)).as("%s seed %d", c.getSimpleName(), seed).isEqualTo(batched);
                    assertThat(w.updates.stream().anyMatch(sql -> sql.contains(" FROM (VALUES ")))
                            .as("%s seed %d: %s", c.getSimpleName(), seed, w.updates).isEqualTo(supported);
                }
            }
        }
    }

    /**
     * A factory left at its default sends the many rows' UPDATEs as one statement where that is
     * the faster way (PostgreSQL, SQLite), as a JDBC batch elsewhere (MariaDB), and says so; the
     * rows hold the new values.
     */
    @EachDatabase
    void theDefaultIsTheFasterWayOfTheDatabase(Databases.Database db) {
        try (World w = new World(db)) {
            w.seed(20, UpdateFromValuesPropertyTest::thing);
            w.updates.clear();
            SessionFactory defaults = SessionFactory.of(w.engine);
            try (Session s = defaults.open()) {
                for (Thing t : s.query(Thing.class).all()) {
                    t.qty = t.id * 2;
                }
                s.commit();
            }
            boolean oneStatement = db == Databases.Database.POSTGRESQL || db == Databases.Database.SQLITE;
            assertThat(defaults.isUpdateFromValues()).isEqualTo(oneStatement);
            assertThat(w.updates).hasSize(1);
            assertThat(w.updates.get(0).contains(" FROM (VALUES ")).as(w.updates.get(0)).isEqualTo(oneStatement);
            assertThat(contents(w, w.things)).allSatisfy(row -> assertThat(((Number) row.get("qty")).intValue()).isEqualTo(2 * ((Number) row.get("id")).intValue()));
        }
    }

    /** A page holds at most 1,000 rows: 2,500 rows changed alike go in three statements, all updated. */
    @EachDatabase
    void manyRowsGoInPages(Databases.Database db) {
        try (World w = new World(db)) {
            w.seed(2500, i -> {
                Thing t = thing(i);
                t.qty = i;
                return t;
            });
            w.updates.clear();
            try (Session s = w.open(true)) {
                for (Thing t : s.query(Thing.class).all()) {
                    t.qty = -t.qty;
                    t.name = "x" + t.id;
                }
                s.commit();
            }
            if (w.engine.dialect().supportsUpdateFromValues()) {
                assertThat(w.updates).hasSize(3);
            }
            List<Map<String, Object>> rows = contents(w, w.things);
            assertThat(rows).hasSize(2500).allSatisfy(row -> {
                int id = ((Number) row.get("id")).intValue();
                assertThat(((Number) row.get("qty")).intValue()).isEqualTo(-id);
                assertThat(row.get("name")).isEqualTo("x" + id);
            });
        }
    }

    /**
     * Another writer bumps the version of a row in the middle of 40 rows changed alike: the one
     * statement updates the others, yet the flush names that row, is undone (every version as
     * loaded, the table as it was), and the rest commit once the row is refreshed.
     */
    @EachDatabase
    void aStaleRowAmongManyIsNamed(Databases.Database db) {
        try (World w = new World(db)) {
            w.seed(40, i -> {
                VThing v = vthing(i);
                v.name = "n" + i;
                return v;
            });
            Session s = w.open(true);
            List<VThing> all = s.query(VThing.class).orderBy(ORM.attr(VThing.class, "id")).all();
            s.execute(update(w.vthings).values(Map.of("name", "theirs", "version", w.vthings.c("version").add(1))).where(w.vthings.c("id").eq(23)));
            all.forEach(v -> v.qty = v.id * 10);
            w.updates.clear();
            assertThatThrownBy(s::flush).isInstanceOfSatisfying(StaleDataException.class, e -> {
                assertThat(e.entityName()).isEqualTo("VThing");
                assertThat(e.primaryKey()).containsExactly(23);
            });
            if (w.engine.dialect().supportsUpdateFromValues()) {
                assertThat(w.updates).hasSize(1).allMatch(sql -> sql.contains(" FROM (VALUES "));
            }
            assertThat(all).extracting(v -> v.version).containsOnly(1);
            // The session's connection, which does not flush first: the one statement's changes were undone.
            assertThat(s.connection().execute(select(w.vthings).where(w.vthings.c("qty").isNotNull())).all()).isEmpty();
            s.refresh(all.get(22));
            all.get(22).qty = 230;
            s.commit();
            s.close();
            try (Session check = w.open(true)) {
                for (VThing v : check.query(VThing.class).orderBy(ORM.attr(VThing.class, "id")).all()) {
                    assertThat(v.qty).isEqualTo(v.id * 10);
                    assertThat(v.version).isEqualTo(v.id == 23 ? 3 : 2);
                    assertThat(v.name).isEqualTo(v.id == 23 ? "theirs" : "n" + v.id);
                }
            }
        }
    }

    /**
     * Versioned rows whose keys change cannot go in one UPDATE from VALUES: they run one statement
     * each, as without the option, so that the stale one among them is the one named.
     */
    @EachDatabase
    void aStaleRowAmongRowsWhoseKeysChangeIsNamed(Databases.Database db) {
        try (World w = new World(db)) {
            w.seed(10, UpdateFromValuesPropertyTest::vthing);
            Session s = w.open(true);
            List<VThing> all = s.query(VThing.class).orderBy(ORM.attr(VThing.class, "id")).all();
            s.execute(update(w.vthings).values(Map.of("version", w.vthings.c("version").add(1))).where(w.vthings.c("id").eq(6)));
            all.forEach(v -> v.id = v.id + 100);
            assertThatThrownBy(s::flush).isInstanceOfSatisfying(StaleDataException.class, e -> assertThat(e.primaryKey()).containsExactly(6));
            s.rollback();
            s.close();
        }
    }

    /** An unversioned row another writer deleted: the count falls short and the flush fails, changing nothing. */
    @EachDatabase
    void aVanishedRowFailsTheFlush(Databases.Database db) {
        try (World w = new World(db)) {
            w.seed(10, UpdateFromValuesPropertyTest::thing);
            Session s = w.open(true);
            List<Thing> all = s.query(Thing.class).all();
            s.execute(delete(w.things).where(w.things.c("id").eq(4)));
            all.forEach(t -> t.qty = 7);
            assertThatThrownBy(s::flush).isInstanceOf(RetortException.class).hasMessageContaining("expected to match 10 row(s) but matched 9");
            assertThat(s.connection().execute(select(w.things).where(w.things.c("qty").eq(7))).all()).isEmpty();
            s.rollback();
            s.close();
        }
    }

    /**
     * Flushes in one session, each seeing only what changed since the one before: a column changed
     * back to its loaded value, a JSON value changed in place after a flush, and a column never
     * changed before are each written; a flush with nothing changed writes nothing.
     */
    @EachDatabase
    void eachFlushComparesWithTheLast(Databases.Database db) {
        try (World w = new World(db)) {
            for (boolean fromValues : List.of(false, true)) {
                try (Session s = w.open(fromValues)) {
                    for (int i = 1; i <= 5; i++) {
                        Thing t = thing(i);
                        t.qty = 1;
                        t.doc = new java.util.HashMap<>(Map.of("k", 1));
                        s.add(t);
                    }
                    s.commit();
                }
                Session s = w.open(fromValues);
                List<Thing> all = s.query(Thing.class).orderBy(ORM.attr(Thing.class, "id")).all();
                all.forEach(t -> t.qty = 2);
                s.flush();
                all.forEach(t -> {
                    t.qty = 1;
                    t.name = "named";
                });
                s.flush();
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) all.get(2).doc;
                doc.put("k", 3);
                w.updates.clear();
                s.flush();
                assertThat(w.updates).as("the JSON value changed in place").hasSize(1);
                w.updates.clear();
                s.flush();
                assertThat(w.updates).as("nothing changed").isEmpty();
                s.commit();
                s.close();
                assertThat(contents(w, w.things)).allSatisfy(row -> {
                    assertThat(((Number) row.get("qty")).intValue()).isEqualTo(1);
                    assertThat(row.get("name")).isEqualTo("named");
                });
                try (Session check = w.open(fromValues)) {
                    assertThat(((Number) ((Map<?, ?>) check.get(Thing.class, 3).doc).get("k")).intValue()).isEqualTo(3);
                    check.query(Thing.class).all().forEach(check::delete);
                    check.commit();
                }
            }
        }
    }

    /** Before-update listeners' changes are written by the one statement; after-update listeners see every row once. */
    @EachDatabase
    void listenersSeeEveryRow(Databases.Database db) {
        try (World w = new World(db)) {
            w.seed(30, UpdateFromValuesPropertyTest::thing);
            List<Integer> after = new ArrayList<>();
            Session s = w.open(true);
            s.events().listen(Thing.class, OrmEvents.InstanceEvent.BEFORE_UPDATE, (x, t) -> t.name = "seen " + t.qty)
                    .listen(Thing.class, OrmEvents.InstanceEvent.AFTER_UPDATE, (x, t) -> after.add(t.id));
            List<Thing> all = s.query(Thing.class).orderBy(ORM.attr(Thing.class, "id")).all();
            all.forEach(t -> t.qty = t.id + 100);
            s.commit();
            s.close();
            assertThat(after).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList());
            assertThat(contents(w, w.things)).allSatisfy(row ->
                    assertThat(row.get("name")).isEqualTo("seen " + (((Number) row.get("id")).intValue() + 100)));
        }
    }
}
