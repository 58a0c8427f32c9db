package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.RenderingFixesTest.Schema;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL-breadth constructs (custom and bitwise operators, ...), each against the SQL
 * SQLAlchemy 2.1.1 gives for the same statement (tools/expect/sql_breadth.py wrote
 * sql-breadth-expected.json), run on the databases that have them, serialized and keyed.
 */
class SqlBreadthTest {
    /** Where Retort differs from SQLAlchemy on purpose, and why (checked by running it instead). */
    static final Map<String, String> ON_PURPOSE = new LinkedHashMap<>();
    /** Constructs a dialect's database lacks, refused with a CompileException naming the dialect (SQLAlchemy renders SQL the database rejects). */
    static final Map<String, String> REFUSED = new LinkedHashMap<>();
    static final List<String> LITERAL = List.of("tuple_in_literal");

    static {
        ON_PURPOSE.put("bitwise/sqlite", "SQLAlchemy's (a | b - a & b) means a | (b - a) & b on SQLite; Retort groups ((a | b) - (a & b))");
        for (String c : List.of("fetch", "fetch_offset", "fetch_replaces_limit", "fetch_compound")) {
            for (String d : List.of("sqlite", "mysql")) {
                ON_PURPOSE.put(c + "/" + d, "the database has no FETCH FIRST: ROWS ONLY is a LIMIT");
            }
        }
        ON_PURPOSE.put("distinct_on_two/default", "SQLAlchemy's string compiler writes the PostgreSQL extension with PostgreSQL's %(age_1)s::INTEGER");
        for (String d : List.of("sqlite", "mysql")) {
            REFUSED.put("fetch_ties/" + d, "FETCH FIRST ... WITH TIES is not supported by dialect " + d);
        }
        for (String d : List.of("postgresql", "sqlite", "mysql", "mariadb")) {
            REFUSED.put("fetch_percent/" + d, "FETCH FIRST ... PERCENT is not supported by dialect " + d);
        }
        for (String d : List.of("sqlite", "mysql")) {
            for (String c : List.of("within_group", "within_group_multi_desc", "within_group_over", "within_group_filter")) {
                REFUSED.put(c + "/" + d, "WITHIN GROUP is not supported by dialect " + d);
            }
        }
        // MySQL's own refusal comes first: it has no FILTER either
        REFUSED.put("within_group_filter/mysql", "An aggregate FILTER (WHERE ...) is not supported by dialect mysql");
        REFUSED.put("within_group_filter/mariadb", "An aggregate FILTER (WHERE ...) is not supported by dialect mariadb");
        for (String c : List.of("lateral_join", "lateral_outer_join", "lateral_from", "lateral_select_join")) {
            REFUSED.put(c + "/sqlite", "LATERAL is not supported by dialect sqlite");
            REFUSED.put(c + "/mariadb", "LATERAL is not supported by dialect mariadb");
        }
        for (String c : List.of("lateral_join", "lateral_outer_join", "lateral_select_join")) {
            ON_PURPOSE.put(c + "/mysql", "MySQL's JOIN ... ON true: SQLAlchemy writes ON true = 1, Retort ON true");
        }
        for (String c : List.of("values_select", "values_join", "values_where", "values_in")) {
            ON_PURPOSE.put(c + "/sqlite", "SQLite cannot name a derived table's columns: (SELECT column1 AS id, column2 AS label FROM (VALUES (?, ?), (?, ?))) AS v");
            ON_PURPOSE.put(c + "/mariadb", "MariaDB cannot name a derived table's columns: (SELECT ? AS id, ? AS label UNION ALL SELECT ?, ?) AS v");
            ON_PURPOSE.put(c + "/mysql", "MySQL's rows are VALUES ROW(?, ?), ...");
        }
        REFUSED.put("rollup/sqlite", "ROLLUP is not supported by dialect sqlite");
        for (String d : List.of("sqlite", "mysql", "mariadb")) {
            REFUSED.put("cube/" + d, "CUBE is not supported by dialect " + d);
            REFUSED.put("grouping_sets/" + d, "GROUPING SETS is not supported by dialect " + d);
            REFUSED.put("distinct_on/" + d, "DISTINCT ON is not supported by dialect " + d);
            REFUSED.put("distinct_on_two/" + d, "DISTINCT ON is not supported by dialect " + d);
        }
    }

