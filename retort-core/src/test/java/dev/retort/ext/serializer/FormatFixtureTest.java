package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CTE;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.ForUpdate;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Select;
import dev.retort.sql.TextualSelect;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every released format version must keep loading. The fixtures in
 * src/test/resources/serializer-fixtures were written by the Retort that introduced each
 * version and are frozen: SHA256SUMS beside them records each file's checksum, a test holds
 * every file to it, and {@link #main} (run once when a new format version ships) only adds
 * files, never overwrites one. Compatibility with a version means loading its committed fixture.
 */
class FormatFixtureTest {
    static final MetaData MD = addTables(new MetaData());
    static final Table USERS = MD.tables().get("users");
    static final Table ORDERS = MD.tables().get("orders");
    /** Since 1.3: a table of the rich types. */
    static final Table ITEMS = MD.tables().get("items");

    /**
     * Adds the fixtures' tables (users, orders and, since 1.3, items) to {@code metadata}: MD, and
     * the fuzz test's own MetaData, which adds hierarchies the fixtures were written without.
     */
    static MetaData addTables(MetaData metadata) {
        new Table("users", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)),
                Column.of("born", Types.DATE),
                Column.of("score", Types.numeric(10, 2).withVariant(Types.numeric(12, 2), "sqlite")));
        new Table("orders", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).foreignKey("users.id"),
                Column.of("ref", Types.UUID),
                Column.of("at", Types.TIMESTAMP));
        new Table("items", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("color", Types.enumOf("color", "RED", "GREEN")),
                Column.of("tags", Types.array(Types.string(20))),
                Column.of("yr", Types.domain("year", Types.INTEGER, "CHECK (VALUE > 0)")),
                Column.of("fts", Types.named("postgresql", "tsvector")),
                Column.of("took", Types.INTERVAL),
                Column.of("doc", Types.JSONB));
        return metadata;
    }

    /** The types and values 1.3 added. */
    static ClauseElement richTypesStatement() {
        return select(ITEMS).where(ITEMS.c("took").gt(java.time.Duration.ofMinutes(90)), ITEMS.c("color").eq("RED"),
                cast(ITEMS.c("yr"), Types.domain("year", Types.INTEGER, null)).isNotNull(), ITEMS.c("doc").isNotNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.3-types.bin", "v1.3-types.json"})
    void richTypesStillLoad(String fixture) throws IOException {
        byte[] data = fixture(fixture);
        ClauseElement expected = richTypesStatement();
        ClauseElement loaded = (ClauseElement) QuerySerializer.loads(data, MD);
        assertThat(loaded.compare(expected)).isTrue();
        assertThat(loaded.compile(dev.retort.dialect.Dialects.postgresql()).string()).isEqualTo(expected.compile(dev.retort.dialect.Dialects.postgresql()).string());
        assertThat(loaded.compile().params()).usingRecursiveComparison().isEqualTo(expected.compile().params());
    }

    /**
     * {@code count(arg)} typed INTEGER, as the fixtures recorded it: count(), and sum() of an
     * INTEGER, are typed BIGINT since 1.20, and a fixture keeps the type it was written with.
     */
    private static FunctionCall<Integer> recordedCount(Object arg) {
        return func("count", arg).returning(Types.INTEGER);
    }

    /** One statement touching every node kind and value type the format has. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ClauseElement statement() {
        CTE totals = select(ORDERS.c("user_id"), recordedCount(ORDERS.c("id")).label("n")).groupBy(ORDERS.c("user_id")).cte("totals");
        var sub = select(USERS.c("id"), USERS.c("name")).where(USERS.c("born").lt(LocalDate.of(2000, 1, 1))).subquery("young");
        var t = table("light", column("a", Types.INTEGER), literalColumn("b"));
        var main = select(sub.c("name"), totals.c("n"),
                        caseWhen(totals.c("n").gt(2), "many").otherwise(literal("few")).label("k"),
                        cast(USERS.c("score"), Types.STRING),
                        func("max", USERS.c("id")).over().partitionBy(USERS.c("name")).orderBy(USERS.c("id")).rows(-2, 1),
                        func("sum", USERS.c("score")).over().orderBy(USERS.c("id")).range(null, 0),
                        func("min", USERS.c("id")).over().groups(0, null),
                        select(recordedCount(t.c("a"))).scalarSubquery().label("c"),
                        USERS.c("id").neg())
                .selectFrom(sub.join(totals, sub.c("id").eq(totals.c("user_id"))), USERS)
                .where(and(USERS.c("id").in(List.of(1, 2, 3)), or(USERS.c("name").like("a%"), not(USERS.c("score").between(new BigDecimal("1.50"), 9L)))),
                        exists(select(ORDERS.c("id")).where(ORDERS.c("user_id").eq(USERS.c("id")), ORDERS.c("ref").eq(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef")),
                                ORDERS.c("at").ge(OffsetDateTime.of(2024, 5, 6, 7, 8, 9, 0, ZoneOffset.ofHours(2))))),
                        text("1 = :one").bindparams(Map.of("one", 1)), USERS.c("name").isNotNull(), trueLiteral())
                .groupBy(sub.c("name")).having(recordedCount(USERS.c("id")).ge(bindparam("least", (short) 1)))
                .orderBy(desc(sub.c("name")), asc(totals.c("n"))).limit(10).offset(5).distinct();
        CompoundSelect u = unionAll(main, select(literal("x"), nullLiteral(), literal(2.5d), literal(new byte[] {1, 2}), literal(true), literal(3.5f),
                literal(Long.MAX_VALUE), literal(null), literal(false), USERS.c("name"), USERS.c("id"), USERS.c("born"), USERS.c("score"),
                // Typed as the fixtures of 1.0-1.2 recorded it: an Instant inferred no type before Instants bound as TIMESTAMP.
                literal(java.time.Instant.ofEpochSecond(7), (TypeEngine) Types.NULLTYPE), literal(new java.math.BigInteger("12345678901234567890"))));
        return u;
    }

    /**
     * Version 1.4's statement: the one above with the node kinds and attributes 1.4 added
     * (for_update, function_filter, select.forUpdate, cte.restates, the new operators).
     */
    static ClauseElement statement14() {
        CompoundSelect u = (CompoundSelect) statement();
        Select first = ((Select) u.selects().get(0))
                .where(USERS.c("id").isDistinctFrom(7), USERS.c("name").collate("NOCASE").eq("x"))
                .addColumns(recordedCount(USERS.c("name").distinct()).filter(USERS.c("id").gt(1)), USERS.c("id").floorDiv(2).div(3))
                .orderBy(USERS.c("born").desc().nullsFirst())
                .withForUpdate(ForUpdate.share().of(USERS).skipLocked());
        CTE walk = select(USERS.c("id"), USERS.c("name")).where(USERS.c("id").eq(1)).cteRecursive("walk");
        walk = walk.union(select(USERS.c("id"), USERS.c("name")).join(walk, USERS.c("id").eq(walk.c("id").add(1))));
        Select second = ((Select) u.selects().get(1)).addColumns(literal(1), select(recordedCount(walk.c("id"))).scalarSubquery());
        return unionAll(first, second);
    }

    /** Version 1.5's statement: 1.4's with the extract kind and the pattern-match operators. */
    static ClauseElement statement15() {
        CompoundSelect u = (CompoundSelect) statement14();
        Select first = ((Select) u.selects().get(0)).where(USERS.c("name").contains("a%", true), not(USERS.c("name").startsWith("b")),
                USERS.c("name").endsWith("_x", true), USERS.c("name").regexpMatch("^a"), extract("year", USERS.c("born")).gt(2000));
        return unionAll(first, (Select) u.selects().get(1));
    }

    /** Version 1.6's statement: 1.5's with the JSON and array operators 1.6 added. */
    static ClauseElement statement16() {
        CompoundSelect u = (CompoundSelect) statement15();
        Select first = ((Select) u.selects().get(0)).where(exists(select(ITEMS.c("id")).where(
                ITEMS.c("doc").itemText("a").eq("x"), ITEMS.c("doc").item(0).isNotNull(), ITEMS.c("tags").item(1).eq("t"),
                ITEMS.c("tags").contains(List.of("t")), ITEMS.c("tags").containedBy(List.of("t", "u")), ITEMS.c("tags").overlap(List.of("u")),
                ITEMS.c("tags").anyEq("t"), ITEMS.c("tags").allEq("t"))));
        return unionAll(first, (Select) u.selects().get(1));
    }

    /**
     * Version 1.7's statement: an upsert (insert.onConflict, on_conflict with a partial-index
     * target, excluded columns and an update WHERE) from a SELECT with 1.7's JSON paths, typed
     * JSON elements, array slices and a JSON document value, whose WHERE holds 1.6's statement.
     */
    static ClauseElement statement17() {
        Select source = select(ITEMS.c("id"), ITEMS.c("doc")).where(ITEMS.c("doc").path("a", 1).isNotNull(), ITEMS.c("doc").pathText("b").eq("x"),
                ITEMS.c("doc").item("n").asInteger().gt(3), ITEMS.c("tags").slice(1, 2).isNotNull(), ITEMS.c("doc").contains(Map.of("k", List.of(1, "two"))),
                exists((CompoundSelect) statement16()));
        return insert(ITEMS).fromSelect(List.of("id", "doc"), source).onConflictDoUpdate(
                dev.retort.sql.ConflictTarget.of(ITEMS.c("id")).where(ITEMS.c("id").gt(0)),
                Map.of("doc", excluded(ITEMS).c("doc")), ITEMS.c("id").lt(100));
    }

    /**
     * Version 1.8's statement: the SQL-breadth kinds and attributes (custom and bitwise operators,
     * a tuple IN list, FETCH FIRST, DISTINCT ON, WITHIN GROUP, LATERAL, VALUES, a typed textual
     * SELECT), with 1.6's statement in a NOT EXISTS.
     */
    static ClauseElement statement18() {
        dev.retort.sql.Alias v = values(column("id", Types.INTEGER), column("label", Types.STRING))
                .data(List.of(List.of(1, "one"), List.of(2, "two"))).alias("v");
        dev.retort.sql.Lateral last = select(ORDERS.c("at")).where(ORDERS.c("user_id").eq(USERS.c("id")))
                .orderBy(ORDERS.c("at").desc()).fetch(dev.retort.sql.Fetch.first(1).withTies()).lateral("last_order");
        dev.retort.sql.Alias named = text("SELECT id, name FROM users WHERE id > :low").bindparams(Map.of("low", 0))
                .columns(column("id", Types.INTEGER), column("name", Types.STRING)).subquery("named");
        return select(USERS.c("id").bitwiseAnd(6).bitwiseXor(1), USERS.c("id").bitwiseNot(), USERS.c("name").boolOp("@@", "q"),
                USERS.c("id").op(dev.retort.sql.CustomOperator.of("<->").precedence(7).returnType(Types.DOUBLE), 3),
                func("percentile_cont", 0.5).withinGroup(USERS.c("score").desc()), last.c("at"), v.c("label"), named.c("name"))
                .selectFrom(USERS.join(last, trueLiteral()).join(v, v.c("id").eq(USERS.c("id"))).join(named, named.c("id").eq(USERS.c("id"))))
                .where(tuple(USERS.c("id"), USERS.c("name")).in(List.of(List.of(1, "a"), List.of(2, "b"))),
                        tuple(USERS.c("id"), USERS.c("name")).gt(List.of(0, "")), not(exists((CompoundSelect) statement16())))
                .distinctOn(USERS.c("id")).orderBy(USERS.c("id"), dev.retort.sql.SQL.labelReference("name")).offset(1).fetch(5);
    }

    /**
     * Version 1.9's statement: the binary attributes escape and flags and the operators of
     * SQLAlchemy's compiler suite (case-insensitive pattern matches, BETWEEN SYMMETRIC, MATCH,
     * REGEXP_REPLACE with flags, IS against a value), the kinds custom_unary_op and text_from,
     * function.packageNames, with 1.8's statement in an EXISTS.
     */
    static ClauseElement statement19() {
        CTE nested = select(ORDERS.c("id")).where(ORDERS.c("ref").isNotNull()).cte("recent").nesting();
        CTE deleted = delete(ITEMS).using(ORDERS).where(ITEMS.c("id").eq(ORDERS.c("id")))
                .returning(ITEMS.c("id")).cte("gone");
        return select(USERS.c("id"), USERS.c("name").regexpReplace("a+", "b", "g"), USERS.c("id").postfixOp(dev.retort.sql.CustomOperator.of("!")),
                USERS.c("id").prefixOp(dev.retort.sql.CustomOperator.of("|/").precedence(7)), func("lower", USERS.c("name")).inPackage("pg_catalog"))
                .selectFrom(text("generate_series(1, :n) AS g").bindparams(Map.of("n", 3)))
                .where(USERS.c("name").like("50^%", "^"), not(USERS.c("name").ilike("x\\_", "\\")),
                        USERS.c("name").icontains("5%", true), USERS.c("name").istartsWith("a^b", true, "^"), not(USERS.c("name").iendsWith("z", "/")),
                        USERS.c("name").regexpMatch("^a", "i"), not(USERS.c("name").regexpMatch("^b", "ig")),
                        USERS.c("id").between(10, 1, true), USERS.c("name").match("word"), USERS.c("name").match("w", dev.retort.sql.MatchModifier.QUERY_EXPANSION), USERS.c("id").isNot(USERS.c("score")),
                        exists((Select) statement18()),
                        exists(select(ORDERS.c("id")).where(ORDERS.c("user_id").eq(USERS.c("id"))).correlate(USERS)),
                        exists(select(ORDERS.c("id")).where(ORDERS.c("user_id").eq(USERS.c("id"))).correlateExcept(ORDERS)),
                        USERS.c("id").in(select(nested.c("id")).addNestedCte(nested)),
                        USERS.c("id").notIn(select(ORDERS.c("user_id")).correlate()))
                .addCte(deleted)
                .labelStyle(dev.retort.sql.LabelStyle.TABLENAME_PLUS_COL);
    }

    /**
     * Version 1.10's statement: ANY/ALL (operators ANY and ALL), a collation with a schema
     * (kind collation), an aggregate with ORDER BY (aggregate_order_by), a table-valued function
     * WITH ORDINALITY, typed derived columns and LATERAL (table_valued_alias, table_valued_column),
     * a field of a function's row (scalar_function_column), inline VALUES as a CTE (literalBinds),
     * unnamed VALUES, and an UPDATE of an alias as a CTE (target), with 1.9's statement in an EXISTS.
     */
    static ClauseElement statement110() {
        dev.retort.sql.TableValuedAlias each = func("jsonb_each", ITEMS.c("doc"))
                .tableValued("key", dev.retort.sql.SQL.column("value", Types.JSONB)).withOrdinality("n").renderDerived(true).lateral("kv");
        CTE pairs = dev.retort.sql.SQL.values(dev.retort.sql.SQL.column("k", Types.INTEGER), dev.retort.sql.SQL.column("v", Types.string(10)))
                .data(List.of(List.of(1, "a"), List.of(2, "b"))).literalBinds().cte("pairs");
        dev.retort.sql.UnnamedValues bare = dev.retort.sql.SQL.values(dev.retort.sql.SQL.column("u", Types.INTEGER))
                .data(List.of(List.of(7), List.of(8))).unnamed();
        dev.retort.sql.Alias o = ORDERS.alias("o");
        CTE touched = update(o).values(Map.of("ref", dev.retort.sql.SQL.literal(null))).where(o.c("id").eq(5)).returning(o.c("id")).cte("touched");
        return select(ITEMS.c("id"), each.c("key"), func("array_agg", USERS.c("name")).aggregateOrderBy(USERS.c("born").desc()),
                func("generate_series", 1, 3).columnValued("g"), func("jsonb_each", ITEMS.c("doc")).scalarTableValued("value"),
                pairs.c("v"), USERS.c("name").collate("en_US", "pg_catalog"))
                .selectFrom(ITEMS.join(each, dev.retort.sql.SQL.trueLiteral()))
                .where(dev.retort.sql.SQL.any(ITEMS.c("tags")).eq("red"), dev.retort.sql.SQL.all(select(ORDERS.c("user_id")).scalarSubquery()).lt(USERS.c("id")),
                        USERS.c("id").in(select(bare.c("u")).selectFrom(bare)), pairs.c("k").eq(USERS.c("id")),
                        exists((Select) statement19()))
                .groupBy(ITEMS.c("id"))
                .addCte(touched);
    }

    /**
     * Version 1.11's statement: prefixes and suffixes of a SELECT and a CTE (kind prefix), a
     * literal-execute parameter, IN against an expanding named parameter, LIMIT of an expression,
     * ORDER BY of an order_by_list and a type_coerce, with 1.10's statement in an EXISTS.
     */
    static ClauseElement statement111() {
        CTE recent = select(ORDERS.c("user_id")).where(ORDERS.c("id").gt(bindparam("floor", 10).literalExecute()))
                .cte("recent").prefixWith("MATERIALIZED");
        return select(USERS.c("id"), typeCoerce(USERS.c("name"), Types.STRING).label("coerced"))
                .prefixWithDialect("mysql", "HIGH_PRIORITY").prefixWith("/* report */")
                .where(USERS.c("id").in(bindparam("ids", List.of(1, 2)).expanding()), USERS.c("id").in(select(recent.c("user_id"))),
                        exists((Select) statement110()))
                .orderBy(orderByList(USERS.c("name"), USERS.c("id")))
                .limit(bindparam("lim", 5))
                .suffixWith("/* end */")
                .addCte(recent);
    }

    /**
     * Version 1.12's statement: a custom operator with its grouping options and visit name, a
     * sequence's next value (next_value), an ARRAY literal (array_literal), IN against VALUES as a
     * column (scalar_values), a range parameter, casts to a domain with options and to an enum in a
     * schema, with 1.11's statement in an EXISTS.
     */
    static ClauseElement statement112() {
        dev.retort.sql.CustomOperator distance = dev.retort.sql.CustomOperator.of("<->")
                .naturalSelfPrecedent(true).eagerGrouping(true).visitName("distance");
        dev.retort.sql.ScalarValues<Integer> small = dev.retort.sql.SQL.values(dev.retort.sql.SQL.column("v", Types.INTEGER))
                .data(List.of(List.of(1), List.of(2))).scalarValues();
        return select(USERS.c("id"), new dev.retort.schema.Sequence("user_seq").nextValue().label("next_id"),
                array(1, 2, 3).label("arr"),
                bindparam("during", dev.retort.types.Range.of(1, 5), Types.INT4RANGE).label("during"),
                cast(USERS.c("id"), Types.domain("positive", Types.INTEGER).schema("app").notNull(true).check("VALUE > 0")).label("d"),
                cast(USERS.c("name"), Types.enumOf("mood", "HAPPY", "SAD").schema("app")).label("m"))
                .where(USERS.c("id").<Integer>op(distance, ORDERS.c("id")).gt(1), USERS.c("id").in(small),
                        exists((Select) statement111()));
    }

    /**
     * Version 1.13's statement: casts to MySQL types with their options (codec retort.mysql), to an
     * enum with its non-native options and to a two-dimensional, zero-indexed array, with 1.12's
     * statement in an EXISTS.
     */
    static ClauseElement statement113() {
        return select(USERS.c("id"),
                cast(USERS.c("id"), dev.retort.types.MysqlTypes.INTEGER.displayWidth(10).unsigned()).label("u"),
                cast(USERS.c("name"), dev.retort.types.MysqlTypes.VARCHAR.length(40).charset("utf8mb4").collate("utf8mb4_bin")).label("v"),
                cast(USERS.c("name"), Types.enumOf("state", "ON", "OFF").nativeEnum(false).length(8).createConstraint(true)).label("s"),
                cast(USERS.c("id"), Types.array(Types.INTEGER).dimensions(2).zeroIndexes(true)).label("g"))
                .where(exists((Select) statement112()));
    }

    /**
     * Version 1.14's statement: a cast to a BOOLEAN with its CHECK (codec retort.checked_boolean), a
     * window frame's EXCLUDE, a textual SELECT with a CTE of its own and a MATCH with PostgreSQL's
     * text search configuration, with 1.13's statement in an EXISTS.
     */
    static ClauseElement statement114() {
        TextualSelect recent = text("SELECT id FROM recent_orders").columns(ORDERS.c("id"))
                .addCte(select(ORDERS.c("id")).where(ORDERS.c("id").gt(10)).cte("recent_orders"));
        return select(USERS.c("id"),
                cast(USERS.c("id"), Types.checkedBoolean("ck_flag")).label("b"),
                func("sum", USERS.c("id")).returning(Types.INTEGER).over().orderBy(USERS.c("id")).rows(-1, 1).exclude("TIES").label("w"))
                .where(USERS.c("id").in(select(recent.subquery("r").c("id"))), USERS.c("name").match("cats", null, "english"),
                        exists((Select) statement113()));
    }

    /** 1.15's kinds and attributes: hints, a quoted function name and a function as a FROM without an alias. */
    static ClauseElement statement115() {
        return select(USERS.c("id"), func("NotMyFunc", USERS.c("id")).quoted().label("q"))
                .selectFrom(func("generate_series", 1, 3))
                .withHint(USERS, "USE INDEX (ix_users_name)", "mysql")
                .withStatementHint("SQL_NO_CACHE", "mysql")
                .where(exists((Select) statement114()));
    }

    /**
     * 1.16's attributes: a named VALUES (an unnamed CTE named after it), a function as a comparison
     * of two of its arguments and casts to a timestamp and a float of given precision.
     */
    static ClauseElement statement116() {
        CTE rows = values(column("a", Types.STRING), column("b", Types.INTEGER)).named("some name")
                .data(List.of(List.of("x", 2))).cte();
        return select(USERS.c("id"), cast(USERS.c("name"), Types.timestamp(3)).label("t"),
                cast(USERS.c("id"), Types.floatType(24)).label("f"), rows.c("a"))
                .where(func("my_compare", USERS.c("id"), rows.c("b")).asComparison(1, 2), exists((Select) statement115()));
    }

    /** 1.17's type kind: a cast to a time with time zone of given precision. */
    static ClauseElement statement117() {
        return select(USERS.c("id"), cast(USERS.c("name"), Types.timetz(3)).label("tz"))
                .where(exists((Select) statement116()));
    }

    /**
     * 1.18's attributes and type payloads: a simple CASE ({@code case.value}), a VALUES with a CTE of
     * its own ({@code values.addedCtes}) and a cast to a binary type of given length.
     */
    static ClauseElement statement118() {
        dev.retort.sql.Values named = values(column("a", Types.STRING)).named("v").data(List.of(List.of("x")))
                .addCte(select(USERS.c("id")).where(USERS.c("id").gt(3)).cte("big_ids"));
        return select(USERS.c("id"), caseOf(USERS.c("id")).when(1, "one").when(2, "two").otherwise("many").label("n"),
                cast(USERS.c("name"), Types.largeBinary(10)).label("lb"), named.alias("v").c("a"))
                .where(exists((Select) statement117()));
    }

    /** 1.19's node kind: a sampled table with a seed ({@code tablesample}). */
    static ClauseElement statement119() {
        dev.retort.sql.TableSample sampled = USERS.tablesample(func("bernoulli", 10), "u_sample", func("random"));
        return select(sampled.c("id")).where(exists((Select) statement118()));
    }

    /**
     * The format version under development, whose fixtures {@link #main} writes when it ships
     * (then this becomes -1); every earlier version must have its fixtures.
     */
    static final int UNRELEASED_MINOR = -1;

    /** The statement a fixture of {@code minor} holds. */
    static ClauseElement statementOf(int minor) {
        return minor >= 19 ? statement119() : minor >= 18 ? statement118() : minor >= 17 ? statement117() : minor >= 16 ? statement116() : minor >= 15 ? statement115() : minor >= 14 ? statement114() : minor >= 13 ? statement113() : minor >= 12 ? statement112() : minor >= 11 ? statement111() : minor >= 10 ? statement110() : minor >= 9 ? statement19() : minor >= 8 ? statement18() : minor >= 7 ? statement17() : minor >= 6 ? statement16() : minor >= 5 ? statement15() : minor >= 4 ? statement14() : statement();
    }

    static final String SUMS = "SHA256SUMS";

    /** The fixtures by name with their recorded SHA-256 (hex), in the order of SHA256SUMS. */
    static Map<String, String> recordedChecksums() throws IOException {
        Map<String, String> sums = new java.util.LinkedHashMap<>();
        for (String line : new String(fixture(SUMS), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+\\*?", 2);
                sums.put(parts[1], parts[0]);
            }
        }
        return sums;
    }

    /** The fixtures of {@link #statement()}; the {@code -types} ones hold {@link #richTypesStatement()}. */
    static List<String> fixtures() throws IOException {
        return recordedChecksums().keySet().stream().filter(f -> !f.contains("-types")).toList();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = FormatFixtureTest.class.getResourceAsStream("/serializer-fixtures/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    @Test
    void committedFixturesNeverChange() throws IOException {
        Map<String, String> sums = recordedChecksums();
        int released = BinaryFormat.MINOR == UNRELEASED_MINOR ? BinaryFormat.MINOR - 1 : BinaryFormat.MINOR;
        for (int minor = 0; minor <= released; minor++) {
            assertThat(sums.keySet()).as("a fixture per released version and protocol")
                    .contains("v" + BinaryFormat.MAJOR + "." + minor + ".bin", "v" + BinaryFormat.MAJOR + "." + minor + ".json");
        }
        assertThat(sums.keySet()).as("version 1." + UNRELEASED_MINOR + " has fixtures: it shipped, so UNRELEASED_MINOR must become -1")
                .doesNotContain("v" + BinaryFormat.MAJOR + "." + UNRELEASED_MINOR + ".bin");
        for (Map.Entry<String, String> e : sums.entrySet()) {
            assertThat(sha256(fixture(e.getKey()))).as(e.getKey() + " changed; fixtures are frozen: add a new version instead").isEqualTo(e.getValue());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void releasedVersionsStillLoad(String fixture) throws IOException {
        byte[] data = fixture(fixture);
        int minor = Integer.parseInt(fixture.replaceAll("^v1\\.(\\d+).*", "$1"));
        ClauseElement expected = statementOf(minor);
        ClauseElement loaded = (ClauseElement) QuerySerializer.loads(data, MD);
        assertThat(loaded.compare(expected)).isTrue();
        // An upsert has no generic SQL: 1.7's statement compiles on PostgreSQL.
        var dialect = minor >= 7 ? dev.retort.dialect.Dialects.postgresql() : dev.retort.dialect.Dialects.defaultDialect();
        assertThat(loaded.compile(dialect).string()).isEqualTo(expected.compile(dialect).string());
        assertThat(loaded.compile(dialect).params()).usingRecursiveComparison().isEqualTo(expected.compile(dialect).params());
    }

    /**
     * A fixture of the current version dumps again byte for byte; an older one dumps to a
     * document (of the current version) that loads to the same tree and dumps again unchanged.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void fixturesDumpAgainTheSame(String fixture) throws IOException {
        byte[] data = fixture(fixture);
        Protocol p = fixture.endsWith(".json") ? Protocol.JSON : Protocol.BINARY;
        ClauseElement loaded = (ClauseElement) QuerySerializer.loads(data, MD);
        byte[] again = QuerySerializer.dumps(loaded, p);
        if (fixture.startsWith("v" + BinaryFormat.MAJOR + "." + BinaryFormat.MINOR + ".")) {
            assertThat(again).isEqualTo(data);
        }
        ClauseElement back = (ClauseElement) QuerySerializer.loads(again, MD);
        assertThat(back.compare(loaded)).isTrue();
        assertThat(QuerySerializer.dumps(back, p)).isEqualTo(again);
    }

    /**
     * Every attribute a loaded fixture holds as a boolean is declared a flag ({@code Attr.flag}), so
     * the loader checks it from the declaration: an undeclared one would read "yes" as false.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void everyBooleanAttributeIsDeclaredAFlag(String fixture) throws IOException {
        java.util.Deque<Object> todo = new java.util.ArrayDeque<>(List.of(QuerySerializer.loads(fixture(fixture), MD)));
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int flags = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof java.util.Collection<?> c) {
                c.stream().filter(java.util.Objects::nonNull).forEach(todo::push);
            } else if (o instanceof ClauseElement e && seen.add(e)) {
                var attrs = e.declaration().attrs();
                Object[] values = e.declaration().values(e);
                for (int i = 0; i < values.length; i++) {
                    if (values[i] instanceof Boolean && attrs.get(i).kind() == dev.retort.sql.Attr.Kind.STRUCT) {
                        assertThat(attrs.get(i).isFlag()).as(e.declaration().kind() + "." + attrs.get(i).name() + " is a flag").isTrue();
                        flags++;
                    } else if (values[i] != null) {
                        todo.push(values[i]);
                    }
                }
            }
        }
        assertThat(flags).as("the fixture holds flags").isPositive();
    }

    /** The current version's statement survives both protocols (what its fixtures will hold). */
    @ParameterizedTest
    @ValueSource(strings = {"BINARY", "JSON"})
    void currentStatementRoundTrips(String protocol) {
        ClauseElement current = statementOf(BinaryFormat.MINOR);
        ClauseElement loaded = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(current, Protocol.valueOf(protocol)), MD);
        assertThat(loaded.compare(current)).isTrue();
        var dialect = dev.retort.dialect.Dialects.postgresql();
        assertThat(loaded.compile(dialect).string()).isEqualTo(current.compile(dialect).string());
    }

    /** Writes the fixtures of the current version and records their checksums; an existing fixture is never overwritten. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "retort-core/src/test/resources/serializer-fixtures");
        String v = "v" + BinaryFormat.MAJOR + "." + BinaryFormat.MINOR;
        ClauseElement current = statementOf(BinaryFormat.MINOR);
        for (Map.Entry<String, byte[]> f : Map.of(v + ".bin", QuerySerializer.dumps(current),
                v + ".json", QuerySerializer.dumps(current, Protocol.JSON)).entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.writeString(dir.resolve(SUMS), sha256(f.getValue()) + "  " + f.getKey() + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
