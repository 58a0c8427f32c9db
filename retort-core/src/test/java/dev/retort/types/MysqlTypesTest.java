package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * MySQL's own column types ({@link MysqlTypes}): DDL and CAST as SQLAlchemy 2.1.1's MySQL dialect
 * writes them (the expected strings are SQLAlchemy's output for {@code sqlalchemy.dialects.mysql}
 * types with the same options), the standard type or a refusal on other dialects, the serializer,
 * and a MariaDB table created with them, read back from information_schema and reflected.
 */
class MysqlTypesTest {
    private static final Dialect MYSQL = Dialects.mysql();

    /** Retort type, SQLAlchemy's MySQL DDL, its CAST on MySQL (null where SQLAlchemy leaves the CAST out). */
    private static final List<Object[]> SPELLINGS = List.of(
            new Object[] {MysqlTypes.TINYINT.displayWidth(1).unsigned(), "TINYINT(1) UNSIGNED", "UNSIGNED INTEGER"},
            new Object[] {MysqlTypes.INTEGER.displayWidth(10).unsigned().zerofill(), "INTEGER(10) UNSIGNED ZEROFILL", "UNSIGNED INTEGER"},
            new Object[] {MysqlTypes.DECIMAL.precision(12, 4).unsigned(), "DECIMAL(12, 4) UNSIGNED", "DECIMAL(12, 4) UNSIGNED"},
            new Object[] {MysqlTypes.DOUBLE.precision(12, 4), "DOUBLE(12, 4)", null},
            new Object[] {MysqlTypes.FLOAT.precision(12), "FLOAT(12)", null},
            new Object[] {MysqlTypes.REAL.precision(12, 4).zerofill(), "REAL(12, 4) ZEROFILL", null},
            new Object[] {MysqlTypes.NCHAR.length(3), "NATIONAL CHAR(3)", "CHAR(3)"},
            new Object[] {MysqlTypes.VARCHAR.length(20).national().collate("utf8_bin"), "NATIONAL VARCHAR(20) COLLATE utf8_bin", "CHAR(20) COLLATE utf8_bin"},
            new Object[] {MysqlTypes.CHAR.length(1).charset("utf8").binary(), "CHAR(1) CHARACTER SET utf8 BINARY", "CHAR(1) CHARACTER SET utf8 BINARY"},
            new Object[] {MysqlTypes.MEDIUMTEXT.ascii(), "MEDIUMTEXT ASCII", "CHAR ASCII"},
            new Object[] {MysqlTypes.TEXT.length(1000).unicode(), "TEXT(1000) UNICODE", "CHAR(1000) UNICODE"},
            new Object[] {MysqlTypes.TIMESTAMP.fsp(5), "TIMESTAMP(5)", "DATETIME"},
            new Object[] {MysqlTypes.TIME.fsp(0), "TIME", "TIME"},
            new Object[] {MysqlTypes.BIT.length(63), "BIT(63)", null},
            new Object[] {MysqlTypes.LONGBLOB, "LONGBLOB", "BINARY"},
            new Object[] {MysqlTypes.YEAR, "YEAR", null},
            new Object[] {MysqlTypes.YEAR.displayWidth(4), "YEAR(4)", null});

    @Test
    void ddlAndCastAsSqlalchemyWritesThemOnMysql() {
        for (Object[] s : SPELLINGS) {
            TypeEngine<?> t = (TypeEngine<?>) s[0];
            assertThat(t.compile(MYSQL)).as("DDL of " + s[1]).isEqualTo(s[1]);
            assertThat(t.compile(Dialects.mariadb())).as("MariaDB too").isEqualTo(s[1]);
            if (s[2] != null) {
                assertThat(cast(column("x"), t).compile(MYSQL).string()).as("CAST to " + s[1]).isEqualTo("CAST(x AS " + s[2] + ")");
            }
        }
        // SQLAlchemy drops a CAST MySQL before 8.0.17 cannot do; Retort casts as for Types.DOUBLE and BOOLEAN
        assertThat(cast(column("x"), MysqlTypes.REAL).compile(MYSQL).string()).isEqualTo("CAST(x AS DOUBLE)");
        assertThat(cast(column("x"), MysqlTypes.BIT.length(8)).compile(MYSQL).string()).isEqualTo("CAST(x AS UNSIGNED)");
        assertThat(cast(column("x"), MysqlTypes.YEAR).compile(Dialects.mariadb()).string()).isEqualTo("CAST(x AS SIGNED INTEGER)");
        assertThatThrownBy(() -> MysqlTypes.VARCHAR.compile(MYSQL)).isInstanceOf(CompileException.class)
                .hasMessage("VARCHAR requires a length on dialect mysql");
    }

