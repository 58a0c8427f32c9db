package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.ExecutionListener;
import dev.retort.engine.Row;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A class hierarchy on each database: {@code Employee} on {@code employees} with discriminator
 * {@code type}; {@code Manager} on a table of its own (joined-table); {@code Engineer} on
 * {@code employees} too (single-table). Flushes write every table of an instance, the base's
 * first, and delete in reverse; a query of the base returns instances of each class; a query
 * of a subclass returns only its rows, also after the serializer.
 */
class InheritanceTest {
    /** A department of employees of every class. */
    public static class Department {
        Integer id;
        String name;
        List<Employee> employees = new ArrayList<>();
    }

    /** The base class. */
    public static class Employee {
        Integer id;
        String name;
        String type;
        Integer departmentId;
        Department department;

        Employee() {
        }

        Employee(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "(" + name + ")";
        }
    }

    /** Joined-table: its own row in {@code managers}. */
    public static class Manager extends Employee {
        Integer budget;

        Manager() {
        }

        Manager(String name, int budget) {
            super(name);
            this.budget = budget;
        }
    }

    /** Single-table: {@code language} is a column of {@code employees}. */
    public static class Engineer extends Employee {
        String language;

        Engineer() {
        }

        Engineer(String name, String language) {
            super(name);
            this.language = language;
        }
    }

