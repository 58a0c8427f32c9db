package dev.retort.maven;

import dev.retort.engine.Engine;
import dev.retort.migrate.Migration;
import dev.retort.migrate.ModelFile;
import dev.retort.migrate.SchemaDiff;
import dev.retort.schema.MetaData;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code retort:diff}: the DDL that brings a database to the model, as {@code retort migrate
 * diff} writes it, in a Flyway migration file {@code V<version>__<message>.sql} (by default in
 * {@code src/main/resources/db/migration}, Flyway's own place). Bound to no phase: run it
 * after compiling the model, {@code mvn compile retort:diff -Dretort.message="add nickname"}, and
 * review the file. Steps that lose data are written commented out unless
 * {@code allowDestructive}. When the database matches the model no file is written.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.retort</groupId><artifactId>retort-maven-plugin</artifactId><version>...</version>
 *   <configuration>
 *     <url>jdbc:sqlite:shop.db</url>
 *     <model>com.acme.Schema#metadata</model>   <!-- or a file from retort migrate dump-model -->
 *     <renames><rename>users.name=full_name</rename></renames>
 *   </configuration>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "diff", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public final class DiffMojo extends RetortMojo {
    /**
     * The model: {@code CLASS#MEMBER}, a static MetaData field or a static method without
     * parameters returning one, from the project's compile class path (compile first); or a file
     * written by {@code retort migrate dump-model}.
     */
    @Parameter(property = "retort.model", required = true)
    String model;

    /** The directory of the Flyway migration written. */
    @Parameter(property = "retort.outputDirectory", defaultValue = "${project.basedir}/src/main/resources/db/migration")
    File outputDirectory;

    /** The Flyway version (default: the UTC time, yyyyMMddHHmmss). */
    @Parameter(property = "retort.migrationVersion")
    String migrationVersion;

    /** The Flyway description, the file name's end. */
    @Parameter(property = "retort.message", defaultValue = "migration")
    String message = "migration";

    /** Renames instead of a drop and an add: {@code table=new_table} or {@code table.column=new_column} (the model's table name). */
    @Parameter(property = "retort.renames")
    List<String> renames = new ArrayList<>();

    /** Whether steps that lose data (drops, type changes) are written as they are rather than commented out. */
    @Parameter(property = "retort.allowDestructive", defaultValue = "false")
    boolean allowDestructive;

    /** Whether server defaults are compared only by presence, not by value. */
    @Parameter(property = "retort.ignoreDefaultValues", defaultValue = "false")
    boolean ignoreDefaultValues;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("retort:diff skipped");
            return;
        }
        // Open until the diff is done: the model's classes may load more of theirs as it runs.
        try (URLClassLoader classes = new URLClassLoader(compileClassPath(), DiffMojo.class.getClassLoader())) {
            diff(classes);
        } catch (IOException e) {
            throw new MojoExecutionException("retort:diff: " + e.getMessage(), e);
        }
    }

    private void diff(ClassLoader classes) throws MojoExecutionException {
        SchemaDiff diff;
        MetaData metadata;
        try {
            diff = SchemaDiff.builder().renames(renames).compareDefaultValues(!ignoreDefaultValues).build();
            metadata = ModelFile.load(model, classes);
        } catch (RuntimeException e) {
            String hint = e.getCause() instanceof ClassNotFoundException ? " (compile first: mvn compile retort:diff)" : "";
            throw new MojoExecutionException("retort:diff: model " + model + ": " + e.getMessage() + hint, e);
        }
        Engine engine = engine("retort:diff");
        try {
            Migration m = diff.compare(metadata, engine);
            long destructive = m.steps().stream().filter(Migration.Step::destructive).count();
            getLog().info("retort:diff: " + m.steps().size() + " step(s)" + (destructive == 0 ? "" : ", " + destructive + " destructive"
                    + (allowDestructive ? "" : " (commented out; allowDestructive writes them)")));
            if (m.isEmpty()) {
                getLog().info("retort:diff: the database matches the model; no file written");
                return;
            }
            String version = migrationVersion != null ? migrationVersion : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            getLog().info("retort:diff: wrote " + m.writeFlyway(outputDirectory.toPath(), version, message, allowDestructive));
        } catch (RuntimeException e) {
            throw new MojoExecutionException("retort:diff: " + e.getMessage(), e);
        } finally {
            engine.dispose();
        }
    }

    /** The project's classes and their compile dependencies, where the model's class is. */
    private URL[] compileClassPath() throws MojoExecutionException {
        if (project == null) {
            return new URL[0];
        }
        List<URL> urls = new ArrayList<>();
        try {
            for (String element : project.getCompileClasspathElements()) {
                urls.add(Path.of(element).toUri().toURL());
            }
        } catch (DependencyResolutionRequiredException | MalformedURLException e) {
            throw new MojoExecutionException("retort:diff: the project's compile class path: " + e.getMessage(), e);
        }
        return urls.toArray(new URL[0]);
    }
}
