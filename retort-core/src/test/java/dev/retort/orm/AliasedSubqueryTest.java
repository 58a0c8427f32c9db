package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.cAttr;
import static dev.retort.orm.ParentChildModel.pAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.sql.Alias;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;

/**
 * {@link ORM#aliased(Class, dev.retort.sql.FromClause)}: instances loaded from a subquery, on
 * each database: parents a (children 10, 11), b (12) and c (none).
 */
class AliasedSubqueryTest extends ThreeParentsTest {

    @EachDatabase
    void entitiesLoadFromTheSubquery(Databases.Database db) {
        Session s = seeded(db);
        Alias later = ORM.select(P.class).where(pAttr("id").gt(1)).statement().subquery("later");
        AliasedEntity<P> lp = ORM.aliased(P.class, later);
        String sql = s.query(lp).orderBy(lp.attr("name")).statement().toString();
        assertThat(sql).contains(") AS later").contains("ORDER BY later.name");

        List<P> loaded = s.query(lp).orderBy(lp.attr("name")).all();
        assertThat(loaded).extracting(p -> p.id).containsExactly(2, 3);
        assertThat(loaded).extracting(p -> p.name).containsExactly("b", "c");
        assertThat(s.get(P.class, 2)).as("one identity map").isSameAs(loaded.get(0));

        assertThat(s.query(lp).filter(lp.attr("name").eq("c")).all()).extracting(p -> p.id).containsExactly(3);
        // the alias's relationships join from the subquery
        assertThat(s.query(lp).join(lp.attr("children")).all()).extracting(p -> p.name).containsExactly("b");
        List<Row> rows = s.query(lp, cAttr("id")).join(C.class, cAttr("parent_id").eq(lp.attr("id"))).all();
        assertThat(rows).hasSize(1);
        assertThat(((P) rows.get(0).get(0)).name).isEqualTo("b");
        assertThat(((Number) rows.get(0).get(1)).intValue()).isEqualTo(12);
    }

    @EachDatabase
    void aSubqueryLackingAMappedColumnIsRefused(Databases.Database db) {
        seeded(db);
        Alias names = ORM.select(pAttr("name")).statement().subquery("names");
        assertThatThrownBy(() -> ORM.aliased(P.class, names)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("no column for").hasMessageContaining(".id'");
        Alias ids = ORM.select(pAttr("id")).statement().subquery("ids");
        assertThatThrownBy(() -> ORM.aliased(P.class, ids)).isInstanceOf(ArgumentException.class).hasMessageContaining(".name'");
    }
}
