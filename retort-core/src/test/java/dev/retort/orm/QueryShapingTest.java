package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.cAttr;
import static dev.retort.orm.ParentChildModel.pAttr;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.func;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.sql.Fetch;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;

/**
 * Queries with GROUP BY / HAVING, DISTINCT ON and explicit correlation load the right
 * instances and rows on each database: parents a (children 10, 11), b (12) and c (none).
 */
class QueryShapingTest extends ThreeParentsTest {

    /**
     * SQLAlchemy #11226: with GROUP BY, a joined eager load goes around the grouped query (a subquery),
     * not into it; inside, PostgreSQL refuses the eager columns that are not grouped.
     */
    @EachDatabase
    void groupByWithAJoinedLoadGroupsInASubquery(Databases.Database db) {
        Session s = seeded(db);
        List<C> kids = s.query(C.class).join(ORM.attr(C.class, "parent")).groupBy(cAttr("id"))
                .having(func("count", pAttr("id")).eq(1)).options(ORM.joinedLoad(ORM.attr(C.class, "parent")))
                .orderBy(cAttr("id")).all();
        assertThat(kids).extracting(c -> c.id + ":" + c.parent.name).containsExactly("10:a", "11:a", "12:b");
    }

    @EachDatabase
    void groupByAndHavingLoadEntitiesAndRows(Databases.Database db) {
        Session s = seeded(db);
        List<P> many = s.query(P.class).join(ORM.attr(P.class, "children"))
                .groupBy(pAttr("id"), pAttr("name"))
                .having(func("count", cAttr("id")).gt(1))
                .all();
        assertThat(many).extracting(p -> p.name).containsExactly("a");

        List<Row> counts = s.query(pAttr("name"), func("count", cAttr("id")))
                .outerJoin(ORM.attr(P.class, "children"))
                .groupBy(pAttr("name"))
                .orderBy(pAttr("name"))
                .all();
        assertThat(counts).extracting(r -> r.get(0)).containsExactly("a", "b", "c");
        assertThat(counts).extracting(r -> ((Number) r.get(1)).intValue()).containsExactly(2, 1, 0);
    }

    /** A synonym ("label" for "name") is the attribute it names: in criteria, on an alias, in loader options, through the serializer. */
    @EachDatabase
    @SuppressWarnings("unchecked")
    void aSynonymIsTheAttributeItNames(Databases.Database db) {
        Session s = seeded(db);
        assertThat(ORM.attr(P.class, "label")).isSameAs(ORM.attr(P.class, "name"));
        Query<P> q = s.query(P.class).filter(ORM.attr(P.class, "label").ne("b")).options(ORM.loadOnly(ORM.attr(P.class, "label")))
                .orderBy(ORM.attr(P.class, "label"));
        assertThat(q.all()).extracting(p -> p.name).containsExactly("a", "c");
        for (dev.retort.ext.serializer.Protocol protocol : dev.retort.ext.serializer.Protocol.values()) {
            Query<P> back = (Query<P>) dev.retort.ext.serializer.QuerySerializer.loads(
                    dev.retort.ext.serializer.QuerySerializer.dumps(q, protocol), ORM.mapper(P.class).table().metadata());
            assertThat(back.withSession(s).all()).as(protocol.name()).extracting(p -> p.name).containsExactly("a", "c");
        }
        AliasedEntity<P> pa = ORM.aliased(P.class);
        List<Row> rows = s.query(pa.attr("label")).orderBy(pa.attr("label")).all();
        assertThat(rows).extracting(r -> r.get(0)).containsExactly("a", "b", "c");
    }

    /** SQLAlchemy loads nothing eagerly in a statement used inside another: a joinedLoad option adds no join to the subquery. */
    @EachDatabase
    void aJoinedLoadOptionAddsNoJoinInsideAnotherStatement(Databases.Database db) {
        Session s = seeded(db);
        Query<P> eager = ORM.select(P.class).options(ORM.joinedLoad(ORM.attr(P.class, "children")));
        Select inner = eager.innerStatement();
        assertThat(inner.toString()).doesNotContain("JOIN");
        var sub = inner.subquery("sub");
        assertThat(s.query(ORM.aliased(P.class, sub)).all()).extracting(p -> p.name).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(eager.statement().toString()).contains("LEFT OUTER JOIN");
    }

