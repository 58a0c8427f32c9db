package dev.retort.engine;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.ORM;
import dev.retort.orm.Registry;
import dev.retort.orm.Session;
import dev.retort.orm.SessionFactory;
import dev.retort.schema.Column;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.sql.ForUpdate;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * One MetaData, a schema per tenant: statements, DDL, sequences, reflection and the ORM run
 * under each tenant's schema translate map reach that tenant's schema only. PostgreSQL: two
 * schemas; MariaDB: two databases; SQLite: two attached database files (ATTACH DATABASE on
 * every connection of an engine on a DataSource).
 */
class SchemaTranslateOnDatabasesTest {
    /** A tenant's row, mapped to the tenant-less {@code users} table. */
    public static class TenantUser {
        public Integer id;
        public String name;

        public TenantUser() {
        }
    }

    /** The base engine and the two tenant schemas, created now and dropped by {@link #close()}. */
    private record Tenants(Database db, Engine engine, String a, String b, Path dir) implements AutoCloseable {
        static Tenants create(Database db) throws Exception {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String a = "ta_" + suffix;
            String b = "tb_" + suffix;
            switch (db) {
                case POSTGRESQL:
                    db.engine().inTransaction(c -> c.execute(text("CREATE SCHEMA " + a + "; CREATE SCHEMA " + b)));
                    return new Tenants(db, db.engine(), a, b, null);
                case MARIADB:
                    db.engine().inTransaction(c -> {
                        c.execute(text("CREATE DATABASE " + a));
                        c.execute(text("CREATE DATABASE " + b));
                    });
                    return new Tenants(db, db.engine(), a, b, null);
                default:
                    Path dir = Files.createTempDirectory("tenants_" + suffix);
                    String main = "jdbc:sqlite:" + dir.resolve("main.db");
                    List<String> attach = List.of("ATTACH DATABASE '" + dir.resolve(a + ".db") + "' AS " + a,
                            "ATTACH DATABASE '" + dir.resolve(b + ".db") + "' AS " + b);
                    return new Tenants(db, Engine.create(attaching(main, attach)), a, b, dir);
            }
        }

        Engine tenant(String schema) {
            Map<String, String> m = new HashMap<>();
            m.put(null, schema);
            return engine.withSchemaTranslateMap(m);
        }

        @Override
        public void close() throws Exception {
            switch (db) {
                case POSTGRESQL:
                    engine.inTransaction(c -> c.execute(text("DROP SCHEMA " + a + " CASCADE; DROP SCHEMA " + b + " CASCADE")));
                    break;
                case MARIADB:
                    engine.inTransaction(c -> {
                        c.execute(text("DROP DATABASE " + a));
                        c.execute(text("DROP DATABASE " + b));
                    });
                    break;
                default:
                    engine.dispose();
                    try (var files = Files.list(dir)) {
                        for (Path p : files.toList()) {
                            Files.delete(p);
                        }
                    }
                    Files.delete(dir);
            }
        }
    }

    /** Connections to one SQLite file, each with the same databases attached. */
    private static DataSource attaching(String url, List<String> attach) {
        SQLiteDataSource ds = new SQLiteDataSource() {
            @Override
            public SQLiteConnection getConnection(String user, String password) throws SQLException {
                SQLiteConnection c = super.getConnection(user, password);
                try (Statement st = c.createStatement()) {
                    for (String sql : attach) {
                        st.execute(sql);
                    }
                }
                return c;
            }
        };
        ds.setUrl(url);
        return ds;
    }

