package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ON CONFLICT DO UPDATE SET a column the Table does not declare, keyed by a table-less
 * {@code column("extra")} (SQLAlchemy's on_conflict_do_update with a key that is no column of the table).
 * The expected SQL is SQLAlchemy 2.1.1's (PostgreSQL's base PGDialect with qmark placeholders).
 */
class UpsertUndeclaredColumnTest {
    private static final MetaData MD = new MetaData();
    private static final Table T = new Table("t", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING));

    private static Insert upsert(Table t, Map<Object, Object> set) {
        return insert(t).values(Map.of("id", 1, "name", "a")).onConflictDoUpdate(List.of(t.c("id")), set);
    }

    private static Map<Object, Object> set(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            m.put(kv[k], kv[k + 1]);
        }
        return m;
    }

    @Test
    void setAfterTheTablesColumns() {
        assertThat(upsert(T, set(column("extra"), "x", "name", "b")).compile(Dialects.postgresql()).string())
                .isEqualTo("INSERT INTO t (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = ?, extra = ?");
        assertThat(upsert(T, set(column("extra"), "x")).compile(Dialects.postgresql()).string())
                .isEqualTo("INSERT INTO t (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET extra = ?");
    }

    @Test
    void aNameStillMustBeTheTables() {
        assertThatThrownBy(() -> upsert(T, set("extra", "x"))).isInstanceOf(ArgumentException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> insert(T).values(Map.of("id", 1)).onDuplicateKeyUpdate(Map.of(column("extra"), "x")))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("extra");
    }

    @Test
    void survivesSerialization() {
        Insert stmt = upsert(T, set(column("extra"), "x", "name", "b"));
        for (Protocol p : Protocol.values()) {
            Insert back = (Insert) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), MD);
            assertThat(back.compile(Dialects.postgresql()).string()).as(p.name()).isEqualTo(stmt.compile(Dialects.postgresql()).string());
        }
    }

    /** The database table has a column the Table object leaves out; the upsert still sets it. */
    @Test
    void setsTheUndeclaredColumnOnPostgresql() {
        Engine engine = Databases.postgresql();
        String name = "ups_" + UUID.randomUUID().toString().substring(0, 8);
        MetaData full = new MetaData();
        new Table(name, full, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING), Column.of("extra", Types.STRING));
        full.createAll(engine);
        try (Connection c = engine.connect()) {
            Table partial = new Table(name, new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.STRING));
            c.execute(insert(partial).values(Map.of("id", 1, "name", "a")));
            c.execute(upsert(partial, set(column("extra"), "x", "name", "b")));
            assertThat(c.execute(text("SELECT name || extra FROM " + name)).scalar()).isEqualTo("bx");
            c.commit();
        } finally {
            full.dropAll(engine);
        }
    }
}
