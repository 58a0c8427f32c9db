package dev.retort.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal as Maven runs it: configured fields, then execute(). */
class GenerateMojoTest {
    @TempDir
    Path dir;

    private GenerateMojo mojo(ScratchDatabase scratch, MavenProject project) {
        GenerateMojo mojo = new GenerateMojo();
        mojo.url = scratch.url();
        mojo.user = scratch.user();
        mojo.packageName = "com.acme.db";
        mojo.outputDirectory = dir.resolve("generated-sources/retort").toFile();
        mojo.project = project;
        return mojo;
    }

    @EachDatabase
    void generatesTypedTablesAndAddsThemToTheCompileSources(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = new MetaData();
            new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)).nullable(false));
            md.createAll(scratch.engine());
            MavenProject project = new MavenProject();
            mojo(scratch, project).execute();
            Path users = dir.resolve("generated-sources/retort/com/acme/db/Users.java");
            assertThat(Files.readString(users)).contains("public final Column<String> NAME = Column.of(\"name\", Types.string(50)).nullable(false);");
            assertThat(project.getCompileSourceRoots()).contains(dir.resolve("generated-sources/retort").toString());
            FileTime old = FileTime.fromMillis(0);
            Files.setLastModifiedTime(users, old);
            mojo(scratch, new MavenProject()).execute();
            assertThat(Files.getLastModifiedTime(users)).as("an unchanged file is not written again").isEqualTo(old);
        }
    }

    @Test
    void aBadPackageFailsTheBuildWithTheReason() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.SQLITE)) {
            GenerateMojo mojo = mojo(scratch, null);
            mojo.packageName = "com.acme-db";
            assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("needs a Java package name");
        }
    }

    @Test
    void skip() throws Exception {
        GenerateMojo mojo = new GenerateMojo();
        mojo.skip = true;
        mojo.execute();
    }
}
