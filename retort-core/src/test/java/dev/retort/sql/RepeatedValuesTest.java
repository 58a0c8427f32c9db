package dev.retort.sql;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code values()} called more than once, as SQLAlchemy 2.1 builds it (SQL and messages from
 * tools: insert(t).values(a=1).values(b="x") and the like, compiled on the default dialect): a
 * single row merges, later keys replacing earlier ones; lists of rows add up; the mixes SQLAlchemy
 * calls ambiguous raise.
 */
class RepeatedValuesTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("a", Types.INTEGER), Column.of("b", Types.string(20)));
    private final Table o = new Table("o", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x", Types.INTEGER));

    private static void sqlAndParams(ClauseElement stmt, String sql, Map<String, Object> params) {
        Compiled c = stmt.compile();
        assertThat(c.string()).isEqualTo(sql);
        assertThat(c.params()).isEqualTo(params);
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void anInsertsSecondValuesMergeWithTheFirstLaterKeysWinning() {
        sqlAndParams(insert(t).values(Map.of("a", 1)).values(Map.of("b", "x")), "INSERT INTO t (a, b) VALUES (:a, :b)", ordered("a", 1, "b", "x"));
        sqlAndParams(insert(t).values(Map.of("a", 1, "b", "y")).values(Map.of("a", 2)), "INSERT INTO t (a, b) VALUES (:a, :b)", ordered("a", 2, "b", "y"));
        sqlAndParams(insert(t).values(Map.of(t.c("a"), 1)).values(Map.of(t.c("a"), 2)), "INSERT INTO t (a) VALUES (:a)", ordered("a", 2));
        sqlAndParams(insert(t).values(Map.of()).values(Map.of("a", 1)), "INSERT INTO t (a) VALUES (:a)", ordered("a", 1));
    }

    @Test
    void listsOfRowsAddUp() {
        sqlAndParams(insert(t).values(List.of(Map.of("a", 1), Map.of("a", 2))).values(List.of(Map.of("a", 3))),
                "INSERT INTO t (a) VALUES (:a_m0), (:a_m1), (:a_m2)", ordered("a_m0", 1, "a_m1", 2, "a_m2", 3));
        sqlAndParams(insert(t).values(List.of(Map.of("a", 1, "b", "q"))).values(List.of(Map.of("a", 3, "b", "r"))),
                "INSERT INTO t (a, b) VALUES (:a_m0, :b_m0), (:a_m1, :b_m1)", ordered("a_m0", 1, "b_m0", "q", "a_m1", 3, "b_m1", "r"));
        // the first row's columns are inserted, as in one list
        sqlAndParams(insert(t).values(List.of(Map.of("a", 1))).values(List.of(Map.of("a", 3, "b", "x"))),
                "INSERT INTO t (a) VALUES (:a_m0), (:a_m1)", ordered("a_m0", 1, "a_m1", 3));
    }

    @Test
    void theMixesSqlalchemyCallsAmbiguousRaise() {
        String mixed = "Can't mix single and multiple VALUES formats in one INSERT statement; one style appends to a list while the other replaces values, "
                + "so the intent is ambiguous.";
        assertThatThrownBy(() -> insert(t).values(List.of(Map.of("a", 1), Map.of("a", 2))).values(Map.of("a", 3)))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage(mixed);
        assertThatThrownBy(() -> insert(t).values(List.of(Map.of("a", 1))).values(Map.of("a", 3)))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage(mixed);
        assertThatThrownBy(() -> insert(t).values(Map.of("a", 3)).values(List.of(Map.of("a", 1), Map.of("a", 2))))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage(mixed);
        assertThatThrownBy(() -> insert(t).fromSelect(List.of("a"), select(o.c("x"))).values(Map.of("a", 1)))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage("This construct already inserts from a SELECT");
        assertThatThrownBy(() -> insert(t).values(Map.of("a", 1)).fromSelect(List.of("a"), select(o.c("x"))))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage("This construct already inserts value expressions");
    }

    @Test
    void anUpdatesSecondValuesMergeWithTheFirstLaterKeysWinning() {
        sqlAndParams(update(t).values(Map.of("a", 1)).values(Map.of("b", "x")), "UPDATE t SET a=:a, b=:b", ordered("a", 1, "b", "x"));
        sqlAndParams(update(t).values(Map.of("a", 1, "b", "y")).values(Map.of("a", 2)), "UPDATE t SET a=:a, b=:b", ordered("a", 2, "b", "y"));
        sqlAndParams(update(t).values(Map.of("b", "y")).where(t.c("id").eq(5)).values(Map.of(t.c("a"), t.c("a").add(1))),
                "UPDATE t SET a=(t.a + :a_1), b=:b WHERE t.id = :id_1", ordered("a_1", 1, "b", "y", "id_1", 5));
    }

    @Test
    void orderedValuesTakeNoOtherValues() {
        assertThatThrownBy(() -> update(t).orderedValues(Map.entry(t.c("a"), 1)).values(Map.of("b", "x")))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage("This statement already has ordered values present");
        assertThatThrownBy(() -> update(t).values(Map.of("b", "x")).orderedValues(Map.entry(t.c("a"), 1)))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage("This statement already has values present");
        assertThatThrownBy(() -> update(t).orderedValues(Map.entry(t.c("a"), 1)).orderedValues(Map.entry(t.c("b"), "x")))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage("This statement already has ordered values present");
        // the refusal survives the copies made by where() and returning()
        assertThatThrownBy(() -> update(t).orderedValues(Map.entry(t.c("a"), 1)).where(t.c("id").eq(1)).returning(t.c("id")).values(Map.of("b", "x")))
                .isExactlyInstanceOf(ArgumentException.class).hasMessage("This statement already has ordered values present");
    }
}
