package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables of {@link WithPolymorphicTest}'s joined-table hierarchy in a test's {@link OrmTestDatabase}
 * (named with its suffix): people, engineers and managers (keys referring to people's), bosses (to managers');
 * for {@link OfTypeTest}, also companies, whose employees the people are.
 */
final class PeopleTables {
    /** The companies, or null when the people are nobody's employees. */
    final Table companies;
    final Table people;
    final Table engineers;
    final Table managers;
    final Table bosses;

    PeopleTables(OrmTestDatabase orm) {
        this(orm, false);
    }

    /** With {@code employed}, a companies table and people's {@code company_id} referring to it. */
    PeopleTables(OrmTestDatabase orm, boolean employed) {
        companies = employed ? new Table("companies" + orm.suffix, orm.metadata,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20))) : null;
        List<SchemaItem> columns = new ArrayList<>(List.of(Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)),
                Column.of("type", Types.string(20))));
        if (employed) {
            columns.add(Column.of("company_id", Types.INTEGER).foreignKey("companies" + orm.suffix + ".id"));
        }
        people = new Table("people" + orm.suffix, orm.metadata, columns.toArray(new SchemaItem[0]));
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
