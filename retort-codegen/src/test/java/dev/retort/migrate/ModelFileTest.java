package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.MysqlTypes;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    /** A model every database can create: keys of each kind, checks, defaults of each form, a computed column, comments, indexes, a view. */
    private static MetaData portable(String s) {
        MetaData md = new MetaData();
        Table users = new Table("users" + s, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)).nullable(false).serverDefault("it's \"me\"\n"),
                Column.of("email", Types.string(100)).unique(),
                Column.of("score", Types.numeric(10, 2)).serverDefault(SQL.text("0")),
                Column.of("active", Types.BOOLEAN).serverDefault(SQL.text("true")),
                Column.of("visits", Types.INTEGER).serverDefault(3),
                Column.of("born", Types.DATE),
                Column.of("double_score", Types.numeric(12, 2)).computed("score * 2", true),
                new CheckConstraint("ck_score" + s, SQL.text("score >= 0")),
                new CheckConstraint(null, SQL.literalColumn("visits").ge(0)));
        new Index("ix_name" + s, users.c("name"));
        new Table("orders" + s, md,
                Column.of("user_id", Types.INTEGER).nullable(false),
                Column.of("n", Types.INTEGER).nullable(false),
                Column.of("note", Types.TEXT).comment("Free text"),
                new PrimaryKeyConstraint("user_id", "n"),
                new UniqueConstraint("uq_note" + s, List.of("n", "user_id")),
                new ForeignKeyConstraint("fk_user" + s, List.of("user_id"), List.of("users" + s + ".id"), "CASCADE", null)).comment("One per order");
        new Table("tags" + s, md, Column.of("id", Types.BIGINT).primaryKey(), Column.of("user_id", Types.INTEGER).foreignKey("users" + s + ".id"));
        new Table("names" + s, md, Column.of("name", Types.string(50))).viewDefinition("SELECT name FROM users" + s);
        return md;
    }

    /** Types and options only some databases have: written and read back to the same text, and the same DDL. */
    @Test
    void everyKindOfTypeAndOptionReadsBackTheSame() {
        MetaData md = portable("");
        Table t = new Table("kinds", md, Map.of("mariadb_engine", "InnoDB", "postgresql_with", Map.of("fillfactor", "70")),
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("tags", Types.array(Types.string(20))),
                Column.of("mood", Types.enumOf("mood", "sad", "ok")),
                Column.of("pos", Types.domain("posint", Types.INTEGER, "CHECK (VALUE > 0)")),
                Column.of("doc", Types.JSONB),
                Column.of("ts", Types.named("postgresql", "tsvector")),
                Column.of("money", Types.named("postgresql", "money", TypeKind.NUMERIC)),
                Column.of("span", Types.INTERVAL).key("duration"),
                Column.of("f", Types.DOUBLE).serverDefault(1.5),
                Column.of("serial", Types.BIGINT).identity(dev.retort.schema.Identity.generatedAlways().start(5).maxValue(99).cycle(true)),
                Column.of("open_serial", Types.BIGINT).identity(dev.retort.schema.Identity.generatedByDefault().noMinValue(true).noMaxValue(true)),
                new UniqueConstraint("uq_kinds_mood", List.of("mood")).deferrable(true).initially("DEFERRED"),
                new ForeignKeyConstraint("fk_kinds_user", List.of("id"), List.of("users.id"), null, null).match("SIMPLE").deferrable(false));
        new Index("ix_partial", t.c("mood")).dialectKw("postgresql_where", SQL.text("mood <> 'sad'")).dialectKw("postgresql_include", List.of("doc"));
        Index.unique("ux_lower_email", SQL.literalColumn("lower(email)")).attachTo(md.table("users"));
        String json = ModelFile.write(md);
        MetaData back = ModelFile.read(json);
        assertThat(ModelFile.write(back)).isEqualTo(json);
        for (var d : List.of(dev.retort.dialect.Dialects.postgresql(), dev.retort.dialect.Dialects.mariadb(), dev.retort.dialect.Dialects.sqlite())) {
            for (String name : List.of("users", "orders", "tags", "kinds")) {
                if (name.equals("kinds") && !d.name().equals("postgresql")) {
                    continue;
                }
                // The file keeps constraints by kind, so their order in CREATE TABLE may differ.
                assertThat(lines(new dev.retort.schema.CreateTable(back.table(name)).compile(d).string())).as(d.name() + " " + name)
                        .containsExactlyInAnyOrderElementsOf(lines(new dev.retort.schema.CreateTable(md.table(name)).compile(d).string()));
            }
        }
        assertThat(back.table("kinds").c("duration").name()).isEqualTo("span");
        assertThat(back.table("kinds").c("id").isAutoincrement()).isFalse();
        assertThat(back.table("users").c("id").isAutoincrement()).isTrue();
        assertThat(back.table("names").viewDefinition()).isEqualTo("SELECT name FROM users");
        assertThat(json).contains("\"format\": \"retort-model\"", "\"version\": 1", "{\"constant\": \"INTEGER\"}".replace("{\"constant\": \"INTEGER\"}", "\"constant\": \"INTEGER\""));
    }

    /** Sequences with every option, domains and enum types with theirs: read back equal, to the same text. */
    @Test
    void sequencesDomainsAndEnumOptionsReadBackTheSame() {
        MetaData md = new MetaData();
        dev.retort.schema.Sequence all = new dev.retort.schema.Sequence("order_no").schema("sales").start(-5).increment(-1).minValue(Long.MIN_VALUE)
                .maxValue(-1).cache(5).cycle(false).dataType(Types.BIGINT).optional(true);
        dev.retort.schema.Sequence open = new dev.retort.schema.Sequence("ids").noMinValue(true).noMaxValue(true);
        md.addSequence(all);
        md.addSequence(open);
        var code = Types.domain("code", Types.TEXT, "CONSTRAINT two CHECK (VALUE <> 'x')").schema("app").collation("pg_catalog", "C")
                .defaultValue("a").constraintName("one").notNull(true).check("VALUE <> ''").createType(false);
        var mood = Types.enumOf("mood", "sad", "ok").schema("app").createType(false);
        new Table("t", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("code", code), Column.of("mood", mood));
        String json = ModelFile.write(md);
        MetaData back = ModelFile.read(json);
        assertThat(ModelFile.write(back)).isEqualTo(json);
        assertThat(back.sequences()).containsOnly(Map.entry("sales.order_no", all), Map.entry("ids", open));
        assertThat(back.table("t").c("code").type()).isEqualTo(code);
        assertThat(back.table("t").c("mood").type()).isEqualTo(mood);
        assertThat(ModelFile.write(portable(""))).as("a model without sequences writes no member for them").doesNotContain("sequences");
        assertThatThrownBy(() -> ModelFile.read(json.replace("\"cache\": 5", "\"cache\": 0"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("$.sequences[0]").hasMessageContaining("CACHE");
        assertThatThrownBy(() -> ModelFile.read(json.replace("\"start\": -5", "\"start\": 1.5"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("$.sequences[0].start");
    }

    /**
     * An enum's VARCHAR options and an array's dimensions: before, the file dropped them, so a
     * model's {@code nativeEnum(false)} enum read back as a native one (a migration created a
     * PostgreSQL type, not a VARCHAR with its CHECK) and {@code INTEGER[][]} as {@code INTEGER[]}.
     */
    @Test
    void enumVarcharOptionsAndArrayDimensionsReadBackTheSame() {
        MetaData md = new MetaData();
        var status = Types.enumOf("status", "new", "done").nativeEnum(false).length(20).createConstraint(true);
        var open = Types.enumOf("open", "a", "bb").nativeEnum(false).length(null);
        var longest = Types.enumOf("longest", "a", "bb").length(2);
        var grid = Types.array(Types.INTEGER).dimensions(2).zeroIndexes(true);
        new Table("t", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("status", status), Column.of("open", open),
                Column.of("longest", longest), Column.of("grid", grid), Column.of("plain", Types.enumOf("plain", "x")));
        String json = ModelFile.write(md);
        MetaData back = ModelFile.read(json);
        assertThat(ModelFile.write(back)).isEqualTo(json);
        for (String c : List.of("status", "open", "longest", "grid", "plain")) {
            assertThat(back.table("t").c(c).type()).as(c).isEqualTo(md.table("t").c(c).type());
        }
        assertThatThrownBy(() -> ModelFile.read(json.replace("\"length\": 20", "\"length\": 0"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("length must be positive");
        assertThatThrownBy(() -> ModelFile.read(json.replace("\"dimensions\": 2", "\"dimensions\": 7"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("between 1 and 6");
    }

    /** MySQL's own types with their options, and dialect variants of any type: read back equal, to the same text and the same MariaDB DDL. */
    @Test
    void mysqlTypesAndDialectVariantsReadBackTheSame() {
        MetaData md = new MetaData();
        Table t = new Table("t", md,
                Column.of("id", Types.INTEGER.withVariant(MysqlTypes.INTEGER.displayWidth(10).unsigned(), "mysql")).primaryKey(),
                Column.of("code", Types.string(40).withVariant(MysqlTypes.VARCHAR.length(40).charset("latin1").collate("latin1_bin"), "mysql")
                        .withVariant(Types.TEXT, "sqlite")),
                Column.of("at", Types.DATETIME.withVariant(MysqlTypes.TIMESTAMP.fsp(3), "mariadb")),
                Column.of("body", MysqlTypes.MEDIUMTEXT),
                Column.of("price", MysqlTypes.DECIMAL.precision(12, 4).unsigned().zerofill()),
                Column.of("ratio", MysqlTypes.FLOAT.precision(7)),
                Column.of("initials", MysqlTypes.NCHAR.length(3).binary()),
                Column.of("ascii", MysqlTypes.CHAR.length(2).ascii()),
                Column.of("wide", MysqlTypes.TEXT.unicode()),
                Column.of("national", MysqlTypes.VARCHAR.length(5).national()),
                Column.of("bits", MysqlTypes.BIT.length(12)),
                Column.of("raw", MysqlTypes.MEDIUMBLOB));
        String json = ModelFile.write(md);
        MetaData back = ModelFile.read(json);
        assertThat(ModelFile.write(back)).isEqualTo(json);
        for (Column<?> c : t.columns()) {
            assertThat(back.table("t").c(c.key()).type()).as(c.name()).isEqualTo(c.type());
        }
        var mariadb = dev.retort.dialect.Dialects.mariadb();
        assertThat(new dev.retort.schema.CreateTable(back.table("t")).compile(mariadb).string())
                .isEqualTo(new dev.retort.schema.CreateTable(t).compile(mariadb).string())
                .contains("INTEGER(10) UNSIGNED", "VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_bin", "TIMESTAMP(3)", "DECIMAL(12, 4) UNSIGNED ZEROFILL");
        assertThat(json).contains("\"variants\"", "\"mysql\": \"MEDIUMTEXT\"");
    }

    /** A variant for a dialect Retort does not know, a MySQL type it does not model, or an option the type does not take: refused, naming it. */
    @Test
    void unknownVariantsAndMysqlTypesAreRefusedNamingThem() {
        String column = HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": ";
        String end = "}]}]}";
        ModelFileException dialect = refused(column + "{\"constant\": \"INTEGER\", \"variants\": {\"oracle\": {\"constant\": \"BIGINT\"}}}" + end);
        assertThat(dialect.path()).isEqualTo("$.tables[0].columns[0].type.variants.oracle");
        assertThat(dialect.getMessage()).contains("'oracle'", "mariadb");
        ModelFileException type = refused(column + "{\"mysql\": \"SERIALX\"}" + end);
        assertThat(type.path()).isEqualTo("$.tables[0].columns[0].type.mysql");
        assertThat(type.getMessage()).contains("'SERIALX'");
        assertThat(refused(column + "{\"constant\": \"INTEGER\", \"variants\": {\"mysql\": {\"mysql\": \"YEARS\"}}}" + end).getMessage())
                .contains("$.tables[0].columns[0].type.variants.mysql.mysql", "'YEARS'");
        assertThat(refused(column + "{\"mysql\": \"VARCHAR\", \"size\": 5, \"unsigned\": true}" + end).getMessage())
                .contains("$.tables[0].columns[0].type.unsigned", "VARCHAR", "UNSIGNED");
        // a collation goes into DDL as written
        assertThat(refused(column + "{\"mysql\": \"VARCHAR\", \"size\": 5, \"collation\": \"latin1_bin; DROP TABLE t\"}" + end).path())
                .isEqualTo("$.tables[0].columns[0].type.collation");
        assertThat(refused(column + "{\"mysql\": \"DECIMAL\", \"precision\": [5, 9]}" + end).path()).isEqualTo("$.tables[0].columns[0].type.precision");
        assertThat(refused(column + "{\"mysql\": \"TIME\", \"size\": 7}" + end).path()).isEqualTo("$.tables[0].columns[0].type.size");
        assertThat(refused(column + "{\"mysql\": \"TIME\", \"fsp\": 3}" + end).path()).isEqualTo("$.tables[0].columns[0].type.fsp");
        assertThat(refused(column + "{\"constant\": \"INTEGER\", \"variants\": {\"mysql\": 5}}" + end).path())
                .isEqualTo("$.tables[0].columns[0].type.variants.mysql");
        assertThat(refused(column + "{\"constant\": \"INTEGER\", \"variants\": [\"mysql\"]}" + end).path())
                .isEqualTo("$.tables[0].columns[0].type.variants");
    }

    private static List<String> lines(String ddl) {
        return ddl.lines().map(l -> l.replaceAll(",\\s*$", "")).toList();
    }

    /** Dumped, read back, and compared with a database created from the original: nothing to do. */
    @EachDatabase
    void aModelReadBackIsTheDatabaseCreatedFromTheOriginal(Database db) throws Exception {
        String s = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData model = portable(s);
            SchemaDiff diff = SchemaDiff.builder().build();
            diff.compare(model, scratch.engine()).apply(scratch.engine(), false);
            Migration again = diff.compare(model, scratch.engine());
            assertThat(again.steps()).as(again.sql(true)).isEmpty();
            Path file = dir.resolve("model.json");
            Files.writeString(file, ModelFile.write(model));
            Migration m = diff.compare(ModelFile.read(file), scratch.engine());
            assertThat(m.steps()).as(m.sql(true)).isEmpty();
        }
    }

    /**
     * A file's SQL (a view's query, a CHECK, a default) never runs beyond the one statement that
     * asks PostgreSQL how it stores it, rolled back: "SELECT 1; COMMIT; DROP TABLE ..." dropped
     * the table during the diff.
     */
    @Test
    void aDiffRunsNoStatementSmuggledInAFile() throws Exception {
        String s = "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.POSTGRESQL)) {
            MetaData md = new MetaData();
            new Table("victim" + s, md, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("n", Types.INTEGER).serverDefault(SQL.text("1")), new CheckConstraint(null, SQL.text("n > 0")));
            new Table("v" + s, md, Column.of("x", Types.INTEGER)).viewDefinition("SELECT 1 AS x");
            SchemaDiff diff = SchemaDiff.builder().build();
            diff.compare(md, scratch.engine()).apply(scratch.engine(), false);
            String smuggle = "; COMMIT; DROP TABLE victim" + s + " CASCADE; --";
            String json = ModelFile.write(md).replace("\"SELECT 1 AS x\"", "\"SELECT 2 AS x" + smuggle + "\"")
                    .replace("\"sql\": \"n > 0\"", "\"sql\": \"n > 1)" + smuggle + "\"").replace("\"sql\": \"1\"", "\"sql\": \"2" + smuggle + "\"");
            assertThat(json).contains("DROP TABLE victim");
            Migration m = diff.compare(ModelFile.read(json), scratch.engine());
            assertThat(m.steps()).isNotEmpty();
            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            assertThat(reflected.tables()).as("the diff ran nothing of the file").containsKey("victim" + s);
        }
    }

    private static ModelFileException refused(String json) {
        try {
            ModelFile.read(json);
        } catch (ModelFileException e) {
            return e;
        }
        throw new AssertionError("read: " + json);
    }

    private static final String HEAD = "{\"format\": \"retort-model\", \"version\": 1, \"tables\": [";

    /** Hostile or broken files: each refused by a ModelFileException naming where, nothing loaded or run. */
    @Test
    void hostileFilesAreRefusedNamingWhere() {
        assertThat(refused("").path()).isEqualTo("$");
        assertThat(refused("{\"format\": \"retort-model\"} x").getMessage()).contains("text after the end");
        assertThat(refused("{\"format\": \"other\", \"version\": 1}").path()).isEqualTo("$.format");
        assertThat(refused("{\"format\": \"retort-model\", \"version\": 2, \"tables\": []}").path()).isEqualTo("$.version");
        assertThat(refused("{\"format\": \"retort-model\", \"format\": \"retort-model\"}").getMessage()).contains("given twice");
        assertThat(refused("[".repeat(100) + "]".repeat(100)).getMessage()).contains("nested more than 32 deep");
        assertThat(refused("[" + "0,".repeat(ModelFile.MAX_ITEMS) + "0]").getMessage()).contains("more than 10000 items");
        assertThat(refused("\"" + "x".repeat(ModelFile.MAX_STRING + 1) + "\"").getMessage()).contains("longer than");
        assertThat(refused(" ".repeat(ModelFile.MAX_BYTES + 1)).getMessage()).contains("more than the " + ModelFile.MAX_BYTES + " allowed");
        assertThat(refused("[1e999999]").getMessage()).contains("bad or overlong number");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"java.lang.Runtime\"}}]}]}").path())
                .isEqualTo("$.tables[0].columns[0].type.constant");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"class\": \"java.lang.ProcessBuilder\"}}]}]}").path())
                .isEqualTo("$.tables[0].columns[0].type");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"string\": 5}, \"nulable\": false}]}]}").path())
                .isEqualTo("$.tables[0].columns[0].nulable");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"string\": 5}}], \"primaryKey\": {\"columns\": [\"d\"]}}]}").path())
                .isEqualTo("$.tables[0].primaryKey.columns[0]");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"string\": -5}}]}]}").path())
                .isEqualTo("$.tables[0].columns[0].type.string");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"options\": {\"postgresql_nosuch\": 1}, \"columns\": []}]}").path()).isEqualTo("$.tables[0]");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": []}, {\"name\": \"t\", \"columns\": []}]}").path()).isEqualTo("$.tables[1].name");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}, \"default\": {\"value\": 1.5}}]}]}").path())
                .isEqualTo("$.tables[0].columns[0].default.value");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}}], \"indexes\": [{\"name\": \"i\", \"columns\": [null]}]}]}").path())
                .isEqualTo("$.tables[0].indexes[0].columns[0]");
        // A referential action is a keyword: SQL there would reach the migration script as a statement of its own.
        assertThat(refused(HEAD + "{\"name\": \"p\", \"columns\": [{\"name\": \"id\", \"type\": {\"constant\": \"INTEGER\"}}]}, {\"name\": \"t\", "
                + "\"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}}], \"foreignKeys\": [{\"columns\": [\"c\"], "
                + "\"references\": [\"p.id\"], \"onDelete\": \"CASCADE; DROP TABLE p; --\"}]}]}").path()).isEqualTo("$.tables[1].foreignKeys[0].onDelete");
        assertThat(refused(HEAD + "{\"name\": \"p\", \"columns\": [{\"name\": \"id\", \"type\": {\"constant\": \"INTEGER\"}}]}, {\"name\": \"t\", "
                + "\"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}}], \"foreignKeys\": [{\"columns\": [\"c\"], "
                + "\"references\": [\"p.id\"], \"onUpdate\": \"x\"}]}]}").getMessage()).contains("$.tables[1].foreignKeys[0].onUpdate", "'x'");
        // INITIALLY and MATCH are keywords; an identity's options are integers.
        String p = "{\"name\": \"p\", \"columns\": [{\"name\": \"id\", \"type\": {\"constant\": \"INTEGER\"}}]}, ";
        assertThat(refused(HEAD + p + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}}], "
                + "\"uniques\": [{\"columns\": [\"c\"], \"initially\": \"DEFERRED; DROP TABLE p\"}]}]}").path()).isEqualTo("$.tables[1].uniques[0].initially");
        assertThat(refused(HEAD + p + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}}], \"foreignKeys\": [{\"columns\": [\"c\"], "
                + "\"references\": [\"p.id\"], \"match\": \"FULL ON DELETE CASCADE\"}]}]}").path()).isEqualTo("$.tables[1].foreignKeys[0].match");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}, "
                + "\"identity\": {\"start\": \"1; DROP\"}}]}]}").path()).isEqualTo("$.tables[0].columns[0].identity.start");
        assertThat(refused(HEAD + "{\"name\": \"t\", \"columns\": [{\"name\": \"c\", \"type\": {\"constant\": \"INTEGER\"}, "
                + "\"identity\": {\"always\": true, \"sequence\": \"x\"}}]}]}").path()).isEqualTo("$.tables[0].columns[0].identity.sequence");
        // Broken JSON in Jackson's words.
        assertThat(refused("{\"a\": \"\\x\"}").getMessage()).contains("not JSON: Unrecognized character escape 'x'");
        assertThat(refused("{\"a\": \"\u0001\"}").getMessage()).contains("not JSON: Illegal unquoted character ((CTRL-CHAR, code 1))");
        assertThat(refused("{\"a\" 1}").path()).isEqualTo("$.a");
    }

    private static String table(String name, String rest) {
        return "{\"name\": \"" + name + "\", \"columns\": [{\"name\": \"id\", \"type\": {\"constant\": \"INTEGER\"}}, "
                + "{\"name\": \"ref\", \"type\": {\"constant\": \"INTEGER\"}}]" + rest + "}";
    }

    private static String fk(String target) {
        return ", \"foreignKeys\": [{\"columns\": [\"ref\"], \"references\": [\"" + target + "\"]}]";
    }

    /**
     * A model that could never be created is refused on read, naming the table and the column or
     * index: before, a dangling foreign key, an empty primary key or a second index of one name
     * were read and failed only later, in a diff or on the server.
     */
    @Test
    void modelsThatCannotBeCreatedAreRefusedOnRead() {
        ModelFileException noTable = refused(HEAD + table("a", fk("b.id")) + "]}");
        assertThat(noTable.path()).isEqualTo("$.tables[0].foreignKeys[0].references[0]");
        assertThat(noTable.getMessage()).contains("table a references b.id", "no table b");
        ModelFileException noColumn = refused(HEAD + table("a", fk("b.nope")) + ", " + table("b", "") + "]}");
        assertThat(noColumn.path()).isEqualTo("$.tables[0].foreignKeys[0].references[0]");
        assertThat(noColumn.getMessage()).contains("table b has no column nope");
        assertThat(refused(HEAD + table("a", fk("s.b.id")) + ", " + table("b", "") + "]}").getMessage()).as("another schema's b").contains("no table s.b");
        assertThat(refused(HEAD + table("a", fk("nodot")) + "]}").path()).isEqualTo("$.tables[0].foreignKeys[0].references[0]");

        ModelFileException emptyPk = refused(HEAD + table("a", ", \"primaryKey\": {\"columns\": []}") + "]}");
        assertThat(emptyPk.path()).isEqualTo("$.tables[0].primaryKey.columns");
        assertThat(emptyPk.getMessage()).contains("primary key of table a has no columns");

        String ix = ", \"indexes\": [{\"name\": \"ix_id\", \"columns\": [\"id\"]}, {\"name\": \"ix_id\", \"columns\": [\"ref\"]}]";
        ModelFileException twice = refused(HEAD + table("a", ix) + "]}");
        assertThat(twice.path()).isEqualTo("$.tables[0].indexes[1].name");
        assertThat(twice.getMessage()).contains("index ix_id of table a is given twice");
        String one = ", \"indexes\": [{\"name\": \"ix_x\", \"columns\": [\"id\"]}]";
        ModelFileException acrossTables = refused(HEAD + table("a", one) + ", " + table("b", one) + "]}");
        assertThat(acrossTables.path()).isEqualTo("$.tables[1].indexes[0].name");
        assertThat(acrossTables.getMessage()).contains("index ix_x of table b", "table a has one of that name");

        // What is fine stays fine: a reference to a table further down, one index name in two schemas.
        MetaData md = ModelFile.read(HEAD + table("a", fk("b.id")) + ", " + table("b", one) + ", "
                + table("b", ", \"schema\": \"other\"" + one) + "]}");
        assertThat(md.tables()).containsKeys("a", "b", "other.b");
    }

    /** Each limit not tried above: refused quickly, the message naming the limit and the path where. */
    @Test
    void everyLimitIsRefusedNamingItAndWhere() {
        long start = System.nanoTime();
        ModelFileException e = refused("{\"a\": {\"b\": [" + "[".repeat(40) + "]".repeat(40) + "]}}");
        assertThat(e.getMessage()).contains("nested more than " + ModelFile.MAX_DEPTH + " deep");
        assertThat(e.path()).startsWith("$.a.b[0]");
        e = refused("{\"a\": [1, {" + java.util.stream.IntStream.rangeClosed(0, ModelFile.MAX_ITEMS).mapToObj(i -> "\"k" + i + "\": 0")
                .collect(java.util.stream.Collectors.joining(", ")) + "}]}");
        assertThat(e.getMessage()).contains("more than " + ModelFile.MAX_ITEMS + " members");
        assertThat(e.path()).startsWith("$.a[1]");
        // 1,010,102 values in 101 arrays of 10,000 items.
        String row = "[" + "0,".repeat(ModelFile.MAX_ITEMS - 1) + "0]";
        e = refused("{\"t\": [" + (row + ",").repeat(ModelFile.MAX_VALUES / ModelFile.MAX_ITEMS) + row + "]}");
        assertThat(e.getMessage()).contains("more than " + ModelFile.MAX_VALUES + " values");
        assertThat(e.path()).startsWith("$.t[");
        e = refused("{\"a\": [\"x\", \"" + "y".repeat(ModelFile.MAX_STRING + 1) + "\"]}");
        assertThat(e.getMessage()).contains("a string longer than " + ModelFile.MAX_STRING + " characters");
        assertThat(e.path()).isEqualTo("$.a[1]");
        e = refused("{\"n\": " + "1".repeat(ModelFile.MAX_NUMBER + 1) + "}");
        assertThat(e.getMessage()).contains("bad or overlong number");
        assertThat(e.path()).isEqualTo("$.n");
        e = refused("{\"n\": 0." + "1".repeat(ModelFile.MAX_NUMBER) + "}");
        assertThat(e.getMessage()).contains("bad or overlong number");
        assertThat(e.path()).isEqualTo("$.n");
        assertThat(refused("{\"n\": 012}").getMessage()).contains("not JSON");
        assertThat(refused("{\"n\": NaN}").getMessage()).contains("not JSON");
        assertThat(refused("{\"a\": 1, /* c */ \"b\": 2}").getMessage()).contains("not JSON");
        assertThat(refused("{\"a\": [1,]}").getMessage()).contains("not JSON");
        e = refused("{\"a\": [{\"b\": 1, \"b\": 2}]}");
        assertThat(e.getMessage()).contains("member b is given twice");
        assertThat(e.path()).isEqualTo("$.a[0].b");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds for all").isLessThan(10_000);
    }
}
