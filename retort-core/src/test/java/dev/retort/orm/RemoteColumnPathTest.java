package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A relationship from a table to itself whose join condition names one column on both sides, its target's side marked
 * with {@link ORM#remote} (a materialized path: SQLAlchemy's DirectSelfRefFKTest in test/orm/test_relationships.py).
 * The expected SQL and rows are SQLAlchemy 2.1.1's for the same mapping and rows.
 */
class RemoteColumnPathTest {
    public static class Entity {
        String path;
        List<Entity> descendants;
        List<Entity> anscestors;

        public Entity() {
        }

        Entity(String path) {
            this.path = path;
        }
    }

    private static OrmTestDatabase mapped() {
        OrmTestDatabase t = new OrmTestDatabase();
        Table entity = new Table("entity" + t.suffix, t.metadata, Column.of("path", Types.string(100)).primaryKey());
        Column<?> path = entity.c("path");
        t.registry.mapImperatively(Entity.class, entity, Map.of(
                "descendants", ORM.relationship(Entity.class).primaryJoin(ORM.remote(entity.c("path")).like(entity.c("path").concat("/%")))
                        .foreignKeys(path).viewOnly().orderBy(path),
                "anscestors", ORM.relationship(Entity.class).primaryJoin(entity.c("path").like(ORM.remote(entity.c("path")).concat("/%")))
                        .foreignKeys(path).viewOnly().orderBy(path)));
        return t;
    }

    private static QueryableAttribute<?> attr(String key) {
        return ORM.attr(Entity.class, key);
    }

    @Test
    void joinsAndExistsPutEachOccurrenceOnItsSide() {
        try (OrmTestDatabase t = mapped()) {
            AliasedEntity<Entity> da = ORM.aliased(Entity.class);
            assertThat(t.sqlOf(ORM.select(Entity.class).join(attr("descendants").ofType(da))))
                    .isEqualTo("SELECT entity.path FROM entity JOIN entity AS entity_1 ON entity_1.path LIKE (entity.path || :path_1)");
            assertThat(t.sqlOf(ORM.select(Entity.class).join(attr("anscestors").ofType(da))))
                    .isEqualTo("SELECT entity.path FROM entity JOIN entity AS entity_1 ON entity.path LIKE (entity_1.path || :path_1)");
            assertThat(t.sqlOf(ORM.select(Entity.class).where(attr("descendants").any())))
                    .isEqualTo("SELECT entity.path FROM entity WHERE EXISTS (SELECT 1 FROM entity AS entity_1 WHERE entity_1.path LIKE (entity.path || :path_1))");
            assertThat(t.sqlOf(ORM.select(Entity.class).where(attr("anscestors").any(ORM.attr(Entity.class, "path").eq("/foo")))))
                    .isEqualTo("SELECT entity.path FROM entity WHERE EXISTS (SELECT 1 FROM entity AS entity_1 "
                            + "WHERE entity.path LIKE (entity_1.path || :path_1) AND entity_1.path = :path_2)");
            assertThat(t.sqlOf(ORM.select(Entity.class).filterBy(Map.of("path", "/foo")).options(ORM.joinedLoad(attr("descendants")))))
                    .isEqualTo("SELECT entity.path, entity_1.path AS path_1 FROM entity LEFT OUTER JOIN entity AS entity_1 "
                            + "ON entity_1.path LIKE (entity.path || :path_2) WHERE entity.path = :path_3 ORDER BY entity_1.path");
        }
    }

    /** SQLAlchemy's with_parent(Entity("/foo"), Entity.descendants) and with an alias: the '/%' bind keeps its name (path_1). */
    @Test
    void withParentNamesTheBindsAsSqlalchemy() {
        try (OrmTestDatabase t = mapped()) {
            Entity foo = new Entity("/foo");
            AliasedEntity<Entity> a = ORM.aliased(Entity.class);
            assertThat(t.sqlOf(ORM.select(Entity.class).where(ORM.withParent(foo, attr("descendants")))))
                    .isEqualTo("SELECT entity.path FROM entity WHERE entity.path LIKE (:param_1 || :path_1)");
            assertThat(t.sqlOf(ORM.select(a).where(ORM.withParent(foo, attr("descendants"), a))))
                    .isEqualTo("SELECT entity_1.path FROM entity AS entity_1 WHERE entity_1.path LIKE (:param_1 || :path_1)");
            assertThat(t.sqlOf(ORM.select(Entity.class).where(ORM.withParent(foo, attr("anscestors")))))
                    .isEqualTo("SELECT entity.path FROM entity WHERE :param_1 LIKE (entity.path || :path_1)");
            assertThat(t.sqlOf(ORM.select(a).where(ORM.withParent(foo, attr("anscestors"), a))))
                    .isEqualTo("SELECT entity_1.path FROM entity AS entity_1 WHERE :param_1 LIKE (entity_1.path || :path_1)");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsLazilyJoinedAndSelectIn(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            t.start(db);
            Session s = t.open();
            for (String p : List.of("/foo", "/foo/bar1", "/foo/bar2", "/foo/bar2/bat1", "/foo/bar2/bat2", "/foo/bar3", "/bar", "/bar/bat1")) {
                s.add(new Entity(p));
            }
            s.commit();
            s.close();
            List<String> under = List.of("/foo/bar1", "/foo/bar2", "/foo/bar2/bat1", "/foo/bar2/bat2", "/foo/bar3");
            s = t.open();
            t.take("");
            assertThat(paths(one(s, "/foo").descendants)).isEqualTo(under);
            assertThat(paths(one(s, "/foo/bar2/bat1").anscestors)).containsExactly("/foo", "/foo/bar2");
            List<String> lazy = t.take("SELECT");
            if (List.of("sqlite", "postgresql").contains(t.engine().dialect().name())) {
                assertThat(lazy).contains("SELECT entity.path FROM entity WHERE entity.path LIKE (? || ?) ORDER BY entity.path",
                        "SELECT entity.path FROM entity WHERE ? LIKE (entity.path || ?) ORDER BY entity.path");
            }
            s.close();
            s = t.open();
            Entity e = s.query(Entity.class).filterBy(Map.of("path", "/foo/bar2/bat1")).options(ORM.joinedLoad(attr("anscestors"))).first();
            assertThat(paths(e.anscestors)).containsExactly("/foo", "/foo/bar2");
            s.close();
            s = t.open();
            e = s.query(Entity.class).filterBy(Map.of("path", "/foo")).options(ORM.selectinLoad(attr("descendants"))).first();
            assertThat(paths(e.descendants)).isEqualTo(under);
            s.close();
            s = t.open();
            assertThat(s.query(Entity.class).filter(attr("descendants").any()).orderBy(ORM.attr(Entity.class, "path")).all())
                    .extracting(x -> x.path).containsExactly("/bar", "/foo", "/foo/bar2");
            // view-only: a flush writes the rows and nothing for the relationship
            Entity added = new Entity("/bar/bat2");
            added.anscestors = List.of(one(s, "/foo"));
            s.add(added);
            s.commit();
            s.close();
            s = t.open();
            assertThat(paths(one(s, "/bar/bat2").anscestors)).containsExactly("/bar");
        }
    }

    @Test
    void withoutTheMarkASideCannotBeTold() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table entity = new Table("entity" + t.suffix, t.metadata, Column.of("path", Types.string(100)).primaryKey());
            t.registry.mapImperatively(Entity.class, entity, Map.of("descendants", ORM.relationship(Entity.class)
                    .primaryJoin(entity.c("path").like(entity.c("path").concat("/%"))).foreignKeys(entity.c("path")).viewOnly()));
            assertThatThrownBy(() -> attr("descendants")).isInstanceOf(ArgumentException.class).hasMessageContaining("ORM.remote(column)");
        }
    }

    private static Entity one(Session s, String path) {
        return s.query(Entity.class).filterBy(Map.of("path", path)).first();
    }

    private static List<String> paths(List<Entity> es) {
        return es.stream().map(x -> x.path).toList();
    }
}
