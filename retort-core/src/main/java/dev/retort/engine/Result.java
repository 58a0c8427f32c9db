package dev.retort.engine;

import dev.retort.dialect.JdbcBinder;
import dev.retort.exc.RetortException;
import dev.retort.sql.Compiled.ResultColumn;
import dev.retort.types.TypeEngine;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What executing a statement produced: rows, read from the database as they are consumed, or the
 * number of rows a DML statement affected. A result is a cursor: each row is read once, whether
 * by iteration or by {@link #all()}, {@link #first()}, {@link #scalar()} and the like.
 *
 * <pre>{@code
 * List<Row> rows = conn.execute(select(users)).all();
 * Object n = conn.execute(select(func("count", users.c("id")))).scalar();
 * int changed = conn.execute(update(users).values(Map.of("name", "x"))).rowCount();
 * try (Result r = conn.execute(select(big)); Stream<Row> s = r.stream()) {   // streams; rows are
 *     s.forEach(this::process);                                             // fetched in batches
 * }
 * }</pre>
 *
 * <p>The statement behind a result is closed when its rows run out, when the result is closed,
 * and when its connection closes. Running another statement on the same connection (or
 * committing, or rolling back) first reads the rows this result has left into memory, so that
 * iterating one result while executing other statements works on every database; to keep a
 * large result streaming, finish it before the next statement. A result is used by one thread.
 */
public final class Result implements Iterable<Row>, AutoCloseable {
    private static final RowKeys NO_KEYS = new RowKeys(List.of());
    private static final TypeEngine<?>[] NO_TYPES = {};
    private static final JdbcBinder.Reader[] NO_READERS = {};

    private final Connection owner;
    private final String sql;
    private final List<Object> params;
    private final int rowCount;
    private final RowKeys keys;
    /** The type of each column, null where values are read as the driver gives them. */
    private final TypeEngine<?>[] types;
    /** The plain reader of each column, null where its type (or the driver, untyped) reads it. */
    private final JdbcBinder.Reader[] readers;
    private final boolean returnsRows;
    /**
     * The columns whose reader gives Integers or Longs by their value alone (a plain reader of INTEGER or BIGINT that
     * the result's shape did not replace), null for none: where a column repeats its value from row to row (a
     * joined load's parent key, a collection's foreign key), the row before's box is given again (see {@link #readBoxed}).
     */
    private final boolean[] boxing;
    /**
     * Whether a {@link #boxing} column's value is compared as a long: where the dialect reads integer columns by the
     * result's column type, which {@link Connection.DeclaredColumns} checks, so that getLong reads it exactly (and
     * without the string PostgreSQL's and MariaDB's drivers parse a double from); SQLite's values have a type each.
     */
    private final boolean longs;
    /** Per {@link #boxing} column, the last box read that {@code Integer.valueOf} does not cache, or null; made on first use. */
    private Object[] lastBoxes;
    /** Per {@link #boxing} column, how surely its value repeats: compared before it is read while above 0 (at most {@link #SURE}). */
    private byte[] repeats;
    private static final byte SURE = 3;
    /** Rows read ahead of the caller; made only when needed, since a result read straight through needs none. */
    private ArrayDeque<Row> buffered;
    /** The primary keys an INSERT inserted, in parameter-set order; null for other statements. */
    private List<Row> insertedPrimaryKeys;
    /** What an INSERT, UPDATE or DELETE asking returnDefaults() was given back, one row per parameter set or RETURNed row; null otherwise. */
    private List<Row> returnedDefaults;
    private Statement statement;
    private ResultSet rs;
    private RetortException pendingError;
    private boolean closed;

    private Result(int rowCount) {
        this.owner = null;
        this.sql = null;
        this.params = List.of();
        this.rowCount = rowCount;
        this.keys = NO_KEYS;
        this.types = NO_TYPES;
        this.readers = NO_READERS;
        this.boxing = null;
        this.longs = false;
        this.returnsRows = false;
    }

    /** Rows already read (an INSERT's RETURNING rows, put in parameter-set order). */
    private Result(RowKeys keys, List<Row> rows, int rowCount) {
        this.owner = null;
        this.sql = null;
        this.params = List.of();
        this.rowCount = rowCount;
        this.keys = keys;
        this.types = NO_TYPES;
        this.readers = NO_READERS;
        this.boxing = null;
        this.longs = false;
        this.returnsRows = true;
        this.buffered = new ArrayDeque<>(rows);
    }

    /**
     * Rows from {@code rs}. The compiled statement's result columns name and type them when it
     * declares them for every column; otherwise (textual SQL) the driver's labels name them and
     * values are read as the driver gives them.
     */
    Result(Connection owner, Statement statement, ResultSet rs, List<ResultColumn> declared, String sql, List<Object> params) throws SQLException {
        this.owner = owner;
        this.statement = statement;
        this.rs = rs;
        this.sql = sql;
        this.params = params;
        this.rowCount = -1;
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        if (declared.size() == n) {
            // The connection keeps the keys and types of the last declared columns: a statement
            // run again builds neither.
            Connection.DeclaredColumns columns = owner.declaredColumns(declared);
            this.keys = columns.keys();
            this.types = columns.types();
            JdbcBinder.Reader[] plain = columns.readersFor(owner);
            this.readers = columns.readersFor(owner, md);
            // Readers as declared (the usual case) share the declared columns' array rather than a copy per result.
            this.boxing = readers == plain ? columns.boxing() : boxing(columns.boxing(), plain, readers);
        } else {
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(md.getColumnLabel(i + 1));
            }
            this.keys = new RowKeys(names);
            this.types = new TypeEngine<?>[n];
            this.readers = new JdbcBinder.Reader[n];
            this.boxing = null;
        }
        this.longs = boxing != null && owner.dialect().jdbcBinder().readsWholeByColumnType();
        this.returnsRows = true;
    }

    /** The {@code declared} boxing columns whose reader is still the plain one (a decimal result of an INTEGER expression is not), or null for none. */
    private static boolean[] boxing(boolean[] declared, JdbcBinder.Reader[] plain, JdbcBinder.Reader[] readers) {
        if (declared == null) {
            return null;
        }
        boolean[] out = null;
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] && readers[i] == plain[i]) {
                if (out == null) {
                    out = new boolean[declared.length];
                }
                out[i] = true;
            }
        }
        return out;
    }

    /** A result without rows: a DML statement that changed {@code rowCount} rows (-1 when unknown). */
    static Result ofCount(int rowCount) {
        return new Result(rowCount);
    }

    /** A result of rows read already, with the column names {@code names}. */
    static Result ofRows(List<String> names, List<Row> rows, int rowCount) {
        return new Result(new RowKeys(names), rows, rowCount);
    }

    /** Attaches the primary keys of the rows an INSERT inserted; returns this result. */
    Result withInsertedPrimaryKeys(List<Row> primaryKeys) {
        this.insertedPrimaryKeys = List.copyOf(primaryKeys);
        return this;
    }

    /**
     * The primary key of each row an INSERT inserted, in the order of the parameter sets (one
     * row for a single-row INSERT), each a {@link Row} keyed by the primary key columns' keys.
     * Values the parameters gave are taken from them; values the database generated come back
     * through RETURNING where the dialect has it and through JDBC's generated keys otherwise
     * (MySQL). A key the database made that neither can report (a server default on MySQL that
     * is not AUTO_INCREMENT) is null.
     *
     * <pre>{@code
     * Result r = conn.execute(insert(users), List.of(Map.of("name", "jack"), Map.of("name", "ed")));
     * r.insertedPrimaryKeys().get(1).get("id");     // ed's generated id
     * }</pre>
     *
     * @throws RetortException when the statement was not an INSERT of a table with a primary key
     *     given by values (an INSERT ... SELECT, textual SQL, a SELECT)
     */
    public List<Row> insertedPrimaryKeys() {
        if (insertedPrimaryKeys == null) {
            throw new RetortException("insertedPrimaryKeys() is known only for an INSERT ... VALUES into a table with a primary key");
        }
        return insertedPrimaryKeys;
    }

    /** Attaches the values an INSERT asking {@code returnDefaults()} was given back; returns this result. */
    Result withReturnedDefaults(List<Row> rows) {
        this.returnedDefaults = List.copyOf(rows);
        return this;
    }

    /**
     * The values the database gave the row of an INSERT that asked {@link
     * dev.retort.sql.Insert#returnDefaults returnDefaults()} (SQLAlchemy's {@code
     * returned_defaults}), keyed by column key: the columns RETURNING gave back (see {@link
     * dev.retort.sql.Insert#returnedDefaultColumns()}), or where the dialect has no RETURNING
     * (MySQL) or the statement inserts several rows in one VALUES, the primary key alone. For an
     * executemany, the first parameter set's (all of them: {@link #returnedDefaultsRows()}). For
     * an UPDATE or DELETE ({@code Update.returnDefaults}, {@code Delete.returnDefaults}), its first
     * RETURNed row, keyed as the RETURNING columns.
     *
     * <pre>{@code
     * Row d = conn.execute(insert(items).values(Map.of("name", "a")).returnDefaults()).returnedDefaults();
     * d.get("id"); d.get("created");
     * }</pre>
     *
     * @throws RetortException when the statement did not ask returnDefaults()
     */
    public Row returnedDefaults() {
        List<Row> rows = returnedDefaultsRows();
        if (rows.isEmpty()) {
            throw new RetortException("returnedDefaults(): no row came back (no parameter set ran, the UPDATE or DELETE matched none, or its dialect RETURNs nothing)");
        }
        return rows.get(0);
    }

    /** {@link #returnedDefaults()} of each parameter set, in their order, or each row an UPDATE or DELETE RETURNed (SQLAlchemy's {@code returned_defaults_rows}). */
    public List<Row> returnedDefaultsRows() {
        if (returnedDefaults == null) {
            throw new RetortException("returnedDefaults() is known only for an INSERT ... VALUES, UPDATE or DELETE that asked returnDefaults()");
        }
        return returnedDefaults;
    }

    /**
     * The number of rows an INSERT, UPDATE or DELETE affected (summed over the parameter sets
     * of an executemany); -1 for statements that return rows, and when the driver does not say.
     */
    public int rowCount() {
        return rowCount;
    }

    /** Whether the statement produced rows (a SELECT, or DML with RETURNING). */
    public boolean returnsRows() {
        return returnsRows;
    }

    /** The column names of the rows, in order; empty when the statement returns no rows. */
    public List<String> keys() {
        return keys.names();
    }

    /** The rows not yet read; releases the statement. */
    public List<Row> all() {
        Row first = fetch();
        if (first == null) {
            return new ArrayList<>();
        }
        Row second = fetch();
        // One row (a primary-key look-up) needs no array of the default ten.
        List<Row> rows = new ArrayList<>(second == null ? 1 : 10);
        rows.add(first);
        for (Row r = second; r != null; r = fetch()) {
            rows.add(r);
        }
        return rows;
    }

    /**
     * {@link #all()}, with columns that repeat from row to row read once: for each group of
     * column positions, its first is a key, and where a row's key holds the row before's value
     * (not null), the group's other columns take the row before's values without being read. For
     * columns that are a function of the key in this result: a joined load's parent columns,
     * repeated on each of its children's rows.
     *
     * <pre>{@code
     * // users.id, users.name, addresses.id, addresses.email: a user's name read once for all of its addresses
     * List<Row> rows = conn.execute(select(users.c("id"), users.c("name"), addresses.c("id"), addresses.c("email"))
     *         .selectFrom(users.join(addresses))).all(new int[][] {{0, 1}});
     * }</pre>
     *
     * @throws dev.retort.exc.ArgumentException when a position is not a column of the rows
     */
    public List<Row> all(int[][] repeating) {
        for (int[] group : repeating) {
            if (group == null || group.length == 0) {
                discard();
                throw new dev.retort.exc.ArgumentException("A group of repeating columns needs its key's position, not " + (group == null ? "null" : "an empty group"));
            }
            for (int position : group) {
                if (position < 0 || position >= keys.names().size()) {
                    discard();
                    throw new dev.retort.exc.ArgumentException("Column position " + position + " is not among the " + keys.names().size() + " columns "
                            + keys.names());
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Object[] v : values(repeating)) {
            rows.add(new Row(keys, v));
        }
        return rows;
    }

    /**
     * The rows not yet read, each as its array of values, without a {@link Row} made of each (a load reads thousands):
     * {@link #all(int[][])} when {@code repeating} is given (checked by the caller), else {@link #all()}. For the ORM's
     * loader alone, which reaches it through {@code dev.retort.orm.ResultValues}: not API.
     */
    List<Object[]> values(int[][] repeating) {
        // A row that failed to read (a value its type cannot convert) may have left positions marked.
        repeated = null;
        Object[] first = fetchValues(repeating, null);
        if (first == null) {
            return new ArrayList<>();
        }
        Object[] second = fetchValues(repeating, first);
        // One row (a primary-key look-up) needs no array of the default ten.
        List<Object[]> rows = new ArrayList<>(second == null ? 1 : 10);
        rows.add(first);
        Object[] previous = first;
        for (Object[] r = second; r != null; r = fetchValues(repeating, previous)) {
            rows.add(r);
            previous = r;
        }
        return rows;
    }

    /** The next row, or null when there is none; drops the other rows and releases the statement. */
    public Row first() {
        Row r = fetch();
        discard();
        return r;
    }

    /** The only row; no row, or more than one, raises {@link RetortException}. Releases the statement. */
    public Row one() {
        Row r = oneOrNull();
        if (r == null) {
            throw new RetortException("Expected exactly one row, got none");
        }
        return r;
    }

    /** The only row, or null when there is none; more than one raises {@link RetortException}. Releases the statement. */
    public Row oneOrNull() {
        Row r = fetch();
        if (r != null && fetch() != null) {
            int n = 2;
            while (fetch() != null) {
                n++;
            }
            throw new RetortException("Expected exactly one row, got " + n);
        }
        return r;
    }

    /** The first column of the next row, or null when there is no row; drops the other rows. */
    public Object scalar() {
        Row r = first();
        return r == null ? null : r.get(0);
    }

    /** The first column of each row not yet read; releases the statement. */
    public List<Object> scalars() {
        List<Object> values = new ArrayList<>();
        for (Row r = fetch(); r != null; r = fetch()) {
            values.add(r.get(0));
        }
        return values;
    }

    /**
     * The rows not yet read, fetched from the database as the iteration advances. Every call
     * continues the same cursor.
     */
    @Override
    public Iterator<Row> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (buffered == null || buffered.isEmpty()) {
                    Row r = fetch();
                    if (r == null) {
                        return false;
                    }
                    buffer().addFirst(r);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("No more rows");
                }
                return buffered.pollFirst();
            }
        };
    }

    /** The rows not yet read, as a lazy stream; closing the stream closes the result. */
    public Stream<Row> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /**
     * Whether the result was closed, by {@link #close()} or by its connection closing; reading
     * from it then raises {@link RetortException}. A result whose rows ran out is not closed: it
     * just has no more rows.
     */
    public boolean isClosed() {
        return closed;
    }

    /** Releases the statement; rows not read are dropped. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            discard();
        }
    }

    /** Drops the rows not read and releases the statement. */
    private void discard() {
        if (buffered != null) {
            buffered.clear();
        }
        pendingError = null;
        release();
    }

    /**
     * Reads the rows left into memory and releases the statement, because the connection is
     * about to run another statement or end its transaction. A failure while reading is raised
     * when the rows are iterated to that point.
     */
    void detach() {
        if (rs == null) {
            return;
        }
        try {
            while (rs.next()) {
                buffer().addLast(new Row(keys, readRow()));
            }
        } catch (SQLException e) {
            pendingError = owner.failure(e, sql, params);
        } catch (RetortException e) {
            pendingError = e;
        } finally {
            release();
        }
    }

    private ArrayDeque<Row> buffer() {
        if (buffered == null) {
            buffered = new ArrayDeque<>();
        }
        return buffered;
    }

    private Row fetch() {
        if (buffered != null && !buffered.isEmpty() && !closed) {
            return buffered.pollFirst();
        }
        Object[] values = fetchValues(null, null);
        return values == null ? null : new Row(keys, values);
    }

    /** The next row's values; read as {@link #all(int[][])} says when {@code repeating} is given and there is a {@code previous} row. */
    private Object[] fetchValues(int[][] repeating, Object[] previous) {
        if (closed) {
            throw new RetortException("This result is closed" + (owner != null && owner.isClosed() ? " because its connection was closed" : ""));
        }
        if (buffered != null && !buffered.isEmpty()) {
            return buffered.pollFirst().values();
        }
        if (pendingError != null) {
            RetortException e = pendingError;
            pendingError = null;
            throw e;
        }
        if (rs == null) {
            return null;
        }
        try {
            if (rs.next()) {
                return repeating == null || previous == null ? readRow() : readRow(repeating, previous);
            }
            release();
            return null;
        } catch (SQLException e) {
            release();
            throw owner.failure(e, sql, params);
        }
    }

    private Object[] readRow() throws SQLException {
        Object[] values = new Object[types.length];
        dev.retort.dialect.Dialect dialect = owner.dialect();
        for (int i = 0; i < values.length; i++) {
            values[i] = readValue(i, dialect);
        }
        return values;
    }

    /**
     * Positions {@link #readRow(int[][], Object[])} took from the row before: cleared as the row is
     * finished, made once per result.
     */
    private boolean[] repeated;

    /** The current row, each group of {@code repeating} whose key holds {@code previous}'s value taken from it (see {@link #all(int[][])}). */
    private Object[] readRow(int[][] repeating, Object[] previous) throws SQLException {
        Object[] values = new Object[types.length];
        dev.retort.dialect.Dialect dialect = owner.dialect();
        if (repeated == null) {
            repeated = new boolean[values.length];
        }
        for (int[] group : repeating) {
            int k = group[0];
            if (!repeated[k]) {
                values[k] = readValue(k, dialect);
                repeated[k] = true;
            }
            if (values[k] != null && values[k].equals(previous[k])) {
                for (int j = 1; j < group.length; j++) {
                    values[group[j]] = previous[group[j]];
                    repeated[group[j]] = true;
                }
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (repeated[i]) {
                repeated[i] = false;
            } else {
                values[i] = readValue(i, dialect);
            }
        }
        return values;
    }

    /** The value of column {@code i} (from 0) of the current row. */
    private Object readValue(int i, dev.retort.dialect.Dialect dialect) throws SQLException {
        TypeEngine<?> type = types[i];
        JdbcBinder.Reader reader = readers[i];
        try {
            if (boxing != null && boxing[i]) {
                return readBoxed(i, reader);
            }
            return reader != null ? reader.read(rs, i + 1) : type == null ? rs.getObject(i + 1) : type.getResult(rs, i + 1, dialect);
        } catch (RuntimeException e) {
            // A value the type cannot convert: unparsable text in a SQLite date column, bytes
            // a PickleType cannot unpickle. The cause keeps the type's own exception.
            throw new RetortException("Cannot read column " + describeColumn(i) + " as " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value of {@link #boxing} column {@code i}: the row before's box when the value is the same. An id above 127
     * boxed anew on each of the rows repeating it was up to a sixth of what a joined load allocated. The value is
     * compared before it is read only while the column has been repeating (a unique id never is), as a long (see
     * {@link #longs}) or else a double: exact for a whole number below 2^53, which the box is, and a driver's reading
     * of any stored value (SQLite's REAL or text in an INTEGER column) that equals it is what the reader reads as that
     * box. A 0 (NULL reads as 0) is never a kept box.
     */
    private Object readBoxed(int i, JdbcBinder.Reader reader) throws SQLException {
        if (lastBoxes == null) {
            lastBoxes = new Object[boxing.length];
            repeats = new byte[boxing.length];
        }
        Object last = lastBoxes[i];
        if (repeats[i] > 0 && last != null) {
            boolean same;
            if (longs) {
                same = rs.getLong(i + 1) == ((Number) last).longValue();
            } else {
                double d = rs.getDouble(i + 1);
                same = last instanceof Integer x ? d == x : d == (Long) last;
            }
            if (same) {
                repeats[i] = (byte) Math.min(repeats[i] + 1, SURE);
                return last;
            }
            repeats[i]--;
        }
        Object v = reader.read(rs, i + 1);
        if (v != null && v.equals(last)) {
            repeats[i] = (byte) Math.max(repeats[i], 1);
            return last;
        }
        boolean kept = v instanceof Integer x ? x < -128 || x > 127 : v instanceof Long y && (y < -128 || y > 127) && y > -(1L << 53) && y < 1L << 53;
        lastBoxes[i] = kept ? v : null;
        return v;
    }

    /**
     * {@code 'name' of table 'users'} for column {@code i}, the table as the driver reports it
     * (the table an aliased column comes from; nothing for an expression). Asked only when
     * reading fails, since some drivers query the catalog for it.
     */
    private String describeColumn(int i) {
        String column = "'" + keys.names().get(i) + "'";
        try {
            String table = rs.getMetaData().getTableName(i + 1);
            return table == null || table.isEmpty() ? column : column + " of table '" + table + "'";
        } catch (SQLException e) {
            // The table only adds to the message of the error being raised.
            return column;
        }
    }

    /**
     * Gives the JDBC statement back to its connection (which keeps or closes it) and stops the
     * connection tracking this result. A failure here
     * concerns rows nobody will read (MariaDB reads the rest of a streamed result on close), so
     * it is only logged.
     */
    private void release() {
        if (rs == null) {
            return;
        }
        try {
            // Without a statement of its own (one prepared statement running repeatedly), only the rows are closed.
            if (statement != null) {
                owner.releaseStatement(sql, statement, rs);
            } else {
                rs.close();
            }
        } catch (SQLException e) {
            Engine.LOG.debug("Closing the statement of a result failed", e);
        }
        statement = null;
        rs = null;
        owner.forget(this);
    }
}
