package dev.retort.bench.orm;

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
 * Retort's ORM against Hibernate ORM 7 on the same annotated class, pool and rows (issue #16):
 * (b) get one item by id in a fresh session; (c) insert 10,000 new items, their keys generated
 * by the database, and commit; (d) load 1,000 items, change one attribute on each, and commit. Each ORM does what its documentation shows: Retort's session begins a
 * transaction with its first statement and rolls it back on close; Hibernate's session without
 * a transaction reads in autocommit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class OrmVsHibernateBench {
    @Benchmark
    public Object b_getById_retort(OrmWorld w) {
        try (var s = w.retort.open()) {
            return s.get(Item.class, w.nextId());
        }
    }

    @Benchmark
    public Object b_getById_hibernate(OrmWorld w) {
        try (var s = w.hibernate.openSession()) {
            return s.get(Item.class, w.nextId());
        }
    }

    @Benchmark
    public Integer c_insert10000_retort(OrmWorld w) {
        List<Item> items = OrmWorld.newItems();
        try (var s = w.retort.open()) {
            s.addAll(items);
            s.commit();
        }
        return items.get(items.size() - 1).id;
    }

    @Benchmark
    public Integer c_insert10000_hibernate(OrmWorld w) {
        List<Item> items = OrmWorld.newItems();
        try (var s = w.hibernate.openSession()) {
            var tx = s.beginTransaction();
            for (Item i : items) {
                s.persist(i);
            }
            tx.commit();
        }
        return items.get(items.size() - 1).id;
    }

    @Benchmark
    public int d_change1000_retort(OrmWorld w) {
        try (var s = w.retort.open()) {
            List<Item> items = RetortOps.firstItems(s);
            for (Item i : items) {
                i.qty = i.qty + 1;
            }
            s.commit();
            return items.size();
        }
    }

    @Benchmark
    public int d_change1000_hibernate(OrmWorld w) {
        try (var s = w.hibernate.openSession()) {
            var tx = s.beginTransaction();
            List<Item> items = HibernateOps.firstItems(s);
            for (Item i : items) {
                i.qty = i.qty + 1;
            }
            tx.commit();
            return items.size();
        }
    }
}
