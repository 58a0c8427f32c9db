package dev.retort.engine;

import dev.retort.exc.RetortException;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DropIndex;
import dev.retort.schema.DropTable;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Delete;
import dev.retort.sql.Insert;
import dev.retort.sql.SelectBase;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TextClause;
import dev.retort.sql.Update;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One JDBC execution, as {@link ExecutionListener}s see it: its SQL (with {@code ?}
 * placeholders: the statement's shape, never its values), the values apart, what kind of
 * statement it is, whether its compiled form came from the engine's cache, and — once it has
 * run — how long it took and how many rows it changed. A listener may keep state of its own on
 * it between {@code beforeExecute} and {@code afterExecute}/{@code onError} with
 * {@link #put}/{@link #get} (a timer sample, a tracing span).
 *
 * <pre>{@code
 * engine.addListener(new ExecutionListener() {
 *     public void onExecute(String sql, List<Object> params) { }
 *     public void afterExecute(Execution e) { log.info("{} {} {} ms", e.kind(), e.cacheOutcome(), e.elapsed().toMillis()); }
 * });
 * }</pre>
 */
public final class Execution {
    /** What a statement does, for grouping metrics. */
    public enum Kind {
        SELECT, INSERT, UPDATE, DELETE, TEXT, DDL, OTHER;

        /** The kind of {@code statement}. */
        public static Kind of(ClauseElement statement) {
            if (statement instanceof StatementLambdaElement lambda) {
                return lambda.isSelect() ? SELECT : lambda.isInsert() ? INSERT : lambda.isUpdate() ? UPDATE
                        : lambda.isDelete() ? DELETE : lambda.isText() ? TEXT : OTHER;
            }
            if (statement instanceof SelectBase) {
                return SELECT;
            }
            if (statement instanceof Insert) {
                return INSERT;
            }
            if (statement instanceof Update) {
                return UPDATE;
            }
            if (statement instanceof Delete) {
                return DELETE;
            }
            if (statement instanceof TextClause) {
                return TEXT;
            }
            if (statement instanceof CreateTable || statement instanceof DropTable || statement instanceof CreateIndex || statement instanceof DropIndex
                    || statement instanceof dev.retort.schema.SchemaChange) {
                return DDL;
            }
            return OTHER;
        }
    }

    /** Where the compiled SQL came from: the engine's compiled cache, a fresh compile kept in it, or a compile outside it. */
    public enum CacheOutcome {
        /** A statement of the same shape was compiled before. */
        HIT,
        /** Compiled now, and kept for the next statement of this shape. */
        MISS,
        /** Compiled without the cache: it is off, or the statement has no cache key. */
        UNCACHED
    }

    private final Engine engine;
    private final Kind kind;
    private final CacheOutcome cacheOutcome;
    private final String sql;
    private final List<List<Object>> parameterSets;
    private final long startNanos = System.nanoTime();
    private long elapsedNanos = -1;
    private long rowCount = -1;
    private RetortException error;
    private Map<Object, Object> attributes;

    Execution(Engine engine, Kind kind, CacheOutcome cacheOutcome, String sql, List<List<Object>> parameterSets) {
        this.engine = engine;
        this.kind = kind;
        this.cacheOutcome = cacheOutcome;
        this.sql = sql;
        this.parameterSets = parameterSets;
    }

    /** The engine running it. */
    public Engine engine() {
        return engine;
    }

    /** What the statement does. */
    public Kind kind() {
        return kind;
    }

    /** Whether the compiled form came from the compiled cache. */
    public CacheOutcome cacheOutcome() {
        return cacheOutcome;
    }

    /** The SQL sent to the driver, with {@code ?} placeholders. */
    public String sql() {
        return sql;
    }

    /** The values for the placeholders (of the first parameter set, for a batch). */
    public List<Object> parameters() {
        return parameterSets.get(0);
    }

    /** Every parameter set: one, or several for a JDBC batch. */
    public List<List<Object>> parameterSets() {
        return parameterSets;
    }

    /** Whether this is a JDBC batch (an executemany whose parameter sets all render the same SQL). */
    public boolean isBatch() {
        return parameterSets.size() > 1;
    }

    /** How long the execution took (up to the driver's answer; reading rows afterwards is not counted); null before it ended. */
    public Duration elapsed() {
        return elapsedNanos < 0 ? null : Duration.ofNanos(elapsedNanos);
    }

    /** The rows an INSERT, UPDATE or DELETE changed (summed over a batch); -1 for a query or when unknown. */
    public long rowCount() {
        return rowCount;
    }

    /** The failure, once {@link ExecutionListener#onError} is told of it; else null. */
    public RetortException error() {
        return error;
    }

    /** Keeps a listener's value for this execution (key it by something of the listener's own). */
    public void put(Object key, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(key, value);
    }

    /** A value {@link #put} stored, or null. */
    public Object get(Object key) {
        return attributes == null ? null : attributes.get(key);
    }

    void succeeded(long rows) {
        elapsedNanos = System.nanoTime() - startNanos;
        rowCount = rows;
    }

    void failed(RetortException e) {
        elapsedNanos = System.nanoTime() - startNanos;
        error = e;
    }

    @Override
    public String toString() {
        return "Execution[" + kind + ", " + cacheOutcome + ", " + sql + "]";
    }
}
