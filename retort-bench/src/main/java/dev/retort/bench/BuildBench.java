package dev.retort.bench;

import dev.retort.sql.CacheKey;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Retort without the database, for the mid-size SELECT: building it; building it and its cache key; building
 * it, finding its compiled form and extracting the values (everything an execution does before
 * JDBC); the same for the lambda statement; and its offline key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BuildBench {
    private static final Map<CacheKey, String> SQL_BY_SHAPE = new ConcurrentHashMap<>();

    @Benchmark
    public Select f_build(Shop s) {
        long n = s.next();
        return Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n));
    }

    @Benchmark
    public CacheKey g_buildAndCacheKey(Shop s) {
        long n = s.next();
        return Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)).cacheKey();
    }

    @Benchmark
    public Compiled.BoundSql h_buildKeyLookupBind(Shop s) {
        long n = s.next();
        return s.engine.boundSql(Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)), Map.of());
    }

    @Benchmark
    public Compiled.BoundSql i_lambdaKeyLookupBind(Shop s) {
        long n = s.next();
        return s.engine.boundSql(Shop.midLambda(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n)), Map.of());
    }

    @Benchmark
    public String j_buildOfflineString(Shop s) {
        long n = s.next();
        Select stmt = Shop.midSelect(Shop.age(n), Shop.statuses(n), Shop.pattern(n), Shop.qty(n));
        return stmt.cacheKey().toOfflineString(SQL_BY_SHAPE, stmt, Map.of());
    }
}
