package dev.retort.orm;

import static dev.retort.orm.NaturalKeyUsers.SELECT_USER;
import static dev.retort.orm.NaturalKeyUsers.UPDATE_ADDRESSES;
import static dev.retort.orm.NaturalKeyUsers.UPDATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;

/**
 * {@link Relationship#passiveUpdates passiveUpdates(false)}: a parent's natural key changes and the flush UPDATEs the
 * referring rows itself, loading the collection first when it is not loaded (SQLAlchemy's {@code passive_updates=False},
 * test_naturalpks.py NaturalPKTest._test_onetomany). SQL from SQLAlchemy 2.1.1 (tools/expect/orm_misc.py).
 */
class PassiveUpdatesTest {
    /** A user with a natural key. */
    public static class NUser {
        String username;
        String fullname;
        List<NAddress> addresses;
    }

    /** An address referring to its user's natural key. */
    public static class NAddress {
        String email;
        String username;
    }

    private static final String SELECT_ADDRESSES = "SELECT addresses.email, addresses.username FROM addresses WHERE ? = addresses.username ORDER BY addresses.email";

    private static OrmTestDatabase model(Databases.Database db, boolean passive) {
        OrmTestDatabase t = new OrmTestDatabase();
        Table users = NaturalKeyUsers.users(t);
        Table addresses = NaturalKeyUsers.addresses(t);
        t.registry.mapImperatively(NUser.class, users,
                Map.of("addresses", ORM.relationship(NAddress.class).orderBy(addresses.c("email")).passiveUpdates(passive)));
        t.registry.mapImperatively(NAddress.class, addresses);
        NaturalKeyUsers.startWithJack(t, db, users, NaturalKeyUsers.jacksAddresses(addresses));
        return t;
    }

    private static List<String> usernamesInDatabase(OrmTestDatabase t) {
        try (Session s = SessionFactory.of(t.engine()).open()) {
            return s.query(NAddress.class).orderBy(ORM.attr(NAddress.class, "email")).all().stream().map(a -> a.username).toList();
        }
    }

    @EachDatabase
    void loadedMembersAreUpdatedWithTheNewKey(Databases.Database db) {
        try (OrmTestDatabase t = model(db, false)) {
            Session s = NaturalKeyUsers.open(t);
            NUser u = s.get(NUser.class, "jack");
            assertThat(u.addresses).hasSize(2);
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ADDRESSES, UPDATE_USER, UPDATE_ADDRESSES);
            assertThat(u.addresses).extracting(a -> a.username).containsExactly("ed", "ed");
            s.commit();
            assertThat(usernamesInDatabase(t)).containsExactly("ed", "ed");
        }
    }

    @EachDatabase
    void anUnloadedCollectionIsLoadedByTheOldKeyFirst(Databases.Database db) {
        try (OrmTestDatabase t = model(db, false)) {
            Session s = NaturalKeyUsers.open(t);
            NUser u = s.get(NUser.class, "jack");
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ADDRESSES, UPDATE_USER, UPDATE_ADDRESSES);
            s.commit();
            assertThat(usernamesInDatabase(t)).containsExactly("ed", "ed");
        }
    }

    @EachDatabase
    void passiveSetsTheLoadedMembersKeysInMemoryWithoutAnUpdate(Databases.Database db) {
        try (OrmTestDatabase t = model(db, true)) {
            Session s = NaturalKeyUsers.open(t);
            NUser u = s.get(NUser.class, "jack");
            assertThat(u.addresses).hasSize(2);
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ADDRESSES, UPDATE_USER);
            assertThat(u.addresses).extracting(a -> a.username).as("synchronized in memory").containsExactly("ed", "ed");
            s.flush();
            assertThat(t.take("")).as("the members are not dirty").isEmpty();
            s.commit();
            assertThat(usernamesInDatabase(t)).as("ON UPDATE CASCADE").containsExactly("ed", "ed");
        }
    }

    @EachDatabase
    void passiveLeavesTheReferringRowsToTheDatabase(Databases.Database db) {
        try (OrmTestDatabase t = model(db, true)) {
            Session s = NaturalKeyUsers.open(t);
            NUser u = s.get(NUser.class, "jack");
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, UPDATE_USER);
            s.commit();
            assertThat(usernamesInDatabase(t)).as("ON UPDATE CASCADE").containsExactly("ed", "ed");
        }
    }
}
