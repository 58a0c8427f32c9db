package dev.retort.cli;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code retort run} without {@code --allow-writes}, in this JVM: a dumped SELECT may call only
 * side-effect-free functions, since the rolled-back read-only transaction does not undo a lock,
 * a sequence step or a sleep.
 */
class RunReadOnlyTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(ScratchDatabase scratch, ClauseElement query, String... more) throws Exception {
        Path file = Files.write(dir.resolve("q" + ThreadLocalRandom.current().nextInt(1 << 30) + ".rq"), QuerySerializer.dumps(query, Protocol.BINARY));
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--url", scratch.url(), "--user", scratch.user(), "--format", "csv"));
        args.addAll(List.of(more));
        CommandLine cl = Retort.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Table users(ScratchDatabase scratch) {
        Table users = new Table("users", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        users.metadata().createAll(scratch.engine());
        try (Connection conn = scratch.engine().begin()) {
            conn.execute(dev.retort.sql.SQL.insert(users), List.of(Map.of("id", 1, "name", "Ann"), Map.of("id", 2, "name", "Bob")));
        }
        return users;
    }

    /** Failed before the fix: the CLI ran pg_advisory_lock and waited for the lock this test holds (a waiting lock in pg_locks). */
    @Test
    void anAdvisoryLockIsRefusedAndNeverTaken() throws Exception {
        long key = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL); Connection holder = scratch.engine().connect()) {
            holder.execute(select(func("pg_advisory_lock", key))).scalar();
            try {
                CompletableFuture<Run> r = CompletableFuture.supplyAsync(() -> {
                    try {
                        return run(scratch, select(func("pg_advisory_lock", key)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Run refused = r.get(60, TimeUnit.SECONDS);
                assertThat(refused.exit()).as(refused.err()).isEqualTo(Retort.REFUSED);
                assertThat(refused.err()).contains("refused: the query calls the function 'pg_advisory_lock'")
                        .contains("--allow-function pg_advisory_lock").contains("--allow-writes");
                assertThat(refused.out()).isEmpty();
            } finally {
                try (Connection check = scratch.engine().connect()) {
                    String locks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = " + key;
                    assertThat(((Number) check.execute(text(locks)).scalar()).longValue()).as("only the test's own lock, nobody waiting").isEqualTo(1L);
                }
                holder.execute(select(func("pg_advisory_unlock", key))).scalar();
            }
        }
    }

    /** Failed before the fix with exit code 1 (the read-only transaction refused setval); now refused before it reaches the database. */
    @Test
    void setvalIsRefusedAndTheSequenceKeepsItsValue() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            String seq = scratch.schema() + ".seq_" + ThreadLocalRandom.current().nextInt(1 << 20);
            scratch.engine().inTransaction(c -> c.execute(text("CREATE SEQUENCE " + seq)));
            Run refused = run(scratch, select(func("setval", func("to_regclass", seq), 1000)));
            assertThat(refused.exit()).as(refused.err()).isEqualTo(Retort.REFUSED);
            assertThat(refused.err()).contains("the function 'setval'");
            Run nextval = run(scratch, select(func("nextval", seq)), "--allow-function", "setval");
            assertThat(nextval.exit()).as("allowing setval does not allow nextval: " + nextval.err()).isEqualTo(Retort.REFUSED);
            try (Connection conn = scratch.engine().connect()) {
                assertThat(((Number) conn.execute(text("SELECT last_value FROM " + seq)).scalar()).longValue()).isEqualTo(1L);
                assertThat(conn.execute(text("SELECT is_called FROM " + seq)).scalar()).isEqualTo(false);
            }
        }
    }

    @Test
    void sideEffectFreeFunctionsStillRun() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Table users = users(scratch);
            Run r = run(scratch, select(func("lower", users.c("name")).label("n"), func("coalesce", users.c("name"), "none").label("c"),
                    func("row_number").over().orderBy(users.c("id").desc()).label("rn"), func("count", users.c("id")).over().label("total"))
                    .orderBy(users.c("id")));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("n,c,rn,total\r\nann,Ann,2,2\r\nbob,Bob,1,2\r\n");
            Run count = run(scratch, select(func("COUNT", users.c("id"))));
            assertThat(count.exit()).as(count.err()).isZero();
            assertThat(count.out()).endsWith("\r\n2\r\n");
        }
    }

