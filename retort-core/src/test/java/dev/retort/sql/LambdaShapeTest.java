package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A lambda statement sends what its spoiled form sends, for every call, whatever earlier calls
 * captured: captured values that shape the SQL (a branch, a string operation, an identifier, a
 * size) key the statement by value. Tables are static so that the lambdas capture only the
 * values under test.
 */
class LambdaShapeTest {
    static final TableClause T = table("shape_t", column("id", Types.INTEGER), column("name", Types.STRING), column("created_at", Types.DATE),
            column("deleted_at", Types.DATE));

    static StatementLambdaElement emptyOrEq(String name) {
        return lambdaStmt(() -> select(T.c("id")).where(name.isEmpty() ? T.c("name").isNotNull() : T.c("name").eq(name)));
    }

    static StatementLambdaElement byKind(String kind) {
        return lambdaStmt(() -> select(T.c(kind + "_at")).where(T.c("name").eq(kind)));
    }

    static StatementLambdaElement positive(int n) {
        return lambdaStmt(() -> select(T.c("id")).where(n > 0 ? T.c("id").gt(n) : T.c("id").isNull()));
    }

    static StatementLambdaElement longOrShort(String s) {
        return lambdaStmt(() -> select(T.c("id")).where(s.length() > 3 ? T.c("name").like(s) : T.c("name").eq(s)));
    }

    static StatementLambdaElement parity(int n) {
        return lambdaStmt(() -> select(T.c("id")).where(n % 2 == 0 ? T.c("id").eq(n) : T.c("id").ne(n)));
    }

    static StatementLambdaElement bySize(List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("id")).where(ids.size() > 2 ? T.c("id").in(ids) : T.c("id").eq(ids.get(0))));
    }

    static StatementLambdaElement signAndName(long n, String s) {
        return lambdaStmt(() -> select(T.c("id")).where(n < 0 ? T.c("name").eq(s) : SQL.and(T.c("name").ne(s), T.c("id").lt(n))));
    }

    static StatementLambdaElement identifierAndValue(String col) {
        return lambdaStmt(() -> select(T.c("id")).where(literalColumn(col).eq(col)));
    }

    static StatementLambdaElement computed(String s, int n) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("name").eq(s.toUpperCase()), T.c("id").between(n, n + 10)).limit(Math.max(1, n)));
    }

    static StatementLambdaElement plain(String s, int n, List<Integer> ids) {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("name").eq(s), T.c("id").gt(n), T.c("id").in(ids)).limit(n));
    }

    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql());

    /** What a statement sends: SQL and parameters on each dialect. */
    private static String sent(ClauseElement s) {
        StringBuilder sb = new StringBuilder();
        for (Dialect d : DIALECTS) {
            Compiled c = s.compile(d);
            sb.append(d.name()).append(": ").append(c.string()).append(' ').append(c.bind(Map.of()).values()).append('\n');
        }
        return sb.toString();
    }

    private static void assertSameAsSpoiled(StatementLambdaElement s) {
        assertThat(sent(s)).isEqualTo(sent(s.spoil()));
    }

    @Test
    void theIssuesCasesSendWhatTheirSpoiledFormsSend() {
        assertSameAsSpoiled(emptyOrEq("bob"));
        assertSameAsSpoiled(emptyOrEq(""));
        assertThat(emptyOrEq("").toString()).contains("IS NOT NULL");
        assertSameAsSpoiled(byKind("created"));
        assertSameAsSpoiled(byKind("deleted"));
        assertThat(byKind("deleted").toString()).contains("deleted_at");
        // The first call with 0 must not be analysed with a positive stand-in.
        assertThat(positive(0).toString()).contains("IS NULL");
        assertSameAsSpoiled(positive(0));
        assertSameAsSpoiled(positive(5));
        assertThat(positive(5).toString()).contains("> ");
    }

    @Test
    void aValueThatOnlyBecomesAParameterStillSharesOneShape() {
        assertThat(plain("a", 1, List.of(1)).cacheKey()).isEqualTo(plain("", -4, List.of(3, 4, 5)).cacheKey());
        assertSameAsSpoiled(plain("", 0, List.of(7)));
    }

    /**
     * The property over a family of branching lambdas: seeded sequences of values, edge values
     * included, each call compared with its spoiled form; and statements with equal keys have
     * spoiled forms with equal keys, so the engine's compiled cache serves each the right SQL.
     */
    @Test
    void everyCallOfABranchingLambdaSendsWhatItsSpoiledFormSends() {
        SplittableRandom r = new SplittableRandom(1312);
        List<Function<SplittableRandom, StatementLambdaElement>> family = List.of(
                x -> emptyOrEq(string(x)), x -> byKind(x.nextBoolean() ? "created" : "deleted"), x -> positive(number(x)),
                x -> longOrShort(string(x)), x -> parity(number(x)), x -> bySize(list(x)), x -> signAndName(number(x), nullable(x)),
                x -> identifierAndValue(x.nextBoolean() ? "name" : "id"), x -> computed(string(x), number(x)),
                x -> plain(nullable(x), number(x), x.nextInt(5) == 0 ? List.of() : list(x)));
        Map<CacheKey, CacheKey> spoiledKeyByKey = new HashMap<>();
        int calls = 0;
        for (int i = 0; i < 1500; i++) {
            StatementLambdaElement s = family.get(r.nextInt(family.size())).apply(r);
            StatementLambdaElement spoiled = s.spoil();
            assertThat(sent(s)).as("call %d", i).isEqualTo(sent(spoiled));
            CacheKey prior = spoiledKeyByKey.putIfAbsent(s.cacheKey(), spoiled.cacheKey());
            if (prior != null) {
                assertThat(spoiled.cacheKey()).as("the statement keyed like an earlier one has its shape").isEqualTo(prior);
            }
            calls++;
        }
        System.out.printf("LambdaShapeTest: %d calls over %d lambdas, %d distinct keys%n", calls, family.size(), spoiledKeyByKey.size());
    }

    private static String string(SplittableRandom r) {
        String[] s = {"", " ", "bob", "alice", "x", "%a", "a longer name", "Ann"};
        return r.nextInt(4) == 0 ? "s" + r.nextInt(50) : s[r.nextInt(s.length)];
    }

    /** A string, or (one time in five) null, which keys by value and turns {@code eq} into IS NULL. */
    private static String nullable(SplittableRandom r) {
        return r.nextInt(5) == 0 ? null : string(r);
    }

    private static int number(SplittableRandom r) {
        int[] n = {0, 1, -1, 2, 5, -7, 100};
        return r.nextInt(3) == 0 ? r.nextInt(2001) - 1000 : n[r.nextInt(n.length)];
    }

    private static List<Integer> list(SplittableRandom r) {
        List<Integer> out = new ArrayList<>();
        int size = 1 + r.nextInt(4);
        for (int i = 0; i < size; i++) {
            out.add(number(r));
        }
        return out;
    }
}
