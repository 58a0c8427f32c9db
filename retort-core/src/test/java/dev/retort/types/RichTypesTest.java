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
            assertThat(r.c("took").type()).isEqualTo(db == Database.POSTGRESQL ? Types.INTERVAL : Types.BIGINT);
        } finally {
            md.dropAll(db.engine());
        }
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
                .contains("color VARCHAR(5) CHECK (color IN ('RED', 'GREEN', 'BLUE'))").contains("took BIGINT");
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
            assertThat(r.c("yr").type()).isEqualTo(Types.domain("year_" + suffix, Types.INTEGER, "CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))"));
            assertThat(r.c("fulltext").type()).isEqualTo(Types.named("postgresql", "tsvector"));
        } finally {
            md.dropAll(pg);
        }
    }
}
