package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/** A prefix operator over a label in a columns clause keeps the label's name (SQLAlchemy 2.1.1's SQL in each comment). */
class NegatedLabelTest {
    @Test
    void theOperatorIsNamedByTheLabel() {
        // select(-literal(5, Integer).label("z")); select(literal(5, Integer).label("z").distinct())
        assertThat(select(literal(5, Types.INTEGER).label("z").neg()).toString()).isEqualTo("SELECT -:param_1 AS z");
        assertThat(select(literal(5, Types.INTEGER).label("z").distinct()).toString()).isEqualTo("SELECT DISTINCT :param_1 AS z");
        // select(-literal(5, Integer)): an unnamed operand still gets an anonymous label
        assertThat(select(literal(5, Types.INTEGER).neg()).toString()).isEqualTo("SELECT -:param_1 AS anon_1");
    }

    @EachDatabase
    void theRowHasAColumnOfThatName(Database db) {
        try (Connection c = db.engine().connect()) {
            Row r = c.execute(select(literal(5, Types.INTEGER).label("z").neg())).all().get(0);
            assertThat(((Number) r.get("z")).intValue()).isEqualTo(-5);
        }
    }
}
