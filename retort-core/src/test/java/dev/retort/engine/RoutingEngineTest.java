package dev.retort.engine;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing decisions, observed through three unrelated in-memory SQLite databases standing for a
 * primary and two replicas: each holds a row naming it, so a read shows where it went. The
 * replication itself is tested on PostgreSQL in {@link StreamingReplicaTest}.
 */
class RoutingEngineTest {
    private final MetaData metadata = new MetaData();
    private final Table whoami = new Table("whoami", metadata, Column.of("name", Types.string(20)).primaryKey());
    private Engine primary;
    private Engine replica1;
    private Engine replica2;

    @BeforeEach
    void servers() {
        primary = server("primary");
        replica1 = server("replica1");
        replica2 = server("replica2");
    }

    @AfterEach
    void dispose() {
        primary.dispose();
        replica1.dispose();
        replica2.dispose();
    }

    private Engine server(String name) {
        Engine e = Engine.create("jdbc:sqlite::memory:");
        metadata.createAll(e);
        e.inTransaction(c -> c.execute(whoami.insert().values(Map.of("name", name))));
        return e;
    }

    private static Object who(RoutedConnection conn, Table t) {
        return conn.execute(select(t.c("name"))).scalar();
    }

    @Test
    void readsGoRoundRobinToReplicasAndWritesToThePrimary() {
        RoutingEngine db = RoutingEngine.builder(primary).replicas(replica1, replica2)
                .readYourWrites(ReadYourWrites.lagBound(Duration.ZERO)).build();
        try (RoutedConnection conn = db.connect()) {
            assertThat(List.of(who(conn, whoami), who(conn, whoami), who(conn, whoami), who(conn, whoami)))
                    .containsExactlyInAnyOrder("replica1", "replica2", "replica1", "replica2");
            conn.execute(whoami.insert().values(Map.of("name", "written")));
            assertThat(conn.lastServer()).isSameAs(primary);
            // Inside the transaction that wrote, reads see its writes: the primary's.
            assertThat(conn.execute(select(whoami.c("name")).orderBy(whoami.c("name"))).scalars()).containsExactly("primary", "written");
            conn.rollback();
            assertThat(who(conn, whoami)).isIn("replica1", "replica2");
        }
        assertThat(db.readCounts()).containsExactly(1L, 3L, 2L);
    }

    @Test
    void aCommittedWriteIsReadFromThePrimaryForTheLagBound() {
        RoutingEngine db = RoutingEngine.builder(primary).replicas(replica1)
                .readYourWrites(ReadYourWrites.lagBound(Duration.ofHours(1))).build();
        try (RoutedConnection writer = db.connect(); RoutedConnection other = db.connect()) {
            assertThat(who(writer, whoami)).isEqualTo("replica1");
            writer.execute(text("UPDATE whoami SET name = 'primary!'"));
            writer.commit();
            assertThat(who(writer, whoami)).isEqualTo("primary!");
            assertThat(who(writer, whoami)).isEqualTo("primary!");
            assertThat(who(other, whoami)).isEqualTo("replica1");
        }
    }

    @Test
    void onPrimaryAndLockingReadsStayOnThePrimary() {
        RoutingEngine db = Engine.routing(primary, replica1);
        try (RoutedConnection conn = db.connect().onPrimary()) {
            assertThat(who(conn, whoami)).isEqualTo("primary");
        }
        try (RoutedConnection conn = db.connect()) {
            conn.execute(select(whoami.c("name")).withForUpdate());
            assertThat(conn.lastServer()).isSameAs(primary);
        }
    }

    @Test
    void anUnreachableReplicaIsSkippedAndTheReadRunsElsewhere() {
        // Nothing listens on port 1.
        Engine down = Engine.create("jdbc:postgresql://127.0.0.1:1/none", EngineOptions.builder().connectTimeout(Duration.ofMillis(300)).build());
        RoutingEngine db = RoutingEngine.builder(primary).replicas(down, replica2).retryAfter(Duration.ofHours(1)).build();
        try (RoutedConnection conn = db.connect()) {
            for (int i = 0; i < 4; i++) {
                assertThat(who(conn, whoami)).isEqualTo("replica2");
            }
        } finally {
            down.dispose();
        }
        assertThat(db.readCounts()).containsExactly(0L, 0L, 4L);
    }

    @Test
    void walPositionNeedsPostgresql() {
        assertThatThrownBy(() -> RoutingEngine.builder(primary).replicas(replica1).readYourWrites(ReadYourWrites.walPosition()).build())
                .isInstanceOf(ArgumentException.class).hasMessageContaining("lagBound");
    }

    @Test
    void lsnTextOrdersAsNumbers() {
        assertThat(RoutingEngine.parseLsn("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(RoutingEngine.parseLsn("1/0")).isGreaterThan(RoutingEngine.parseLsn("0/FFFFFFFF"));
    }
}
