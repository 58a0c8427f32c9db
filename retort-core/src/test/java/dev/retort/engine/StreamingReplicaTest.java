package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.exc.OperationalException;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link RoutingEngine} on a real PostgreSQL primary with a streaming standby, the pair
 * {@code .ci/scale-servers} creates (ports 5441 and 5442 unless RETORT_PG_PRIMARY_URL and
 * RETORT_PG_STANDBY_URL say otherwise; RETORT_PG_STANDBY_DIR is the standby's data directory,
 * which the test stops and starts). Skips when the pair is absent, fails under CI=true.
 */
class StreamingReplicaTest {
    private static final String PRIMARY = env("RETORT_PG_PRIMARY_URL", "jdbc:postgresql://127.0.0.1:5441/postgres");
    private static final String STANDBY = env("RETORT_PG_STANDBY_URL", "jdbc:postgresql://127.0.0.1:5442/postgres");
    private static final String STANDBY_DIR = env("RETORT_PG_STANDBY_DIR", "/tmp/retort-scale/pg/standby");

    private Engine primary;
    private Engine standby;
    private String table;
    private TableClause t;

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    @BeforeEach
    void pair() {
        primary = Engine.create(PRIMARY, EngineOptions.builder().user("postgres").connectTimeout(Duration.ofSeconds(2)).build());
        // A replica that is down costs a read its connect timeout: HikariCP's shortest.
        standby = Engine.create(STANDBY, EngineOptions.builder().user("postgres").connectTimeout(Duration.ofMillis(250)).build());
        try (Connection p = primary.connect(); Connection s = standby.connect()) {
            assertThat(s.execute(text("SELECT pg_is_in_recovery()")).scalar()).isEqualTo(true);
        } catch (OperationalException e) {
            dispose();
            String reason = "the PostgreSQL primary/standby pair (" + PRIMARY + ", " + STANDBY + ") is not reachable ("
                    + e.getMessage().lines().findFirst().orElse("") + "); .ci/scale-servers start creates it";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: .ci/run must have started it)", e);
            }
            System.err.println("SKIPPING: " + reason);
            Assumptions.abort(reason);
        }
        table = "replicated_" + UUID.randomUUID().toString().substring(0, 8);
        t = table(table, column("id", Types.INTEGER), column("v", Types.INTEGER));
        primary.inTransaction(c -> c.execute(text("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")));
    }

    @AfterEach
    void dispose() {
        if (table != null) {
            primary.inTransaction(c -> c.execute(text("DROP TABLE " + table)));
        }
        primary.dispose();
        standby.dispose();
    }

    @Test
    void theWritingConnectionNeverReadsStaleRowsAndAStoppedStandbyLosesNothing() throws Exception {
        RoutingEngine db = RoutingEngine.builder(primary).replicas(standby)
                .retryAfter(Duration.ofSeconds(2)).probeInterval(Duration.ofMillis(100)).build();
        List<String> servedBy = new ArrayList<>();
        waitForTable();
        boolean stopped = false;
        try (RoutedConnection writer = db.connect()) {
            for (int i = 1; i <= 120; i++) {
                writer.execute(text("INSERT INTO " + table + " (id, v) VALUES (" + i + ", 0)"));
                writer.execute(text("UPDATE " + table + " SET v = " + i + " WHERE id = 1"));
                writer.commit();
                // The writer's own reads: the row it inserted and the value it set, wherever they run.
                assertThat(writer.execute(select(t.c("v")).where(t.c("id").eq(1))).scalar())
                        .as("read %d", i).isEqualTo(i);
                assertThat(((Number) writer.execute(select(func("count", t.c("id")))).scalar()).longValue()).as("count after %d", i).isEqualTo(i);
                servedBy.add(writer.lastServer() == standby ? "standby" : "primary");
                if (i < 60) {
                    waitForStandby(i);   // lets the next reads go to the standby, whose replay then has the write
                } else if (i == 60) {
                    pgCtl("stop", "-m", "fast");
                    stopped = true;
                }
            }
            assertThat(servedBy.subList(0, 60)).as("before the stop, reads reached the standby").contains("standby");
            assertThat(servedBy.subList(60, 120)).as("after the stop, reads went to the primary").containsOnly("primary");
            pgCtl("start", "-l", STANDBY_DIR + "/../standby.log");
            stopped = false;
            // Retried later: once back, the standby serves reads again, with every row.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Object count;
            do {
                Thread.sleep(50);
                count = ((Number) writer.execute(select(func("count", t.c("id")))).scalar()).longValue();
                assertThat(count).isEqualTo(120L);
            } while (writer.lastServer() != standby && System.nanoTime() < deadline);
            assertThat(writer.lastServer()).as("the standby serves reads again after its restart").isSameAs(standby);
        } finally {
            if (stopped) {
                pgCtl("start", "-l", STANDBY_DIR + "/../standby.log");
            }
        }
        try (Connection s = standby.connect()) {
            assertThat(s.execute(text("SELECT count(*), sum(id) FROM " + table)).one().toList()).containsExactly(120L, 120L * 121 / 2);
        }
    }

    @Test
    void aConnectionThatDidNotWriteReadsTheStandby() {
        RoutingEngine db = Engine.routing(primary, standby);
        waitForTable();
        try (RoutedConnection reader = db.connect()) {
            assertThat(reader.execute(select(func("pg_is_in_recovery", new Object[0]))).scalar()).isEqualTo(true);
            assertThat(reader.lastServer()).isSameAs(standby);
        }
        try (RoutedConnection pinned = db.connect().onPrimary()) {
            assertThat(pinned.execute(select(func("pg_is_in_recovery", new Object[0]))).scalar()).isEqualTo(false);
        }
    }

    /** Waits until the standby has replayed the first {@code n} rows (bounded: a lagging standby is the router's business). */
    private void waitForStandby(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection s = standby.connect()) {
                if (((Number) s.execute(text("SELECT count(*) FROM " + table)).scalar()).intValue() >= n) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }

    private void waitForTable() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection s = standby.connect()) {
                if (s.execute(text("SELECT to_regclass('" + table + "') IS NOT NULL")).scalar().equals(true)) {
                    return;
                }
            }
        }
    }

    /** Runs pg_ctl on the standby's data directory, as the postgres OS user when the tests run as root. */
    private static void pgCtl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of("/usr/lib/postgresql/15/bin/pg_ctl", "-D", STANDBY_DIR, "-w"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("pg_ctl %s: %s", args[0], out).isZero();
    }

}
