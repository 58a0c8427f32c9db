package dev.retort.cli;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Result;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.LoadOptions;
import dev.retort.schema.MetaData;
import dev.retort.schema.ReflectOptions;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.DmlStatement;
import dev.retort.sql.SelectBase;
import dev.retort.sql.TextClause;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code retort run FILE --url JDBC_URL}: reflects the tables a dumped query needs from the
 * database, loads the query against them, prints the SQL it will run, runs it and prints the
 * rows. Progress and the SQL go to stderr, rows to stdout.
 *
 * <p>A dumped query is input from elsewhere, so the defaults are cautious: a statement that
 * writes (INSERT, UPDATE, DELETE anywhere in its tree, or {@code text()}, whose effect is
 * unknown) is refused before it reaches the database unless {@code --allow-writes} is given,
 * and a read runs in a transaction that is rolled back, read-only where the driver allows it.
 * Raw SQL ({@code text()}, literal columns) is refused on load unless {@code --allow-raw-sql};
 * a file larger than {@code --max-bytes} is refused before it is read. Without {@code --allow-writes},
 * a function the rollback cannot undo ({@code pg_advisory_lock}, {@code setval}, {@code SLEEP}...)
 * and raw SQL fragments are refused too: see {@link ReadOnlyPolicy}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a dumped query on a database and prints the rows.",
            "For a query dumped by QuerySerializer (binary or JSON): reflects the tables it needs from the"
                + " database, loads it against them, prints its SQL, executes it and prints the rows; progress goes to"
                + " stderr. Statements that write are refused (exit code 4) unless --allow-writes is given; only then is"
                + " anything committed. A table or column the database lacks ends it with the serializer's message and exit code 2."})
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The dumped query.")
    Path file;

    @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
            description = "The database: jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB, jdbc:mariadb://HOST/DB or jdbc:mysql://HOST/DB.")
    String url;

    @Mixin
    Login login;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "How to print the rows: table, csv or json (default: ${DEFAULT-VALUE}).")
    RowFormat format;

    @Option(names = "--allow-writes",
            description = "Run INSERT, UPDATE, DELETE and text() statements too, and commit them (default: refuse them).")
    boolean allowWrites;

    @Option(names = "--allow-function", paramLabel = "NAME",
            description = "Without --allow-writes, let the query call this function too (repeatable; schema.name for a packaged one)."
                + " By default only side-effect-free functions (aggregates, string, math, date/time, JSON, window) may be called.")
    List<String> allowFunctions = new ArrayList<>();

    @Option(names = "--allow-raw-sql",
            description = "Load queries holding raw SQL: text() and literal columns (default: refuse them).")
    boolean allowRawSql;

    @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "" + SavedQuery.DEFAULT_MAX_BYTES,
            description = "Refuse files larger than this, before reading them (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SavedQuery query = SavedQuery.read(file, maxBytes);
        PrintWriter err = spec.commandLine().getErr();
        Engine engine = login.engine(url, spec);
        try {
            long start = System.nanoTime();
            err.println("Reflecting " + String.join(", ", query.references().keySet()) + " from " + Login.redact(url));
            err.flush();
            MetaData metadata = reflect(engine, query);
            err.println("Reflected " + metadata.tables().size() + " table(s) in " + millis(start) + " ms");
            ClauseElement stmt = load(query, metadata);
            if (!(stmt instanceof SelectBase || stmt instanceof DmlStatement || stmt instanceof TextClause)) {
                throw new SerializationException(file + " holds a " + stmt.getClass().getSimpleName() + ", not a statement to run");
            }
            Compiled sql = stmt.compile(engine.dialect());
            err.println("SQL (" + engine.dialect().name() + "):");
            err.println(sql.string());
            err.println("params: " + Json.object(sql.params()));
            String writes = writes(stmt);
            if (writes != null && !allowWrites) {
                err.println("retort run: refused: the query " + writes + "; nothing was run. Give --allow-writes to run it and commit.");
                err.flush();
                return Retort.REFUSED;
            }
            if (!allowWrites) {
                ReadOnlyPolicy.of(engine.dialect().name(), allowFunctions).check(stmt);
                if (allowRawSql) {
                    refuseRawSql(query, metadata);
                }
            }
            err.flush();
            start = System.nanoTime();
            try (Connection conn = engine.connect()) {
                if (!allowWrites) {
                    readOnly(conn, engine.dialect().name());
                }
                try (Result result = conn.execute(stmt)) {
                    if (result.returnsRows()) {
                        int rows = format.write(result.keys(), result, spec.commandLine().getOut());
                        err.println(rows + " row(s) in " + millis(start) + " ms");
                    } else {
                        err.println(result.rowCount() + " row(s) affected in " + millis(start) + " ms");
                    }
                }
                if (allowWrites) {
                    conn.commit();
                } else {
                    // What the read did inside the transaction is undone; ReadOnlyPolicy kept out the functions acting outside it.
                    conn.rollback();
                }
            }
            spec.commandLine().getOut().flush();
            return Retort.OK;
        } finally {
            engine.dispose();
        }
    }

    private ClauseElement load(SavedQuery query, MetaData metadata) {
        try {
            return query.load(metadata, LoadOptions.DEFAULTS.allowRawSql(allowRawSql));
        } catch (SerializationException e) {
            if (!allowRawSql && e.getMessage().contains("raw SQL")) {
                throw new SerializationException(e.getMessage() + "; give --allow-raw-sql to load it", e);
            }
            throw e;
        }
    }

    /**
     * Refuses what the loader counts as raw SQL, wherever it is (a named type's name in an empty
     * {@code ARRAY[]::type} literal or a table-valued column, say): the policy looks for the kinds it
     * knows, the loader for every place raw SQL can be, so a read-only run reloads the file refusing it.
     */
    private static void refuseRawSql(SavedQuery query, MetaData metadata) {
        try {
            query.load(metadata, LoadOptions.DEFAULTS.allowRawSql(false));
        } catch (SerializationException e) {
            if (!e.getMessage().contains("raw SQL")) {
                throw e;
            }
            throw new ReadOnlyPolicy.Refused("refused: " + e.getMessage() + ", whose function calls cannot be checked;"
                    + " nothing was run. Give --allow-writes to run it");
        }
    }

    /** What in {@code stmt} writes, or null: a DML statement anywhere in its tree, or text() (which may do anything). */
    static String writes(ClauseElement stmt) {
        String[] found = {null};
        ReadOnlyPolicy.nodes(stmt, e -> {
            if (found[0] != null) {
                return;
            }
            if (e instanceof DmlStatement) {
                found[0] = "writes (" + e.getClass().getSimpleName().toUpperCase(Locale.ROOT) + ")";
            } else if (e instanceof TextClause) {
                found[0] = "may write (it holds text(), whose SQL could do anything)";
            }
        });
        return found[0];
    }

    /**
     * Makes the transaction read-only in the database, so a write the policy misses fails there
     * (a sequence step or a non-transactional table is not undone by the rollback). The driver's
     * flag is not enough alone: some drivers keep it client-side, so PostgreSQL, MySQL and MariaDB
     * are told in SQL too, and a failure stops the run. SQLite fixes the flag when it connects, so
     * there only the rollback guards.
     */
    private static void readOnly(Connection conn, String dialect) {
        java.sql.Connection jdbc = conn.jdbc();
        try {
            jdbc.setReadOnly(true);
        } catch (SQLException e) {
            // SQLite: see above; the others are told below.
        }
        if (!Set.of("postgresql", "mysql", "mariadb").contains(dialect)) {
            return;
        }
        // PostgreSQL: the first statement of the transaction the driver begins; MySQL/MariaDB: the transaction about to begin.
        try (java.sql.Statement s = jdbc.createStatement()) {
            s.execute("SET TRANSACTION READ ONLY");
        } catch (SQLException e) {
            throw new dev.retort.exc.OperationalException("could not make the transaction read-only; nothing was run", "SET TRANSACTION READ ONLY", List.of(), e);
        }
    }

    /**
     * The tables the query refers to that the database has, reflected schema by schema (with the
     * tables their foreign keys refer to). One it lacks is left for the serializer to name.
     */
    private static MetaData reflect(Engine engine, SavedQuery query) {
        Map<String, Set<String>> bySchema = new LinkedHashMap<>();
        for (String key : query.references().keySet()) {
            int dot = key.lastIndexOf('.');
            bySchema.computeIfAbsent(dot < 0 ? null : key.substring(0, dot), s -> new LinkedHashSet<>()).add(key.substring(dot + 1));
        }
        MetaData metadata = new MetaData();
        bySchema.forEach((schema, names) -> metadata.reflect(engine, ReflectOptions.builder().schema(schema).only(names::contains).build()));
        return metadata;
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
