package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;

/** A flush honours {@code Column.defaultValue} and {@code Column.onUpdate} as SQLAlchemy's does. */
class ColumnDefaultsFlushTest {
    public static class Doc {
        Integer id;
        String name;
        String status;
        Integer serial;
        String code;
        String note;
        Integer stamp;
        String label;

        Doc() {
        }

        Doc(String name) {
            this.name = name;
        }
    }

    static final AtomicInteger SERIAL = new AtomicInteger();
    static final AtomicInteger STAMP = new AtomicInteger();
    static final MetaData MD = new MetaData();
    static final Table DOCS = new Table("cdf_" + UUID.randomUUID().toString().substring(0, 8), MD,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("status", Types.string(10)).defaultValue("new"),
            Column.of("serial", Types.INTEGER).defaultValue(SERIAL::incrementAndGet),
            Column.of("code", Types.string(20)).defaultValue(func("lower", "ABC")),
            Column.of("note", Types.string(20)).onUpdate("edited"),
            Column.of("stamp", Types.INTEGER).onUpdate(STAMP::incrementAndGet),
            Column.of("label", Types.string(20)).onUpdate(func("lower", "XYZ")));
    static final Registry REGISTRY = new Registry(MD);

    static {
        REGISTRY.mapImperatively(Doc.class, DOCS);
    }

    @AfterAll
    static void unmap() {
        REGISTRY.dispose();
    }

    private static void withDocs(Engine engine, Consumer<Engine> body) {
        MD.dropAll(engine);
        MD.createAll(engine);
        try {
            body.accept(engine);
        } finally {
            MD.dropAll(engine);
        }
    }

    private static Row row(Engine engine, Doc d) {
        try (Connection conn = engine.connect()) {
            return conn.execute(select(DOCS).where(DOCS.c("id").eq(d.id))).one();
        }
    }

    @EachDatabase
    void anInsertedInstanceTakesTheDefaultsAndAnUpdatedOneTheOnUpdateValues(Database db) {
        withDocs(db.engine(), engine -> {
            int serial = SERIAL.get();
            Doc a = new Doc("a");
            Doc b = new Doc("b");
            b.status = "given";
            try (Session s = SessionFactory.of(engine).open()) {
                s.addAll(List.of(a, b));
                s.commit();
                // a scalar default is the attribute's value after the flush; a SQL one is read back
                assertThat(a.status).isEqualTo("new");
                assertThat(b.status).isEqualTo("given");
                assertThat(List.of(a.serial, b.serial)).containsExactly(serial + 1, serial + 2);
                assertThat(a.code).isEqualTo("abc");
                assertThat(a.note).isNull();
                assertThat(row(engine, a).get("serial")).isEqualTo(a.serial);
                assertThat(row(engine, b).get("status")).isEqualTo("given");

                int stamp = STAMP.get();
                a.name = "a2";
                s.commit();
                assertThat(a.note).isEqualTo("edited");
                assertThat(a.stamp).isEqualTo(stamp + 1);
                assertThat(s.get(Doc.class, a.id).label).isEqualTo("xyz");
                Row written = row(engine, a);
                assertThat(written.get("note")).isEqualTo("edited");
                assertThat(written.get("stamp")).isEqualTo(stamp + 1);
                assertThat(written.get("label")).isEqualTo("xyz");
                assertThat(row(engine, b).get("note")).isNull();
                assertThat(b.stamp).isNull();
            }
        });
    }

    @EachDatabase
    void manyUpdatedInstancesEachTakeTheirOwnOnUpdateValue(Database db) {
        withDocs(db.engine(), engine -> {
            List<Doc> docs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                docs.add(new Doc("d" + i));
            }
            try (Session s = SessionFactory.of(engine).open()) {
                s.addAll(docs);
                s.commit();
                docs.forEach(d -> d.name = d.name + "x");
                s.commit();
                assertThat(docs).extracting(d -> d.stamp).doesNotHaveDuplicates().doesNotContainNull();
                for (Doc d : docs) {
                    assertThat(row(engine, d).get("stamp")).isEqualTo(d.stamp);
                }
            }
        });
    }

    @EachDatabase
    void bulkInsertSetsTheDefaultsOnTheInstances(Database db) {
        withDocs(db.engine(), engine -> {
            List<Doc> docs = List.of(new Doc("x"), new Doc("y"));
            try (Session s = SessionFactory.of(engine).open()) {
                s.bulkInsert(docs);
                s.commit();
            }
            assertThat(docs).extracting(d -> d.status).containsExactly("new", "new");
            assertThat(docs.get(1).serial).isEqualTo(docs.get(0).serial + 1);
            assertThat(docs).extracting(d -> d.code).containsExactly("abc", "abc");
            assertThat(row(engine, docs.get(1)).get("serial")).isEqualTo(docs.get(1).serial);
        });
    }
}
