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
 * Joined-table inheritance mapped without a discriminator: a query of the subclass reads its
 * tables joined (it read {@code FROM a, base}, every subclass row paired with every base row).
 * The SQL is SQLAlchemy 2.1.1's.
 */
class JoinedWithoutDiscriminatorTest {
    /** The base class, of table {@code base}. */
    public static class Base {
        Integer id;
        String name;
    }

    /** A subclass with a table of its own, keyed by the base's key. */
    public static class Sub extends Base {
        Integer extra;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table base = new Table("base" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(30)));
    private final Table sub = new Table("sub" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("base" + orm.suffix + ".id"),
            Column.of("extra", Types.INTEGER));

    JoinedWithoutDiscriminatorTest() {
        orm.registry.mapImperatively(Base.class, base);
        orm.registry.mapImperatively(Sub.class, sub, Map.of(), ORM.inherits(Base.class));
    }

    @Test
    void theSubclassReadsItsTablesJoined() {
        assertThat(orm.sqlOf(ORM.select(Sub.class))).isEqualTo("SELECT sub.id, base.id AS id_1, base.name, sub.extra FROM base JOIN sub ON base.id = sub.id");
        assertThat(orm.sqlOf(ORM.select(Base.class))).isEqualTo("SELECT base.id, base.name FROM base");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theSubclassLoadsItsOwnRowsOnly(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        for (int i = 1; i <= 3; i++) {
            Base b = new Base();
            b.name = "base" + i;
            s.add(b);
            Sub x = new Sub();
            x.name = "sub" + i;
            x.extra = i;
            s.add(x);
        }
        s.commit();
        List<Sub> subs = orm.open().query(Sub.class).orderBy(ORM.attr(Base.class, "id")).all();
        assertThat(subs).extracting(x -> x.name).containsExactly("sub1", "sub2", "sub3");
        assertThat(subs).extracting(x -> x.extra).containsExactly(1, 2, 3);
    }
}
