package dev.retort.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.migrate.Migration;
import dev.retort.migrate.ModelFile;
import dev.retort.migrate.SchemaDiff;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.EnumType;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog whose names, comments, enum labels, defaults and checks are crafted (quotes,
 * backslashes, newlines, comment ends, {@code ${}}, look-alike letters, the longest names, SQL
 * keywords, a table of the most columns): reflected, generated as Java (compiled here) and
 * recreated by {@code migrate diff} in an empty database, where the diff then has no step (nor
 * from the catalog written to a model file and read back).
 */
class HostileCatalogCodegenTest {
    @TempDir
    Path dir;

    private static void ddl(Engine engine, List<String> statements) throws Exception {
        try (var conn = engine.connect(); Statement st = conn.jdbc().createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
            conn.jdbc().commit();
        }
    }

    private static String wide(String open, String close, int columns) {
        StringJoiner cols = new StringJoiner(", ");
        for (int i = 0; i < columns; i++) {
            cols.add("c" + i + " int");
        }
        return "CREATE TABLE " + open + "wide" + close + " (" + cols + ")";
    }

    /** The reflected catalog, once generated, compiled, recreated and compared. */
    private MetaData roundTrip(Database db, List<String> statements) throws Exception {
        try (ScratchDatabase hostile = ScratchDatabase.create(db); ScratchDatabase empty = ScratchDatabase.create(db)) {
            ddl(hostile.engine(), statements);
            MetaData reflected = new MetaData();
            reflected.reflect(hostile.engine());
            Map<String, String> sources = CodeGenerator.builder().packageName("p").build().generate(hostile.engine());
            GeneratedSources.compile(sources, dir.resolve(db.name()));
            Migration create = SchemaDiff.builder().build().compare(reflected, empty.engine());
            create.apply(empty.engine(), false);
            Migration again = SchemaDiff.builder().build().compare(reflected, empty.engine());
            assertThat(again.steps()).as(db + ": " + again.sql(true)).isEmpty();
            Migration fromFile = SchemaDiff.builder().build().compare(ModelFile.read(ModelFile.write(reflected)), empty.engine());
            assertThat(fromFile.steps()).as(db + " through a model file: " + fromFile.sql(true)).isEmpty();
            MetaData recreated = new MetaData();
            recreated.reflect(empty.engine());
            assertThat(recreated.tables().keySet()).isEqualTo(reflected.tables().keySet());
            for (Table t : reflected.tables().values()) {
                Table r = recreated.table(t.key());
                assertThat(r.comment()).as(t.key()).isEqualTo(t.comment());
                assertThat(r.columns().stream().map(c -> c.name() + " " + c.comment()).toList())
                        .isEqualTo(t.columns().stream().map(c -> c.name() + " " + c.comment()).toList());
            }
            return reflected;
        }
    }

    private static final List<String> LABELS = List.of("a\"b", "c'd", "e\\f", "*/ ${g}", "h\nI");

    /** The labels of the enum column {@code m}, as reflected. */
    private static List<String> labels(MetaData md, String table) {
        return ((EnumType<?>) md.table(table).c("m").type()).labels();
    }

    @Test
    void postgresql() throws Exception {
        String t = "\"t\"\"*/ ${x}\\u0022\n\"";
        MetaData reflected = roundTrip(Database.POSTGRESQL, List.of(
                "CREATE TYPE \"mood\"\"; */ ${x}\" AS ENUM ('a\"b', 'c''d', 'e\\f', '*/ ${g}', 'h\nI')",
                "CREATE TABLE " + t + " (\"id\"\"); System.exit(1); //\" int CONSTRAINT \"pk\"\"*/\" PRIMARY KEY,"
                        + " \"select\" text DEFAULT E'x\\'); DROP TABLE y; --\\\\' CONSTRAINT \"ck\"\"\\\" CHECK (\"select\" <> '*/\\u0022'),"
                        + " \"m\" \"mood\"\"; */ ${x}\", \"" + "a".repeat(63) + "\" int, \"аdmin\" int, \"admin\" int UNIQUE)",
                "COMMENT ON TABLE " + t + " IS E'*/ } class X { \\\\u0022 ${y}\\n'",
                "COMMENT ON COLUMN " + t + ".\"select\" IS E'back\\\\slash '' quote */'",
                "CREATE INDEX \"ix\"\"*/\\\" ON " + t + " (lower(\"select\"))",
                "CREATE TABLE \"order\" (\"from\" int REFERENCES " + t + " (\"admin\"), \"user\" text DEFAULT '${user}')",
                wide("", "", 1600)));
        assertThat(labels(reflected, "t\"*/ ${x}\\u0022\n")).isEqualTo(LABELS);
    }

