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
 * {@link Relationship#passiveUpdates} on a many-to-one with no collection back: the referred-to row's natural key
 * changes (SQLAlchemy's DetectKeySwitch, test_naturalpks.py NaturalPKTest._test_manytoone). {@code passiveUpdates(false)}:
 * the referrers in the session are UPDATEd after it; passive: the loaded references take the new key in memory only.
 * SQL from SQLAlchemy 2.1.1 (tools/expect/orm_misc.py, "many-to-one").
 */
class PassiveUpdatesManyToOneTest {
    /** A user with a natural key. */
    public static class MUser {
        String username;
        String fullname;
    }

    /** An address referring to its user's natural key. */
    public static class MAddress {
        String email;
        String username;
        MUser user;
    }

    private static final String SELECT_ADDRESSES = "SELECT addresses.email, addresses.username FROM addresses ORDER BY addresses.email";

    private static OrmTestDatabase model(Databases.Database db, boolean passive) {
        OrmTestDatabase t = new OrmTestDatabase();
        Table users = NaturalKeyUsers.users(t);
        Table addresses = NaturalKeyUsers.addresses(t);
        t.registry.mapImperatively(MUser.class, users);
        t.registry.mapImperatively(MAddress.class, addresses, Map.of("user", ORM.relationship(MUser.class).passiveUpdates(passive)));
        NaturalKeyUsers.startWithJack(t, db, users, NaturalKeyUsers.jacksAddresses(addresses));
        return t;
    }

    private static List<MAddress> addresses(Session s) {
        return s.query(MAddress.class).orderBy(ORM.attr(MAddress.class, "email")).all();
    }

    private static List<String> usernamesInDatabase(OrmTestDatabase t) {
        try (Session s = SessionFactory.of(t.engine()).open()) {
            return addresses(s).stream().map(a -> a.username).toList();
        }
    }

    @EachDatabase
    void theReferrersInTheSessionAreUpdatedWithTheNewKey(Databases.Database db) {
        try (OrmTestDatabase t = model(db, false)) {
            Session s = NaturalKeyUsers.open(t);
            MUser u = s.get(MUser.class, "jack");
            List<MAddress> as = addresses(s);
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ADDRESSES, UPDATE_USER, UPDATE_ADDRESSES);
            assertThat(as).extracting(a -> a.username).containsExactly("ed", "ed");
            s.flush();
            assertThat(t.take("")).isEmpty();
            s.commit();
            assertThat(usernamesInDatabase(t)).containsExactly("ed", "ed");
        }
    }

    @EachDatabase
    void referrersLoadedBeforeTheirTargetAreUpdatedToo(Databases.Database db) {
        try (OrmTestDatabase t = model(db, false)) {
            Session s = NaturalKeyUsers.open(t);
            // references not loaded (raiseLoad): the flush finds the target by the key their foreign keys hold
            List<MAddress> as = s.query(MAddress.class).orderBy(ORM.attr(MAddress.class, "email"))
                    .options(ORM.raiseLoad(ORM.attr(MAddress.class, "user"))).all();
            MUser u = s.get(MUser.class, "jack");
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_ADDRESSES, SELECT_USER, UPDATE_USER, UPDATE_ADDRESSES);
            assertThat(as).extracting(a -> a.username).containsExactly("ed", "ed");
            s.commit();
            assertThat(usernamesInDatabase(t)).containsExactly("ed", "ed");
        }
    }

    @EachDatabase
    void passiveSetsTheLoadedReferencesKeysInMemoryOnly(Databases.Database db) {
        try (OrmTestDatabase t = model(db, true)) {
            Session s = NaturalKeyUsers.open(t);
            MUser u = s.get(MUser.class, "jack");
            List<MAddress> as = addresses(s);
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ADDRESSES, UPDATE_USER);
            assertThat(as.get(0).username).isEqualTo("ed");
            s.flush();
            assertThat(t.take("")).isEmpty();
            s.commit();
            assertThat(usernamesInDatabase(t)).as("ON UPDATE CASCADE").containsExactly("ed", "ed");
        }
    }
}
