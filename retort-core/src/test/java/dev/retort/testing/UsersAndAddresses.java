package dev.retort.testing;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;

/**
 * The users and addresses tables most compiling tests start from, in a {@link MetaData} of their own (a new one each
 * time, so a test may add tables to it): {@code users(id, name)}, or {@code users(id, name, age)}, and
 * {@code addresses(id, email, user_id → users.id)}.
 *
 * <pre>{@code
 * final UsersAndAddresses schema = UsersAndAddresses.withAge();
 * final Table users = schema.users;
 * }</pre>
 */
public final class UsersAndAddresses {
    /** The tables' metadata. */
    public final MetaData metadata = new MetaData();
    /** {@code users(id INTEGER PRIMARY KEY, name VARCHAR(50)[, age INTEGER])}. */
    public final Table users;
    /** {@code addresses(id INTEGER PRIMARY KEY, email VARCHAR(50), user_id INTEGER REFERENCES users (id))}. */
    public final Table addresses;

    private UsersAndAddresses(boolean age) {
        Column<?> id = Column.of("id", Types.INTEGER).primaryKey();
        Column<?> name = Column.of("name", Types.string(50));
        users = age ? new Table("users", metadata, id, name, Column.of("age", Types.INTEGER)) : new Table("users", metadata, id, name);
        addresses = new Table("addresses", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("email", Types.string(50)),
                Column.of("user_id", Types.INTEGER).foreignKey("users.id"));
    }

    /** {@code users(id, name)} and its addresses. */
    public static UsersAndAddresses create() {
        return new UsersAndAddresses(false);
    }

    /** {@code users(id, name, age)} and its addresses. */
    public static UsersAndAddresses withAge() {
        return new UsersAndAddresses(true);
    }
}
