package dev.retort.bench;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PkLookupBench}'s fresh-statement look-up without and with a schema translate map
 * ({@code {null: "main"}}, SQLite's own database): what the map costs on the compiled cache's hot path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchemaTranslateBench {
    /** A connection of the shop's engine translating the tables without schema to {@code main}. */
    @State(Scope.Thread)
    public static class Tenant {
        Connection conn;

        @Setup(Level.Trial)
        public void open(Shop s) {
            Map<String, String> toMain = new HashMap<>();
            toMain.put(null, "main");
            conn = s.engine.connect().schemaTranslateMap(toMain);
        }

        @TearDown(Level.Trial)
        public void close() {
            conn.close();
        }
    }

    @Benchmark
    public List<Row> a_noMap(Shop s) {
        return s.retort.execute(Shop.pkSelect(Shop.userId(s.next()))).all();
    }

    @Benchmark
    public List<Row> b_tenantMap(Shop s, Tenant t) {
        return t.conn.execute(Shop.pkSelect(Shop.userId(s.next()))).all();
    }
}
