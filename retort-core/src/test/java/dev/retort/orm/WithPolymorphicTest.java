package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WithPolymorphicTest {
    public static class Person {
        Integer id;
        String name;
        String type;
    }

    public static class Engineer extends Person {
        String language;
    }

    public static class Manager extends Person {
        String title;
    }

    public static class Boss extends Manager {
        String golf;
    }

    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table people = new Table("people" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("type", Types.string(20)));
    private final Table engineers = new Table("engineers" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".id"),
            Column.of("language", Types.string(20)));
    private final Table managers = new Table("managers" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".id"),
            Column.of("title", Types.string(20)));
    private final Table bosses = new Table("bosses" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("managers" + orm.suffix + ".id"),
            Column.of("golf", Types.string(20)));

    private void map(InheritanceSpec base) {
        orm.registry.mapImperatively(Person.class, people, Map.of(), base);
        orm.registry.mapImperatively(Engineer.class, engineers, Map.of(), ORM.inherits(Person.class).identity("engineer"));
        orm.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Person.class).identity("manager"));
        orm.registry.mapImperatively(Boss.class, bosses, Map.of(), ORM.inherits(Manager.class).identity("boss"));
    }

    @AfterEach
    void tearDown() {
        orm.close();
    }

    private String sql(Query<?> q) {
        return orm.sqlOf(q);
    }

    @Test
    void scratch() {
        map(ORM.polymorphicOn(people.c("type")).identity("person"));
        AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class));
        System.out.println(sql(ORM.select(wp).where(wp.of(Engineer.class).attr("language").eq("java"))));
        AliasedEntity<Person> flat = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class), ORM.Aliasing.FLAT);
        System.out.println(sql(ORM.select(flat).where(flat.of(Engineer.class).attr("language").eq("java"))));
        AliasedEntity<Person> al = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class), ORM.Aliasing.ALIASED);
        System.out.println(sql(ORM.select(al).where(al.of(Engineer.class).attr("language").eq("java"))));
        System.out.println(sql(ORM.select(ORM.withPolymorphic(Person.class, null))));
        System.out.println(sql(ORM.select(ORM.withPolymorphic(Person.class, List.of(Boss.class)))));
        System.out.println(sql(ORM.select(Person.class)));
        System.out.println(sql(ORM.select(Engineer.class)));
    }
}
