package dev.retort.cli;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code retort inspect FILE [--dialect D]}: what a dumped query needs and what it does, without
 * any database: the tables and columns it refers to, its SQL and parameters per dialect, and its
 * tree as JSON.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Shows a dumped query without any database.",
            "For a query dumped by QuerySerializer (binary or JSON): the tables and columns it needs, its SQL and"
                + " parameters for each dialect, and its tree as JSON."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The dumped query.")
    Path file;

    @Option(names = {"-d", "--dialect"}, paramLabel = "D",
            description = "Only this dialect's SQL: default, sqlite, postgresql, mysql, mariadb or a registered one (default: the first four).")
    String dialect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Dialect> dialects = dialects();
        SavedQuery query = SavedQuery.read(file);
        ClauseElement stmt = query.load(query.standIn());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: a query in the %s protocol, %d bytes%n", file, query.protocol().name().toLowerCase(Locale.ROOT), query.size());

        out.println();
        out.println("-- Tables and columns it needs");
        query.references().forEach((table, columns) -> out.println(table + (columns.isEmpty() ? "" : ": " + String.join(", ", columns))));
        if (query.references().isEmpty()) {
            out.println("(none)");
        }

        for (Dialect d : dialects) {
            out.println();
            out.println("-- SQL for " + d.name());
            try {
                Compiled c = stmt.compile(d);
                out.println(c.string());
                out.println("params: " + Json.object(c.params()));
            } catch (CompileException e) {
                out.println("(" + d.name() + " cannot express it: " + e.getMessage() + ")");
            }
        }

        out.println();
        out.println("-- JSON tree");
        Json.prettyPrint(QuerySerializer.dumps(stmt, Protocol.JSON), out);
        out.println();
        out.flush();
        return Retort.OK;
    }

    private List<Dialect> dialects() {
        try {
            return (dialect == null ? Retort.DIALECTS : List.of(dialect)).stream().map(Dialects::byName).toList();
        } catch (ArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
