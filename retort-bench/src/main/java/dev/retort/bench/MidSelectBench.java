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
 * The mid-size SELECT with new values on every call, seven ways: (a) plain JDBC with a constant
 * SQL string, prepared on every call or once for the whole run (the floor); (b) Retort building the statement afresh, compiled cache on; (c) a
 * Retort lambda statement; (d) Retort with the cache off; (e) jOOQ building and rendering it
 * (no execution); (f) jOOQ executing it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true"})
public class MidSelectBench {
    @Benchmark
    public List<Object[]> a_plainJdbc(Shop s) throws SQLException {
        long n = s.next();
        List<String> statuses = Shop.statuses(n);
        try (PreparedStatement ps = s.jdbc.prepareStatement(Shop.MID_SQL)) {
            ps.setInt(1, Shop.age(n));
            ps.setString(2, statuses.get(0));
            ps.setString(3, statuses.get(1));
            ps.setString(4, statuses.get(2));
            ps.setString(5, Shop.pattern(n));
            ps.setInt(6, Shop.qty(n));
            ps.setInt(7, 10);
            try (ResultSet rs = ps.executeQuery()) {
                return Shop.rows(rs, 6);
            }
        }
    }

    @Benchmark
    public List<Object[]> a_plainJdbcOneStatement(Shop s) throws SQLException {
        long n = s.next();
        List<String> statuses = Shop.statuses(n);
        PreparedStatement ps = s.midStatement;
        ps.setInt(1, Shop.age(n));
        ps.setString(2, statuses.get(0));
        ps.setString(3, statuses.get(1));
        ps.setString(4, statuses.get(2));
        ps.setString(5, Shop.pattern(n));
        ps.setInt(6, Shop.qty(n));
        ps.setInt(7, 10);
        try (ResultSet rs = ps.executeQuery()) {
            return Shop.rows(rs, 6);
        }
    }

    @Benchmark
    public List<Row> b_retortFreshStatement(Shop s) {
        long n = s.next();
        return s.retort.execute(Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n))).all();
    }

    @Benchmark
    public List<Row> c_retortLambda(Shop s) {
        long n = s.next();
        return s.retort.execute(Shop.midLambda(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n))).all();
    }

    @Benchmark
    public List<Row> d_retortCacheOff(Shop s) {
        long n = s.next();
        return s.retortUncached.execute(Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n))).all();
    }

    @Benchmark
    public Object e_jooqBuildRender(Shop s) {
        long n = s.next();
        var q = Shop.jooqMid(s.jooqRender, Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n));
        return new Object[] {q.getSQL(), q.getBindValues()};
    }

    @Benchmark
    public Object f_jooqExecute(Shop s) {
        long n = s.next();
        return Shop.jooqMid(s.jooq, Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)).fetch();
    }
}
