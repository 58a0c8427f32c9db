package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write-only collections ({@link WriteOnlyCollection}, SQLAlchemy's {@code WriteOnlyMapped} / {@code lazy="write_only"}): they
 * never load; {@code select()} is a query of the members, add/remove are written by the flush. The expected SQL is SQLAlchemy
 * 2.1.1's for the same mapping ({@code u.addresses.select()}, {@code p.tags.select()}).
 */
class WriteOnlyCollectionTest {
    public static class User {
        Integer id;
        String name;
        WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>();

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
        WriteOnlyCollection<Tag> tags;

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

    private static OrmTestDatabase mapped(String addressCascade) {
        return mapped(addressCascade, false);
    }

    /** Users' addresses (with a backref) and posts' tags, {@code ordered} by addresses.email DESC and post_tags.tag_id. */
    static OrmTestDatabase mapped(String addressCascade, boolean ordered) {
        return mapped(addressCascade, ordered, null);
    }

    /** As {@link #mapped(String, boolean)}, post_tags.tag_id's foreign key with ON DELETE {@code tagOnDelete}. */
    static OrmTestDatabase mapped(String addressCascade, boolean ordered, String tagOnDelete) {
        OrmTestDatabase t = new OrmTestDatabase();
        CollectionTables tables = CollectionTables.declare(t, tagOnDelete);
        Relationship<Address> rel = ORM.relationship(Address.class).backref("user");
        rel = ordered ? rel.orderBy(SQL.desc(tables.addresses().c("email"))) : rel;
        Relationship<Tag> tags = ORM.relationship(Tag.class).secondary(tables.postTags()).lazy("write_only");
        t.registry.mapImperatively(User.class, tables.users(), Map.of("addresses", addressCascade == null ? rel : rel.cascade(addressCascade)));
        t.registry.mapImperatively(Address.class, tables.addresses());
        t.registry.mapImperatively(Post.class, tables.posts(), Map.of("tags", ordered ? tags.orderBy(tables.postTags().c("tag_id")) : tags));
        t.registry.mapImperatively(Tag.class, tables.tags());
        return t;
    }

    private static Session sqlite(OrmTestDatabase t) {
        t.start(Databases.sqlite());
        return t.open();
    }

    private static <T> T bound(OrmTestDatabase t, T instance) {
        sqlite(t).add(instance);
        return instance;
    }

    @Test
    void selectFiltersTheTargetByTheParentAsSqlalchemyDoes() {
        try (OrmTestDatabase t = mapped(null)) {
            User u = bound(t, new User(5));
            // u.addresses.select()
            assertThat(t.sqlOf(u.addresses.select())).isEqualTo(
                    "SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE :param_1 = addresses.user_id");
            // u.addresses.select().where(Address.email.like("a%")).order_by(Address.id).limit(3)
            assertThat(t.sqlOf(u.addresses.select().filter(ORM.attr(Address.class, "email").like("a%"))
                    .orderBy(ORM.attr(Address.class, "id")).limit(3))).isEqualTo(
                    "SELECT addresses.id, addresses.email, addresses.user_id FROM addresses WHERE :param_1 = addresses.user_id "
                            + "AND addresses.email LIKE :email_1 ORDER BY addresses.id LIMIT :param_2");
        }
    }

    @Test
    void aManyToManySelectJoinsTheAssociationTableAsSqlalchemyDoes() {
        try (OrmTestDatabase t = mapped(null)) {
            Post p = bound(t, new Post(7));
            // p.tags.select(); p.tags.select().where(Tag.name == "x").order_by(Tag.id)
            assertThat(t.sqlOf(p.tags.select())).isEqualTo(
                    "SELECT tags.id, tags.name FROM tags, post_tags WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id");
            assertThat(t.sqlOf(p.tags.select().filter(ORM.attr(Tag.class, "name").eq("x")).orderBy(ORM.attr(Tag.class, "id")))).isEqualTo(
                    "SELECT tags.id, tags.name FROM tags, post_tags WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id "
                            + "AND tags.name = :name_1 ORDER BY tags.id");
        }
    }

    @Test
    void selectOrdersAsTheRelationshipDoes() {
        try (OrmTestDatabase t = mapped(null, true)) {
            Post p = new Post(7);
            User u = new User(5);
            Session s = sqlite(t);
            s.add(p);
            s.add(u);
            // relationship(secondary=post_tags, order_by=post_tags.c.tag_id): p.tags.select()
            assertThat(t.sqlOf(p.tags.select())).isEqualTo("SELECT tags.id, tags.name FROM tags, post_tags "
                    + "WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id ORDER BY post_tags.tag_id");
            // relationship(order_by=lambda: Address.email.desc()): u.addresses.select().where(Address.id > 2)
            assertThat(t.sqlOf(u.addresses.select().filter(ORM.attr(Address.class, "id").gt(2)))).isEqualTo(
                    "SELECT addresses.id, addresses.email, addresses.user_id FROM addresses "
                            + "WHERE :param_1 = addresses.user_id AND addresses.id > :id_1 ORDER BY addresses.email DESC");
        }
    }

    @Test
    void dmlOfTheCollectionNamesTheParentAsSqlalchemyDoes() {
        try (OrmTestDatabase t = mapped(null)) {
            User u = bound(t, new User(5));
            // u.addresses.update(); u.addresses.delete()
            assertThat(u.addresses.delete().toString().replace(t.suffix, "").replaceAll("\\s+", " "))
                    .isEqualTo("DELETE FROM addresses WHERE :param_1 = addresses.user_id");
            assertThat(u.addresses.update().values(Map.of("email", "x")).toString().replace(t.suffix, "").replaceAll("\\s+", " "))
                    .isEqualTo("UPDATE addresses SET email=:email WHERE :param_1 = addresses.user_id");
        }
    }

    @Test
    void dmlOfAManyToManyCollectionReadsTheAssociationTableAsSqlalchemyDoes() {
        try (OrmTestDatabase t = mapped(null)) {
            Post p = bound(t, new Post(7));
            // p.tags.update().values(name="x"); p.tags.delete() (SQLAlchemy: the criteria of select(), the association table an extra FROM)
            assertThat(p.tags.update().values(Map.of("name", "x")).toString().replace(t.suffix, "").replaceAll("\\s+", " ")).isEqualTo(
                    "UPDATE tags SET name=:name FROM post_tags WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id");
            assertThat(p.tags.delete().toString().replace(t.suffix, "").replaceAll("\\s+", " ")).isEqualTo(
                    "DELETE FROM tags , post_tags WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id");
            // p.tags.insert(): InvalidRequestError "Write only bulk INSERT only supported for one-to-many collections"
            assertThatThrownBy(p.tags::insert).isInstanceOf(ArgumentException.class).hasMessageContaining("needs a one-to-many relationship");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void dmlOfAManyToManyCollectionChangesItsMembersOnly(Databases.Database db) {
        try (OrmTestDatabase t = mapped(null)) {
            t.start(db);
            Session s = t.open();
            Post p = new Post(1);
            Post other = new Post(2);
            tagged(s, p, other);
            s.execute(p.tags.update().values(Map.of("name", "renamed")));
            s.commit();
            assertThat(s.execute(p.tags.select()).scalars()).extracting(x -> ((Tag) x).name).containsExactly("renamed", "renamed");
            assertThat(s.execute(other.tags.select()).scalars()).extracting(x -> ((Tag) x).name).containsExactly("t3");
        }
    }

    /**
     * {@code p.tags.delete()} run: the members are still referenced by the association rows, so the
     * foreign key refuses it on every database and nothing is deleted. (SQLAlchemy 2.1.1 refuses
     * the statement itself on SQLite, "This backend does not support multiple-table criteria within
     * DELETE"; Retort's SQLite compiler writes the association table as a correlated EXISTS.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void deleteOfAManyToManyCollectionIsRefusedByTheAssociationRowsForeignKey(Databases.Database db) {
        try (OrmTestDatabase t = mapped(null)) {
            t.start(db);
            Session s = t.open();
            Post p = new Post(1);
            Post other = new Post(2);
            tagged(s, p, other);
            assertThatThrownBy(() -> s.execute(p.tags.delete())).isInstanceOf(dev.retort.exc.IntegrityException.class);
            s.rollback();
            try (var c = t.engine().connect()) {
                assertThat(ids(c, t, "tags", "id")).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(ids(c, t, "post_tags", "tag_id")).containsExactlyInAnyOrder(1, 2, 3);
            }
        }
    }

    /** With ON DELETE CASCADE on the association rows, {@code p.tags.delete()} deletes p's tags (and their association rows) only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void deleteOfAManyToManyCollectionDeletesItsMembersOnly(Databases.Database db) {
        try (OrmTestDatabase t = mapped(null, false, "CASCADE")) {
            t.start(db);
            Session s = t.open();
            Post p = new Post(1);
            Post other = new Post(2);
            tagged(s, p, other);
            s.execute(p.tags.delete());
            s.commit();
            try (var c = t.engine().connect()) {
                assertThat(ids(c, t, "tags", "id")).containsExactly(3);
                assertThat(ids(c, t, "post_tags", "tag_id")).containsExactly(3);
            }
        }
    }

    /** Adds {@code p} tagged t1 and t2 and {@code other} tagged t3, and commits. */
    private static void tagged(Session s, Post p, Post other) {
        s.add(p);
        s.add(other);
        p.tags.addAll(List.of(new Tag(1, "t1"), new Tag(2, "t2")));
        other.tags.add(new Tag(3, "t3"));
        s.commit();
    }

    private static List<Object> ids(dev.retort.engine.Connection c, OrmTestDatabase t, String table, String column) {
        return c.execute(SQL.select(t.metadata.table(table + t.suffix).c(column))).scalars();
    }

    @Test
    void anUnboundCollectionSaysHowToBindIt() {
        assertThatThrownBy(() -> new User().addresses.select()).isInstanceOf(ArgumentException.class).hasMessageContaining("no parent yet");
    }

    @Test
    void aListFieldCannotBeWriteOnly() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table a = new Table("a" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey());
            new Table("b" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("a_id", Types.INTEGER).foreignKey("a" + t.suffix + ".id"));
            t.registry.mapImperatively(RelationshipOrderByAttributeTest.Player.class, t.metadata.table("b" + t.suffix));
            t.registry.mapImperatively(RelationshipOrderByAttributeTest.Game.class, a, Map.of("players",
                    ORM.relationship(RelationshipOrderByAttributeTest.Player.class).lazy("write_only")));
            assertThatThrownBy(() -> ORM.attr(RelationshipOrderByAttributeTest.Game.class, "players"))
                    .hasMessageContaining("declare its field a WriteOnlyCollection");
        }
    }

    private static List<Integer> ids(Session s, Query<?> q) {
        return s.execute(q).scalars().stream().map(o -> o instanceof Address a ? a.id : ((Tag) o).id).sorted().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void addAndRemoveAreWrittenByTheFlush(Databases.Database db) {
        try (OrmTestDatabase t = mapped(null)) {
            t.start(db);
            Session s = t.open();
            User u = new User(1);
            u.name = "u";
            Address a1 = new Address(1, "a1");
            u.addresses.add(a1);                       // queued before the parent joins the session: cascaded with it
            s.add(u);
            u.addresses.addAll(List.of(new Address(2, "a2"), new Address(3, "a3")));
            s.commit();
            assertThat(a1.userId).isEqualTo(1);

            Session s2 = t.open();
            User loaded = s2.get(User.class, 1);
            t.take("");
            assertThat(ids(s2, loaded.addresses.select())).containsExactly(1, 2, 3);
            assertThat(t.take("SELECT")).hasSize(1);   // the collection itself never loaded
            Address a2 = s2.get(Address.class, 2);
            loaded.addresses.remove(a2);
            s2.flush();
            assertThat(ids(s2, loaded.addresses.select())).containsExactly(1, 3);
            assertThat(a2.userId).isNull();
            s2.commit();
            try (var c = t.engine().connect()) {
                assertThat(c.execute(SQL.select(t.metadata.table("addresses" + t.suffix).c("user_id"))
                        .where(t.metadata.table("addresses" + t.suffix).c("id").eq(2))).scalar()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void deleteOrphanDeletesARemovedMember(Databases.Database db) {
        try (OrmTestDatabase t = mapped("all, delete-orphan")) {
            t.start(db);
            Session s = t.open();
            User u = new User(1);
            s.add(u);
            Address a1 = new Address(1, "a1");
            u.addresses.addAll(List.of(a1, new Address(2, "a2")));
            s.commit();
            u.addresses.remove(a1);
            s.commit();
            assertThat(ids(s, u.addresses.select())).containsExactly(2);
            assertThat(s.get(Address.class, 1)).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void manyToManyAddsAndRemovesAssociationRows(Databases.Database db) {
        try (OrmTestDatabase t = mapped(null)) {
            t.start(db);
            Session s = t.open();
            Post p = new Post(1);                        // a null field gets its collection when the post joins the session
            s.add(p);
            Tag t1 = new Tag(1, "t1");
            p.tags.addAll(List.of(t1, new Tag(2, "t2")));
            s.commit();
            assertThat(ids(s, p.tags.select())).containsExactly(1, 2);
            p.tags.remove(t1);
            p.tags.add(new Tag(3, "t3"));
            s.flush();
            assertThat(t.take("DELETE FROM post_tags")).hasSize(1);
            assertThat(ids(s, p.tags.select().orderBy(ORM.attr(Tag.class, "id")))).containsExactly(2, 3);
            s.delete(p);                                // its association rows go, without loading the collection
            s.commit();
            try (var c = t.engine().connect()) {
                assertThat(c.execute(SQL.select(SQL.func("count", t.metadata.table("post_tags" + t.suffix).c("tag_id")))).scalar())
                        .isEqualTo(0L);
            }
        }
    }

    @Test
    void theAttributeJoinsAndFiltersAsAnyRelationship() {
        try (OrmTestDatabase t = mapped(null)) {
            Session s = sqlite(t);
            User u = new User(1);
            u.addresses.add(new Address(1, "a@x"));
            User other = new User(2);
            s.add(u);
            s.add(other);
            s.commit();
            assertThat(s.query(User.class).filter(ORM.attr(User.class, "addresses").any(ORM.attr(Address.class, "email").eq("a@x"))).all())
                    .containsExactly(u);
            assertThat(s.query(User.class).join(ORM.attr(User.class, "addresses")).all()).containsExactly(u);
        }
    }

    @Test
    void aMemberOfACollectionPutInTheFieldLaterMustBeAdded() {
        try (OrmTestDatabase t = mapped(null)) {
            Session s = sqlite(t);
            User u = new User(1);
            s.add(u);
            u.addresses = new WriteOnlyCollection<>();
            u.addresses.add(new Address(1, "a"));
            assertThatThrownBy(s::flush).hasMessageContaining("is not in the session");
        }
    }

    @Test
    void aDetachedParentAddedToAnotherSessionWritesItsQueue() {
        try (OrmTestDatabase t = mapped(null)) {
            Session s = sqlite(t);
            User u = new User(1);
            s.add(u);
            s.commit();
            s.close();
            u.addresses.add(new Address(1, "a"));       // detached: queued, cascaded when it joins a session
            Session s2 = t.open();
            s2.add(u);
            s2.commit();
            assertThat(ids(s2, u.addresses.select())).containsExactly(1);
        }
    }

    @Test
    void aFailedFlushKeepsTheQueue() {
        try (OrmTestDatabase t = mapped(null)) {
            Session s = sqlite(t);
            User u = new User(1);
            s.add(u);
            s.commit();
            u.addresses.add(new Address(1, null));
            u.addresses.add(new Address(1, "same key"));
            assertThatThrownBy(s::flush).isInstanceOf(dev.retort.exc.RetortException.class);
            assertThat(u.addresses.queuedAdds()).hasSize(2);
        }
    }

    @Test
    void membersAddedBeforeTheParentJoinsGetTheirBackref() {
        try (OrmTestDatabase t = mapped(null)) {
            Session s = sqlite(t);
            User u = new User(1);
            Address a = new Address(1, "a");
            u.addresses.add(a);                          // unbound: the backref waits for the parent's session
            assertThat(a.user).isNull();
            s.add(u);
            assertThat(a.user).isSameAs(u);
        }
    }
}
