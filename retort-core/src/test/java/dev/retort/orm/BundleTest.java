package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.exc.SerializationException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ORM#bundle}: columns selected as one value per row, a Row or a record (SQLAlchemy's {@code Bundle},
 * test/orm/test_bundle.py). The expected SQL is SQLAlchemy 2.1.1's for the same mapping.
 */
class BundleTest {
    public static class Data {
        Integer id;
        String d1;
        String d2;
        List<Other> others;

        public Data() {
        }
    }

    public static class Other {
        Integer id;
        Integer dataId;
        String o1;

        public Other() {
        }
    }

    record D(String d1, String d2) {
    }

    private static OrmTestDatabase mapped() {
        OrmTestDatabase t = new OrmTestDatabase();
        Table data = new Table("data" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("d1", Types.STRING), Column.of("d2", Types.STRING));
        Table other = new Table("other" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("data_id", Types.INTEGER).foreignKey("data" + t.suffix + ".id"), Column.of("o1", Types.STRING));
        t.registry.mapImperatively(Data.class, data, Map.of("others", ORM.relationship(Other.class)));
        t.registry.mapImperatively(Other.class, other);
        return t;
    }

    /** Data rows 1 to 3, {@code d1} "d11" to "d31" and {@code d2} "d12" to "d32"; committed. */
    private static void seed(Session s) {
        for (int i = 1; i <= 3; i++) {
            Data d = new Data();
            d.id = i;
            d.d1 = "d" + i + "1";
            d.d2 = "d" + i + "2";
            s.add(d);
        }
        s.commit();
    }

    private static Bundle<Row> b() {
        return ORM.bundle("b", ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d2"));
    }

    @Test
    void selectsItsColumnsAndOrdersByThem() {
        try (OrmTestDatabase t = mapped()) {
            Bundle<Row> b = b();
            assertThat(t.sqlOf(ORM.select(b).filter(b.c("d1").eq("x")).orderBy(b)))
                    .isEqualTo("SELECT data.d1, data.d2 FROM data WHERE data.d1 = :d1_1 ORDER BY data.d1, data.d2");
            assertThat(t.sqlOf(ORM.select(ORM.attr(Data.class, "id"), b).join(ORM.attr(Data.class, "others"))
                    .filter(ORM.attr(Other.class, "o1").gt("a"))))
                    .isEqualTo("SELECT data.id, data.d1, data.d2 FROM data JOIN other ON data.id = other.data_id WHERE other.o1 > :o1_1");
            assertThat(t.sqlOf(ORM.select(Data.class).orderBy(b))).isEqualTo("SELECT data.id, data.d1, data.d2 FROM data ORDER BY data.d1, data.d2");
            assertThatThrownBy(() -> b.c("d3")).isInstanceOf(ArgumentException.class).hasMessageContaining("has no column d3");
            assertThatThrownBy(() -> b.as(WrongArity.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("1 components");
        }
    }

    /** {@link Query#exists()} over a join, its joined eager loads left out (test_query.py test_exists_no_eagerloads); SQL as SQLAlchemy 2.1.1's. */
    @Test
    void existsKeepsJoinsAndDropsEagerLoads() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.Database.SQLITE);
            Session s = t.open();
            Query<Data> q = s.query(Data.class).options(ORM.joinedLoad(ORM.attr(Data.class, "others")));
            assertThat(t.sqlOf(s.query(q.join(ORM.attr(Data.class, "others")).filter(ORM.attr(Other.class, "o1").gt("a")).exists())))
                    .isEqualTo("SELECT EXISTS (SELECT 1 FROM data JOIN other ON data.id = other.data_id WHERE other.o1 > :o1_1) AS anon_1");
            assertThat(t.sqlOf(s.query(q.exists()))).isEqualTo("SELECT EXISTS (SELECT 1 FROM data) AS anon_1");
            assertThat(s.query(q.exists()).scalar()).isEqualTo(false);
            // test_exists_col_warning: the second entity's table comes from the criteria
            assertThat(t.sqlOf(s.query(s.query(Data.class, Other.class).filter(ORM.attr(Data.class, "id").eq(ORM.attr(Other.class, "data_id"))).exists())))
                    .isEqualTo("SELECT EXISTS (SELECT 1 FROM data, other WHERE data.id = other.data_id) AS anon_1");
        }
    }

    record WrongArity(String d1) {
    }

