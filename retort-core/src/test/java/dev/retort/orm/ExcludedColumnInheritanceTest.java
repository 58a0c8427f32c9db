package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
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
 * A column the base leaves out ({@link ORM#excluded()}, SQLAlchemy's {@code exclude_properties}) is its subclasses':
 * SQL and behaviour of SQLAlchemy 2.1.1 for {@code map_imperatively(A, a, polymorphic_on=a.c.type,
 * polymorphic_identity="a", exclude_properties=["foo"])}, {@code B} joined on {@code b} (whose {@code extra} combines
 * with {@code a.extra}) and {@code C} single-table on {@code a}.
 */
class ExcludedColumnInheritanceTest {
    public static class A {
        Integer id;
        String data;
        Integer extra;
        String type;
    }

    public static class B extends A {
        String foo;
    }

    public static class C extends A {
        String foo;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final MetaData metadata = orm.metadata;
    private final Table a = new Table("a" + orm.suffix, metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("data", Types.string(50)),
            Column.of("extra", Types.INTEGER), Column.of("foo", Types.string(50)), Column.of("type", Types.string(10)));
    private final Table b = new Table("b" + orm.suffix, metadata,
            Column.of("id", Types.INTEGER).foreignKey("a" + orm.suffix + ".id").primaryKey(), Column.of("extra", Types.INTEGER));

    private void map() {
        orm.registry.mapImperatively(A.class, a, Map.of("foo", ORM.excluded()), ORM.polymorphicOn(a.c("type")).identity("a")
                .withPolymorphic(List.of()));   // (SQLAlchemy's default; Retort's joins every subclass's table)
        orm.registry.mapImperatively(B.class, b, Map.of(), ORM.inherits(A.class).identity("b"));
        orm.registry.mapImperatively(C.class, a, Map.of(), ORM.inherits(A.class).identity("c"));
    }

    @Test
    void theBaseLeavesTheColumnOutAndItsSubclassesSelectIt() {
        map();
        orm.start(Databases.Database.SQLITE);
        Session s = orm.open();
        assertThat(orm.sqlOf(s.query(A.class))).isEqualTo("SELECT a.id, a.data, a.extra, a.type FROM a");
        assertThat(orm.sqlOf(s.query(B.class))).isEqualTo("SELECT b.id, a.id AS id_1, a.data, b.extra, a.extra AS extra_1, a.type, a.foo FROM a JOIN b ON a.id = b.id");
        assertThat(orm.sqlOf(s.query(C.class))).isEqualTo("SELECT a.id, a.data, a.extra, a.type, a.foo FROM a WHERE a.type IN (:type_1_1)");
        assertThatThrownBy(() -> ORM.attr(A.class, "foo")).isInstanceOf(ArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theSubclassWritesAndLoadsItsOwnColumn(Databases.Database db) {
        map();
        orm.start(db);
        Session s = orm.open();
        B x = new B();
        x.id = 1;
        x.data = "d";
        x.extra = 5;
        C c = new C();
        c.id = 2;
        c.data = "c";
        c.foo = "f";
        s.addAll(List.of(x, c));
        s.commit();
        assertThat(orm.take("INSERT")).contains("INSERT INTO a (id, data, extra, foo, type) VALUES (?, ?, ?, ?, ?)", "INSERT INTO b (id, extra) VALUES (?, ?)");
        Session fresh = orm.open();
        assertThat(fresh.get(C.class, 2).foo).isEqualTo("f");
        assertThat(fresh.get(B.class, 1).extra).isEqualTo(5);
        // a query of the base, which leaves C's column out, completes the C
        List<A> all = orm.open().query(A.class).orderBy(ORM.attr(A.class, "id")).all();
        assertThat(all).extracting(o -> o.getClass().getSimpleName()).containsExactly("B", "C");
        assertThat(((C) all.get(1)).foo).isEqualTo("f");
    }
}