    private static boolean hasUsers(Tenants t, String schema) {
        return t.engine().transaction(c -> {
            try {
                return c.dialect().inspector().hasTable(c.jdbc(), schema, "users");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static List<Object> names(Engine engine, Table users) {
        return engine.transaction(c -> c.execute(select(users.c("name")).orderBy(users.c("id"))).scalars());
    }

    @EachDatabase
    void eachTenantReadsAndWritesItsOwnSchema(Database db) throws Exception {
        try (Tenants t = Tenants.create(db)) {
            MetaData metadata = new MetaData();
            Table users = new Table("users", metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("name", Types.string(30)));
            Table orders = new Table("orders", metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                    Column.of("user_id", Types.INTEGER).foreignKey("users.id"), Column.of("amount", Types.INTEGER));
            new Index("ix_orders_amount", orders.c("amount")).attachTo(orders);
            boolean sequences = t.engine().dialect().supportsSequences();
            Sequence seq = sequences ? metadata.addSequence(new Sequence("order_no")) : null;
            Engine a = t.tenant(t.a());
            Engine b = t.tenant(t.b());

            // DDL: the second createAll sees that the tables exist in a, not in b
            metadata.createAll(a);
            metadata.createAll(b);
            metadata.createAll(b);

            try (Connection c = a.begin()) {
                c.execute(insert(users), List.of(Map.of("id", 1, "name", "alice"), Map.of("id", 2, "name", "ann")));
                c.execute(insert(orders), Map.of("id", 1, "user_id", 1, "amount", 10));
            }
            try (Connection c = b.begin()) {
                c.execute(insert(users), Map.of("id", 1, "name", "bob"));
                c.execute(insert(orders), List.of(Map.of("id", 1, "user_id", 1, "amount", 70), Map.of("id", 2, "user_id", 1, "amount", 5)));
            }
            assertThat(names(a, users)).containsExactly("alice", "ann");
            assertThat(names(b, users)).containsExactly("bob");
            // the same statement object, run alternately: the compiled cache keeps the tenants apart
            var join = select(users.c("name"), func("sum", orders.c("amount"))).selectFrom(users.join(orders)).groupBy(users.c("name"));
            for (int i = 0; i < 3; i++) {
                Row rowA = a.transaction(c -> c.execute(join).one());
                Row rowB = b.transaction(c -> c.execute(join).one());
                assertThat(rowA.get(0)).isEqualTo("alice");
                assertThat(((Number) rowA.get(1)).intValue()).isEqualTo(10);
                assertThat(rowB.get(0)).isEqualTo("bob");
                assertThat(((Number) rowB.get(1)).intValue()).isEqualTo(75);
            }
            // a connection's own map, switched between statements
            try (Connection c = t.engine().connect()) {
                c.schemaTranslateMap(Map.of());
                Map<String, String> toB = new HashMap<>();
                toB.put(null, t.b());
                c.schemaTranslateMap(toB);
                c.execute(update(users).values(Map.of("name", "bobby")).where(users.c("id").eq(1)));
                c.commit();
            }
            assertThat(names(a, users)).containsExactly("alice", "ann");
            assertThat(names(b, users)).containsExactly("bobby");

            if (db == Database.POSTGRESQL) {
                var locking = select(users.c("name")).selectFrom(users.join(orders)).where(orders.c("amount").gt(50))
                        .withForUpdate(ForUpdate.update().of(users));
                List<Object> lockedB = b.transaction(c -> c.execute(locking).scalars());
                List<Object> lockedA = a.transaction(c -> c.execute(locking).scalars());
                assertThat(lockedB).containsExactly("bobby");
                assertThat(lockedA).isEmpty();
            }
            if (sequences) {
                assertThat(((Number) a.transaction(c -> c.execute(select(seq.nextValue())).scalar())).longValue()).isEqualTo(1L);
                assertThat(((Number) a.transaction(c -> c.execute(select(seq.nextValue())).scalar())).longValue()).isEqualTo(2L);
                assertThat(((Number) b.transaction(c -> c.execute(select(seq.nextValue())).scalar())).longValue()).isEqualTo(1L);
            }

            // reflection reads the tenant's schema: a column only b has
            String qualified = t.b() + ".users";
            b.inTransaction(c -> c.execute(text("ALTER TABLE " + qualified + " ADD COLUMN extra INTEGER")));
            assertThat(Table.reflect("users", new MetaData(), b).columns()).extracting(Column::name).contains("extra");
            assertThat(Table.reflect("users", new MetaData(), a).columns()).extracting(Column::name).doesNotContain("extra");

            // the ORM: a factory on a tenant engine, and a session given its own map
            Registry registry = new Registry(metadata);
            try {
                registry.mapImperatively(TenantUser.class, users);
                try (Session s = SessionFactory.of(a).open()) {
                    assertThat(s.query(TenantUser.class).orderBy(ORM.attr(TenantUser.class, "id")).all()).extracting(u -> u.name)
                            .containsExactly("alice", "ann");
                    TenantUser u = new TenantUser();
                    u.id = 3;
                    u.name = "amy";
                    s.add(u);
                    s.get(TenantUser.class, 1).name = "alicia";
                    s.commit();
                }
                Map<String, String> toB = new HashMap<>();
                toB.put(null, t.b());
                try (Session s = SessionFactory.of(t.engine()).open().schemaTranslateMap(toB)) {
                    assertThat(s.get(TenantUser.class, 1).name).isEqualTo("bobby");
                    assertThat(s.get(TenantUser.class, 3)).isNull();
                }
            } finally {
                registry.dispose();
            }
            assertThat(names(a, users)).containsExactly("alicia", "ann", "amy");
            assertThat(names(b, users)).containsExactly("bobby");

            // dropAll through a drops a's tables only
            metadata.dropAll(a);
            assertThat(hasUsers(t, t.a())).isFalse();
            assertThat(hasUsers(t, t.b())).isTrue();
            metadata.dropAll(b);
        }
    }
}
