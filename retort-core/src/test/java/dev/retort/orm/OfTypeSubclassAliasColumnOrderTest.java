package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A joined or contains-eager load of a relationship to a joined-table base {@code of_type} an alias of a subclass
 * ({@code aliased(Manager, flat=True)}), as in SQLAlchemy's test_deferred InheritanceTest.test_issue_10125: SQLAlchemy lists
 * the base's columns (its key first) before the subclass's, Retort listed the subclass's key first. The SQL is SQLAlchemy 2.1.1's.
 */
class OfTypeSubclassAliasColumnOrderTest {
    /** A company. */
    public static class Company {
        Integer companyId;
        String name;
        List<Person> employees;
    }

    /** The joined-table base. */
    public static class Person {
        Integer personId;
        Integer companyId;
        String name;
        String type;
    }

    /** A subclass with a table of its own. */
    public static class Manager extends Person {
        String status;
        String managerName;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table companies = new Table("companies" + orm.suffix, orm.metadata,
            Column.of("company_id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("name", Types.string(50)));
    private final Table people = new Table("people" + orm.suffix, orm.metadata,
            Column.of("person_id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("company_id", Types.INTEGER).foreignKey("companies" + orm.suffix + ".company_id"),
            Column.of("name", Types.string(50)), Column.of("type", Types.string(30)));
    private final Table managers = new Table("managers" + orm.suffix, orm.metadata,
            Column.of("person_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("people" + orm.suffix + ".person_id"),
            Column.of("status", Types.string(30)), Column.of("manager_name", Types.string(50)));

    OfTypeSubclassAliasColumnOrderTest() {
        orm.registry.mapImperatively(Company.class, companies, Map.of("employees", ORM.relationship(Person.class)));
        orm.registry.mapImperatively(Person.class, people, Map.of(), ORM.polymorphicOn(people.c("type")).identity("person"));
        orm.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Person.class).identity("manager"));
    }

    private static QueryableAttribute<?> employees(AliasedEntity<Manager> ea) {
        return ORM.attr(Company.class, "employees").ofType(ea);
    }

    private static Query<?> joined(boolean loadOnly) {
        AliasedEntity<Manager> ea = ORM.aliased(Manager.class);
        LoaderOption load = ORM.joinedLoad(employees(ea));
        return ORM.select(Company.class).options(loadOnly ? load.loadOnly(ea.attr("person_id")) : load).orderBy(ORM.attr(Company.class, "company_id"));
    }

    private static Query<?> contained() {
        AliasedEntity<Manager> ea = ORM.aliased(Manager.class);
        return ORM.select(Company.class).outerJoin(employees(ea)).options(ORM.containsEager(employees(ea)).loadOnly(ea.attr("person_id")))
                .orderBy(ORM.attr(Company.class, "company_id"));
    }

    private static final String FROM = " FROM companies LEFT OUTER JOIN (people AS people_1 JOIN managers AS managers_1 "
            + "ON people_1.person_id = managers_1.person_id) ON companies.company_id = people_1.company_id ORDER BY companies.company_id";

    @Test
    void baseColumnsFirst() {
        assertThat(orm.sqlOf(joined(true))).isEqualTo("SELECT companies.company_id, companies.name, people_1.person_id, people_1.type, "
                + "managers_1.person_id AS person_id_1" + FROM);
        assertThat(orm.sqlOf(contained())).isEqualTo("SELECT people_1.person_id, people_1.type, managers_1.person_id AS person_id_1, "
                + "companies.company_id, companies.name" + FROM);
        assertThat(orm.sqlOf(joined(false))).isEqualTo("SELECT companies.company_id, companies.name, people_1.person_id, "
                + "people_1.company_id AS company_id_1, people_1.name AS name_1, people_1.type, managers_1.person_id AS person_id_1, "
                + "managers_1.status, managers_1.manager_name" + FROM);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsTheManagers(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        Company c = new Company();
        c.companyId = 1;
        c.name = "acme";
        s.add(c);
        s.flush();
        Manager m = new Manager();
        m.personId = 5;
        m.companyId = 1;
        m.name = "pointy";
        m.status = "busy";
        s.add(m);
        s.commit();
        for (Query<?> q : List.of(joined(true), contained(), joined(false))) {
            Session t = orm.open();
            @SuppressWarnings("unchecked")
            List<Company> rows = (List<Company>) q.withSession(t).all();
            orm.take("");
            assertThat(rows).extracting(x -> x.companyId + " " + x.employees.stream().map(p -> p.personId + " " + p.getClass().getSimpleName()).toList())
                    .containsExactly("1 [5 Manager]");
            assertThat(orm.take("")).as("all loaded by the one statement").isEmpty();
            t.close();
        }
    }
}
