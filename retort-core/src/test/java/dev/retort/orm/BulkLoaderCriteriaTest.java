package dev.retort.orm;

import static dev.retort.orm.TenantAccounts.attr;
import static dev.retort.orm.TenantAccounts.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.Query.Synchronize;
import dev.retort.orm.TenantAccounts.Account;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bulk {@link Query#update} or {@link Query#delete} under loader criteria (the query's, its
 * session's) touches no row outside them, as SQLAlchemy 2.1.1 runs
 * {@code update(Account).where(...).options(with_loader_criteria(...))}: the criteria follow the
 * query's own in the WHERE clause. Before, the statement ignored them and changed another tenant's rows.
 */
class BulkLoaderCriteriaTest {
    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table accounts = TenantAccounts.table(orm);

    private Session seeded(Databases.Database db) {
        orm.registry.mapImperatively(Account.class, accounts);
        orm.start(db);
        Session w = orm.open();
        w.addAll(List.of(new Account(1, "ann"), new Account(1, "bob"), new Account(2, "amy"), new Account(2, "al")));
        w.commit();
        orm.sql.clear();
        return orm.open();
    }

    /** The names of the accounts of {@code tenant}, read by a session without criteria. */
    private List<Object> names(int tenant) {
        return orm.open().query(attr("name")).filter(attr("tenant").eq(tenant)).orderBy(attr("name")).all().stream().map(r -> r.get(0)).toList();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anUpdateOfTheQuerysCriteriaChangesNoOtherRow(Databases.Database db) {
        Session s = seeded(db);
        int n = s.query(Account.class).filter(attr("name").like("a%")).options(tenant(1)).update(Map.of("name", "x"), Synchronize.NONE);
        assertThat(n).isEqualTo(1);
        if (db == Databases.Database.SQLITE) {
            assertThat(orm.sql).containsExactly("UPDATE accounts SET name=? WHERE accounts.name LIKE ? AND accounts.tenant = ?");
        }
        s.commit();
        assertThat(names(1)).containsExactly("bob", "x");
        assertThat(names(2)).containsExactly("al", "amy");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aDeleteUnderTheSessionsCriteriaDeletesNoOtherRow(Databases.Database db) {
        Session s = seeded(db);
        s.addLoaderCriteria(tenant(1));
        List<Account> mine = s.query(Account.class).all();
        orm.sql.clear();
        int n = s.query(Account.class).delete(Synchronize.NONE);
        assertThat(n).isEqualTo(2);
        if (db == Databases.Database.SQLITE) {
            assertThat(orm.sql).containsExactly("DELETE FROM accounts WHERE accounts.tenant = ?");
        }
        s.commit();
        assertThat(mine).hasSize(2);
        assertThat(names(1)).isEmpty();
        assertThat(names(2)).containsExactly("al", "amy");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theSessionsInstancesFollowOnlyTheRowsChanged(Databases.Database db) {
        Session s = seeded(db);
        List<Account> all = s.query(Account.class).orderBy(attr("id")).all();
        s.addLoaderCriteria(tenant(1));
        // evaluated in memory: the criteria decide which instances take the value, as they decide the rows
        s.query(Account.class).filter(attr("id").gt(0)).update(Map.of("name", SQL.literal("z")));
        assertThat(all).extracting(a -> a.name).containsExactly("z", "z", "amy", "al");
        s.commit();
        assertThat(names(1)).containsExactly("z", "z");
        assertThat(names(2)).containsExactly("al", "amy");
    }
}
