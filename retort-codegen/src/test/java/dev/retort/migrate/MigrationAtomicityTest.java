package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.OperationalException;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.types.Types;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Migration#apply} runs its steps in one transaction: a step that fails undoes the ones
 * before it where the database's DDL is transactional. Before, the failure was raised inside
 * {@code engine.begin()}'s block by Migration's own code, not by a statement the connection ran,
 * and the connection committed the steps before it on close (SQLite kept {@code aa_ok}).
 */
class MigrationAtomicityTest {
    @TempDir
    Path dir;

    @Test
    void aFailingStepUndoesTheStepsBeforeItOnSqlite() {
        Engine engine = Engine.create("jdbc:sqlite:" + dir.resolve("atomic.db"));
        try {
            MetaData model = new MetaData();
            new Table("aa_ok", model, Column.of("id", Types.INTEGER).primaryKey());
            new Table("zz_bad", model, Column.of("id", Types.INTEGER).primaryKey(),
                    new CheckConstraint("ck_bad", SQL.text("id >")));          // not SQL: CREATE TABLE fails
            Migration migration = SchemaDiff.builder().build().compare(model, engine);
            assertThat(migration.steps()).extracting(Migration.Step::description).containsExactly("Create table aa_ok", "Create table zz_bad");
            assertThatThrownBy(() -> migration.apply(engine, false)).isInstanceOf(OperationalException.class).hasMessageContaining("zz_bad");
            MetaData after = new MetaData();
            after.reflect(engine);
            assertThat(after.tables()).isEmpty();
        } finally {
            engine.dispose();
        }
    }
}
