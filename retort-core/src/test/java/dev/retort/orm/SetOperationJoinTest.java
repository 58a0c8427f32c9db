package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Joins after a set operation: the join goes from the compound's subquery; the loader criteria of the class joined
 * through an alias filter that alias, never adapted to the compound's subquery (found by OrmConstructsGenerator once
 * it joined set operations, seed 1: {@code anon_9.anon_8_x1 > ?}, a subquery not in FROM). The expected SQL is
 * SQLAlchemy 2.1.1's legacy {@code Query.union(...).join(...)}.
 */
class SetOperationJoinTest {
    public static class Edge {
        Integer id;
        Integer x1;
        Integer y1;
        Integer parentId;
        List<Note> notes;
        List<Edge> children;
    }

    public static class Note {
        Integer id;
        Integer edgeId;
        String body;
    }

    private static final MetaData MD = new MetaData();
    private static final Table EDGE = new Table("ck_edge", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x1", Types.INTEGER),
            Column.of("y1", Types.INTEGER), Column.of("parent_id", Types.INTEGER).foreignKey("ck_edge.id"));
    private static final Table NOTE = new Table("ck_note", MD, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("edge_id", Types.INTEGER).foreignKey("ck_edge.id"), Column.of("body", Types.STRING));

    static {
        Registry reg = new Registry(MD);
        reg.mapImperatively(Edge.class, EDGE, Map.of("notes", ORM.relationship(Note.class), "children", ORM.relationship(Edge.class),
                "parentId", EDGE.c("parent_id")));
        reg.mapImperatively(Note.class, NOTE, Map.of("edgeId", NOTE.c("edge_id")));
    }

    private static String sql(Query<?> q) {
        return q.statement().compile().templateString();
    }

    @Test
    void loaderCriteriaOnAUnionJoinedToAnAliasFilterTheAlias() {
        AliasedEntity<Edge> e = ORM.aliased(Edge.class);
        // s.query(e).union(s.query(e).filter(e.x1 < 3)).join(aliased(Edge), e.children)
        //     .options(with_loader_criteria(Edge, Edge.x1 > 5, include_aliases=True))
        Query<?> q = ORM.select(e).union(ORM.select(e).where(e.attr("x1").lt(3))).join(ORM.aliased(Edge.class), e.attr("children"))
                .options(ORM.withLoaderCriteria(Edge.class, ORM.attr(Edge.class, "x1").gt(5), true));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.ck_edge_1_id, anon_1.ck_edge_1_x1, anon_1.ck_edge_1_y1, anon_1.ck_edge_1_parent_id \n"
                + "FROM (SELECT ck_edge_1.id AS ck_edge_1_id, ck_edge_1.x1 AS ck_edge_1_x1, ck_edge_1.y1 AS ck_edge_1_y1, ck_edge_1.parent_id AS ck_edge_1_parent_id \n"
                + "FROM ck_edge AS ck_edge_1 UNION SELECT ck_edge_1.id AS ck_edge_1_id, ck_edge_1.x1 AS ck_edge_1_x1, ck_edge_1.y1 AS ck_edge_1_y1, ck_edge_1.parent_id AS ck_edge_1_parent_id \n"
                + "FROM ck_edge AS ck_edge_1 \n"
                + "WHERE ck_edge_1.x1 < :x1_1) AS anon_1 JOIN ck_edge AS ck_edge_2 ON anon_1.ck_edge_1_id = ck_edge_2.parent_id AND ck_edge_2.x1 > :x1_2");
    }

    @Test
    void loaderCriteriaOnAUnionOfAnIntersectJoinedToAnAliasFilterTheAlias() {
        AliasedEntity<Edge> e = ORM.aliased(Edge.class);
        // s.query(e).union(s.query(e).filter(e.x1 < 3).intersect(s.query(e).filter(e.x1 < 4))).join(aliased(Edge), e.children)
        //     .options(with_loader_criteria(Edge, Edge.x1 > 5, include_aliases=True))
        Query<?> q = ORM.select(e).union(ORM.select(e).where(e.attr("x1").lt(3)).intersect(ORM.select(e).where(e.attr("x1").lt(4))))
                .join(ORM.aliased(Edge.class), e.attr("children"))
                .options(ORM.withLoaderCriteria(Edge.class, ORM.attr(Edge.class, "x1").gt(5), true));
        assertThat(sql(q)).endsWith("WHERE ck_edge_1.x1 < :x1_2) AS anon_2) AS anon_1 JOIN ck_edge AS ck_edge_2 ON anon_1.ck_edge_1_id = ck_edge_2.parent_id AND ck_edge_2.x1 > :x1_3");
    }

    @Test
    void aUnionOfAnAliasColumnsJoinsFromItsSubquery() {
        AliasedEntity<Edge> e1 = ORM.aliased(Edge.class, "e1");
        // s.query(e1.id, e1.x1).union(s.query(e1.id, e1.x1).filter(e1.y1 > 3)).join(e1.notes)
        Query<?> q = ORM.select(e1.attr("id"), e1.attr("x1")).union(ORM.select(e1.attr("id"), e1.attr("x1")).where(e1.attr("y1").gt(3))).join(e1.attr("notes"));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.e1_id, anon_1.e1_x1 \n"
                + "FROM (SELECT e1.id AS e1_id, e1.x1 AS e1_x1 \n"
                + "FROM ck_edge AS e1 UNION SELECT e1.id AS e1_id, e1.x1 AS e1_x1 \n"
                + "FROM ck_edge AS e1 \n"
                + "WHERE e1.y1 > :y1_1) AS anon_1 JOIN ck_note ON anon_1.e1_id = ck_note.edge_id");
    }
}
