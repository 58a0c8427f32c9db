package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * JSON documents as Java values, element comparisons ({@code asInteger()} and friends), paths
 * and PostgreSQL array slices. Expected SQL is what SQLAlchemy 2.1.1 renders for
 * {@code t.c.data['a'].as_integer()}, {@code .as_string()}, {@code t.c.data[('a', 1, 'b')]},
 * {@code t.c.data[('a', 'b')].as_integer()}, {@code t.c.arr[1:3]}, less its bind casts; Retort
 * leaves out the parentheses SQLAlchemy puts inside {@code CAST((...) AS ...)} and MySQL's CASE
 * for a JSON null, and casts the unquoted text on MySQL where SQLAlchemy casts the JSON value.
 */
class JsonValuesTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("data", Types.JSON));

    private static String sql(ClauseElement e, dev.retort.dialect.Dialect d) {
        return e.compile(d).string().replaceAll("\\s+", " ");
    }

    @Test
    void javaValuesAreWrittenAsJsonTextAndReadBack() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", "x\"y");
        doc.put("i", 5);
        doc.put("l", 5_000_000_000L);
        doc.put("big", new BigInteger("123456789012345678901234567890"));
        doc.put("d", 2.5);
        doc.put("dec", new BigDecimal("1.25"));
        doc.put("b", true);
        doc.put("n", null);
        doc.put("list", List.of(1, "two", List.of()));
        doc.put("map", Map.of("k", false));
        String text = JsonValues.write(doc);
        assertThat(text).isEqualTo("{\"s\":\"x\\\"y\",\"i\":5,\"l\":5000000000,\"big\":123456789012345678901234567890,\"d\":2.5,\"dec\":1.25,"
                + "\"b\":true,\"n\":null,\"list\":[1,\"two\",[]],\"map\":{\"k\":false}}");
        Object back = JsonValues.read(text);
        assertThat(back).isInstanceOf(LinkedHashMap.class);
        Map<?, ?> m = (Map<?, ?>) back;
        assertThat(new ArrayList<Object>(m.keySet())).containsExactly((Object) "s", "i", "l", "big", "d", "dec", "b", "n", "list", "map");
        assertThat(m.get("i")).isEqualTo(5);
        assertThat(m.get("l")).isEqualTo(5_000_000_000L);
        assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(m.get("dec")).isEqualTo(1.25);
        assertThat(m.get("list")).isEqualTo(List.of(1, "two", List.of()));
        assertThat(JsonValues.write("ann")).as("a String is a JSON string").isEqualTo("\"ann\"");
        assertThat(JsonValues.read("null")).isNull();
        assertThatThrownBy(() -> JsonValues.write(Double.NaN)).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> JsonValues.write(new Object())).isInstanceOf(ArgumentException.class).hasMessageContaining("TypeDecorator");
        assertThatThrownBy(() -> JsonValues.write(Map.of(1, 2))).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> JsonValues.read("{\"a\": 1} x")).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> JsonValues.read("[".repeat(10_000))).isInstanceOf(SerializationException.class);
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> JsonValues.write(cycle)).isInstanceOf(ArgumentException.class);
        // Change tracking compares against a deep copy.
        Map<String, Object> mutable = new LinkedHashMap<>(Map.of("tags", new ArrayList<>(List.of("a"))));
        Object copy = Types.JSON.copyValue(mutable);
        ((List<Object>) mutable.get("tags")).add("b");
        assertThat(Types.JSON.compareValues(copy, mutable)).isFalse();
    }

    @Test
    void elementComparisonsAndPathsRenderPerDialect() {
        var stmt = select(t.c("data").path("a", 1, "b"), t.c("data").pathText("a", "b"))
                .where(t.c("data").item("n").asInteger().gt(3), t.c("data").item("s").asString().eq("x"), t.c("data").path("a", "b").asInteger().gt(3));
        // SQLAlchemy parenthesises an arrow operator inside another operator, CAST included
        assertThat(sql(stmt, Dialects.postgresql())).isEqualTo("SELECT t.data #> ? AS anon_1, t.data #>> ? AS anon_2 FROM t WHERE CAST((t.data ->> ?) AS INTEGER) > ? "
                + "AND CAST((t.data ->> ?) AS VARCHAR) = ? AND CAST((t.data #>> ?) AS INTEGER) > ?");
        assertThat(sql(stmt, Dialects.sqlite())).isEqualTo("SELECT JSON_QUOTE(JSON_EXTRACT(t.data, ?)) AS anon_1, JSON_EXTRACT(t.data, ?) AS anon_2 FROM t "
                + "WHERE CAST(JSON_EXTRACT(t.data, ?) AS INTEGER) > ? AND CAST(JSON_EXTRACT(t.data, ?) AS VARCHAR) = ? AND CAST(JSON_EXTRACT(t.data, ?) AS INTEGER) > ?");
        assertThat(sql(stmt, Dialects.mysql())).isEqualTo("SELECT JSON_EXTRACT(t.data, ?) AS anon_1, JSON_UNQUOTE(JSON_EXTRACT(t.data, ?)) AS anon_2 FROM t "
                // the WHERE clause as SQLAlchemy 2.1.1 writes as_integer() / as_string() (MySQLDialect, paramstyle qmark)
                + "WHERE CASE JSON_EXTRACT(t.data, ?) WHEN 'null' THEN NULL ELSE CAST(JSON_EXTRACT(t.data, ?) AS SIGNED INTEGER) END > ? "
                + "AND CASE JSON_EXTRACT(t.data, ?) WHEN 'null' THEN NULL ELSE JSON_UNQUOTE(JSON_EXTRACT(t.data, ?)) END = ? "
                + "AND CASE JSON_EXTRACT(t.data, ?) WHEN 'null' THEN NULL ELSE CAST(JSON_EXTRACT(t.data, ?) AS SIGNED INTEGER) END > ?");
        assertThat(stmt.compile(Dialects.postgresql()).params().values()).containsExactly(List.of("a", 1, "b"), List.of("a", "b"), "n", 3, "s", "x", List.of("a", "b"), 3);
        assertThat(sql(select(t.c("data").item("a").item(0)), Dialects.postgresql())).isEqualTo("SELECT (t.data -> ?) -> ? AS anon_1 FROM t");
        for (var protocol : dev.retort.ext.serializer.Protocol.values()) {
            var back = (ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(stmt, protocol), md);
            assertThat(back.compare(stmt)).isTrue();
            assertThat(sql(back, Dialects.postgresql())).isEqualTo(sql(stmt, Dialects.postgresql()));
        }
        assertThat(JsonPathType.INSTANCE.bindValue(List.of("a", 1, "b\"c"), Dialects.mysql())).isEqualTo("$.\"a\"[1].\"b\\\"c\"");
        assertThatThrownBy(() -> t.c("id").asInteger()).isInstanceOf(ArgumentException.class).hasMessageContaining("JSON element");
        assertThatThrownBy(() -> t.c("data").path()).isInstanceOf(ArgumentException.class);
    }

    @Test
    void postgresqlArraySlices() {
        Table a = new Table("arrs", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("arr", Types.array(Types.INTEGER)));
        var stmt = select(a.c("arr").slice(1, 3), a.c("arr").slice(2, 3).item(1)).where(a.c("arr").slice(1, 2).eq(List.of(1, 2)));
        assertThat(sql(stmt, Dialects.postgresql())).isEqualTo("SELECT arrs.arr[?:?] AS anon_1, arrs.arr[?:?][?] AS anon_2 FROM arrs WHERE arrs.arr[?:?] = ?");
        assertThat(stmt.compile(Dialects.postgresql()).params().values()).containsExactly(1, 3, 2, 3, 1, 1, 2, List.of(1, 2));
        for (var protocol : dev.retort.ext.serializer.Protocol.values()) {
            var back = (ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(stmt, protocol), md);
            assertThat(sql(back, Dialects.postgresql())).isEqualTo(sql(stmt, Dialects.postgresql()));
        }
        // An element of an array element is not parenthesised either (arr[1][2]).
        Table m = new Table("m", md, Column.of("arr", Types.array(Types.array(Types.INTEGER))));
        assertThat(sql(select(m.c("arr").item(1).item(2)), Dialects.postgresql())).isEqualTo("SELECT m.arr[?][?] AS anon_1 FROM m");
        assertThatThrownBy(() -> t.c("data").slice(1, 2)).isInstanceOf(ArgumentException.class);
    }

    @EachDatabase
    void documentsRoundTripAndCompareOnEveryDatabase(Database db) {
        Table docs = new Table("jsonv_" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("data", Types.JSON));
        var engine = db.engine();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            Map<String, Object> ann = Map.of("name", "ann", "n", 5, "score", 2.5, "ok", true, "address", Map.of("lines", List.of("1 Main St", "Flat 2")));
            Map<String, Object> bob = Map.of("name", "bob", "n", 2, "score", 0.5, "ok", false, "address", Map.of("lines", List.of()));
            conn.execute(insert(docs), List.of(Map.of("id", 1, "data", ann), Map.of("id", 2, "data", bob)));
            conn.execute(insert(docs).values(Map.of("id", 3, "data", List.of(1, "x", Map.of()))));
            conn.execute(insert(docs).values(Map.of("id", 4, "data", "just a string")));
            conn.commit();
            assertThat(conn.execute(select(docs.c("data")).where(docs.c("id").eq(1))).scalar()).isEqualTo(ann);
            assertThat(conn.execute(select(docs.c("data")).where(docs.c("id").eq(3))).scalar()).isEqualTo(List.of(1, "x", Map.of()));
            assertThat(conn.execute(select(docs.c("data")).where(docs.c("id").eq(4))).scalar()).isEqualTo("just a string");
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").item("n").asInteger().gt(3))).scalars()).containsExactly(1);
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").item("score").asDouble().lt(1.0))).scalars()).containsExactly(2);
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").item("name").asString().eq("bob"))).scalars()).containsExactly(2);
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").item("ok").asBoolean())).scalars()).containsExactly(1);
            assertThat(conn.execute(select(docs.c("data").item("n").asLong()).where(docs.c("id").eq(1))).scalar()).isEqualTo(5L);
            assertThat(conn.execute(select(docs.c("data").path("address", "lines")).where(docs.c("id").eq(1))).scalar()).isEqualTo(List.of("1 Main St", "Flat 2"));
            assertThat(conn.execute(select(docs.c("data").pathText("address", "lines", 1)).where(docs.c("id").eq(1))).scalar()).isEqualTo("Flat 2");
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").pathText("address", "lines", 0).eq("1 Main St"))).scalars()).containsExactly(1);
        } finally {
            md.dropAll(engine);
        }
    }

    @Test
    void jsonbContainmentAndArraySlicesOnPostgresql() {
        Table docs = new Table("jsonb_" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("data", Types.JSONB),
                Column.of("arr", Types.array(Types.INTEGER)));
        assertThat(sql(select(docs.c("id")).where(docs.c("data").contains(Map.of("a", 1))), Dialects.postgresql()))
                .isEqualTo("SELECT " + docs.name() + ".id FROM " + docs.name() + " WHERE " + docs.name() + ".data @> ?");
        var pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(docs), List.of(Map.of("id", 1, "data", Map.of("a", 1, "tags", List.of("x", "y")), "arr", List.of(1, 2, 3, 4)),
                    Map.of("id", 2, "data", Map.of("a", 2), "arr", List.of(5))));
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").contains(Map.of("tags", List.of("y"))))).scalars()).containsExactly(1);
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").contains(Map.of("a", 2)))).scalars()).containsExactly(2);
            assertThat(conn.execute(select(docs.c("data")).where(docs.c("id").eq(1))).scalar()).isEqualTo(Map.of("a", 1, "tags", List.of("x", "y")));
            assertThat(conn.execute(select(docs.c("arr").slice(2, 3)).where(docs.c("id").eq(1))).scalar()).isEqualTo(List.of(2, 3));
            assertThat(conn.execute(select(docs.c("id")).where(docs.c("arr").slice(1, 2).eq(List.of(1, 2)))).scalars()).containsExactly(1);
        } finally {
            md.dropAll(pg);
        }
    }
}
