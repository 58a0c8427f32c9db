package dev.retort.engine;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A begin() block that catches a failure of {@link Connection#executeRows} and goes on: its close
 * rolls back and says why, as for {@code execute}. Before, executeRows left the failure unrecorded
 * and close() threw a NullPointerException of its own while building that message.
 */
class BeginRowsFailureTest {
    @Test
    void aCaughtExecuteRowsFailureIsReportedByClose() {
        Engine engine = Databases.sqlite();
        Table t = new Table("rows_" + UUID.randomUUID().toString().substring(0, 8), new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        t.metadata().createAll(engine);
        try {
            var stmt = update(t).values(Map.of(t.c("name"), bindparam("v"))).where(t.c("id").eq(bindparam("k")));
            assertThatThrownBy(() -> {
                try (Connection conn = engine.begin()) {
                    conn.execute(text("INSERT INTO " + t.name() + " (id, name) VALUES (1, 'a')"));
                    try {
                        conn.executeRows(stmt, List.of("v", "k"), List.<Object[]>of(new Object[] {"b"}));
                    } catch (ArgumentException shortRow) {
                        // the application carries on
                    }
                }
            }).isExactlyInstanceOf(RetortException.class).hasMessageContaining("rolled back").hasCauseInstanceOf(ArgumentException.class);
            assertThat(((Number) engine.transaction(c -> c.execute(text("SELECT count(*) FROM " + t.name())).scalar())).intValue()).isZero();
        } finally {
            t.metadata().dropAll(engine);
        }
    }

    /**
     * The same for {@link Connection#updateRows}: a row of the wrong width, or a value its column
     * cannot bind, caught inside a begin() block. Before, the short row left the transaction to
     * commit the block's INSERT, and the unbindable value made close() throw a
     * NullPointerException (the failure was marked but not recorded).
     */
    @Test
    void aCaughtUpdateRowsFailureIsReportedByClose() {
        Engine engine = Databases.sqlite();
        Table t = new Table("rows_" + UUID.randomUUID().toString().substring(0, 8), new MetaData(),
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        t.metadata().createAll(engine);
        try {
            for (Object[] bad : List.of(new Object[] {"b"}, new Object[] {"b", new Object()})) {
                assertThatThrownBy(() -> {
                    try (Connection conn = engine.begin()) {
                        conn.execute(text("INSERT INTO " + t.name() + " (id, name) VALUES (1, 'a')"));
                        try {
                            conn.updateRows(t, List.of(t.c("name")), List.of(t.c("id")), List.of(new Object[] {"c", 1}, bad), List.of());
                        } catch (ArgumentException badRow) {
                            // the application carries on
                        }
                    }
                }).isExactlyInstanceOf(RetortException.class).hasMessageContaining("rolled back").hasCauseInstanceOf(ArgumentException.class);
                assertThat(((Number) engine.transaction(c -> c.execute(text("SELECT count(*) FROM " + t.name())).scalar())).intValue()).isZero();
            }
        } finally {
            t.metadata().dropAll(engine);
        }
    }
}
