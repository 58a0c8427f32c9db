package dev.retort.engine;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.sql.CacheKey;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine's compiled-statement cache: statements of one shape compile once and bind their own values. */
class CompiledCacheTest {
    /** A table {@code items(id, name, grp)} with rows 1..40 in a database of its own, for {@code work}. */
    private static void withItems(Database db, EngineOptions.Builder options, Consumer<Fixture> work) {
        Engine engine = db.newEngine(options);
        String name = "items_" + UUID.randomUUID().toString().substring(0, 8);
        TableClause items = table(name, column("id", Types.INTEGER), column("name", Types.STRING), column("grp", Types.INTEGER));
        try {
            engine.inTransaction(c -> c.execute(text("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, name VARCHAR(20), grp INTEGER)")));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                rows.add(Map.of("id", i, "name", "item" + i, "grp", i % 4));
            }
            engine.inTransaction(c -> c.execute(insert(items), rows));
            work.accept(new Fixture(engine, items));
        } finally {
            engine.inTransaction(c -> c.execute(text("DROP TABLE " + name)));
            engine.dispose();
        }
    }

    private record Fixture(Engine engine, TableClause items) {
        Select byId(int id) {
            return select(items.c("name")).where(items.c("id").eq(id));
        }

        List<Object> names(Select stmt) {
            return names(stmt, Map.of());
        }

        List<Object> names(Select stmt, Map<String, ?> params) {
            return engine.transaction(c -> c.execute(stmt, params).scalars());
        }
    }

    @Test
    void aShapeCompilesOnceAndEachExecutionBindsItsOwnValues() {
        withItems(Database.SQLITE, EngineOptions.builder(), f -> {
            Engine.CacheStats before = f.engine().compiledCacheStats();
            for (int id = 1; id <= 5; id++) {
                assertThat(f.names(f.byId(id))).containsExactly("item" + id);
            }
            Engine.CacheStats after = f.engine().compiledCacheStats();
            assertThat(after.misses() - before.misses()).isEqualTo(1);
            assertThat(after.hits() - before.hits()).isEqualTo(4);
        });
    }

    @Test
    void inListsOfAnyLengthShareOneEntry() {
        withItems(Database.SQLITE, EngineOptions.builder(), f -> {
            TableClause t = f.items();
            long misses = f.engine().compiledCacheStats().misses();
            assertThat(f.names(select(t.c("name")).where(t.c("id").in(List.of(1, 2))).orderBy(t.c("id")))).containsExactly("item1", "item2");
            assertThat(f.names(select(t.c("name")).where(t.c("id").in(List.of(7, 8, 9))).orderBy(t.c("id")))).containsExactly("item7", "item8", "item9");
            assertThat(f.names(select(t.c("name")).where(t.c("id").in(List.of())).orderBy(t.c("id")))).isEmpty();
            assertThat(f.engine().compiledCacheStats().misses() - misses).isEqualTo(1);
        });
    }

    @Test
    void namedParametersOfTheExecutionStillOverrideByName() {
        withItems(Database.SQLITE, EngineOptions.builder(), f -> {
            TableClause t = f.items();
            Select stmt = select(t.c("name")).where(t.c("id").eq(bindparam("wanted"))).where(t.c("grp").eq(3));
            Select other = select(t.c("name")).where(t.c("id").eq(bindparam("wanted"))).where(t.c("grp").eq(2));
            assertThat(f.names(stmt, Map.of("wanted", 3))).containsExactly("item3");
            assertThat(f.names(other, Map.of("wanted", 6))).containsExactly("item6");
            assertThat(f.names(other, Map.of("wanted", 3))).isEmpty();
            assertThat(f.engine().compiledCacheStats().hits()).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void anExecutionWithParameterNamesHasAnEntryApartFromOneWithout() {
        // The names of an execution's parameters are part of the entry's key: with and without them, a statement has two entries.
        withItems(Database.SQLITE, EngineOptions.builder(), f -> {
            TableClause t = f.items();
            Select stmt = select(t.c("name")).where(t.c("id").eq(bindparam("wanted", 5)));
            long misses = f.engine().compiledCacheStats().misses();
            assertThat(f.names(stmt)).containsExactly("item5");
            assertThat(f.names(stmt, Map.of("wanted", 7))).containsExactly("item7");
            assertThat(f.names(stmt)).containsExactly("item5");
            assertThat(f.names(stmt, Map.of("wanted", 9))).containsExactly("item9");
            assertThat(f.engine().compiledCacheStats().misses() - misses).isEqualTo(2);
            f.engine().inTransaction(c -> c.execute(insert(t), Map.of("id", 41, "name", "x41", "grp", 1)));
            f.engine().inTransaction(c -> c.execute(insert(t), Map.of("id", 42, "name", "x42")));
            assertThat(f.names(select(t.c("grp")).where(t.c("id").in(List.of(41, 42))).orderBy(t.c("id")))).containsExactly(1, null);
        });
    }

    @Test
    void sizeZeroCompilesEveryTime() {
        withItems(Database.SQLITE, EngineOptions.builder().compiledCacheSize(0), f -> {
            Engine.CacheStats before = f.engine().compiledCacheStats();
            assertThat(f.names(f.byId(1))).containsExactly("item1");
            assertThat(f.names(f.byId(2))).containsExactly("item2");
            Engine.CacheStats after = f.engine().compiledCacheStats();
            assertThat(after.hits()).isZero();
            assertThat(after.misses()).isZero();
            assertThat(after.uncached() - before.uncached()).isEqualTo(2);
            assertThat(after.size()).isZero();
        });
    }

    @Test
    void theCacheIsBounded() {
        withItems(Database.SQLITE, EngineOptions.builder().compiledCacheSize(3), f -> {
            TableClause t = f.items();
            for (int limit = 1; limit <= 10; limit++) {
                // A label name is part of the shape: ten shapes.
                assertThat(f.names(select(t.c("name").label("n" + limit)).where(t.c("id").eq(limit)))).hasSize(1);
            }
            assertThat(f.engine().compiledCacheStats().size()).isLessThanOrEqualTo(3);
        });
    }

    @Test
    void inListsWhoseSizesComeAndGoAndInlineValuesBindAsAnUncachedEngineDoes() {
        // A hit whose IN lists have the sizes of the last one bound reuses that one's text and types
        // in one pass; sizes that differ (one list at a time, empty, with a null) take the full path.
        TableClause t = table("t", column("id", Types.INTEGER), column("name", Types.STRING), column("grp", Types.INTEGER));
        Engine cached = Engine.create("jdbc:sqlite::memory:");
        Engine uncached = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().compiledCacheSize(0).build());
        try {
            java.util.SplittableRandom random = new java.util.SplittableRandom(13);
            for (int i = 0; i < 400; i++) {
                List<Integer> ids = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    ids.add(random.nextInt(9) == 0 ? null : random.nextInt(100));
                }
                List<String> names = random.nextBoolean() ? List.of("a", "b") : List.of("c", "d", "e");
                Select stmt = select(t.c("name")).where(t.c("id").in(random.nextBoolean() ? List.copyOf(ids.stream().filter(x -> x != null).toList()) : ids),
                        t.c("grp").eq(random.nextInt(5)), t.c("name").notIn(names)).limit(i);
                if (i % 2 == 1) {
                    // a second shape: a literal-execute value makes the text depend on the values
                    stmt = stmt.where(t.c("id").ne(dev.retort.sql.SQL.bindparam("floor", random.nextInt(50)).literalExecute()));
                }
                Compiled.BoundSql expected = uncached.boundSql(stmt, Map.of());
                Compiled.BoundSql actual = cached.boundSql(stmt, Map.of());
                assertThat(actual.sql()).isEqualTo(expected.sql());
                assertThat(actual.values()).isEqualTo(expected.values());
                assertThat(actual.types()).isEqualTo(expected.types());
            }
            assertThat(cached.compiledCacheStats().misses()).isEqualTo(2);
        } finally {
            cached.dispose();
            uncached.dispose();
        }
    }

    @Test
    void bindingAnotherStatementsValuesLeavesTheCompiledFormAsItWas() {
        TableClause t = table("t", column("id", Types.INTEGER), column("name", Types.STRING));
        Select first = select(t).where(t.c("id").eq(1)).where(t.c("name").in(List.of("a", "b")));
        Select second = select(t).where(t.c("id").eq(2)).where(t.c("name").in(List.of("c", "d", "e")));
        Compiled compiled = first.compile(dev.retort.dialect.Dialects.sqlite());
        Compiled.Positions positions = compiled.positionsIn(first.cacheKey());
        CacheKey key = second.cacheKey();
        Compiled.BoundSql bound = compiled.bind(positions, key, Map.of());
        assertThat(bound.sql()).isEqualTo("SELECT t.id, t.name \nFROM t \nWHERE t.id = ? AND t.name IN (?, ?, ?)");
        assertThat(bound.values()).containsExactly(2, "c", "d", "e");
        assertThat(compiled.bind(Map.of()).values()).containsExactly(1, "a", "b");
        assertThat(compiled.params()).containsEntry("id_1", 1);
    }

    /** Eight threads run the same shapes with their own values at once; each sees only its own rows. */
    @EachDatabase
    void eightThreadsExecutingOneShapeEachGetTheirOwnRows(Database db) throws Exception {
        withItems(db, EngineOptions.builder().poolSize(8), f -> {
            TableClause t = f.items();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    int me = thread;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < 60; round++) {
                            int id = 1 + (me * 5 + round) % 40;
                            List<Integer> ids = List.of(id, 1 + id % 40);
                            try (Connection c = f.engine().connect()) {
                                assertThat(c.execute(f.byId(id)).scalars()).containsExactly("item" + id);
                                assertThat(c.execute(select(t.c("id")).where(t.c("id").in(ids)).where(t.c("name").like("item%"))
                                        .orderBy(t.c("id"))).scalars()).containsExactlyInAnyOrderElementsOf(ids);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> d : done) {
                    d.get();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                pool.shutdownNow();
            }
            Engine.CacheStats stats = f.engine().compiledCacheStats();
            assertThat(stats.hits()).isGreaterThan(stats.misses() * 50);
        });
    }

    /**
     * The same statement object run again is found as the last one served, but only with the
     * same parameter names: an {@code insert(t)} without values takes its columns from them, and
     * another statement in between, or one of the same shape, binds its own values.
     */
    @Test
    void theLastStatementServedIsReusedOnlyWithItsOwnParameterNames() {
        TableClause t = table("t", column("id", Types.INTEGER), column("name", Types.STRING), column("grp", Types.INTEGER));
        Engine cached = Engine.create("jdbc:sqlite::memory:");
        Engine uncached = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().compiledCacheSize(0).build());
        try {
            dev.retort.sql.Insert ins = insert(t);
            Select byGroup = select(t.c("name")).where(t.c("grp").eq(bindparam("g")));
            List<Map<String, ?>> params = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2), Map.of("id", 3), Map.of("id", 4, "name", "b", "grp", 1),
                    Map.of("id", 5, "name", "c"));
            for (Map<String, ?> p : params) {
                for (int again = 0; again < 2; again++) {
                    assertThat(cached.boundSql(ins, p)).isEqualTo(uncached.boundSql(ins, p));
                }
                for (int g : new int[] {p.size(), p.size() + 1}) {
                    assertThat(cached.boundSql(byGroup, Map.of("g", g))).isEqualTo(uncached.boundSql(byGroup, Map.of("g", g)));
                    // Another object of the same shape: its own value.
                    Select same = select(t.c("name")).where(t.c("grp").eq(g * 10));
                    assertThat(cached.boundSql(same, Map.of())).isEqualTo(uncached.boundSql(same, Map.of()));
                }
            }
        } finally {
            cached.dispose();
            uncached.dispose();
        }
    }
}
