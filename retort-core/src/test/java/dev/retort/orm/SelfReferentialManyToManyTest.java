package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many-to-many from a table to itself on each database: {@code User.friends} through
 * {@code friendships(user_id, friend_id)}, both referring to {@code users}, with the backref
 * {@code friendOf}. Adding and removing friends writes association rows once whichever side
 * changed; the collections load lazily, joined and select-in; {@code any()}, {@code contains()}
 * and joins through an alias find users by their friends, also after the serializer.
 */
class SelfReferentialManyToManyTest {
    /** A user and the users it calls friends. */
    public static class User {
        Integer id;
        String name;
        List<User> friends = new ArrayList<>();
        List<User> friendOf = new ArrayList<>();

        User() {
        }

        User(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "User(" + name + ")";
        }
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final String suffix = orm.suffix;
    private final MetaData metadata = orm.metadata;
    private final Registry registry = orm.registry;
    private final Table users = new Table("users" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)));
    private final Table friendships = new Table("friendships" + suffix, metadata,
            Column.of("user_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("users" + suffix + ".id"),
            Column.of("friend_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("users" + suffix + ".id"));
    private Engine engine;

    private void setUp(Databases.Database db) {
        registry.mapImperatively(User.class, users, Map.of("friends", ORM.relationship(User.class).secondary(friendships)
                .foreignKeys(friendships.c("user_id")).backref("friendOf").orderBy(users.c("name"))));
        engine = orm.start(db);
    }

    private List<List<Integer>> pairs() {
        try (Connection c = engine.connect()) {
            List<List<Integer>> out = new ArrayList<>();
            for (Row r : c.execute(SQL.select(friendships)).all()) {
                out.add(List.of(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue()));
            }
            return out;
        }
    }

    /** ann's friends are bob and cy; cy's friend is ann; returns their ids. */
    private int[] seed() {
        Session s = orm.open();
        User ann = new User("ann");
        User bob = new User("bob");
        User cy = new User("cy");
        ann.friends.add(cy);
        ann.friends.add(bob);
        cy.friends.add(ann);
        s.add(ann);
        s.commit();
        return new int[] {ann.id, bob.id, cy.id};
    }

    /** The statements as SQLAlchemy 2.1.1 renders them for the same mapping (primaryjoin/secondaryjoin); any() differs: SQLAlchemy aliases the association table. */
    @Test
    void statementsAsSqlalchemyRendersThem() {
        setUp(Databases.Database.SQLITE);
        Session s = orm.open();
        assertThat(orm.sqlOf(s.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "friends")))))
                .isEqualTo("SELECT users.id, users.name, users_1.id AS id_1, users_1.name AS name_1 FROM users LEFT OUTER JOIN (friendships AS friendships_1 "
                        + "JOIN users AS users_1 ON users_1.id = friendships_1.friend_id) ON users.id = friendships_1.user_id ORDER BY users_1.name");
        assertThat(orm.sqlOf(s.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "friendOf")))))
                .isEqualTo("SELECT users.id, users.name, users_1.id AS id_1, users_1.name AS name_1 FROM users LEFT OUTER JOIN (friendships AS friendships_1 "
                        + "JOIN users AS users_1 ON users_1.id = friendships_1.user_id) ON users.id = friendships_1.friend_id");
        AliasedEntity<User> friend = ORM.aliased(User.class);
        assertThat(orm.sqlOf(s.query(User.class).join(friend, ORM.attr(User.class, "friends")).filter(friend.attr("name").eq("ed"))))
                .isEqualTo("SELECT users.id, users.name FROM users JOIN friendships AS friendships_1 ON users.id = friendships_1.user_id "
                        + "JOIN users AS users_1 ON users_1.id = friendships_1.friend_id WHERE users_1.name = :name_1");
        assertThat(orm.sqlOf(s.query(User.class).filter(ORM.attr(User.class, "friends").any(ORM.attr(User.class, "name").eq("ed")))))
                .isEqualTo("SELECT users.id, users.name FROM users WHERE EXISTS (SELECT 1 FROM users AS users_1, friendships "
                        + "WHERE users.id = friendships.user_id AND users_1.id = friendships.friend_id AND users_1.name = :name_1)");
        User five = new User("five");
        five.id = 5;
        assertThat(orm.sqlOf(s.query(User.class).filter(ORM.attr(User.class, "friends").contains(five))))
                .isEqualTo("SELECT users.id, users.name FROM users, friendships AS friendships_1 WHERE users.id = friendships_1.user_id AND :param_1 = friendships_1.friend_id");
    }

    @Test
    void aManyToManyFromATableToItselfNeedsTheOwnersColumns() {
        assertThatThrownBy(() -> {
            registry.mapImperatively(User.class, users, Map.of("friends", ORM.relationship(User.class).secondary(friendships)));
            registry.configure();
        }).isInstanceOf(ArgumentException.class).hasMessageContaining("needs foreignKeys(...) naming the columns of 'friendships" + suffix + "'");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void addingAndRemovingFriendsWritesEachPairOnce(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        assertThat(orm.take("INSERT").stream().filter(q -> q.startsWith("INSERT INTO friendships"))).hasSize(1);
        assertThat(pairs()).containsExactlyInAnyOrder(List.of(ids[0], ids[1]), List.of(ids[0], ids[2]), List.of(ids[2], ids[0]));

        Session s = orm.open();
        User ann = s.get(User.class, ids[0]);
        User bob = s.get(User.class, ids[1]);
        User cy = s.get(User.class, ids[2]);
        assertThat(ann.friends).containsExactly(bob, cy);
        assertThat(ann.friendOf).containsExactly(cy);
        assertThat(bob.friendOf).containsExactly(ann);
        bob.friends.add(cy);                               // through the owner's side
        assertThat(cy.friendOf).as("the backref, in memory").containsExactlyInAnyOrder(ann, bob);
        cy.friendOf.remove(ann);                           // through the backref: ann no longer calls cy a friend
        assertThat(ann.friends).containsExactly(bob);
        s.commit();
        assertThat(pairs()).containsExactlyInAnyOrder(List.of(ids[0], ids[1]), List.of(ids[1], ids[2]), List.of(ids[2], ids[0]));

        Session d = orm.open();
        d.delete(d.get(User.class, ids[2]));               // cy: the rows naming cy on either side go first
        d.commit();
        assertThat(pairs()).containsExactly(List.of(ids[0], ids[1]));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void joinedAndSelectinLoadingFillBothSides(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        for (LoaderOption option : List.of(
                ORM.joinedLoad(ORM.attr(User.class, "friends")).joinedLoad(ORM.attr(User.class, "friendOf")),
                ORM.selectinLoad(ORM.attr(User.class, "friends")).selectinLoad(ORM.attr(User.class, "friendOf")))) {
            Session s = orm.open();
            orm.take("");
            List<User> all = s.query(User.class).options(option).orderBy(ORM.attr(User.class, "name")).all();
            int statements = orm.take("SELECT").size();
            assertThat(all).extracting(u -> u.name).containsExactly("ann", "bob", "cy");
            assertThat(all.get(0).friends).extracting(u -> u.name).containsExactly("bob", "cy");
            assertThat(all.get(2).friends).extracting(u -> u.name).containsExactly("ann");
            assertThat(all.get(1).friends).isEmpty();
            assertThat(all.get(0).friends.get(1).friendOf).extracting(u -> u.name).containsExactly("ann");
            assertThat(orm.take("SELECT")).as(option + ": nothing loaded lazily").isEmpty();
            assertThat(statements).as(option.toString()).isEqualTo(option.toString().startsWith("joined") ? 1 : 3);
            assertThat(all.get(0).id).isEqualTo(ids[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anyContainsAndJoinsFindUsersByFriendsAlsoAfterSerialization(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(engine));
        try {
            User cy = scoped.get().get(User.class, ids[2]);
            AliasedEntity<User> friend = ORM.aliased(User.class, "friend");
            Query<User> friendsOfBob = scoped.query(User.class).filter(ORM.attr(User.class, "friends").any(ORM.attr(User.class, "name").eq("bob")));
            Query<User> friendsOfCy = scoped.query(User.class).filter(ORM.attr(User.class, "friends").contains(cy));
            Query<User> cysFriends = scoped.query(User.class).filter(ORM.attr(User.class, "friendOf").contains(cy));
            Query<User> withFriendAnn = scoped.query(User.class).join(friend, ORM.attr(User.class, "friends")).filter(friend.attr("name").eq("ann"));
            Query<User> lonely = scoped.query(User.class).filter(SQL.not(ORM.attr(User.class, "friends").any()));
            assertThat(friendsOfBob.all()).extracting(u -> u.name).containsExactly("ann");
            assertThat(friendsOfCy.all()).extracting(u -> u.name).containsExactly("ann");
            assertThat(cysFriends.all()).extracting(u -> u.name).containsExactly("ann");
            assertThat(withFriendAnn.all()).extracting(u -> u.name).containsExactly("cy");
            assertThat(lonely.all()).extracting(u -> u.name).containsExactly("bob");
            for (Query<User> q : List.of(friendsOfBob, friendsOfCy, cysFriends, withFriendAnn, lonely)) {
                @SuppressWarnings("unchecked")
                Query<User> back = (Query<User>) QuerySerializer.loads(QuerySerializer.dumps(q), metadata, scoped);
                assertThat(back.all()).isEqualTo(q.all());
            }
        } finally {
            scoped.remove();
        }
    }
}
