package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;

/**
 * Query.fromStatement: raw SQL or a Core select run as it is, its rows loaded as instances by column name,
 * on each database: parents a (children 10, 11), b (12) and c (none).
 */
class FromStatementQueryTest extends ThreeParentsTest {

    @EachDatabase
    void textStatementLoadsInstancesWhoseRelationshipsLoadLazily(Databases.Database db) {
        Session s = seeded(db);
        String sql = "SELECT * FROM " + model().parents.name() + " WHERE name <> :n ORDER BY id";
        Query<P> q = s.query(P.class).fromStatement(SQL.text(sql).bindparams(Map.of("n", "b")));
        assertThat(q.compile(s.engine().dialect()).string()).isEqualTo(SQL.text(sql).compile(s.engine().dialect()).string());
        List<P> ps = q.all();
        assertThat(ps).extracting(p -> p.name).containsExactly("a", "c");
        assertThat(ps.get(0).children).extracting(c -> c.id).containsExactly(10, 11);
        assertThat(s.get(P.class, 1)).isSameAs(ps.get(0));
    }

    /** Columns are matched by name, in any order; those the statement leaves out load on access. */
    @EachDatabase
    void coreSelectColumnsByNameAndMissingOnesLoadOnAccess(Databases.Database db) {
        Session s = seeded(db);
        var parents = model().parents;
        List<P> b = s.query(P.class).fromStatement(SQL.select(parents.c("name"), parents.c("id")).where(parents.c("id").eq(2))).all();
        assertThat(b).extracting(p -> p.id + ":" + p.name).containsExactly("2:b");
        model().sql.clear();
        P c = s.query(P.class).fromStatement(SQL.select(parents.c("id")).where(parents.c("id").eq(3))).one();
        assertThat(model().sql).hasSize(1);
        assertThat(c.name).isNull();
        assertThat(s.loadAttribute(c, "name")).isEqualTo("c");
        assertThat(c.name).isEqualTo("c");
    }

    /** A DML statement with RETURNING writes: it runs in the session's transaction even when reads autocommit. */
    @EachDatabase
    void anInsertReturningRunsInTheTransaction(Databases.Database db) {
        seeded(db);
        var parents = model().parents;
        Session s = model().open(SessionFactory.of(model().engine).autocommitReads(true));
        P d = s.query(P.class).fromStatement(SQL.insert(parents).values(Map.of("id", 4, "name", "d")).returning(parents.c("id"), parents.c("name"))).one();
        assertThat(d.name).isEqualTo("d");
        s.rollback();
        assertThat(model().open().query(P.class).filter(ParentChildModel.pAttr("id").eq(4)).all()).isEmpty();
    }

    @EachDatabase
    void aStatementWithoutTheKeyIsRefused(Databases.Database db) {
        Session s = seeded(db);
        Query<P> q = s.query(P.class).fromStatement(SQL.text("SELECT name FROM " + model().parents.name()));
        assertThatThrownBy(q::all).isInstanceOf(ArgumentException.class).hasMessageContaining("no column 'id'");
        Query<P> filtered = s.query(P.class).fromStatement(SQL.text("SELECT * FROM " + model().parents.name())).filter(ParentChildModel.pAttr("id").eq(1));
        assertThatThrownBy(filtered::all).isInstanceOf(ArgumentException.class).hasMessageContaining("as it is");
        Query<P> all = s.query(P.class).fromStatement(SQL.text("SELECT * FROM " + model().parents.name() + " WHERE id = 1"));
        assertThatThrownBy(all::delete).isInstanceOf(ArgumentException.class).hasMessageContaining("delete() needs the query's own statement");
        assertThatThrownBy(all::count).isInstanceOf(ArgumentException.class).hasMessageContaining("count()");
        assertThatThrownBy(() -> all.union(all)).isInstanceOf(ArgumentException.class).hasMessageContaining("set operation");
        assertThat(all.first().name).as("first() runs the statement as it is").isEqualTo("a");
        assertThat(s.query(P.class).all()).as("nothing deleted").hasSize(3);
        assertThatThrownBy(() -> s.query(P.class).fromStatement(SQL.literal(1))).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> s.query(P.class).fromStatement(SQL.text("SELECT 1")).statement())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("not a select");
    }

    @EachDatabase
    @SuppressWarnings("unchecked")
    void throughTheSerializer(Databases.Database db) {
        Session s = seeded(db);
        Query<P> q = s.query(P.class).fromStatement(SQL.text("SELECT id, name FROM " + model().parents.name() + " WHERE id > :lo ORDER BY id")
                .bindparams(Map.of("lo", 1)));
        for (Protocol p : Protocol.values()) {
            Query<P> back = (Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q, p), model().metadata);
            assertThat(back.withSession(s).all()).as(p.name()).extracting(x -> x.name).containsExactly("b", "c");
        }
    }
}
