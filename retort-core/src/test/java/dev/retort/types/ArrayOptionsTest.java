package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ArrayType's dimensions and zeroIndexes. Expected SQL and parameters are what SQLAlchemy 2.1.1
 * writes for {@code ARRAY(Integer, dimensions=2)} and {@code ARRAY(Integer, zero_indexes=True)}
 * (PGDialect, qmark): {@code grid[2][1]}, {@code xs[0]}, {@code xs[0:1]}.
 */
class ArrayOptionsTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table t = new Table("grids_" + suffix, md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("grid", Types.array(Types.INTEGER).dimensions(2)),
            Column.of("xs", Types.array(Types.INTEGER).zeroIndexes(true)));

    @Test
    void ddlAndIndexes() {
        String n = t.name();
        assertThat(new CreateTable(t).compile(Dialects.postgresql()).string().replaceAll("\\s+", " ").trim())
                .isEqualTo("CREATE TABLE " + n + " ( id SERIAL NOT NULL, grid INTEGER[][], xs INTEGER[], PRIMARY KEY (id) )");
        Compiled c = select(t.c("grid").item(2).item(1), t.c("xs").item(0), t.c("xs").slice(0, 1)).where(t.c("id").eq(1)).compile(Dialects.postgresql());
        assertThat(c.string().replaceAll("\\s+", " ")).isEqualTo("SELECT " + n + ".grid[?][?] AS anon_1, " + n + ".xs[?] AS anon_2, " + n + ".xs[?:?] AS anon_3 FROM " + n
                + " WHERE " + n + ".id = ?");
        assertThat(c.params()).containsExactly(Map.entry("grid_1", 2), Map.entry("param_1", 1), Map.entry("xs_1", 1), Map.entry("xs_2", 1), Map.entry("xs_3", 2),
                Map.entry("id_1", 1));
        assertThat(t.c("grid").item(1).type()).isEqualTo(Types.array(Types.INTEGER).dimensions(1));
        assertThatThrownBy(() -> Types.array(Types.INTEGER).dimensions(0)).isInstanceOf(ArgumentException.class).hasMessageContaining("dimensions");
        // a loaded type must not make DDL and values nest without bound
        assertThatThrownBy(() -> Types.array(Types.INTEGER).dimensions(7)).isInstanceOf(ArgumentException.class).hasMessageContaining("between 1 and 6");
    }

    /** SQLAlchemy: {@code ARRAY(String(30, collation="C"))} and with {@code dimensions=2}; the COLLATE before {@code []} was a syntax error. */
    @Test
    void collatedElementsTakeTheCollationAfterTheBrackets() {
        var c = Types.collated(Types.string(30), "C");
        Table words = new Table("words_" + suffix, md, Column.of("w", Types.array(c)), Column.of("g", Types.array(c).dimensions(2)));
        assertThat(new CreateTable(words).compile(Dialects.postgresql()).string().replaceAll("\\s+", " ").trim())
                .isEqualTo("CREATE TABLE " + words.name() + " ( w VARCHAR(30)[] COLLATE \"C\", g VARCHAR(30)[][] COLLATE \"C\" )");
        var pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(words), List.of(Map.of("w", List.of("b", "a"), "g", List.of(List.of("x")))));
            conn.commit();
            assertThat(conn.execute(select(words.c("w").item(2))).scalar()).isEqualTo("a");
        } finally {
            md.dropAll(pg);
        }
    }

    @Test
    void serializedOptionsComeBack() {
        for (ArrayType<Integer> a : List.of(Types.array(Types.INTEGER).dimensions(3), Types.array(Types.INTEGER).zeroIndexes(true), Types.array(Types.INTEGER))) {
            Select stmt = select(cast(column("x"), a));
            for (Protocol p : Protocol.values()) {
                Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
                assertThat(back.columns().get(0).type()).as(p + " " + a.typeArguments()).isEqualTo(a);
            }
        }
    }

    @Test
    void postgresqlStoresAndIndexesThem() {
        var pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "grid", List.of(List.of(1, 2), List.of(3, 4)), "xs", List.of(10, 20, 30))));
            conn.commit();
            var row = conn.execute(select(t.c("grid"), t.c("grid").item(2).item(1), t.c("xs").item(0), t.c("xs").slice(1, 2))).all().get(0);
            assertThat(row.toList()).containsExactly(List.of(List.of(1, 2), List.of(3, 4)), 3, 10, List.of(20, 30));
        } finally {
            md.dropAll(pg);
        }
    }
}
