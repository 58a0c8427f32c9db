package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Flushing many new objects with generated keys sends pages of multi-row INSERTs; {@link Session#bulkInsert}. */
class BulkInsertTest {
    public static class Item {
        Integer id;
        String name;
        Integer qty;
        String status;

        Item() {
        }

        Item(String name, int qty) {
            this.name = name;
            this.qty = qty;
        }
    }

    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table itemsTable = new Table("items" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("qty", Types.INTEGER),
            Column.of("status", Types.string(10)).serverDefault("new"));

    /** Runs {@code body} with the items table created on {@code engine}; the INSERTs it ran (without the suffix). Drops it. */
    private List<String> withItems(Engine engine, Consumer<Engine> body) {
        try (t) {
            t.registry.mapImperatively(Item.class, itemsTable);
            t.start(engine);
            body.accept(engine);
            return t.take("INSERT");
        }
    }

    private static List<Item> items(int n) {
        List<Item> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Item("i" + i, i));
        }
        return out;
    }

    /** Each item's key and server default are those of its row. */
    private void assertMatchesRows(Engine engine, List<Item> items) {
        Map<Object, Row> byName = new HashMap<>();
        try (Connection conn = engine.connect()) {
            conn.execute(select(itemsTable.c("name"), itemsTable.c("id"), itemsTable.c("status"))).all().forEach(r -> byName.put(r.get(0), r));
        }
        assertThat(byName).hasSize(items.size());
        for (Item it : items) {
            assertThat(it.id).as(it.name).isEqualTo(byName.get(it.name).get(1));
            assertThat(it.status).isEqualTo("new");
        }
    }

    @EachDatabase
    void flushingTenThousandNewObjectsSendsPagesNotStatementsPerObject(Database db) {
        List<Item> items = items(10_000);
        List<String> inserts = withItems(db.engine(), engine -> {
            try (Session s = SessionFactory.of(engine).open()) {
                s.addAll(items);
                s.commit();
                assertThat(s.contains(items.get(0))).isTrue();
            }
            assertMatchesRows(engine, items);
        });
        assertThat(inserts).as("10,000 rows in pages of 1,000").hasSize(10);
    }

    @EachDatabase
    void bulkInsertSetsTheGeneratedValuesWithoutTrackingTheInstances(Database db) {
        List<Item> items = items(2_500);
        items.get(7).id = 1_000_000;
        List<String> inserts = withItems(db.engine(), engine -> {
            try (Session s = SessionFactory.of(engine).open()) {
                s.bulkInsert(items);
                assertThat(s.contains(items.get(0))).isFalse();
                s.commit();
            }
            assertMatchesRows(engine, items);
        });
        assertThat(items.get(7).id).isEqualTo(1_000_000);
        // A run of 7, the item with its own key, then a run of 2,492 (in pages of 1,000).
        assertThat(inserts).hasSize(1 + 1 + 3);
    }

    /**
     * The {@code mysql} dialect through a {@code jdbc:mysql:} URL against MariaDB (MySQL 8 is not
     * on this machine): no RETURNING, so one JDBC batch reports the keys and the server default
     * is read back by key.
     */
    @Test
    void theMysqlDialectFlushesOneBatchWithGeneratedKeys() {
        Databases.mariadb();
        Engine mysql = Engine.create("jdbc:mysql://127.0.0.1:3306/test?permitMysqlScheme", EngineOptions.builder().user("root").build());
        try {
            List<Item> items = items(300);
            List<String> inserts = withItems(mysql, engine -> {
                try (Session s = SessionFactory.of(engine).open()) {
                    s.addAll(items);
                    s.commit();
                }
                assertMatchesRows(engine, items);
            });
            assertThat(inserts).containsExactly("INSERT INTO items (name, qty) VALUES (?, ?)");
        } finally {
            mysql.dispose();
        }
    }
}
