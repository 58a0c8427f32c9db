package dev.retort.redis;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.or;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SelectBase;
import dev.retort.sql.StatementGenerator;
import dev.retort.testing.Draws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Tenants that run one statement against other rows, sharing one result cache (one Redis
 * namespace): a result cached for one tenant is never served to another. The statements are
 * retort-core's generated ones ({@link StatementGenerator}) that read its schema tables
 * ({@code users} and {@code orders}, unqualified and in schemas {@code tenant_a} and
 * {@code tenant_b}) and run on the database. Per database, two tenants under schema translate
 * maps on one engine (SQLite: attached database files; MariaDB: databases; PostgreSQL: schemas),
 * and engines that reach other rows through one SQL (SQLite: DataSources of one main file that
 * attach other files under the same schema names; MariaDB: URLs of other default databases, and
 * DataSources of one URL whose connections choose theirs with USE; PostgreSQL: a DataSource of
 * another {@code currentSchema}, and DataSources of one URL whose connections set their
 * search_path). Every
 * fetch through the cache, in shuffled order of statements and tenants over several rounds with
 * writes between them, equals what the tenant's connection returns without the cache (as a multiset
 * of rows: the generated ORDER BYs may leave ties). The seed is {@code -Dretort.property.seed}.
 */
class RedisTenantPropertyTest {
    private static final int STATEMENTS = 120;
    private static final int ROUNDS = 3;
    /** A statement that writes is no read to compare (a data-modifying CTE of the generator's). */
    private static final Pattern WRITES = Pattern.compile("(?i)\\b(INSERT|UPDATE|DELETE)\\b");

    /** A tenant: its engine, and what a connection of it is chosen by ({@code enter}, run before each connects). */
    private record Tenant(String label, Engine engine, Runnable enter) {
        Tenant(String label, Engine engine) {
            this(label, engine, () -> { });
        }

        Connection connect() {
            enter.run();
            return engine.connect();
        }
    }

    private static Map<String, String> translations(String main, String a, String b) {
        Map<String, String> m = new HashMap<>();
        if (main != null) {
            m.put(null, main);
        }
        if (a != null) {
            m.put("tenant_a", a);
            m.put("tenant_b", b);
        }
        return m;
    }

    /** Connections to one SQLite file, each with {@code attach} (file by schema name) attached. */
    private static DataSource attaching(Path main, Map<String, Path> attach) {
        SQLiteDataSource ds = new SQLiteDataSource() {
            @Override
            public SQLiteConnection getConnection(String user, String password) throws SQLException {
                SQLiteConnection c = super.getConnection(user, password);
                try (Statement st = c.createStatement()) {
                    for (Map.Entry<String, Path> e : attach.entrySet()) {
                        st.execute("ATTACH DATABASE '" + e.getValue() + "' AS " + e.getKey());
                    }
                }
                return c;
            }
        };
        ds.setUrl("jdbc:sqlite:" + main);
        return ds;
    }

