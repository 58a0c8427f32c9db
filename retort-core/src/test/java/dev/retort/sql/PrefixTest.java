package dev.retort.sql;

import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * prefixWith / suffixWith per dialect. Expected SQL is SQLAlchemy 2.1.1's for the same
 * {@code prefix_with(..., dialect=...)} / {@code suffix_with} calls, compiled with its PostgreSQL,
 * MySQL and SQLite dialects (qmark), whitespace collapsed, with the table's name substituted.
 */
class PrefixTest {
    private final ItemsTable items = new ItemsTable();
    private final Table t = items.t;

    private String sql(ClauseElement stmt, Dialect d) {
        return items.sql(stmt.compile(d).string());
    }

    @Test
    void dmlPrefixesAreWrittenOnTheirDialectOnly() {
        Insert ins = insert(t).prefixWithDialect("mysql", "IGNORE").prefixWithDialect("sqlite", "OR IGNORE");
        assertThat(sql(ins, Dialects.postgresql())).isEqualTo("INSERT INTO items (id, name) VALUES (?, ?)");
        assertThat(sql(ins, Dialects.mysql())).isEqualTo("INSERT IGNORE INTO items (id, name) VALUES (?, ?)");
        assertThat(sql(ins, Dialects.mariadb())).isEqualTo("INSERT IGNORE INTO items (id, name) VALUES (?, ?)");
        assertThat(sql(ins, Dialects.sqlite())).isEqualTo("INSERT OR IGNORE INTO items (id, name) VALUES (?, ?)");
        Update upd = update(t).prefixWithDialect("mysql", "LOW_PRIORITY").values(Map.of("name", "x"));
        assertThat(sql(upd, Dialects.postgresql())).isEqualTo("UPDATE items SET name=?");
        assertThat(sql(upd, Dialects.mysql())).isEqualTo("UPDATE LOW_PRIORITY items SET name=?");
        Delete del = delete(t).prefixWithDialect("mysql", "QUICK").where(t.c("id").eq(1));
        assertThat(sql(del, Dialects.sqlite())).isEqualTo("DELETE FROM items WHERE items.id = ?");
        assertThat(sql(del, Dialects.mysql())).isEqualTo("DELETE QUICK FROM items WHERE items.id = ?");
        // a prefix for MariaDB alone is not written on MySQL
        assertThat(sql(delete(t).prefixWithDialect("mariadb", "QUICK"), Dialects.mysql())).isEqualTo("DELETE FROM items");
        assertThat(ins.prefixes()).extracting(Prefix::dialect).containsExactly("mysql", "sqlite");
    }

    @Test
    void selectAndCtePrefixesAndSuffixes() {
        Select sel = select(t.c("id")).prefixWith("/* p */").prefixWithDialect("mysql", "SQL_NO_CACHE").distinct().suffixWith("/* end */");
        assertThat(sql(sel, Dialects.postgresql())).isEqualTo("SELECT /* p */ DISTINCT items.id FROM items /* end */");
        assertThat(sql(sel, Dialects.mysql())).isEqualTo("SELECT /* p */ SQL_NO_CACHE DISTINCT items.id FROM items /* end */");
        CTE c = select(t.c("id")).cte("c").prefixWithDialect("postgresql", "NOT MATERIALIZED").suffixWith("/* s */");
        Select outer = select(t.c("id")).where(t.c("id").in(select(c.c("id"))));
        assertThat(sql(outer, Dialects.postgresql()))
                .isEqualTo("WITH c AS NOT MATERIALIZED (SELECT items.id AS id FROM items) /* s */ SELECT items.id FROM items WHERE items.id IN (SELECT c.id FROM c)");
        assertThat(sql(outer, Dialects.sqlite()))
                .isEqualTo("WITH c AS (SELECT items.id AS id FROM items) /* s */ SELECT items.id FROM items WHERE items.id IN (SELECT c.id FROM c)");
    }

    @Test
    void prefixesTakePartInComparisonAndCacheKeys() {
        Select plain = select(t.c("id"));
        Select a = plain.prefixWithDialect("mysql", "HIGH_PRIORITY");
        assertThat(a.compare(plain)).isFalse();
        assertThat(a.compare(plain.prefixWithDialect("mysql", "HIGH_PRIORITY"))).isTrue();
        assertThat(a.compare(plain.prefixWithDialect("postgresql", "HIGH_PRIORITY"))).isFalse();
        assertThat(a.cacheKey()).isNotEqualTo(plain.cacheKey());
        assertThat(a.cacheKey()).isNotEqualTo(plain.prefixWith("HIGH_PRIORITY").cacheKey());
        assertThat(a.cacheKey()).isEqualTo(plain.prefixWithDialect("mysql", "HIGH_PRIORITY").cacheKey());
        assertThat(a.getChildren()).hasSize(2);
        assertThatThrownBy(() -> plain.prefixWith(42)).isInstanceOf(ArgumentException.class).hasMessageContaining("java.lang.Integer");
    }

    @Test
    void prefixesAndSuffixesSurviveSerialization() {
        // format 1.11: prefixes (also per dialect) and suffixes travel, in both protocols
        Select q = select(t.c("id")).prefixWith("X").prefixWithDialect("mysql", "HIGH_PRIORITY").suffixWith("/* done */");
        for (dev.retort.ext.serializer.Protocol p : dev.retort.ext.serializer.Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(q, p), items.md);
            assertThat(back.compare(q)).as(p.name()).isTrue();
            assertThat(back.compile(dev.retort.dialect.Dialects.mysql()).string()).isEqualTo(q.compile(dev.retort.dialect.Dialects.mysql()).string());
        }
    }

    @EachDatabase
    void prefixesRunOnEveryDatabase(Database db) {
        items.on(db, conn -> {
            conn.execute(insert(t).values(Map.of("id", 1, "name", "a")));
            if (db != Database.POSTGRESQL) {
                // a duplicate key is skipped by INSERT IGNORE (MariaDB) / INSERT OR IGNORE (SQLite)
                conn.execute(insert(t).prefixWithDialect("mysql", "IGNORE").prefixWithDialect("sqlite", "OR IGNORE").values(Map.of("id", 1, "name", "b")));
            }
            conn.execute(update(t).prefixWithDialect("mysql", "LOW_PRIORITY").values(Map.of("name", "c")).where(t.c("id").eq(1)));
            CTE c = select(t.c("id"), t.c("name")).cte("c").prefixWithDialect("postgresql", "MATERIALIZED");
            Select q = select(c.c("name")).prefixWithDialect("mysql", "SQL_NO_CACHE").suffixWith("/* done */");
            assertThat(conn.execute(q).scalars()).isEqualTo(List.of("c"));
            assertThat(conn.execute(delete(t).prefixWithDialect("mysql", "QUICK").where(t.c("id").eq(1))).rowCount()).isEqualTo(1);
            conn.commit();
        });
    }
}
