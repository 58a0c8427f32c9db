package dev.retort.cli;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Result;
import dev.retort.exc.SerializationException;
import dev.retort.schema.MetaData;
import dev.retort.schema.ReflectOptions;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.DmlStatement;
import dev.retort.sql.SelectBase;
import dev.retort.sql.TextClause;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * database, loads the query against them, runs it in a transaction (committed: a dumped UPDATE
 * changes the database) and prints the rows. Progress goes to stderr, rows to stdout.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a dumped query on a database and prints the rows.",
            "For a query dumped by QuerySerializer (binary or JSON): reflects the tables it needs from the"
                + " database, loads it against them, executes it (committing DML) and prints the rows; progress goes to"
                + " stderr. A table or column the database lacks ends it with the serializer's message and exit code 2."})
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SavedQuery query = SavedQuery.read(file);
        PrintWriter err = spec.commandLine().getErr();
        Engine engine = login.engine(url, spec);
        try {
            long start = System.nanoTime();
            err.println("Reflecting " + String.join(", ", query.references().keySet()) + " from " + Login.redact(url));
            err.flush();
            MetaData metadata = reflect(engine, query);
            err.println("Reflected " + metadata.tables().size() + " table(s) in " + millis(start) + " ms");
            ClauseElement stmt = query.load(metadata);
            if (!(stmt instanceof SelectBase || stmt instanceof DmlStatement || stmt instanceof TextClause)) {
                throw new SerializationException(file + " holds a " + stmt.getClass().getSimpleName() + ", not a statement to run");
            }
            start = System.nanoTime();
            try (Connection conn = engine.begin(); Result result = conn.execute(stmt)) {
                if (result.returnsRows()) {
                    int rows = format.write(result.keys(), result, spec.commandLine().getOut());
                    err.println(rows + " row(s) in " + millis(start) + " ms");
                } else {
                    err.println(result.rowCount() + " row(s) affected in " + millis(start) + " ms");
                }
            }
            spec.commandLine().getOut().flush();
            return Retort.OK;
        } finally {
            engine.dispose();
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
