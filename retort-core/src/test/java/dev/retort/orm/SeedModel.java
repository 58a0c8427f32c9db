package dev.retort.orm;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;

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

/**
 * The schema, classes and rows of the seeds' serializer tests: users 7 jack, 8 ed, 9 fred,
 * 10 chuck and five addresses, users mapped with {@code addresses} (backref {@code user},
 * ordered by id). Table names carry a random suffix, because other builds may use the same
 * database servers at the same time; {@link #sql} takes it out again for comparisons.
 */
final class SeedModel implements AutoCloseable {
    public static class User {
        Integer id;
        String name;
        List<Address> addresses;

        public User() {
        }

        User(String name) {
            this.name = name;
        }

        public Integer getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return "User(" + id + ", " + name + ")";
        }
    }

    public static class Address {
        Integer id;
        String email;
        Integer userId;
        User user;

        public Address() {
        }

        Address(String email) {
            this.email = email;
        }

        public String getEmail() {
            return email;
        }

        @Override
        public String toString() {
            return "Address(" + id + ", " + email + ")";
        }
    }

    final String suffix = "_" + UUID.randomUUID().toString().substring(0, 8);
    final MetaData metadata = new MetaData();
    final Table users = new Table("users" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)));
    final Table addresses = new Table("addresses" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("email", Types.string(50)),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + suffix + ".id"));
    final Registry registry = new Registry(metadata);

    SeedModel() {
        registry.mapImperatively(User.class, users, Map.of(
                "addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
        registry.mapImperatively(Address.class, addresses);
    }

    /** Creates the tables on {@code engine} and inserts the seeds' rows. */
    void createAndFill(Engine engine) {
        metadata.createAll(engine);
        try (Connection c = engine.begin()) {
            c.execute(insert(users), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed"),
                    Map.of("id", 9, "name", "fred"), Map.of("id", 10, "name", "chuck")));
            c.execute(insert(addresses), List.of(
                    Map.of("id", 1, "user_id", 7, "email", "jack@bean.com"),
                    Map.of("id", 2, "user_id", 8, "email", "ed@wood.com"),
                    Map.of("id", 3, "user_id", 8, "email", "ed@bettyboop.com"),
                    Map.of("id", 4, "user_id", 8, "email", "ed@lala.com"),
                    Map.of("id", 5, "user_id", 9, "email", "fred@fred.com")));
            if (engine.dialect().name().equals("postgresql")) {
                // Explicit ids leave a serial's sequence behind; generated ones must not collide with them.
                for (Table t : List.of(users, addresses)) {
                    c.execute(text("SELECT setval(pg_get_serial_sequence('" + t.name() + "', 'id'), 100)"));
                }
            }
        }
    }

    /** The SQL of {@code e} in the default dialect, with the tables' suffix taken out. */
    String sql(ClauseElement e) {
        return e.compile().string().replace(suffix, "").replaceAll("\\s+", " ").trim();
    }

    /** Unmaps the classes. */
    @Override
    public void close() {
        registry.dispose();
    }
}
