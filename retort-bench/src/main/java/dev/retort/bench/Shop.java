package dev.retort.bench;

import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Select;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.types.Types;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.Record6;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The benchmarks' database, and the two queries each way: a mid-size SELECT (three tables
 * joined, four conditions including an IN list and a LIKE, ORDER BY, LIMIT) and a primary-key
 * lookup. One in-memory SQLite database ({@code mode=memory&cache=shared}) serves Retort, plain
 * JDBC and jOOQ alike, each through one open connection with autocommit off.
 *
 * <p>Each call draws new values from a counter, as a service answering different requests
 * would; the value lists are made up front so that the benchmarks measure the libraries.
 */
@State(Scope.Thread)
public class Shop {
    static final int USERS = 300;
    static final int ORDERS_PER_USER = 3;
    static final int ITEMS_PER_ORDER = 3;
    static final String[] STATUS = {"new", "paid", "shipped", "done", "cancelled"};
    static final List<List<String>> STATUS_SETS = List.of(
            List.of("new", "paid", "shipped"), List.of("paid", "shipped", "done"), List.of("shipped", "done", "cancelled"),
            List.of("new", "done", "cancelled"), List.of("new", "paid", "done"));
    static final List<String> PATTERNS = List.of("user1%", "user22%", "user3%", "user14%", "user5%", "user26%", "user7%", "user18%", "user9%");

    // ---- Retort --------------------------------------------------------------------------

