package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.engine.ExecutionListener;
import dev.retort.exc.StaleDataException;
import dev.retort.schema.MetaData;
import dev.retort.engine.Row;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The flush's batched statements (rows bound by position, see {@code Connection.executeRows})
 * against a plain model of the rows: seeded random changes of random sets of attributes over
 * many instances (so that the UPDATEs of one flush have many shapes, and each batch mixes
 * NULL and other values), deletes and inserts among them; after each commit the table must
 * equal the model, column by column. The versioned variant has another writer change one row
 * first: the flush raises {@link StaleDataException} naming that row, changes nothing, and
 * the other rows' changes commit once the stale row is refreshed. Each runs with the UPDATEs
 * as JDBC batches and as one {@code UPDATE ... FROM (VALUES ...)} per group where the database
 * has it ({@link SessionFactory#updateFromValues}): the tables must end alike. A failure names
 * the seed.
 */
class FlushBatchPropertyTest {
    static final int ROWS = 240;
    static final int ROUNDS = 4;

    @Entity
    @Table(name = "fb_gadgets")
    public static class Gadget {
        @Id
        Integer id;
        @Column(length = 40)
        String name;
        Integer qty;
        @Column(precision = 10, scale = 2)
        BigDecimal price;
        Boolean active;
        LocalDate made;

        public Gadget() {
        }
    }

    @Entity
    @Table(name = "fb_vgadgets")
    public static class VGadget {
        @Id
        Integer id;
        @Column(length = 40)
        String name;
        Integer qty;
        @Column(precision = 10, scale = 2)
        BigDecimal price;
        Boolean active;
        LocalDate made;
        @Version
        Integer version;

        public VGadget() {
        }
    }

    /** A row of the model: name, qty, price, active, made (and the version, for VGadget). */
    private static List<Object> values(Object g) {
        return g instanceof Gadget x ? Arrays.asList(x.name, x.qty, x.price, x.active, x.made)
                : Arrays.asList(((VGadget) g).name, ((VGadget) g).qty, ((VGadget) g).price, ((VGadget) g).active, ((VGadget) g).made, ((VGadget) g).version);
    }

    /** Values compared across databases: numbers by value (SQLite keeps NUMERIC as a number), booleans read as 0/1 by some. */
    private static List<Object> normal(List<?> row) {
        List<Object> out = new ArrayList<>();
        for (Object v : row) {
            out.add(v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString()
                    : v instanceof Number n && !(v instanceof Integer) ? n.intValue()
                    : v instanceof Boolean b ? (b ? 1 : 0) : v);
        }
        return out;
    }

    /** Sets attribute {@code a} (0..4) of {@code g} to a random value, NULL about one time in four. */
    private static void change(Object g, int a, SplittableRandom r) {
        boolean nul = r.nextInt(4) == 0;
        Object v = switch (a) {
            case 0 -> nul ? null : "n" + r.nextInt(1000);
            case 1 -> nul ? null : r.nextInt(100_000) - 50_000;
            case 2 -> nul ? null : BigDecimal.valueOf(r.nextInt(1_000_000), 2);
            case 3 -> nul ? null : r.nextBoolean();
            default -> nul ? null : LocalDate.of(2000 + r.nextInt(30), 1 + r.nextInt(12), 1 + r.nextInt(28));
        };
        String field = List.of("name", "qty", "price", "active", "made").get(a);
        try {
            java.lang.reflect.Field f = g.getClass().getDeclaredField(field);
            f.set(g, v);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object fresh(Class<?> c, int id, SplittableRandom r) {
        Object g = c == Gadget.class ? new Gadget() : new VGadget();
        if (g instanceof Gadget x) {
            x.id = id;
        } else {
            ((VGadget) g).id = id;
        }
        for (int a = 0; a < 5; a++) {
            change(g, a, r);
        }
        return g;
    }

    private static int idOf(Object g) {
        return g instanceof Gadget x ? x.id : ((VGadget) g).id;
    }

    /** The table's rows, by id, normalised. */
    private static Map<Integer, List<Object>> rows(Session s, Class<?> c) {
        dev.retort.schema.Table t = ORM.mapper(c).table();
        Map<Integer, List<Object>> out = new TreeMap<>();
        List<String> columns = c == Gadget.class ? List.of("name", "qty", "price", "active", "made") : List.of("name", "qty", "price", "active", "made", "version");
        for (Row row : s.execute(select(t).orderBy(t.c("id"))).all()) {
            List<Object> v = new ArrayList<>();
            columns.forEach(k -> v.add(row.get(k)));
            out.put(((Number) row.get("id")).intValue(), normal(v));
        }
        return out;
    }

    private static final class World implements AutoCloseable {
        private final OrmTestDatabase t = new OrmTestDatabase();
        final String suffix = t.suffix;
        final MetaData metadata = t.metadata;
        final Registry registry = t.registry.tableNaming(n -> n + suffix);
        final Engine engine;
        final List<String> sql = new ArrayList<>();
        /** Per UPDATE execution, the rows it updated: a batch's parameter sets, or the rows one statement joining them matched. */
        final List<Integer> updateSets = new ArrayList<>();
        private final ExecutionListener recorder = new ExecutionListener() {
            @Override
            public void onExecute(String s, List<Object> params) {
            }

            @Override
            public void afterExecute(dev.retort.engine.Execution e) {
                sql.add(e.sql());
                if (e.sql().startsWith("UPDATE")) {
                    updateSets.add(e.sql().contains(" FROM (VALUES ") ? (int) e.rowCount() : e.parameterSets().size());
                }
            }
        };
        final boolean fromValues;

        World(Databases.Database db, boolean fromValues) {
            this.fromValues = fromValues;
            registry.map(Gadget.class, VGadget.class);
            engine = t.start(db);
            engine.addListener(recorder);
        }

        Session open() {
            return t.open(SessionFactory.of(engine).updateFromValues(fromValues));
        }

        @Override
        public void close() {
            engine.removeListener(recorder);
            t.close();
        }
    }

    @EachDatabase
    void randomChangesOverManyInstancesMatchTheModel(Databases.Database db) {
        for (boolean fromValues : new boolean[] {false, true}) {
            try (World w = new World(db, fromValues)) {
                for (int seed = 0; seed < 3; seed++) {
                    run(w, Gadget.class, seed, 100_000 * (seed + 1));
                }
            }
        }
    }

    @EachDatabase
    void randomChangesOverManyVersionedInstancesMatchTheModel(Databases.Database db) {
        for (boolean fromValues : new boolean[] {false, true}) {
            try (World w = new World(db, fromValues)) {
                run(w, VGadget.class, 7, 1_000_000);
            }
        }
    }

    /** Seeds {@link #ROWS} rows, then {@link #ROUNDS} rounds of random changes, deletes and inserts, each checked after its commit. */
    private static void run(World w, Class<?> c, int seed, int firstId) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<Integer, List<Object>> model = new TreeMap<>();
        int nextId = firstId;
        try (Session s = w.open()) {
            for (int i = 0; i < ROWS; i++) {
                Object g = fresh(c, nextId++, r);
                s.add(g);
            }
            s.commit();
            for (Object g : s.query(c).all()) {
                if (idOf(g) >= firstId && idOf(g) < firstId + 10_000) {
                    model.put(idOf(g), normal(values(g)));
                }
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            w.updateSets.clear();
            int changedRows = 0;
            try (Session s = w.open()) {
                List<?> all = s.query(c).orderBy(ORM.attr(c, "id")).all();
                List<Object> mine = new ArrayList<>();
                for (Object g : all) {
                    if (idOf(g) < firstId || idOf(g) >= firstId + 10_000) {
                        continue;
                    }
                    mine.add(g);
                }
                for (Object g : mine) {
                    int what = r.nextInt(10);
                    if (what == 0) {
                        s.delete(g);
                        continue;
                    }
                    if (what <= 2) {
                        continue;   // unchanged
                    }
                    List<Object> before = normal(values(g));
                    // one to three attributes, some perhaps set to the value they have
                    for (int k = 1 + r.nextInt(3); k > 0; k--) {
                        change(g, r.nextInt(5), r);
                    }
                    List<Object> after = normal(values(g));
                    if (!after.subList(0, 5).equals(before.subList(0, 5))) {
                        changedRows++;
                    }
                }
                for (int i = r.nextInt(20); i > 0; i--) {
                    s.add(fresh(c, nextId++, r));
                }
                s.commit();
                model.keySet().removeIf(id -> id >= firstId && id < firstId + 10_000);
                for (Object g : s.query(c).all()) {
                    if (idOf(g) >= firstId && idOf(g) < firstId + 10_000) {
                        model.put(idOf(g), normal(values(g)));
                    }
                }
            }
            try (Session check = w.open()) {
                Map<Integer, List<Object>> actual = rows(check, c);
                actual.keySet().removeIf(id -> id < firstId || id >= firstId + 10_000);
                Map<Integer, String> differences = new TreeMap<>();
                for (Integer id : new java.util.TreeSet<>(java.util.Set.copyOf(actual.keySet()))) {
                    if (!java.util.Objects.equals(actual.get(id), model.get(id))) {
                        differences.put(id, actual.get(id) + " in the table, " + model.get(id) + " expected");
                    }
                }
                model.keySet().stream().filter(id -> !actual.containsKey(id)).forEach(id -> differences.put(id, "missing " + model.get(id)));
                assertThat(differences).as("seed %d round %d, from values %s", seed, round, w.fromValues).isEmpty();
            }
            assertThat(w.updateSets.stream().mapToInt(Integer::intValue).sum()).as("seed %d round %d, from values %s: one UPDATE row per changed instance", seed, round, w.fromValues)
                    .isEqualTo(changedRows);
            if (c == Gadget.class && changedRows > 20) {
                assertThat(w.updateSets.size()).as("seed %d round %d: batched, fewer executions than rows", seed, round).isLessThan(changedRows);
            }
        }
    }

    /**
     * Another writer bumps one row's version before the flush of many changed versioned rows:
     * the flush names that row, changes nothing, and leaves every change pending; once the stale
     * row is refreshed the rest commit, each version bumped once.
     */
    @EachDatabase
    void aConcurrentChangeToOneOfManyVersionedRowsIsCaught(Databases.Database db) {
        for (boolean fromValues : new boolean[] {false, true}) {
            try (World w = new World(db, fromValues)) {
                SplittableRandom r = new SplittableRandom(42);
                try (Session s = w.open()) {
                    for (int i = 0; i < 60; i++) {
                        s.add(fresh(VGadget.class, i + 1, r));
                    }
                    s.commit();
                }
                Session s = w.open();
                List<VGadget> all = s.query(VGadget.class).orderBy(ORM.attr(VGadget.class, "id")).all();
                // another writer, in the session's transaction (before the changes: executing autoflushes)
                int stale = 1 + r.nextInt(60);
                dev.retort.schema.Table t = ORM.mapper(VGadget.class).table();
                s.execute(update(t).values(Map.of("name", "theirs", "version", t.c("version").add(1))).where(t.c("id").eq(stale)));
                for (VGadget g : all) {
                    g.name = "mine " + g.id;
                    if (g.id % 2 == 0) {
                        g.qty = null;
                    } else {
                        g.price = new BigDecimal("1.25");
                    }
                }
                w.sql.clear();
                assertThatThrownBy(s::flush).as("%s", w.sql.subList(0, Math.min(5, w.sql.size()))).isInstanceOfSatisfying(StaleDataException.class, e -> assertThat(e.primaryKey()).containsExactly(stale));
                assertThat(all).extracting(g -> g.version).as("every bump undone").containsOnly(1);
                VGadget theirs = all.get(stale - 1);
                s.refresh(theirs);
                assertThat(theirs.name).isEqualTo("theirs");
                s.commit();
                s.close();
                try (Session check = w.open()) {
                    for (VGadget g : check.query(VGadget.class).orderBy(ORM.attr(VGadget.class, "id")).all()) {
                        if (g.id == stale) {
                            assertThat(g.name).isEqualTo("theirs");
                            assertThat(g.version).isEqualTo(2);
                        } else {
                            assertThat(g.name).isEqualTo("mine " + g.id);
                            assertThat(g.version).as("bumped once").isEqualTo(2);
                            assertThat(g.id % 2 == 0 ? g.qty : g.price.stripTrailingZeros()).isEqualTo(g.id % 2 == 0 ? null : new BigDecimal("1.25"));
                        }
                    }
                }
            }
        }
    }
}
