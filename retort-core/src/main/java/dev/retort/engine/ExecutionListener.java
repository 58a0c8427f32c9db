package dev.retort.engine;

import dev.retort.exc.RetortException;
import java.util.List;

/**
 * Told about every statement an {@link Engine} sends to the database, just before it is sent:
 * once per JDBC execution, so a batch (an {@code executemany} whose parameter sets all render
 * the same SQL) counts once. Listeners run on the executing thread; an exception a listener
 * throws aborts the execution.
 *
 * <pre>{@code
 * AtomicInteger count = new AtomicInteger();
 * engine.addListener((sql, params) -> count.incrementAndGet());
 * }</pre>
 *
 * <p>A listener that also wants to know how executions end overrides {@link #beforeExecute},
 * {@link #afterExecute} and {@link #onError}, which see the whole {@link Execution}: its kind,
 * its compiled-cache outcome, its duration (retort-micrometer's timers and observations are built
 * on them).
 */
@FunctionalInterface
public interface ExecutionListener {
    /** A statement is about to run with these values for its {@code ?} placeholders, in order. */
    void onExecute(String sql, List<Object> params);

    /**
     * A batch is about to run: one statement with several parameter sets. By default this is
     * reported as one {@link #onExecute} with the first parameter set.
     */
    default void onExecuteBatch(String sql, List<List<Object>> parameterSets) {
        onExecute(sql, parameterSets.get(0));
    }

    /**
     * An execution is about to run. By default this calls {@link #onExecuteBatch} for a batch
     * and {@link #onExecute} otherwise; a listener overriding it replaces those two.
     */
    default void beforeExecute(Execution execution) {
        if (execution.isBatch()) {
            onExecuteBatch(execution.sql(), execution.parameterSets());
        } else {
            onExecute(execution.sql(), execution.parameters());
        }
    }

    /** An execution succeeded: {@link Execution#elapsed()} and {@link Execution#rowCount()} are set. Does nothing by default. */
    default void afterExecute(Execution execution) {
    }

    /**
     * An execution failed with {@code error} (also {@link Execution#error()}), which is thrown
     * to the caller after the listeners ran. An exception a listener throws here is added to
     * it as suppressed. Does nothing by default.
     */
    default void onError(Execution execution, RetortException error) {
    }

    /**
     * {@code connection} is about to run {@code statement} (once per {@code execute} call,
     * before it is compiled), for listeners that need the statement itself, such as a result
     * cache invalidating the tables a DML statement writes. Does nothing by default.
     */
    default void onStatement(Connection connection, dev.retort.sql.ClauseElement statement) {
    }
}
