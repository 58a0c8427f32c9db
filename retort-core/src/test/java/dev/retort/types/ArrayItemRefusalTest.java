package dev.retort.types;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.TableClause;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.TempTable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An item of an INTEGER[], BIGINT[] or SMALLINT[] value (flat or nested, from a List or a Java
 * array) that its element type cannot hold is refused before the statement is sent, naming the
 * item's index and value rather than printing the whole array.
 */
class ArrayItemRefusalTest {
    private static final String DDL = "id INTEGER PRIMARY KEY, xs INTEGER[], bs BIGINT[], ss SMALLINT[], grid INTEGER[][]";

    private static TableClause arrays(TempTable t) {
        return table(t.name(), column("id", Types.INTEGER), column("xs", Types.array(Types.INTEGER)), column("bs", Types.array(Types.BIGINT)),
                column("ss", Types.array(Types.SMALLINT)), column("grid", Types.array(Types.INTEGER).dimensions(2)));
    }

    /** Inserting {@code value} into {@code col} is refused naming {@code item} and {@code shown}, and nothing is written. */
    private static void refused(Connection conn, TempTable t, String col, Object value, String item, String shown, String whole) {
        assertThatThrownBy(() -> conn.execute(insert(arrays(t)), Map.of("id", 1, col, value)))
                .isExactlyInstanceOf(ArgumentException.class)
                .hasMessageContaining("Parameter '" + col + "'")
                .hasMessageContaining("item " + item + " (" + shown + ")")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(whole).doesNotContain("@"));
        assertThat(((Number) conn.execute(text("SELECT COUNT(*) FROM " + t)).scalar()).longValue()).isZero();
    }

    @Test
    void integerArrayItemsTooBigFractionalNaNOrInfiniteAreNamedByIndex() {
        Database db = Database.POSTGRESQL;
        try (TempTable t = db.table("arr", DDL); Connection conn = db.engine().connect()) {
            refused(conn, t, "xs", List.of(1, 2, 1e12), "[2]", "1.0E12, a java.lang.Double", "[1, 2, 1.0E12]");
            refused(conn, t, "xs", List.of(1, 2.5, 3), "[1]", "2.5, a java.lang.Double", "[1, 2.5, 3]");
            refused(conn, t, "xs", List.of(Double.NaN), "[0]", "NaN, a java.lang.Double", "[NaN]");
            refused(conn, t, "xs", new Object[] {1, Double.POSITIVE_INFINITY}, "[1]", "Infinity, a java.lang.Double", "[1, Infinity]");
            refused(conn, t, "xs", new double[] {1, -1e12}, "[1]", "-1.0E12, a java.lang.Double", "[1.0, -1.0E12]");
            refused(conn, t, "xs", List.of(1, 3_000_000_000L), "[1]", "3000000000, a java.lang.Long", "[1, 3000000000]");
        }
    }

    @Test
    void bigintAndSmallintArraysAndNestedArraysNameTheItemToo() {
        Database db = Database.POSTGRESQL;
        try (TempTable t = db.table("arr", DDL); Connection conn = db.engine().connect()) {
            refused(conn, t, "bs", List.of(1L, 1e30), "[1]", "1.0E30, a java.lang.Double", "[1, 1.0E30]");
            refused(conn, t, "bs", List.of(new BigDecimal("9223372036854775808")), "[0]", "9223372036854775808, a java.math.BigDecimal", "[9223372036854775808]");
            refused(conn, t, "ss", List.of(1, 40000), "[1]", "40000, a java.lang.Integer", "[1, 40000]");
            refused(conn, t, "ss", new long[] {-32769}, "[0]", "-32769, a java.lang.Long", "[-32769]");
            refused(conn, t, "grid", List.of(List.of(1, 2), List.of(3, 1e12)), "[1][1]", "1.0E12, a java.lang.Double", "[[1, 2], [3, 1.0E12]]");
            refused(conn, t, "grid", List.of(List.of(1), new double[] {0.5}), "[1][0]", "0.5, a java.lang.Double", "0.5]");
        }
    }

    @Test
    void javaArraysOfWholeNumbersBindAsTheirItems() {
        Database db = Database.POSTGRESQL;
        try (TempTable t = db.table("arr", DDL); Connection conn = db.engine().connect()) {
            TableClause a = arrays(t);
            conn.execute(insert(a), Map.of("id", 1, "xs", new int[] {1, -2}, "bs", new double[] {3e15}, "ss", new short[] {7}, "grid", new int[][] {{1, 2}, {3, 4}}));
            var row = conn.execute(select(a.c("xs"), a.c("bs"), a.c("ss"), a.c("grid"))).one();
            assertThat(Arrays.asList(row.get(0), row.get(1), row.get(2), row.get(3)))
                    .containsExactly(List.of(1, -2), List.of(3_000_000_000_000_000L), List.of((short) 7), List.of(List.of(1, 2), List.of(3, 4)));
        }
    }
}
