package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/** The README's hybrid attribute example, run as written; the SQL is SQLAlchemy 2.1.1's for the same mapping with hybrid_property / hybrid_method. */
class ReadmeHybridExampleTest {
    /** A person whose full name is a hybrid attribute. */
    public static class Person {
        Integer id;
        String first;
        String last;
    }

    @EachDatabase
    void hybridsInQueriesAndInJava(Databases.Database db) {
        try (OrmTestDatabase orm = new OrmTestDatabase()) {
            Table people = new Table("people" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("first", Types.string(20)), Column.of("last", Types.string(20)));
            Registry registry = orm.registry;
            Hybrid<Person, String> fullName = ORM.hybrid(p -> p.first + " " + p.last, a -> a.<String>attr("first").concat(" ").concat(a.attr("last")));
            registry.mapImperatively(Person.class, people, Map.of("full_name", fullName, "named", ORM.hybridMethod(
                    (Person p, Object[] args) -> p.first.startsWith((String) args[0]), (a, args) -> a.attr("first").startsWith(args[0]))));
            orm.start(db);
            try (Session w = orm.open()) {
                for (String[] n : new String[][] {{"1", "ed", "jones"}, {"2", "jo", "smith"}}) {
                    Person p = new Person();
                    p.id = Integer.valueOf(n[0]);
                    p.first = n[1];
                    p.last = n[2];
                    w.add(p);
                }
                w.commit();
            }
            try (Session session = orm.open()) {
                AliasedEntity<Person> pa = ORM.aliased(Person.class);
                assertThat(orm.sqlOf(session.query(pa).filter(pa.attr("full_name").eq("ed jones"))))
                        .endsWith(" FROM people AS people_1 WHERE (people_1.first || :first_1 || people_1.last) = :param_1");
                List<Person> eds = session.query(pa).filter(pa.attr("full_name").eq("ed jones")).all();
                assertThat(orm.sqlOf(ORM.select(ORM.attr(Person.class, "full_name")).where(ORM.call(Person.class, "named", "e")))).isEqualTo(
                        "SELECT people.first || :first_1 || people.last AS full_name FROM people WHERE (people.first LIKE :first_2 || '%')");
                List<Row> names = ORM.select(ORM.attr(Person.class, "full_name")).where(ORM.call(Person.class, "named", "e")).withSession(session).all();
                assertThat(eds).extracting(p -> p.id).containsExactly(1);
                assertThat(names).extracting(r -> r.get(0)).containsExactly("ed jones");
                assertThat(fullName.get(eds.get(0))).isEqualTo("ed jones");
            }
        }
    }
}
