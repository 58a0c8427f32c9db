package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Precision and time zone of times and timestamps, FLOAT(p), PostgreSQL's BIT and BIT VARYING,
 * MySQL's ENUM and SET: DDL (as SQLAlchemy 2.1.1 writes it), CAST, bounds, values and reflection.
 */
class PrecisionTypesTest {

    private static String ddl(TypeEngine<?> t, Dialect d) {
        return t.compile(d);
    }

    @Test
    void ddlPerDialectAsSqlalchemyWritesIt() {
        Dialect pg = Dialects.postgresql();
        assertThat(ddl(Types.time(5), pg)).isEqualTo("TIME(5) WITHOUT TIME ZONE");
        assertThat(ddl(Types.time(0), pg)).isEqualTo("TIME(0) WITHOUT TIME ZONE");
        assertThat(ddl(Types.datetime(5), pg)).isEqualTo("TIMESTAMP(5) WITHOUT TIME ZONE");
        assertThat(ddl(Types.timestamp(3), pg)).isEqualTo("TIMESTAMP(3) WITH TIME ZONE");
        assertThat(ddl(Types.TIMESTAMP, pg)).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(ddl(Types.floatType(2), pg)).isEqualTo("FLOAT(2)");
        assertThat(ddl(Types.bit(1), pg)).isEqualTo("BIT(1)");
        assertThat(ddl(Types.bit(5), pg)).isEqualTo("BIT(5)");
        assertThat(ddl(Types.bitVarying(null), pg)).isEqualTo("BIT VARYING");
        assertThat(ddl(Types.bitVarying(5), pg)).isEqualTo("BIT VARYING(5)");
        assertThat(ddl(Types.array(Types.INTEGER).dimensions(2), pg)).isEqualTo("INTEGER[][]");
        for (Dialect my : List.of(Dialects.mysql(), Dialects.mariadb())) {
            assertThat(ddl(Types.floatType(30), my)).isEqualTo("FLOAT(30)");
            assertThat(ddl(MysqlTypes.enumOf("a", "b"), my)).isEqualTo("ENUM('a','b')");
            assertThat(ddl(MysqlTypes.set("a'b", "c"), my)).isEqualTo("SET('a''b','c')");
            // Retort's own choice on MySQL (SQLAlchemy's mysql.DATETIME(fsp=3) spelling)
            assertThat(ddl(Types.datetime(3), my)).isEqualTo("DATETIME(3)");
            assertThat(ddl(Types.timestamp(3), my)).isEqualTo("DATETIME(3)");
            assertThat(ddl(Types.time(3), my)).isEqualTo("TIME(3)");
            assertThat(ddl(Types.datetime(0), my)).isEqualTo("DATETIME");
        }
        Dialect sqlite = Dialects.sqlite();
        assertThat(ddl(Types.floatType(2), sqlite)).isEqualTo("FLOAT");
        assertThat(ddl(Types.timestamp(3), sqlite)).isEqualTo("TIMESTAMP");
        assertThat(ddl(Types.time(3), sqlite)).isEqualTo("TIME");
        assertThat(ddl(Types.floatType(2), Dialects.defaultDialect())).isEqualTo("FLOAT");
    }

    @Test
    void castsWriteThePrecisionAndMysqlCastsEnumAndSetToChar() {
        assertThat(select(cast(column("x"), Types.timestamp(3))).compile(Dialects.postgresql()).string())
                .startsWith("SELECT CAST(x AS TIMESTAMP(3) WITH TIME ZONE)");
        assertThat(select(cast(column("x"), Types.bitVarying(5))).compile(Dialects.postgresql()).string())
                .startsWith("SELECT CAST(x AS BIT VARYING(5))");
        assertThat(select(cast(column("x"), Types.datetime(3))).compile(Dialects.mysql()).string())
                .startsWith("SELECT CAST(x AS DATETIME(3))");
        assertThat(select(cast(column("x"), MysqlTypes.enumOf("a", "bb"))).compile(Dialects.mysql()).string())
                .startsWith("SELECT CAST(x AS CHAR(2))");
        assertThat(select(cast(column("x"), MysqlTypes.set("a", "b"))).compile(Dialects.mariadb()).string())
                .startsWith("SELECT CAST(x AS CHAR)");
    }

