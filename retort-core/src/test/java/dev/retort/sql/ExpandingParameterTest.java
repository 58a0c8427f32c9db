package dev.retort.sql;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.tuple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IN against a named parameter (SQLAlchemy's {@code in_(bindparam("x", expanding=True))}) and
 * literal-execute parameters. Expected SQL and parameters are SQLAlchemy 2.1.1's with
 * {@code render_postcompile=True} (default dialect, or PostgreSQL with qmark), whitespace
 * collapsed, with the table's name substituted.
 */
class ExpandingParameterTest {
    private final ItemsTable items = new ItemsTable();
    private final Table t = items.t;

    private String sql(Compiled c) {
        return items.sql(c.string());
    }

    @Test
    void inAgainstANamedParameterExpands() {
        Compiled c = select(t.c("id")).where(t.c("name").in(bindparam("names", List.of("a", "b")))).compile();
        assertThat(sql(c)).isEqualTo("SELECT items.id FROM items WHERE items.name IN (:names_1, :names_2)");
        assertThat(c.params()).isEqualTo(Map.of("names_1", "a", "names_2", "b"));
        assertThat(c.templateString()).contains("IN (__[POSTCOMPILE_names])");
        assertThat(sql(select(t.c("id")).where(t.c("name").in(bindparam("names", List.of()))).compile()))
                .isEqualTo("SELECT items.id FROM items WHERE items.name IN (NULL) AND (1 != 1)");
        assertThat(sql(select(t.c("id")).where(t.c("name").notIn(bindparam("names", List.of()))).compile()))
                .isEqualTo("SELECT items.id FROM items WHERE (items.name NOT IN (NULL) OR (1 = 1))");
        Compiled rows = select(t.c("id")).where(tuple(t.c("id"), t.c("name")).in(bindparam("rows", List.of(List.of(1, "a"), List.of(2, "b"))))).compile();
        assertThat(sql(rows)).isEqualTo("SELECT items.id FROM items WHERE (items.id, items.name) IN ((:rows_1_1, :rows_1_2), (:rows_2_1, :rows_2_2))");
        assertThat(rows.params()).isEqualTo(Map.of("rows_1_1", 1, "rows_1_2", "a", "rows_2_1", 2, "rows_2_2", "b"));
        // typed after the column it is compared with
        assertThat(((BindParameter<?>) ((BinaryExpression<?>) t.c("id").in(bindparam("ids"))).right()).type()).isEqualTo(Types.INTEGER);
        assertThatThrownBy(() -> bindparam("ids", 5).expanding()).isInstanceOf(ArgumentException.class).hasMessageContaining("collection");
    }

    @Test
    void literalExecuteIsWrittenInlineButKeyedAsAParameter() {
        Select five = select(t.c("id")).where(t.c("id").eq(bindparam("foo", 5).literalExecute()));
        Select six = select(t.c("id")).where(t.c("id").eq(bindparam("foo", 6).literalExecute()));
        assertThat(sql(five.compile())).isEqualTo("SELECT items.id FROM items WHERE items.id = 5");
        assertThat(five.compile().params()).isEmpty();
        assertThat(five.compile().templateString()).contains(t.name() + ".id = __[POSTCOMPILE_foo]");
        assertThat(sql(select(t.c("id")).where(t.c("name").eq(bindparam("foo", "o'k").literalExecute())).compile(Dialects.postgresql())))
                .isEqualTo("SELECT items.id FROM items WHERE items.name = 'o''k'");
        assertThat(sql(select(t.c("id")).where(t.c("name").in(bindparam("names", List.of("a", "b")).literalExecute())).compile(Dialects.postgresql())))
                .isEqualTo("SELECT items.id FROM items WHERE items.name IN ('a', 'b')");
        assertThat(sql(select(t.c("id")).where(t.c("name").in(bindparam("names", List.of()).literalExecute())).compile(Dialects.postgresql())))
                .isEqualTo("SELECT items.id FROM items WHERE items.name IN (NULL) AND (1 != 1)");
        // same key => same SQL: the cached form of one value writes another statement's own value
        assertThat(six.cacheKey()).isEqualTo(five.cacheKey());
        assertThat(six.cacheKey()).isNotEqualTo(select(t.c("id")).where(t.c("id").eq(bindparam("foo", 6))).cacheKey());
        Compiled cached = five.compile(Dialects.postgresql());
        Compiled.BoundSql bound = cached.bind(cached.positionsIn(five.cacheKey()), six.cacheKey(), Map.of());
        assertThat(bound.sql()).endsWith("= 6");
        assertThat(bound.values()).isEmpty();
        assertThat(cached.bind(Map.of()).sql()).endsWith("= 5");
        assertThat(cached.bind(Map.of("foo", 7)).sql()).endsWith("= 7");
        assertThat(five.compare(six)).isFalse();
        assertThat(five.compare(select(t.c("id")).where(t.c("id").eq(bindparam("foo", 5))))).isFalse();
    }

    @EachDatabase
    void bothRunOnEveryDatabase(Database db) {
        items.on(db, conn -> {
            conn.execute(insert(t), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"), Map.of("id", 3, "name", "c")));
            Select byNames = select(t.c("id")).where(t.c("name").in(bindparam("names"))).orderBy(t.c("id"));
            assertThat(conn.execute(byNames.params(Map.of("names", List.of("a", "c")))).scalars()).isEqualTo(List.of(1, 3));
            assertThat(conn.execute(byNames.params(Map.of("names", List.of("b")))).scalars()).isEqualTo(List.of(2));
            assertThat(conn.execute(byNames.params(Map.of("names", List.of()))).scalars()).isEmpty();
            Select notNames = select(t.c("id")).where(t.c("name").notIn(bindparam("names", List.of()))).orderBy(t.c("id"));
            assertThat(conn.execute(notNames).scalars()).isEqualTo(List.of(1, 2, 3));
            // the statement cache holds one compiled form for both: each run writes its own value
            for (int id = 1; id <= 3; id++) {
                Select q = select(t.c("name")).where(t.c("id").eq(bindparam("wanted", id).literalExecute()));
                assertThat(conn.execute(q).scalar()).isEqualTo(List.of("a", "b", "c").get(id - 1));
            }
            Select lit = select(t.c("id")).where(t.c("name").in(bindparam("names", List.of("b", "c")).literalExecute())).orderBy(t.c("id"));
            assertThat(conn.execute(lit).scalars()).isEqualTo(List.of(2, 3));
        });
    }
}
