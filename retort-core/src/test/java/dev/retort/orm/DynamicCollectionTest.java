package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dynamic collections ({@link DynamicCollection}, SQLAlchemy's {@code lazy="dynamic"} / {@code AppenderQuery}): reads are
 * queries in the parent's session after an autoflush; add/append/remove are written by the flush. The expected SQL is
 * SQLAlchemy 2.1.1's for the same mapping, run on SQLite ({@code u.addresses.count()}, {@code list(u.addresses)}, ...).
 */
class DynamicCollectionTest {
    public static class User {
        Integer id;
        String name;
        DynamicCollection<Address> addresses = new DynamicCollection<>();

        User() {
        }

        User(int id) {
            this.id = id;
        }
    }

    public static class Address {
        Integer id;
        String email;
        Integer userId;
        User user;

        Address() {
        }

        Address(int id, String email) {
            this.id = id;
            this.email = email;
        }
    }

    public static class Post {
        Integer id;
        DynamicCollection<Tag> tags;

        Post() {
        }

        Post(int id) {
            this.id = id;
        }
    }

    public static class Tag {
        Integer id;
        String name;

        Tag() {
        }

        Tag(int id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    public static class Note {
        Integer id;
        Integer tagId;
    }

    /**
     * Users' addresses (backref "user", ordered by email DESC) and posts' tags through post_tags, both dynamic:
     * relationship(Address, lazy="dynamic", backref="user", order_by=addresses.c.email.desc()),
     * relationship(Tag, secondary=post_tags, lazy="dynamic").
     */
    static OrmTestDatabase mapped() {
        OrmTestDatabase t = new OrmTestDatabase();
        String s = t.suffix;
        CollectionTables tables = CollectionTables.declare(t);
        t.registry.mapImperatively(User.class, tables.users(), Map.of("addresses",
                ORM.relationship(Address.class).lazy("dynamic").backref("user").orderBy(SQL.desc(tables.addresses().c("email")))));
        t.registry.mapImperatively(Address.class, tables.addresses());
        t.registry.mapImperatively(Post.class, tables.posts(), Map.of("tags", ORM.relationship(Tag.class).secondary(tables.postTags()).lazy("dynamic")));
        t.registry.mapImperatively(Tag.class, tables.tags());
        new Table("notes" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("tag_id", Types.INTEGER).foreignKey("tags" + s + ".id"));
        t.registry.mapImperatively(Note.class, t.metadata.table("notes" + s));
        return t;
    }

    private static List<Integer> ids(Iterable<?> members) {
        List<Integer> out = new java.util.ArrayList<>();
        members.forEach(o -> out.add(o instanceof Address a ? a.id : ((Tag) o).id));
        return out;
    }

    private static String sql(OrmTestDatabase t, dev.retort.sql.ClauseElement stmt) {
        return stmt.compile().string().replace(t.suffix, "").replaceAll("\\s+", " ").trim();
    }

    @Test
    void theStatementIsSqlalchemys() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            User u = new User(1);
            Post p = new Post(1);
            s.add(u);
            s.add(p);
            // u.addresses.statement; p.tags.statement
            assertThat(sql(t, u.addresses.statement())).isEqualTo(
                    "SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE :param_1 = addresses.user_id "
                            + "ORDER BY addresses.email DESC");
            assertThat(sql(t, p.tags.statement())).isEqualTo(
                    "SELECT tags.id, tags.name FROM tags, post_tags WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id");
        }
    }

    @Test
    void readsAutoflushAndQueryAsSqlalchemyDoes() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            User u = new User(1);
            u.name = "u";
            s.add(u);
            t.take("");
            u.addresses.append(new Address(1, "a1"));
            assertThat(u.addresses.count()).isEqualTo(1);
            assertThat(t.take("")).containsExactly(
                    "INSERT INTO users (id, name) VALUES (?, ?)",
                    "INSERT INTO addresses (id, email, user_id) VALUES (?, ?, ?)",
                    "SELECT count(*) AS count_1 FROM (SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, "
                            + "addresses.user_id AS addresses_user_id FROM addresses WHERE ? = addresses.user_id "
                            + "ORDER BY addresses.email DESC) AS anon_1");
            u.addresses.append(new Address(2, "b2"));
            u.addresses.add(new Address(3, "c3"));
            assertThat(ids(u.addresses)).containsExactly(3, 2, 1);
            assertThat(t.take("")).containsExactly(
                    "INSERT INTO addresses (id, email, user_id) VALUES (?, ?, ?)",
                    "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id "
                            + "FROM addresses WHERE ? = addresses.user_id ORDER BY addresses.email DESC");
            // u.addresses.filter(Address.id > 1).order_by(Address.id)
            assertThat(ids(u.addresses.filter(ORM.attr(Address.class, "id").gt(1)).orderBy(ORM.attr(Address.class, "id")).all()))
                    .containsExactly(3, 2);
            assertThat(t.take("")).containsExactly(
                    "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id "
                            + "FROM addresses WHERE ? = addresses.user_id AND addresses.id > ? ORDER BY addresses.email DESC, addresses.id");
            // u.addresses[0]; u.addresses[1:3]; u.addresses.first()
            assertThat(u.addresses.get(0).id).isEqualTo(3);
            assertThat(ids(u.addresses.slice(1, 3))).containsExactly(2, 1);
            assertThat(u.addresses.first().id).isEqualTo(3);
            String window = "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id "
                    + "FROM addresses WHERE ? = addresses.user_id ORDER BY addresses.email DESC LIMIT ? OFFSET ?";
            // SQLAlchemy's SQLite compiler writes an OFFSET (of 0) after every LIMIT, and so does Retort's: [0] and first() too
            assertThat(t.take("")).containsExactly(window, window, window);
            // u.addresses.filter_by(email="b2")
            assertThat(ids(u.addresses.filterBy(Map.of("email", "b2")).all())).containsExactly(2);
            assertThat(t.take("")).containsExactly(
                    "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id "
                            + "FROM addresses WHERE ? = addresses.user_id AND addresses.email = ? ORDER BY addresses.email DESC");
            // a2 = s.get(Address, 2); u.addresses.remove(a2); list(u.addresses)
            u.addresses.remove(s.get(Address.class, 2));
            assertThat(ids(u.addresses)).containsExactly(3, 1);
            assertThat(t.take("")).containsExactly(
                    "UPDATE addresses SET user_id=? WHERE addresses.id = ?",
                    "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, addresses.user_id AS addresses_user_id "
                            + "FROM addresses WHERE ? = addresses.user_id ORDER BY addresses.email DESC");
        }
    }

    @Test
    void aManyToManyReadsThroughTheAssociationTableAsSqlalchemyDoes() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            Post p = new Post(1);
            s.add(p);
            p.tags.append(new Tag(1, "t1"));
            p.tags.append(new Tag(2, "t2"));
            t.take("");
            assertThat(ids(p.tags)).containsExactly(1, 2);
            assertThat(t.take("")).containsExactly(
                    "INSERT INTO posts (id) VALUES (?)",
                    "INSERT INTO tags (id, name) VALUES (?, ?)",
                    "INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)",
                    "SELECT tags.id AS tags_id, tags.name AS tags_name FROM tags, post_tags WHERE ? = post_tags.post_id "
                            + "AND tags.id = post_tags.tag_id");
            assertThat(p.tags.count()).isEqualTo(2);
            assertThat(ids(p.tags.filter(ORM.attr(Tag.class, "name").eq("t2")).all())).containsExactly(2);
            assertThat(t.take("")).containsExactly(
                    "SELECT count(*) AS count_1 FROM (SELECT tags.id AS tags_id, tags.name AS tags_name FROM tags, post_tags "
                            + "WHERE ? = post_tags.post_id AND tags.id = post_tags.tag_id) AS anon_1",
                    "SELECT tags.id AS tags_id, tags.name AS tags_name FROM tags, post_tags WHERE ? = post_tags.post_id "
                            + "AND tags.id = post_tags.tag_id AND tags.name = ?");
        }
    }

    @Test
    void aJoinLeavesTheAssociationTableInFromAsSqlalchemyDoes() {
        // SQLAlchemy's test_secondary_doesnt_interfere_w_join_to_fromlist: p.tags.join(Note, Note.tag_id == Tag.id)
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            Post p = new Post(1);
            s.add(p);
            s.commit();
            t.take("");
            assertThat(p.tags.query().join(Note.class, ORM.attr(Note.class, "tag_id").eq(ORM.attr(Tag.class, "id"))).all()).isEmpty();
            assertThat(t.take("SELECT")).containsExactly("SELECT tags.id AS tags_id, tags.name AS tags_name FROM tags JOIN notes "
                    + "ON notes.tag_id = tags.id, post_tags WHERE ? = post_tags.post_id AND tags.id = post_tags.tag_id");
        }
    }

    @EachDatabase
    void appendRemoveAndReadOnEachDatabase(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            t.start(db);
            Session s = t.open();
            User u = new User(1);
            u.addresses.addAll(List.of(new Address(1, "a"), new Address(2, "b")));   // queued before the parent joins: cascaded
            s.add(u);
            u.addresses.append(new Address(3, "c"));
            assertThat(ids(u.addresses)).containsExactly(3, 2, 1);
            assertThat(u.addresses.count()).isEqualTo(3);
            assertThat(ids(u.addresses.slice(1, 3))).containsExactly(2, 1);
            assertThat(u.addresses.limit(1).one().id).isEqualTo(3);
            assertThat(u.addresses.offset(2).all()).singleElement().satisfies(a -> assertThat(a.user).isSameAs(u));
            s.commit();

            Session s2 = t.open();
            User loaded = s2.get(User.class, 1);
            Address b = s2.get(Address.class, 2);
            loaded.addresses.remove(b);
            Post p = new Post(1);
            s2.add(p);
            Tag t1 = new Tag(1, "x");
            p.tags.addAll(List.of(t1, new Tag(2, "y")));
            assertThat(ids(p.tags.orderBy(ORM.attr(Tag.class, "id")).all())).containsExactly(1, 2);
            p.tags.remove(t1);
            s2.commit();
            assertThat(ids(loaded.addresses)).containsExactly(3, 1);
            assertThat(b.userId).isNull();
            assertThat(ids(p.tags)).containsExactly(2);
            assertThat(p.tags.get(0).name).isEqualTo("y");
        }
    }

    @Test
    void withoutASessionTheReadsGiveTheQueuedMembers() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            // u1 = User(); u1.addresses.all(); list(u1.addresses); u1.addresses.count()
            User u = new User(1);
            assertThat(u.addresses.all()).isEmpty();
            assertThat(u.addresses.count()).isZero();
            assertThat(u.addresses.oneOrNull()).isNull();
            assertThatThrownBy(u.addresses::one).isInstanceOf(RetortException.class).hasMessageContaining("No row was found");
            Address a = new Address(10, "x");
            u.addresses.append(a);
            assertThat(u.addresses.all()).containsExactly(a);
            assertThat(u.addresses).containsExactly(a);
            assertThat(u.addresses.count()).isEqualTo(1);
            assertThat(u.addresses.get(0)).isSameAs(a);
            assertThatThrownBy(() -> u.addresses.filter(ORM.attr(Address.class, "email").eq("x")))
                    .isInstanceOf(RetortException.class).hasMessageContaining("is not persistent in a session");

            // a session without autoflush: the new parent has no identity yet, so the reads give the queue too
            Session s = t.open(SessionFactory.of(t.engine()).autoflush(false));
            s.add(u);
            assertThat(u.addresses.all()).containsExactly(a);
            assertThat(t.take("")).isEmpty();
        }
    }

    @Test
    void negativeIndexesAreRefused() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            User u = new User(1);
            s.add(u);
            s.commit();
            // u1.addresses[-1], u1.addresses[-5:-2]
            assertThatThrownBy(() -> u.addresses.get(-1)).isInstanceOf(ArgumentException.class)
                    .hasMessage("negative indexes are not accepted by SQL index / slice operators");
            assertThatThrownBy(() -> u.addresses.slice(-5, -2)).isInstanceOf(ArgumentException.class);
            assertThatThrownBy(() -> u.addresses.get(0)).isInstanceOf(ArgumentException.class).hasMessageContaining("no member at index 0");
        }
    }

    @Test
    void aDetachedParentReadsItsQueueAndCannotQuery() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            User u = new User(1);
            u.addresses.append(new Address(1, "a"));
            s.add(u);
            s.commit();
            // sess.expunge(u); u.addresses.all() -> []; u.addresses.filter_by(...) raises
            s.expunge(u);
            assertThat(u.addresses.all()).isEmpty();
            assertThatThrownBy(() -> u.addresses.filterBy(Map.of("email", "e"))).isInstanceOf(RetortException.class);
            Address b = new Address(2, "b");
            u.addresses.append(b);
            assertThat(u.addresses.all()).containsExactly(b);
            Session s2 = t.open();
            s2.add(u);                                   // the queue is cascaded into the new session and flushed before reading
            assertThat(ids(u.addresses)).containsExactly(2, 1);
        }
    }

    public static class Game {
        Integer id;
        Integer captainId;
        List<Player> players;
        Player captain;
        DynamicCollection<Player> roster;
    }

    public static class Player {
        Integer id;
        Integer gameId;
    }

    /** The message of mapping Game's {@code key} as {@code rel}. */
    private static String refusal(String key, java.util.function.BiFunction<Table, Table, Relationship<Player>> rel) {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table games = new Table("games" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("captain_id", Types.INTEGER).foreignKey("players" + t.suffix + ".id"));
            Table players = new Table("players" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("game_id", Types.INTEGER).foreignKey("games" + t.suffix + ".id"));
            t.registry.mapImperatively(Game.class, games, Map.of(key, rel.apply(games, players)));
            t.registry.mapImperatively(Player.class, players);
            return org.junit.jupiter.api.Assertions.assertThrows(ArgumentException.class, () -> ORM.attr(Game.class, key)).getMessage();
        }
    }

    @Test
    void updateAndDeleteRunOnTheMembersRowsAsSqlalchemy() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.sqlite());
            Session s = t.open();
            User u = new User(1);
            s.add(u);
            u.addresses.extend(List.of(new Address(1, "a"), new Address(2, "b")));
            Post p = new Post(7);
            s.add(p);
            s.commit();
            t.take("");
            // u.addresses.update({"email": "x"}); u.addresses.delete() (SQLAlchemy, its relationship unordered)
            assertThat(u.addresses.update(Map.of("email", "x"))).isEqualTo(2);
            assertThat(t.take("UPDATE")).containsExactly("UPDATE addresses SET email=? WHERE ? = addresses.user_id");
            assertThat(u.addresses.all()).extracting(a -> a.email).containsExactly("x", "x");
            assertThat(u.addresses.delete()).isEqualTo(2);
            assertThat(t.take("DELETE")).containsExactly("DELETE FROM addresses WHERE ? = addresses.user_id");
            assertThat(u.addresses.count()).isZero();
            // p.tags.update(...): InvalidRequestError "Can't call Query.update() or Query.delete() when ... select_from() has been called"
            assertThatThrownBy(() -> p.tags.update(Map.of("name", "y"))).isInstanceOf(ArgumentException.class).hasMessageContaining("association table");
        }
    }

    @Test
    void declarationsThatCannotBeDynamicAreRefused() {
        // a List field declared lazy("dynamic")
        assertThat(refusal("players", (g, p) -> ORM.relationship(Player.class).lazy("dynamic").foreignKeys(p.c("game_id")))).contains("declare its field a DynamicCollection");
        // relationship(Player, lazy="dynamic") on a many-to-one: SQLAlchemy's configure_mappers() error
        assertThat(refusal("captain", (g, p) -> ORM.relationship(Player.class).lazy("dynamic").foreignKeys(g.c("captain_id")))).contains("'dynamic' loaders cannot be used with many-to-one/one-to-one relationships and/or uselist(false)");
        // a DynamicCollection field with a loading strategy
        assertThat(refusal("roster", (g, p) -> ORM.relationship(Player.class).lazy("joined").foreignKeys(p.c("game_id"))))
                .contains("is dynamic (a DynamicCollection field): it never loads");
    }

    public static class Owner {
        Integer id;
        DynamicCollection<Pet> pets;
    }

    public static class Pet {
        Integer id;
        Integer ownerId;
        Owner owner;
    }

    @Test
    void aBackrefCanBeDynamic() {
        // relationship(User, backref=backref("addresses", lazy="dynamic")): ad.user = None; sess.flush(); ad not in u.addresses
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table owners = new Table("owners" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
            Table pets = new Table("pets" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("owner_id", Types.INTEGER).foreignKey("owners" + t.suffix + ".id"));
            t.registry.mapImperatively(Pet.class, pets, Map.of("owner", ORM.relationship(Owner.class).backref("pets")));
            t.registry.mapImperatively(Owner.class, owners);
            t.start(Databases.sqlite());
            Session s = t.open();
            Owner o = new Owner();
            o.id = 1;
            s.add(o);
            Pet p = new Pet();
            p.id = 1;
            o.pets.append(p);
            assertThat(p.owner).isSameAs(o);
            assertThat(o.pets.all()).containsExactly(p);
            p.owner = null;
            s.flush();
            assertThat(o.pets.all()).isEmpty();
        }
    }
}