    private final String suffix = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final MetaData metadata = new MetaData();
    private final Table employees = new Table("employees" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("type", Types.string(20)),
            Column.of("language", Types.string(20)),
            Column.of("department_id", Types.INTEGER).foreignKey("departments" + suffix + ".id"));
    private final Table departments = new Table("departments" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)));
    private final Table managers = new Table("managers" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("employees" + suffix + ".id"),
            Column.of("budget", Types.INTEGER));
    private Registry registry;
    private Engine engine;
    private final List<String> sql = new ArrayList<>();
    private final ExecutionListener recorder = (s, p) -> sql.add(s.replace(suffix, "").replaceAll("\\s+", " ").trim());
    private final List<Session> sessions = new ArrayList<>();

    private void setUp(Databases.Database db) {
        engine = db.engine();
        registry = new Registry(metadata);
        registry.mapImperatively(Employee.class, employees, Map.of(), ORM.polymorphicOn(employees.c("type")).identity("employee"));
        registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Employee.class).identity("manager"));
        registry.mapImperatively(Engineer.class, employees, Map.of(), ORM.inherits(Employee.class).identity("engineer"));
        registry.mapImperatively(Department.class, departments, Map.of("employees",
                ORM.relationship(Employee.class).backref("department").orderBy(employees.c("name"))));
        metadata.createAll(engine);
        engine.addListener(recorder);
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.removeListener(recorder);
            sessions.forEach(Session::close);
            metadata.dropAll(engine);
        }
        if (registry != null) {
            registry.dispose();
        }
    }

    private Session open() {
        Session s = SessionFactory.of(engine).open();
        sessions.add(s);
        return s;
    }

    private List<String> take(String prefix) {
        List<String> out = sql.stream().filter(s -> s.startsWith(prefix)).toList();
        sql.clear();
        return out;
    }

    private List<List<Object>> rows(Table t) {
        try (Connection c = engine.connect()) {
            List<List<Object>> out = new ArrayList<>();
            for (Row r : c.execute(SQL.select(t).orderBy(t.c("id"))).all()) {
                List<Object> values = new ArrayList<>();
                r.toList().forEach(v -> values.add(v instanceof Number n ? (Object) n.intValue() : v));
                out.add(values);
            }
            return out;
        }
    }

    /** ed (employee), mary (manager, 100), wally (engineer, java); their ids. */
    private int[] seed() {
        Session s = open();
        Manager mary = new Manager("mary", 100);
        Employee ed = new Employee("ed");
        Engineer wally = new Engineer("wally", "java");
        s.add(mary);
        s.add(ed);
        s.add(wally);
        s.commit();
        return new int[] {ed.id, mary.id, wally.id};
    }

    /**
     * The statements, compared with SQLAlchemy 2.1.1's for the same mapping with
     * {@code with_polymorphic="*"} (Java cannot load a subclass's columns on first access).
     * Differences: SQLAlchemy also selects {@code managers.id} (the same value as
     * {@code employees.id}), and renders the IN list as one expanding parameter.
     */
    @org.junit.jupiter.api.Test
    void statementsAsSqlalchemyRendersThem() {
        setUp(Databases.Database.SQLITE);
        Session s = open();
        java.util.function.Function<Query<?>, String> sqlOf = q -> q.statement().compile().string().replace(suffix, "").replaceAll("\\s+", " ").trim();
        assertThat(sqlOf.apply(s.query(Employee.class)))
                .isEqualTo("SELECT employees.id, employees.name, employees.type, employees.language, employees.department_id, managers.budget FROM employees "
                        + "LEFT OUTER JOIN managers ON employees.id = managers.id");
        assertThat(sqlOf.apply(s.query(Manager.class).filter(ORM.attr(Manager.class, "budget").gt(50))))
                .isEqualTo("SELECT employees.id, employees.name, employees.type, employees.language, employees.department_id, managers.budget FROM employees "
                        + "JOIN managers ON employees.id = managers.id WHERE managers.budget > :budget_1");
        assertThat(sqlOf.apply(s.query(Engineer.class)))
                .isEqualTo("SELECT employees.id, employees.name, employees.type, employees.language, employees.department_id FROM employees WHERE employees.type IN (:type_1_1)");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void flushWritesEveryTableOfAnInstanceBaseFirst(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        List<String> inserts = take("INSERT");
        assertThat(inserts).hasSize(4);
        assertThat(inserts.get(0)).startsWith("INSERT INTO employees");
        assertThat(inserts.get(1)).startsWith("INSERT INTO managers");
        assertThat(rows(employees)).containsExactlyInAnyOrder(
                Arrays.asList(ids[0], "ed", "employee", null, null), Arrays.asList(ids[1], "mary", "manager", null, null), Arrays.asList(ids[2], "wally", "engineer", "java", null));
        assertThat(rows(managers)).containsExactly(List.of(ids[1], 100));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aQueryOfTheBaseReturnsInstancesOfEachClass(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        Session s = open();
        take("");
        List<Employee> all = s.query(Employee.class).orderBy(ORM.attr(Employee.class, "name")).all();
        assertThat(take("SELECT")).as("one statement, the subclass tables outer-joined").hasSize(1);
        assertThat(all).extracting(e -> e.getClass().getSimpleName()).containsExactly("Employee", "Manager", "Engineer");
        assertThat(((Manager) all.get(1)).budget).isEqualTo(100);
        assertThat(((Engineer) all.get(2)).language).isEqualTo("java");
        assertThat(s.get(Employee.class, ids[1])).isSameAs(all.get(1));
        Session fresh = open();
        assertThat(fresh.get(Employee.class, ids[2])).isInstanceOf(Engineer.class);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void queriesOfASubclassReturnOnlyItsRowsAlsoAfterSerialization(Databases.Database db) {
        setUp(db);
        seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(engine));
        try {
            Query<Manager> rich = scoped.query(Manager.class).filter(ORM.attr(Manager.class, "budget").gt(50));
            Query<Engineer> engineers = scoped.query(Engineer.class);
            Query<Employee> everyone = scoped.query(Employee.class).filter(ORM.attr(Employee.class, "name").ne("nobody"))
                    .orderBy(ORM.attr(Employee.class, "id"));
            assertThat(rich.all()).extracting(e -> e.name).containsExactly("mary");
            assertThat(engineers.all()).extracting(e -> e.name).containsExactly("wally");
            assertThat(everyone.all()).hasSize(3);
            for (Query<?> q : List.of(rich, engineers, everyone)) {
                Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q), metadata, scoped);
                assertThat(back.all()).isEqualTo(q.all());
            }
        } finally {
            scoped.remove();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void subclassesHaveTheRelationshipsOfTheirSuperclass(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        Session s = open();
        Department eng = new Department();
        eng.name = "eng";
        eng.employees.add(s.get(Manager.class, ids[1]));
        eng.employees.add(s.get(Engineer.class, ids[2]));
        s.add(eng);
        assertThat(s.get(Manager.class, ids[1]).department).as("the backref, on a subclass instance").isSameAs(eng);
        s.commit();
        assertThat(rows(employees)).extracting(r -> r.get(4)).containsExactly(eng.id, null, eng.id);     // mary, ed, wally

        Session t = open();
        Manager mary = t.get(Manager.class, ids[1]);
        assertThat(mary.department.name).isEqualTo("eng");
        assertThat(mary.department.employees).extracting(e -> e.getClass().getSimpleName()).containsExactly("Manager", "Engineer");
        assertThat(t.query(Manager.class).join(ORM.attr(Manager.class, "department")).filter(ORM.attr(Department.class, "name").eq("eng")).all())
                .containsExactly(mary);
        Engineer wally = t.get(Engineer.class, ids[2]);
        wally.department = null;
        t.commit();
        assertThat(rows(employees)).extracting(r -> r.get(4)).containsExactly(eng.id, null, null);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void updatesWriteTheTablesThatChangedAndDeletesGoSubclassTableFirst(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        Session s = open();
        Manager mary = s.get(Manager.class, ids[1]);
        mary.budget = 200;
        mary.name = "mary jane";
        take("");
        s.commit();
        List<String> updates = take("UPDATE");
        assertThat(updates).hasSize(2);
        assertThat(rows(managers)).containsExactly(List.of(ids[1], 200));

        Session d = open();
        Employee maryAgain = d.get(Employee.class, ids[1]);
        Engineer wally = d.get(Engineer.class, ids[2]);
        d.delete(maryAgain);
        d.delete(wally);
        take("");
        d.commit();
        List<String> deletes = take("DELETE");
        assertThat(deletes).as("mary's managers row and employees row, wally's employees row").hasSize(3);
        assertThat(deletes.stream().filter(q -> q.startsWith("DELETE FROM managers")).count()).isEqualTo(1);
        assertThat(deletes.get(2)).as("mary's employees row after her managers row").startsWith("DELETE FROM employees");
        assertThat(rows(managers)).isEmpty();
        assertThat(rows(employees)).containsExactly(Arrays.asList(ids[0], "ed", "employee", null, null));
    }
}
