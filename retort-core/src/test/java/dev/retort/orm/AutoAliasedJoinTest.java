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
 * SQLAlchemy's automatic alias: joining a joined-table class whose tables the FROM clause has
 * already (Engineer to its Manager, both employees) joins aliases of its tables. Statements are
 * SQLAlchemy 2.1.1's.
 */
class AutoAliasedJoinTest {
    /** An employee. */
    public static class Employee {
        Integer id;
        String name;
    }

    /** A manager. */
    public static class Manager extends Employee {
        String data;
    }

    /** An engineer with a manager. */
    public static class Engineer extends Employee {
        Integer managerId;
        Manager manager;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table employee = new Table("employee" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)),
            Column.of("type", Types.string(20)));
    private final Table manager = new Table("manager" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().foreignKey("employee" + orm.suffix + ".id"),
            Column.of("data", Types.string(20)));
    private final Table engineer = new Table("engineer" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().foreignKey("employee" + orm.suffix + ".id"),
            Column.of("manager_id", Types.INTEGER).foreignKey("manager" + orm.suffix + ".id"));

    AutoAliasedJoinTest() {
        orm.registry.mapImperatively(Employee.class, employee, Map.of(), ORM.polymorphicOn(employee.c("type")).identity("employee"));
        orm.registry.mapImperatively(Manager.class, manager, Map.of(), ORM.inherits(Employee.class).identity("manager"));
        orm.registry.mapImperatively(Engineer.class, engineer, Map.of("manager", ORM.relationship(Manager.class)
                .primaryJoin(engineer.c("manager_id").eq(manager.c("id")))), ORM.inherits(Employee.class).identity("engineer"));
    }

    @Test
    void aClassOfTheSameHierarchyJoinsThroughAliases() {
        assertThat(orm.sqlOf(ORM.select(Engineer.class).join(ORM.attr(Engineer.class, "manager")))).isEqualTo(
                "SELECT engineer.id, employee.id AS id_1, employee.name, employee.type, engineer.manager_id FROM employee "
                + "JOIN engineer ON employee.id = engineer.id JOIN (employee AS employee_1 JOIN manager AS manager_1 ON employee_1.id = manager_1.id) "
                + "ON engineer.manager_id = manager_1.id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theJoinRuns(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Manager boss = new Manager();
        boss.name = "boss";
        Engineer eng = new Engineer();
        eng.name = "eng";
        eng.manager = boss;
        s.add(boss);
        s.add(eng);
        s.commit();
        Session t = orm.open();
        assertThat(t.query(Engineer.class).join(ORM.attr(Engineer.class, "manager")).all()).extracting(e -> e.name).containsExactly("eng");
    }
}
