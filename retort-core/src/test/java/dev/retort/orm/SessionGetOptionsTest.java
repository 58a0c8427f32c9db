package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.UsersWithAddresses.User;
import dev.retort.sql.ForUpdate;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.Map;

/**
 * {@link Session#get(Class, Object, GetOptions)}: the seeds' {@code session.get(User, 5, options=[...],
 * populate_existing=True, with_for_update=True)}. SQL from SQLAlchemy 2.1.1 (tools/expect/orm_misc.py).
 */
class SessionGetOptionsTest {
    private static QueryableAttribute<?> addresses() {
        return ORM.attr(User.class, "addresses");
    }

    @EachDatabase
    void selectinLoadLoadsTheCollectionWithTheGet(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            User u = s.get(User.class, 5, ORM.selectinLoad(addresses()));
            assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users WHERE users.id = ?",
                    "SELECT addresses.user_id, addresses.id, addresses.email FROM addresses WHERE addresses.user_id IN (?) ORDER BY addresses.id");
            assertThat(u.addresses).extracting(a -> a.email).containsExactly("j1", "j2");
            assertThat(s.get(User.class, 5, ORM.selectinLoad(addresses()))).as("in the identity map: no SQL").isSameAs(u);
            assertThat(t.take("")).isEmpty();
        }
    }

    @EachDatabase
    void joinedLoadJoinsTheCollection(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            User u = s.get(User.class, 6, GetOptions.of(ORM.joinedLoad(addresses())));
            assertThat(t.take("")).containsExactly("SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email FROM users "
                    + "LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id WHERE users.id = ? ORDER BY addresses_1.id");
            assertThat(u.addresses).extracting(a -> a.email).containsExactly("e1");
        }
    }

    @EachDatabase
    void aMissingRowIsNullAndItsOptionsRunNothing(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            assertThat(s.get(User.class, 99, ORM.selectinLoad(addresses()))).isNull();
            assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users WHERE users.id = ?");
        }
    }

    @EachDatabase
    void populateExistingLoadsTheRowOverTheSessionsInstance(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            User u = s.get(User.class, 5);
            s.query(User.class).filter(ORM.attr(User.class, "id").eq(5)).update(Map.of("name", "db"), Query.Synchronize.NONE);
            assertThat(s.get(User.class, 5).name).as("no populate_existing: as it was").isEqualTo("jack");
            t.take("");
            assertThat(s.get(User.class, 5, GetOptions.of().populateExisting())).isSameAs(u);
            assertThat(u.name).isEqualTo("db");
            assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users WHERE users.id = ?");
        }
    }

    @EachDatabase
    void withForUpdateSelectsTheRowAgainWithTheLock(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            Session s = t.open();
            User u = s.get(User.class, 5);
            assertThat(s.get(User.class, 5, GetOptions.of().withForUpdate(ForUpdate.update()))).isSameAs(u);
            String select = "SELECT users.id, users.name FROM users WHERE users.id = ?";
            assertThat(t.take("")).containsExactly(select, db == Databases.Database.SQLITE ? select : select + " FOR UPDATE");
        }
    }
}
