package dev.retort.dialect;

import static dev.retort.sql.SQL.falseLiteral;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.trueLiteral;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DropTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SQL.trueLiteral()} / {@code falseLiteral()} work on the right of IS and IS NOT, which
 * take only a truth keyword on MySQL and MariaDB ({@code x IS 1} is a syntax error there), and
 * as a selected value.
 */
class BooleanLiteralOnServersTest {
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void trueAndFalseAfterIs(Databases.Database db) {
        Engine engine = db.engine();
        Table t = new Table("bool_lit_" + UUID.randomUUID().toString().substring(0, 8), new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("flag", Types.BOOLEAN));
        try (Connection conn = engine.connect()) {
            conn.execute(new CreateTable(t));
            conn.commit();
            try {
                conn.execute(dev.retort.sql.SQL.insert(t).values(List.of(
                        java.util.Map.of("id", 1, "flag", true), java.util.Map.of("id", 2, "flag", false))));
                assertThat(conn.execute(select(t.c("id")).where(t.c("flag").is(trueLiteral()))).scalars()).containsExactly(1);
                assertThat(conn.execute(select(t.c("id")).where(t.c("flag").isNot(trueLiteral()))).scalars()).containsExactly(2);
                assertThat(conn.execute(select(t.c("id")).where(t.c("flag").is(falseLiteral()))).scalars()).containsExactly(2);
            } finally {
                conn.rollback();
                conn.execute(new DropTable(t).ifExists());
                conn.commit();
            }
        }
    }
}
