package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.cAttr;
import static dev.retort.orm.ParentChildModel.pAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Row;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;

/**
 * {@link Query#union} and the other set operations of a query (SQLAlchemy's legacy
 * {@code Query.union}, {@code set_base_alias}): instances load from the compound's subquery and
 * what is added later adapts to it. Expected SQL from SQLAlchemy 2.1.1 (its default dialect), for
 * tables {@code parents} / {@code children} mapped as {@link ParentChildModel} maps them. Results
 * on each database: parents a (children 10, 11), b (12) and c (none).
 */
class SetOperationQueryTest extends ThreeParentsTest {
    private static final String A_OR_B = "FROM (SELECT parents.id AS parents_id, parents.name AS parents_name FROM parents "
            + "WHERE parents.name = :name_1 UNION SELECT parents.id AS parents_id, parents.name AS parents_name FROM parents "
            + "WHERE parents.name = :name_2) AS anon_1";

    private String suffix;

    private Query<P> aOrB(Session s) {
        return s.query(P.class).filter(pAttr("name").eq("a")).union(s.query(P.class).filter(pAttr("name").eq("b")));
    }

    private Session start(Databases.Database db) {
        Session s = seeded(db);
        suffix = s.query(P.class).statement().froms().get(0).toString().substring("parents".length());
        return s;
    }

    private String sql(ClauseElement q) {
        return q.compile(Dialects.defaultDialect()).string().replace(suffix, "").replaceAll("\\s+", " ").trim();
    }

    @EachDatabase
    void aSetOperationOfASetOperationNestsItsSubquery(Databases.Database db) {
        Session s = start(db);
        // s.query(P).filter(P.name == "a").union(s.query(P).filter(P.name == "b")).union(s.query(P).filter(P.name == "c")).order_by(P.name)
        Query<P> q = aOrB(s).union(s.query(P.class).filter(pAttr("name").eq("c"))).orderBy(pAttr("name"));
        assertThat(sql(q.labelStyle(dev.retort.sql.LabelStyle.TABLENAME_PLUS_COL).statement()))
                .isEqualTo("SELECT anon_1.anon_2_parents_id AS anon_1_anon_2_parents_id, anon_1.anon_2_parents_name AS anon_1_anon_2_parents_name "
                        + "FROM (SELECT anon_2.parents_id AS anon_2_parents_id, anon_2.parents_name AS anon_2_parents_name "
                        + A_OR_B.replace("anon_1", "anon_2") + " UNION SELECT parents.id AS parents_id, parents.name AS parents_name FROM parents "
                        + "WHERE parents.name = :name_3) AS anon_1 ORDER BY anon_1.anon_2_parents_name");
        assertThat(q.all()).extracting(p -> p.name).containsExactly("a", "b", "c");
    }

    @EachDatabase
    void laterCriteriaOrderingAndLimitAdaptToTheUnion(Databases.Database db) {
        Session s = start(db);
        Query<P> q = aOrB(s).filter(pAttr("id").gt(1)).orderBy(SQL.desc(pAttr("name"))).limit(5);
        assertThat(sql(q)).isEqualTo("SELECT anon_1.parents_id, anon_1.parents_name " + A_OR_B
                + " WHERE anon_1.parents_id > :id_1 ORDER BY anon_1.parents_name DESC LIMIT :param_1");
        assertThat(q.all()).extracting(p -> p.name).containsExactly("b");
        List<P> both = aOrB(s).orderBy(SQL.desc(pAttr("name"))).all();
        assertThat(both).extracting(p -> p.name).containsExactly("b", "a");
        assertThat(s.get(P.class, 1)).as("one identity map").isSameAs(both.get(1));
        assertThat(aOrB(s).count()).isEqualTo(2);
    }

