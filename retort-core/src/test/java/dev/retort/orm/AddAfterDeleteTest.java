package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import org.junit.jupiter.api.AutoClose;

/**
 * {@link Session#add} of an instance {@link Session#delete} marked, before a flush, undoes the
 * deletion, as SQLAlchemy's {@code add()} takes it out of {@code session.deleted}: the row stays and
 * the session finds the instance again. (The delete was kept: the row went at the next flush and
 * the session no longer found the instance, a row the application had put back lost.) Found by
 * {@link OwnersPetsTagsPropertyTest}.
 */
class AddAfterDeleteTest {
    @AutoClose
    private ParentChildModel model;

    /** A session over two parents and their children, mapped with {@code all, delete-orphan}. */
    private Session seeded(Databases.Database db) {
        model = new ParentChildModel(db, "all, delete-orphan");
        model.seedTwoParents();
        return model.open();
    }

    @Databases.EachDatabase
    void addUndoesAPendingDelete(Databases.Database db) {
        Session s = seeded(db);
        C c = s.get(C.class, 12);
        s.delete(c);
        s.add(c);
        assertThat(s.get(C.class, 12)).isSameAs(c);
        s.commit();
        assertThat(model.childParents()).containsEntry(12, 2);
        assertThat(s.get(P.class, 2).children).containsExactly(c);
    }

    /**
     * A parent's delete then add keeps its children too: Retort cascades a delete at the flush, from the instances still
     * marked. (SQLAlchemy cascades it in {@code delete()} and its {@code add()} takes back the parent's alone: the children
     * are deleted, the parent kept.)
     */
    @Databases.EachDatabase
    void addUndoesAParentsPendingDelete(Databases.Database db) {
        Session s = seeded(db);
        P a = s.get(P.class, 1);
        s.delete(a);
        s.add(a);
        s.commit();
        assertThat(model.parentNames()).containsEntry(1, "a");
        assertThat(model.childParents()).containsEntry(10, 1).containsEntry(11, 1);
    }
}
