package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Table;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A polymorphic_union as the mapping's with_polymorphic selectable: {@code pjoin}, a UNION ALL of
 * {@code people JOIN engineers} and {@code people JOIN managers} selecting each subclass table's key.
 * The base's attributes are pjoin's columns through the inherited key columns and any member SELECT,
 * as SQLAlchemy 2.1.1 renders them (before, {@code people.id} was selected beside pjoin: every row with every row).
 */
class PolymorphicUnionTest {
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final PeopleTables tables = new PeopleTables(orm);

    private static final String PJOIN = "(SELECT engineers.id AS id, people.name AS name, people.type AS type, engineers.language AS language, "
            + "CAST(NULL AS VARCHAR(20)) AS title FROM people JOIN engineers ON people.id = engineers.id UNION ALL "
            + "SELECT managers.id AS id, people.name AS name, people.type AS type, CAST(NULL AS VARCHAR(20)) AS language, managers.title AS title "
            + "FROM people JOIN managers ON people.id = managers.id) AS pjoin";

    @AfterEach
    void tearDown() {
        orm.close();
    }

    private void map() {
        Table people = tables.people;
        Table engineers = tables.engineers;
        Table managers = tables.managers;
        FromClause pjoin = SQL.unionAll(
                SQL.select(engineers.c("id"), people.c("name"), people.c("type"), engineers.c("language"),
                        SQL.cast(SQL.nullLiteral(), Types.string(20)).label("title")).selectFrom(people.join(engineers)),
                SQL.select(managers.c("id"), people.c("name"), people.c("type"), SQL.cast(SQL.nullLiteral(), Types.string(20)).label("language"),
                        managers.c("title")).selectFrom(people.join(managers))).subquery("pjoin");
        orm.registry.mapImperatively(WithPolymorphicTest.Person.class, people, java.util.Map.of(),
                ORM.polymorphicOn(people.c("type")).identity("person").withPolymorphic(null, pjoin));
        orm.registry.mapImperatively(WithPolymorphicTest.Engineer.class, engineers, java.util.Map.of(),
                ORM.inherits(WithPolymorphicTest.Person.class).identity("engineer"));
        orm.registry.mapImperatively(WithPolymorphicTest.Manager.class, managers, java.util.Map.of(),
                ORM.inherits(WithPolymorphicTest.Person.class).identity("manager"));
    }

    @Test
    void selectsTheUnionsColumnsOnly() {
        map();
        assertThat(orm.sqlOf(ORM.select(WithPolymorphicTest.Person.class).where(ORM.attr(WithPolymorphicTest.Person.class, "name").eq("mary"))
                .orderBy(ORM.attr(WithPolymorphicTest.Person.class, "id"))))
                .isEqualTo("SELECT pjoin.id, pjoin.name, pjoin.type, pjoin.language, pjoin.title FROM " + PJOIN
                        + " WHERE pjoin.name = :name_1 ORDER BY pjoin.id");
        assertThat(orm.sqlOf(ORM.select(ORM.attr(WithPolymorphicTest.Person.class, "id"), ORM.attr(WithPolymorphicTest.Person.class, "name"))
                .where(ORM.attr(WithPolymorphicTest.Person.class, "name").eq("mary")).orderBy(ORM.attr(WithPolymorphicTest.Person.class, "id"))))
                .isEqualTo("SELECT pjoin.id, pjoin.name FROM " + PJOIN + " WHERE pjoin.name = :name_1 ORDER BY pjoin.id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsEachSubclassFromTheUnion(Databases.Database db) {
        map();
        orm.start(db);
        Session s = orm.open();
        s.add(new WithPolymorphicTest.Engineer("wally", "java"));
        s.add(new WithPolymorphicTest.Manager("mary", "cto"));
        s.commit();
        s.close();
        Session r = orm.open();
        List<WithPolymorphicTest.Person> all = r.query(WithPolymorphicTest.Person.class).orderBy(ORM.attr(WithPolymorphicTest.Person.class, "name")).all();
        assertThat(all).extracting(p -> p.getClass().getSimpleName() + ":" + p.name + ":"
                + (p instanceof WithPolymorphicTest.Engineer e ? e.language : ((WithPolymorphicTest.Manager) p).title))
                .containsExactly("Manager:mary:cto", "Engineer:wally:java");
        List<Row> rows = r.execute(ORM.select(ORM.attr(WithPolymorphicTest.Person.class, "id"), ORM.attr(WithPolymorphicTest.Person.class, "name"))
                .where(ORM.attr(WithPolymorphicTest.Person.class, "name").eq("mary"))).all();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(1)).isEqualTo("mary");
    }
}
