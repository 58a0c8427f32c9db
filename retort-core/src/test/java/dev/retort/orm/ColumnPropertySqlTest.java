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
    static final Registry REGISTRY = new Registry(METADATA);

    static {
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
}
