package dev.retort.orm;

import static dev.retort.sql.SQL.insert;

import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.Arrays;
import java.util.Map;

/**
 * Users and their addresses in a test's {@link OrmTestDatabase} (named with its suffix), with {@link Address} mapped
 * to its table; each test maps its own user class, with the computed attributes it is about.
 */
final class UserAddressTables {
    /** An address of a user. */
    public static class Address {
        Integer id;
        Integer userId;
    }

    final Table users;
    final Table addresses;

    UserAddressTables(OrmTestDatabase orm) {
        users = new Table("users" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.TEXT));
        addresses = new Table("addresses" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + orm.suffix + ".id"));
        orm.registry.mapImperatively(Address.class, addresses, Map.of());
    }

    /** Inserts the users, {@code {id, name}} rows, and their addresses, {@code {id, user id}} rows, through {@code engine}. */
    void seed(Engine engine, Object[][] users, int[][] addresses) {
        engine.inTransaction(c -> {
            c.execute(insert(this.users), Arrays.stream(users).map(u -> Map.of("id", u[0], "name", u[1])).toList());
            c.execute(insert(this.addresses), Arrays.stream(addresses).map(a -> Map.<String, Object>of("id", a[0], "user_id", a[1])).toList());
        });
    }
}
