package dev.retort.orm;

import dev.retort.engine.Engine;
import dev.retort.engine.ExecutionListener;
import dev.retort.testing.Databases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests on the seeds' tables and rows in each database: a session, and the SQL of every
 * statement run (the tables' suffix taken out, whitespace folded).
 */
abstract class SeedDatabaseTest {
    static SeedModel M;

    Engine engine;
    Session session;
    final List<String> sql = new ArrayList<>();
    private final ExecutionListener recorder = (s, p) -> sql.add(s.replace(M.suffix, "").replaceAll("\\s+", " ").trim());

    @BeforeAll
    static void map() {
        M = new SeedModel();
    }

    @AfterAll
    static void unmap() {
        M.close();
    }

    /** Fresh tables and rows in {@code db}, a session on it, and the recorder listening. */
    void setUp(Databases.Database db) {
        engine = db.engine();
        M.metadata.dropAll(engine);
        M.createAndFill(engine);
        session = SessionFactory.of(engine).open();
        engine.addListener(recorder);
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.removeListener(recorder);
            session.close();
            M.metadata.dropAll(engine);
        }
    }
}
