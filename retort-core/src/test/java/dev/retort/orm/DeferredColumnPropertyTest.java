package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deferred computed attribute ({@link ORM#columnProperty(dev.retort.sql.ColumnElement, boolean)}, the seeds'
 * {@code column_property(func.upper(users.c.name), deferred=True)}): left out of the SELECT, loaded on access or
 * with {@link ORM#undefer}. Expected SQL is SQLAlchemy 2.1.1's for the same mapping.
 */
class DeferredColumnPropertyTest {
    public static class Person {
        Integer id;
        String name;
        String nameUpper;
    }

    /** users (id, name) with nameUpper a deferred {@code upper(users.name)}; also {@link WildcardColumnOptionsTest}'s model. */
    static OrmTestDatabase model() {
        OrmTestDatabase t = new OrmTestDatabase();
        Table users = new Table("users" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)));
        t.registry.mapImperatively(Person.class, users, Map.of("nameUpper", ORM.columnProperty(func("upper", users.c("name")), true)));
        return t;
    }

    /** Two users: 1 ed, 2 jack. */
    static void fill(OrmTestDatabase t) {
        try (Session s = t.open()) {
            for (Object[] r : new Object[][] {{1, "ed"}, {2, "jack"}}) {
                Person p = new Person();
                p.id = (Integer) r[0];
                p.name = (String) r[1];
                s.add(p);
            }
            s.commit();
        }
        t.take("");
    }

    private static QueryableAttribute<?> person(String key) {
        return ORM.attr(Person.class, key);
    }

    @Test
    void selectsWhatSqlalchemySelects() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(Person.class))).isEqualTo("SELECT users.id, users.name FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.undefer(person("nameUpper")))))
                    .isEqualTo("SELECT upper(users.name) AS upper_1, users.id, users.name FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).options(ORM.loadOnly(person("nameUpper")))))
                    .isEqualTo("SELECT upper(users.name) AS upper_1, users.id FROM users");
            assertThat(t.sqlOf(ORM.select(Person.class).filter(ORM.attr(Person.class, "nameUpper").eq("ED"))))
                    .isEqualTo("SELECT users.id, users.name FROM users WHERE upper(users.name) = :param_1");
        }
    }

    @EachDatabase
    void loadsOnAccessOrWithUndefer(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            try (Session s = t.open()) {
                Person p = s.query(Person.class).orderBy(person("id")).all().get(0);
                assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users ORDER BY users.id");
                assertThat(p.nameUpper).isNull();
                assertThat(s.loadAttribute(p, "nameUpper")).isEqualTo("ED");
                assertThat(t.take("")).containsExactly("SELECT upper(users.name) AS upper_1 FROM users WHERE users.id = ?");
                assertThat(p.nameUpper).isEqualTo("ED");
                assertThat(s.loadAttribute(p, "nameUpper")).isEqualTo("ED");
                assertThat(t.take("")).as("loaded once").isEmpty();
                s.flush();
                assertThat(t.take("UPDATE")).as("a computed attribute is never written").isEmpty();
            }
            try (Session s = t.open()) {
                List<Person> all = s.query(Person.class).options(ORM.undefer(person("nameUpper"))).orderBy(person("id")).all();
                assertThat(t.take("")).containsExactly("SELECT upper(users.name) AS upper_1, users.id, users.name FROM users ORDER BY users.id");
                assertThat(all).extracting(x -> x.nameUpper).containsExactly("ED", "JACK");
            }
        }
    }
}
