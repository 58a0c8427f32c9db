package dev.retort.schema;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DDL each dialect writes for its options. Expected strings are what SQLAlchemy 2.1 prints
 * for the same schema (PostgreSQL compiled with paramstyle "qmark", so {@code %} is not doubled),
 * except where a comment says why Retort differs.
 */
class DialectDdlTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)),
            Column.of("body", Types.TEXT));

    private static String ddl(ClauseElement ddl, Dialect dialect) {
        return ddl.compile(dialect).string();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    // ---- PostgreSQL ----

    @Test
    void postgresqlIndexOptions() {
        Index ix = new Index("ix_p", t.c("name"), t.c("id"))
                .dialectKw("postgresql_where", t.c("id").gt(5))
                .dialectKw("postgresql_using", "GIN")
                .dialectKw("postgresql_include", List.of("body"))
                .dialectKw("postgresql_ops", Map.of("name", "text_pattern_ops"))
                .dialectKw("postgresql_concurrently", true)
                .dialectKw("postgresql_with", ordered("fillfactor", 50, "deduplicate_items", false))
                .dialectKw("postgresql_tablespace", "pg_default");
        assertThat(ddl(new CreateIndex(ix), Dialects.postgresql())).isEqualTo("CREATE INDEX CONCURRENTLY ix_p ON t USING gin (name text_pattern_ops, id)"
                + " INCLUDE (body) WITH (fillfactor = 50, deduplicate_items = false) TABLESPACE pg_default WHERE id > 5");
        assertThat(ddl(new DropIndex(ix), Dialects.postgresql())).isEqualTo("DROP INDEX CONCURRENTLY ix_p");
        assertThat(Dialects.postgresql().requiresAutocommit(new CreateIndex(ix))).isTrue();
        assertThat(Dialects.postgresql().requiresAutocommit(new DropIndex(ix))).isTrue();
        assertThat(Dialects.postgresql().requiresAutocommit(new CreateTable(t))).isFalse();
        assertThat(Dialects.sqlite().requiresAutocommit(new CreateIndex(ix))).isFalse();
    }

    @Test
    void partialIndexWhereHasLiteralValuesAndNoTableQualifier() {
        Index ix = new Index("ix_f", func("lower", t.c("name")))
                .dialectKw("postgresql_where", and(t.c("name").like("a'%"), t.c("id").in(List.of(1, 2))));
        assertThat(ddl(new CreateIndex(ix), Dialects.postgresql())).isEqualTo("CREATE INDEX ix_f ON t (lower(name)) WHERE name LIKE 'a''%' AND id IN (1, 2)");
        Index plain = new Index("ix_plain", t.c("name"));
        assertThat(ddl(new CreateIndex(plain), Dialects.postgresql())).isEqualTo("CREATE INDEX ix_plain ON t (name)");
        assertThat(ddl(new DropIndex(plain), Dialects.postgresql())).isEqualTo("DROP INDEX ix_plain");
    }

    @Test
    void postgresqlTableAndConstraintOptions() {
        Table t3 = new Table("t3", md, ordered("postgresql_with", ordered("fillfactor", 70, "autovacuum_enabled", false), "postgresql_tablespace", "pg_default"),
                Column.of("id", Types.INTEGER),
                Column.of("name", Types.string(50)),
                Column.of("code", Types.string(10)),
                new PrimaryKeyConstraint("id").dialectKw("postgresql_include", List.of("name")),
                new UniqueConstraint("code").dialectKw("postgresql_include", List.of("id", "name")));
        assertThat(ddl(new CreateTable(t3), Dialects.postgresql())).isEqualTo("CREATE TABLE t3 (\n\tid SERIAL NOT NULL, \n\tname VARCHAR(50), \n\tcode VARCHAR(10), "
                + "\n\tPRIMARY KEY (id) INCLUDE (name), \n\tUNIQUE (code) INCLUDE (id, name)\n)\n WITH (fillfactor = 70, autovacuum_enabled = false)\n TABLESPACE pg_default");
        // Options belong to their dialect: the others write none of them.
        assertThat(ddl(new CreateTable(t3), Dialects.mysql())).doesNotContain("INCLUDE", "WITH", "TABLESPACE");
    }

    @Test
    void postgresqlIncludeTakesColumnsAndQuotesTablespaceNames() {
        Index ix = new Index("ix_q", t.c("name")).dialectKw("postgresql_include", List.of(t.c("body"))).dialectKw("postgresql_tablespace", "Fast Disk");
        assertThat(ddl(new CreateIndex(ix), Dialects.postgresql())).isEqualTo("CREATE INDEX ix_q ON t (name) INCLUDE (body) TABLESPACE \"Fast Disk\"");
    }

    // ---- MySQL and MariaDB ----

    @Test
    void mysqlTableOptionsInAFixedOrder() {
        Table t4 = new Table("t4", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)));
        // Given in another order than they are written: the DDL does not depend on it.
        t4.dialectKw("mysql_collate", "utf8mb4_bin").dialectKw("mysql_comment", "it's").dialectKw("mysql_engine", "InnoDB")
                .dialectKw("mysql_charset", "utf8mb4").dialectKw("mysql_row_format", "DYNAMIC").dialectKw("mysql_auto_increment", 100);
        String expected = "CREATE TABLE t4 (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tname VARCHAR(50), \n\tPRIMARY KEY (id)\n)"
                + "ENGINE=InnoDB CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC AUTO_INCREMENT=100 COMMENT='it''s' COLLATE utf8mb4_bin";
        assertThat(ddl(new CreateTable(t4), Dialects.mysql())).isEqualTo(expected);
        assertThat(ddl(new CreateTable(t4), Dialects.mariadb())).as("MariaDB honours the mysql_ spelling").isEqualTo(expected);
    }

    @Test
    void mariadbSpellingWinsOnMariadbOnly() {
        Table t4 = new Table("t4", md, Map.of("mysql_engine", "InnoDB", "mariadb_engine", "Aria"), Column.of("id", Types.INTEGER).primaryKey());
        assertThat(ddl(new CreateTable(t4), Dialects.mariadb())).endsWith(")ENGINE=Aria");
        assertThat(ddl(new CreateTable(t4), Dialects.mysql())).endsWith(")ENGINE=InnoDB");
    }

    @Test
    void mysqlIndexOptions() {
        Index full = new Index("ix_m", t.c("name"), t.c("body"), t.c("id"))
                .dialectKw("mysql_length", Map.of("name", 10, "body", 20)).dialectKw("mysql_prefix", "FULLTEXT").dialectKw("mysql_using", "btree");
        assertThat(ddl(new CreateIndex(full), Dialects.mysql())).isEqualTo("CREATE FULLTEXT INDEX ix_m ON t (name(10), body(20), id) USING btree");
        Index same = new Index("ix_l", t.c("name"), t.c("body")).dialectKw("mysql_length", 12).dialectKw("mysql_using", "hash");
        assertThat(ddl(new CreateIndex(same), Dialects.mysql())).isEqualTo("CREATE INDEX ix_l ON t (name(12), body(12)) USING hash");
        Index spatial = new Index("ix_g", t.c("body")).dialectKw("mariadb_prefix", "SPATIAL");
        // MariaDB reserves BODY: quoted, as SQLAlchemy 2.1.1's MariaDB dialect quotes it
        assertThat(ddl(new CreateIndex(spatial), Dialects.mariadb())).isEqualTo("CREATE SPATIAL INDEX ix_g ON t (`body`)");
        assertThat(ddl(new DropIndex(full), Dialects.mysql())).isEqualTo("DROP INDEX ix_m ON t");
    }

    @Test
    void mysqlLengthByExpressionText() {
        // SQLAlchemy 2.1.1 keys the length by the rendered, parenthesised expression
        Index ix = new Index("ix_e", t.c("name"), func("lower", t.c("body"))).dialectKw("mysql_length", Map.of("(lower(body))", 8));
        assertThat(ddl(new CreateIndex(ix), Dialects.mysql())).isEqualTo("CREATE INDEX ix_e ON t (name, (lower(body))(8))");
    }

    @Test
    void mysqlPrimaryKeyUsing() {
        Table t5 = new Table("t5", md, Column.of("id", Types.INTEGER), Column.of("k", Types.INTEGER),
                new PrimaryKeyConstraint("id", "k").dialectKw("mysql_using", "btree"));
        assertThat(ddl(new CreateTable(t5), Dialects.mysql())).isEqualTo("CREATE TABLE t5 (\n\tid INTEGER NOT NULL, \n\tk INTEGER NOT NULL, \n\tPRIMARY KEY (id, k) USING btree\n)");
    }

    // ---- SQLite ----

    @Test
    void sqliteConflictClausesAndTableOptions() {
        Table t6 = new Table("t6", md, Map.of("sqlite_with_rowid", false, "sqlite_strict", true),
                Column.of("id", Types.INTEGER).primaryKey().dialectKw("sqlite_on_conflict_primary_key", "FAIL"),
                Column.of("name", Types.string(50)).nullable(false).unique()
                        .dialectKw("sqlite_on_conflict_not_null", "IGNORE").dialectKw("sqlite_on_conflict_unique", "replace"),
                Column.of("x", Types.INTEGER),
                new UniqueConstraint("x", "name").dialectKw("sqlite_on_conflict", "ROLLBACK"),
                new CheckConstraint(null, text("x > 0")).dialectKw("sqlite_on_conflict", "ABORT"));
        assertThat(ddl(new CreateTable(t6), Dialects.sqlite())).isEqualTo("CREATE TABLE t6 (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(50) NOT NULL ON CONFLICT IGNORE, "
                + "\n\tx INTEGER, \n\tPRIMARY KEY (id) ON CONFLICT FAIL, \n\tUNIQUE (x, name) ON CONFLICT ROLLBACK, \n\tCHECK (x > 0) ON CONFLICT ABORT, "
                + "\n\tUNIQUE (name) ON CONFLICT REPLACE\n)\n WITHOUT ROWID,\n STRICT");
    }

    @Test
    void sqliteAutoincrement() {
        Table t7 = new Table("t7", md, Map.of("sqlite_autoincrement", true),
                Column.of("id", Types.INTEGER).primaryKey().dialectKw("sqlite_on_conflict_primary_key", "FAIL"),
                Column.of("name", Types.string(50)));
        assertThat(ddl(new CreateTable(t7), Dialects.sqlite())).isEqualTo("CREATE TABLE t7 (\n\tid INTEGER NOT NULL PRIMARY KEY ON CONFLICT FAIL AUTOINCREMENT, \n\tname VARCHAR(50)\n)");
        // SQLite allows AUTOINCREMENT on INTEGER only; SQLAlchemy would write BIGINT and fail there.
        Table big = new Table("big", md, Map.of("sqlite_autoincrement", true), Column.of("id", Types.BIGINT).primaryKey());
        assertThat(ddl(new CreateTable(big), Dialects.sqlite())).isEqualTo("CREATE TABLE big (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\n)");
        // Not for a composite key, whose constraint takes the conflict clause instead.
        Table t8 = new Table("t8", md, Map.of("sqlite_autoincrement", true), Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER),
                new PrimaryKeyConstraint("a", "b").dialectKw("sqlite_on_conflict", "IGNORE"));
        assertThat(ddl(new CreateTable(t8), Dialects.sqlite())).isEqualTo("CREATE TABLE t8 (\n\ta INTEGER NOT NULL, \n\tb INTEGER NOT NULL, \n\tPRIMARY KEY (a, b) ON CONFLICT IGNORE\n)");
    }

    @Test
    void sqlitePartialIndex() {
        Index ix = new Index("ix_s", t.c("name")).dialectKw("sqlite_where", and(t.c("name").like("a%"), t.c("id").gt(3)));
        assertThat(ddl(new CreateIndex(ix), Dialects.sqlite())).isEqualTo("CREATE INDEX ix_s ON t (name) WHERE name LIKE 'a%' AND id > 3");
        assertThat(ddl(new CreateIndex(ix), Dialects.postgresql())).as("sqlite_where is SQLite's only").isEqualTo("CREATE INDEX ix_s ON t (name)");
    }

    @Test
    void checkConstraintsRenderUnqualifiedLiteralExpressions() {
        Table c = new Table("c", md, Column.of("qty", Types.INTEGER), new CheckConstraint("ck_qty", t.c("id").ge(0)));
        assertThat(ddl(new CreateTable(c), Dialects.postgresql())).contains("CONSTRAINT ck_qty CHECK (id >= 0)");
    }

    // ---- values the DDL cannot take ----

    @Test
    void optionValuesAreCheckedWhenCompiled() {
        assertRefused(new CreateIndex(new Index("ix_1", t.c("name")).dialectKw("postgresql_using", "gin; DROP TABLE t")), Dialects.postgresql(),
                "Option 'using' of dialect 'postgresql' on Index 'ix_1' must be a single word of letters, digits, _, $ or ., got 'gin; DROP TABLE t'");
        assertRefused(new CreateIndex(new Index("ix_2", t.c("name")).dialectKw("postgresql_where", "id > 5")), Dialects.postgresql(),
                "Option 'where' of dialect 'postgresql' on Index 'ix_2' must be a ClauseElement, got String 'id > 5'");
        assertRefused(new CreateIndex(new Index("ix_3", t.c("name")).dialectKw("mysql_prefix", "UNIQUE")), Dialects.mysql(),
                "Option 'prefix' of dialect 'mysql' on Index 'ix_3' must be FULLTEXT or SPATIAL, got 'UNIQUE'");
        assertRefused(new CreateIndex(new Index("ix_4", t.c("name")).dialectKw("mysql_length", "10")), Dialects.mariadb(),
                "Option 'length' of dialect 'mariadb' on Index 'ix_4' must be a positive Integer or a map of them by column name, got '10'");
        Table bad = new Table("bad", md, Column.of("id", Types.INTEGER).primaryKey(), new UniqueConstraint("id").dialectKw("sqlite_on_conflict", "SKIP"));
        assertRefused(new CreateTable(bad), Dialects.sqlite(),
                "Option 'on_conflict' of dialect 'sqlite' on UniqueConstraint '(bad.id)' must be one of ROLLBACK, ABORT, FAIL, IGNORE, REPLACE, got 'SKIP'");
        bad.dialectKw("mysql_comment", "fine").dialectKw("mysql_engine", "InnoDB ROW_FORMAT=x");
        assertRefused(new CreateTable(bad), Dialects.mysql(),
                "Option 'engine' of dialect 'mysql' on Table 'bad' must be a single word of letters, digits, _, $ or ., got 'InnoDB ROW_FORMAT=x'");
    }

    private static void assertRefused(ClauseElement ddl, Dialect dialect, String message) {
        assertThatThrownBy(() -> ddl(ddl, dialect)).isInstanceOf(CompileException.class).hasMessage(message);
    }

    @Test
    void theDefaultDialectIgnoresOtherDialectsOptions() {
        Index ix = new Index("ix_d", t.c("name")).dialectKw("postgresql_where", t.c("id").gt(5)).dialectKw("mysql_length", 4).dialectKw("sqlite_where", t.c("id").gt(1));
        assertThat(ddl(new CreateIndex(ix), Dialects.defaultDialect())).isEqualTo("CREATE INDEX ix_d ON t (name)");
    }
}
