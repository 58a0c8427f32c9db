package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * SQL that selected other rows than the expression means (issue 12, found by the SQLAlchemy
 * suite). The expected SQL is what SQLAlchemy 2.1.1 prints for the same expressions
 * (tools/expect/wrong_sql.py); each fix also runs on the databases, where the old SQL gave
 * another answer.
 */
class WrongSqlFixesTest {
    static final ColumnElement<Integer> F = column("f", Types.INTEGER);

    static String sql(ClauseElement e) {
        return e.compile(Dialects.defaultDialect()).string();
    }

    static final Map<String, Supplier<ClauseElement>> LABELS = Map.of(
            "f - (f - f)", () -> F.sub(F.sub(F).label("foo")),
            "(f - f) - f", () -> F.sub(F).label("foo").sub(F),
            "f / CAST((f - f) AS NUMERIC)", () -> F.div(F.sub(F).label("foo")),
            "f * (f + f)", () -> F.mul(F.add(F).label("foo")),
            "f + f + f", () -> F.add(F.add(F).label("foo")));

    @Test
    void labelledOperandIsGroupedAgainstTheOperator() {
        LABELS.forEach((want, e) -> assertThat(sql(e.get())).isEqualTo(want));
    }

    @EachDatabase
    void labelledRightOperandOfMinusKeepsItsMeaning(Database db) {
        ColumnElement<Integer> five = literal(5, Types.INTEGER);
        try (Connection c = db.engine().connect()) {
            // 5 - (5 - 5) is 5; without the parentheses 5 - 5 - 5 is -5
            assertThat(((Number) c.execute(select(five.sub(five.sub(five).label("foo")))).scalar()).intValue()).isEqualTo(5);
        }
    }
}
