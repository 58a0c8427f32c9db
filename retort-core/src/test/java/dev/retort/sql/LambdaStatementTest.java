package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.types.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambda statements: the lambda runs once per call site (and captured structure), and every
 * later call binds the values it captured. Tables are static so that lambdas capture only the
 * variables under test.
 */
class LambdaStatementTest {
    static final TableClause USERS = table("lam_users", column("id", Types.INTEGER), column("name", Types.STRING),
            column("born", Types.DATE), column("grp", Types.INTEGER));
    /** How often the lambdas under test ran; each test uses its own counter. */
    static final AtomicInteger BY_ID_RUNS = new AtomicInteger();
    static final AtomicInteger MIXED_RUNS = new AtomicInteger();
    static final AtomicInteger CHAIN_RUNS = new AtomicInteger();
    static final AtomicInteger ELEMENT_RUNS = new AtomicInteger();
    static final AtomicInteger PREFIX_RUNS = new AtomicInteger();
    static final AtomicInteger SPOIL_RUNS = new AtomicInteger();

    static Engine engine;

    @BeforeAll
    static void setUp() {
        engine = Engine.create("jdbc:sqlite::memory:");
        engine.inTransaction(c -> {
            c.execute(text("CREATE TABLE lam_users (id INTEGER PRIMARY KEY, name VARCHAR(20), born DATE, grp INTEGER)"));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                rows.add(Map.of("id", i, "name", "user" + i, "born", LocalDate.of(1950, 1, 1).plusDays(i), "grp", i % 3));
            }
            c.execute(insert(USERS), rows);
        });
    }

    @AfterAll
    static void tearDown() {
        engine.dispose();
    }

    private static List<Object> run(ClauseElement stmt) {
        return engine.transaction(c -> c.execute(stmt).scalars());
    }

    private static StatementLambdaElement nameById(int id) {
        return lambdaStmt(() -> {
            BY_ID_RUNS.incrementAndGet();
            return select(USERS.c("name")).where(USERS.c("id").eq(id));
        });
    }

    @Test
    void theLambdaRunsOnceOverFiftyExecutionsWithFiftyValues() {
        long hits = engine.compiledCacheStats().hits();
        int analysis = 0;
        for (int id = 1; id <= 50; id++) {
            assertThat(run(nameById(id))).containsExactly("user" + id);
            analysis = id == 1 ? BY_ID_RUNS.get() : analysis;
        }
        // The analysis at the first call runs the lambda a few times (stand-ins, the real value,
        // edge values); later calls never run it.
        assertThat(BY_ID_RUNS.get()).isEqualTo(analysis).isBetween(2, 10);
        assertThat(engine.compiledCacheStats().hits() - hits).isGreaterThanOrEqualTo(49);
    }

    private static StatementLambdaElement mixed(long minId, String name, List<Integer> groups, LocalDate bornAfter) {
        return lambdaStmt(() -> {
            MIXED_RUNS.incrementAndGet();
            return select(USERS.c("id")).where(USERS.c("id").ge(minId), USERS.c("grp").in(groups), USERS.c("born").gt(bornAfter))
                    .where(USERS.c("name").ne(name)).orderBy(USERS.c("id")).limit(3);
        });
    }

    @Test
    void everyKindOfPlainValueBecomesAParameter() {
        Object[][] calls = {
            {5L, "user6", List.of(0, 1), LocalDate.of(1950, 1, 1)},
            {20L, "nobody", List.of(2), LocalDate.of(1950, 1, 30)},
            {40L, "user41", List.of(0, 1, 2), LocalDate.of(1950, 2, 14)},
        };
        int analysis = 0;
        for (Object[] call : calls) {
            @SuppressWarnings("unchecked")
            List<Integer> groups = (List<Integer>) call[2];
            StatementLambdaElement lambda = mixed((Long) call[0], (String) call[1], groups, (LocalDate) call[3]);
            Select plain = select(USERS.c("id")).where(USERS.c("id").ge(call[0]), USERS.c("grp").in(groups), USERS.c("born").gt(call[3]))
                    .where(USERS.c("name").ne(call[1])).orderBy(USERS.c("id")).limit(3);
            assertThat(run(lambda)).isEqualTo(run(plain)).isNotEmpty();
            assertThat(lambda.toString()).isEqualTo(plain.toString());
            assertThat(lambda.compile(Dialects.postgresql()).params()).isEqualTo(plain.compile(Dialects.postgresql()).params());
            analysis = analysis == 0 ? MIXED_RUNS.get() : analysis;
        }
        assertThat(MIXED_RUNS.get()).as("no run after the first call's analysis").isEqualTo(analysis);
    }

    @Test
    void addedCriteriaRunOnceAndTrackTheirOwnValues() {
        int analysis = 0;
        for (int id = 1; id <= 10; id++) {
            int grp = id % 3;
            String name = "user" + id;
            StatementLambdaElement s = lambdaStmt(() -> {
                CHAIN_RUNS.incrementAndGet();
                return select(USERS.c("id")).where(USERS.c("grp").eq(grp));
            });
            s = s.add(q -> {
                CHAIN_RUNS.incrementAndGet();
                return q.where(USERS.c("name").eq(name));
            });
            assertThat(run(s)).containsExactly(id);
            analysis = id == 1 ? CHAIN_RUNS.get() : analysis;
        }
        assertThat(CHAIN_RUNS.get()).as("no run after the first call's analysis").isEqualTo(analysis);
    }

    private static StatementLambdaElement withCondition(ColumnElement<Boolean> condition) {
        return lambdaStmt(() -> {
            ELEMENT_RUNS.incrementAndGet();
            return select(USERS.c("id")).where(condition).orderBy(USERS.c("id"));
        });
    }

    @Test
    void capturedElementsKeyByStructureAndBindTheirValues() {
        assertThat(run(withCondition(USERS.c("id").eq(4)))).containsExactly(4);
        assertThat(run(withCondition(USERS.c("id").eq(9)))).containsExactly(9);
        assertThat(ELEMENT_RUNS.get()).isEqualTo(1);
        assertThat(run(withCondition(USERS.c("id").lt(3)))).containsExactly(1, 2);
        assertThat(ELEMENT_RUNS.get()).isEqualTo(2);
        assertThat(withCondition(USERS.c("id").eq(1)).cacheKey()).isEqualTo(withCondition(USERS.c("id").eq(2)).cacheKey())
                .isNotEqualTo(withCondition(USERS.c("id").gt(2)).cacheKey());
    }

    private static StatementLambdaElement byPrefix(String prefix) {
        return lambdaStmt(() -> {
            PREFIX_RUNS.incrementAndGet();
            return select(USERS.c("id")).where(USERS.c("name").like(prefix + "%")).orderBy(USERS.c("id"));
        });
    }

    @Test
    void aValueTheLambdaComputesWithKeysByValue() {
        assertThat(run(byPrefix("user5"))).containsExactly(5, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59);
        assertThat(run(byPrefix("user6"))).containsExactly(6, 60);
        assertThat(run(byPrefix("user5"))).hasSize(11);
        assertThat(PREFIX_RUNS.get()).isLessThanOrEqualTo(4);
        assertThat(byPrefix("user6").cacheKey()).isNotEqualTo(byPrefix("user5").cacheKey());
    }

    @Test
    void booleansAndNullsKeyByValue() {
        for (boolean even : List.of(true, false, true)) {
            StatementLambdaElement s = lambdaStmt(() -> select(USERS.c("id")).where(even ? USERS.c("grp").eq(0) : USERS.c("grp").ne(0))
                    .orderBy(USERS.c("id")).limit(1));
            assertThat(run(s)).containsExactly(even ? 3 : 1);
        }
        for (String name : new String[] {null, "user2"}) {
            StatementLambdaElement s = lambdaStmt(() -> select(USERS.c("id")).where(USERS.c("name").eq(name)));
            assertThat(run(s)).isEqualTo(name == null ? List.of() : List.of(2));
        }
    }

    record Criteria(String name) {
    }

    @Test
    void aCapturedObjectIsRefusedWithItsName() {
        Criteria criteria = new Criteria("user3");
        assertThatThrownBy(() -> lambdaStmt(() -> select(USERS).where(USERS.c("name").eq(criteria.name()))))
                .isInstanceOf(ArgumentException.class)
                .hasMessageContaining("Closure variable 'criteria'")
                .hasMessageContaining(Criteria.class.getName())
                .hasMessageContaining("trackOn")
                .hasMessageContaining("spoil()");
    }

    /** A lambda reading fields of its enclosing object: keyed by that object's identity. */
    static final class Report {
        final String who;
        final java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();

        Report(String who) {
            this.who = who;
        }

        StatementLambdaElement statement() {
            return lambdaStmt(() -> {
                built.incrementAndGet();
                return select(USERS.c("id")).where(USERS.c("name").eq(who));
            });
        }
    }

    @Test
    void capturingThisKeysByTheEnclosingObject() {
        Report three = new Report("user3");
        Report four = new Report("user4");
        for (int i = 0; i < 3; i++) {
            assertThat(run(three.statement())).containsExactly(3);
            assertThat(run(four.statement())).containsExactly(4);
        }
        assertThat(three.built).hasValue(1);
        assertThat(four.built).hasValue(1);
    }

    @Test
    void optionsTrackOnOrUntrackTheClosure() {
        for (String n : List.of("user3", "user4")) {
            Criteria criteria = new Criteria(n);
            String name = criteria.name();
            // Tracked on what decides the shape: the object is not looked at.
            StatementLambdaElement tracked = lambdaStmt(() -> select(USERS.c("id")).where(USERS.c("name").eq(name)).where(USERS.c("id").gt(criteria == null ? 0 : 1)),
                    LambdaOptions.builder().trackOn(List.of("by-name")).build());
            assertThat(run(tracked)).containsExactly(Integer.valueOf(n.substring(4)));
            // Untracked closure: the object's first state stays (the seeds' track_closure_variables=False).
            StatementLambdaElement untracked = lambdaStmt(() -> select(USERS.c("id")).where(USERS.c("name").eq(criteria.name())),
                    LambdaOptions.builder().trackClosureVariables(false).build());
            assertThat(run(untracked)).containsExactly(3);
        }
    }

    @Test
    void boundValuesCanBeFrozen() {
        for (int id : List.of(8, 9)) {
            StatementLambdaElement s = lambdaStmt(() -> select(USERS.c("id")).where(USERS.c("id").eq(id)),
                    LambdaOptions.builder().trackBoundValues(false).build());
            assertThat(run(s)).containsExactly(8);
        }
    }

    @Test
    void aSpoiledStatementRunsItsLambdasEveryTime() {
        for (int id = 1; id <= 3; id++) {
            int grp = id % 3;
            StatementLambdaElement analysed = lambdaStmt(() -> {
                SPOIL_RUNS.incrementAndGet();
                return select(USERS.c("id")).where(USERS.c("id").eq(grp == 0 ? 3 : grp));
            });
            int before = SPOIL_RUNS.get();
            StatementLambdaElement s = analysed.spoil();
            assertThat(SPOIL_RUNS.get()).as("spoil() runs the lambda once more").isEqualTo(before + 1);
            s = s.add(q -> q.where(USERS.c("grp").eq(grp)));
            assertThat(run(s)).containsExactly(id);
            assertThat(s.isSelect()).isTrue();
        }
    }

    @Test
    void lambdaStatementsOfEveryKindCompileAndExecuteLikeTheirStatements() {
        int id = 61;
        String name = "temp";
        StatementLambdaElement ins = lambdaStmt(() -> insert(USERS).values(Map.of("id", id, "name", name)));
        StatementLambdaElement upd = lambdaStmt(() -> update(USERS).where(USERS.c("id").eq(id)).values(Map.of("name", name + "!")));
        StatementLambdaElement del = lambdaStmt(() -> delete(USERS).where(USERS.c("id").eq(id)));
        StatementLambdaElement txt = lambdaStmt(() -> text("SELECT 1"));
        assertThat(List.of(ins.isInsert(), ins.isDml(), ins.isSelect(), upd.isUpdate(), del.isDelete(), txt.isText(), txt.isDml()))
                .containsExactly(true, true, false, true, true, true, false);
        assertThat(upd.compile(Dialects.sqlite()).string()).isEqualTo("UPDATE lam_users SET name=? WHERE lam_users.id = ?");
        try (Connection c = engine.connect()) {
            assertThat(c.execute(ins).rowCount()).isEqualTo(1);
            assertThat(c.execute(upd).rowCount()).isEqualTo(1);
            assertThat(c.execute(select(USERS.c("name")).where(USERS.c("id").eq(61))).scalar()).isEqualTo("temp!");
            assertThat(c.execute(del).rowCount()).isEqualTo(1);
            c.commit();
        }
        assertThatThrownBy(() -> upd.add(q -> q.where(USERS.c("id").eq(1)))).hasMessageContaining("extend a SELECT");
    }

    @Test
    void aLambdaStatementKeysByCallSiteAndListsItsValues() {
        StatementLambdaElement a = nameById(11);
        StatementLambdaElement b = nameById(12);
        assertThat(a.cacheKey()).isEqualTo(b.cacheKey());
        assertThat(b.cacheKey().bindParams()).extracting(BindParameter::value).containsExactly(12);
        assertThat(a.compare(nameById(11))).isTrue();
        assertThat(a.compare(b)).isFalse();
        assertThat(a.statement().compare(select(USERS.c("name")).where(USERS.c("id").eq(11)))).isTrue();
    }

    @Test
    void eightThreadsOfLambdaStatementsEachGetTheirOwnRows() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int me = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        int id = 1 + (me * 7 + round) % 60;
                        assertThat(run(nameById(id))).containsExactly("user" + id);
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCapturedListKeepsTheValuesItHadWhenTheStatementWasMade() {
        // The values are taken when the statement is made, not when it runs: changing the list
        // afterwards changes nothing, on a cache miss or a hit.
        for (int round = 0; round < 2; round++) {
            List<Integer> ids = new ArrayList<>(List.of(4, 5));
            StatementLambdaElement s = idsIn(ids);
            ids.clear();
            ids.add(6);
            assertThat(run(s)).containsExactly(4, 5);
        }
        List<Integer> immutable = List.of(7, 8, 9);
        assertThat(run(idsIn(immutable))).containsExactly(7, 8, 9);
    }

    private static StatementLambdaElement idsIn(List<Integer> ids) {
        return lambdaStmt(() -> select(USERS.c("id")).where(USERS.c("id").in(ids)).orderBy(USERS.c("id")));
    }

    @Test
    void aCachedCompiledFormBindsEachCallsValuesWithoutItsParametersBeingMade() {
        // The first call compiles (and makes its parameters); later calls are bound from their
        // captured values alone, and their parameters, when asked for, hold the same values.
        for (int id = 20; id < 25; id++) {
            StatementLambdaElement s = nameById(id);
            assertThat(engine.boundSql(s, Map.of()).values()).containsExactly(id);
            assertThat(s.cacheKey().bindParams()).extracting(BindParameter::value).containsExactly(id);
            assertThat(run(s)).containsExactly("user" + id);
        }
    }

    @Test
    void paramsReplaceALambdaStatementsConstantParameterOnACacheHit() {
        // A named parameter written in the lambda is a constant of its record; params() replaces it.
        for (int id : List.of(30, 31, 32)) {
            StatementLambdaElement s = lambdaStmt(() -> select(USERS.c("name")).where(USERS.c("id").eq(SQL.bindparam("uid", 1))));
            StatementLambdaElement bound = (StatementLambdaElement) s.params(Map.of("uid", id));
            assertThat(run(bound)).containsExactly("user" + id);
            assertThat(run(s)).containsExactly("user1");
        }
    }

    @Test
    void aLambdaStatementsParametersAreTheObjectsItsKeyLists() {
        // A compiled form finds a statement's values in its key by the parameters' identity, so
        // the statement the lambdas build must carry the very parameters the key lists.
        StatementLambdaElement s = nameById(40);
        List<BindParameter<?>> inStatement = new ArrayList<>();
        s.statement().replace(n -> {
            if (n instanceof BindParameter<?> b) {
                inStatement.add(b);
            }
            return null;
        });
        assertThat(inStatement).hasSize(1);
        assertThat(inStatement.get(0)).isSameAs(s.cacheKey().bindParams().get(0));
    }
}
