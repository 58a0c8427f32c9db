package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.exc.RetortException;
import dev.retort.exc.SerializationException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.PickleTypeTest.Prefs;
import java.io.InvalidClassException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * PickleType on every database: round trips through the default Java pickler and the JSON
 * pickler, values of several MB, NULL, and bytes planted in the column with plain JDBC that must
 * not unpickle (corrupt, truncated, a class outside the allow-list, which must not run).
 */
class PickleTypeDatabaseTest {
    private static final PickleType<Map<String, Object>> JAVA = PickleType.builder().build();
    private static final PickleType<Prefs> PREFS = PickleType.builder().pickler(Picklers.json(Prefs.class)).build();
    private static final PickleType<Map<String, Object>> JSON = PickleType.builder().pickler(Picklers.json()).build();
    private static final int FIVE_MB = 5 * 1024 * 1024;

    private final MetaData md = new MetaData();
    private final Table t = new Table("pickles_" + UUID.randomUUID().toString().substring(0, 8), md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("data", JAVA),
            Column.of("prefs", PREFS),
            Column.of("doc", JSON));

    /** Creates the table on {@code db}, runs {@code work} on one connection, and drops the table. */
    private void withTable(Database db, Consumer<Connection> work) {
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            work.accept(conn);
        } finally {
            md.dropAll(db.engine());
        }
    }

    private Row row(Connection conn, int id) {
        return conn.execute(select(t).where(t.c("id").eq(id))).one();
    }

    /** Writes {@code bytes} into the data column of row {@code id} with plain JDBC. */
    private void plant(Connection conn, int id, byte[] bytes) {
        try (PreparedStatement ps = conn.jdbc().prepareStatement("UPDATE " + t.name() + " SET data = ? WHERE id = ?")) {
            ps.setBytes(1, bytes);
            ps.setInt(2, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @EachDatabase
    void valuesRoundTrip(Database db) {
        withTable(db, conn -> {
            Map<String, Object> jdk = PickleTypeTest.jdkValues();
            Prefs prefs = new Prefs("dark", 3, List.of("a", "b"), Map.of("x", 1));
            Map<String, Object> doc = Map.of("a", List.of(1, 2.5, "x", true), "b", Map.of("c", "d"));
            conn.execute(insert(t), Map.of("id", 1, "data", jdk, "prefs", prefs, "doc", doc));
            Map<String, Object> nulls = new HashMap<>(Map.of("id", 2));
            nulls.put("data", null);
            nulls.put("prefs", null);
            conn.execute(insert(t), nulls);

            Row r = row(conn, 1);
            assertThat(r.get("data")).isEqualTo(jdk);
            assertThat(r.get("prefs")).isEqualTo(prefs);
            assertThat(r.get("doc")).isEqualTo(doc);
            assertThat(row(conn, 2).toList()).containsExactly(2, null, null, null);
            assertThat(conn.execute(select(t.c("id")).where(t.c("data").eq(null))).scalars()).containsExactly(2);
            Object stored = conn.execute(dev.retort.sql.SQL.text("SELECT prefs FROM " + t.name() + " WHERE id = 1")).scalar();
            assertThat(new String((byte[]) stored, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"theme\":\"dark\"");
        });
    }

    @EachDatabase
    void valuesOfSeveralMegabytesRoundTrip(Database db) {
        byte[] blob = new byte[FIVE_MB];
        new SplittableRandom(5).nextBytes(blob);
        Map<String, Object> big = new LinkedHashMap<>(Map.of("blob", blob));
        String text = "0123456789abcdef".repeat(FIVE_MB / 16);
        withTable(db, conn -> {
            conn.execute(insert(t), Map.of("id", 1, "data", big));
            conn.execute(insert(t), Map.of("id", 2, "doc", Map.of("text", text)));
            assertThat((byte[]) ((Map<?, ?>) row(conn, 1).get("data")).get("blob")).isEqualTo(blob);
            assertThat(((Map<?, ?>) row(conn, 2).get("doc")).get("text")).isEqualTo(text);
        });
    }

    @EachDatabase
    void bytesThatDoNotUnpickleRaiseAnErrorNamingTableAndColumn(Database db) {
        withTable(db, conn -> {
            byte[] good = JAVA.dumps(PickleTypeTest.jdkValues());
            List<byte[]> bad = List.of(new byte[] {1, 2, 3}, Arrays.copyOf(good, good.length / 2), new byte[0]);
            for (byte[] bytes : bad) {
                conn.execute(dev.retort.sql.SQL.delete(t));
                conn.execute(insert(t), Map.of("id", 1));
                plant(conn, 1, bytes);
                assertThatThrownBy(() -> row(conn, 1))
                        .isInstanceOf(RetortException.class)
                        .hasMessageStartingWith("Cannot read column 'data' of table '" + t.name() + "' as PickleType(")
                        .hasMessageContaining("cannot unpickle " + bytes.length + " bytes")
                        .hasCauseInstanceOf(SerializationException.class);
            }
        });
    }

    @EachDatabase
    void aForeignClassInTheColumnIsRefusedWithoutRunning(Database db) {
        withTable(db, conn -> {
            conn.execute(insert(t), Map.of("id", 1));
            for (Object planted : List.of(new Evil(), new HashMap<>(Map.of("inside", new Evil())))) {
                plant(conn, 1, Evil.serialized(planted));
                assertThatThrownBy(() -> conn.execute(select(t.c("data").label("d")).where(t.c("id").eq(1))).all())
                        .isInstanceOf(RetortException.class)
                        .hasMessageStartingWith("Cannot read column 'd' of table '" + t.name() + "'")
                        .hasMessageContaining(Evil.class.getName())
                        .hasRootCauseInstanceOf(InvalidClassException.class);
                assertThat(Evil.ran()).as("neither Evil's constructor chain nor its readObject ran").isFalse();
            }
        });
    }

    @EachDatabase
    void aValueThePicklerCouldNotReadBackIsRefusedOnInsert(Database db) {
        withTable(db, conn -> assertThatThrownBy(() -> conn.execute(insert(t), Map.of("id", 1, "data", Map.of("e", new Evil()))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(Evil.class.getName() + " is not in the allow-list"));
    }
}
