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

    private record Run(int exit, String out, String err) {
    }

    private static Run retort(ScratchDatabase scratch, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", scratch.url()));
        if (scratch.user() != null) {
            all.addAll(List.of("--user", scratch.user()));
        }
        CommandLine cl = Retort.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(all.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
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
