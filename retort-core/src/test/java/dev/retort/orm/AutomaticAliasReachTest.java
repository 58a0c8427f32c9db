package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What an automatic alias of a joined-table class reaches ({@code select(Engineer, Manager).join(Engineer.manager)},
 * both subclasses of Person, Manager's tables aliased because the FROM clause has people already), as SQLAlchemy 2.1.1's
 * adapter: a second join to the class aliases it again and the class then reads that newest alias; a plain column of the
 * class's tables ({@code people.c.name}) and an attribute of its base class mean the alias's column too, while an
 * attribute of the other subclass keeps its own table. The SQL is SQLAlchemy 2.1.1's (model of test_relationship.py's
 * BetweenSubclassJoinWExtraJoinedLoad, with a second relationship to Manager); the rows are checked on SQLite.
 */
class AutomaticAliasReachTest {
    /** The base. */
    public static class Person {
        Integer id;
        String name;
        String type;
    }

    /** A subclass. */
    public static class Manager extends Person {
    }

    /** Another subclass, with a manager and a reviewer. */
    public static class Engineer extends Person {
        Integer managerId;
        Integer reviewerId;
        Manager manager;
        Manager reviewer;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table people = new Table("people" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)), Column.of("type", Types.string(50)));
    private final Table managers = new Table("managers" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".id"));
    private final Table engineers = new Table("engineers" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".id"),
            Column.of("manager_id", Types.INTEGER).foreignKey("managers" + orm.suffix + ".id"),
            Column.of("reviewer_id", Types.INTEGER).foreignKey("managers" + orm.suffix + ".id"));

    AutomaticAliasReachTest() {
        orm.registry.mapImperatively(Person.class, people, Map.of(), ORM.polymorphicOn(people.c("type")));
        orm.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Person.class).identity("manager"));
        orm.registry.mapImperatively(Engineer.class, engineers, Map.of(
                "manager", ORM.relationship(Manager.class).primaryJoin(managers.c("id").eq(engineers.c("manager_id"))),
                "reviewer", ORM.relationship(Manager.class).primaryJoin(managers.c("id").eq(engineers.c("reviewer_id")))),
                ORM.inherits(Person.class).identity("engineer"));
    }

    private static final String ENGINEER_COLUMNS = "SELECT engineers.id, people.id AS id_1, people.name, people.type, engineers.manager_id, "
            + "engineers.reviewer_id, managers_1.id AS id_2, people_1.id AS id_3, people_1.name AS name_1, people_1.type AS type_1 ";
    private static final String TO_MANAGER = "FROM people JOIN engineers ON people.id = engineers.id JOIN (people AS people_1 JOIN managers "
            + "AS managers_1 ON people_1.id = managers_1.id) ON managers_1.id = engineers.manager_id ";

    private static QueryableAttribute<?> engineer(String name) {
        return ORM.attr(Engineer.class, name);
    }

    private Query<Row> engineersAndManagers() {
        return ORM.select(Engineer.class, Manager.class).join(engineer("manager"));
    }

    @Test
    void aSecondJoinToTheClassAliasesItAgainAndTheClassReadsThatAlias() {
        String twice = "FROM people JOIN engineers ON people.id = engineers.id JOIN (people AS people_2 JOIN managers AS managers_2 "
                + "ON people_2.id = managers_2.id) ON managers_2.id = engineers.manager_id JOIN (people AS people_1 JOIN managers AS managers_1 "
                + "ON people_1.id = managers_1.id) ON ";
        assertThat(orm.sqlOf(engineersAndManagers().join(engineer("reviewer")).orderBy(engineer("id"))))
                .isEqualTo(ENGINEER_COLUMNS + twice + "managers_1.id = engineers.reviewer_id ORDER BY engineers.id");
        assertThat(orm.sqlOf(engineersAndManagers().join(Manager.class, engineer("reviewer_id").eq(ORM.attr(Manager.class, "id"))).orderBy(engineer("id"))))
                .isEqualTo(ENGINEER_COLUMNS + twice + "engineers.reviewer_id = managers_1.id ORDER BY engineers.id");
        assertThat(orm.sqlOf(ORM.select(engineer("id"), ORM.attr(Manager.class, "name")).join(engineer("manager")).join(engineer("reviewer"))
                .where(ORM.attr(Manager.class, "name").eq("m2")).orderBy(engineer("id"))))
                .isEqualTo("SELECT engineers.id, people_1.name FROM people JOIN engineers ON people.id = engineers.id JOIN (people AS people_2 "
                        + "JOIN managers AS managers_1 ON people_2.id = managers_1.id) ON managers_1.id = engineers.manager_id JOIN (people AS people_1 "
                        + "JOIN managers AS managers_2 ON people_1.id = managers_2.id) ON managers_2.id = engineers.reviewer_id "
                        + "WHERE people_1.name = :name_1 ORDER BY engineers.id");
    }

    @Test
    void aPlainColumnOrABaseAttributeMeansTheAlias() {
        assertThat(orm.sqlOf(engineersAndManagers().where(people.c("name").eq("m1")).orderBy(engineer("id"))))
                .isEqualTo(ENGINEER_COLUMNS + TO_MANAGER + "WHERE people_1.name = :name_2 ORDER BY engineers.id");
        assertThat(orm.sqlOf(ORM.select(engineer("id"), people.c("name")).join(engineer("manager")).orderBy(engineer("id"))))
                .isEqualTo("SELECT engineers.id, people_1.name " + TO_MANAGER + "ORDER BY engineers.id");
        assertThat(orm.sqlOf(ORM.select(engineer("id"), ORM.attr(Person.class, "name")).join(engineer("manager")).orderBy(engineer("id"))))
                .isEqualTo("SELECT engineers.id, people_1.name " + TO_MANAGER + "ORDER BY engineers.id");
        // the class not named at all: only the join's alias, from the engineer's own rows (no second people JOIN engineers)
        assertThat(orm.sqlOf(ORM.select(engineer("id")).join(engineer("manager")).orderBy(engineer("id"))))
                .isEqualTo("SELECT engineers.id " + TO_MANAGER + "ORDER BY engineers.id");
        assertThat(orm.sqlOf(engineersAndManagers().where(ORM.attr(Person.class, "name").eq("m1")).orderBy(engineer("id"))))
                .isEqualTo(ENGINEER_COLUMNS + TO_MANAGER + "WHERE people_1.name = :name_2 ORDER BY engineers.id");
        assertThat(orm.sqlOf(engineersAndManagers().where(engineer("name").eq("e4")).orderBy(engineer("id"))))
                .isEqualTo(ENGINEER_COLUMNS + TO_MANAGER + "WHERE people.name = :name_2 ORDER BY engineers.id");
    }

    /** SQLAlchemy 2.1.1's rows on SQLite. */
    @Test
    void rows() {
        orm.start(Databases.Database.SQLITE);
        Session s = orm.open();
        Manager[] m = new Manager[4];
        for (int i = 1; i <= 3; i++) {
            m[i] = new Manager();
            m[i].id = i;
            m[i].name = "m" + i;
            s.add(m[i]);
        }
        for (int[] e : new int[][] {{4, 1, 2}, {5, 2, 3}, {6, 1, 1}, {7, 0, 0}}) {
            Engineer x = new Engineer();
            x.id = e[0];
            x.name = "e" + e[0];
            x.managerId = e[1] == 0 ? null : e[1];
            x.reviewerId = e[2] == 0 ? null : e[2];
            s.add(x);
        }
        s.commit();
        read = orm.open();
        assertThat(pairs(engineersAndManagers().join(engineer("reviewer")).orderBy(engineer("id")))).containsExactly("4 2", "5 3", "6 1");
        assertThat(pairs(engineersAndManagers().join(Manager.class, engineer("reviewer_id").eq(ORM.attr(Manager.class, "id"))).orderBy(engineer("id"))))
                .containsExactly("4 2", "5 3", "6 1");
        assertThat(ORM.select(engineer("id"), ORM.attr(Manager.class, "name")).join(engineer("manager")).join(engineer("reviewer"))
                .where(ORM.attr(Manager.class, "name").eq("m2")).orderBy(engineer("id")).withSession(read).all())
                .extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("4 m2");
        assertThat(pairs(engineersAndManagers().where(people.c("name").eq("m1")).orderBy(engineer("id")))).containsExactly("4 1", "6 1");
        assertThat(ORM.select(engineer("id"), people.c("name")).join(engineer("manager")).orderBy(engineer("id")).withSession(read).all())
                .extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("4 m1", "5 m2", "6 m1");
        assertThat(pairs(engineersAndManagers().where(ORM.attr(Person.class, "name").eq("m1")).orderBy(engineer("id")))).containsExactly("4 1", "6 1");
        assertThat(pairs(engineersAndManagers().where(engineer("name").eq("e4")).orderBy(engineer("id")))).containsExactly("4 1");
        assertThat(ORM.select(engineer("id"), ORM.attr(Person.class, "name")).join(engineer("manager")).orderBy(engineer("id")).withSession(read).all())
                .extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("4 m1", "5 m2", "6 m1");
        assertThat(ORM.select(engineer("id")).join(engineer("manager")).orderBy(engineer("id")).withSession(read).all())
                .extracting(r -> r.get(0)).containsExactly(4, 5, 6);
    }

    private Session read;

    private List<String> pairs(Query<Row> q) {
        return q.withSession(read).all().stream().map(r -> ((Engineer) r.get(0)).id + " " + ((Manager) r.get(1)).id).toList();
    }
}