    @Test
    void otherDialectsTakeTheStandardTypeOrRefuseMysqlOnlyNames() {
        Dialect pg = Dialects.postgresql();
        // SQLAlchemy's PGDialect output for the same types
        assertThat(MysqlTypes.INTEGER.displayWidth(10).unsigned().zerofill().compile(pg)).isEqualTo("INTEGER");
        assertThat(MysqlTypes.DECIMAL.precision(12, 4).unsigned().compile(pg)).isEqualTo("DECIMAL(12, 4)");
        assertThat(MysqlTypes.NCHAR.length(3).compile(pg)).isEqualTo("NCHAR(3)");
        assertThat(MysqlTypes.VARCHAR.length(20).national().collate("utf8_bin").compile(pg)).isEqualTo("VARCHAR(20) COLLATE utf8_bin");
        assertThat(MysqlTypes.CHAR.length(1).charset("utf8").binary().compile(pg)).isEqualTo("CHAR(1)");
        assertThat(MysqlTypes.TEXT.length(1000).unicode().compile(Dialects.sqlite())).isEqualTo("TEXT(1000)");
        assertThat(MysqlTypes.TIMESTAMP.fsp(5).compile(pg)).isEqualTo("TIMESTAMP WITHOUT TIME ZONE");
        assertThat(MysqlTypes.TIME.fsp(3).compile(pg)).isEqualTo("TIME WITHOUT TIME ZONE");
        assertThat(MysqlTypes.REAL.precision(12, 4).compile(Dialects.sqlite())).isEqualTo("REAL");
        assertThat(cast(column("x"), MysqlTypes.VARCHAR.length(20).collate("C")).compile(pg).string())
                .as("the collation follows the CAST, as for Types.collated").isEqualTo("CAST(x AS VARCHAR(20)) COLLATE \"C\"");
        for (MysqlType<?> own : List.of(MysqlTypes.TINYINT, MysqlTypes.MEDIUMINT, MysqlTypes.BIT, MysqlTypes.TINYTEXT, MysqlTypes.LONGBLOB, MysqlTypes.YEAR)) {
            assertThatThrownBy(() -> own.compile(pg)).isInstanceOf(CompileException.class)
                    .hasMessageContaining("'" + own.name() + "' is a mysql type").hasMessageContaining("withVariant");
            assertThat(own.compile(Dialects.defaultDialect())).as("the default dialect writes the name").isEqualTo(own.name());
        }
        assertThat(MysqlTypes.MEDIUMTEXT.withVariant(Types.TEXT, "postgresql").compile(pg)).isEqualTo("TEXT");
    }

