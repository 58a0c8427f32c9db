package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A table without schema next to a schema-qualified one of the same name is aliased (SQLAlchemy 2.1.1's SQL in each comment). */
class AmbiguousTableNameTest {
    @Test
    void theUnqualifiedTableIsAliasedInThatSelectOnly() {
        MetaData md = new MetaData();
        Table a = new Table("some_table", md, Column.of("id", Types.INTEGER), Column.of("q", Types.INTEGER));
        Table b = new Table("some_table", "foo", md, Column.of("id", Types.INTEGER), Column.of("p", Types.INTEGER));
        // select(a.c.q, b.c.p).where(a.c.id == b.c.id); select(a.c.q)
        assertThat(select(a.c("q"), b.c("p")).where(a.c("id").eq(b.c("id"))).toString().replaceAll("\\s+", " "))
                .isEqualTo("SELECT some_table_1.q, foo.some_table.p FROM some_table AS some_table_1, foo.some_table WHERE some_table_1.id = foo.some_table.id");
        assertThat(select(a.c("q")).toString().replaceAll("\\s+", " ")).isEqualTo("SELECT some_table.q FROM some_table");
    }

    @Test
    void runsOnPostgresqlWhereTheBareFormIsAmbiguous() {
        Engine engine = Database.POSTGRESQL.engine();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String schema = "amb_" + suffix;
        MetaData md = new MetaData();
        Table a = new Table("amb_t_" + suffix, md, Column.of("id", Types.INTEGER), Column.of("q", Types.INTEGER));
        Table b = new Table("amb_t_" + suffix, schema, md, Column.of("id", Types.INTEGER), Column.of("p", Types.INTEGER));
        try (Connection c = engine.connect()) {
            c.execute(text("CREATE SCHEMA " + schema));
            c.commit();
        }
        try {
            md.createAll(engine);
            try (Connection c = engine.connect()) {
                c.execute(insert(a), List.of(Map.of("id", 1, "q", 10), Map.of("id", 2, "q", 20)));
                c.execute(insert(b), List.of(Map.of("id", 2, "p", 200)));
                // Before: "table reference ... is ambiguous"
                var rows = c.execute(select(a.c("q"), b.c("p")).where(a.c("id").eq(b.c("id")))).all();
                assertThat(rows).hasSize(1);
                assertThat(((Number) rows.get(0).get(0)).intValue()).isEqualTo(20);
                c.rollback();
            }
        } finally {
            md.dropAll(engine);
            try (Connection c = engine.connect()) {
                c.execute(text("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
                c.commit();
            }
        }
    }
}
