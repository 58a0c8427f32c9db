package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A many-to-many between two joined-table subclasses whose association table's keys both refer to the
 * base table, its joins declared on the base's key ({@code parent.id = secondary.right_id}), as in
 * SQLAlchemy's SelfReferentialM2MTest: the relationship builder took the base table for neither
 * subclass's and refused it. The SQL is SQLAlchemy 2.1.1's.
 */
class SubclassManyToManyOnBaseKeysTest {
    /** The base class. */
    public static class Parent {
        Integer id;
        String cls;
    }

    /** One subclass, with at most one Child2. */
    public static class Child1 extends Parent {
        Child2 leftChild2;
    }

    /** The other. */
    public static class Child2 extends Parent {
        List<Child1> rightChildren;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table secondary = new Table("secondary" + orm.suffix, orm.metadata,
            Column.of("left_id", Types.INTEGER).foreignKey("parent" + orm.suffix + ".id").nullable(false),
            Column.of("right_id", Types.INTEGER).foreignKey("parent" + orm.suffix + ".id").nullable(false));
    private final Table parent = new Table("parent" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("cls", Types.string(50)));
    private final Table child1 = new Table("child1" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("parent" + orm.suffix + ".id"));
    private final Table child2 = new Table("child2" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("parent" + orm.suffix + ".id"));

    SubclassManyToManyOnBaseKeysTest() {
        orm.registry.mapImperatively(Parent.class, parent, Map.of(), ORM.polymorphicOn(parent.c("cls")));
        orm.registry.mapImperatively(Child1.class, child1, Map.of("left_child2", ORM.relationship(Child2.class).secondary(secondary)
                .primaryJoin(parent.c("id").eq(secondary.c("right_id"))).secondaryJoin(parent.c("id").eq(secondary.c("left_id")))
                .uselist(false).backref("right_children")), ORM.inherits(Parent.class).identity("child1"));
        orm.registry.mapImperatively(Child2.class, child2, Map.of(), ORM.inherits(Parent.class).identity("child2"));
    }

    private static AliasedEntity<Child2> c2() {
        return ORM.aliased(Child2.class);
    }

    private static Query<Row> joined(AliasedEntity<Child2> c2) {
        return ORM.select(Child1.class, c2).join(ORM.attr(Child1.class, "left_child2").ofType(c2))
                .orderBy(ORM.attr(Child1.class, "id"), c2.attr("id"));
    }

    private static Query<Child1> eagerChild1() {
        return ORM.select(Child1.class).options(ORM.joinedLoad(ORM.attr(Child1.class, "left_child2"))).orderBy(ORM.attr(Child1.class, "id"));
    }

    private static Query<Child2> eagerChild2() {
        return ORM.select(Child2.class).options(ORM.joinedLoad(ORM.attr(Child2.class, "right_children"))).orderBy(ORM.attr(Child2.class, "id"));
    }

    private static Query<Child2> pairedWith(Child2 c22) {
        AliasedEntity<Child1> c1 = ORM.aliased(Child1.class);
        return ORM.select(Child2.class).join(ORM.attr(Child2.class, "right_children").ofType(c1)).where(c1.attr("left_child2").eq(c22));
    }

    /** The comparison of a uselist(false) many-to-many with an instance was refused as one of a collection. */
    @Test
    void comparesWithAnInstanceThroughAnAssociationRow() {
        assertThat(orm.sqlOf(pairedWith(child2(11)))).isEqualTo("SELECT child2.id, parent.id AS id_1, parent.cls "
                + "FROM parent JOIN child2 ON parent.id = child2.id JOIN secondary AS secondary_1 ON parent.id = secondary_1.left_id "
                + "JOIN (parent AS parent_1 JOIN child1 AS child1_1 ON parent_1.id = child1_1.id) ON parent_1.id = secondary_1.right_id, "
                + "secondary AS secondary_2 WHERE parent_1.id = secondary_2.right_id AND :param_1 = secondary_2.left_id");
    }