    @Test
    void allowFunctionLetsOneThrough() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Table users = users(scratch);
            ClauseElement q = select(func("pg_backend_pid").gt(0).label("ok"), func("count", users.c("id")).label("n"));
            assertThat(run(scratch, q).exit()).isEqualTo(Retort.REFUSED);
            Run r = run(scratch, q, "--allow-function", "md5", "--allow-function", "PG_BACKEND_PID");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("ok,n\r\ntrue,2\r\n");
            assertThat(run(scratch, q, "--allow-writes").exit()).isZero();
        }
    }

    /** Failed before the fix: --allow-raw-sql alone ran a literal column, whose text can call anything. */
    @Test
    void rawFragmentsAreRefusedWithoutAllowWrites() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Table users = users(scratch);
            ClauseElement q = select(literalColumn("pg_sleep(0)")).selectFrom(users);
            Run r = run(scratch, q, "--allow-raw-sql");
            assertThat(r.exit()).as(r.err()).isEqualTo(Retort.REFUSED);
            assertThat(r.err()).contains("raw SQL literal column 'pg_sleep(0)'").contains("--allow-writes");
            assertThat(run(scratch, q, "--allow-raw-sql", "--allow-writes").exit()).isZero();
            Run op = run(scratch, select(users.c("id").op("+ pg_sleep(0)::text::int +", 1)), "--allow-raw-sql");
            assertThat(op.exit()).as(op.err()).isEqualTo(Retort.REFUSED);
            assertThat(op.err()).contains("custom operator '+ pg_sleep(0)::text::int +'");
        }
    }

    /** The other dialects' names, without a database: MySQL's locks, sleeps and file reads, SQLite's extension loading. */
    @Test
    void eachDialectRefusesItsOwnDangerousFunctions() {
        for (String dialect : List.of("mysql", "mariadb")) {
            ReadOnlyPolicy policy = ReadOnlyPolicy.of(dialect, List.of());
            for (String name : List.of("GET_LOCK", "SLEEP", "LOAD_FILE", "benchmark", "release_lock")) {
                assertThatThrownBy(() -> policy.check(select(func(name, "x")))).as(dialect + " " + name)
                        .isInstanceOf(ReadOnlyPolicy.Refused.class).hasMessageContaining("'" + name + "'");
            }
            assertThatCode(() -> policy.check(select(func("GROUP_CONCAT", "x"), func("json_extract", "{}", "$.a")))).doesNotThrowAnyException();
        }
        ReadOnlyPolicy sqlite = ReadOnlyPolicy.of("sqlite", List.of());
        assertThatThrownBy(() -> sqlite.check(select(func("load_extension", "evil.so")))).isInstanceOf(ReadOnlyPolicy.Refused.class);
        assertThatCode(() -> sqlite.check(select(func("strftime", "%Y", "now")))).doesNotThrowAnyException();
        ReadOnlyPolicy postgres = ReadOnlyPolicy.of("postgresql", List.of("dblink.connect"));
        assertThatThrownBy(() -> postgres.check(select(func("lower", "x").inPackage("evil")))).as("a packaged lower is not pg_catalog's")
                .hasMessageContaining("'evil.lower'");
        assertThatThrownBy(() -> postgres.check(select(func("lo_import", "/etc/passwd")))).hasMessageContaining("'lo_import'");
        assertThatCode(() -> postgres.check(select(func("connect", "x").inPackage("dblink")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> postgres.check(select(func("\u212Aount", "x")))).as("a name that only lower-cases to an allowed one")
                .isInstanceOf(ReadOnlyPolicy.Refused.class);
    }
    /**
     * Failed before the fix: operator text of letters passed as "ILIKE-like", so a suffix
     * {@code INTO OUTFILE '/tmp/...'} made MariaDB write a file, which a read-only, rolled-back
     * transaction does not prevent.
     */
    @Test
    void aCustomOperatorCannotWriteAFileOnMariadb() throws Exception {
        Path target = Path.of("/tmp", "retort-outfile-" + java.util.UUID.randomUUID() + ".txt");
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB)) {
            Table users = users(scratch);
            ClauseElement q = select(users.c("name")).suffixWith(
                    dev.retort.sql.SQL.literal(target.toString()).prefixOp(dev.retort.sql.CustomOperator.of("INTO OUTFILE")));
            Run loading = run(scratch, q);
            assertThat(loading.exit()).as(loading.err()).isEqualTo(Retort.BAD_FILE);
            assertThat(loading.err()).as("raw SQL to the loader").contains("custom operator 'INTO OUTFILE'");
            Run r = run(scratch, q, "--allow-raw-sql");
            assertThat(r.exit()).as(r.err()).isEqualTo(Retort.REFUSED);
            assertThat(r.err()).contains("custom operator 'INTO OUTFILE'").contains("--allow-writes");
            assertThat(target).doesNotExist();
        }
    }

    /**
     * Operators that open a comment or a quoted name would turn an inline literal's text into SQL;
     * a named type's name is written as it is in a CAST. Each was let through before.
     */
    @Test
    void commentsQuotesAndRawTypeNamesAreRefused() {
        Table t = new Table("t", new MetaData(), Column.of("id", Types.INTEGER), Column.of("name", Types.string(20)));
        for (String dialect : List.of("postgresql", "mysql", "mariadb", "sqlite")) {
            ReadOnlyPolicy policy = ReadOnlyPolicy.of(dialect, List.of());
            for (String op : List.of("/*", "*/", "#", "`", "INTO OUTFILE", "INTO DUMPFILE", "FOR UPDATE", "LOCK IN SHARE MODE", "INTO @v")) {
                assertThatThrownBy(() -> policy.check(select(t.c("id").op(op, 1)))).as(dialect + " " + op)
                        .isInstanceOf(ReadOnlyPolicy.Refused.class).hasMessageContaining("custom operator '" + op + "'");
            }
            assertThatThrownBy(() -> policy.check(select(dev.retort.sql.SQL.cast(t.c("name"),
                    Types.named(dialect, "int) , pg_sleep(10) , CAST(1 AS int", dev.retort.types.TypeKind.STRING)))))
                    .as(dialect).isInstanceOf(ReadOnlyPolicy.Refused.class).hasMessageContaining("casts to the type");
            assertThatCode(() -> policy.check(select(t.c("id").op("IS NOT DISTINCT FROM", 1), t.c("name").op("||", "x"), t.c("name").op("->>", "a"),
                    dev.retort.sql.SQL.cast(t.c("name"), Types.named(dialect, "TIMESTAMP(3) WITH TIME ZONE", dev.retort.types.TypeKind.STRING)))))
                    .as(dialect).doesNotThrowAnyException();
        }
    }

    /**
     * A named type's name is written as it is wherever the type is: before, only a CAST straight
     * to one was refused, so a cast to an array of it or to a type whose PostgreSQL variant it is
     * ran its SQL (pg_sleep here) in a "read-only" run.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void rawTypeNamesInsideArraysAndVariantsAreRefused() {
        Table t = new Table("t", new MetaData(), Column.of("id", Types.INTEGER), Column.of("name", Types.string(20)));
        var raw = Types.named("postgresql", "text) || pg_sleep(10) || CAST(1 AS text", dev.retort.types.TypeKind.STRING);
        ReadOnlyPolicy policy = ReadOnlyPolicy.of("postgresql", List.of());
        for (dev.retort.types.TypeEngine<?> type : List.<dev.retort.types.TypeEngine<?>>of(Types.array(raw),
                ((dev.retort.types.TypeEngine) Types.STRING).withVariant(raw, "postgresql"))) {
            ClauseElement query = select(dev.retort.sql.SQL.cast(t.c("name"), type));
            assertThat(query.compile(dev.retort.dialect.Dialects.postgresql()).string()).as(type.toString()).contains("pg_sleep(10)");
            assertThatThrownBy(() -> policy.check(query)).as(type.toString()).isInstanceOf(ReadOnlyPolicy.Refused.class)
                    .hasMessageContaining("casts to the type 'text) || pg_sleep(10)").hasMessageContaining("--allow-writes");
        }
        assertThatCode(() -> policy.check(select(dev.retort.sql.SQL.cast(t.c("name"), Types.array(Types.named("postgresql", "tsvector",
                dev.retort.types.TypeKind.STRING)))))).doesNotThrowAnyException();
    }

    /**
     * A sequence's next value is a step no rollback undoes. Before, the policy let
     * {@code Sequence.nextValue()} through (it is not a function call in the tree), and the
     * database's read-only transaction refused it with a driver error: exit 1 rather than a refusal
     * naming the sequence.
     */
    @Test
    void aSequencesNextValueIsRefused() {
        var seq = new dev.retort.schema.Sequence("order_seq").schema("app");
        for (String dialect : List.of("postgresql", "mysql", "mariadb", "sqlite")) {
            assertThatThrownBy(() -> ReadOnlyPolicy.of(dialect, List.of("nextval")).check(select(seq.nextValue().label("n"))))
                    .as(dialect).isInstanceOf(ReadOnlyPolicy.Refused.class).hasMessageContaining("next value of the sequence 'app.order_seq'")
                    .hasMessageContaining("--allow-writes");
        }
    }
    /**
     * Raw SQL the policy has no case for (here an empty {@code ARRAY[]::type} literal, whose
     * element type's name is written as it is) is refused with {@code --allow-raw-sql} too: the
     * read-only run reloads the file refusing every raw SQL the loader knows of. Before, the
     * literal compiled to SQL calling pg_sleep and ran.
     */
    @Test
    void rawSqlAnywhereIsRefusedWithoutAllowWrites() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Table users = users(scratch);
            var raw = Types.named("postgresql", "text[] || pg_sleep(0)::text || ARRAY['x']::text", dev.retort.types.TypeKind.STRING);
            ClauseElement q = select(users.c("id"), dev.retort.sql.SQL.array(raw).label("a")).selectFrom(users);
            assertThat(q.compile(dev.retort.dialect.Dialects.postgresql()).string()).contains("pg_sleep(0)");
            Run r = run(scratch, q, "--allow-raw-sql");
            assertThat(r.exit()).as(r.err() + r.out()).isEqualTo(Retort.REFUSED);
            assertThat(r.err()).contains("named type 'text[] || pg_sleep(0)").contains("--allow-writes");
            assertThat(r.out()).isEmpty();
        }
    }

    /**
     * A write the policy lets through (a function that writes, allowed by name) fails in the
     * database's read-only transaction: before, MariaDB ran it (the driver's read-only flag does
     * not reach the server) and the sequence step, which no rollback undoes, stayed.
     */
    @Test
    void aWriteSmuggledPastThePolicyFailsInTheReadOnlyTransaction() throws Exception {
        for (Database db : List.of(Database.POSTGRESQL, Database.MARIADB)) {
            try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
                int sfx = ThreadLocalRandom.current().nextInt(1 << 20);
                String seq = "seq_" + sfx;
                String fn = "steps_" + sfx;
                scratch.engine().inTransaction(c -> c.execute(text("CREATE SEQUENCE " + seq)));
                scratch.engine().inTransaction(c -> c.execute(text(db == Database.POSTGRESQL
                        ? "CREATE FUNCTION " + fn + "() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('" + seq + "') $$"
                        : "CREATE FUNCTION " + fn + "() RETURNS bigint MODIFIES SQL DATA RETURN NEXTVAL(" + seq + ")")));
                Table users = users(scratch);
                Run r = run(scratch, select(users.c("id"), func(fn)).selectFrom(users), "--allow-function", fn);
                assertThat(r.exit()).as(db + ": " + r.err() + r.out()).isEqualTo(Retort.FAILED);
                assertThat(r.err()).as(db.toString()).containsPattern("(?i)read.only transaction");
                try (Connection conn = scratch.engine().connect()) {
                    Object next = conn.execute(text(db == Database.POSTGRESQL ? "SELECT nextval('" + seq + "')" : "SELECT NEXTVAL(" + seq + ")")).scalar();
                    assertThat(((Number) next).longValue()).as(db + ": the sequence never stepped").isEqualTo(1L);
                }
                assertThat(run(scratch, select(users.c("id"), func(fn)).selectFrom(users), "--allow-writes").exit()).as(db.toString()).isZero();
            }
        }
    }

    /**
     * Failed before the fix: a function always quoted ({@code func("Lower").quoted()}) passed as
     * pg_catalog's lower, but PostgreSQL reads {@code "Lower"(...)} as another function, here one
     * of the database's that acts outside the transaction (it raised, to show it ran).
     */
    @Test
    void aQuotedNameIsNotTheFunctionItLowerCasesTo() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            Table users = users(scratch);
            scratch.engine().inTransaction(c -> c.execute(text("CREATE FUNCTION \"Lower\"(t text) RETURNS text LANGUAGE plpgsql"
                    + " AS $$ BEGIN RAISE EXCEPTION 'the side effect ran'; END $$")));
            Run r = run(scratch, select(func("Lower", users.c("name")).quoted()).selectFrom(users));
            assertThat(r.exit()).as(r.err()).isEqualTo(Retort.REFUSED);
            assertThat(r.err()).contains("the function 'Lower'").doesNotContain("the side effect ran");
            Run plain = run(scratch, select(func("Lower", users.c("name")).label("n")).selectFrom(users).orderBy(users.c("id")));
            assertThat(plain.exit()).as("unquoted, it is pg_catalog's lower: " + plain.err()).isZero();
            assertThat(plain.out()).contains("ann", "bob");
        }
        assertThatThrownBy(() -> ReadOnlyPolicy.of("mariadb", List.of()).check(select(func("count", "x").quoted())))
                .isInstanceOf(ReadOnlyPolicy.Refused.class).hasMessageContaining("'count'");
    }

    /**
     * The bypasses a dumped SELECT might try, on PostgreSQL and MariaDB: a data-modifying CTE, a
     * SELECT ... INTO, LOCK or COPY written as text, a sleep, a setting, a sequence step, a file
     * read. Each is refused before it reaches the database and the table keeps its rows.
     */
    @Test
    void writesFunctionsAndStatementsHiddenInASelectAreRefused() throws Exception {
        for (Database db : List.of(Database.POSTGRESQL, Database.MARIADB)) {
            try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
                Table users = users(scratch);
                List<ClauseElement> refused = new ArrayList<>(List.of(
                        select(users.c("id")).selectFrom(users).addCte(
                                dev.retort.sql.SQL.delete(users).returning(users.c("id")).cte("gone")),
                        text("SELECT * INTO copied FROM users"),
                        text(db == Database.POSTGRESQL ? "LOCK TABLE users IN ACCESS EXCLUSIVE MODE" : "LOCK TABLES users WRITE"),
                        text(db == Database.POSTGRESQL ? "COPY users TO PROGRAM 'touch /tmp/retort-copy'" : "SELECT * FROM users INTO OUTFILE '/tmp/retort-copy'"),
                        select(func(db == Database.POSTGRESQL ? "pg_sleep" : "sleep", 60)),
                        select(func("set_config", "statement_timeout", "1", false)),
                        select(func(db == Database.POSTGRESQL ? "lo_import" : "load_file", "/etc/passwd")),
                        select(func("nextval", "s"))));
                if (db == Database.POSTGRESQL) {
                    refused.add(select(dev.retort.sql.SQL.literal(1).label("one")).selectFrom(func("pg_sleep", 60)));   // MariaDB has no function in FROM
                }
                for (ClauseElement q : refused) {
                    long start = System.nanoTime();
                    Run r = run(scratch, q);
                    assertThat(r.exit()).as(db + " " + q + ": " + r.err()).isIn(Retort.REFUSED, Retort.BAD_FILE);
                    assertThat(r.out()).isEmpty();
                    assertThat((System.nanoTime() - start) / 1_000_000).as("refused without running the sleep: " + db + " " + q + " " + r.err()).isLessThan(30_000);
                }
                try (Connection conn = scratch.engine().connect()) {
                    assertThat(((Number) conn.execute(text("SELECT count(*) FROM users")).scalar()).intValue()).as(db.toString()).isEqualTo(2);
                }
            }
        }
    }
}
