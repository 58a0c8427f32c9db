package dev.retort.engine;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.exc.RetortException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code Result.insertedPrimaryKeys()} and executemany with RETURNING ("insertmanyvalues"): keys
 * and rows come back in parameter-set order, in pages of multi-row INSERTs.
 */
class InsertedPrimaryKeysTest {
    /** A table {@code t_<random>(id autoincrement, name, x)} created on {@code engine} for {@code body}, then dropped. */
    private static void withTable(Engine engine, Consumer<Table> body) {
        MetaData md = new MetaData();
        Table t = new Table("t_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)), Column.of("x", Types.INTEGER));
        md.createAll(engine);
        try {
            body.accept(t);
        } finally {
            md.dropAll(engine);
        }
    }

    private static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Map.of("name", "n" + i, "x", i));
        }
        return out;
    }

    /** The SQL of each execution the engine ran during {@code body}. */
    private static List<String> statements(Engine engine, Runnable body) {
        List<String> sql = new ArrayList<>();
        ExecutionListener l = new ExecutionListener() {
            @Override
            public void onExecute(String s, List<Object> params) {
                sql.add(s);
            }
        };
        engine.addListener(l);
        try {
            body.run();
        } finally {
            engine.removeListener(l);
        }
        return sql;
    }

    /** The id of each name, as the table holds them. */
    private static Map<Object, Object> idsByName(Connection conn, Table t) {
        Map<Object, Object> out = new HashMap<>();
        for (Row r : conn.execute(select(t.c("name"), t.c("id"))).all()) {
            out.put(r.get(0), r.get(1));
        }
        return out;
    }

    @EachDatabase
    void aSingleRowReportsItsGeneratedKey(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                Result first = conn.execute(insert(t), Map.of("name", "a", "x", 1));
                Result second = conn.execute(insert(t).values(Map.of("name", "b", "x", 2)));
                Result given = conn.execute(insert(t), Map.of("id", 100, "name", "c", "x", 3));
                Map<Object, Object> ids = idsByName(conn, t);
                assertThat(first.rowCount()).isEqualTo(1);
                assertThat(first.insertedPrimaryKeys()).hasSize(1);
                assertThat(first.insertedPrimaryKeys().get(0).get("id")).isEqualTo(ids.get("a"));
                assertThat(second.insertedPrimaryKeys().get(0).get("id")).isEqualTo(ids.get("b"));
                assertThat(given.insertedPrimaryKeys().get(0).toList()).containsExactly(100);
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void executemanyReturnsEveryKeyInParameterOrderInPages(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> rows = rows(2_345);
                Result[] r = new Result[1];
                List<String> sent = statements(db.engine(), () -> r[0] = conn.execute(insert(t), rows));
                assertThat(sent).as("pages of at most 1,000 rows").hasSize(3);
                assertThat(r[0].rowCount()).isEqualTo(2_345);
                Map<Object, Object> ids = idsByName(conn, t);
                List<Row> keys = r[0].insertedPrimaryKeys();
                assertThat(keys).hasSize(2_345);
                for (int i = 0; i < rows.size(); i++) {
                    assertThat(keys.get(i).get("id")).as("key of set %d", i).isEqualTo(ids.get("n" + i));
                }
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void executemanyWithReturningGivesTheRowsInParameterOrder(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> rows = rows(5);
                Result r = conn.execute(insert(t).returning(t.c("name"), t.c("id")), rows);
                List<Row> returned = r.all();
                assertThat(r.keys()).containsExactly("name", "id");
                assertThat(returned).extracting(row -> row.get(0)).containsExactly("n0", "n1", "n2", "n3", "n4");
                Map<Object, Object> ids = idsByName(conn, t);
                assertThat(returned).allSatisfy(row -> assertThat(row.get("id")).isEqualTo(ids.get(row.get("name"))));
                assertThat(r.insertedPrimaryKeys()).extracting(k -> k.get("id")).containsExactlyElementsOf(returned.stream().map(row -> row.get(1)).toList());
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void clientKeysCorrelateTheReturnedRows(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Integer> ids = new ArrayList<>(IntStream.range(1, 300).boxed().toList());
                dev.retort.testing.Draws.shuffle(ids, new SplittableRandom(15));
                List<Map<String, Object>> rows = new ArrayList<>();
                ids.forEach(id -> rows.add(Map.of("id", id, "name", "n" + id, "x", id * 10)));
                Result r = conn.execute(insert(t).returning(t.c("x")), rows);
                assertThat(r.scalars()).containsExactlyElementsOf(ids.stream().map(id -> (Object) (id * 10)).toList());
                assertThat(r.insertedPrimaryKeys()).extracting(k -> k.get("id")).containsExactlyElementsOf(ids.stream().map(id -> (Object) id).toList());
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void keysTheParametersGiveNeedNoReturning(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<Map<String, Object>> rows = List.of(Map.of("id", 5, "name", "a", "x", 1), Map.of("id", 3, "name", "b", "x", 2));
                Result[] r = new Result[1];
                List<String> sent = statements(db.engine(), () -> r[0] = conn.execute(insert(t), rows));
                assertThat(sent).hasSize(1);
                assertThat(sent.get(0)).doesNotContain("RETURNING");
                assertThat(r[0].insertedPrimaryKeys()).extracting(k -> k.get("id")).containsExactly(5, 3);
                conn.rollback();
            }
        });
    }

    /**
     * The shape of a page, from SQLAlchemy 2.1.1's {@code _deliver_insertmanyvalues_batches} for
     * {@code insert(t).returning(t.c.name, t.c.id, sort_by_parameter_order=True)} over three
     * parameter sets. PostgreSQL: SQLAlchemy's psycopg2 dialect also casts the placeholders
     * inside VALUES ({@code %s::VARCHAR}); Retort leaves them bare, pgjdbc sends each value's
     * type. SQLite: SQLAlchemy sends one row per statement when the order matters; Retort sends
     * MariaDB's shape (rowids grow in VALUES order).
     */
    @EachDatabase
    void pagesHaveSqlalchemysShape(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                List<String> sent = statements(db.engine(), () -> conn.execute(insert(t).returning(t.c("name"), t.c("id")), rows(3)).all());
                String n = t.name();
                String expected = switch (db) {
                    case POSTGRESQL -> "INSERT INTO " + n + " (name, x) SELECT p0::VARCHAR, p1::INTEGER FROM (VALUES (?, ?, 0), (?, ?, 1), (?, ?, 2)) "
                            + "AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter RETURNING " + n + ".name, " + n + ".id, " + n + ".id AS id__1";
                    case MARIADB -> "INSERT INTO " + n + " (name, x) VALUES (?, ?), (?, ?), (?, ?) RETURNING " + n + ".name, " + n + ".id, " + n + ".id AS id__1";
                    // SQLite's RETURNING names the columns without their table, as SQLAlchemy's SQLite compiler does.
                    case SQLITE -> "INSERT INTO " + n + " (name, x) VALUES (?, ?), (?, ?), (?, ?) RETURNING name, id, id AS id__1";
                };
                assertThat(sent).containsExactly(expected);
                conn.rollback();
            }
        });
    }

    @Test
    void aPageHoldsAtMostTheDialectsParameterLimit() {
        {
            Engine engine = Databases.sqlite();
            MetaData md = new MetaData();
            List<Column<?>> cols = new ArrayList<>();
            cols.add(Column.of("id", Types.INTEGER).primaryKey());
            for (int i = 0; i < 100; i++) {
                cols.add(Column.of("c" + i, Types.INTEGER));
            }
            Table wide = new Table("w_" + UUID.randomUUID().toString().substring(0, 8), md, cols.toArray(new Column<?>[0]));
            md.createAll(engine);
            try (Connection conn = engine.connect()) {
                Map<String, Object> row = new HashMap<>();
                cols.subList(1, cols.size()).forEach(c -> row.put(c.key(), 1));
                List<Map<String, Object>> rows = Collections.nCopies(700, row);
                Result[] r = new Result[1];
                List<String> sent = statements(engine, () -> r[0] = conn.execute(insert(wide), rows));
                // 32,766 parameters / 100 columns = 327 rows a page.
                assertThat(sent).hasSize(3);
                assertThat(r[0].insertedPrimaryKeys()).extracting(k -> ((Number) k.get("id")).intValue())
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 700).boxed().toList());
            } finally {
                md.dropAll(engine);
            }
        }
    }

    @Test
    void aStatementThatIsNoInsertHasNoInsertedKeys() {
        try (Connection conn = Databases.sqlite().connect()) {
            Result r = conn.execute(select(dev.retort.sql.SQL.literal(1)));
            assertThatThrownBy(r::insertedPrimaryKeys).isInstanceOf(RetortException.class).hasMessageContaining("INSERT");
        }
    }

    // ---- the mysql dialect ---------------------------------------------------------------------

    /**
     * The {@code mysql} dialect: MySQL 8 is not on this machine, so its path runs against
     * MariaDB through a {@code jdbc:mysql:} URL (the MariaDB driver accepts it with
     * {@code permitMysqlScheme}): no RETURNING, keys from JDBC's generated keys, one batch for
     * an executemany.
     */
    @Test
    void theMysqlDialectReadsGeneratedKeys() {
        Databases.mariadb();
        Engine mysql = Engine.create("jdbc:mysql://127.0.0.1:3306/test?permitMysqlScheme", EngineOptions.builder().user("root").build());
        try {
            assertThat(mysql.dialect().name()).isEqualTo("mysql");
            withTable(mysql, t -> {
                try (Connection conn = mysql.connect()) {
                    Result one = conn.execute(insert(t), Map.of("name", "first", "x", 0));
                    List<Map<String, Object>> rows = rows(1_500);
                    Result[] many = new Result[1];
                    List<String> sent = statements(mysql, () -> many[0] = conn.execute(insert(t), rows));
                    assertThat(sent).as("one JDBC batch").containsExactly("INSERT INTO " + t.name() + " (name, x) VALUES (?, ?)");
                    Map<Object, Object> ids = idsByName(conn, t);
                    assertThat(one.insertedPrimaryKeys().get(0).get("id")).isEqualTo(ids.get("first"));
                    List<Row> keys = many[0].insertedPrimaryKeys();
                    for (int i = 0; i < rows.size(); i++) {
                        assertThat(keys.get(i).get("id")).isEqualTo(ids.get("n" + i));
                    }
                    conn.rollback();
                }
            });
        } finally {
            mysql.dispose();
        }
    }

    /** Where MySQL's SQL differs from MariaDB's, compiled only: MySQL 8 has no RETURNING. */
    @Test
    void theMysqlDialectRefusesReturning() {
        MetaData md = new MetaData();
        Table t = new Table("t", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)));
        assertThatThrownBy(() -> insert(t).values(Map.of("name", "a")).returning(t.c("id")).compile(Dialects.mysql()))
                .isInstanceOf(CompileException.class).hasMessageContaining("mysql");
        assertThat(insert(t).values(Map.of("name", "a")).returning(t.c("id")).compile(Dialects.mariadb()).string())
                .isEqualTo("INSERT INTO t (name) VALUES (?) RETURNING t.id");
        assertThat(Dialects.mysql().insertKeysFromGeneratedKeys()).isTrue();
        assertThat(Dialects.mysql().supportsReturning()).isFalse();
    }
}
