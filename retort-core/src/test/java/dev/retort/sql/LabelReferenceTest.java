package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SQL#labelReference}: SQLAlchemy's {@code order_by("name")}. The expected SQL is
 * SQLAlchemy 2.1.1's for the statement in each comment (default string compiler unless said).
 */
class LabelReferenceTest {
    private static final TableClause T = table("t", column("id", Types.INTEGER), column("name", Types.STRING), column("age", Types.INTEGER));
    private static final TableClause U = table("u", column("id", Types.INTEGER), column("name", Types.STRING));

    private static String sql(ClauseElement e) {
        return e.toString().replaceAll("\\s+", " ");
    }

    @Test
    void aNameResolvesToALabelOfTheColumnsClauseElseToAColumnOfTheFromClauses() {
        // select(t.c.id).order_by("name"); .order_by(desc("name"), "age"); select(t.c.id.label("name")).order_by("name")
        assertThat(sql(select(T.c("id")).orderBy(labelReference("name")))).isEqualTo("SELECT t.id FROM t ORDER BY t.name");
        assertThat(sql(select(T.c("id")).orderBy(desc(labelReference("name")), labelReference("age"))))
                .isEqualTo("SELECT t.id FROM t ORDER BY t.name DESC, t.age");
        assertThat(sql(select(T.c("id").label("name")).orderBy(labelReference("name")))).isEqualTo("SELECT t.id AS name FROM t ORDER BY name");
        // select(t.c.age, func.count(t.c.id).label("n")).group_by("age").order_by(desc("n"))
        assertThat(sql(select(T.c("age"), func("count", T.c("id")).label("n")).groupBy(labelReference("age")).orderBy(desc(labelReference("n")))))
                .isEqualTo("SELECT t.age, count(t.id) AS n FROM t GROUP BY t.age ORDER BY n DESC");
        // select(column("q")).order_by("q")
        assertThat(sql(select(column("q")).orderBy(labelReference("q")))).isEqualTo("SELECT q ORDER BY q");
    }

    @Test
    void theLastFromColumnOfTheNameWinsAndSubqueriesResolveTheirOwnColumns() {
        // select(t.c.id, u.c.id).order_by("name")
        assertThat(sql(select(T.c("id"), U.c("id")).orderBy(labelReference("name")))).isEqualTo("SELECT t.id, u.id AS id_1 FROM t, u ORDER BY u.name");
        // select(select(t).subquery().c.name).order_by("name")
        assertThat(sql(select(select(T).subquery().c("name")).orderBy(labelReference("name"))))
                .isEqualTo("SELECT anon_1.name FROM (SELECT t.id AS id, t.name AS name, t.age AS age FROM t) AS anon_1 ORDER BY anon_1.name");
        // select(t.c.id).where(t.c.id == select(u.c.id).order_by("name").limit(1).scalar_subquery())
        assertThat(sql(select(T.c("id")).where(T.c("id").eq(select(U.c("id")).orderBy(labelReference("name")).limit(1).scalarSubquery()))))
                .isEqualTo("SELECT t.id FROM t WHERE t.id = (SELECT u.id FROM u ORDER BY u.name LIMIT :param_1)");
    }

    @Test
    void aSelectedTableColumnIsNamedByItsTableQualifiedLabelTooWhateverTheLabelStyle() {
        // select(t).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).order_by("t_name"): SQLAlchemy's _tq_label of a selected column
        assertThat(sql(select(T).labelStyle(LabelStyle.TABLENAME_PLUS_COL).orderBy(labelReference("t_name"))))
                .isEqualTo("SELECT t.id AS t_id, t.name AS t_name, t.age AS t_age FROM t ORDER BY t.name");
        // select(t.c.id, t.c.name.label("x")).group_by("t_id", "x").order_by("t_id")
        assertThat(sql(select(T.c("id"), T.c("name").label("x")).groupBy(labelReference("t_id"), labelReference("x")).orderBy(labelReference("t_id"))))
                .isEqualTo("SELECT t.id, t.name AS x FROM t GROUP BY t.id, x ORDER BY t.id");
        // select(t.c.id).order_by("t_name"): CompileError, t.name is not selected
        assertThatThrownBy(() -> select(T.c("id")).orderBy(labelReference("t_name")).compile())
                .isInstanceOf(CompileException.class).hasMessageContaining("'t_name'");
    }

    @Test
    void insideTheColumnsClauseOnlyFromColumnsAreCandidates() {
        // select(t.c.id, func.row_number().over(order_by="name"))
        assertThat(sql(select(T.c("id"), func("row_number").over().orderBy(labelReference("name")))))
                .isEqualTo("SELECT t.id, row_number() OVER (ORDER BY t.name) AS anon_1 FROM t");
        // select(t.c.id.label("zz"), func.row_number().over(order_by="zz")): CompileError
        assertThatThrownBy(() -> select(T.c("id").label("zz"), func("row_number").over().orderBy(labelReference("zz"))).compile())
                .isInstanceOf(CompileException.class).hasMessageContaining("'zz'");
    }