    /**
     * {@link ORM#dictBundle}: each row's value a map of the columns' keys to their values (SQLAlchemy's DictBundle,
     * test_bundle.py test_c_attr[DictBundle], test_dict_same_named_col_clauselist); SQL and the refusal of two columns
     * of one key as SQLAlchemy 2.1.1's (/tmp/ormrel2/dictb.py).
     */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aDictBundleLoadsAMapPerRow(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            Bundle<Map<String, Object>> b = ORM.dictBundle("b", ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d2"));
            assertThat(t.sqlOf(ORM.select(b).filter(b.c("d1").eq("d31")).orderBy(b)))
                    .isEqualTo("SELECT data.d1, data.d2 FROM data WHERE data.d1 = :d1_1 ORDER BY data.d1, data.d2");
            assertThat(t.sqlOf(ORM.select(b.c("d1"), b.c("d2")))).isEqualTo("SELECT data.d1, data.d2 FROM data");
            assertThatThrownBy(() -> ORM.dictBundle("pk", ORM.attr(Data.class, "id"), ORM.attr(Other.class, "id")))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("distinct keys");
            t.start(db);
            Session s = t.open();
            seed(s);
            assertThat(s.execute(ORM.select(b).orderBy(b)).all()).extracting(r -> r.get("b"))
                    .containsExactly(Map.of("d1", "d11", "d2", "d12"), Map.of("d1", "d21", "d2", "d22"), Map.of("d1", "d31", "d2", "d32"));
            assertThat(s.execute(ORM.select(b).filter(b.c("d1").eq("d31")).orderBy(b)).all()).extracting(r -> (Object) List.copyOf(((Map<?, ?>) r.get(0)).keySet()))
                    .containsExactly(List.of("d1", "d2"));
        }
    }

    /** Also the README's Bundle example, as written there. */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsOneValuePerRow(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            t.start(db);
            Session s = t.open();
            seed(s);
            Bundle<Row> b = b();
            List<Row> rows = s.execute(ORM.select(ORM.attr(Data.class, "id"), b).filter(b.c("d1").ne("d21")).orderBy(b)).all();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get(0)).isEqualTo(1);
            Row first = (Row) rows.get(0).get("b");
            assertThat(first.get("d1")).isEqualTo("d11");
            assertThat(first.get("d2")).isEqualTo("d12");
            assertThat(((Row) rows.get(1).get(1)).toList()).isEqualTo(List.of("d31", "d32"));
            assertThat(s.query(b.as(D.class)).orderBy(ORM.attr(Data.class, "id")).all())
                    .extracting(r -> r.get(0)).containsExactly(new D("d11", "d12"), new D("d21", "d22"), new D("d31", "d32"));
            assertThat(s.query(b).filterBy(Map.of("d1", "d21")).all()).extracting(r -> ((Row) r.get(0)).toList()).containsExactly(List.of("d21", "d22"));
        }
    }

    @Test
    void survivesTheSerializer() {
        try (OrmTestDatabase t = mapped()) {
            t.start(Databases.Database.SQLITE);
            Session s = t.open();
            Data d = new Data();
            d.id = 1;
            d.d1 = "x";
            d.d2 = "y";
            s.add(d);
            s.commit();
            Bundle<Row> b = b();
            Query<Row> q = s.query(b).filter(b.c("d1").eq("x")).orderBy(b);
            // a bundle making records names a class, which a document never does
            assertThatThrownBy(() -> QuerySerializer.dumps(s.query(b.as(D.class)))).isInstanceOf(SerializationException.class)
                    .hasMessageMatching("(?s).*(needs serializer format 1\\.19|Cannot serialize a bundle making records of .*as\\(D\\.class\\)).*");
            try {
                t.assertRoundTrips(List.of(q), s);
            } catch (SerializationException e) {
                // written from format 1.19 on
                assertThat(e).hasMessageContaining("of node kind 'orm_bundle' needs serializer format 1.19");
                return;
            }
            assertThat(q.all()).extracting(r -> ((Row) r.get(0)).toList()).containsExactly(List.of("x", "y"));
            Bundle<?> back = (Bundle<?>) QuerySerializer.loads(QuerySerializer.dumps(b), t.metadata);
            assertThat(back.compare(b)).isTrue();
            assertThat(back.compare(b.as(D.class))).isFalse();
        }
    }
}
