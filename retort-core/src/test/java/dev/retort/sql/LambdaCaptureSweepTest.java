package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Engine;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambda statements whose captures change the SQL or its types in ways a value comparison does not show: the Java
 * type of a captured value made a literal, null among values, an empty IN list, a captured column, expression or
 * table (SQL elements, keyed by structure), a captured name of a column, label, collation, function or escape, a
 * captured flag or enum choosing a clause, LIMIT / OFFSET of zero, a further lambda ({@code add}) doing the same, and
 * untracked closures whose shape {@code trackOn} names (an enum and a column; a record's fields).
 * Each call, in a seeded order mixing the captures, must send what its spoiled form sends: executed on SQLite (SQL,
 * parameters, rows) and, on the other dialects, bound into the compiled form of the first call of its key
 * (SQL, values, their types, result columns and their types) against the spoiled form compiled alone.
 */
class LambdaCaptureSweepTest {
    static final String SUFFIX = Long.toHexString(System.nanoTime() & 0xffffffL);
    static final TableClause T = table("sweep_" + SUFFIX, column("id", Types.INTEGER), column("name", Types.STRING));
    /** The same table under another clause: a captured table keys by structure, equal here. */
    static final TableClause T2 = table("sweep_" + SUFFIX, column("id", Types.INTEGER), column("name", Types.STRING));
    /** The table with untyped columns: a parameter's type is its value's. */
    static final TableClause UNTYPED = table("sweep_" + SUFFIX, column("id"), column("name"));
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.postgresql(), Dialects.mysql());

    enum Mode { FIRST, LAST, NONE }

    static Engine engine;
    static final List<String> SENT = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        engine = IdNameSqlite.open(T, 20, i -> Map.of("id", i, "name", "n" + i % 7), SENT);
    }

    @AfterAll
    static void tearDown() {
        engine.dispose();
    }

    static StatementLambdaElement literalOfAnyType(Object v) {
        return lambdaStmt(() -> select(literal(v).label("x"), T.c("id")).where(T.c("id").lt(3)).orderBy(T.c("id")));
    }

    static StatementLambdaElement comparedWithAnyType(Object v) {
        return lambdaStmt(() -> select(UNTYPED.c("id")).where(UNTYPED.c("name").eq(v)).orderBy(UNTYPED.c("id")));
    }

    static StatementLambdaElement nullOrName(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("name").eq(s), T.c("id").ne(s == null ? 1 : 2)).orderBy(T.c("id")));
    }

    static StatementLambdaElement inList(List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").in(ids)).orderBy(T.c("id")));
    }

    static StatementLambdaElement notInList(List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").notIn(ids)).orderBy(T.c("id")));
    }

    static StatementLambdaElement capturedColumn(ColumnElement<?> col, int n) {
        return lambdaStmt(() -> select(col).where(T.c("id").lt(n)).orderBy(T.c("id")));
    }

    static StatementLambdaElement capturedCondition(ColumnElement<Boolean> cond) {
        return lambdaStmt(() -> select(T.c("id")).where(cond).orderBy(T.c("id")));
    }

    static StatementLambdaElement capturedTable(TableClause t, int n) {
        return lambdaStmt(() -> select(t.c("id")).where(t.c("id").gt(n)).orderBy(t.c("id")));
    }

    static StatementLambdaElement columnByName(String name) {
        return lambdaStmt(() -> select(T.c(name)).orderBy(T.c("id")));
    }

    static StatementLambdaElement labelled(String label, int n) {
        return lambdaStmt(() -> select(T.c("id").label(label)).where(T.c("id").eq(n)));
    }

    static StatementLambdaElement collated(String collation, String s) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("name").collate(collation).eq(s)).orderBy(T.c("id")));
    }

    static StatementLambdaElement function(String fn) {
        return lambdaStmt(() -> select(SQL.func(fn, T.c("name"))).orderBy(T.c("id")));
    }

    static StatementLambdaElement escaped(String pattern, String escape) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("name").like(pattern, escape)).orderBy(T.c("id")));
    }

    static StatementLambdaElement flagged(boolean distinct, int n) {
        return lambdaStmt(() -> {
            Select s = select(T.c("name")).where(T.c("id").gt(n)).orderBy(T.c("name"));
            return distinct ? s.distinct() : s;
        });
    }

    static StatementLambdaElement byMode(Mode mode, int n) {
        return lambdaStmt(() -> switch (mode) {
            case FIRST -> select(T.c("id")).orderBy(T.c("id")).limit(n);
            case LAST -> select(T.c("id")).orderBy(SQL.desc(T.c("id"))).limit(n);
            case NONE -> select(T.c("id")).where(T.c("id").lt(n)).orderBy(T.c("id"));
        });
    }

    static StatementLambdaElement page(int limit, int offset) {
        return lambdaStmt(() -> select(T.c("id")).orderBy(T.c("id")).limit(limit).offset(offset));
    }

    static StatementLambdaElement castTo(int scale, int n) {
        return lambdaStmt(() -> select(SQL.cast(T.c("id"), Types.numeric(10, scale))).where(T.c("id").eq(n)));
    }

    static StatementLambdaElement chained(boolean more, String s, int n) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(n)).orderBy(T.c("id")))
                .add(q -> more ? q.where(T.c("name").eq(s)) : q)
                .add(q -> q.where(T.c("name").ne(s)));
    }

    /** Untracked closure variables, the SQL's shape decided by what trackOn names: a captured object, keyed by equals. */
    static StatementLambdaElement trackedOn(Mode mode, ColumnElement<?> col, int n) {
        return lambdaStmt(() -> select(col).where(mode == Mode.NONE ? T.c("id").lt(n) : T.c("id").gt(n)).orderBy(T.c("id")),
                LambdaOptions.builder().trackClosureVariables(false).trackOn(List.of(mode, col)).build());
    }

    /** A captured record: refused unless untracked, then the SQL element it yields is tracked on. */
    record Filter(String column, int low) {
    }

    static StatementLambdaElement recordTrackedOn(Filter f) {
        ColumnElement<?> col = T.c(f.column());
        return lambdaStmt(() -> select(T.c("id")).where(col.ge(f.low())).orderBy(T.c("id")),
                LambdaOptions.builder().trackClosureVariables(false).trackOn(List.of(f.column(), f.low())).build());
    }

    /** The values the captures are drawn from: particular ones often, so that calls repeat and mix. */
    private static Object anyValue(SplittableRandom r) {
        int n = r.nextInt(4);
        return switch (r.nextInt(7)) {
            case 0 -> n;
            case 1 -> (long) n;
            case 2 -> "n" + n;
            case 3 -> BigDecimal.valueOf(n, 1);
            case 4 -> LocalDate.of(2020, 1, 1 + n);
            case 5 -> n % 2 == 0;
            default -> n + 0.5;
        };
    }

    private static String name(SplittableRandom r) {
        return r.nextInt(5) == 0 ? null : "n" + r.nextInt(4);
    }

    /** IDs for IN, sometimes with a null among them (it has no stand-in: the list keys by value). */
    private static List<Integer> ids(SplittableRandom r) {
        List<Integer> ids = new ArrayList<>(List.of(1, 3, 5, 7).subList(0, r.nextInt(4)));
        if (!ids.isEmpty() && r.nextInt(4) == 0) {
            ids.set(r.nextInt(ids.size()), null);
        }
        return ids;
    }

    /**
     * A captured list holding a null, on the first call of its call site: the analysis looked for a stand-in for the
     * null and threw a NullPointerException, where the spoiled form runs (found by the cache helper's lambda probe).
     */
    @Test
    void aCapturedListWithANullOnTheFirstCall() {
        for (List<Integer> ids : java.util.Arrays.asList(java.util.Arrays.asList(3, null), List.of(1, 3), java.util.Arrays.asList(null, 5))) {
            assertThat(run(inListFirstSeenWithANull(ids))).isEqualTo(run(inListFirstSeenWithANull(ids).spoil()));
        }
    }

    /** Its own call site: the first call there carries the null. */
    static StatementLambdaElement inListFirstSeenWithANull(List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").in(ids)).orderBy(T.c("id")));
    }

    static final List<Function<SplittableRandom, StatementLambdaElement>> FAMILY = List.of(
            r -> literalOfAnyType(anyValue(r)),
            r -> comparedWithAnyType(anyValue(r)),
            r -> nullOrName(name(r)),
            r -> inList(ids(r)),
            r -> notInList(ids(r)),
            r -> capturedColumn(List.<ColumnElement<?>>of(T.c("id"), T.c("name"), T.c("id").label("n"), SQL.func("upper", T.c("name"))).get(r.nextInt(4)), r.nextInt(9)),
            r -> capturedCondition(List.of(T.c("id").gt(r.nextInt(9)), T.c("name").eq("n" + r.nextInt(4)), T.c("id").in(ids(r)), T.c("name").isNull())
                    .get(r.nextInt(4))),
            r -> capturedTable(r.nextBoolean() ? T : T2, r.nextInt(9)),
            r -> columnByName(r.nextBoolean() ? "id" : "name"),
            r -> labelled(List.of("a", "A", "a b", "select").get(r.nextInt(4)), r.nextInt(9)),
            r -> collated(List.of("BINARY", "NOCASE", "RTRIM").get(r.nextInt(3)), "N" + r.nextInt(4)),
            r -> function(List.of("upper", "lower", "length").get(r.nextInt(3))),
            r -> escaped(List.of("n/%", "n!%", "n%", "n_").get(r.nextInt(4)), r.nextBoolean() ? "/" : "!"),
            r -> flagged(r.nextBoolean(), r.nextInt(9)),
            r -> byMode(Mode.values()[r.nextInt(3)], r.nextInt(4)),
            r -> page(r.nextInt(3), r.nextInt(3)),
            r -> castTo(r.nextInt(3), r.nextInt(9)),
            r -> chained(r.nextBoolean(), name(r) == null ? "n1" : "n2", r.nextInt(9)),
            r -> trackedOn(Mode.values()[r.nextInt(3)], r.nextBoolean() ? T.c("id") : T.c("name"), r.nextInt(9)),
            r -> recordTrackedOn(new Filter(r.nextBoolean() ? "id" : "name", r.nextInt(9))));

    /** What the engine sent and the rows it returned, for one execution. */
    private static String run(ClauseElement s) {
        SENT.clear();
        List<List<Object>> rows = engine.transaction(c -> c.execute(s).all().stream().map(row -> row.toList()).toList());
        return SENT + " -> " + rows;
    }

    private static String types(List<TypeEngine<?>> types) {
        return types.stream().map(t -> t == null ? "null" : t.getClass().getSimpleName() + " " + t).toList().toString();
    }

    private static String outcome(Compiled c, Compiled.BoundSql b) {
        return b.sql() + " | " + b.values() + " | " + types(b.types()) + " | "
                + c.resultColumns().stream().map(rc -> rc.name() + " " + types(java.util.Arrays.asList(rc.type()))).toList();
    }

    private record First(Compiled compiled, Compiled.Positions positions) {
    }

    /**
     * The analysis runs the lambda with stand-ins for its captured values; a stand-in the lambda's code refuses (a
     * NUMERIC scale of 918273) must not fail the call: that variable keys the statement by value (seed 20261207 of
     * {@link #callsMixingCapturesSendWhatTheirSpoiledFormsSend} found it).
     */
    @Test
    void aStandInTheLambdaRefusesKeysItsVariableByValue() {
        for (int scale : new int[] {2, 0, 2, 1}) {
            StatementLambdaElement s = castTo(scale, 3);
            assertThat(run(s)).isEqualTo(run(s.spoil()));
        }
        assertThat(castTo(2, 3).cacheKey()).as("keyed by the scale").isNotEqualTo(castTo(1, 3).cacheKey()).isEqualTo(castTo(2, 3).cacheKey());
    }

    @Test
    void callsMixingCapturesSendWhatTheirSpoiledFormsSend() {
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        List<Map<CacheKey, First>> firsts = new ArrayList<>();
        DIALECTS.forEach(d -> firsts.add(new HashMap<>()));
        int calls = 0;
        for (int round = 0; round < 120; round++) {
            int member = r.nextInt(FAMILY.size());
            for (int call = 2 + r.nextInt(5); call > 0; call--) {
                StatementLambdaElement s = FAMILY.get(member).apply(r);
                StatementLambdaElement spoiled = s.spoil();
                String what = "member " + member + " round " + round + " (seed " + seed + "): " + spoiled.statement();
                assertThat(run(s)).as(what).isEqualTo(run(spoiled));
                CacheKey key = s.cacheKey();
                for (int d = 0; d < DIALECTS.size(); d++) {
                    Compiled alone = spoiled.compile(DIALECTS.get(d));
                    First first = firsts.get(d).get(key);
                    if (first == null) {
                        Compiled c = s.compile(DIALECTS.get(d));
                        firsts.get(d).put(key, new First(c, c.positionsIn(key)));
                        continue;
                    }
                    assertThat(outcome(first.compiled(), first.compiled().bind(first.positions(), key, Map.of())))
                            .as("%s on %s", what, DIALECTS.get(d).name()).isEqualTo(outcome(alone, alone.bind(Map.of())));
                }
                calls++;
            }
        }
        System.out.printf("LambdaCaptureSweepTest: %d calls over %d lambdas%n", calls, FAMILY.size());
    }
}
