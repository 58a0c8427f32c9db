package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A SELECT never changes: each generative call returns a new statement, and a statement made
 * earlier never sees what a later call (on it or on a statement derived from it) added, nor a
 * change to the array its arguments came in.
 */
class SelectImmutabilityTest {
    static final TableClause USERS = table("users", column("id", Types.INTEGER), column("name", Types.STRING), column("age", Types.INTEGER));
    static final TableClause ORDERS = table("orders", column("id", Types.INTEGER), column("user_id", Types.INTEGER));

    /** Generative calls, each adding something of its own (numbered so that every addition differs). */
    private static List<UnaryOperator<Select>> steps(int i) {
        return List.of(
                s -> s.where(USERS.c("id").gt(i)),
                s -> s.where(USERS.c("age").lt(i), USERS.c("name").like("n" + i)),
                s -> s.groupBy(USERS.c("age")),
                s -> s.having(USERS.c("age").ne(i)),
                s -> s.orderBy(desc(USERS.c("name")), USERS.c("age")),
                s -> s.addColumns(USERS.c("age").add(i)),
                s -> s.selectFrom(ORDERS),
                s -> s.limit(i),
                s -> s.offset(i));
    }

    @Test
    void anEarlierStatementNeverSeesALaterCallsAdditions() {
        SplittableRandom r = new SplittableRandom(20261206L);
        for (int round = 0; round < 300; round++) {
            // a chain of calls, remembering every statement along it with its text at the time
            List<Select> chain = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            Select s = select(USERS.c("id"));
            chain.add(s);
            texts.add(s.toString());
            int length = 1 + r.nextInt(8);
            for (int i = 0; i < length; i++) {
                List<UnaryOperator<Select>> steps = steps(round * 10 + i);
                // branch from any earlier statement, not only the last, so that two statements extend one list
                Select from = chain.get(r.nextInt(chain.size()));
                Select next = steps.get(r.nextInt(steps.size())).apply(from);
                chain.add(next);
                texts.add(next.toString());
            }
            for (int i = 0; i < chain.size(); i++) {
                assertThat(chain.get(i).toString()).isEqualTo(texts.get(i));
            }
        }
    }

    @Test
    void twoStatementsExtendingOneHaveEachOnlyTheirOwnAdditions() {
        Select base = select(USERS.c("id")).where(USERS.c("id").gt(1));
        Select a = base.where(USERS.c("age").lt(2));
        Select b = base.where(USERS.c("name").eq("b"));
        assertThat(base.whereCriteria()).hasSize(1);
        assertThat(a.whereCriteria()).hasSize(2).doesNotContainAnyElementsOf(b.whereCriteria().subList(1, 2));
        assertThat(b.whereCriteria()).hasSize(2).doesNotContainAnyElementsOf(a.whereCriteria().subList(1, 2));
        assertThat(a.whereCriteria().get(0)).isSameAs(base.whereCriteria().get(0));
    }

    @Test
    void theArgumentArrayIsCopiedAndTheListsCannotBeChanged() {
        ClauseElement[] criteria = {USERS.c("id").gt(1), USERS.c("age").lt(2)};
        Select s = select(USERS.c("id")).where(criteria);
        String before = s.toString();
        criteria[0] = USERS.c("name").eq("changed");
        assertThat(s.toString()).isEqualTo(before);
        assertThatThrownBy(() -> s.whereCriteria().add(USERS.c("id").eq(3))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.columns().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.where(USERS.c("id").eq(3), null)).isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void aSelectOfManyColumnsAndJoinsListsEveryColumnOnce() {
        // more entities than the first guess of the column array holds: it grows
        Object[] entities = new Object[12];
        for (int i = 0; i < entities.length; i++) {
            entities[i] = i % 3 == 0 ? USERS : USERS.c("age").add(i);
        }
        Select s = select(entities);
        assertThat(s.columns()).hasSize(4 * 3 + 8);
        assertThat(select(USERS.join(ORDERS, USERS.c("id").eq(ORDERS.c("user_id")))).explicitFroms()).hasSize(1);
    }
}
