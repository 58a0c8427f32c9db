package dev.retort.maven;

import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every goal of the plugin has: the database, how to log in, and {@code skip}. */
abstract class RetortMojo extends AbstractMojo {
    /** The database (a JDBC URL); a driver other than SQLite's goes under the plugin's {@code <dependencies>}. */
    @Parameter(property = "retort.url", required = true)
    String url;

    /** The database user. */
    @Parameter(property = "retort.user")
    String user;

    /** The password (better taken from a property set outside the POM). */
    @Parameter(property = "retort.password")
    String password;

    /** Skips the goal. */
    @Parameter(property = "retort.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    /** An engine on {@link #url}; the caller disposes of it. */
    Engine engine(String goal) throws MojoExecutionException {
        try {
            return Engine.create(url, EngineOptions.builder().user(user).password(password).build());
        } catch (RuntimeException e) {
            throw new MojoExecutionException(goal + ": cannot use " + url + ": " + e.getMessage(), e);
        }
    }
}