    @EachDatabase
    void aJoinStartsFromTheUnion(Databases.Database db) {
        Session s = start(db);
        Query<P> q = aOrB(s).join(ORM.attr(P.class, "children")).filter(cAttr("id").eq(12));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.parents_id, anon_1.parents_name " + A_OR_B
                + " JOIN children ON anon_1.parents_id = children.parent_id WHERE children.id = :id_1");
        assertThat(q.all()).extracting(p -> p.name).containsExactly("b");
    }

    @EachDatabase
    void aJoinedLoadJoinsToTheUnion(Databases.Database db) {
        Session s = start(db);
        Query<P> q = aOrB(s).options(ORM.joinedLoad(ORM.attr(P.class, "children")));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.parents_id, anon_1.parents_name, children_1.id, children_1.name, children_1.parent_id "
                + A_OR_B + " LEFT OUTER JOIN children AS children_1 ON anon_1.parents_id = children_1.parent_id ORDER BY children_1.id");
        List<P> loaded = q.orderBy(pAttr("id")).all();
        assertThat(loaded).extracting(p -> p.name).containsExactly("a", "b");
        assertThat(loaded.get(0).children).extracting(c -> c.id).containsExactly(10, 11);
    }

    @EachDatabase
    void theQueriesSelectDeferredColumnsTooAndTheOuterQueryDefersThem(Databases.Database db) {
        Session s = start(db);
        Query<P> q = s.query(P.class).options(ORM.defer(ORM.attr(P.class, "name"))).filter(pAttr("id").eq(1))
                .union(s.query(P.class).filter(pAttr("id").eq(2))).orderBy(pAttr("id"));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.parents_id FROM (SELECT parents.id AS parents_id, parents.name AS parents_name "
                + "FROM parents WHERE parents.id = :id_1 UNION SELECT parents.id AS parents_id, parents.name AS parents_name FROM parents "
                + "WHERE parents.id = :id_2) AS anon_1 ORDER BY anon_1.parents_id");
        List<P> loaded = q.all();
        assertThat(loaded).extracting(p -> p.id).containsExactly(1, 2);
    }

    @EachDatabase
    void columnsOfAUnionAllAreRowsKeyedByAttribute(Databases.Database db) {
        Session s = start(db);
        Query<Row> q = s.query(pAttr("id"), pAttr("name")).unionAll(s.query(pAttr("id"), pAttr("name")).filter(pAttr("id").eq(3)))
                .orderBy(pAttr("id"));
        assertThat(sql(q)).isEqualTo("SELECT anon_1.parents_id, anon_1.parents_name FROM (SELECT parents.id AS parents_id, "
                + "parents.name AS parents_name FROM parents UNION ALL SELECT parents.id AS parents_id, parents.name AS parents_name "
                + "FROM parents WHERE parents.id = :id_1) AS anon_1 ORDER BY anon_1.parents_id");
        List<Row> rows = q.all();
        assertThat(rows).extracting(r -> ((Number) r.get("id")).intValue()).containsExactly(1, 2, 3, 3);
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("a", "b", "c", "c");
    }

    @EachDatabase
    void exceptOfSeveralAndANestedIntersect(Databases.Database db) {
        Session s = start(db);
        Query<P> except = s.query(P.class).except(s.query(P.class).filter(pAttr("id").eq(2)), s.query(P.class).filter(pAttr("id").eq(3)));
        assertThat(sql(except)).isEqualTo("SELECT anon_1.parents_id, anon_1.parents_name FROM (SELECT parents.id AS parents_id, "
                + "parents.name AS parents_name FROM parents EXCEPT SELECT parents.id AS parents_id, parents.name AS parents_name "
                + "FROM parents WHERE parents.id = :id_1 EXCEPT SELECT parents.id AS parents_id, parents.name AS parents_name "
                + "FROM parents WHERE parents.id = :id_2) AS anon_1");
        assertThat(except.all()).extracting(p -> p.id).containsExactly(1);

        Query<P> nested = s.query(P.class).filter(pAttr("id").lt(3)).union(s.query(P.class).filter(pAttr("id").gt(1)))
                .intersect(s.query(P.class).filter(pAttr("id").eq(2)));
        assertThat(sql(nested)).isEqualTo("SELECT anon_2.anon_1_parents_id, anon_2.anon_1_parents_name FROM (SELECT anon_1.parents_id "
                + "AS anon_1_parents_id, anon_1.parents_name AS anon_1_parents_name FROM (SELECT parents.id AS parents_id, parents.name "
                + "AS parents_name FROM parents WHERE parents.id < :id_1 UNION SELECT parents.id AS parents_id, parents.name AS "
                + "parents_name FROM parents WHERE parents.id > :id_2) AS anon_1 INTERSECT SELECT parents.id AS parents_id, "
                + "parents.name AS parents_name FROM parents WHERE parents.id = :id_3) AS anon_2");
        assertThat(nested.all()).extracting(p -> p.id).containsExactly(2);
    }

    @EachDatabase
    void aUnionSurvivesTheSerializer(Databases.Database db) {
        Session s = start(db);
        Query<P> q = aOrB(s).filter(pAttr("id").gt(1));
        MetaData metadata = ((Table) s.query(P.class).statement().froms().get(0)).metadata();
        for (Protocol p : Protocol.values()) {
            @SuppressWarnings("unchecked")
            Query<P> back = ((Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q, p), metadata)).withSession(s);
            assertThat(sql(back)).as(p.name()).isEqualTo(sql(q));
            assertThat(back.compare(q)).as(p.name()).isTrue();
            assertThat(back.all()).as(p.name()).extracting(x -> x.name).containsExactly("b");
        }
    }
}
