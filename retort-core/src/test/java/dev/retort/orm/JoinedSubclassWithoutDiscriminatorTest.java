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
 * A joined-table subclass mapped without a discriminator, selected alone or joined by an ON clause naming its base table
 * ({@code select(Sub2).join(Base1, Base1.id == Sub2.base1_id)}): the join goes from the subclass's
 * {@code base2 JOIN sub2}, not from {@code base2} alone next to a second {@code base2 JOIN sub2} (a cross
 * join: each row once per subclass row). The SQL is SQLAlchemy 2.1.1's.
 */
class JoinedSubclassWithoutDiscriminatorTest {
    /** The base1 class. */
    public static class Base1 {
        Integer id;
        String data;
    }

    /** The base2 class. */
    public static class Base2 {
        Integer id;
        Integer base1Id;
        String data;
    }

    /** Its joined-table subclass, with no discriminator. */
    public static class Sub2 extends Base2 {
        String subdata;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table base1 = new Table("base1" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("data", Types.string(30)));
    private final Table base2 = new Table("base2" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("base1_id", Types.INTEGER).foreignKey("base1" + orm.suffix + ".id"), Column.of("data", Types.string(30)));
    private final Table sub2 = new Table("sub2" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("base2" + orm.suffix + ".id"),
            Column.of("subdata", Types.string(30)));

    JoinedSubclassWithoutDiscriminatorTest() {
        orm.registry.mapImperatively(Base1.class, base1, Map.of());
        orm.registry.mapImperatively(Base2.class, base2, Map.of());
        orm.registry.mapImperatively(Sub2.class, sub2, Map.of(), ORM.inherits(Base2.class));
    }

    private static Query<Sub2> joined() {
        return ORM.select(Sub2.class).join(Base1.class, ORM.attr(Base1.class, "id").eq(ORM.attr(Sub2.class, "base1_id")))
                .orderBy(ORM.attr(Sub2.class, "id"));
    }

    /** Selected alone it read {@code FROM sub2, base2}, every subclass row paired with every base row. */
    @Test
    void readsItsTablesJoined() {
        assertThat(orm.sqlOf(ORM.select(Sub2.class))).isEqualTo("SELECT sub2.id, base2.id AS id_1, base2.base1_id, base2.data, sub2.subdata "
                + "FROM base2 JOIN sub2 ON base2.id = sub2.id");
        assertThat(orm.sqlOf(ORM.select(Base2.class))).isEqualTo("SELECT base2.id, base2.base1_id, base2.data FROM base2");
    }

    @Test
    void joinsFromTheSubclasssJoin() {
        assertThat(orm.sqlOf(joined())).isEqualTo("SELECT sub2.id, base2.id AS id_1, base2.base1_id, base2.data, sub2.subdata "
                + "FROM base2 JOIN sub2 ON base2.id = sub2.id JOIN base1 ON base1.id = base2.base1_id ORDER BY sub2.id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void eachRowOnce(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Base1 b = new Base1();
        b.id = 1;
        s.add(b);
        for (int i = 1; i <= 2; i++) {
            Sub2 x = new Sub2();
            x.id = i;
            x.base1Id = 1;
            x.subdata = "s" + i;
            s.add(x);
        }
        s.commit();
        List<Sub2> rows = joined().withSession(orm.open()).all();
        assertThat(rows).extracting(r -> r.subdata).containsExactly("s1", "s2");
    }
}
