package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.Map;
import java.util.function.BiFunction;

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

    /**
     * Adds the users, each made by {@code user} from an {@code {id, name}} row, and flushes them; then adds their
     * addresses, {@code {id, user id}} rows, and commits.
     */
    <U> void seed(Session s, BiFunction<Integer, String, U> user, Object[][] users, int[][] addresses) {
        for (Object[] u : users) {
            s.add(user.apply((Integer) u[0], (String) u[1]));
        }
        s.flush();
        for (int[] a : addresses) {
            Address x = new Address();
            x.id = a[0];
            x.userId = a[1];
            s.add(x);
        }
        s.commit();
    }
}
