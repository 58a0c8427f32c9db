package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * The natural-key users the PassiveUpdates*Test classes share (SQLAlchemy's test_naturalpks.py NaturalPKTest fixtures):
 * users keyed by username, the rows referring to them by it with ON UPDATE CASCADE, and the user "jack" to rename.
 */
final class NaturalKeyUsers {
    static final String SELECT_USER = "SELECT users.username, users.fullname FROM users WHERE users.username = ?";
    static final String UPDATE_USER = "UPDATE users SET username=? WHERE users.username = ?";
    static final String UPDATE_ADDRESSES = "UPDATE addresses SET username=? WHERE addresses.email = ?";

    /** Rows to insert into a table once the database is started. */
    record Rows(Table table, List<Map<String, String>> rows) {
    }

    private NaturalKeyUsers() {
    }

    /** users(username primary key, fullname). */
    static Table users(OrmTestDatabase t) {
        return new Table("users" + t.suffix, t.metadata, Column.of("username", Types.string(50)).primaryKey(),
                Column.of("fullname", Types.string(100)));
    }

    /** addresses(email primary key, username referring to users ON UPDATE CASCADE). */
    static Table addresses(OrmTestDatabase t) {
        return new Table("addresses" + t.suffix, t.metadata, Column.of("email", Types.string(50)).primaryKey(),
                Column.of("username", Types.string(50)).foreignKey("users" + t.suffix + ".username", null, "CASCADE"));
    }

    /** jack's two addresses, jack1 and jack2. */
    static Rows jacksAddresses(Table addresses) {
        return new Rows(addresses, List.of(Map.of("email", "jack1", "username", "jack"), Map.of("email", "jack2", "username", "jack")));
    }

    /** Starts {@code t} on {@code db} with the user jack and then {@code more}, and drops the SQL that took. */
    static void startWithJack(OrmTestDatabase t, Databases.Database db, Table users, Rows... more) {
        t.start(db);
        try (var c = t.engine().begin()) {
            c.execute(SQL.insert(users), List.of(Map.of("username", "jack", "fullname", "jack")));
            for (Rows r : more) {
                c.execute(SQL.insert(r.table()), r.rows());
            }
        }
        t.take("");
    }

    /** A session sending each UPDATE as SQLAlchemy does (not a batch as one UPDATE ... FROM VALUES). */
    static Session open(OrmTestDatabase t) {
        return t.open(SessionFactory.of(t.engine()).updateFromValues(false));
    }
}
