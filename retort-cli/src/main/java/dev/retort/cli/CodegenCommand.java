package dev.retort.cli;

import dev.retort.codegen.CodeGenerator;
import dev.retort.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code retort codegen --url JDBC_URL --package com.acme.db --out src/main/java}: typed table
 * classes from the database's tables ({@link CodeGenerator}). Files whose content is unchanged
 * are left alone, so regenerating an unchanged database changes nothing.
 */
@Command(name = "codegen", mixinStandardHelpOptions = true,
        description = {"Generates typed table classes from a database's tables and views.",
            "One class per table with a Column<T> field per column (USERS.NAME is a Column<String>) and a join method per"
                + " foreign key, and a class (Tables) holding the MetaData and each table's instance. Only files whose content"
                + " changed are written."})
final class CodegenCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "JDBC_URL", description = "The database to read the tables of.")
    String url;

    @Mixin
    Login login;

    @Option(names = "--package", required = true, paramLabel = "PACKAGE", description = "The Java package of the generated classes.")
    String packageName;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The source root to write into (src/main/java).")
    Path out;

    @Option(names = "--schema", paramLabel = "SCHEMA", description = "The schema to read (default: the connection's own); its tables are generated schema-qualified.")
    String schema;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only tables whose whole name matches.")
    String include;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "No table whose whole name matches.")
    String exclude;

    @Option(names = "--class", paramLabel = "NAME", defaultValue = "Tables",
            description = "The class holding the MetaData and the tables (default: ${DEFAULT-VALUE}).")
    String holder;

    @Option(names = "--no-views", description = "No classes for views (by default each view gets a read-only class).")
    boolean noViews;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CodeGenerator generator;
        try {
            generator = CodeGenerator.builder().packageName(packageName).holderName(holder).schema(schema).include(include).exclude(exclude).views(!noViews).build();
        } catch (PatternSyntaxException | dev.retort.exc.ArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
        }
        Engine engine = login.engine(url, spec);
        try {
            List<Path> written = generator.write(engine, out);
            spec.commandLine().getErr().println("retort codegen: " + Login.redact(url) + " -> " + out + ": "
                    + (written.isEmpty() ? "every file up to date" : written.size() + " file(s) written"));
            written.forEach(f -> spec.commandLine().getOut().println(f));
            return Retort.OK;
        } finally {
            engine.dispose();
        }
    }
}
