package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lambda reading fields (of its enclosing object, or static) sends their current values, as its spoiled form does. */
class LambdaFieldsTest {
    static final TableClause T = table("lf_t", column("id", Types.INTEGER), column("name", Types.STRING));
    static int staticMin = 1;
    int min = 1;
    String col = "id";

    StatementLambdaElement byField() {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(min)));
    }

    StatementLambdaElement byFieldIdentifier() {
        return lambdaStmt(() -> select(T.c(col)));
    }

    static StatementLambdaElement byStatic() {
        return lambdaStmt(() -> select(T.c("id")).where(T.c("id").gt(staticMin)));
    }

    private static String sent(ClauseElement s) {
        Compiled c = s.compile();
        return c.string() + " " + c.bind(Map.of()).values();
    }

    @Test
    void anInstanceFieldChangedBetweenCalls() {
        assertThat(sent(byField())).isEqualTo(sent(byField().spoil()));
        min = 7;
        assertThat(sent(byField())).isEqualTo(sent(byField().spoil())).endsWith("[7]");
        assertThat(sent(byFieldIdentifier())).contains("lf_t.id");
        col = "name";
        assertThat(sent(byFieldIdentifier())).contains("lf_t.name");
    }

    @Test
    void aStaticFieldChangedBetweenCalls() {
        assertThat(sent(byStatic())).isEqualTo(sent(byStatic().spoil()));
        staticMin = 9;
        assertThat(sent(byStatic())).isEqualTo(sent(byStatic().spoil())).endsWith("[9]");
    }
}
