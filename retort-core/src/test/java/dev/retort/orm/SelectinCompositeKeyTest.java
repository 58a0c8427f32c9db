package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A select-in load of a one-to-many whose foreign key is composite loads all the parents'
 * collections in one statement, {@code (pa, pb) IN (...)}, as SQLAlchemy's does; it used to
 * load nothing, leaving one lazy load per parent.
 */
class SelectinCompositeKeyTest {
    /** A row with a two-column primary key. */
    public static class Parent {
        Integer a;
        Integer b;
        String data;
        List<Child> children = new ArrayList<>();
    }

    /** A child pointing at its parent with both columns. */
    public static class Child {
        Integer id;
        Integer pa;
        Integer pb;
        String data;
    }

    @EachDatabase
    void compositeForeignKeyLoadsInOneStatement(Databases.Database db) {
        try (OrmTestDatabase orm = new OrmTestDatabase()) {
            String x = orm.suffix;
            Table parents = new Table("parents" + x, orm.metadata, Column.of("a", Types.INTEGER).primaryKey(),
                    Column.of("b", Types.INTEGER).primaryKey(), Column.of("data", Types.string(30)));
            Table children = new Table("children" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("pa", Types.INTEGER), Column.of("pb", Types.INTEGER), Column.of("data", Types.string(30)),
                    new ForeignKeyConstraint(null, List.of("pa", "pb"), List.of("parents" + x + ".a", "parents" + x + ".b"), null, null));
            orm.registry.mapImperatively(Parent.class, parents, Map.of("children", ORM.relationship(Child.class).orderBy(children.c("id"))));
            orm.registry.mapImperatively(Child.class, children);
            orm.start(db);
            try (Connection c = orm.engine().begin()) {
                c.execute(SQL.insert(parents), List.of(Map.of("a", 1, "b", 1, "data", "p11"), Map.of("a", 1, "b", 2, "data", "p12"),
                        Map.of("a", 2, "b", 1, "data", "p21")));
                c.execute(SQL.insert(children), List.of(Map.of("id", 1, "pa", 1, "pb", 1, "data", "c1"), Map.of("id", 2, "pa", 1, "pb", 1, "data", "c2"),
                        Map.of("id", 3, "pa", 1, "pb", 2, "data", "c3"), Map.of("id", 4, "pa", 2, "pb", 1, "data", "c4")));
            }
            orm.take("");
            Session s = orm.open();
            List<Parent> loaded = s.query(Parent.class).options(ORM.selectinLoad(ORM.attr(Parent.class, "children")))
                    .orderBy(ORM.attr(Parent.class, "a"), ORM.attr(Parent.class, "b")).all();
            assertThat(loaded).extracting(p -> p.children.stream().map(ch -> ch.data).toList())
                    .containsExactly(List.of("c1", "c2"), List.of("c3"), List.of("c4"));
            List<String> sql = orm.take("");
            assertThat(sql).hasSize(2);
            assertThat(sql.get(1)).startsWith("SELECT children.pa, children.pb, children.id, children.data FROM children WHERE (children.pa, children.pb) IN ");
        }
    }
}
