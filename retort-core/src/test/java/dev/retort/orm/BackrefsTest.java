package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;

/**
 * Both sides of a one-to-many / many-to-one pair agree in memory, as with the seeds' backrefs:
 * a list operation updates the other side at once; a plain field assignment at the session's
 * next add or flush (which every query begins with); a child is never in two parents' lists.
 */
class BackrefsTest {

    @AutoClose
    private ParentChildModel model;

    private Session setUp(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        Session seed = model.open();
        for (int id = 1; id <= 2; id++) {
            P p = new P();
            p.id = id;
            p.name = "p" + id;
            seed.add(p);
        }
        for (int id = 10; id <= 12; id++) {
            C c = new C();
            c.id = id;
            c.parentId = id < 12 ? 1 : 2;
            seed.add(c);
        }
        seed.commit();
        return model.open();
    }

    @EachDatabase
    void appendingToAListTakesTheChildFromItsOldParentAtOnce(Databases.Database db) {
        Session s = setUp(db);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C c = a.children.get(0);
        assertThat(c.parent).isSameAs(a);
        assertThat(b.children).hasSize(1);
        model.sql.clear();
        b.children.add(c);
        assertThat(model.sql).as("no SQL needed").isEmpty();
        assertThat(c.parent).isSameAs(b);
        assertThat(a.children).extracting(x -> x.id).containsExactly(11);
        assertThat(b.children).extracting(x -> x.id).containsExactly(12, 10);
        s.commit();
        assertThat(model.childParents()).containsEntry(10, 2).containsEntry(11, 1);
        s.delete(a);                                  // must not touch 10, which is b's now
        s.commit();
        assertThat(model.childParents()).containsEntry(10, 2).containsEntry(11, null).containsEntry(12, 2);
    }

    @EachDatabase
    void removingFromAListClearsTheReference(Databases.Database db) {
        Session s = setUp(db);
        P a = s.get(P.class, 1);
        C c = a.children.remove(0);
        assertThat(c.parent).isNull();
        a.children.clear();
        assertThat(s.get(C.class, 11).parent).isNull();
        s.commit();
        assertThat(model.childParents()).containsEntry(10, null).containsEntry(11, null).containsEntry(12, 2);
    }

    @EachDatabase
    void settingTheReferenceMovesTheChildBetweenLoadedListsAtTheNextFlushOrQuery(Databases.Database db) {
        Session s = setUp(db);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        assertThat(a.children).hasSize(2);
        assertThat(b.children).hasSize(1);
        C c = s.get(C.class, 10);
        c.parent = b;
        assertThat(s.query(C.class).count()).isEqualTo(3);        // autoflush
        assertThat(a.children).extracting(x -> x.id).containsExactly(11);
        assertThat(b.children).extracting(x -> x.id).containsExactly(12, 10);
        c.parent = null;
        s.flush();
        assertThat(b.children).extracting(x -> x.id).containsExactly(12);
        s.commit();
        assertThat(model.childParents()).containsEntry(10, null);
    }

    @EachDatabase
    void aChildAppendedToTwoListsEndsInTheLastOnly(Databases.Database db) {
        Session s = setUp(db);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C fresh = new C();
        fresh.id = 20;
        a.children.add(fresh);
        b.children.add(fresh);
        assertThat(a.children).doesNotContain(fresh);
        assertThat(b.children).filteredOn(x -> x == fresh).hasSize(1);
        assertThat(fresh.parent).isSameAs(b);
        s.commit();
        assertThat(model.childParents()).containsEntry(20, 2);
    }

    @EachDatabase
    void newObjectsWiredByTheirReferenceJoinTheParentsListOnAdd(Databases.Database db) {
        Session s = setUp(db);
        P p = new P();
        p.id = 3;
        p.children = List.of();                        // immutable: replaced, not changed in place
        C c = new C();
        c.id = 30;
        c.parent = p;
        s.add(c);
        assertThat(p.children).containsExactly(c);
        assertThat(s.contains(p)).isTrue();
        s.commit();
        assertThat(model.childParents()).containsEntry(30, 3);
    }

    @EachDatabase
    void aListPutInTheFieldIsDiffedAgainstTheOldOne(Databases.Database db) {
        Session s = setUp(db);
        P a = s.get(P.class, 1);
        P b = s.get(P.class, 2);
        C c10 = s.get(C.class, 10);
        C c12 = s.get(C.class, 12);
        a.children = new ArrayList<>(List.of(c12));    // 10 and 11 leave a, 12 comes from b
        s.flush();
        assertThat(c10.parent).isNull();
        assertThat(c12.parent).isSameAs(a);
        assertThat(b.children).isEmpty();
        s.commit();
        assertThat(model.childParents()).containsEntry(10, null).containsEntry(11, null).containsEntry(12, 1);
    }
}
