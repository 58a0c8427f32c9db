package dev.retort.redis;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Engines on an application's DataSources reach their databases with settings Retort does not
 * see in {@link Engine#url()} (which leaves out the query string): here each DataSource's
 * {@code currentSchema} or the search_path its connections set, or the files a SQLite DataSource attaches. Before, both engines' default identity was the URL without its query
 * and no user, so the second read the first one's rows from the cache.
 */
class RedisCacheDataSourceIdentityTest {
    @Test
    void enginesOnDataSourcesThatReachOtherSchemasGetTheirOwnRows() {
        eachSchemasPoolReadsItsOwnRows("ds", RedisCacheDataSourceIdentityTest::dataSource);
    }

    /**
     * SQLite DataSources of one main file that attach other files under one schema name (a
     * tenant's database each): one URL, one SQL, other rows. The identity was the URL alone, so
     * the second engine read the first one's rows (found by RedisTenantPropertyTest).
     */
    @Test
    void sqliteEnginesThatAttachOtherFilesUnderOneNameGetTheirOwnRows() throws Exception {
        RedisAvailable.require();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("retort-attach");
        Table items = new Table("items", "tenant", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        java.util.List<Engine> engines = new java.util.ArrayList<>();
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI)
                .namespace("retort-test-" + UUID.randomUUID()).ttl(Duration.ofMinutes(1)).build()) {
            for (String tenant : new String[] {"a", "b"}) {
                java.nio.file.Path file = dir.resolve(tenant + ".db");
                org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource() {
                    @Override
                    public org.sqlite.SQLiteConnection getConnection(String user, String password) throws java.sql.SQLException {
                        org.sqlite.SQLiteConnection c = super.getConnection(user, password);
                        try (java.sql.Statement st = c.createStatement()) {
                            st.execute("ATTACH DATABASE '" + file + "' AS tenant");
                        }
                        return c;
                    }
                };
                ds.setUrl("jdbc:sqlite:" + dir.resolve("main.db"));
                Engine e = Engine.create(ds);
                engines.add(e);
                e.inTransaction(c -> {
                    c.execute(new dev.retort.schema.CreateTable(items));
                    c.execute(dev.retort.sql.SQL.insert(items).values(java.util.Map.of("id", 1, "name", tenant)));
                });
            }
            for (int i = 0; i < engines.size(); i++) {
                try (Connection c = engines.get(i).connect()) {
                    assertThat(cache.fetch(c, select(items.c("name"))).get(0).get(0)).as("engine %d", i).isEqualTo(i == 0 ? "a" : "b");
                }
            }
        } finally {
            engines.forEach(Engine::dispose);
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path p : files.toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
            java.nio.file.Files.delete(dir);
        }
    }

    /**
     * Two schemas holding one table of other rows, each reached by a pool {@code pool} makes for it: each engine's
     * fetch through one cache namespace reads its own schema's row.
     */
    private static void eachSchemasPoolReadsItsOwnRows(String prefix, java.util.function.Function<String, HikariDataSource> pool) {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String a = prefix + "_a_" + suffix;
        String b = prefix + "_b_" + suffix;
        Engine admin = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", dev.retort.engine.EngineOptions.builder().user("postgres").build());
        try {
            admin.inTransaction(c -> {
                for (String schema : new String[] {a, b}) {
                    c.execute(text("CREATE SCHEMA " + schema));
                    c.execute(text("CREATE TABLE " + schema + ".items (id INTEGER PRIMARY KEY, name VARCHAR(20))"));
                    c.execute(text("INSERT INTO " + schema + ".items VALUES (1, '" + schema + "')"));
                }
            });
            Table items = new Table("items", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
            try (HikariDataSource dsA = pool.apply(a); HikariDataSource dsB = pool.apply(b);
                    RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI)
                            .namespace("retort-test-" + UUID.randomUUID()).ttl(Duration.ofMinutes(1)).build()) {
                Engine ea = Engine.create(dsA);
                Engine eb = Engine.create(dsB);
                try (Connection ca = ea.connect(); Connection cb = eb.connect()) {
                    assertThat(cache.fetch(ca, select(items.c("name"))).get(0).get(0)).isEqualTo(a);
                    assertThat(cb.execute(select(items.c("name"))).scalar()).isEqualTo(b);
                    assertThat(cache.fetch(cb, select(items.c("name"))).get(0).get(0)).isEqualTo(b);
                }
            }
        } finally {
            admin.inTransaction(c -> {
                c.execute(text("DROP SCHEMA IF EXISTS " + a + " CASCADE"));
                c.execute(text("DROP SCHEMA IF EXISTS " + b + " CASCADE"));
            });
            admin.dispose();
        }
    }

    private static HikariDataSource dataSource(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    /**
     * DataSources of one URL whose connections set their own search_path ({@code connectionInitSql}): one URL, one
     * user, one SQL, other rows. The identity was the URL and user, so the second read the first one's rows (found by
     * RedisTenantPropertyTest).
     */
    @Test
    void enginesOnDataSourcesThatSetTheirSearchPathGetTheirOwnRows() {
        eachSchemasPoolReadsItsOwnRows("sp", RedisCacheDataSourceIdentityTest::searchPath);
    }

    private static HikariDataSource searchPath(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
        config.setConnectionInitSql("SET search_path TO " + schema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
