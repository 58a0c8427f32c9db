package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A key codes absent, empty and boolean attributes in its nodes' heads (see {@link CacheKey}):
 * an attribute set explicitly to a default form keys as its absence does exactly when a key
 * written attribute by attribute would, and then the SQL is the same on every dialect; moving
 * any single attribute away from its default changes the key; and the heads shrink keys.
 */
class CacheKeyDefaultsTest {
    static final TableClause USERS = table("users", column("id", Types.INTEGER), column("name", Types.string(30)), column("age", Types.INTEGER));
    static final TableClause ORDERS = table("orders", column("id", Types.INTEGER), column("user_id", Types.INTEGER), column("total", Types.DOUBLE));

    /** Statements that set attributes the generator leaves alone: outer and full joins, FOR UPDATE, DISTINCT, LIMIT/OFFSET, windows. */
    static List<ClauseElement> handPicked() {
        ColumnElement<Boolean> on = USERS.c("id").eq(ORDERS.c("user_id"));
        return List.of(
                select(USERS.c("id"), ORDERS.c("total")).selectFrom(USERS.join(ORDERS, on)).where(USERS.c("age").ge(30)).orderBy(desc(ORDERS.c("total"))).limit(10),
                select(USERS.c("id")).selectFrom(USERS.outerJoin(ORDERS, on)).distinct().offset(5),
                select(USERS.c("id")).selectFrom(USERS.fullOuterJoin(ORDERS, on)).withForUpdate(),
                select(USERS.c("name"), func("count", USERS.c("id"))).groupBy(USERS.c("name")).having(func("count", USERS.c("id")).gt(1)),
                select(func("max", USERS.c("age")).over().partitionBy(USERS.c("name")).orderBy(USERS.c("id")).rows(-2, 1)),
                select(USERS.c("id")).where(USERS.c("name").like("a%", "\\"), USERS.c("id").in(List.of(1, 2))),
                select(USERS.c("id")).where(USERS.c("id").in(select(ORDERS.c("user_id")).where(ORDERS.c("total").gt(5.0)))));
    }

    @Test
    void explicitDefaultsAndMutationsKeyAsAnAttributeByAttributeKeyDoes() {
        StatementGenerator gen = new StatementGenerator();
        SplittableRandom r = new SplittableRandom(20261206L);
        List<ClauseElement> corpus = new ArrayList<>(handPicked());
        while (corpus.size() < 120) {
            ClauseElement s = gen.build(StatementGenerator.genes(r), new SplittableRandom(r.nextLong()));
            if (s != null && s.cacheKey() != null) {
                corpus.add(s);
            }
        }
        KeyDefaultsCheck check = new KeyDefaultsCheck();
        corpus.forEach(check::collectDonors);
        corpus.forEach(check::check);
        System.out.printf("CacheKeyDefaultsTest: %d statements, %d explicit defaults, %d attributes moved from a default (%d with the same SQL and another key)%n",
                corpus.size(), check.explicitDefaults, check.changes, check.sameSqlOtherKey);
        assertThat(check.problems).isEmpty();
        assertThat(check.explicitDefaults).as("explicit defaults were exercised").isGreaterThan(500);
        assertThat(check.changes).as("moves from a default were exercised").isGreaterThan(2000);
    }

    @Test
    void anEmptyClauseIsItsAbsence() {
        Select plain = select(USERS).where(USERS.c("id").eq(1));
        for (Select explicit : List.of(plain.where(), plain.orderBy(), plain.groupBy(), plain.having())) {
            if (explicit.toString().equals(plain.toString())) {
                assertThat(explicit.cacheKey()).as("%s", explicit).isEqualTo(plain.cacheKey());
            } else {
                assertThat(explicit.cacheKey()).as("%s", explicit).isNotEqualTo(plain.cacheKey());
            }
        }
    }

    @Test
    void headsHalveTheMidSizeSelect() {
        Select mid = (Select) handPicked().get(0);
        List<Object> key = mid.cacheKey().key();
        assertThat(KeyDefaultsCheck.referenceKey(mid)).hasSize(91);
        assertThat(key).hasSize(51);
        assertThat(key.get(0)).hasToString("select{groupBy=[], having=[], offset=null, distinct=false, forUpdate=null, distinctOn=[], fetch=null, "
                + "correlate=[], autoCorrelate=null, correlateExcept=[], correlatesExcept=null, addedCtes=[], addedCtesNestHere=null, labelStyle=null, "
                + "prefixes=[], suffixes=[], hints=[], origin=null}");
    }
}
