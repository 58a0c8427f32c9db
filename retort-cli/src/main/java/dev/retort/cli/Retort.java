package dev.retort.cli;

import dev.retort.exc.RetortException;
import dev.retort.exc.SerializationException;
import dev.retort.exc.UnresolvedReferenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code retort} command line: the guided demo, and a look inside or a run of a query that
 * {@code QuerySerializer.dumps} wrote, on any database and without the application's schema code.
 *
 * <pre>
 * java -jar retort-cli/target/retort.jar demo
 * java -jar retort-cli/target/retort.jar inspect report.rq --dialect postgresql
 * java -jar retort-cli/target/retort.jar run report.rq --url jdbc:postgresql://db/sales --user me --password-env PGPASSWORD --format csv
 * </pre>
 */
@Command(name = "retort", mixinStandardHelpOptions = true, versionProvider = Retort.Version.class,
        description = "Inspect and run queries dumped by Retort's QuerySerializer, or take the guided tour.",
        subcommands = {InspectCommand.class, RunCommand.class, CodegenCommand.class, MigrateCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success",
            " 1:the database failed or could not be reached, or another error",
            " 2:the query refers to a table or column the database lacks",
            " 3:the file cannot be read, is too large, is not a dumped query, or holds raw SQL not allowed",
            " 4:the query writes, calls a function not known to be free of side effects, or holds raw SQL, and --allow-writes was not given: nothing was run",
            "64:invalid command line"})
public final class Retort implements Callable<Integer> {
    /** Success. */
    public static final int OK = 0;
    /** The database failed or could not be reached, or another error. */
    public static final int FAILED = 1;
    /** The query refers to a table or column the database lacks: the serializer's {@link UnresolvedReferenceException}. */
    public static final int UNRESOLVED = 2;
    /** The file cannot be read or is not a dumped query. */
    public static final int BAD_FILE = 3;
    /** The query writes (or calls a function that may, or holds raw SQL) and {@code --allow-writes} was not given: nothing was run. */
    public static final int REFUSED = 4;
    /** Invalid command line (EX_USAGE); picocli's own default, 2, is taken by {@link #UNRESOLVED}. */
    public static final int USAGE = 64;

    /** The dialects SQL is shown in when none is chosen: SQLAlchemy's default (named parameters) and one per kind of database. */
    static final List<String> DIALECTS = List.of("default", "sqlite", "postgresql", "mysql");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands, error reporting and exit codes set up. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Retort());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Picocli asks the mapper for the exit code of invalid input too.
        cl.setExitCodeExceptionMapper(Retort::exitCode);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("retort " + cmd.getCommandName() + ": " + message(e));
            return exitCode(e);
        });
        return cl;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ParameterException) {
            return USAGE;
        }
        if (e instanceof ReadOnlyPolicy.Refused) {
            return REFUSED;
        }
        if (e instanceof UnresolvedReferenceException) {
            return UNRESOLVED;
        }
        if (e instanceof SerializationException || e instanceof IOException || e instanceof UncheckedIOException) {
            return BAD_FILE;
        }
        return FAILED;
    }

    /** What the user needs to read: Retort's own messages are written for people; others get their type. */
    private static String message(Throwable e) {
        if (e instanceof RetortException || e instanceof IOException || e instanceof UncheckedIOException) {
            return e.getMessage();
        }
        return e.toString();
    }

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: the usage, on stderr, as for any invalid command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Retort.class.getPackage().getImplementationVersion();
            return new String[] {"retort " + (v == null ? "(development build)" : v)};
        }
    }
}
