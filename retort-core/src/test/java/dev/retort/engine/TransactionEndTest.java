package dev.retort.engine;

import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Connection#onTransactionEnd}: told once per transaction whether it committed. */
class TransactionEndTest {
    @Test
    void actionsRunOnceAfterCommitOrRollback() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            List<Boolean> seen = new ArrayList<>();
            try (Connection conn = engine.connect()) {
                conn.execute(text("SELECT 1")).all();
                conn.onTransactionEnd(seen::add);
                conn.commit();
                conn.commit();
                conn.onTransactionEnd(seen::add);
                conn.onTransactionEnd(c -> {
                    throw new IllegalStateException("logged, not thrown");
                });
                conn.rollback();
                conn.onTransactionEnd(seen::add);
            }
            try (Connection conn = engine.begin()) {
                conn.onTransactionEnd(seen::add);
            }
            assertThat(seen).containsExactly(true, false, false, true);
        } finally {
            engine.dispose();
        }
    }
}
