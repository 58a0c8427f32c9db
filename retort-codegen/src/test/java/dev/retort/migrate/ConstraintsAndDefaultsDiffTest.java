package dev.retort.migrate;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.MetaData;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** CHECK constraints, default values and primary keys in the diff: each database writes them back its own way, and the second diff must be empty. */
class ConstraintsAndDefaultsDiffTest {
    private static MetaData before(String suffix) {
        MetaData md = new MetaData();
        new Table("items" + suffix, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("price", Types.numeric(10, 2)).serverDefault(SQL.text("0")),
                Column.of("status", Types.string(10)).serverDefault("new"),
                Column.of("qty", Types.INTEGER),
                Column.of("code", Types.string(10)).nullable(false),
                new CheckConstraint("ck_qty" + suffix, SQL.text("qty >= 0")),
                new CheckConstraint(null, SQL.text("price >= 0")));
        new Table("pairs" + suffix, md,
                Column.of("a", Types.INTEGER).nullable(false),
                Column.of("b", Types.INTEGER).nullable(false),
                new PrimaryKeyConstraint("a"));
        return md;
    }

    /** Defaults changed in value, one check dropped, one named and one unnamed added, the unnamed one kept; the pairs' key widened. */
    private static MetaData model(String suffix) {
        MetaData md = new MetaData();
        Table items = new Table("items" + suffix, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("price", Types.numeric(10, 2)).serverDefault(SQL.text("1.5")),
                Column.of("status", Types.string(10)).serverDefault("it's open"),
                Column.of("qty", Types.INTEGER).serverDefault(SQL.text("0")),
                Column.of("code", Types.string(10)).nullable(false),
                new CheckConstraint("ck_code" + suffix, SQL.text("code <> ''")));
        new CheckConstraint(null, items.c("price", java.math.BigDecimal.class).ge(java.math.BigDecimal.ZERO)).attachTo(items);
        new CheckConstraint(null, SQL.text("qty < 1000")).attachTo(items);
        new Table("pairs" + suffix, md,
                Column.of("a", Types.INTEGER).nullable(false),
                Column.of("b", Types.INTEGER).nullable(false),
                new PrimaryKeyConstraint("a", "b"));
        return md;
    }

