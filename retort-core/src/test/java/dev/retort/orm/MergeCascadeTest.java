package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.UsersWithAddresses.Address;
import dev.retort.orm.UsersWithAddresses.User;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;

/**
 * {@link Session#merge} follows a relationship only under the {@code merge} cascade (the default
 * and {@code all} have it), as SQLAlchemy's {@code RelationshipProperty.merge()}: a detached user
 * renamed with its addresses emptied, merged into a new session. SQL from SQLAlchemy 2.1.1
 * (tools/expect/orm_misc.py, "merge, default cascade" and "merge, cascade=save-update").
 */
class MergeCascadeTest {
    private static User detachedRenamedWithoutAddresses(OrmTestDatabase t) {
        Session s = t.open();
        User u = s.get(User.class, 5);
        assertThat(u.addresses).hasSize(2);
        s.close();
        u.name = "ed";
        u.addresses = new ArrayList<>();
        t.take("");
        return u;
    }

    @EachDatabase
    void theDefaultCascadeMergesTheCollection(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db)) {
            User u = detachedRenamedWithoutAddresses(t);
            Session s = t.open();
            User m = s.merge(u);
            assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users WHERE users.id = ?",
                    "SELECT addresses.id, addresses.user_id, addresses.email FROM addresses WHERE ? = addresses.user_id ORDER BY addresses.id");
            s.flush();
            // SQLAlchemy: UPDATE addresses SET user_id=? WHERE addresses.id = ? executemany; SQLite and PostgreSQL batch it as one UPDATE ... FROM (VALUES ...)
            assertThat(t.take("")).hasSize(2).first().isEqualTo("UPDATE users SET name=? WHERE users.id = ?");
            assertThat(m.name).isEqualTo("ed");
            assertThat(m.addresses).isEmpty();
            s.commit();
            assertThat(t.open().get(User.class, 5).addresses).isEmpty();
        }
    }

    @EachDatabase
    void allHasTheMergeCascade(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db, "all")) {
            Session s = t.open();
            User m = s.merge(detachedRenamedWithoutAddresses(t));
            s.flush();
            assertThat(m.addresses).isEmpty();
        }
    }

    @EachDatabase
    void aCascadeWithoutMergeLeavesTheCollectionAlone(Databases.Database db) {
        try (OrmTestDatabase t = UsersWithAddresses.open(db, "save-update")) {
            User u = detachedRenamedWithoutAddresses(t);
            Session s = t.open();
            User m = s.merge(u);
            assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users WHERE users.id = ?");
            s.flush();
            assertThat(t.take("")).containsExactly("UPDATE users SET name=? WHERE users.id = ?");
            assertThat(m.name).isEqualTo("ed");
            assertThat(m.addresses).extracting(a -> a.email).containsExactly("j1", "j2");
            assertThat(t.take("")).containsExactly(
                    "SELECT addresses.id, addresses.user_id, addresses.email FROM addresses WHERE ? = addresses.user_id ORDER BY addresses.id");
        }
    }
}
