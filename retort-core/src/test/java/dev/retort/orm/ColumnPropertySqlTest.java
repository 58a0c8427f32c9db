package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * column_property expressions in ORM statements: the SQL SQLAlchemy 2.1 renders for the same mapping
 * ({@code ead}: the greatest e-mail address of the user, a subquery correlated to users), and the rows loaded.
 */
class ColumnPropertySqlTest {
    public record Person(Integer id, String name, String ead) {
    }

    public record Mail(Integer id, String email, Integer userId) {
    }

    /** {@link Person} with its computed property labelled {@code email_ad}. */
    public record LabelledPerson(Integer id, String name, String ead) {
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table users = new Table("users" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)));
    private final Table addresses = new Table("addresses" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("email", Types.string(50)),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + t.suffix + ".id"));
    private final Table tableA = new Table("a" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("type", Types.string(40)));
    private final Table tableX = new Table("x" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey());
    private final Table tableB = new Table("b" + t.suffix, t.metadata, Column.of("account_id", Types.INTEGER).primaryKey().foreignKey("a" + t.suffix + ".id"),
            Column.of("x_id", Types.INTEGER).foreignKey("x" + t.suffix + ".id"));

    /** The base of a joined-table hierarchy, with a computed property. */
    public static class Account {
        Integer id;
        String type;
        Integer anything;
    }

    /** A joined-table subclass of {@link Account}. */
    public static class Named extends Account {
        Integer xId;
    }

    /** Holds {@link Named}s. */
    public static class Holder {
        Integer id;
        List<Named> b;
    }

    ColumnPropertySqlTest() {
        t.registry.mapImperatively(Account.class, tableA, Map.of("anything", ORM.columnProperty(tableA.c("id").add(1000))),
                ORM.polymorphicOn(tableA.c("type")).identity("a"));
        t.registry.mapImperatively(Named.class, tableB, Map.of(), ORM.inherits(Account.class).identity("named"));
        t.registry.mapImperatively(Holder.class, tableX, Map.of("b", ORM.relationship(Named.class)));
        t.registry.mapImperatively(Person.class, users, Map.of("ead", ORM.columnProperty(
                select(func("max", addresses.c("email"))).where(addresses.c("user_id").eq(users.c("id"))).correlate(users).scalarSubquery())));
        t.registry.mapImperatively(Mail.class, addresses);
        t.registry.mapImperatively(LabelledPerson.class, users, Map.of("ead", ORM.columnProperty(
                select(func("max", addresses.c("email"))).where(addresses.c("user_id").eq(users.c("id"))).correlate(users).label("email_ad"))));
    }

    private String sql(ClauseElement e) {
        return e.compile().string().replace(t.suffix, "").replaceAll("\\s+", " ").trim();
    }

    private Engine filled() {
        return filled(dev.retort.testing.Databases.Database.SQLITE);
    }

    private Engine filled(dev.retort.testing.Databases.Database db) {
        Engine engine = t.start(db);
        try (Connection c = engine.begin()) {
            c.execute(insert(users), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
            c.execute(insert(addresses), List.of(Map.of("id", 1, "user_id", 7, "email", "jack@bean.com"),
                    Map.of("id", 2, "user_id", 8, "email", "ed@wood.com"), Map.of("id", 3, "user_id", 8, "email", "ed@lala.com")));
        }
        return engine;
    }

    @Test
    void throughAnAliasedClassTheSubqueryCorrelatesToTheAlias() {
        AliasedEntity<Person> ua = ORM.aliased(Person.class);
        assertThat(sql(ORM.select(ua).statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses "
                + "WHERE addresses.user_id = users_1.id) AS anon_1, users_1.id, users_1.name FROM users AS users_1");
        assertThat(sql(ORM.select(ua.attr("ead")).statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 "
                + "FROM addresses, users AS users_1 WHERE addresses.user_id = users_1.id) AS anon_1");
        Engine engine = filled();
        try (Session s = SessionFactory.of(engine).open()) {
            // a cartesian product with the alias would give every user the greatest address of all
            assertThat(s.query(ua).orderBy(ua.attr("id")).all()).extracting(Person::ead).containsExactly("jack@bean.com", "ed@wood.com");
        }
    }

    @Test
    void aJoinedSubclassLoadsItsInheritedColumnPropertyAndItsKeyColumn() {
        assertThat(sql(ORM.select(Named.class).statement()))
                .isEqualTo("SELECT a.id + :id_1 AS anon_1, a.id, a.type, b.account_id, b.x_id FROM a JOIN b ON a.id = b.account_id");
        assertThat(sql(ORM.select(Holder.class).options(ORM.joinedLoad(ORM.attr(Holder.class, "b"))).statement()))
                .isEqualTo("SELECT x.id, a_1.id + :id_1 AS anon_1, a_1.id AS id_2, a_1.type, b_1.account_id, b_1.x_id "
                        + "FROM x LEFT OUTER JOIN (a AS a_1 JOIN b AS b_1 ON a_1.id = b_1.account_id) ON x.id = b_1.x_id");
        Engine engine = t.start(dev.retort.testing.Databases.sqlite());
        try (Connection c = engine.begin()) {
            c.execute(insert(tableX), List.of(Map.of("id", 1)));
            c.execute(insert(tableA), List.of(Map.of("id", 5, "type", "named")));
            c.execute(insert(tableB), List.of(Map.of("account_id", 5, "x_id", 1)));
        }
        try (Session s = SessionFactory.of(engine).open()) {
            Holder h = s.query(Holder.class).options(ORM.joinedLoad(ORM.attr(Holder.class, "b"))).one();
            assertThat(h.b).singleElement().satisfies(n -> {
                assertThat(n.id).isEqualTo(5);
                assertThat(n.anything).isEqualTo(1005);
            });
        }
    }

    /** Selected on its own and named again in ORDER BY (another attribute object), the property is ordered by its label too. */
    @Test
    void orderingByAColumnPropertySelectedOnItsOwnNamesItsLabel() {
        AliasedEntity<Person> ua = ORM.aliased(Person.class);
        assertThat(sql(ORM.select(ua.attr("ead")).orderBy(ua.attr("ead")).statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 "
                + "FROM addresses, users AS users_1 WHERE addresses.user_id = users_1.id) AS anon_1 ORDER BY anon_1");
        Query<?> q = ORM.select(ORM.attr(Person.class, "ead")).orderBy(dev.retort.sql.SQL.desc(ORM.attr(Person.class, "ead")));
        assertThat(sql(q.statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses, users "
                + "WHERE addresses.user_id = users.id) AS anon_1 ORDER BY anon_1 DESC");
        Engine engine = filled();
        try (Session s = SessionFactory.of(engine).open()) {
            // the subquery over the cartesian product: one row, the greatest address of all
            List<?> rows = q.withSession(s).all();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).toString()).contains("jack@bean.com");
        }
    }

    @Test
    void orderingByAColumnPropertyNamesItsLabel() {
        // Core first: an anonymous label ordered by is written by the name it is selected under
        dev.retort.sql.Label<?> l = users.c("id").add(1).label(null);
        assertThat(sql(select(l).orderBy(dev.retort.sql.SQL.desc(l)))).isEqualTo("SELECT users.id + :id_1 AS anon_1 FROM users ORDER BY anon_1 DESC");
        AliasedEntity<Person> ua = ORM.aliased(Person.class);
        assertThat(sql(ORM.select(ua).orderBy(ua.attr("ead")).statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses "
                + "WHERE addresses.user_id = users_1.id) AS anon_1, users_1.id, users_1.name FROM users AS users_1 ORDER BY anon_1");
        assertThat(sql(ORM.select(Person.class).orderBy(dev.retort.sql.SQL.desc(ORM.attr(Person.class, "ead"))).statement()))
                .isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses WHERE addresses.user_id = users.id) AS anon_1, "
                        + "users.id, users.name FROM users ORDER BY anon_1 DESC");
        // a string ordering still resolves to a column beside the anonymous label (a null label name broke it)
        assertThat(sql(ORM.select(Person.class).orderBy(dev.retort.sql.SQL.labelReference("name")).statement()))
                .isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses WHERE addresses.user_id = users.id) AS anon_1, "
                        + "users.id, users.name FROM users ORDER BY users.name");
        Engine engine = filled();
        try (Session s = SessionFactory.of(engine).open()) {
            assertThat(s.query(Person.class).orderBy(dev.retort.sql.SQL.desc(ORM.attr(Person.class, "ead"))).all())
                    .extracting(Person::ead).containsExactly("jack@bean.com", "ed@wood.com");
        }
    }

    /**
     * A labelled column_property is selected (and ordered by) under its label, which a string ORDER BY names too;
     * on an aliased class the label is anonymous, as the name is the mapped table's.
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aLabelledColumnPropertyIsSelectedUnderItsLabel(dev.retort.testing.Databases.Database db) {
        QueryableAttribute<String> ead = ORM.attr(LabelledPerson.class, "ead");
        Query<LabelledPerson> byLabel = ORM.select(LabelledPerson.class).orderBy(dev.retort.sql.SQL.desc(ead));
        assertThat(sql(byLabel.statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses "
                + "WHERE addresses.user_id = users.id) AS email_ad, users.id, users.name FROM users ORDER BY email_ad DESC");
        Query<LabelledPerson> byString = ORM.select(LabelledPerson.class).orderBy(dev.retort.sql.SQL.labelReference("email_ad"));
        assertThat(sql(byString.statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses "
                + "WHERE addresses.user_id = users.id) AS email_ad, users.id, users.name FROM users ORDER BY email_ad");
        Query<LabelledPerson> filtered = ORM.select(LabelledPerson.class).filter(ead.eq("ed@wood.com"));
        assertThat(sql(filtered.statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses "
                + "WHERE addresses.user_id = users.id) AS email_ad, users.id, users.name FROM users WHERE (SELECT max(addresses.email) AS max_1 "
                + "FROM addresses WHERE addresses.user_id = users.id) = :param_1");
        AliasedEntity<LabelledPerson> ua = ORM.aliased(LabelledPerson.class);
        Query<?> aliased = ORM.select(ua).filter(ua.attr("ead").eq("ed@wood.com")).orderBy(ua.attr("ead"));
        assertThat(sql(aliased.statement())).isEqualTo("SELECT (SELECT max(addresses.email) AS max_1 FROM addresses "
                + "WHERE addresses.user_id = users_1.id) AS anon_1, users_1.id, users_1.name FROM users AS users_1 "
                + "WHERE (SELECT max(addresses.email) AS max_1 FROM addresses WHERE addresses.user_id = users_1.id) = :param_1 ORDER BY anon_1");
        Engine engine = filled(db);
        try (Session s = SessionFactory.of(engine).open()) {
            assertThat(byLabel.withSession(s).all()).extracting(LabelledPerson::ead).containsExactly("jack@bean.com", "ed@wood.com");
            assertThat(byString.withSession(s).all()).extracting(LabelledPerson::ead).containsExactly("ed@wood.com", "jack@bean.com");
            assertThat(filtered.withSession(s).all()).extracting(LabelledPerson::id).containsExactly(8);
            assertThat(s.query(ua).filter(ua.attr("ead").eq("ed@wood.com")).orderBy(ua.attr("ead")).all()).extracting(LabelledPerson::name)
                    .containsExactly("ed");
        }
    }
}
