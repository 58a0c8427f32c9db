package dev.retort.sql;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two renderings the ported SQLAlchemy suite found (its upsert cases): MySQL writes a chain of
 * concatenations as one {@code concat(a, b, c)}, and SQLite's RETURNING names columns without
 * their table. Expected SQL is SQLAlchemy 2.1.1's for the same statements
 * ({@code MySQLDialect(paramstyle="qmark")}, {@code SQLiteDialect(paramstyle="qmark")}).
 */
class ConcatChainAndSqliteReturningTest {
    private final Table t = new Table("t", new MetaData(),
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)),
            Column.of("hits", Types.INTEGER));

    private static String sql(ClauseElement stmt, dev.retort.dialect.Dialect d) {
        return stmt.compile(d).string().replace("\n", " ").replaceAll(" +", " ");
    }

    @Test
    void mysqlConcatenationChainIsOneConcatOnEitherSide() {
        // before: concat(concat(t.name, ?), t.name)
        assertThat(sql(select(t.c("name").concat("x").concat(t.c("name"))), Dialects.mysql()))
                .isEqualTo("SELECT concat(t.name, ?, t.name) AS anon_1 FROM t");
        assertThat(sql(select(t.c("name").concat(t.c("name").concat("x"))), Dialects.mysql()))
                .isEqualTo("SELECT concat(t.name, t.name, ?) AS anon_1 FROM t");
    }

    @Test
    void sqliteReturningNamesColumnsWithoutTheirTable() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("name", "a");
        row.put("hits", 1);
        Insert ins = insert(t).values(row).returning(t.c("id"), t.c("hits").add(1));
        Update upd = update(t).values(Map.of("hits", 2)).where(t.c("id").eq(1)).returning(t.c("name"));
        assertThat(sql(ins, Dialects.sqlite())).isEqualTo("INSERT INTO t (id, name, hits) VALUES (?, ?, ?) RETURNING id, hits + ? AS anon_1");
        assertThat(sql(upd, Dialects.sqlite())).isEqualTo("UPDATE t SET hits=? WHERE t.id = ? RETURNING name");
        // PostgreSQL keeps the table name, as SQLAlchemy does.
        assertThat(sql(upd, Dialects.postgresql())).endsWith("RETURNING t.name");

        Engine engine = Engine.create("jdbc:sqlite::memory:");
        t.metadata().createAll(engine);
        try (Connection conn = engine.connect()) {
            Row inserted = conn.execute(ins).one();
            assertThat(inserted.get("id")).isEqualTo(1);
            assertThat(inserted.get(1, Integer.class)).isEqualTo(2);
            assertThat(conn.execute(upd).one().get("name")).isEqualTo("a");
        } finally {
            engine.dispose();
        }
    }
}
