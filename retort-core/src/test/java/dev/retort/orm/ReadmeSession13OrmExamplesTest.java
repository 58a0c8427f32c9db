package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.TenantAccounts.Account;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;

/**
 * The README's loader-criteria example for bulk statements, run as written (session criteria, the default
 * synchronization); the SQL is SQLAlchemy 2.1.1's for {@code update(Account).where(...).options(with_loader_criteria(...))}.
 */
class ReadmeSession13OrmExamplesTest {
    @EachDatabase
    void aBulkUpdateKeepsToTheSessionsCriteria(Databases.Database db) {
        try (OrmTestDatabase orm = new OrmTestDatabase()) {
            Table accounts = TenantAccounts.table(orm);
            orm.registry.mapImperatively(Account.class, accounts);
            orm.start(db);
            try (Session w = orm.open()) {
                w.addAll(List.of(new Account(1, "ann"), new Account(1, "bob"), new Account(2, "amy")));
                w.commit();
            }
            orm.sql.clear();
            Session session = orm.open();
            session.addLoaderCriteria(ORM.withLoaderCriteria(Account.class, ORM.attr(Account.class, "tenant").eq(1)));
            int n = session.query(Account.class).filter(ORM.attr(Account.class, "name").like("a%")).update(Map.of("name", "x"));
            assertThat(n).isEqualTo(1);
            assertThat(orm.take("UPDATE")).containsExactly("UPDATE accounts SET name=? WHERE accounts.name LIKE ? AND accounts.tenant = ?");
            session.commit();
            try (Session r = orm.open()) {
                assertThat(r.query(ORM.attr(Account.class, "name")).orderBy(ORM.attr(Account.class, "id")).all())
                        .extracting(row -> row.get(0)).containsExactly("x", "bob", "amy");
            }
        }
    }
}
