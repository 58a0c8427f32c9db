package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.child;
import static dev.retort.orm.ParentChildModel.parent;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;

/**
 * Expire on commit, as the seeds' default: loaded collections load again on access, and other
 * attributes when the session next hands the instance out (get, query results, collection
 * members, many-to-one targets of a load); {@code expireOnCommit(false)} keeps everything.
 * Another connection changes the rows between the commit and the access.
 */
class ExpiryTest {

    @AutoClose
    private ParentChildModel model;

    /** Parent 1 "a" with child 10 "c"; committed. */
    private void setUp(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        P a = parent(1, "a");
        a.children.add(child(10, "c"));
        model.commit(a);
    }

    /** What another application does meanwhile: renames both rows, adds child 11 to parent 1. */
    private void elsewhere() {
        model.engine.inTransaction(conn -> {
            conn.execute(update(model.parents).values(Map.of("name", "a'")));
            conn.execute(update(model.children).values(Map.of("name", "c'")));
            conn.execute(insert(model.children).values(Map.of("id", 11, "name", "d", "parent_id", 1)));
        });
    }

    @EachDatabase
    void aLoadedCollectionLoadsAgainOnAccess(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P a = s.get(P.class, 1);
        assertThat(a.children).hasSize(1);
        s.commit();
        elsewhere();
        assertThat(a.children).extracting(x -> x.id).containsExactly(10, 11);
        assertThat(a.children.get(0).name).as("members are refreshed as the collection loads").isEqualTo("c'");
    }

    @EachDatabase
    void aManyToOneTargetIsRefreshedWhenALoadResolvesIt(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        C c = s.get(C.class, 10);
        P a = c.parent;
        s.commit();
        elsewhere();
        assertThat(s.query(C.class).all()).contains(c);
        assertThat(c.name).isEqualTo("c'");
        assertThat(c.parent).isSameAs(a);
        assertThat(a.name).isEqualTo("a'");
    }

    @EachDatabase
    void aChangeMadeBeforeTheReloadIsKeptAndFlushed(Databases.Database db) {
        setUp(db);
        Session s = model.open();
        P a = s.get(P.class, 1);
        s.commit();
        elsewhere();
        a.name = "mine";
        assertThat(s.get(P.class, 1)).isSameAs(a);
        assertThat(a.name).isEqualTo("mine");
        s.commit();
        assertThat(model.parentNames()).containsEntry(1, "mine");
    }

    @EachDatabase
    void expireOnCommitFalseKeepsValuesUntilRefresh(Databases.Database db) {
        setUp(db);
        Session s = model.open(SessionFactory.of(model.engine).expireOnCommit(false));
        P a = s.get(P.class, 1);
        assertThat(a.children).hasSize(1);
        s.commit();
        elsewhere();
        model.sql.clear();
        assertThat(s.get(P.class, 1).name).isEqualTo("a");
        assertThat(a.children).hasSize(1);
        assertThat(model.sql).as("nothing reloaded").isEmpty();
        s.refresh(a);
        assertThat(a.name).isEqualTo("a'");
        assertThat(a.children).hasSize(2);
    }
}
