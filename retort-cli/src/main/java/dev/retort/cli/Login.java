package dev.retort.cli;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.exc.ArgumentException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that log in to a database, shared by the commands that connect. */
final class Login {
    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "The database user.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "The environment variable that holds the password (on the command line, other users could see it).")
    String passwordEnv;

    /** An engine for {@code url}, logged in as told; a URL Retort has no dialect or driver for is a usage error. */
    Engine engine(String url, CommandSpec spec) {
        String password = null;
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw new ParameterException(spec.commandLine(), "The environment variable " + passwordEnv + " named by --password-env is not set");
            }
        }
        try {
            return Engine.create(url, EngineOptions.builder().user(user).password(password).build());
        } catch (ArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, url);
        }
    }

    /** The URL as progress messages show it: without a password it may carry. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
