package dev.retort.engine;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.JdbcBinder;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CommitOutcomeUnknownException;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.RetortException;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.Compiled.BoundSql;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.sql.TryWithResources;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One database connection from an {@link Engine}'s pool, with its transaction. Autocommit is
 * off: a transaction begins with the first statement and lasts until {@link #commit()} or
 * {@link #rollback()}; the next statement begins another. Closing returns the connection to the
 * pool and rolls back what was not committed.
 *
 * <pre>{@code
 * try (Connection conn = engine.connect()) {
 *     conn.execute(users.insert(), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
 *     List<Row> rows = conn.execute(select(users).where(users.c("id").gt(6))).all();
 *     conn.commit();
 * }
 * }</pre>
 *
 * <p>A connection from {@link Engine#begin()} commits when it closes instead, unless its
 * try-with-resources block threw (read from the closing code's bytecode, see
 * {@link TryWithResources}: javac's try-with-resources is recognised) or a statement on it
 * failed since the last commit or rollback. When a statement failed and the block still
 * completed (the application caught the failure), {@code close()} rolls back and raises a
 * {@link RetortException} saying so, caused by the failure: neither half a unit of work is
 * committed nor the rest silently lost (a statement that may fail belongs in
 * {@link #beginNested()}). A connection closed otherwise, in a {@code finally} say, rolls back
 * when a statement failed and commits otherwise. {@link Engine#transaction} sees every
 * exception, however the code was compiled.
 *
 * <p>When the database drops the connection, the failing call raises an
 * {@link OperationalException} whose {@link OperationalException#isDisconnect()} is true, the
 * engine replaces its pool's connections, and this connection stays lost: later statements and
 * {@code commit()} fail at once without reaching the database, {@code rollback()} and
 * {@code close()} succeed (the database has rolled the transaction back). If the connection is
 * lost during {@code commit()} itself, the outcome cannot be known and
 * {@link CommitOutcomeUnknownException} says so.
 *
 * <p>A connection is used by one thread at a time.
 *
 * <p>Inside a transaction the application runs (an engine with a {@link TransactionBridge}, such
 * as the Spring Boot starter's, in a {@code @Transactional} method) the connection joins it:
 * {@code commit()} leaves the commit to the transaction's owner, {@code rollback()} marks the
 * transaction rollback-only, and {@code close()} ends nothing; {@link #isJoined()} tells.
 */
public final class Connection implements AutoCloseable {
    /** How many of a transaction's statements are kept for {@link CommitOutcomeUnknownException}. */
    private static final int KEPT_STATEMENTS = 100;
    /** SQLSTATE "connection does not exist": the client knew the connection was gone and sent nothing. */
    private static final String NO_CONNECTION = "08003";
    /** Finds the code that closes a connection from {@link Engine#begin()}. */
    private static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Engine engine;
    private final Lease lease;
    private final java.sql.Connection jdbc;
    private final boolean commitOnClose;
    private final long poolGeneration;
    /**
     * Results still reading rows: rarely more than one, so a list (removal by identity) rather than a hashed set; an
     * immutable list of the one until a second opens (a connection per get() made the array list per checkout).
     */
    private List<Result> openResults = List.of();
    private final PreparedStatementCache statements;
    /** Where statements are prepared: the pool's own connection when {@link #statements} outlive this checkout, else {@link #jdbc}. */
    private final java.sql.Connection preparing;
    /** The last declared result columns, their keys and types: a statement run again reuses them. */
    private DeclaredColumns last;
    /**
     * The transaction's first statements, for {@link CommitOutcomeUnknownException}; and its open
     * nested transactions. Each an empty immutable list until its first entry: a connection that
     * reads in autocommit mode (an ORM session's get) keeps no statement and begins no savepoint,
     * and made per checkout they were two objects of every such session.
     */
    private List<CommitOutcomeUnknownException.Statement> transaction = List.of();
    private int transactionSize;
    private List<NestedTransaction> nested = List.of();
    private boolean failed;
    /** What made {@link #failed} true: the cause of the exception a {@link Engine#begin()} connection's close raises after it. */
    private Throwable failedWith;
    private boolean lost;
    private boolean closed;
    /** In autocommit mode (see {@link #autocommit(boolean)}): each statement commits on its own. */
    private boolean autocommit;
    /**
     * Whether the JDBC connection is in autocommit mode now. A connection from an application's
     * pool comes in autocommit mode and is switched out of it only when a statement needs the
     * transaction: a short unit of work that reads in autocommit mode (an ORM session's get)
     * then does not switch it off and on again, which SQLite does with a BEGIN and a COMMIT.
     */
    private boolean jdbcAutocommit;
    /** The settings this connection changed, to restore before it goes back: null when unchanged. */
    private Integer isolationToRestore;
    private Boolean readOnlyToRestore;
    /** What runs when the current transaction ends: after a commit (true) or a rollback (false). */
    private List<java.util.function.Consumer<Boolean>> onEnd;
    /** The schema translations of this connection's statements, or null: its engine's unless set. */
    private SchemaTranslateMap schemaTranslate;

    Connection(Engine engine, Lease lease, boolean commitOnClose) {
        this.engine = engine;
        this.schemaTranslate = engine.schemaTranslateMap();
        this.lease = lease;
        this.jdbc = lease.jdbc();
        this.commitOnClose = commitOnClose;
        this.jdbcAutocommit = lease.restoreAutoCommit();
        java.sql.Connection physical = engine.physical(lease);
        this.preparing = physical == null ? jdbc : physical;
        this.statements = physical == null ? new PreparedStatementCache(engine.options().statementCacheSize()) : engine.keptStatements(physical);
        // Read after the checkout: a connection taken just before an invalidation then counts as
        // new, so its loss invalidates again (harmless) rather than being taken as covered.
        this.poolGeneration = engine.poolGeneration();
    }

    /**
     * A JDBC connection as the engine lent it: whether it belongs to a transaction the
     * application runs, and the settings to restore before an application's pool gets it back.
     */
    record Lease(java.sql.Connection jdbc, boolean joined, boolean restoreAutoCommit, Integer restoreIsolation, Boolean restoreReadOnly) {
    }

    /** The engine this connection came from. */
    public Engine engine() {
        return engine;
    }

    /**
     * Translates schemas in this connection's statements from now on, as SQLAlchemy's
     * {@code conn.execution_options(schema_translate_map=...)}: see
     * {@link Engine#withSchemaTranslateMap}. Replaces the engine's translations (an empty map or
     * null: none); returns this connection.
     *
     * <pre>{@code
     * try (Connection conn = engine.connect().schemaTranslateMap(Map.of("tenant", "tenant_42"))) {
     *     conn.execute(select(orders)).all();   // FROM tenant_42.orders
     * }
     * }</pre>
     */
    public Connection schemaTranslateMap(Map<String, String> translations) {
        this.schemaTranslate = SchemaTranslateMap.of(translations);
        return this;
    }

    /** The schema translations of this connection's statements, or null when it has none. */
    public SchemaTranslateMap schemaTranslateMap() {
        return schemaTranslate;
    }

    /** The compiled form of {@code statement} for parameters named {@code keys}, with this connection's schema translations. */
    CompiledCache.Lookup compiled(ClauseElement statement, Set<String> keys) {
        return engine.compiled(statement, keys, schemaTranslate);
    }

    /** The engine's dialect. */
    public Dialect dialect() {
        return engine.dialect();
    }

    /**
     * The JDBC connection underneath, for what Retort does not cover. Leave its autocommit mode
     * alone and do not close it: the pool owns it.
     */
    public java.sql.Connection jdbc() {
        if (!closed) {
            applyMode();
        }
        return jdbc;
    }

    /** Puts the JDBC connection in this connection's mode (see {@link #jdbcAutocommit}), before anything runs on it. */
    private void applyMode() {
        if (jdbcAutocommit != autocommit) {
            try {
                jdbc.setAutoCommit(autocommit);
            } catch (SQLException e) {
                throw failure(e, autocommit ? "SET AUTOCOMMIT ON" : "SET AUTOCOMMIT OFF", List.of());
            }
            jdbcAutocommit = autocommit;
        }
    }

    /** Whether this connection joined a transaction the application runs (see {@link TransactionBridge}). */
    public boolean isJoined() {
        return lease.joined();
    }

    /**
     * Whether a transaction is under way on this connection: a statement ran or a savepoint was
     * set since the last commit or rollback (never in autocommit mode), or the connection joined
     * a transaction the application runs. Under snapshot isolation (SQLite; REPEATABLE READ or SERIALIZABLE
     * elsewhere) such a transaction may read rows older than the latest commit.
     *
     * <pre>{@code
     * conn.execute(select(users)).all();
     * conn.inTransaction();        // true until commit() or rollback()
     * }</pre>
     */
    public boolean inTransaction() {
        return !closed && (lease.joined() || !autocommit && (transactionSize > 0 || !nested.isEmpty()));
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Runs a statement with the values it carries. */
    public Result execute(ClauseElement statement) {
        return execute(statement, Map.of());
    }

    /**
     * Runs a statement; {@code params} replace the values of the bind parameters they name
     * (for an {@code insert(table)} without values, they also choose the columns).
     *
     * <pre>{@code
     * conn.execute(insert(users), Map.of("id", 1, "name", "ed"));
     * conn.execute(select(users).where(users.c("id").eq(bindparam("uid"))), Map.of("uid", 1));
     * }</pre>
     */
    public Result execute(ClauseElement statement, Map<String, ?> params) {
        beginExecution();
        try {
            applyMode();
            engine.beforeStatement(this, statement);
            if (InsertManyValues.applies(statement)) {
                return new InsertManyValues(this, (dev.retort.sql.Insert) statement, List.of(params)).run();
            }
            if (statement instanceof dev.retort.sql.Update u && u.returnsDefaults()) {
                return withReturnedDefaults(executeOne(statement, params), u.returnDefaultsSupplemental().isEmpty());
            }
            if (statement instanceof dev.retort.sql.Delete d && d.returnsDefaults()) {
                return withReturnedDefaults(executeOne(statement, params), d.returnDefaultsSupplemental().isEmpty());
            }
            return executeOne(statement, params);
        } catch (Throwable t) {
            failed = true;
            failedWith = t;
            throw t;
        }
    }

    /**
     * The result of an UPDATE or DELETE that asked {@code returnDefaults()}: its RETURNING rows are
     * the returned defaults, and, with supplemental columns, the result's rows too (SQLAlchemy
     * rewinds them); the row count is theirs. Nothing RETURNed (MariaDB's UPDATE): none.
     */
    private static Result withReturnedDefaults(Result r, boolean noRows) {
        if (!r.returnsRows()) {
            return r.withReturnedDefaults(List.of());
        }
        List<Row> rows = r.all();
        Result out = noRows ? Result.ofCount(rows.size()) : Result.ofRows(r.keys(), rows, rows.size());
        return out.withReturnedDefaults(rows);
    }

    /** Runs a statement with one parameter map, as it is. */
    Result executeOne(ClauseElement statement, Map<String, ?> params) {
        // No key set view of an empty map: the cache's check for names is then on a constant.
        CompiledCache.Lookup lookup = compiled(statement, params.isEmpty() ? Set.of() : params.keySet());
        return run(lookup.entry().bind(statement, params), lookup.entry().compiled(), Execution.Kind.of(statement), lookup.outcome());
    }

    /**
     * Runs a statement once for each parameter set ("executemany"). When every set renders the
     * same SQL the sets go to the database as one JDBC batch; otherwise the statement runs once
     * per set. {@link Result#rowCount()} is the sum over the sets (-1 when the driver does not
     * report it). An empty list runs nothing.
     *
     * <p>An INSERT ... VALUES into a table with a primary key reports the key of every row
     * ({@link Result#insertedPrimaryKeys()}); when the database generates them, or the INSERT has
     * RETURNING, the rows go as multi-row INSERTs of up to 1,000 rows, and the RETURNING rows come
     * back in the order of the parameter sets (see the README's "Generated keys").
     *
     * <pre>{@code
     * conn.execute(insert(users), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
     * List<Row> keys = conn.execute(insert(items), List.of(Map.of("name", "a"), Map.of("name", "b"))).insertedPrimaryKeys();
     * }</pre>
     */
    public Result execute(ClauseElement statement, List<? extends Map<String, ?>> parameterSets) {
        beginExecution();
        try {
            applyMode();
            engine.beforeStatement(this, statement);
            checkKeys(statement, parameterSets);
            if (!parameterSets.isEmpty() && InsertManyValues.applies(statement)) {
                return new InsertManyValues(this, (dev.retort.sql.Insert) statement, parameterSets).run();
            }
            return executeMany(statement, parameterSets);
        } catch (Throwable t) {
            failed = true;
            failedWith = t;
            throw t;
        }
    }

    /**
     * Runs a statement once for each row of {@code rows}, value {@code i} of a row being the value
     * of the parameter {@code names.get(i)}: {@link #execute(ClauseElement, List)} with the values
     * given by position rather than a map per row, for callers that make many rows of one shape
     * (the ORM's flush). Each row binds with no look-up by name: the compiled statement's placeholders
     * are matched with the names once, and their types resolved once, per compiled statement.
     * The rows go to the database as one JDBC batch (one row as one execution) on a prepared
     * statement kept by the connection's statement cache; listeners see one execution whose
     * parameter sets are the rows' values in placeholder order. {@link Result#rowCount()} is the
     * sum over the rows (-1 when the driver does not report it). Statements whose SQL depends on
     * the values (an expanding IN list), that return rows, or an INSERT that reports its keys run
     * as {@code execute(statement, List)} would with the same values as maps.
     *
     * <pre>{@code
     * var stmt = update(users).values(Map.of(users.c("name"), bindparam("v_name"))).where(users.c("id").eq(bindparam("pk_0")));
     * int n = conn.executeRows(stmt, List.of("v_name", "pk_0"), List.of(new Object[] {"ed", 1}, new Object[] {"wendy", 2})).rowCount();
     * }</pre>
     *
     * @throws ArgumentException when a name is repeated or a row does not have one value per name
     */
    public Result executeRows(ClauseElement statement, List<String> names, List<Object[]> rows) {
        beginExecution();
        try {
            applyMode();
            Set<String> keys = new java.util.LinkedHashSet<>(names);
            if (keys.size() != names.size()) {
                throw new ArgumentException("executeRows() names a parameter twice: " + names);
            }
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).length != names.size()) {
                    throw new ArgumentException("executeRows() row " + i + " has " + rows.get(i).length + " values for the " + names.size() + " names " + names);
                }
            }
            engine.beforeStatement(this, statement);
            if (rows.isEmpty()) {
                return Result.ofCount(0);
            }
            if (InsertManyValues.applies(statement)) {
                return new InsertManyValues(this, (dev.retort.sql.Insert) statement, asMaps(names, rows)).run();
            }
            CompiledCache.Lookup lookup = compiled(statement, keys);
            RowsPlan plan = engine.rowsPlan(lookup.entry(), statement, names);
            if (plan == null) {
                return executeMany(statement, asMaps(names, rows));
            }
            return runRows(plan, rows, Execution.Kind.of(statement), lookup.outcome());
        } catch (Throwable t) {
            failed = true;
            failedWith = t;
            throw t;
        }
    }

    /**
     * Updates many rows by the values of their {@code match} columns, each row of {@code rows}
     * giving the new values of {@code set} and then the values of {@code match}: where the
     * database can ({@link Dialect#supportsUpdateFromValues()}: PostgreSQL, SQLite 3.33+), as one
     * statement that joins the rows as a VALUES list,
     * {@code UPDATE t SET a=v.p0 FROM (VALUES (?::INTEGER, ?::INTEGER), ...) AS v (p0, p1) WHERE t.id = v.p1},
     * in pages of at most 1,000 rows and {@link Dialect#maxBindParameters()} values, each value
     * bound through its column's type; elsewhere as {@link #executeRows} of
     * {@code UPDATE t SET a=? WHERE t.id = ?}. {@link Result#rowCount()} is the number of rows
     * updated (a row whose match columns match no row updates nothing; rows must not repeat a
     * match). With {@code returning} columns the result also has a row of their values for each
     * row updated, in no particular order (only where the dialect supports this form).
     * Listeners see the single-row UPDATE as the statement and one execution per page.
     *
     * <pre>{@code
     * int n = conn.updateRows(users, List.of(users.c("name")), List.of(users.c("id")),
     *         List.of(new Object[] {"ed", 1}, new Object[] {"wendy", 2}), List.of()).rowCount();
     * }</pre>
     *
     * @throws ArgumentException when a row does not have one value per column, {@code set} or
     *         {@code match} is empty, or {@code returning} is asked of a dialect without this form
     */
    public Result updateRows(dev.retort.schema.Table table, List<dev.retort.schema.Column<?>> set, List<dev.retort.schema.Column<?>> match,
            List<Object[]> rows, List<dev.retort.schema.Column<?>> returning) {
        beginExecution();
        try {
            return updateRows(table, set, match, rows, returning, set.size() + match.size());
        } catch (Throwable t) {
            // As for executeRows: a begin() block that catches this and goes on is rolled back, and its close says why.
            failed = true;
            failedWith = t;
            throw t;
        }
    }

    private Result updateRows(dev.retort.schema.Table table, List<dev.retort.schema.Column<?>> set, List<dev.retort.schema.Column<?>> match,
            List<Object[]> rows, List<dev.retort.schema.Column<?>> returning, int width) {
        if (set.isEmpty() || match.isEmpty()) {
            throw new ArgumentException("updateRows() needs columns to set and columns to match, got " + set + " and " + match);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == null || rows.get(i).length != width) {
                throw new ArgumentException("updateRows() row " + i + " has " + (rows.get(i) == null ? "no array" : rows.get(i).length + " values")
                        + " for the " + width + " columns");
            }
        }
        int perPage = Math.max(1, Math.min(InsertManyValues.MAX_ROWS_PER_PAGE, dialect().maxBindParameters() / width));
        if (!dialect().supportsUpdateFromValues()) {
            if (!returning.isEmpty()) {
                throw new ArgumentException("updateRows() cannot return rows on " + dialect().name() + ": it has no UPDATE ... FROM (VALUES ...)");
            }
            UpdateRowsPlan plan = engine.updateRowsPlan(schemaTranslate, table, set, match, 1, returning);
            return executeRows(plan.perRow, plan.names, rows);
        }
        applyMode();
        UpdateRowsPlan plan = engine.updateRowsPlan(schemaTranslate, table, set, match, Math.max(1, Math.min(rows.size(), perPage)), returning);
        engine.beforeStatement(this, plan.perRow);
        int total = 0;
        List<Row> returned = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += perPage) {
            List<Object[]> page = rows.subList(from, Math.min(rows.size(), from + perPage));
            if (page.size() != plan.rows) {
                plan = engine.updateRowsPlan(schemaTranslate, table, set, match, page.size(), returning);
            }
            total += runUpdatePage(plan, page, returned);
        }
        return returning.isEmpty() ? Result.ofCount(total) : Result.ofRows(names(plan.returning), returned, total);
    }

    private static List<String> names(List<Compiled.ResultColumn> columns) {
        List<String> out = new ArrayList<>(columns.size());
        columns.forEach(c -> out.add(c.name()));
        return out;
    }

    /** One page of {@link #updateRows}: its rows' values bound in order, each through its column's type; the rows it returns added to {@code returned}. */
    private int runUpdatePage(UpdateRowsPlan plan, List<Object[]> page, List<Row> returned) {
        String sql = plan.sql;
        List<TypeEngine<?>> types = plan.types;
        TypeKind[] plain = plan.plain;
        int width = types.size();
        // The rows' values in order, read through the rows rather than copied (a listener or a failure's report keeps its own copy).
        List<Object> flat = new java.util.AbstractList<>() {
            @Override
            public Object get(int i) {
                return page.get(i / width)[i % width];
            }

            @Override
            public int size() {
                return page.size() * width;
            }

            /** Row by row: what the copy {@link #remember} keeps of a thousand rows is made of, rather than a get() per value. */
            @Override
            public Object[] toArray() {
                Object[] out = new Object[size()];
                for (int r = 0; r < page.size(); r++) {
                    System.arraycopy(page.get(r), 0, out, r * width, width);
                }
                return out;
            }
        };
        List<List<Object>> sets = List.of(flat);
        Execution execution = new Execution(engine, Execution.Kind.UPDATE, Execution.CacheOutcome.UNCACHED, sql, sets);
        engine.beforeExecute(execution);
        remember(sql, flat);
        PreparedStatement ps = null;
        try {
            ps = statements.take(sql, this::prepare);
            int index = 1;
            for (Object[] row : page) {
                for (int i = 0; i < width; i++) {
                    bindValue(ps, index++, row[i], types.get(i), plain[i]);
                }
            }
            int count;
            if (plan.returning.isEmpty()) {
                count = ps.executeUpdate();
            } else {
                // With RETURNING the statement gives rows: the count is theirs.
                List<Row> rows = new Result(this, null, ps.executeQuery(), plan.returning, sql, flat).all();
                returned.addAll(rows);
                count = rows.size();
            }
            statements.release(sql, ps, null);
            engine.afterExecute(execution, count);
            return count;
        } catch (SQLException | RuntimeException e) {
            discard(sql, ps);
            throw failed(execution, e, sql, flat);
        }
    }

    /** The rows of {@link #executeRows} as parameter maps, for the statements that do not bind by position. */
    private static List<Map<String, Object>> asMaps(List<String> names, List<Object[]> rows) {
        Map<String, Integer> positions = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions.put(names.get(i), i);
        }
        Map<String, Integer> shared = java.util.Collections.unmodifiableMap(positions);
        List<Map<String, Object>> maps = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            maps.add(new RowParameters(shared, row));
        }
        return maps;
    }

    /**
     * One row of {@link #executeRows} as a read-only parameter map: a view of the row's values,
     * with the names' positions shared by all rows. A map of its own for each row (a table and
     * an entry per value) was most of what an ORM flush's multi-row INSERT allocated per row.
     */
    private static final class RowParameters extends java.util.AbstractMap<String, Object> {
        private final Map<String, Integer> positions;
        private final Object[] values;

        RowParameters(Map<String, Integer> positions, Object[] values) {
            this.positions = positions;
            this.values = values;
        }

        @Override
        public Object get(Object key) {
            Integer at = positions.get(key);
            return at == null ? null : values[at];
        }

        @Override
        public boolean containsKey(Object key) {
            return positions.containsKey(key);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Set<String> keySet() {
            return positions.keySet();
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, Object>> iterator() {
                    java.util.Iterator<Map.Entry<String, Integer>> names = positions.entrySet().iterator();
                    return new java.util.Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return names.hasNext();
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            Map.Entry<String, Integer> e = names.next();
                            return new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), values[e.getValue()]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }

    /**
     * Whether two parameter sets name the same parameters, compared in their order (sets built
     * alike list them alike) before as sets: cheaper than hashing every name of every set.
     */
    private static boolean sameNames(Map<String, ?> a, Map<String, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        java.util.Iterator<String> other = b.keySet().iterator();
        for (String name : a.keySet()) {
            if (!name.equals(other.next())) {
                return a.keySet().equals(b.keySet());
            }
        }
        return true;
    }

    /**
     * Refuses, before any set runs, parameter sets whose keys the statement cannot take: a set
     * naming no parameter of it, or, when the sets' keys differ, a set lacking a parameter that
     * has no value of its own (SQLAlchemy's "required") and that another set gives. Sets run one
     * at a time (keys differing, or an INSERT reporting its keys) would otherwise have run
     * up to the refused one. Sets all of one shape (the usual executemany) are left to the
     * execution's own look-up: looking them up here too took its cache miss and counted a hit.
     */
    private void checkKeys(ClauseElement statement, List<? extends Map<String, ?>> sets) {
        int i = 1;
        while (i < sets.size() && sameNames(sets.get(i), sets.get(0))) {
            i++;
        }
        if (i >= sets.size()) {
            return;
        }
        Map<String, ?> lookedUp = null;
        Compiled first = null;
        for (i = 0; i < sets.size(); i++) {
            Map<String, ?> params = sets.get(i);
            if (lookedUp != null && sameNames(params, lookedUp)) {
                continue;
            }
            try {
                Compiled c = compiled(statement, params.keySet()).entry().compiled();
                first = first == null ? c : first;
            } catch (ArgumentException e) {
                throw badSet(e.getMessage(), i, sets.size(), statement, first, e);
            }
            lookedUp = params;
        }
        for (BindParameter<?> b : statement.cacheKey().bindParams()) {
            if (b.isUnique() || b.value() != null || b.supplier() != null) {
                continue;
            }
            int gives = -1;
            int lacks = -1;
            for (int s = 0; s < sets.size() && (gives < 0 || lacks < 0); s++) {
                if (sets.get(s).containsKey(b.key())) {
                    gives = gives < 0 ? s : gives;
                } else {
                    lacks = lacks < 0 ? s : lacks;
                }
            }
            if (gives >= 0 && lacks >= 0) {
                throw badSet("lacks parameter '" + b.key() + "', which has no value of its own and parameter set " + gives + " gives",
                        lacks, sets.size(), statement, first, null);
            }
        }
    }

    /** The refusal of parameter set {@code i} of {@code n}, showing the statement as the first set that compiled has it. */
    private ArgumentException badSet(String why, int i, int n, ClauseElement statement, Compiled first, Throwable cause) {
        String sql = first != null ? first.templateString() : statement.toString();
        String message = "Parameter set " + i + " of " + n + " " + (cause == null ? why : "is refused: " + why) + "; nothing was run\n[SQL: " + sql + "]";
        return cause == null ? new ArgumentException(message) : new ArgumentException(message, cause);
    }

    /** Runs a statement once per parameter set, as a JDBC batch when they all render the same SQL. */
    Result executeMany(ClauseElement statement, List<? extends Map<String, ?>> parameterSets) {
        List<BoundSql> bound = new ArrayList<>(parameterSets.size());
        Execution.CacheOutcome outcome = null;
        boolean sameSql = true;
        CompiledCache.Lookup lookup = null;
        Map<String, ?> lookedUp = null;
        Compiled first = null;
        for (Map<String, ?> params : parameterSets) {
            // Sets naming the same parameters (the usual executemany) share one look-up: a look-up per set was most of a batch's cost.
            if (lookup == null || !sameNames(params, lookedUp)) {
                lookup = compiled(statement, params.keySet());
                lookedUp = params;
            }
            // The first set's look-up stands for the batch: the others are of its shape or run alone.
            outcome = outcome == null ? lookup.outcome() : outcome;
            first = first == null ? lookup.entry().compiled() : first;
            bound.add(lookup.entry().bind(statement, params));
            sameSql &= bound.get(bound.size() - 1).sql().equals(bound.get(0).sql());
        }
        if (bound.isEmpty()) {
            return Result.ofCount(0);
        }
        Execution.Kind kind = Execution.Kind.of(statement);
        if (sameSql) {
            return runBatch(bound, first, kind, outcome);
        }
        int total = 0;
        for (BoundSql b : bound) {
            try (Result r = run(b, null, kind, outcome)) {
                total = total < 0 || r.rowCount() < 0 ? -1 : total + r.rowCount();
            }
        }
        return Result.ofCount(total);
    }

    /**
     * Begins a nested transaction: a savepoint that can be rolled back without ending the
     * transaction around it. See {@link NestedTransaction}.
     *
     * <pre>{@code
     * var savepoint = conn.beginNested();
     * conn.execute(insert(users), Map.of("id", 2, "name", "wendy"));
     * savepoint.rollback();                 // or commit(); the outer transaction goes on either way
     * }</pre>
     */
    public NestedTransaction beginNested() {
        ensureOpen();
        detachResults();
        if (lost) {
            throw lostConnection("SAVEPOINT");
        }
        if (autocommit) {
            throw new RetortException("A savepoint needs a transaction: this connection is in autocommit mode (autocommit(false) first)");
        }
        applyMode();
        try {
            NestedTransaction n = new NestedTransaction(this, jdbc.setSavepoint(), nested.size(),
                    new TransactionMark(transaction.size(), transactionSize, failed));
            if (!(nested instanceof ArrayList)) {
                nested = new ArrayList<>();
            }
            nested.add(n);
            return n;
        } catch (SQLException e) {
            throw failure(e, "SAVEPOINT", List.of());
        }
    }

    /** The transaction's bookkeeping at a savepoint, restored when it is rolled back to. */
    record TransactionMark(int kept, int size, boolean failed) {
    }

    /** Ends {@code n} and the nested transactions begun inside it. */
    void endNested(NestedTransaction n, boolean commit) {
        ensureOpen();
        if (!isActive(n)) {
            throw new RetortException("This nested transaction has already ended: " + n);
        }
        detachResults();
        try {
            if (lost) {
                throw lostConnection(commit ? "RELEASE SAVEPOINT" : "ROLLBACK TO SAVEPOINT");
            }
            if (commit) {
                jdbc.releaseSavepoint(n.savepoint());
            } else {
                jdbc.rollback(n.savepoint());
                TransactionMark mark = n.mark();
                if (mark.kept() < transaction.size()) {
                    transaction.subList(mark.kept(), transaction.size()).clear();
                }
                transactionSize = mark.size();
                failed = mark.failed();
            }
        } catch (SQLException e) {
            throw failure(e, commit ? "RELEASE SAVEPOINT" : "ROLLBACK TO SAVEPOINT", List.of());
        } finally {
            nested.subList(n.depth(), nested.size()).clear();
        }
    }

    /** Whether {@code n} is one of this connection's open nested transactions. */
    boolean isActive(NestedTransaction n) {
        return !closed && n.depth() < nested.size() && nested.get(n.depth()) == n;
    }

    /**
     * Sets the isolation level of this connection's transactions ({@code "READ COMMITTED"},
     * {@code "REPEATABLE READ"}, {@code "SERIALIZABLE"}, {@code "READ UNCOMMITTED"}), until it is
     * closed; the engine's default ({@link EngineOptions#isolationLevel()}) comes back with the
     * next checkout. Only between transactions: before the first statement, or right after a
     * commit or rollback.
     *
     * <pre>{@code
     * try (Connection conn = engine.connect()) {
     *     conn.isolationLevel("SERIALIZABLE").readOnly(true);
     *     ...
     * }
     * }</pre>
     */
    public Connection isolationLevel(String level) {
        int wanted = EngineOptions.jdbcIsolation(level);
        betweenTransactions("isolation level");
        try {
            int current = jdbc.getTransactionIsolation();
            if (current != wanted) {
                if (isolationToRestore == null) {
                    isolationToRestore = current;
                }
                jdbc.setTransactionIsolation(wanted);
            }
            return this;
        } catch (SQLException e) {
            throw failure(e, "SET TRANSACTION ISOLATION LEVEL " + level, List.of());
        }
    }

    /**
     * Makes this connection's transactions read-only (the database refuses writes) or not,
     * until it is closed. Only between transactions, like {@link #isolationLevel(String)}.
     */
    public Connection readOnly(boolean readOnly) {
        betweenTransactions("read-only mode");
        try {
            boolean current = dialect().isReadOnly(jdbc);
            if (current != readOnly) {
                if (readOnlyToRestore == null) {
                    readOnlyToRestore = current;
                }
                dialect().setReadOnly(jdbc, readOnly);
            }
            return this;
        } catch (SQLException e) {
            throw failure(e, "SET TRANSACTION " + (readOnly ? "READ ONLY" : "READ WRITE"), List.of());
        }
    }

    /**
     * Switches autocommit mode on or off, as SQLAlchemy's {@code isolation_level="AUTOCOMMIT"}.
     * In autocommit mode each statement commits on its own, as it runs: no transaction spans
     * them, so there is none to end ({@link #commit()} and {@link #rollback()} do nothing, and
     * closing sends no ROLLBACK). Switching it off makes the next statement begin a transaction
     * again. Only between transactions, like {@link #isolationLevel(String)}; the connection goes
     * back to the pool in the mode the pool lent it.
     *
     * <pre>{@code
     * try (Connection conn = engine.connect().autocommit(true)) {
     *     conn.execute(select(users)).all();      // no BEGIN, no ROLLBACK round trip
     *     conn.autocommit(false);                 // the next statement begins a transaction
     * }
     * }</pre>
     */
    public Connection autocommit(boolean on) {
        if (on == autocommit) {
            return this;
        }
        if (!on) {
            // Statements run in autocommit mode belong to no transaction.
            forgetTransaction();
        }
        betweenTransactions("autocommit mode");
        autocommit = on;
        if (on) {
            applyMode();
        }
        // Off: the next statement switches the JDBC connection (see jdbcAutocommit).
        return this;
    }

    /** Whether this connection is in autocommit mode; see {@link #autocommit(boolean)}. */
    public boolean isAutocommit() {
        return autocommit;
    }

    private void betweenTransactions(String what) {
        ensureOpen();
        if (lease.joined()) {
            throw new RetortException("The " + what + " of a joined transaction is its owner's to choose");
        }
        if (transactionSize > 0 && !autocommit) {
            throw new RetortException("The " + what + " cannot change in the middle of a transaction (" + transactionSize
                    + " statement(s) ran since it began); commit or roll back first");
        }
    }

    /** Puts back the settings this connection changed, so that the pool hands out the engine's defaults. */
    private void restoreSettings() {
        try {
            if (jdbcAutocommit && !lease.restoreAutoCommit()) {
                jdbc.setAutoCommit(false);
            }
            if (isolationToRestore != null) {
                jdbc.setTransactionIsolation(isolationToRestore);
            }
            if (readOnlyToRestore != null) {
                dialect().setReadOnly(jdbc, readOnlyToRestore);
            }
        } catch (SQLException e) {
            Engine.LOG.debug("Restoring a connection's isolation level or read-only mode failed", e);
        }
    }

    /** Commits the transaction; the next statement begins a new one. In a joined transaction, does nothing. */
    public void commit() {
        end(true);
    }

    /**
     * Runs {@code action} when the current transaction ends, with {@code true} after it commits
     * and {@code false} after it rolls back (also when the connection closes). For work that
     * must wait for the commit, such as invalidating cached results of the tables it wrote. A
     * commit that fails counts as committed, since its outcome is unknown. An action's exception
     * is logged, never thrown. In a transaction joined through a {@link TransactionBridge}, the
     * bridge runs it at the end of its owner's transaction if it can (see
     * {@link TransactionBridge#onTransactionEnd}).
     *
     * <pre>{@code
     * conn.onTransactionEnd(committed -> { if (committed) cache.invalidate(users); });
     * }</pre>
     */
    public void onTransactionEnd(java.util.function.Consumer<Boolean> action) {
        ensureOpen();
        if (lease.joined() && engine.onJoinedTransactionEnd(lease, action)) {
            return;
        }
        if (onEnd == null) {
            onEnd = new ArrayList<>(2);
        }
        onEnd.add(action);
    }

    private void ended(boolean committed) {
        List<java.util.function.Consumer<Boolean>> actions = onEnd;
        onEnd = null;
        if (actions == null) {
            return;
        }
        for (java.util.function.Consumer<Boolean> a : actions) {
            try {
                a.accept(committed);
            } catch (RuntimeException e) {
                Engine.LOG.warn("An action at the end of a transaction failed", e);
            }
        }
    }

    /**
     * Rolls the transaction back; the next statement begins a new one. In a joined transaction,
     * marks it rollback-only: its owner rolls it back at its end.
     */
    public void rollback() {
        end(false);
    }

    /**
     * Closes the connection's results and returns the connection to the pool, after rolling
     * back (or, for a connection from {@link Engine#begin()}, committing) its transaction, if
     * it is not in autocommit mode. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!openResults.isEmpty()) {
            for (Result r : List.copyOf(openResults)) {
                r.close();
            }
        }
        if (preparing == jdbc) {
            statements.close();
        }
        if (lease.joined()) {
            ended(true);
            engine.release(lease, false);
            return;
        }
        // In autocommit mode every statement has committed already; with the JDBC connection still in it, none ran since.
        boolean threw = commitOnClose && !autocommit && !jdbcAutocommit && blockThrew();
        boolean commit = autocommit || commitOnClose && !failed && !threw;
        try {
            endTransaction(commit);
        } finally {
            ended(commit);
            if (!lost) {
                restoreSettings();
            }
            engine.release(lease, jdbcAutocommit);
        }
        if (commitOnClose && failed && !threw && !autocommit && !jdbcAutocommit) {
            // The block went on after catching a statement's failure: committing might keep half a unit of work, rolling back silently would lose the rest.
            throw new RetortException("The transaction of this engine.begin() connection was rolled back, not committed: a statement failed in it ("
                    + failedWith.getClass().getSimpleName() + ") and the block went on. Run a statement that may fail inside conn.beginNested(), "
                    + "or end the transaction with commit() or rollback() yourself", failedWith);
        }
    }

    /**
     * Whether this close is javac's for a try-with-resources block that threw (see
     * {@link TryWithResources}): the caller's bytecode tells, since {@code close()} is not told.
     */
    private static boolean blockThrew() {
        return CALLERS.walk(frames -> frames.dropWhile(f -> f.getDeclaringClass() == Connection.class).findFirst())
                .map(TryWithResources::closingAfterException).orElse(false);
    }

    @Override
    public String toString() {
        return "Connection[" + JdbcTarget.redact(engine.url()) + (closed ? ", closed" : "") + "]";
    }

    /**
     * Marks the transaction failed and translates the driver's exception; a lost connection
     * marks this connection lost and invalidates the engine's pool.
     */
    DBAPIException failure(SQLException e, String sql, List<?> params) {
        failed = true;
        DBAPIException x = Errors.translate(e, dialect(), sql, params);
        failedWith = x;
        if (x instanceof OperationalException o && o.isDisconnect() && !lost) {
            lost = true;
            engine.disconnected(poolGeneration);
        }
        return x;
    }

    /**
     * What a statement that failed while {@code execution} ran throws: the driver's exception
     * translated ({@link #failure}) and told to listeners; a Retort exception told to listeners
     * unless the execution had ended already (one thrown after it succeeded); anything else as it is.
     */
    private RuntimeException failed(Execution execution, Exception e, String sql, List<?> params) {
        if (e instanceof SQLException s) {
            return engine.executionFailed(execution, failure(s, sql, params));
        }
        if (e instanceof RetortException r) {
            return execution != null && execution.elapsed() == null ? engine.executionFailed(execution, r) : r;
        }
        return (RuntimeException) e;
    }

    /** A result of this connection no longer holds a statement. */
    void forget(Result r) {
        if (openResults.size() == 1 && openResults.get(0) == r) {
            openResults = List.of();
        } else if (openResults instanceof ArrayList) {
            openResults.remove(r);
        }
    }

    private void opened(Result r) {
        if (openResults.isEmpty()) {
            openResults = List.of(r);
            return;
        }
        if (!(openResults instanceof ArrayList)) {
            openResults = new ArrayList<>(openResults);
        }
        openResults.add(r);
    }

    private void end(boolean commit) {
        ensureOpen();
        detachResults();
        if (lease.joined()) {
            if (!commit) {
                engine.setRollbackOnly(lease);
            }
            forgetTransaction();
            failed = false;
            return;
        }
        try {
            endTransaction(commit);
        } finally {
            ended(commit);
        }
        failed = false;
    }

    /** Commits or rolls back the transaction, if there is one. */
    private void endTransaction(boolean commit) {
        if (autocommit || jdbcAutocommit) {
            // Each statement committed as it ran, or none ran: there is no transaction to end.
            forgetTransaction();
        } else if (commit) {
            commitTransaction();
        } else {
            rollbackTransaction();
        }
    }

    /**
     * Commits. A connection lost before the COMMIT was sent means a rolled-back transaction; one
     * lost after, an unknown outcome, unless the transaction ran nothing.
     */
    private void commitTransaction() {
        List<CommitOutcomeUnknownException.Statement> statements = List.copyOf(transaction);
        int size = transactionSize;
        forgetTransaction();
        if (lost) {
            throw lostConnection("COMMIT");
        }
        try {
            jdbc.commit();
        } catch (SQLException e) {
            DBAPIException x = failure(e, "COMMIT", List.of());
            if (lost && size > 0 && !NO_CONNECTION.equals(e.getSQLState())) {
                throw new CommitOutcomeUnknownException("(" + e.getClass().getName() + ") " + e.getMessage()
                        + "\nThe connection was lost during COMMIT: the transaction may or may not have been committed", statements, size, e);
            }
            throw x;
        }
    }

    /** Rolls back; on a lost connection there is nothing to roll back (the database has done it). */
    private void rollbackTransaction() {
        forgetTransaction();
        if (lost) {
            return;
        }
        try {
            jdbc.rollback();
        } catch (SQLException e) {
            DBAPIException x = failure(e, "ROLLBACK", List.of());
            if (!lost) {
                throw x;
            }
        }
    }

    private void forgetTransaction() {
        // The empty immutable lists refuse clear(), as every immutable list does.
        if (!transaction.isEmpty()) {
            transaction.clear();
        }
        transactionSize = 0;
        if (!nested.isEmpty()) {
            nested.clear();
        }
    }

    /** Keeps a statement of the transaction for {@link CommitOutcomeUnknownException}. */
    private void remember(String sql, List<?> params) {
        if (autocommit) {
            // Each statement commits as it runs and belongs to no transaction: nothing to keep.
            return;
        }
        if (transaction.size() < KEPT_STATEMENTS) {
            // The record copies the parameters itself.
            @SuppressWarnings("unchecked")
            List<Object> kept = (List<Object>) params;
            if (!(transaction instanceof ArrayList)) {
                transaction = new ArrayList<>();
            }
            transaction.add(new CommitOutcomeUnknownException.Statement(sql, kept));
        }
        transactionSize++;
    }

    private OperationalException lostConnection(String sql) {
        return new OperationalException("The connection to " + engine + " was lost: its transaction was rolled back by the database. "
                + "Close this connection and take another", sql, List.of(), new SQLException("Connection lost", NO_CONNECTION), true, false);
    }

    /**
     * Readies the connection for an execution: open, earlier results read into memory, not lost.
     * The execution itself runs in the caller, where any failure marks the transaction failed
     * (see {@link Engine#begin()}): written out there rather than taking the execution as a
     * lambda, which would be allocated on every call.
     */
    private void beginExecution() {
        ensureOpen();
        detachResults();
        if (lost) {
            failed = true;
            failedWith = lostConnection(null);
            throw (OperationalException) failedWith;
        }
    }

    private Result run(BoundSql bound, Compiled compiled, Execution.Kind kind, Execution.CacheOutcome outcome) {
        Execution execution = engine.observe(kind, outcome, bound.sql(), bound.values());
        remember(bound.sql(), bound.values());
        PreparedStatement ps = null;
        try {
            ps = statements.take(bound.sql(), this::prepare);
            bindValues(ps, bound, compiled, -1);
            // executeQuery where rows are certain: SQLite's execute() matches the SQL against a
            // pattern for generated keys on every call.
            ResultSet rs = kind == Execution.Kind.SELECT ? ps.executeQuery() : ps.execute() ? ps.getResultSet() : null;
            if (rs != null) {
                List<Compiled.ResultColumn> columns = compiled == null ? List.of() : compiled.resultColumns();
                Result r = new Result(this, ps, rs, columns, bound.sql(), bound.values());
                opened(r);
                engine.afterExecute(execution, -1);
                return r;
            }
            int count = ps.getUpdateCount();
            statements.release(bound.sql(), ps, null);
            engine.afterExecute(execution, count);
            return Result.ofCount(count);
        } catch (SQLException | RuntimeException e) {
            discard(bound.sql(), ps);
            throw failed(execution, e, bound.sql(), bound.values());
        }
    }

    /** Runs {@code bound}, of one SQL text, as a JDBC batch; {@code compiled}, the first set's form, names a parameter a value of which is refused. */
    private Result runBatch(List<BoundSql> bound, Compiled compiled, Execution.Kind kind, Execution.CacheOutcome outcome) {
        String sql = bound.get(0).sql();
        List<List<Object>> sets = new ArrayList<>(bound.size());
        for (BoundSql b : bound) {
            sets.add(b.values());
        }
        Execution execution = new Execution(engine, kind, outcome, sql, sets);
        engine.beforeExecute(execution);
        remember(sql, sets);
        try (PreparedStatement ps = prepare(sql)) {
            for (int set = 0; set < bound.size(); set++) {
                bindValues(ps, bound.get(set), compiled, set);
                ps.addBatch();
            }
            int total = 0;
            for (int count : ps.executeBatch()) {
                // Statement.SUCCESS_NO_INFO (-2) and the like: the driver did not count.
                total = total < 0 || count < 0 ? -1 : total + count;
            }
            engine.afterExecute(execution, total);
            return Result.ofCount(total);
        } catch (SQLException | RetortException e) {
            throw failed(execution, e, sql, sets);
        }
    }

    /** Runs {@link #executeRows}'s rows through {@code plan} on the kept statement for its SQL. */
    private Result runRows(RowsPlan plan, List<Object[]> rows, Execution.Kind kind, Execution.CacheOutcome outcome) {
        String sql = plan.sql;
        List<List<Object>> sets = plan.valuesOf(rows);
        Execution execution = new Execution(engine, kind, outcome, sql, sets);
        engine.beforeExecute(execution);
        remember(sql, sets);
        PreparedStatement ps = null;
        try {
            ps = statements.take(sql, this::prepare);
            int total;
            if (rows.size() == 1) {
                bindRow(ps, plan, rows.get(0), -1);
                total = ps.executeUpdate();
            } else {
                for (int set = 0; set < rows.size(); set++) {
                    bindRow(ps, plan, rows.get(set), set);
                    ps.addBatch();
                }
                total = 0;
                for (int count : ps.executeBatch()) {
                    // Statement.SUCCESS_NO_INFO (-2) and the like: the driver did not count.
                    total = total < 0 || count < 0 ? -1 : total + count;
                }
            }
            statements.release(sql, ps, null);
            engine.afterExecute(execution, total);
            return Result.ofCount(total);
        } catch (SQLException | RuntimeException e) {
            discard(sql, ps);
            throw failed(execution, e, sql, sets);
        }
    }

    /**
     * Binds one row of {@link #executeRows} as {@code plan} says: a plain kind straight through the
     * dialect's binder, else through its type; a refusal names row {@code set} of a batch (-1: none).
     */
    private void bindRow(PreparedStatement ps, RowsPlan plan, Object[] row, int set) throws SQLException {
        for (int p = 0; p < plan.size(); p++) {
            try {
                bindValue(ps, p + 1, plan.value(row, p), plan.types[p], plan.plainKinds[p]);
            } catch (ArgumentException e) {
                throw named(e, plan.compiled, p, set);
            }
        }
    }

    /** The rows one planned execution returned (RETURNING rows or generated keys, read in full) and its row count. */
    record Fetched(List<Row> rows, int rowCount) {
    }

    /**
     * Runs {@code sql} for {@link InsertManyValues}, prepared once, for each of {@code executions}:
     * with the values of its one parameter set, or as a JDBC batch over several. Reads every row
     * each returns, typed by {@code columns}: its RETURNING rows, or with {@code generatedKeys}
     * the driver's generated keys. Listeners see one execution each.
     */
    List<Fetched> runFetching(String sql, List<List<List<Object>>> executions, ValueBinder binder, List<Compiled.ResultColumn> columns,
            boolean generatedKeys, Execution.CacheOutcome outcome) {
        List<Fetched> out = new ArrayList<>(executions.size());
        PreparedStatement ps = null;
        try {
            ps = generatedKeys ? jdbc.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : prepare(sql);
            int calls = 0;
            for (List<List<Object>> sets : executions) {
                out.add(runPrepared(ps, sql, sets, binder, calls, columns, generatedKeys, out.isEmpty() ? outcome : Execution.CacheOutcome.HIT));
                calls += sets.size();
            }
            return out;
        } catch (SQLException e) {
            throw failure(e, sql, executions.get(0).get(0));
        } finally {
            PreparedStatementCache.closeQuietly(ps);
        }
    }

    /** One execution of {@link #runFetching}, whose first set is the binder's call {@code firstCall} (from 0). */
    private Fetched runPrepared(PreparedStatement ps, String sql, List<List<Object>> sets, ValueBinder binder, int firstCall,
            List<Compiled.ResultColumn> columns, boolean generatedKeys, Execution.CacheOutcome outcome) {
        Execution execution = new Execution(engine, Execution.Kind.INSERT, outcome, sql, sets);
        engine.beforeExecute(execution);
        remember(sql, sets.size() == 1 ? sets.get(0) : sets);
        try {
            int count;
            java.sql.ResultSet rs;
            if (sets.size() == 1 && !generatedKeys) {
                // Without generated keys the statement has RETURNING: rows are certain, and SQLite's
                // execute() would also match the SQL against a pattern and query last_insert_rowid().
                binder.bind(ps, sets.get(0), firstCall);
                count = -1;
                rs = ps.executeQuery();
            } else if (sets.size() == 1) {
                binder.bind(ps, sets.get(0), firstCall);
                boolean rows = ps.execute();
                count = rows ? -1 : ps.getUpdateCount();
                rs = rows ? ps.getResultSet() : ps.getGeneratedKeys();
            } else {
                for (int j = 0; j < sets.size(); j++) {
                    binder.bind(ps, sets.get(j), firstCall + j);
                    ps.addBatch();
                }
                count = 0;
                for (int c : ps.executeBatch()) {
                    count = count < 0 || c < 0 ? -1 : count + c;
                }
                rs = ps.getGeneratedKeys();
            }
            // A null statement: the result closes only its ResultSet, the prepared statement runs again.
            List<Row> rows = rs == null ? List.of() : new Result(this, null, rs, columns, sql, sets.get(0)).all();
            int changed = count < 0 ? rows.size() : count;
            engine.afterExecute(execution, changed);
            return new Fetched(rows, changed);
        } catch (SQLException | RetortException e) {
            throw failed(execution, e, sql, sets.get(0));
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = preparing.prepareStatement(sql);
        if (engine.options().fetchSize() > 0) {
            // Without a fetch size the PostgreSQL and MariaDB drivers read a whole result into memory.
            ps.setFetchSize(engine.options().fetchSize());
        }
        return ps;
    }

    /** Binds the values of one execution to a prepared statement (see {@link #runFetching}); {@code call} counts the binds of one runFetching from 0. */
    @FunctionalInterface
    interface ValueBinder {
        void bind(PreparedStatement ps, List<Object> values, int call) throws SQLException;
    }

    /**
     * Binds values through {@code types} as any execution does: value {@code i} through type
     * {@code i} modulo their number, so that the types of one row serve a multi-row page. A value
     * refused names its parameter, placeholder {@code i} modulo their number of {@code compiled}'s
     * single row, and, when {@code firstSet} is not -1, its parameter set: a call binds the same
     * number of rows, the first call's first being set {@code firstSet}, as the non-paged batch names them.
     */
    ValueBinder typedBinder(List<TypeEngine<?>> types, Compiled compiled, int firstSet) {
        int width = types.size();
        return (ps, values, call) -> {
            for (int i = 0; i < values.size(); i++) {
                try {
                    bindValue(ps, i + 1, values.get(i), types.get(i % width));
                } catch (ArgumentException e) {
                    throw named(e, compiled, i % width, firstSet < 0 ? -1 : firstSet + call * (values.size() / width) + i / width);
                }
            }
        };
    }

    /**
     * Binds through each parameter's type, or by the value's own kind when the type is unknown; a
     * value refused is reported with its parameter's name when {@code compiled} (may be null) knows it.
     */
    private void bindValues(PreparedStatement ps, BoundSql bound, Compiled compiled, int set) throws SQLException {
        for (int i = 0; i < bound.values().size(); i++) {
            try {
                bindValue(ps, i + 1, bound.values().get(i), bound.types().get(i));
            } catch (ArgumentException e) {
                throw named(e, compiled, i, set);
            }
        }
    }

    /**
     * {@code e}, refusing placeholder {@code i}, with the name of its parameter when {@code compiled}
     * knows it and the index (from 0) of its parameter set when it is one of several ({@code set}, else -1).
     */
    static ArgumentException named(ArgumentException e, Compiled compiled, int i, int set) {
        String name = compiled == null ? null : compiled.placeholderName(i);
        if (e.getClass() != ArgumentException.class || name == null && set < 0) {
            return e;
        }
        String where = (name == null ? "Parameter set " + set : "Parameter '" + name + "'" + (set < 0 ? "" : " of parameter set " + set));
        return new ArgumentException(where + ": " + e.getMessage(), e.getCause() != null ? e.getCause() : e);
    }

    /** Binds {@code value} as parameter {@code index} through {@code type}, or by the value's own kind when the type is unknown. */
    private void bindValue(PreparedStatement ps, int index, Object value, TypeEngine<?> type) throws SQLException {
        bindValue(ps, index, value, type, null);
    }

    /** {@link #bindValue(PreparedStatement, int, Object, TypeEngine)}; a non-null {@code plain} kind (see {@link RowsPlan}) binds {@code value} as that kind directly. */
    private void bindValue(PreparedStatement ps, int index, Object value, TypeEngine<?> type, TypeKind plain) throws SQLException {
        Dialect dialect = dialect();
        try {
            if (plain != null) {
                dialect.jdbcBinder().bind(ps, index, plain, value);
            } else if (type == null || type.kind() == TypeKind.NULL || beyondInteger(type, value)) {
                dialect.jdbcBinder().bind(ps, index, TypeKind.of(value), value);
            } else {
                type.setParameter(ps, index, inEngineZone(type, value, dialect), dialect);
            }
        } catch (RetortException e) {
            throw e;
        } catch (RuntimeException e) {
            // A value the type cannot convert, from a TypeDecorator for instance.
            throw new ArgumentException("Cannot bind parameter " + index + " (" + TypeKind.describe(value) + ") as "
                    + (type == null || type.kind() == TypeKind.NULL ? TypeKind.of(value) : type) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code value} is a number an integer {@code type} cannot hold (a wider long, a
     * fraction): it is bound as it is, as SQLAlchemy sends any Python number for an Integer, for
     * the database to compare or store; never cut. Results stay checked against their type.
     */
    private static boolean beyondInteger(TypeEngine<?> type, Object value) {
        if (!(value instanceof Number) || !type.kind().isInteger() || !(type instanceof dev.retort.types.SqlType)) {
            return false;
        }
        try {
            type.kind().coerce(value);
            return false;
        } catch (ArithmeticException e) {
            return true;
        }
    }

    /** A wall-clock value for a TIMESTAMP (with time zone) column, as the instant it denotes in the engine's zone. */
    private Object inEngineZone(TypeEngine<?> type, Object value, Dialect dialect) {
        java.time.ZoneId zone = engine.options().timeZone();
        if (zone.equals(java.time.ZoneOffset.UTC) || type.dialectImpl(dialect).kind() != TypeKind.TIMESTAMP) {
            return value;
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.atZone(zone).toOffsetDateTime();
        }
        return value instanceof java.time.LocalDate d ? d.atStartOfDay(zone).toOffsetDateTime() : value;
    }

    /**
     * The keys, types and plain readers of rows whose columns the compiled statement declares
     * (shared: not to be modified); the last ones are kept, so a statement run again builds none.
     */
    DeclaredColumns declaredColumns(List<Compiled.ResultColumn> declared) {
        DeclaredColumns d = last;
        if (d == null || d.declared() != declared) {
            d = engine.declaredColumns(declared);
            last = d;
        }
        return d;
    }

    /**
     * A compiled statement's result columns, with the keys, types and plain readers of its rows on
     * one engine's dialect (immutable but for the readers {@link WholeColumns} keeps: shared by the engine's connections).
     * {@code boxing} marks the columns whose plain reader gives Integers or Longs (see {@link Result}'s reuse of boxes), null for none.
     */
    record DeclaredColumns(List<Compiled.ResultColumn> declared, RowKeys keys, TypeEngine<?>[] types, JdbcBinder.Reader[] readers,
            JdbcBinder.Reader[] utf8Readers, WholeColumns whole, boolean[] boxing) {
        static DeclaredColumns of(List<Compiled.ResultColumn> declared, Dialect dialect) {
            List<String> names = new ArrayList<>(declared.size());
            TypeEngine<?>[] types = new TypeEngine<?>[declared.size()];
            JdbcBinder.Reader[] readers = new JdbcBinder.Reader[types.length];
            JdbcBinder.Reader[] utf8Readers = new JdbcBinder.Reader[types.length];
            boolean utf8Differs = false;
            int[] whole = new int[types.length];
            int wholeCount = 0;
            boolean[] boxing = new boolean[types.length];
            boolean boxes = false;
            JdbcBinder binder = dialect.jdbcBinder();
            for (int i = 0; i < types.length; i++) {
                names.add(declared.get(i).name());
                types[i] = declared.get(i).type();
                JdbcBinder.Reader plain = plainReader(types[i], dialect);
                JdbcBinder.Reader utf8 = plain == null ? null : binder.utf8PlainReader(((SqlType<?>) types[i]).kind());
                readers[i] = plain == null ? null : ((SqlType<?>) types[i]).reading(plain);
                utf8Readers[i] = utf8 == plain ? readers[i] : ((SqlType<?>) types[i]).reading(utf8);
                utf8Differs |= utf8 != plain;
                TypeKind kind = plain == null ? null : ((SqlType<?>) types[i]).kind();
                boxing[i] = kind == TypeKind.INTEGER || kind == TypeKind.BIGINT;
                boxes |= boxing[i];
                if (types[i] != null && types[i].dialectImpl(dialect).kind().isInteger() && binder.readsWholeByColumnType()) {
                    whole[wholeCount++] = i;
                }
            }
            return new DeclaredColumns(declared, new RowKeys(names), types, readers, utf8Differs ? utf8Readers : readers,
                    wholeCount == 0 ? null : new WholeColumns(java.util.Arrays.copyOf(whole, wholeCount), types, readers, dialect), boxes ? boxing : null);
        }

        /** The readers for {@code connection}: those of a UTF-8 database where they differ and it is one. */
        JdbcBinder.Reader[] readersFor(Connection connection) throws SQLException {
            return utf8Readers != readers && connection.textIsUtf8() ? utf8Readers : readers;
        }

        /**
         * The readers for {@code connection} of a result whose columns {@code md} describes: a column
         * declared whole that the result says is decimal or floating is read as such (see {@link WholeColumns}).
         */
        JdbcBinder.Reader[] readersFor(Connection connection, java.sql.ResultSetMetaData md) throws SQLException {
            JdbcBinder.Reader[] chosen = readersFor(connection);
            return whole == null ? chosen : whole.readers(chosen, md);
        }

        /**
         * The columns declared of a whole-number kind, whose result set may say otherwise: an expression
         * typed INTEGER by its first argument ({@code coalesce(CAST(NULL AS INTEGER), 1.25)}) that the
         * server computes as numeric or double, which {@code getLong()} would cut, or MariaDB's
         * {@code BIGINT UNSIGNED}, which it cannot read above 2^63 - 1 ({@link JdbcBinder#wholeShape}).
         * A type that is not plain (a variant, a MySQL integer type, a decorator over an integer) reads
         * the same value, then converts it as its {@code getResult} would. Their shapes are asked at
         * each execution, not once per statement: MariaDB's driver writes the values into the SQL, so
         * one statement's result type follows its values (5 or 1.5). That is one
         * {@code getColumnType} per such column (a field of the driver's column description), nothing
         * per row; the readers of the last shape other than the declared one are kept, so a repeated
         * shape builds none.
         */
        static final class WholeColumns {
            /** Bits of one column's shape in a kept shape's key; a shape of more columns than fit is not kept. */
            private static final int BITS = 2;
            private static final int KEPT_COLUMNS = Long.SIZE / BITS;

            private record Shape(JdbcBinder.Reader[] base, long key, JdbcBinder.Reader[] readers) {}

            private final int[] columns;
            private final TypeKind[] kinds;
            /** A column's conversion of what its reader read, for a type that is not plain, else null. */
            private final java.util.function.Function<Object, ?>[] converting;
            private final JdbcBinder binder;
            private volatile Shape last;

            @SuppressWarnings("unchecked")
            WholeColumns(int[] columns, TypeEngine<?>[] types, JdbcBinder.Reader[] plainReaders, Dialect dialect) {
                this.columns = columns;
                this.kinds = new TypeKind[columns.length];
                this.converting = new java.util.function.Function[columns.length];
                for (int k = 0; k < columns.length; k++) {
                    TypeEngine<?> type = types[columns[k]];
                    kinds[k] = type.dialectImpl(dialect).kind();
                    converting[k] = plainReaders[columns[k]] == null ? type.resultProcessor(dialect) : null;
                }
                this.binder = dialect.jdbcBinder();
            }

            /** {@code base}, or a copy whose whole columns that {@code md} describes otherwise read as they are. */
            JdbcBinder.Reader[] readers(JdbcBinder.Reader[] base, java.sql.ResultSetMetaData md) throws SQLException {
                long key = 0;
                int[] shapes = null;
                for (int k = 0; k < columns.length; k++) {
                    int shape = binder.wholeShape(kinds[k], md, columns[k] + 1);
                    if (shape != JdbcBinder.WHOLE_AS_DECLARED) {
                        if (shapes == null) {
                            shapes = new int[columns.length];
                        }
                        shapes[k] = shape;
                        key |= k < KEPT_COLUMNS ? (long) shape << (k * BITS) : 0;
                    }
                }
                if (shapes == null) {
                    return base;
                }
                Shape s = last;
                if (s != null && s.base() == base && s.key() == key && columns.length <= KEPT_COLUMNS) {
                    return s.readers();
                }
                JdbcBinder.Reader[] readers = base.clone();
                for (int k = 0; k < columns.length; k++) {
                    JdbcBinder.Reader r = binder.wholeReader(kinds[k], shapes[k]);
                    java.util.function.Function<Object, ?> convert = converting[k];
                    if (r != null) {
                        readers[columns[k]] = convert == null ? r : (rs, i) -> convert.apply(r.read(rs, i));
                    }
                }
                last = new Shape(base, key, readers);
                return readers;
            }
        }

        /**
         * The binder's plain reader for a built-in type read as it is (no variant for the dialect, no
         * conversion of null): what {@link TypeEngine#getResult} would do, resolved once instead of per
         * value (issue #13); a NUMERIC's scale is set by {@link SqlType#reading}. Decorated and JSON types are not plain and keep getResult.
         */
        private static JdbcBinder.Reader plainReader(TypeEngine<?> type, Dialect dialect) {
            if (!(type instanceof SqlType<?> t) || t.forDialect(dialect) != t || t.shouldEvaluateNone()) {
                return null;
            }
            return dialect.jdbcBinder().plainReader(t.kind());
        }
    }

    /**
     * Whether this connection's (SQLite) database keeps its text as UTF-8, asked once per pooled
     * connection (kept with its statements) or per checkout otherwise. An empty database is asked
     * again next time: until its first table, {@code PRAGMA encoding} may still change it.
     */
    private boolean textIsUtf8() throws SQLException {
        Boolean known = statements.textIsUtf8();
        if (known != null) {
            return known;
        }
        String encoding;
        boolean empty;
        try (Statement s = jdbc.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA encoding")) {
                encoding = rs.next() ? rs.getString(1) : null;
            }
            try (ResultSet rs = s.executeQuery("PRAGMA schema_version")) {
                empty = !rs.next() || rs.getLong(1) == 0;
            }
        }
        boolean utf8 = "UTF-8".equals(encoding);
        if (!empty) {
            statements.textIsUtf8(utf8);
        }
        return utf8 && !empty;
    }

    /** Takes back the statement of a result whose rows were read or dropped (see {@link PreparedStatementCache}). */
    void releaseStatement(String sql, Statement statement, ResultSet rs) throws SQLException {
        statements.release(sql, statement, rs);
    }

    /** Closes the statement of a failed execution; a kept one is not reused. */
    private void discard(String sql, PreparedStatement ps) {
        if (ps != null) {
            statements.discard(sql, ps);
        }
    }

    private void detachResults() {
        if (openResults.isEmpty()) {
            return;
        }
        for (Result r : List.copyOf(openResults)) {
            r.detach();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new RetortException("This connection is closed");
        }
    }
}
