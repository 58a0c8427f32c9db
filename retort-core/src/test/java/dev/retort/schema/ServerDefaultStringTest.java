package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A string given to {@code serverDefault} is a SQL string literal whatever the column's type, as
 * SQLAlchemy's {@code server_default="0"}: the database converts it. Before, the string was
 * converted to the column's Java type first, so {@code serverDefault("0")} on an INTEGER column
 * failed to compile and {@code serverDefault("{}")} on JSON became the JSON string {@code "{}"}.
 */
class ServerDefaultStringTest {
    private static Table table(MetaData md) {
        return new Table("t", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("n", Types.INTEGER).serverDefault("0"),
                Column.of("d", Types.DATE).serverDefault("2020-01-01"),
                Column.of("j", Types.JSON).serverDefault("{}"),
                Column.of("b", Types.BOOLEAN).serverDefault("1"),
                Column.of("s", Types.string(10)).serverDefault("it's"));
    }

    @Test
    void rendersAsSqlalchemyDoes() {
        Table t = table(new MetaData());
        // SQLAlchemy 2.1.1, CreateTable of the same table (whitespace normalised).
        Map<Dialect, String> expected = Map.of(
                Dialects.sqlite(), "CREATE TABLE t ( id INTEGER NOT NULL, n INTEGER DEFAULT '0', d DATE DEFAULT '2020-01-01', j JSON DEFAULT '{}',"
                        + " b BOOLEAN DEFAULT '1', s VARCHAR(10) DEFAULT 'it''s', PRIMARY KEY (id) )",
                Dialects.postgresql(), "CREATE TABLE t ( id SERIAL NOT NULL, n INTEGER DEFAULT '0', d DATE DEFAULT '2020-01-01', j JSON DEFAULT '{}',"
                        + " b BOOLEAN DEFAULT '1', s VARCHAR(10) DEFAULT 'it''s', PRIMARY KEY (id) )");
        expected.forEach((dialect, sql) -> assertThat(
                new CreateTable(t).compile(dialect).string().replaceAll("\\s+", " ").replace("( ", "( ").trim())
                .as(dialect.name()).isEqualTo(sql));
    }

    @Test
    void theDatabaseAppliesTheDefault() {
        MetaData md = new MetaData();
        Table t = table(md);
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            md.createAll(engine);
            try (Connection conn = engine.begin()) {
                conn.execute(dev.retort.sql.SQL.insert(t).values(Map.of("id", 1)));
                List<Object> row = conn.execute(dev.retort.sql.SQL.select(t.c("n"), t.c("j"), t.c("s"))).one().toList();
                assertThat(row).containsExactly(0, Map.of(), "it's");
            }
        } finally {
            engine.dispose();
        }
    }
}