    @Test
    void mariadb() throws Exception {
        String t = "`t\"*/\n${x}\\u0022`";
        MetaData reflected = roundTrip(Database.MARIADB, List.of(
                "CREATE TABLE " + t + " (`id\"); System.exit(1); //` int PRIMARY KEY,"
                        + " `select` varchar(50) DEFAULT 'x\\'); DROP TABLE y; --\\\\' COMMENT 'back\\\\slash '' quote */',"
                        + " `m` enum('a\"b', 'c''d', 'e\\\\f', '*/ ${g}', 'h\\nI'), `" + "a".repeat(64) + "` int, `аdmin` int, `admin` int UNIQUE,"
                        + " CONSTRAINT `ck\"``\\` CHECK (`select` <> '*/\\\\u0022'))"
                        + " COMMENT '*/ } class X { \\\\u0022 ${y}\\n'",
                "CREATE INDEX `ix\"*/\\` ON " + t + " (`select`(10))",
                "CREATE TABLE `order` (`from` int, `user` varchar(20) DEFAULT '${user}', FOREIGN KEY `fk``*/` (`from`) REFERENCES " + t + " (`admin`))",
                wide("`", "`", 1000)));
        assertThat(labels(reflected, "t\"*/\n${x}\\u0022")).as("backslash and newline unescaped").isEqualTo(LABELS);
    }

    @Test
    void sqlite() throws Exception {
        String t = "\"t\"\"*/ ${x}\\u0022\n\"";
        roundTrip(Database.SQLITE, List.of(
                "CREATE TABLE " + t + " (\"id\"\"); System.exit(1); //\" int PRIMARY KEY,"
                        + " \"select\" text DEFAULT 'x''); DROP TABLE y; --\\' CONSTRAINT \"ck\"\"\\\" CHECK (\"select\" <> '*/\\u0022'),"
                        + " \"" + "a".repeat(64) + "\" int, \"аdmin\" int, \"admin\" int UNIQUE)",
                "CREATE INDEX \"ix\"\"*/\\\" ON " + t + " (lower(\"select\"))",
                "CREATE TABLE \"order\" (\"from\" int CONSTRAINT \"fk\"\"*/\" REFERENCES " + t + " (\"admin\"), \"user\" text DEFAULT '${user}')",
                wide("", "", 2000)));
    }

    /**
     * Failed before the fix: a step's comment line replaced only newlines, and PostgreSQL (psql,
     * Flyway, the JDBC driver) ends a {@code --} comment at a carriage return too, so a table named
     * {@code t\rDROP TABLE victim; --} made the printed script drop another table.
     */
    @Test
    void aNameCannotEndTheCommentOfItsStep() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            ddl(scratch.engine(), List.of("CREATE TABLE victim (id int)"));
            MetaData model = new MetaData();
            new Table("victim", model, dev.retort.schema.Column.of("id", dev.retort.types.Types.INTEGER));
            new Table("t\rDROP TABLE victim; --", model, dev.retort.schema.Column.of("id", dev.retort.types.Types.INTEGER));
            String script = SchemaDiff.builder().build().compare(model, scratch.engine()).sql(false);
            assertThat(script).as("the comment stays on its line").contains("-- Create table t DROP TABLE victim; --\n");
            ddl(scratch.engine(), List.of(script));
            MetaData after = new MetaData();
            after.reflect(scratch.engine());
            assertThat(after.tables().keySet()).containsExactlyInAnyOrder("victim", "t\rDROP TABLE victim; --");
        }
    }

    /**
     * Failed before the fix: Flyway replaces {@code ${...}} anywhere in a migration's text, so a
     * quoted name, a string default or a comment holding one was substituted (another value in the
     * database) or failed the deploy ("No value provided for placeholder"). writeFlyway refuses such
     * a script naming the step; the printed script keeps it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"name", "default", "destructive"})
    void aFlywayFileHoldsNoPlaceholder(String where) {
        MetaData db = new MetaData();
        MetaData model = new MetaData();
        var id = dev.retort.schema.Column.of("id", dev.retort.types.Types.INTEGER);
        switch (where) {
            case "name" -> new Table("a${b}", model, id);
            case "default" -> new Table("t", model, id, dev.retort.schema.Column.of("who", dev.retort.types.Types.string(20)).serverDefault("${user}"));
            default -> new Table("old${x}", db, id);
        }
        Migration m = SchemaDiff.builder().build().compare(model, db, dev.retort.dialect.Dialects.postgresql());
        assertThat(m.sql(false)).contains("${");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.writeFlyway(dir, "3", "placeholder", false))
                .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining(m.steps().get(0).description())
                .hasMessageContaining("placeholderReplacement");
        assertThat(dir.resolve("V3__placeholder.sql")).doesNotExist();
    }
}
