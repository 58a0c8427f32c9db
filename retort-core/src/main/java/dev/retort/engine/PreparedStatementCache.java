package dev.retort.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checked-out connection's prepared statements, by SQL text, kept open so that running the
 * same SQL again skips the driver's prepare ({@link EngineOptions#statementCacheSize()}).
 * A statement is lent to one execution at a time: while its result is being read, the same
 * SQL gets a statement of its own, closed after use. Least recently used statements are closed
 * beyond the capacity; {@link #close()} closes them all. Used by one thread, like its connection.
 */
final class PreparedStatementCache {
    /** What prepares a statement the cache does not have. */
    interface Preparer {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    private final int capacity;
    private final Map<String, Kept> kept;
    /**
     * The entry of the map's most recent access, with its SQL: a statement run again with the same
     * SQL object (a cached compiled form's) finds it by identity, with no hashing and no reordering,
     * since it is the most recently used already. Null when it left the map.
     */
    private String lastSql;
    private Kept last;
    /**
     * Whether the connection's database keeps its text as UTF-8 (see {@link Connection}'s
     * textIsUtf8), null until known: kept here as it lives as long as the pooled connection.
     */
    private Boolean textIsUtf8;

    PreparedStatementCache(int capacity) {
        this.capacity = capacity;
        // Access order: iteration starts at the least recently used.
        this.kept = new LinkedHashMap<>(16, 0.75f, true);
    }

    Boolean textIsUtf8() {
        return textIsUtf8;
    }

    void textIsUtf8(boolean utf8) {
        textIsUtf8 = utf8;
    }

    /** A statement for {@code sql}: the kept one when it is free, else a new one. */
    PreparedStatement take(String sql, Preparer preparer) throws SQLException {
        if (capacity == 0) {
            return preparer.prepare(sql);
        }
        Kept k = sql == lastSql ? last : found(sql);
        if (k != null && !k.lent) {
            k.lent = true;
            return k.statement;
        }
        PreparedStatement ps = preparer.prepare(sql);
        if (k == null) {
            k = new Kept(ps);
            kept.put(sql, k);
            lastSql = sql;
            last = k;
            evict();
        }
        return ps;
    }

    /**
     * Takes back {@code ps}, prepared for {@code sql}, after its execution, its result set
     * {@code rs} (or null) read or dropped: a kept statement stays open for the next execution
     * (its bound values stay reachable until then, or until the connection closes); any other
     * is closed.
     */
    void release(String sql, Statement ps, ResultSet rs) throws SQLException {
        Kept k = sql == lastSql ? last : found(sql);
        if (k == null || k.statement != ps) {
            ps.close();
            return;
        }
        if (rs != null) {
            try {
                rs.close();
            } catch (SQLException | RuntimeException e) {
                discard(sql, ps);
                throw e;
            }
        }
        k.lent = false;
    }

    /** Closes {@code ps} and forgets it: its execution failed, so the statement is not trusted again. */
    void discard(String sql, Statement ps) {
        Kept k = found(sql);
        if (k != null && k.statement == ps) {
            kept.remove(sql);
            forget(k);
        }
        closeQuietly(ps);
    }

    /** Closes every kept statement. */
    void close() {
        for (Kept k : kept.values()) {
            closeQuietly(k.statement);
        }
        kept.clear();
        forget(last);
    }

    /** How many statements are kept (for tests). */
    int size() {
        return kept.size();
    }

    /** Closes the least recently used free statements beyond the capacity. */
    private void evict() {
        Iterator<Kept> it = kept.values().iterator();
        while (kept.size() > capacity && it.hasNext()) {
            Kept k = it.next();
            if (!k.lent) {
                it.remove();
                forget(k);
                closeQuietly(k.statement);
            }
        }
    }

    /** The kept entry for {@code sql} (or null), remembered as {@link #last}. */
    private Kept found(String sql) {
        Kept k = kept.get(sql);
        if (k != null) {
            lastSql = sql;
            last = k;
        }
        return k;
    }

    /** Stops remembering {@code k} as the last entry found, since it left the map. */
    private void forget(Kept k) {
        if (k == last) {
            lastSql = null;
            last = null;
        }
    }

    /** Closes {@code s} (if any), logging rather than throwing: the caller is already failing or done. */
    static void closeQuietly(Statement s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (SQLException e) {
            Engine.LOG.debug("Closing a prepared statement failed", e);
        }
    }

    /** A kept statement, and whether an execution is using it now. */
    private static final class Kept {
        final PreparedStatement statement;
        boolean lent = true;

        Kept(PreparedStatement statement) {
            this.statement = statement;
        }
    }
}
