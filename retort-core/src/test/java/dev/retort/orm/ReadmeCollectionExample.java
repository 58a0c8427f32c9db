package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Map;

/**
 * The mapping the README's dynamic and write-only collection examples share (users and their addresses, backref "user"),
 * so that {@link ReadmeDynamicExampleTest} and {@link ReadmeWriteOnlyExampleTest} differ only in the collection they run.
 */
final class ReadmeCollectionExample {
    private ReadmeCollectionExample() {
    }

    /** Maps {@code user} to users (its "addresses" relationship to {@code address}) and {@code address} to addresses; a SQLite session. */
    static Session mapUsersAndAddresses(OrmTestDatabase t, Class<?> user, Class<?> address) {
        Table users = new Table("users" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)));
        Table addresses = new Table("addresses" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("email", Types.string(50)), Column.of("user_id", Types.INTEGER).foreignKey("users" + t.suffix + ".id"));
        Registry registry = t.registry;
        registry.mapImperatively(user, users, Map.of("addresses", ORM.relationship(address).backref("user")));
        registry.mapImperatively(address, addresses);
        t.start(Databases.sqlite());
        return t.open();
    }
}
