package dev.retort.cli;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.migrate.Migration;
import dev.retort.migrate.ModelFile;
import dev.retort.migrate.ModelFileException;
import dev.retort.migrate.SchemaDiff;
import dev.retort.schema.MetaData;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code retort migrate}: schema migrations generated from a model. */
@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Schema migrations generated from a model.",
        subcommands = {MigrateCommand.Diff.class, MigrateCommand.DumpModel.class, CommandLine.HelpCommand.class})
final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Retort.USAGE;
    }

    /**
     * {@code retort migrate diff --url JDBC_URL --model com.acme.Schema#metadata}: the DDL that
     * brings the database to the model ({@link SchemaDiff}), to stdout or as a Flyway file.
     */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Writes the DDL that brings the database to the model.",
                "Compares the MetaData of --model with the database: tables, views, columns (add, drop, type, nullability, default value),"
                    + " primary, unique, foreign key and CHECK constraints, indexes; renames only when given with --rename. SQLite tables that"
                    + " cannot be altered in place are rebuilt. Steps that lose data are written commented out unless"
                    + " --allow-destructive. Without --out the script goes to stdout."})
    static final class Diff implements Callable<Integer> {
        @Option(names = "--url", required = true, paramLabel = "JDBC_URL", description = "The database to migrate.")
        String url;

        @Mixin
        Login login;

        @Mixin
        ModelSource source;

        @Option(names = "--rename", paramLabel = "OLD=NEW", description = "A rename instead of a drop and an add: table=new_table or table.column=new_column (the model's table name). Repeatable.")
        List<String> renames = new ArrayList<>();

        @Option(names = "--ignore-default-values", description = "Compare server defaults only by presence, not by value.")
        boolean ignoreDefaultValues;

        @Option(names = "--allow-destructive", description = "Include steps that lose data (drops, type changes) instead of writing them commented out.")
        boolean allowDestructive;

        @Option(names = "--out", paramLabel = "DIR", description = "Write a Flyway migration V<migration-version>__<message>.sql into DIR instead of to stdout.")
        Path out;

        @Option(names = "--migration-version", paramLabel = "VERSION", description = "The Flyway version (default: the UTC time, yyyyMMddHHmmss).")
        String version;

        @Option(names = {"-m", "--message"}, paramLabel = "TEXT", defaultValue = "migration", description = "The Flyway description (default: ${DEFAULT-VALUE}).")
        String message;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MetaData metadata = source.load(spec);
            SchemaDiff diff;
            try {
                diff = SchemaDiff.builder().renames(renames).compareDefaultValues(!ignoreDefaultValues).build();
            } catch (ArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
            }
            Engine engine = login.engine(url, spec);
            try {
                Migration m = diff.compare(metadata, engine);
                long destructive = m.steps().stream().filter(Migration.Step::destructive).count();
                spec.commandLine().getErr().println("retort migrate diff: " + Login.redact(url) + ": " + m.steps().size() + " step(s)"
                        + (destructive == 0 ? "" : ", " + destructive + " destructive" + (allowDestructive ? "" : " (commented out)")));
                if (out == null) {
                    spec.commandLine().getOut().print(m.sql(allowDestructive));
                    spec.commandLine().getOut().flush();
                } else if (m.isEmpty()) {
                    spec.commandLine().getErr().println("retort migrate diff: the database matches the model; no file written");
                } else {
                    String v = version != null ? version : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
                    spec.commandLine().getOut().println(m.writeFlyway(out, v, message, allowDestructive));
                }
                return Retort.OK;
            } finally {
                engine.dispose();
            }
        }
    }

    /**
     * {@code retort migrate dump-model --model com.acme.Schema#metadata --out model.json}: the model
     * as a JSON file ({@link ModelFile}), which {@code migrate diff --model model.json} reads
     * without the model's classes.
     */
    @Command(name = "dump-model", mixinStandardHelpOptions = true,
            description = {"Writes the model as a JSON file for migrate diff --model FILE.",
                "Tables, views, columns and types, keys, CHECK constraints, indexes, comments and options, in a documented JSON format"
                    + " (dev.retort.migrate.ModelFile). Without --out the JSON goes to stdout."})
    static final class DumpModel implements Callable<Integer> {
        @Mixin
        ModelSource source;

        @Option(names = "--out", paramLabel = "FILE", description = "The file to write (default: stdout).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String json = ModelFile.write(source.load(spec));
            if (out == null) {
                spec.commandLine().getOut().print(json);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(out, json, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("retort migrate dump-model: " + source.model + " -> " + out);
            }
            return Retort.OK;
        }
    }

    /** {@code --model} and {@code --classpath}: where the model comes from. */
    static final class ModelSource {
        @Option(names = "--model", required = true, paramLabel = "CLASS#MEMBER|FILE",
                description = {"The model: a static MetaData field, or a static method without parameters returning one (com.acme.Schema#metadata),"
                    + " or a file written by retort migrate dump-model."})
        String model;

        @Option(names = {"--classpath", "--cp"}, paramLabel = "PATHS", split = "${sys:path.separator}",
                description = "Where the model's classes are: directories and jars, separated by '${sys:path.separator}'.")
        List<Path> classpath = new ArrayList<>();

        /** The model: the class member {@code --model} names ({@code CLASS#MEMBER}) from {@code --classpath}, else the file. */
        MetaData load(CommandSpec spec) {
            List<URL> urls = new ArrayList<>();
            for (Path p : classpath) {
                try {
                    urls.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new ParameterException(spec.commandLine(), "Bad --classpath entry " + p, e, null, p.toString());
                }
            }
            try {
                return ModelFile.load(model, new URLClassLoader(urls.toArray(new URL[0]), MigrateCommand.class.getClassLoader()));
            } catch (ModelFileException e) {
                throw new ParameterException(spec.commandLine(), "--model " + model + ": " + e.getMessage(), e, null, model);
            } catch (ArgumentException e) {
                String hint = e.getCause() instanceof ClassNotFoundException ? " (give its directory or jar with --classpath)" : "";
                throw new ParameterException(spec.commandLine(), "--model: " + e.getMessage() + hint, e, null, model);
            }
        }
    }
}
