package dev.retort.orm;

import static dev.retort.orm.TenantAccounts.attr;
import static dev.retort.orm.TenantAccounts.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.TenantAccounts.Account;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of an ORM statement nested in a query with loader criteria (a FROM subquery, a CTE,
 * an IN or scalar subquery, nested again inside): what it was made from is part of the tree, so a
 * dumped and loaded query renders the same SQL with the same parameters, equal cache keys mean equal
 * SQL, and a database returns the same rows, none outside the criteria. Before, a statement's query
 * was remembered by object identity: a loaded copy lost the criteria inside it (another tenant's rows).
 */
class NestedCriteriaSurviveCopiesTest {
    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table accounts = TenantAccounts.table(orm);

    NestedCriteriaSurviveCopiesTest() {
        orm.registry.mapImperatively(Account.class, accounts);
    }

    /** A query of accounts (or of their ids) under a random filter, over a nested statement itself at {@code depth} > 0. */
    private static Query<?> inner(SplittableRandom r, boolean ids, int depth) {
        Query<?> q = ids ? ORM.select(attr("id")) : ORM.select(Account.class);
        switch (r.nextInt(3)) {
            case 0 -> q = q.filter(attr("name").like((char) ('a' + r.nextInt(3)) + "%"));
            case 1 -> q = q.filter(attr("id").gt(r.nextInt(4)));
            default -> {
            }
        }
        if (depth > 0) {
            q = q.filter(attr("id").in(inner(r, true, depth - 1).innerStatement()));
        }
        return q;
    }

    /** A query with loader criteria over an ORM statement nested in one of the four places SQLAlchemy applies them. */
    private static Query<?> generated(SplittableRandom r) {
        Query<?> nested = inner(r, r.nextBoolean(), r.nextInt(2));
        Query<?> q = switch (r.nextInt(4)) {
            case 0 -> ORM.select(SQL.func("count")).selectFrom(nested.innerStatement().subquery());
            case 1 -> ORM.select(SQL.func("count")).selectFrom(nested.statement().cte());
            case 2 -> ORM.select(attr("name")).filter(attr("id").in(inner(r, true, r.nextInt(2)).innerStatement())).orderBy(attr("name"));
            default -> ORM.select(ORM.select(SQL.func("count", attr("id"))).filter(attr("id").gt(r.nextInt(3))).innerStatement().scalarSubquery());
        };
        return q.options(tenant(1 + r.nextInt(2)));
    }

    /**
     * {@link #generated}'s shapes, the nested statement filtered by a parameter named "n": given {@code name} when the
     * nested query is built ({@code via} 0), or a placeholder replaced by {@code name} with {@code params()} (1) or
     * {@code uniqueParams()} (2) on the nested statement.
     */
    private static Query<?> withNamedParameter(long seed, String name, int via) {
        SplittableRandom r = new SplittableRandom(seed);
        int place = r.nextInt(4);
        Query<?> nested = place == 3 ? ORM.select(SQL.func("count", attr("id"))) : place == 2 || r.nextBoolean() ? ORM.select(attr("id"))
                : ORM.select(Account.class);
        nested = nested.filter(attr("name").ne(SQL.bindparam("n", via == 0 ? name : "placeholder")));
        if (r.nextBoolean()) {
            nested = nested.filter(attr("id").gt(r.nextInt(4)));
        }
        Select s = place == 1 ? nested.statement() : nested.innerStatement();
        s = via == 1 ? s.params(java.util.Map.of("n", name)) : via == 2 ? s.uniqueParams(java.util.Map.of("n", name)) : s;
        Query<?> q = switch (place) {
            case 0 -> ORM.select(SQL.func("count")).selectFrom(s.subquery());
            case 1 -> ORM.select(SQL.func("count")).selectFrom(s.cte());
            case 2 -> ORM.select(attr("name")).filter(attr("id").in(s)).orderBy(attr("name"));
            default -> ORM.select(s.scalarSubquery());
        };
        return q.options(tenant(1 + r.nextInt(2)));
    }

    /**
     * {@code params()} and {@code uniqueParams()} on a query's statement nested in another with loader criteria change
     * its values, not what made it: the enclosing query's criteria still reach inside, and it reads what the statement
     * built with those values reads. Before, the changed copy no longer matched its query, so the criteria were left
     * out of it (another tenant's rows counted).
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void paramsOnANestedStatementKeepTheCriteriaInsideIt(Databases.Database db) {
        Session s = filled(db, new Account(1, "ann"), new Account(1, "bob"), new Account(2, "amy"), new Account(2, "al"), new Account(2, "bob"),
                new Account(1, "abe"));
        for (long seed = 1; seed <= 24; seed++) {
            String name = List.of("ann", "bob", "al", "nobody").get((int) (seed % 4));
            Query<?> given = withNamedParameter(seed, name, 0);
            List<Object> rows = values(given.withSession(s).all());
            for (int via = 1; via <= 2; via++) {
                Query<?> replaced = withNamedParameter(seed, name, via);
                assertThat(values(replaced.withSession(s).all())).as("seed %d via %d: %s", seed, via, sql(replaced.statement().compile())).isEqualTo(rows);
                if (via == 1) {
                    assertThat(sql(replaced.statement().compile())).isEqualTo(sql(given.statement().compile()));
                    assertThat(replaced.statement().compile().params()).isEqualTo(given.statement().compile().params());
                }
            }
        }
    }

    /** A count of the accounts named {@code name} read through a query's statement, built by a lambda or directly. */
    private static Select countNamed(Table accounts, String name, int place) {
        Query<?> named = ORM.select(Account.class).filter(attr("name").eq(name));
        return switch (place) {
            case 0 -> SQL.select(SQL.func("count")).selectFrom(named.innerStatement().subquery());
            case 1 -> SQL.select(SQL.func("count")).selectFrom(named.statement().cte());
            default -> SQL.select(SQL.func("count", accounts.c("id"))).where(accounts.c("id").in(ORM.select(attr("id")).filter(attr("name").eq(name))
                    .innerStatement()));
        };
    }

    /** {@link #countNamed} by a lambda, which captures this test's table: each test maps Account to a table of its own. */
    private dev.retort.sql.StatementLambdaElement lambdaCount(String name, int place) {
        Table t = accounts;
        return SQL.lambdaStmt(() -> countNamed(t, name, place));
    }

    /**
     * A lambda statement run by a session with loader criteria reads what its spoiled form and the statement its
     * lambda builds read: the criteria reach the query statements inside it, with each call's values. Before, a
     * session passed a lambda statement on untouched (every tenant's rows), and its statement kept the first call's
     * values in what made the query statements inside it.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aLambdaStatementRunByASessionWithCriteriaReadsWhatItsStatementReads(Databases.Database db) {
        filled(db, new Account(1, "ann"), new Account(1, "bob"), new Account(2, "ann"), new Account(2, "bob"), new Account(2, "bob"),
                new Account(1, "bob"));
        SplittableRandom r = new SplittableRandom(5);
        for (int tenant = 1; tenant <= 2; tenant++) {
            Session s = orm.open();
            s.addLoaderCriteria(tenant(tenant));
            for (int call = 0; call < 24; call++) {
                String name = List.of("ann", "bob", "cy").get(r.nextInt(3));
                int place = r.nextInt(3);
                long direct = ((Number) s.execute(countNamed(accounts, name, place)).scalar()).longValue();
                assertThat(direct).as("tenant %d %s", tenant, name).isEqualTo(name.equals("ann") ? 1 : name.equals("bob") ? 2 : 0);
                dev.retort.sql.StatementLambdaElement lambda = lambdaCount(name, place);
                assertThat(((Number) s.execute(lambda).scalar()).longValue()).as("tenant %d %s at %d", tenant, name, place).isEqualTo(direct);
                assertThat(((Number) s.execute(lambda.spoil()).scalar()).longValue()).as("spoiled").isEqualTo(direct);
            }
        }
    }

    private static List<Query<?>> generated(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Query<?>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(generated(r));
        }
        return out;
    }

    private ClauseElement roundTrip(ClauseElement e, Protocol p) {
        return (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(e, p), orm.metadata);
    }

    private String sql(Compiled c) {
        return c.string().replace(orm.suffix, "");
    }

    @Test
    void aLoadedQueryRendersTheSameSqlAndParameters() {
        for (long seed = 1; seed <= 5; seed++) {
            for (Query<?> q : generated(seed, 12)) {
                Compiled original = q.statement().compile();
                assertThat(sql(original)).contains("accounts.tenant = ");
                for (Protocol p : Protocol.values()) {
                    Compiled back = ((Query<?>) roundTrip(q, p)).statement().compile();
                    assertThat(sql(back)).as(p + " " + sql(original)).isEqualTo(sql(original));
                    assertThat(back.params()).as(p.name()).isEqualTo(original.params());
                }
            }
        }
    }

    @Test
    void equalCacheKeysMeanEqualSql() {
        List<Query<?>> pool = new ArrayList<>();
        for (Query<?> q : generated(7, 16)) {
            pool.add(q);
            pool.add((Query<?>) roundTrip(q, Protocol.BINARY));
            pool.add((Query<?>) roundTrip(q, Protocol.JSON));
        }
        for (Query<?> a : pool) {
            for (Query<?> b : pool) {
                if (a.cacheKey().equals(b.cacheKey())) {
                    assertThat(sql(b.statement().compile())).isEqualTo(sql(a.statement().compile()));
                }
            }
        }
        // the same SQL inside, made from a query or not: the query's criteria reach only the first, so the keys differ
        Select made = ORM.select(attr("id")).filter(attr("id").gt(1)).innerStatement();
        Select core = made.where();
        assertThat(sql(core.compile())).isEqualTo(sql(made.compile()));
        Query<?> overMade = ORM.select(attr("name")).filter(attr("id").in(made)).options(tenant(1));
        Query<?> overCore = ORM.select(attr("name")).filter(attr("id").in(core)).options(tenant(1));
        assertThat(sql(overMade.statement().compile())).isNotEqualTo(sql(overCore.statement().compile()));
        assertThat(overMade.cacheKey()).isNotEqualTo(overCore.cacheKey());
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aLoadedQueryReadsTheSameRows(Databases.Database db) {
        Session s = filled(db, new Account(1, "ann"), new Account(1, "bob"), new Account(2, "amy"), new Account(2, "al"), new Account(2, "cy"),
                new Account(1, "abe"));
        for (Query<?> q : generated(11, 16)) {
            List<Object> rows = values(q.withSession(s).all());
            for (Protocol p : Protocol.values()) {
                assertThat(values(((Query<?>) roundTrip(q, p)).withSession(s).all())).as(p + " " + q.statement()).isEqualTo(rows);
            }
        }
        // a Core statement the session runs under its criteria: the loaded copy of a query's statement in it reads tenant 1's rows only
        s.addLoaderCriteria(tenant(1));
        Select count = SQL.select(SQL.func("count")).selectFrom(ORM.select(Account.class).filter(attr("name").like("a%")).innerStatement().subquery());
        assertThat(((Number) s.execute(count).scalar()).longValue()).isEqualTo(2);
        for (Protocol p : Protocol.values()) {
            assertThat(((Number) s.execute(roundTrip(count, p)).scalar()).longValue()).as(p.name()).isEqualTo(2);
        }
    }

    /** Starts the tables on {@code db} holding {@code accounts}; a new session. */
    private Session filled(Databases.Database db, Account... accounts) {
        orm.start(db);
        Session w = orm.open();
        w.addAll(List.of(accounts));
        w.commit();
        return orm.open();
    }

    private static List<Object> values(List<?> rows) {
        List<Object> out = new ArrayList<>();
        for (Object o : rows) {
            out.add(o instanceof Row r ? r.get(0) : o);
        }
        return out;
    }
}
