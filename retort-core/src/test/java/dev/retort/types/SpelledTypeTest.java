package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CHAR, NCHAR, NVARCHAR, BINARY, VARBINARY, DECIMAL, TEXT(n), NUMERIC(p) and collations: DDL, CAST, values. */
class SpelledTypeTest {

    @Test
    void spellingsAndArguments() {
        assertThat(Types.CHAR.length(3).compile()).isEqualTo("CHAR(3)");
        assertThat(Types.DECIMAL.precision(10, 2).compile(Dialects.postgresql())).isEqualTo("DECIMAL(10, 2)");
        assertThat(Types.numeric(10).compile(Dialects.sqlite())).isEqualTo("NUMERIC(10)");
        assertThat(Types.text(100).compile()).isEqualTo("TEXT(100)");
        assertThat(Types.NCHAR.length(4).compile(Dialects.mariadb())).isEqualTo("NATIONAL CHAR(4)");
        assertThat(Types.collated(Types.string(10), "fr_FR").compile(Dialects.postgresql())).isEqualTo("VARCHAR(10) COLLATE \"fr_FR\"");
        assertThat(Types.collated(Types.string(10), "fr_FR").compile(Dialects.mysql())).isEqualTo("VARCHAR(10) COLLATE fr_FR");
        assertThatThrownBy(() -> Types.NVARCHAR.compile(Dialects.mysql())).isInstanceOf(CompileException.class).hasMessageContaining("NVARCHAR");
        assertThatThrownBy(() -> Types.DECIMAL.length(3)).isInstanceOf(ArgumentException.class).hasMessageContaining("DECIMAL");
        assertThatThrownBy(() -> Types.BINARY.collate("C")).isInstanceOf(ArgumentException.class).hasMessageContaining("BINARY");
        assertThat(Types.CHAR.length(3)).isEqualTo(Types.CHAR.length(3)).isNotEqualTo(Types.NCHAR.length(3));
    }

    /** SQLAlchemy 2.1.1: {@code CLOB(100)} compiles to CLOB on each dialect; {@code cast(t.c.x, CLOB)} is CAST(t.x AS CHAR) on MySQL. */
    @Test
    void clobAsSqlalchemyWritesIt() {
        for (var d : List.of(Dialects.defaultDialect(), Dialects.postgresql(), Dialects.mysql(), Dialects.mariadb(), Dialects.sqlite())) {
            assertThat(Types.CLOB.compile(d)).as(d.name()).isEqualTo("CLOB");
        }
        var t = dev.retort.sql.SQL.table("t", column("x"));
        assertThat(select(cast(t.c("x"), Types.CLOB)).compile(Dialects.mysql()).string()).isEqualTo("SELECT CAST(t.x AS CHAR) AS x \nFROM t");
        assertThat(select(cast(t.c("x"), Types.CLOB)).compile(Dialects.sqlite()).string()).isEqualTo("SELECT CAST(t.x AS CLOB) AS x \nFROM t");
        assertThatThrownBy(() -> Types.CLOB.length(100)).isInstanceOf(ArgumentException.class).hasMessageContaining("CLOB takes no length");
    }

    /** SQLite keeps CLOB text; PostgreSQL and MariaDB have no CLOB type and refuse the table. */
    @EachDatabase
    void clobHoldsTextOnSqliteOnly(Database db) {
        MetaData md = new MetaData();
        Table t = new Table("clob_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.CLOB));
        if (db != Database.SQLITE) {
            assertThatThrownBy(() -> md.createAll(db.engine())).isInstanceOf(dev.retort.exc.DBAPIException.class);
            return;
        }
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "body", "long text")));
            assertThat(conn.execute(select(t.c("body"))).scalar()).isEqualTo("long text");
        } finally {
            md.dropAll(db.engine());
        }
    }

    @Test
    void aCollationFollowsTheCast() {
        var c = cast(column("x"), Types.collated(Types.string(10), "fr_FR"));
        assertThat(select(c).compile(Dialects.postgresql()).string()).startsWith("SELECT CAST(x AS VARCHAR(10)) COLLATE \"fr_FR\"");
        assertThat(select(cast(column("x"), Types.collated(Types.CHAR.length(3), "C"))).compile(Dialects.mysql()).string())
                .startsWith("SELECT CAST(x AS CHAR(3) COLLATE C)");
    }

    @Test
    void spelledTypesTravelThroughTheSerializer() {
        for (TypeEngine<?> t : List.of(Types.CHAR.length(3), Types.collated(Types.TEXT, "C"), Types.DECIMAL.precision(5), Types.VARBINARY.length(8))) {
            ClauseElement e = select(cast(column("x"), t));
            for (Protocol p : Protocol.values()) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(e, p));
                assertThat(back.compile(Dialects.postgresql()).string()).as("%s %s", t, p).isEqualTo(e.compile(Dialects.postgresql()).string());
            }
        }
    }

    @EachDatabase
    @SuppressWarnings("unchecked")
    void valuesRoundTripAndTheCollationApplies(Database db) {
        String collation = switch (db) {
            case POSTGRESQL -> "C";
            case MARIADB -> "utf8mb4_bin";
            default -> "NOCASE";
        };
        MetaData md = new MetaData();
        Table t = new Table("spelled_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("code", Types.CHAR.length(3)),
                Column.of("price", Types.DECIMAL.precision(10, 2)), Column.of("name", Types.collated(Types.string(20), collation)));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "code", "abc", "price", new BigDecimal("12.50"), "name", "apple"),
                    Map.of("id", 2, "code", "XY", "price", new BigDecimal("3"), "name", "Banana")));
            assertThat(conn.execute(select(t.c("price")).where(t.c("id").eq(2))).scalar()).isEqualTo(new BigDecimal("3.00"));
            assertThat(((String) conn.execute(select(t.c("code")).where(t.c("id").eq(2))).scalar()).trim()).isEqualTo("XY");
            List<Object> byName = (List<Object>) (List<?>) conn.execute(select(t.c("id")).orderBy(t.c("name"))).scalars();
            if (db == Database.SQLITE) {
                assertThat(conn.execute(select(t.c("id")).where(t.c("name").eq("APPLE"))).scalars()).as("NOCASE").containsExactly(1);
            } else {
                // "C" and utf8mb4_bin order by code point: 'B' before 'a'
                assertThat(byName).as(collation).containsExactly(2, 1);
            }
            assertThat(conn.execute(select(cast(literal("x"), Types.CHAR.length(3)))).scalar()).asString().startsWith("x");
        } finally {
            md.dropAll(db.engine());
        }
    }

    @EachDatabase
    void bytesRoundTripThroughBinaryTypes(Database db) {
        if (db == Database.POSTGRESQL) {
            // SQLAlchemy writes BINARY and VARBINARY on PostgreSQL too, which has neither
            assertThat(Types.VARBINARY.length(4).compile(Dialects.postgresql())).isEqualTo("VARBINARY(4)");
            return;
        }
        MetaData md = new MetaData();
        Table t = new Table("bin_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("b", Types.BINARY.length(4)), Column.of("vb", Types.VARBINARY.length(8)));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "b", new byte[] {1, 2, 3, 4}, "vb", new byte[] {9, 8})));
            assertThat((byte[]) conn.execute(select(t.c("vb"))).scalar()).containsExactly(9, 8);
            assertThat((byte[]) conn.execute(select(t.c("b"))).scalar()).containsExactly(1, 2, 3, 4);
        } finally {
            md.dropAll(db.engine());
        }
    }
}
