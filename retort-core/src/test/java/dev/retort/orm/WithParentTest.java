package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.RelModel.Node;
import dev.retort.orm.RelModel.Post;
import dev.retort.orm.RelModel.Tag;
import dev.retort.testing.Databases;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ORM#withParent} renders as SQLAlchemy 2.1.1's {@code with_parent()} (expected SQL from running it)
 * and finds the related rows on each database; a relationship compared with (or a withParent() of) an
 * instance without a key yet reads the key when the query runs, so the query run after a flush uses it.
 */
class WithParentTest {
    private RelModel model;

    @AfterEach
    void tearDown() {
        if (model != null) {
            model.close();
        }
    }

    private String sql(Query<?> q) {
        return q.statement().compile().string().replace(model.suffix, "").replaceAll("\\s+", " ").trim();
    }

    private static Node node(int id, Integer parentId) {
        Node n = new Node();
        n.id = id;
        n.parentId = parentId;
        return n;
    }

    @Test
    void rendersAsSqlalchemy() {
        model = new RelModel(Databases.Database.SQLITE);
        Session s = model.open();
        Post p = new Post("p");
        p.id = 1;
        Node n = node(2, 1);
        assertThat(sql(s.query(Tag.class).filter(ORM.withParent(p, ORM.attr(Post.class, "tags")))))
                .isEqualTo("SELECT tags.id, tags.name FROM tags, post_tags AS post_tags_1 WHERE :param_1 = post_tags_1.post_id AND tags.id = post_tags_1.tag_id");
        assertThat(sql(s.query(Node.class).filter(ORM.withParent(n, ORM.attr(Node.class, "children")))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id FROM nodes WHERE :param_1 = nodes.parent_id");
        assertThat(sql(s.query(Node.class).filter(ORM.withParent(n, ORM.attr(Node.class, "parent")))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id FROM nodes WHERE nodes.id = :param_1");
        AliasedEntity<Node> na = ORM.aliased(Node.class);
        assertThat(sql(s.query(na).filter(ORM.withParent(n, ORM.attr(Node.class, "children"), na))))
                .isEqualTo("SELECT nodes_1.id, nodes_1.name, nodes_1.parent_id FROM nodes AS nodes_1 WHERE :param_1 = nodes_1.parent_id");
        AliasedEntity<Tag> ta = ORM.aliased(Tag.class);
        assertThat(sql(s.query(ta).filter(ORM.withParent(p, ORM.attr(Post.class, "tags"), ta))))
                .isEqualTo("SELECT tags_1.id, tags_1.name FROM tags AS tags_1, post_tags AS post_tags_1 WHERE :param_1 = post_tags_1.post_id AND tags_1.id = post_tags_1.tag_id");
        // compared with a keyless instance: as with a key (the value is read when the statement runs)
        assertThat(sql(s.query(Node.class).filter(ORM.attr(Node.class, "parent").ne(new Node()))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id FROM nodes WHERE nodes.parent_id != :parent_id_1 OR nodes.parent_id IS NULL");
        assertThat(sql(s.query(Node.class).filter(ORM.attr(Node.class, "parent").eq(new Node()))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id FROM nodes WHERE :param_1 = nodes.parent_id");
    }

    @Test
    void refusesAnotherClassOrEntity() {
        model = new RelModel(Databases.Database.SQLITE);
        assertThatThrownBy(() -> ORM.withParent(new Tag("t"), ORM.attr(Post.class, "tags"))).hasMessageContaining("Post instances");
        assertThatThrownBy(() -> ORM.withParent(new Post("p"), ORM.attr(Post.class, "tags"), ORM.aliased(Node.class)))
                .hasMessageContaining("leads to");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void findsTheRelatedRows(Databases.Database db) {
        model = new RelModel(db);
        Session s = model.open();
        Post a = new Post("a");
        Post b = new Post("b");
        Tag x = new Tag("x");
        Tag y = new Tag("y");
        a.tags.add(x);
        a.tags.add(y);
        b.tags.add(y);
        Node root = new Node("root", new Node("c1"), new Node("c2"));
        Node other = new Node("other", new Node("c3"));
        s.add(a);
        s.add(b);
        s.add(root);
        s.add(other);
        s.commit();
        Node c1 = root.children.get(0);
        assertThat(s.query(Tag.class).filter(ORM.withParent(a, ORM.attr(Post.class, "tags"))).orderBy(ORM.attr(Tag.class, "name")).all())
                .extracting(t -> t.name).containsExactly("x", "y");
        assertThat(s.query(Post.class).filter(ORM.withParent(y, ORM.attr(Tag.class, "posts"))).orderBy(ORM.attr(Post.class, "title")).all())
                .extracting(p -> p.title).containsExactly("a", "b");
        assertThat(s.query(Node.class).filter(ORM.withParent(root, ORM.attr(Node.class, "children"))).orderBy(ORM.attr(Node.class, "id")).all())
                .extracting(n -> n.name).containsExactly("c1", "c2");
        assertThat(s.query(Node.class).filter(ORM.withParent(c1, ORM.attr(Node.class, "parent"))).all())
                .extracting(n -> n.name).containsExactly("root");
        AliasedEntity<Node> na = ORM.aliased(Node.class);
        assertThat(s.query(na).filter(ORM.withParent(other, ORM.attr(Node.class, "children"), na)).all())
                .extracting(n -> n.name).containsExactly("c3");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aQueryBuiltBeforeTheFlushUsesTheKeyTheFlushGives(Databases.Database db) {
        model = new RelModel(db);
        Session s = model.open();
        s.add(new Node("old", new Node("old child")));
        s.commit();
        Node parent = new Node("new", new Node("n1"), new Node("n2"));
        Query<Node> children = s.query(Node.class).filter(ORM.withParent(parent, ORM.attr(Node.class, "children"))).orderBy(ORM.attr(Node.class, "id"));
        Query<Node> referring = s.query(Node.class).filter(ORM.attr(Node.class, "parent").eq(parent)).orderBy(ORM.attr(Node.class, "id"));
        Query<Node> notReferring = s.query(Node.class).filter(ORM.attr(Node.class, "parent").ne(parent)).orderBy(ORM.attr(Node.class, "id"));
        assertThat(children.all()).as("no key yet: = NULL matches no row").isEmpty();
        assertThatThrownBy(() -> QuerySerializer.dumps(children)).isInstanceOf(SerializationException.class);
        s.add(parent);
        s.flush();
        assertThat(children.all()).extracting(n -> n.name).containsExactly("n1", "n2");
        assertThat(referring.all()).extracting(n -> n.name).containsExactly("n1", "n2");
        assertThat(notReferring.all()).extracting(n -> n.name).containsExactly("old", "old child", "new");
    }
}
