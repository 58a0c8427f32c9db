package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sequences compiled per dialect (the expected SQL is SQLAlchemy 2.1.1's, as its suite's
 * test_sequences.py and the dialect compiler tests assert it; the suite ports those calls).
 */
class SequenceDdlTest {
    private static String pg(ClauseElement e) {
        return e.compile(Dialects.postgresql()).string();
    }

    private static String mariadb(ClauseElement e) {
        return e.compile(Dialects.mariadb()).string();
    }

    @Test
    void createSequenceWritesOptionsInSqlalchemysOrder() {
        Sequence s = new Sequence("foo_seq").start(1).increment(2).noMinValue(true).noMaxValue(true).cycle(false).cache(100);
        assertThat(new CreateSequence(s).toString()).isEqualTo("CREATE SEQUENCE foo_seq INCREMENT BY 2 START WITH 1 NO MINVALUE NO MAXVALUE CACHE 100 NO CYCLE");
        assertThat(mariadb(new CreateSequence(s))).isEqualTo("CREATE SEQUENCE foo_seq INCREMENT BY 2 START WITH 1 NO MINVALUE NO MAXVALUE CACHE 100 NOCYCLE");
        assertThat(pg(new CreateSequence(new Sequence("s1").dataType(Types.BIGINT).schema("Sch")).ifNotExists()))
                .isEqualTo("CREATE SEQUENCE IF NOT EXISTS \"Sch\".s1 AS BIGINT");
        assertThat(new DropSequence(s).ifExists().toString()).isEqualTo("DROP SEQUENCE IF EXISTS foo_seq");
    }

    @Test
    void sequenceOptionsAreCheckedAndCopied() {
        Sequence s = new Sequence("s");
        assertThat(s.start(5)).isNotSameAs(s);
        assertThat(s.start()).isNull();
        assertThatThrownBy(() -> s.cache(0)).hasMessageContaining("CACHE is at least 1");
        assertThatThrownBy(() -> new Sequence("")).hasMessageContaining("needs a name");
    }

    @Test
    void nextValueIsRenderedPerDialectAndRefusedWithoutSequences() {
        Sequence s = new Sequence("some'seq").schema("my'schema");
        assertThat(pg(select(s.nextValue()))).isEqualTo("SELECT nextval('\"my''schema\".\"some''seq\"') AS next_value_1");
        assertThat(mariadb(select(new Sequence("s").schema("sc").nextValue()))).isEqualTo("SELECT nextval(sc.s) AS next_value_1");
        assertThat(select(new Sequence("s").nextValue()).toString()).isEqualTo("SELECT <next sequence value: s> AS next_value_1");
        assertThatThrownBy(() -> select(s.nextValue()).compile(Dialects.sqlite())).isInstanceOf(CompileException.class)
                .hasMessageContaining("Dialect 'sqlite' does not support sequence increments");
        assertThatThrownBy(() -> select(s.nextValue()).compile(Dialects.mysql())).isInstanceOf(CompileException.class)
                .hasMessageContaining("Dialect 'mysql' does not support sequence increments");
    }

    @Test
    void nextValuesOfOneSequenceAreEqualAndKeyAlike() {
        Sequence s = new Sequence("s").dataType(Types.BIGINT);
        assertThat(select(s.nextValue()).compare(select(s.nextValue()))).isTrue();
        assertThat(select(s.nextValue()).cacheKey()).isEqualTo(select(s.nextValue()).cacheKey());
        assertThat(select(s.nextValue()).cacheKey()).isNotEqualTo(select(s.schema("x").nextValue()).cacheKey());
        assertThat(s.nextValue().type()).isEqualTo(Types.BIGINT);
    }

    @Test
    void nextValueSurvivesTheSerializer() {
        ClauseElement stmt = select(new Sequence("s").schema("x").dataType(Types.BIGINT).nextValue());
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).as(p.name()).isTrue();
            assertThat(pg(back)).isEqualTo("SELECT nextval('x.s') AS next_value_1");
        }
    }

    @Test
    void aColumnsSequenceFillsInsertsAndReplacesSerialAndAutoIncrement() {
        MetaData md = new MetaData();
        Sequence s = new Sequence("t_id_seq").schema("sc");
        Table t = new Table("t", md, Column.of("id", Types.INTEGER).primaryKey().sequence(s), Column.of("d", Types.string(5)));
        assertThat(pg(insert(t).values(Map.of("d", "x")))).isEqualTo("INSERT INTO t (id, d) VALUES (nextval('sc.t_id_seq'), ?)");
        assertThat(pg(insert(t).values(List.of(Map.of("d", "x"), Map.of("d", "y")))))
                .isEqualTo("INSERT INTO t (id, d) VALUES (nextval('sc.t_id_seq'), ?), (nextval('sc.t_id_seq'), ?)");
        assertThat(pg(insert(t).values(Map.of("id", 5, "d", "x")))).as("a value given wins").isEqualTo("INSERT INTO t (id, d) VALUES (?, ?)");
        assertThat(mariadb(insert(t).values(Map.of("d", "x")))).isEqualTo("INSERT INTO t (id, d) VALUES (nextval(sc.t_id_seq), ?)");
        assertThat(insert(t).values(Map.of("d", "x")).compile(Dialects.sqlite()).string()).isEqualTo("INSERT INTO t (d) VALUES (?)");
        assertThat(pg(new CreateTable(t))).contains("id INTEGER NOT NULL").doesNotContain("SERIAL");
        assertThat(mariadb(new CreateTable(t))).contains("id INTEGER NOT NULL,").doesNotContain("AUTO_INCREMENT");
        assertThat(new CreateTable(t).compile(Dialects.mysql()).string()).contains("AUTO_INCREMENT");
        assertThat(md.sequences()).containsOnlyKeys("sc.t_id_seq");
    }

    @Test
    void anOptionalSequenceLeavesSerialAlone() {
        Table t = new Table("t", new MetaData(), Column.of("id", Types.INTEGER).primaryKey().sequence(new Sequence("s").optional(true)));
        assertThat(pg(new CreateTable(t))).contains("id SERIAL NOT NULL");
        assertThat(pg(insert(t).values(Map.of()))).doesNotContain("nextval");
        Table u = new Table("u", new MetaData(), Column.of("id", Types.INTEGER).primaryKey().sequence(new Sequence("s")));
        assertThat(pg(insert(u).values(Map.of()))).as("a row of defaults").isEqualTo("INSERT INTO u (id) VALUES (nextval('s'))");
    }

    @Test
    void aNextValueAsServerDefault() {
        Table t = new Table("t", new MetaData(), Column.of("id", Types.INTEGER).serverDefault(new Sequence("s").nextValue()));
        assertThat(pg(new CreateTable(t))).contains("id INTEGER DEFAULT nextval('s')");
    }

    @Test
    void metadataKeepsItsOwnSequencesOnce() {
        MetaData md = new MetaData();
        Sequence s = md.addSequence(new Sequence("inv"));
        assertThat(md.addSequence(new Sequence("inv"))).isEqualTo(s);
        assertThatThrownBy(() -> md.addSequence(new Sequence("inv").start(3))).hasMessageContaining("Another sequence 'inv'");
        assertThat(md.sequences()).containsOnlyKeys("inv");
    }
}