    /** A LIMIT with a joined eager load of a uselist(false) relationship limits the joined rows, each parent's one: no subquery. */
    @Test
    void limitsAScalarEagerLoadWithoutASubquery() {
        assertThat(orm.sqlOf(eagerChild1().limit(2))).isEqualTo("SELECT child1.id, parent.id AS id_1, parent.cls, child2_1.id AS id_2, parent_1.id AS id_3, "
                + "parent_1.cls AS cls_1 FROM parent JOIN child1 ON parent.id = child1.id LEFT OUTER JOIN (secondary AS secondary_1 JOIN (parent AS parent_1 "
                + "JOIN child2 AS child2_1 ON parent_1.id = child2_1.id) ON parent_1.id = secondary_1.left_id) ON parent.id = secondary_1.right_id "
                + "ORDER BY child1.id LIMIT :param_1");
    }

    @Test
    void eagerLoadsThroughTheBaseKeys() {
        assertThat(orm.sqlOf(eagerChild1())).isEqualTo("SELECT child1.id, parent.id AS id_1, parent.cls, child2_1.id AS id_2, parent_1.id AS id_3, parent_1.cls AS cls_1 "
                + "FROM parent JOIN child1 ON parent.id = child1.id LEFT OUTER JOIN (secondary AS secondary_1 JOIN (parent AS parent_1 JOIN child2 AS child2_1 "
                + "ON parent_1.id = child2_1.id) ON parent_1.id = secondary_1.left_id) ON parent.id = secondary_1.right_id ORDER BY child1.id");
        assertThat(orm.sqlOf(eagerChild2())).isEqualTo("SELECT child2.id, parent.id AS id_1, parent.cls, child1_1.id AS id_2, parent_1.id AS id_3, parent_1.cls AS cls_1 "
                + "FROM parent JOIN child2 ON parent.id = child2.id LEFT OUTER JOIN (secondary AS secondary_1 JOIN (parent AS parent_1 JOIN child1 AS child1_1 "
                + "ON parent_1.id = child1_1.id) ON parent_1.id = secondary_1.right_id) ON parent.id = secondary_1.left_id ORDER BY child2.id");
    }

    private static Child1 child1(int id) {
        Child1 c = new Child1();
        c.id = id;
        return c;
    }

    private static Child2 child2(int id) {
        Child2 c = new Child2();
        c.id = id;
        return c;
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void flushesAndLoadsTheAssociationRows(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Child1 a = child1(1);
        Child1 b = child1(2);
        Child1 c = child1(3);
        Child2 x = child2(11);
        Child2 y = child2(12);
        a.leftChild2 = x;
        b.leftChild2 = x;
        c.leftChild2 = y;
        s.addAll(List.of(a, b, c, x, y));
        s.flush();
        orm.take("");
        b.leftChild2 = null;
        c.leftChild2 = x;
        s.commit();
        List<String> flushed = orm.take("");
        assertThat(flushed).filteredOn(q -> q.startsWith("DELETE") || q.startsWith("INSERT")).containsExactly(
                "DELETE FROM secondary WHERE secondary.left_id = ? AND secondary.right_id = ?",
                "INSERT INTO secondary (left_id, right_id) VALUES (?, ?)");
        Session t = orm.open();
        assertThat(t.execute(SQL.select(secondary.c("left_id"), secondary.c("right_id")).orderBy(secondary.c("left_id"), secondary.c("right_id"))).all())
                .extracting(r -> List.of(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue())).containsExactly(List.of(11, 1), List.of(11, 3));
        assertThat(eagerChild1().withSession(t).all()).extracting(o -> o.id + ":" + (o.leftChild2 == null ? null : o.leftChild2.id))
                .containsExactly("1:11", "2:null", "3:11");
        assertThat(eagerChild2().withSession(t).all()).extracting(o -> o.id + ":" + o.rightChildren.stream().map(k -> k.id).sorted().toList())
                .containsExactly("11:[1, 3]", "12:[]");
        assertThat(eagerChild1().limit(2).withSession(orm.open()).all()).extracting(o -> o.id + ":" + (o.leftChild2 == null ? null : o.leftChild2.id))
                .containsExactly("1:11", "2:null");
        assertThat(pairedWith(t.get(Child2.class, 11)).withSession(t).all()).extracting(o -> o.id).containsExactly(11, 11); // once per Child1 paired with it
        assertThat(joined(c2()).withSession(orm.open()).all()).extracting(r -> ((Child1) r.get(0)).id + ":" + ((Child2) r.get(1)).id)
                .containsExactly("1:11", "3:11");
    }
}
