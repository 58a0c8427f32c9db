package com.example.notes;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;

import com.example.notes.NotesApplication.Schema;
import dev.retort.engine.Engine;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Notes, written through Retort and, to show both in one transaction, through JdbcTemplate. */
@Service
public class Notes {
    private final Engine engine;
    private final JdbcTemplate jdbc;
    private final Schema schema;

    public Notes(Engine engine, JdbcTemplate jdbc, Schema schema) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /** Inside the transaction Retort's connection is Spring's: Spring commits it when this returns. */
    @Transactional
    public void add(String body, String tag) {
        engine.inTransaction(conn -> conn.execute(insert(schema.notes()).values(Map.of("body", body, "tag", tag))));
    }

    /** Both writes are rolled back: the exception leaves the @Transactional method. */
    @Transactional
    public void addTwoThenFail(String first, String second) {
        add(first, "lost");
        jdbc.update("INSERT INTO notes (body, tag) VALUES (?, ?)", second, "lost");
        throw new IllegalStateException("both notes are gone");
    }

    @Transactional(readOnly = true)
    public List<String> byTag(String tag) {
        return engine.transaction(conn -> conn.execute(select(schema.notes().c("body"))
                .where(schema.notes().c("tag").eq(tag)).orderBy(schema.notes().c("id"))).scalars())
                .stream().map(String.class::cast).toList();
    }

    @Transactional(readOnly = true)
    public long count() {
        return engine.transaction(conn -> ((Number) conn.execute(select(func("count", schema.notes().c("id")))).scalar()).longValue());
    }
}
