package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.child;
import static dev.retort.orm.ParentChildModel.parent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;

/**
 * The seeds' row switch (delete one instance and add another with its primary key in one flush:
 * one UPDATE), and detached instances — of a closed session, or expunged — attached again by
 * {@code add()} (an UPDATE of what changed, never a second INSERT), also when only a new child
 * refers to them.
 */
class RowSwitchAndDetachedTest {

    @AutoClose
    private ParentChildModel model;

    private List<String> writes() {
        return model.sql.stream().filter(q -> !q.startsWith("SELECT")).toList();
    }

    /** Parent 1 "a" with child 10, parent 2 "b"; committed. */
    private void setUp(Databases.Database db) {
        model = new ParentChildModel(db, "save-update, merge");   // SQLAlchemy's default cascade: merge() follows children
        P a = parent(1, "a");
        a.children.add(child(10, "c"));
        model.commit(a, parent(2, "b"));
    }

    @EachDatabase
    void deleteAndAddWithTheSameKeyIsOneUpdate(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P old = s.get(P.class, 2);
        s.delete(old);
        P fresh = parent(2, "b2");
        s.add(fresh);
        model.sql.clear();
        s.commit();
        // SQLAlchemy 2.1.1, same model: SELECT of the children (to detach them), then
        // UPDATE p SET name=? WHERE p.id = ?  (every column but the key), no DELETE, no INSERT
        assertThat(model.sql.get(0)).startsWith("SELECT children.");
        assertThat(model.sql.subList(1, model.sql.size())).containsExactly("UPDATE parents SET name=? WHERE parents.id = ?");
        assertThat(model.parentNames()).isEqualTo(Map.of(1, "a", 2, "b2"));
        assertThat(s.contains(old)).isFalse();
        assertThat(s.get(P.class, 2)).isSameAs(fresh);
    }

    @EachDatabase
    void aRowSwitchOfAParentWithChildrenDetachesThemFirst(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P old = s.get(P.class, 1);
        s.delete(old);
        s.add(parent(1, "a2"));
        s.commit();
        assertThat(model.parentNames()).containsEntry(1, "a2");
        assertThat(model.childParents()).containsEntry(10, null);
    }

    @EachDatabase
    void aRolledBackRowSwitchRestoresTheOldInstance(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P old = s.get(P.class, 2);
        s.delete(old);
        P fresh = parent(2, "b2");
        s.add(fresh);
        s.flush();
        s.rollback();
        assertThat(s.contains(fresh)).isFalse();
        assertThat(s.get(P.class, 2)).isSameAs(old);
        assertThat(old.name).isEqualTo("b");
    }

    @EachDatabase
    void anInstanceOfAClosedSessionIsUpdatedNotInsertedAgain(Databases.Database db) {
        setUp(db);
        Session first = model.open();
        P a = first.get(P.class, 1);
        C c = a.children.get(0);
        first.close();
        a.name = "renamed";
        c.name = "c2";
        Session second = model.open();
        second.add(a);
        model.sql.clear();
        second.commit();
        assertThat(writes()).containsExactlyInAnyOrder("UPDATE parents SET name=? WHERE parents.id = ?", "UPDATE children SET name=? WHERE children.id = ?");
        assertThat(model.parentNames()).containsEntry(1, "renamed");
        assertThat(second.get(P.class, 1)).isSameAs(a);
    }

    @EachDatabase
    void aNewChildOfADetachedParentInsertsTheChildOnly(Databases.Database db) {
        setUp(db);
        Session first = model.open();
        P b = first.get(P.class, 2);
        first.close();
        C c = new C();
        c.id = 20;
        c.parent = b;
        Session second = model.open();
        second.add(c);
        model.sql.clear();
        second.commit();
        assertThat(model.sql).containsExactly("INSERT INTO children (id, name, parent_id) VALUES (?, ?, ?)");
        assertThat(model.childParents()).containsEntry(20, 2);
    }

    @EachDatabase
    void anExpungedInstanceAddedBackIsPersistentAgain(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P a = s.get(P.class, 1);
        s.expunge(a);
        a.name = "back";
        s.add(a);
        s.commit();
        assertThat(model.parentNames()).containsEntry(1, "back");
    }

    @EachDatabase
    void aDetachedInstanceWhoseKeyTheSessionHasAlreadyMustBeMerged(Databases.Database db) {
        setUp(db);
        Session first = model.open();
        P a = first.get(P.class, 1);
        first.close();
        Session second = model.open();
        P other = second.get(P.class, 1);
        assertThatThrownBy(() -> second.add(a)).isInstanceOf(ArgumentException.class).hasMessageContaining("merge()");
        a.name = "merged";
        assertThat(second.merge(a)).isSameAs(other);
        assertThat(other.name).isEqualTo("merged");
        assertThat(second.contains(a)).isFalse();
        second.commit();
        assertThat(model.parentNames()).containsEntry(1, "merged");
    }

    @EachDatabase
    void mergeOfAnUnknownKeyAddsACopyAndMergesItsChildren(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P p = parent(3, "c");
        C kid = new C();
        kid.id = 10;                        // exists, under parent 1: it moves
        kid.name = "kid";
        p.children.add(kid);
        P merged = s.merge(p);
        assertThat(merged).isNotSameAs(p);
        assertThat(merged.children).hasSize(1);
        C mergedKid = merged.children.get(0);
        assertThat(mergedKid).isSameAs(s.get(C.class, 10));
        assertThat(mergedKid.parent).isSameAs(merged);
        s.commit();
        assertThat(model.parentNames()).containsEntry(3, "c");
        assertThat(model.childParents()).containsEntry(10, 3);
    }
}
