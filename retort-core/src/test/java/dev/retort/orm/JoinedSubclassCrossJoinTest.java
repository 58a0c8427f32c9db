package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.LabelStyle;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A join from an alias of a joined-table subclass over a subquery of its rows (SQLAlchemy's from_self()), along a
 * relationship of the unaliased class ({@code select(subq).join(subq.ep1).join(Sub2.ep2)}): the second join goes from
 * the subquery, as SQLAlchemy adapts it, not from a second {@code base2 JOIN sub2} next to it (a cross join: each row
 * once per subclass row). The SQL is SQLAlchemy 2.1.1's (test_relationship.py SubClassToSubClassMultiTest.test_six).
 */
class JoinedSubclassCrossJoinTest {
    /** The base2 class. */
    public static class Base2 {
        Integer id;
        Integer base1Id;
        String data;
        List<Ep1> ep1;
        List<Ep2> ep2;
    }

    /** Its joined-table subclass, with no discriminator. */
    public static class Sub2 extends Base2 {
        String subdata;
    }

    /** A row related to a base2 row. */
    public static class Ep1 {
        Integer id;
        Integer base2Id;
        String data;
    }

    /** Another row related to a base2 row. */
    public static class Ep2 {
        Integer id;
        Integer base2Id;
        String data;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table base2 = new Table("base2" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("base1_id", Types.INTEGER), Column.of("data", Types.string(30)));
    private final Table ep1 = new Table("ep1" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("base2_id", Types.INTEGER).foreignKey("base2" + orm.suffix + ".id"), Column.of("data", Types.string(30)));
    private final Table ep2 = new Table("ep2" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("base2_id", Types.INTEGER).foreignKey("base2" + orm.suffix + ".id"), Column.of("data", Types.string(30)));
    private final Table sub2 = new Table("sub2" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("base2" + orm.suffix + ".id"),
            Column.of("subdata", Types.string(30)));

    JoinedSubclassCrossJoinTest() {
        orm.registry.mapImperatively(Base2.class, base2, Map.of("ep1", ORM.relationship(Ep1.class), "ep2", ORM.relationship(Ep2.class)));
        orm.registry.mapImperatively(Ep1.class, ep1, Map.of());
        orm.registry.mapImperatively(Ep2.class, ep2, Map.of());
        orm.registry.mapImperatively(Sub2.class, sub2, Map.of(), ORM.inherits(Base2.class));
    }

    /** {@code select(subq).join(subq.ep1).join(Sub2.ep2)}, subq an alias of Sub2 over {@code select(Sub2).subquery()}. */
    private static Query<dev.retort.engine.Row> fromSelf(LabelStyle style) {
        AliasedEntity<Sub2> subq = ORM.aliased(Sub2.class, ORM.select(Sub2.class).labelStyle(style).statement().subquery());
        return ORM.select(subq).join(subq.attr("ep1")).join(ORM.attr(Sub2.class, "ep2")).orderBy(subq.attr("id"));
    }

    @Test
    void joinsFromTheSubquery() {
        assertThat(orm.sqlOf(fromSelf(LabelStyle.TABLENAME_PLUS_COL))).isEqualTo("SELECT anon_1.sub2_id, anon_1.base2_id, anon_1.base2_base1_id, "
                + "anon_1.base2_data, anon_1.sub2_subdata FROM (SELECT sub2.id AS sub2_id, base2.id AS base2_id, base2.base1_id AS base2_base1_id, "
                + "base2.data AS base2_data, sub2.subdata AS sub2_subdata FROM base2 JOIN sub2 ON base2.id = sub2.id) AS anon_1 "
                + "JOIN ep1 ON anon_1.base2_id = ep1.base2_id JOIN ep2 ON anon_1.base2_id = ep2.base2_id ORDER BY anon_1.sub2_id");
        assertThat(orm.sqlOf(fromSelf(LabelStyle.DISAMBIGUATE_ONLY))).isEqualTo("SELECT anon_1.id, anon_1.id_1, anon_1.base1_id, anon_1.data, "
                + "anon_1.subdata FROM (SELECT sub2.id AS id, base2.id AS id_1, base2.base1_id AS base1_id, base2.data AS data, "
                + "sub2.subdata AS subdata FROM base2 JOIN sub2 ON base2.id = sub2.id) AS anon_1 JOIN ep1 ON anon_1.id_1 = ep1.base2_id "
                + "JOIN ep2 ON anon_1.id_1 = ep2.base2_id ORDER BY anon_1.id");
    }

    /**
     * Two FROM clauses derived from Sub2's tables (two subqueries of its rows) and a join along Sub2's relationship: which
     * one it starts from is not said. SQLAlchemy 2.1.1 raises ("Can't identify which entity in which to assign the left side
     * of this join"); so does Retort, rather than joining Sub2's own tables as a third FROM clause (a cross join).
     */
    @Test
    void twoFromClausesDerivedFromTheClassRaise() {
        AliasedEntity<Sub2> a = ORM.aliased(Sub2.class, ORM.select(Sub2.class).statement().subquery());
        AliasedEntity<Sub2> b = ORM.aliased(Sub2.class, ORM.select(Sub2.class).statement().subquery());
        QueryableAttribute<?> ep2 = ORM.attr(Sub2.class, "ep2");
        assertThatThrownBy(() -> orm.sqlOf(ORM.select(a, b).join(a.attr("ep1")).join(b.attr("ep2")).join(ORM.attr(Sub2.class, "ep1"))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("Can't tell which FROM clause to join from");
        assertThatThrownBy(() -> orm.sqlOf(ORM.select(a.attr("id"), b.attr("id")).selectFrom(a).selectFrom(b).join(ep2)))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("Can't tell which FROM clause to join from");
    }

    /** SQLAlchemy's rows: one per pair of related ep1 and ep2 rows of a subclass row (sub2 1: one, sub2 2: two; base2 3 is no Sub2). */
    @Test
    void eachJoinedRowOnce() {
        orm.start(Databases.Database.SQLITE);
        Session s = orm.open();
        for (int i = 1; i <= 3; i++) {
            Base2 x = i < 3 ? new Sub2() : new Base2();
            x.id = i;
            x.base1Id = 1;
            if (x instanceof Sub2 sub) {
                sub.subdata = "s" + i;
            }
            s.add(x);
        }
        int[][] ep1Rows = {{1, 1}, {2, 2}, {3, 2}, {4, 3}};
        for (int[] e : ep1Rows) {
            Ep1 o = new Ep1();
            o.id = e[0];
            o.base2Id = e[1];
            s.add(o);
        }
        for (int i = 1; i <= 3; i++) {
            Ep2 o = new Ep2();
            o.id = i;
            o.base2Id = i;
            s.add(o);
        }
        s.commit();
        // one entity selected: the query returns its instances
        List<?> rows = fromSelf(LabelStyle.DISAMBIGUATE_ONLY).withSession(orm.open()).all();
        assertThat(rows).extracting(r -> ((Sub2) r).id + ":" + ((Sub2) r).subdata).containsExactly("1:s1", "2:s2", "2:s2");
    }
}
