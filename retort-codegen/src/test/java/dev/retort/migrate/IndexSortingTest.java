package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * Index sort order: the Inspector reports each element's DESC (and on PostgreSQL NULLS FIRST /
 * LAST, where they differ from the default) as SQLAlchemy's {@code column_sorting}; a reflected
 * index is created with them, and the diff of a model with such indexes against its database is empty.
 */
class IndexSortingTest {

    @EachDatabase
    void sortOrdersReflectAndDiffEmpty(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData model = new MetaData();
            Table t = new Table("events", model, Column.of("id", Types.INTEGER).primaryKey(), Column.of("kind", Types.string(10)),
                    Column.of("at", Types.INTEGER), Column.of("score", Types.INTEGER));
            new Index("ix_events_kind_at", t.c("kind"), t.c("at").desc()).attachTo(t);
            if (db == Database.POSTGRESQL) {
                new Index("ix_events_score", t.c("score").nullsFirst(), t.c("at").desc().nullsLast()).attachTo(t);
            }
            model.createAll(scratch.engine());

            if (db != Database.POSTGRESQL) {
                // (PostgreSQL's inspector is asked with the scratch schema: see the reflection below)
                try (Connection conn = scratch.engine().connect()) {
                    var ix = scratch.engine().dialect().inspector().indexes(conn.jdbc(), null, "events").stream()
                            .filter(i -> i.name().equals("ix_events_kind_at")).findFirst().orElseThrow();
                    assertThat(ix.columnSorting()).isEqualTo(Map.of("at", List.of("desc")));
                }
            }
            Migration m = SchemaDiff.builder().build().compare(model, scratch.engine());
            assertThat(m.steps()).as(m.sql(true)).isEmpty();

            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            Index back = reflected.table("events").indexes().stream().filter(i -> i.name().equals("ix_events_kind_at")).findFirst().orElseThrow();
            assertThat(new CreateIndex(back).compile(scratch.engine().dialect()).string()).endsWith("(kind, at DESC)");
            if (db == Database.POSTGRESQL) {
                Index score = reflected.table("events").indexes().stream().filter(i -> i.name().equals("ix_events_score")).findFirst().orElseThrow();
                assertThat(new CreateIndex(score).compile(scratch.engine().dialect()).string()).endsWith("(score NULLS FIRST, at DESC NULLS LAST)");
            }
            Migration again = SchemaDiff.builder().build().compare(reflected, scratch.engine());
            assertThat(again.steps()).as(again.sql(true)).isEmpty();
        }
    }
}
