package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Hybrid attributes and methods ({@link ORM#hybrid}, {@link ORM#hybridMethod}): the SQL is SQLAlchemy 2.1.1's for the
 * same mapping with {@code hybrid_property} / {@code hybrid_method} (people; users with a joined subclass managers).
 */
class HybridAttributeTest {
    /** A person whose full name is a hybrid attribute. */
    public static class Person {
        Integer id;
        String first;
        String last;
    }

    /** The base of a joined-table hierarchy with a hybrid attribute. */
    public static class User {
        Integer id;
        String first;
        String last;
        String type;
    }

    /** A joined-table subclass: it has its superclass's hybrids. */
    public static class Manager extends User {
        Integer budget;
    }

    static final Hybrid<Person, String> FULL_NAME = ORM.hybrid(p -> p.first + " " + p.last,
            a -> a.<String>attr("first").concat(" ").concat(a.attr("last")));
    static final HybridMethod<Person, Boolean> NAMED = ORM.hybridMethod((Person p, Object[] args) -> p.first.startsWith((String) args[0]),
            (a, args) -> a.attr("first").startsWith(args[0]));

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table people = new Table("people" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("first", Types.string(20)), Column.of("last", Types.string(20)));
    private final Table users = new Table("users" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("first", Types.string(20)), Column.of("last", Types.string(20)), Column.of("type", Types.string(20)));
    private final Table managers = new Table("managers" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().foreignKey("users" + t.suffix + ".id"), Column.of("budget", Types.INTEGER));

    HybridAttributeTest() {
        t.registry.mapImperatively(Person.class, people, Map.of("full_name", FULL_NAME, "first_name", ORM.hybrid(a -> a.<String>attr("first")),
                "named", NAMED));
        t.registry.mapImperatively(User.class, users, Map.of("full_name", ORM.hybrid(a -> a.<String>attr("first").concat(" ").concat(a.attr("last")))),
                ORM.polymorphicOn(users.c("type")).identity("user"));
        t.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(User.class).identity("manager"));
    }

    @Test
    void selectedOnItsOwnTheExpressionIsLabelledWithTheKeyAColumnKeepsItsName() {
        assertThat(t.sqlOf(ORM.select(ORM.attr(Person.class, "full_name"))))
                .isEqualTo("SELECT people.first || :first_1 || people.last AS full_name FROM people");
        assertThat(t.sqlOf(ORM.select(ORM.attr(Person.class, "id"), ORM.attr(Person.class, "first_name")))).isEqualTo("SELECT people.id, people.first FROM people");
    }

    @Test
    void inWhereAndOrderByItIsItsExpression() {
        assertThat(t.sqlOf(ORM.select(Person.class).where(ORM.attr(Person.class, "full_name").eq("ed jones")).orderBy(ORM.attr(Person.class, "full_name"))))
                .isEqualTo("SELECT people.id, people.first, people.last FROM people WHERE (people.first || :first_1 || people.last) = :param_1 "
                        + "ORDER BY people.first || :first_2 || people.last");
    }

    @Test
    void onAnAliasItNamesTheAliasColumns() {
        AliasedEntity<Person> ua = ORM.aliased(Person.class);
        assertThat(t.sqlOf(ORM.select(ua).where(ua.attr("full_name").eq("ed jones")))).isEqualTo(
                "SELECT people_1.id, people_1.first, people_1.last FROM people AS people_1 WHERE (people_1.first || :first_1 || people_1.last) = :param_1");
        assertThat(t.sqlOf(ORM.select(ua.attr("full_name")))).isEqualTo("SELECT people_1.first || :first_1 || people_1.last AS full_name FROM people AS people_1");
    }

    @Test
    void aSubclassHasItsSuperclassHybridOnItsJoin() {
        AliasedEntity<Person> ua = ORM.aliased(Person.class);
        assertThat(t.sqlOf(ORM.select(Manager.class).join(ua, ua.attr("id").lt(ORM.attr(Manager.class, "id")))
                .where(ORM.attr(Manager.class, "full_name").eq(ua.attr("full_name"))))).isEqualTo(
                "SELECT managers.id, users.id AS id_1, users.first, users.last, users.type, managers.budget FROM users JOIN managers ON users.id = managers.id "
                        + "JOIN people AS people_1 ON people_1.id < managers.id WHERE (users.first || :first_1 || users.last) = (people_1.first || :first_2 || people_1.last)");
    }

    @Test
    void aHybridMethodGivesItsExpressionForTheArguments() {
        AliasedEntity<Person> ua = ORM.aliased(Person.class);
        assertThat(t.sqlOf(ORM.select(Person.class).where(ORM.call(Person.class, "named", "e"))))
                .isEqualTo("SELECT people.id, people.first, people.last FROM people WHERE (people.first LIKE :first_1 || '%')");
        assertThat(t.sqlOf(ORM.select(ua.attr("id")).where(ua.call("named", "e")))).isEqualTo("SELECT people_1.id FROM people AS people_1 WHERE (people_1.first LIKE :first_1 || '%')");
        assertThatThrownBy(() -> ORM.call(Person.class, "nope")).isInstanceOf(ArgumentException.class).hasMessageContaining("no hybrid method 'nope'");
    }

    @Test
    void inJavaTheInstanceFunctionsCompute() {
        Person u = new Person();
        u.first = "ed";
        u.last = "jones";
        assertThat(FULL_NAME.get(u)).isEqualTo("ed jones");
        assertThat(NAMED.call(u, "e")).isTrue();
    }

    @Test
    void queriesHoldingHybridsLoadAndTravel() {
        Engine engine = t.start(Databases.Database.SQLITE);
        try (Session s = t.open()) {
            Person ed = new Person();
            ed.id = 1;
            ed.first = "ed";
            ed.last = "jones";
            Person jo = new Person();
            jo.id = 2;
            jo.first = "jo";
            jo.last = "smith";
            s.add(ed);
            s.add(jo);
            s.commit();
        }
        assertThat(engine).isNotNull();
        try (Session s = t.open()) {
            AliasedEntity<Person> ua = ORM.aliased(Person.class);
            List<Query<?>> queries = List.of(s.query(Person.class).filter(ORM.attr(Person.class, "full_name").eq("ed jones")),
                    s.query(ua).filter(ua.attr("full_name").like("jo%")).orderBy(ua.attr("full_name")),
                    s.query(ORM.attr(Person.class, "full_name")).orderBy(ORM.attr(Person.class, "full_name")),
                    s.query(Person.class).filter(ORM.call(Person.class, "named", "j")));
            assertThat(queries.get(0).all()).extracting(x -> ((Person) x).id).containsExactly(1);
            assertThat(queries.get(2).all()).extracting(r -> ((dev.retort.engine.Row) r).get(0)).containsExactly("ed jones", "jo smith");
            t.assertRoundTrips(queries, s);
        }
    }
}
