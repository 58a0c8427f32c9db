package dev.retort.redis;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached result equals what the database returns now, for the caller's database. */
class RedisCacheCorrectnessTest {
    @TempDir
    Path dir;
    static final Shop SHOP = new Shop();
    static final Table ITEMS = SHOP.items;
    final String namespace = "retort-test-" + UUID.randomUUID();
    Engine engine;
    final AtomicInteger executed = new AtomicInteger();

    @BeforeEach
    void setUp() {
        RedisAvailable.require();
        engine = Engine.create("jdbc:sqlite:" + dir.resolve("shop.db"));
        SHOP.fill(engine);
        engine.addListener((sql, params) -> executed.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.dispose();
        }
    }

    RedisResultCache cache() {
        return RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace).ttl(Duration.ofMinutes(1)).build();
    }

    static Select nameOf(int id) {
        return select(ITEMS.c("name")).where(ITEMS.c("id").eq(id));
    }

    static Object scalar(List<Row> rows) {
        return rows.get(0).get(0);
    }

    /**
     * A statement that writes, fetched or executed through the cache: an INSERT ... RETURNING, a SELECT with a
     * data-modifying CTE (PostgreSQL). It runs every time (before, the second fetch of one INSERT was served from
     * Redis and inserted nothing) and invalidates what it writes (before, a count read through the cache stayed stale).
     */
    @Test
    void aStatementThatWritesRunsEachTimeAndInvalidatesWhatItWrites() {
        RedisResultCache cache = cache();
        Select count = select(dev.retort.sql.SQL.func("count")).selectFrom(ITEMS);
        long before = ((Number) scalar(engine.transaction(c -> cache.fetch(c, count)))).longValue();
        var returning = insert(ITEMS).values(Map.of("id", 900, "name", "new", "price", BigDecimal.ONE)).returning(ITEMS.c("id"));
        assertThat(engine.<List<Row>>transaction(c -> cache.fetch(c, returning))).hasSize(1);
        assertThat(((Number) scalar(engine.transaction(c -> cache.fetch(c, count)))).longValue()).isEqualTo(before + 1);
        engine.inTransaction(c -> c.execute(dev.retort.sql.SQL.delete(ITEMS).where(ITEMS.c("id").eq(900))));
        assertThat(engine.<List<Row>>transaction(c -> cache.fetch(c, returning))).as("the same INSERT again").hasSize(1);
        assertThat(((Number) engine.<Object>transaction(c -> c.execute(count).scalar())).longValue()).isEqualTo(before + 1);

        onWatchedPostgresqlTable(cache, (pg, t) -> {
            Select rows = select(dev.retort.sql.SQL.func("count")).selectFrom(t);
            for (int i = 0; i < 3; i++) {
                var w = insert(t).values(Map.of("id", 1)).returning(t.c("id")).cte("w");
                Select writing = select(w.c("id")).addCte(w);
                assertThat(((Number) scalar(pg.transaction(c -> cache.fetch(c, rows)))).longValue()).as("fetch %d", i).isEqualTo(2L * i);
                assertThat(pg.<List<Row>>transaction(c -> cache.fetch(c, writing))).hasSize(1);
                switch (i) {
                    case 0 -> pg.transaction(c -> cache.execute(c, writing).all());
                    case 1 -> pg.transaction(c -> c.execute(writing).all());   // seen by watch()
                    default -> pg.transaction(c -> cache.fetch(c, writing));
                }
            }
            assertThat(((Number) scalar(pg.transaction(c -> cache.fetch(c, rows)))).longValue()).isEqualTo(6L);
        });
    }

    /** Runs {@code body} on a PostgreSQL engine that {@code cache} watches, with a new table of one integer column "id". */
    private static void onWatchedPostgresqlTable(RedisResultCache cache, java.util.function.BiConsumer<Engine, TableClause> body) {
        RedisAvailable.requirePostgresql();
        String name = "cache_cte_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Engine pg = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", dev.retort.engine.EngineOptions.builder().user("postgres").build());
        try (AutoCloseable watching = cache.watch(pg)) {
            pg.inTransaction(c -> c.execute(text("CREATE TABLE " + name + " (id INTEGER)")));
            body.accept(pg, table(name, column("id", Types.INTEGER)));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pg.inTransaction(c -> c.execute(text("DROP TABLE IF EXISTS " + name)));
            pg.dispose();
        }
    }

    /**
     * A lambda SELECT with a data-modifying CTE, run outside the cache on a watched engine, invalidates what it writes.
     * Before, watch() skipped every lambda SELECT and a count read through the cache stayed stale.
     */
    @Test
    void watchSeesTheWriteOfALambdaSelectWithADataModifyingCte() {
        RedisResultCache cache = cache();
        onWatchedPostgresqlTable(cache, (pg, t) -> {
            Select rows = select(dev.retort.sql.SQL.func("count")).selectFrom(t);
            for (int i = 0; i < 3; i++) {
                assertThat(((Number) scalar(pg.transaction(c -> cache.fetch(c, rows)))).longValue()).as("fetch %d", i).isEqualTo(i);
                pg.transaction(c -> c.execute(lambdaStmt(() -> {
                    var w = insert(t).values(Map.of("id", 1)).returning(t.c("id")).cte("w");
                    return select(w.c("id")).addCte(w);
                })).all());
            }
        });
    }

    @Test
    void twoDatabasesSharingRedisGetTheirOwnRows() {
        Engine other = Engine.create("jdbc:sqlite:" + dir.resolve("other.db"));
        try (RedisResultCache cache = cache()) {
            SHOP.fill(other);
            try (Connection c = other.begin()) {
                c.execute(update(ITEMS).values(Map.of("name", "other 7")).where(ITEMS.c("id").eq(7)));
            }
            try (Connection a = engine.connect(); Connection b = other.connect()) {
                assertThat(scalar(cache.fetch(a, nameOf(7)))).isEqualTo("item 7");
                assertThat(scalar(cache.fetch(b, nameOf(7)))).isEqualTo("other 7");
            }
        } finally {
            other.dispose();
        }
    }

    /**
     * A parameter whose value a supplier gives ({@code SQL.bindparamCallable}) is asked once per
     * fetch: the key and the statement run on a miss hold the same value, so each result is the
     * one of the value it is stored under. Before, the key asked the supplier and the execution
     * asked it again: the rows of item 2 were stored, and served, as item 1's.
     */
    @Test
    void aSuppliedParameterIsAskedOnceAndItsRowsAreStoredUnderItsValue() {
        AtomicInteger asked = new AtomicInteger();
        java.util.function.Supplier<Select> built = () -> select(ITEMS.c("id"), ITEMS.c("name")).where(ITEMS.c("id").eq(
                dev.retort.sql.SQL.bindparamCallable("id", () -> 1 + asked.getAndIncrement() % 2, Types.INTEGER)));
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            for (dev.retort.sql.ClauseElement s : List.of(built.get(), lambdaStmt(built::get, dev.retort.sql.LambdaOptions.builder().trackClosureVariables(false).build()))) {
                for (int fetch = 0; fetch < 4; fetch++) {
                    int before = asked.get();
                    List<Row> rows = cache.fetch(conn, s);
                    assertThat(asked.get()).as("fetch %d of %s", fetch, s).isEqualTo(before + 1);
                    assertThat(rows.get(0).get(0)).as("fetch %d of %s", fetch, s).isEqualTo(1 + before % 2);
                }
            }
        }
    }

    /**
     * The same SQL and values read with other result types give other Java values (here the id
     * as an INTEGER, a BOOLEAN and a DOUBLE): each gets its own rows. Before, the key held only
     * the SQL and the values, so the second statement got the first one's Integer.
     */
    @Test
    void oneSqlReadWithOtherResultTypesGetsItsOwnRows() {
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            List<Object> seen = new java.util.ArrayList<>();
            for (dev.retort.types.TypeEngine<?> type : List.of(Types.INTEGER, Types.BOOLEAN, Types.DOUBLE, Types.INTEGER)) {
                TableClause items = table("items", column("id", type));
                Select s = select(items.c("id")).where(items.c("id").eq(literal(1)));
                assertThat(s.compile(conn.dialect()).string()).isEqualTo(select(ITEMS.c("id")).where(ITEMS.c("id").eq(literal(1))).compile(conn.dialect()).string());
                seen.add(scalar(cache.fetch(conn, s)));
            }
            assertThat(seen).containsExactly(1, true, 1.0, 1);
        }
    }

    /**
     * A DELETE or UPDATE of a parent changes the rows of the tables whose foreign keys cascade
     * from it (ON DELETE CASCADE / SET NULL, ON UPDATE CASCADE), also through a chain of them:
     * their cached results are invalidated at the commit too. Before, only the written table was,
     * and a cached read of the children kept returning the deleted rows.
     */
    @Test
    void writesInvalidateTheTablesTheirForeignKeysCascadeTo() {
        dev.retort.schema.MetaData md = new dev.retort.schema.MetaData();
        Table parent = new Table("fk_parent", md, dev.retort.schema.Column.of("id", Types.INTEGER).primaryKey());
        Table child = new Table("fk_child", md, dev.retort.schema.Column.of("id", Types.INTEGER).primaryKey(),
                dev.retort.schema.Column.of("parent_id", Types.INTEGER).foreignKey("fk_parent.id", "CASCADE", "CASCADE"));
        Table grandchild = new Table("fk_grandchild", md, dev.retort.schema.Column.of("id", Types.INTEGER).primaryKey(),
                dev.retort.schema.Column.of("child_id", Types.INTEGER).foreignKey("fk_child.id", "SET NULL", null));
        Table unrelated = new Table("fk_other", md, dev.retort.schema.Column.of("id", Types.INTEGER).primaryKey(),
                dev.retort.schema.Column.of("parent_id", Types.INTEGER).foreignKey("fk_parent.id"));
        md.createAll(engine);
        try (Connection c = engine.begin()) {
            c.execute(insert(parent), List.of(Map.of("id", 1), Map.of("id", 2)));
            c.execute(insert(child), List.of(Map.of("id", 10, "parent_id", 1), Map.of("id", 20, "parent_id", 2)));
            c.execute(insert(grandchild), List.of(Map.of("id", 100, "child_id", 10)));
        }
        Select children = select(child.c("id")).orderBy(child.c("id"));
        Select orphans = select(grandchild.c("id")).where(grandchild.c("child_id").isNull());
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            assertThat(cache.fetch(conn, children)).extracting(r -> r.get(0)).containsExactly(10, 20);
            assertThat(cache.fetch(conn, orphans)).isEmpty();
            cache.execute(conn, dev.retort.sql.SQL.delete(parent).where(parent.c("id").eq(1)));
            conn.commit();
            assertThat(cache.fetch(conn, children)).extracting(r -> r.get(0)).containsExactly(20);
            assertThat(cache.fetch(conn, orphans)).extracting(r -> r.get(0)).containsExactly(100);
            assertThat(ReadTables.written(dev.retort.sql.SQL.delete(parent))).containsExactlyInAnyOrder("fk_parent", "fk_child", "fk_grandchild");
            assertThat(ReadTables.written(update(parent).values(Map.of("id", 3)))).containsExactlyInAnyOrder("fk_parent", "fk_child");
            assertThat(ReadTables.written(insert(parent))).containsExactly("fk_parent");
            assertThat(ReadTables.written(dev.retort.sql.SQL.delete(unrelated))).containsExactly("fk_other");
        }
    }

    /**
     * Each {@code jdbc:sqlite::memory:} engine is a database of its own, though their URLs are
     * equal: each gets its own rows. Relative SQLite paths name other files from other working
     * directories, so they are keyed by their absolute path.
     */
    @Test
    void anonymousInMemoryDatabasesGetTheirOwnRows() {
        Engine first = Engine.create("jdbc:sqlite::memory:");
        Engine second = Engine.create("jdbc:sqlite::memory:");
        try (RedisResultCache cache = cache()) {
            SHOP.fill(first);
            SHOP.fill(second);
            try (Connection c = second.begin()) {
                c.execute(update(ITEMS).values(Map.of("name", "second 7")).where(ITEMS.c("id").eq(7)));
            }
            try (Connection a = first.connect(); Connection b = second.connect()) {
                assertThat(scalar(cache.fetch(a, nameOf(7)))).isEqualTo("item 7");
                assertThat(scalar(cache.fetch(b, nameOf(7)))).isEqualTo("second 7");
            }
        } finally {
            first.dispose();
            second.dispose();
        }
        assertThat(RedisResultCache.sqliteIdentity("jdbc:sqlite:shop.db"))
                .isEqualTo(RedisResultCache.sqliteIdentity("jdbc:sqlite:" + Path.of("shop.db").toAbsolutePath()))
                .isEqualTo(RedisResultCache.sqliteIdentity("jdbc:sqlite:file:" + Path.of("./shop.db").toAbsolutePath()));
        assertThat(RedisResultCache.sqliteIdentity("jdbc:sqlite:file:x?mode=memory")).isEqualTo(RedisResultCache.sqliteIdentity("jdbc:sqlite:file:x?mode=memory"));
        assertThat(RedisResultCache.sqliteIdentity("jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
    }

    @Test
    void theIdentityIsTheUrlWithoutCredentialsAndTheUser() {
        assertThat(RedisResultCache.databaseIdentity("jdbc:postgresql://db:5432/app?user=report&password=s3cret&ssl=true", null))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=report&password=&ssl=true user=report").doesNotContain("s3cret");
        assertThat(RedisResultCache.databaseIdentity("jdbc:mysql://root:pw@db/app", null)).isEqualTo("jdbc:mysql://db/app user=root");
        assertThat(RedisResultCache.databaseIdentity("jdbc:postgresql://db/app", "alice"))
                .isNotEqualTo(RedisResultCache.databaseIdentity("jdbc:postgresql://db/app", "bob"));
    }

    @Test
    void aCustomIdentityTellsApartWhatTheUrlDoesNot() {
        AtomicInteger tenant = new AtomicInteger(1);
        try (RedisResultCache cache = RedisResultCache.builder().uri(RedisAvailable.URI).namespace(namespace)
                .identity(c -> "tenant-" + tenant.get()).build(); Connection conn = engine.connect()) {
            cache.fetch(conn, nameOf(3));
            executed.set(0);
            cache.fetch(conn, nameOf(3));
            assertThat(executed).hasValue(0);
            tenant.set(2);
            cache.fetch(conn, nameOf(3));
            assertThat(executed).hasValue(1);
        }
    }

    @Test
    void aWriteInvalidatesAtCommitAndARollbackInvalidatesNothing() {
        try (RedisResultCache cache = cache(); Connection writer = engine.connect(); Connection reader = engine.connect()) {
            assertThat(scalar(cache.fetch(reader, nameOf(5)))).isEqualTo("item 5");
            reader.commit();
            cache.execute(writer, update(ITEMS).values(Map.of("name", "renamed")).where(ITEMS.c("id").eq(5)));
            // The writer sees its own write, not the cached row, and shares nothing uncommitted.
            assertThat(scalar(cache.fetch(writer, nameOf(5)))).isEqualTo("renamed");
            writer.rollback();
            executed.set(0);
            assertThat(scalar(cache.fetch(reader, nameOf(5)))).isEqualTo("item 5");
            assertThat(executed).as("a rollback invalidates nothing").hasValue(0);
            reader.commit();

            cache.execute(writer, update(ITEMS).values(Map.of("name", "renamed")).where(ITEMS.c("id").eq(5)));
            assertThat(scalar(cache.fetch(reader, nameOf(5)))).as("before the commit").isEqualTo("item 5");
            reader.commit();
            writer.commit();
            assertThat(scalar(cache.fetch(reader, nameOf(5)))).as("after the commit").isEqualTo("renamed");
        }
    }

    @Test
    void lambdaAndTextStatementsInvalidateAndAreInvalidated() {
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            int id = 9;
            assertThat(scalar(cache.fetch(conn, lambdaStmt(() -> select(ITEMS.c("name")).where(ITEMS.c("id").eq(id)))))).isEqualTo("item 9");
            assertThat(scalar(cache.fetch(conn, text("SELECT name FROM items WHERE id = 9"), ITEMS))).isEqualTo("item 9");
            String name = "lambda";
            cache.execute(conn, lambdaStmt(() -> update(ITEMS).values(Map.of("name", name)).where(ITEMS.c("id").eq(id))));
            conn.commit();
            assertThat(scalar(cache.fetch(conn, lambdaStmt(() -> select(ITEMS.c("name")).where(ITEMS.c("id").eq(id)))))).isEqualTo("lambda");
            assertThat(scalar(cache.fetch(conn, text("SELECT name FROM items WHERE id = 9"), ITEMS))).isEqualTo("lambda");
            cache.execute(conn, text("UPDATE items SET name = 'text' WHERE id = 9"), ITEMS);
            conn.commit();
            assertThat(scalar(cache.fetch(conn, lambdaStmt(() -> select(ITEMS.c("name")).where(ITEMS.c("id").eq(id)))))).isEqualTo("text");
            assertThat(scalar(cache.fetch(conn, text("SELECT name FROM items WHERE id = 9"), ITEMS))).isEqualTo("text");
            assertThatThrownBy(() -> cache.execute(conn, text("UPDATE items SET name = 'x'"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("must name the tables it writes");
            assertThatThrownBy(() -> cache.fetch(conn, text("SELECT name FROM items"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("must name the tables it reads");
        }
    }

    /**
     * Raw SQL inside a Core statement may read tables Retort cannot see (a subquery in a text()
     * WHERE, a literal column): such a statement must name every table it reads, like a text()
     * statement. Before, it was cached tagged with its Core tables only, and after a committed
     * insert into the table its text read, the cache kept returning the old rows.
     */
    @Test
    void rawSqlInsideACoreStatementMustNameTheTablesItReads() {
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            conn.execute(text("CREATE TABLE hidden (item_id INTEGER)"));
            conn.execute(text("INSERT INTO hidden VALUES (3)"));
            conn.commit();
            TableClause hidden = table("hidden", column("item_id", Types.INTEGER));
            Select s = select(ITEMS.c("name")).where(text("id IN (SELECT item_id FROM hidden)"));
            assertThatThrownBy(() -> cache.fetch(conn, s)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("id IN (SELECT item_id FROM hidden)").hasMessageContaining("must name every table it reads");
            assertThatThrownBy(() -> cache.fetch(conn, select(literalColumn("(SELECT count(*) FROM hidden)"))))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("SELECT count(*) FROM hidden");
            assertThat(cache.fetch(conn, s, ITEMS, hidden)).hasSize(1);
            cache.execute(conn, insert(hidden).values(Map.of("item_id", 4)));
            conn.commit();
            assertThat(cache.fetch(conn, s, ITEMS, hidden)).hasSize(2);
        }
    }

    /** A mapped class for the ORM test. */
    public static class Item {
        Integer id;
        String name;
        BigDecimal price;
    }

    @Test
    void aWatchedEngineInvalidatesOrmFlushesAndPlainWritesAtCommit() throws Exception {
        Shop shop = new Shop();
        shop.fill(engine);
        new dev.retort.orm.Registry(shop.metadata).mapImperatively(Item.class, shop.items);
        Select name3 = select(shop.items.c("name")).where(shop.items.c("id").eq(3));
        try (RedisResultCache cache = cache(); AutoCloseable watching = cache.watch(engine); Connection reader = engine.connect()) {
            assertThat(scalar(cache.fetch(reader, name3))).isEqualTo("item 3");
            reader.commit();
            try (dev.retort.orm.Session session = dev.retort.orm.SessionFactory.of(engine).open()) {
                Item item = session.get(Item.class, 3);
                item.name = "flushed";
                session.flush();
                assertThat(scalar(cache.fetch(reader, name3))).as("before the commit").isEqualTo("item 3");
                reader.commit();
                session.commit();
            }
            assertThat(scalar(cache.fetch(reader, name3))).as("after the session's commit").isEqualTo("flushed");
            reader.commit();
            try (Connection writer = engine.connect()) {
                writer.execute(update(shop.items).values(Map.of("name", "plain")).where(shop.items.c("id").eq(3)));
                writer.rollback();
                assertThat(scalar(cache.fetch(reader, name3))).isEqualTo("flushed");
                reader.commit();
                writer.execute(update(shop.items).values(Map.of("name", "plain")).where(shop.items.c("id").eq(3)));
                writer.commit();
            }
            assertThat(scalar(cache.fetch(reader, name3))).isEqualTo("plain");
        }
    }

    @Test
    void datesThatDifferInMillisecondsHaveTheirOwnResults() {
        try (RedisResultCache cache = cache(); Connection conn = engine.connect()) {
            Date a = new Date(1_700_000_000_001L);
            Date b = new Date(1_700_000_000_002L);
            cache.fetch(conn, select(literal(a).label("d")).where(ITEMS.c("id").eq(1)));
            executed.set(0);
            cache.fetch(conn, select(literal(b).label("d")).where(ITEMS.c("id").eq(1)));
            assertThat(executed).hasValue(1);
        }
    }

    @Test
    void aFailedStoreNeverRunsTheStatementTwice() throws Exception {
        try (RedisProxy proxy = new RedisProxy();
                RedisResultCache cache = RedisResultCache.builder().uri(proxy.uri()).namespace(namespace).redisTimeout(Duration.ofMillis(300)).build();
                Connection conn = engine.connect()) {
            engine.addListener((sql, params) -> proxy.cut());
            executed.set(0);
            assertThat(scalar(cache.fetch(conn, nameOf(11)))).isEqualTo("item 11");
            assertThat(executed).hasValue(1);
        }
    }

    @Test
    void anUnreachableRedisCostsNearlyNothingAfterTheFirstFailuresAndComesBack() throws Exception {
        try (RedisProxy proxy = new RedisProxy();
                RedisResultCache cache = RedisResultCache.builder().uri(proxy.uri()).namespace(namespace).redisTimeout(Duration.ofMillis(200)).build();
                Connection conn = engine.connect()) {
            cache.fetch(conn, nameOf(1));
            proxy.mode(RedisProxy.Mode.BLACK_HOLE);
            proxy.cut();
            for (int i = 0; i < 3; i++) {
                assertThat(scalar(cache.fetch(conn, nameOf(2)))).isEqualTo("item 2");
            }
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                assertThat(scalar(cache.fetch(conn, nameOf(2)))).isEqualTo("item 2");
            }
            long perCallMicros = (System.nanoTime() - start) / 200 / 1000;
            System.out.printf("RedisCacheCorrectnessTest: a fetch with the breaker open costs %d µs (Redis timeout 200 ms)%n", perCallMicros);
            assertThat(perCallMicros).as("per call while Redis is down, in µs").isLessThan(20_000);
            // A write while Redis is down is invalidated once it is back, before any read.
            cache.execute(conn, update(ITEMS).values(Map.of("name", "while down")).where(ITEMS.c("id").eq(1)));
            conn.commit();
            proxy.mode(RedisProxy.Mode.FORWARD);
            proxy.cut();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            boolean hit = false;
            while (!hit && System.nanoTime() < deadline) {
                assertThat(scalar(cache.fetch(conn, nameOf(1)))).isEqualTo("while down");
                executed.set(0);
                assertThat(scalar(cache.fetch(conn, nameOf(1)))).isEqualTo("while down");
                hit = executed.get() == 0;
                Thread.sleep(50);
            }
            assertThat(hit).as("Redis is used again").isTrue();
        }
    }

    /**
     * A write whose invalidation could not reach Redis must not be served stale to another process
     * once Redis is back. Before, the missed invalidation was sent only when the writing cache next
     * read or invalidated: until then every other process reading the table got the old rows.
     */
    @Test
    void aWriteWhoseInvalidationMissedRedisIsNotServedStaleToAnotherProcessOnceRedisIsBack() throws Exception {
        try (RedisProxy proxy = new RedisProxy();
                RedisResultCache writer = RedisResultCache.builder().uri(proxy.uri()).namespace(namespace).redisTimeout(Duration.ofMillis(200)).build();
                RedisResultCache reader = cache();
                Connection conn = engine.connect();
                Connection other = engine.connect()) {
            assertThat(scalar(reader.fetch(other, nameOf(1)))).isEqualTo("item 1");
            other.commit();
            proxy.mode(RedisProxy.Mode.BLACK_HOLE);
            proxy.cut();
            writer.execute(conn, update(ITEMS).values(Map.of("name", "while down")).where(ITEMS.c("id").eq(1)));
            conn.commit();
            proxy.mode(RedisProxy.Mode.FORWARD);
            proxy.cut();
            // Redis is reachable by both again; the writer does nothing more.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Object seen = null;
            while (System.nanoTime() < deadline && !"while down".equals(seen)) {
                seen = scalar(reader.fetch(other, nameOf(1)));
                other.commit();
                Thread.sleep(50);
            }
            assertThat(seen).as("the other process's read once Redis is back").isEqualTo("while down");
        }
    }

    /**
     * A result holding a value the serializer cannot encode (an OffsetTime, of a TIMETZ column)
     * runs uncached and is returned, as a result that Redis failed to store is: before, the fetch
     * raised the serializer's exception (found by RedisTenantPropertyTest on MariaDB).
     */
    @Test
    void aResultTheSerializerCannotEncodeIsReturnedUncached() {
        RedisResultCache cache = cache();
        Select s = select(literal(java.time.OffsetTime.of(10, 30, 0, 0, java.time.ZoneOffset.ofHours(2)), Types.TIMETZ).label("t"));
        Object direct = engine.transaction(c -> c.execute(s).scalar());
        assertThat(direct).isInstanceOf(java.time.OffsetTime.class);
        for (int i = 0; i < 2; i++) {
            assertThat(scalar(engine.transaction(c -> cache.fetch(c, s)))).as("fetch %d", i).isEqualTo(direct);
        }
    }

    /**
     * A statement that compiles on its connection's dialect only (a CAST to MySQL's SET type) is
     * fetched through the cache as it runs without it. The key's shape was compiled on the
     * default dialect, so the fetch failed (found by RedisTenantPropertyTest on MariaDB).
     */
    @Test
    void aStatementOfTheConnectionsDialectOnlyIsFetchedThroughTheCache() {
        RedisAvailable.requireMariadb();
        String name = "cache_set_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Engine maria = Engine.create("jdbc:mariadb://127.0.0.1:3306/test", dev.retort.engine.EngineOptions.builder().user("root").build());
        try (RedisResultCache cache = cache()) {
            maria.inTransaction(c -> {
                c.execute(text("CREATE TABLE " + name + " (id INTEGER, perms VARCHAR(10))"));
                c.execute(text("INSERT INTO " + name + " VALUES (1, 'r,w')"));
            });
            TableClause t = table(name, column("id", Types.INTEGER), column("perms", Types.string(10)));
            Select s = select(dev.retort.sql.SQL.cast(t.c("perms"), dev.retort.types.MysqlTypes.set(dev.retort.types.MysqlTypes.CHAR.charset("latin1"), "r", "w")))
                    .where(t.c("id").eq(1));
            Object direct = maria.transaction(c -> c.execute(s).scalar());
            for (int i = 0; i < 2; i++) {
                assertThat(scalar(maria.transaction(c -> cache.fetch(c, s)))).as("fetch %d", i).isEqualTo(direct);
            }
        } finally {
            maria.inTransaction(c -> c.execute(text("DROP TABLE IF EXISTS " + name)));
            maria.dispose();
        }
    }
}
