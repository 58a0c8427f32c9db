package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A declared primaryJoin with no {@code =} pair, its foreign columns named ({@code b.foo > a.foo},
 * {@code b.foo LIKE a.foo || '%'}): viewonly relationships as SQLAlchemy takes them (test/orm/test_relationships.py's
 * CustomOperatorTest). The expected SQL and rows are SQLAlchemy 2.1.1's for the same mapping and rows.
 */
class UnpairedPrimaryJoinTest {
    public static class A {
        Integer id;
        String foo;
        List<B> bs;
        List<B> likes;

        public A() {
        }
    }

    public static class B {
        Integer id;
        String foo;

        public B() {
        }
    }

    private static Table[] tables(OrmTestDatabase t) {
        return new Table[] {new Table("a" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("foo", Types.string(50))),
                new Table("b" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("foo", Types.string(50)))};
    }

    private static OrmTestDatabase mapped() {
        OrmTestDatabase t = new OrmTestDatabase();
        Table[] ab = tables(t);
        Table a = ab[0];
        Table b = ab[1];
        t.registry.mapImperatively(A.class, a, Map.of(
                "bs", ORM.relationship(B.class).primaryJoin(b.c("foo").gt(a.c("foo"))).foreignKeys(b.c("foo")).viewOnly().orderBy(b.c("id")),
                "likes", ORM.relationship(B.class).primaryJoin(b.c("foo").like(a.c("foo").concat("%"))).foreignKeys(b.c("foo")).viewOnly()
                        .orderBy(b.c("id"))));
        t.registry.mapImperatively(B.class, b);
        return t;
    }

    @Test
    void joinsOnTheConditionAsWritten() {
        try (OrmTestDatabase t = mapped()) {
            assertThat(t.sqlOf(ORM.select(A.class).join(ORM.attr(A.class, "bs")))).isEqualTo("SELECT a.id, a.foo FROM a JOIN b ON b.foo > a.foo");
            assertThat(t.sqlOf(ORM.select(A.class).options(ORM.joinedLoad(ORM.attr(A.class, "bs"))).orderBy(ORM.attr(A.class, "id"))))
                    .isEqualTo("SELECT a.id, a.foo, b_1.id AS id_1, b_1.foo AS foo_1 FROM a LEFT OUTER JOIN b AS b_1 ON b_1.foo > a.foo ORDER BY a.id, b_1.id");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsLazilyAndJoined(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            t.start(db);
            Session s = t.open();
            s.add(a(1, "b"));
            s.add(a(2, "c"));
            s.add(b(1, "a"));
            s.add(b(2, "bx"));
            s.add(b(3, "cy"));
            s.commit();
            s = t.open();
            List<A> as = s.query(A.class).orderBy(ORM.attr(A.class, "id")).all();
            assertThat(as).extracting(x -> ids(x.bs)).containsExactly(List.of(2, 3), List.of(3));
            assertThat(as).extracting(x -> ids(x.likes)).containsExactly(List.of(2), List.of(3));
            s = t.open();
            t.take("");
            as = s.query(A.class).options(ORM.joinedLoad(ORM.attr(A.class, "bs"))).orderBy(ORM.attr(A.class, "id")).all();
            assertThat(as).extracting(x -> ids(x.bs)).containsExactly(List.of(2, 3), List.of(3));
            assertThat(t.take("SELECT")).hasSize(1);
            // a select-in load of such a condition stays lazy: one statement per parent
            s = t.open();
            as = s.query(A.class).options(ORM.selectinLoad(ORM.attr(A.class, "likes"))).orderBy(ORM.attr(A.class, "id")).all();
            assertThat(as).extracting(x -> ids(x.likes)).containsExactly(List.of(2), List.of(3));
        }
    }

    @Test
    void refusedWhereAFlushWouldNeedPairs() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table[] ab = tables(t);
            t.registry.mapImperatively(A.class, ab[0], Map.of(
                    "bs", ORM.relationship(B.class).primaryJoin(ab[1].c("foo").gt(ab[0].c("foo"))).foreignKeys(ab[1].c("foo"))));
            t.registry.mapImperatively(B.class, ab[1]);
            assertThatThrownBy(() -> ORM.attr(A.class, "bs")).isInstanceOf(ArgumentException.class).hasMessageContaining("declare it viewOnly()");
        }
    }

    private static List<Integer> ids(List<B> bs) {
        return bs.stream().map(x -> x.id).toList();
    }

    private static A a(int id, String foo) {
        A x = new A();
        x.id = id;
        x.foo = foo;
        return x;
    }

    private static B b(int id, String foo) {
        B x = new B();
        x.id = id;
        x.foo = foo;
        return x;
    }
}