    @Test
    void anArrayOfArraysIsOneArrayOfADimensionMore() {
        ArrayType<?> grid = (ArrayType<?>) dev.retort.sql.SQL.array(dev.retort.sql.SQL.array(1, 2), dev.retort.sql.SQL.array(3, 4)).type();
        assertThat(grid.dimensions()).isEqualTo(2);
        assertThat(grid.elementType()).isEqualTo(Types.INTEGER);
        assertThat(ddl(grid, Dialects.postgresql())).isEqualTo("INTEGER[][]");
    }

    @Test
    void boundsAreRefusedNamingTheType() {
        assertThatThrownBy(() -> Types.floatType(54)).isInstanceOf(ArgumentException.class).hasMessageContaining("FLOAT");
        assertThatThrownBy(() -> Types.timestamp(7)).isInstanceOf(ArgumentException.class).hasMessageContaining("TIMESTAMP");
        assertThatThrownBy(() -> Types.time(-1)).isInstanceOf(ArgumentException.class).hasMessageContaining("TIME");
        assertThatThrownBy(() -> Types.bit(0)).isInstanceOf(ArgumentException.class).hasMessageContaining("BIT");
        assertThatThrownBy(() -> MysqlTypes.DECIMAL.precision(66, 2)).isInstanceOf(ArgumentException.class).hasMessageContaining("DECIMAL(66, 2)");
        assertThatThrownBy(() -> MysqlTypes.DECIMAL.precision(40, 31)).isInstanceOf(ArgumentException.class).hasMessageContaining("DECIMAL(40, 31)");
        assertThatThrownBy(() -> MysqlTypes.FLOAT.precision(54)).isInstanceOf(ArgumentException.class).hasMessageContaining("FLOAT(54)");
        assertThatThrownBy(() -> MysqlTypes.DATETIME.fsp(7)).isInstanceOf(ArgumentException.class).hasMessageContaining("DATETIME");
        assertThatThrownBy(() -> MysqlTypes.set("a,b")).isInstanceOf(ArgumentException.class).hasMessageContaining("a,b");
        assertThat(MysqlTypes.DECIMAL.precision(65, 30).compile(Dialects.mysql())).isEqualTo("DECIMAL(65, 30)");
    }

