package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.MysqlTypes;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The order of a column's attributes in MySQL / MariaDB DDL, as SQLAlchemy's MySQL dialect writes them. */
class MysqlColumnSpecTest {

    /** A key with a server default (not AUTO_INCREMENT then), comments, an expression default, a computed column, a TIMESTAMP. */
    private static Table t(MetaData md, String name) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(true).serverDefault("5").comment("key"),
                Column.of("a", Types.INTEGER).nullable(false).serverDefault(SQL.text("1 + 2")).comment("c'x"),
                Column.of("g", Types.INTEGER).computed("id * 2", true).comment("gen"),
                Column.of("ts", MysqlTypes.TIMESTAMP).serverDefault(SQL.text("CURRENT_TIMESTAMP")).comment("t"));
    }

    /** An AUTO_INCREMENT key with a comment, a nullable and a NOT NULL column with defaults. */
    private static Table u(MetaData md, String name) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey().comment("k"),
                Column.of("d", Types.INTEGER).serverDefault("3").comment("dd"),
                Column.of("n", Types.string(20)).nullable(false).serverDefault("x"));
    }

    private static String oneLine(Table table, Dialect d) {
        return new CreateTable(table).compile(d).string().replaceAll("\\s+", " ");
    }

    @Test
    void typeThenNullabilityThenCommentThenAutoIncrementOrDefault() {
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            MetaData md = new MetaData();
            // SQLAlchemy 2.1.1, mysql.dialect() and mysql.dialect(is_mariadb=True) alike
            assertThat(oneLine(t(md, "t"), d)).as(d.name()).isEqualTo("CREATE TABLE t ( id INTEGER NOT NULL COMMENT 'key' DEFAULT '5',"
                    + " a INTEGER NOT NULL COMMENT 'c''x' DEFAULT (1 + 2), g INTEGER GENERATED ALWAYS AS (id * 2) STORED COMMENT 'gen',"
                    + " ts TIMESTAMP NULL COMMENT 't' DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (id) )");
            assertThat(oneLine(u(md, "u"), d)).as(d.name()).isEqualTo("CREATE TABLE u ( id INTEGER NOT NULL COMMENT 'k' AUTO_INCREMENT,"
                    + " d INTEGER COMMENT 'dd' DEFAULT '3', n VARCHAR(20) NOT NULL DEFAULT 'x', PRIMARY KEY (id) )");
        }
    }

    /**
     * MySQL refuses a DATETIME(n) / TIMESTAMP(n) column whose current-time default or ON UPDATE names another precision
     * ("Invalid default value": the fsp must be the same throughout the column definition), and Types.DATETIME is
     * DATETIME(6) there: a current-time function written without a precision takes the column's. An explicit one, a
     * column without fractional seconds and other text are written as given.
     */
    @Test
    void currentTimeDefaultTakesTheColumnsFractionalSeconds() {
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            Table t = new Table("t", new MetaData(),
                    Column.of("a", Types.DATETIME).serverDefault(SQL.text("CURRENT_TIMESTAMP")),
                    Column.of("b", Types.TIMESTAMP).serverDefault(SQL.text("now() on update now()")),
                    Column.of("c", MysqlTypes.TIMESTAMP.fsp(3)).serverDefault(SQL.text("current_timestamp ON UPDATE LOCALTIMESTAMP()")),
                    Column.of("e", Types.DATETIME).serverDefault(SQL.text("now(3)")),
                    Column.of("f", MysqlTypes.DATETIME).serverDefault(SQL.text("CURRENT_TIMESTAMP")),
                    Column.of("g", Types.DATETIME).serverDefault(SQL.text("notnow()")),
                    Column.of("h", Types.DATETIME).serverDefault(SQL.text("current_timestamp() + interval 1 day")));
            assertThat(oneLine(t, d)).as(d.name()).isEqualTo("CREATE TABLE t ( a DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),"
                    + " b DATETIME(6) DEFAULT now(6) on update now(6),"
                    + " c TIMESTAMP(3) NULL DEFAULT current_timestamp(3) ON UPDATE LOCALTIMESTAMP(3),"
                    + " e DATETIME(6) DEFAULT now(3), f DATETIME DEFAULT CURRENT_TIMESTAMP, g DATETIME(6) DEFAULT (notnow()),"
                    // an expression default is no automatic initialization: MySQL puts no precision rule on it
                    + " h DATETIME(6) DEFAULT (current_timestamp() + interval 1 day) )");
        }
    }

    @Test
    void otherDialectsKeepDefaultBeforeNotNull() {
        Table u = u(new MetaData(), "u");
        // SQLAlchemy 2.1.1, postgresql.dialect()
        assertThat(oneLine(u, Dialects.postgresql())).isEqualTo("CREATE TABLE u ( id SERIAL NOT NULL, d INTEGER DEFAULT '3',"
                + " n VARCHAR(20) DEFAULT 'x' NOT NULL, PRIMARY KEY (id) )");
    }

    @Test
    void mariadbTakesTheOrder() {
        Engine db = Databases.mariadb();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        MetaData md = new MetaData();
        Table t = t(md, "colspec_t_" + suffix);
        Table u = u(md, "colspec_u_" + suffix);
        try {
            // Before, the key of t was written DEFAULT '5' NOT NULL AUTO_INCREMENT, which MariaDB refuses.
            md.createAll(db);
            Map<String, List<Object>> tc = columnsOf(db, t.name());
            assertThat(tc.get("id")).containsExactly("NO", "5", "key", "");
            assertThat(tc.get("a")).containsExactly("NO", "(1 + 2)", "c'x", "");
            // MariaDB's COLUMN_DEFAULT says NULL for a nullable column without a default
            assertThat(tc.get("g")).containsExactly("YES", "NULL", "gen", "STORED GENERATED");
            assertThat(tc.get("ts")).containsExactly("YES", "current_timestamp()", "t", "");
            Map<String, List<Object>> uc = columnsOf(db, u.name());
            assertThat(uc.get("id")).containsExactly("NO", null, "k", "auto_increment");
            assertThat(uc.get("d")).containsExactly("YES", "3", "dd", "");
            assertThat(uc.get("n")).containsExactly("NO", "'x'", "", "");
            try (Connection conn = db.connect()) {
                conn.execute(dev.retort.sql.SQL.insert(u).values(Map.of("n", "y")));
                var keys = conn.execute(dev.retort.sql.SQL.insert(t).values(Map.of())).insertedPrimaryKeys();
                // a key the server default made, not AUTO_INCREMENT: not reported, as Result.insertedPrimaryKeys says (not a stale 0)
                assertThat(keys.get(0).toList()).containsExactly((Object) null);
                assertThat(conn.execute(SQL.select(t.c("id"), t.c("a"), t.c("g"))).one().toList()).containsExactly(5, 3, 10);
                assertThat(conn.execute(SQL.select(u.c("id"), u.c("d"))).one().toList()).containsExactly(1, 3);
            }
        } finally {
            md.dropAll(db);
        }
    }

    /** IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT and EXTRA by column name. */
    private static Map<String, List<Object>> columnsOf(Engine db, String table) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        try (Connection conn = db.connect()) {
            for (var row : conn.execute(SQL.text("SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT, EXTRA"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t ORDER BY ORDINAL_POSITION")
                    .bindparams(Map.of("t", table))).all()) {
                out.put((String) row.get(0), java.util.Arrays.asList(row.get(1), row.get(2), row.get(3), row.get(4)));
            }
        }
        return out;
    }
}
