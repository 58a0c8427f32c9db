package dev.retort.sql;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;

import dev.retort.engine.Engine;
import dev.retort.engine.ExecutionListener;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** The lambda statement tests' database: an in-memory SQLite engine holding one table of (id, name) rows. */
final class IdNameSqlite {
    private IdNameSqlite() {
    }

    /**
     * An engine with {@code table} created as {@code (id INTEGER, name VARCHAR(20))} and {@code rows} rows inserted ({@code row}
     * gives the i-th), which then adds each statement it sends, SQL and parameters, to {@code sent}.
     */
    static Engine open(TableClause table, int rows, IntFunction<Map<String, Object>> row, List<String> sent) {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        engine.inTransaction(c -> {
            c.execute(text("CREATE TABLE " + table.name() + " (id INTEGER, name VARCHAR(20))"));
            for (int i = 0; i < rows; i++) {
                c.execute(insert(table).values(row.apply(i)));
            }
        });
        engine.addListener((ExecutionListener) (sql, params) -> sent.add(sql + " " + params));
        return engine;
    }
}