    @Test
    void aCompoundSelectResolvesItsResultColumnNames() {
        // union(select(t.c.id, t.c.name), select(u.c.id, u.c.name)).order_by(desc("name"))
        assertThat(sql(union(select(T.c("id"), T.c("name")), select(U.c("id"), U.c("name"))).orderBy(desc(labelReference("name")))))
                .isEqualTo("SELECT t.id, t.name FROM t UNION SELECT u.id, u.name FROM u ORDER BY name DESC");
        // union(select(t.c.id), select(u.c.id)).order_by("name"): CompileError
        assertThatThrownBy(() -> union(select(T.c("id")), select(U.c("id"))).orderBy(labelReference("name")).compile())
                .isInstanceOf(CompileException.class).hasMessageContaining("'name'");
    }

    @Test
    void aLabelObjectInOrderByIsReferredToOnlyWhenItIsTheLastSelectedOfItsName() {
        // l1 = t.c.id.label("total"); l2 = func.coalesce(u.c.name, "x").label("total")
        // select(l1, l2).order_by(l1.desc(), l2, l1): the name stands for the last label, l1 renders its expression
        ColumnElement<?> l1 = T.c("id").label("total");
        ColumnElement<?> l2 = func("coalesce", U.c("name"), "x").label("total");
        assertThat(sql(select(l1, l2).orderBy(l1.desc(), l2, l1)))
                .isEqualTo("SELECT t.id AS total, coalesce(u.name, :coalesce_1) AS total FROM t, u ORDER BY t.id DESC, total, t.id");
        // select(l1, l2, l1).order_by(l1, l2)
        assertThat(sql(select(l1, l2, l1).orderBy(l1, l2)))
                .isEqualTo("SELECT t.id AS total, coalesce(u.name, :coalesce_1) AS total, t.id AS total FROM t, u ORDER BY total, coalesce(u.name, :coalesce_1)");
        // select(l1, l2).order_by(desc("total"))
        assertThat(sql(select(l1, l2).orderBy(desc(labelReference("total")))))
                .isEqualTo("SELECT t.id AS total, coalesce(u.name, :coalesce_1) AS total FROM t, u ORDER BY total DESC");
    }

    @Test
    void anUnknownNameIsAnErrorNotRawSql() {
        // select(t.c.id).order_by("nosuch"): CompileError
        assertThatThrownBy(() -> select(T.c("id")).orderBy(labelReference("id; DROP TABLE t")).compile())
                .isInstanceOf(CompileException.class).hasMessageContaining("Can't resolve label reference 'id; DROP TABLE t'");
        // Outside any SELECT but inside a statement there is nothing to resolve against either.
        assertThatThrownBy(() -> update(T).values(Map.of("age", labelReference("age"))).compile())
                .isInstanceOf(CompileException.class);
        // desc("name") alone: its string form
        assertThat(desc(labelReference("name")).toString()).isEqualTo("name DESC");
    }

    @Test
    void aResolvedLabelIsQuotedAsTheDialectQuotes() {
        // PGDialect(paramstyle="qmark"): select(t.c.id.label("Total Sum")).order_by("Total Sum")
        assertThat(select(T.c("id").label("Total Sum")).orderBy(labelReference("Total Sum")).compile(Dialects.postgresql()).string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT t.id AS \"Total Sum\" FROM t ORDER BY \"Total Sum\"");
    }

    @Test
    void theNameIsPartOfTheCacheKeyAndSurvivesSerialization() {
        Select byName = select(T.c("id")).orderBy(labelReference("name"));
        assertThat(byName.cacheKey()).isEqualTo(select(T.c("id")).orderBy(labelReference("name")).cacheKey());
        assertThat(byName.cacheKey()).isNotEqualTo(select(T.c("id")).orderBy(labelReference("age")).cacheKey());
        MetaData md = new MetaData();
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(byName, p), md);
            assertThat(back.compare(byName)).isTrue();
            assertThat(back.toString()).isEqualTo(byName.toString());
        }
    }

    @EachDatabase
    void rowsComeInTheOrderTheNameMeans(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // ORDER BY users.name DESC: dee, cy, bob, ann
            assertThat(column0(c, select(s.u("id")).orderBy(desc(labelReference("name"))))).containsExactly(4L, 3L, 2L, 1L);
            // GROUP BY users.age ORDER BY n DESC, users.age: age 30 twice, then 5 and 7 once
            assertThat(column0(c, select(s.u("age"), func("count", s.u("id")).label("n"))
                    .groupBy(labelReference("age")).orderBy(desc(labelReference("n")), labelReference("age")))).containsExactly(30L, 5L, 7L);
        });
    }

    private static List<Object> column0(Connection c, ClauseElement stmt) {
        List<Object> out = new ArrayList<>();
        c.execute(stmt).all().forEach(r -> out.add(((Number) r.get(0)).longValue()));
        return out;
    }
}
