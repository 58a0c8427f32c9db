package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;

/** Registry.map() of @ManyToMany/@JoinTable, self-referential and doubled @ManyToOne relationships. */
class AnnotatedRelationsTest {
    @Entity
    public static class Post {
        @Id @GeneratedValue Integer id;
        String title;
        @ManyToMany
        @JoinTable(name = "post_tags", joinColumns = @JoinColumn(name = "post_id"), inverseJoinColumns = @JoinColumn(name = "tag_id"))
        @OrderBy("name")
        List<Tag> tags = new ArrayList<>();
        @ManyToOne @JoinColumn(name = "author_id") Person author;
        @ManyToOne Person editor;

        public Post() {
        }
    }

    @Entity
    public static class Tag {
        @Id @GeneratedValue Integer id;
        String name;
        @ManyToMany(mappedBy = "tags") List<Post> posts = new ArrayList<>();

        public Tag() {
        }

        Tag(String name) {
            this.name = name;
        }
    }

    @Entity
    public static class Person {
        @Id @GeneratedValue Integer id;
        String name;
        @OneToMany(mappedBy = "author") List<Post> written = new ArrayList<>();
        @ManyToMany
        @JoinTable(name = "friendships", joinColumns = @JoinColumn(name = "person_id"), inverseJoinColumns = @JoinColumn(name = "friend_id"))
        List<Person> friends = new ArrayList<>();
        @ManyToMany(mappedBy = "friends") List<Person> friendOf = new ArrayList<>();

        public Person() {
        }

        Person(String name) {
            this.name = name;
        }
    }

    @Entity
    public static class Node {
        @Id @GeneratedValue Integer id;
        String name;
        @ManyToOne Node parent;
        @OneToMany(mappedBy = "parent") @OrderBy("name") List<Node> children = new ArrayList<>();

        public Node() {
        }

        Node(String name) {
            this.name = name;
        }
    }

    @EachDatabase
    void manyToManySelfReferenceAndTwoKeysToOneTable(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase fixture = new OrmTestDatabase().suffixingMappedTables()) {
            fixture.registry.map(Post.class, Tag.class, Person.class, Node.class);
            Table assoc = fixture.metadata.tables().get("post_tags" + fixture.suffix);
            assertThat(assoc.columns()).extracting(c -> c.name()).containsExactly("post_id", "tag_id");
            assertThat(fixture.metadata.tables().get("Post" + fixture.suffix).columns()).extracting(c -> c.name()).contains("author_id", "editor_id");
            fixture.start(engine);
            int postId;
            int rootId;
            try (Session s = SessionFactory.of(engine).open()) {
                Person ann = new Person("ann");
                Person ed = new Person("ed");
                Post p = new Post();
                p.title = "hello";
                p.author = ann;
                p.editor = ed;
                ann.friends.add(ed);
                p.tags.add(new Tag("zeta"));
                p.tags.add(new Tag("alpha"));
                s.add(p);
                assertThat(ed.friendOf).as("the mappedBy side, once in the session").containsExactly(ann);
                Node root = new Node("root");
                root.children.add(new Node("b"));
                root.children.add(new Node("a"));
                s.add(root);
                s.commit();
                postId = p.id;
                rootId = root.id;
            }
            try (Session s = SessionFactory.of(engine).open()) {
                Post p = s.get(Post.class, postId);
                assertThat(p.tags).extracting(t -> t.name).containsExactly("alpha", "zeta");
                assertThat(p.tags.get(0).posts).containsExactly(p);
                assertThat(p.author.name).isEqualTo("ann");
                assertThat(p.editor.name).isEqualTo("ed");
                assertThat(p.author.written).containsExactly(p);
                assertThat(p.author.friends).containsExactly(p.editor);
                assertThat(p.editor.friendOf).containsExactly(p.author);
                assertThat(s.query(Person.class).filter(ORM.attr(Person.class, "friends").contains(p.editor)).all()).containsExactly(p.author);
                assertThat(s.query(Post.class).filter(ORM.attr(Post.class, "tags").any(ORM.attr(Tag.class, "name").eq("zeta"))).all()).containsExactly(p);
                Node root = s.get(Node.class, rootId);
                assertThat(root.children).extracting(n -> n.name).containsExactly("a", "b");
                assertThat(root.children.get(0).parent).isSameAs(root);
                p.tags.remove(1);
                s.commit();
                assertThat(s.get(Post.class, postId).tags).extracting(t -> t.name).containsExactly("alpha");
            }
        }
    }
}