    @Test
    void optionsAreCheckedAgainstTheType() {
        assertThatThrownBy(() -> MysqlTypes.VARCHAR.unsigned()).isInstanceOf(ArgumentException.class).hasMessage("MySQL type VARCHAR takes no UNSIGNED");
        assertThatThrownBy(() -> MysqlTypes.INTEGER.charset("utf8")).isInstanceOf(ArgumentException.class).hasMessageContaining("INTEGER takes no character set");
        assertThatThrownBy(() -> MysqlTypes.DOUBLE.precision(10)).isInstanceOf(ArgumentException.class).hasMessageContaining("precision without a scale");
        assertThatThrownBy(() -> MysqlTypes.MEDIUMTEXT.length(10)).isInstanceOf(ArgumentException.class).hasMessageContaining("MEDIUMTEXT takes no length");
        assertThatThrownBy(() -> MysqlTypes.BIT.length(65)).isInstanceOf(ArgumentException.class).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> MysqlTypes.DATETIME.fsp(7)).isInstanceOf(ArgumentException.class).hasMessageContaining("0 to 6");
        assertThatThrownBy(() -> MysqlTypes.CHAR.collate("utf8_bin BINARY, x INT")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("collation is a name");
        assertThatThrownBy(() -> MysqlTypes.YEAR.unsigned()).isInstanceOf(ArgumentException.class).hasMessage("MySQL type YEAR takes no UNSIGNED");
        assertThat(MysqlTypes.YEAR.sized(4)).isEqualTo(MysqlTypes.YEAR.displayWidth(4));
        assertThatThrownBy(() -> MysqlType.of("SET")).isInstanceOf(ArgumentException.class).hasMessageContaining("'SET'");
        assertThat(MysqlTypes.INTEGER.unsigned()).isEqualTo(MysqlTypes.INTEGER.unsigned()).isNotEqualTo(MysqlTypes.INTEGER)
                .hasSameHashCodeAs(MysqlTypes.INTEGER.unsigned());
        assertThat(MysqlTypes.SMALLINT.javaType()).isEqualTo(Integer.class);
        assertThat(MysqlTypes.BIT.javaType()).isEqualTo(Long.class);
        assertThat(MysqlTypes.BIT.length(12).resultProcessor(MYSQL).apply(new byte[] {0x0A, (byte) 0xAA})).as("a BIT's bytes, most significant first")
                .isEqualTo(0x0AAAL);
    }

    @Test
    void nullableMysqlTimestampColumnsSayNull() {
        MetaData md = new MetaData();
        Table t = new Table("t", md, Column.of("a", MysqlTypes.TIMESTAMP.fsp(3)), Column.of("b", MysqlTypes.TIMESTAMP).nullable(false));
        // SQLAlchemy: CREATE TABLE t (a TIMESTAMP(3) NULL, b TIMESTAMP NOT NULL)
        assertThat(new CreateTable(t).compile(MYSQL).string().replaceAll("\\s+", " ")).isEqualTo("CREATE TABLE t ( a TIMESTAMP(3) NULL, b TIMESTAMP NOT NULL )");
    }

    @Test
    void typesRoundTripThroughTheSerializer() {
        MetaData md = new MetaData();
        Table t = new Table("t", md, Column.of("id", Types.INTEGER));
        for (Object[] s : SPELLINGS) {
            TypeEngine<?> type = (TypeEngine<?>) s[0];
            Select q = select(cast(t.c("id"), type).label("v"));
            for (Protocol p : Protocol.values()) {
                Object loaded = QuerySerializer.loads(QuerySerializer.dumps(q, p), md);
                TypeEngine<?> back = ((Select) loaded).columns().get(0).type();
                assertThat(back).as(s[1] + " over " + p).isEqualTo(type);
            }
        }
    }

    // ---- on MariaDB ---------------------------------------------------------------------------

