package dev.retort.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.migrate.ModelFile;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.maven.model.Build;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal as Maven runs it: configured fields, then execute(); the model class compiled into the project's classes. */
class DiffMojoTest {
    @TempDir
    Path dir;

    /** A project whose target/classes holds com.acme.Schema: users with a nickname, no table legacy. */
    private MavenProject project(String s) throws Exception {
        Path src = dir.resolve("src/com/acme/Schema.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package com.acme;

                import dev.retort.schema.*;
                import dev.retort.types.Types;

                public final class Schema {
                    public static final MetaData metadata = new MetaData();
                    static {
                        new Table("users%s", metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)).nullable(false),
                                Column.of("nickname", Types.string(30)));
                    }
                }
                """.formatted(s));
        Path classes = dir.resolve("target/classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac").isZero();
        MavenProject project = new MavenProject();
        Build build = new Build();
        build.setOutputDirectory(classes.toString());
        project.setBuild(build);
        return project;
    }

    private DiffMojo mojo(ScratchDatabase scratch, MavenProject project, String model) {
        DiffMojo mojo = new DiffMojo();
        mojo.url = scratch.url();
        mojo.user = scratch.user();
        mojo.model = model;
        mojo.outputDirectory = dir.resolve("db/migration").toFile();
        mojo.project = project;
        return mojo;
    }

    private static String suffix() {
        return "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    private static void createUsersWithoutNickname(ScratchDatabase scratch, String s) {
        MetaData md = new MetaData();
        new Table("users" + s, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)).nullable(false));
        new Table("legacy" + s, md, Column.of("id", Types.INTEGER).primaryKey());
        md.createAll(scratch.engine());
    }

    /** The model class from the project's compile class path; the Flyway file written; destructive steps commented out, then allowed. */
    @EachDatabase
    void writesAFlywayMigrationFromTheProjectsModelClass(Database db) throws Exception {
        String s = suffix();
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            createUsersWithoutNickname(scratch, s);
            MavenProject project = project(s);
            DiffMojo mojo = mojo(scratch, project, "com.acme.Schema#metadata");
            mojo.migrationVersion = "2";
            mojo.message = "add nickname";
            mojo.execute();
            String sql = Files.readString(dir.resolve("db/migration/V2__add_nickname.sql"));
            assertThat(sql).contains("ALTER TABLE users" + s + " ADD COLUMN nickname VARCHAR(30);").contains("-- DROP TABLE legacy" + s + ";");

            DiffMojo destructive = mojo(scratch, project, "com.acme.Schema#metadata");
            destructive.migrationVersion = "3";
            destructive.allowDestructive = true;
            destructive.execute();
            String applied = Files.readString(dir.resolve("db/migration/V3__migration.sql"));
            assertThat(applied).contains("\nDROP TABLE legacy" + s + ";");
            try (var conn = scratch.engine().begin()) {
                for (String statement : applied.replaceAll("(?m)^--.*$", "").split(";")) {
                    if (!statement.isBlank()) {
                        conn.execute(SQL.text(statement));
                    }
                }
                conn.commit();
            }
            DiffMojo again = mojo(scratch, project, "com.acme.Schema#metadata");
            again.migrationVersion = "4";
            again.execute();
            assertThat(dir.resolve("db/migration/V4__migration.sql")).as("the database matches the model: no file").doesNotExist();
        }
    }

    /** A model file (retort migrate dump-model), a rename, and defaults compared by presence only. */
    @Test
    void readsAModelFileWithRenames() throws Exception {
        String s = suffix();
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.SQLITE)) {
            createUsersWithoutNickname(scratch, s);
            MetaData model = new MetaData();
            new Table("users" + s, model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("full_name", Types.string(50)).nullable(false));
            new Table("legacy" + s, model, Column.of("id", Types.INTEGER).primaryKey());
            Path file = dir.resolve("model.json");
            Files.writeString(file, ModelFile.write(model));
            DiffMojo mojo = mojo(scratch, null, file.toString());
            mojo.renames = List.of("users" + s + ".name=full_name");
            mojo.ignoreDefaultValues = true;
            mojo.migrationVersion = "5";
            mojo.execute();
            String sql = Files.readString(dir.resolve("db/migration/V5__migration.sql"));
            assertThat(sql).contains("ALTER TABLE users" + s + " RENAME COLUMN name TO full_name;").doesNotContain("DROP");
        }
    }

    @Test
    void aMissingModelClassFailsTheBuildWithTheReason() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.SQLITE)) {
            MavenProject project = project(suffix());
            DiffMojo mojo = mojo(scratch, project, "com.acme.Nothing#metadata");
            assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageContaining("no class com.acme.Nothing on the classpath (compile first: mvn compile retort:diff)");
            DiffMojo hostile = mojo(scratch, null, writeFile("{\"format\": \"retort-model\", \"version\": 1, \"tables\": [{\"name\": \"t\", \"colums\": []}]}"));
            assertThatThrownBy(hostile::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("$.tables[0].colums: unknown member colums");
            DiffMojo badVersion = mojo(scratch, project, "com.acme.Schema#metadata");
            badVersion.migrationVersion = "v1";
            assertThatThrownBy(badVersion::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("A Flyway version is digits");
        }
    }

    private String writeFile(String json) throws Exception {
        Path file = Files.createTempFile(dir, "model", ".json");
        Files.writeString(file, json);
        return file.toString();
    }

    @Test
    void skip() throws Exception {
        DiffMojo mojo = new DiffMojo();
        mojo.skip = true;
        mojo.execute();
        assertThat(new File(dir.toFile(), "db")).doesNotExist();
    }
}
