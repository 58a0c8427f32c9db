package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.MetaData;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Values#scalarValues()} (format 1.12): VALUES as one column expression. The expected SQL
 * is SQLAlchemy 2.1.1's for {@code values(...).data(...).scalar_values()}.
 */
class ScalarValuesTest {
    private static final TableClause MYTABLE = table("mytable", column("myid", Types.INTEGER));

    private static ScalarValues<Integer> rows(String name, int... ids) {
        Values v = values(column(name, Types.INTEGER));
        return v.data(java.util.Arrays.stream(ids).mapToObj(List::<Object>of).toList()).scalarValues();
    }

    @Test
    void rendersInItsOwnParentheses() {
        ColumnElement<?> myid = MYTABLE.c("myid");
        assertThat(select(myid.in(rows("otherid", 1, 42))).toString())
                .isEqualTo("SELECT mytable.myid IN (VALUES (:param_1), (:param_2)) AS anon_1 \nFROM mytable");
        assertThat(select(myid.notIn(rows("otherid", 1, 42))).toString())
                .isEqualTo("SELECT (mytable.myid NOT IN (VALUES (:param_1), (:param_2))) AS anon_1 \nFROM mytable");
        assertThat(not(rows("myid", 7, 42)).toString()).isEqualTo("NOT (VALUES (:param_1), (:param_2))");
        assertThat(literal(5, Types.INTEGER).eq(any(rows("data", 1, 42))).toString()).isEqualTo(":param_1 = ANY (VALUES (:param_2), (:param_3))");
    }

    @Test
    void roundTrips() {
        Select stmt = select(MYTABLE.c("myid").in(rows("otherid", 1, 42)));
        for (Protocol p : Protocol.values()) {
            ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.toString()).isEqualTo(stmt.toString());
        }
    }

    @EachDatabase
    void inAndAnyAgainstScalarValuesOnTheDatabases(Database db) {
        try (Connection c = db.engine().connect()) {
            ColumnElement<Integer> five = literal(5, Types.INTEGER);
            assertThat(c.execute(select(five.in(rows("x", 1, 5)), five.in(rows("x", 1, 2)))).all().get(0).toList())
                    .extracting(v -> v instanceof Boolean b ? b : ((Number) v).intValue() != 0).containsExactly(true, false);
            if (db == Database.POSTGRESQL) {
                assertThat(c.execute(select(five.eq(any(rows("x", 1, 5))), five.eq(all(rows("x", 5, 6))))).all().get(0).toList())
                        .containsExactly(true, false);
            }
        }
    }
}
