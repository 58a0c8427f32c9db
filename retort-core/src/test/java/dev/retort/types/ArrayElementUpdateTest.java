package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Compiled;
import dev.retort.testing.Databases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * UPDATE keyed by an expression: an element or a slice of a PostgreSQL array. Expected SQL and
 * parameters are what SQLAlchemy 2.1.1 renders for {@code t.update().values({t.c.arr[2]: 9})} and
 * {@code t.update().values({t.c.arr[1:2]: [7, 8], t.c.n: 5})} (PGDialect, qmark).
 */
class ArrayElementUpdateTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table t = new Table("arrs_" + suffix, md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("arr", Types.array(Types.INTEGER)),
            Column.of("n", Types.INTEGER));

    @Test
    void elementAndSliceAreSetTargets() {
        String n = t.name();
        Compiled element = update(t).values(Map.of(t.c("arr").item(2), 9)).where(t.c("id").eq(1)).compile(Dialects.postgresql());
        assertThat(element.string()).isEqualTo("UPDATE " + n + " SET arr[?]=? WHERE " + n + ".id = ?");
        assertThat(element.params()).containsExactly(Map.entry("arr_1", 2), Map.entry("param_1", 9), Map.entry("id_1", 1));

        Map<Object, Object> values = new LinkedHashMap<>();
        values.put(t.c("n"), 5);
        values.put(t.c("arr").slice(1, 2), List.of(7, 8));
        Compiled slice = update(t).values(values).where(t.c("id").eq(1)).compile(Dialects.postgresql());
        // the expression first, then the columns, whatever the map's order, as SQLAlchemy writes it
        assertThat(slice.string()).isEqualTo("UPDATE " + n + " SET arr[?:?]=?, n=? WHERE " + n + ".id = ?");
        assertThat(slice.params()).containsExactly(Map.entry("arr_1", 1), Map.entry("arr_2", 2), Map.entry("param_1", List.of(7, 8)),
                Map.entry("n", 5), Map.entry("id_1", 1));

        assertThat(update(t).values(Map.of(t.c("arr").item(2), 9)).toString()).isEqualTo("UPDATE " + n + " SET arr[:arr_1]=:param_1");
    }

    @Test
    void postgresqlSetsTheElementAndTheSlice() {
        var pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "arr", List.of(1, 2, 3), "n", 0), Map.of("id", 2, "arr", List.of(4, 5, 6), "n", 0)));
            conn.execute(update(t).values(Map.of(t.c("arr").item(2), 9)).where(t.c("id").eq(1)));
            conn.execute(update(t).orderedValues(Map.entry(t.c("arr").slice(1, 2), List.of(7, 8)), Map.entry("n", 5)).where(t.c("id").eq(2)));
            conn.commit();
            assertThat(conn.execute(select(t.c("arr"), t.c("n")).orderBy(t.c("id"))).all().stream().map(r -> r.toList()).toList())
                    .containsExactly(List.of(List.of(1, 9, 3), 0), List.of(List.of(7, 8, 6), 5));
        } finally {
            md.dropAll(pg);
        }
    }
}
