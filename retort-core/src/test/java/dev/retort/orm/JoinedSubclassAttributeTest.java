package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attributes of a joined-table subclass in statements: its key attribute is its own table's
 * key column ({@code Engineer.id} is {@code engineers.id}, {@code Boss.id} {@code bosses.id}), and
 * a statement selecting its attributes alone reads the class's tables joined, so only its rows.
 * Hierarchy of {@link WithPolymorphicTest}: Person (people), Engineer, Manager, Boss (under Manager).
 * The statements are SQLAlchemy 2.1.1's for the same mapping.
 */
class JoinedSubclassAttributeTest {
    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table people;

    JoinedSubclassAttributeTest() {
        PeopleTables tables = new PeopleTables(orm);
        people = tables.people;
        tables.map(orm.registry, ORM.polymorphicOn(people.c("type")).identity("person"));
    }

    private static <V> QueryableAttribute<V> engineer(String key) {
        return ORM.attr(WithPolymorphicTest.Engineer.class, key);
    }

    private String sql(dev.retort.sql.ClauseElement statement) {
        return statement.compile().string().replace(orm.suffix, "").replaceAll("\\s+", " ").trim();
    }

    @Test
    void statementsAsSqlalchemyRendersThem() {
        assertThat(sql(SQL.select(engineer("id")))).isEqualTo("SELECT engineers.id FROM people JOIN engineers ON people.id = engineers.id");
        assertThat(sql(SQL.select(SQL.func("count", engineer("id")))))
                .isEqualTo("SELECT count(engineers.id) AS count_1 FROM people JOIN engineers ON people.id = engineers.id");
        assertThat(sql(SQL.select(ORM.attr(WithPolymorphicTest.Person.class, "name")).where(ORM.attr(WithPolymorphicTest.Person.class, "id").in(SQL.select(engineer("id"))))))
                .isEqualTo("SELECT people.name FROM people WHERE people.id IN (SELECT engineers.id FROM people JOIN engineers ON people.id = engineers.id)");
        assertThat(sql(SQL.select(ORM.attr(WithPolymorphicTest.Boss.class, "golf"), ORM.attr(WithPolymorphicTest.Boss.class, "id"))))
                .isEqualTo("SELECT bosses.golf, bosses.id FROM people JOIN managers ON people.id = managers.id JOIN bosses ON managers.id = bosses.id");
        assertThat(sql(ORM.select(WithPolymorphicTest.Engineer.class).where(engineer("id").eq(5)).statement()))
                .isEqualTo("SELECT engineers.id, people.id AS id_1, people.name, people.type, engineers.language "
                        + "FROM people JOIN engineers ON people.id = engineers.id WHERE engineers.id = :id_2");
        assertThat(sql(ORM.select(engineer("id"), engineer("name")).where(engineer("name").eq("x")).orderBy(engineer("id")).statement()))
                .isEqualTo("SELECT engineers.id, people.name FROM people JOIN engineers ON people.id = engineers.id WHERE people.name = :name_1 ORDER BY engineers.id");
        AliasedEntity<WithPolymorphicTest.Engineer> flat = ORM.aliased(WithPolymorphicTest.Engineer.class);
        assertThat(sql(ORM.select(flat).where(flat.attr("id").eq(1)).statement()))
                .isEqualTo("SELECT engineers_1.id, people_1.id AS id_1, people_1.name, people_1.type, engineers_1.language "
                        + "FROM people AS people_1 JOIN engineers AS engineers_1 ON people_1.id = engineers_1.id WHERE engineers_1.id = :id_2");
    }

    /** A criterion on a subclass's column in a query of the base stays on the base's outer join (SQLAlchemy's with_polymorphic="*"). */
    @Test
    void aSubclassCriterionInAQueryOfTheBaseAddsNoFromClause() {
        assertThat(sql(ORM.select(WithPolymorphicTest.Person.class).where(engineer("language").eq("x")).statement()))
                .isEqualTo("SELECT people.id, people.name, people.type, engineers.id AS id_1, engineers.language, managers.id AS id_2, managers.title, "
                        + "bosses.id AS id_3, bosses.golf FROM people LEFT OUTER JOIN engineers ON people.id = engineers.id "
                        + "LEFT OUTER JOIN managers ON people.id = managers.id LEFT OUTER JOIN bosses ON managers.id = bosses.id WHERE engineers.language = :language_1");
    }

