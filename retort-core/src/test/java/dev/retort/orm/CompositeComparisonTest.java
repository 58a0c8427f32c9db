package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A composite compared with a value object by {@code <}, {@code >}, {@code <=} and {@code >=}, as by {@code =}:
 * column by column, ANDed (SQLAlchemy's composite comparator, test/orm/test_composites.py's
 * {@code test_comparator_behavior}). The expected SQL is SQLAlchemy 2.1.1's for the same mapping.
 */
class CompositeComparisonTest {
    public static class Edge {
        Integer id;
        Point start;

        public Edge() {
        }
    }

    public static class Point {
        Integer x;
        Integer y;

        public Point() {
        }

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }
    }

    public static class Note {
        Integer id;
        Integer edgeId;
    }

    public static class NotedEdge {
        Integer id;
        Point start;
        java.util.List<Note> notes;
    }

    private static final String SELECT = "SELECT edge.id, edge.x1, edge.y1 FROM edge WHERE ";

    @Test
    void orderingOperatorsCompareColumnByColumn() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table edge = new Table("edge", t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("x1", Types.INTEGER), Column.of("y1", Types.INTEGER));
            t.registry.mapImperatively(Edge.class, edge, Map.of("start", ORM.composite(Point.class, edge.c("x1"), edge.c("y1"))));
            QueryableAttribute<?> start = ORM.attr(Edge.class, "start");
            Point p = new Point(3, 4);
            assertThat(t.sqlOf(ORM.select(Edge.class).filter(start.lt(p)))).isEqualTo(SELECT + "edge.x1 < :x1_1 AND edge.y1 < :y1_1");
            assertThat(t.sqlOf(ORM.select(Edge.class).filter(start.ge(p)))).isEqualTo(SELECT + "edge.x1 >= :x1_1 AND edge.y1 >= :y1_1");
            assertThat(t.sqlOf(ORM.select(Edge.class).filter(SQL.not(start.gt(p)))))
                    .isEqualTo(SELECT + "NOT (edge.x1 > :x1_1 AND edge.y1 > :y1_1)");
            AliasedEntity<Edge> e2 = ORM.aliased(Edge.class, "e2");
            assertThat(t.sqlOf(ORM.select(e2).filter(e2.attr("start").le(new Point(1, 2)))))
                    .isEqualTo("SELECT e2.id, e2.x1, e2.y1 FROM edge AS e2 WHERE e2.x1 <= :x1_1 AND e2.y1 <= :y1_1");
            assertThat(ORM.select(Edge.class).filter(start.lt(p)).statement().compile().params()).isEqualTo(Map.of("x1_1", 3, "y1_1", 4));
        }
    }

    /** ORDER BY a composite attribute orders by its columns (SQLAlchemy 2.1.1's SQL); before, compiling it threw. */
    @Test
    void orderingByTheCompositeOrdersByItsColumns() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table edge = new Table("edge", t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("x1", Types.INTEGER), Column.of("y1", Types.INTEGER));
            t.registry.mapImperatively(Edge.class, edge, Map.of("start", ORM.composite(Point.class, edge.c("x1"), edge.c("y1"))));
            assertThat(t.sqlOf(ORM.select(Edge.class).orderBy(ORM.attr(Edge.class, "start"))))
                    .isEqualTo("SELECT edge.id, edge.x1, edge.y1 FROM edge ORDER BY edge.x1, edge.y1");
            AliasedEntity<Edge> e2 = ORM.aliased(Edge.class, "e2");
            assertThat(t.sqlOf(ORM.select(e2).orderBy(e2.attr("start")))).isEqualTo("SELECT e2.id, e2.x1, e2.y1 FROM edge AS e2 ORDER BY e2.x1, e2.y1");
        }
    }

    /**
     * Ordered by a composite under a joined collection load and a LIMIT: the query is wrapped, and the outer ORDER BY
     * orders by the subquery's columns (SQLAlchemy 2.1.1's SQL); before, it named the table's, which SQLite refused
     * (found by OrmCacheKeyPropertyTest's rows mode, seed 20261207).
     */
    @Test
    void orderingByTheCompositeOfAWrappedEagerQueryOrdersByTheSubquerysColumns() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table edge = new Table("edge", t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("x1", Types.INTEGER), Column.of("y1", Types.INTEGER));
            Table note = new Table("note", t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("edge_id", Types.INTEGER).foreignKey("edge.id"));
            t.registry.mapImperatively(NotedEdge.class, edge, Map.of("start", ORM.composite(Point.class, edge.c("x1"), edge.c("y1")),
                    "notes", ORM.relationship(Note.class)));
            t.registry.mapImperatively(Note.class, note);
            var q = ORM.select(NotedEdge.class).options(ORM.joinedLoad(ORM.attr(NotedEdge.class, "notes"))).orderBy(ORM.attr(NotedEdge.class, "start")).limit(2);
            assertThat(t.sqlOf(q)).isEqualTo("SELECT anon_1.id, anon_1.x1, anon_1.y1, note_1.id AS id_1, note_1.edge_id "
                    + "FROM (SELECT edge.id AS id, edge.x1 AS x1, edge.y1 AS y1 FROM edge ORDER BY edge.x1, edge.y1 LIMIT :param_1) AS anon_1 "
                    + "LEFT OUTER JOIN note AS note_1 ON anon_1.id = note_1.edge_id ORDER BY anon_1.x1, anon_1.y1");
        }
    }
}
