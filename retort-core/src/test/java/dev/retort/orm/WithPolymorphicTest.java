package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
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
 * {@link ORM#withPolymorphic} and {@link InheritanceSpec#withPolymorphic}: a joined-table hierarchy
 * {@code Person} (people) with {@code Engineer} (engineers), {@code Manager} (managers) and
 * {@code Boss} (bosses, under Manager). The statements are SQLAlchemy 2.1.1's for the same
 * mapping; the loads run on each database.
 */
class WithPolymorphicTest {
    /** The base; a company's employee in {@link OfTypeTest}. */
    public static class Person {
        Integer id;
        Integer companyId;
        String name;
        String type;

        Person() {
        }

        Person(String name) {
            this.name = name;
        }
    }

    /** Joined to people. */
    public static class Engineer extends Person {
        String language;

        Engineer() {
        }

        Engineer(String name, String language) {
            super(name);
            this.language = language;
        }
    }

    /** Joined to people. */
    public static class Manager extends Person {
        String title;

        Manager() {
        }

        Manager(String name, String title) {
            super(name);
            this.title = title;
        }
    }

    /** Joined to managers. */
    public static class Boss extends Manager {
        String golf;

        Boss() {
        }

        Boss(String name, String title, String golf) {
            super(name, title);
            this.golf = golf;
        }
    }

    public static class Pet {
        Integer id;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final PeopleTables tables = new PeopleTables(orm);
    private final Table people = tables.people;
    private final Table engineers = tables.engineers;
    private final Table managers = tables.managers;

    private void map(InheritanceSpec base) {
        tables.map(orm.registry, base);
    }

    private InheritanceSpec base() {
        return ORM.polymorphicOn(people.c("type")).identity("person");
    }

    /** SQLAlchemy's with_polymorphic(Person, [Engineer, Manager]) plain, flat=True and aliased=True; "*"; [Boss]. */
    @Test
    void statementsAsSqlalchemyRendersThem() {
        map(base());
        AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class));
        assertThat(orm.sqlOf(ORM.select(wp).where(wp.of(Engineer.class).attr("language").eq("java")))).isEqualTo(
                "SELECT people.id, people.name, people.type, engineers.id AS id_1, engineers.language, managers.id AS id_2, managers.title "
                + "FROM people LEFT OUTER JOIN engineers ON people.id = engineers.id LEFT OUTER JOIN managers ON people.id = managers.id "
                + "WHERE engineers.language = :language_1");
        AliasedEntity<Person> flat = ORM.withPolymorphic(Person.class, List.of(Manager.class, Engineer.class), ORM.Aliasing.FLAT);
        assertThat(orm.sqlOf(ORM.select(flat).where(flat.of(Engineer.class).attr("language").eq("java")))).isEqualTo(
                "SELECT people_1.id, people_1.name, people_1.type, engineers_1.id AS id_1, engineers_1.language, managers_1.id AS id_2, managers_1.title "
                + "FROM people AS people_1 LEFT OUTER JOIN engineers AS engineers_1 ON people_1.id = engineers_1.id "
                + "LEFT OUTER JOIN managers AS managers_1 ON people_1.id = managers_1.id WHERE engineers_1.language = :language_1");
        AliasedEntity<Person> sub = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class), ORM.Aliasing.ALIASED);
        assertThat(orm.sqlOf(ORM.select(sub).where(sub.of(Engineer.class).attr("language").eq("java")))).isEqualTo(
                "SELECT anon_1.people_id, anon_1.people_name, anon_1.people_type, anon_1.engineers_id, anon_1.engineers_language, "
                + "anon_1.managers_id, anon_1.managers_title FROM (SELECT people.id AS people_id, people.name AS people_name, "
                + "people.type AS people_type, engineers.id AS engineers_id, engineers.language AS engineers_language, "
                + "managers.id AS managers_id, managers.title AS managers_title FROM people LEFT OUTER JOIN engineers ON people.id = engineers.id "
                + "LEFT OUTER JOIN managers ON people.id = managers.id) AS anon_1 WHERE anon_1.engineers_language = :engineers_language_1");
        assertThat(orm.sqlOf(ORM.select(ORM.withPolymorphic(Person.class, null)))).isEqualTo(
                "SELECT people.id, people.name, people.type, engineers.id AS id_1, engineers.language, managers.id AS id_2, managers.title, "
                + "bosses.id AS id_3, bosses.golf FROM people LEFT OUTER JOIN engineers ON people.id = engineers.id "
                + "LEFT OUTER JOIN managers ON people.id = managers.id LEFT OUTER JOIN bosses ON managers.id = bosses.id");
        assertThat(orm.sqlOf(ORM.select(ORM.withPolymorphic(Person.class, List.of(Boss.class))))).as("Boss brings Manager's table").isEqualTo(
                "SELECT people.id, people.name, people.type, managers.id AS id_1, managers.title, bosses.id AS id_2, bosses.golf "
                + "FROM people LEFT OUTER JOIN managers ON people.id = managers.id LEFT OUTER JOIN bosses ON managers.id = bosses.id");
    }

    /** The mapper-level with_polymorphic=[Engineer]: a query of Person joins engineers only. */
    @Test
    void mapperLevelListJoinsOnlyTheNamedSubclasses() {
        map(base().withPolymorphic(List.of(Engineer.class)));
        assertThat(orm.sqlOf(ORM.select(Person.class))).isEqualTo(
                "SELECT people.id, people.name, people.type, engineers.id AS id_1, engineers.language "
                + "FROM people LEFT OUTER JOIN engineers ON people.id = engineers.id");
    }

    /** defer(Person.name) on a query of Manager (SQLAlchemy's test_defer_super_name_on_subclass): the base's column is left out. */
    @Test
    void deferOfABaseAttributeAppliesToASubclassQuery() {
        orm.registry.mapImperatively(Person.class, people, Map.of(), base());
        orm.registry.mapImperatively(Engineer.class, engineers, Map.of(), ORM.inherits(Person.class).identity("engineer"));
        orm.registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Person.class).identity("manager"));
        assertThat(orm.sqlOf(ORM.select(Manager.class).options(ORM.defer(ORM.attr(Person.class, "name"))).orderBy(ORM.attr(Person.class, "id"))))
                .isEqualTo("SELECT managers.id, people.id AS id_1, people.type, managers.title "
                        + "FROM people JOIN managers ON people.id = managers.id ORDER BY people.id");
    }

    /** load_only(wp.Manager.title) (SQLAlchemy's test_load_only_from_with_polymorphic_applied): applied to the with_polymorphic entity. */
    @Test
    void loadOnlyOfAWithPolymorphicView() {
        map(base());
        AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Manager.class), ORM.Aliasing.FLAT);
        assertThat(orm.sqlOf(ORM.select(wp).options(ORM.loadOnly(wp.of(Manager.class).attr("title"))))).isEqualTo(
                "SELECT people_1.id, people_1.type, managers_1.id AS id_1, managers_1.title "
                + "FROM people AS people_1 LEFT OUTER JOIN managers AS managers_1 ON people_1.id = managers_1.id");
    }

    @Test
    void refusesAClassOutsideTheHierarchy() {
        map(base());
        orm.registry.mapImperatively(Other.class, new Table("others" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey()));
        assertThatThrownBy(() -> ORM.withPolymorphic(Person.class, List.of(Other.class)))
                .isInstanceOf(ArgumentException.class).hasMessageContaining(Other.class.getName());
        assertThatThrownBy(() -> ORM.withPolymorphic(Other.class, null)).isInstanceOf(ArgumentException.class).hasMessageContaining("hierarchy");
    }

    /** Not in the hierarchy. */
    public static class Other {
        Integer id;
    }

    private void seed() {
        Session s = orm.open();
        s.add(new Person("pat"));
        s.add(new Engineer("wally", "java"));
        s.add(new Manager("mary", "cto"));
        s.add(new Boss("bob", "ceo", "scratch"));
        s.commit();
        s.close();
    }

    private static String describe(Person p) {
        String own = p instanceof Boss b ? b.title + "/" + b.golf : p instanceof Manager m ? m.title : p instanceof Engineer e ? e.language : "-";
        return p.getClass().getSimpleName() + ":" + p.name + ":" + own;
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsEachClassThroughWithPolymorphic(Databases.Database db) {
        map(base());
        orm.start(db);
        seed();
        Session s = orm.open();
        AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class), ORM.Aliasing.FLAT);
        orm.take("");
        List<Person> all = s.query(wp).orderBy(wp.attr("id")).all();
        assertThat(all).extracting(WithPolymorphicTest::describe)
                .containsExactly("Person:pat:-", "Engineer:wally:java", "Manager:mary:cto", "Boss:bob:ceo/scratch");
        assertThat(orm.take("SELECT")).as("the boss's own row is read by one more statement").hasSize(2);
        List<Person> javaPeople = s.query(wp).where(wp.of(Engineer.class).attr("language").eq("java")).all();
        assertThat(javaPeople).extracting(WithPolymorphicTest::describe).containsExactly("Engineer:wally:java");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsEachClassWithAMapperLevelList(Databases.Database db) {
        map(base().withPolymorphic(List.of(Engineer.class)));
        orm.start(db);
        seed();
        Session s = orm.open();
        orm.take("");
        List<Person> all = s.query(Person.class).orderBy(ORM.attr(Person.class, "id")).all();
        assertThat(all).extracting(WithPolymorphicTest::describe)
                .containsExactly("Person:pat:-", "Engineer:wally:java", "Manager:mary:cto", "Boss:bob:ceo/scratch");
        assertThat(orm.take("SELECT")).as("one query, then the manager's and the boss's own rows").hasSize(3);
    }

    /**
     * Query.fromStatement of the base (SQLAlchemy's from_statement): each row an instance of the class its
     * discriminator names; a subclass's columns the statement lacks load on access.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void fromStatementLoadsTheClassEachRowsDiscriminatorNames(Databases.Database db) {
        map(base());
        orm.start(db);
        seed();
        Session s = orm.open();
        String joined = "SELECT * FROM people" + orm.suffix + " p LEFT OUTER JOIN engineers" + orm.suffix + " e ON p.id = e.id"
                + " LEFT OUTER JOIN managers" + orm.suffix + " m ON p.id = m.id LEFT OUTER JOIN bosses" + orm.suffix + " b ON m.id = b.id ORDER BY p.id";
        assertThat(s.query(Person.class).fromStatement(dev.retort.sql.SQL.text(joined)).all()).extracting(WithPolymorphicTest::describe)
                .containsExactly("Person:pat:-", "Engineer:wally:java", "Manager:mary:cto", "Boss:bob:ceo/scratch");
        Session other = orm.open();
        List<Person> fromBase = other.query(Person.class).fromStatement(dev.retort.sql.SQL.select(people).orderBy(people.c("id"))).all();
        assertThat(fromBase).extracting(p -> p.getClass().getSimpleName() + ":" + p.name).containsExactly("Person:pat", "Engineer:wally", "Manager:mary", "Boss:bob");
        Boss bob = (Boss) fromBase.get(3);
        assertThat(bob.golf).as("not in the statement: loads on access").isNull();
        assertThat(other.loadAttribute(bob, "golf")).isEqualTo("scratch");
        assertThat(other.loadAttribute(bob, "title")).isEqualTo("ceo");
        List<Manager> managersOnly = other.query(Manager.class).fromStatement(dev.retort.sql.SQL.text("SELECT * FROM people" + orm.suffix
                + " p JOIN managers" + orm.suffix + " m ON p.id = m.id LEFT OUTER JOIN bosses" + orm.suffix + " b ON m.id = b.id ORDER BY p.id")).all();
        assertThat(managersOnly).extracting(p -> p.getClass().getSimpleName()).containsExactly("Manager", "Boss");
        assertThatThrownBy(() -> other.query(Person.class).fromStatement(dev.retort.sql.SQL.select(people.c("id"), people.c("name"))).all())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("no column 'type'");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void survivesTheSerializer(Databases.Database db) {
        map(base());
        orm.start(db);
        seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(orm.engine()));
        try {
            for (ORM.Aliasing aliasing : ORM.Aliasing.values()) {
                AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class), aliasing);
                Query<Person> q = scoped.query(wp).where(wp.of(Manager.class).attr("title").isNotNull()).orderBy(wp.attr("id"));
                for (Protocol protocol : Protocol.values()) {
                    Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, protocol), orm.metadata, scoped);
                    assertThat(back.statement().compile().string()).as(protocol + " " + aliasing).isEqualTo(q.statement().compile().string());
                    assertThat(back.all()).as(protocol + " " + aliasing).isEqualTo(q.all());
                }
                assertThat(q.all()).extracting(p -> describe((Person) p)).containsExactly("Manager:mary:cto", "Boss:bob:ceo/scratch");
            }
        } finally {
            scoped.remove();
        }
    }

    /**
     * A loaded with_polymorphic entity lists only what {@link ORM#withPolymorphic} makes of its
     * classes: an unrelated class, the base itself, one twice, another order, a subclass without the
     * class between, or a list without the flag loaded before and made SQL and rows no mapping asks for.
     */
    @Test
    void aLoadedWithPolymorphicListIsOneWithPolymorphicMakes() throws Exception {
        map(base());
        orm.registry.mapImperatively(Pet.class, new Table("pets" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey()));
        AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Boss.class));
        Query<?> q = ORM.select(wp).where(wp.of(Manager.class).attr("title").isNotNull());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var doc = json.readTree(QuerySerializer.dumps(q, Protocol.JSON));
        assertThat(((Query<?>) QuerySerializer.loads(json.writeValueAsBytes(doc), orm.metadata)).compare(q))
                .as("the entity and its view as Manager, which keeps the base's list").isTrue();
        var entity = (com.fasterxml.jackson.databind.node.ObjectNode) doc.get("root").get("attrs").get("entities").get(0).get("attrs");
        assertThat(entity.get("polymorphicMappers").toString()).isEqualTo("[{\"entityRef\":\"Engineer\"},{\"entityRef\":\"Manager\"},{\"entityRef\":\"Boss\"}]");
        for (List<String> wrong : List.of(List.of("Engineer", "Pet"), List.of("Person"), List.of("Engineer", "Engineer"), List.of("Manager", "Engineer"),
                List.of("Boss"))) {
            var list = entity.putArray("polymorphicMappers");
            wrong.forEach(n -> list.addObject().put("entityRef", n));
            byte[] bad = json.writeValueAsBytes(doc);
            assertThatThrownBy(() -> QuerySerializer.loads(bad, orm.metadata)).as(wrong.toString())
                    .isInstanceOf(dev.retort.exc.SerializationException.class).hasMessageContaining("with_polymorphic Person lists " + wrong);
        }
        var plain = json.readTree(QuerySerializer.dumps(ORM.select(ORM.withPolymorphic(Person.class, List.of(Engineer.class))), Protocol.JSON));
        ((com.fasterxml.jackson.databind.node.ObjectNode) plain.get("root").get("attrs").get("entities").get(0).get("attrs"))
                .putObject("alias").put("tableRef", people.key());
        byte[] cartesian = json.writeValueAsBytes(plain);
        assertThatThrownBy(() -> QuerySerializer.loads(cartesian, orm.metadata)).as("FROM people, engineers: every row with every row")
                .isInstanceOf(dev.retort.exc.SerializationException.class).hasMessageContaining("has no table '" + engineers.key() + "' of Engineer");
        assertThatThrownBy(() -> ORM.withPolymorphic(Person.class, List.of(Engineer.class), people)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("has no table '" + engineers.key() + "' of Engineer");
        assertThat(orm.sqlOf(ORM.select(ORM.withPolymorphic(Person.class, List.of(Engineer.class), people.outerJoin(engineers,
                people.c("id").eq(engineers.c("id"))))))).endsWith("FROM people LEFT OUTER JOIN engineers ON people.id = engineers.id");
        entity.putNull("withPolymorphic");
        entity.putArray("polymorphicMappers").addObject().put("entityRef", "Engineer");
        byte[] noFlag = json.writeValueAsBytes(doc);
        assertThatThrownBy(() -> QuerySerializer.loads(noFlag, orm.metadata)).isInstanceOf(dev.retort.exc.SerializationException.class)
                .hasMessageContaining("not with_polymorphic lists no mappers");
    }
}
