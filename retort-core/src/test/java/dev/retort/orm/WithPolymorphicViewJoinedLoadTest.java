package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A joined load whose path starts at a with_polymorphic entity's view as a subclass ({@code wp.Sub1.links}), as in
 * SQLAlchemy's JoinedloadOverWPolyAliased.test_local_wpoly: the option was silently not applied (no eager join).
 * The join reaches every row of the base; only the subclass's instances get the collection. The SQL is SQLAlchemy 2.1.1's.
 */
class WithPolymorphicViewJoinedLoadTest {
    /** The single-table base. */
    public static class Parent {
        Integer id;
        String type;
    }

    /** Its subclass, with links. */
    public static class Sub1 extends Parent {
        List<Link> links;
    }

    /** A link from a parent to a child. */
    public static class Link {
        Integer parentId;
        Integer childId;
        Parent child;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table parent = new Table("parent" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("type", Types.string(20)));
    private final Table link = new Table("link" + orm.suffix, orm.metadata,
            Column.of("parent_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("parent" + orm.suffix + ".id"),
            Column.of("child_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("parent" + orm.suffix + ".id"));

    WithPolymorphicViewJoinedLoadTest() {
        orm.registry.mapImperatively(Parent.class, parent, Map.of(), ORM.polymorphicOn(parent.c("type")).identity("parent"));
        orm.registry.mapImperatively(Sub1.class, parent, Map.of("links", ORM.relationship(Link.class).primaryJoin(parent.c("id").eq(link.c("parent_id")))),
                ORM.inherits(Parent.class).identity("s1"));
        orm.registry.mapImperatively(Link.class, link, Map.of("child", ORM.relationship(Parent.class).primaryJoin(link.c("child_id").eq(parent.c("id")))));
    }

    private static Query<?> query() {
        AliasedEntity<Parent> poly = ORM.withPolymorphic(Parent.class, List.of(Sub1.class));
        return ORM.select(poly).options(ORM.joinedLoad(poly.of(Sub1.class).attr("links"))
                .joinedLoad(ORM.attr(Link.class, "child").ofType(Sub1.class)).joinedLoad(ORM.attr(Sub1.class, "links")))
                .orderBy(poly.attr("id"));
    }

    /** SQLAlchemy's SQL for this mapping (the relationships given to the mappings, so their loads set up before the columns). */
    @Test
    void joinsFromTheView() {
        assertThat(orm.sqlOf(query())).isEqualTo("SELECT parent.id, parent.type, parent_1.id AS id_1, parent_1.type AS type_1, "
                + "link_1.parent_id, link_1.child_id, link_2.parent_id AS parent_id_1, link_2.child_id AS child_id_1 FROM parent "
                + "LEFT OUTER JOIN link AS link_2 ON parent.id = link_2.parent_id LEFT OUTER JOIN parent AS parent_1 ON link_2.child_id = parent_1.id "
                + "LEFT OUTER JOIN link AS link_1 ON parent_1.id = link_1.parent_id ORDER BY parent.id");
    }

    private static Link link(int from, int to) {
        Link l = new Link();
        l.parentId = from;
        l.childId = to;
        return l;
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsTheSubclassesCollections(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Parent p1 = new Parent();
        p1.id = 1;
        Sub1 p2 = new Sub1();
        p2.id = 2;
        Sub1 p3 = new Sub1();
        p3.id = 3;
        s.addAll(List.of(p1, p2, p3));
        s.flush();
        s.addAll(List.of(link(2, 3), link(3, 1), link(1, 2)));
        s.commit();
        Session t = orm.open();
        @SuppressWarnings("unchecked")
        List<Parent> rows = (List<Parent>) query().withSession(t).all();
        orm.take("");
        assertThat(rows).extracting(p -> p.id + " " + p.getClass().getSimpleName() + (p instanceof Sub1 sub ? " " + sub.links.stream()
                .map(l -> l.parentId + ">" + l.childId + ":" + l.child.getClass().getSimpleName()).toList() : ""))
                .containsExactly("1 Parent", "2 Sub1 [2>3:Sub1]", "3 Sub1 [3>1:Parent]");
        Sub1 three = (Sub1) ((Sub1) rows.get(1)).links.get(0).child;
        assertThat(three.links).extracting(l -> l.parentId + ">" + l.childId).containsExactly("3>1");
        assertThat(orm.take("")).as("all loaded by the one statement").isEmpty();
    }
}
