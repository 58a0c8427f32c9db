package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.RetortException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.RelModel.Node;
import dev.retort.testing.Databases;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adjacency lists on each database: a tree of new nodes flushes parents before children (their
 * keys are generated), loads joined and "select in" to a depth (the option also after the serializer), is queried through an aliased
 * self-join (also after the serializer), deletes children before parents, and rows that refer
 * to each other in a cycle are written through a post-update.
 */
class SelfReferentialTest {
    @AutoClose
    private RelModel model;

    /** root -> (a -> (a1 -> (a11), a2), b), committed; root's id. */
    private int seed() {
        Session s = model.open();
        // Added leaf first, so that the session's order is not the order the rows need.
        Node a11 = new Node("a11");
        s.add(a11);
        Node root = new Node("root", new Node("a", new Node("a1", a11), new Node("a2")), new Node("b"));
        s.add(root);
        s.commit();
        return root.id;
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void parentsAreInsertedBeforeTheirChildren(Databases.Database db) {
        model = new RelModel(db);
        seed();
        List<String> inserts = model.take("INSERT");
        // Six rows, in as many statements or fewer: rows that wait for no key share a multi-row INSERT.
        assertThat(inserts).isNotEmpty().hasSizeLessThanOrEqualTo(6);
        // Every row's parent_id refers to a row inserted before it.
        List<List<Object>> rows = model.rows(model.nodes);
        assertThat(rows).hasSize(6);
        for (List<Object> row : rows) {
            if (row.get(2) != null) {
                assertThat((Integer) row.get(2)).isLessThan((Integer) row.get(0));
            }
        }
        Session s = model.open();
        Node a11 = s.query(Node.class).filter(ORM.attr(Node.class, "name").eq("a11")).one();
        assertThat(a11.parent.name).isEqualTo("a1");
        assertThat(a11.parent.parent.parent.name).isEqualTo("root");
        assertThat(a11.parent.parent.parent.parent).isNull();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void joinedAndSelectinLoadToADepth(Databases.Database db) {
        model = new RelModel(db);
        int rootId = seed();
        QueryableAttribute<?> children = ORM.attr(Node.class, "children");
        for (LoaderOption option : List.of(ORM.joinedLoad(children, 3), ORM.selectinLoad(children, 3))) {
            Session s = model.open();
            model.take("");
            Query<Node> q = s.query(Node.class).filter(ORM.attr(Node.class, "id").eq(rootId)).options(option);
            @SuppressWarnings("unchecked")
            Query<Node> back = ((Query<Node>) QuerySerializer.loads(QuerySerializer.dumps(q), model.metadata)).withSession(s);
            assertThat(back.loaderOptions()).extracting(LoaderOption::depth).containsExactly(3);
            Node root = back.one();
            int statements = model.take("SELECT").size();
            assertThat(root.children).extracting(n -> n.name).containsExactly("a", "b");
            Node a = root.children.get(0);
            assertThat(a.children).extracting(n -> n.name).containsExactly("a1", "a2");
            assertThat(a.children.get(0).children).extracting(n -> n.name).containsExactly("a11");
            assertThat(model.take("SELECT")).as(option + ": three levels loaded, nothing more on access").isEmpty();
            // Three levels: the parents of each level's nodes are in the identity map already, so no statement resolves them.
            assertThat(statements).as(option.toString()).isEqualTo(option.strategy() == LoaderOption.Strategy.JOINED ? 1 : 4);
            assertThat(a.children.get(0).children.get(0).children).as("the fourth level loads lazily").isEmpty();
            assertThat(model.take("SELECT")).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aliasedSelfJoinsAndAnyFindNodesByTheirChildren(Databases.Database db) {
        model = new RelModel(db);
        seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(model.engine));
        try {
            AliasedEntity<Node> child = ORM.aliased(Node.class);
            Query<Node> parentsOfA2 = scoped.query(Node.class).join(child, ORM.attr(Node.class, "children")).filter(child.attr("name").eq("a2"));
            Query<Node> withChildNamedB = scoped.query(Node.class).filter(ORM.attr(Node.class, "children").any(ORM.attr(Node.class, "name").eq("b")));
            Query<Node> underA = scoped.query(Node.class).filter(ORM.attr(Node.class, "parent").has(ORM.attr(Node.class, "name").eq("a")))
                    .orderBy(ORM.attr(Node.class, "name"));
            for (Query<Node> q : List.of(parentsOfA2, withChildNamedB, underA)) {
                @SuppressWarnings("unchecked")
                Query<Node> back = (Query<Node>) QuerySerializer.loads(QuerySerializer.dumps(q), model.metadata, scoped);
                assertThat(back.all()).isEqualTo(q.all());
            }
            assertThat(parentsOfA2.all()).extracting(n -> n.name).containsExactly("a");
            assertThat(withChildNamedB.all()).extracting(n -> n.name).containsExactly("root");
            assertThat(underA.all()).extracting(n -> n.name).containsExactly("a1", "a2");
            Node a = scoped.query(Node.class).filter(ORM.attr(Node.class, "name").eq("a")).one();
            assertThat(scoped.query(Node.class).filter(ORM.attr(Node.class, "children").contains(a)).all()).extracting(n -> n.name).containsExactly("root");
        } finally {
            scoped.remove();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void deletingASubtreeDeletesChildrenFirst(Databases.Database db) {
        model = new RelModel(db);
        int rootId = seed();
        Session s = model.open();
        Node root = s.get(Node.class, rootId);
        s.delete(root.children.get(0));
        model.take("");
        s.commit();
        List<String> deletes = model.take("DELETE");
        assertThat(deletes).isNotEmpty();
        assertThat(model.rows(model.nodes)).extracting(r -> r.get(1)).containsExactlyInAnyOrder("root", "b");
    }

    /** Nodes x and y, each the other's child, added to {@code s}. */
    private static Node[] cycle(Session s) {
        Node x = new Node("x");
        Node y = new Node("y");
        x.children.add(y);
        y.children.add(x);
        s.add(x);
        return new Node[] {x, y};
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aCycleNeedsAPostUpdate(Databases.Database db) {
        model = new RelModel(db);
        Session s = model.open();
        cycle(s);
        assertThatThrownBy(s::flush).isInstanceOf(RetortException.class).hasMessageContaining("cycle").hasMessageContaining("postUpdate()");
        s.rollback();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aPostUpdateWritesACycleAndClearsItBeforeDeleting(Databases.Database db) {
        model = new RelModel(db, t -> ORM.relationship(Node.class).backref("parent").orderBy(t.c("id")).postUpdate());
        Session s = model.open();
        Node[] xy = cycle(s);
        Node x = xy[0];
        Node y = xy[1];
        model.take("");
        s.commit();
        List<String> sql = model.take("");
        assertThat(sql.stream().filter(q -> q.startsWith("INSERT")).count()).isEqualTo(2);
        assertThat(sql.stream().filter(q -> q.startsWith("UPDATE nodes SET parent_id")).count()).as(sql.toString()).isGreaterThanOrEqualTo(1);
        assertThat(model.rows(model.nodes)).containsExactlyInAnyOrder(List.of(x.id, "x", y.id), List.of(y.id, "y", x.id));

        Session d = model.open();
        d.delete(d.get(Node.class, x.id));
        d.delete(d.get(Node.class, y.id));
        model.take("");
        d.commit();
        List<String> deleting = model.take("");
        assertThat(deleting.stream().filter(q -> q.startsWith("UPDATE nodes SET parent_id")).count()).isGreaterThanOrEqualTo(1);
        assertThat(model.rows(model.nodes)).isEmpty();
    }

    /**
     * A loaded joined load deeper than {@value ColumnLoads#MAX_LOADED_JOIN_DEPTH} is refused in
     * milliseconds, naming its depth: a depth of 2,000 (a few bytes) took 30 seconds to compile, and
     * 100,000 ran out of memory. The deepest one allowed loads and compiles.
     */
    @org.junit.jupiter.api.Test
    void aLoadedJoinedLoadDeeperThanAnyDatabaseJoinsIsRefused() {
        model = new RelModel(Databases.Database.SQLITE);
        QueryableAttribute<?> children = ORM.attr(Node.class, "children");
        String json = new String(QuerySerializer.dumps(ORM.select(Node.class).options(ORM.joinedLoad(children, 3)),
                dev.retort.ext.serializer.Protocol.JSON), java.nio.charset.StandardCharsets.UTF_8);
        java.util.function.IntFunction<byte[]> withDepth = depth -> json.replaceFirst("\"depth\" : \\{\\s*\"int\" : 3\\s*}",
                "\"depth\" : { \"int\" : " + depth + " }").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(withDepth.apply(5), java.nio.charset.StandardCharsets.UTF_8)).contains("\"int\" : 5 }");
        Query<?> deepest = (Query<?>) QuerySerializer.loads(withDepth.apply(ColumnLoads.MAX_LOADED_JOIN_DEPTH), model.metadata);
        assertThat(deepest.statement().compile().string().split("LEFT OUTER JOIN", -1)).hasSize(ColumnLoads.MAX_LOADED_JOIN_DEPTH + 1);
        for (int depth : new int[] {ColumnLoads.MAX_LOADED_JOIN_DEPTH + 1, 2_000, Integer.MAX_VALUE}) {
            // Refused as the depth is read, before a join is built.
            assertThatThrownBy(() -> QuerySerializer.loads(withDepth.apply(depth), model.metadata)).as("depth " + depth)
                    .isInstanceOf(dev.retort.exc.SerializationException.class).hasMessageContaining("depth " + depth);
        }
    }
}
