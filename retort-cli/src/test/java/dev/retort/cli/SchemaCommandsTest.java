package dev.retort.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code retort codegen} and {@code retort migrate diff}, run in this JVM. */
class SchemaCommandsTest {
    @TempDir
    Path dir;

    /** The model {@code migrate diff --model dev.retort.cli.SchemaCommandsTest$Model#METADATA} reads. */
    public static final class Model {
        public static final MetaData METADATA = new MetaData();

        static {
            new Table("users", METADATA, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)).nullable(false),
                    Column.of("nickname", Types.string(30)));
        }

        public static MetaData metadata() {
            return METADATA;
        }
    }

    /** The model of the README's walk-through ("Migrations"), as written there. */
    public static final class Shop {
        public static final MetaData metadata = new MetaData();
        public static final Table users = new Table("users", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)).nullable(false),
                Column.of("email", Types.string(100)).unique(),
                Column.of("nickname", Types.string(30)));
        public static final Table orders = new Table("orders", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).nullable(false).foreignKey("users.id"),
                Column.of("amount", Types.numeric(10, 2)),
                new dev.retort.schema.CheckConstraint("ck_orders_total", dev.retort.sql.SQL.text("amount >= 0")));

        static {
            new dev.retort.schema.Index("ix_orders_user_id", orders.c("user_id"));
        }
    }

    /** The README's walk-through on SQLite: the script it shows, then nothing to do. */
    @Test
    void theReadmeWalkThroughHolds() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Typed tables from your database"), readme.indexOf("## Types across databases"));
        java.util.regex.Matcher create = java.util.regex.Pattern.compile("sqlite3 shop.db \"([^\"]+)\"").matcher(section);
        assertThat(create.find()).isTrue();
        Path db = dir.resolve("shop.db");
        String url = "jdbc:sqlite:" + db;
        try (var conn = java.sql.DriverManager.getConnection(url); var st = conn.createStatement()) {
            for (String sql : create.group(1).split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
        String shown = section.substring(section.indexOf("cat db/migration/V2__nickname_and_amount.sql"));
        shown = shown.substring(shown.indexOf('\n') + 1, shown.indexOf("sqlite3 shop.db <")).lines().map(l -> l.substring(2)).reduce("", (a, b) -> a + b + "\n");
        Run diff = retortAt(url, "migrate", "diff", "--model", Shop.class.getName() + "#metadata", "--rename", "orders.total=amount");
        assertThat(diff.exit()).as(diff.err()).isZero();
        assertThat(diff.out().replace("\n\n", "\n")).as("the script the README shows").endsWith("\n" + shown);
        try (var conn = java.sql.DriverManager.getConnection(url); var st = conn.createStatement()) {
            for (String sql : diff.out().replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
        Run again = retortAt(url, "migrate", "diff", "--model", Shop.class.getName() + "#metadata");
        assertThat(again.err()).contains("retort migrate diff: jdbc:sqlite:" + db + ": 0 step(s)");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run retortAt(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url));
        return run(all.toArray(new String[0]));
    }

    private static Run run(String... all) {
        CommandLine cl = Retort.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run retort(ScratchDatabase scratch, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (scratch.user() != null) {
            all.addAll(List.of("--user", scratch.user()));
        }
        return retortAt(scratch.url(), all.toArray(new String[0]));
    }

    private static void createUsersWithoutNickname(ScratchDatabase scratch) {
        MetaData md = new MetaData();
        new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)).nullable(false));
        new Table("legacy", md, Column.of("id", Types.INTEGER).primaryKey());
        md.createAll(scratch.engine());
    }

    @EachDatabase
    void codegenWritesTypedTablesOnceAndThenNothing(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            createUsersWithoutNickname(scratch);
            Run first = retort(scratch, "codegen", "--package", "com.acme.db", "--out", dir.toString(), "--exclude", "leg.*");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.err()).contains("2 file(s) written");
            String users = Files.readString(dir.resolve("com/acme/db/Users.java"));
            assertThat(users).contains("public final Column<String> NAME = Column.of(\"name\", Types.string(50)).nullable(false);");
            assertThat(dir.resolve("com/acme/db/Legacy.java")).doesNotExist();
            Run second = retort(scratch, "codegen", "--package", "com.acme.db", "--out", dir.toString(), "--exclude", "leg.*");
            assertThat(second.err()).contains("every file up to date");
        }
    }

    @EachDatabase
    void migrateDiffWritesTheDdlWithDestructiveStepsCommentedOut(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            createUsersWithoutNickname(scratch);
            Run stdout = retort(scratch, "migrate", "diff", "--model", Model.class.getName() + "#METADATA");
            assertThat(stdout.exit()).as(stdout.err()).isZero();
            assertThat(stdout.out()).contains("ALTER TABLE users ADD COLUMN nickname VARCHAR(30);").contains("-- DROP TABLE legacy;");
            assertThat(stdout.err()).contains("2 step(s), 1 destructive (commented out)");

            Run file = retort(scratch, "migrate", "diff", "--model", Model.class.getName() + "#metadata", "--out", dir.toString(), "--migration-version", "3",
                    "-m", "add nickname", "--allow-destructive");
            assertThat(file.exit()).as(file.err()).isZero();
            Path written = dir.resolve("V3__add_nickname.sql");
            assertThat(file.out().trim()).isEqualTo(written.toString());
            assertThat(Files.readString(written)).contains("\nDROP TABLE legacy;");
        }
    }

    /** dump-model writes the model as a file, and diff --model FILE gives the script the class gives. */
    @EachDatabase
    void aDumpedModelDiffsAsItsClassDoes(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            createUsersWithoutNickname(scratch);
            Path file = dir.resolve("model.json");
            Run dump = run("migrate", "dump-model", "--model", Model.class.getName() + "#METADATA", "--out", file.toString());
            assertThat(dump.exit()).as(dump.err()).isZero();
            assertThat(Files.readString(file)).startsWith("{\n  \"format\": \"retort-model\",\n  \"version\": 1,");
            Run stdout = run("migrate", "dump-model", "--model", Model.class.getName() + "#metadata");
            assertThat(stdout.out()).isEqualTo(Files.readString(file));
            Run fromClass = retort(scratch, "migrate", "diff", "--model", Model.class.getName() + "#METADATA");
            Run fromFile = retort(scratch, "migrate", "diff", "--model", file.toString());
            assertThat(fromFile.exit()).as(fromFile.err()).isZero();
            assertThat(fromFile.out()).isEqualTo(fromClass.out()).contains("ALTER TABLE users ADD COLUMN nickname VARCHAR(30);");

            Files.writeString(file, Files.readString(file).replace("\"STRING\"", "\"java.lang.Runtime\"").replace("\"string\": 50", "\"constant\": \"java.lang.Runtime\""));
            Run hostile = retort(scratch, "migrate", "diff", "--model", file.toString());
            assertThat(hostile.exit()).isEqualTo(Retort.USAGE);
            assertThat(hostile.err()).contains("$.tables[0].columns[1].type.constant: no type constant java.lang.Runtime");
            Run none = retort(scratch, "migrate", "diff", "--model", dir.resolve("absent.json").toString());
            assertThat(none.err()).contains("there is no file");
        }
    }

    @Test
    void aModelThatIsNoMetaDataIsAUsageError() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.SQLITE)) {
            Run r = retort(scratch, "migrate", "diff", "--model", "java.lang.Math#PI");
            assertThat(r.exit()).isEqualTo(Retort.USAGE);
            assertThat(r.err()).contains("is not a MetaData but java.lang.Double");
            Run missing = retort(scratch, "migrate", "diff", "--model", "com.acme.Nothing#metadata");
            assertThat(missing.err()).contains("no class com.acme.Nothing on the classpath");
        }
    }
}