    /** pat (person), wally (engineer), mary (manager), bob (boss); their ids. */
    private int[] seed() {
        Session s = orm.open();
        List<WithPolymorphicTest.Person> all = List.of(new WithPolymorphicTest.Person("pat"), new WithPolymorphicTest.Engineer("wally", "java"),
                new WithPolymorphicTest.Manager("mary", "cto"), new WithPolymorphicTest.Boss("bob", "ceo", "scratch"));
        all.forEach(s::add);
        s.commit();
        return all.stream().mapToInt(p -> p.id).toArray();
    }

    private static List<Integer> ints(List<Row> rows) {
        return rows.stream().map(r -> ((Number) r.get(0)).intValue()).toList();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void anAttributeSelectedAloneReadsItsClassRowsOnly(Databases.Database db) {
        orm.start(db);
        int[] ids = seed();
        Session s = orm.open();
        assertThat(ints(s.execute(SQL.select(engineer("id"))).all())).containsExactly(ids[1]);
        assertThat(ints(s.execute(SQL.select(ORM.attr(WithPolymorphicTest.Manager.class, "id")).orderBy(ORM.attr(WithPolymorphicTest.Manager.class, "id"))).all()))
                .containsExactly(ids[2], ids[3]);
        List<Row> boss = s.execute(SQL.select(ORM.attr(WithPolymorphicTest.Boss.class, "golf"), ORM.attr(WithPolymorphicTest.Boss.class, "id"))).all();
        assertThat(boss).hasSize(1);
        assertThat(boss.get(0).get(0)).isEqualTo("scratch");
        assertThat(ints(s.execute(SQL.select(SQL.func("count", engineer("id")))).all())).containsExactly(1);
        assertThat(s.query(engineer("name")).all()).extracting(r -> r.get(0)).containsExactly("wally");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theKeyAttributeLoadsTheRightInstancesAndFlushesStillWriteEveryTable(Databases.Database db) {
        orm.start(db);
        int[] ids = seed();
        List<String> tables = orm.take("INSERT").stream().map(i -> i.split(" ")[2]).distinct().toList();
        assertThat(tables).as("each table once, a superclass's before its subclass's").containsExactly("people", "engineers", "managers", "bosses");
        Session s = orm.open();
        WithPolymorphicTest.Person bob = s.query(WithPolymorphicTest.Boss.class).where(ORM.attr(WithPolymorphicTest.Boss.class, "id").eq(ids[3])).one();
        assertThat(bob).isInstanceOf(WithPolymorphicTest.Boss.class);
        assertThat(bob.name).isEqualTo("bob");
        List<WithPolymorphicTest.Manager> managersById = s.query(WithPolymorphicTest.Manager.class).orderBy(ORM.attr(WithPolymorphicTest.Manager.class, "id").desc()).all();
        assertThat(managersById).extracting(p -> p.getClass().getSimpleName() + ":" + p.name).containsExactly("Boss:bob", "Manager:mary");
        assertThat(s.query(WithPolymorphicTest.Engineer.class).where(engineer("id").in(List.of(ids[0], ids[1], ids[2]))).all())
                .extracting(p -> p.name).containsExactly("wally");
        ((WithPolymorphicTest.Boss) bob).golf = "links";
        bob.name = "robert";
        orm.take("");
        s.commit();
        assertThat(orm.take("UPDATE")).containsExactly(
                "UPDATE people SET name=? WHERE people.id = ?", "UPDATE bosses SET golf=? WHERE bosses.id = ?");
        s.delete(bob);
        s.commit();
        assertThat(orm.take("DELETE")).extracting(d -> d.split(" ")[2]).containsExactly("bosses", "managers", "people");
        try (var c = orm.engine().connect()) {
            assertThat(c.execute(SQL.select(people.c("name")).orderBy(people.c("id"))).all()).extracting(r -> r.get(0)).containsExactly("pat", "wally", "mary");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aQueryOfTheKeyAttributeSurvivesTheSerializer(Databases.Database db) {
        orm.start(db);
        int[] ids = seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(orm.engine()));
        try {
            Query<?> q = scoped.query(engineer("id"), engineer("name")).where(engineer("id").gt(0)).orderBy(engineer("id"));
            for (Protocol protocol : Protocol.values()) {
                Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, protocol), orm.metadata, scoped);
                assertThat(back.statement().compile().string()).as(protocol.toString()).isEqualTo(q.statement().compile().string());
                assertThat(back.all()).as(protocol.toString()).isEqualTo(q.all());
            }
            assertThat(q.all()).hasSize(1);
            assertThat(q.all().get(0).toString()).contains(String.valueOf(ids[1]), "wally");
        } finally {
            scoped.remove();
        }
    }
}
