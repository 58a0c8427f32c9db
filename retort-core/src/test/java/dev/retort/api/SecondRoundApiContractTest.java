package dev.retort.api;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.NestedTransaction;
import dev.retort.engine.Result;
import dev.retort.engine.RetryPolicy;
import dev.retort.engine.Row;
import dev.retort.exc.CommitOutcomeUnknownException;
import dev.retort.exc.CompileException;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.OperationalException;
import dev.retort.exc.StaleDataException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CTE;
import dev.retort.sql.ForUpdate;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The snippets of API.md §8 ("names added with the second round of work"), written as there and
 * run on SQLite, the embedded database: tests outside the project use exactly these names.
 */
class SecondRoundApiContractTest {
    enum Color { RED, GREEN }

    @TempDir
    Path dir;

    final MetaData metadata = new MetaData();
    final Table t = new Table("hits", metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)),
            Column.of("hits", Types.INTEGER));
    final Table o = new Table("other", metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)));
    final Table auto = new Table("auto", metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(true),
            Column.of("name", Types.string(20)));
    Engine engine;

    @BeforeEach
    void setUp() {
        engine = Engine.create("jdbc:sqlite:" + dir.resolve("api.db"));
        metadata.createAll(engine);
    }

    @AfterEach
    void tearDown() {
        engine.dispose();
    }

    private long scalar(Connection conn, Object stmt) {
        return ((Number) conn.execute((dev.retort.sql.Select) stmt).scalar()).longValue();
    }

    @Test
    void upsert() {
        Map<String, Object> row = Map.of("id", 1, "name", "a", "hits", 2);
        try (Connection conn = engine.begin()) {
            conn.execute(insert(t).values(row).onConflictDoNothing(t.c("id")));
            conn.execute(insert(t).values(row).onConflictDoNothing(t.c("id")));
            assertThat(scalar(conn, select(func("count", t.c("id"))))).isEqualTo(1);
            conn.execute(insert(t).values(row).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits").add(excluded(t).c("hits")))));
            assertThat(scalar(conn, select(t.c("hits")))).isEqualTo(4);
        }
        String mysql = insert(t).values(row).onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(1))).compile(Dialects.mysql()).string();
        // SQLAlchemy 2.1.1: ... ON DUPLICATE KEY UPDATE hits = (hits.hits + %s)
        assertThat(mysql).endsWith("ON DUPLICATE KEY UPDATE hits = (hits.hits + ?)");
        assertThatThrownBy(() -> insert(t).values(row).onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(1))).compile(Dialects.sqlite()))
                .isInstanceOf(CompileException.class).hasMessageContaining("sqlite");
    }

    @Test
    void multiTableUpdateAndDelete() {
        try (Connection conn = engine.begin()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "name", "a", "hits", 0), Map.of("id", 2, "name", "b", "hits", 0)));
            conn.execute(insert(o), List.of(Map.of("id", 1, "name", "renamed")));
            conn.execute(update(t).values(Map.of("name", o.c("name"))).where(t.c("id").eq(o.c("id"))));
            assertThat(conn.execute(select(t.c("name")).orderBy(t.c("id"))).all()).extracting(r -> r.get(0)).containsExactly("renamed", "b");
            conn.execute(delete(t).where(t.c("id").eq(o.c("id"))));
            assertThat(conn.execute(select(t.c("id"))).all()).extracting(r -> r.get(0)).containsExactly(2);
        }
    }

    @Test
    void otherStatementNames() {
        assertThat(select(t.c("id")).withForUpdate(ForUpdate.share().nowait()).compile(Dialects.postgresql()).string()).endsWith("FOR SHARE NOWAIT");
        CTE n = select(literal(1).label("n")).cteRecursive("cnt");
        CTE counted = n.union(select(n.c("n").add(1)).where(n.c("n").lt(3)));
        try (Connection conn = engine.connect()) {
            assertThat(conn.execute(select(counted.c("n"))).all()).hasSize(3);
            assertThat(scalar(conn, select(func("count", literal(1)).filter(literal(1).isDistinctFrom(2))))).isEqualTo(1);
        }
    }

    @Test
    void engineNames() {
        Result r;
        try (Connection conn = engine.begin()) {
            r = conn.execute(insert(auto), List.of(Map.of("name", "x"), Map.of("name", "y")));
            List<Row> keys = r.insertedPrimaryKeys();
            assertThat(keys).hasSize(2);
            assertThat(((Number) keys.get(1).get(0)).longValue()).isGreaterThan(((Number) keys.get(0).get(0)).longValue());
            NestedTransaction savepoint = conn.beginNested();
            conn.execute(insert(auto).values(Map.of("name", "gone")));
            savepoint.rollback();
            var committed = conn.beginNested();
            conn.execute(insert(auto).values(Map.of("name", "kept")));
            committed.commit();
        }
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("api.db"));
        Engine owned = Engine.create(dataSource);
        try {
            long n = owned.transaction(conn -> scalar(conn, select(func("count", auto.c("id")))),
                    RetryPolicy.onSerializationFailure().maxAttempts(5));
            assertThat(n).isEqualTo(3);
        } finally {
            owned.dispose();
        }
    }

    @Test
    void typesAndFaults() {
        List<TypeEngine<?>> types = List.of(Types.JSON, Types.JSONB, Types.array(Types.INTEGER), Types.enumOf(Color.class), Types.INTERVAL);
        assertThat(types).doesNotContainNull();
        TypeEngine<Duration> interval = Types.INTERVAL;
        assertThat(interval).isNotNull();
        assertThat(DBAPIException.class).isAssignableFrom(CommitOutcomeUnknownException.class);
        Predicate<OperationalException> disconnect = OperationalException::isDisconnect;
        assertThat(disconnect).isNotNull();
        assertThat(RuntimeException.class).isAssignableFrom(StaleDataException.class);
    }
}
