package dev.retort.redis;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * One engine on a pool whose connections choose their tenant at each checkout (a tenant-routing DataSource: a
 * search_path on PostgreSQL, a database by USE on MariaDB): with {@code identity(RedisResultCache::databaseIdentity)} every fetch, in a seeded order of tenants,
 * reads and writes through the cache, equals the tenant's own rows read without it. The default identity is read
 * from the engine's first connection only, so there the second tenant reads the first one's rows (the control).
 * The engine runs REPEATABLE READ: the identity's query must not leave a transaction (and its snapshot) behind on a
 * connection that has none, or a read after a cache hit misses a commit made meanwhile.
 */
class RedisPerConnectionIdentityTest {
    /** Hands out the pool's connections with the search_path of the current tenant. */
    private static final class TenantRouting implements DataSource {
        private final HikariDataSource pool;
        /** The statement that chooses a tenant: {@code SET search_path TO %s} or {@code USE %s}. */
        private final String choose;
        volatile String tenant;

        TenantRouting(HikariDataSource pool, String choose) {
            this.pool = pool;
            this.choose = choose;
        }

        @Override
        public java.sql.Connection getConnection() throws SQLException {
            java.sql.Connection c = pool.getConnection();
            try (Statement st = c.createStatement()) {
                st.execute(String.format(choose, tenant));
            }
            return c;
        }

        @Override
        public java.sql.Connection getConnection(String user, String password) throws SQLException {
            throw new SQLException("not supported");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /** A database and how its tenants are made and chosen. */
    private record Server(String url, String user, String create, String drop, String choose) {
    }

    private static final Server POSTGRESQL = new Server("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "CREATE SCHEMA %s",
            "DROP SCHEMA IF EXISTS %s CASCADE", "SET search_path TO %s");
    private static final Server MARIADB = new Server("jdbc:mariadb://127.0.0.1:3306/test", "root", "CREATE DATABASE %s",
            "DROP DATABASE IF EXISTS %s", "USE %s");

    @Test
    void eachCheckoutsSearchPathReadsItsOwnRowsThroughOneCache() {
        RedisAvailable.requirePostgresql();
        assertThat(run(POSTGRESQL, true)).as("mismatches with the per-connection identity").isZero();
    }

    @Test
    void eachCheckoutsDatabaseReadsItsOwnRowsThroughOneCache() {
        RedisAvailable.requireMariadb();
        assertThat(run(MARIADB, true)).as("mismatches with the per-connection identity").isZero();
    }

    @Test
    void theDefaultIdentityOfOneEngineIsItsFirstConnectionsTenant() {
        RedisAvailable.requirePostgresql();
        assertThat(run(POSTGRESQL, false)).as("the control: tenants of one engine share results under the default identity").isPositive();
    }

    /** Fetches through the cache in a seeded order of tenants, with writes between; the number that differ from a direct read. */
    private static int run(Server server, boolean perConnection) {
        RedisAvailable.require();
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> tenants = List.of("pci_a_" + suffix, "pci_b_" + suffix, "pci_c_" + suffix);
        Engine admin = Engine.create(server.url(), EngineOptions.builder().user(server.user()).build());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setMaximumPoolSize(2);
        int mismatches = 0;
        try {
            admin.inTransaction(c -> {
                for (String schema : tenants) {
                    c.execute(text(String.format(server.create(), schema)));
                    c.execute(text("CREATE TABLE " + schema + ".items (id INTEGER PRIMARY KEY, name VARCHAR(40))"));
                    for (int id = 1; id <= 3; id++) {
                        c.execute(text("INSERT INTO " + schema + ".items VALUES (" + id + ", '" + schema + " " + id + "')"));
                    }
                }
            });
            Table items = new Table("items", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)));
            RedisResultCache.Builder builder = RedisResultCache.builder().uri(RedisAvailable.URI)
                    .namespace("retort-test-" + UUID.randomUUID()).ttl(Duration.ofMinutes(1));
            try (HikariDataSource pool = new HikariDataSource(config);
                    RedisResultCache cache = (perConnection ? builder.identity(RedisResultCache::databaseIdentity) : builder).build()) {
                TenantRouting routing = new TenantRouting(pool, server.choose());
                routing.tenant = tenants.get(0);
                Engine engine = Engine.create(routing, EngineOptions.builder().isolationLevel("REPEATABLE READ").build());
                for (int step = 0; step < 60; step++) {
                    routing.tenant = tenants.get(r.nextInt(tenants.size()));
                    int id = 1 + r.nextInt(3);
                    var stmt = select(items.c("name")).where(items.c("id").le(id)).orderBy(items.c("id"));
                    try (Connection conn = engine.connect()) {
                        if (r.nextInt(4) == 0) {
                            cache.execute(conn, update(items).where(items.c("id").eq(id)).values(Map.of("name", routing.tenant + " step " + step)));
                            conn.commit();
                        }
                        List<List<Object>> cached = cache.fetch(conn, stmt).stream().map(row -> row.toList()).toList();
                        if (r.nextBoolean()) {
                            // another connection of the same tenant writes and commits after the (possibly cached) read
                            try (Connection other = engine.connect()) {
                                cache.execute(other, update(items).where(items.c("id").eq(1)).values(Map.of("name", routing.tenant + " other " + step)));
                                other.commit();
                            }
                        }
                        List<List<Object>> direct = conn.execute(stmt).all().stream().map(row -> row.toList()).toList();
                        conn.commit();
                        List<List<Object>> again = cache.fetch(conn, stmt).stream().map(row -> row.toList()).toList();
                        if (!again.equals(direct) || !cached.get(0).get(0).toString().startsWith(routing.tenant)) {
                            mismatches++;
                            if (perConnection) {
                                System.out.printf("%s step %d (seed %d) tenant %s: cached %s, again %s, direct %s%n", server.url(), step, seed, routing.tenant, cached, again, direct);
                            }
                        }
                    }
                }
            }
        } finally {
            admin.inTransaction(c -> tenants.forEach(schema -> c.execute(text(String.format(server.drop(), schema)))));
            admin.dispose();
        }
        return mismatches;
    }
}
