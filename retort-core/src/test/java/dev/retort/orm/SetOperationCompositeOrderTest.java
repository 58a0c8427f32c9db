package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loader criteria given to a set operation's query, aliases included, leave the compound's subquery as it is (the queries
 * inside had theirs); ordering a set operation's query by a composite: the composite's columns are the compound subquery's, through an
 * alias and through a set operation of a set operation too (found by OrmConstructsGenerator's widened set operations,
 * seed 20261207). The expected SQL is SQLAlchemy 2.1.1's {@code Query.union(...).order_by(Edge.start)}.
 */
class SetOperationCompositeOrderTest {
    public static class Edge {
        Integer id;
        Integer x1;
        Integer y1;
        Point start;
    }

    public static class Point {
        Integer x;
        Integer y;

        public Point() {
        }
    }

    private static final MetaData MD = new MetaData();
    private static final Table EDGE = new Table("ck_edge", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x1", Types.INTEGER),
            Column.of("y1", Types.INTEGER));

    static {
        new Registry(MD).mapImperatively(Edge.class, EDGE, Map.of("start", ORM.composite(Point.class, EDGE.c("x1"), EDGE.c("y1"))));
    }

    private static String sql(Query<?> q) {
        return q.statement().compile().templateString();
    }

    @Test
    void aUnionOfAUnionOfAnAliasOrdersByTheOuterSubquerysColumns() {
        AliasedEntity<Edge> e1 = ORM.aliased(Edge.class, "e1");
        // s.query(e1).union_all(s.query(e1).filter(e1.x1 < 3)).union(s.query(e1).filter(e1.x1 < 4)).order_by(e1.start)
        Query<?> q = ORM.select(e1).unionAll(ORM.select(e1).where(e1.attr("x1").lt(3))).union(ORM.select(e1).where(e1.attr("x1").lt(4)))
                .orderBy(e1.attr("start"));
        assertThat(sql(q)).isEqualTo("SELECT anon_2.anon_1_e1_id, anon_2.anon_1_e1_x1, anon_2.anon_1_e1_y1 \n"
                + "FROM (SELECT anon_1.e1_id AS anon_1_e1_id, anon_1.e1_x1 AS anon_1_e1_x1, anon_1.e1_y1 AS anon_1_e1_y1 \n"
                + "FROM (SELECT e1.id AS e1_id, e1.x1 AS e1_x1, e1.y1 AS e1_y1 \n"
                + "FROM ck_edge AS e1 UNION ALL SELECT e1.id AS e1_id, e1.x1 AS e1_x1, e1.y1 AS e1_y1 \n"
                + "FROM ck_edge AS e1 \n"
                + "WHERE e1.x1 < :x1_1) AS anon_1 UNION SELECT e1.id AS e1_id, e1.x1 AS e1_x1, e1.y1 AS e1_y1 \n"
                + "FROM ck_edge AS e1 \n"
                + "WHERE e1.x1 < :x1_2) AS anon_2 ORDER BY anon_2.anon_1_e1_x1, anon_2.anon_1_e1_y1");
    }

    @Test
    void aUnionOfTheEntityOrdersByTheSubquerysColumns() {
        // s.query(Edge).union_all(s.query(Edge).filter(Edge.x1 < 3)).order_by(Edge.start)
        Query<?> q = ORM.select(Edge.class).unionAll(ORM.select(Edge.class).where(ORM.attr(Edge.class, "x1").lt(3))).orderBy(ORM.attr(Edge.class, "start"));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.ck_edge_id, anon_1.ck_edge_x1, anon_1.ck_edge_y1 \n"
                + "FROM (SELECT ck_edge.id AS ck_edge_id, ck_edge.x1 AS ck_edge_x1, ck_edge.y1 AS ck_edge_y1 \n"
                + "FROM ck_edge UNION ALL SELECT ck_edge.id AS ck_edge_id, ck_edge.x1 AS ck_edge_x1, ck_edge.y1 AS ck_edge_y1 \n"
                + "FROM ck_edge \n"
                + "WHERE ck_edge.x1 < :x1_1) AS anon_1 ORDER BY anon_1.ck_edge_x1, anon_1.ck_edge_y1");
    }

    @Test
    void loaderCriteriaIncludingAliasesLeaveTheCompoundsSubqueryAlone() {
        AliasedEntity<Edge> e1 = ORM.aliased(Edge.class, "e1");
        // s.query(e1).union_all(s.query(e1).filter(e1.x1 < 3)).options(with_loader_criteria(Edge, Edge.x1 > 5, include_aliases=True))
        Query<?> q = ORM.select(e1).unionAll(ORM.select(e1).where(e1.attr("x1").lt(3)))
                .options(ORM.withLoaderCriteria(Edge.class, ORM.attr(Edge.class, "x1").gt(5), true));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.e1_id, anon_1.e1_x1, anon_1.e1_y1 \n"
                + "FROM (SELECT e1.id AS e1_id, e1.x1 AS e1_x1, e1.y1 AS e1_y1 \n"
                + "FROM ck_edge AS e1 UNION ALL SELECT e1.id AS e1_id, e1.x1 AS e1_x1, e1.y1 AS e1_y1 \n"
                + "FROM ck_edge AS e1 \n"
                + "WHERE e1.x1 < :x1_1) AS anon_1");
        // s.query(Edge).union_all(s.query(Edge).filter(Edge.x1 < 3)).options(with_loader_criteria(Edge, Edge.x1 > 5, include_aliases=True))
        Query<?> plain = ORM.select(Edge.class).unionAll(ORM.select(Edge.class).where(ORM.attr(Edge.class, "x1").lt(3)))
                .options(ORM.withLoaderCriteria(Edge.class, ORM.attr(Edge.class, "x1").gt(5), true));
        assertThat(sql(plain)).isEqualTo("SELECT anon_1.ck_edge_id, anon_1.ck_edge_x1, anon_1.ck_edge_y1 \n"
                + "FROM (SELECT ck_edge.id AS ck_edge_id, ck_edge.x1 AS ck_edge_x1, ck_edge.y1 AS ck_edge_y1 \n"
                + "FROM ck_edge UNION ALL SELECT ck_edge.id AS ck_edge_id, ck_edge.x1 AS ck_edge_x1, ck_edge.y1 AS ck_edge_y1 \n"
                + "FROM ck_edge \n"
                + "WHERE ck_edge.x1 < :x1_1) AS anon_1");
    }
}
