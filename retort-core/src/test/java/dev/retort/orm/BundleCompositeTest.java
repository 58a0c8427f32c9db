package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link Composite} attribute in a {@link Bundle}: the bundle selects the composite's columns and its value holds
 * the value object. Expected SQL and values are SQLAlchemy 2.1.1's for {@code Bundle("b", Edge.name, Edge.start, Edge.end)}
 * on the same mapping and rows, but for the composite whose columns are all NULL: Retort's load leaves none (as an
 * instance's load does), SQLAlchemy makes {@code Point(None, None)}. Before, the bundle took the composite for a column
 * and compiling it threw.
 */
class BundleCompositeTest {
    public static class Edge {
        Integer id;
        String name;
        Point start;
        Point end;

        public Edge() {
        }
    }

    public static class Point {
        Integer x;
        Integer y;

        public Point() {
        }

        Point(Integer x, Integer y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && Objects.equals(x, p.x) && Objects.equals(y, p.y);
        }

        @Override
        public int hashCode() {
            return Objects.hash(x, y);
        }
    }

    private static Object shape(Object v) {
        return v instanceof Row r ? Arrays.asList(r.toList().stream().map(BundleCompositeTest::shape).toArray()) : v;
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aCompositeInABundleSelectsItsColumnsAndLoadsItsValue(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table edge = new Table("edge" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x1", Types.INTEGER),
                    Column.of("y1", Types.INTEGER), Column.of("x2", Types.INTEGER), Column.of("y2", Types.INTEGER), Column.of("name", Types.string(20)));
            t.registry.mapImperatively(Edge.class, edge, Map.of("start", ORM.composite(Point.class, edge.c("x1"), edge.c("y1")),
                    "end", ORM.composite(Point.class, edge.c("x2"), edge.c("y2"))));
            t.start(db);
            Session s = t.open();
            Edge a = new Edge();
            a.id = 1;
            a.name = "a";
            a.start = new Point(3, 4);
            a.end = new Point(5, 6);
            Edge e2 = new Edge();
            e2.id = 2;
            e2.name = "b";
            e2.start = new Point(14, 5);
            s.add(a);
            s.add(e2);
            s.commit();

            // the README's example, as written there
            Bundle<Row> b = ORM.bundle("b", ORM.attr(Edge.class, "name"), ORM.attr(Edge.class, "start"), ORM.attr(Edge.class, "end"));
            assertThat(s.query(b).filter(b.c("start").eq(new Point(3, 4))).all()).extracting(r -> shape(r.get(0)))
                    .containsExactly(Arrays.asList("a", new Point(3, 4), new Point(5, 6)));
            Query<Row> all = s.query(b).orderBy(b);
            assertThat(t.sqlOf(all)).isEqualTo("SELECT edge.name, edge.x1, edge.y1, edge.x2, edge.y2 FROM edge ORDER BY edge.name, edge.x1, edge.y1, edge.x2, edge.y2");
            assertThat(all.all()).extracting(r -> shape(r.get(0))).containsExactly(
                    Arrays.asList("a", new Point(3, 4), new Point(5, 6)), Arrays.asList("b", new Point(14, 5), null));
            // c("start") is the composite attribute: compared column by column, as Edge.start == Point(3, 4)
            Query<Row> filtered = s.query(b).filter(b.c("start").eq(new Point(3, 4)));
            assertThat(t.sqlOf(filtered)).isEqualTo("SELECT edge.name, edge.x1, edge.y1, edge.x2, edge.y2 FROM edge WHERE edge.x1 = :x1_1 AND edge.y1 = :y1_1");
            assertThat(filtered.all()).extracting(r -> shape(r.get(0))).containsExactly(Arrays.asList("a", new Point(3, 4), new Point(5, 6)));

            Bundle<Row> nested = ORM.bundle("outer", ORM.attr(Edge.class, "id"), ORM.bundle("inner", ORM.attr(Edge.class, "start")));
            Query<Row> q = s.query(nested);
            assertThat(t.sqlOf(q)).isEqualTo("SELECT edge.id, edge.x1, edge.y1 FROM edge");
            assertThat(q.all()).extracting(r -> shape(r.get(0))).containsExactlyInAnyOrder(
                    List.of(1, List.of(new Point(3, 4))), List.of(2, List.of(new Point(14, 5))));
            for (Protocol p : Protocol.values()) {
                Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(filtered, p), t.metadata, t.scoped(s));
                assertThat(back.all().stream().map(r -> shape(((Row) r).get(0))).toList()).as("%s", p)
                        .containsExactly(Arrays.asList("a", new Point(3, 4), new Point(5, 6)));
            }
        }
    }
}
