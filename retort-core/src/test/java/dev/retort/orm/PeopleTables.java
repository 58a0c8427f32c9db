package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.Map;

/**
 * The tables of {@link WithPolymorphicTest}'s joined-table hierarchy in a test's {@link OrmTestDatabase}
 * (named with its suffix): people, engineers and managers (keys referring to people's), bosses (to managers').
 */
final class PeopleTables {
    final Table people;
    final Table engineers;
    final Table managers;
    final Table bosses;

    PeopleTables(OrmTestDatabase orm) {
        people = new Table("people" + orm.suffix, orm.metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)),
                Column.of("type", Types.string(20)));
        engineers = new Table("engineers" + orm.suffix, orm.metadata,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".id"),
                Column.of("language", Types.string(20)));
        managers = new Table("managers" + orm.suffix, orm.metadata,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".id"),
                Column.of("title", Types.string(20)));
        bosses = new Table("bosses" + orm.suffix, orm.metadata,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("managers" + orm.suffix + ".id"),
                Column.of("golf", Types.string(20)));
    }

    /** Maps Person as {@code base} says, Engineer and Manager joined to it, Boss joined to Manager. */
    void map(Registry registry, InheritanceSpec base) {
        registry.mapImperatively(WithPolymorphicTest.Person.class, people, Map.of(), base);
        registry.mapImperatively(WithPolymorphicTest.Engineer.class, engineers, Map.of(), ORM.inherits(WithPolymorphicTest.Person.class).identity("engineer"));
        registry.mapImperatively(WithPolymorphicTest.Manager.class, managers, Map.of(), ORM.inherits(WithPolymorphicTest.Person.class).identity("manager"));
        registry.mapImperatively(WithPolymorphicTest.Boss.class, bosses, Map.of(), ORM.inherits(WithPolymorphicTest.Manager.class).identity("boss"));
    }
}
