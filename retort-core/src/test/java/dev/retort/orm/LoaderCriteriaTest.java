package dev.retort.orm;

import static dev.retort.orm.ParentChildModel.cAttr;
import static dev.retort.orm.ParentChildModel.pAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.sql.ColumnElement;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;

/**
 * ORM.withLoaderCriteria and relationship criteria on real databases: a "soft delete" of parent
 * b and child c11 (by name) hides their rows from the query itself and from joined, select-in
 * and lazy loads of the relationship. Rows: a (1, children c10, c11), b (2, c12), c (3, none).
 */
class LoaderCriteriaTest {
    @AutoClose
    private ParentChildModel model;

    @SuppressWarnings("unchecked")
    private static ColumnElement<Boolean> liveChild() {
        return (ColumnElement<Boolean>) (ColumnElement<?>) cAttr("name").ne("c11");
    }

    /** parent id -> its children's ids. */
    private static Map<Integer, List<Integer>> tree(List<P> parents) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        parents.forEach(p -> out.put(p.id, p.children.stream().map(c -> c.id).toList()));
        return out;
    }

    @EachDatabase
    @SuppressWarnings("unchecked")
    void softDeletedRowsAreFilteredFromTheQueryAndEveryRelationshipLoad(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        Session s = model.seedThreeParents();
        LoaderCriteria liveParents = ORM.withLoaderCriteria(P.class, (ColumnElement<Boolean>) (ColumnElement<?>) pAttr("name").ne("b"));
        LoaderCriteria liveChildren = ORM.withLoaderCriteria(C.class, liveChild());
        QueryableAttribute<?> children = ORM.attr(P.class, "children");

        assertThat(s.query(P.class).options(liveParents).orderBy(pAttr("id")).all()).extracting(p -> p.id).containsExactly(1, 3);

        s.close();
        Session joined = model.open();
        model.sql.clear();
        assertThat(tree(joined.query(P.class).options(ORM.joinedLoad(children), liveChildren, liveParents).orderBy(pAttr("id")).all()))
                .isEqualTo(Map.of(1, List.of(10), 3, List.of()));
        assertThat(model.sql).hasSize(1);
        joined.close();

        Session selectin = model.open();
        model.sql.clear();
        assertThat(tree(selectin.query(P.class).options(ORM.selectinLoad(children), liveChildren).orderBy(pAttr("id")).all()))
                .isEqualTo(Map.of(1, List.of(10), 2, List.of(12), 3, List.of()));
        assertThat(model.sql).hasSize(2);
        selectin.close();

        Session lazy = model.open();
        List<P> ps = lazy.query(P.class).options(liveChildren).orderBy(pAttr("id")).all();
        model.sql.clear();
        assertThat(tree(ps)).isEqualTo(Map.of(1, List.of(10), 2, List.of(12), 3, List.of()));
        assertThat(model.sql).hasSize(3).allMatch(q -> q.contains("!="));
        lazy.close();

        // not propagated: the lazy loads see every child
        Session own = model.open();
        List<P> mine = own.query(P.class).options(liveChildren.propagateToLoaders(false)).orderBy(pAttr("id")).all();
        assertThat(tree(mine).get(1)).containsExactly(10, 11);
        own.close();

        // a lambda, made for the class; and the top level query of the children
        Session lambda = model.open();
        LoaderCriteria byLambda = ORM.withLoaderCriteria(C.class, m -> (ColumnElement<Boolean>) (ColumnElement<?>) m.attr("name").ne("c11"));
        assertThat(lambda.query(C.class).options(byLambda).orderBy(cAttr("id")).all()).extracting(c -> c.id).containsExactly(10, 12);
        assertThat(tree(lambda.query(P.class).options(ORM.selectinLoad(children), byLambda).orderBy(pAttr("id")).all()).get(1)).containsExactly(10);
    }

    @EachDatabase
    @SuppressWarnings("unchecked")
    void sessionCriteriaApplyToEveryQueryLoadAndGet(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        model.seedThreeParents().close();
        Session s = model.open();
        s.addLoaderCriteria(ORM.withLoaderCriteria(C.class, liveChild()),
                ORM.withLoaderCriteria(P.class, (ColumnElement<Boolean>) (ColumnElement<?>) pAttr("name").ne("b")));
        List<P> ps = s.query(P.class).orderBy(pAttr("id")).all();
        assertThat(tree(ps)).isEqualTo(Map.of(1, List.of(10), 3, List.of()));
        assertThat(s.get(C.class, 11)).isNull();
        assertThat(s.get(C.class, 12)).isNotNull();
        assertThat(s.query(C.class).count()).isEqualTo(2);
        model.sql.clear();
        // the many-to-one reference of c12 loads parent b by key: the session's criteria leave it out
        assertThat(s.get(C.class, 12).parent).isNull();
        s.close();

        // an unmapped base class (here Object) carries a lambda to every mapped class, with includeAliases as in SQLAlchemy
        Session all = model.open();
        all.addLoaderCriteria(ORM.withLoaderCriteria(Object.class, m -> m.attr("name").ne("c11")).includeAliases());
        assertThat(all.query(C.class).all()).extracting(c -> c.id).containsExactly(10, 12);
        Session none = model.open();
        none.addLoaderCriteria(ORM.withLoaderCriteria(Object.class, m -> m.attr("name").ne("c11")));
        assertThat(none.query(C.class).all()).hasSize(3);
        all.close();
        none.close();
    }

    @EachDatabase
    void relationshipCriteriaFilterTheJoinAndTheLoadedMembers(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        Session s = model.seedThreeParents();
        QueryableAttribute<?> children = ORM.attr(P.class, "children");
        assertThat(s.query(P.class).join(children.and(cAttr("name").eq("c12"))).all()).extracting(p -> p.id).containsExactly(2);
        s.close();

        Session selectin = model.open();
        assertThat(tree(selectin.query(P.class).options(ORM.selectinLoad(children.and(liveChild()))).orderBy(pAttr("id")).all()))
                .isEqualTo(Map.of(1, List.of(10), 2, List.of(12), 3, List.of()));
        selectin.close();
        Session joined = model.open();
        assertThat(tree(joined.query(P.class).options(ORM.joinedLoad(children.and(liveChild()))).orderBy(pAttr("id")).all()))
                .isEqualTo(Map.of(1, List.of(10), 2, List.of(12), 3, List.of()));
    }

    @EachDatabase
    @SuppressWarnings("unchecked")
    void aQueryWithLoaderCriteriaRoundTripsThroughTheSerializer(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        Session s = model.seedThreeParents();
        QueryableAttribute<?> children = ORM.attr(P.class, "children");
        Query<P> q = s.query(P.class).options(ORM.selectinLoad(children.and(cAttr("name").ne("c10"))), ORM.withLoaderCriteria(C.class, liveChild()))
                .orderBy(pAttr("id"));
        for (Protocol protocol : Protocol.values()) {
            Query<P> back = ((Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q, protocol), model.metadata)).withSession(s);
            assertThat(back.compare(q)).isTrue();
            Session fresh = model.open();
            assertThat(tree(back.withSession(fresh).all())).as(protocol.name()).isEqualTo(Map.of(1, List.of(), 2, List.of(12), 3, List.of()));
            fresh.close();
        }
        Query<P> withLambda = s.query(P.class).options(ORM.withLoaderCriteria(C.class, m -> (ColumnElement<Boolean>) (ColumnElement<?>) m.attr("name").ne("x")));
        assertThatThrownBy(() -> QuerySerializer.dumps(withLambda)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("loader criteria given as a Java lambda");
    }

    @EachDatabase
    @SuppressWarnings("unchecked")
    void criteriaApplyInsideASubqueryOverMappedAttributes(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        Session s = model.seedThreeParents();
        // parents with a child that is not soft-deleted: c12, b's only child, is
        LoaderCriteria liveChildren = ORM.withLoaderCriteria(C.class, (ColumnElement<Boolean>) (ColumnElement<?>) cAttr("name").ne("c12"));
        Query<P> q = s.query(P.class)
                .filter(dev.retort.sql.SQL.exists(dev.retort.sql.SQL.select(dev.retort.sql.SQL.literalColumn("1")).where(pAttr("id").eq(cAttr("parent_id")))))
                .options(liveChildren).orderBy(pAttr("id"));
        assertThat(q.statement().toString().replace(model.suffix, "").replaceAll("\\s+", " "))
                .contains("WHERE EXISTS (SELECT 1 FROM children WHERE parents.id = children.parent_id AND children.name != :name_1)");
        assertThat(q.all()).extracting(p -> p.id).containsExactly(1);
        for (Protocol protocol : Protocol.values()) {
            Session fresh = model.open();
            Query<P> back = ((Query<P>) QuerySerializer.loads(QuerySerializer.dumps(q, protocol), model.metadata)).withSession(fresh);
            assertThat(back.all()).as(protocol.name()).extracting(p -> p.id).containsExactly(1);
            fresh.close();
        }
    }
}
