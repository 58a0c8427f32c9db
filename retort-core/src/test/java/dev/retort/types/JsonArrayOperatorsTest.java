package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Compiled;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * JSON element access per database and PostgreSQL's array operators. Expected SQL is what
 * SQLAlchemy 2.1.1 renders for {@code t.c.data['a']}, {@code t.c.data['a'].as_string()},
 * {@code t.c.arr[1]}, {@code contains}, {@code overlap}, {@code contained_by}, {@code any},
 * {@code all}, less its bind casts ({@code ::TEXT}) and the CAST of text on SQLite and the CASE for
 * JSON null on MySQL, which Retort leaves out.
 */
class JsonArrayOperatorsTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table t = new Table("docs_" + suffix, md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("data", Types.JSON));

    @Test
    void jsonItemsRenderPerDialect() {
        var stmt = select(t.c("data").item("a"), t.c("data").item(0)).where(t.c("data").itemText("b").eq("x"));
        String name = t.name();
        assertThat(stmt.compile(Dialects.postgresql()).string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT " + name + ".data -> ? AS anon_1, " + name + ".data -> ? AS anon_2 FROM " + name + " WHERE (" + name + ".data ->> ?) = ?");
        assertThat(stmt.compile(Dialects.mysql()).string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT JSON_EXTRACT(" + name + ".data, ?) AS anon_1, JSON_EXTRACT(" + name + ".data, ?) AS anon_2 FROM " + name
                        + " WHERE JSON_UNQUOTE(JSON_EXTRACT(" + name + ".data, ?)) = ?");
        assertThat(stmt.compile(Dialects.sqlite()).string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT JSON_QUOTE(JSON_EXTRACT(" + name + ".data, ?)) AS anon_1, JSON_QUOTE(JSON_EXTRACT(" + name + ".data, ?)) AS anon_2 FROM " + name
                        + " WHERE JSON_EXTRACT(" + name + ".data, ?) = ?");
        for (var protocol : dev.retort.ext.serializer.Protocol.values()) {
            var back = (dev.retort.sql.ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(stmt, protocol), md);
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.compile(Dialects.mysql()).string()).isEqualTo(stmt.compile(Dialects.mysql()).string());
        }
        Compiled pg = stmt.compile(Dialects.postgresql());
        assertThat(pg.params().values()).containsExactly("a", 0, "b", "x");
        assertThatThrownBy(() -> select(t.c("id").item("a"))).isInstanceOf(ArgumentException.class).hasMessageContaining("JSON");
    }

    @EachDatabase
    void jsonItemsReadAndCompareOnEveryDatabase(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "data", Map.of("name", "ann", "tags", List.of("a", "b"), "n", 5)),
                    Map.of("id", 2, "data", Map.of("name", "bob", "tags", List.of(), "n", 7))));
            conn.commit();
            assertThat(conn.execute(select(t.c("id")).where(t.c("data").itemText("name").eq("bob"))).scalars()).containsExactly(2);
            assertThat(conn.execute(select(t.c("data").itemText("name")).orderBy(t.c("id"))).scalars()).containsExactly("ann", "bob");
            // Elements are JSON values, read back as Java values.
            assertThat(conn.execute(select(t.c("data").item("tags")).where(t.c("id").eq(1))).scalar()).isEqualTo(List.of("a", "b"));
            assertThat(conn.execute(select(t.c("data").item("tags").item(0)).where(t.c("id").eq(1))).scalar()).isEqualTo("a");
            assertThat(conn.execute(select(t.c("data").item("n")).where(t.c("id").eq(2))).scalar()).isEqualTo(7);
        } finally {
            md.dropAll(db.engine());
        }
    }

    @Test
    void postgresqlArrayOperators() {
        Table a = new Table("arrs_" + suffix, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("arr", Types.array(Types.INTEGER)));
        String n = a.name();
        var stmt = select(a.c("arr").item(1), a.c("arr").contains(List.of(1)), a.c("arr").overlap(List.of(1)), a.c("arr").containedBy(List.of(2)),
                a.c("arr").anyEq(3), a.c("arr").allEq(3));
        assertThat(stmt.compile(Dialects.postgresql()).string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT " + n + ".arr[?] AS anon_1, " + n + ".arr @> ? AS anon_2, " + n + ".arr && ? AS anon_3, " + n + ".arr <@ ? AS anon_4, "
                        + "? = ANY (" + n + ".arr) AS anon_5, ? = ALL (" + n + ".arr) AS anon_6 FROM " + n);
        assertThatThrownBy(() -> select(a.c("id")).where(a.c("arr").contains(List.of(1))).compile(Dialects.mysql()))
                .isInstanceOf(CompileException.class).hasMessageContaining("PostgreSQL only");

        var pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(a), List.of(Map.of("id", 1, "arr", List.of(1, 2, 3)), Map.of("id", 2, "arr", List.of(3, 3)), Map.of("id", 3, "arr", List.of())));
            conn.commit();
            assertThat(conn.execute(select(a.c("id")).where(a.c("arr").contains(List.of(2, 3)))).scalars()).containsExactly(1);
            assertThat(conn.execute(select(a.c("id")).where(a.c("arr").containedBy(List.of(1, 2, 3))).orderBy(a.c("id"))).scalars()).containsExactly(1, 2, 3);
            assertThat(conn.execute(select(a.c("id")).where(a.c("arr").overlap(List.of(1, 9)))).scalars()).containsExactly(1);
            assertThat(conn.execute(select(a.c("id")).where(a.c("arr").anyEq(3)).orderBy(a.c("id"))).scalars()).containsExactly(1, 2);
            assertThat(conn.execute(select(a.c("id")).where(a.c("arr").allEq(3)).orderBy(a.c("id"))).scalars()).as("ALL of an empty array is true").containsExactly(2, 3);
            assertThat(conn.execute(select(a.c("arr").item(2)).where(a.c("id").eq(1))).scalar()).isEqualTo(2);
        } finally {
            md.dropAll(pg);
        }
    }
}