    @Test
    void sqliteTenantsOfAttachedDatabasesNeverReadEachOthersResults() throws Exception {
        RedisAvailable.require();
        Path dir = Files.createTempDirectory("retort-tenants");
        Path main = dir.resolve("main.db");
        Map<String, Path> physical = new HashMap<>();
        for (String t : List.of("t1", "t2")) {
            for (String s : List.of("main", "a", "b")) {
                physical.put(t + "_" + s, dir.resolve(t + "_" + s + ".db"));
            }
        }
        Engine base = Engine.create(attaching(main, physical));
        List<Engine> engines = new ArrayList<>(List.of(base));
        List<Tenant> tenants = new ArrayList<>();
        tenants.add(new Tenant("t1 (translated)", base.withSchemaTranslateMap(translations("t1_main", "t1_a", "t1_b"))));
        tenants.add(new Tenant("t2 (translated)", base.withSchemaTranslateMap(translations("t2_main", "t2_a", "t2_b"))));
        for (String t : List.of("t3", "t4")) {
            // the same main file and schema names as the other DataSource, other files attached under them
            Engine e = Engine.create(attaching(main, Map.of("tx", dir.resolve(t + "_x.db"), "tenant_a", dir.resolve(t + "_a.db"),
                    "tenant_b", dir.resolve(t + "_b.db"))));
            engines.add(e);
            tenants.add(new Tenant(t + " (DataSource attaching its files)", e.withSchemaTranslateMap(translations("tx", null, null))));
        }
        try {
            check(tenants);
        } finally {
            engines.forEach(Engine::dispose);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void mariadbTenantsOfDatabasesNeverReadEachOthersResults() {
        RedisAvailable.require();
        RedisAvailable.requireMariadb();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        EngineOptions root = EngineOptions.builder().user("root").build();
        Engine base = Engine.create("jdbc:mariadb://127.0.0.1:3306/test", root);
        List<String> databases = new ArrayList<>();
        for (String t : List.of("t1", "t2", "t3", "t4", "t5", "t6")) {
            for (String s : List.of("main", "a", "b")) {
                databases.add("rt" + t + s + "_" + suffix);
            }
        }
        List<Engine> engines = new ArrayList<>(List.of(base));
        List<com.zaxxer.hikari.HikariDataSource> pools = new ArrayList<>();
        try {
            base.inTransaction(c -> databases.forEach(d -> c.execute(text("CREATE DATABASE " + d))));
            List<Tenant> tenants = new ArrayList<>();
            for (String t : List.of("t1", "t2")) {
                tenants.add(new Tenant(t + " (translated)", base.withSchemaTranslateMap(
                        translations("rt" + t + "main_" + suffix, "rt" + t + "a_" + suffix, "rt" + t + "b_" + suffix))));
            }
            for (String t : List.of("t3", "t4")) {
                // unqualified tables are the URL's database's
                Engine e = Engine.create("jdbc:mariadb://127.0.0.1:3306/rt" + t + "main_" + suffix, root);
                engines.add(e);
                tenants.add(new Tenant(t + " (its URL's database)", e.withSchemaTranslateMap(translations(null, "rt" + t + "a_" + suffix,
                        "rt" + t + "b_" + suffix))));
            }
            for (String t : List.of("t5", "t6")) {
                // one URL and translate map, the database chosen by each DataSource's connections (USE)
                com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
                config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/test");
                config.setUsername("root");
                config.setConnectionInitSql("USE rt" + t + "main_" + suffix);
                config.setMaximumPoolSize(2);
                com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
                pools.add(pool);
                Engine e = Engine.create(pool);
                engines.add(e);
                tenants.add(new Tenant(t + " (DataSource choosing its database)", e.withSchemaTranslateMap(translations(null, "rtt5a_" + suffix,
                        "rtt5b_" + suffix))));
            }
            check(tenants);
        } finally {
            base.inTransaction(c -> databases.forEach(d -> c.execute(text("DROP DATABASE IF EXISTS " + d))));
            engines.forEach(Engine::dispose);
            pools.forEach(com.zaxxer.hikari.HikariDataSource::close);
        }
    }

    @Test
    void postgresqlTenantsOfSchemasNeverReadEachOthersResults() {
        RedisAvailable.require();
        RedisAvailable.requirePostgresql();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Engine base = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", EngineOptions.builder().user("postgres").build());
        List<String> schemas = new ArrayList<>();
        for (String t : List.of("t1", "t2", "t3", "t4", "t5", "t6", "t7")) {
            for (String s : List.of("main", "a", "b")) {
                schemas.add("rt" + t + s + "_" + suffix);
            }
        }
        List<Engine> engines = new ArrayList<>(List.of(base));
        List<com.zaxxer.hikari.HikariDataSource> pools = new ArrayList<>();
        try {
            base.inTransaction(c -> schemas.forEach(d -> c.execute(text("CREATE SCHEMA " + d))));
            List<Tenant> tenants = new ArrayList<>();
            for (String t : List.of("t1", "t2")) {
                tenants.add(new Tenant(t + " (translated)", base.withSchemaTranslateMap(
                        translations("rt" + t + "main_" + suffix, "rt" + t + "a_" + suffix, "rt" + t + "b_" + suffix))));
            }
            for (String t : List.of("t3", "t4", "t5")) {
                // unqualified tables are the DataSource's currentSchema's (t3), which the engine's URL does not show, or
                // its connections' search_path (t4, t5: one URL, one translate map, other rows)
                com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
                String schema = "rt" + t + "main_" + suffix;
                if (t.equals("t3")) {
                    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
                } else {
                    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
                    config.setConnectionInitSql("SET search_path TO " + schema);
                }
                config.setUsername("postgres");
                config.setMaximumPoolSize(2);
                com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
                pools.add(pool);
                Engine e = Engine.create(pool);
                engines.add(e);
                String shared = t.equals("t5") ? "t4" : t;
                tenants.add(new Tenant(t + (t.equals("t3") ? " (DataSource of its currentSchema)" : " (DataSource setting its search_path)"),
                        e.withSchemaTranslateMap(translations(null, "rt" + shared + "a_" + suffix, "rt" + shared + "b_" + suffix))));
            }
            // one pool, one engine, whose connections differ in tenant: each checkout sets the search_path of the
            // tenant the application serves at the time (t6 or t7; one translate map), so only an identity read per
            // connection tells them apart
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            config.setUsername("postgres");
            config.setMaximumPoolSize(2);
            com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
            pools.add(pool);
            java.util.concurrent.atomic.AtomicReference<String> serving = new java.util.concurrent.atomic.AtomicReference<>("public");
            Engine perConnection = Engine.create(searchPathPerCheckout(pool, serving));
            engines.add(perConnection);
            Engine perConnectionView = perConnection.withSchemaTranslateMap(translations(null, "rtt6a_" + suffix, "rtt6b_" + suffix));
            for (String t : List.of("t6", "t7")) {
                String schema = "rt" + t + "main_" + suffix;
                tenants.add(new Tenant(t + " (a connection of one pool, its search_path set at checkout)", perConnectionView,
                        () -> serving.set(schema)));
            }
            check(tenants, RedisResultCache::databaseIdentity);
        } finally {
            base.inTransaction(c -> schemas.forEach(d -> c.execute(text("DROP SCHEMA IF EXISTS " + d + " CASCADE"))));
            engines.forEach(Engine::dispose);
            pools.forEach(com.zaxxer.hikari.HikariDataSource::close);
        }
    }

    /** Creates and fills the generator's tables for each tenant, then compares every cached fetch with the direct one. */
    private static void check(List<Tenant> tenants) {
        check(tenants, null);
    }

    /**
     * A DataSource of {@code pool} whose connections, at each checkout, set the search_path to the schema {@code serving}
     * holds: tenants by connection, which the default identity (read once per engine) cannot tell apart.
     */
    private static DataSource searchPathPerCheckout(DataSource pool, java.util.concurrent.atomic.AtomicReference<String> serving) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(pool, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof java.sql.Connection c) {
                        try (Statement st = c.createStatement()) {
                            st.execute("SET search_path TO " + serving.get());
                        }
                    }
                    return result;
                });
    }

    /** {@link #check(List)} under a cache of {@code identity} (null: the default). */
    private static void check(List<Tenant> tenants, java.util.function.Function<Connection, String> identity) {
        long seed = Long.getLong("retort.property.seed", 20261207L);
        SplittableRandom r = new SplittableRandom(seed);
        StatementGenerator gen = new StatementGenerator();
        for (int i = 0; i < tenants.size(); i++) {
            tenants.get(i).enter().run();
            gen.metadata.createAll(tenants.get(i).engine());
            fill(tenants.get(i), 100 * i, gen, r.split());
        }
        List<ClauseElement> statements = readers(gen, tenants.get(0), r, seed);
        RedisResultCache.Builder builder = RedisResultCache.builder().uri(RedisAvailable.URI).namespace("retort-test-" + UUID.randomUUID())
                .ttl(Duration.ofMinutes(1)).nearCache(Duration.ofMinutes(1), 1000);
        try (RedisResultCache cache = (identity == null ? builder : builder.identity(identity)).build()) {
            List<int[]> fetches = new ArrayList<>();
            for (int s = 0; s < statements.size(); s++) {
                for (int t = 0; t < tenants.size(); t++) {
                    fetches.add(new int[] {s, t});
                }
            }
            int distinguishing = 0;
            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    write(cache, tenants.get(r.nextInt(tenants.size())), gen, r);
                }
                Draws.shuffle(fetches, r);
                Map<Integer, List<List<Object>>> firstTenantRows = new HashMap<>();
                for (int[] f : fetches) {
                    ClauseElement s = statements.get(f[0]);
                    Tenant tenant = tenants.get(f[1]);
                    List<List<Object>> direct;
                    try (Connection c = tenant.connect()) {
                        direct = values(c.execute(s).all());
                    } catch (RuntimeException e) {
                        // a table of another tenant's only (an unqualified TableClause of a schema not attached here)
                        direct = List.of(List.of("error " + e.getClass().getSimpleName()));
                    }
                    List<List<Object>> cached;
                    try (Connection c = tenant.connect()) {
                        // raw SQL (a text() condition) may read any table: the statement names them
                        cached = values(ReadTables.find(s).rawSql() == null ? cache.fetch(c, s) : cache.fetch(c, s, gen.schemaTables.toArray(new Table[0])));
                    } catch (RuntimeException e) {
                        if (!direct.equals(List.of(List.of("error " + e.getClass().getSimpleName())))) {
                            throw new AssertionError(String.format("round %d, statement %d for tenant %s (seed %d): %s%n fails through the cache only",
                                    round, f[0], tenant.label(), seed, s), e);
                        }
                        cached = direct;
                    }
                    assertThat(cached).as("round %d, statement %d for tenant %s (seed %d): %s", round, f[0], tenant.label(), seed, s)
                            .isEqualTo(direct);
                    List<List<Object>> before = firstTenantRows.putIfAbsent(f[0], direct);
                    if (round == 0 && before != null && !before.equals(direct)) {
                        distinguishing++;
                    }
                }
            }
            System.out.printf("RedisTenantPropertyTest on %s: %d statements x %d tenants x %d rounds, %d fetches told tenants apart, %d hits (seed %d)%n",
                    tenants.get(0).engine().dialect().name(), statements.size(), tenants.size(), ROUNDS, distinguishing, cache.stats().hits() + cache.stats().nearHits(), seed);
            assertThat(distinguishing).as("statements whose rows differ by tenant (seed %d)", seed).isGreaterThan(statements.size() / 4);
            assertThat(cache.stats().hits() + cache.stats().nearHits()).as("results served from the cache (seed %d)", seed).isGreaterThan(statements.size());
        }
    }

    /**
     * Rows of the tenant's own: other counts, names and quantities in each of its tables; ids from {@code firstId}, so
     * that tenants may share a table.
     */
    private static void fill(Tenant tenant, int firstId, StatementGenerator gen, SplittableRandom r) {
        for (Table t : gen.schemaTables) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int n = 2 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                Map<String, Object> row = new HashMap<>();
                row.put("id", firstId + i + 1);   // MariaDB takes id 0 for "the next one"
                row.put("name", r.nextInt(8) == 0 ? null : "v" + r.nextInt(100));
                row.put("qty", r.nextInt(8) == 0 ? null : r.nextInt(1000) - 500);
                rows.add(row);
            }
            tenant.enter().run();
            tenant.engine().inTransaction(c -> c.execute(insert(t), rows));
        }
    }

    /** A write through the cache: its commit (at close) invalidates the tenant's results of that table. */
    private static void write(RedisResultCache cache, Tenant tenant, StatementGenerator gen, SplittableRandom r) {
        Table t = gen.schemaTables.get(r.nextInt(gen.schemaTables.size()));
        tenant.enter().run();
        try (Connection c = tenant.engine().begin()) {
            cache.execute(c, update(t).values(Map.of("name", "w" + r.nextInt(100), "qty", r.nextInt(1000) - 500)).where(t.c("id").le(r.nextInt(4))));
        }
    }

    /** Generated statements that read (no writing CTE), are cacheable, and run for {@code probe}. */
    private static List<ClauseElement> readers(StatementGenerator gen, Tenant probe, SplittableRandom r, long seed) {
        List<ClauseElement> out = new ArrayList<>();
        for (int tries = 0; out.size() < STATEMENTS && tries < STATEMENTS * 400; tries++) {
            ClauseElement s = gen.build(StatementGenerator.genes(r), r.split());
            if (!(s instanceof SelectBase) || s.cacheKey() == null) {
                continue;
            }
            try (Connection c = probe.engine().connect()) {
                if (WRITES.matcher(s.compile(probe.engine().dialect()).templateString()).find()) {
                    continue;
                }
                c.execute(s).all();
                out.add(s);
                if (out.size() < STATEMENTS && r.nextInt(4) == 0) {
                    out.add(lambdaOf(s, gen, r));
                }
            } catch (RuntimeException e) {
                // not for this database (TABLESAMPLE, its functions, JSON, a table of no tenant's)
            }
        }
        assertThat(out).as("generated statements that run (seed %d)", seed).hasSize(STATEMENTS);
        assertThat(out).as("lambda statements among them (seed %d)", seed).filteredOn(dev.retort.sql.StatementLambdaElement.class::isInstance)
                .hasSizeGreaterThan(STATEMENTS / 10);
        return out;
    }

    /**
     * A lambda statement: one that captures the generated statement (keyed by its structure, its values parameters), or
     * one that builds a read of a schema table from captured plain values (tracked: each call binds its own). Both kinds
     * come from one call site each, so their cached results are told apart by what they capture alone.
     */
    private static ClauseElement lambdaOf(ClauseElement built, StatementGenerator gen, SplittableRandom r) {
        if (r.nextBoolean()) {
            return lambdaStmt(() -> built);
        }
        Table t = gen.schemaTables.get(r.nextInt(gen.schemaTables.size()));
        int upTo = 100 * r.nextInt(7) + r.nextInt(8);
        String name = "v" + r.nextInt(100);
        return lambdaStmt(() -> select(t.c("id"), t.c("name"), t.c("qty")).where(or(t.c("id").le(upTo), t.c("name").eq(name))));
    }

    /** The rows' values in a fixed order: a generated statement may order by a column with ties, or not at all. */
    private static List<List<Object>> values(List<Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toList()));
        out.sort(java.util.Comparator.comparing(String::valueOf));
        return out;
    }
}
