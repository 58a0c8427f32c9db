package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.exc.SerializationException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.Alias;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A relationship to an aliased class ({@link ORM#relationship(AliasedEntity)}, the seeds'
 * {@code relationship(aliased(Child, subquery))}): a parent's visible children, those of a subquery
 * that leaves out the hidden ones. The SQL is SQLAlchemy 2.1.1's for the same mapping; lazy, joined
 * and select-in loads, joins and any() run on each database and survive the serializer.
 */
class AliasedTargetRelationshipTest {
    /** A parent. */
    public static class Parent {
        Integer id;
        String name;
        List<Child> visible = new ArrayList<>();
    }

    /** A child of a parent. */
    public static class Child {
        Integer id;
        Integer parentId;
        String name;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table parent = new Table("parent" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)));
    private final Table child = new Table("child" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("parent_id", Types.INTEGER).foreignKey("parent" + orm.suffix + ".id"),
            Column.of("name", Types.string(20)));
    private Alias derived;
    private AliasedEntity<Child> visible;

    private void setUp(Databases.Database db) {
        orm.registry.mapImperatively(Child.class, child);
        derived = SQL.select(child).where(child.c("name").ne("hidden")).subquery();
        visible = ORM.aliased(Child.class, derived);
        orm.registry.mapImperatively(Parent.class, parent, Map.of("visible", ORM.relationship(visible)));
        if (db != null) {
            orm.start(db);
            try (Connection c = orm.engine().begin()) {
                c.execute(SQL.insert(parent), List.of(Map.of("id", 1, "name", "p1"), Map.of("id", 2, "name", "p2")));
                c.execute(SQL.insert(child), List.of(Map.of("id", 1, "parent_id", 1, "name", "a"), Map.of("id", 2, "parent_id", 1, "name", "hidden"),
                        Map.of("id", 3, "parent_id", 2, "name", "b")));
            }
        }
    }

    private static QueryableAttribute<Object> visibleOf() {
        return ORM.attr(Parent.class, "visible");
    }

    @Test
    void statementsAsSqlalchemyRendersThem() {
        setUp(null);
        Session s = SessionFactory.of(Databases.Database.SQLITE.engine()).open();
        try {
            String sub = "(SELECT child.id AS id, child.parent_id AS parent_id, child.name AS name FROM child WHERE child.name != :name_1) AS anon_1";
            assertThat(orm.sqlOf(s.query(Parent.class).join(visibleOf()).filter(derived.c("name").eq("a"))))
                    .isEqualTo("SELECT parent.id, parent.name FROM parent JOIN " + sub + " ON parent.id = anon_1.parent_id WHERE anon_1.name = :name_2");
            assertThat(orm.sqlOf(s.query(visible).selectFrom(Parent.class).join(visibleOf()).filter(visible.attr("name").eq("a"))))
                    .isEqualTo("SELECT anon_1.id, anon_1.parent_id, anon_1.name FROM parent JOIN " + sub
                            + " ON parent.id = anon_1.parent_id WHERE anon_1.name = :name_2");
            assertThat(orm.sqlOf(s.query(Parent.class).options(ORM.joinedLoad(visibleOf()))))
                    .isEqualTo("SELECT parent.id, parent.name, anon_1.id AS id_1, anon_1.parent_id, anon_1.name AS name_1 FROM parent LEFT OUTER JOIN "
                            + sub.replace(":name_1", ":name_2") + " ON parent.id = anon_1.parent_id");
            assertThat(orm.sqlOf(s.query(Parent.class).filter(visibleOf().any(visible.attr("name").eq("a")))))
                    .isEqualTo("SELECT parent.id, parent.name FROM parent WHERE EXISTS (SELECT 1 FROM " + sub
                            + " WHERE parent.id = anon_1.parent_id AND anon_1.name = :name_2)");
        } finally {
            s.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsTheSubquerysRows(Databases.Database db) {
        setUp(db);
        Session lazy = orm.open();
        orm.take("");
        assertThat(lazy.get(Parent.class, 1).visible).extracting(c -> c.name).containsExactly("a");
        // SQLAlchemy's FROM clause and key column (it binds the key on the left: WHERE ? = anon_1.parent_id)
        assertThat(orm.take("SELECT")).last().asString().startsWith("SELECT anon_1.id, anon_1.parent_id, anon_1.name FROM (SELECT child.id AS id, "
                + "child.parent_id AS parent_id, child.name AS name FROM child WHERE child.name != ?) AS anon_1 WHERE ").contains("anon_1.parent_id");
        for (LoaderOption option : List.of(ORM.joinedLoad(visibleOf()), ORM.selectinLoad(visibleOf()))) {
            Session s = orm.open();
            List<Parent> all = s.query(Parent.class).options(option).orderBy(ORM.attr(Parent.class, "id")).all();
            assertThat(all.get(0).visible).as(option.toString()).extracting(c -> c.name).containsExactly("a");
            assertThat(all.get(1).visible).as(option.toString()).extracting(c -> c.name).containsExactly("b");
            s.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void queriesThroughTheAliasAfterTheSerializer(Databases.Database db) {
        setUp(db);
        ScopedSession scoped = new ScopedSession(SessionFactory.of(orm.engine()));
        try {
            List<Query<?>> along = List.of(
                    scoped.query(Parent.class).join(visibleOf()).orderBy(ORM.attr(Parent.class, "id")),
                    scoped.query(Parent.class).options(ORM.joinedLoad(visibleOf())).orderBy(ORM.attr(Parent.class, "id")));
            assertThat(along.get(0).all()).extracting(p -> ((Parent) p).name).containsExactly("p1", "p2");
            OrmTestDatabase.assertRoundTrips(along, orm.metadata, scoped);
            List<Query<?>> naming = List.of(
                    scoped.query(Parent.class).join(visibleOf()).filter(visible.attr("name").eq("hidden")),
                    scoped.query(visible).selectFrom(Parent.class).join(visibleOf()).orderBy(visible.attr("id")),
                    scoped.query(Parent.class).filter(visibleOf().any(visible.attr("name").eq("b"))));
            assertThat(naming.get(0).all()).isEmpty();
            assertThat(naming.get(1).all()).extracting(c -> ((Child) c).name).containsExactly("a", "b");
            assertThat(naming.get(2).all()).extracting(p -> ((Parent) p).name).containsExactly("p2");
            for (Query<?> q : naming) {
                // naming the aliased class, a query refers to the relationship that targets it: serializer format 1.18
                try {
                    OrmTestDatabase.assertRoundTrips(List.of(q), orm.metadata, scoped);
                } catch (SerializationException e) {
                    assertThat(e).hasMessageContaining("'targetOf'").hasMessageContaining("needs serializer format 1.18");
                }
            }
        } finally {
            scoped.remove();
        }
    }
}
