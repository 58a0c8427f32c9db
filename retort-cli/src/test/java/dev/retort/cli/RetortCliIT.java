package dev.retort.cli;

import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.engine.Connection;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code retort.jar}, run as a process, on queries {@code QuerySerializer.dumps}
 * wrote in both protocols. The commands that need a database run on each one, in a scratch
 * database of their own (a schema on PostgreSQL, a database on MariaDB, a file for SQLite).
 */
class RetortCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What a run of the jar gave. */
    private record Run(int exit, String out, String err) {
    }

    private Run retort(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("retort.jar")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("retort " + String.join(" ", args) + " finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run retort(String... args) throws IOException, InterruptedException {
        return retort(dir, Map.of(), args);
    }

    /** The demo's schema, created in the scratch database and filled: the application that dumps the queries. */
    private static MetaData filled(ScratchDatabase scratch) {
        MetaData md = DemoCommand.schema();
        md.createAll(scratch.engine());
        try (Connection conn = scratch.engine().begin()) {
            conn.execute(insert(md.table("users")), List.of(
                    Map.of("id", 1, "name", "ann", "age", 31), Map.of("id", 2, "name", "bob, \"the builder\"", "age", 17), Map.of("id", 3, "name", "cy")));
            conn.execute(insert(md.table("orders")), List.of(
                    Map.of("id", 1, "user_id", 1, "qty", 3, "status", "open"), Map.of("id", 2, "user_id", 1, "qty", 1, "status", "done"),
                    Map.of("id", 3, "user_id", 2, "qty", 7, "status", "open")));
        }
        return md;
    }

    private Path dump(String name, Object statement, Protocol protocol) throws IOException {
        return Files.write(dir.resolve(name + (protocol == Protocol.JSON ? ".json" : ".rq")), QuerySerializer.dumps(statement, protocol));
    }

    /** {@code run FILE}, on the scratch database. */
    private Run run(ScratchDatabase scratch, Path file, String... more) throws IOException, InterruptedException {
        return on(scratch, "run", file.toString(), more);
    }

    /**
     * A command with {@code --url} and the login the scratch database wants, the password from the
     * environment: the servers of the project's machines take an empty one (MariaDB) or any (PostgreSQL, trust).
     */
    private Run on(ScratchDatabase scratch, String command, String file, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        if (file != null) {
            args.add(file);
        }
        args.addAll(List.of("--url", scratch.url(), "--password-env", "RETORT_IT_PASSWORD"));
        if (scratch.user() != null) {
            args.addAll(List.of("--user", scratch.user()));
        }
        args.addAll(List.of(more));
        return retort(dir, Map.of("RETORT_IT_PASSWORD", ""), args.toArray(new String[0]));
    }

    @EachDatabase
    void runPrintsTheRowsOfQueriesDumpedInEitherProtocol(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = filled(scratch);
            for (Protocol protocol : Protocol.values()) {
                Run r = run(scratch, dump("report", DemoCommand.openOrdersReport(md), protocol), "--format", "json");
                assertThat(r.exit()).as(protocol + ": " + r.err()).isZero();
                assertThat(JSON.readTree(r.out())).as(protocol.toString()).isEqualTo(JSON.readTree(
                        "[{\"name\": \"bob, \\\"the builder\\\"\", \"total\": 7}, {\"name\": \"ann\", \"total\": 3}]"));
                assertThat(r.err()).contains("Reflecting users, orders from " + scratch.url()).contains("2 row(s)");
            }
        }
    }

    @EachDatabase
    void runPrintsTablesAndCsv(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = filled(scratch);
            Table users = md.table("users");
            Path file = dump("people", select(users.c("name"), users.c("age")).orderBy(users.c("id")), Protocol.BINARY);

            Run csv = run(scratch, file, "--format", "csv");
            assertThat(csv.exit()).as(csv.err()).isZero();
            assertThat(csv.out()).isEqualTo("name,age\r\nann,31\r\n\"bob, \"\"the builder\"\"\",17\r\ncy,\r\n");

            Run table = run(scratch, file);
            assertThat(table.exit()).as(table.err()).isZero();
            assertThat(table.out().lines().toList()).containsExactly(
                    " name               | age",
                    "--------------------+------",
                    " ann                |   31",
                    " bob, \"the builder\" |   17",
                    " cy                 | NULL",
                    "(3 rows)");
        }
    }

    @EachDatabase
    void runReflectsTablesOfANamedSchema(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            filled(scratch);
            Table users = new Table("users", scratch.schema(), new MetaData(), Column.of("id", Types.INTEGER), Column.of("name", Types.STRING));
            Run r = run(scratch, dump("qualified", select(users.c("name")).where(users.c("id").eq(3)), Protocol.JSON), "--format", "csv");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("name\r\ncy\r\n");
        }
    }

    @EachDatabase
    void aReferenceTheDatabaseLacksExitsWithTwoAndTheSerializersMessage(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            filled(scratch);
            MetaData elsewhere = DemoCommand.schema();
            Table invoices = new Table("invoices", elsewhere, Column.of("id", Types.INTEGER).primaryKey());
            Table users = new Table("users", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("nickname", Types.STRING));

            Run noTable = run(scratch, dump("invoices", select(invoices), Protocol.JSON));
            assertThat(noTable.exit()).isEqualTo(2);
            assertThat(noTable.err()).contains("The serialized query refers to table 'invoices', which the MetaData does not have");

            Run noColumn = run(scratch, dump("nicknames", select(users.c("nickname")), Protocol.BINARY));
            assertThat(noColumn.exit()).isEqualTo(2);
            assertThat(noColumn.err()).contains("refers to column 'nickname' of table 'users', which has no such column; it has: id, name, age");
        }
    }

    @EachDatabase
    void runRefusesWritesUnlessAllowedAndThenCommitsThem(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = filled(scratch);
            Table users = md.table("users");
            Path birthday = dump("birthday", update(users).where(users.c("name").eq("ann")).values(Map.of("age", users.c("age").add(1))), Protocol.JSON);
            Run refused = run(scratch, birthday);
            assertThat(refused.exit()).as(refused.err()).isEqualTo(Retort.REFUSED);
            assertThat(refused.err()).contains("SQL (" + scratch.engine().dialect().name() + "):").contains("UPDATE users SET age=")
                    .contains("refused: the query writes (UPDATE); nothing was run. Give --allow-writes");
            assertThat(refused.out()).isEmpty();
            Path gone = dump("gone", delete(users), Protocol.BINARY);
            assertThat(run(scratch, gone).exit()).isEqualTo(Retort.REFUSED);
            try (Connection conn = scratch.engine().connect()) {
                assertThat(conn.execute(select(users.c("age")).where(users.c("name").eq("ann"))).scalar()).as("nothing changed").isEqualTo(31);
                assertThat(((Number) conn.execute(select(func("count", users.c("id")))).scalar()).longValue()).as("nothing deleted").isEqualTo(3L);
            }

            Run r = run(scratch, birthday, "--allow-writes");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("1 row(s) affected");
            try (Connection conn = scratch.engine().connect()) {
                assertThat(conn.execute(select(users.c("age")).where(users.c("name").eq("ann"))).scalar()).isEqualTo(32);
            }
        }
    }

    @EachDatabase
    void runRefusesRawSqlUnlessAllowedAndTreatsTextAsWriting(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = filled(scratch);
            Table users = md.table("users");
            Path drop = dump("drop", text("DELETE FROM users"), Protocol.JSON);
            Run raw = run(scratch, drop);
            assertThat(raw.exit()).as(raw.err()).isEqualTo(Retort.BAD_FILE);
            assertThat(raw.err()).contains("raw SQL").contains("--allow-raw-sql");
            Run textRefused = run(scratch, drop, "--allow-raw-sql");
            assertThat(textRefused.exit()).as(textRefused.err()).isEqualTo(Retort.REFUSED);
            assertThat(textRefused.err()).contains("DELETE FROM users").contains("may write");
            Path literal = dump("literal", select(literalColumn("count(*)")).selectFrom(users), Protocol.BINARY);
            assertThat(run(scratch, literal).exit()).isEqualTo(Retort.BAD_FILE);
            Run readOnly = run(scratch, literal, "--allow-raw-sql");
            assertThat(readOnly.exit()).as("a raw fragment could call anything: " + readOnly.err()).isEqualTo(Retort.REFUSED);
            assertThat(readOnly.err()).contains("raw SQL literal column 'count(*)'");
            Run allowed = run(scratch, literal, "--allow-raw-sql", "--allow-writes", "--format", "csv");
            assertThat(allowed.exit()).as(allowed.err()).isZero();
            assertThat(allowed.out()).endsWith("\r\n3\r\n");
            try (Connection conn = scratch.engine().connect()) {
                assertThat(((Number) conn.execute(select(func("count", users.c("id")))).scalar()).longValue()).as("nothing deleted").isEqualTo(3L);
            }
        }
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
        Path report = dump("report", DemoCommand.openOrdersReport(DemoCommand.schema()), Protocol.BINARY);
        long size = Files.size(report);
        Run r = retort("run", report.toString(), "--url", "jdbc:sqlite:" + dir.resolve("x.db"), "--max-bytes", String.valueOf(size - 1));
        assertThat(r.exit()).as(r.err()).isEqualTo(Retort.BAD_FILE);
        assertThat(r.err()).contains(size + " bytes, more than the " + (size - 1) + " accepted (--max-bytes)");
        Path huge = dir.resolve("huge.rq");
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 64L * 1024 * 1024);   // sparse: 64 MiB claimed, nothing written
        }
        Run big = retort("run", huge.toString(), "--url", "jdbc:sqlite:" + dir.resolve("x.db"));
        assertThat(big.exit()).as(big.err()).isEqualTo(Retort.BAD_FILE);
        assertThat(big.err()).contains("more than the 16777216 accepted (--max-bytes)");
    }

    @EachDatabase
    void demoTakesTheTourOnEachDatabaseAndLeavesItAsItWas(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            Run r = on(scratch, "demo", null);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("-- The saved report, loaded by a second program into its reflected schema and run\n")
                    .contains("   [bob, 7]\n   [ann, 3]\n");
            MetaData left = new MetaData();
            left.reflect(scratch.engine());
            assertThat(left.tables()).isEmpty();

            new Table("users", new MetaData(), Column.of("id", Types.INTEGER).primaryKey()).metadata().createAll(scratch.engine());
            Run refused = on(scratch, "demo", null);
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("already has users");
        }
    }

    @Test
    void demoDefaultsToAnSqliteFileInTheWorkingDirectory() throws Exception {
        Run r = retort("demo");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Retort demo on jdbc:sqlite:retort-demo.db\n").contains("The same statement for each dialect:");
        assertThat(dir.resolve("retort-demo.db")).exists();
    }

    @Test
    void inspectShowsReferencesSqlAndTreeWithoutADatabase() throws Exception {
        for (Protocol protocol : Protocol.values()) {
            Run r = retort("inspect", dump("report", DemoCommand.openOrdersReport(DemoCommand.schema()), protocol).toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("a query in the " + protocol.name().toLowerCase() + " protocol")
                    .contains("-- Tables and columns it needs\nusers: name, id\norders: qty, user_id, status\n")
                    .contains("WHERE orders.status = :status_1")
                    .contains("-- SQL for default", "-- SQL for sqlite", "-- SQL for postgresql", "-- SQL for mysql")
                    .contains("params: {\"status_1\":\"open\"}");
            String tree = r.out().substring(r.out().indexOf("-- JSON tree\n") + "-- JSON tree\n".length());
            assertThat(JSON.readTree(tree)).isEqualTo(JSON.readTree(QuerySerializer.dumps(DemoCommand.openOrdersReport(DemoCommand.schema()), Protocol.JSON)));
        }
    }

    @Test
    void inspectForOneDialect() throws Exception {
        Run r = retort("inspect", dump("report", DemoCommand.openOrdersReport(DemoCommand.schema()), Protocol.BINARY).toString(), "--dialect", "postgresql");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("-- SQL for postgresql\nSELECT").doesNotContain("-- SQL for sqlite");
    }

    @Test
    void exitCodesForBadInput() throws Exception {
        Path report = dump("report", DemoCommand.openOrdersReport(DemoCommand.schema()), Protocol.BINARY);
        Path notAQuery = Files.writeString(dir.resolve("notes.txt"), "SELECT 1");
        Map<String, Integer> expected = new HashMap<>();
        expected.put("inspect " + report + " --dialect oracle", Retort.USAGE);
        expected.put("run " + report, Retort.USAGE);
        expected.put("run " + report + " --url jdbc:sqlite:x.db --password-env RETORT_IT_UNSET", Retort.USAGE);
        expected.put("run " + report + " --url jdbc:oracle:thin:@x", Retort.USAGE);
        expected.put("frobnicate", Retort.USAGE);
        expected.put("inspect " + notAQuery, Retort.BAD_FILE);
        expected.put("inspect " + dir.resolve("missing.rq"), Retort.BAD_FILE);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            Run r = retort(e.getKey().split(" "));
            assertThat(r.exit()).as(e.getKey() + ": " + r.err()).isEqualTo(e.getValue());
            assertThat(r.err()).as(e.getKey()).isNotBlank();
        }
    }

    @Test
    void helpOnEveryCommand() throws Exception {
        for (String command : List.of("", "inspect ", "run ", "demo ")) {
            Run r = retort((command + "--help").split(" "));
            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: retort " + command);
        }
        assertThat(retort("--help").out()).contains("Exit codes:", " 2   the query refers to a table or column the database lacks");
    }
}
