package dev.retort.types;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CompileOption;
import dev.retort.sql.Select;
import dev.retort.testing.Databases;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ARRAY and range values written inline ({@link CompileOption#LITERAL_BINDS}) on PostgreSQL: the
 * SQL text, run as it is, gives back the values. SQLAlchemy 2.1.1 writes {@code ARRAY[1, 2, 3]}
 * and {@code ARRAY['x', 'it''s']} and has no inline form for a range (CompileError "No literal
 * value renderer"); Retort adds {@code ::type} to both (deliberate: PostgreSQL refuses an empty
 * {@code ARRAY[]}, which SQLAlchemy writes bare, reads an array of strings as {@code text[]}, and a
 * range literal is a string).
 */
class PostgresqlInlineLiteralsTest {

    private static String inline(Select s) {
        return s.compile(Dialects.postgresql(), CompileOption.LITERAL_BINDS).string();
    }

    @Test
    void arraysAndRangesAreWrittenWithTheirType() {
        assertThat(inline(select(literal(List.of(1, 2, 3), Types.array(Types.INTEGER))))).isEqualTo("SELECT ARRAY[1, 2, 3]::INTEGER[] AS anon_1");
        assertThat(inline(select(literal(List.of("x", "it's"), Types.array(Types.STRING))))).isEqualTo("SELECT ARRAY['x', 'it''s']::VARCHAR[] AS anon_1");
        assertThat(inline(select(literal(Range.of(1, 5), Types.INT4RANGE)))).isEqualTo("SELECT '[1,5)'::INT4RANGE AS anon_1");
        assertThat(inline(select(literal(Range.<Integer>empty(), Types.INT4RANGE)))).isEqualTo("SELECT 'empty'::INT4RANGE AS anon_1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void postgresqlReadsTheInlineValuesBack() {
        Engine pg = Databases.postgresql();
        List<String> strings = Arrays.asList("it's", "back\\slash", null, "", "{brace}", "\"q\"", "NULL");
        List<List<Integer>> grid = List.of(List.of(1, 2), List.of(3, 4));
        List<LocalDate> dates = List.of(LocalDate.of(2020, 2, 29));
        Range<BigDecimal> num = Range.of(new BigDecimal("-1.50"), new BigDecimal("2.25"), "(]");
        Range<LocalDate> days = Range.of(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 2, 1), "[]");
        Range<OffsetDateTime> stamps = Range.of(OffsetDateTime.of(2020, 1, 1, 10, 0, 0, 123_000_000, ZoneOffset.UTC), null);
        List<TypeEngine<?>> types = List.of(Types.array(Types.STRING), Types.array(Types.INTEGER).dimensions(2), Types.array(Types.INTEGER),
                Types.array(Types.DATE), Types.NUMRANGE, Types.DATERANGE, Types.TSTZRANGE, Types.INT4RANGE);
        List<Object> values = List.of(strings, grid, List.of(), dates, num, days, stamps, Range.empty());
        List<ColumnElement<?>> literals = new ArrayList<>();
        List<ColumnClause<?>> typed = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            literals.add(literal(values.get(i), (TypeEngine<Object>) types.get(i)).label("c" + i));
            typed.add(column("c" + i, types.get(i)));
        }
        try (Connection conn = pg.connect()) {
            // the inline SQL run as text, its columns read as the types
            var row = conn.execute(text(inline(select(literals.toArray(new ColumnElement<?>[0])))).columns(typed.toArray(new ColumnClause<?>[0]))).one();
            assertThat(row.get(0)).isEqualTo(strings);
            assertThat(row.get(1)).isEqualTo(grid);
            assertThat(row.get(2)).isEqualTo(List.of());
            assertThat(row.get(3)).isEqualTo(dates);
            assertThat(row.get(4)).isEqualTo(num);
            assertThat(row.get(5)).as("PostgreSQL keeps a discrete range as [)").isEqualTo(Range.of(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 2, 2)));
            assertThat(row.get(6)).isEqualTo(stamps);
            assertThat(row.get(7)).isEqualTo(Range.empty());
        }
    }
}
