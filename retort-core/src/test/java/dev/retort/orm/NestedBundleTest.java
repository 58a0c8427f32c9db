package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.Exists;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bundles in bundles ({@link ORM#bundle}, {@link ORM#dictBundle}) and {@link Query#exists()}: SQLAlchemy's
 * test_bundle.py test_bundle_nesting, test_bundle_nesting_unions, test_dupe_col_name_nested and {@code query.exists()}.
 * Expected SQL and rows are SQLAlchemy 2.1.1's for the same mapping and data (/tmp/hb/sa.py).
 */
class NestedBundleTest {
    public static class Data {
        Integer id;
        String d1;
        String d2;
        String d3;

        public Data() {
        }
    }

    private static OrmTestDatabase mapped() {
        OrmTestDatabase t = new OrmTestDatabase();
        Table data = new Table("data" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("d1", Types.STRING), Column.of("d2", Types.STRING), Column.of("d3", Types.STRING));
        t.registry.mapImperatively(Data.class, data);
        return t;
    }

    /** As test_bundle.py's insert_data: ten rows, d1 "d0d1" to "d9d1" and so on. */
    private static Session seeded(OrmTestDatabase t, Databases.Database db) {
        t.start(db);
        Session s = t.open();
        for (int i = 0; i < 10; i++) {
            Data d = new Data();
            d.id = i + 1;
            d.d1 = "d" + i + "d1";
            d.d2 = "d" + i + "d2";
            d.d3 = "d" + i + "d3";
            s.add(d);
        }
        s.commit();
        return s;
    }

    private static Bundle<Row> nested() {
        return ORM.bundle("b1", ORM.attr(Data.class, "d1"), ORM.bundle("b2", ORM.attr(Data.class, "d2"), ORM.attr(Data.class, "d3")));
    }

    private static Object shape(Object v) {
        return v instanceof Row r ? r.toList().stream().map(NestedBundleTest::shape).toList() : v;
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aBundleInABundleLoadsANestedRow(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            Bundle<Row> b1 = nested();
            Session s = seeded(t, db);
            Query<Row> q = s.query(b1).filter(b1.c("d1").between("d3d1", "d7d1")).filter(b1.bundle("b2").c("d2").between("d4d2", "d6d2"));
            assertThat(t.sqlOf(q)).isEqualTo("SELECT data.d1, data.d2, data.d3 FROM data WHERE data.d1 BETWEEN :d1_1 AND :d1_2 AND data.d2 BETWEEN :d2_1 AND :d2_2");
            assertThat(q.all()).extracting(r -> shape(r.get(0))).containsExactlyInAnyOrder(
                    List.of("d4d1", List.of("d4d2", "d4d3")), List.of("d5d1", List.of("d5d2", "d5d3")), List.of("d6d1", List.of("d6d2", "d6d3")));
            // the README's example, as written there
            assertThat(s.query(b1).filter(b1.bundle("b2").c("d2").between("d4d2", "d6d2")).all()).extracting(r -> shape(r.get(0)))
                    .containsExactlyInAnyOrder(List.of("d4d1", List.of("d4d2", "d4d3")), List.of("d5d1", List.of("d5d2", "d5d3")), List.of("d6d1", List.of("d6d2", "d6d3")));
            // test_query_count, with a nested bundle
            assertThat(s.query(b1).count()).isEqualTo(10);
            assertThatThrownBy(() -> b1.c("b2")).isInstanceOf(ArgumentException.class).hasMessageContaining("bundle(\"b2\")");
            assertThatThrownBy(() -> b1.bundle("d1")).isInstanceOf(ArgumentException.class).hasMessageContaining("c(\"d1\")");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void nestedBundlesSurviveAUnion(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            Bundle<Row> b1 = nested();
            Session s = seeded(t, db);
            Query<Row> q1 = s.query(b1).filter(b1.c("d1").between("d3d1", "d7d1")).filter(b1.bundle("b2").c("d2").between("d4d2", "d5d2"));
            Query<Row> q2 = s.query(b1).filter(b1.c("d1").between("d3d1", "d7d1")).filter(b1.bundle("b2").c("d2").between("d5d2", "d6d2"));
            Query<Row> u = q1.union(q2);
            assertThat(t.sqlOf(u)).isEqualTo("SELECT anon_1.data_d1, anon_1.data_d2, anon_1.data_d3 FROM (SELECT data.d1 AS data_d1, data.d2 AS data_d2, "
                    + "data.d3 AS data_d3 FROM data WHERE data.d1 BETWEEN :d1_1 AND :d1_2 AND data.d2 BETWEEN :d2_1 AND :d2_2 UNION SELECT data.d1 AS data_d1, "
                    + "data.d2 AS data_d2, data.d3 AS data_d3 FROM data WHERE data.d1 BETWEEN :d1_3 AND :d1_4 AND data.d2 BETWEEN :d2_3 AND :d2_4) AS anon_1");
            assertThat(u.all()).extracting(r -> shape(r.get(0))).containsExactlyInAnyOrder(
                    List.of("d4d1", List.of("d4d2", "d4d3")), List.of("d5d1", List.of("d5d2", "d5d3")), List.of("d6d1", List.of("d6d2", "d6d3")));
            // naming structure is preserved
            Row row = (Row) u.orderBy(b1).first().get("b1");
            assertThat(row.get("d1")).isEqualTo("d4d1");
            assertThat(((Row) row.get("b2")).get("d2")).isEqualTo("d4d2");
        }
    }

    /** test_dupe_col_name_nested[newstyle-orm]: a column in several bundles is selected again, labelled as SQLAlchemy's. */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void nestedDictBundlesLoadNestedMaps(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            Bundle<Map<String, Object>> b1 = ORM.dictBundle("b1", ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d3"));
            Bundle<Map<String, Object>> b2 = ORM.dictBundle("b2", ORM.attr(Data.class, "d2"), ORM.attr(Data.class, "d3"));
            Bundle<Map<String, Object>> b3 = ORM.dictBundle("b3", ORM.attr(Data.class, "d2"), ORM.attr(Data.class, "d3"), b1, b2);
            Query<Row> q = ORM.<Row>select(ORM.attr(Data.class, "d1"), ORM.attr(Data.class, "d2"), b3).filter(ORM.attr(Data.class, "d1").eq("d0d1"));
            assertThat(t.sqlOf(q)).isEqualTo("SELECT data.d1, data.d2, data.d2 AS d2__1, data.d3, data.d1 AS d1__1, data.d3 AS d3__1, "
                    + "data.d2 AS d2__2, data.d3 AS d3__2 FROM data WHERE data.d1 = :d1_1");
            Session s = seeded(t, db);
            Row row = s.execute(q).all().get(0);
            Map<String, Object> expected = Map.of("d2", "d0d2", "d3", "d0d3", "b1", Map.of("d1", "d0d1", "d3", "d0d3"), "b2", Map.of("d2", "d0d2", "d3", "d0d3"));
            assertThat(row.get("d1")).isEqualTo("d0d1");
            assertThat(row.get("d2")).isEqualTo("d0d2");
            assertThat(row.get("b3")).isEqualTo(expected);
            assertThat(row.get(2)).isEqualTo(expected);
            assertThat(List.<Object>copyOf(((Map<?, ?>) row.get(2)).keySet())).containsExactly("d2", "d3", "b1", "b2");
        }
    }

    /** {@code session.query(query.exists()).scalar()}; also the README's example. */
    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void queryExists(Databases.Database db) {
        try (OrmTestDatabase t = mapped()) {
            Session s = seeded(t, db);
            Exists e = s.query(Data.class).filter(ORM.attr(Data.class, "d1").eq("d0d1")).exists();
            Exists none = s.query(ORM.attr(Data.class, "id")).filter(ORM.attr(Data.class, "d1").eq("zz")).exists();
            assertThat(t.sqlOf(s.query(e))).isEqualTo("SELECT EXISTS (SELECT 1 FROM data WHERE data.d1 = :d1_1) AS anon_1");
            assertThat(t.sqlOf(s.query(none))).isEqualTo("SELECT EXISTS (SELECT 1 FROM data WHERE data.d1 = :d1_1) AS anon_1");
            // ExistsTest: whatever the query selects, EXISTS selects 1 from the first entity's FROM
            for (Query<?> q : List.of(s.query(Data.class), s.query(ORM.attr(Data.class, "id")), s.query(ORM.attr(Data.class, "id").label("foo")),
                    s.query(dev.retort.sql.SQL.func("foo", ORM.attr(Data.class, "id"))))) {
                assertThat(t.sqlOf(s.query(q.exists()))).isEqualTo("SELECT EXISTS (SELECT 1 FROM data) AS anon_1");
            }
            // a query of a bundle: SQLAlchemy's SQL for the same columns selected without one (its select_from(bundle) refuses
            // the bundle); before, the EXISTS lost the FROM clause: SELECT EXISTS (SELECT 1), true on an empty table
            assertThat(t.sqlOf(s.query(s.query(nested()).exists()))).isEqualTo("SELECT EXISTS (SELECT 1 FROM data) AS anon_1");
            assertThat(s.query(s.query(ORM.bundle("b", ORM.attr(Data.class, "d1"))).filter(ORM.attr(Data.class, "d1").eq("zz")).exists()).scalar())
                    .isEqualTo(false);
            assertThat(s.query(e).scalar()).isEqualTo(true);
            assertThat(s.query(none).scalar()).isEqualTo(false);
            boolean any = (Boolean) s.query(s.query(Data.class).filter(ORM.attr(Data.class, "d2").eq("d9d2")).exists()).scalar();
            assertThat(any).isTrue();
        }
    }

    @Test
    void survivesTheSerializer() {
        try (OrmTestDatabase t = mapped()) {
            Session s = seeded(t, Databases.Database.SQLITE);
            Bundle<Row> b1 = nested();
            Query<Row> q = s.query(b1).filter(b1.bundle("b2").c("d2").between("d4d2", "d5d2")).orderBy(b1);
            Query<?> ex = s.query(s.query(Data.class).filter(ORM.attr(Data.class, "d1").eq("d0d1")).exists());
            for (Protocol p : Protocol.values()) {
                for (Query<?> x : List.of(q, ex)) {
                    Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(x, p), t.metadata, t.scoped(s));
                    assertThat(back.statement().compile().string()).as("%s", p).isEqualTo(x.statement().compile().string());
                    assertThat(back.all().stream().map(r -> shape(((Row) r).get(0))).toList()).as("%s", p)
                            .isEqualTo(x.all().stream().map(r -> shape(((Row) r).get(0))).toList());
                }
                Bundle<?> back = (Bundle<?>) QuerySerializer.loads(QuerySerializer.dumps(b1, p), t.metadata);
                assertThat(back.compare(b1)).isTrue();
            }
        }
    }
}
