package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.testing.Databases;
import dev.retort.types.DomainType;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reflection of sequences with their options (PostgreSQL, MariaDB) and of PostgreSQL domains with
 * theirs: what is reflected equals what was declared, options at the database's defaults left
 * unset. Names carry a random suffix; everything is dropped.
 */
class SequenceAndDomainReflectionTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);

    private void sequencesReflect(Engine engine, List<Sequence> declared) throws SQLException {
        try (Connection conn = engine.begin()) {
            for (Sequence seq : declared) {
                conn.execute(new CreateSequence(seq));
            }
        }
        try (Connection conn = engine.connect()) {
            Inspector inspector = engine.dialect().inspector();
            String schema = inspector.defaultSchema(conn.jdbc());
            for (Sequence seq : declared) {
                assertThat(inspector.sequence(conn.jdbc(), schema, seq.name())).as(seq.name()).isEqualTo(seq);
            }
            assertThat(inspector.sequence(conn.jdbc(), schema, "none" + s)).isNull();
        } finally {
            try (Connection conn = engine.begin()) {
                for (Sequence seq : declared) {
                    conn.execute(new DropSequence(seq).ifExists());
                }
            }
        }
    }

    @Test
    void postgresqlSequenceOptions() throws SQLException {
        sequencesReflect(Databases.postgresql(), List.of(
                new Sequence("plain" + s),
                new Sequence("opts" + s).start(100).increment(5).minValue(10).maxValue(1000).cache(3).cycle(true),
                new Sequence("down" + s).dataType(Types.INTEGER).increment(-2).start(-10),
                new Sequence("small" + s).dataType(Types.SMALLINT).maxValue(500)));
    }

    @Test
    void mariadbSequenceOptions() throws SQLException {
        sequencesReflect(Databases.mariadb(), List.of(
                new Sequence("plain" + s),
                new Sequence("opts" + s).start(100).increment(5).minValue(10).maxValue(1000).cache(3).cycle(true),
                new Sequence("down" + s).increment(-2).start(-10)));
    }

    @Test
    void postgresqlDomainOptions() throws SQLException {
        Engine engine = Databases.postgresql();
        DomainType<Integer> positive = Types.domain("positive" + s, Types.INTEGER).defaultValue(5).notNull(true).check("VALUE > 0");
        DomainType<String> code = Types.domain("code" + s, Types.TEXT).collation("C").constraintName("ck" + s).check("length(VALUE) > 1");
        DomainType<Integer> two = Types.domain("two" + s, Types.INTEGER, "CONSTRAINT hi" + s + " CHECK (VALUE < 10)").notNull(true).check("VALUE > 0");
        var mood = Types.enumOf("mood" + s, "sad", "ok", "happy");
        MetaData md = new MetaData();
        Table t = new Table("domt" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("p", positive),
                Column.of("c", code), Column.of("t", two), Column.of("m", mood));
        md.createAll(engine);
        try {
            Table back = Table.reflect(t.name(), new MetaData(), engine);
            assertThat(back.c("p").type()).isEqualTo(positive);
            assertThat(back.c("c").type()).isEqualTo(code);
            assertThat(back.c("t").type()).as("a second CHECK stays in the constraints' text").isEqualTo(two);
            assertThat(back.c("m").type()).isEqualTo(mood);
            try (Connection conn = engine.connect()) {
                Inspector inspector = engine.dialect().inspector();
                String schema = inspector.defaultSchema(conn.jdbc());
                assertThat(inspector.enums(conn.jdbc(), schema)).as("the schema's enum types").contains(mood);
                assertThat(inspector.domains(conn.jdbc(), schema)).as("the schema's domains").contains(positive, code, two);
            }
        } finally {
            md.dropAll(engine);
        }
    }

    /**
     * A domain's second CHECK is kept as SQL text, its name in it: before, the name was written
     * bare, so a name of odd characters (a quote, a space, upper case) reflected as SQL that
     * creates another constraint or none ({@code CONSTRAINT Hi "x" CHECK ...}). Now it is quoted.
     */
    @Test
    void postgresqlDomainConstraintNamesAreQuotedInTheirText() throws SQLException {
        Engine engine = Databases.postgresql();
        String odd = "Hi \"x\" " + s;
        DomainType<Integer> two = Types.domain("odd" + s, Types.INTEGER, "CONSTRAINT \"" + odd.replace("\"", "\"\"") + "\" CHECK (VALUE < 10)")
                .notNull(true).check("VALUE > 0");
        MetaData md = new MetaData();
        Table t = new Table("oddt" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("t", two));
        md.createAll(engine);
        try {
            var back = (DomainType<?>) Table.reflect(t.name(), new MetaData(), engine).c("t").type();
            assertThat(back).isEqualTo(two);
            // What was reflected creates the same domain again.
            md.dropAll(engine);
            MetaData again = new MetaData();
            new Table(t.name(), again, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("t", back));
            again.createAll(engine);
            assertThat(Table.reflect(t.name(), new MetaData(), engine).c("t").type()).isEqualTo(two);
        } finally {
            md.dropAll(engine);
        }
    }
}
