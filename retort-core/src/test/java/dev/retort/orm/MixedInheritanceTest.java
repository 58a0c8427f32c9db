package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hierarchy mixing joined and single-table inheritance: Person (people), Manager joined
 * (managers), Director single-table on managers. A query of Director, or of an alias of it, reads
 * both tables and only the rows whose discriminator names it. Statements are SQLAlchemy 2.1.1's.
 */
class MixedInheritanceTest {
    /** Single-table under the joined Manager. */
    public static class Director extends WithPolymorphicTest.Manager {
        Director() {
        }

        Director(String name, String title) {
            super(name, title);
        }
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final PeopleTables tables = new PeopleTables(orm);
    private final Table people = tables.people;
    private final Table managers = tables.managers;

    MixedInheritanceTest() {
        orm.registry.mapImperatively(WithPolymorphicTest.Person.class, people, Map.of(), ORM.polymorphicOn(people.c("type")).identity("person"));
        orm.registry.mapImperatively(WithPolymorphicTest.Manager.class, managers, Map.of(), ORM.inherits(WithPolymorphicTest.Person.class).identity("manager"));
        orm.registry.mapImperatively(Director.class, managers, Map.of(), ORM.inherits(WithPolymorphicTest.Manager.class).identity("director"));
    }

    @Test
    void statementsAsSqlalchemyRendersThem() {
        assertThat(orm.sqlOf(ORM.select(Director.class))).isEqualTo("SELECT managers.id, people.id AS id_1, people.name, people.type, managers.title "
                + "FROM people JOIN managers ON people.id = managers.id WHERE people.type IN (:type_1_1)");
        AliasedEntity<Director> a = ORM.aliased(Director.class);
        assertThat(orm.sqlOf(ORM.select(a).where(a.attr("name").eq("x")))).isEqualTo(
                "SELECT managers_1.id, people_1.id AS id_1, people_1.name, people_1.type, managers_1.title "
                + "FROM people AS people_1 JOIN managers AS managers_1 ON people_1.id = managers_1.id WHERE people_1.name = :name_1 AND people_1.type IN (:type_1_1)");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aQueryOfTheSingleTableSubclassReadsItsRowsOnly(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        s.add(new WithPolymorphicTest.Person("pat"));
        s.add(new WithPolymorphicTest.Manager("mary", "cto"));
        s.add(new Director("dan", "board"));
        s.commit();
        assertThat(orm.take("INSERT")).extracting(i -> i.split(" ")[2]).containsSubsequence("people", "managers");
        Session t = orm.open();
        assertThat(t.query(Director.class).all()).extracting(d -> d.name + ":" + d.title).containsExactly("dan:board");
        AliasedEntity<Director> a = ORM.aliased(Director.class);
        assertThat(t.query(a).where(a.attr("title").isNotNull()).all()).extracting(d -> d.getClass().getSimpleName() + ":" + d.name)
                .containsExactly("Director:dan");
        List<WithPolymorphicTest.Manager> managersOnly = t.query(WithPolymorphicTest.Manager.class).orderBy(ORM.attr(WithPolymorphicTest.Manager.class, "id")).all();
        assertThat(managersOnly).extracting(m -> m.getClass().getSimpleName()).containsExactly("Manager", "Director");
    }
}