    @Test
    void theTypesTravelThroughTheSerializer() {
        List<TypeEngine<?>> types = List.of(Types.timestamp(3), Types.datetime(0), Types.time(6), Types.floatType(24), Types.bit(5),
                Types.bitVarying(null), Types.array(Types.timestamp(2)), Types.array(Types.INTEGER).dimensions(2));
        for (TypeEngine<?> t : types) {
            ClauseElement e = select(cast(column("x"), t));
            for (Protocol p : Protocol.values()) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(e, p));
                assertThat(back.compile(Dialects.postgresql()).string()).as("%s %s", t, p).isEqualTo(e.compile(Dialects.postgresql()).string());
            }
        }
    }

    private static String name(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @EachDatabase
    void precisionsKeepTheirDigitsAndReflectBack(Database db) {
        MetaData md = new MetaData();
        Table t = new Table(name("prec"), md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("tz", Types.timestamp(3)),
                Column.of("dt", Types.datetime(3)), Column.of("tm", Types.time(3)), Column.of("f", Types.floatType(53)));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            OffsetDateTime at = OffsetDateTime.of(2026, 12, 6, 19, 30, 1, 123_000_000, ZoneOffset.UTC);
            conn.execute(insert(t).values(Map.of("id", 1, "tz", at, "dt", LocalDateTime.of(2026, 1, 2, 3, 4, 5, 678_000_000),
                    "tm", LocalTime.of(10, 11, 12, 345_000_000), "f", 0.5)));
            var row = conn.execute(select(t.c("tz"), t.c("dt"), t.c("tm"), t.c("f"))).one();
            assertThat(((OffsetDateTime) row.get(0)).toInstant()).isEqualTo(at.toInstant());
            assertThat(row.get(1)).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 678_000_000));
            assertThat(row.get(2)).isEqualTo(LocalTime.of(10, 11, 12, 345_000_000));
            assertThat(row.get(3)).isEqualTo(0.5);
            if (db != Database.SQLITE) {
                // TIMESTAMP(3) keeps milliseconds: the microseconds beyond are dropped by the database
                conn.execute(insert(t).values(Map.of("id", 2, "tz", at.plusNanos(456_000))));
                assertThat(((OffsetDateTime) conn.execute(select(t.c("tz")).where(t.c("id").eq(2))).scalar()).toInstant())
                        .isEqualTo(at.toInstant());
            }
        } finally {
            if (db != Database.SQLITE) {
                Table r = Table.reflect(t.name(), new MetaData(), db.engine());
                for (String c : List.of("tz", "dt", "tm")) {
                    assertThat(ddl(r.c(c).type(), db.engine().dialect())).as(c).isEqualToIgnoringCase(ddl(t.c(c).type(), db.engine().dialect()));
                }
            }
            md.dropAll(db.engine());
        }
    }

    @Test
    void postgresqlBitsAreStringsOfZerosAndOnesAndReflectBack() {
        var engine = Databases.postgresql();
        MetaData md = new MetaData();
        Table t = new Table(name("bits"), md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("one", Types.bit(1)),
                Column.of("five", Types.bit(5)), Column.of("vary", Types.bitVarying(8)), Column.of("any", Types.bitVarying(null)),
                Column.of("grid", Types.array(Types.INTEGER).dimensions(2)), Column.of("single", Types.floatType(2)));
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "one", "1", "five", "00101", "vary", "101", "any", "1000000000001",
                    "grid", List.of(List.of(1, 2), List.of(3, 4)))));
            var row = conn.execute(select(t.c("one"), t.c("five"), t.c("vary"), t.c("any"), t.c("grid"))).one();
            assertThat(List.of(row.get(0), row.get(1), row.get(2), row.get(3))).containsExactly("1", "00101", "101", "1000000000001");
            assertThat(row.get(4)).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
            Table r = Table.reflect(t.name(), new MetaData(), engine);
            for (String c : List.of("one", "five", "vary", "any", "grid")) {
                assertThat(ddl(r.c(c).type(), engine.dialect())).as(c).isEqualToIgnoringCase(ddl(t.c(c).type(), engine.dialect()));
            }
            // FLOAT(2) is stored as a REAL, which a table made from the reflection keeps (FLOAT would be double precision)
            assertThat(ddl(r.c("single").type(), engine.dialect())).isEqualTo("REAL");
        } finally {
            md.dropAll(engine);
        }
    }

    @Test
    void mariadbSetsAndEnumsRoundTripAndCast() {
        var engine = Databases.mariadb();
        MetaData md = new MetaData();
        Table t = new Table(name("sets"), md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("perms", MysqlTypes.set("read", "write", "it's")),
                Column.of("size", MysqlTypes.enumOf("S", "M")));
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "perms", "write,read", "size", "M")));
            var row = conn.execute(select(t.c("perms"), t.c("size"), cast(t.c("size"), MysqlTypes.enumOf("S", "M")),
                    cast(literal("read"), MysqlTypes.set("read")))).one();
            assertThat(row.get(0)).isEqualTo("read,write");
            assertThat(row.get(1)).isEqualTo("M");
            assertThat(row.get(2)).isEqualTo("M");
            assertThat(row.get(3)).isEqualTo("read");
            Table r = Table.reflect(t.name(), new MetaData(), engine);
            assertThat(ddl(r.c("perms").type(), engine.dialect())).isEqualToIgnoringCase(ddl(t.c("perms").type(), engine.dialect()));
        } finally {
            md.dropAll(engine);
        }
    }
}
