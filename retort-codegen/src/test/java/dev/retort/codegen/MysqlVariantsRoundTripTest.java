package dev.retort.codegen;

import static dev.retort.codegen.GeneratedSources.staticField;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.migrate.Migration;
import dev.retort.migrate.ModelFile;
import dev.retort.migrate.SchemaDiff;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.MysqlTypes;
import dev.retort.types.Types;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB table of columns whose spelling only MySQL's own types keep (UNSIGNED, ZEROFILL, a
 * collation other than the table's, fractional seconds, TINYINT, MEDIUMTEXT, TIMESTAMP, BIT(n)):
 * reflected, then written as a model file and read back, and generated as Java and compiled; each
 * is the database again, so a diff against it is empty. Before, the model file lost the reflected
 * types' MySQL variants and the diff asked to change every such column.
 */
class MysqlVariantsRoundTripTest {
    @TempDir
    Path dir;

    private static final String COLUMNS = "id INT UNSIGNED NOT NULL PRIMARY KEY, tiny TINYINT, flag TINYINT(1), small SMALLINT(5) UNSIGNED ZEROFILL,"
            + " med MEDIUMINT, big BIGINT UNSIGNED, price DECIMAL(12,4) UNSIGNED, code CHAR(3) CHARACTER SET latin1 COLLATE latin1_bin,"
            + " name VARCHAR(40) COLLATE utf8mb4_bin, body MEDIUMTEXT, note TINYTEXT, story LONGTEXT, at DATETIME(3), stamp TIMESTAMP(2) NULL,"
            + " whole TIMESTAMP NULL, tm TIME(4), bits BIT(12)";

    @Test
    void aReflectedMariadbTableSurvivesTheModelFileAndCodeGeneration() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB)) {
            scratch.engine().inTransaction(c -> c.execute(text("CREATE TABLE odd (" + COLUMNS + ") DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci")));
            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            SchemaDiff diff = SchemaDiff.builder().build();
            Migration same = diff.compare(reflected, scratch.engine());
            assertThat(same.steps()).as(same.sql(true)).isEmpty();

            String file = ModelFile.write(reflected);
            MetaData read = ModelFile.read(file);
            assertThat(ModelFile.write(read)).isEqualTo(file);
            Migration fromFile = diff.compare(read, scratch.engine());
            assertThat(fromFile.steps()).as(fromFile.sql(true)).isEmpty();
            assertThat(file).contains("\"variants\"", "\"mysql\": \"BIT\"", "int(10) unsigned", "latin1_bin", "mediumtext", "timestamp(2)");

            java.util.Map<String, String> sources = CodeGenerator.builder().packageName("com.acme.db").build().generate(scratch.engine());
            // the generic type and its Java type stay, the column's MySQL spelling is the variant
            assertThat(sources.get("com/acme/db/Odd.java")).contains("Types.BIGINT.withVariant(Types.named(\"mysql\", \"int(10) unsigned\", Types.BIGINT), \"mysql\")")
                    .contains("Column<Long>");
            MetaData generated = (MetaData) staticField(GeneratedSources.compile(sources, dir), "com.acme.db.Tables", "METADATA");
            Dialect d = scratch.engine().dialect();
            for (MetaData other : List.of(read, generated)) {
                assertThat(createTable(other, d)).isEqualTo(createTable(reflected, d));
            }
            Migration fromJava = diff.compare(generated, scratch.engine());
            assertThat(fromJava.steps()).as(fromJava.sql(true)).isEmpty();
        }
    }

    /** A model declaring MySQL's own types, created by the diff: nothing left to change, also after a trip through the model file. */
    @Test
    void aModelOfMysqlTypesDiffsEmptyAgainstTheDatabaseItCreated() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB)) {
            MetaData model = new MetaData();
            new Table("declared", model, java.util.Map.of("mariadb_charset", "utf8mb4", "mariadb_collate", "utf8mb4_general_ci"),
                    Column.of("id", Types.BIGINT.withVariant(MysqlTypes.BIGINT.unsigned(), "mysql")).primaryKey(),
                    Column.of("n", MysqlTypes.INTEGER.unsigned()),
                    Column.of("small", MysqlTypes.SMALLINT.displayWidth(5).unsigned().zerofill()),
                    Column.of("tiny", MysqlTypes.TINYINT),
                    Column.of("price", MysqlTypes.DECIMAL.precision(12, 4).unsigned()),
                    Column.of("code", Types.string(3).withVariant(MysqlTypes.CHAR.length(3).charset("latin1").collate("latin1_bin"), "mysql")),
                    Column.of("name", MysqlTypes.VARCHAR.length(40).charset("utf8mb4").collate("utf8mb4_bin")),
                    Column.of("body", MysqlTypes.MEDIUMTEXT),
                    Column.of("at", MysqlTypes.DATETIME.fsp(3)),
                    Column.of("stamp", MysqlTypes.TIMESTAMP.fsp(2)),
                    Column.of("tm", MysqlTypes.TIME.fsp(4)),
                    Column.of("bits", MysqlTypes.BIT.length(12)));
            SchemaDiff diff = SchemaDiff.builder().build();
            diff.compare(model, scratch.engine()).apply(scratch.engine(), false);
            Migration again = diff.compare(model, scratch.engine());
            assertThat(again.steps()).as(again.sql(true)).isEmpty();
            Migration fromFile = diff.compare(ModelFile.read(ModelFile.write(model)), scratch.engine());
            assertThat(fromFile.steps()).as(fromFile.sql(true)).isEmpty();
        }
    }

    private static String createTable(MetaData md, Dialect d) {
        Table t = md.tables().get("odd");
        return new CreateTable(t).compile(d).string();
    }
}
