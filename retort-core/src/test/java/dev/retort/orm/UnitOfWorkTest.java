package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.PickleType;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;

/** Dirty checking through the column type, delete cascades, and read-only records. */
class UnitOfWorkTest {
    public static class Doc {
        Integer id;
        String title;
        Map<String, Object> prefs;
    }

    public static class Parent {
        Integer id;
        String name;
        List<Child> children;
    }

    public static class Child {
        Integer id;
        String name;
        Parent parent;
    }

    /** The parents table again, read-only, with a computed attribute. */
    public record ParentView(Integer id, String name, String shout) {
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table docs = new Table("docs" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("title", Types.string(40)),
            Column.of("prefs", PickleType.<Map<String, Object>>builder().build()));
    private final Table parents = new Table("parents" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)));
    private final Table children = new Table("children" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("parent_id", Types.INTEGER).foreignKey("parents" + t.suffix + ".id"));
    private final List<String> sql = t.sql;

    private Session open(Databases.Database db) {
        if (t.engine() == null) {
            t.registry.mapImperatively(Doc.class, docs);
            t.registry.mapImperatively(Parent.class, parents, Map.of(
                    "children", ORM.relationship(Child.class).backref("parent").orderBy(children.c("id")).cascade("all, delete-orphan")));
            t.registry.mapImperatively(Child.class, children);
            t.registry.mapImperatively(ParentView.class, parents, Map.of("shout", ORM.columnProperty(func("upper", parents.c("name")))));
            t.start(db);
        }
        return t.open();
    }

    @EachDatabase
    void aPickledMapChangedInPlaceIsSaved(Databases.Database db) {
        Session s = open(db);
        Doc d = new Doc();
        d.id = 1;
        d.title = "t";
        d.prefs = new HashMap<>(Map.of("theme", "light"));
        s.add(d);
        s.commit();
        Session second = open(db);
        Doc loaded = second.get(Doc.class, 1);
        sql.clear();
        second.flush();
        assertThat(sql).as("an equal map is no change").isEmpty();
        loaded.prefs.put("theme", "dark");
        second.commit();
        assertThat(sql).hasSize(1);
        assertThat(sql.get(0)).startsWith("UPDATE docs SET prefs=?");
        assertThat(open(db).get(Doc.class, 1).prefs).isEqualTo(Map.of("theme", "dark"));
    }

    @EachDatabase
    void aFlushedPrimaryKeyChangeMovesTheInstanceToItsNewIdentity(Databases.Database db) {
        Session s = open(db);
        for (int id : new int[] {1000, 2000}) {
            Doc d = new Doc();
            d.id = id;
            d.title = "t" + id;
            s.add(d);
        }
        s.commit();
        Session t = open(db);
        Doc moved = t.get(Doc.class, 1000);
        Doc same = t.get(Doc.class, 2000);
        moved.id = 1001;
        // An equal key in another Integer object is no change of identity.
        same.id = Integer.valueOf(new String("2000"));
        same.title = "changed";
        t.flush();
        sql.clear();
        assertThat(t.get(Doc.class, 1001)).isSameAs(moved);
        assertThat(t.get(Doc.class, 2000)).isSameAs(same);
        assertThat(sql).as("both found in the identity map").isEmpty();
        assertThat(t.get(Doc.class, 1000)).isNull();
        t.commit();
        Session u = open(db);
        assertThat(u.get(Doc.class, 1001).title).isEqualTo("t1000");
        assertThat(u.get(Doc.class, 2000).title).isEqualTo("changed");
    }

    private static Parent parent(Integer id, String name) {
        Parent p = new Parent();
        p.id = id;
        p.name = name;
        p.children = new ArrayList<>();
        return p;
    }

    @EachDatabase
    void deletesCascadeToChildrenAndOrphans(Databases.Database db) {
        Session s = open(db);
        Parent p = parent(null, "p");
        for (String n : List.of("a", "b", "c")) {
            Child c = new Child();
            c.name = n;
            p.children.add(c);
        }
        s.add(p);
        s.commit();
        Child b = p.children.remove(1);
        s.flush();
        assertThat(s.contains(b)).isFalse();
        assertThat(s.query(Child.class).count()).isEqualTo(2);
        s.delete(p);
        sql.clear();
        s.commit();
        assertThat(sql).containsExactly("DELETE FROM children WHERE children.id = ?", "DELETE FROM parents WHERE parents.id = ?");
        assertThat(open(db).query(Child.class).count()).isZero();
    }

    @EachDatabase
    void recordsLoadReadOnlyWithComputedAttributes(Databases.Database db) {
        Session s = open(db);
        s.add(parent(5, "ann"));
        s.commit();
        Session reader = open(db);
        ParentView v = reader.query(ParentView.class).filter(ORM.attr(ParentView::shout).eq("ANN")).one();
        assertThat(v).isEqualTo(new ParentView(5, "ann", "ANN"));
        assertThat(reader.get(ParentView.class, 5)).isSameAs(v);
        assertThat(ORM.attr(ParentView::name)).isSameAs(ORM.attr(ParentView.class, "name"));
        assertThatThrownBy(() -> reader.add(new ParentView(6, "bo", null))).isInstanceOf(ArgumentException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> reader.delete(v)).isInstanceOf(ArgumentException.class).hasMessageContaining("read-only");
    }
}
