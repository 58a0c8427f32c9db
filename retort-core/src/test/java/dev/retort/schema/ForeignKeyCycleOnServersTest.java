package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tables whose foreign keys form a cycle (SQLAlchemy's test_metadata / test_cycles use_alter-less cycles): createAll
 * creates them and then adds the cycle's keys by ALTER TABLE on PostgreSQL and MariaDB, whether a column declares the
 * key or the table does; dropAll drops those keys first, named or not, with rows in place. SQLite keeps them inline
 * (and is tested without rows).
 */
class ForeignKeyCycleOnServersTest {
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void createsAndDropsACycleOfColumnKeys(Databases.Database db) throws SQLException {
        Engine engine = db.engine();
        String s = UUID.randomUUID().toString().substring(0, 8);
        MetaData md = new MetaData();
        // a declared first: its key to b is the one that closes the cycle; c's table key joins it to a, named
        Table a = new Table("cyc_a_" + s, md, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("b_id", Types.INTEGER).foreignKey("cyc_b_" + s + ".id"));
        Table b = new Table("cyc_b_" + s, md, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("c_id", Types.INTEGER).foreignKey("cyc_c_" + s + ".id"));
        Table c = new Table("cyc_c_" + s, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("a_id", Types.INTEGER),
                new ForeignKeyConstraint("fk_cyc_c_a_" + s, List.of("a_id"), List.of("cyc_a_" + s + ".id"), null, null));
        md.createAll(engine);
        try {
            try (Connection conn = engine.begin()) {
                Inspector inspector = engine.dialect().inspector();
                String schema = inspector.defaultSchema(conn.jdbc());
                for (Table t : List.of(a, b, c)) {
                    assertThat(inspector.foreignKeys(conn.jdbc(), schema, t.name())).as(t.name()).hasSize(1);
                }
                if (db == Databases.Database.SQLITE) {
                    // SQLite cannot drop a key: DROP TABLE's implicit DELETE fails on a cycle's rows (as under SQLAlchemy)
                    return;
                }
                conn.execute(insert(a).values(Map.of("id", 1)));
                conn.execute(insert(c).values(Map.of("id", 1, "a_id", 1)));
                conn.execute(insert(b).values(Map.of("id", 1, "c_id", 1)));
                conn.execute(update(a).values(Map.of("b_id", 1)));
            }
        } finally {
            md.dropAll(engine);
        }
        try (Connection conn = engine.connect()) {
            for (Table t : List.of(a, b, c)) {
                assertThat(MetaData.exists(conn, t)).as(t.name()).isFalse();
            }
        }
    }
}
