package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.pAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Query.prefixWith / suffixWith / withHint / withStatementHint: written on the dialect they name only,
 * the queries run on each database, and they travel through the serializer.
 */
class StatementTextQueryTest extends ThreeParentsTest {

    private String lastSelect() {
        List<String> selects = model().sql.stream().filter(x -> x.startsWith("SELECT")).toList();
        return selects.get(selects.size() - 1);
    }

    @EachDatabase
    void mysqlPrefixAndTableHintAreWrittenOnMariadbOnly(Databases.Database db) {
        Session s = seeded(db);
        List<P> all = s.query(P.class).prefixWithDialect("mysql", "SQL_NO_CACHE").withHint(P.class, "USE INDEX (PRIMARY)", "mysql")
                .orderBy(pAttr("id")).all();
        assertThat(all).extracting(p -> p.name).containsExactly("a", "b", "c");
        boolean mariadb = db == Databases.Database.MARIADB;
        assertThat(lastSelect().startsWith("SELECT SQL_NO_CACHE parents.id")).isEqualTo(mariadb);
        assertThat(lastSelect().contains("FROM parents USE INDEX (PRIMARY)")).isEqualTo(mariadb);
    }

    /** Each database's share lock as a suffix for its dialect: one suffix written, the others left out. */
    @EachDatabase
    void suffixesForEachDialect(Databases.Database db) {
        Session s = seeded(db);
        List<P> one = s.query(P.class).filter(pAttr("id").eq(2))
                .suffixWithDialect("postgresql", "FOR SHARE").suffixWithDialect("mysql", "LOCK IN SHARE MODE").all();
        assertThat(one).extracting(p -> p.name).containsExactly("b");
        String expected = switch (db) {
            case POSTGRESQL -> " FOR SHARE";
            case MARIADB -> " LOCK IN SHARE MODE";
            default -> "= ?";
        };
        assertThat(lastSelect()).endsWith(expected);
    }

    /**
     * A hint for an aliased entity lands on the alias's FROM clause; with a joined load of a collection and a
     * LIMIT it stays with the query in the subquery the eager join wraps (as in SQLAlchemy). The serializer
     * keeps prefixes, suffixes and hints, and the hinted alias is the entity's.
     */
    @EachDatabase
    @SuppressWarnings("unchecked")
    void aHintedAliasInsideTheEagerLoadSubqueryAndThroughTheSerializer(Databases.Database db) {
        Session s = seeded(db);
        AliasedEntity<C> ca = ORM.aliased(C.class);
        Query<P> q = s.query(P.class).join(ca, ca.attr("parent_id").eq(pAttr("id"))).filter(ca.attr("id").eq(12))
                .withHint(ca, "FORCE INDEX (PRIMARY)", "mysql").withStatementHint("/* no such */", "sqlite")
                .prefixWith("/* p */").options(ORM.joinedLoad(ORM.attr(P.class, "children"))).limit(1);
        P b = q.one();
        assertThat(b.name).isEqualTo("b");
        assertThat(b.children).extracting(c -> c.id).containsExactly(12);
        String sql = lastSelect();
        assertThat(sql).contains("(SELECT /* p */ parents.id");
        assertThat(sql.contains("AS children_2 FORCE INDEX (PRIMARY) ON")).as(sql).isEqualTo(db == Databases.Database.MARIADB);
        assertThat(sql.contains("LIMIT ? OFFSET ? /* no such */) AS anon_1")).as(sql).isEqualTo(db == Databases.Database.SQLITE);
        for (Protocol p : Protocol.values()) {
            Query<P> back = (Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q, p), model().metadata);
            assertThat(back.compile(s.engine().dialect()).string()).as(p.name()).isEqualTo(q.compile(s.engine().dialect()).string());
            model().sql.clear();
            assertThat(back.withSession(s).all()).as(p.name()).extracting(x -> x.name).containsExactly("b");
            assertThat(lastSelect()).isEqualTo(sql);
        }
    }

    @Test
    void aHintNamesAnEntityOrAFromClause() {
        Query<P> q = seeded(Databases.Database.SQLITE).query(P.class);
        assertThatThrownBy(() -> q.withHint(null, "x")).isInstanceOf(ArgumentException.class).hasMessageContaining("withStatementHint");
        assertThatThrownBy(() -> q.withHint("users", "x")).isInstanceOf(ArgumentException.class).hasMessageContaining("not users");
        assertThatThrownBy(() -> q.prefixWith(42)).isInstanceOf(ArgumentException.class).hasMessageContaining("java.lang.Integer");
    }
}
