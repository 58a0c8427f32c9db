package dev.retort.schema;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.Insert;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Client-side column defaults and on-update values ({@code Column.defaultValue}, {@code Column.onUpdate}), compiled as SQLAlchemy 2.1.1 does, and run. */
class ColumnDefaultsTest {
    /** SQLAlchemy's Table("docs", ...) of the expected SQL below: status default "new", serial a callable, created func.now(), note/stamp/changed on update. */
    private static Table docs(MetaData md, String name, AtomicInteger serial, AtomicInteger stamp) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)),
                Column.of("status", Types.string(10)).defaultValue("new"),
                Column.of("serial", Types.INTEGER).defaultValue(serial::incrementAndGet),
                Column.of("created", Types.DATETIME).defaultValue(func("now")),
                Column.of("note", Types.string(20)).onUpdate("edited"),
                Column.of("stamp", Types.INTEGER).onUpdate(stamp::incrementAndGet),
                Column.of("changed", Types.DATETIME).onUpdate(func("now")));
    }

    private static final Table DOCS = docs(new MetaData(), "docs", new AtomicInteger(), new AtomicInteger());

    private static String sql(ClauseElement stmt, Dialect d) {
        return stmt.compile(d).string().replaceAll("\\s+", " ");
    }

    // Expected SQL and parameters: SQLAlchemy 2.1.1 (default dialect; SQLiteDialect, MySQLDialect is_mariadb, PGDialect with paramstyle qmark).
    @Test
    void anInsertGivesTheDefaultedColumnsTheirValues() {
        Insert ins = insert(DOCS).values(Map.of("name", "a"));
        Compiled c = ins.compile();
        assertThat(c.string()).isEqualTo("INSERT INTO docs (name, status, serial, created) VALUES (:name, :status, :serial, now())");
        Map<String, Object> params = new HashMap<>();
        params.put("name", "a");
        params.put("status", null);
        params.put("serial", null);
        assertThat(c.params()).isEqualTo(params);
        assertThat(sql(ins, Dialects.sqlite())).isEqualTo("INSERT INTO docs (name, status, serial, created) VALUES (?, ?, ?, CURRENT_TIMESTAMP)");
        assertThat(sql(ins, Dialects.mariadb())).isEqualTo("INSERT INTO docs (name, status, serial, created) VALUES (?, ?, ?, now())");
        // literal binds: the defaults' parameters have no value yet
        assertThat(insert(DOCS).values(Map.of("name", "a")).compile(Dialects.defaultDialect(), dev.retort.sql.CompileOption.LITERAL_BINDS).string())
                .isEqualTo("INSERT INTO docs (name, status, serial, created) VALUES ('a', NULL, NULL, now())");
        assertThat(sql(insert(DOCS).values(Map.of("id", 3, "status", "x")), Dialects.defaultDialect()))
                .isEqualTo("INSERT INTO docs (id, status, serial, created) VALUES (:id, :status, :serial, now())");
    }

    @Test
    void aMultiRowInsertNamesTheLaterRowsParameters() {
        Insert multi = insert(DOCS).values(List.of(Map.of("name", "a"), Map.of("name", "b")));
        Compiled c = multi.compile();
        assertThat(c.string()).isEqualTo("INSERT INTO docs (name, status, serial, created) VALUES (:name_m0, :status, :serial, now()), "
                + "(:name_m1, :status_m1, :serial_m1, now())");
        assertThat(c.params().keySet()).containsExactly("name_m0", "status", "serial", "name_m1", "status_m1", "serial_m1");
        assertThat(sql(multi, Dialects.postgresql())).isEqualTo("INSERT INTO docs (name, status, serial, created) VALUES (?, ?, ?, now()), (?, ?, ?, now())");
    }

    /** Rows of a multi-row VALUES after the first: a key the first row gives but they leave out takes the column's default. */
    private static Insert differingRows(Table t) {
        Map<String, Object> second = Map.of("id", 2, "name", "b");
        Map<String, Object> third = Map.of("id", 3, "name", "c", "serial", 9, "note", "x");
        return insert(t).values(List.of(Map.of("id", 1, "name", "a", "status", "old", "serial", 7, "created", func("now")), second, third));
    }

    @Test
    void laterRowsOfAMultiRowInsertTakeTheDefaultsOfTheKeysTheyLeaveOut() {
        Compiled c = differingRows(DOCS).compile();
        assertThat(c.string()).isEqualTo("INSERT INTO docs (id, name, status, serial, created) VALUES (:id_m0, :name_m0, :status_m0, :serial_m0, now()), "
                + "(:id_m1, :name_m1, :status_m1, :serial_m1, now()), (:id_m2, :name_m2, :status_m2, :serial_m2, now())");
        Map<String, Object> params = new HashMap<>();
        params.putAll(Map.of("id_m0", 1, "name_m0", "a", "status_m0", "old", "serial_m0", 7, "id_m1", 2, "name_m1", "b", "id_m2", 3, "name_m2", "c", "serial_m2", 9));
        params.put("status_m1", null);
        params.put("serial_m1", null);
        params.put("status_m2", null);
        assertThat(c.params()).isEqualTo(params);
        assertThat(sql(differingRows(DOCS), Dialects.sqlite())).isEqualTo("INSERT INTO docs (id, name, status, serial, created) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP), "
                + "(?, ?, ?, ?, CURRENT_TIMESTAMP), (?, ?, ?, ?, CURRENT_TIMESTAMP)");
        assertThat(sql(differingRows(DOCS), Dialects.mariadb())).isEqualTo("INSERT INTO docs (id, name, status, serial, created) VALUES (?, ?, ?, ?, now()), "
                + "(?, ?, ?, ?, now()), (?, ?, ?, ?, now())");

        // a defaulted key only a later row gives: the first row takes the default
        Compiled later = insert(DOCS).values(List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b", "status", "old"))).compile();
        assertThat(later.string()).isEqualTo("INSERT INTO docs (id, name, status, serial, created) VALUES (:id_m0, :name_m0, :status, :serial, now()), "
                + "(:id_m1, :name_m1, :status_m1, :serial_m1, now())");
        assertThat(later.params().get("status_m1")).isEqualTo("old");
        assertThat(later.params()).containsEntry("status", null).containsEntry("serial_m1", null);
    }

    @Test
    void aLaterRowLeavingOutAKeyWithoutADefaultIsRefused() {
        // SQLAlchemy: CompileError "INSERT value for column docs.name is explicitly rendered as a boundparameter ..."
        assertThatThrownBy(() -> insert(DOCS).values(List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2), Map.of("id", 3, "name", "c"))))
                .isInstanceOf(ArgumentException.class)
                .hasMessageStartingWith("Row 1 of a multi-row INSERT has no value for column 'name'");
    }

    /** SQLAlchemy's t (n with Sequence('n_seq')) and t2 (id a sequenced key) of the expected SQL below. */
    private static Table[] sequenced(MetaData md, String suffix) {
        return new Table[] {
            new Table("t" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("n", Types.INTEGER).sequence(new Sequence("n_seq" + suffix)),
                    Column.of("s", Types.string(10))),
            new Table("t2" + suffix, md, Column.of("id", Types.INTEGER).primaryKey().sequence(new Sequence("id_seq" + suffix)), Column.of("s", Types.string(10)))};
    }

    private static Insert[] laterSequenceRows(Table[] t) {
        return new Insert[] {
            insert(t[0]).values(List.of(Map.of("id", 1, "s", "a"), Map.of("id", 2, "s", "b", "n", 5))),
            insert(t[1]).values(List.of(Map.of("s", "a"), Map.of("s", "b", "id", 5)))};
    }

    @Test
    void aSequencedColumnOnlyALaterRowGivesTakesTheSequenceInTheFirst() {
        Insert[] ins = laterSequenceRows(sequenced(new MetaData(), ""));
        Compiled c = ins[0].compile();
        assertThat(c.string()).isEqualTo("INSERT INTO t (id, n, s) VALUES (:id_m0, <next sequence value: n_seq>, :s_m0), (:id_m1, :n_m1, :s_m1)");
        assertThat(c.params()).isEqualTo(Map.of("id_m0", 1, "s_m0", "a", "id_m1", 2, "n_m1", 5, "s_m1", "b"));
        assertThat(sql(ins[0], Dialects.postgresql())).isEqualTo("INSERT INTO t (id, n, s) VALUES (?, nextval('n_seq'), ?), (?, ?, ?)");
        assertThat(sql(ins[0], Dialects.mariadb())).isEqualTo("INSERT INTO t (id, n, s) VALUES (?, nextval(n_seq), ?), (?, ?, ?)");
        assertThat(sql(ins[1], Dialects.postgresql())).isEqualTo("INSERT INTO t2 (id, s) VALUES (nextval('id_seq'), ?), (?, ?)");
        assertThat(sql(ins[1], Dialects.mariadb())).isEqualTo("INSERT INTO t2 (id, s) VALUES (nextval(id_seq), ?), (?, ?)");
        assertThat(ins[1].compile().params()).isEqualTo(Map.of("s_m0", "a", "id_m1", 5, "s_m1", "b"));
    }

    @Test
    void aSequencedColumnOnlyALaterRowGivesIsInsertedOnPostgresqlAndMariadb() {
        for (dev.retort.engine.Engine engine : List.of(dev.retort.testing.Databases.postgresql(), dev.retort.testing.Databases.mariadb())) {
            MetaData md = new MetaData();
            Table[] t = sequenced(md, "_" + UUID.randomUUID().toString().substring(0, 8));
            md.createAll(engine);
            try (Connection conn = engine.connect()) {
                for (Insert i : laterSequenceRows(t)) {
                    conn.execute(i);
                }
                assertThat(conn.execute(select(t[0].c("id"), t[0].c("n")).orderBy(t[0].c("id"))).all()).extracting(r -> n(r.get(1)).intValue()).containsExactly(1, 5);
                assertThat(conn.execute(select(t[1].c("id"), t[1].c("s")).orderBy(t[1].c("id"))).all()).extracting(r -> n(r.get(0)).intValue() + "" + r.get(1))
                        .containsExactly("1a", "5b");
                conn.rollback();
            } finally {
                md.dropAll(engine);
            }
        }
    }

    @Test
    void anInsertWithoutValuesNamesEveryColumn() {
        assertThat(sql(insert(DOCS), Dialects.defaultDialect())).isEqualTo(
                "INSERT INTO docs (id, name, status, serial, created, note, stamp, changed) VALUES (:id, :name, :status, :serial, :created, :note, :stamp, :changed)");
    }

    @Test
    void anUpdateSetsTheOnUpdateColumnsItDoesNotSet() {
        ClauseElement upd = update(DOCS).values(Map.of("name", "b")).where(DOCS.c("id").eq(1));
        Compiled c = upd.compile();
        assertThat(c.string()).isEqualTo("UPDATE docs SET name=:name, note=:note, stamp=:stamp, changed=now() WHERE docs.id = :id_1");
        assertThat(c.params().keySet()).containsExactly("name", "note", "stamp", "id_1");
        assertThat(c.params().get("note")).isNull();
        assertThat(sql(upd, Dialects.sqlite())).isEqualTo("UPDATE docs SET name=?, note=?, stamp=?, changed=CURRENT_TIMESTAMP WHERE docs.id = ?");
        assertThat(sql(upd, Dialects.postgresql())).isEqualTo("UPDATE docs SET name=?, note=?, stamp=?, changed=now() WHERE docs.id = ?");
        Compiled given = update(DOCS).values(Map.of("stamp", 5, "name", "b")).compile();
        assertThat(given.string()).isEqualTo("UPDATE docs SET name=:name, note=:note, stamp=:stamp, changed=now()");
        assertThat(given.params().get("stamp")).isEqualTo(5);
    }

    private static final MetaData FS = new MetaData();
    private static final Table SRC = new Table("src", FS, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
    private static final Table DST = new Table("dst", FS, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)),
            Column.of("status", Types.string(10)).defaultValue("new"), Column.of("created", Types.DATETIME).defaultValue(func("now")),
            Column.of("n", Types.INTEGER).sequence(new Sequence("dst_n_seq")));

    @Test
    void anInsertFromASelectAddsTheDefaultsToTheSelect() {
        Insert ins = insert(DST).fromSelect(List.of("id", "name"), select(SRC.c("id"), SRC.c("name")));
        Compiled c = ins.compile();
        assertThat(c.string().replaceAll("\\s+", " ")).isEqualTo("INSERT INTO dst (id, name, status, created) SELECT src.id, src.name, :status AS anon_1, now() AS now_1 FROM src");
        Map<String, Object> params = new HashMap<>();
        params.put("status", null);
        assertThat(c.params()).isEqualTo(params);
        assertThat(sql(ins, Dialects.postgresql()))
                .isEqualTo("INSERT INTO dst (id, name, status, created, n) SELECT src.id, src.name, ? AS anon_1, now() AS now_1, nextval('dst_n_seq') AS next_value_1 FROM src");
        Insert without = insert(DST).fromSelect(List.of("id", "name"), select(SRC.c("id"), SRC.c("name")), false);
        assertThat(sql(without, Dialects.postgresql())).isEqualTo("INSERT INTO dst (id, name) SELECT src.id, src.name FROM src");
        assertThat(without.fromSelectIncludesDefaults()).isFalse();
        assertThat(without.cacheKey()).isNotEqualTo(ins.cacheKey());
        assertThatThrownBy(() -> insert(DST).fromSelect(List.of("id"), dev.retort.sql.SQL.union(select(SRC.c("id")), select(SRC.c("id")))).compile(Dialects.postgresql()))
                .isInstanceOf(dev.retort.exc.CompileException.class).hasMessageContaining("'status', 'created', 'n'");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"BINARY", "JSON"})
    void anInsertFromASelectWithoutDefaultsSurvivesTheSerializer(String protocol) {
        Insert without = insert(DST).fromSelect(List.of("id", "name"), select(SRC.c("id"), SRC.c("name")), false);
        for (Insert stmt : List.of(without, insert(DST).fromSelect(List.of("id"), select(SRC.c("id"))))) {
            Insert back = (Insert) dev.retort.ext.serializer.QuerySerializer.loads(
                    dev.retort.ext.serializer.QuerySerializer.dumps(stmt, dev.retort.ext.serializer.Protocol.valueOf(protocol)), FS);
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.fromSelectIncludesDefaults()).isEqualTo(stmt.fromSelectIncludesDefaults());
            assertThat(sql(back, Dialects.postgresql())).isEqualTo(sql(stmt, Dialects.postgresql()));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"BINARY", "JSON"})
    void aLaterRowsDefaultSurvivesTheSerializerAsTheLoadingSidesDefault(String protocol) {
        dev.retort.ext.serializer.Protocol p = dev.retort.ext.serializer.Protocol.valueOf(protocol);
        AtomicInteger here = new AtomicInteger(100);
        Table t = docs(new MetaData(), "docs", here, new AtomicInteger());
        Insert stmt = insert(t).values(List.of(Map.of("id", 1, "name", "a", "status", "old", "serial", 7), Map.of("id", 2, "name", "b")));
        // the loading side's table: its own supplier, asked when the loaded statement is bound, not when it was written
        MetaData loading = new MetaData();
        AtomicInteger there = new AtomicInteger(500);
        docs(loading, "docs", there, new AtomicInteger());
        Insert back = (Insert) dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(stmt, p), loading);
        assertThat(here.get()).isEqualTo(100);
        assertThat(sql(back, Dialects.postgresql())).isEqualTo(sql(stmt, Dialects.postgresql()));
        Compiled c = back.compile();
        assertThat(c.string()).isEqualTo(stmt.compile().string());
        // (:id_m0, :name_m0, :status_m0, :serial_m0, now()), (:id_m1, :name_m1, :status_m1, :serial_m1, now())
        assertThat(c.bind(Map.of()).values()).containsExactly(1, "a", "old", 7, 2, "b", "new", 501);
        assertThat(there.get()).isEqualTo(501);
        assertThat(here.get()).isEqualTo(100);

        // a loading side whose column has no constant or supplier default: refused, naming the column
        MetaData bare = new MetaData();
        new Table("docs", bare, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)), Column.of("status", Types.string(10)),
                Column.of("serial", Types.INTEGER), Column.of("created", Types.DATETIME).defaultValue(func("now")));
        assertThatThrownBy(() -> dev.retort.ext.serializer.QuerySerializer.loads(dev.retort.ext.serializer.QuerySerializer.dumps(stmt, p), bare))
                .isInstanceOf(dev.retort.exc.SerializationException.class).hasMessageContaining("column 'status'").hasMessageContaining("no constant or supplier default");
        // an on-update value as a parameter's value has no reference: refused, naming the column
        assertThatThrownBy(() -> dev.retort.ext.serializer.QuerySerializer.dumps(select(dev.retort.sql.SQL.bindparam("x", ((Column<?>) t.c("note")).onUpdate())), p))
                .isInstanceOf(dev.retort.exc.SerializationException.class).hasMessageContaining("on-update value of column 'note'");
    }

    @Test
    void anUpdateOfAnAliasAndASelectDefault() {
        assertThat(update(DOCS.alias("x")).values(Map.of("name", "z")).compile().string()).isEqualTo("UPDATE docs AS x SET name=:name");
        Table t = new Table("test", new MetaData(), Column.of("col1", Types.INTEGER).defaultValue(select(func("max", SRC.c("id")))), Column.of("col2", Types.INTEGER));
        assertThat(sql(insert(t).values(Map.of("col2", 1)), Dialects.defaultDialect()))
                .isEqualTo("INSERT INTO test (col1, col2) VALUES ((SELECT max(src.id) AS max_1 FROM src), :col2)");
    }

    @Test
    void optionsAreCheckedAndFrozen() {
        assertThatThrownBy(() -> Column.of("x", Types.INTEGER).defaultValue((Object) null)).isInstanceOf(ArgumentException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> DOCS.c("status").defaultValue("old")).isInstanceOf(ArgumentException.class).hasMessageContaining("docs.status");
        assertThat(DOCS.c("status").defaultValue().value()).isEqualTo("new");
        assertThat(DOCS.c("created").defaultValue().isExpression()).isTrue();
        assertThat(DOCS.c("stamp").onUpdate().isSupplier()).isTrue();
        assertThat(DOCS.c("name").defaultValue()).isNull();
    }

    /** The compiled cache serves one form for statements of one key; a supplier is asked afresh at each execution, never baked in. */
    @Test
    void aCachedCompiledFormAsksTheSupplierAtEachExecution() {
        AtomicInteger serial = new AtomicInteger();
        MetaData md = new MetaData();
        Table t = docs(md, "cd_" + UUID.randomUUID().toString().substring(0, 8), serial, new AtomicInteger());
        var engine = Database.SQLITE.engine();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            List<String> sqls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Insert stmt = insert(t).values(Map.of("name", "n" + (i % 3)));
                assertThat(stmt.cacheKey()).isEqualTo(insert(t).values(Map.of("name", "other")).cacheKey());
                sqls.add(sql(stmt, engine.dialect()));
                conn.execute(stmt);
            }
            assertThat(sqls).containsOnly(sqls.get(0));
            assertThat(serial.get()).isEqualTo(20);
            assertThat(conn.execute(select(t.c("serial")).orderBy(t.c("id"))).scalars()).isEqualTo(range(1, 20));
        } finally {
            md.dropAll(engine);
        }
    }

    private static List<Object> range(int from, int to) {
        List<Object> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static void withDocs(Database db, AtomicInteger serial, AtomicInteger stamp, Consumer<Table> body) {
        MetaData md = new MetaData();
        Table t = docs(md, "cd_" + UUID.randomUUID().toString().substring(0, 8), serial, stamp);
        md.createAll(db.engine());
        try {
            body.accept(t);
        } finally {
            md.dropAll(db.engine());
        }
    }

    private static Number n(Object v) {
        return (Number) v;
    }

    @EachDatabase
    void insertsTakeTheDefaultsRowByRow(Database db) {
        AtomicInteger serial = new AtomicInteger(100);
        withDocs(db, serial, new AtomicInteger(), t -> {
            try (Connection conn = db.engine().connect()) {
                conn.execute(insert(t).values(Map.of("name", "one")));
                Result many = conn.execute(insert(t), List.of(Map.of("name", "a"), Map.of("name", "b", "status", "old"), Map.of("name", "c")));
                assertThat(many.insertedPrimaryKeys()).hasSize(3);
                conn.execute(insert(t).values(List.of(Map.of("name", "m1"), Map.of("name", "m2"))));
                conn.execute(insert(t).values(Map.of("name", "given", "serial", 7, "created", java.time.LocalDateTime.of(2020, 1, 2, 3, 4, 5))));
                List<Row> rows = conn.execute(select(t.c("name"), t.c("status"), t.c("serial"), t.c("created"), t.c("note")).orderBy(t.c("id"))).all();
                assertThat(rows).extracting(r -> r.get("name")).containsExactly("one", "a", "b", "c", "m1", "m2", "given");
                assertThat(rows).extracting(r -> r.get("status")).containsExactly("new", "new", "old", "new", "new", "new", "new");
                assertThat(rows).extracting(r -> n(r.get("serial")).intValue()).containsExactly(101, 102, 103, 104, 105, 106, 7);
                assertThat(rows).allSatisfy(r -> assertThat(r.get("created")).isNotNull());
                assertThat(rows).allSatisfy(r -> assertThat(r.get("note")).isNull());
                assertThat(rows.get(6).get("created").toString()).startsWith("2020-01-02");
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void aMultiRowInsertWithDifferingKeysInsertsTheDefaults(Database db) {
        AtomicInteger serial = new AtomicInteger(100);
        withDocs(db, serial, new AtomicInteger(), t -> {
            try (Connection conn = db.engine().connect()) {
                conn.execute(differingRows(t));
                List<Row> rows = conn.execute(select(t.c("name"), t.c("status"), t.c("serial"), t.c("created"), t.c("note")).orderBy(t.c("id"))).all();
                assertThat(rows).extracting(r -> r.get("status")).containsExactly("old", "new", "new");
                assertThat(rows).extracting(r -> n(r.get("serial")).intValue()).containsExactly(7, 101, 9);
                assertThat(rows).allSatisfy(r -> assertThat(r.get("created")).isNotNull());
                // a key the first row does not give is not inserted (as SQLAlchemy)
                assertThat(rows).allSatisfy(r -> assertThat(r.get("note")).isNull());
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void updatesTakeTheOnUpdateValues(Database db) {
        AtomicInteger stamp = new AtomicInteger();
        withDocs(db, new AtomicInteger(), stamp, t -> {
            try (Connection conn = db.engine().connect()) {
                conn.execute(insert(t), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"), Map.of("id", 3, "name", "c")));
                assertThat(conn.execute(update(t).values(Map.of("name", "a2")).where(t.c("id").eq(1))).rowCount()).isEqualTo(1);
                // executemany: each parameter set takes the supplier's own value
                conn.execute(update(t).values(Map.of("name", dev.retort.sql.SQL.bindparam("v"))).where(t.c("id").eq(dev.retort.sql.SQL.bindparam("k"))),
                        List.of(Map.of("v", "b2", "k", 2), Map.of("v", "c2", "k", 3)));
                conn.execute(update(t).values(Map.of("stamp", 50)).where(t.c("id").eq(3)));
                List<Row> rows = conn.execute(select(t.c("name"), t.c("note"), t.c("stamp"), t.c("changed")).orderBy(t.c("id"))).all();
                assertThat(rows).extracting(r -> r.get("name")).containsExactly("a2", "b2", "c2");
                assertThat(rows).extracting(r -> r.get("note")).containsExactly("edited", "edited", "edited");
                assertThat(rows).extracting(r -> n(r.get("stamp")).intValue()).containsExactly(1, 2, 50);
                assertThat(rows).allSatisfy(r -> assertThat(r.get("changed")).isNotNull());
                assertThat(stamp.get()).isEqualTo(3);
                conn.rollback();
            }
        });
    }

    /** {@code executeRows} binds by position from a plan made once; a supplier's parameter is still asked per row. */
    @EachDatabase
    void rowsByPositionEachTakeTheirOwnSupplierValue(Database db) {
        AtomicInteger serial = new AtomicInteger(10);
        AtomicInteger stamp = new AtomicInteger(20);
        withDocs(db, serial, stamp, t -> {
            try (Connection conn = db.engine().connect()) {
                conn.executeRows(insert(t), List.of("id", "name"), List.of(new Object[] {1, "a"}, new Object[] {2, "b"}, new Object[] {3, "c"}));
                var upd = update(t).values(Map.of("name", dev.retort.sql.SQL.bindparam("v"))).where(t.c("id").eq(dev.retort.sql.SQL.bindparam("k")));
                assertThat(conn.executeRows(upd, List.of("v", "k"), List.of(new Object[] {"a2", 1}, new Object[] {"b2", 2})).rowCount()).isEqualTo(2);
                List<Row> rows = conn.execute(select(t.c("serial"), t.c("stamp")).orderBy(t.c("id"))).all();
                assertThat(rows).extracting(r -> n(r.get("serial")).intValue()).containsExactly(11, 12, 13);
                assertThat(rows).extracting(r -> r.get("stamp") == null ? null : n(r.get("stamp")).intValue()).containsExactly(21, 22, null);
                conn.rollback();
            }
        });
    }

    /**
     * Property: an executemany of parameter sets with mixed keys, run again and again through one
     * (cached) INSERT, into a table with a generated key and one without any: each supplier is
     * asked exactly once for each set that leaves its column out, in the sets' order, and its
     * value lands in that set's row; a given value is kept, a constant default fills the rest.
     */
    @EachDatabase
    void suppliersAreAskedOncePerRowInRowOrderWhateverTheKeys(Database db) {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger c = new AtomicInteger(1_000);
        MetaData md = new MetaData();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<Table> tables = new ArrayList<>();
        for (boolean keyed : new boolean[] {true, false}) {
            List<Column<?>> cols = new ArrayList<>();
            if (keyed) {
                cols.add(Column.of("id", Types.INTEGER).primaryKey());
            }
            cols.add(Column.of("tag", Types.INTEGER));
            cols.add(Column.of("a", Types.INTEGER).defaultValue((java.util.function.Supplier<Integer>) a::incrementAndGet));
            cols.add(Column.of("b", Types.string(10)).defaultValue("dflt"));
            cols.add(Column.of("c", Types.INTEGER).defaultValue((java.util.function.Supplier<Integer>) c::incrementAndGet));
            tables.add(new Table((keyed ? "cdp_" : "cdq_") + suffix, md, cols.toArray(new Column<?>[0])));
        }
        md.createAll(db.engine());
        java.util.SplittableRandom r = new java.util.SplittableRandom(1206);
        int tag = 0;
        try (Connection conn = db.engine().connect()) {
            for (Table t : tables) {
                Insert ins = insert(t);
                for (int round = 0; round < 25; round++) {
                    List<Map<String, Object>> sets = new ArrayList<>();
                    List<Integer> wantA = new ArrayList<>();
                    List<Integer> wantC = new ArrayList<>();
                    List<String> wantB = new ArrayList<>();
                    int nextA = a.get();
                    int nextC = c.get();
                    for (int i = 1 + r.nextInt(12); i > 0; i--) {
                        Map<String, Object> set = new HashMap<>();
                        set.put("tag", ++tag);
                        wantA.add(r.nextInt(2) == 0 ? put(set, "a", -tag) : ++nextA);
                        wantC.add(r.nextInt(3) == 0 ? put(set, "c", -tag) : ++nextC);
                        wantB.add(r.nextInt(3) == 0 ? put(set, "b", "b" + tag) : "dflt");
                        sets.add(set);
                    }
                    int first = tag - sets.size() + 1;
                    conn.execute(ins, sets);
                    assertThat(a.get()).as("%s round %d: asked once per set without a", t.name(), round).isEqualTo(nextA);
                    assertThat(c.get()).as("%s round %d: asked once per set without c", t.name(), round).isEqualTo(nextC);
                    List<Row> rows = conn.execute(select(t.c("a"), t.c("b"), t.c("c")).where(t.c("tag").ge(first)).orderBy(t.c("tag"))).all();
                    assertThat(rows).extracting(row -> n(row.get("a")).intValue()).as("%s round %d", t.name(), round).isEqualTo(wantA);
                    assertThat(rows).extracting(row -> n(row.get("c")).intValue()).as("%s round %d", t.name(), round).isEqualTo(wantC);
                    assertThat(rows).extracting(row -> (String) row.get("b")).as("%s round %d", t.name(), round).isEqualTo(wantB);
                }
            }
            conn.rollback();
        } finally {
            md.dropAll(db.engine());
        }
    }

    private static <V> V put(Map<String, Object> set, String key, V value) {
        set.put(key, value);
        return value;
    }

    @EachDatabase
    void aSupplierKeyIsKnownWithoutAskingTheDatabase(Database db) {
        MetaData md = new MetaData();
        List<UUID> made = new ArrayList<>();
        Table t = new Table("cdk_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.UUID).primaryKey().defaultValue(() -> {
                    UUID u = UUID.randomUUID();
                    made.add(u);
                    return u;
                }),
                Column.of("name", Types.string(20)));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            Result one = conn.execute(insert(t).values(Map.of("name", "a")));
            Result many = conn.execute(insert(t), List.of(Map.of("name", "b"), Map.of("name", "c")));
            assertThat(made).hasSize(3);
            assertThat(one.insertedPrimaryKeys().get(0).get("id")).isEqualTo(made.get(0));
            assertThat(many.insertedPrimaryKeys()).extracting(r -> r.get("id")).containsExactly(made.get(1), made.get(2));
            assertThat(conn.execute(select(t.c("name")).where(t.c("id").eq(made.get(2)))).scalar()).isEqualTo("c");
            conn.rollback();
        } finally {
            md.dropAll(db.engine());
        }
    }
}
