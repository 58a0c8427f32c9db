package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import java.util.Map;
import dev.retort.types.Types;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * has() / any() nested through joined-table classes of one hierarchy (SQLAlchemy's
 * CreateJoinsTest): each relationship's target shares the base table with its parent, so each
 * EXISTS selects from its own anonymous subquery and the inner one correlates to the outer's.
 * Statements are SQLAlchemy 2.1.1's.
 */
class NestedAliasedExistsTest {
    /** Any row of the hierarchy. */
    public static class Base {
        Integer id;
        String name;
    }

    /** Refers to a B. */
    public static class A extends Base {
        Integer bId;
        B b;
    }

    /** Refers to a C; the As referring to it. */
    public static class B extends Base {
        Integer cId;
        C c;
        java.util.List<A> as;
    }

    /** The Bs referring to it. */
    public static class C extends Base {
        java.util.List<B> bs;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table base = new Table("base" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)),
            Column.of("type", Types.string(20)));
    private final Table a = new Table("a" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().foreignKey("base" + orm.suffix + ".id"),
            Column.of("b_id", Types.INTEGER).foreignKey("b" + orm.suffix + ".id"));
    private final Table b = new Table("b" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().foreignKey("base" + orm.suffix + ".id"),
            Column.of("c_id", Types.INTEGER).foreignKey("c" + orm.suffix + ".id"));
    private final Table c = new Table("c" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().foreignKey("base" + orm.suffix + ".id"));

    NestedAliasedExistsTest() {
        orm.registry.mapImperatively(Base.class, base, Map.of(), ORM.polymorphicOn(base.c("type")).identity("base"));
        orm.registry.mapImperatively(A.class, a, Map.of("b", ORM.relationship(B.class).primaryJoin(a.c("b_id").eq(b.c("id")))),
                ORM.inherits(Base.class).identity("a"));
        orm.registry.mapImperatively(B.class, b, Map.of("c", ORM.relationship(C.class).primaryJoin(b.c("c_id").eq(c.c("id"))),
                "as", ORM.relationship(A.class).primaryJoin(a.c("b_id").eq(b.c("id"))).viewOnly()),
                ORM.inherits(Base.class).identity("b"));
        orm.registry.mapImperatively(C.class, c, Map.of("bs", ORM.relationship(B.class).primaryJoin(b.c("c_id").eq(c.c("id"))).viewOnly()),
                ORM.inherits(Base.class).identity("c"));
    }

    @Test
    void eachExistsCorrelatesToItsOwnAlias() {
        assertThat(orm.sqlOf(ORM.select(A.class).where(ORM.attr(A.class, "b").has(
                ORM.attr(B.class, "c").has(ORM.attr(C.class, "id").eq(5)))))).isEqualTo(
                "SELECT a.id, base.id AS id_1, base.name, base.type, a.b_id FROM base JOIN a ON base.id = a.id WHERE EXISTS "
                + "(SELECT 1 FROM (SELECT base.id AS base_id, base.name AS base_name, base.type AS base_type, b.id AS b_id, "
                + "b.c_id AS b_c_id FROM base JOIN b ON base.id = b.id) AS anon_1 WHERE a.b_id = anon_1.b_id AND (EXISTS "
                + "(SELECT 1 FROM (SELECT base.id AS base_id, base.name AS base_name, base.type AS base_type, c.id AS c_id "
                + "FROM base JOIN c ON base.id = c.id) AS anon_2 WHERE anon_1.b_c_id = anon_2.c_id AND anon_2.c_id = :id_2)))");
    }

    @Test
    void innerCriteriaOnTheBaseTableGoToTheInnerAlias() {
        assertThat(orm.sqlOf(ORM.select(C.class).where(ORM.attr(C.class, "bs").any(
                ORM.attr(B.class, "as").any(ORM.attr(A.class, "name").eq("x")))))).isEqualTo(
                "SELECT c.id, base.id AS id_1, base.name, base.type FROM base JOIN c ON base.id = c.id WHERE EXISTS "
                + "(SELECT 1 FROM (SELECT base.id AS base_id, base.name AS base_name, base.type AS base_type, b.id AS b_id, "
                + "b.c_id AS b_c_id FROM base JOIN b ON base.id = b.id) AS anon_1 WHERE anon_1.b_c_id = c.id AND (EXISTS "
                + "(SELECT 1 FROM (SELECT base.id AS base_id, base.name AS base_name, base.type AS base_type, a.id AS a_id, "
                + "a.b_id AS a_b_id FROM base JOIN a ON base.id = a.id) AS anon_2 WHERE anon_2.a_b_id = anon_1.b_id "
                + "AND anon_2.base_name = :name_1)))");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theNestedExistsFindTheRows(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        C c1 = named(new C(), "c1");
        B b1 = named(new B(), "b1");
        b1.c = c1;
        B b2 = named(new B(), "b2");
        A a1 = named(new A(), "a1");
        a1.b = b1;
        A a2 = named(new A(), "a2");
        a2.b = b2;
        s.add(named(new C(), "c2"));
        s.add(a1);
        s.add(a2);
        s.commit();
        Session t = orm.open();
        assertThat(t.query(A.class).filter(ORM.attr(A.class, "b").has(ORM.attr(B.class, "c").has(ORM.attr(C.class, "name").eq("c1"))))
                .all()).extracting(x -> x.name).containsExactly("a1");
        assertThat(t.query(A.class).filter(ORM.attr(A.class, "b").has(ORM.attr(B.class, "c").has())).all())
                .extracting(x -> x.name).containsExactly("a1");
        assertThat(t.query(C.class).filter(ORM.attr(C.class, "bs").any(ORM.attr(B.class, "as").any(ORM.attr(A.class, "name").eq("a1"))))
                .all()).extracting(x -> x.name).containsExactly("c1");
        assertThat(t.query(C.class).filter(ORM.attr(C.class, "bs").any(ORM.attr(B.class, "as").any(ORM.attr(A.class, "name").eq("a2"))))
                .all()).isEmpty();
    }

    private static <T extends Base> T named(T row, String name) {
        row.name = name;
        return row;
    }
}
