package dev.retort.bench;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.text;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inserting 100,000 rows into a table with an auto-increment key, and committing: a plain JDBC
 * batch that does not read the keys back, against Retort's executemany, which returns every
 * key in parameter-set order ({@code Result.insertedPrimaryKeys()}: multi-row INSERT ...
 * RETURNING pages). Both use the same JDBC connection. PostgreSQL's driver runs with its
 * defaults (no {@code reWriteBatchedInserts}). The table is emptied before each insert.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class InsertKeysBench {
    static final int ROWS = 100_000;

    @Param({"sqlite", "postgresql"})
    public String db;

    private Engine engine;
    private Connection conn;
    private MetaData md;
    private Table items;
    private String insertSql;
    private final List<Map<String, Object>> rows = new ArrayList<>(ROWS);

    @Setup(Level.Trial)
    public void open() {
        String url = db.equals("sqlite") ? "jdbc:sqlite:file:retort-keys-" + UUID.randomUUID() + "?mode=memory&cache=shared"
                : "jdbc:postgresql://127.0.0.1:5432/test";
        engine = Engine.create(url, db.equals("sqlite") ? EngineOptions.builder().build() : EngineOptions.builder().user("postgres").build());
        md = new MetaData();
        items = new Table("bench_keys_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)), Column.of("qty", Types.INTEGER));
        md.createAll(engine);
        insertSql = "INSERT INTO " + items.name() + " (name, qty) VALUES (?, ?)";
        for (int i = 0; i < ROWS; i++) {
            rows.add(Map.of("name", "item " + i, "qty", i));
        }
        conn = engine.connect();
    }

    @Setup(Level.Invocation)
    public void empty() {
        conn.execute(text("DELETE FROM " + items.name()));
        conn.commit();
    }

    @TearDown(Level.Trial)
    public void close() {
        conn.close();
        md.dropAll(engine);
        engine.dispose();
    }

    @Benchmark
    public int a_plainJdbc() throws SQLException {
        int n = 0;
        try (PreparedStatement ps = conn.jdbc().prepareStatement(insertSql)) {
            for (Map<String, Object> row : rows) {
                ps.setString(1, (String) row.get("name"));
                ps.setInt(2, (Integer) row.get("qty"));
                ps.addBatch();
            }
            for (int c : ps.executeBatch()) {
                n += c;
            }
        }
        conn.jdbc().commit();
        return n;
    }

    @Benchmark
    public List<Row> b_retortWithKeys() {
        List<Row> keys = conn.execute(insert(items), rows).insertedPrimaryKeys();
        conn.commit();
        if (keys.size() != ROWS || keys.get(ROWS - 1).get(0) == null) {
            throw new IllegalStateException("Expected " + ROWS + " keys, got " + keys.size());
        }
        return keys;
    }
}
