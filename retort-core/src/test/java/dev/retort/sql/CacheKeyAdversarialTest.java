package dev.retort.sql;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.ExecutionListener;
import dev.retort.testing.ConvertingTypes.Prefixed;
import dev.retort.testing.ConvertingTypes.Scaled;
import dev.retort.testing.Draws;
import dev.retort.types.TypeDecorator;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Key equality ⇔ sent equality, over statements that differ in one detail only: literal against bound, the Java
 * type of a bind, a bind's declared type, TypeDecorators that convert alike or not, Java enums of equal constant
 * names, collation, the case and quoting of identifiers, LIKE's escape, a CAST's length and scale, LIMIT and OFFSET,
 * and (compiled only) the constructs of {@link ConstructAxes}.
 * Each axis lists variants; twins of a variant (other values) must share one key; two variants of one key must send
 * the same (the second bound into the first's compiled form sends what it sends compiled alone: SQL, values, the
 * values' types, result columns and their types) on every dialect. Through SQLite engines, one with a compiled
 * cache shared by every variant in shuffled order and one without, each execution sends and reads the same.
 */
class CacheKeyAdversarialTest {
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb());

    enum Color { RED, GREEN }

    enum Shade { RED, GREEN }

    /** Cents in a BIGINT. */
    public static final class Cents extends Scaled {
        public Cents() {
            super(2);
        }
    }

    /** Tenths in a BIGINT: the SQL of Cents, other values sent. */
    public static final class Tenths extends Scaled {
        public Tenths() {
            super(1);
        }
    }

    /** One table as lightweight clauses of other column types: equal SQL, other conversions. */
    private static TableClause t(String name, TypeEngine<?> amt, TypeEngine<?> tag) {
        return table(name, column("id", Types.INTEGER), column("qty", Types.INTEGER), column("name", Types.string(20)),
                column("amt", amt), column("tag", tag));
    }

    private static final String SUFFIX = Long.toHexString(System.nanoTime() & 0xffffffL);
    private static final String NAME = "adv_" + SUFFIX;
    private static final TableClause T = t(NAME, Types.BIGINT, Types.string(20));

    /** A variant: builds its statement with values from the random. */
    record Variant(String name, Function<SplittableRandom, ClauseElement> build) {
    }

    private static Variant v(String name, Function<SplittableRandom, ClauseElement> build) {
        return new Variant(name, build);
    }

    private static int n(SplittableRandom r) {
        return r.nextInt(9);
    }

    /** The axes: within one, variants differ in one detail each. */
    static List<List<Variant>> axes() {
        ColumnClause<?> qty = T.c("qty");
        ColumnClause<?> name = T.c("name");
        return List.of(
                // literal against bound, the Java type of a bind, its declared type
                List.of(v("eq", r -> select(T.c("id")).where(qty.eq(n(r)))),
                        v("eq literal", r -> select(T.c("id")).where(qty.eq(literal(n(r))))),
                        v("eq literal long", r -> select(T.c("id")).where(qty.eq(literal((long) n(r))))),
                        v("eq literal string", r -> select(T.c("id")).where(qty.eq(literal(String.valueOf(n(r)))))),
                        v("eq literal decimal", r -> select(T.c("id")).where(qty.eq(literal(BigDecimal.valueOf(n(r), 1))))),
                        v("eq literal bigint", r -> select(T.c("id")).where(qty.eq(literal((long) n(r), Types.BIGINT)))),
                        v("eq bindparam", r -> select(T.c("id")).where(qty.eq(bindparam("p", n(r))))),
                        v("eq bindparam typed", r -> select(T.c("id")).where(qty.eq(bindparam("p", (long) n(r), Types.BIGINT)))),
                        v("eq literal execute", r -> select(T.c("id")).where(qty.eq(bindparam("p", n(r)).literalExecute()))),
                        v("eq literal column", r -> select(T.c("id")).where(qty.eq(SQL.literalColumn("3")))),
                        v("eq text", r -> select(T.c("id")).where(text("qty = 3")))),
                // the type of a selected literal: the result's conversion
                List.of(v("select int", r -> select(literal(n(r)).label("x"))),
                        v("select long", r -> select(literal((long) n(r)).label("x"))),
                        v("select string", r -> select(literal("s" + n(r)).label("x"))),
                        v("select decimal", r -> select(literal(BigDecimal.valueOf(n(r), 2)).label("x"))),
                        v("select boolean", r -> select(literal(r.nextBoolean()).label("x"))),
                        v("select date", r -> select(literal(LocalDate.of(2020, 1, 1 + n(r))).label("x"))),
                        v("select double", r -> select(literal(n(r) + 0.5).label("x"))),
                        v("select int as bigint", r -> select(literal((long) n(r), Types.BIGINT).label("x"))),
                        v("select int as string", r -> select(literal("" + n(r), Types.string(5)).label("x")))),
                // TypeDecorators of one SQL: alike (Cents twice), or not
                List.of(v("amt bigint", r -> select(T.c("amt")).where(T.c("amt").eq((long) n(r)))),
                        v("amt cents", r -> decorated(new Cents(), BigDecimal.valueOf(n(r), 1))),
                        v("amt cents again", r -> decorated(new Cents(), BigDecimal.valueOf(n(r), 1))),
                        v("amt tenths", r -> decorated(new Tenths(), BigDecimal.valueOf(n(r), 1))),
                        v("tag a", r -> tagged(new Prefixed("a"), "t" + n(r))),
                        v("tag a again", r -> tagged(new Prefixed("a"), "t" + n(r))),
                        v("tag b", r -> tagged(new Prefixed("b"), "t" + n(r))),
                        v("tag string", r -> tagged(Types.string(20), "t" + n(r))),
                        v("tag enum color", r -> tagged(Types.enumOf(Color.class), Color.values()[r.nextInt(2)])),
                        v("tag enum shade", r -> tagged(Types.enumOf(Shade.class), Shade.values()[r.nextInt(2)])),
                        v("tag enum color named", r -> tagged(Types.enumOf(Color.class, "color_t"), Color.values()[r.nextInt(2)])),
                        v("tag enum color not native", r -> tagged(Types.enumOf(Color.class).nativeEnum(false), Color.values()[r.nextInt(2)]))),
                // collation, LIKE's escape, a CAST's size
                List.of(v("plain", r -> select(name).where(name.eq("n" + n(r)))),
                        v("collate C", r -> select(name).where(name.collate("C").eq("n" + n(r)))),
                        v("collate c", r -> select(name).where(name.collate("c").eq("n" + n(r)))),
                        v("collate POSIX", r -> select(name).where(name.collate("POSIX").eq("n" + n(r)))),
                        v("order collate C", r -> select(name).where(name.eq("n" + n(r))).orderBy(name.collate("C"))),
                        v("order collate binary", r -> select(name).where(name.eq("n" + n(r))).orderBy(name.collate("BINARY"))),
                        v("like", r -> select(name).where(name.like("n" + n(r)))),
                        v("like escape slash", r -> select(name).where(name.like("n" + n(r), "/"))),
                        v("like escape bang", r -> select(name).where(name.like("n" + n(r), "!"))),
                        v("cast 10,2", r -> select(SQL.cast(qty, Types.numeric(10, 2))).where(qty.gt(n(r)))),
                        v("cast 10,3", r -> select(SQL.cast(qty, Types.numeric(10, 3))).where(qty.gt(n(r)))),
                        v("cast 12,2", r -> select(SQL.cast(qty, Types.numeric(12, 2))).where(qty.gt(n(r)))),
                        v("cast varchar 20", r -> select(SQL.cast(qty, Types.string(20))).where(qty.gt(n(r)))),
                        v("cast varchar 30", r -> select(SQL.cast(qty, Types.string(30))).where(qty.gt(n(r))))),
                // identifiers: case and quoting
                List.of(v("name", r -> select(column("name", Types.STRING)).selectFrom(table("people", column("name", Types.STRING))).where(column("name").eq("n" + n(r)))),
                        v("Name", r -> select(column("Name", Types.STRING)).selectFrom(table("people", column("Name", Types.STRING)))),
                        v("NAME", r -> select(column("NAME", Types.STRING)).selectFrom(table("people", column("NAME", Types.STRING)))),
                        v("People", r -> select(column("name", Types.STRING)).selectFrom(table("People", column("name", Types.STRING)))),
                        v("PEOPLE", r -> select(column("name", Types.STRING)).selectFrom(table("PEOPLE", column("name", Types.STRING)))),
                        v("people plain", r -> select(column("name", Types.STRING)).selectFrom(table("people", column("name", Types.STRING)))),
                        v("label x", r -> select(qty.label("x"))),
                        v("label X", r -> select(qty.label("X"))),
                        v("label x y", r -> select(qty.label("x y")))),
                // LIMIT and OFFSET: values, rendered as parameters or (some dialects) inline
                List.of(v("limit", r -> select(T.c("id")).orderBy(T.c("id")).limit(1 + n(r))),
                        v("offset", r -> select(T.c("id")).orderBy(T.c("id")).offset(n(r))),
                        v("limit offset", r -> select(T.c("id")).orderBy(T.c("id")).limit(1 + n(r)).offset(n(r))),
                        v("limit 0", r -> select(T.c("id")).orderBy(T.c("id")).limit(0)),
                        v("offset 0", r -> select(T.c("id")).orderBy(T.c("id")).offset(0)),
                        v("limit subquery", r -> select(T.c("id")).where(T.c("id").in(select(T.c("id")).orderBy(T.c("qty")).limit(1 + n(r))))),
                        v("distinct limit", r -> select(T.c("id")).distinct().orderBy(T.c("id")).limit(1 + n(r))),
                        v("limit maybe 0?", r -> select(T.c("id")).orderBy(T.c("id")).limit(r.nextInt(3)))),
                // values that may change the SQL itself (their twins may have keys of their own): null, an empty IN, booleans
                List.of(v("eq maybe null?", r -> select(T.c("id")).where(name.eq(r.nextInt(3) == 0 ? null : "n" + n(r)))),
                        v("ne maybe null?", r -> select(T.c("id")).where(name.ne(r.nextInt(3) == 0 ? null : "n" + n(r)))),
                        v("in maybe empty?", r -> select(T.c("id")).where(qty.in(List.of(1, 2, 3).subList(0, r.nextInt(4))))),
                        v("not in maybe empty?", r -> select(T.c("id")).where(qty.notIn(List.of(1, 2, 3).subList(0, r.nextInt(4))))),
                        v("literal maybe null?", r -> select(T.c("id")).where(qty.eq(literal(r.nextInt(3) == 0 ? null : n(r))))),
                        v("true", r -> select(T.c("id")).where(SQL.trueLiteral())),
                        v("literal true", r -> select(T.c("id")).where(literal(true))),
                        v("literal boolean", r -> select(T.c("id")).where(literal(r.nextBoolean()))),
                        v("eq boolean", r -> select(T.c("id")).where(qty.eq(r.nextBoolean()))),
                        v("typed null", r -> select(T.c("id")).where(qty.eq(literal(null, Types.INTEGER)))),
                        v("null literal", r -> select(T.c("id")).where(qty.eq(SQL.nullLiteral())))));
    }

    private static ClauseElement decorated(TypeEngine<?> amt, Object value) {
        TableClause d = t(NAME, amt, Types.string(20));
        return select(d.c("id"), d.c("amt")).where(d.c("amt").eq(value));
    }

    private static ClauseElement tagged(TypeEngine<?> tag, Object value) {
        TableClause d = t(NAME, Types.BIGINT, tag);
        return select(d.c("id"), d.c("tag")).where(d.c("tag").eq(value));
    }

    private static String types(List<TypeEngine<?>> types) {
        List<String> out = new ArrayList<>();
        for (TypeEngine<?> t : types) {
            out.add(t == null ? "null" : t.getClass().getName() + " " + t + (t instanceof TypeDecorator<?, ?> d ? " " + d.cacheKeyState() : ""));
        }
        return out.toString();
    }

    private static String outcome(Compiled c, Compiled.BoundSql b) {
        List<String> results = new ArrayList<>();
        for (Compiled.ResultColumn rc : c.resultColumns()) {
            results.add(rc.name() + " " + types(java.util.Arrays.asList(rc.type())));
        }
        return b.sql() + " | " + b.values() + " | " + types(b.types()) + " | " + results;
    }

    /** The first statement of a key on a dialect: its compiled form, or null and what its refusal said ({@code alone}). */
    private record First(String variant, ClauseElement statement, Compiled compiled, Compiled.Positions positions, String alone) {
    }

    @Test
    void variantsOfOneKeySendTheSameAndTwinsShareTheirKey() {
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        int statements = 0;
        int overSpecific = 0;
        List<List<Variant>> all = new ArrayList<>(axes());
        all.addAll(ConstructAxes.axes());
        for (List<Variant> axis : all) {
            List<Map<CacheKey, First>> firsts = new ArrayList<>();
            DIALECTS.forEach(d -> firsts.add(new HashMap<>()));
            Map<String, Map<CacheKey, List<String>>> variantsBySql = new HashMap<>();
            Map<String, CacheKey> keyByVariant = new HashMap<>();
            for (Variant variant : axis) {
                CacheKey twinKey = null;
                for (int twin = 0; twin < (variant.name().endsWith("?") ? 8 : 3); twin++) {
                    ClauseElement s = variant.build().apply(new SplittableRandom(r.nextLong()));
                    statements++;
                    CacheKey key = s.cacheKey();
                    assertThat(key).as("%s cacheable (seed %d)", variant.name(), seed).isNotNull();
                    if (twinKey == null) {
                        twinKey = key;
                        keyByVariant.put(variant.name(), key);
                        if (variant.name().endsWith(" again")) {
                            // an equal type in another instance: the statements are the same, and so must their keys be
                            assertThat(key).as("%s (seed %d)", variant.name(), seed).isEqualTo(keyByVariant.get(variant.name().replace(" again", "")));
                        }
                        variantsBySql.computeIfAbsent(s.compile(DIALECTS.get(0)).templateString(), k -> new java.util.LinkedHashMap<>())
                                .computeIfAbsent(key, k -> new ArrayList<>()).add(variant.name());
                    }
                    if (!variant.name().endsWith("?")) {
                        assertThat(key).as("twins of %s: other values, one key (seed %d)", variant.name(), seed).isEqualTo(twinKey);
                    }
                    for (int d = 0; d < DIALECTS.size(); d++) {
                        Compiled c = null;
                        String alone;
                        try {
                            c = s.compile(DIALECTS.get(d));
                            alone = outcome(c, c.bind(Map.of()));
                        } catch (dev.retort.exc.RetortException e) {
                            // a construct the dialect refuses (ON CONFLICT on MySQL): so must every statement of its key be
                            alone = "refused: " + e.getMessage();
                        }
                        First first = firsts.get(d).putIfAbsent(key, new First(variant.name(), s, c, c == null ? null : c.positionsIn(key), alone));
                        if (first != null) {
                            assertThat(alone).as("%s on %s, keyed like %s (seed %d)", variant.name(), DIALECTS.get(d).name(), first.variant(), seed)
                                    .isEqualTo(first.compiled() == null ? first.alone() : outcome(first.compiled(), first.compiled().bind(first.positions(), key, Map.of())));
                        }
                    }
                }
            }
            // keys finer than the SQL: statements that convert otherwise, or (a missed sharing, not an error) that do not
            variantsBySql.values().stream().filter(v -> v.size() > 1).forEach(v -> System.out.println("  one SQL, other keys: " + v.values()));
            overSpecific += (int) variantsBySql.values().stream().filter(v -> v.size() > 1).count();
        }
        System.out.printf("CacheKeyAdversarialTest: %d statements; %d SQL texts shared by variants of other keys%n", statements, overSpecific);
    }

    /**
     * Every variant of the axes that reads the test table, executed in shuffled order through an engine whose
     * compiled cache they all share and through one without a cache: the same SQL, parameters and rows each time.
     */
    @Test
    void aSharedCompiledCacheSendsAndReadsWhatNoCacheDoes() throws java.io.IOException {
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("adv_" + SUFFIX, ".db");
        String url = "jdbc:sqlite:" + file;
        Engine cached = Engine.create(url);
        Engine uncached = Engine.create(url, EngineOptions.builder().compiledCacheSize(0).build());
        List<String> sent = new ArrayList<>();
        try {
            cached.inTransaction(c -> {
                c.execute(text("CREATE TABLE " + NAME + " (id INTEGER, qty INTEGER, name VARCHAR(20), amt BIGINT, tag VARCHAR(20))"));
                for (int i = 0; i < 12; i++) {
                    String tag = List.of("at3", "bt3", "t3", "RED", "GREEN", "t5").get(i % 6);
                    c.execute(SQL.insert(T).values(Map.of("id", i, "qty", i % 9, "name", "n" + i % 9, "amt", (long) i % 9, "tag", tag)));
                }
            });
            cached.addListener((ExecutionListener) (sql, params) -> sent.add(sql + " " + params));
            uncached.addListener((ExecutionListener) (sql, params) -> sent.add(sql + " " + params));
            List<Variant> all = new ArrayList<>();
            axes().forEach(all::addAll);
            all.removeIf(v -> v.name().startsWith("collate") || v.name().equals("order collate C")
                    || v.name().matches("(?i)name|people|people plain|label x y"));
            int runs = 0;
            for (int round = 0; round < 6; round++) {
                Draws.shuffle(all, r);
                for (Variant variant : all) {
                    ClauseElement s = variant.build().apply(new SplittableRandom(r.nextLong()));
                    sent.clear();
                    List<List<Object>> viaCache = cached.transaction(c -> c.execute(s).all().stream().map(row -> row.toList()).toList());
                    String cachedSent = List.copyOf(sent).toString();
                    sent.clear();
                    List<List<Object>> direct = uncached.transaction(c -> c.execute(s).all().stream().map(row -> row.toList()).toList());
                    assertThat(cachedSent + " -> " + viaCache).as("%s (seed %d)", variant.name(), seed).isEqualTo(sent + " -> " + direct);
                    runs++;
                }
            }
            assertThat(cached.compiledCacheStats().hits()).isGreaterThan(runs / 2);
        } finally {
            cached.dispose();
            uncached.dispose();
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
