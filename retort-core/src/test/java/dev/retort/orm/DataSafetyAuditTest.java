package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.child;
import static dev.retort.orm.ParentChildModel.parent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.orm.RelModel.Node;
import dev.retort.testing.Databases;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Moves the other tests of moving children leave out: a child removed and put back in one
 * flush, a new child moved before its first flush, two children swapped, a many-to-one cleared
 * then set, a subtree moved within a tree and under its own descendant, and a detached graph
 * merged back. Nothing may be lost or written twice.
 *
 * <p>With delete-orphan, a query between taking a child out and putting it elsewhere (a lazy load
 * of the other parent's list, say) autoflushes, and the flush deletes the child as an orphan, as
 * in SQLAlchemy; SQLAlchemy then refuses to add the deleted child anywhere.
 */
class DataSafetyAuditTest {
    static Stream<Arguments> cases() {
        return Databases.all().flatMap(db -> Stream.of("save-update, merge", "all, delete-orphan").map(cascade -> Arguments.of(db, cascade)));
    }

    private ParentChildModel model;
    private RelModel tree;

    @AfterEach
    void tearDown() {
        if (model != null) {
            model.close();
        }
        if (tree != null) {
            tree.close();
        }
    }

    private Session seed(Databases.Database db, String cascade) {
        model = new ParentChildModel(db, cascade);
        model.seedTwoParents();
        return model.open();
    }

    /** A map of each child (an id or a name) to its parent, which may be null (Map.of takes no nulls). */
    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> rows(Object... childThenParent) {
        Map<K, V> m = new HashMap<>();
        for (int i = 0; i < childThenParent.length; i += 2) {
            m.put((K) childThenParent[i], (V) childThenParent[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void removedAndPutBackInOneFlushStays(Databases.Database db, String cascade) {
        Session s = seed(db, cascade);
        P a = s.get(P.class, 1);
        C c = s.get(C.class, 10);
        a.children.remove(c);
        a.children.add(c);
        s.commit();
        assertThat(model.childParents()).isEqualTo(rows(10, 1, 11, 1, 12, 2));
        assertThat(c.parent).isSameAs(a);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void aNewChildMovedBeforeItsFirstFlushIsInsertedOnceUnderItsLastParent(Databases.Database db, String cascade) {
        Session s = seed(db, cascade);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C x = child(13);
        a.children.add(x);
        b.children.add(x);
        a.children.remove(x);
        s.commit();
        assertThat(model.childParents()).isEqualTo(rows(10, 1, 11, 1, 12, 2, 13, 2));
        assertThat(model.sql.stream().filter(q -> q.startsWith("INSERT")).count()).isEqualTo(3);   // seed: 2; then one
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void twoChildrenSwappedInOneFlush(Databases.Database db, String cascade) {
        Session s = seed(db, cascade);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C c10 = s.get(C.class, 10);
        C c12 = s.get(C.class, 12);
        // Both lists loaded first: loading one after the other's removal autoflushes that removal (see the class comment).
        assertThat(a.children).hasSize(2);
        assertThat(b.children).hasSize(1);
        a.children.remove(c10);
        b.children.remove(c12);
        b.children.add(c10);
        a.children.add(c12);
        s.commit();
        assertThat(model.childParents()).isEqualTo(rows(10, 2, 11, 1, 12, 1));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void manyToOneClearedThenSetBeforeTheFlushKeepsTheRow(Databases.Database db, String cascade) {
        Session s = seed(db, cascade);
        P b = s.get(P.class, 2);
        C c = s.get(C.class, 10);
        c.parent = null;
        c.parent = b;
        s.commit();
        assertThat(model.childParents()).isEqualTo(rows(10, 2, 11, 1, 12, 2));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void movedOutThenTheOldParentDeletedWithItsListLoaded(Databases.Database db, String cascade) {
        Session s = seed(db, cascade);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C c = s.get(C.class, 10);
        assertThat(a.children).hasSize(2);
        a.children.remove(c);
        b.children.add(c);
        s.delete(a);
        s.commit();
        Map<Integer, Integer> want = cascade.contains("delete") ? rows(10, 2, 12, 2) : rows(10, 2, 11, null, 12, 2);
        assertThat(model.childParents()).isEqualTo(want);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void aDetachedGraphMergedBack(Databases.Database db, String cascade) {
        Session s = seed(db, cascade);
        P a = s.get(P.class, 1);
        assertThat(a.children).hasSize(2);
        s.close();
        C c10 = a.children.get(0);
        C c11 = a.children.get(1);
        c10.name = "renamed";
        a.children.remove(c11);
        a.children.add(child(13));
        Session t = model.open();
        P merged = t.merge(a);
        P again = t.merge(a);
        assertThat(again).isSameAs(merged);
        t.commit();
        Map<Integer, Integer> want = cascade.contains("orphan") ? rows(10, 1, 12, 2, 13, 1) : rows(10, 1, 11, null, 12, 2, 13, 1);
        assertThat(model.childParents()).isEqualTo(want);
        assertThat(model.open().get(C.class, 10).name).isEqualTo("renamed");
    }

    static Stream<Arguments> trees() {
        return Databases.all().flatMap(db -> Stream.of("all", "all, delete-orphan").map(cascade -> Arguments.of(db, cascade)));
    }

    private Map<String, String> parentsByName() {
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, Integer> parentOf = new HashMap<>();
        for (List<Object> r : tree.rows(tree.nodes)) {
            names.put((Integer) r.get(0), (String) r.get(1));
            parentOf.put((Integer) r.get(0), (Integer) r.get(2));
        }
        Map<String, String> out = new HashMap<>();
        names.forEach((id, name) -> out.put(name, parentOf.get(id) == null ? null : names.get(parentOf.get(id))));
        return out;
    }

    /** root -> (a -> (a1 -> (a11), a2), b). */
    private Session seedTree(Databases.Database db, String cascade) {
        tree = new RelModel(db, t -> ORM.relationship(Node.class).backref("parent").orderBy(t.c("id")).cascade(cascade));
        Session s = tree.open();
        s.add(new Node("root", new Node("a", new Node("a1", new Node("a11")), new Node("a2")), new Node("b")));
        s.commit();
        return tree.open();
    }

    private static Node named(Session s, String name) {
        return s.query(Node.class).filter(ORM.attr(Node.class, "name").eq(name)).one();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("trees")
    void aSubtreeMovedToAnotherBranchThenItsOldParentDeleted(Databases.Database db, String cascade) {
        Session s = seedTree(db, cascade);
        Node a = named(s, "a");
        Node a1 = named(s, "a1");
        Node b = named(s, "b");
        a.children.remove(a1);
        b.children.add(a1);
        s.flush();
        s.delete(a);
        s.commit();
        assertThat(parentsByName()).isEqualTo(rows("root", null, "b", "root", "a1", "b", "a11", "a1"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("trees")
    void aNodeMovedUnderItsOwnChildAfterTheChildMovedUp(Databases.Database db, String cascade) {
        Session s = seedTree(db, cascade);
        Node root = named(s, "root");
        Node a = named(s, "a");
        Node a1 = named(s, "a1");
        // a1 takes a's place under root, and a goes under a1: a parent and child swapped in one flush.
        a.children.remove(a1);
        root.children.add(a1);
        root.children.remove(a);
        a1.children.add(a);
        s.commit();
        assertThat(parentsByName()).isEqualTo(rows("root", null, "a1", "root", "a", "a1", "a11", "a1", "a2", "a", "b", "root"));
    }

    /** Seen in SQLAlchemy as "Instance ... has been deleted" when appended; before, Retort wrote nothing and the row was gone. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.retort.testing.Databases#all")
    void aChildDeletedByAnEarlierFlushIsNotSilentlyAddedBack(Databases.Database db) {
        Session s = seed(db, "all, delete-orphan");
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C c10 = s.get(C.class, 10);
        C c12 = s.get(C.class, 12);
        a.children.remove(c10);
        b.children.remove(c12);      // loads b's list: the query autoflushes, deleting c10 as an orphan
        b.children.add(c10);
        a.children.add(c12);
        org.assertj.core.api.Assertions.assertThatThrownBy(s::commit).isInstanceOf(dev.retort.exc.RetortException.class)
                .hasMessageContaining("C10").hasMessageContaining("deleted");
        s.rollback();
        assertThat(model.childParents()).isEqualTo(rows(10, 1, 11, 1, 12, 2));
    }
}
