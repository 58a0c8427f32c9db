package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.DBAPIException;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ENUM, INTERVAL, JSONB, ARRAY, domains and named types: DDL per dialect, values round-tripped, reflected back. */
class RichTypesTest {
    enum Color { RED, GREEN, BLUE }

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table t = new Table("rich_" + suffix, md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("color", Types.enumOf(Color.class, "color_" + suffix)),
            Column.of("took", Types.INTERVAL),
            Column.of("doc", Types.JSONB));

    @EachDatabase
    void enumIntervalAndJsonbRoundTripAndReflectBack(Database db) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            Duration took = Duration.ofDays(3).plusHours(4).plusMinutes(5).plusSeconds(6).plusNanos(789_000);
            conn.execute(insert(t), List.of(Map.of("id", 1, "color", Color.GREEN, "took", took, "doc", "{\"a\": 1}"),
                    Map.of("id", 2, "color", "BLUE", "took", took.negated())));
            conn.commit();
            assertThat(conn.execute(select(t.c("color")).orderBy(t.c("id"))).scalars()).containsExactly(Color.GREEN, Color.BLUE);
            assertThat(conn.execute(select(t.c("took")).orderBy(t.c("id"))).scalars()).containsExactly(took, took.negated());
            assertThat(conn.execute(select(t.c("id")).where(t.c("color").eq(Color.BLUE))).scalars()).containsExactly(2);
            assertThat(conn.execute(select(t.c("id")).where(t.c("color").eq("GREEN"))).scalars()).as("a label as a String").containsExactly(1);
            assertThat(conn.execute(select(t.c("id")).where(t.c("took").gt(Duration.ZERO))).scalars()).containsExactly(1);
            assertThatThrownBy(() -> conn.execute(insert(t), Map.of("id", 3, "color", "PURPLE")))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("PURPLE").hasMessageContaining("[RED, GREEN, BLUE]");

