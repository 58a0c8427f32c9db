package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
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
import org.junit.jupiter.api.AutoClose;
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
        List<Manager> managers = new ArrayList<>();
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
        List<Project> projects = new ArrayList<>();

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

    /** Led by a manager: a many-to-one whose target is a joined-table subclass. */
    public static class Project {
        Integer id;
        String name;
        Integer leadId;
        Manager lead;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final String suffix = orm.suffix;
    private final MetaData metadata = orm.metadata;
    private final Registry registry = orm.registry;
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
    private final Table projects = new Table("projects" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("lead_id", Types.INTEGER).foreignKey("managers" + suffix + ".id"));
    private Engine engine;

    private void setUp(Databases.Database db) {
        registry.mapImperatively(Employee.class, employees, Map.of(), ORM.polymorphicOn(employees.c("type")).identity("employee"));
        registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Employee.class).identity("manager"));
        registry.mapImperatively(Engineer.class, employees, Map.of(), ORM.inherits(Employee.class).identity("engineer"));
        registry.mapImperatively(Department.class, departments, Map.of("employees",
                ORM.relationship(Employee.class).backref("department").orderBy(employees.c("name")),
                "managers", ORM.relationship(Manager.class).orderBy(employees.c("name"))));
        registry.mapImperatively(Project.class, projects, Map.of("lead", ORM.relationship(Manager.class).backref("projects")));
        engine = orm.start(db);
    }

    private List<List<Object>> rows(Table table) {
        try (Connection c = engine.connect()) {
            List<List<Object>> out = new ArrayList<>();
            for (Row r : c.execute(SQL.select(table).orderBy(table.c("id"))).all()) {
                List<Object> values = new ArrayList<>();
                r.toList().forEach(v -> values.add(v instanceof Number n ? (Object) n.intValue() : v));
                out.add(values);
            }
            return out;
        }
    }

    /** ed (employee), mary (manager, 100), wally (engineer, java); their ids. */
    private int[] seed() {
        Session s = orm.open();
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
     * Difference: SQLAlchemy renders the IN list as one expanding parameter.
     */
    @org.junit.jupiter.api.Test
    void statementsAsSqlalchemyRendersThem() {
        setUp(Databases.Database.SQLITE);
        Session s = orm.open();
        assertThat(orm.sqlOf(s.query(Employee.class)))
                .isEqualTo("SELECT employees.id, employees.name, employees.type, employees.language, employees.department_id, managers.id AS id_1, managers.budget FROM employees "
                        + "LEFT OUTER JOIN managers ON employees.id = managers.id");
        assertThat(orm.sqlOf(s.query(Manager.class).filter(ORM.attr(Manager.class, "budget").gt(50))))
                .isEqualTo("SELECT managers.id, employees.id AS id_1, employees.name, employees.type, employees.language, employees.department_id, managers.budget "
                        + "FROM employees JOIN managers ON employees.id = managers.id WHERE managers.budget > :budget_1");
        assertThat(orm.sqlOf(s.query(Engineer.class)))
                .isEqualTo("SELECT employees.id, employees.name, employees.type, employees.language, employees.department_id FROM employees WHERE employees.type IN (:type_1_1)");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void flushWritesEveryTableOfAnInstanceBaseFirst(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        List<String> inserts = orm.take("INSERT");
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
        Session s = orm.open();
        orm.take("");
        List<Employee> all = s.query(Employee.class).orderBy(ORM.attr(Employee.class, "name")).all();
        assertThat(orm.take("SELECT")).as("one statement, the subclass tables outer-joined").hasSize(1);
        assertThat(all).extracting(e -> e.getClass().getSimpleName()).containsExactly("Employee", "Manager", "Engineer");
        assertThat(((Manager) all.get(1)).budget).isEqualTo(100);
        assertThat(((Engineer) all.get(2)).language).isEqualTo("java");
        assertThat(s.get(Employee.class, ids[1])).isSameAs(all.get(1));
        Session fresh = orm.open();
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
            OrmTestDatabase.assertRoundTrips(List.of(rich, engineers, everyone), metadata, scoped);
        } finally {
            scoped.remove();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void subclassesHaveTheRelationshipsOfTheirSuperclass(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        Session s = orm.open();
        Department eng = new Department();
        eng.name = "eng";
        eng.employees.add(s.get(Manager.class, ids[1]));
        eng.employees.add(s.get(Engineer.class, ids[2]));
        s.add(eng);
        assertThat(s.get(Manager.class, ids[1]).department).as("the backref, on a subclass instance").isSameAs(eng);
        s.commit();
        assertThat(rows(employees)).extracting(r -> r.get(4)).containsExactly(eng.id, null, eng.id);     // mary, ed, wally

        Session t = orm.open();
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
        Session s = orm.open();
        Manager mary = s.get(Manager.class, ids[1]);
        mary.budget = 200;
        mary.name = "mary jane";
        orm.take("");
        s.commit();
        List<String> updates = orm.take("UPDATE");
        assertThat(updates).hasSize(2);
        assertThat(rows(managers)).containsExactly(List.of(ids[1], 200));

        Session d = orm.open();
        Employee maryAgain = d.get(Employee.class, ids[1]);
        Engineer wally = d.get(Engineer.class, ids[2]);
        d.delete(maryAgain);
        d.delete(wally);
        orm.take("");
        d.commit();
        List<String> deletes = orm.take("DELETE");
        assertThat(deletes).as("mary's managers row and employees row, wally's employees row").hasSize(3);
        assertThat(deletes.stream().filter(q -> q.startsWith("DELETE FROM managers")).count()).isEqualTo(1);
        assertThat(deletes.get(2)).as("mary's employees row after her managers row").startsWith("DELETE FROM employees");
        assertThat(rows(managers)).isEmpty();
        assertThat(rows(employees)).containsExactly(Arrays.asList(ids[0], "ed", "employee", null, null));
    }

    /**
     * Joined eager loads and aliases of a joined-table class, compared with SQLAlchemy 2.1.1's
     * statements for the same mapping ({@code joinedload}, {@code aliased(Manager, flat=True)}).
     * Difference: bind names.
     */
    @org.junit.jupiter.api.Test
    void eagerLoadsAndAliasesOfAJoinedClassAsSqlalchemyRendersThem() {
        setUp(Databases.Database.SQLITE);
        Session s = orm.open();
        assertThat(orm.sqlOf(s.query(Department.class).options(ORM.joinedLoad(ORM.attr(Department.class, "employees")))))
                .isEqualTo("SELECT departments.id, departments.name, employees_1.id AS id_1, employees_1.name AS name_1, employees_1.type, employees_1.language, "
                        + "employees_1.department_id, managers_1.id AS id_2, managers_1.budget FROM departments LEFT OUTER JOIN (employees AS employees_1 LEFT OUTER JOIN managers AS managers_1 "
                        + "ON employees_1.id = managers_1.id) ON departments.id = employees_1.department_id ORDER BY employees_1.name");
        assertThat(orm.sqlOf(s.query(Project.class).options(ORM.joinedLoad(ORM.attr(Project.class, "lead")))))
                .isEqualTo("SELECT projects.id, projects.name, projects.lead_id, managers_1.id AS id_1, employees_1.id AS id_2, employees_1.name AS name_1, employees_1.type, "
                        + "employees_1.language, employees_1.department_id, managers_1.budget FROM projects LEFT OUTER JOIN (employees AS employees_1 JOIN managers AS managers_1 "
                        + "ON employees_1.id = managers_1.id) ON managers_1.id = projects.lead_id");
        AliasedEntity<Manager> boss = ORM.aliased(Manager.class);
        assertThat(orm.sqlOf(s.query(Manager.class, boss).join(boss, ORM.attr(Manager.class, "budget").lt(boss.attr("budget"))).filter(boss.attr("name").eq("sue"))))
                .isEqualTo("SELECT managers.id, employees.id AS id_1, employees.name, employees.type, employees.language, employees.department_id, managers.budget, "
                        + "managers_1.id AS id_2, employees_1.id AS id_3, employees_1.name AS name_1, employees_1.type AS type_1, employees_1.language AS language_1, "
                        + "employees_1.department_id AS department_id_1, managers_1.budget AS budget_1 FROM employees JOIN managers ON employees.id = managers.id "
                        + "JOIN (employees AS employees_1 JOIN managers AS managers_1 ON employees_1.id = managers_1.id) ON managers.budget < managers_1.budget "
                        + "WHERE employees_1.name = :name_2");
        AliasedEntity<Manager> named = ORM.aliased(Manager.class, "boss");
        assertThat(orm.sqlOf(s.query(Department.class).join(named, ORM.attr(Department.class, "employees")).filter(named.attr("budget").gt(150))))
                .isEqualTo("SELECT departments.id, departments.name FROM departments JOIN (employees AS boss_employees JOIN managers AS boss_managers "
                        + "ON boss_employees.id = boss_managers.id) ON departments.id = boss_employees.department_id WHERE boss_managers.budget > :budget_1");
        AliasedEntity<Engineer> engineer = ORM.aliased(Engineer.class);
        assertThat(orm.sqlOf(s.query(Department.class).join(engineer, ORM.attr(Department.class, "employees")).filter(engineer.attr("language").eq("java"))))
                .isEqualTo("SELECT departments.id, departments.name FROM departments JOIN employees AS employees_1 ON departments.id = employees_1.department_id "
                        + "AND employees_1.type IN (:type_1_1) WHERE employees_1.language = :language_1");
        assertThat(orm.sqlOf(s.query(Department.class).filter(ORM.attr(Department.class, "managers").any(ORM.attr(Manager.class, "budget").gt(250)))))
                .isEqualTo("SELECT departments.id, departments.name FROM departments WHERE EXISTS (SELECT 1 FROM employees JOIN managers ON employees.id = managers.id "
                        + "WHERE departments.id = employees.department_id AND managers.budget > :budget_1)");
        assertThat(orm.sqlOf(s.query(Department.class).filter(ORM.attr(Department.class, "employees").any(ORM.attr(Employee.class, "name").eq("x")))))
                .isEqualTo("SELECT departments.id, departments.name FROM departments WHERE EXISTS (SELECT 1 FROM employees LEFT OUTER JOIN managers "
                        + "ON employees.id = managers.id WHERE departments.id = employees.department_id AND employees.name = :name_1)");
        assertThat(orm.sqlOf(s.query(Department.class).join(ORM.attr(Department.class, "employees"))))
                .isEqualTo("SELECT departments.id, departments.name FROM departments JOIN (employees LEFT OUTER JOIN managers ON employees.id = managers.id) "
                        + "ON departments.id = employees.department_id");
    }

    /** Department "eng" with ed, mary (manager, 100), wally (engineer) and sue (manager, 200); project "apollo" led by sue. */
    private void seedDepartment() {
        Session s = orm.open();
        Department eng = new Department();
        eng.name = "eng";
        eng.employees.addAll(List.of(new Employee("ed"), new Manager("mary", 100), new Engineer("wally", "java"), new Manager("sue", 200)));
        s.add(eng);
        Project apollo = new Project();
        apollo.name = "apollo";
        apollo.lead = (Manager) eng.employees.get(3);
        s.add(apollo);
        s.commit();
    }

    private static void assertEveryClassLoaded(List<Employee> staff) {
        assertThat(staff).extracting(e -> e.getClass().getSimpleName() + ":" + e.name).containsExactly("Employee:ed", "Manager:mary", "Manager:sue", "Engineer:wally");
        assertThat(((Manager) staff.get(1)).budget).isEqualTo(100);
        assertThat(((Manager) staff.get(2)).budget).isEqualTo(200);
        assertThat(((Engineer) staff.get(3)).language).isEqualTo("java");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void eagerLoadsOfAJoinedHierarchyLoadEachRowAsItsClass(Databases.Database db) {
        setUp(db);
        seedDepartment();
        for (LoaderOption option : List.of(ORM.joinedLoad(ORM.attr(Department.class, "employees")), ORM.selectinLoad(ORM.attr(Department.class, "employees")))) {
            try (Session s = orm.open()) {
                orm.take("");
                Department eng = s.query(Department.class).options(option).one();
                assertThat(orm.take("SELECT")).as(option.toString()).hasSize(option.toString().startsWith("joined") ? 1 : 2);
                assertEveryClassLoaded(eng.employees);
                assertThat(orm.take("SELECT")).as("nothing more loads").isEmpty();
                assertThat(s.get(Employee.class, eng.employees.get(2).id)).isSameAs(eng.employees.get(2));
            }
        }
        for (LoaderOption option : List.of(ORM.joinedLoad(ORM.attr(Project.class, "lead")), ORM.joinedLoad(ORM.attr(Project.class, "lead")).selectinLoad(ORM.attr(Manager.class, "projects")))) {
            try (Session s = orm.open()) {
                orm.take("");
                Project apollo = s.query(Project.class).options(option).one();
                assertThat(apollo.lead.name).isEqualTo("sue");
                assertThat(apollo.lead.budget).isEqualTo(200);
                // (the department, a many-to-one, loads with its instance by one more statement)
                assertThat(orm.take("SELECT")).filteredOn(q -> q.contains("employees")).as("the lead loads in the projects' statement").hasSize(1);
            }
        }
        try (Session s = orm.open()) {
            Manager sue = s.query(Manager.class).filter(ORM.attr(Manager.class, "name").eq("sue"))
                    .options(ORM.joinedLoad(ORM.attr(Manager.class, "projects")), ORM.joinedLoad(ORM.attr(Manager.class, "department"))).one();
            assertThat(sue.projects).extracting(p -> p.name).containsExactly("apollo");
            assertThat(sue.department.name).isEqualTo("eng");
        }
    }

    /**
     * An option on a relationship only a subclass has, on a query of the base (SQLAlchemy's
     * {@code selectinload(Employee.of_type(Manager)...)}): the managers among the rows load their
     * projects in one more statement; raiseLoad applies to them; a joined load is refused.
     * It was ignored: the projects loaded lazily, and raiseLoad did not raise.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void optionsOnASubclassRelationshipApplyToAQueryOfTheBase(Databases.Database db) {
        setUp(db);
        seedDepartment();
        Session s = orm.open();
        orm.take("");
        List<Employee> staff = s.query(Employee.class).options(ORM.selectinLoad(ORM.attr(Manager.class, "projects")))
                .orderBy(ORM.attr(Employee.class, "name")).all();
        assertThat(orm.take("SELECT")).filteredOn(q -> q.contains("projects")).as("the managers' projects, in one statement").hasSize(1);
        assertThat(staff).extracting(e -> e.name).containsExactly("ed", "mary", "sue", "wally");
        assertThat(((Manager) staff.get(1)).projects).isEmpty();
        assertThat(((Manager) staff.get(2)).projects).extracting(p -> p.name).containsExactly("apollo");
        assertThat(((Manager) staff.get(2)).projects.get(0).lead).isSameAs(staff.get(2));
        assertThat(orm.take("SELECT")).as("nothing more loads").isEmpty();

        Session t = orm.open();
        List<Employee> raising = t.query(Employee.class).options(ORM.raiseLoad(ORM.attr(Manager.class, "projects")))
                .orderBy(ORM.attr(Employee.class, "name")).all();
        assertThatThrownBy(() -> ((Manager) raising.get(2)).projects.size()).isInstanceOf(RetortException.class).hasMessageContaining("raiseLoad");
        assertThatThrownBy(() -> t.query(Employee.class).options(ORM.joinedLoad(ORM.attr(Manager.class, "projects"))).all())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("Manager.projects").hasMessageContaining("selectinLoad");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aliasesOfAJoinedClassSelfJoinFilterOnSubclassColumnsAndSurviveTheSerializer(Databases.Database db) {
        setUp(db);
        seedDepartment();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(engine));
        try {
            AliasedEntity<Manager> boss = ORM.aliased(Manager.class);
            Query<Row> richer = scoped.query(Manager.class, boss).join(boss, ORM.attr(Manager.class, "budget").lt(boss.attr("budget")));
            List<Row> pairs = richer.all();
            assertThat(pairs).hasSize(1);
            assertThat(((Manager) pairs.get(0).get(0)).name).isEqualTo("mary");
            Manager sue = (Manager) pairs.get(0).get(1);
            assertThat(sue.name).isEqualTo("sue");
            assertThat(sue.budget).isEqualTo(200);

            AliasedEntity<Employee> anyone = ORM.aliased(Employee.class, "anyone");
            Query<Employee> everyone = scoped.query(anyone).orderBy(anyone.attr("name"));
            assertEveryClassLoaded(everyone.all());

            AliasedEntity<Manager> named = ORM.aliased(Manager.class, "boss");
            Query<Department> withRichBoss = scoped.query(Department.class).join(named, ORM.attr(Department.class, "employees"))
                    .filter(named.attr("budget").gt(150));
            assertThat(withRichBoss.all()).extracting(d -> d.name).containsExactly("eng");
            assertThat(scoped.query(Department.class).join(named, ORM.attr(Department.class, "employees")).filter(named.attr("budget").gt(500)).all()).isEmpty();
            AliasedEntity<Engineer> engineer = ORM.aliased(Engineer.class);
            List<Row> laterEngineers = scoped.query(Employee.class, engineer).join(engineer, ORM.attr(Employee.class, "id").lt(engineer.attr("id")))
                    .orderBy(ORM.attr(Employee.class, "id")).all();
            Engineer wally = scoped.query(Engineer.class).one();
            long before = scoped.query(Employee.class).filter(ORM.attr(Employee.class, "id").lt(wally.id)).count();
            assertThat(laterEngineers).as("only the engineers' rows of the aliased table").extracting(r -> ((Employee) r.get(1)).name)
                    .containsOnly("wally").hasSize((int) before);

            OrmTestDatabase.assertRoundTrips(List.of(richer, everyone, withRichBoss), metadata, scoped);
        } finally {
            scoped.remove();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aRelationshipToAJoinedSubclassByAForeignKeyInItsSuperclassTable(Databases.Database db) {
        setUp(db);
        seedDepartment();
        for (LoaderOption option : java.util.Arrays.asList(null, ORM.joinedLoad(ORM.attr(Department.class, "managers")),
                ORM.selectinLoad(ORM.attr(Department.class, "managers")))) {
            Session s = orm.open();
            Query<Department> q = s.query(Department.class);
            Department eng = (option == null ? q : q.options(option)).one();
            assertThat(eng.managers).extracting(m -> m.name + ":" + m.budget).as(String.valueOf(option)).containsExactly("mary:100", "sue:200");
            s.close();      // (SQLite: its read transaction would lock out the writes below)
        }
        Session s = orm.open();
        List<Department> limited = s.query(Department.class).options(ORM.joinedLoad(ORM.attr(Department.class, "employees"))).limit(1).all();
        assertEveryClassLoaded(limited.get(0).employees);
        Department eng = limited.get(0);
        eng.managers.add(new Manager("tom", 300));
        s.commit();
        Session t = orm.open();
        assertThat(t.query(Manager.class).filter(ORM.attr(Manager.class, "name").eq("tom")).one().department.name).isEqualTo("eng");
        assertThat(t.query(Department.class).filter(ORM.attr(Department.class, "managers").any(ORM.attr(Manager.class, "budget").gt(250))).all())
                .extracting(d -> d.name).containsExactly("eng");
    }
}
