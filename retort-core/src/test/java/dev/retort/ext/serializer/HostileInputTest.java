package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.types.Types;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Inputs shaped as attacks: each is refused by the limit that bounds its real cost, with a
 * {@link SerializationException} naming that limit (counted work, never timed: a limit removed
 * loads the input, or runs out of memory building it).
 */
class HostileInputTest {
    final MetaData md = new MetaData();
    final Table users = new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING),
            Column.of("amount", Types.numeric(10, 2)));

    /** A tree of {@code 2^levels} leaves written in a few hundred bytes: each level refers twice to the one below. */
    ColumnElement<?> referenceBomb(int levels) {
        ColumnElement<Integer> e = users.c("id", Integer.class);
        for (int i = 0; i < levels; i++) {
            e = e.add(e);
        }
        return e;
    }

    static void refusedBy(Runnable load, String limit) {
        assertThatThrownBy(load::run).isInstanceOf(SerializationException.class).hasMessageContaining("SerializerLimits." + limit);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aReferenceBombIsRefusedByTheNodeLimitCountingExpandedNodes(Protocol p) {
        byte[] bomb = QuerySerializer.dumps(select(referenceBomb(26)), p);
        if (p == Protocol.BINARY) {
            // a few hundred bytes (each format version may add a null attribute or two to the SELECT)
            assertThat(bomb.length).isLessThan(450);
        }
        refusedBy(() -> QuerySerializer.loads(bomb, md), "maxNodes");
        // The same shape, small enough to cost little, still loads and compiles like the original.
        ColumnElement<?> small = referenceBomb(6);
        ColumnElement<?> back = (ColumnElement<?>) QuerySerializer.loads(QuerySerializer.dumps(small, p), md);
        assertThat(back.compare(small)).isTrue();
        assertThat(back.compile().string()).isEqualTo(small.compile().string());
    }

    /**
     * References to a table's columns cost a node each once loaded (a SELECT of them compiles,
     * compares and keys each one), however few bytes each takes. Before, only maxBytes bounded
     * them: 300,000 loaded in about 1.5 s of JSON, and a document under maxBytes went over maxNodes.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void columnReferencesInAListCountTowardTheNodeLimit(Protocol p) {
        QuerySerializer tight = QuerySerializer.withLimits(new SerializerLimits(SerializerLimits.DEFAULTS.maxBytes(), 500, 10_000));
        byte[] over = QuerySerializer.dumps(select(java.util.Collections.nCopies(10_001, users.c("id")).toArray()), p);
        assertThatThrownBy(() -> tight.read(over, md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("SerializerLimits.maxNodes").hasMessageContaining("attribute 'columns' of a 'select' node");
        var under = select(java.util.Collections.nCopies(9_900, users.c("id")).toArray());
        assertThat(((dev.retort.sql.ClauseElement) tight.read(QuerySerializer.dumps(under, p), md)).compare(under)).isTrue();
        if (p == Protocol.BINARY) {
            // a few bytes each: 300,000 are far under the default maxBytes
            byte[] many = QuerySerializer.dumps(select(java.util.Collections.nCopies(300_000, users.c("id")).toArray()), p);
            assertThat(many.length).isLessThan(SerializerLimits.DEFAULTS.maxBytes() / 10);
            refusedBy(() -> QuerySerializer.loads(many, md), "maxNodes");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aTextBombIsRefusedByTheCharacterLimit(Protocol p) {
        ColumnElement<?> e = literalColumn("x".repeat(1_000_000));
        for (int i = 0; i < 12; i++) {
            e = e.concat(e);
        }
        byte[] bomb = QuerySerializer.dumps(e, p);
        assertThat(bomb.length).isLessThan(1_100_000);
        refusedBy(() -> QuerySerializer.loads(bomb, md), "maxChars");
        QuerySerializer tight = QuerySerializer.withLimits(SerializerLimits.DEFAULTS.withMaxChars(999_999));
        refusedBy(() -> tight.read(QuerySerializer.dumps(literalColumn("x".repeat(1_000_000)), p), md), "maxChars");
    }

    /** A document whose root is one scalar, in each protocol, written by hand as an attacker would. */
    static byte[] scalarDocument(Protocol p, ScalarTag tag, String text) {
        if (p == Protocol.JSON) {
            return ("{\"format\":\"" + JsonFormat.FORMAT + "\",\"version\":\"1.2\",\"root\":{\"" + tag.json + "\":\"" + text + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BinaryFormat.MAGIC);
        out.write(BinaryFormat.MAJOR);
        out.write(BinaryFormat.MINOR);
        out.write(tag.code);
        out.write(0); // a new string, not a reference
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (long n = utf8.length; ; n >>>= 7) {
            if (n < 0x80) {
                out.write((int) n);
                break;
            }
            out.write((int) (n & 0x7F) | 0x80);
        }
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    /**
     * A JSON member written twice is ambiguous (a reviewer reads the first "where", a last-wins
     * parser the second, empty one): refused naming the member. Before, the second won and the
     * loaded statement lost its WHERE clause.
     */
    @Test
    void aJsonMemberWrittenTwiceOrABadVersionIsRefusedNamingIt() {
        String json = new String(QuerySerializer.dumps(select(users.c("name")).where(users.c("id").eq(7)), Protocol.JSON), StandardCharsets.UTF_8);
        String twice = json.replaceFirst("\"groupBy\" : \\[ \\],", "\"groupBy\" : [ ], \"where\" : [ ],");
        assertThat(twice).isNotEqualTo(json);
        assertThatThrownBy(() -> QuerySerializer.loads(twice.getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'where'").hasMessageNotContaining("byte -1");
        String format = json.replaceFirst("\"version\"", "\"format\" : \"retort-query\", \"version\"");
        assertThatThrownBy(() -> QuerySerializer.loads(format.getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'format'");
        for (String version : new String[] {"1.x", "banana", "1", "1.8.1", "99999999999.0"}) {
            String bad = json.replaceFirst("\"version\" : \"[0-9.]+\"", "\"version\" : \"" + version + "\"");
            assertThatThrownBy(() -> QuerySerializer.loads(bad.getBytes(StandardCharsets.UTF_8), md)).as(version)
                    .isInstanceOf(SerializationException.class).hasMessageContaining(version);
        }
        // A limit of the JSON parser itself is reported where the parser stopped, not at byte -1.
        assertThatThrownBy(() -> QuerySerializer.loads(("{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)).getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageNotContaining("byte -1");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void numberBombsAreRefusedByTheDigitLimitBeforeParsing(Protocol p) {
        String digits = "7".repeat(800_000);
        refusedBy(() -> QuerySerializer.loads(scalarDocument(p, ScalarTag.BIG_INTEGER, digits), md), "maxDigits");
        refusedBy(() -> QuerySerializer.loads(scalarDocument(p, ScalarTag.DECIMAL, digits), md), "maxDigits");
        refusedBy(() -> QuerySerializer.loads(scalarDocument(p, ScalarTag.DECIMAL, "1e999999999"), md), "maxDigits");
        refusedBy(() -> QuerySerializer.loads(scalarDocument(p, ScalarTag.DECIMAL, "1e-999999999"), md), "maxDigits");
        // Real numbers pass.
        assertThat(QuerySerializer.loads(scalarDocument(p, ScalarTag.BIG_INTEGER, "9".repeat(1000)), md))
                .isEqualTo(new java.math.BigInteger("9".repeat(1000)));
        assertThat(QuerySerializer.loads(scalarDocument(p, ScalarTag.DECIMAL, "1.50e-3"), md)).isEqualTo(new java.math.BigDecimal("0.00150"));
        QuerySerializer tight = QuerySerializer.withLimits(SerializerLimits.DEFAULTS.withMaxDigits(10));
        refusedBy(() -> tight.read(scalarDocument(p, ScalarTag.BIG_INTEGER, "12345678901"), md), "maxDigits");
        assertThat(tight.read(scalarDocument(p, ScalarTag.BIG_INTEGER, "1234567890"), md)).isEqualTo(new java.math.BigInteger("1234567890"));
    }

    /**
     * A bound list nested past the loader's depth: refused by loads in both protocols naming the limit; a JSON dump of
     * one nested past Jackson's own write limit is refused naming that limit (it said only "Could not write JSON").
     */
    @Test
    void deeplyNestedListsInABoundParameterAreRefusedNamingTheLimit() {
        for (int depth : new int[] {600, 5_000}) {
            Object v = 1;
            for (int i = 0; i < depth; i++) {
                v = java.util.List.of(v);
            }
            dev.retort.sql.Select s = dev.retort.sql.SQL.select(dev.retort.sql.SQL.bindparam("nested", v));
            refusedBy(() -> QuerySerializer.loads(QuerySerializer.dumps(s, Protocol.BINARY), md), "maxDepth");
            if (depth == 600) {
                refusedBy(() -> QuerySerializer.loads(QuerySerializer.dumps(s, Protocol.JSON), md), "maxDepth");
            } else {
                assertThatThrownBy(() -> QuerySerializer.dumps(s, Protocol.JSON)).isInstanceOf(SerializationException.class)
                        .hasMessageContaining("nesting depth");
            }
        }
    }

    @Test
    void aHugeExponentRendersInScientificFormInlineAndInTheOfflineKey() {
        for (String text : new String[] {"1e999999999", "-7.5e-999999999"}) {
            java.math.BigDecimal huge = new java.math.BigDecimal(text);
            var stmt = select(users.c("id")).where(users.c("amount").lt(huge));
            // Scientific form: its digits, written out, would not fit in memory.
            for (dev.retort.dialect.Dialect d : java.util.List.of(dev.retort.dialect.Dialects.defaultDialect(), dev.retort.dialect.Dialects.sqlite(),
                    dev.retort.dialect.Dialects.postgresql(), dev.retort.dialect.Dialects.mysql(), dev.retort.dialect.Dialects.mariadb())) {
                assertThat(stmt.compile(d, dev.retort.sql.CompileOption.LITERAL_BINDS).string()).endsWith("< " + huge);
            }
            assertThat(stmt.cacheKey().toOfflineString(new java.util.HashMap<>(), stmt, Map.of())).contains(huge.toString());
        }
        // Ordinary decimals keep every digit and their scale.
        var stmt = select(users.c("id")).where(users.c("amount").lt(new java.math.BigDecimal("1.50E+3")));
        assertThat(stmt.compile(dev.retort.dialect.Dialects.sqlite(), dev.retort.sql.CompileOption.LITERAL_BINDS).string()).endsWith("< 1500");
        assertThat(dev.retort.types.Decimals.text(new java.math.BigDecimal("1e-998"))).isEqualTo("0." + "0".repeat(997) + "1");
        assertThat(dev.retort.types.Decimals.text(new java.math.BigDecimal("1e-999"))).isEqualTo("1E-999");
        assertThat(dev.retort.types.Decimals.text(new java.math.BigDecimal("1e999"))).isEqualTo("1" + "0".repeat(999));
        assertThat(dev.retort.types.Decimals.text(new java.math.BigDecimal("1e1000"))).isEqualTo("1E+1000");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void rawSqlIsRefusedWhenTheLoadOptionsSaySo(Protocol p) {
        QuerySerializer strict = QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false));
        var light = table("light", column("a"), literalColumn("count(*) FROM users; DROP TABLE users; --"));
        for (var raw : java.util.List.<dev.retort.sql.ClauseElement>of(
                select(users.c("id")).where(text("1 = 1; DROP TABLE users")),
                select(literalColumn("password FROM secrets --")),
                select(light.c("a")))) {
            byte[] data = QuerySerializer.dumps(raw, p);
            assertThatThrownBy(() -> strict.read(data, md)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("raw SQL").hasMessageContaining("LoadOptions.allowRawSql(false)");
            assertThat(((dev.retort.sql.ClauseElement) QuerySerializer.loads(data, md)).compare(raw)).as("allowed by default").isTrue();
        }
        var plain = select(users.c("name"), func("count", users.c("id"))).where(users.c("name").like("a%")).groupBy(users.c("name"));
        assertThat(((dev.retort.sql.ClauseElement) strict.read(QuerySerializer.dumps(plain, p), md)).compare(plain)).isTrue();
    }

    /** A cached value another process wrote: ValueSerializer gives values only, never a SQL element. */
    @Test
    void valueSerializerRefusesASqlElement() {
        byte[] element = QuerySerializer.dumps(select(column("x")));
        assertThatThrownBy(() -> ValueSerializer.loads(element))
                .isInstanceOf(SerializationException.class).hasMessageContaining("SQL element");
        assertThat(ValueSerializer.loads(ValueSerializer.dumps(java.util.List.of(1, "a")))).isEqualTo(java.util.List.of(1, "a"));
    }

    /** A node the public API refuses to build is refused when loaded too: the loader goes through the same checks. */
    @Test
    void loadedNodesPassTheChecksOfTheirConstructors() {
        String call = new String(QuerySerializer.dumps(select(func("count", users.c("id"))), Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(call).contains("\"count\"");
        assertThatThrownBy(() -> func(" ", users.c("id"))).isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessage("A function needs a name");
        assertThatThrownBy(() -> QuerySerializer.loads(call.replace("\"count\"", "\" \"").getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("A function needs a name");
        String both = new String(QuerySerializer.dumps(select(users.c("id")).where(and(users.c("id").gt(1), users.c("id").lt(9))), Protocol.JSON),
                StandardCharsets.UTF_8);
        assertThat(both).contains("\"AND\"");
        assertThatThrownBy(() -> QuerySerializer.loads(both.replace("\"AND\"", "\"CONCAT\"").getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("AND or OR");
        assertThatThrownBy(() -> QuerySerializer.loads(both.replaceFirst("\"left\"", "\"lft\"").getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("node 'binary' has no attribute 'lft'");
        String text = new String(QuerySerializer.dumps(select(users.c("id")).where(text("id = :x").bindparams(Map.of("x", 1))), Protocol.JSON),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(text.replace("id = :x", "id = :y").getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("text() parameter ':y' has no bind parameter");
    }

    /**
     * A loaded {@code function_comparison}'s positions are the integers written: a long, a
     * double or a decimal is refused, naming the kind. They were cut to an int, so a document
     * saying 4294967297, -4294967294, 1.9 or 2.7 loaded positions 1 or 2, another argument than written.
     */
    @Test
    void aFunctionComparisonsPositionsAreTheIntegersWritten() {
        String json = new String(QuerySerializer.dumps(select(users.c("id")).where(func("f", users.c("id"), users.c("name")).asComparison(1, 2)),
                Protocol.JSON), StandardCharsets.UTF_8);
        java.util.regex.Pattern left = java.util.regex.Pattern.compile("(\"leftIndex\"\\s*:\\s*)\\{[^}]*\\}");
        assertThat(left.matcher(json).find()).isTrue();
        assertThat(QuerySerializer.loads(left.matcher(json).replaceFirst("$1{\"int\": 2}").getBytes(StandardCharsets.UTF_8), md)).isNotNull();
        for (String number : new String[] {"{\"long\": 4294967297}", "{\"long\": -4294967294}", "{\"double\": 1.9}", "{\"decimal\": \"2.7\"}"}) {
            byte[] doc = left.matcher(json).replaceFirst("$1" + number)
                    .getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> QuerySerializer.loads(doc, md)).as(number).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("function_comparison");
        }
    }

    @Test
    void limitsAreCheckedWhenMade() {
        assertThatThrownBy(() -> SerializerLimits.DEFAULTS.withMaxDigits(0)).isInstanceOf(dev.retort.exc.ArgumentException.class)
                .hasMessageContaining("maxDigits=0");
        assertThat(new SerializerLimits(1, 2, 3)).isEqualTo(new SerializerLimits(1, 2, 3, SerializerLimits.DEFAULTS.maxChars(),
                SerializerLimits.DEFAULTS.maxDigits()));
        assertThat(Map.of("k", SerializerLimits.DEFAULTS.withMaxChars(5).maxChars())).containsEntry("k", 5L);
    }
    /** A field of a codec payload: its length, a colon, the text. */
    static String field(String text) {
        return text.length() + ":" + text;
    }

    /**
     * A loaded statement's prefixes are prefix nodes: before, any SQL element was accepted and
     * the statement failed with a ClassCastException when it compiled, not when it loaded.
     */
    @Test
    void prefixesOfAnotherKindAreRefusedWhenLoaded() {
        String json = new String(QuerySerializer.dumps(select(users.c("id")).prefixWith("DISTINCT").suffixWith("LIMIT 1"), Protocol.JSON),
                StandardCharsets.UTF_8);
        String column = "{ \"columnRef\" : \"name\", \"table\" : \"users\" }";
        for (String what : new String[] {"prefixes", "suffixes"}) {
            String bad = json.replaceFirst("(?s)\"" + what + "\" : \\[ \\{.*?\"dialect\" : null\\s*}\\s*}", "\"" + what + "\" : [ " + column);
            assertThat(bad).as(what).isNotEqualTo(json).contains("\"" + what + "\" : [ " + column);
            assertThatThrownBy(() -> QuerySerializer.loads(bad.getBytes(StandardCharsets.UTF_8), md)).as(what)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("prefix nodes, not");
        }
    }

    /**
     * Raw SQL that is not text() nor a literal column: a custom operator's text and a named
     * type's name are written as they are (the type's in a CAST). Before, allowRawSql(false)
     * loaded both, so a "strict" load could still run pg_sleep or write INTO OUTFILE; operators
     * and type names that are only that still load.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void customOperatorsAndNamedTypesHoldingSqlAreRawSql(Protocol p) {
        QuerySerializer strict = QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false));
        var hostile = java.util.List.<dev.retort.sql.ClauseElement>of(
                select(users.c("id").op("+ pg_sleep(1)::text::int +", 1)),
                select(users.c("id")).suffixWith(literal("/tmp/x").prefixOp(dev.retort.sql.CustomOperator.of("INTO OUTFILE"))),
                select(users.c("id").op("/*", 1), users.c("name").op("*/", "x")),
                select(users.c("name").op("#", "x")),
                select(users.c("name").op("`", "x")),
                select(cast(users.c("name"), Types.named("postgresql", "int) , pg_sleep(10) , CAST(1 AS int", dev.retort.types.TypeKind.STRING))),
                select(cast(users.c("name"), Types.array(Types.named("postgresql", "text) || pg_sleep(1", dev.retort.types.TypeKind.STRING)))));
        for (var raw : hostile) {
            byte[] data = QuerySerializer.dumps(raw, p);
            assertThatThrownBy(() -> strict.read(data, md)).as(raw.toString()).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("raw SQL").hasMessageContaining("LoadOptions.allowRawSql(false)");
            assertThat(((dev.retort.sql.ClauseElement) QuerySerializer.loads(data, md)).compare(raw)).as("allowed by default").isTrue();
        }
        var plain = select(users.c("id").op("IS NOT DISTINCT FROM", 1), users.c("name").op("->>", "a"), users.c("name").op("!~*", "x"),
                cast(users.c("name"), Types.named("postgresql", "TIMESTAMP(3) WITH TIME ZONE", dev.retort.types.TypeKind.STRING)),
                cast(users.c("name"), Types.named("postgresql", "tsvector", dev.retort.types.TypeKind.STRING)));
        assertThat(((dev.retort.sql.ClauseElement) strict.read(QuerySerializer.dumps(plain, p), md)).compare(plain)).isTrue();
    }

    /**
     * A collation from a loaded type is a name: MySQL wrote it as given, so a loaded
     * {@code retort.spelled} type's collation could end the CAST and add SQL. Now anything but a
     * plain name is quoted there, as on the other dialects.
     */
    @Test
    void aLoadedCollationIsANameOnEveryDialect() {
        String json = new String(QuerySerializer.dumps(select(cast(users.c("name"), Types.collated(Types.CHAR.length(10), "utf8mb4_bin")),
                cast(users.c("name"), Types.collated(Types.string(10), "utf8mb4_bin"))), Protocol.JSON), StandardCharsets.UTF_8);
        String evil = "utf8mb4_bin) AS a, (SELECT SLEEP(5)) AS b, CAST(users.name AS CHAR";
        String plainPayload = field("VARCHAR") + field("10") + field("") + field("") + field("utf8mb4_bin");
        assertThat(json).contains(plainPayload);
        String bad = json.replace(plainPayload, field("VARCHAR") + field("10") + field("") + field("") + field(evil))
                .replace(field("CHAR") + field("10") + field("") + field("") + field("utf8mb4_bin"),
                        field("CHAR") + field("10") + field("") + field("") + field(evil));
        var loaded = (dev.retort.sql.ClauseElement) QuerySerializer.loads(bad.getBytes(StandardCharsets.UTF_8), md);
        for (var d : java.util.List.of(dev.retort.dialect.Dialects.mysql(), dev.retort.dialect.Dialects.mariadb(), dev.retort.dialect.Dialects.postgresql())) {
            String sql = loaded.compile(d).string();
            assertThat(sql).as(d.name()).doesNotContain("COLLATE " + evil);
            assertThat(sql.replace("`" + evil + "`", "").replace("\"" + evil + "\"", "")).as(d.name()).doesNotContain("SLEEP");
        }
        // A plain name stays bare on MySQL, as SQLAlchemy writes it.
        assertThat(select(cast(users.c("name"), Types.collated(Types.CHAR.length(10), "utf8mb4_bin"))).compile(dev.retort.dialect.Dialects.mysql()).string())
                .contains("CAST(users.name AS CHAR(10) COLLATE utf8mb4_bin)");
    }
    /**
     * A codec type nests its element or base type inside its own payload: twenty thousand nested
     * arrays in 600 KB. Before, decoding recursed once per level and copied the rest of the
     * payload at each: 12 seconds of CPU time, and the type loaded; now the nesting counts against
     * the depth limit (at most 32 levels of types) before anything is decoded.
     */
    @Test
    void typesNestedInOnePayloadCountAgainstTheDepthLimit() {
        String json = new String(QuerySerializer.dumps(select(cast(users.c("name"), Types.array(Types.string(5)))), Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(json).contains(SHALLOW_ARRAY);
        byte[] doc = json.replace(SHALLOW_ARRAY, nestedArrays(20_000, field("codec"))).getBytes(StandardCharsets.UTF_8);
        refusedBy(() -> QuerySerializer.loads(doc, md), "maxDepth");
        // A few levels still load (PostgreSQL arrays nest no deeper, but the loader leaves that to the compiler).
        assertThat(QuerySerializer.loads(json.getBytes(StandardCharsets.UTF_8), md)).isNotNull();
    }

    /**
     * A payload field's length is ASCII digits: before, Java's parseInt also read other scripts'
     * digits, so "codec" written with an Arabic-Indic five as its length was a field the nesting
     * count (looking for {@code 5:codec}) did not see: twenty thousand nested arrays loaded in 12 s.
     */
    @Test
    void aPayloadFieldLengthInOtherDigitsIsRefused() {
        String json = new String(QuerySerializer.dumps(select(cast(users.c("name"), Types.array(Types.string(5)))), Protocol.JSON), StandardCharsets.UTF_8);
        for (String five : new String[] {"\u0665", "\uff15", "+5"}) {
            byte[] doc = json.replace(SHALLOW_ARRAY, nestedArrays(20_000, five + ":codec")).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> QuerySerializer.loads(doc, md)).as(five).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("retort.array");
        }
        String length = SHALLOW_ARRAY.substring(0, SHALLOW_ARRAY.indexOf(':'));
        StringBuilder arabic = new StringBuilder();
        length.chars().forEach(d -> arabic.append((char) ('\u0660' + d - '0')));
        byte[] one = json.replace(SHALLOW_ARRAY, arabic + SHALLOW_ARRAY.substring(length.length())).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(one, md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("retort.array").hasMessageContaining("ASCII digits");
    }

    /** The payload of {@code Types.array(Types.string(5))}: one field, the element type's spec. */
    static final String SHALLOW_ARRAY = field(field("sql") + field("STRING") + field("5") + field("") + field(""));

    /** An array type's payload nesting {@code depth} arrays, each level's "codec" field written {@code codecField}. */
    static String nestedArrays(int depth, String codecField) {
        String innermost = field("sql") + field("STRING") + field("5") + field("") + field("");
        // Every level is a header before the level inside it: lengths first, from the inside out.
        long[] specLength = new long[depth + 1];
        String[] headers = new String[depth + 1];
        specLength[0] = innermost.length();
        for (int k = 1; k <= depth; k++) {
            String payloadHeader = specLength[k - 1] + ":";
            long payloadLength = payloadHeader.length() + specLength[k - 1];
            headers[k] = codecField + field("retort.array") + payloadLength + ":" + payloadHeader;
            specLength[k] = headers[k].length() + payloadLength - payloadHeader.length();
        }
        StringBuilder payload = new StringBuilder().append(specLength[depth - 1]).append(':');
        for (int k = depth - 1; k >= 1; k--) {
            payload.append(headers[k]);
        }
        return payload.append(innermost).toString();
    }

    /**
     * A domain's default, CHECK and constraints are SQL written as they are into CREATE DOMAIN;
     * before, a domain in a loaded type passed allowRawSql(false) whatever they held. A default
     * that is only a literal, and the domain's names (quoted), still load.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aDomainsDefaultCheckAndConstraintsAreRawSql(Protocol p) {
        QuerySerializer strict = QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false));
        var hostile = java.util.List.of(Types.domain("d", Types.INTEGER).defaultValue(text("(SELECT pg_sleep(10))")),
                Types.domain("d", Types.INTEGER).check("VALUE > 0); DROP TABLE users; --"),
                Types.domain("d", Types.INTEGER, "CHECK (pg_sleep(1) IS NOT NULL)"),
                Types.domain("d", Types.INTEGER).defaultValue(text("1); DROP TABLE users; --")));
        for (var type : hostile) {
            var raw = select(cast(users.c("id"), type));
            byte[] data = QuerySerializer.dumps(raw, p);
            assertThatThrownBy(() -> strict.read(data, md)).as(type.toString()).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("raw SQL").hasMessageContaining("domain 'd'").hasMessageContaining("LoadOptions.allowRawSql(false)");
            assertThat(((dev.retort.sql.ClauseElement) QuerySerializer.loads(data, md)).compare(raw)).as("allowed by default").isTrue();
        }
        for (var type : java.util.List.of(Types.domain("d\"; DROP TABLE users; --", Types.INTEGER).schema("s\"x").collation("c\"").constraintName("n\"")
                .notNull(true).defaultValue("it's"), Types.domain("d", Types.INTEGER).defaultValue(-12.5), Types.domain("d", Types.BOOLEAN).defaultValue(true))) {
            var plain = select(cast(users.c("id"), type));
            assertThat(((dev.retort.sql.ClauseElement) strict.read(QuerySerializer.dumps(plain, p), md)).compare(plain)).as(type.toString()).isTrue();
        }
    }

    /**
     * A domain's String default holding a backslash: before, it was written {@code 'x\''}, which
     * a server with standard_conforming_strings off reads as a literal that ends early (the rest
     * ran in the CREATE DOMAIN), and the loader took such a default for "only a literal" under
     * allowRawSql(false). Now the default is {@code E'...'} (as the dialect writes any string with a
     * backslash) and a plain literal with a backslash is raw SQL.
     */
    @Test
    void aDomainDefaultWithABackslashIsOneLiteralWhateverTheServerSetting() {
        String hostile = "x\\'; DROP TABLE users; --";
        var domain = Types.domain("d", Types.TEXT).defaultValue(hostile);
        assertThat(domain.defaultSql()).isEqualTo("E'x\\\\''; DROP TABLE users; --'");
        assertThat(dev.retort.dialect.Dialects.postgresql().createTypeStatements(domain)).singleElement().asString()
                .contains("DEFAULT E'x\\\\''; DROP TABLE users; --'");
        QuerySerializer strict = QuerySerializer.with(LoadOptions.DEFAULTS.allowRawSql(false));
        var plain = select(cast(users.c("id"), Types.domain("d", Types.TEXT).defaultValue("a'b")));
        String json = new String(QuerySerializer.dumps(plain, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(((dev.retort.sql.ClauseElement) strict.read(json.getBytes(StandardCharsets.UTF_8), md)).compare(plain)).isTrue();
        var escaped = select(cast(users.c("id"), domain));
        assertThat(((dev.retort.sql.ClauseElement) strict.read(QuerySerializer.dumps(escaped, Protocol.JSON), md)).compare(escaped))
                .as("E'...' with its backslashes doubled is a literal").isTrue();
        // written by hand: the default '\'' || pg_sleep(10) --' is one literal with standard_conforming_strings on, a literal and SQL off
        String payloadDefault = field("'a''b'");
        assertThat(json).contains(payloadDefault);
        String breakout = "'\\\\'' || pg_sleep(10) --'";
        byte[] bad = json.replace(payloadDefault, breakout.length() - 1 + ":" + breakout).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> strict.read(bad, md)).isInstanceOf(SerializationException.class).hasMessageContaining("raw SQL")
                .hasMessageContaining("domain 'd'");
    }

    /**
     * A loaded MySQL type (format 1.13) is checked option by option as the API checks it: a name
     * off the list, a character set or collation that is more than a name (it is written bare in
     * DDL and casts), numbers that are not plain digits or out of range, options its type does not
     * take, fields missing: each refused naming the codec, nothing built.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "VARCHAR) , SLEEP(5|40||||utf8mb4|utf8mb4_bin|MySQL has no type",
        "VARCHAR|40||||utf8mb4|utf8mb4_bin) AS a, SLEEP(5) AS b, CAST(1 AS CHAR|letters, digits and underscores",
        "VARCHAR|40||||utf8 mb4||letters, digits and underscores",
        "VARCHAR|-1||||||ASCII digits",
        "VARCHAR|99999999999||||||For input string",
        "VARCHAR|40|||q|||unknown MySQL type flag",
        "VARCHAR|40|||u|||takes no UNSIGNED",
        "VARCHAR|40|10|2||||takes no precision"})
    void aLoadedMysqlTypeIsCheckedOptionByOption(String name, String size, String precision, String scale, String flags, String charset,
            String collation, String refusal) {
        String json = new String(QuerySerializer.dumps(select(cast(users.c("name"),
                dev.retort.types.MysqlTypes.VARCHAR.length(40).charset("utf8mb4").collate("utf8mb4_bin"))), Protocol.JSON), StandardCharsets.UTF_8);
        String written = field("VARCHAR") + field("40") + field("") + field("") + field("") + field("utf8mb4") + field("utf8mb4_bin");
        assertThat(json).contains(written);
        String payload = java.util.stream.Stream.of(name, size, precision, scale, flags, charset, collation)
                .map(f -> field(f == null ? "" : f)).collect(java.util.stream.Collectors.joining());
        assertThatThrownBy(() -> QuerySerializer.loads(json.replace(written, payload).getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("TypeCodec 'retort.mysql'").hasMessageContaining(refusal);
        String six = json.replace(written, field("VARCHAR") + field("40") + field("") + field("") + field("") + field("utf8mb4"));
        assertThatThrownBy(() -> QuerySerializer.loads(six.getBytes(StandardCharsets.UTF_8), md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("has 7 fields, not 6");
    }

    /**
     * A range value's NUMERIC bound is a number like any other: before, its codec parsed it
     * whatever its length (a million digits took 40 s) and its exponent, past maxDigits.
     */
    @Test
    void rangeBoundsCountAgainstTheDigitLimit() {
        var query = select(users.c("id")).where(literal(dev.retort.types.Range.of(new java.math.BigDecimal("1.5"), null), Types.NUMRANGE)
                .op("@>", 1));
        String json = new String(QuerySerializer.dumps(query, Protocol.JSON), StandardCharsets.UTF_8);
        String bound = field("NUMERIC") + field("1.5");
        assertThat(json).contains(bound);
        for (String hostile : new String[] {"7".repeat(1_000_000), "1e999999999"}) {
            byte[] doc = json.replace(bound, field("NUMERIC") + field(hostile)).getBytes(StandardCharsets.UTF_8);
            refusedBy(() -> QuerySerializer.loads(doc, md), "maxDigits");
        }
        assertThat(((dev.retort.sql.ClauseElement) QuerySerializer.loads(json.getBytes(StandardCharsets.UTF_8), md)).compare(query)).isTrue();
    }

    /**
     * A domain payload of neither 3 fields (before 1.12) nor 11, or an enum name of neither one
     * part nor three: before, the options were dropped without a word, so a cast to
     * {@code app.code} loaded as one to {@code code} of whatever schema the connection searches.
     */
    @Test
    void aDomainOrEnumPayloadWithSomeOptionsMissingIsRefused() {
        var domain = Types.domain("code", Types.INTEGER).schema("app");
        String json = new String(QuerySerializer.dumps(select(cast(users.c("id"), domain)), Protocol.JSON), StandardCharsets.UTF_8);
        String options = field("app") + field("") + field("") + field("") + field("") + field("") + field("") + field("");
        assertThat(json).contains(options);
        byte[] cut = json.replace(options, field("app")).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(cut, md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("retort.domain").hasMessageContaining("or 11, got 4");
        var mood = Types.enumOf("mood", "sad", "ok").schema("app");
        String e = new String(QuerySerializer.dumps(select(cast(users.c("name"), mood)), Protocol.JSON), StandardCharsets.UTF_8);
        // The name field: "mood", NUL, the schema, NUL, the create-type flag (JSON spells NUL \u0000).
        String name = "9:mood\\u0000app\\u0000";
        assertThat(e).contains(name);
        byte[] two = e.replace(name, "8:mood\\u0000app").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QuerySerializer.loads(two, md)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("retort.enum").hasMessageContaining("three (name, schema, create-type) or six (and length, native, create-constraint), got 2");
    }
    /**
     * A flag given as anything but a boolean is refused naming the node and the flag. Before, a
     * flag read as {@code Boolean.TRUE.equals(v)} took "yes" or 1 as false (a lightweight column's
     * "literal", a postfix operator written as a prefix one), and a cast one failed naming neither.
     */
    @Test
    void aFlagThatIsNotABooleanIsRefusedNamingNodeAndAttribute() {
        var t = table("t", column("x"));
        var query = select(users.c("name"), users.c("id").postfixOp(dev.retort.sql.CustomOperator.of("!")), t.c("x")).selectFrom(users)
                .distinct().orderBy(users.c("id")).fetch(dev.retort.sql.Fetch.first(3).withTies());
        String json = new String(QuerySerializer.dumps(query, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(QuerySerializer.loads(json.getBytes(StandardCharsets.UTF_8), md)).isNotNull();
        for (String flag : new String[] {"distinct", "withTies", "percent", "postfix", "unique", "literal"}) {
            for (String wrong : new String[] {"\"yes\"", "{\"int\" : 1}", "{\"int\" : 0}", "\"false\"", "[ ]"}) {
                String bad = json.replaceFirst("\"" + flag + "\" : (true|false)", "\"" + flag + "\" : " + wrong);
                assertThat(bad).as(flag).isNotEqualTo(json);
                assertThatThrownBy(() -> QuerySerializer.loads(bad.getBytes(StandardCharsets.UTF_8), md)).as(flag + " " + wrong)
                        .isInstanceOf(SerializationException.class).hasMessageContaining("'" + flag + "'").hasMessageContaining("must be a boolean");
            }
        }
        String lateral = new String(QuerySerializer.dumps(select(func("generate_series", 1, 3).tableValued("n").lateral()), Protocol.JSON),
                StandardCharsets.UTF_8).replaceFirst("\"lateral\" : true", "\"lateral\" : \"no\"");
        assertThat(lateral).contains("\"lateral\" : \"no\"");
        assertThatThrownBy(() -> QuerySerializer.loads(lateral.getBytes(StandardCharsets.UTF_8), md)).as("a flag written only when set")
                .isInstanceOf(SerializationException.class).hasMessageContaining("'lateral' of 'table_valued_alias' must be a boolean");
        String missing = json.replaceFirst("\"postfix\" : (true|false),", "");
        assertThatThrownBy(() -> QuerySerializer.loads(missing.getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'postfix'");
    }

    /**
     * Loader criteria given a "lambda" or a "root" (which the serializer never writes: neither is
     * serializable) are refused naming it; they loaded as criteria without them.
     */
    @Test
    void loaderCriteriaWithALambdaOrRootAreRefused() {
        java.util.Objects.requireNonNull(SerializerFuzzTest.ORM_REGISTRY, "FuzzUser and FuzzOrder mapped");
        var ref = dev.retort.orm.ORM.attr(SerializerFuzzTest.FuzzOrder.class, "ref");
        var q = dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class)
                .options(dev.retort.orm.ORM.withLoaderCriteria(SerializerFuzzTest.FuzzOrder.class, ref.isNotNull()));
        String json = new String(QuerySerializer.dumps(q, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(((dev.retort.orm.Query<?>) QuerySerializer.loads(json.getBytes(StandardCharsets.UTF_8), SerializerFuzzTest.MD)).compare(q)).isTrue();
        for (String attr : new String[] {"lambda", "root"}) {
            String bad = json.replace("\"" + attr + "\" : null", "\"" + attr + "\" : \"java.lang.Runtime\"");
            assertThat(bad).isNotEqualTo(json);
            assertThatThrownBy(() -> QuerySerializer.loads(bad.getBytes(StandardCharsets.UTF_8), SerializerFuzzTest.MD)).as(attr)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("orm_loader_criteria").hasMessageContaining("'" + attr + "'");
        }
    }

    /**
     * Flags left out at a default of true (autoCorrelate) and the ORM's flags: the declaration
     * ({@code Attr.flag}) checks them like any other.
     */
    @Test
    void flagsOmittedAtTrueAndTheOrmsFlagsAreCheckedToo() {
        var orders = new Table("orders", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("user_id", Types.INTEGER));
        var query = select(users.c("name"), select(orders.c("id")).where(orders.c("user_id").eq(users.c("id"))).correlate().scalarSubquery());
        String json = new String(QuerySerializer.dumps(query, Protocol.JSON), StandardCharsets.UTF_8);
        assertThat(json).contains("\"autoCorrelate\" : false");
        String bad = json.replace("\"autoCorrelate\" : false", "\"autoCorrelate\" : \"no\"");
        assertThatThrownBy(() -> QuerySerializer.loads(bad.getBytes(StandardCharsets.UTF_8), md))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'autoCorrelate' of 'select' must be a boolean");
        java.util.Objects.requireNonNull(SerializerFuzzTest.ORM_REGISTRY, "FuzzUser and FuzzOrder mapped");
        var born = dev.retort.orm.ORM.attr(SerializerFuzzTest.FuzzUser.class, "born");
        var q = dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).options(dev.retort.orm.ORM.defer(born, true));
        String orm = new String(QuerySerializer.dumps(q, Protocol.JSON), StandardCharsets.UTF_8);
        for (String flag : new String[] {"raiseload", "distinct"}) {
            String wrong = orm.replaceFirst("\"" + flag + "\" : (true|false)", "\"" + flag + "\" : { \"int\" : 1 }");
            assertThat(wrong).as(flag).isNotEqualTo(orm);
            assertThatThrownBy(() -> QuerySerializer.loads(wrong.getBytes(StandardCharsets.UTF_8), SerializerFuzzTest.MD)).as(flag)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("'" + flag + "'").hasMessageContaining("must be a boolean");
        }
    }

    /** SQL that ends whatever context it is written in: quoted as a name or a literal, one of its quotes is doubled. */
    static final String INJECTED = "x\" ') ; SELECT pg_sleep(5) --";

    /**
     * Every string a document's nodes hold as an attribute, replaced by {@link #INJECTED}, is
     * refused when loaded or compiled, or written quoted: never verbatim in the SQL of any dialect,
     * unless it is raw SQL of a kind that says so (text(), a custom operator), which
     * {@code allowRawSql(false)} refuses. (A loaded window's {@code exclude} was written as given.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1.14.json", "orm"})
    void noStringAttributeReachesTheSqlVerbatim(String source) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        byte[] doc;
        if (source.equals("orm")) {
            java.util.Objects.requireNonNull(SerializerFuzzTest.ORM_REGISTRY, "FuzzUser and FuzzOrder mapped");
            var user = SerializerFuzzTest.FuzzUser.class;
            var ref = dev.retort.orm.ORM.attr(SerializerFuzzTest.FuzzOrder.class, "ref");
            doc = QuerySerializer.dumps(dev.retort.orm.ORM.select(user).options(dev.retort.orm.ORM.undeferGroup("g"),
                    dev.retort.orm.ORM.selectinLoad(dev.retort.orm.ORM.attr(user, "orders").and(ref.isNotNull())),
                    dev.retort.orm.ORM.withLoaderCriteria(SerializerFuzzTest.FuzzOrder.class, ref.isNotNull())), Protocol.JSON);
        } else {
            doc = FormatFixtureTest.fixture(source);
        }
        var tree = json.readTree(doc);
        var dialects = java.util.List.of(dev.retort.dialect.Dialects.defaultDialect(), dev.retort.dialect.Dialects.postgresql(),
                dev.retort.dialect.Dialects.mysql(), dev.retort.dialect.Dialects.sqlite());
        int strings = textAttributes(tree, -1);
        int written = 0;
        assertThat(strings).isPositive();
        for (int k = 0; k < strings; k++) {
            var copy = tree.deepCopy();
            textAttributes(copy, k);
            dev.retort.sql.ClauseElement loaded;
            try {
                loaded = (dev.retort.sql.ClauseElement) QuerySerializer.loads(json.writeValueAsBytes(copy), SerializerFuzzTest.MD);
            } catch (SerializationException refused) {
                continue;
            }
            if (inRawSql(loaded)) {
                continue;
            }
            for (var d : dialects) {
                String sql;
                try {
                    sql = loaded.compile(d).string();
                } catch (dev.retort.exc.CompileException | dev.retort.exc.ArgumentException refused) {
                    continue;
                }
                written++;
                assertThat(sql).as("string attribute " + k + " on " + d.name()).doesNotContain(INJECTED);
            }
        }
        assertThat(written).as("some strings are written, quoted").isPositive();
    }

    /** Whether a node that is raw SQL ({@code Traversal.rawSql}) holds {@link #INJECTED} as an attribute. */
    private static boolean inRawSql(dev.retort.sql.ClauseElement root) {
        java.util.Deque<dev.retort.sql.ClauseElement> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
        while (!todo.isEmpty()) {
            var e = todo.pop();
            if (dev.retort.sql.Traversal.rawSql(e) != null && java.util.Arrays.asList(e.declaration().values(e)).contains(INJECTED)) {
                return true;
            }
            e.getChildren().forEach(todo::push);
        }
        return false;
    }

    /** How many attributes of {@code node}'s tree are a JSON string; the one at {@code replace} (counting from 0) becomes {@link #INJECTED}. */
    private static int textAttributes(com.fasterxml.jackson.databind.JsonNode node, int replace) {
        int[] seen = {0};
        visitTextAttributes(node, replace, seen);
        return seen[0];
    }

    private static void visitTextAttributes(com.fasterxml.jackson.databind.JsonNode node, int replace, int[] seen) {
        if (node.isObject() && node.get("attrs") instanceof com.fasterxml.jackson.databind.node.ObjectNode attrs) {
            java.util.List<String> names = new java.util.ArrayList<>();
            attrs.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (attrs.get(name).isTextual() && seen[0]++ == replace) {
                    attrs.put(name, INJECTED);
                }
            }
        }
        for (var child : node) {
            visitTextAttributes(child, replace, seen);
        }
    }

    /**
     * A node refused by its constructor, which quotes what it was given, says so in a bounded
     * message: a megabyte attribute key or window exclusion made a megabyte message.
     */
    @Test
    void aRefusalQuotingAHugeStringStaysShort() {
        java.util.Objects.requireNonNull(SerializerFuzzTest.ORM_REGISTRY, "FuzzUser and FuzzOrder mapped");
        String big = "x".repeat(1_000_000);
        var u = FormatFixtureTest.USERS;
        String over = new String(QuerySerializer.dumps(select(func("sum", u.c("id")).over().orderBy(u.c("id")).rows(null, 0).exclude("TIES")),
                Protocol.JSON), StandardCharsets.UTF_8).replace("\"exclude\" : \"TIES\"", "\"exclude\" : \"" + big + "\"");
        var born = dev.retort.orm.ORM.attr(SerializerFuzzTest.FuzzUser.class, "born");
        String key = new String(QuerySerializer.dumps(dev.retort.orm.ORM.select(SerializerFuzzTest.FuzzUser.class).options(dev.retort.orm.ORM.defer(born)),
                Protocol.JSON), StandardCharsets.UTF_8).replace("\"key\" : \"born\"", "\"key\" : \"" + big + "\"");
        for (var e : Map.of("over", over, "orm_attribute", key).entrySet()) {
            assertThat(e.getValue()).contains(big);
            assertThatThrownBy(() -> QuerySerializer.loads(e.getValue().getBytes(StandardCharsets.UTF_8), SerializerFuzzTest.MD)).as(e.getKey())
                    .isInstanceOf(SerializationException.class).hasMessageContaining("node '" + e.getKey() + "'")
                    .hasMessageContaining("(1000")
                    .satisfies(x -> assertThat(x.getMessage().length()).isLessThan(1_200));
        }
    }

    /**
     * A loaded window whose frame is inconsistent (a frame unit without a bound kind, a PRECEDING
     * bound without its distance, bound kinds without a frame unit) is refused by name: a null
     * bound kind was a NullPointerException when the query compiled (found by fuzzing), a missing
     * distance another, and kinds without a unit were silently dropped.
     */
    @ParameterizedTest
    @ValueSource(strings = {"startKind", "endKind", "startOffset", "frameUnit"})
    void aWindowFrameMissingAPartIsRefusedByName(String attribute) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var u = FormatFixtureTest.USERS;
        var tree = json.readTree(QuerySerializer.dumps(select(func("sum", u.c("id")).over().orderBy(u.c("id")).rows(-2, 0)), Protocol.JSON));
        var attrs = (com.fasterxml.jackson.databind.node.ObjectNode) tree.findParent("frameUnit");
        assertThat(attrs.get(attribute).isNull()).as(attribute + " set in the dump").isFalse();
        attrs.putNull(attribute);
        byte[] doc = json.writeValueAsBytes(tree);
        assertThatThrownBy(() -> QuerySerializer.loads(doc, SerializerFuzzTest.MD)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("node 'over'").hasMessageContaining(attribute);
    }

    /** The fuzz seed of the crash: a ROWS frame whose start kind is null. */
    @Test
    void theFuzzSeedOfANullFrameBoundIsRefused() throws Exception {
        byte[] seed;
        try (var in = HostileInputTest.class.getResourceAsStream("SerializerFuzzTestInputs/loads/crash-over-null-frame-bound.json")) {
            seed = java.util.Objects.requireNonNull(in, "seed present").readAllBytes();
        }
        SerializerFuzzTest.check(seed);
        assertThatThrownBy(() -> QuerySerializer.loads(seed, SerializerFuzzTest.MD)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("node 'over'").hasMessageContaining("startKind");
    }
}
