package dev.retort.schema;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.sql.FromClause;
import dev.retort.sql.LabelStyle;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Forced quoting of table, schema and column names ({@link Table#quote(boolean)},
 * {@link Table#quoteSchema(boolean)}, {@link Column#quote(boolean)}), with the labels derived from
 * them. The expected SQL is SQLAlchemy 2.1.1's for the same tables built with {@code quote=} and
 * {@code quote_schema=}.
 */
class ForcedQuotingTest {
    private static Table quotedLowerCase(MetaData md) {
        return new Table("t1", "foo", md, Column.of("col1", Types.INTEGER).quote(true)).quote(true).quoteSchema(true);
    }

    private static Table unquotedMixedCase(MetaData md) {
        return new Table("T1", "Foo", md, Column.of("Col1", Types.INTEGER).quote(false), Column.of("order", Types.INTEGER).quote(false))
                .quote(false).quoteSchema(false);
    }

    @Test
    void quoteTrueQuotesLowerCaseNamesAndTheLabelsTakenFromThem() {
        Table t1 = quotedLowerCase(new MetaData());
        assertThat(new CreateTable(t1).compile().string()).isEqualTo("CREATE TABLE \"foo\".\"t1\" (\n\t\"col1\" INTEGER\n)");
        FromClause anon = select(t1).subquery("anon");
        assertThat(select(anon.c("col1")).where(anon.c("col1").eq(2)).toString()).isEqualTo(
                "SELECT anon.\"col1\" \nFROM (SELECT \"foo\".\"t1\".\"col1\" AS \"col1\" \nFROM \"foo\".\"t1\") AS anon \nWHERE anon.\"col1\" = :col1_1");
    }

    @Test
    void quoteFalseLeavesReservedAndMixedCaseNamesBare() {
        Table t = unquotedMixedCase(new MetaData());
        assertThat(select(t).labelStyle(LabelStyle.TABLENAME_PLUS_COL).toString())
                .isEqualTo("SELECT Foo.T1.Col1 AS Foo_T1_Col1, Foo.T1.order AS Foo_T1_order \nFROM Foo.T1");
        assertThat(select(select(t).subquery("Anon")).toString())
                .isEqualTo("SELECT \"Anon\".Col1, \"Anon\".order \nFROM (SELECT Foo.T1.Col1 AS Col1, Foo.T1.order AS order \nFROM Foo.T1) AS \"Anon\"");
        assertThat(insert(t).values(Map.of("Col1", 1)).toString()).isEqualTo("INSERT INTO Foo.T1 (Col1) VALUES (:Col1)");
        assertThat(update(t).values(Map.of("order", 1)).where(t.c("Col1").eq(2)).toString())
                .isEqualTo("UPDATE Foo.T1 SET order=:order WHERE Foo.T1.Col1 = :Col1_1");
        for (var d : List.of(Dialects.postgresql(), Dialects.mysql(), Dialects.sqlite())) {
            assertThat(new CreateTable(t).compile(d).string()).isEqualTo("CREATE TABLE Foo.T1 (\n\tCol1 INTEGER, \n\torder INTEGER\n)");
        }
    }

    @Test
    void aTableColumnLabelTakesTheColumnsFlagElseTheTables() {
        MetaData md = new MetaData();
        Table t = new Table("t", md, Column.of("x", Types.INTEGER).quote(true));
        assertThat(select(t.alias()).labelStyle(LabelStyle.TABLENAME_PLUS_COL).toString()).isEqualTo("SELECT t_1.\"x\" AS \"t_1_x\" \nFROM t AS t_1");
        assertThat(new CreateIndex(new Index("foo", t.c("x"))).compile().string()).isEqualTo("CREATE INDEX foo ON t (\"x\")");
        assertThat(select(select(t.c("x")).subquery("s")).toString()).isEqualTo("SELECT s.\"x\" \nFROM (SELECT t.\"x\" AS \"x\" \nFROM t) AS s");
        assertThat(select(select(t.c("x")).subquery("s")).compile(Dialects.mysql()).string())
                .isEqualTo("SELECT s.`x` \nFROM (SELECT t.`x` AS `x` \nFROM t) AS s");
        // a label given by name is a plain name
        assertThat(select(select(t.c("x").label("x")).subquery("s")).toString()).isEqualTo("SELECT s.x \nFROM (SELECT t.\"x\" AS x \nFROM t) AS s");
        Table t2 = new Table("t2", md, Column.of("x", Types.INTEGER)).quote(true);
        assertThat(select(t2.c("x")).labelStyle(LabelStyle.TABLENAME_PLUS_COL).toString()).isEqualTo("SELECT \"t2\".x AS \"t2_x\" \nFROM \"t2\"");
        assertThat(select(select(t2.c("x")).subquery()).toString()).isEqualTo("SELECT anon_1.x \nFROM (SELECT \"t2\".x AS x \nFROM \"t2\") AS anon_1");
    }

    /**
     * A table is shared (its metadata, every statement, the compiled cache keyed by it): before,
     * {@code quote(false)} on a table other code had compiled with changed the SQL of every
     * holder, and a statement cached before kept the old quoting. Quoting is now set before the
     * table's first use and refused after it, naming the table; a column's was frozen already.
     */
    @Test
    void quotingCannotChangeUnderAnotherHolderOfTheTable() {
        MetaData md = new MetaData();
        Table t = new Table("order", "Sch", md, Column.of("id", Types.INTEGER));
        String before = select(t).toString();
        assertThat(before).isEqualTo("SELECT \"Sch\".\"order\".id \nFROM \"Sch\".\"order\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.quote(false))
                .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("Table 'order'").hasMessageContaining("quote(");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.quoteSchema(false))
                .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("Table 'order'").hasMessageContaining("quoteSchema(");
        assertThat(t.quote()).isNull();
        assertThat(t.quoteSchema()).isNull();
        assertThat(select(t).toString()).isEqualTo(before);
        // Set before the first use, as when the table is made, it still applies.
        Table u = new Table("u", md, Column.of("id", Types.INTEGER)).quote(true).quote(true);
        assertThat(select(u).toString()).isEqualTo("SELECT \"u\".id \nFROM \"u\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> u.c("id", Integer.class).quote(true))
                .isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("u.id");
    }

    @Test
    void aForeignKeyNamesTheReferencedTableAndColumnsAsForced() {
        MetaData md = new MetaData();
        new Table("t1", md, Column.of("col1", Types.INTEGER).primaryKey().quote(true)).quote(true);
        Table t2 = new Table("t2", md, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("t1col1", Types.INTEGER).foreignKey("t1.col1").quote(true));
        String expected = "CREATE TABLE t2 (\n\tid INTEGER NOT NULL, \n\t\"t1col1\" INTEGER, \n\tPRIMARY KEY (id), \n\t"
                + "FOREIGN KEY(\"t1col1\") REFERENCES \"t1\" (\"col1\")\n)";
        assertThat(new CreateTable(t2).compile().string()).isEqualTo(expected);
        assertThat(new CreateTable(t2).compile(Dialects.sqlite()).string()).isEqualTo(expected);
    }

    /** The same forced quoting creates, fills and reads a table on each database (PostgreSQL folds the bare mixed-case names). */
    @EachDatabase
    void forcedQuotingWorksOnTheDatabases(Database db) {
        Engine engine = db.engine();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        MetaData md = new MetaData();
        Table bare = new Table("Tq_" + suffix, md, Column.of("Id", Types.INTEGER).primaryKey().quote(false),
                Column.of("Val", Types.INTEGER).quote(false)).quote(false);
        Table quoted = new Table("tq_" + suffix + "_q", md, Column.of("id", Types.INTEGER).primaryKey().quote(true),
                Column.of("val", Types.INTEGER).quote(true)).quote(true);
        md.createAll(engine);
        try (Connection c = engine.connect()) {
            c.execute(insert(bare), List.of(Map.of("Id", 1, "Val", 10), Map.of("Id", 2, "Val", 20)));
            c.execute(insert(quoted).fromSelect(List.of("id", "val"), select(bare.c("Id"), bare.c("Val").add(1))));
            var sub = select(quoted).labelStyle(LabelStyle.TABLENAME_PLUS_COL).subquery("s");
            List<Object> vals = c.execute(select(sub.c(quoted.name() + "_val")).orderBy(sub.c(quoted.name() + "_id"))).scalars();
            assertThat(vals).extracting(v -> ((Number) v).intValue()).containsExactly(11, 21);
            c.commit();
        } finally {
            md.dropAll(engine);
        }
    }
}
