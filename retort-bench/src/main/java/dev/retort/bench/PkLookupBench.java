package dev.retort.bench;

import dev.retort.engine.Row;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SELECT ... FROM users WHERE id = ?} with a new id on every call, the same seven ways as
 * {@link MidSelectBench}: the database does little, so the libraries' fixed costs show.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true"})
public class PkLookupBench {
    @Benchmark
    public List<Object[]> a_plainJdbc(Shop s) throws SQLException {
        try (PreparedStatement ps = s.jdbc.prepareStatement(Shop.PK_SQL)) {
            ps.setInt(1, Shop.userId(s.next()));
            try (ResultSet rs = ps.executeQuery()) {
                return Shop.rows(rs, 4);
            }
        }
    }

    @Benchmark
    public List<Object[]> a_plainJdbcOneStatement(Shop s) throws SQLException {
        PreparedStatement ps = s.pkStatement;
        ps.setInt(1, Shop.userId(s.next()));
        try (ResultSet rs = ps.executeQuery()) {
            return Shop.rows(rs, 4);
        }
    }

    @Benchmark
    public List<Row> b_retortFreshStatement(Shop s) {
        return s.retort.execute(Shop.pkSelect(Shop.userId(s.next()))).all();
    }

    @Benchmark
    public List<Row> c_retortLambda(Shop s) {
        return s.retort.execute(Shop.pkLambda(Shop.userId(s.next()))).all();
    }

    @Benchmark
    public List<Row> d_retortCacheOff(Shop s) {
        return s.retortUncached.execute(Shop.pkSelect(Shop.userId(s.next()))).all();
    }

    @Benchmark
    public Object e_jooqBuildRender(Shop s) {
        var q = Shop.jooqPk(s.jooqRender, Shop.userId(s.next()));
        return new Object[] {q.getSQL(), q.getBindValues()};
    }

    @Benchmark
    public Object f_jooqExecute(Shop s) {
        return Shop.jooqPk(s.jooq, Shop.userId(s.next())).fetch();
    }
}