    @Test
    void mariadbCreatesTheDeclaredColumnsAndReflectionGivesThemBack() {
        Engine db = Databases.mariadb();
        String name = "mysqltypes_" + UUID.randomUUID().toString().substring(0, 8);
        MetaData md = new MetaData();
        Table t = new Table(name, md,
                Column.of("id", MysqlTypes.INTEGER.unsigned()).primaryKey(),
                Column.of("small", MysqlTypes.SMALLINT.displayWidth(5).unsigned().zerofill()),
                Column.of("big", MysqlTypes.BIGINT.unsigned()),
                Column.of("price", MysqlTypes.DECIMAL.precision(12, 4).unsigned()),
                Column.of("code", MysqlTypes.CHAR.length(3).charset("latin1").collate("latin1_bin")),
                Column.of("title", MysqlTypes.VARCHAR.length(40).charset("utf8mb4").binary()),
                Column.of("body", MysqlTypes.MEDIUMTEXT.charset("utf8mb4")),
                Column.of("at", MysqlTypes.DATETIME.fsp(3)),
                Column.of("seen", MysqlTypes.TIMESTAMP.fsp(2)),
                Column.of("dur", MysqlTypes.TIME.fsp(4)),
                Column.of("bits", MysqlTypes.BIT.length(12)));
        try {
            md.createAll(db);
            Map<String, String[]> declared = columnsOf(db, name);
            // MariaDB's COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME for each declared column
            assertThat(declared.get("id")[0]).isEqualTo("int(10) unsigned");
            assertThat(declared.get("small")[0]).isEqualTo("smallint(5) unsigned zerofill");
            assertThat(declared.get("big")[0]).isEqualTo("bigint(20) unsigned");
            assertThat(declared.get("price")[0]).isEqualTo("decimal(12,4) unsigned");
            assertThat(declared.get("code")).containsExactly("char(3)", "latin1", "latin1_bin");
            assertThat(declared.get("title")).containsExactly("varchar(40)", "utf8mb4", "utf8mb4_bin");
            assertThat(declared.get("body")[0]).isEqualTo("mediumtext");
            assertThat(declared.get("body")[1]).isEqualTo("utf8mb4");
            assertThat(declared.get("at")[0]).isEqualTo("datetime(3)");
            assertThat(declared.get("seen")[0]).isEqualTo("timestamp(2)");
            assertThat(declared.get("dur")[0]).isEqualTo("time(4)");
            assertThat(declared.get("bits")[0]).isEqualTo("bit(12)");

            LocalDateTime at = LocalDateTime.of(2026, 12, 6, 10, 11, 12, 345_000_000);
            try (Connection conn = db.connect()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", 7);
                row.put("small", 42);
                row.put("big", 9_000_000_000L);
                row.put("price", new BigDecimal("12.5"));
                row.put("code", "abc");
                row.put("title", "Tea");
                row.put("body", "long text");
                row.put("at", at);
                row.put("seen", at);
                row.put("dur", LocalTime.of(1, 2, 3, 456_700_000));
                row.put("bits", 0b1010_1010_1010L);
                conn.execute(insert(t).values(row));
                var r = conn.execute(select(t.c("small"), t.c("price"), t.c("at"), t.c("seen"), t.c("dur"), t.c("bits"), t.c("big"))).one();
                assertThat(r.get(0)).isEqualTo(42);
                assertThat(r.get(1)).isEqualTo(new BigDecimal("12.5000"));
                assertThat(r.get(2)).as("DATETIME(3) keeps milliseconds").isEqualTo(at);
                assertThat(r.get(3)).as("TIMESTAMP(2) keeps hundredths").isEqualTo(at.withNano(340_000_000));
                assertThat(r.get(4)).isEqualTo(LocalTime.of(1, 2, 3, 456_700_000));
                assertThat(r.get(5)).isEqualTo(0b1010_1010_1010L);
                assertThat(r.get(6)).isEqualTo(9_000_000_000L);
                assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("id", 8, "price", new BigDecimal("-1")))))
                        .as("UNSIGNED refuses a negative value").isInstanceOf(dev.retort.exc.DBAPIException.class);
            }

            Table reflected = Table.reflect(name, new MetaData(), db);
            for (String col : declared.keySet()) {
                String ddl = reflected.c(col).type().compile(Dialects.mariadb());
                String[] d = declared.get(col);
                assertThat(ddl.toLowerCase(java.util.Locale.ROOT)).as("reflected " + col).startsWith(d[0]);
                if (col.equals("code")) {
                    assertThat(ddl).as("a collation other than the table's").endsWith("CHARACTER SET latin1 COLLATE latin1_bin");
                }
            }
            assertThat(reflected.c("id").type().kind()).as("an unsigned INT reads as a BIGINT").isEqualTo(TypeKind.BIGINT);
            assertThat(reflected.c("bits").type()).as("BIT(12) was NULLTYPE before").isEqualTo(MysqlTypes.BIT.length(12));

            // the reflected table creates the same columns again
            String again = name + "_again";
            MetaData md2 = new MetaData();
            Table copy = new Table(again, md2, reflected.columns().stream().map(c -> Column.of(c.name(), c.type())).toArray(Column[]::new));
            try {
                md2.createAll(db);
                Map<String, String[]> recreated = columnsOf(db, again);
                for (String col : declared.keySet()) {
                    assertThat(recreated.get(col)).as(col + " of " + copy.name()).containsExactly(declared.get(col));
                }
            } finally {
                md2.dropAll(db);
            }
        } finally {
            md.dropAll(db);
        }
    }

    @Test
    void mariadbStoresAndReadsYears() {
        Engine db = Databases.mariadb();
        MetaData md = new MetaData();
        Table t = new Table("mysqlyear_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("built", MysqlTypes.YEAR.displayWidth(4)).nullable(false),
                Column.of("sold", MysqlTypes.YEAR));
        try {
            md.createAll(db);
            assertThat(columnsOf(db, t.name()).get("built")[0]).isEqualTo("year(4)");
            try (Connection conn = db.connect()) {
                conn.execute(insert(t).values(Map.of("id", 1, "built", 1999, "sold", 2026)));
                var r = conn.execute(select(t.c("built"), t.c("sold"), cast(t.c("built"), MysqlTypes.YEAR))).one();
                assertThat(r.toList()).as("years are Integers, also through the CAST").containsExactly(1999, 2026, 1999);
            }
            Table copy = Table.reflect(t.name(), new MetaData(), db);
            // Reflected as MySQL's YEAR with the display width MariaDB reports.
            assertThat(copy.c("built").type()).isEqualTo(MysqlTypes.YEAR.displayWidth(4));
            assertThat(copy.c("built").type().compile(Dialects.mariadb())).isEqualToIgnoringCase("YEAR(4)");
        } finally {
            md.dropAll(db);
        }
    }

    @Test
    void enumsAndSetsTakeACharacterSetAndCollationAsSqlalchemyWritesThem() {
        // SQLAlchemy: mysql.ENUM("a", "b'c", charset="utf8mb4", collation="utf8mb4_bin"), mysql.SET(..., charset=, collation=),
        // mysql.ENUM("a", unicode=True), mysql.SET("a", ascii=True, binary=True), mysql.ENUM("a", charset="utf8mb4", binary=True)
        Map<TypeEngine<?>, String> spellings = new LinkedHashMap<>();
        spellings.put(MysqlTypes.enumOf(MysqlTypes.CHAR.charset("utf8mb4").collate("utf8mb4_bin"), "a", "b'c"),
                "ENUM('a','b''c') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        spellings.put(MysqlTypes.set(MysqlTypes.CHAR.charset("latin1").collate("latin1_general_cs"), "x", "y"),
                "SET('x','y') CHARACTER SET latin1 COLLATE latin1_general_cs");
        spellings.put(MysqlTypes.enumOf(MysqlTypes.CHAR.unicode(), "a"), "ENUM('a') UNICODE");
        spellings.put(MysqlTypes.set(MysqlTypes.TEXT.ascii().binary(), "a"), "SET('a') ASCII BINARY");
        spellings.put(MysqlTypes.enumOf(MysqlTypes.CHAR.charset("utf8mb4").binary(), "a"), "ENUM('a') CHARACTER SET utf8mb4 BINARY");
        spellings.forEach((t, ddl) -> {
            assertThat(t.compile(MYSQL)).isEqualTo(ddl);
            assertThat(t.compile(Dialects.mariadb())).isEqualTo(ddl);
            // SQLAlchemy leaves out a CAST to an ENUM or SET (with a warning); Retort casts to CHAR as for the bare ones
            assertThat(cast(column("x"), t).compile(MYSQL).string()).isEqualTo("CAST(x AS CHAR)");
        });
        assertThatThrownBy(() -> MysqlTypes.enumOf(MysqlTypes.VARCHAR.length(3).charset("utf8mb4"), "a")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("not VARCHAR(3) CHARACTER SET utf8mb4");
        assertThatThrownBy(() -> MysqlTypes.set(MysqlTypes.NCHAR, "a")).isInstanceOf(ArgumentException.class).hasMessageContaining("bare CHAR");
        assertThatThrownBy(() -> MysqlTypes.enumOf((MysqlType<String>) (MysqlType<?>) MysqlTypes.INTEGER, "a"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("INTEGER takes no character set");
        assertThatThrownBy(() -> MysqlTypes.set(MysqlTypes.CHAR.charset("latin1"), "a,b")).isInstanceOf(ArgumentException.class).hasMessageContaining("a,b");
        assertThatThrownBy(() -> MysqlTypes.enumOf(MysqlTypes.CHAR.charset("latin1"), "a\\")).isInstanceOf(ArgumentException.class).hasMessageContaining("backslash");
        assertThatThrownBy(() -> MysqlTypes.enumOf(MysqlTypes.CHAR.charset("latin1"))).isInstanceOf(ArgumentException.class).hasMessageContaining("at least one label");
    }

    @Test
    void mariadbGivesEnumAndSetColumnsTheirCharacterSetAndCollation() {
        Engine db = Databases.mariadb();
        MetaData md = new MetaData();
        Table t = new Table("mysqlenumcs_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("e", MysqlTypes.enumOf(MysqlTypes.CHAR.charset("utf8mb4").collate("utf8mb4_bin"), "a", "b'c", "Ö")),
                Column.of("s", MysqlTypes.set(MysqlTypes.CHAR.charset("latin1").collate("latin1_general_cs"), "x", "y")),
                Column.of("b", MysqlTypes.enumOf(MysqlTypes.CHAR.charset("latin1").binary(), "p", "q")));
        try {
            md.createAll(db);
            Map<String, String[]> columns = columnsOf(db, t.name());
            assertThat(columns.get("e")).containsExactly("enum('a','b''c','Ö')", "utf8mb4", "utf8mb4_bin");
            assertThat(columns.get("s")).containsExactly("set('x','y')", "latin1", "latin1_general_cs");
            assertThat(columns.get("b")).containsExactly("enum('p','q')", "latin1", "latin1_bin");
            try (Connection conn = db.connect()) {
                conn.execute(insert(t).values(Map.of("id", 1, "e", "Ö", "s", "y,x", "b", "q")));
                conn.execute(insert(t).values(Map.of("id", 2, "e", "b'c", "s", "", "b", "p")));
                assertThat(conn.execute(select(t.c("e"), t.c("s"), t.c("b"), cast(t.c("e"), t.c("e").type())).where(t.c("id").eq(1))).one().toList())
                        .containsExactly("Ö", "x,y", "q", "Ö");
                // utf8mb4_bin tells 'Ö' from 'ö'
                assertThat(conn.execute(select(t.c("id")).where(t.c("e").eq("ö"))).all()).isEmpty();
                assertThat(conn.execute(select(t.c("e")).where(t.c("id").eq(2))).scalar()).isEqualTo("b'c");
            }
        } finally {
            md.dropAll(db);
        }
    }

    /** COLUMN_TYPE, CHARACTER_SET_NAME and COLLATION_NAME by column name. */
    private static Map<String, String[]> columnsOf(Engine db, String table) {
        Map<String, String[]> out = new LinkedHashMap<>();
        try (Connection conn = db.connect()) {
            for (var row : conn.execute(dev.retort.sql.SQL.text("SELECT COLUMN_NAME, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t ORDER BY ORDINAL_POSITION")
                    .bindparams(Map.of("t", table))).all()) {
                out.put((String) row.get(0), new String[] {(String) row.get(1), (String) row.get(2), (String) row.get(3)});
            }
        }
        return out;
    }
}
