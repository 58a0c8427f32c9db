package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.ExecutionListener;
import dev.retort.engine.ReadYourWrites;
import dev.retort.engine.RoutingEngine;
import dev.retort.exc.OperationalException;
import dev.retort.exc.RetortException;
import dev.retort.orm.UserAddressClasses.Address;
import dev.retort.orm.UserAddressClasses.User;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ORM sessions on a {@link RoutingEngine}: reads (queries, {@code get()}, lazy loads, counts) go
 * to a replica until the session's transaction writes; the flush, what follows it in that
 * transaction and the commit go to the primary; after a commit that wrote, the session reads its
 * writes. On each database, with a "replica" engine of its own on the same server (SQLite: another
 * in-memory database, with the same rows), statements are told apart by each engine's listener;
 * and on the real PostgreSQL primary and streaming standby of {@code .ci/scale-servers} (ports
 * 5441 and 5442), read-your-writes by WAL position is checked against replication.
 */
class RoutingSessionTest {
    private final String suffix = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final MetaData metadata = new MetaData();
    private final Table users = new Table("users" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)));
    private final Table addresses = new Table("addresses" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("email", Types.string(40)),
            Column.of("user_id", Types.INTEGER).foreignKey("users" + suffix + ".id"));
    private final Registry registry = new Registry(metadata);
    private final List<String> primarySql = new ArrayList<>();
    private final List<String> replicaSql = new ArrayList<>();
    private final List<Runnable> cleanup = new ArrayList<>();
    private int edId;

    RoutingSessionTest() {
        registry.mapImperatively(User.class, users, Map.of("addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
        registry.mapImperatively(Address.class, addresses);
    }

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
        registry.dispose();
    }

    /** Records the first word of each statement on this test's tables (not those a dialect runs on its own when it connects). */
    private static ExecutionListener recorder(List<String> into, String suffix) {
        return (sql, params) -> {
            if (sql.contains(suffix)) {
                into.add(sql.trim().split("\\s+")[0]);
            }
        };
    }

    /** A primary and a replica engine for {@code db} with the tables and ed (with one address); the routing engine. */
    private RoutingEngine routing(Databases.Database db, ReadYourWrites readYourWrites) {
        Engine primary = db.newEngine(EngineOptions.builder());
        Engine replica = db.newEngine(EngineOptions.builder());
        boolean separate = db == Databases.Database.SQLITE;     // in-memory: each engine has a database of its own
        for (Engine e : separate ? List.of(primary, replica) : List.of(primary)) {
            metadata.createAll(e);
            try (Session seed = SessionFactory.of(e).open()) {
                User ed = new User("ed");
                Address a = new Address();
                a.email = "ed@example.com";
                ed.addresses.add(a);
                seed.add(ed);
                seed.commit();
                edId = ed.id;
            }
        }
        RoutingEngine routing = RoutingEngine.builder(primary).replicas(replica).readYourWrites(readYourWrites).build();
        cleanup.add(() -> {
            metadata.dropAll(primary);
            routing.dispose();
        });
        primary.addListener(recorder(primarySql, suffix));
        replica.addListener(recorder(replicaSql, suffix));
        return routing;
    }

    private void clear() {
        primarySql.clear();
        replicaSql.clear();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void readsGoToTheReplicaUntilTheTransactionWritesAndTheSessionReadsItsWrites(Databases.Database db) {
        RoutingEngine routing = routing(db, ReadYourWrites.lagBound(Duration.ofHours(1)));
        try (Session s = SessionFactory.of(routing).open()) {
            clear();
            User ed = s.query(User.class).one();
            assertThat(ed.addresses).hasSize(1);                     // a lazy load
            assertThat(s.query(User.class).count()).isEqualTo(1);
            assertThat(replicaSql).containsExactly("SELECT", "SELECT", "SELECT");
            assertThat(primarySql).as("nothing on the primary before a write").isEmpty();

            clear();
            ed.name = "edward";
            s.add(new User("wendy"));
            s.flush();
            assertThat(primarySql).contains("INSERT", "UPDATE");
            assertThat(s.query(User.class).filter(ORM.attr(User.class, "name").eq("wendy")).one().name).isEqualTo("wendy");
            assertThat(replicaSql).as("in the transaction that wrote, reads go to the primary").isEmpty();
            s.commit();

            clear();
            assertThat(s.get(User.class, edId).name).as("read-your-writes after the commit").isEqualTo("edward");
            assertThat(s.query(User.class).count()).isEqualTo(2);
            assertThat(replicaSql).isEmpty();
            assertThat(primarySql).containsExactly("SELECT", "SELECT");
        }
        try (Session other = SessionFactory.of(routing).open()) {
            clear();
            other.query(User.class).all();
            assertThat(replicaSql).as("another session has no writes to wait for").containsExactly("SELECT");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void withoutALagBoundReadsGoBackToTheReplicaAfterTheCommitAndAFailedFlushLeavesTheRoutingAlone(Databases.Database db) {
        RoutingEngine routing = routing(db, ReadYourWrites.lagBound(Duration.ZERO));
        try (Session s = SessionFactory.of(routing).open()) {
            User ed = s.get(User.class, edId);
            ed.name = "edward";
            s.commit();
            clear();
            s.get(User.class, edId);
            assertThat(replicaSql).containsExactly("SELECT");
            assertThat(primarySql).isEmpty();
            clear();

            s.expunge(s.get(User.class, edId));
            User dup = new User("dup");
            dup.id = edId;                                            // the primary key of ed: the INSERT fails
            s.add(dup);
            assertThatThrownBy(s::flush).isInstanceOf(RetortException.class);
            s.rollback();
            clear();
            s.query(User.class).all();
            assertThat(replicaSql).as("the failed transaction ended: reads go to the replica again").containsExactly("SELECT");
        }
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    /**
     * On a real primary and streaming standby: a session that commits reads its rows back at once
     * (by WAL position: the primary until the standby has replayed them), and its reads before
     * any write come from the standby.
     */
    @Test
    void onAStreamingStandbyASessionNeverReadsItsOwnCommitsStale() throws InterruptedException {
        String primaryUrl = env("RETORT_PG_PRIMARY_URL", "jdbc:postgresql://127.0.0.1:5441/postgres");
        String standbyUrl = env("RETORT_PG_STANDBY_URL", "jdbc:postgresql://127.0.0.1:5442/postgres");
        Engine primary = Engine.create(primaryUrl, EngineOptions.builder().user("postgres").connectTimeout(Duration.ofSeconds(2)).build());
        Engine standby = Engine.create(standbyUrl, EngineOptions.builder().user("postgres").connectTimeout(Duration.ofMillis(250)).build());
        RoutingEngine routing = RoutingEngine.builder(primary).replicas(standby).build();
        cleanup.add(routing::dispose);
        try (Connection p = primary.connect(); Connection st = standby.connect()) {
            assertThat(st.execute(SQL.text("SELECT pg_is_in_recovery()")).scalar()).isEqualTo(true);
        } catch (OperationalException e) {
            String reason = "the PostgreSQL primary/standby pair (" + primaryUrl + ", " + standbyUrl + ") is not reachable; .ci/scale-servers start creates it";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason, e);
            }
            System.err.println("SKIPPING: " + reason);
            Assumptions.abort(reason);
        }
        metadata.createAll(primary);
        cleanup.add(() -> metadata.dropAll(primary));
        for (int i = 0; i < 100; i++) {
            try (Connection st = standby.connect()) {
                st.execute(SQL.select(SQL.func("count")).selectFrom(addresses)).scalar();
                break;
            } catch (RetortException notYet) {
                Thread.sleep(50);
            }
        }
        try (Session s = SessionFactory.of(routing).open()) {
            assertThat(s.query(User.class).all()).isEmpty();
            assertThat(routing.readCounts().get(1)).as("a read before any write: the standby").isEqualTo(1L);
            for (int i = 0; i < 20; i++) {
                User u = new User("u" + i);
                Address a = new Address();
                a.email = "u" + i + "@example.com";
                u.addresses.add(a);
                s.add(u);
                s.commit();
                // Expired by the commit: each of these reads the database again, right after the commit.
                assertThat(s.get(User.class, u.id).name).isEqualTo("u" + i);
                assertThat(u.addresses).extracting(x -> x.email).containsExactly("u" + i + "@example.com");
                assertThat(s.query(User.class).count()).isEqualTo(i + 1);
            }
        }
        // Reads went to both: the primary while the standby lagged, the standby once it had replayed.
        System.out.println("RoutingSessionTest: reads served (primary, standby) = " + routing.readCounts());
        assertThat(routing.readCounts().get(0) + routing.readCounts().get(1)).isGreaterThanOrEqualTo(61L);
    }
}