            Table r = Table.reflect(t.name(), new MetaData(), db.engine());
            TypeEngine<?> color = r.c("color").type();
            if (db == Database.SQLITE) {
                assertThat(color).isEqualTo(Types.string(5));
            } else {
                assertThat(color).isInstanceOf(EnumType.class);
                assertThat(((EnumType<?>) color).labels()).containsExactly("RED", "GREEN", "BLUE");
            }
            assertThat(r.c("took").type()).isEqualTo(db == Database.MARIADB ? Types.BIGINT : Types.INTERVAL);
        } finally {
            md.dropAll(db.engine());
        }
    }

    /**
     * Issue #15's checklist in one table per database: JSON, JSONB, an enum of a Java class,
     * INTERVAL, a zoned TIMESTAMP (and an array on PostgreSQL) round-trip; a statement binding a
     * value of each survives both serializer protocols and runs with the same result; the enum's
     * database type exists between createAll and dropAll only; reflection gives back what each
     * database can tell (README's types table).
     */
    @EachDatabase
    void everyRichTypeRoundTripsSerializesAndReflectsBack(Database db) {
        boolean pg = db == Database.POSTGRESQL;
        MetaData m = new MetaData();
        String hue = "hue_" + suffix;
        List<Column<?>> columns = new java.util.ArrayList<>(List.of(Column.of("id", Types.INTEGER).primaryKey(), Column.of("doc", Types.JSON),
                Column.of("bdoc", Types.JSONB), Column.of("hue", Types.enumOf(Color.class, hue)), Column.of("took", Types.INTERVAL),
                Column.of("at", Types.TIMESTAMP)));
        if (pg) {
            columns.add(Column.of("nums", Types.array(Types.INTEGER)));
        }
        Table k = new Table("checklist_" + suffix, m, columns.toArray(new Column<?>[0]));
        java.time.OffsetDateTime at = java.time.OffsetDateTime.parse("2024-03-10T23:30:00.123456-05:00");
        Duration took = Duration.ofMinutes(90).plusNanos(1000);
        Map<String, Object> doc = Map.of("n", 5, "tags", List.of("a", "b"), "in", Map.of("ok", true));
        m.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            if (pg) {
                assertThat(pgTypeExists(conn, hue)).as("CREATE TYPE before CREATE TABLE").isTrue();
            }
            Map<String, Object> row = new java.util.HashMap<>(Map.of("id", 1, "doc", doc, "bdoc", Map.of("k", "v"), "hue", Color.GREEN, "took", took, "at", at));
            if (pg) {
                row.put("nums", List.of(1, 2, 3));
            }
            conn.execute(insert(k), List.of(row, Map.of("id", 2, "hue", Color.RED)));
            conn.commit();

            var where = new java.util.ArrayList<dev.retort.sql.ColumnElement<Boolean>>(List.of(k.c("doc").item("n").asInteger().eq(5),
                    k.c("doc").pathText("tags", 1).eq("b"), k.c("hue").eq("GREEN") /* a constant of the application's enum needs Codecs.register(ValueCodec.ofEnum(...)) */, k.c("took").gt(Duration.ofMinutes(1)),
                    k.c("at").eq(at.atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))), k.c("at").lt(at.toInstant().plusSeconds(1))));
            if (pg) {
                where.addAll(List.of(k.c("nums").contains(List.of(2)), k.c("nums").item(1).eq(1), k.c("nums").anyEq(3)));
            }
            var stmt = select(k).where(where.toArray(new dev.retort.sql.ColumnElement<?>[0]));
            for (var protocol : dev.retort.ext.serializer.Protocol.values()) {
                var back = (dev.retort.sql.ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(stmt, protocol), m);
                assertThat(back.compile(db.engine().dialect()).string()).as(protocol.toString()).isEqualTo(stmt.compile(db.engine().dialect()).string());
                for (var s : List.of(stmt, back)) {
                    var read = conn.execute(s).all();
                    assertThat(read).as("%s %s", protocol, s == stmt ? "original" : "loaded").hasSize(1);
                    assertThat(read.get(0).get("doc")).isEqualTo(doc);
                    assertThat(read.get(0).get("bdoc")).isEqualTo(Map.of("k", "v"));
                    assertThat(read.get(0).get("hue")).isEqualTo(Color.GREEN);
                    assertThat(read.get(0).get("took")).isEqualTo(took);
                    assertThat(((java.time.OffsetDateTime) read.get(0).get("at")).toInstant()).as("the instant survives; the offset comes back as UTC")
                            .isEqualTo(at.toInstant());
                    assertThat(((java.time.OffsetDateTime) read.get(0).get("at")).getOffset()).isEqualTo(java.time.ZoneOffset.UTC);
                    if (pg) {
                        assertThat(read.get(0).get("nums")).isEqualTo(List.of(1, 2, 3));
                    }
                }
            }
            conn.rollback();

            Table r = Table.reflect(k.name(), new MetaData(), db.engine());
            assertThat(r.c("doc").type()).isEqualTo(Types.JSON);
            assertThat(r.c("bdoc").type()).as("JSONB is JSON outside PostgreSQL").isEqualTo(pg ? Types.JSONB : Types.JSON);
            assertThat(r.c("took").type()).as("MariaDB keeps an INTERVAL in a BIGINT it cannot tell apart").isEqualTo(db == Database.MARIADB ? Types.BIGINT : Types.INTERVAL);
            assertThat(r.c("at").type()).as("MariaDB keeps a TIMESTAMP in a DATETIME(6)").isEqualTo(db == Database.MARIADB ? Types.DATETIME : Types.TIMESTAMP);
            if (db == Database.SQLITE) {
                assertThat(r.c("hue").type()).isEqualTo(Types.string(5));
                assertThat(new CreateTable(r).compile(Dialects.sqlite()).string()).as("the labels come back as the CHECK constraint").contains("hue IN ('RED', 'GREEN', 'BLUE')");
            } else {
                assertThat(r.c("hue").type()).isInstanceOf(EnumType.class);
                assertThat(((EnumType<?>) r.c("hue").type()).labels()).containsExactly("RED", "GREEN", "BLUE");
                assertThat(((EnumType<?>) r.c("hue").type()).name()).isEqualTo(pg ? hue : null);
            }
            if (pg) {
                assertThat(r.c("nums").type()).isEqualTo(Types.array(Types.INTEGER));
            }
        } finally {
            m.dropAll(db.engine());
        }
        if (pg) {
            try (Connection conn = db.engine().connect()) {
                assertThat(pgTypeExists(conn, hue)).as("DROP TYPE after DROP TABLE").isFalse();
            }
        }
    }

    private static boolean pgTypeExists(Connection conn, String name) {
        return ((Number) conn.execute(dev.retort.sql.SQL.text("SELECT count(*) FROM pg_type WHERE typname = :n"), Map.of("n", name)).scalar()).intValue() == 1;
    }

    @Test
    void sqliteEnumChecksItsLabelsInTheDatabase() {
        md.createAll(Databases.sqlite());
        try (Connection conn = Databases.sqlite().connect()) {
            assertThatThrownBy(() -> conn.execute(dev.retort.sql.SQL.text("INSERT INTO " + t.name() + " (id, color) VALUES (1, 'PURPLE')")))
                    .isInstanceOf(DBAPIException.class).hasMessageContaining("CHECK");
        } finally {
            md.dropAll(Databases.sqlite());
        }
    }

    @Test
    void theTypesSerializeWithTheQuerySerializer() {
        Table a = new Table("ser_" + suffix, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("tags", Types.array(Types.array(Types.enumOf("label", "x", "y")))),
                Column.of("yr", Types.domain("year", Types.numeric(4, 0), "CHECK (VALUE > 0)")),
                Column.of("fts", Types.named("postgresql", "tsvector")));
        var stmt = select(a.c("id"), t.c("took"), t.c("doc"))
                .where(t.c("took").lt(Duration.ofSeconds(90, 5000)), dev.retort.sql.SQL.cast(a.c("tags"), a.c("tags").type()).isNotNull(),
                        dev.retort.sql.SQL.cast(a.c("yr"), a.c("yr").type()).isNotNull(), dev.retort.sql.SQL.cast(a.c("fts"), a.c("fts").type()).isNotNull());
        for (var protocol : dev.retort.ext.serializer.Protocol.values()) {
            var back = (dev.retort.sql.ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(
                    dev.retort.ext.serializer.QuerySerializer.dumps(stmt, protocol), md);
            assertThat(back.compare(stmt)).as(protocol.toString()).isTrue();
            assertThat(back.compile(Dialects.postgresql()).string()).isEqualTo(stmt.compile(Dialects.postgresql()).string())
                    .contains("CAST(" + a.name() + ".tags AS label[][])");
        }
        var enumOfClass = select(t.c("id")).where(dev.retort.sql.SQL.cast(t.c("id"), Types.enumOf(Color.class)).isNotNull());
        var back = (dev.retort.sql.ClauseElement) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(enumOfClass), md);
        assertThat(back.compile(Dialects.postgresql()).string()).as("an enum of a class comes back as an enum of its labels")
                .isEqualTo(enumOfClass.compile(Dialects.postgresql()).string());
    }

    @Test
    void ddlPerDialect() {
        assertThat(new CreateTable(t).compile(Dialects.postgresql()).string())
                .contains("color color_" + suffix).contains("took INTERVAL").contains("doc JSONB");
        assertThat(new CreateTable(t).compile(Dialects.mysql()).string())
                .contains("color ENUM('RED','GREEN','BLUE')").contains("took BIGINT").contains("doc JSON");
        assertThat(new CreateTable(t).compile(Dialects.sqlite()).string())
                .contains("color VARCHAR(5) CHECK (color IN ('RED', 'GREEN', 'BLUE'))").contains("took INTERVAL");
        assertThat(Types.array(Types.INTEGER).compile(Dialects.postgresql())).isEqualTo("INTEGER[]");
        assertThat(Types.domain("year", Types.INTEGER, null).compile(Dialects.postgresql())).isEqualTo("year");
        assertThat(Types.domain("year", Types.INTEGER, null).compile(Dialects.mysql())).isEqualTo("INTEGER");
        assertThat(Types.named("postgresql", "tsvector").compile(Dialects.postgresql())).isEqualTo("tsvector");
        assertThatThrownBy(() -> Types.named("postgresql", "tsvector").compile(Dialects.mariadb()))
                .isInstanceOf(CompileException.class).hasMessageContaining("tsvector").hasMessageContaining("mariadb");
        assertThatThrownBy(() -> Types.array(Types.TEXT).compile(Dialects.sqlite())).isInstanceOf(CompileException.class).hasMessageContaining("PostgreSQL");
        assertThat(Types.named("mysql", "year", TypeKind.SMALLINT).compile(Dialects.mariadb())).isEqualTo("year");
    }

    @Test
    void postgresqlArraysDomainsAndNamedTypes() {
        Table a = new Table("arr_" + suffix, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("tags", Types.array(Types.TEXT)),
                Column.of("nums", Types.array(Types.INTEGER)),
                Column.of("colors", Types.array(Types.enumOf(Color.class, "color_" + suffix))),
                Column.of("yr", Types.domain("year_" + suffix, Types.INTEGER, "CHECK (VALUE >= 1901 AND VALUE <= 2155)")),
                Column.of("fulltext", Types.named("postgresql", "tsvector")));
        var pg = Databases.postgresql();
        md.createAll(pg);
        try (Connection conn = pg.connect()) {
            conn.execute(insert(a), Map.of("id", 1, "tags", List.of("Trailers", "a \"quoted\", b"), "nums", Arrays.asList(1, null, 3),
                    "colors", List.of(Color.RED, Color.BLUE), "yr", 2006, "fulltext", "'fat':2 'rat':3"));
            conn.commit();
            var row = conn.execute(select(a.c("tags"), a.c("nums"), a.c("colors"), a.c("yr"), a.c("fulltext"))).all().get(0);
            assertThat(row.get(0)).isEqualTo(List.of("Trailers", "a \"quoted\", b"));
            assertThat(row.get(1)).isEqualTo(Arrays.asList(1, null, 3));
            assertThat(row.get(2)).isEqualTo(List.of(Color.RED, Color.BLUE));
            assertThat(row.get(3)).isEqualTo(2006);
            assertThat(row.get(4)).isEqualTo("'fat':2 'rat':3");
            assertThatThrownBy(() -> conn.execute(insert(a), Map.of("id", 2, "yr", 1800))).isInstanceOf(DBAPIException.class);
            conn.rollback();

            Table r = Table.reflect(a.name(), new MetaData(), pg);
            assertThat(r.c("tags").type()).isEqualTo(Types.array(Types.TEXT));
            assertThat(r.c("nums").type()).isEqualTo(Types.array(Types.INTEGER));
            assertThat(r.c("colors").type()).isEqualTo(Types.array(Types.enumOf("color_" + suffix, "RED", "GREEN", "BLUE")));
            assertThat(r.c("yr").type()).as("a CHECK of PostgreSQL's own name is the domain's check, as PostgreSQL writes it")
                    .isEqualTo(Types.domain("year_" + suffix, Types.INTEGER).check("(VALUE >= 1901) AND (VALUE <= 2155)"));
            assertThat(r.c("fulltext").type()).isEqualTo(Types.named("postgresql", "tsvector"));
        } finally {
            md.dropAll(pg);
        }
    }
}
