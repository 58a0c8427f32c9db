package dev.retort.ext.serializer;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.SerializationException;
import dev.retort.sql.CTE;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Lateral;
import dev.retort.sql.Values;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A VALUES' name ({@link Values#named}, attribute {@code name} of format 1.16) is written and read
 * back once the writer's format is 1.16, refused by name before that; VALUES without a name and a
 * LATERAL compiled alone are written by every format.
 */
class NamedValuesSerializationTest {
    private static Values rows() {
        return values(column("col1", Types.STRING), column("col2", Types.INTEGER)).data(List.of(List.of("a", 2), List.of("b", 3)));
    }

    @Test
    void aNamedValuesNeedsFormat116() {
        CTE cte = rows().named("some name").cte();
        ClauseElement e = select(cte.c("col1"));
        for (Protocol p : Protocol.values()) {
            if (BinaryFormat.MINOR >= 16) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(e, p));
                assertThat(back.compile().string()).isEqualTo(e.compile().string()).contains("some_name_1(col1, col2)");
                assertThat(back.cacheKey()).isEqualTo(e.cacheKey());
            } else {
                assertThatThrownBy(() -> QuerySerializer.dumps(e, p)).isInstanceOf(SerializationException.class)
                        .hasMessageContaining("'name'").hasMessageContaining("'values'").hasMessageContaining("1.16");
            }
            ClauseElement unnamed = select(rows().cte().c("col1"));
            assertThat(((ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(unnamed, p))).compile().string())
                    .isEqualTo(unnamed.compile().string()).contains("anon_1(col1, col2)");
        }
        assertThat(rows().named("v").cacheKey()).isNotEqualTo(rows().cacheKey());
    }

    @Test
    void aLateralCompiledAloneRoundTrips() {
        Lateral l = select(column("x", Types.INTEGER)).lateral("alias");
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(l, p));
            assertThat(back.compile().string()).isEqualTo(l.compile().string()).isEqualTo("LATERAL (SELECT x)");
        }
    }
}
