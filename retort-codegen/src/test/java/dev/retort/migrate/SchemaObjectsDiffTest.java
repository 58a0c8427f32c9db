package dev.retort.migrate;

import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.EnumType;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migration diff's sequences, enum types and domains on the real databases: options of a
 * sequence that changed are altered in place (its numbering kept), labels a model's enum type adds
 * are added ({@code ALTER TYPE ... ADD VALUE}), a column's new type is created with it, and types
 * no column uses any more are dropped as destructive steps. Applied, the diff is empty.
 */
class SchemaObjectsDiffTest {
    private static List<String> descriptions(Migration m) {
        return m.steps().stream().map(Migration.Step::description).toList();
    }

    private static long next(Connection conn, Sequence s) {
        return ((Number) conn.execute(select(s.nextValue())).scalar()).longValue();
    }

    private void sequenceOptionsChange(Database db) throws SQLException {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            Engine engine = scratch.engine();
            MetaData before = new MetaData();
            Sequence steps = before.addSequence(new Sequence("steps").start(1));
            before.addSequence(new Sequence("wraps").maxValue(50).cycle(true));
            before.addSequence(new Sequence("same").increment(3));
            before.createAll(engine);
            long first;
            try (Connection conn = engine.begin()) {
                first = next(conn, steps);
            }
            MetaData model = new MetaData();
            Sequence wanted = model.addSequence(new Sequence("steps").increment(5).cache(10));
            model.addSequence(new Sequence("wraps"));
            model.addSequence(new Sequence("same").increment(3).cycle(false));
            model.addSequence(new Sequence("fresh").start(7));
            Migration m = SchemaDiff.builder().build().compare(model, engine);
            assertThat(descriptions(m)).as(m.sql(true)).containsExactly("Create sequence fresh", "Alter sequence steps", "Alter sequence wraps");
            m.apply(engine, false);
            assertThat(SchemaDiff.builder().build().compare(model, engine).steps()).as("applied, nothing is left").isEmpty();
            try (Connection conn = engine.begin()) {
                Inspector inspector = engine.dialect().inspector();
                assertThat(inspector.sequence(conn.jdbc(), scratch.schema(), "steps")).isEqualTo(new Sequence("steps").increment(5).cache(10));
                assertThat(inspector.sequence(conn.jdbc(), scratch.schema(), "wraps")).isEqualTo(new Sequence("wraps"));
                assertThat(next(conn, wanted)).as("the numbering goes on from where it stood").isGreaterThan(first);
            }
        }
    }

    @Test
    void postgresqlSequenceOptionsChange() throws SQLException {
        sequenceOptionsChange(Database.POSTGRESQL);
    }

    @Test
    void mariadbSequenceOptionsChange() throws SQLException {
        sequenceOptionsChange(Database.MARIADB);
    }

    @Test
    void postgresqlEnumLabelsNewTypesAndTypesNoLongerUsed() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Engine engine = scratch.engine();
            MetaData before = new MetaData();
            new Table("t", before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("mood", Types.enumOf("mood", "sad", "happy")));
            new Table("gone", before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("d", Types.domain("old_dom", Types.TEXT).check("VALUE <> ''")));
            before.createAll(engine);
            engine.inTransaction(c -> c.execute(text("CREATE TYPE unused AS ENUM ('x')")));

            MetaData model = new MetaData();
            EnumType<String> mood = Types.enumOf("mood", "meh", "sad", "ok", "happy", "great");
            new Table("t", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("mood", mood),
                    Column.of("level", Types.enumOf("level", "low", "high")),
                    Column.of("qty", Types.domain("positive", Types.INTEGER).check("VALUE > 0")));
            Migration m = SchemaDiff.builder().build().compare(model, engine);
            assertThat(descriptions(m)).as(m.sql(true)).containsExactly("Add labels to enum type mood", "Add column t.level", "Add column t.qty",
                    "Drop table gone", "Drop domain old_dom", "Drop enum type unused");
            assertThat(m.steps().get(0).statements()).containsExactly("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad'",
                    "ALTER TYPE mood ADD VALUE 'ok' AFTER 'sad'", "ALTER TYPE mood ADD VALUE 'great' AFTER 'happy'");
            assertThat(m.steps().stream().filter(Migration.Step::destructive).map(Migration.Step::description))
                    .containsExactly("Drop table gone", "Drop domain old_dom", "Drop enum type unused");
            m.apply(engine, true);
            assertThat(SchemaDiff.builder().build().compare(model, engine).steps()).as("applied, nothing is left").isEmpty();
            Table back = Table.reflect("t", new MetaData(), engine);
            assertThat(back.c("mood").type()).isEqualTo(mood);
            assertThat(back.c("qty").type()).isEqualTo(Types.domain("positive", Types.INTEGER).check("VALUE > 0"));
            try (Connection conn = engine.connect()) {
                assertThat(engine.dialect().inspector().enums(conn.jdbc(), scratch.schema())).extracting(EnumType::name).containsExactly("level", "mood");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Labels added before the first existing one: before, the first was written BEFORE the
     * second, itself not added yet, and the migration failed ({@code "blah" is not an existing
     * enum label}); each now goes before the first label the type has. A label holding a quote and
     * a backslash stays one literal.
     */
    @Test
    void postgresqlEnumLabelsAddedBeforeTheFirstOne() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Engine engine = scratch.engine();
            MetaData before = new MetaData();
            new Table("t", before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("mood", Types.enumOf("mood", "sad")));
            before.createAll(engine);
            MetaData model = new MetaData();
            EnumType<String> mood = Types.enumOf("mood", "meh", "blah", "sad", "it's \\ ok'); DROP TABLE t; --");
            new Table("t", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("mood", mood));
            Migration m = SchemaDiff.builder().build().compare(model, engine);
            m.apply(engine, true);
            assertThat(SchemaDiff.builder().build().compare(model, engine).steps()).as("applied, nothing is left").isEmpty();
            assertThat(Table.reflect("t", new MetaData(), engine).c("mood").type()).isEqualTo(mood);
        }
    }

    /**
     * A label a migration adds to an enum type and a default that takes it: PostgreSQL refuses a
     * label added in the same transaction ("unsafe use of new value"), so the labels are committed
     * on their own first. Before, apply failed on the default and undid everything.
     */
    @Test
    void postgresqlEnumLabelAddedThenUsedByDefaultsInTheSameMigration() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Engine engine = scratch.engine();
            MetaData before = new MetaData();
            new Table("t", before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("mood", Types.enumOf("mood", "sad", "happy")));
            before.createAll(engine);
            engine.inTransaction(c -> c.execute(text("INSERT INTO t (id, mood) VALUES (1, 'sad')")));

            MetaData model = new MetaData();
            EnumType<String> mood = Types.enumOf("mood", "sad", "happy", "great");
            new Table("t", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("mood", mood).serverDefault("great"),
                    Column.of("mood2", mood).nullable(false).serverDefault("great"));
            Migration m = SchemaDiff.builder().build().compare(model, engine);
            assertThat(descriptions(m)).as(m.sql(true)).startsWith("Add labels to enum type mood");
            assertThat(m.steps().get(0).ownTransaction()).isTrue();
            assertThat(m.steps().subList(1, m.steps().size())).noneMatch(Migration.Step::ownTransaction);
            m.apply(engine, false);
            assertThat(SchemaDiff.builder().build().compare(model, engine).steps()).as("applied, nothing is left").isEmpty();
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(text("SELECT mood2 FROM t WHERE id = 1")).scalar()).isEqualTo("great");
            }
        }
    }
    /**
     * Types no model column uses are dropped after the columns and tables that used them, a domain
     * before the enum type it is of; one that a table of another schema (which the diff leaves
     * alone) still uses is kept. Before, the diff dropped it and the migration failed ("cannot
     * drop type ... because other objects depend on it").
     */
    @Test
    void postgresqlTypesNoLongerUsedAreDroppedAfterTheirColumnsButNotWhileAnotherSchemaUsesThem() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL);
                ScratchDatabase other = ScratchDatabase.create(Database.POSTGRESQL)) {
            Engine engine = scratch.engine();
            MetaData before = new MetaData();
            EnumType<String> shared = Types.enumOf("shared", "a", "b");
            new Table("t", before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("level", Types.enumOf("level", "low", "high")),
                    Column.of("tag", Types.domain("tag_dom", Types.enumOf("tag", "x", "y"))), Column.of("s", shared));
            new Table("gone", before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("levels", Types.array(Types.enumOf("level", "low", "high"))));
            before.createAll(engine);
            String qualified = scratch.schema() + ".shared";
            other.engine().inTransaction(c -> c.execute(text("CREATE TABLE elsewhere (s " + qualified + ")")));

            MetaData model = new MetaData();
            new Table("t", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("level", Types.TEXT));
            Migration m = SchemaDiff.builder().build().compare(model, engine);
            assertThat(descriptions(m)).as(m.sql(true)).containsExactly("Drop column t.tag", "Drop column t.s", "Alter column t.level [TYPE]",
                    "Drop table gone", "Drop domain tag_dom", "Drop enum type level", "Drop enum type tag");
            m.apply(engine, true);
            assertThat(SchemaDiff.builder().build().compare(model, engine).steps()).as("applied, nothing is left").isEmpty();
            try (Connection conn = engine.connect()) {
                assertThat(engine.dialect().inspector().enums(conn.jdbc(), scratch.schema())).extracting(EnumType::name).containsExactly("shared");
                assertThat(engine.dialect().inspector().domains(conn.jdbc(), scratch.schema())).isEmpty();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
    }
}
