package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Relationship.uselist(false) mapped imperatively: a one-to-many whose field holds its one target. */
class UselistFalseTest {
    public static class User {
        Integer id;
        String name;
        Profile profile;

        public User() {
        }
    }

    public static class Profile {
        Integer id;
        Integer userId;
        String bio;
        User user;

        public Profile() {
        }

        Profile(String bio) {
            this.bio = bio;
        }
    }

    public static class ListUser {
        Integer id;
        List<Profile> profile;

        public ListUser() {
        }
    }

    private static Table[] tables(OrmTestDatabase t) {
        Table users = new Table("users" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        Table profiles = new Table("profiles" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + t.suffix + ".id"), Column.of("bio", Types.string(50)));
        return new Table[] {users, profiles};
    }

    @Test
    void theFieldMustHoldOneTarget() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table[] ts = tables(t);
            t.registry.mapImperatively(ListUser.class, ts[0], Map.of("profile", ORM.relationship(Profile.class).uselist(false)));
            t.registry.mapImperatively(Profile.class, ts[1]);
            assertThatThrownBy(() -> ORM.attr(ListUser.class, "profile")).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("one-to-many with uselist(false), needs a " + Profile.class.getName());
        }
    }

    @EachDatabase
    void assignReplaceAndClear(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table[] ts = tables(t);
            t.registry.mapImperatively(User.class, ts[0], Map.of("profile", ORM.relationship(Profile.class).uselist(false).backref("user")));
            t.registry.mapImperatively(Profile.class, ts[1]);
            t.start(db);
            try (Session s = t.open()) {
                User u = new User();
                u.id = 1;
                u.name = "ann";
                Profile p = new Profile("first");
                p.id = 10;
                u.profile = p;
                s.add(u);
                s.commit();
                assertThat(p.user).isSameAs(u);
                assertThat(p.userId).isEqualTo(1);
                Profile next = new Profile("second");
                next.id = 11;
                u.profile = next;                 // the one before is detached: its key cleared
                s.commit();
                assertThat(p.user).isNull();
                assertThat(s.get(Profile.class, 10).userId).isNull();
            }
            try (Session s = t.open()) {
                User u = s.get(User.class, 1);
                assertThat(u.profile.bio).isEqualTo("second");
                assertThat(u.profile.user).isSameAs(u);
                u.profile = null;
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(User.class, 1).profile).isNull();
                assertThat(s.query(Profile.class).filter(ORM.attr(Profile.class, "user").eq(null)).all()).hasSize(2);
            }
        }
    }
}
