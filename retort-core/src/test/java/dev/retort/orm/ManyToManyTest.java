package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.RelModel.Post;
import dev.retort.orm.RelModel.Tag;
import dev.retort.testing.Databases;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many-to-many through an association table on each database: pairs added and removed through
 * either side's collection become INSERTs and DELETEs of association rows, after the rows they
 * pair are inserted and before those are deleted; the collections load lazily, "select in" and
 * joined, in order; {@code any()} and {@code contains()} find posts by their tags, also after a
 * round trip through the serializer.
 */
class ManyToManyTest {
    @AutoClose
    private RelModel model;

    /** Posts a (tags x, y) and b (tag y), committed; returns the ids of a, b, x, y. */
    private int[] seed() {
        Session s = model.open();
        Post a = new Post("a");
        Post b = new Post("b");
        Tag x = new Tag("x");
        Tag y = new Tag("y");
        a.tags.add(y);
        a.tags.add(x);
        b.tags.add(y);
        s.add(a);
        s.add(b);
        s.commit();
        return new int[] {a.id, b.id, x.id, y.id};
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void addingToACollectionInsertsAssociationRowsAfterTheRowsTheyPair(Databases.Database db) {
        model = new RelModel(db);
        int[] ids = seed();
        List<String> inserts = model.take("INSERT");
        assertThat(inserts.get(inserts.size() - 1)).startsWith("INSERT INTO post_tags");
        assertThat(inserts.stream().filter(s -> s.startsWith("INSERT INTO post_tags")).count()).as("both pairs in one executemany").isEqualTo(1);
        assertThat(model.rows(model.postTags)).containsExactlyInAnyOrder(List.of(ids[0], ids[2]), List.of(ids[0], ids[3]), List.of(ids[1], ids[3]));

        Session s = model.open();
        Post a = s.get(Post.class, ids[0]);
        assertThat(a.tags).extracting(t -> t.name).containsExactly("x", "y");     // ordered by name
        Tag y = s.get(Tag.class, ids[3]);
        assertThat(y.posts).extracting(p -> p.title).containsExactlyInAnyOrder("a", "b");
    }

    @org.junit.jupiter.api.Test
    void backPopulatesPairsTwoDeclaredSides() {
        RelModel tables = new RelModel(Databases.Database.SQLITE);
        tables.registry.dispose();     // the same tables, mapped again with both sides declared
        Registry registry = new Registry(tables.metadata);
        try {
            registry.mapImperatively(Post.class, tables.posts, java.util.Map.of("tags",
                    ORM.relationship(Tag.class).secondary(tables.postTags).backPopulates("posts")));
            registry.mapImperatively(Tag.class, tables.tags, java.util.Map.of("posts",
                    ORM.relationship(Post.class).secondary(tables.postTags).backPopulates("tags")));
            registry.mapImperatively(RelModel.Node.class, tables.nodes);
            Session s = tables.open();
            Post p = new Post("p");
            Tag t = new Tag("t");
            s.add(p);
            s.add(t);
            s.flush();
            p.tags.add(t);
            assertThat(t.posts).containsExactly(p);
            s.commit();
            assertThat(tables.rows(tables.postTags)).containsExactly(List.of(p.id, t.id));
        } finally {
            registry.dispose();
            tables.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void backrefKeepsBothSidesAndWritesAPairOnce(Databases.Database db) {
        model = new RelModel(db);
        int[] ids = seed();
        Session s = model.open();
        Post b = s.get(Post.class, ids[1]);
        Tag x = s.get(Tag.class, ids[2]);
        assertThat(x.posts).extracting(p -> p.title).containsExactly("a");
        model.take("");
        b.tags.add(x);
        assertThat(x.posts).as("the backref, in memory at once").contains(b);
        Tag y = s.get(Tag.class, ids[3]);
        y.posts.remove(b);
        assertThat(b.tags).as("removed from the other side too").containsExactly(x);
        s.commit();
        List<String> sql = model.take("");
        assertThat(sql.stream().filter(q -> q.startsWith("INSERT INTO post_tags")).count()).isEqualTo(1);
        assertThat(sql.stream().filter(q -> q.startsWith("DELETE FROM post_tags")).count()).isEqualTo(1);
        assertThat(model.rows(model.postTags)).containsExactlyInAnyOrder(List.of(ids[0], ids[2]), List.of(ids[0], ids[3]), List.of(ids[1], ids[2]));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void deletingARowDeletesItsAssociationRowsFirstAndKeepsTheOtherSide(Databases.Database db) {
        model = new RelModel(db);
        int[] ids = seed();
        Session s = model.open();
        s.delete(s.get(Post.class, ids[0]));
        model.take("");
        s.commit();
        List<String> deletes = model.take("DELETE");
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0)).startsWith("DELETE FROM post_tags");
        assertThat(deletes.get(1)).startsWith("DELETE FROM posts");
        assertThat(model.rows(model.postTags)).containsExactly(List.of(ids[1], ids[3]));
        assertThat(model.rows(model.tags)).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void selectinAndJoinedLoadingGiveTheLazyCollections(Databases.Database db) {
        model = new RelModel(db);
        int[] ids = seed();
        Session s = model.open();
        model.take("");
        List<Post> posts = s.query(Post.class).options(ORM.selectinLoad(ORM.attr(Post.class, "tags"))).orderBy(ORM.attr(Post.class, "id")).all();
        assertThat(posts.get(0).tags).extracting(t -> t.name).containsExactly("x", "y");
        assertThat(posts.get(1).tags).extracting(t -> t.name).containsExactly("y");
        assertThat(model.take("SELECT")).hasSize(2);

        Session j = model.open();
        List<Post> joined = j.query(Post.class).options(ORM.joinedLoad(ORM.attr(Post.class, "tags"))).orderBy(ORM.attr(Post.class, "id")).all();
        assertThat(model.take("SELECT")).hasSize(1);
        assertThat(joined).hasSize(2);
        assertThat(joined.get(0).tags).extracting(t -> t.name).containsExactly("x", "y");
        assertThat(joined.get(1).tags).extracting(t -> t.id).containsExactly(ids[3]);

        // DISTINCT applies to the posts' rows in a subquery, the tags joined to it
        List<Post> distinct = model.open().query(Post.class).options(ORM.joinedLoad(ORM.attr(Post.class, "tags"))).distinct().orderBy(ORM.attr(Post.class, "id")).all();
        assertThat(model.take("SELECT")).singleElement().asString().contains("FROM (SELECT DISTINCT posts.id");
        assertThat(distinct).hasSize(2);
        assertThat(distinct.get(0).tags).extracting(t -> t.name).containsExactly("x", "y");
        assertThat(distinct.get(1).tags).extracting(t -> t.id).containsExactly(ids[3]);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anyContainsAndJoinFindPostsByTagsAlsoAfterSerialization(Databases.Database db) {
        model = new RelModel(db);
        int[] ids = seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(model.engine));
        try {
            Tag x = scoped.get().get(Tag.class, ids[2]);
            Query<Post> byAny = scoped.query(Post.class).filter(ORM.attr(Post.class, "tags").any(ORM.attr(Tag.class, "name").eq("y")))
                    .orderBy(ORM.attr(Post.class, "title"));
            Query<Post> byContains = scoped.query(Post.class).filter(ORM.attr(Post.class, "tags").contains(x));
            Query<Post> byJoin = scoped.query(Post.class).join(ORM.attr(Post.class, "tags")).filter(ORM.attr(Tag.class, "name").eq("x"));
            Query<Tag> tagsOfB = scoped.query(Tag.class).filter(ORM.attr(Tag.class, "posts").any(ORM.attr(Post.class, "title").eq("b")));
            for (Query<?> q : List.of(byAny, byContains, byJoin, tagsOfB)) {
                @SuppressWarnings("unchecked")
                Query<Object> back = (Query<Object>) QuerySerializer.loads(QuerySerializer.dumps(q), model.metadata, scoped);
                assertThat(back.all()).isEqualTo(q.all());
            }
            assertThat(byAny.all()).extracting(p -> p.title).containsExactly("a", "b");
            assertThat(byContains.all()).extracting(p -> p.title).containsExactly("a");
            assertThat(byJoin.all()).extracting(p -> p.title).containsExactly("a");
            assertThat(tagsOfB.all()).extracting(t -> t.name).containsExactly("y");
        } finally {
            scoped.remove();
        }
    }
}
