package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.SeedModel.Address;
import dev.retort.orm.SeedModel.User;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;

/** How relationships load, counted in statements: lazy (one per collection), joined (none more), select-in (one more). */
class LoadingTest extends SeedDatabaseTest {
    private static int emails(List<User> users) {
        return users.stream().mapToInt(u -> u.addresses.size()).sum();
    }

    private Query<User> allUsers() {
        return session.query(User.class).orderBy(ORM.attr(User.class, "id"));
    }

    @EachDatabase
    void lazyCollectionsLoadOnePerParent(Databases.Database db) {
        setUp(db);
        List<User> users = allUsers().all();
        assertThat(sql.size()).isEqualTo(1);
        assertThat(emails(users)).isEqualTo(5);
        assertThat(sql.size()).isEqualTo(1 + 4);
        assertThat(users.get(1).addresses).extracting(a -> a.email).containsExactly("ed@wood.com", "ed@bettyboop.com", "ed@lala.com");
    }

    @EachDatabase
    void joinedLoadNeedsNoMoreStatements(Databases.Database db) {
        setUp(db);
        List<User> users = allUsers().options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).all();
        assertThat(users).extracting(u -> u.name).containsExactly("jack", "ed", "fred", "chuck");
        assertThat(emails(users)).isEqualTo(5);
        assertThat(users.get(3).addresses).isEmpty();
        assertThat(users.get(1).addresses).allSatisfy(a -> assertThat(a.user).isSameAs(users.get(1)));
        assertThat(sql.size()).isEqualTo(1);
    }

    @EachDatabase
    void joinedLoadWithALimitCountsParents(Databases.Database db) {
        setUp(db);
        List<User> users = allUsers().options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).limit(2).offset(1).all();
        assertThat(users).extracting(u -> u.name).containsExactly("ed", "fred");
        assertThat(emails(users)).isEqualTo(4);
        assertThat(sql.size()).isEqualTo(1);
    }

    @EachDatabase
    void selectinLoadNeedsOneMoreStatement(Databases.Database db) {
        setUp(db);
        List<User> users = allUsers().options(ORM.selectinLoad(ORM.attr(User.class, "addresses"))).all();
        assertThat(emails(users)).isEqualTo(5);
        assertThat(users.get(1).addresses).extracting(a -> a.id).containsExactly(2, 3, 4);
        assertThat(sql.size()).isEqualTo(2);
    }

    @EachDatabase
    void manyToOneReferencesLoadTogether(Databases.Database db) {
        setUp(db);
        List<Address> addresses = session.query(Address.class).all();
        assertThat(sql.size()).isEqualTo(2);       // the addresses, then their users WHERE id IN (...)
        assertThat(addresses).extracting(a -> a.user.name).containsExactly("jack", "ed", "ed", "ed", "fred");
        assertThat(addresses.get(1).user).isSameAs(addresses.get(2).user);
        sql.clear();
        session.query(Address.class).filter(ORM.attr(Address.class, "id").eq(1)).one();
        assertThat(sql.size()).isEqualTo(1);       // jack is in the identity map
    }

    /**
     * Joined rows need not bring a parent's rows together: ordered by email, jack's two addresses
     * (one sorting among ed's, one last) put fred's rows between his. Each address, user and
     * collection is still one instance, each collection holds its user's addresses once, and each
     * address's user is its parent (the loader answers repeats on consecutive rows from the row
     * before; these repeats are not consecutive).
     */
    @EachDatabase
    void joinedRowsOfOneParentMayComeApart(Databases.Database db) {
        setUp(db);
        Address extra = new Address();
        extra.email = "ed@zzz.com";
        session.query(User.class).filter(ORM.attr(User.class, "name").eq("jack")).one().addresses.add(extra);
        session.commit();
        session.close();
        session = SessionFactory.of(engine).open();
        sql.clear();
        List<Address> addresses = session.query(Address.class)
                .options(ORM.joinedLoad(ORM.attr(Address.class, "user")).joinedLoad(ORM.attr(User.class, "addresses")))
                .orderBy(ORM.attr(Address.class, "email")).all();
        assertThat(sql.size()).isEqualTo(1);
        assertThat(addresses).extracting(a -> a.email)
                .containsExactly("ed@bettyboop.com", "ed@lala.com", "ed@wood.com", "ed@zzz.com", "fred@fred.com", "jack@bean.com");
        assertThat(addresses).extracting(a -> a.user.name).containsExactly("ed", "ed", "ed", "jack", "fred", "jack");
        User jack = addresses.get(3).user;
        assertThat(addresses.get(5).user).isSameAs(jack);
        assertThat(jack.addresses).containsExactly(addresses.get(5), addresses.get(3));
        assertThat(addresses.get(0).user.addresses).containsExactly(addresses.get(2), addresses.get(0), addresses.get(1));
        assertThat(addresses).allSatisfy(a -> assertThat(a.user.addresses).contains(a));
        assertThat(sql.size()).as("nothing more loads").isEqualTo(1);
    }

    /**
     * The identity map answers a load with the session's own instance and state: a user deleted,
     * flushed and rolled back is in the map again, so get() and a query give that same instance
     * (not a second one) without a statement for get(); and select-in members point at it.
     */
    @EachDatabase
    void aRolledBackDeleteLeavesTheSameInstanceInTheIdentityMap(Databases.Database db) {
        setUp(db);
        User ed = session.get(User.class, 8);
        session.delete(ed);
        session.flush();
        assertThat(session.get(User.class, 8)).isNull();
        session.rollback();
        // Expired by the rollback: get() reloads it, into the same instance.
        assertThat(session.get(User.class, 8)).isSameAs(ed);
        sql.clear();
        assertThat(session.get(User.class, 8)).isSameAs(ed);
        assertThat(sql).as("found in the identity map").isEmpty();
        List<User> users = allUsers().options(ORM.selectinLoad(ORM.attr(User.class, "addresses"))).all();
        assertThat(users.get(1)).isSameAs(ed);
        assertThat(ed.addresses).extracting(a -> a.id).containsExactly(2, 3, 4);
        assertThat(ed.addresses).allSatisfy(a -> assertThat(a.user).isSameAs(ed));
    }

    /**
     * A reference whose target the session holds expired (after a commit) loads the target's
     * row again into the session's instance: the members' user is the instance the session had,
     * with the name the database has now.
     */
    @EachDatabase
    void anExpiredTargetOfAReferenceLoadsAgainIntoTheSameInstance(Databases.Database db) {
        setUp(db);
        User ed = session.get(User.class, 8);
        session.commit();
        try (dev.retort.engine.Connection c = engine.connect()) {
            c.execute(dev.retort.sql.SQL.update(M.users).where(M.users.c("id").eq(8)).values(java.util.Map.of("name", "edward")));
            c.commit();
        }
        List<Address> addresses = session.query(Address.class).filter(ORM.attr(Address.class, "user_id").eq(8)).all();
        assertThat(addresses).hasSize(3).allSatisfy(a -> assertThat(a.user).isSameAs(ed));
        assertThat(ed.name).isEqualTo("edward");
    }

    @EachDatabase
    void joinedManyToOne(Databases.Database db) {
        setUp(db);
        List<Address> addresses = session.query(Address.class).options(ORM.joinedLoad(ORM.attr(Address.class, "user"))).all();
        assertThat(addresses).extracting(a -> a.user.name).containsExactly("jack", "ed", "ed", "ed", "fred");
        assertThat(sql.size()).isEqualTo(1);
    }

    @EachDatabase
    void countAndFirst(Databases.Database db) {
        setUp(db);
        assertThat(session.query(Address.class).filter(ORM.attr(Address.class, "email").like("ed%")).count()).isEqualTo(3);
        assertThat(allUsers().first().name).isEqualTo("jack");
        assertThat(session.query(User.class).filterBy(java.util.Map.of("name", "fred")).one().id).isEqualTo(9);
        assertThat(session.query(User.class).filter(ORM.attr(User.class, "addresses").any()).count()).isEqualTo(3);
        assertThat(session.query(Address.class).filter(ORM.attr(Address.class, "user").has(ORM.attr(User.class, "name").eq("ed"))).count()).isEqualTo(3);
    }

    @EachDatabase
    void theTwoPointOhStyle(Databases.Database db) {
        setUp(db);
        List<User> eds = session.execute(ORM.select(User.class).where(ORM.attr(User.class, "name").eq("ed"))).scalars();
        assertThat(eds).extracting(u -> u.id).containsExactly(8);
        assertThat(session.execute(ORM.select(User.class).where(ORM.attr(User.class, "id").eq(8))).all())
                .extracting(r -> r.get("User")).containsExactly(eds.get(0));
        assertThat(session.execute(ORM.select(ORM.attr(User.class, "name"), ORM.attr(User.class, "id")).where(ORM.attr(User.class, "id").lt(9))
                .orderBy(ORM.attr(User.class, "id"))).all()).extracting(dev.retort.engine.Row::toList).containsExactly(List.of("jack", 7), List.of("ed", 8));
    }
}
