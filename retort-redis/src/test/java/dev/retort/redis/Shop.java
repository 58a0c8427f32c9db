package dev.retort.redis;

import static dev.retort.sql.SQL.insert;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The schema the cache tests use: one table of 50 items, in a SQLite file both test processes open. */
final class Shop {
    final MetaData metadata = new MetaData();
    final Table items = new Table("items", metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("price", Types.numeric(8, 2)));

    void fill(Engine engine) {
        metadata.dropAll(engine);
        metadata.createAll(engine);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(Map.of("id", i, "name", "item " + i, "price", new java.math.BigDecimal(i + ".50")));
        }
        try (Connection c = engine.begin()) {
            c.execute(insert(items), rows);
        }
    }
}
