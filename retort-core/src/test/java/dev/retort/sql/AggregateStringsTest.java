package dev.retort.sql;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SQLAlchemy's generic {@code aggregate_strings(expr, separator)}: each database's string
 * aggregate, the separator inline. Expected SQL is what SQLAlchemy 2.1.1 writes for
 * {@code func.aggregate_strings(names.c.name, "; ")} with and without
 * {@code .aggregate_order_by(names.c.id.desc())} (PGDialect, MySQLDialect, SQLiteDialect;
 * render_postcompile). It was written {@code aggregate_strings(name, ?)}, a function no database has.
 */
class AggregateStringsTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table names = new Table("names", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING));

    @Test
    void eachDatabasesSpelling() {
        var agg = func("aggregate_strings", names.c("name"), "; ");
        var ordered = agg.aggregateOrderBy(names.c("id").desc());
        assertSql(select(agg), Dialects.postgresql(), "SELECT string_agg(names.name, '; ') AS aggregate_strings_1 FROM names");
        assertSql(select(ordered), Dialects.postgresql(), "SELECT string_agg(names.name, '; ' ORDER BY names.id DESC) AS aggregate_strings_1 FROM names");
        assertSql(select(agg), Dialects.mysql(), "SELECT group_concat(names.name SEPARATOR '; ') AS aggregate_strings_1 FROM names");
        assertSql(select(ordered), Dialects.mariadb(), "SELECT group_concat(names.name ORDER BY names.id DESC SEPARATOR '; ') AS aggregate_strings_1 FROM names");
        assertSql(select(agg), Dialects.sqlite(), "SELECT group_concat(names.name, '; ') AS aggregate_strings_1 FROM names");
        assertSql(select(ordered), Dialects.sqlite(), "SELECT group_concat(names.name, '; ' ORDER BY names.id DESC) AS aggregate_strings_1 FROM names");
    }

    private static void assertSql(Select s, Dialect d, String expected) {
        Compiled c = s.compile(d);
        assertThat(c.string().replaceAll("\\s+", " ")).isEqualTo(expected);
        assertThat(c.params()).isEmpty();
    }

    @EachDatabase
    void joinsTheValues(Database db) {
        var engine = db.engine();
        MetaData own = new MetaData();
        Table t = new Table("names_" + suffix, own, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        own.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "name", "ann"), Map.of("id", 2, "name", "bo'b")));
            conn.commit();
            String joined = (String) conn.execute(select(func("aggregate_strings", t.c("name"), "; "))).scalar();
            assertThat(List.of(joined.split("; "))).containsExactlyInAnyOrder("ann", "bo'b");
            if (db != Database.SQLITE) {
                // SQLite writes ORDER BY inside an aggregate from 3.44 on
                assertThat(conn.execute(select(func("aggregate_strings", t.c("name"), "'; ").aggregateOrderBy(t.c("id").desc()))).scalar())
                        .isEqualTo("bo'b'; ann");
            }
        } finally {
            own.dropAll(engine);
        }
    }
}
