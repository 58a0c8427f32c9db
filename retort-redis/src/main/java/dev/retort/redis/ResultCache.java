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
 * cache.execute(conn, update(users).where(users.c("id").eq(5)).values(Map.of("name", "x")));   // invalidates at commit
 * cache.invalidate(users);
 * }</pre>
 */
public interface ResultCache {
    /** The statement's rows: from the cache when they are there, else read through {@code conn} and stored. */
    List<Row> fetch(Connection conn, ClauseElement statement);

    /** {@link #fetch(Connection, ClauseElement)} for a statement whose tables Retort cannot see ({@code text()}, or one holding a {@code text()} fragment or literal column): it reads {@code reads}. */
    List<Row> fetch(Connection conn, ClauseElement statement, TableClause... reads);

    /** Drops every cached result that read from any of these tables. */
    void invalidate(TableClause... tables);

    /**
     * Executes a statement through {@code conn}; an INSERT, UPDATE or DELETE (also one a lambda
     * builds) invalidates the results that read its table when the transaction commits.
     */
    Result execute(Connection conn, ClauseElement statement);

    /** {@link #execute(Connection, ClauseElement)} for a statement whose written tables Retort cannot see ({@code text()}). */
    Result execute(Connection conn, ClauseElement statement, TableClause... writes);
}
