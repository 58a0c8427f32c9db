package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Branches the edge values cannot reveal (a comparison with one particular value) are proven
 * from the lambda's bytecode ({@link LambdaProof}): such a captured value keys the statement by
 * value, so every call sends what its spoiled form sends; a value that only becomes a bound
 * parameter still shares one statement, the lambda running once.
 */
class LambdaProofTest {
    static final String SUFFIX = Long.toHexString(System.nanoTime() & 0xffffffL);
    static final TableClause T = table("proof_" + SUFFIX, column("id", Types.INTEGER), column("name", Types.STRING));
    static final String[] NAMES = {"bob", "admin", "root", "old", "new", "m", "hello", "zz", "Ann", "five5"};

    static Engine engine;
    static final List<String> SENT = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        engine = IdNameSqlite.open(T, 60, i -> Map.of("id", i - 10, "name", NAMES[i % NAMES.length]), SENT);
    }

    @AfterAll
    static void tearDown() {
        engine.dispose();
    }

    // The README's cases: each compares a captured value with one particular value.

    static StatementLambdaElement adminOrEq(String name) {
        return lambdaStmt(() -> select(T.c("id")).where(name.equals("admin") ? T.c("name").isNull() : T.c("name").eq(name)));
    }

    static StatementLambdaElement adminFirst(String name) {
        return lambdaStmt(() -> select(T.c("id")).where("admin".equals(name) ? T.c("id").lt(0) : T.c("name").eq(name)));
    }

    static StatementLambdaElement answer(int n) {
        return lambdaStmt(() -> select(T.c("name")).where(n == 42 ? T.c("id").isNull() : T.c("id").eq(n)));
    }

    static StatementLambdaElement byKind(String kind) {
        return lambdaStmt(() -> select(T.c("id")).where(switch (kind) {
            case "old" -> T.c("id").lt(10);
            case "new" -> T.c("id").gt(30);
            default -> T.c("name").eq(kind);
        }));
    }

    static StatementLambdaElement hashParity(String kind) {
        return lambdaStmt(() -> select(T.c("id")).where(kind.hashCode() % 2 == 0 ? T.c("name").eq(kind) : T.c("name").ne(kind)));
    }

    // More of the family: lengths, orderings, boxed and long comparisons, int switches, calls on a captured list.

    static StatementLambdaElement boxed(Integer n) {
        return lambdaStmt(() -> select(T.c("name")).where(n == 7 ? T.c("id").lt(n) : T.c("id").gt(n)));
    }

    static StatementLambdaElement lengthFive(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(s.length() == 5 ? T.c("name").like(s) : T.c("name").eq(s)));
    }

    static StatementLambdaElement ordered(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(s.compareTo("n") < 0 ? T.c("name").lt(s) : T.c("name").ge(s)).orderBy(T.c("id")));
    }

    static StatementLambdaElement objectsEquals(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(Objects.equals(s, "root") ? T.c("id").gt(-100) : T.c("name").eq(s)));
    }

    static StatementLambdaElement intSwitch(int n) {
        return lambdaStmt(() -> select(T.c("name")).where(switch (n) {
            case 3 -> T.c("id").le(n);
            case 11 -> T.c("name").eq("zz");
            default -> T.c("id").eq(n);
        }));
    }

    static StatementLambdaElement longEquals(long n, String s) {
        return lambdaStmt(() -> select(T.c("id")).where(n == 1234L ? T.c("name").eq(s) : SQL.and(T.c("name").ne(s), T.c("id").lt(n))));
    }

    static StatementLambdaElement contains(List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("name")).where(ids.contains(13) ? T.c("id").isNull() : T.c("id").in(ids)));
    }

    // Constructs whose captured values are not plain comparisons: a window frame's distances (a sign picks the bound's
    // kind), post-compile parameters (expanding, literal-execute), a table-valued function's argument, a VALUES row.

    static StatementLambdaElement frame(int before, int after) {
        return lambdaStmt(() -> select(T.c("id"), SQL.func("sum", T.c("id")).over().orderBy(T.c("id")).rows(-before, after)).where(T.c("id").lt(before * 3)));
    }

    static StatementLambdaElement frameBetween(int before, String name) {
        return lambdaStmt(() -> select(SQL.func("count", T.c("id")).over().partitionBy(T.c("name")).orderBy(T.c("id"))
                .rowsBetween(before == 0 ? Over.currentRow() : Over.preceding(before), Over.unbounded())).where(T.c("name").ne(name)));
    }

    static StatementLambdaElement expandingIn(List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("name")).where(T.c("id").in(SQL.bindparam("ids", (Object) ids).expanding())).orderBy(T.c("id")));
    }

    static StatementLambdaElement literalExecute(int n, String name) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(SQL.bindparam("low", n).literalExecute()), T.c("name").ne(name)));
    }

    static StatementLambdaElement tableValued(int n) {
        return lambdaStmt(() -> {
            TableValuedAlias kv = SQL.func("json_each", SQL.literal("[1, 2, " + n + "]")).tableValued("key", "value");
            return select(kv.c("value")).selectFrom(kv).where(kv.c("key").ge(n % 3));
        });
    }

    static StatementLambdaElement valuesRow(int n, String name) {
        return lambdaStmt(() -> {
            Values v = SQL.values(column("a", Types.INTEGER), column("b", Types.STRING)).named("v").data(List.of(List.of(n, name), List.of(n + 1, "x")));
            return select(T.c("id")).where(T.c("id").in(select(v.subquery().c("a"))), T.c("name").ne(name));
        });
    }

    /** A helper of the lambda's own class: not Retort's, though its package is. */
    static ColumnElement<Boolean> nameCondition(String name) {
        return name.equals("root") ? T.c("name").isNotNull() : T.c("name").eq(name);
    }

    static StatementLambdaElement viaHelper(String name) {
        return lambdaStmt(() -> select(T.c("id")).where(nameCondition(name)));
    }

    static StatementLambdaElement viaOtherClass(int n) {
        return lambdaStmt(() -> select(T.c("id")).where(ProofHelpers.idCondition(T, n)));
    }

    /** What the engine sent (SQL and parameters) and the rows it returned, for one execution. */
    private static String run(ClauseElement s) {
        SENT.clear();
        List<Object> rows = engine.transaction(c -> c.execute(s).scalars());
        return SENT + " -> " + rows;
    }

    private static void assertSameAsSpoiled(StatementLambdaElement s) {
        assertThat(run(s)).isEqualTo(run(s.spoil()));
    }

    @Test
    void theReadmesCasesSendWhatTheirSpoiledFormsSendAfterAnotherValue() {
        for (String name : new String[] {"bob", "admin", "bob", "admin"}) {
            assertSameAsSpoiled(adminOrEq(name));
            assertSameAsSpoiled(adminFirst(name));
            assertSameAsSpoiled(viaHelper(name.equals("admin") ? "root" : name));
            assertSameAsSpoiled(viaOtherClass(name.equals("admin") ? 13 : 5));
        }
        assertThat(adminOrEq("admin").toString()).contains("IS NULL");
        for (int n : new int[] {5, 42, 6, 42}) {
            assertSameAsSpoiled(answer(n));
        }
        assertThat(answer(42).toString()).contains("IS NULL");
        for (String kind : new String[] {"bob", "old", "new", "zz", "old"}) {
            assertSameAsSpoiled(byKind(kind));
            assertSameAsSpoiled(hashParity(kind));
        }
        assertThat(byKind("new").toString()).contains(">");
    }

    /** Which captured variables the proof alone (before any probe runs) keys by value. */
    private static List<Boolean> keyedByProof(StatementLambdaElement.StatementFn fn, int variables) {
        LambdaSite site = LambdaSite.of(fn);
        site.captured(fn);
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < variables; i++) {
            out.add(site.byValue(i));
        }
        return out;
    }

    @Test
    void theProofKeysExactlyTheComparedVariables() {
        long n = 1234L;
        String s = "x";
        int k = 3;
        // A long takes two slots of the implementation's locals: the String after it is still told apart.
        assertThat(keyedByProof(() -> select(T.c("id")).where(T.c("id").eq(n), s.isEmpty() ? T.c("id").isNull() : T.c("name").eq(s)), 2))
                .containsExactly(false, true);
        assertThat(keyedByProof(() -> select(T.c("id")).where(n > 0 ? T.c("name").eq(s) : T.c("id").eq(k)).limit(k), 3))
                .containsExactly(true, false, false);
        List<Integer> ids = List.of(1, 2);
        assertThat(keyedByProof(() -> select(T.c("id")).where(T.c("id").in(ids), T.c("name").in(List.of(s, "y"))).limit(k), 3))
                .containsExactly(false, false, false);
        // The benchmark's mid-size lambda: a join, four kinds of bound values, an ORDER BY and a LIMIT; all proven.
        TableClause orders = table("proof_orders", column("id", Types.INTEGER), column("user_id", Types.INTEGER), column("status", Types.STRING));
        List<String> statuses = List.of("new", "paid");
        Integer age = 30;
        assertThat(keyedByProof(() -> select(T.c("id"), orders.c("id")).selectFrom(T.join(orders, T.c("id").eq(orders.c("user_id"))))
                .where(T.c("id").ge(age), orders.c("status").in(statuses), T.c("name").like(s), orders.c("id").gt(n))
                .orderBy(SQL.desc(orders.c("id"))).limit(10), 5)).containsExactly(false, false, false, false, false);
        assertThat(keyedByProof(() -> select(T.c("id")).where(T.c("name").eq(s + "%")), 1)).containsExactly(true);
        assertThat(keyedByProof(() -> select(T.c("id")).where(T.c("id").eq(k * 2)), 1)).containsExactly(true);
        assertThat(keyedByProof(() -> {
            try {
                return select(T.c("id")).where(T.c("name").eq(s));
            } catch (RuntimeException e) {
                return select(T.c("id"));
            }
        }, 1)).as("whether a call in a try block throws may depend on the value").containsExactly(true);
        Integer boxed = 4;
        assertThat(keyedByProof(() -> select(T.c("id")).where(T.c("id").eq(boxed.intValue())), 1)).containsExactly(false);
        assertThat(keyedByProof(() -> select(T.c("id")).where(T.c("id").eq(boxed.hashCode())), 1)).containsExactly(true);
        // Arrays are not told apart: a value stored into one and read back is still seen (and so is any other stored value).
        assertThat(keyedByProof(() -> {
            String[] copy = {s};
            return select(T.c("id")).where(copy[0].isEmpty() ? T.c("id").isNull() : T.c("id").eq(k));
        }, 2).get(0)).as("a value read back from an array it was stored into").isTrue();
    }

    private static final AtomicInteger BY_ID = new AtomicInteger();
    private static final AtomicInteger IN_IDS = new AtomicInteger();
    private static final AtomicInteger LIMIT = new AtomicInteger();
    private static final AtomicInteger VALUES = new AtomicInteger();

    static StatementLambdaElement byId(int id) {
        return lambdaStmt(() -> {
            BY_ID.incrementAndGet();
            return select(T.c("name")).where(T.c("id").eq(id));
        });
    }

    static StatementLambdaElement inIds(List<Integer> ids) {
        return lambdaStmt(() -> {
            IN_IDS.incrementAndGet();
            return select(T.c("name")).where(T.c("id").in(ids)).orderBy(T.c("id"));
        });
    }

    static StatementLambdaElement limited(int n) {
        return lambdaStmt(() -> {
            LIMIT.incrementAndGet();
            return select(T.c("id")).orderBy(T.c("id")).limit(n);
        });
    }

    static StatementLambdaElement insertName(String name, int id) {
        return lambdaStmt(() -> {
            VALUES.incrementAndGet();
            return insert(T).values(Map.of("name", name, "id", id));
        });
    }

    /** Makes and runs a statement and its spoiled form, asserting they send the same; how often the lambda ran for the statement (spoil() runs it once more). */
    private static int runsComparedWithSpoiled(Supplier<StatementLambdaElement> make, AtomicInteger counter) {
        int before = counter.get();
        StatementLambdaElement s = make.get();
        String sent = run(s);
        int runs = counter.get() - before;
        assertThat(sent).isEqualTo(run(s.spoil()));
        return runs;
    }

    @Test
    void aValueThatOnlyBecomesAParameterStillRunsTheLambdaOnce() {
        int[] laterRuns = new int[4];
        for (int i = 0; i < 40; i++) {
            int id = i * 7 % 53 - 10;
            List<Integer> ids = i % 2 == 0 ? List.of(id, id + 1) : List.of(id, 3, 42, 5);
            int row = 1000 + i;
            int n = 1 + i % 9;
            int before = VALUES.get();
            engine.inTransaction(c -> c.execute(insertName("n" + row, row)));
            int[] runs = {runsComparedWithSpoiled(() -> byId(id), BY_ID), runsComparedWithSpoiled(() -> inIds(ids), IN_IDS),
                runsComparedWithSpoiled(() -> limited(n), LIMIT), VALUES.get() - before};
            for (int k = 0; i > 0 && k < runs.length; k++) {
                laterRuns[k] += runs[k];
            }
            if (i == 0) {
                assertThat(java.util.Arrays.stream(runs).min().getAsInt()).as("the first call analyses the lambda: %s", java.util.Arrays.toString(runs)).isPositive();
            }
        }
        assertThat(laterRuns).as("no run after the first call's analysis").containsOnly(0);
        List<Object> inserted = engine.transaction(c -> c.execute(select(T.c("name")).where(T.c("id").ge(1000))).scalars());
        assertThat(inserted).hasSize(40).contains("n1000", "n1039");
    }

    /**
     * The property over the family: 200 seeded rounds, each a lambda of the family called with a
     * sequence of values that mixes the particular values its branches compare with and others;
     * each call executed on SQLite and compared with its spoiled form (SQL, parameters, rows).
     */
    @Test
    void generatedRoundsOfBranchingLambdasSendWhatTheirSpoiledFormsSend() {
        SplittableRandom r = new SplittableRandom(4242);
        List<Function<SplittableRandom, StatementLambdaElement>> family = List.of(
                x -> adminOrEq(name(x)), x -> adminFirst(name(x)), x -> answer(number(x)), x -> byKind(name(x)),
                x -> hashParity(name(x)), x -> boxed(number(x)), x -> lengthFive(name(x)), x -> ordered(name(x)),
                x -> objectsEquals(name(x)), x -> viaHelper(name(x)), x -> viaOtherClass(number(x)), x -> intSwitch(number(x)), x -> longEquals(x.nextInt(3) == 0 ? 1234L : number(x), name(x)),
                x -> contains(x.nextBoolean() ? List.of(13, number(x)) : List.of(number(x), number(x))),
                x -> frame(x.nextInt(3), x.nextInt(3)), x -> frameBetween(x.nextInt(3), name(x)),
                x -> expandingIn(List.of(number(x), number(x), number(x)).subList(0, 1 + x.nextInt(3))), x -> literalExecute(number(x), name(x)),
                x -> tableValued(number(x)), x -> valuesRow(number(x), name(x)));
        int calls = 0;
        for (int round = 0; round < 200; round++) {
            Function<SplittableRandom, StatementLambdaElement> lambda = family.get(r.nextInt(family.size()));
            for (int call = 2 + r.nextInt(5); call > 0; call--) {
                StatementLambdaElement s = lambda.apply(r);
                assertThat(run(s)).as("round %d", round).isEqualTo(run(s.spoil()));
                calls++;
            }
        }
        System.out.printf("LambdaProofTest: 200 rounds, %d calls over %d lambdas%n", calls, family.size());
    }

    private static String name(SplittableRandom r) {
        return NAMES[r.nextInt(NAMES.length)];
    }

    private static int number(SplittableRandom r) {
        int[] n = {3, 7, 11, 42, 13, 5, -2, 20};
        return r.nextInt(4) == 0 ? r.nextInt(61) - 10 : n[r.nextInt(n.length)];
    }
}

/** Helpers of the application's (here the tests') classes: not Retort's, though their package is. */
final class ProofHelpers {
    private ProofHelpers() {
    }

    static ColumnElement<Boolean> idCondition(TableClause t, int n) {
        return n == 13 ? t.c("id").isNull() : t.c("id").eq(n);
    }
}
