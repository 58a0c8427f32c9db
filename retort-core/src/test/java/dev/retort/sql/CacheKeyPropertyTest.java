package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.LoadOptions;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Same key ⇒ same SQL: over generated statements, their twins (same shape, other values) and
 * single-detail mutants, also after a serializer round trip, any two statements with equal
 * cache keys compile to the same SQL, parameter order and result columns on every dialect, and
 * a statement bound into the compiled form of another of its key (the engine's hit path)
 * sends exactly what compiling it alone sends.
 */
class CacheKeyPropertyTest {
    /** The built-in dialects, and PostgreSQL with a {@code withCompiles} that writes every attribute of the custom element. */
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb(), Dialects.postgresql().withCompiles(CustomElementTest.SomeColThing.class,
                    (t, c) -> "some_col_thing_" + t.mode() + "(" + c.process(t.clause()) + ")"));
    /** Loads the generated statements, whose custom element is allowed. */
    private static final QuerySerializer LOADER = QuerySerializer.with(LoadOptions.DEFAULTS.allowCustom(CustomElementTest.SomeColThing.class));
    /** Longer searches: {@code -Dretort.property.bases=2000 -Dretort.property.seed=N}; the build runs the fixed seeds. */
    static final int BASES = Integer.getInteger("retort.property.bases", 200);
    private static final Long SEED = Long.getLong("retort.property.seed");
    static final int MUTANTS = 12;

    /** The first statement seen per key and dialect: its compiled form and where its parameters sit. */
    private record First(ClauseElement statement, String outcome, Compiled compiled, Compiled.Positions positions) {
    }

    @Test
    void equalKeysGiveTheSameSqlOnEveryDialect() {
        StatementGenerator gen = new StatementGenerator();
        SplittableRandom r = new SplittableRandom(SEED != null ? SEED : 20261204L);
        List<Map<CacheKey, First>> firsts = new ArrayList<>();
        DIALECTS.forEach(d -> firsts.add(new HashMap<>()));
        int statements = 0;
        int sharedKeys = 0;
        int mutantsWithOwnKey = 0;
        for (int b = 0; b < BASES; b++) {
            int[] genes = StatementGenerator.genes(r);
            long valueSeed = r.nextLong();
            List<ClauseElement> family = new ArrayList<>();
            ClauseElement base = gen.build(genes, new SplittableRandom(valueSeed));
            if (base == null) {
                b--;
                continue;
            }
            family.add(base);
            family.add(gen.build(genes, new SplittableRandom(r.nextLong())));
            for (int m = 0; m < MUTANTS; m++) {
                ClauseElement mutant = gen.build(StatementGenerator.mutate(genes, r), new SplittableRandom(valueSeed));
                if (mutant == null) {
                    continue;
                }
                family.add(mutant);
                if (!mutant.cacheKey().equals(base.cacheKey())) {
                    mutantsWithOwnKey++;
                }
            }
            for (ClauseElement s : List.copyOf(family)) {
                for (Protocol p : Protocol.values()) {
                    family.add((ClauseElement) LOADER.read(QuerySerializer.dumps(s, p), gen.metadata));
                }
            }
            for (ClauseElement s : family) {
                statements++;
                CacheKey key = s.cacheKey();
                assertThat(key).as("every generated construct is cacheable: %s", s).isNotNull();
                for (int d = 0; d < DIALECTS.size(); d++) {
                    First first = firsts.get(d).get(key);
                    if (first == null) {
                        firsts.get(d).put(key, first(s, DIALECTS.get(d)));
                    } else {
                        sharedKeys++;
                        check(first, s, DIALECTS.get(d));
                    }
                }
            }
        }
        System.out.printf("CacheKeyPropertyTest: %d statements, %d keyed by a shape seen before (per dialect), %d of %d mutants with a key of their own%n",
                statements, sharedKeys, mutantsWithOwnKey, BASES * MUTANTS);
        assertThat(sharedKeys).as("the property was exercised").isGreaterThan(BASES * DIALECTS.size());
        assertThat(mutantsWithOwnKey).as("most single-detail mutants change the key").isGreaterThan(BASES * MUTANTS / 4);
    }

    private static First first(ClauseElement s, Dialect d) {
        return first(s, d, null);
    }

    private static First first(ClauseElement s, Dialect d, SchemaTranslateMap map) {
        try {
            Compiled c = s.compile(d, map);
            return new First(s, outcome(c, c.bind(Map.of())), c, c.positionsIn(s.cacheKey()));
        } catch (RuntimeException e) {
            return new First(s, "error " + e.getClass().getSimpleName(), null, null);
        }
    }

    private static void check(First first, ClauseElement s, Dialect d) {
        check(first, s, d, null);
    }

    private static void check(First first, ClauseElement s, Dialect d, SchemaTranslateMap map) {
        String alone;
        Compiled c;
        try {
            c = s.compile(d, map);
            alone = outcome(c, c.bind(Map.of()));
        } catch (RuntimeException e) {
            assertThat("error " + e.getClass().getSimpleName()).as("%s on %s, same key as %s", s, d.name(), first.statement()).isEqualTo(first.outcome());
            return;
        }
        assertThat(alone).as("%s on %s, same key as:%n%s", s, d.name(), first.statement()).isEqualTo(first.outcome().startsWith("error") ? first.outcome()
                : outcome(first.compiled(), first.compiled().bind(first.positions(), s.cacheKey(), Map.of())));
        assertThat(c.templateString()).as("SQL of %s on %s, same key as %s", s, d.name(), first.statement()).isEqualTo(first.compiled().templateString());
        assertThat(c.slots().stream().map(Compiled.Slot::name).toList()).as("parameter order")
                .isEqualTo(first.compiled().slots().stream().map(Compiled.Slot::name).toList());
    }

    /**
     * The translate maps of {@link #equalKeysUnderOneMapGiveTheSameSqlAndNoMapIsServedAnothersSql}: none, tables
     * without schema to a tenant's, one schema moved, one to the default schema, and a name to quote.
     */
    private static final List<Map<String, String>> MAPS = List.of(Map.of(), translation(null, "ta"), translation("tenant_a", "tenant_b"),
            translation("tenant_a", null), translation(null, "x\"; DROP TABLE users; --"));

    private static Map<String, String> translation(String from, String to) {
        Map<String, String> m = new HashMap<>();
        m.put(from, to);
        return m;
    }

    /**
     * Same key and same translate map ⇒ same SQL, on every dialect; and an engine's compiled
     * cache, shared by views of every map ({@code withSchemaTranslateMap}) that run the same
     * statements in shuffled order, sends for each statement and map exactly what an engine
     * without a compiled cache sends: a statement compiled under one map is never served to
     * another. Over generated statements (with client defaults, custom elements, named VALUES,
     * LATERAL and {@code asComparison}), their twins and mutants.
     */
    @Test
    void equalKeysUnderOneMapGiveTheSameSqlAndNoMapIsServedAnothersSql() {
        StatementGenerator gen = new StatementGenerator();
        SplittableRandom r = new SplittableRandom(SEED != null ? SEED : 20261206L);
        List<SchemaTranslateMap> maps = MAPS.stream().map(SchemaTranslateMap::of).toList();
        Map<List<Object>, First> firsts = new HashMap<>();
        List<String> urls = List.of("jdbc:sqlite::memory:", "jdbc:postgresql://127.0.0.1:5432/test", "jdbc:mariadb://127.0.0.1:3306/test");
        List<List<dev.retort.engine.Engine>> cached = new ArrayList<>();
        List<List<dev.retort.engine.Engine>> uncached = new ArrayList<>();
        for (String url : urls) {
            dev.retort.engine.Engine c = dev.retort.engine.Engine.create(url);
            dev.retort.engine.Engine u = dev.retort.engine.Engine.create(url, dev.retort.engine.EngineOptions.builder().compiledCacheSize(0).build());
            cached.add(MAPS.stream().map(c::withSchemaTranslateMap).toList());
            uncached.add(MAPS.stream().map(u::withSchemaTranslateMap).toList());
        }
        int sharedKeys = 0;
        int served = 0;
        try {
            for (int b = 0; b < BASES / 2; b++) {
                int[] genes = StatementGenerator.genes(r);
                long valueSeed = r.nextLong();
                List<ClauseElement> family = new ArrayList<>();
                for (ClauseElement s : new ClauseElement[] {gen.build(genes, new SplittableRandom(valueSeed)), gen.build(genes, new SplittableRandom(r.nextLong())),
                        gen.build(StatementGenerator.mutate(genes, r), new SplittableRandom(valueSeed))}) {
                    if (s != null) {
                        family.add(s);
                    }
                }
                for (ClauseElement s : family) {
                    for (int m = 0; m < maps.size(); m++) {
                        for (Dialect d : DIALECTS) {
                            List<Object> at = List.of(s.cacheKey(), d, MAPS.get(m));
                            First first = firsts.get(at);
                            if (first == null) {
                                firsts.put(at, first(s, d, maps.get(m)));
                            } else {
                                sharedKeys++;
                                check(first, s, d, maps.get(m));
                            }
                        }
                    }
                    List<Integer> order = new ArrayList<>();
                    for (int m = 0; m < maps.size(); m++) {
                        order.add(m);
                        order.add(m);
                    }
                    dev.retort.testing.Draws.shuffle(order, r);
                    for (int e = 0; e < urls.size(); e++) {
                        for (int m : order) {
                            assertThat(sent(cached.get(e).get(m), s)).as("%s under %s on %s", s, MAPS.get(m), urls.get(e))
                                    .isEqualTo(sent(uncached.get(e).get(m), s));
                            served++;
                        }
                    }
                }
            }
        } finally {
            cached.forEach(views -> views.get(0).dispose());
            uncached.forEach(views -> views.get(0).dispose());
        }
        System.out.printf("CacheKeyPropertyTest (maps): %d compilations keyed by a shape and map seen before, %d statements served%n", sharedKeys, served);
        assertThat(sharedKeys).as("the property was exercised").isGreaterThan(BASES * maps.size());
        assertThat(cached.get(1).get(0).compiledCacheStats().hits()).as("the cache served most").isGreaterThan(served / urls.size() / 3);
    }

    /** What {@code engine} sends for {@code s} (SQL, values, types), or the exception it raises. */
    private static String sent(dev.retort.engine.Engine engine, ClauseElement s) {
        try {
            Compiled.BoundSql bound = engine.boundSql(s, Map.of());
            return bound.sql() + " | " + bound.values() + " | " + bound.types();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** What the engine sends and reads back: SQL, values with their types, result columns. */
    private static String outcome(Compiled c, Compiled.BoundSql bound) {
        return bound.sql() + " | " + bound.values() + " | " + bound.types() + " | " + c.resultColumns() + " | " + c.returnsRows();
    }

    /**
     * dumps∘loads is stable: over generated statements, in each protocol, loading a dump and dumping it again gives the
     * same bytes, the loaded tree is {@code compare()}-equal to the original, has its cache key and compiles to its SQL
     * on every dialect; the trees loaded from the JSON and the binary dump are equal.
     */
    @Test
    void dumpsOfLoadsAreByteStableAndBothProtocolsLoadTheSameTree() {
        StatementGenerator gen = new StatementGenerator();
        SplittableRandom r = new SplittableRandom(SEED != null ? SEED : 20261207L);
        int trees = 0;
        for (int b = 0; b < BASES * 2; b++) {
            ClauseElement s = gen.build(StatementGenerator.genes(r), new SplittableRandom(r.nextLong()));
            if (s == null) {
                continue;
            }
            trees++;
            List<ClauseElement> loaded = new ArrayList<>();
            for (Protocol p : Protocol.values()) {
                byte[] dump = QuerySerializer.dumps(s, p);
                ClauseElement back = (ClauseElement) LOADER.read(dump, gen.metadata);
                assertThat(QuerySerializer.dumps(back, p)).as("%s dump of a loaded %s", p, s).isEqualTo(dump);
                assertThat(back.compare(s)).as("%s round trip of %s", p, s).isTrue();
                assertThat(back.cacheKey()).as("key after a %s round trip of %s", p, s).isEqualTo(s.cacheKey());
                for (Dialect d : DIALECTS) {
                    assertThat(compiledOrError(back, d)).as("%s on %s after a %s round trip", s, d.name(), p).isEqualTo(compiledOrError(s, d));
                }
                loaded.add(back);
            }
            assertThat(loaded.get(0).compare(loaded.get(1))).as("JSON and binary loads of %s", s).isTrue();
        }
        System.out.printf("CacheKeyPropertyTest (dumps): %d trees, each through both protocols%n", trees);
        assertThat(trees).isGreaterThan(BASES);
    }

    private static String compiledOrError(ClauseElement s, Dialect d) {
        try {
            Compiled c = s.compile(d);
            return outcome(c, c.bind(Map.of()));
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void lightweightTablesOfOneNameInOtherSchemasHaveTheirOwnKeys() {
        TableClause a = TableClause.of("users", "tenant_a", SQL.column("id"));
        TableClause b = TableClause.of("users", "tenant_b", SQL.column("id"));
        TableClause none = SQL.table("users", SQL.column("id"));
        Select sa = SQL.select(a.c("id")).where(a.c("id").eq(1));
        Select sb = SQL.select(b.c("id")).where(b.c("id").eq(1));
        Select sn = SQL.select(none.c("id")).where(none.c("id").eq(1));
        assertThat(sa.cacheKey()).isNotEqualTo(sb.cacheKey()).isNotEqualTo(sn.cacheKey());
        assertThat(sb.cacheKey()).isNotEqualTo(sn.cacheKey());
        // Two tables of one name are two FROM entries; one table twice is one.
        TableClause a2 = TableClause.of("users", "tenant_a", SQL.column("id"), SQL.column("name"));
        TableClause a3 = TableClause.of("users", "tenant_a", SQL.column("id"), SQL.column("name"));
        Select once = SQL.select(a2.c("id"), a2.c("name"));
        Select twice = SQL.select(a2.c("id"), a3.c("name"));
        assertThat(once.toString()).isNotEqualTo(twice.toString());
        assertThat(once.cacheKey()).isNotEqualTo(twice.cacheKey());
        // An INSERT without values lists the table's columns: their types shape the binds.
        TableClause typed = TableClause.of("t", null, SQL.column("d", dev.retort.types.Types.DATE));
        TableClause untyped = TableClause.of("t", null, SQL.column("d"));
        assertThat(SQL.insert(typed).cacheKey()).isNotEqualTo(SQL.insert(untyped).cacheKey());
        assertThat(SQL.insert(typed).cacheKey()).isEqualTo(SQL.insert(TableClause.of("t", null, SQL.column("d", dev.retort.types.Types.DATE))).cacheKey());
    }

    @Test
    void schemaTablesOfOneNameInOtherSchemasHaveTheirOwnKeys() {
        StatementGenerator gen = new StatementGenerator();
        Table a = gen.schemaTables.get(2);
        Table b = gen.schemaTables.get(4);
        assertThat(a.name()).isEqualTo(b.name());
        assertThat(SQL.select(a.c("id")).cacheKey()).isNotEqualTo(SQL.select(b.c("id")).cacheKey());
    }
}
