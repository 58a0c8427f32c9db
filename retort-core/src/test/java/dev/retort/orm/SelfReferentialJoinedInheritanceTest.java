package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * A self-referential many-to-one across joined-inheritance tables: {@code employees.manager_id} refers to
 * {@code managers.id}, whose rows refer to {@code employees.id}, so the tables refer to each other and the flush
 * orders rows (a manager's two rows before the rows of those it manages; deleted, after them). SQL from SQLAlchemy
 * 2.1.1 (tools/expect/uow_selfref_joined.py, after test/orm/inheritance/test_relationship.py SelfReferentialJ2JTest).
 */
class SelfReferentialJoinedInheritanceTest {
    /** An employee with a manager. */
    public static class Employee {
        Integer id;
        String name;
        String type;
        Integer managerId;
        Manager manager;
        List<Employee> reports;
    }

    /** A manager. */
    public static class Manager extends Employee {
        String data;
    }

    private static OrmTestDatabase model(Databases.Database db, boolean postUpdate) {
        OrmTestDatabase t = new OrmTestDatabase();
        String x = t.suffix;
        Table employees = new Table("employees" + x, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(20)), Column.of("type", Types.string(20)), Column.of("manager_id", Types.INTEGER).foreignKey("managers" + x + ".id"));
        Table managers = new Table("managers" + x, t.metadata, Column.of("id", Types.INTEGER).primaryKey().foreignKey("employees" + x + ".id"),
                Column.of("data", Types.string(20)));
        Relationship<Manager> manager = ORM.relationship(Manager.class).primaryJoin(employees.c("manager_id").eq(managers.c("id"))).backref("reports");
        t.registry.mapImperatively(Employee.class, employees, Map.of("manager", postUpdate ? manager.postUpdate() : manager),
                ORM.polymorphicOn(employees.c("type")).identity("employee"));
        t.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Employee.class).identity("manager"));
        t.start(db);
        t.take("");
        return t;
    }

    private static <T extends Employee> T employee(T e, int id, String name, Manager manager) {
        e.id = id;
        e.name = name;
        e.manager = manager;
        return e;
    }

    private static final String INSERT_EMPLOYEE = "INSERT INTO employees (id, name, type, manager_id) VALUES (?, ?, ?, ?)";
    private static final String INSERT_MANAGER = "INSERT INTO managers (id, data) VALUES (?, ?)";
    private static final String UPDATE_MANAGER_ID = "UPDATE employees SET manager_id=? WHERE employees.id = ?";
    private static final String DELETE_EMPLOYEE = "DELETE FROM employees WHERE employees.id = ?";
    private static final String DELETE_MANAGER = "DELETE FROM managers WHERE managers.id = ?";

    @EachDatabase
    void rowsInsertAndDeleteInTheOrderOfTheirReferences(Databases.Database db) {
        try (OrmTestDatabase t = model(db, false)) {
            Session s = t.open();
            Manager boss = employee(new Manager(), 1, "boss", null);
            Manager mid = employee(new Manager(), 2, "mid", boss);
            Employee emp = employee(new Employee(), 3, "emp", mid);
            s.add(emp);
            s.flush();
            assertThat(t.take("")).containsExactly(INSERT_EMPLOYEE, INSERT_MANAGER, INSERT_EMPLOYEE, INSERT_MANAGER, INSERT_EMPLOYEE);
            emp.manager = boss;
            s.delete(mid);
            s.flush();
            assertThat(t.take("")).containsExactly(UPDATE_MANAGER_ID, DELETE_MANAGER, DELETE_EMPLOYEE);
            Manager mid2 = employee(new Manager(), 4, "mid2", boss);
            emp.manager = mid2;
            s.flush();
            assertThat(t.take("")).containsExactly(INSERT_EMPLOYEE, INSERT_MANAGER, UPDATE_MANAGER_ID);
            s.delete(emp);
            s.delete(mid2);
            s.delete(boss);
            s.flush();
            assertThat(t.take("")).containsExactly(DELETE_EMPLOYEE, DELETE_MANAGER, DELETE_EMPLOYEE, DELETE_MANAGER, DELETE_EMPLOYEE);
            s.commit();
        }
    }

    @EachDatabase
    void postUpdateInsertsTheRowsThenSetsTheReferences(Databases.Database db) {
        try (OrmTestDatabase t = model(db, true)) {
            Session s = t.open();
            Manager boss = employee(new Manager(), 1, "boss", null);
            Manager mid = employee(new Manager(), 2, "mid", boss);
            Employee emp = employee(new Employee(), 3, "emp", mid);
            s.add(emp);
            s.flush();
            // SQLAlchemy: the three employees rows (one executemany), the two managers rows, then the post-update; Retort
            // writes each instance's rows together, base first (InheritanceTest), so the managers rows come between
            List<String> sql = t.take("");
            assertThat(sql.stream().filter(q -> !q.startsWith("UPDATE")).sorted().toList()).as("%s", sql)
                    .containsExactly(INSERT_EMPLOYEE, INSERT_EMPLOYEE, INSERT_EMPLOYEE, INSERT_MANAGER, INSERT_MANAGER);
            assertThat(sql.subList(5, sql.size())).as("%s", sql).isNotEmpty().allMatch(UPDATE_MANAGER_ID::equals);
            emp.manager = boss;
            s.delete(mid);
            s.flush();
            assertThat(t.take("")).containsExactly(UPDATE_MANAGER_ID, UPDATE_MANAGER_ID, DELETE_MANAGER, DELETE_EMPLOYEE);
            Manager mid2 = employee(new Manager(), 4, "mid2", boss);
            emp.manager = mid2;
            s.flush();
            sql = t.take("");
            assertThat(sql.subList(0, 2)).as("%s", sql).containsExactly(INSERT_EMPLOYEE, INSERT_MANAGER);
            assertThat(sql.subList(2, sql.size())).as("%s", sql).isNotEmpty().allMatch(UPDATE_MANAGER_ID::equals);
            s.commit();
            try (Session check = t.open()) {
                assertThat(check.get(Employee.class, 3).managerId).isEqualTo(4);
                assertThat(check.get(Employee.class, 4).managerId).isEqualTo(1);
            }
            // the tables refer to each other: emptied, SQLite drops them
            try (var c = t.engine().begin()) {
                c.execute(SQL.text("UPDATE employees" + t.suffix + " SET manager_id = NULL"));
                c.execute(SQL.text("DELETE FROM managers" + t.suffix));
                c.execute(SQL.text("DELETE FROM employees" + t.suffix));
            }
        }
    }
}
