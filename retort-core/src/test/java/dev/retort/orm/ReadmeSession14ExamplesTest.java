package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.orm.AliasedTargetRelationshipTest.Child;
import dev.retort.orm.AliasedTargetRelationshipTest.Parent;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.Alias;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The README's example of a relationship to an aliased class, run as written (on SQLite), over
 * {@link AliasedTargetRelationshipTest}'s classes.
 */
class ReadmeSession14ExamplesTest {
    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();

    @Test
    void aRelationshipToAnAliasedClassReadsTheSubquerysRows() {
        Table parent = new Table("parent" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        Table child = new Table("child" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("parent_id", Types.INTEGER).foreignKey("parent" + orm.suffix + ".id"), Column.of("name", Types.string(20)));
        Registry registry = orm.registry;
        registry.mapImperatively(Child.class, child);
        Alias visibleRows = select(child).where(child.c("name").ne("hidden")).subquery();
        registry.mapImperatively(Parent.class, parent, Map.of("visible", ORM.relationship(ORM.aliased(Child.class, visibleRows))));
        orm.start(Databases.Database.SQLITE);
        try (Connection c = orm.engine().begin()) {
            c.execute(SQL.insert(parent), List.of(Map.of("id", 1, "name", "p1"), Map.of("id", 2, "name", "p2")));
            c.execute(SQL.insert(child), List.of(Map.of("id", 1, "parent_id", 1, "name", "hidden"), Map.of("id", 2, "parent_id", 2, "name", "b")));
        }
        Session session = orm.open();
        Query<Parent> q = session.query(Parent.class).join(ORM.attr(Parent.class, "visible"));
        assertThat(orm.sqlOf(q)).isEqualTo("SELECT parent.id, parent.name FROM parent JOIN (SELECT child.id AS id, child.parent_id AS parent_id, "
                + "child.name AS name FROM child WHERE child.name != :name_1) AS anon_1 ON parent.id = anon_1.parent_id");
        assertThat(q.all()).extracting(p -> p.name).containsExactly("p2");
        assertThat(session.get(Parent.class, 1).visible).isEmpty();
        assertThat(session.get(Parent.class, 2).visible).extracting(x -> x.name).containsExactly("b");
    }
}
