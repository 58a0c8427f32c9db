package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Compiled;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An element of an array-valued function call or CAST: PostgreSQL's grammar needs the call in
 * parentheses ({@code array_cat(a, b)[1]} is a syntax error). Expected SQL is what SQLAlchemy
 * 2.1.1 writes for {@code func.array_cat(nums.c.xs, nums.c.xs, type_=ARRAY(Integer))[2]} and
 * {@code func.array_agg(nums.c.x).filter(nums.c.x > 1)[1]} (PGDialect, qmark); for
 * {@code cast(nums.c.xs, ARRAY(Integer))[1]} SQLAlchemy writes the CAST bare, which PostgreSQL
 * refuses.
 */
class ArraySubscriptGroupingTest {
    private final MetaData md = new MetaData();
    private final Table nums = new Table("nums", md, Column.of("x", Types.INTEGER), Column.of("xs", Types.array(Types.INTEGER)));

    @Test
    void functionCallsAndCastsAreGrouped() {
        var ints = Types.array(Types.INTEGER);
        Compiled cat = select(func("array_cat", nums.c("xs"), nums.c("xs")).returning(ints).item(2)).compile(Dialects.postgresql());
        assertThat(cat.string().replaceAll("\\s+", " ")).isEqualTo("SELECT (array_cat(nums.xs, nums.xs))[?] AS anon_1 FROM nums");
        assertThat(cat.params()).containsExactly(Map.entry("array_cat_1", 2));
        Compiled agg = select(func("array_agg", nums.c("x")).returning(ints).filter(nums.c("x").gt(1)).item(1)).compile(Dialects.postgresql());
        assertThat(agg.string().replaceAll("\\s+", " ")).isEqualTo("SELECT (array_agg(nums.x) FILTER (WHERE nums.x > ?))[?] AS anon_1 FROM nums");
        assertThat(select(cast(nums.c("xs"), ints).slice(1, 2)).compile(Dialects.postgresql()).string().replaceAll("\\s+", " "))
                .startsWith("SELECT (CAST(nums.xs AS INTEGER[]))[?:?]");
    }

    /**
     * SQLAlchemy names a slice's bounds after the sliced expression's key, which a function call
     * has none of: {@code func.array_cat(nums.c.xs, nums.c.xs, type_=ARRAY(Integer))[2:5]} binds
     * param_1 and param_2 (its index, above, array_cat_1).
     */
    @Test
    void sliceOfFunctionCallNamesItsBoundsParam() {
        Compiled c = select(func("array_cat", nums.c("xs"), nums.c("xs")).returning(Types.array(Types.INTEGER)).slice(2, 5))
                .compile(Dialects.postgresql());
        assertThat(c.string().replaceAll("\\s+", " ")).isEqualTo("SELECT (array_cat(nums.xs, nums.xs))[?:?] AS anon_1 FROM nums");
        assertThat(c.params()).containsExactly(Map.entry("param_1", 2), Map.entry("param_2", 5));
    }

    @Test
    void postgresqlRunsThem() {
        var ints = Types.array(Types.INTEGER);
        try (Connection conn = Databases.postgresql().connect()) {
            var row = conn.execute(select(func("array_cat", SQL.array(1, 2), SQL.array(3)).returning(ints).item(3),
                    cast(SQL.array(4, 5, 6), ints).slice(2, 3))).all().get(0);
            assertThat(row.toList()).containsExactly(3, List.of(5, 6));
        }
    }
}