    @EachDatabase
    void checksDefaultsAndPrimaryKeysRoundTrip(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData before = before(suffix);
            before.createAll(scratch.engine());
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(before.table("items" + suffix)).values(Map.of("id", 1, "qty", 2, "code", "c")));
                conn.execute(insert(before.table("pairs" + suffix)).values(Map.of("a", 1, "b", 2)));
            }
            SchemaDiff diff = SchemaDiff.builder().build();
            assertThat(diff.compare(before(suffix), scratch.engine()).steps()).as("the database as created matches the model it was created from").isEmpty();

            Migration migration = diff.compare(model(suffix), scratch.engine());
            List<String> steps = migration.steps().stream().map(Migration.Step::description).toList();
            if (db == Database.SQLITE) {
                assertThat(steps).containsExactly("Rebuild table items" + suffix + " (SQLite cannot alter its columns or constraints in place)",
                        "Rebuild table pairs" + suffix + " (SQLite cannot alter its columns or constraints in place)");
            } else {
                List<String> expected = new java.util.ArrayList<>(List.of(
                        "Drop constraint ck_qty" + suffix + " of items" + suffix,
                        "Alter column items" + suffix + ".price [DEFAULT]",
                        "Alter column items" + suffix + ".status [DEFAULT]",
                        "Alter column items" + suffix + ".qty [DEFAULT]",
                        "Add constraint ck_code" + suffix + " to items" + suffix,
                        "Add constraint check (qty < 1000) to items" + suffix,
                        "Drop constraint primary key [a] of pairs" + suffix,
                        "Add constraint primary key [a, b] to pairs" + suffix));
                if (db == Database.MARIADB) {
                    expected.add("Stop generating pairs" + suffix + ".a before its primary key changes");
                }
                assertThat(steps).containsExactlyInAnyOrderElementsOf(expected);
            }
            migration.apply(scratch.engine(), true);
            Migration again = diff.compare(model(suffix), scratch.engine());
            assertThat(again.steps()).as("after applying:\n" + migration.sql(true) + "\nthe diff is still:\n" + again.sql(true)).isEmpty();

            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            Table items = reflected.table("items" + suffix);
            assertThat(reflected.table("pairs" + suffix).primaryKeyColumns()).extracting(Column::name).containsExactly("a", "b");
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(items).values(Map.of("id", 2, "code", "d")));
                assertThat(conn.execute(select(items.c("price"), items.c("status"), items.c("qty")).where(items.c("id").eq(2))).all())
                        .extracting(r -> new java.math.BigDecimal(r.get(0).toString()).stripTrailingZeros().toPlainString() + " " + r.get(1) + " " + r.get(2))
                        .containsExactly("1.5 it's open 0");
                assertThat(conn.execute(select(items.c("qty")).where(items.c("id").eq(1))).scalar()).as("rows survive").isEqualTo(2);
            }
            // Back to the first model: the checks and key return, by name and by text.
            Migration back = diff.compare(before(suffix), scratch.engine());
            back.apply(scratch.engine(), true);
            assertThat(diff.compare(before(suffix), scratch.engine()).steps()).as(back.sql(true)).isEmpty();
        }
    }

    @EachDatabase
    void withoutValueComparisonOnlyThePresenceOfADefaultCounts(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData before = new MetaData();
            new Table("t" + suffix, before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("n", Types.INTEGER).serverDefault(SQL.text("1")));
            before.createAll(scratch.engine());
            MetaData model = new MetaData();
            new Table("t" + suffix, model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("n", Types.INTEGER).serverDefault(SQL.text("2")));
            assertThat(SchemaDiff.builder().compareDefaultValues(false).build().compare(model, scratch.engine()).isEmpty()).isTrue();
            assertThat(SchemaDiff.builder().build().compare(model, scratch.engine()).steps()).hasSize(1);
        }
    }

    @EachDatabase
    void aRenamedTableKeepsItsChecks(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData before = new MetaData();
            new Table("old" + suffix, before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("n", Types.INTEGER),
                    new CheckConstraint("ck_n" + suffix, SQL.text("n > 0")), new CheckConstraint(null, SQL.text("n < 10")));
            before.createAll(scratch.engine());
            MetaData model = new MetaData();
            new Table("new" + suffix, model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("n", Types.INTEGER),
                    new CheckConstraint("ck_n" + suffix, SQL.text("n > 0")), new CheckConstraint(null, SQL.text("n < 10")));
            SchemaDiff diff = SchemaDiff.builder().rename("old" + suffix, "new" + suffix).build();
            Migration m = diff.compare(model, scratch.engine());
            assertThat(m.steps()).extracting(Migration.Step::description).containsExactly("Rename table old" + suffix + " to new" + suffix);
            m.apply(scratch.engine(), false);
            assertThat(diff.compare(model, scratch.engine()).isEmpty()).isTrue();
        }
    }

    /**
     * Conditions and defaults a database rewrites beyond the normalisation (PostgreSQL: {@code IN}
     * as {@code = ANY (ARRAY[...])}, {@code interval '1 day'} as {@code '1 day'::interval}): on
     * PostgreSQL the model's are compared as PostgreSQL stores them, so the diff does not loop.
     */
    @EachDatabase
    void rewrittenChecksAndDefaultsAreNoChange(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String later = switch (db) {
            case POSTGRESQL -> "now() + interval '1 day'";
            case MARIADB -> "(current_timestamp() + interval 1 day)";
            default -> "(datetime('now', '+1 day'))";
        };
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = new MetaData();
            new Table("r" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("status", Types.string(10)).serverDefault(SQL.text("'a'")),
                    Column.of("due", Types.DATETIME).serverDefault(SQL.text(later)),
                    new CheckConstraint(null, SQL.text("status IN ('a', 'b')")),
                    new CheckConstraint(null, SQL.text("status BETWEEN 'a' AND 'z'")));
            md.createAll(scratch.engine());
            Migration m = SchemaDiff.builder().build().compare(md, scratch.engine());
            assertThat(m.steps()).as(m.sql(true)).isEmpty();
            MetaData changed = new MetaData();
            new Table("r" + suffix, changed, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("status", Types.string(10)).serverDefault(SQL.text("'b'")),
                    Column.of("due", Types.DATETIME).serverDefault(SQL.text(later)),
                    new CheckConstraint(null, SQL.text("status IN ('a', 'b', 'c')")),
                    new CheckConstraint(null, SQL.text("status BETWEEN 'a' AND 'z'")));
            Migration change = SchemaDiff.builder().build().compare(changed, scratch.engine());
            assertThat(change.steps()).as(change.sql(true)).hasSize(db == Database.SQLITE ? 1 : 3);
            change.apply(scratch.engine(), true);
            Migration again = SchemaDiff.builder().build().compare(changed, scratch.engine());
            assertThat(again.steps()).as(change.sql(true) + "\nthen still\n" + again.sql(true)).isEmpty();
        }
    }

    /** A primary key another table's foreign key depends on: the foreign key is dropped before and added back after. */
    @EachDatabase
    void aPrimaryKeyOthersReferToChanges(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData before = new MetaData();
            new Table("parent" + suffix, before, Column.of("id", Types.INTEGER).primaryKey(), Column.of("code", Types.string(10)).nullable(false));
            new Table("child" + suffix, before, Column.of("id", Types.INTEGER).primaryKey(),
                    new ForeignKeyConstraint("fk_parent" + suffix, List.of("id"), List.of("parent" + suffix + ".id"), null, null));
            before.createAll(scratch.engine());
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(before.table("parent" + suffix)).values(Map.of("id", 1, "code", "a")));
                if (db != Database.SQLITE) {
                    // SQLite's rebuild drops the parent: with rows referring to it, that needs PRAGMA foreign_keys=OFF around the script (README).
                    conn.execute(insert(before.table("child" + suffix)).values(Map.of("id", 1)));
                }
            }
            MetaData model = new MetaData();
            new Table("parent" + suffix, model, Column.of("id", Types.INTEGER).nullable(false).unique(), Column.of("code", Types.string(10)).primaryKey());
            new Table("child" + suffix, model, Column.of("id", Types.INTEGER).primaryKey(),
                    new ForeignKeyConstraint("fk_parent" + suffix, List.of("id"), List.of("parent" + suffix + ".id"), null, null));
            SchemaDiff diff = SchemaDiff.builder().build();
            Migration m = diff.compare(model, scratch.engine());
            if (db != Database.SQLITE) {
                assertThat(m.steps()).extracting(Migration.Step::description)
                        .contains("Drop constraint fk_parent" + suffix + " of child" + suffix + " while the primary key of parent" + suffix + " changes")
                        .endsWith("Add constraint fk_parent" + suffix + " to child" + suffix + " again");
            }
            m.apply(scratch.engine(), true);
            Migration again = diff.compare(model, scratch.engine());
            assertThat(again.steps()).as(m.sql(true) + "\nthen still\n" + again.sql(true)).isEmpty();
        }
    }

    /** MariaDB writes a newline in a default back as \\n, and indexes a foreign key's columns on its own: neither is a change. */
    @EachDatabase
    void escapedDefaultsAndForeignKeyIndexesAreNoChange(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = new MetaData();
            new Table("p" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("s", Types.string(30)).serverDefault("it's\n\"me\"\t\\"));
            new Table("c" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("p_id", Types.INTEGER).foreignKey("p" + suffix + ".id"));
            md.createAll(scratch.engine());
            Migration m = SchemaDiff.builder().build().compare(md, scratch.engine());
            assertThat(m.steps()).as(m.sql(true)).isEmpty();
        }
    }

    @Test
    void normalisedTextIsWhatEachDatabaseWritesBack() {
        assertThat(SchemaDiff.normalized("((price >= (0)::numeric))")).isEqualTo(SchemaDiff.normalized("price >= 0"));
        assertThat(SchemaDiff.normalized("`code` <> ''")).isEqualTo(SchemaDiff.normalized("code != ''"));
        assertThat(SchemaDiff.normalized("'It''s'::character varying")).isEqualTo("'It''s'").isNotEqualTo(SchemaDiff.normalized("'it''s'"));
        assertThat(SchemaDiff.normalized("0.00")).isEqualTo(SchemaDiff.normalized("'0'")).isEqualTo("0");
        assertThat(SchemaDiff.normalized("current_timestamp()")).isEqualTo(SchemaDiff.normalized("CURRENT_TIMESTAMP"));
        assertThat(SchemaDiff.normalized("true")).isEqualTo(SchemaDiff.normalized("1"));
        assertThat(SchemaDiff.normalized("'a b'")).isNotEqualTo(SchemaDiff.normalized("'ab'"));
        assertThat(SchemaDiff.normalized("'it''s\\n'", true)).isEqualTo(SchemaDiff.normalized("'it\\'s\n'", true)).isEqualTo("'it''s\n'");
        assertThat(SchemaDiff.normalized("'a\\n'")).as("a backslash is itself on PostgreSQL and SQLite").isEqualTo("'a\\n'");
        assertThat(SchemaDiff.normalized("E'a\\n\\\\'")).as("but not in PostgreSQL's E'...'").isEqualTo("'a\n\\'").isEqualTo(SchemaDiff.normalized("'a\n\\'"));
        assertThat(SchemaDiff.normalized("type'x'")).isEqualTo("type'x'");
    }
}
