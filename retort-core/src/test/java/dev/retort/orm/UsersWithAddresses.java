package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * The model of tools/expect/orm_misc.py, whose SQLAlchemy 2.1.1 run gives the expected SQL: users 5 "jack" (addresses
 * 1 "j1", 2 "j2") and 6 "ed" (address 3 "e1"), {@code User.addresses} ordered by id.
 */
final class UsersWithAddresses {
    /** A user with addresses. */
    public static class User {
        Integer id;
        String name;
        List<Address> addresses;
    }

    /** An address of a user. */
    public static class Address {
        Integer id;
        Integer userId;
        String email;
    }

    private UsersWithAddresses() {
    }

    /** The tables in a new test database on {@code db}, mapped and filled, with no statement recorded yet. */
    static OrmTestDatabase open(Databases.Database db) {
        return open(db, null);
    }

    /** {@link #open(Databases.Database)} with {@code User.addresses} under {@code cascade} (null: the default). */
    static OrmTestDatabase open(Databases.Database db, String cascade) {
        OrmTestDatabase t = new OrmTestDatabase();
        String x = t.suffix;
        Table users = new Table("users" + x, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(30)));
        Table addresses = new Table("addresses" + x, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + x + ".id"), Column.of("email", Types.string(50)));
        Relationship<Address> rel = ORM.relationship(Address.class).orderBy(addresses.c("id"));
        t.registry.mapImperatively(User.class, users, Map.of("addresses", cascade == null ? rel : rel.cascade(cascade)));
        t.registry.mapImperatively(Address.class, addresses);
        t.start(db);
        try (var c = t.engine().begin()) {
            c.execute(SQL.insert(users), List.of(Map.of("id", 5, "name", "jack"), Map.of("id", 6, "name", "ed")));
            c.execute(SQL.insert(addresses), List.of(Map.of("id", 1, "user_id", 5, "email", "j1"), Map.of("id", 2, "user_id", 5, "email", "j2"),
                    Map.of("id", 3, "user_id", 6, "email", "e1")));
        }
        t.take("");
        return t;
    }
}
