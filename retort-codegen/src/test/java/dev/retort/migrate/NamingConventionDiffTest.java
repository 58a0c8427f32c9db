package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A constraint named by the model's naming convention: the diff adds it under that name, and then finds it again. */
class NamingConventionDiffTest {
    private static MetaData model(String suffix, boolean unique) {
        MetaData md = new MetaData(Map.of("uq", "uq_%(table_name)s_%(column_0_name)s"));
        Column<String> code = Column.of("code", Types.string(10));
        new Table("codes" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), unique ? code.unique() : code);
        return md;
    }

    @EachDatabase
    void theConventionsNameIsAddedAndFoundAgain(Database db) {
        String suffix = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            model(suffix, false).createAll(scratch.engine());
            SchemaDiff diff = SchemaDiff.builder().build();
            Migration m = diff.compare(model(suffix, true), scratch.engine());
            List<String> steps = m.steps().stream().map(Migration.Step::description).toList();
            if (db != Database.SQLITE) {
                assertThat(steps).containsExactly("Add constraint uq_codes" + suffix + "_code to codes" + suffix);
                assertThat(m.sql(true)).contains("CONSTRAINT uq_codes" + suffix + "_code UNIQUE (code)");
            } else {
                assertThat(m.sql(true)).contains("CONSTRAINT uq_codes" + suffix + "_code UNIQUE (code)");
            }
            m.apply(scratch.engine(), true);
            assertThat(diff.compare(model(suffix, true), scratch.engine()).steps()).as(m.sql(true)).isEmpty();
        }
    }
}
