package dev.retort.orm;

import static dev.retort.orm.TenantAccounts.attr;
import static dev.retort.orm.TenantAccounts.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.orm.TenantAccounts.Account;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loader criteria of a query (its options, its session's {@link Session#addLoaderCriteria}) reach an
 * ORM statement nested in it ({@link Query#innerStatement()} / {@link Query#statement()} as a FROM
 * subquery, a CTE, a scalar or IN subquery), as SQLAlchemy 2.1.1 compiles them; a Core select of the
 * table stays as it is. On each database, a count of another tenant's rows would leak without them.
 */
class NestedStatementCriteriaTest {
    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table accounts = TenantAccounts.table(orm);

    private String sql(Query<?> q) {
        return orm.sqlOf(q);
    }

    @Test
    void statementsAsSqlalchemyRendersThem() {
        orm.registry.mapImperatively(Account.class, accounts);
        String inner = "SELECT accounts.id AS id, accounts.tenant AS tenant, accounts.name AS name FROM accounts";
        LoaderCriteria crit = tenant(1);
        assertThat(sql(ORM.select(SQL.func("count")).selectFrom(ORM.select(Account.class).innerStatement().subquery()).options(crit)))
                .isEqualTo("SELECT count(*) AS count_1 FROM (" + inner + " WHERE accounts.tenant = :tenant_1) AS anon_1");
        assertThat(sql(ORM.select(SQL.func("count")).selectFrom(ORM.select(Account.class).statement().subquery()).options(crit)))
                .isEqualTo("SELECT count(*) AS count_1 FROM (" + inner + " WHERE accounts.tenant = :tenant_1) AS anon_1");
        // criteria the nested query has already are not added twice
        assertThat(sql(ORM.select(SQL.func("count")).selectFrom(ORM.select(Account.class).options(crit).innerStatement().subquery()).options(crit)))
                .isEqualTo("SELECT count(*) AS count_1 FROM (" + inner + " WHERE accounts.tenant = :tenant_1) AS anon_1");
        // a Core select of the table is not an ORM statement: SQLAlchemy adds nothing there either
        assertThat(sql(ORM.select(SQL.func("count")).selectFrom(SQL.select(accounts).subquery()).options(crit)))
                .isEqualTo("SELECT count(*) AS count_1 FROM (" + inner + ") AS anon_1");
        assertThat(sql(ORM.select(SQL.func("count")).selectFrom(ORM.select(Account.class).innerStatement().cte()).options(crit)))
                .isEqualTo("WITH anon_1 AS (" + inner + " WHERE accounts.tenant = :tenant_1) SELECT count(*) AS count_1 FROM anon_1");
        Select likeA = ORM.select(attr("id")).filter(attr("name").like("a%")).innerStatement();
        assertThat(sql(ORM.select(attr("name")).filter(attr("id").in(likeA)).options(crit)))
                .isEqualTo("SELECT accounts.name FROM accounts WHERE accounts.id IN (SELECT accounts.id FROM accounts WHERE accounts.name LIKE :name_1 "
                        + "AND accounts.tenant = :tenant_1) AND accounts.tenant = :tenant_1");
        assertThat(sql(ORM.select(ORM.select(SQL.func("count", attr("id"))).innerStatement().scalarSubquery()).options(crit)))
                .isEqualTo("SELECT (SELECT count(accounts.id) AS count_1 FROM accounts WHERE accounts.tenant = :tenant_1) AS anon_1");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aNestedStatementCountsOnlyTheRowsOfTheCriteria(Databases.Database db) {
        orm.registry.mapImperatively(Account.class, accounts);
        orm.start(db);
        Session w = orm.open();
        w.addAll(List.of(new Account(1, "ann"), new Account(1, "bob"), new Account(2, "amy"), new Account(2, "al"), new Account(2, "cy")));
        w.commit();
        Session s = orm.open();
        // a tenant's session: every query it runs reads tenant 1's rows only
        s.addLoaderCriteria(tenant(1));
        assertThat(s.query(Account.class).count()).isEqualTo(2);
        Object fromSubquery = s.query(SQL.func("count")).selectFrom(ORM.select(Account.class).innerStatement().subquery()).scalar();
        assertThat(((Number) fromSubquery).longValue()).isEqualTo(2);
        Object fromCte = s.query(SQL.func("count")).selectFrom(ORM.select(Account.class).statement().cte()).scalar();
        assertThat(((Number) fromCte).longValue()).isEqualTo(2);
        Select likeA = ORM.select(attr("id")).filter(attr("name").like("a%")).innerStatement();
        List<Row> names = s.query(attr("name")).selectFrom(Account.class).filter(attr("id").in(likeA)).all();
        assertThat(names).extracting(r -> r.get(0)).containsExactly("ann");
        Object scalar = s.query(ORM.select(SQL.func("count", attr("id"))).innerStatement().scalarSubquery()).scalar();
        assertThat(((Number) scalar).longValue()).isEqualTo(2);
        // a query of the subquery's rows (not an entity): tenant 2's names stay out
        Select all = ORM.select(Account.class).innerStatement();
        dev.retort.sql.Alias sub = all.subquery();
        List<Row> rows = s.query(sub.c("name")).orderBy(sub.c("name")).all();
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("ann", "bob");
        // a Core statement the session runs: the query's statement in it too, and a query's statement run alone
        Object executed = s.execute(SQL.select(SQL.func("count")).selectFrom(ORM.select(Account.class).innerStatement().subquery())).scalar();
        assertThat(((Number) executed).longValue()).isEqualTo(2);
        assertThat(s.execute(ORM.select(attr("name")).orderBy(attr("name")).statement()).all()).extracting(r -> r.get(0)).containsExactly("ann", "bob");
        // the Core table read directly is not an entity's rows: all five
        Object core = s.query(SQL.func("count")).selectFrom(SQL.select(accounts).subquery()).scalar();
        assertThat(((Number) core).longValue()).isEqualTo(5);
    }
}
