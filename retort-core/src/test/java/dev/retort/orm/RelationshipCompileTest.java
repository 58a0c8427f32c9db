package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.RelModel.Node;
import dev.retort.orm.RelModel.Post;
import dev.retort.orm.RelModel.Tag;
import dev.retort.sql.ClauseElement;
import dev.retort.testing.Databases;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL of many-to-many and self-referential constructs, compared with what SQLAlchemy 2.1.1
 * renders for the same mapping (labels aside: Retort names anonymous aliases {@code anon_N}
 * where SQLAlchemy writes {@code nodes_1}, {@code post_tags_1}).
 */
class RelationshipCompileTest {
    @AutoClose
    private RelModel model;
    private Session s;

    @BeforeEach
    void setUp() {
        model = new RelModel(Databases.Database.SQLITE);
        s = model.open();
    }

    private String sql(ClauseElement e) {
        return e.compile().string().replace(model.suffix, "").replaceAll("\\s+", " ").trim();
    }

    @Test
    void manyToMany() {
        Tag t = new Tag();
        t.id = 5;
        assertThat(sql(ORM.attr(Post.class, "tags").any(ORM.attr(Tag.class, "name").eq("x"))))
                .isEqualTo("EXISTS (SELECT 1 FROM tags, post_tags, posts WHERE posts.id = post_tags.post_id AND tags.id = post_tags.tag_id AND tags.name = :name_1)");
        assertThat(sql(ORM.attr(Tag.class, "posts").any()))
                .isEqualTo("EXISTS (SELECT 1 FROM posts, post_tags, tags WHERE tags.id = post_tags.tag_id AND posts.id = post_tags.post_id)");
        assertThat(sql(ORM.attr(Post.class, "tags").contains(t))).isEqualTo("posts.id = post_tags_1.post_id AND :param_1 = post_tags_1.tag_id");
        assertThat(sql(s.query(Post.class).join(ORM.attr(Post.class, "tags")).filter(ORM.attr(Tag.class, "name").eq("x"))))
                .isEqualTo("SELECT posts.id, posts.title FROM posts JOIN post_tags AS post_tags_1 ON posts.id = post_tags_1.post_id JOIN tags ON tags.id = post_tags_1.tag_id "
                        + "WHERE tags.name = :name_1");
        assertThat(sql(s.query(Post.class).options(ORM.joinedLoad(ORM.attr(Post.class, "tags")))))
                .isEqualTo("SELECT posts.id, posts.title, tags_1.id AS id_1, tags_1.name FROM posts LEFT OUTER JOIN (post_tags AS post_tags_1 JOIN tags AS tags_1 "
                        + "ON tags_1.id = post_tags_1.tag_id) ON posts.id = post_tags_1.post_id ORDER BY tags_1.name");
        assertThat(sql(s.query(Post.class).filter(ORM.attr(Post.class, "tags").contains(t))))
                .isEqualTo("SELECT posts.id, posts.title FROM posts, post_tags AS post_tags_1 WHERE posts.id = post_tags_1.post_id AND :param_1 = post_tags_1.tag_id");
    }

    @Test
    void selfReferential() {
        Node n = new Node();
        n.id = 3;
        n.parentId = 1;
        assertThat(sql(ORM.attr(Node.class, "children").any(ORM.attr(Node.class, "name").eq("x"))))
                .isEqualTo("EXISTS (SELECT 1 FROM nodes AS nodes_1, nodes WHERE nodes.id = nodes_1.parent_id AND nodes_1.name = :name_1)");
        assertThat(sql(ORM.attr(Node.class, "parent").has(ORM.attr(Node.class, "name").eq("x"))))
                .isEqualTo("EXISTS (SELECT 1 FROM nodes AS nodes_1, nodes WHERE nodes_1.id = nodes.parent_id AND nodes_1.name = :name_1)");
        assertThat(sql(ORM.attr(Node.class, "children").contains(n))).isEqualTo("nodes.id = :param_1");
        assertThat(sql(ORM.attr(Node.class, "parent").eq(n))).isEqualTo(":param_1 = nodes.parent_id");
        AliasedEntity<Node> child = ORM.aliased(Node.class);
        assertThat(sql(s.query(Node.class).join(child, ORM.attr(Node.class, "children")).filter(child.attr("name").eq("x"))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id FROM nodes JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id WHERE nodes_1.name = :name_1");
        // select(Node).join(c1.parent).join(c2.parent): each alias's join is a FROM clause of its own, as SQLAlchemy's
        // (invalid SQL, nodes twice, "but that is what was asked for"), not a second join attached to the first
        AliasedEntity<Node> c1 = ORM.aliased(Node.class);
        AliasedEntity<Node> c2 = ORM.aliased(Node.class);
        assertThat(sql(s.query(Node.class).join(c1.attr("parent")).join(c2.attr("parent"))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id FROM nodes AS nodes_1 JOIN nodes ON nodes.id = nodes_1.parent_id, "
                        + "nodes AS nodes_2 JOIN nodes ON nodes.id = nodes_2.parent_id");
        assertThat(sql(s.query(Node.class).options(ORM.joinedLoad(ORM.attr(Node.class, "children")))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id, nodes_1.id AS id_1, nodes_1.name AS name_1, nodes_1.parent_id AS parent_id_1 "
                        + "FROM nodes LEFT OUTER JOIN nodes AS nodes_1 ON nodes.id = nodes_1.parent_id ORDER BY nodes_1.id");
        // SQLAlchemy's joinedload(Node.children).joinedload(Node.children): the deeper level's columns first, so its alias is nodes_1
        assertThat(sql(s.query(Node.class).options(ORM.joinedLoad(ORM.attr(Node.class, "children"), 2))))
                .isEqualTo("SELECT nodes.id, nodes.name, nodes.parent_id, nodes_1.id AS id_1, nodes_1.name AS name_1, nodes_1.parent_id AS parent_id_1, "
                        + "nodes_2.id AS id_2, nodes_2.name AS name_2, nodes_2.parent_id AS parent_id_2 FROM nodes LEFT OUTER JOIN nodes AS nodes_2 "
                        + "ON nodes.id = nodes_2.parent_id LEFT OUTER JOIN nodes AS nodes_1 ON nodes_2.id = nodes_1.parent_id ORDER BY nodes_2.id, nodes_1.id");
    }
}
