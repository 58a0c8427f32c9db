package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A joined subclass whose table has a column named as a superclass's column attribute ({@code b.extra} beside
 * {@code a.extra}): one attribute over both columns, as SQLAlchemy 2.1.1 combines them (implicitly, with a warning, or
 * {@code column_property(b.c.extra, a.c.extra)}). Its SQL and behaviour are SQLAlchemy's for
 * {@code map_imperatively(A, a); map_imperatively(B, b, inherits=A)}: both columns selected, the subclass's first and
 * read; a flush writes both.
 */
class CombinedColumnInheritanceTest {
    public static class A {
        Integer id;
        String data;
        Integer extra;
    }

    public static class B extends A {
    }

    /** A subclass of B: the combined attribute is inherited as one. */
    public static class D extends B {
        String more;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final MetaData metadata = orm.metadata;
    private final Table a = new Table("a" + orm.suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("data", Types.string(50)), Column.of("extra", Types.INTEGER));
    private final Table b = new Table("b" + orm.suffix, metadata,
            Column.of("id", Types.INTEGER).foreignKey("a" + orm.suffix + ".id").primaryKey(), Column.of("extra", Types.INTEGER));
    private final Table d = new Table("d" + orm.suffix, metadata,
            Column.of("id", Types.INTEGER).foreignKey("b" + orm.suffix + ".id").primaryKey(), Column.of("more", Types.string(20)));

    private void map() {
        orm.registry.mapImperatively(A.class, a);
        orm.registry.mapImperatively(B.class, b, Map.of(), ORM.inherits(A.class));
        orm.registry.mapImperatively(D.class, d, Map.of(), ORM.inherits(B.class));
    }

    @Test
    void theSubclassSelectsBothColumnsItsOwnFirst() {
        map();
        orm.start(Databases.Database.SQLITE);
        Session s = orm.open();
        assertThat(orm.sqlOf(s.query(A.class))).isEqualTo("SELECT a.id, a.data, a.extra FROM a");
        assertThat(orm.sqlOf(s.query(B.class))).isEqualTo("SELECT b.id, a.id AS id_1, a.data, b.extra, a.extra AS extra_1 FROM a JOIN b ON a.id = b.id");
        // (SQLAlchemy: select(B).where(B.extra == 5); the attribute compares its first column)
        assertThat(orm.sqlOf(s.query(B.class).filter(ORM.attr(B.class, "extra").eq(5))))
                .isEqualTo("SELECT b.id, a.id AS id_1, a.data, b.extra, a.extra AS extra_1 FROM a JOIN b ON a.id = b.id WHERE b.extra = :extra_2");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aFlushWritesBothColumnsAndALoadReadsTheSubclasss(Databases.Database db) {
        map();
        orm.start(db);
        Session s = orm.open();
        B x = new B();
        x.id = 1;
        x.data = "d";
        x.extra = 5;
        D y = new D();
        y.id = 2;
        y.extra = 6;
        s.addAll(java.util.List.of(x, y));
        s.flush();
        assertThat(orm.take("INSERT")).contains("INSERT INTO a (id, data, extra) VALUES (?, ?, ?)", "INSERT INTO b (id, extra) VALUES (?, ?)");
        x.extra = 7;
        s.flush();
        assertThat(orm.take("UPDATE")).containsExactly("UPDATE a SET extra=? WHERE a.id = ?", "UPDATE b SET extra=? WHERE b.id = ?");
        s.commit();
        try (Connection c = orm.engine().connect()) {
            assertThat(c.execute(SQL.select(a.c("extra")).orderBy(a.c("id"))).scalars()).containsExactly(7, 6);
            assertThat(c.execute(SQL.select(b.c("extra")).orderBy(b.c("id"))).scalars()).containsExactly(7, 6);
            c.execute(SQL.update(a).values(Map.of("extra", 99)));
            c.commit();
        }
        Session fresh = orm.open();
        assertThat(fresh.get(B.class, 1).extra).as("read from b.extra").isEqualTo(7);
        assertThat(fresh.get(D.class, 2).extra).isEqualTo(6);
        assertThat(fresh.get(A.class, 2).extra).as("the identity map's D").isEqualTo(6);
    }
}
