package dev.retort.types;

import static dev.retort.sql.SQL.any;
import static dev.retort.sql.SQL.array;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's range, multirange and HSTORE types, the JSONB key and path operators and array
 * literals: SQL as SQLAlchemy 2.1.1 writes it, refusals elsewhere, values and operators evaluated
 * by a real server, statements through the serializer.
 */
class PostgresqlTypesTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table ranges = new Table("ranges_" + suffix, md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("seats", Types.INT4RANGE),
            Column.of("big", Types.INT8RANGE),
            Column.of("price", Types.NUMRANGE),
            Column.of("days", Types.DATERANGE),
            Column.of("slot", Types.TSRANGE),
            Column.of("zoned", Types.TSTZRANGE),
            Column.of("free", Types.INT4MULTIRANGE),
            Column.of("holidays", Types.DATEMULTIRANGE));

    private static String sql(ClauseElement e) {
        return e.compile(Dialects.postgresql()).string().replaceAll("\\s+", " ");
    }

    @Test
    void rangeOperatorsRenderAsSqlalchemyAndCastRangeParameters() {
        var seats = ranges.c("seats");
        String n = ranges.name();
        // SQLAlchemy: data_table.range @> ?::INT4RANGE, ... (PGDialect, paramstyle qmark)
        assertThat(sql(select(ranges.c("id")).where(seats.contains(Range.of(1, 5)), seats.strictlyLeftOf(Range.of(10, 20)),
                seats.strictlyRightOf(Range.of(-5, 0)), seats.notExtendRightOf(Range.of(0, 50)), seats.notExtendLeftOf(Range.of(0, 1)),
                seats.adjacentTo(Range.of(20, 30)), seats.overlap(Range.of(2, 3)), seats.containedBy(Range.of(0, 100)))))
                .isEqualTo("SELECT " + n + ".id FROM " + n + " WHERE " + n + ".seats @> ?::INT4RANGE AND " + n + ".seats << ?::INT4RANGE AND "
                        + n + ".seats >> ?::INT4RANGE AND " + n + ".seats &< ?::INT4RANGE AND " + n + ".seats &> ?::INT4RANGE AND "
                        + n + ".seats -|- ?::INT4RANGE AND " + n + ".seats && ?::INT4RANGE AND " + n + ".seats <@ ?::INT4RANGE");
        assertThat(sql(seats.contains(5))).as("an element binds as the subtype").isEqualTo(n + ".seats @> ?");
        assertThat(sql(seats.eq("[1,2)"))).as("range text binds as VARCHAR").isEqualTo(n + ".seats = ?");
        assertThat(sql(seats.union(Range.of(1, 2)))).isEqualTo(n + ".seats + ?::INT4RANGE");
        assertThat(sql(ranges.c("free").intersection(ranges.c("free")))).isEqualTo(n + ".free * " + n + ".free");
        assertThat(sql(ranges.c("free").contains(Range.of(1, 2)))).as("a range in a multirange").isEqualTo(n + ".free @> ?::INT4RANGE");
        assertThat(sql(ranges.c("free").eq(List.of(Range.of(1, 2), Range.of(5, 7))))).isEqualTo(n + ".free = ?::INT4MULTIRANGE");
        assertThat(seats.contains(Range.of(1, 5)).compile(Dialects.postgresql(), dev.retort.sql.CompileOption.LITERAL_BINDS).string())
                .isEqualTo(n + ".seats @> '[1,5)'::INT4RANGE");
        assertThat(new CreateTable(ranges).compile(Dialects.postgresql()).string())
                .contains("seats INT4RANGE", "price NUMRANGE", "zoned TSTZRANGE", "holidays DATEMULTIRANGE");
        assertThatThrownBy(() -> new CreateTable(ranges).compile(Dialects.mysql())).isInstanceOf(CompileException.class)
                .hasMessageContaining("INT4RANGE").hasMessageContaining("PostgreSQL only");
        assertThatThrownBy(() -> seats.adjacentTo(Range.of(1, 2)).compile(Dialects.sqlite())).isInstanceOf(CompileException.class)
                .hasMessageContaining("-|-");
    }

    @Test
    void rangeTextParsesAndPrintsAsPostgresql() {
        RangeType<?> ts = (RangeType<?>) Types.TSTZRANGE;
        assertThat(ts.coerce("[\"2013-03-23 14:30:00+00\",)")).isEqualTo(Range.of(OffsetDateTime.of(2013, 3, 23, 14, 30, 0, 0, ZoneOffset.UTC), null));
        assertThat(((RangeType<?>) Types.INT4MULTIRANGE).coerce("{[1,3), [5,7)}")).isEqualTo(List.of(Range.of(1, 3), Range.of(5, 7)));
        assertThat(((RangeType<?>) Types.INT4RANGE).coerce("empty")).isEqualTo(Range.empty());
        assertThat(Range.of(null, 5, "(]").toString()).isEqualTo("(,5]");
        assertThat(Range.of(new BigDecimal("1.0"), new BigDecimal("2"))).isEqualTo(Range.of(new BigDecimal("1.00"), new BigDecimal("2.0")));
        assertThatThrownBy(() -> Range.of(1, 2, "[[")).hasMessageContaining("bounds");
    }

    @Test
    void rangesRoundTripAndTheServerEvaluatesTheirOperators() {
        Engine pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            LocalDateTime t0 = LocalDateTime.of(2024, 5, 1, 9, 30);
            OffsetDateTime z0 = OffsetDateTime.of(2024, 5, 1, 9, 30, 0, 0, ZoneOffset.ofHours(2));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", 1);
            row.put("seats", Range.of(1, 10));
            row.put("big", Range.of(5_000_000_000L, null));
            row.put("price", Range.of(new BigDecimal("1.5"), new BigDecimal("9.25"), "[]"));
            row.put("days", Range.of(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 8)));
            row.put("slot", Range.of(t0, t0.plusHours(2)));
            row.put("zoned", Range.of(z0, null, "(]"));
            row.put("free", List.of(Range.of(1, 3), Range.of(5, 7)));
            row.put("holidays", List.of(Range.of(LocalDate.of(2024, 12, 24), LocalDate.of(2024, 12, 27))));
            conn.execute(insert(ranges), List.of(row, Map.of("id", 2, "seats", Range.of(20, 30, "[]"), "free", List.of())));
            conn.commit();

            var back = conn.execute(select(ranges).where(ranges.c("id").eq(1))).all().get(0);
            assertThat(back.get("seats")).isEqualTo(Range.of(1, 10));
            assertThat(back.get("big")).isEqualTo(Range.of(5_000_000_000L, null));
            assertThat(back.get("price")).isEqualTo(Range.of(new BigDecimal("1.5"), new BigDecimal("9.25"), "[]"));
            assertThat(back.get("days")).isEqualTo(Range.of(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 8)));
            assertThat(back.get("slot")).isEqualTo(Range.of(t0, t0.plusHours(2)));
            Range<?> zoned = (Range<?>) back.get("zoned");
            assertThat(((OffsetDateTime) zoned.lower()).isEqual(z0)).as("the instant").isTrue();
            assertThat(zoned.bounds()).isEqualTo("()");
            assertThat(back.get("free")).isEqualTo(List.of(Range.of(1, 3), Range.of(5, 7)));
            assertThat(conn.execute(select(ranges.c("seats")).where(ranges.c("id").eq(2))).scalar())
                    .as("a discrete range comes back canonical").isEqualTo(Range.of(20, 31));
            assertThat(conn.execute(select(ranges.c("free")).where(ranges.c("id").eq(2))).scalar()).isEqualTo(List.of());

            var seats = ranges.c("seats");
            assertThat(ids(conn, select(ranges.c("id")).where(seats.contains(5)))).containsExactly(1);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.contains(Range.of(2, 4))))).containsExactly(1);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.containedBy(Range.of(0, 100))))).containsExactly(1, 2);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.overlap(Range.of(25, 26))))).containsExactly(2);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.strictlyLeftOf(Range.of(15, 16))))).containsExactly(1);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.strictlyRightOf(Range.of(15, 16))))).containsExactly(2);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.notExtendRightOf(Range.of(0, 10))))).containsExactly(1);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.notExtendLeftOf(Range.of(15, 16))))).containsExactly(2);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.adjacentTo(Range.of(10, 12))))).containsExactly(1);
            assertThat(ids(conn, select(ranges.c("id")).where(seats.eq(any(array(Types.INT4RANGE, Range.of(20, 31), Range.of(0, 1)))))))
                    .containsExactly(2);
            assertThat(ids(conn, select(ranges.c("id")).where(ranges.c("free").contains(6))))
                    .as("an element of a multirange").containsExactly(1);
            assertThat(conn.execute(select(seats.union(Range.of(10, 15))).where(ranges.c("id").eq(1))).scalar()).isEqualTo(Range.of(1, 15));
            assertThat(conn.execute(select(seats.intersection(Range.of(5, 50))).where(ranges.c("id").eq(1))).scalar()).isEqualTo(Range.of(5, 10));
            assertThat(conn.execute(select(seats.difference(Range.of(5, 50))).where(ranges.c("id").eq(1))).scalar()).isEqualTo(Range.of(1, 5));
            assertThat(conn.execute(select(ranges.c("free").union(List.of(Range.of(3, 5)))).where(ranges.c("id").eq(1))).scalar())
                    .isEqualTo(List.of(Range.of(1, 7)));
        } finally {
            md.dropAll(pg);
        }
    }

    private static List<Object> ids(Connection conn, Select s) {
        return conn.execute(s.orderBy(s.columns().get(0))).scalars();
    }

    @Test
    void hstoreRendersAsSqlalchemyAndRoundTrips() {
        Table h = new Table("hs_" + suffix, new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("attrs", Types.HSTORE));
        var attrs = h.c("attrs");
        String n = h.name();
        // SQLAlchemy (PGDialect, qmark): hash[?], hash ? ?, defined(hash, ?), akeys(hash); ? doubled for the JDBC driver
        assertThat(sql(select(attrs.item("color"), attrs.defined("size"), attrs.keys()).where(attrs.hasKey("size"), attrs.hasAll(array("a", "b")))))
                .isEqualTo("SELECT " + n + ".attrs[?] AS anon_1, defined(" + n + ".attrs, ?) AS defined_1, akeys(" + n + ".attrs) AS akeys_1 FROM " + n
                        + " WHERE " + n + ".attrs ?? ? AND " + n + ".attrs ??& ARRAY[?, ?]");
        assertThat(sql(h.c("attrs").concat(h.c("attrs")).item("k"))).isEqualTo("(" + n + ".attrs || " + n + ".attrs)[?]");
        assertThatThrownBy(() -> attrs.item("k").compile(Dialects.mysql())).isInstanceOf(CompileException.class);
        assertThat(HstoreType.parse("\"a\"=>\"1\", \"b\\\"q\"=>NULL, c=>\"NULL\""))
                .containsExactly(Map.entry("a", "1"), new java.util.AbstractMap.SimpleEntry<>("b\"q", null), Map.entry("c", "NULL"));

        Engine pg = Databases.postgresql();
        try (Connection conn = pg.connect()) {
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS hstore"));
            conn.commit();
        }
        h.metadata().createAll(pg);
        try (Connection conn = pg.connect()) {
            Map<String, String> value = new LinkedHashMap<>();
            value.put("color", "red");
            value.put("size", "L");
            value.put("note", null);
            value.put("quote\"d", "back\\slash");
            conn.execute(insert(h), List.of(Map.of("id", 1, "attrs", value), Map.of("id", 2, "attrs", Map.of("color", "blue"))));
            conn.commit();
            assertThat(conn.execute(select(attrs).where(h.c("id").eq(1))).scalar()).isEqualTo(value);
            assertThat(ids(conn, select(h.c("id")).where(attrs.item("color").eq("blue")))).containsExactly(2);
            assertThat(ids(conn, select(h.c("id")).where(attrs.hasKey("size")))).containsExactly(1);
            assertThat(ids(conn, select(h.c("id")).where(attrs.hasAll(List.of("color", "size"))))).containsExactly(1);
            assertThat(ids(conn, select(h.c("id")).where(attrs.hasAny(array("size", "color"))))).containsExactly(1, 2);
            assertThat(ids(conn, select(h.c("id")).where(attrs.contains(Map.of("color", "red"))))).containsExactly(1);
            assertThat(ids(conn, select(h.c("id")).where(attrs.containedBy(Map.of("color", "blue", "x", "y"))))).containsExactly(2);
            assertThat(ids(conn, select(h.c("id")).where(attrs.defined("note")))).as("a null value is not defined").isEmpty();
            assertThat(conn.execute(select(attrs.delete("size").item("size")).where(h.c("id").eq(1))).scalar()).isNull();
            assertThat(conn.execute(select(attrs.slice(List.of("color"))).where(h.c("id").eq(1))).scalar()).isEqualTo(Map.of("color", "red"));
            assertThat(conn.execute(select(attrs.keys()).where(h.c("id").eq(2))).scalar()).isEqualTo(List.of("color"));
            assertThat(conn.execute(select(attrs.vals()).where(h.c("id").eq(2))).scalar()).isEqualTo(List.of("blue"));
        } finally {
            h.metadata().dropAll(pg);
        }
    }

    @Test
    void jsonbKeyAndPathOperatorsRenderAsSqlalchemyAndRunOnTheServer() {
        Table d = new Table("jb_" + suffix, new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("doc", Types.JSONB));
        var doc = d.c("doc");
        String n = d.name();
        assertThat(sql(select(doc.item("a"), doc.deletePath("a", "b")).where(doc.hasAny(List.of("a")), doc.pathExists("$.a"), doc.pathMatch("$.n > 1"))))
                .isEqualTo("SELECT " + n + ".doc[?] AS anon_1, " + n + ".doc #- CAST(ARRAY[?, ?] AS TEXT[]) AS anon_2 FROM " + n
                        + " WHERE " + n + ".doc ??| ? AND " + n + ".doc @?? ? AND " + n + ".doc @@ ?");
        Engine pg = Databases.postgresql();
        d.metadata().createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(d), List.of(Map.of("id", 1, "doc", Map.of("a", Map.of("b", 1, "c", 2), "n", 5)), Map.of("id", 2, "doc", Map.of("z", 1))));
            conn.commit();
            assertThat(ids(conn, select(d.c("id")).where(doc.hasKey("a")))).containsExactly(1);
            assertThat(ids(conn, select(d.c("id")).where(doc.hasAll(List.of("a", "n"))))).containsExactly(1);
            assertThat(ids(conn, select(d.c("id")).where(doc.hasAny(List.of("n", "z"))))).containsExactly(1, 2);
            assertThat(ids(conn, select(d.c("id")).where(doc.pathExists("$.a.b")))).containsExactly(1);
            assertThat(ids(conn, select(d.c("id")).where(doc.pathMatch("$.n > 1")))).containsExactly(1);
            assertThat(conn.execute(select(doc.item("a").item("c")).where(d.c("id").eq(1))).scalar()).isEqualTo(2);
            assertThat(conn.execute(select(doc.deletePath("a", "b")).where(d.c("id").eq(1))).scalar())
                    .isEqualTo(Map.of("a", Map.of("c", 2), "n", 5));
        } finally {
            d.metadata().dropAll(pg);
        }
    }

    @Test
    void arrayLiteralsRenderAndRun() {
        assertThat(sql(select(array(1, 2).item(1)))).isEqualTo("SELECT (ARRAY[?, ?])[?] AS anon_1");
        assertThat(sql(select(array(Types.INTEGER)))).isEqualTo("SELECT ARRAY[]::INTEGER[] AS anon_1");
        assertThatThrownBy(() -> select(array(1)).compile(Dialects.sqlite())).isInstanceOf(CompileException.class)
                .hasMessageContaining("PostgreSQL only");
        try (Connection conn = Databases.postgresql().connect()) {
            assertThat(conn.execute(select(array(3, 4, 5).slice(2, 3))).scalar()).isEqualTo(List.of(4, 5));
            assertThat(conn.execute(select(array("a", "b").contains(array("b")))).scalar()).isEqualTo(true);
        }
    }

    @Test
    void statementsWithTheNewTypesSurviveTheSerializer() {
        var seats = ranges.c("seats");
        Table h = new Table("hs_" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("attrs", Types.HSTORE));
        Select s = select(ranges.c("id"), h.c("attrs").item("k"), array(1, 2))
                .where(seats.adjacentTo(Range.of(1, 2, "[]")), ranges.c("days").contains(Range.of(LocalDate.of(2024, 1, 1), null)),
                        ranges.c("zoned").overlap(Range.of(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), null)),
                        ranges.c("price").strictlyLeftOf(Range.of(new BigDecimal("1.5"), null)),
                        ranges.c("free").eq(List.of(Range.of(1, 2), Range.empty())), h.c("attrs").hasKey("k"), ranges.c("id").eq(h.c("id")));
        for (Protocol p : Protocol.values()) {
            Object back = QuerySerializer.loads(QuerySerializer.dumps(s, p), md);
            assertThat(((ClauseElement) back).compare(s)).as(p.name()).isTrue();
            var want = s.compile(Dialects.postgresql());
            var got = ((ClauseElement) back).compile(Dialects.postgresql());
            assertThat(got.string()).isEqualTo(want.string());
            assertThat(got.params().toString()).isEqualTo(want.params().toString());
        }
    }
}