    @EachDatabase
    void correlateDecidesWhatTheSubqueryReads(Databases.Database db) {
        Session s = seeded(db);
        Query<?> children = ORM.select(cAttr("id")).where(cAttr("parent_id").eq(pAttr("id")));
        Select correlated = children.correlate(P.class).statement();
        assertThat(s.query(P.class).where(exists(correlated)).orderBy(pAttr("id")).all())
                .extracting(p -> p.name).containsExactly("a", "b");
        // correlate() with nothing: the subquery reads parents itself, so it has rows for every parent
        Select uncorrelated = children.correlate().statement();
        assertThat(s.query(P.class).where(exists(uncorrelated)).orderBy(pAttr("id")).all())
                .extracting(p -> p.name).containsExactly("a", "b", "c");
        // correlateExcept(C): correlates parents, as correlate(P) does
        Select except = children.correlateExcept(C.class).statement();
        assertThat(s.query(P.class).where(exists(except)).orderBy(pAttr("id")).all())
                .extracting(p -> p.name).containsExactly("a", "b");
    }

    @EachDatabase
    void distinctOnLoadsOneEntityPerValue(Databases.Database db) {
        if (db != Databases.Database.POSTGRESQL) {
            return;  // DISTINCT ON is PostgreSQL's
        }
        Session s = seeded(db);
        List<C> last = s.query(C.class).distinctOn(cAttr("parent_id")).orderBy(cAttr("parent_id"), desc(cAttr("id"))).all();
        assertThat(last).extracting(c -> c.id).containsExactly(11, 12);
    }

    @EachDatabase
    void fetchLimitsTheEntities(Databases.Database db) {
        Session s = seeded(db);
        List<C> page = s.query(C.class).orderBy(cAttr("id")).fetch(Fetch.first(2)).offset(1).all();
        assertThat(page).extracting(c -> c.id).containsExactly(11, 12);
        if (db == Databases.Database.POSTGRESQL) {
            // WITH TIES: the parents' children 10 and 11 tie on parent_id, so both come with a fetch of one
            List<C> tied = s.query(C.class).orderBy(cAttr("parent_id")).fetch(Fetch.first(1).withTies()).all();
            assertThat(tied).extracting(c -> c.id).containsExactlyInAnyOrder(10, 11);
        }
    }

    @EachDatabase
    void refusesWhatCannotApply(Databases.Database db) {
        Session s = seeded(db);
        assertThatThrownBy(() -> ORM.select(P.class).correlate("parents"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("parents");
        // a bulk statement has no GROUP BY: refused rather than dropped
        assertThatThrownBy(() -> s.query(P.class).groupBy(pAttr("name")).delete())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("GROUP BY");
        assertThat(s.query(P.class).count()).isEqualTo(3);
    }

    @EachDatabase
    void joinFromNamesTheLeftSide(Databases.Database db) {
        Session s = seeded(db);
        List<Row> rows = s.query(pAttr("name"), cAttr("id")).joinFrom(P.class, C.class, ORM.attr(P.class, "children"))
                .orderBy(cAttr("id")).all();
        assertThat(rows).extracting(r -> r.get(0) + ":" + r.get(1)).containsExactly("a:10", "a:11", "b:12");
        AliasedEntity<P> pa = ORM.aliased(P.class);
        List<C> kids = s.query(C.class).outerJoinFrom(C.class, pa, cAttr("parent_id").eq(pa.attr("id")))
                .where(pa.attr("name").eq("a")).orderBy(cAttr("id")).all();
        assertThat(kids).extracting(c -> c.id).containsExactly(10, 11);
        assertThatThrownBy(() -> s.query(C.class).joinFrom(C.class, P.class, ORM.attr(P.class, "children")))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("left side");
    }

    @EachDatabase
    void aSubqueryAmongTheEntitiesSelectsItsColumns(Databases.Database db) {
        Session s = seeded(db);
        var counts = ORM.select(cAttr("parent_id"), func("count", cAttr("id")).label("n")).groupBy(cAttr("parent_id")).statement().subquery();
        List<Row> rows = s.query(P.class, counts).join(counts, pAttr("id").eq(counts.c("parent_id"))).orderBy(pAttr("id")).all();
        assertThat(rows).extracting(r -> ((P) r.get(0)).name + ":" + ((Number) r.get(2)).intValue()).containsExactly("a:2", "b:1");
    }
}
