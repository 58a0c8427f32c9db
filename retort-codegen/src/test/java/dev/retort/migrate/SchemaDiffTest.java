package dev.retort.migrate;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaDiffTest {
    @TempDir
    Path dir;

    /** What the database has to begin with. */
    private static MetaData before() {
        MetaData md = new MetaData();
        new Table("people", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("fullname", Types.string(50)),
                Column.of("legacy", Types.INTEGER),
                Column.of("note", Types.string(20)).nullable(false));
        Table orders = new Table("orders", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("person_id", Types.INTEGER),
                Column.of("code", Types.string(10)));
        new Index("ix_orders_code", orders.c("code"));
        new Table("obsolete", md, Column.of("id", Types.INTEGER).primaryKey());
        return md;
    }

    /** The model: people renamed to users with fullname renamed to name; columns added, dropped, widened and relaxed; keys and indexes changed; a table added and one gone. */
    private static MetaData model() {
        MetaData md = new MetaData();
        new Table("users", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(100)),
                Column.of("note", Types.string(20)),
                Column.of("nickname", Types.string(30)).comment("Shown to others"),
                Column.of("score", Types.INTEGER).nullable(false).serverDefault(SQL.text("0"))).comment("People who order");
        Table orders = new Table("orders", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("person_id", Types.INTEGER).foreignKey("users.id"),
                Column.of("code", Types.string(10)),
                new UniqueConstraint("uq_orders_code", List.of("code")));
        new Index("ix_orders_person", orders.c("person_id"));
        new Table("tags", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("label", Types.string(20)).nullable(false).comment("As shown")).comment("Labels");
        return md;
    }

    @EachDatabase
    void applyingTheDiffLeavesNothingToDiff(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData before = before();
            before.createAll(scratch.engine());
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(before.table("people")).values(Map.of("id", 1, "fullname", "Ed Jones", "legacy", 7, "note", "n")));
            }
            SchemaDiff diff = SchemaDiff.builder().renames(List.of("people=users", "users.fullname=name")).build();
            Migration migration = diff.compare(model(), scratch.engine());
            String withoutDestructive = migration.sql(false);
            assertThat(withoutDestructive).contains("-- DESTRUCTIVE").contains("-- DROP TABLE obsolete;");
            assertThat(migration.steps()).extracting(Migration.Step::description).contains("Rename table people to users", "Drop table obsolete");

            List<String> steps = migration.steps().stream().map(Migration.Step::description).toList();
            assertThat(steps).startsWith("Rename column people.fullname to name", "Rename table people to users", "Create table tags");
            if (db == Database.SQLITE) {
                assertThat(steps).contains("Rebuild table users (SQLite cannot alter its columns or constraints in place)");
            } else {
                assertThat(steps).contains("Drop column users.legacy", "Add column users.nickname", "Alter column users.name [TYPE]",
                        "Alter column users.note [NULLABLE]", "Add constraint uq_orders_code to orders", "Add constraint foreign key person_id -> users.id to orders",
                        "Create index ix_orders_person on orders", "Set the comment of table users");
            }
            if (db == Database.POSTGRESQL) {
                assertThat(steps).as("MariaDB adds the column with its comment").contains("Set the comment of column users.nickname");
            }
            migration.apply(scratch.engine(), true);
            Migration again = diff.compare(model(), scratch.engine());
            assertThat(again.steps()).as("after applying:\n" + migration.sql(true) + "\nthe diff is still:\n" + again.sql(true)).isEmpty();

            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            Table users = reflected.table("users");
            try (Connection conn = scratch.engine().connect()) {
                assertThat(conn.execute(select(users.c("name"), users.c("score"))).all()).extracting(r -> r.get(0) + " " + r.get(1))
                        .as("rows survive renames and rebuilds").containsExactly("Ed Jones 0");
            }
            assertThat(reflected.tables()).doesNotContainKeys("obsolete", "people");
        }
    }

    @EachDatabase
    void destructiveStepsAreLeftOutUnlessAllowed(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            before().createAll(scratch.engine());
            MetaData model = before();
            model.table("obsolete");
            MetaData smaller = new MetaData();
            new Table("people", smaller, Column.of("id", Types.INTEGER).primaryKey(), Column.of("fullname", Types.string(50)),
                    Column.of("legacy", Types.INTEGER), Column.of("note", Types.string(20)).nullable(false));
            Table orders = new Table("orders", smaller, Column.of("id", Types.INTEGER).primaryKey(), Column.of("person_id", Types.INTEGER),
                    Column.of("code", Types.string(10)));
            new Index("ix_orders_code", orders.c("code"));
            Migration m = SchemaDiff.builder().build().compare(smaller, scratch.engine());
            assertThat(m.steps()).extracting(Migration.Step::description).containsExactly("Drop table obsolete");
            Path file = m.writeFlyway(dir, "2", "Drop obsolete", false);
            assertThat(file.getFileName()).hasToString("V2__drop_obsolete.sql");
            assertThat(Files.readString(file)).contains("-- DROP TABLE obsolete;");
            m.apply(scratch.engine(), false);
            assertThat(SchemaDiff.builder().build().compare(smaller, scratch.engine()).steps()).hasSize(1);
            m.apply(scratch.engine(), true);
            assertThat(SchemaDiff.builder().build().compare(smaller, scratch.engine()).isEmpty()).isTrue();
        }
    }

    /** A model's sequences are created before its tables and a sequence the model dropped goes last, as a destructive step; serial keys' own sequences are no model's. */
    @EachDatabase
    void sequencesAreCreatedAndDropped(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData old = new MetaData();
            old.addSequence(new Sequence("gone_seq"));
            new Table("serials", old, Column.of("id", Types.INTEGER).primaryKey());
            old.createAll(scratch.engine());
            MetaData model = new MetaData();
            new Table("serials", model, Column.of("id", Types.INTEGER).primaryKey());
            new Table("numbered", model, Column.of("id", Types.BIGINT).primaryKey().sequence(new Sequence("numbered_seq").start(10)));
            Migration m = SchemaDiff.builder().build().compare(model, scratch.engine());
            List<String> steps = m.steps().stream().map(Migration.Step::description).toList();
            if (db == Database.SQLITE) {
                assertThat(steps).containsExactly("Create table numbered");
                return;
            }
            assertThat(steps).containsExactly("Create sequence numbered_seq", "Create table numbered", "Drop sequence gone_seq");
            assertThat(m.sql(false)).contains("CREATE SEQUENCE numbered_seq START WITH 10").contains("-- DROP SEQUENCE gone_seq;");
            m.apply(scratch.engine(), true);
            assertThat(SchemaDiff.builder().build().compare(model, scratch.engine()).isEmpty()).as(m.sql(true)).isTrue();
            try (Connection conn = scratch.engine().begin()) {
                assertThat(conn.execute(insert(model.table("numbered")).values(Map.of())).insertedPrimaryKeys().get(0).get(0)).isEqualTo(10L);
            }
        }
    }

    /** MySQL's own spelling of a type is the model's: no TYPE change for {@code int(10) unsigned} against {@code INTEGER UNSIGNED}. */
    @Test
    void mysqlTypeSpellingsCompareByMeaning() {
        assertThat(SchemaDiff.mysqlSpelling("INTEGER UNSIGNED")).isEqualTo(SchemaDiff.mysqlSpelling("int(10) unsigned"));
        assertThat(SchemaDiff.mysqlSpelling("BIGINT UNSIGNED")).isEqualTo(SchemaDiff.mysqlSpelling("bigint(20) unsigned"));
        assertThat(SchemaDiff.mysqlSpelling("DECIMAL(12, 4) UNSIGNED")).isEqualTo("decimal(12,4) unsigned");
        assertThat(SchemaDiff.mysqlSpelling("NATIONAL CHAR(20)")).isEqualTo(SchemaDiff.mysqlSpelling("char(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci"));
        assertThat(SchemaDiff.mysqlSpelling("NVARCHAR(20) COLLATE utf8mb3_bin")).isEqualTo(SchemaDiff.mysqlSpelling("varchar(20) CHARACTER SET utf8 COLLATE utf8_bin"));
        assertThat(SchemaDiff.mysqlSpelling("NATIONAL VARCHAR(20)")).isNotEqualTo(SchemaDiff.mysqlSpelling("varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"));
        assertThat(SchemaDiff.mysqlSpelling("VARCHAR(10)")).isNotEqualTo(SchemaDiff.mysqlSpelling("varchar(20)"));
        assertThat(SchemaDiff.mysqlSpelling("DECIMAL(12, 4)")).isNotEqualTo(SchemaDiff.mysqlSpelling("decimal(12,2)"));
        // labels are compared as written
        assertThat(SchemaDiff.mysqlSpelling("ENUM('a, b')")).isNotEqualTo(SchemaDiff.mysqlSpelling("enum('a,b')"));
        assertThat(SchemaDiff.mysqlSpelling("ENUM('int(5)')")).isEqualTo("enum('int(5)')");
    }
}
