package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sequences on PostgreSQL and MariaDB: {@code createAll} creates them before the tables and
 * {@code dropAll} drops them after, an INSERT without a key takes the column's sequence's next
 * value (and reports it as the inserted key), a next value selects, IF [NOT] EXISTS makes a second
 * CREATE / DROP do nothing, and reflection sees the sequence. Names carry a random suffix.
 */
class SequenceOnServersTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);

    private void sequencesRoundTrip(Engine engine) throws SQLException {
        MetaData md = new MetaData();
        Sequence ids = new Sequence("ids" + s).start(100).increment(5);
        Sequence own = md.addSequence(new Sequence("own" + s).start(7));
        Table t = new Table("seqt" + s, md, Column.of("id", Types.INTEGER).primaryKey().sequence(ids), Column.of("d", Types.string(5)));
        md.createAll(engine);
        try {
            try (Connection conn = engine.begin()) {
                Inspector inspector = engine.dialect().inspector();
                String schema = inspector.defaultSchema(conn.jdbc());
                assertThat(inspector.sequenceNames(conn.jdbc(), schema)).contains("ids" + s, "own" + s);
                assertThat(inspector.hasSequence(conn.jdbc(), schema, "ids" + s)).isTrue();
                assertThat(inspector.tableNames(conn.jdbc(), schema)).as("a MariaDB sequence is no table").doesNotContain("ids" + s);
                var one = conn.execute(insert(t).values(Map.of("d", "a")));
                assertThat(one.insertedPrimaryKeys().get(0).get(0)).isEqualTo(100);
                var many = conn.execute(insert(t), List.of(Map.of("d", "b"), Map.of("d", "c")));
                assertThat(many.insertedPrimaryKeys()).extracting(r -> r.get(0)).containsExactly(105, 110);
                assertThat(conn.execute(select(t.c("id")).orderBy(t.c("id"))).scalars()).containsExactly(100, 105, 110);
                assertThat(((Number) conn.execute(select(own.nextValue())).scalar()).longValue()).isEqualTo(7L);
                conn.execute(new CreateSequence(own).ifNotExists());
                assertThat(((Number) conn.execute(select(own.nextValue())).scalar()).longValue()).as("IF NOT EXISTS left it").isEqualTo(8L);
            }
        } finally {
            md.dropAll(engine);
        }
        try (Connection conn = engine.begin()) {
            Inspector inspector = engine.dialect().inspector();
            String schema = inspector.defaultSchema(conn.jdbc());
            assertThat(inspector.hasSequence(conn.jdbc(), schema, "ids" + s)).as("dropAll drops the sequences last").isFalse();
            assertThat(inspector.hasSequence(conn.jdbc(), schema, "own" + s)).isFalse();
            conn.execute(new DropSequence(own).ifExists());
        }
    }

    @Test
    void postgresql() throws SQLException {
        sequencesRoundTrip(Databases.postgresql());
    }

    @Test
    void mariadb() throws SQLException {
        sequencesRoundTrip(Databases.mariadb());
    }

    /** PostgreSQL: the next value as the column's server default, which a plain INSERT takes too. */
    @Test
    void postgresqlServerDefault() {
        Engine engine = Databases.postgresql();
        MetaData md = new MetaData();
        Sequence seq = md.addSequence(new Sequence("sd" + s).start(40));
        Table t = new Table("sdt" + s, md, Column.of("id", Types.INTEGER).serverDefault(seq.nextValue()), Column.of("d", Types.string(5)));
        md.createAll(engine);
        try (Connection conn = engine.begin()) {
            conn.execute(insert(t).values(Map.of("d", "a")));
            conn.execute(dev.retort.sql.SQL.text("INSERT INTO " + t.name() + " (d) VALUES ('b')"));
            assertThat(conn.execute(select(t.c("id")).orderBy(t.c("id"))).scalars()).containsExactly(40, 41);
        } finally {
            md.dropAll(engine);
        }
    }

    /** SQLite has no sequences: createAll passes them by, and the key is generated as SQLite generates it. */
    @Test
    void sqlitePassesSequencesBy() {
        Engine engine = Databases.sqlite();
        MetaData md = new MetaData();
        Table t = new Table("seqt" + s, md, Column.of("id", Types.INTEGER).primaryKey().sequence(new Sequence("ids" + s)), Column.of("d", Types.string(5)));
        md.createAll(engine);
        try (Connection conn = engine.begin()) {
            assertThat(conn.execute(insert(t).values(Map.of("d", "a"))).insertedPrimaryKeys().get(0).get(0)).isEqualTo(1);
        } finally {
            md.dropAll(engine);
        }
    }
}
