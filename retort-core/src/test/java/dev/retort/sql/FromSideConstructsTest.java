package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.RenderingFixesTest.Schema;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Table-valued functions and VALUES in FROM, run on the databases that have them: the rows
 * are checked, not the SQL (the SQL is checked against SQLAlchemy by SqlalchemySuiteTest).
 */
class FromSideConstructsTest {
    private static final String PAIRS = "{\"a\": 1, \"b\": 2}";

    private static List<String> strings(Connection c, ClauseElement stmt) {
        List<String> out = new ArrayList<>();
        c.execute(stmt).all().forEach(r -> out.add(r.toList().stream().map(String::valueOf).reduce((x, y) -> x + "=" + y).orElse("")));
        return out;
    }

    @EachDatabase
    void tableValuedFunctionsAreRowsToJoinAndSelect(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // json_each of a JSON text: SQLite takes the text, PostgreSQL the json value
            Object doc = db == Database.POSTGRESQL ? cast(literal(PAIRS), Types.JSON) : PAIRS;
            // PostgreSQL's json_each_text gives text values (json_each's json ones cast to no number)
            TableValuedAlias kv = func(db == Database.POSTGRESQL ? "json_each_text" : "json_each", doc).tableValued("key", "value");
            Select keys = select(kv.c("key")).orderBy(kv.c("key"));
            if (db == Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(keys)).isInstanceOf(CompileException.class)
                        .hasMessage("A table-valued function in FROM is not supported by dialect mariadb");
                return;
            }
            assertThat(strings(c, keys)).containsExactly("a", "b");
            // joined to a table: each user with each key whose value is below the user's id
            Select joined = select(s.u("name"), kv.c("key")).join(kv, trueLiteral())
                    .where(cast(kv.c("value"), Types.INTEGER).lt(s.u("id"))).orderBy(s.u("id"), kv.c("key"));
            assertThat(strings(c, joined)).containsExactly("bob=a", "cy=a", "cy=b", "dee=a", "dee=b");
            if (db == Database.SQLITE) {
                TableValuedAlias numbered = func("json_each", doc).tableValued("key").withOrdinality("n");
                assertThatThrownBy(() -> c.execute(select(numbered))).isInstanceOf(CompileException.class)
                        .hasMessage("WITH ORDINALITY is not supported by dialect sqlite");
                assertThatThrownBy(() -> c.execute(select(kv.renderDerived()))).isInstanceOf(CompileException.class)
                        .hasMessage("A derived column list (AS name(col, ...)) is not supported by dialect sqlite");
                assertThatThrownBy(() -> c.execute(select(s.u("name"), kv.lateral().c("key")).selectFrom(s.users)))
                        .isInstanceOf(CompileException.class).hasMessage("LATERAL is not supported by dialect sqlite");
                return;
            }
            // PostgreSQL: column-valued, WITH ORDINALITY with a derived column list, typed record columns, LATERAL
            ColumnElement<?> g = func("generate_series", 1, 3).columnValued("g");
            assertThat(strings(c, select(g).where(g.gt(1)).orderBy(g))).containsExactly("2", "3");
            TableValuedAlias t = func("generate_series", 10, 12).tableValued("v").withOrdinality("n").renderDerived().alias("t");
            assertThat(strings(c, select(t.c("v"), t.c("n")).orderBy(t.c("n")))).containsExactly("10=1", "11=2", "12=3");
            TableValuedAlias rec = func("json_to_recordset", cast(literal("[{\"a\": 1, \"b\": \"x\"}, {\"a\": 2, \"b\": \"y\"}]"), Types.JSON))
                    .tableValued(column("a", Types.INTEGER), column("b", Types.TEXT)).renderDerived(true).alias("r");
            assertThat(strings(c, select(rec.c("b")).where(rec.c("a").eq(2)))).containsExactly("y");
            TableValuedAlias upTo = func("generate_series", 1, s.u("id")).tableValued("k").renderDerived().lateral("up_to");
            assertThat(strings(c, select(s.u("name"), func("count", upTo.c("k"))).join(upTo, trueLiteral())
                    .groupBy(s.u("name")).orderBy(s.u("name")))).containsExactly("ann=1", "bob=2", "cy=3", "dee=4");
            // two LATERAL joins ON true after selectFrom: each joins the explicit FROM clause, not a FROM the columns bring
            TableValuedAlias twice = func("generate_series", upTo.c("k"), upTo.c("k")).tableValued("t").renderDerived().lateral("twice");
            Select twoLevels = select(s.u("name"), upTo.c("k"), twice.c("t")).selectFrom(s.users)
                    .join(upTo, trueLiteral()).join(twice, trueLiteral()).where(s.u("id").eq(2)).orderBy(upTo.c("k"));
            assertThat(twoLevels.compile(db.engine().dialect()).string()).contains("FROM " + s.users.name() + " JOIN LATERAL generate_series(")
                    .contains(") AS up_to(k) ON true JOIN LATERAL generate_series(");
            assertThat(strings(c, twoLevels)).containsExactly("bob=1=1", "bob=2=2");
            assertThat(strings(c, select(func("json_each", doc).scalarTableValued("key")))).containsExactlyInAnyOrder("a", "b");
            assertThat(strings(c, select(func("count", s.users.tableValued())).selectFrom(s.users))).containsExactly("4");
        });
    }

    @EachDatabase
    void valuesAreCtesAndLiteralRows(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Values rows = values(column("id", Types.INTEGER), column("label", Types.STRING))
                    .data(List.of(List.of(1, "one"), List.of(3, "three")));
            CTE v = rows.cte("v");
            assertThat(strings(c, select(s.u("name"), v.c("label")).join(v, s.u("id").eq(v.c("id"))).orderBy(s.u("id"))))
                    .containsExactly("ann=one", "cy=three");
            Alias inline = rows.literalBinds().alias("w");
            Select byLabel = select(s.u("name")).join(inline, s.u("id").eq(inline.c("id"))).where(inline.c("label").eq("three"));
            assertThat(byLabel.compile(db.engine().dialect()).params()).containsOnlyKeys("label_1");
            assertThat(strings(c, byLabel)).containsExactly("cy");
            // addCte: the CTE joins the WITH clause of the statement the rows are in, referred to or not
            CTE limit = select(s.u("id").label("top")).where(s.u("name").eq("cy")).cte("lim");
            Alias capped = rows.addCte(limit).alias("capped");
            Select underLimit = select(capped.c("label")).where(capped.c("id").lt(select(limit.c("top")).scalarSubquery())).orderBy(capped.c("id"));
            assertThat(underLimit.compile(db.engine().dialect()).string()).startsWith("WITH lim AS");
            assertThat(strings(c, underLimit)).containsExactly("one");
            assertThat(strings(c, select(rows.addCte(limit).alias("all_rows").c("label")))).containsExactlyInAnyOrder("one", "three");
            // a VALUES list with its values inline and one with them bound are different statements
            assertThat(select(inline).cacheKey()).isNotEqualTo(select(rows.alias("w")).cacheKey());
            // inline values are SQL text: other values, another key (bound ones share it)
            Values other = values(column("id", Types.INTEGER), column("label", Types.STRING)).data(List.of(List.of(2, "two"), List.of(3, "three")));
            assertThat(select(other.literalBinds().alias("w")).cacheKey()).isNotEqualTo(select(inline).cacheKey());
            assertThat(select(other.alias("w")).cacheKey()).isEqualTo(select(rows.alias("w")).cacheKey());
            Alias otherInline = other.literalBinds().alias("w");
            assertThat(strings(c, select(s.u("name")).join(otherInline, s.u("id").eq(otherInline.c("id"))).where(otherInline.c("label").eq("two"))))
                    .containsExactly("bob");
            // Last, as PostgreSQL's refusal ends the transaction. Without a name the columns are referred to
            // bare (PostgreSQL names a VALUES list's columns column1, ...).
            UnnamedValues bare = values(column("column1", Types.INTEGER), column("column2", Types.STRING)).data(List.of(List.of(2, "b"))).unnamed();
            Select unnamed = select(s.u("name"), bare.c("column2")).selectFrom(s.users.join(bare, bare.c("column1").eq(s.u("id"))));
            if (db == Database.MARIADB) {
                assertThatThrownBy(() -> c.execute(unnamed)).isInstanceOf(CompileException.class)
                        .hasMessage("VALUES in FROM without a name is not supported by dialect mariadb");
            } else if (db == Database.POSTGRESQL && Integer.parseInt(String.valueOf(c.execute(text("SHOW server_version_num")).scalar())) < 160000) {
                // PostgreSQL before 16 wants every VALUES in FROM named: the database says so
                assertThatThrownBy(() -> c.execute(unnamed)).isInstanceOf(dev.retort.exc.ProgrammingException.class)
                        .hasMessageContaining("VALUES in FROM must have an alias");
            } else {
                assertThat(strings(c, unnamed)).containsExactly("bob=b");
            }
        });
    }

    @Test
    void tableValuedFunctionsKeyByShapeAndBindTheirArguments() {
        TableValuedAlias one = func("generate_series", 1, 3).tableValued("v");
        TableValuedAlias two = func("generate_series", 5, 9).tableValued("v");
        assertThat(select(one.c("v")).cacheKey()).isEqualTo(select(two.c("v")).cacheKey());
        assertThat(select(one.c("v")).cacheKey().bindParams()).extracting(BindParameter::value).containsExactly(1, 3);
        assertThat(select(one.c("v")).cacheKey()).isNotEqualTo(select(one.renderDerived().c("v")).cacheKey());
        assertThat(select(one.renderDerived().c("v")).cacheKey()).isNotEqualTo(select(one.renderDerived(true).c("v")).cacheKey());
        assertThat(select(one.c("v")).cacheKey()).isNotEqualTo(select(one.lateral().c("v")).cacheKey());
        assertThat(select(one.c("v")).cacheKey()).isNotEqualTo(select(one.withOrdinality("n").c("v")).cacheKey());
        assertThat(select(one.c("v")).compare(select(two.c("v")))).isFalse();
        assertThat(func("generate_series", 1, 3).columnValued("x").compare(func("generate_series", 1, 3).columnValued("y"))).isFalse();
        // params() replaces a bound argument inside the function of the FROM clause
        Select named = select(func("generate_series", bindparam("lo", 1), 3).tableValued("v").c("v"));
        assertThat(named.params(Map.of("lo", 2)).compile().params()).containsEntry("lo", 2);
    }

    /** SQLAlchemy 2.1.1: {@code values(column("a", String), name="v").data([("x",)]).add_cte(select(literal(1)).cte("one"))}. */
    @Test
    void valuesWithAnAddedCteDeclareItAtTheTop() {
        Values v = values(column("a", Types.STRING)).named("v").data(List.of(List.of("x"))).addCte(select(literal(1)).cte("one"));
        assertThat(select(v.alias("v").c("a")).compile().string().replaceAll("\\s+", " "))
                .isEqualTo("WITH one AS (SELECT :param_1 AS anon_1) SELECT v.a FROM (VALUES (:param_2)) AS v (a)");
        assertThat(v.addedCtes()).hasSize(1);
        assertThat(select(v.alias("v").c("a")).cacheKey()).isNotEqualTo(select(values(column("a", Types.STRING)).named("v")
                .data(List.of(List.of("x"))).alias("v").c("a")).cacheKey());
    }

    @Test
    void refusedWhereTheDatabaseHasNoSuchConstruct() {
        TableValuedAlias kv = func("jsonb_each", column("doc")).tableValued("key", "value");
        for (var d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            assertThatThrownBy(() -> select(kv.c("key")).compile(d)).isInstanceOf(CompileException.class)
                    .hasMessage("A table-valued function in FROM is not supported by dialect " + d.name());
        }
        for (var d : List.of(Dialects.sqlite(), Dialects.mysql())) {
            assertThatThrownBy(() -> select(func("jsonb_each", column("doc")).scalarTableValued("key")).compile(d))
                    .isInstanceOf(CompileException.class)
                    .hasMessage("A field of a function's row ((fn(...)).field) is not supported by dialect " + d.name());
        }
        assertThatThrownBy(() -> func("unnest", column("a")).alias("u").renderDerived()).isInstanceOf(dev.retort.exc.ArgumentException.class)
                .hasMessageContaining("needs the columns");
        assertThatThrownBy(() -> func("unnest", column("a")).tableValued(1)).isInstanceOf(dev.retort.exc.ArgumentException.class)
                .hasMessageContaining("names or SQL.column(name, type)");
    }

    @Test
    void newKindsSurviveTheSerializer() {
        TableValuedAlias kv = func("json_each", column("doc")).tableValued("key", column("value", Types.INTEGER)).withOrdinality("n").renderDerived(true);
        Values inline = values(column("x", Types.INTEGER)).data(List.of(List.of(1), List.of(2))).literalBinds();
        for (Select s : List.of(select(kv.c("key"), func("generate_series", 1, 3).columnValued("g")),
                select(inline.alias("v").c("x")), select(values(column("x", Types.INTEGER)).data(List.of(List.of(1))).alias("v")),
                select(func("jsonb_each", column("doc")).scalarTableValued("key")))) {
            for (dev.retort.ext.serializer.Protocol p : dev.retort.ext.serializer.Protocol.values()) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(s, p), new dev.retort.schema.MetaData());
                assertThat(back.compare(s)).as(p + " " + s).isTrue();
                assertThat(back.cacheKey()).isEqualTo(s.cacheKey());
                assertThat(back.compile(Dialects.postgresql()).string()).isEqualTo(s.compile(Dialects.postgresql()).string());
            }
        }
    }
}
