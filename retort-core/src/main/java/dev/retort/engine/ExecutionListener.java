package dev.retort.engine;

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
}
