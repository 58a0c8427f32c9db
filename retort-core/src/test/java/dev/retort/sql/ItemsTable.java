package dev.retort.sql;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.types.Types;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The table {@code items (id, name)} of the tests that compare their SQL with SQLAlchemy's for a
 * table of that name: named {@code items_} and a random suffix, so that tests creating it on a
 * shared server never collide, and written back as {@code items} in the SQL they compare.
 */
final class ItemsTable {
    final MetaData md = new MetaData();
    final Table t = new Table("items_" + UUID.randomUUID().toString().substring(0, 8), md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)));

    /** {@code sql} with white space collapsed and the table's name written as {@code items}. */
    String sql(String sql) {
        return sql.replaceAll("\\s+", " ").trim().replace(t.name(), "items");
    }

    /** Creates the table on {@code db}, runs {@code test} on a connection, and drops the table again. */
    void on(Database db, Consumer<Connection> test) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            test.accept(conn);
        } finally {
            md.dropAll(db.engine());
        }
    }
}
