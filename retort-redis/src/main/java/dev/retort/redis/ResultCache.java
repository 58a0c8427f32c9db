package dev.retort.redis;

import dev.retort.engine.Connection;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.TableClause;
import java.util.List;

/**
 * Rows of statements kept outside the database, so that repeated reads skip it.
 *
 * <pre>{@code
 * List<Row> rows = cache.fetch(conn, select(users).where(users.c("id").eq(5)));
 * cache.execute(conn, update(users).where(users.c("id").eq(5)).values(Map.of("name", "x")));   // writes and invalidates
 * cache.invalidate(users);
 * }</pre>
 */
public interface ResultCache {
    /** The statement's rows: from the cache when they are there, else read through {@code conn} and stored. */
    List<Row> fetch(Connection conn, ClauseElement statement);

    /** Drops every cached result that read from any of these tables. */
    void invalidate(TableClause... tables);

    /**
     * Executes a statement through {@code conn}; an INSERT, UPDATE or DELETE then invalidates the
     * results that read its table.
     */
    Result execute(Connection conn, ClauseElement statement);
}
