package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.Query.Synchronize;
import dev.retort.orm.UsersWithAddresses.Address;
import dev.retort.orm.UsersWithAddresses.User;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link Synchronize#EXPIRE} (SQLAlchemy's {@code synchronize_session="fetch"}) learns the matched keys from the
 * statement's RETURNING where the dialect has it (PostgreSQL, SQLite; MariaDB's DELETE), else from a SELECT first
 * (MariaDB's UPDATE). SQL from SQLAlchemy 2.1.1 (tools/expect/orm_misc.py).
 */
class BulkFetchReturningTest {
    private static QueryableAttribute<Object> attr(Class<?> c, String key) {
        return ORM.attr(c, key);
    }

    @EachDatabase
    void anUpdateReturnsTheMatchedKeysWhereItCan(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            List<User> users = s.query(User.class).orderBy(attr(User.class, "id")).all();
            t.take("");
            s.query(User.class).filter(attr(User.class, "id").gt(5)).update(Map.of("name", SQL.func("upper", attr(User.class, "name"))), Synchronize.EXPIRE);
            assertThat(t.take("")).containsExactlyElementsOf(switch (db) {
                case SQLITE -> List.of("UPDATE users SET name=upper(users.name) WHERE users.id > ? RETURNING id");
                case POSTGRESQL -> List.of("UPDATE users SET name=upper(users.name) WHERE users.id > ? RETURNING users.id");
                case MARIADB -> List.of("SELECT users.id FROM users WHERE users.id > ?", "UPDATE users SET name=upper(users.name) WHERE users.id > ?");
            });
            assertThat(users).extracting(u -> s.get(User.class, u.id).name).as("ed expired: loaded again").containsExactly("jack", "ED");
        }
    }

    @EachDatabase
    void anUpdateOfPlainValuesCountsTheReturnedRows(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            List<User> users = s.query(User.class).orderBy(attr(User.class, "id")).all();
            t.take("");
            int n = s.query(User.class).filter(attr(User.class, "name").in(List.of("jack", "ed"))).update(Map.of("name", "x"), Synchronize.EXPIRE);
            assertThat(n).isEqualTo(2);
            assertThat(t.take("")).containsExactlyElementsOf(switch (db) {
                case SQLITE -> List.of("UPDATE users SET name=? WHERE users.name IN (?, ?) RETURNING id");
                case POSTGRESQL -> List.of("UPDATE users SET name=? WHERE users.name IN (?, ?) RETURNING users.id");
                case MARIADB -> List.of("SELECT users.id FROM users WHERE users.name IN (?, ?)", "UPDATE users SET name=? WHERE users.name IN (?, ?)");
            });
            assertThat(users).extracting(u -> s.get(User.class, u.id).name).containsExactly("x", "x");
        }
    }

    @EachDatabase
    void aDeleteReturnsTheMatchedKeysOnEveryDatabase(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            List<Address> addresses = s.query(Address.class).orderBy(attr(Address.class, "id")).all();
            t.take("");
            int n = s.query(Address.class).filter(attr(Address.class, "email").like("j%")).delete(Synchronize.EXPIRE);
            assertThat(n).isEqualTo(2);
            assertThat(t.take("")).containsExactly(db == Database.SQLITE
                    ? "DELETE FROM addresses WHERE addresses.email LIKE ? RETURNING id"
                    : "DELETE FROM addresses WHERE addresses.email LIKE ? RETURNING addresses.id");
            assertThat(addresses).extracting(s::contains).containsExactly(false, false, true);
        }
    }

    @EachDatabase
    void aMultiTableDeleteSelectsFirstWhereItsDeleteHasNoReturning(Databases.Database db) {
        Assumptions.assumeTrue(db != Database.SQLITE, "SQLite has no multi-table DELETE");
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            List<Address> addresses = s.query(Address.class).orderBy(attr(Address.class, "id")).all();
            t.take("");
            int n = s.query(Address.class).filter(attr(Address.class, "user_id").eq(attr(User.class, "id")), attr(User.class, "name").eq("jack"))
                    .delete(Synchronize.EXPIRE);
            assertThat(n).isEqualTo(2);
            List<String> sql = t.take("");
            // SQLAlchemy 2.1.1 refuses this on MariaDB unless told is_delete_using=True, and then SELECTs first;
            // its multi-table DELETE has no RETURNING (delete_returning_multifrom): PostgreSQL's has
            if (db == Database.MARIADB) {
                assertThat(sql).hasSize(2);
                assertThat(sql.get(0)).startsWith("SELECT addresses.id FROM ");
                assertThat(sql.get(1)).startsWith("DELETE ").doesNotContain("RETURNING");
            } else {
                assertThat(sql).hasSize(1);
                assertThat(sql.get(0)).startsWith("DELETE FROM addresses USING users ").endsWith(" RETURNING addresses.id");
            }
            assertThat(addresses).extracting(s::contains).containsExactly(false, false, true);
        }
    }
}
