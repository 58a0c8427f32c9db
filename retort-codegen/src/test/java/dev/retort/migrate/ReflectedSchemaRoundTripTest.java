package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.sql.SQL;
import dev.retort.schema.Column;
import dev.retort.schema.Identity;
import dev.retort.schema.MetaData;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * A schema created from a model, reflected back: the diff of the model and of the reflection
 * against the database each has no step (PostgreSQL's enum types, domains, arrays and identity
 * columns; SQLite's type affinities). Standalone sequences are left out: reflecting a MetaData
 * loads tables only, as SQLAlchemy's does, so the diff of a reflection would drop them.
 */
class ReflectedSchemaRoundTripTest {
    private static void noStepEitherWay(MetaData model, Engine engine) {
        model.createAll(engine);
        Migration fromModel = SchemaDiff.builder().build().compare(model, engine);
        assertThat(fromModel.steps()).as(fromModel.sql(true)).isEmpty();
        MetaData reflected = new MetaData();
        reflected.reflect(engine);
        Migration fromReflection = SchemaDiff.builder().build().compare(reflected, engine);
        assertThat(fromReflection.steps()).as(fromReflection.sql(true)).isEmpty();
    }

    @Test
    void postgresqlEnumsDomainsArraysSequencesAndIdentityColumns() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            MetaData model = new MetaData();
            new Table("rt", model, Column.of("id", Types.BIGINT).primaryKey().identity(Identity.generatedByDefault().start(1000)),
                    Column.of("mood", Types.enumOf("mood", "sad", "ok")),
                    Column.of("moods", Types.array(Types.enumOf("mood", "sad", "ok"))),
                    Column.of("qty", Types.domain("positive", Types.INTEGER).check("VALUE > 0")),
                    Column.of("nums", Types.array(Types.INTEGER)),
                    Column.of("tags", Types.array(Types.TEXT)));
            noStepEitherWay(model, scratch.engine());
        }
    }

    @Test
    void postgresqlColumnDrawingFromASequenceItDoesNotOwnKeepsItsDefault() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            MetaData model = new MetaData();
            model.addSequence(new Sequence("ticket"));
            new Table("rt", model, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("no", Types.INTEGER).serverDefault(SQL.text("nextval('ticket')")));
            model.createAll(scratch.engine());
            Migration fromModel = SchemaDiff.builder().build().compare(model, scratch.engine());
            assertThat(fromModel.steps()).as(fromModel.sql(true)).isEmpty();
            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            assertThat(reflected.table("rt").c("no").serverDefault()).isNotNull();
            assertThat(reflected.table("rt").c("id").isAutoincrement()).isTrue();
            // MetaData.reflect loads tables only: the sequence is declared as in the model.
            reflected.addSequence(new Sequence("ticket"));
            Migration fromReflection = SchemaDiff.builder().build().compare(reflected, scratch.engine());
            assertThat(fromReflection.steps()).as(fromReflection.sql(true)).isEmpty();
        }
    }

    @Test
    void sqliteTypeAffinities() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.SQLITE)) {
            MetaData model = new MetaData();
            new Table("rt", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)), Column.of("body", Types.TEXT),
                    Column.of("price", Types.numeric(10, 2)), Column.of("ratio", Types.DOUBLE), Column.of("flag", Types.BOOLEAN),
                    Column.of("at", Types.DATETIME), Column.of("day", Types.DATE), Column.of("data", Types.LARGE_BINARY), Column.of("big", Types.BIGINT));
            noStepEitherWay(model, scratch.engine());
        }
    }
}