    static final Map<String, Dialect> DIALECTS = RenderingFixesTest.dialects("default", "postgresql", "sqlite", "mysql", "mariadb");

    /** The cases of tools/expect/sql_breadth.py, built with Retort's API. */
    static final Map<String, Function<Schema, ClauseElement>> CASES = new LinkedHashMap<>();
    static {
        CASES.put("lateral_join", s -> {
            Lateral first = firstAddress(s);
            return select(s.u("name"), first.c("email")).selectFrom(s.users.join(first, trueLiteral()));
        });
        CASES.put("lateral_outer_join", s -> {
            Lateral first = firstAddress(s);
            return select(s.u("name"), first.c("email")).selectFrom(s.users.outerJoin(first, trueLiteral())).orderBy(s.u("id"));
        });
        // ON true names no table: the lone FROM clause is the join's left side
        CASES.put("lateral_select_join", s -> {
            Lateral first = firstAddress(s);
            return select(s.u("name"), first.c("email")).join(first, trueLiteral());
        });
        CASES.put("lateral_from", s -> {
            Lateral first = firstAddress(s);
            return select(s.u("name"), first.c("email")).selectFrom(s.users, first);
        });
        CASES.put("values_select", s -> select(numbered()));
        CASES.put("values_join", s -> {
            Alias v = numbered();
            return select(s.u("name"), v.c("label")).join(v, s.u("id").eq(v.c("id")));
        });
        CASES.put("values_where", s -> {
            Alias v = numbered();
            return select(v.c("id")).where(v.c("label").eq("two"));
        });
        CASES.put("values_in", s -> select(s.u("name")).where(s.u("id").in(
                select(values(column("x", Types.INTEGER)).data(List.of(List.of(1), List.of(3))).alias("w")))));
        CASES.put("textual_subquery", s -> {
            Alias t = textual().subquery("t");
            return select(t.c("name")).where(t.c("id").lt(4)).orderBy(t.c("id"));
        });
        CASES.put("textual_join", s -> {
            Alias t = textual().subquery("t");
            return select(s.u("age"), t.c("name")).join(t, s.u("id").eq(t.c("id")));
        });
        CASES.put("textual_in", s -> select(s.u("name")).where(s.u("id").in(text("SELECT user_id FROM addresses").columns(column("user_id", Types.INTEGER)))));
        CASES.put("textual_select", s -> textual());
        CASES.put("bitwise", s -> select(s.u("age").bitwiseAnd(6), s.u("age").bitwiseOr(s.u("id")), s.u("age").bitwiseXor(3), s.u("age").bitwiseNot(),
                s.u("age").bitwiseLShift(2), s.u("age").bitwiseRShift(1)));
        CASES.put("bitwise_grouping", s -> select(s.u("age").bitwiseAnd(6).add(1), s.u("age").add(1).bitwiseAnd(6), s.u("age").bitwiseAnd(6).bitwiseOr(1),
                s.u("age").mul(2).bitwiseAnd(6)).where(s.u("age").bitwiseAnd(4).eq(4)).where(not(s.u("id").bitwiseAnd(1))));
        CASES.put("custom_op", s -> select(s.u("age").op("&", 5), s.u("name").op("||", "x"), s.u("age").op("&", 5).add(1))
                .where(s.u("age").op("&", 4).ne(0)));
        CASES.put("bool_op", s -> select(s.u("id")).where(s.u("name").boolOp("LIKE", "a%")).where(not(s.u("name").boolOp("=", "x"))));
        CASES.put("custom_op_precedence", s -> select(s.u("age").op(CustomOperator.of("+").precedence(7), 1).op(CustomOperator.of("*").precedence(8), 2),
                s.u("age").add(1).op(CustomOperator.of("%%").precedence(15), 3),
                s.u("name").op(CustomOperator.of("||").precedence(5).returnType(Types.STRING), "x").concat("y")));
        CASES.put("tuple_in", s -> select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of(List.of(30, "ann"), List.of(7, "bob")))));
        CASES.put("tuple_not_in", s -> select(s.u("id")).where(tuple(s.u("age"), s.u("name")).notIn(List.of(List.of(30, "ann"), List.of(7, "bob")))));
        CASES.put("tuple_in_empty", s -> select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of())));
        CASES.put("tuple_in_select", s -> select(s.u("id")).where(tuple(s.u("id"), s.u("name"))
                .in(select(s.addresses.c("user_id"), s.addresses.c("email")))));
        CASES.put("tuple_compare", s -> select(s.u("id")).where(tuple(s.u("age"), s.u("name")).gt(List.of(7, "bob")))
                .where(tuple(s.u("id"), s.u("age")).ne(tuple(1, 2))));
        CASES.put("tuple_in_literal", CASES.get("tuple_in"));
        CASES.put("fetch", s -> select(s.u("id")).orderBy(s.u("age")).fetch(2));
        CASES.put("fetch_ties", s -> select(s.u("id")).orderBy(s.u("age")).fetch(Fetch.first(1).withTies()));
        CASES.put("fetch_percent", s -> select(s.u("id")).orderBy(s.u("age")).fetch(Fetch.first(50).percent()));
        CASES.put("fetch_offset", s -> select(s.u("id")).orderBy(s.u("id")).offset(1).fetch(2));
        CASES.put("fetch_replaces_limit", s -> select(s.u("id")).orderBy(s.u("id")).limit(3).fetch(2));
        CASES.put("limit_replaces_fetch", s -> select(s.u("id")).orderBy(s.u("id")).fetch(2).limit(3));
        CASES.put("fetch_compound", s -> union(select(s.u("id")), select(s.u("age"))).orderBy(literalColumn("id")).offset(1).fetch(2));
        CASES.put("within_group", s -> select(s.u("id"), func("percentile_cont", 0.5).withinGroup(s.u("age"))));
        CASES.put("within_group_multi_desc", s -> select(func("mode").withinGroup(s.u("name").desc(), s.u("id"))));
        CASES.put("within_group_over", s -> select(s.u("name"), func("percentile_cont", 0.5).withinGroup(s.u("age").desc()).over().partitionBy(s.u("name"))));
        CASES.put("within_group_filter", s -> select(func("percentile_disc", 0.5).withinGroup(s.u("age")).filter(s.u("id").gt(1))));
        CASES.put("rollup", s -> select(s.u("age"), s.u("name"), func("count", s.u("id"))).groupBy(rollup(s.u("age"), s.u("name"))));
        CASES.put("cube", s -> select(s.u("age"), s.u("name"), func("count", s.u("id"))).groupBy(cube(s.u("age"), s.u("name"))));
        CASES.put("grouping_sets", s -> select(s.u("age"), s.u("name"), func("count", s.u("id")))
                .groupBy(groupingSets(tuple(s.u("age"), s.u("name")), s.u("age"), tuple())));
        CASES.put("distinct_on", s -> select(s.u("age"), s.u("name")).distinctOn(s.u("age")).orderBy(s.u("age"), s.u("name")));
        CASES.put("distinct_on_two", s -> select(s.u("id")).distinctOn(s.u("age").add(1)).distinctOn(s.u("name"))
                .orderBy(s.u("age").add(1), s.u("name"), s.u("id")));
    }

    /** SELECT id, name FROM users WHERE id > :low, typed. */
    static TextualSelect textual() {
        return text("SELECT id, name FROM users WHERE id > :low").bindparams(Map.of("low", 1))
                .columns(column("id", Types.INTEGER), column("name", Types.STRING));
    }

    /** (1, 'one'), (2, 'two') AS v (id, label). */
    static Alias numbered() {
        return values(column("id", Types.INTEGER), column("label", Types.STRING)).data(List.of(List.of(1, "one"), List.of(2, "two"))).alias("v");
    }

    /** Each user's first address: a LATERAL subquery correlated to users. */
    static Lateral firstAddress(Schema s) {
        return select(s.addresses.c("email")).where(s.addresses.c("user_id").eq(s.u("id"))).orderBy(s.addresses.c("id")).limit(1)
                .lateral("first_address");
    }

    static JsonNode expected() throws IOException {
        return RenderingFixesTest.expected("/sql-breadth-expected.json");
    }

    static Stream<Arguments> cases() {
        return RenderingFixesTest.cases(CASES.keySet(), DIALECTS.keySet());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void rendersAsSqlalchemy(String name, String dialect) throws IOException {
        RenderingFixesTest.assertRendersAs(CASES.get(name).apply(new Schema("")), DIALECTS.get(dialect), expected().get(name).get(dialect),
                REFUSED.get(name + "/" + dialect), ON_PURPOSE.containsKey(name + "/" + dialect), LITERAL.contains(name));
    }

    @Test
    void everyCaseRoundTripsAndKeysWithoutItsValues() {
        Schema s = new Schema("");
        for (Map.Entry<String, Function<Schema, ClauseElement>> c : CASES.entrySet()) {
            ClauseElement stmt = c.getValue().apply(s);
            for (Protocol p : Protocol.values()) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), s.md);
                assertThat(back.compare(stmt)).as(c.getKey() + " " + p).isTrue();
                assertThat(back.compile().string()).isEqualTo(stmt.compile().string());
                assertThat(back.cacheKey()).isEqualTo(stmt.cacheKey());
            }
            assertThat(c.getValue().apply(s).cacheKey()).as(c.getKey()).isEqualTo(stmt.cacheKey());
        }
    }

    @Test
    void operatorsKeyByTheirShapeNotTheirValues() {
        Schema s = new Schema("");
        assertThat(select(s.u("age").op("&", 5)).cacheKey()).isEqualTo(select(s.u("age").op("&", 6)).cacheKey())
                .isNotEqualTo(select(s.u("age").op("|", 5)).cacheKey())
                .isNotEqualTo(select(s.u("age").op(CustomOperator.of("&").precedence(7), 5)).cacheKey())
                .isNotEqualTo(select(s.u("age").boolOp("&", 5)).cacheKey())
                .isNotEqualTo(select(s.u("age").op(CustomOperator.of("&").returnType(Types.BIGINT), 5)).cacheKey())
                .isNotEqualTo(select(s.u("age").bitwiseAnd(5)).cacheKey());
        assertThat(select(s.u("age").bitwiseXor(1)).cacheKey()).isNotEqualTo(select(s.u("age").bitwiseOr(1)).cacheKey());
        assertThat(s.u("name").boolOp("@@", "x").type()).isEqualTo(Types.BOOLEAN);
        assertThat(s.u("age").op("&", 1).type()).isEqualTo(s.u("age").type());
        assertThatThrownBy(() -> CustomOperator.of("&").precedence(101)).isInstanceOf(dev.retort.exc.ArgumentException.class);
    }

    @Test
    void tupleRowsKeyByShapeAndBindTheirValues() {
        Schema s = new Schema("");
        ColumnElement<Boolean> two = tuple(s.u("age"), s.u("name")).in(List.of(List.of(30, "ann"), List.of(7, "bob")));
        assertThat(select(s.u("id")).where(two).cacheKey())
                .isEqualTo(select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of(List.of(1, "z")))).cacheKey())
                .isNotEqualTo(select(s.u("id")).where(tuple(s.u("name"), s.u("age")).in(List.of(List.of("z", 1)))).cacheKey())
                .isNotEqualTo(select(s.u("id")).where(tuple(s.u("age"), s.u("name")).notIn(List.of(List.of(1, "z")))).cacheKey());
        assertThat(select(s.u("id")).where(two).compile().params())
                .containsExactly(Map.entry("param_1_1_1", 30), Map.entry("param_1_1_2", "ann"), Map.entry("param_1_2_1", 7), Map.entry("param_1_2_2", "bob"));
        assertThatThrownBy(() -> tuple(s.u("age"), s.u("name")).in(List.of(List.of(1)))).isInstanceOf(dev.retort.exc.ArgumentException.class);
        assertThatThrownBy(() -> tuple(s.u("age"), s.u("name")).gt(List.of(1))).isInstanceOf(dev.retort.exc.ArgumentException.class);
        // a row of another arity given at execution is refused, not misaligned
        Compiled c = select(s.u("id")).where(two).compile(Dialects.sqlite());
        assertThat(c.bind(Map.of("param_1", List.of(List.of(1, "a")))).values()).containsExactly(1, "a");
        assertThatThrownBy(() -> c.bind(Map.of("param_1", List.of(List.of(1, "a", 2))))).isInstanceOf(dev.retort.exc.ArgumentException.class);
    }

    /**
     * SQLite's empty tuple IN list is SQLAlchemy's empty SELECT, without the VALUES that precedes rows, whether
     * the compiled form is bound first with rows or without (SQL as SQLAlchemy 2.1.1 executes it on SQLite).
     */
    @Test
    void sqliteEmptyTupleInListLeavesOutValues() {
        Schema s = new Schema("");
        Compiled in = select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of())).compile(Dialects.sqlite());
        String empty = "SELECT users.id FROM users WHERE (users.age, users.name) IN (SELECT 1, 1 FROM (SELECT 1, 1) WHERE 1!=1)";
        assertThat(in.bind(Map.of()).sql().replaceAll("\\s+", " ")).isEqualTo(empty);
        assertThat(in.bind(Map.of("param_1", List.of(List.of(1, "x"), List.of(2, "z")))).sql().replaceAll("\\s+", " "))
                .isEqualTo("SELECT users.id FROM users WHERE (users.age, users.name) IN (VALUES (?, ?), (?, ?))");
        assertThat(in.bind(Map.of("param_1", List.of())).sql().replaceAll("\\s+", " ")).isEqualTo(empty);
        assertThat(select(s.u("id")).where(tuple(s.u("age"), s.u("name")).notIn(List.of())).compile(Dialects.sqlite())
                .bind(Map.of()).sql().replaceAll("\\s+", " "))
                .isEqualTo("SELECT users.id FROM users WHERE ((users.age, users.name) NOT IN (SELECT 1, 1 FROM (SELECT 1, 1) WHERE 1!=1))");
    }

    @EachDatabase
    void tuplesSelectTheRowsTheyName(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            ColumnElement<List<Object>> t = tuple(s.u("age"), s.u("name"));
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(t.in(List.of(List.of(30, "ann"), List.of(7, "bob"), List.of(7, "zed"))))))
                    .containsExactly(1L, 2L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(tuple(s.u("age"), s.u("name")).notIn(List.of(List.of(30, "ann"))))))
                    .containsExactly(2L, 3L, 4L);
            assertThat(c.execute(select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of()))).all()).isEmpty();
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(tuple(s.u("age"), s.u("name")).notIn(List.of())))).hasSize(4);
            // keyset order (age, name) after (7, bob): (30, ann), (30, cy)
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(tuple(s.u("age"), s.u("name")).gt(List.of(7, "bob")))))
                    .containsExactly(1L, 3L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(tuple(s.u("id"), s.u("name"))
                    .in(select(s.addresses.c("user_id"), literalColumn("'bob'")))))).containsExactly(2L);
            // one compiled form, many lengths: the cache binds each list
            for (int n = 1; n <= 3; n++) {
                List<List<Object>> rows = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    rows.add(List.of(30, i == 0 ? "cy" : "nobody" + i));
                }
                assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(rows)))).containsExactly(3L);
            }
            // the cached form bound again without rows, after rows
            assertThat(c.execute(select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of()))).all()).isEmpty();
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(tuple(s.u("age"), s.u("name")).notIn(List.of())))).hasSize(4);
            String literal = select(s.u("id")).where(tuple(s.u("age"), s.u("name")).in(List.of(List.of(5, "dee")))).compile(
                    Dialects.byName(db.toString()), CompileOption.LITERAL_BINDS).string();
            assertThat(RenderingFixesTest.values(c, text(literal))).as(literal).containsExactly(4L);
        });
    }

    @EachDatabase
    void fetchAndDistinctOnSelectTheRowsTheyMean(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // ages 30, 7, 30, 5 (ids 1..4)
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).orderBy(s.u("age")).fetch(2))).containsExactly(2L, 4L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).orderBy(s.u("id")).offset(1).fetch(2))).containsExactly(2L, 3L);
            assertThat(RenderingFixesTest.values(c, union(select(s.u("id")), select(s.u("age"))).orderBy(literalColumn("id")).offset(1).fetch(2)))
                    .containsExactly(2L, 3L);
            if (db != Database.SQLITE) {
                // the third row by age ties with the fourth: both come
                assertThat(RenderingFixesTest.values(c, select(s.u("id")).orderBy(s.u("age").desc()).fetch(Fetch.first(1).withTies())))
                        .containsExactly(1L, 3L);
            }
            if (db == Database.POSTGRESQL) {
                List<Object> names = new ArrayList<>();
                c.execute(select(s.u("age"), s.u("name")).distinctOn(s.u("age")).orderBy(s.u("age"), s.u("name").desc())).all()
                        .forEach(r -> names.add(r.get("name")));
                assertThat(names).containsExactly("dee", "bob", "cy");
            }
        });
    }

    @EachDatabase
    void withinGroupComputesPercentiles(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // ages 30, 7, 30, 5
            if (db == Database.POSTGRESQL) {
                Object median = c.execute(select(func("percentile_cont", 0.5).withinGroup(s.u("age")))).scalar();
                assertThat(((Number) median).doubleValue()).isEqualTo(18.5);
                assertThat(c.execute(select(func("mode").withinGroup(s.u("age")))).scalar()).isEqualTo(30);
                Object disc = c.execute(select(func("percentile_disc", 0.5).withinGroup(s.u("age")).filter(s.u("id").gt(1)))).scalar();
                assertThat(((Number) disc).intValue()).isEqualTo(7);
            } else if (db == Database.MARIADB) {
                List<Object> medians = new ArrayList<>();
                c.execute(select(func("percentile_cont", 0.5).withinGroup(s.u("age")).over(),
                        func("percentile_cont", 0.5).withinGroup(s.u("age")).over().partitionBy(s.u("age").gt(6)))
                        .orderBy(s.u("id"))).all().forEach(r -> medians.add(((Number) r.get(0)).doubleValue() * 10 + ((Number) r.get(1)).doubleValue()));
                // the median of all four, then of the partition: {30, 7, 30} has 30, {5} has 5
                assertThat(medians).containsExactly(215.0, 215.0, 215.0, 190.0);
            } else {
                assertThatThrownBy(() -> c.execute(select(func("percentile_cont", 0.5).withinGroup(s.u("age")))))
                        .isInstanceOf(dev.retort.exc.CompileException.class).hasMessageContaining("sqlite");
            }
        });
    }

    @EachDatabase
    void groupingSetsCountTheirGroups(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // ages 30, 7, 30, 5: rollup(age) has 3 groups and the grand total
            if (db == Database.SQLITE) {
                assertThatThrownBy(() -> c.execute(select(s.u("age"), func("count", s.u("id"))).groupBy(rollup(s.u("age")))))
                        .isInstanceOf(dev.retort.exc.CompileException.class).hasMessage("ROLLUP is not supported by dialect sqlite");
                return;
            }
            List<Object> counts = new ArrayList<>();
            c.execute(select(s.u("age"), func("count", s.u("id"))).groupBy(rollup(s.u("age")))).all()
                    .forEach(r -> counts.add(r.get(0) == null ? "total=" + ((Number) r.get(1)).intValue() : ((Number) r.get(1)).intValue()));
            assertThat(counts).containsExactlyInAnyOrder(2, 1, 1, "total=4");
            if (db == Database.POSTGRESQL) {
                assertThat(c.execute(select(s.u("age"), s.u("name"), func("count", s.u("id"))).groupBy(cube(s.u("age"), s.u("name")))).all())
                        .hasSize(4 + 3 + 4 + 1);
                assertThat(c.execute(select(s.u("age"), func("count", s.u("id")))
                        .groupBy(groupingSets(tuple(s.u("age")), tuple()))).all()).hasSize(3 + 1);
            }
        });
    }

    @EachDatabase
    void valuesAreRowsToJoinAndSelect(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Alias v = numbered();
            List<Object> names = new ArrayList<>();
            c.execute(select(s.u("name"), v.c("label")).join(v, s.u("id").eq(v.c("id"))).orderBy(s.u("id"))).all()
                    .forEach(r -> names.add(r.get("name") + "=" + r.get("label")));
            assertThat(names).containsExactly("ann=one", "bob=two");
            assertThat(RenderingFixesTest.values(c, select(v.c("id")).where(v.c("label").eq("two")))).containsExactly(2L);
            assertThat(RenderingFixesTest.values(c, select(s.u("name")).where(s.u("id").in(
                    select(values(column("x", Types.INTEGER)).data(List.of(List.of(1), List.of(3))).alias("w")))))).containsExactly("ann", "cy");
            // more rows, another shape: a new key, the same statement cache
            Alias three = values(column("id", Types.INTEGER), column("label", Types.STRING))
                    .data(List.of(List.of(1, "a"), List.of(2, "b"), List.of(4, "d"))).alias("v");
            assertThat(select(three).cacheKey()).isNotEqualTo(select(v).cacheKey());
            assertThat(c.execute(select(s.u("name"), three.c("label")).join(three, s.u("id").eq(three.c("id")))).all()).hasSize(3);
        });
    }

    @EachDatabase
    void textualSelectsAreSubqueriesWithTypedColumns(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            TextualSelect ts = text("SELECT id, name FROM " + s.users.name() + " WHERE id > :low").bindparams(Map.of("low", 1))
                    .columns(column("id", Types.INTEGER), column("name", Types.STRING));
            assertThat(c.execute(ts).all().get(0).get("id")).isInstanceOf(Integer.class);
            Alias t = ts.subquery("t");
            assertThat(RenderingFixesTest.values(c, select(t.c("name")).where(t.c("id").lt(4)))).containsExactly("bob", "cy");
            assertThat(RenderingFixesTest.values(c, select(s.u("age")).join(t, s.u("id").eq(t.c("id"))).where(t.c("name").eq("dee"))))
                    .containsExactly(5L);
            assertThat(RenderingFixesTest.values(c, select(s.u("name")).where(s.u("id").in(
                    text("SELECT user_id FROM " + s.addresses.name()).columns(column("user_id", Types.INTEGER)))))).containsExactly("ann", "bob");
        });
    }

    @EachDatabase
    void lateralSubqueriesSeeTheRowsBeforeThem(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Lateral first = firstAddress(s);
            Select stmt = select(s.u("name"), first.c("email")).selectFrom(s.users.outerJoin(first, trueLiteral())).orderBy(s.u("id"));
            if (db != Database.POSTGRESQL) {
                assertThatThrownBy(() -> c.execute(stmt)).isInstanceOf(dev.retort.exc.CompileException.class)
                        .hasMessage("LATERAL is not supported by dialect " + (db == Database.SQLITE ? "sqlite" : "mariadb"));
                return;
            }
            List<Object> emails = new ArrayList<>();
            c.execute(stmt).all().forEach(r -> emails.add(r.get("name") + "=" + r.get("email")));
            assertThat(emails).containsExactly("ann=a@x", "bob=x", "cy=null", "dee=null");
            assertThat(c.execute(select(s.u("name"), first.c("email")).selectFrom(s.users, first)).all()).hasSize(2);
        });
    }

    @Test
    void fetchAndDistinctOnKeyByTheirShape() {
        Schema s = new Schema("");
        Select base = select(s.u("id")).orderBy(s.u("age"));
        assertThat(base.fetch(2).cacheKey()).isEqualTo(base.fetch(5).cacheKey()).isNotEqualTo(base.limit(2).cacheKey())
                .isNotEqualTo(base.fetch(Fetch.first(2).withTies()).cacheKey()).isNotEqualTo(base.fetch(Fetch.first(2).percent()).cacheKey());
        assertThat(base.distinctOn(s.u("age")).cacheKey()).isNotEqualTo(base.distinctOn(s.u("name")).cacheKey())
                .isNotEqualTo(base.distinct().cacheKey()).isNotEqualTo(base.cacheKey());
        assertThat(base.fetch(2).limit(3).fetchClause()).isNull();
        assertThat(textual().cacheKey()).isNotEqualTo(text("SELECT id, name FROM users WHERE id > :low").bindparams(Map.of("low", 1))
                .columns(column("id", Types.INTEGER), column("name", Types.TEXT)).cacheKey());
        Alias v = numbered();
        Alias w = values(column("id", Types.INTEGER), column("label", Types.STRING)).data(List.of(List.of(7, "x"), List.of(8, "y"))).alias("v");
        assertThat(select(v).cacheKey()).isEqualTo(select(w).cacheKey());
        assertThat(select(w).compile().params()).containsExactly(Map.entry("param_1", 7), Map.entry("param_2", "x"), Map.entry("param_3", 8), Map.entry("param_4", "y"));
        assertThat(select(s.u("id")).selectFrom(base.lateral("x")).cacheKey()).isNotEqualTo(select(s.u("id")).selectFrom(base.subquery("x")).cacheKey());
        assertThat(base.limit(3).fetch(2).limitClause()).isNull();
    }

    @EachDatabase
    void bitwiseAndCustomOperatorsComputeOnTheDatabase(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // age 30 = 0b11110 of user 1; ~30 is -31 (an unsigned 2^64 - 31 on MariaDB): its low byte 225 everywhere
            List<Object> r = c.execute(select(s.u("age").bitwiseAnd(6), s.u("age").bitwiseOr(1), s.u("age").bitwiseXor(3),
                    s.u("age").bitwiseNot().bitwiseAnd(255), s.u("age").bitwiseLShift(2), s.u("age").bitwiseRShift(1), s.u("age").op("&", 12))
                    .where(s.u("id").eq(1))).all().get(0).toList();
            assertThat(r).extracting(v -> ((Number) v).longValue())
                    .containsExactly(6L, 31L, 29L, 225L, 120L, 15L, 12L);
            // ages 30, 7, 30, 5: odd 7 and 5 only
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("age").bitwiseAnd(1).eq(1)))).containsExactly(2L, 4L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("age").op("&", 1).ne(0)))).containsExactly(2L, 4L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(s.u("name").boolOp("LIKE", "%n%")))).containsExactly(1L);
            assertThat(RenderingFixesTest.values(c, select(s.u("id")).where(not(s.u("name").boolOp("LIKE", "%n%"))))).containsExactly(2L, 3L, 4L);
            // the grouping keeps the meaning: (7 ^ 3) + 1 = 5, not 7 ^ 4 = 3
            assertThat(((Number) c.execute(select(s.u("age").bitwiseXor(3).add(1)).where(s.u("id").eq(2))).scalar()).intValue()).isEqualTo(5);
        });
    }
}
