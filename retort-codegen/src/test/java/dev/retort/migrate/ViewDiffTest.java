package dev.retort.migrate;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.ReflectOptions;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Views in the diff: created, replaced and dropped as views, never as tables; the second diff is empty. */
class ViewDiffTest {
    /** users, and the views the model declares over it: {@code active} with {@code activeQuery}, {@code names} with {@code namesColumns}. */
    private static MetaData model(String s, boolean withNick, String activeFlag, boolean namesWithId) {
        MetaData md = new MetaData();
        List<Column<?>> columns = new ArrayList<>(List.of(Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)),
                Column.of("active", Types.INTEGER)));
        if (withNick) {
            columns.add(Column.of("nick", Types.string(20)));
        }
        new Table("users" + s, md, columns.toArray(new Column<?>[0]));
        new Table("active" + s, md, Column.of("id", Types.INTEGER), Column.of("name", Types.string(50)))
                .viewDefinition("SELECT id, name FROM users" + s + " WHERE active = " + activeFlag);
        if (namesWithId) {
            new Table("names" + s, md, Column.of("id", Types.INTEGER), Column.of("name", Types.string(50)))
                    .viewDefinition("SELECT id, name FROM users" + s);
        } else {
            new Table("names" + s, md, Column.of("name", Types.string(50))).viewDefinition("SELECT name FROM users" + s);
        }
        return md;
    }

    private static List<String> steps(Migration m) {
        return m.steps().stream().map(Migration.Step::description).toList();
    }

    @EachDatabase
    void viewsAreCreatedReplacedAndDropped(Database db) throws Exception {
        String s = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData first = model(s, false, "1", false);
            first.createAll(scratch.engine());
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(first.table("users" + s)).values(Map.of("id", 1, "name", "ann", "active", 1)));
                conn.execute(insert(first.table("users" + s)).values(Map.of("id", 2, "name", "bob", "active", 0)));
            }
            SchemaDiff diff = SchemaDiff.builder().build();
            Migration create = diff.compare(first, scratch.engine());
            assertThat(steps(create)).as("createAll passes views by; the diff creates them").containsExactly("Create view active" + s, "Create view names" + s);
            create.apply(scratch.engine(), false);
            Migration again = diff.compare(first, scratch.engine());
            assertThat(again.steps()).as("after:\n" + create.sql(false) + "\nstill:\n" + again.sql(false)).isEmpty();

            // active's query changes (same columns), names gains a column, users a column; a view the model lacks is dropped as a view.
            try (Connection conn = scratch.engine().begin()) {
                conn.jdbc().createStatement().execute("CREATE VIEW stray" + s + " AS SELECT id FROM users" + s);
            }
            MetaData second = model(s, true, "0", true);
            Migration change = diff.compare(second, scratch.engine());
            List<String> expected = new ArrayList<>();
            boolean recreated = db != Database.MARIADB;
            expected.add("Drop view stray" + s);
            expected.add("Drop view names" + s);
            if (recreated) {
                expected.add("Drop view active" + s);
            }
            expected.add("Add column users" + s + ".nick");
            if (recreated) {
                expected.add("Create view active" + s);
            }
            expected.add("Create view names" + s);
            assertThat(steps(change)).as(change.sql(false)).containsExactlyElementsOf(expected);
            assertThat(change.steps()).filteredOn(Migration.Step::destructive).extracting(Migration.Step::description)
                    .as("only the view the model lacks waits for --allow-destructive").containsExactly("Drop view stray" + s);
            change.apply(scratch.engine(), true);
            Migration after = diff.compare(second, scratch.engine());
            if (db == Database.MARIADB) {
                assertThat(steps(after)).as("MariaDB's rewritten query is not compared: active keeps its old query").isEmpty();
            } else {
                assertThat(after.steps()).as("after:\n" + change.sql(false) + "\nstill:\n" + after.sql(false)).isEmpty();
            }
            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine(), ReflectOptions.builder().views(true).build());
            assertThat(reflected.tables()).doesNotContainKey("stray" + s);
            assertThat(reflected.table("names" + s).isView()).isTrue();
            Table active = reflected.table("active" + s);
            try (Connection conn = scratch.engine().connect()) {
                assertThat(conn.execute(select(active.c("name"))).scalars()).containsExactly(db == Database.MARIADB ? "ann" : "bob");
                assertThat(conn.execute(select(reflected.table("names" + s).c("id"))).scalars()).hasSize(2);
            }
        }
    }
}
