package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * column_property expressions in ORM statements: the SQL SQLAlchemy 2.1 renders for the same mapping
 * ({@code ead}: the greatest e-mail address of the user, a subquery correlated to users), and the rows loaded.
 */
class ColumnPropertySqlTest {
    public record Person(Integer id, String name, String ead) {
    }

    public record Mail(Integer id, String email, Integer userId) {
    }

    static final String SUFFIX = "_" + UUID.randomUUID().toString().substring(0, 8);
    static final MetaData METADATA = new MetaData();
    static final Table USERS = new Table("users" + SUFFIX, METADATA,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)));
    static final Table ADDRESSES = new Table("addresses" + SUFFIX, METADATA,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("email", Types.string(50)),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + SUFFIX + ".id"));
    static final Table A = new Table("a" + SUFFIX, METADATA, Column.of("id", Types.INTEGER).primaryKey(), Column.of("type", Types.string(40)));
    static final Table X = new Table("x" + SUFFIX, METADATA, Column.of("id", Types.INTEGER).primaryKey());
    static final Table B = new Table("b" + SUFFIX, METADATA, Column.of("account_id", Types.INTEGER).primaryKey().foreignKey("a" + SUFFIX + ".id"),
            Column.of("x_id", Types.INTEGER).foreignKey("x" + SUFFIX + ".id"));
    static final Registry REGISTRY = new Registry(METADATA);

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

    static {
        REGISTRY.mapImperatively(Account.class, A, Map.of("anything", ORM.columnProperty(A.c("id").add(1000))),
                ORM.polymorphicOn(A.c("type")).identity("a"));
        REGISTRY.mapImperatively(Named.class, B, Map.of(), ORM.inherits(Account.class).identity("named"));
        REGISTRY.mapImperatively(Holder.class, X, Map.of("b", ORM.relationship(Named.class)));
        REGISTRY.mapImperatively(Person.class, USERS, Map.of("ead", ORM.columnProperty(
                select(func("max", ADDRESSES.c("email"))).where(ADDRESSES.c("user_id").eq(USERS.c("id"))).correlate(USERS).scalarSubquery())));
        REGISTRY.mapImperatively(Mail.class, ADDRESSES);
    }

    @AfterAll
    static void unmap() {
        REGISTRY.dispose();
    }

    static String sql(ClauseElement e) {
        return e.compile().string().replace(SUFFIX, "").replaceAll("\\s+", " ").trim();
    }

    static Engine filled() {
        Engine engine = dev.retort.testing.Databases.sqlite();
        METADATA.createAll(engine);
        try (Connection c = engine.begin()) {
            c.execute(insert(USERS), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
            c.execute(insert(ADDRESSES), List.of(Map.of("id", 1, "user_id", 7, "email", "jack@bean.com"),
                    Map.of("id", 2, "user_id", 8, "email", "ed@wood.com"), Map.of("id", 3, "user_id", 8, "email", "ed@lala.com")));
        }
        return engine;
    }

    static void drop(Engine engine) {
        METADATA.dropAll(engine);
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
        } finally {
            drop(engine);
        }
    }

    @Test
    void aJoinedSubclassLoadsItsInheritedColumnPropertyAndItsKeyColumn() {
        assertThat(sql(ORM.select(Named.class).statement()))
                .isEqualTo("SELECT a.id + :id_1 AS anon_1, a.id, a.type, b.account_id, b.x_id FROM a JOIN b ON a.id = b.account_id");
        assertThat(sql(ORM.select(Holder.class).options(ORM.joinedLoad(ORM.attr(Holder.class, "b"))).statement()))
                .isEqualTo("SELECT x.id, a_1.id + :id_1 AS anon_1, a_1.id AS id_2, a_1.type, b_1.account_id, b_1.x_id "
                        + "FROM x LEFT OUTER JOIN (a AS a_1 JOIN b AS b_1 ON a_1.id = b_1.account_id) ON x.id = b_1.x_id");
        Engine engine = dev.retort.testing.Databases.sqlite();
        METADATA.createAll(engine);
        try (Connection c = engine.begin()) {
            c.execute(insert(X), List.of(Map.of("id", 1)));
            c.execute(insert(A), List.of(Map.of("id", 5, "type", "named")));
            c.execute(insert(B), List.of(Map.of("account_id", 5, "x_id", 1)));
        }
        try (Session s = SessionFactory.of(engine).open()) {
            Holder h = s.query(Holder.class).options(ORM.joinedLoad(ORM.attr(Holder.class, "b"))).one();
            assertThat(h.b).singleElement().satisfies(n -> {
                assertThat(n.id).isEqualTo(5);
                assertThat(n.anything).isEqualTo(1005);
            });
        } finally {
            drop(engine);
        }
    }

    @Test
    void orderingByAColumnPropertyNamesItsLabel() {
        // Core first: an anonymous label ordered by is written by the name it is selected under
        dev.retort.sql.Label<?> l = USERS.c("id").add(1).label(null);
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
        } finally {
            drop(engine);
        }
    }
}