    static final MetaData META = new MetaData();
    static final Table USERS_T = new Table("users", META,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(30)),
            Column.of("age", Types.INTEGER), Column.of("city", Types.string(30)));
    static final Table ORDERS_T = new Table("orders", META,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("user_id", Types.INTEGER).foreignKey("users.id").index(),
            Column.of("status", Types.string(10)), Column.of("total", Types.DOUBLE));
    static final Table ITEMS_T = new Table("items", META,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("order_id", Types.INTEGER).foreignKey("orders.id").index(),
            Column.of("sku", Types.string(20)), Column.of("qty", Types.INTEGER));
    static final ColumnElement<?> U_ID = USERS_T.c("id");
    static final ColumnElement<?> U_NAME = USERS_T.c("name");
    static final ColumnElement<?> U_AGE = USERS_T.c("age");
    static final ColumnElement<?> U_CITY = USERS_T.c("city");
    static final ColumnElement<?> O_ID = ORDERS_T.c("id");
    static final ColumnElement<?> O_USER = ORDERS_T.c("user_id");
    static final ColumnElement<?> O_STATUS = ORDERS_T.c("status");
    static final ColumnElement<?> O_TOTAL = ORDERS_T.c("total");
    static final ColumnElement<?> I_ORDER = ITEMS_T.c("order_id");
    static final ColumnElement<?> I_SKU = ITEMS_T.c("sku");
    static final ColumnElement<?> I_QTY = ITEMS_T.c("qty");

    /** The mid-size SELECT, built the way an application builds it. */
    static Select midSelect(int age, List<String> statuses, String pattern, int qty) {
        return select(U_ID, U_NAME, O_ID, O_TOTAL, I_SKU, I_QTY)
                .selectFrom(USERS_T.join(ORDERS_T, U_ID.eq(O_USER)).join(ITEMS_T, O_ID.eq(I_ORDER)))
                .where(U_AGE.ge(age), O_STATUS.in(statuses), U_NAME.like(pattern), I_QTY.gt(qty))
                .orderBy(desc(O_TOTAL))
                .limit(10);
    }

    /** The same as a lambda statement: the lambda runs once, later calls bind their captured values. */
    static StatementLambdaElement midLambda(int age, List<String> statuses, String pattern, int qty) {
        return lambdaStmt(() -> select(U_ID, U_NAME, O_ID, O_TOTAL, I_SKU, I_QTY)
                .selectFrom(USERS_T.join(ORDERS_T, U_ID.eq(O_USER)).join(ITEMS_T, O_ID.eq(I_ORDER)))
                .where(U_AGE.ge(age), O_STATUS.in(statuses), U_NAME.like(pattern), I_QTY.gt(qty))
                .orderBy(desc(O_TOTAL))
                .limit(10));
    }

    static Select pkSelect(int id) {
        return select(U_ID, U_NAME, U_AGE, U_CITY).where(U_ID.eq(id));
    }

    static StatementLambdaElement pkLambda(int id) {
        return lambdaStmt(() -> select(U_ID, U_NAME, U_AGE, U_CITY).where(U_ID.eq(id)));
    }

    // ---- plain JDBC ------------------------------------------------------------------------

    static final String MID_SQL = "SELECT users.id, users.name, orders.id, orders.total, items.sku, items.qty "
            + "FROM users JOIN orders ON users.id = orders.user_id JOIN items ON orders.id = items.order_id "
            + "WHERE users.age >= ? AND orders.status IN (?, ?, ?) AND users.name LIKE ? AND items.qty > ? "
            + "ORDER BY orders.total DESC LIMIT ?";
    static final String PK_SQL = "SELECT users.id, users.name, users.age, users.city FROM users WHERE users.id = ?";

    // ---- jOOQ (plain SQL fields, no generated code) ------------------------------------------

    static final org.jooq.Table<?> J_USERS = DSL.table(DSL.name("users"));
    static final org.jooq.Table<?> J_ORDERS = DSL.table(DSL.name("orders"));
    static final org.jooq.Table<?> J_ITEMS = DSL.table(DSL.name("items"));
    static final Field<Integer> JU_ID = DSL.field(DSL.name("users", "id"), SQLDataType.INTEGER);
    static final Field<String> JU_NAME = DSL.field(DSL.name("users", "name"), SQLDataType.VARCHAR);
    static final Field<Integer> JU_AGE = DSL.field(DSL.name("users", "age"), SQLDataType.INTEGER);
    static final Field<String> JU_CITY = DSL.field(DSL.name("users", "city"), SQLDataType.VARCHAR);
    static final Field<Integer> JO_ID = DSL.field(DSL.name("orders", "id"), SQLDataType.INTEGER);
    static final Field<Integer> JO_USER = DSL.field(DSL.name("orders", "user_id"), SQLDataType.INTEGER);
    static final Field<String> JO_STATUS = DSL.field(DSL.name("orders", "status"), SQLDataType.VARCHAR);
    static final Field<Double> JO_TOTAL = DSL.field(DSL.name("orders", "total"), SQLDataType.DOUBLE);
    static final Field<Integer> JI_ORDER = DSL.field(DSL.name("items", "order_id"), SQLDataType.INTEGER);
    static final Field<String> JI_SKU = DSL.field(DSL.name("items", "sku"), SQLDataType.VARCHAR);
    static final Field<Integer> JI_QTY = DSL.field(DSL.name("items", "qty"), SQLDataType.INTEGER);

    static ResultQuery<Record6<Integer, String, Integer, Double, String, Integer>> jooqMid(DSLContext ctx, int age, List<String> statuses,
            String pattern, int qty) {
        return ctx.select(JU_ID, JU_NAME, JO_ID, JO_TOTAL, JI_SKU, JI_QTY)
                .from(J_USERS.join(J_ORDERS).on(JU_ID.eq(JO_USER)).join(J_ITEMS).on(JO_ID.eq(JI_ORDER)))
                .where(JU_AGE.ge(age)).and(JO_STATUS.in(statuses)).and(JU_NAME.like(pattern)).and(JI_QTY.gt(qty))
                .orderBy(JO_TOTAL.desc())
                .limit(10);
    }

    static ResultQuery<Record4<Integer, String, Integer, String>> jooqPk(DSLContext ctx, int id) {
        return ctx.select(JU_ID, JU_NAME, JU_AGE, JU_CITY).from(J_USERS).where(JU_ID.eq(id));
    }

    // ---- state -----------------------------------------------------------------------------

    Engine engine;
    Engine uncachedEngine;
    Connection retort;
    Connection retortUncached;
    java.sql.Connection jdbc;
    /** Prepared once for the whole trial: plain JDBC at its fastest. */
    PreparedStatement pkStatement;
    PreparedStatement midStatement;
    DSLContext jooq;
    DSLContext jooqRender;
    private long n;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        String url = "jdbc:sqlite:file:retort-bench-" + UUID.randomUUID() + "?mode=memory&cache=shared";
        engine = Engine.create(url);
        uncachedEngine = Engine.create(url, EngineOptions.builder().compiledCacheSize(0).build());
        jdbc = DriverManager.getConnection(url);
        load(jdbc);
        jdbc.setAutoCommit(false);
        pkStatement = jdbc.prepareStatement(PK_SQL);
        midStatement = jdbc.prepareStatement(MID_SQL);
        retort = engine.connect();
        retortUncached = uncachedEngine.connect();
        jooq = DSL.using(jdbc, SQLDialect.SQLITE);
        jooqRender = DSL.using(SQLDialect.SQLITE);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        retort.close();
        retortUncached.close();
        pkStatement.close();
        midStatement.close();
        jdbc.close();
        uncachedEngine.dispose();
        engine.dispose();
    }

    /** The next request's number. */
    long next() {
        return n++;
    }

    static int age(long n) {
        return 20 + (int) (n % 40);
    }

    static List<String> statuses(long n) {
        return STATUS_SETS.get((int) (n % STATUS_SETS.size()));
    }

    static String pattern(long n) {
        return PATTERNS.get((int) (n % PATTERNS.size()));
    }

    static int qty(long n) {
        return 1 + (int) (n % 5);
    }

    static int userId(long n) {
        return 1 + (int) (n * 7919 % USERS);
    }

    /** Reads every row as plain JDBC code would, into arrays of column values. */
    static List<Object[]> rows(ResultSet rs, int columns) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = rs.getObject(i + 1);
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Creates the schema {@code retort_bench} (dropping an older one) in the PostgreSQL database
     * at {@code jdbcUrl} and fills it, as user postgres.
     */
    static void loadPostgresql(String jdbcUrl) throws SQLException {
        try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            try (var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS retort_bench CASCADE");
                s.execute("CREATE SCHEMA retort_bench");
                s.execute("SET search_path TO retort_bench");
            }
            load(c);
        }
    }

    /** Creates and fills the three tables through plain JDBC (SQL that SQLite and PostgreSQL both take). */
    static void load(java.sql.Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(30), age INTEGER, city VARCHAR(30))");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), status VARCHAR(10), total DOUBLE PRECISION)");
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders (id), sku VARCHAR(20), qty INTEGER)");
            s.execute("CREATE INDEX ix_orders_user ON orders (user_id)");
            s.execute("CREATE INDEX ix_items_order ON items (order_id)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement u = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)");
                PreparedStatement o = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)");
                PreparedStatement i = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)")) {
            int order = 0;
            int item = 0;
            for (int id = 1; id <= USERS; id++) {
                batch(u, id, "user" + id, 18 + id * 37 % 60, "city" + id % 20);
                for (int k = 0; k < ORDERS_PER_USER; k++) {
                    order++;
                    batch(o, order, id, STATUS[order * 7 % STATUS.length], order * 13 % 997 / 10.0);
                    for (int j = 0; j < ITEMS_PER_ORDER; j++) {
                        item++;
                        batch(i, item, order, "sku" + item % 300, 1 + item * 11 % 9);
                    }
                }
            }
            u.executeBatch();
            o.executeBatch();
            i.executeBatch();
        }
        c.commit();
        try (var s = c.createStatement()) {
            s.execute("ANALYZE");
        }
        c.commit();
    }

    private static void batch(PreparedStatement ps, Object... values) throws SQLException {
        for (int k = 0; k < values.length; k++) {
            ps.setObject(k + 1, values[k]);
        }
        ps.addBatch();
    }
}
