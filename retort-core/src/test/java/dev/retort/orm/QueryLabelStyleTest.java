package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.cAttr;
import static dev.retort.orm.ParentChildModel.pAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.LabelStyle;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;

/**
 * {@link Query#labelStyle}: a query's own label style, which the subquery a joined eager load wraps a
 * limited or DISTINCT query in takes too (SQLAlchemy's legacy {@code session.query()}), and the ORDER BY
 * columns that subquery adds, selected again by the statement around it. Expected SQL from SQLAlchemy
 * 2.1.1 (its default dialect) for tables {@code parents} / {@code children} mapped as
 * {@link ParentChildModel} maps them; results on each database: parents a (children 10, 11), b (12), c.
 */
class QueryLabelStyleTest extends ThreeParentsTest {
    private String suffix;

    private Session start(Databases.Database db) {
        Session s = seeded(db);
        suffix = model().suffix;
        return s;
    }

    private String sql(ClauseElement q) {
        return q.compile(Dialects.defaultDialect()).string().replace(suffix, "").replaceAll("\\s+", " ").trim();
    }

    private static Query<P> withChildren(Query<P> q) {
        return q.options(ORM.joinedLoad(ORM.attr(P.class, "children")));
    }

    @EachDatabase
    void aLegacyStyleQueryLabelsTheEagerLoadSubqueryToo(Databases.Database db) {
        Session s = start(db);
        Query<P> q = withChildren(s.query(P.class)).orderBy(pAttr("name")).limit(2).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
        assertThat(sql(q)).isEqualTo("SELECT anon_1.parents_id AS anon_1_parents_id, anon_1.parents_name AS anon_1_parents_name, "
                + "children_1.id AS children_1_id, children_1.name AS children_1_name, children_1.parent_id AS children_1_parent_id "
                + "FROM (SELECT parents.id AS parents_id, parents.name AS parents_name FROM parents ORDER BY parents.name "
                + "LIMIT :param_1) AS anon_1 LEFT OUTER JOIN children AS children_1 ON anon_1.parents_id = children_1.parent_id "
                + "ORDER BY anon_1.parents_name, children_1.id");
        List<P> two = q.all();
        assertThat(two).extracting(p -> p.name).containsExactly("a", "b");
        assertThat(two.get(0).children).extracting(c -> c.id).containsExactly(10, 11);
        assertThat(two.get(1).children).extracting(c -> c.id).containsExactly(12);
    }

    /** DISTINCT ordered by a joined column: the subquery selects it, and so does the statement around it, in both styles. */
    @EachDatabase
    void theOrderByColumnsOfTheSubqueryAreSelectedAgain(Databases.Database db) {
        Session s = start(db);
        Query<P> q = withChildren(s.query(P.class).join(ORM.attr(P.class, "children"))).orderBy(SQL.desc(cAttr("name"))).distinct().limit(2);
        Query<P> legacy = q.labelStyle(LabelStyle.TABLENAME_PLUS_COL);
        assertThat(sql(legacy)).isEqualTo("SELECT anon_1.parents_id AS anon_1_parents_id, anon_1.parents_name AS anon_1_parents_name, "
                + "anon_1.children_name AS anon_1_children_name, children_1.id AS children_1_id, children_1.name AS children_1_name, "
                + "children_1.parent_id AS children_1_parent_id FROM (SELECT DISTINCT parents.id AS parents_id, parents.name AS parents_name, "
                + "children.name AS children_name FROM parents JOIN children ON parents.id = children.parent_id ORDER BY children.name DESC "
                + "LIMIT :param_1) AS anon_1 LEFT OUTER JOIN children AS children_1 ON anon_1.parents_id = children_1.parent_id "
                + "ORDER BY anon_1.children_name DESC, children_1.id");
        assertThat(sql(q)).isEqualTo("SELECT anon_1.id, anon_1.name, anon_1.name_1, children_1.id AS id_1, children_1.name AS name_2, "
                + "children_1.parent_id FROM (SELECT DISTINCT parents.id AS id, parents.name AS name, children.name AS name_1 "
                + "FROM parents JOIN children ON parents.id = children.parent_id ORDER BY children.name DESC LIMIT :param_1) AS anon_1 "
                + "LEFT OUTER JOIN children AS children_1 ON anon_1.id = children_1.parent_id ORDER BY anon_1.name_1 DESC, children_1.id");
        for (Query<P> each : List.of(q, legacy)) {
            // a fresh session each time, so that the instances load from the rows
            List<P> two = each.withSession(model().open()).all();
            assertThat(two).extracting(p -> p.name).containsExactly("b", "a");
            assertThat(two.get(0).children).extracting(c -> c.id).containsExactly(12);
            assertThat(two.get(1).children).extracting(c -> c.id).containsExactly(10, 11);
        }
    }

    /**
     * A loader criterion comparing with a subquery of its own entity's rows leaves that subquery unfiltered by itself
     * (SQLAlchemy's recursion check, its issue 7491): only the joined rows are filtered.
     */
    @EachDatabase
    void aLoaderCriterionsOwnSubqueryIsNotFilteredByIt(Databases.Database db) {
        Session s = start(db);
        dev.retort.sql.ScalarSelect<Object> only12 = ORM.select(cAttr("id")).filter(cAttr("name").eq("c12")).innerStatement().scalarSubquery();
        Query<P> q = ORM.select(P.class).join(ORM.attr(P.class, "children"))
                .options(ORM.withLoaderCriteria(C.class, cAttr("id").eq(only12))).withSession(s);
        assertThat(sql(q)).isEqualTo("SELECT parents.id, parents.name FROM parents JOIN children ON parents.id = children.parent_id "
                + "AND children.id = (SELECT children.id FROM children WHERE children.name = :name_1)");
        assertThat(q.all()).extracting(p -> p.name).containsExactly("b");
    }

    /** The label style travels through the serializer (format 1.17). */
    @EachDatabase
    @SuppressWarnings("unchecked")
    void theLabelStyleSurvivesTheSerializer(Databases.Database db) {
        Session s = start(db);
        Query<P> q = withChildren(s.query(P.class)).orderBy(pAttr("name")).limit(2).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
        for (Protocol p : Protocol.values()) {
            Query<P> back = (Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q, p), model().metadata);
            assertThat(sql(back)).as(p.name()).isEqualTo(sql(q));
            assertThat(back.withSession(s).all()).as(p.name()).extracting(x -> x.name).containsExactly("a", "b");
        }
        // the default style writes nothing new: any format reads it
        Query<P> plain = (Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q.labelStyle(LabelStyle.DISAMBIGUATE_ONLY)), model().metadata);
        assertThat(sql(plain)).startsWith("SELECT anon_1.id, anon_1.name, children_1.id AS id_1");
    }
}
