package dev.retort.bench.orm;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.retort.engine.Engine;
import dev.retort.orm.Registry;
import dev.retort.orm.SessionFactory;
import dev.retort.schema.MetaData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One database with {@value #ROWS} items, and both ORMs over the same pool: Retort's
 * {@code Registry.map(Item.class)} and Hibernate's {@code addAnnotatedClass(Item.class)} (JDBC
 * batches of 50, as Retort batches alike statements; collections batch-fetched for 500 owners,
 * as Retort's selectin loader). The tables get a random suffix, through each ORM's table
 * naming. Setup checks that both load the same rows, and the same orders with the same lines.
 */
@State(Scope.Benchmark)
public class OrmWorld {
    static final int ROWS = 10_000;
    static final int CHANGED = 1_000;
    static final int ORDERS = 10_000;

    @Param({"sqlite", "postgresql"})
    public String db;

    final String suffix = "_" + UUID.randomUUID().toString().substring(0, 8);
    HikariDataSource pool;
    Engine engine;
    MetaData metadata;
    Registry registry;
    /** Retort's sessions with the defaults (SQLAlchemy's behaviour): the controls. */
    SessionFactory retort;
    /** Retort's sessions that forget their instances on close, as Hibernate's do (scenarios (c), (d)). */
    SessionFactory retortForgetting;
    /** Those also reading in autocommit mode, as Hibernate's sessions without a transaction read (scenarios (a), (b)). */
    SessionFactory retortReads;
    /** Forgetting sessions whose flushes UPDATE many rows in one statement (scenario (d)'s variant; PostgreSQL's default). */
    SessionFactory retortFromValues;
    /** Forgetting sessions whose flushes UPDATE many rows as a JDBC batch (scenario (d)'s variant; MariaDB's way). */
    SessionFactory retortBatches;
    org.hibernate.SessionFactory hibernate;
    private int next;

    /** Hibernate's table names with the same suffix as Retort's. */
    public static final class Suffixed extends PhysicalNamingStrategyStandardImpl {
        private final String suffix;

        Suffixed(String suffix) {
            this.suffix = suffix;
        }

        @Override
        public Identifier toPhysicalTableName(Identifier name, JdbcEnvironment context) {
            return Identifier.toIdentifier(name.getText() + suffix);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        HikariConfig cfg = new HikariConfig();
        if (db.equals("sqlite")) {
            cfg.setJdbcUrl("jdbc:sqlite:" + System.getProperty("java.io.tmpdir") + "/retort-orm-bench" + suffix + ".db");
            cfg.setMaximumPoolSize(1);
        } else {
            cfg.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            cfg.setUsername("postgres");
            cfg.setMaximumPoolSize(4);
        }
        pool = new HikariDataSource(cfg);
        engine = Engine.create(pool);
        metadata = new MetaData();
        registry = new Registry(metadata).tableNaming(n -> n + suffix);
        registry.map(Item.class, PurchaseOrder.class, OrderLine.class);
        metadata.createAll(engine);
        retort = SessionFactory.of(engine);
        retortForgetting = retort.detachOnClose(false);
        retortReads = retortForgetting.autocommitReads(true);
        retortFromValues = retortForgetting.updateFromValues(true);
        retortBatches = retortForgetting.updateFromValues(false);
        try (var s = retort.open()) {
            s.addAll(newItems());
            s.addAll(newOrders());
            s.commit();
        }
        Configuration hc = new Configuration();
        hc.addAnnotatedClass(Item.class);
        hc.addAnnotatedClass(PurchaseOrder.class);
        hc.addAnnotatedClass(OrderLine.class);
        hc.getProperties().put("hibernate.connection.datasource", pool);
        if (db.equals("sqlite")) {
            hc.setProperty("hibernate.dialect", "org.hibernate.community.dialect.SQLiteDialect");
        }
        hc.setProperty("hibernate.jdbc.batch_size", "50");
        // Collections not fetched by the query load for up to 500 owners at once, as Retort's selectinLoad does.
        hc.setProperty("hibernate.default_batch_fetch_size", "500");
        hc.setProperty("hibernate.hbm2ddl.auto", "none");
        hc.setPhysicalNamingStrategy(new Suffixed(suffix));
        hibernate = hc.buildSessionFactory();
        try {
            checkSameResults();
        } catch (RuntimeException e) {
            // JMH runs no tear-down after a failed set-up: the table must not stay behind.
            tearDown();
            throw e;
        }
    }

    private void checkSameResults() {
        for (int id : new int[] {1, 77, ROWS}) {
            String r;
            String h;
            try (var s = retort.open()) {
                r = String.valueOf(s.get(Item.class, id));
            }
            try (var s = hibernate.openSession()) {
                h = String.valueOf(s.get(Item.class, id));
            }
            String j;
            try {
                j = String.valueOf(JdbcOps.item(pool, suffix, id));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("jdbc get failed", e);
            }
            if (!r.equals(h) || !r.equals(j)) {
                throw new IllegalStateException("Retort, Hibernate and JDBC disagree on item " + id + ": " + r + " vs " + h + " vs " + j);
            }
        }
        List<String> r = new ArrayList<>();
        List<String> h = new ArrayList<>();
        try (var s = retort.open()) {
            RetortOps.firstItems(s).forEach(i -> r.add(i.toString()));
        }
        try (var s = hibernate.openSession()) {
            HibernateOps.firstItems(s).forEach(i -> h.add(i.toString()));
        }
        if (r.size() != CHANGED || !r.equals(h)) {
            throw new IllegalStateException("Retort and Hibernate load different first items");
        }
        List<String> expected = null;
        for (String variant : new String[] {"retort joined", "retort selectin", "hibernate joined", "hibernate batched", "jdbc joined", "jdbc selectin"}) {
            List<String> got = new ArrayList<>();
            if (variant.startsWith("jdbc")) {
                try {
                    (variant.endsWith("joined") ? JdbcOps.ordersJoined(pool, suffix) : JdbcOps.ordersSelectin(pool, suffix)).forEach(o -> got.add(o.toString()));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(variant + " failed", e);
                }
            } else if (variant.startsWith("retort")) {
                try (var s = retortReads.open()) {
                    (variant.endsWith("joined") ? RetortOps.ordersJoined(s) : RetortOps.ordersSelectin(s)).forEach(o -> got.add(o.toString()));
                }
            } else {
                try (var s = hibernate.openSession()) {
                    (variant.endsWith("joined") ? HibernateOps.ordersJoined(s) : HibernateOps.ordersBatched(s)).forEach(o -> got.add(o.toString()));
                }
            }
            if (got.size() != ORDERS || (expected != null && !expected.equals(got))) {
                throw new IllegalStateException("Orders loaded by " + variant + " differ: " + got.size() + " orders, first " + got.get(0));
            }
            expected = got;
        }
    }

    /** {@value #ORDERS} new orders with 1 to 5 lines each (30,000 lines), each line referring to its order. */
    static List<PurchaseOrder> newOrders() {
        List<PurchaseOrder> out = new ArrayList<>(ORDERS);
        for (int i = 0; i < ORDERS; i++) {
            PurchaseOrder o = new PurchaseOrder("customer " + i % 997);
            for (int j = 0; j <= i % 5; j++) {
                OrderLine l = new OrderLine("product " + (i * 7 + j) % 500, j + 1);
                l.order = o;
                o.lines.add(l);
            }
            out.add(o);
        }
        return out;
    }

    /** The lines of {@code orders}, counted (what the load scenarios return). */
    static int lineCount(List<PurchaseOrder> orders) {
        int n = 0;
        for (PurchaseOrder o : orders) {
            n += o.lines.size();
        }
        return n;
    }

    /** {@value #ROWS} new items (the same values as the first rows). */
    static List<Item> newItems() {
        List<Item> out = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            out.add(new Item("item " + i, i % 100, new BigDecimal(i % 1000).movePointLeft(2)));
        }
        return out;
    }

    /** Deletes the rows scenario (c) inserted, so that every iteration starts from the same table. */
    @TearDown(Level.Iteration)
    public void deleteInserted() throws java.sql.SQLException {
        try (var c = pool.getConnection(); var st = c.createStatement()) {
            st.executeUpdate("DELETE FROM bench_items" + suffix + " WHERE id > " + ROWS);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    /** The next id, cycling through the rows. */
    int nextId() {
        next = next % ROWS + 1;
        return next;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hibernate.close();
        metadata.dropAll(engine);
        registry.dispose();
        engine.dispose();
        pool.close();
        if (db.equals("sqlite")) {
            new java.io.File(System.getProperty("java.io.tmpdir") + "/retort-orm-bench" + suffix + ".db").delete();
        }
    }
}
