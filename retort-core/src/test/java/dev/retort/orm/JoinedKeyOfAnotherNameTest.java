package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A joined-table subclass two levels down whose key column is named otherwise than its superclass's
 * ({@code boss.boss_id} referring to {@code managers.person_id}): SQLAlchemy maps that column as an
 * attribute of its own, so {@link ORM#loadOnly} leaves it out of the SELECT. The SQL is SQLAlchemy 2.1.1's.
 */
class JoinedKeyOfAnotherNameTest {
    /** A person. */
    public static class Person {
        Integer personId;
        String name;
        String type;
    }

    /** A manager. */
    public static class Manager extends Person {
        String status;
        String managerName;
    }

    /** A boss, a manager of its own table keyed by {@code boss_id}. */
    public static class Boss extends Manager {
        String golfSwing;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table people = new Table("people" + orm.suffix, orm.metadata, Column.of("person_id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)), Column.of("type", Types.string(30)));
    private final Table managers = new Table("managers" + orm.suffix, orm.metadata,
            Column.of("person_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".person_id"),
            Column.of("status", Types.string(30)), Column.of("manager_name", Types.string(50)));
    private final Table boss = new Table("boss" + orm.suffix, orm.metadata,
            Column.of("boss_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("managers" + orm.suffix + ".person_id"),
            Column.of("golf_swing", Types.string(30)));

    JoinedKeyOfAnotherNameTest() {
        orm.registry.mapImperatively(Person.class, people, Map.of(), ORM.polymorphicOn(people.c("type")).identity("person"));
        orm.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Person.class).identity("manager"));
        orm.registry.mapImperatively(Boss.class, boss, Map.of(), ORM.inherits(Manager.class).identity("boss"));
    }

    private static Query<Boss> loadOnly() {
        return ORM.select(Boss.class).options(ORM.loadOnly(ORM.attr(Boss.class, "status"), ORM.attr(Boss.class, "manager_name")))
                .orderBy(ORM.attr(Person.class, "person_id"));
    }

    @Test
    void loadOnlyLeavesTheKeyOfAnotherNameOut() {
        assertThat(orm.sqlOf(loadOnly())).isEqualTo("SELECT managers.person_id, people.person_id AS person_id_1, people.type, managers.status, "
                + "managers.manager_name FROM people JOIN managers ON people.person_id = managers.person_id JOIN boss ON managers.person_id = boss.boss_id "
                + "ORDER BY people.person_id");
        // deferring another attribute keeps it
        assertThat(orm.sqlOf(ORM.select(Boss.class).options(ORM.defer(ORM.attr(Boss.class, "golf_swing"))).orderBy(ORM.attr(Person.class, "person_id"))))
                .isEqualTo("SELECT managers.person_id, people.person_id AS person_id_1, people.name, people.type, managers.status, managers.manager_name, "
                        + "boss.boss_id FROM people JOIN managers ON people.person_id = managers.person_id JOIN boss ON managers.person_id = boss.boss_id "
                        + "ORDER BY people.person_id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theBossLoadsWithoutItAndItsOtherAttributesLoadLater(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Boss b = new Boss();
        b.name = "bob";
        b.status = "busy";
        b.managerName = "robert";
        b.golfSwing = "scratch";
        s.add(b);
        s.commit();
        Session t = orm.open();
        Boss back = loadOnly().withSession(t).one();
        assertThat(back.personId).isEqualTo(b.personId);
        assertThat(back.status).isEqualTo("busy");
        assertThat(back.managerName).isEqualTo("robert");
        t.loadAttribute(back, "golf_swing");
        assertThat(back.golfSwing).isEqualTo("scratch");
        back.status = "idle";
        t.commit();
        assertThat(orm.open().query(Boss.class).one().status).isEqualTo("idle");
    }
}
