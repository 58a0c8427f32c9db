package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deferrable constraints, MATCH, identity and computed columns, IF [NOT] EXISTS, PostgreSQL's
 * INHERITS / PARTITION BY, MySQL's partitions and full-text parser. Expected strings are what
 * SQLAlchemy 2.1.1 prints for the same schema (whitespace collapsed); options that reach DDL as
 * text are refused unless they are what the clause takes.
 */
class DdlBreadthTest {
    private static String ddl(ClauseElement ddl, Dialect dialect) {
        return ddl.compile(dialect).string().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
    }

    private static String sqla(String s) {
        return s.replace("( ", "(").replace(" )", ")");
    }

    private static Table child(MetaData md) {
        new Table("p", md, Column.of("a", Types.INTEGER).primaryKey(), Column.of("b", Types.INTEGER).primaryKey());
        return new Table("ch", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER),
                new ForeignKeyConstraint("fk_ch", List.of("a", "b"), List.of("p.a", "p.b"), "CASCADE", null).match("FULL").deferrable(true).initially("DEFERRED"),
                new UniqueConstraint("uq_a", List.of("a")).deferrable(true).initially("IMMEDIATE"),
                new CheckConstraint("ck_a", dev.retort.sql.SQL.text("a > 0")).deferrable(false));
    }

    @Test
    void deferrableConstraintsAndMatch() {
        Table ch = child(new MetaData());
        assertThat(ddl(new CreateTable(ch), Dialects.postgresql())).isEqualTo(sqla("CREATE TABLE ch ( id SERIAL NOT NULL, a INTEGER, b INTEGER, PRIMARY KEY (id), "
                + "CONSTRAINT uq_a UNIQUE (a) DEFERRABLE INITIALLY IMMEDIATE, CONSTRAINT ck_a CHECK (a > 0) NOT DEFERRABLE, "
                + "CONSTRAINT fk_ch FOREIGN KEY(a, b) REFERENCES p (a, b) MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED )"));
        assertThat(ddl(new CreateTable(ch), Dialects.sqlite())).contains("CONSTRAINT fk_ch FOREIGN KEY(a, b) REFERENCES p (a, b) MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED");
        ForeignKeyConstraint fk = (ForeignKeyConstraint) ch.constraints().stream().filter(c -> "fk_ch".equals(c.name())).findFirst().orElseThrow();
        assertThat(ddl(new AddConstraint(fk), Dialects.postgresql()))
                .isEqualTo("ALTER TABLE ch ADD CONSTRAINT fk_ch FOREIGN KEY(a, b) REFERENCES p (a, b) MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED");
    }

    @Test
    void tablePrefixesAreWrittenBeforeTable() {
        // SQLAlchemy 2.1.1: Table("scratch", m, Column("id", Integer), prefixes=["TEMPORARY"]), CreateTable(t[, if_not_exists=True])
        Table t = new Table("scratch", new MetaData(), Column.of("id", Types.INTEGER)).prefixes("TEMPORARY");
        assertThat(ddl(new CreateTable(t), Dialects.postgresql())).isEqualTo("CREATE TEMPORARY TABLE scratch (id INTEGER)");
        assertThat(ddl(new CreateTable(t).ifNotExists(), Dialects.sqlite())).isEqualTo("CREATE TEMPORARY TABLE IF NOT EXISTS scratch (id INTEGER)");
        assertThatThrownBy(() -> t.prefixes("TEMPORARY; DROP TABLE x")).isInstanceOf(ArgumentException.class).hasMessageContaining("table prefix");
        assertThat(t.prefixes()).containsExactly("TEMPORARY");
    }

    @Test
    void postgresqlNotValid() {
        MetaData md = new MetaData();
        new Table("p", md, Column.of("id", Types.INTEGER).primaryKey());
        ForeignKeyConstraint fk = new ForeignKeyConstraint("fk_p", List.of("p_id"), List.of("p.id"), "CASCADE", null);
        fk.deferrable(true).dialectKw("postgresql_not_valid", true);
        Constraint ck = new CheckConstraint("ck_p", dev.retort.sql.SQL.text("p_id > 0")).dialectKw("postgresql_not_valid", true);
        new Table("c", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("p_id", Types.INTEGER), fk, ck);
        assertThat(ddl(new AddConstraint(fk), Dialects.postgresql()))
                .isEqualTo("ALTER TABLE c ADD CONSTRAINT fk_p FOREIGN KEY(p_id) REFERENCES p (id) ON DELETE CASCADE DEFERRABLE NOT VALID");
        assertThat(ddl(new AddConstraint(ck), Dialects.postgresql())).isEqualTo("ALTER TABLE c ADD CONSTRAINT ck_p CHECK (p_id > 0) NOT VALID");
        assertThatThrownBy(() -> new UniqueConstraint("uq", List.of("id")).dialectKw("postgresql_not_valid", true)).isInstanceOf(ArgumentException.class);
    }

    /** SQLAlchemy's MySQL compiler refuses MATCH: MySQL would silently drop the key's ON DELETE. */
    @Test
    void mysqlRefusesMatch() {
        Table ch = child(new MetaData());
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            assertThatThrownBy(() -> new CreateTable(ch).compile(d)).isInstanceOf(CompileException.class).hasMessageContaining("MATCH");
        }
    }

    /** INITIALLY and MATCH are keywords written as given: other text is refused when set, naming it. */
    @Test
    void initiallyAndMatchAreKeywordsOnly() {
        UniqueConstraint u = new UniqueConstraint("uq", List.of("a"));
        assertThatThrownBy(() -> u.initially("DEFERRED; DROP TABLE p")).isInstanceOf(ArgumentException.class).hasMessageContaining("'DEFERRED; DROP TABLE p'");
        assertThatThrownBy(() -> u.initially("")).isInstanceOf(ArgumentException.class);
        ForeignKeyConstraint fk = new ForeignKeyConstraint(null, List.of("a"), List.of("p.a"), null, null);
        assertThatThrownBy(() -> fk.match("FULL ON DELETE CASCADE; DROP TABLE p")).isInstanceOf(ArgumentException.class).hasMessageContaining("MATCH");
        assertThat(fk.match("simple").match()).isEqualTo("simple");
        assertThat(u.initially("deferred").initially()).isEqualTo("deferred");
    }

    private static Table identityTable() {
        return new Table("ident", new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey().identity(Identity.generatedAlways().start(100).increment(10).cycle(false).cache(5)),
                Column.of("n", Types.BIGINT).identity(Identity.generatedByDefault()).nullable(true),
                Column.of("total", Types.INTEGER).computed("id * 2", true),
                Column.of("note", Types.string(20)).comment("a note"));
    }

    @Test
    void identityAndComputedColumns() {
        Table t = identityTable();
        assertThat(ddl(new CreateTable(t), Dialects.postgresql())).isEqualTo(sqla("CREATE TABLE ident ( id INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 10 START WITH 100 CACHE 5 NO CYCLE), "
                + "n BIGINT GENERATED BY DEFAULT AS IDENTITY NULL, total INTEGER GENERATED ALWAYS AS (id * 2) STORED, note VARCHAR(20), PRIMARY KEY (id) )"));
        assertThat(ddl(new CreateTable(t), Dialects.mysql())).isEqualTo(sqla("CREATE TABLE ident ( id INTEGER NOT NULL AUTO_INCREMENT, n BIGINT, "
                + "total INTEGER GENERATED ALWAYS AS (id * 2) STORED, note VARCHAR(20) COMMENT 'a note', PRIMARY KEY (id) )"));
        assertThat(ddl(new CreateTable(t), Dialects.sqlite())).isEqualTo(sqla("CREATE TABLE ident ( id INTEGER NOT NULL, n BIGINT, "
                + "total INTEGER GENERATED ALWAYS AS (id * 2) STORED, note VARCHAR(20), PRIMARY KEY (id) )"));
        assertThatThrownBy(() -> Identity.generatedAlways().cache(0)).isInstanceOf(ArgumentException.class);
    }

    /**
     * SQLAlchemy 2.1.1's {@code Identity(always=False, start=1, increment=1, nominvalue=True, nomaxvalue=True)}, and a
     * nullable identity column: NULL on PostgreSQL only (the default dialect wrote NULL too before).
     */
    @Test
    void identityWithoutBounds() {
        Table t = new Table("noid", new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey().identity(Identity.generatedByDefault().start(1).increment(1).noMinValue(true).noMaxValue(true)),
                Column.of("n", Types.BIGINT).identity(Identity.generatedByDefault()).nullable(true));
        assertThat(ddl(new CreateTable(t), Dialects.postgresql())).isEqualTo(sqla("CREATE TABLE noid ( id INTEGER GENERATED BY DEFAULT AS IDENTITY "
                + "(INCREMENT BY 1 START WITH 1 NO MINVALUE NO MAXVALUE), n BIGINT GENERATED BY DEFAULT AS IDENTITY NULL, PRIMARY KEY (id) )"));
        assertThat(ddl(new CreateTable(t), Dialects.defaultDialect())).isEqualTo(sqla("CREATE TABLE noid ( id INTEGER GENERATED BY DEFAULT AS IDENTITY "
                + "(INCREMENT BY 1 START WITH 1 NO MINVALUE NO MAXVALUE), n BIGINT GENERATED BY DEFAULT AS IDENTITY, PRIMARY KEY (id) )"));
        assertThat(ddl(new CreateTable(t), Dialects.mysql())).isEqualTo(sqla("CREATE TABLE noid ( id INTEGER NOT NULL AUTO_INCREMENT, n BIGINT, PRIMARY KEY (id) )"));
        assertThat(ddl(new CreateTable(t), Dialects.sqlite())).isEqualTo(sqla("CREATE TABLE noid ( id INTEGER NOT NULL, n BIGINT, PRIMARY KEY (id) )"));
    }

    @Test
    void ifExistsAndIfNotExists() {
        Table t = new Table("t", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.TEXT));
        Index ix = new Index("ix_body", t.c("body"));
        assertThat(ddl(new CreateTable(t).ifNotExists(), Dialects.postgresql())).isEqualTo(sqla("CREATE TABLE IF NOT EXISTS t ( id SERIAL NOT NULL, body TEXT, PRIMARY KEY (id) )"));
        assertThat(ddl(new DropTable(t).ifExists(), Dialects.mysql())).isEqualTo("DROP TABLE IF EXISTS t");
        assertThat(ddl(new CreateIndex(ix).ifNotExists(), Dialects.sqlite())).isEqualTo("CREATE INDEX IF NOT EXISTS ix_body ON t (body)");
        assertThat(ddl(new DropIndex(ix).ifExists(), Dialects.postgresql())).isEqualTo("DROP INDEX IF EXISTS ix_body");
        assertThat(ddl(new DropIndex(ix).ifExists(), Dialects.mysql())).isEqualTo("DROP INDEX IF EXISTS ix_body ON t");
        assertThat(new CreateTable(t).isIfNotExists()).isFalse();
    }

    @Test
    void postgresqlInheritsAndPartitionBy() {
        Table t = new Table("meas", new MetaData(), Map.of("postgresql_partition_by", "RANGE (logdate)", "postgresql_inherits", List.of("base", "other base")),
                Column.of("id", Types.INTEGER), Column.of("logdate", Types.DATE));
        assertThat(ddl(new CreateTable(t), Dialects.postgresql()))
                .isEqualTo(sqla("CREATE TABLE meas ( id INTEGER, logdate DATE ) INHERITS (base, \"other base\") PARTITION BY RANGE (logdate)"));
        // A single parent's name is quoted as one identifier, never written as SQL.
        Table sneaky = new Table("s", new MetaData(), Map.of("postgresql_inherits", "base); DROP TABLE x; --"), Column.of("id", Types.INTEGER));
        assertThat(ddl(new CreateTable(sneaky), Dialects.postgresql())).endsWith("INHERITS (\"base); DROP TABLE x; --\")");
    }

    @Test
    void postgresqlTableStorageOptions() {
        Map<String, Object> options = new java.util.LinkedHashMap<>();
        options.put("postgresql_tablespace", "sometablespace");
        options.put("postgresql_with_oids", false);
        options.put("postgresql_on_commit", "preserve_rows");
        options.put("postgresql_using", "heap");
        options.put("postgresql_with", Map.of("fillfactor", 70));
        Table t = new Table("atable", new MetaData(), options, Column.of("id", Types.INTEGER));
        assertThat(ddl(new CreateTable(t), Dialects.postgresql()))
                .isEqualTo(sqla("CREATE TABLE atable ( id INTEGER ) USING heap WITH (fillfactor = 70) WITHOUT OIDS ON COMMIT PRESERVE ROWS TABLESPACE sometablespace"));
        for (String[] bad : new String[][] {{"postgresql_on_commit", "drop; DROP TABLE x"}, {"postgresql_on_commit", "rollback"}, {"postgresql_using", "heap; DROP TABLE x"}}) {
            Table b = new Table("b", new MetaData(), Map.of(bad[0], bad[1]), Column.of("id", Types.INTEGER));
            assertThatThrownBy(() -> new CreateTable(b).compile(Dialects.postgresql())).as(bad[1]).isInstanceOf(CompileException.class)
                    .hasMessageContaining(bad[0].substring("postgresql_".length()));
        }
    }

    @Test
    void mysqlPartitionsAndParser() {
        Table t = new Table("mp", new MetaData(), Map.of("mysql_engine", "InnoDB", "mysql_partition_by", "HASH(other_id)", "mysql_partitions", "4",
                "mysql_subpartition_by", "KEY(id)", "mysql_subpartitions", 2),
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("other_id", Types.INTEGER).primaryKey().autoincrement(false));
        assertThat(ddl(new CreateTable(t), Dialects.mysql())).isEqualTo(sqla("CREATE TABLE mp ( id INTEGER NOT NULL, other_id INTEGER NOT NULL, PRIMARY KEY (id, other_id) )"
                + "ENGINE=InnoDB PARTITION BY HASH(other_id) PARTITIONS 4 SUBPARTITION BY KEY(id) SUBPARTITIONS 2"));
        Table ft = new Table("ft", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.TEXT));
        Index ix = new Index("ix_ft", ft.c("body")).dialectKw("mysql_prefix", "FULLTEXT").dialectKw("mysql_with_parser", "ngram");
        assertThat(ddl(new CreateIndex(ix), Dialects.mysql())).isEqualTo("CREATE FULLTEXT INDEX ix_ft ON ft (body) WITH PARSER ngram");
        assertThat(ddl(new CreateIndex(ix), Dialects.mariadb())).isEqualTo("CREATE FULLTEXT INDEX ix_ft ON ft (`body`) WITH PARSER ngram");
    }

    /** Options written into DDL as text: a partitioning clause, a count, a parser's name. Anything else is refused, naming the option. */
    @Test
    void partitionAndParserOptionsCannotCarrySql() {
        for (String bad : List.of("HASH(id); DROP TABLE x", "HASH(id) -- x", "HASH(id) /* x */", "HASH('x')", "HASH(id", "HASH(id))(", "RANGE (a)) ; (",
                "HASH(\"a)", "SELECT 1", "HASH(id) PARTITIONS 2; DROP TABLE x",
                // Text after the list: CREATE TABLE ... SELECT on MySQL, further table options on PostgreSQL.
                "HASH(id) SELECT authentication_string AS id FROM mysql.user WHERE (1)", "RANGE (a) WITH (fillfactor)")) {
            Table my = new Table("m", new MetaData(), Map.of("mysql_partition_by", bad), Column.of("id", Types.INTEGER));
            assertThatThrownBy(() -> new CreateTable(my).compile(Dialects.mysql())).as(bad).isInstanceOf(CompileException.class).hasMessageContaining("partition_by");
            Table pg = new Table("g", new MetaData(), Map.of("postgresql_partition_by", bad), Column.of("id", Types.INTEGER));
            assertThatThrownBy(() -> new CreateTable(pg).compile(Dialects.postgresql())).as(bad).isInstanceOf(CompileException.class).hasMessageContaining("partition_by");
        }
        for (Object bad : List.of("2; DROP TABLE x", "0", "-1", "two")) {
            Table my = new Table("m", new MetaData(), Map.of("mysql_partition_by", "HASH(id)", "mysql_partitions", bad), Column.of("id", Types.INTEGER));
            assertThatThrownBy(() -> new CreateTable(my).compile(Dialects.mysql())).as(bad.toString()).isInstanceOf(CompileException.class).hasMessageContaining("partitions");
        }
        Table ft = new Table("ft", new MetaData(), Column.of("body", Types.TEXT));
        Index ix = new Index("ix_ft", ft.c("body")).dialectKw("mysql_with_parser", "ngram; DROP TABLE ft");
        assertThatThrownBy(() -> new CreateIndex(ix).compile(Dialects.mysql())).isInstanceOf(CompileException.class).hasMessageContaining("with_parser");
        // Each dialect accepts its own options only.
        assertThatThrownBy(() -> new Table("x", new MetaData(), Map.of("sqlite_partition_by", "HASH(id)"), Column.of("id", Types.INTEGER)))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("sqlite_partition_by");
        assertThatThrownBy(() -> new Index("ix", ft.c("body")).dialectKw("postgresql_with_parser", "ngram")).isInstanceOf(ArgumentException.class);
    }

    /** A key column that a foreign key constraint (not the column itself) makes refer to another table is not generated, as in SQLAlchemy. */
    @Test
    void aKeyColumnOfAForeignKeyConstraintIsNotAutoincrement() {
        MetaData md = new MetaData();
        new Table("t1", md, Column.of("id", Types.INTEGER).primaryKey());
        Table t2 = new Table("t2", md, Column.of("id", Types.INTEGER).primaryKey(),
                new ForeignKeyConstraint(null, List.of("id"), List.of("t1.id"), null, null));
        assertThat(t2.c("id").isAutoincrement()).isFalse();
        assertThat(ddl(new CreateTable(t2), Dialects.mysql())).isEqualTo(sqla("CREATE TABLE t2 ( id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(id) REFERENCES t1 (id) )"));
    }

    /** A name Column.index() made up, too long for the database, is cut and hashed as SQLAlchemy's convention names are; a given name is not. */
    @Test
    void longGeneratedIndexNamesAreShortened() {
        Table t = new Table("zyrenian_zyme_zyzzogeton_zyzzogeton", new MetaData(), Column.of("zyrenian_zyme_zyzzogeton_zo", Types.INTEGER).index());
        Index ix = t.indexes().get(0);
        assertThat(ix.isNameGenerated()).isTrue();
        assertThat(ddl(new CreateIndex(ix), Dialects.mysql()))
                .isEqualTo("CREATE INDEX ix_zyrenian_zyme_zyzzogeton_zyzzogeton_zyrenian_zyme_zyz_5cd2 ON zyrenian_zyme_zyzzogeton_zyzzogeton (zyrenian_zyme_zyzzogeton_zo)");
        assertThat(ddl(new DropIndex(ix), Dialects.mysql()))
                .isEqualTo("DROP INDEX ix_zyrenian_zyme_zyzzogeton_zyzzogeton_zyrenian_zyme_zyz_5cd2 ON zyrenian_zyme_zyzzogeton_zyzzogeton");
        assertThat(ddl(new DropIndex(ix), Dialects.postgresql())).isEqualTo("DROP INDEX ix_zyrenian_zyme_zyzzogeton_zyzzogeton_zyrenian_zyme_zy_5cd2");
        assertThat(ddl(new DropIndex(ix), Dialects.sqlite())).isEqualTo("DROP INDEX ix_zyrenian_zyme_zyzzogeton_zyzzogeton_zyrenian_zyme_zyzzogeton_zo");
        Index given = new Index(ix.name() + "_2", t.c("zyrenian_zyme_zyzzogeton_zo"));
        assertThat(given.isNameGenerated()).isFalse();
        assertThat(ddl(new CreateIndex(given), Dialects.mysql())).contains(ix.name() + "_2");
    }

    /** An index over text only names no table: it joins one when given to the table. */
    @Test
    void indexOverTextJoinsItsTable() {
        Index ix = new Index("ix_text", dev.retort.sql.SQL.literalColumn("created_at desc"));
        Table t = new Table("tt", new MetaData(), Column.of("created_at", Types.DATETIME), ix);
        assertThat(ix.table()).isSameAs(t);
        assertThat(ddl(new CreateIndex(ix), Dialects.mysql())).isEqualTo("CREATE INDEX ix_text ON tt (created_at desc)");
    }
}
