package dev.retort.maven;

import dev.retort.codegen.CodeGenerator;
import dev.retort.engine.Engine;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code retort:generate}: typed table classes generated from a database before compiling, as
 * {@code retort codegen} writes them, into {@code target/generated-sources/retort} (added to the
 * compile sources). Files whose content is unchanged are left alone.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.retort</groupId><artifactId>retort-maven-plugin</artifactId><version>...</version>
 *   <executions><execution><goals><goal>generate</goal></goals></execution></executions>
 *   <configuration><url>jdbc:sqlite:shop.db</url><packageName>com.acme.db</packageName></configuration>
 *   <!-- a JDBC driver other than SQLite's goes under the plugin's <dependencies> -->
 * </plugin>
 * }</pre>
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends RetortMojo {
    /** The Java package of the generated classes. */
    @Parameter(property = "retort.packageName", required = true)
    String packageName;

    /** The source root to write into, added to the compile sources. */
    @Parameter(property = "retort.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/retort")
    File outputDirectory;

    /** The schema to read (default: the connection's own). */
    @Parameter(property = "retort.schema")
    String schema;

    /** Only tables whose whole name matches. */
    @Parameter(property = "retort.include")
    String include;

    /** No table whose whole name matches. */
    @Parameter(property = "retort.exclude")
    String exclude;

    /** Whether views get read-only classes too. */
    @Parameter(property = "retort.views", defaultValue = "true")
    boolean views = true;

    /** The class holding the MetaData and the tables. */
    @Parameter(property = "retort.className", defaultValue = "Tables")
    String className = "Tables";

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("retort:generate skipped");
            return;
        }
        CodeGenerator generator;
        try {
            generator = CodeGenerator.builder().packageName(packageName).holderName(className).schema(schema).include(include).exclude(exclude).views(views).build();
        } catch (RuntimeException e) {
            throw new MojoExecutionException("retort:generate: " + e.getMessage(), e);
        }
        Engine engine = engine("retort:generate");
        try {
            List<Path> written = generator.write(engine, outputDirectory.toPath());
            getLog().info("retort:generate: " + (written.isEmpty() ? "every file up to date" : written.size() + " file(s) written") + " in " + outputDirectory);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("retort:generate: " + e.getMessage(), e);
        } finally {
            engine.dispose();
        }
        if (project != null) {
            project.addCompileSourceRoot(outputDirectory.getPath());
        }
    }
}
