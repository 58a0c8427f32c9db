package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.codegen.CodeGenerator;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.MysqlTypes;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Times and timestamps with a precision, FLOAT(p), PostgreSQL's BIT and multi-dimensional arrays,
 * MySQL's ENUM and SET: a table created from a model, diffed against the database, has no step;
 * the reflection of it diffs empty too, and code generation writes the precise types.
 */
class PrecisionTypesDiffTest {

    private static void assertNoDiff(MetaData model, ScratchDatabase scratch) {
        model.createAll(scratch.engine());
        Migration m = SchemaDiff.builder().build().compare(model, scratch.engine());
        assertThat(m.steps()).as(m.sql(true)).isEmpty();
        MetaData reflected = new MetaData();
        reflected.reflect(scratch.engine());
        Migration again = SchemaDiff.builder().build().compare(reflected, scratch.engine());
        assertThat(again.steps()).as(again.sql(true)).isEmpty();
    }

    @Test
    void postgresqlPrecisionsBitsAndDimensionsDiffEmptyAndGenerate() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            MetaData model = new MetaData();
            new Table("precise", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("tz", Types.timestamp(3)),
                    Column.of("dt", Types.datetime(0)), Column.of("tm", Types.time(6)), Column.of("plain", Types.TIMESTAMP),
                    Column.of("f_single", Types.floatType(2)), Column.of("f_double", Types.floatType(53)), Column.of("bits", Types.bit(5)),
                    Column.of("vbits", Types.bitVarying(null)), Column.of("grid", Types.array(Types.timestamp(2)).dimensions(2)));
            assertNoDiff(model, scratch);
            Map<String, String> sources = CodeGenerator.builder().packageName("com.acme.db").build().generate(scratch.engine());
            String source = sources.values().stream().filter(s -> s.contains("\"precise\"")).findFirst().orElseThrow();
            assertThat(source).contains("Types.timestamp(3)", "Types.datetime(0)", "Types.time(6)", "Types.array(Types.timestamp(2)).dimensions(2)");
        }
    }

    @Test
    void modelFilesKeepThePrecisions() {
        MetaData model = new MetaData();
        Table t = new Table("precise", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("tz", Types.timestamp(3)),
                Column.of("dt", Types.datetime(0)), Column.of("tm", Types.time(6)), Column.of("f", Types.floatType(24)));
        String json = ModelFile.write(model);
        assertThat(json).contains("\"precision\"");
        Table back = ModelFile.read(json).table("precise");
        for (var d : java.util.List.of(dev.retort.dialect.Dialects.postgresql(), dev.retort.dialect.Dialects.mariadb())) {
            for (String c : java.util.List.of("tz", "dt", "tm", "f")) {
                assertThat(back.c(c).type().compile(d)).as(c).isEqualTo(t.c(c).type().compile(d));
            }
        }
        String bad = json.replaceFirst("\"precision\": ?3", "\"precision\": 9");
        assertThat(bad).isNotEqualTo(json);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelFile.read(bad)).isInstanceOf(ModelFileException.class).hasMessageContaining("TIMESTAMP");
    }

    @Test
    void mariadbPrecisionsEnumsAndSetsDiffEmpty() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB)) {
            MetaData model = new MetaData();
            new Table("precise", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("tz", Types.timestamp(3)),
                    Column.of("dt", Types.datetime(0)), Column.of("tm", Types.time(2)), Column.of("f_single", Types.floatType(2)),
                    Column.of("f_double", Types.floatType(53)), Column.of("size", MysqlTypes.enumOf("S", "M")),
                    Column.of("perms", MysqlTypes.set("read", "write")));
            assertNoDiff(model, scratch);
        }
    }
}
