package dev.retort.api;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Row;
import dev.retort.exc.NoSuchColumnException;
import dev.retort.exc.RetortException;
import dev.retort.ext.serializer.Deserializer;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.ext.serializer.Serializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.BindParameter;
import dev.retort.sql.CacheKey;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.FromClause;
import dev.retort.sql.LambdaOptions;
import dev.retort.sql.Select;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import dev.retort.testing.UsersAndAddresses;
import dev.retort.types.Types;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The names of API.md not written out as a snippet there (operators, compound selects, the
 * lightweight table, options of Column.of, the stream serializer): each used as a user outside the
 * project would, against SQLAlchemy 2.1.1's SQL for the same construct.
 */
class ApiAuditTest {
    final UsersAndAddresses schema = UsersAndAddresses.create();
    final MetaData metadata = schema.metadata;
    final Table users = schema.users;
    final Table addresses = schema.addresses;

    private static void assertCompiles(ClauseElement e, String sql, Map<String, Object> params) {
        Compiled c = e.compile();
        assertThat(c.string().replaceAll("\\s+", " ").trim()).isEqualTo(sql);
        assertThat(c.params()).isEqualTo(params);
    }

    @Test
    void literalsAndLightweightTables() {
        assertCompiles(select(literalColumn("x"), nullLiteral(), trueLiteral(), falseLiteral()),
                "SELECT x, NULL AS anon_1, true AS anon_2, false AS anon_3", Map.of());
        TableClause t = table("t", column("a"), column("b"));
        assertCompiles(select(t).where(t.c("a").eq(1)), "SELECT t.a, t.b FROM t WHERE t.a = :a_1", Map.of("a_1", 1));
        assertCompiles(select(text("1")), "SELECT 1", Map.of());
        assertCompiles(exists(select(users.c("id")).where(users.c("id").eq(1))),
                "EXISTS (SELECT users.id FROM users WHERE users.id = :id_1)", Map.of("id_1", 1));
    }

    @Test
    void operators() {
        ColumnElement<Integer> id = users.c("id", Integer.class);
        ColumnElement<?> name = users.c("name");
        assertCompiles(select(users).where(id.in(select(addresses.c("user_id")))),
                "SELECT users.id, users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses)", Map.of());
        assertCompiles(select(id.between(1, 5), name.isNull(), name.isNotNull(), id.sub(1), id.mul(2), id.div(2), id.mod(3),
                        name.concat("x"), id.neg(), name.label("n"), id.cast(Types.STRING)),
                "SELECT users.id BETWEEN :id_1 AND :id_2 AS anon_1, users.name IS NULL AS anon_2, users.name IS NOT NULL AS anon_3,"
                        + " users.id - :id_3 AS anon_4, users.id * :id_4 AS anon_5, users.id / CAST(:id_5 AS NUMERIC) AS anon_6,"
                        + " users.id % :id_6 AS anon_7, users.name || :name_1 AS anon_8, -users.id, users.name AS n,"
                        + " CAST(users.id AS VARCHAR) AS id FROM users",
                Map.of("id_1", 1, "id_2", 5, "id_3", 1, "id_4", 2, "id_5", 2, "id_6", 3, "name_1", "x"));
        assertCompiles(select(users).where(name.ilike("a%")).where(name.notLike("b")).orderBy(asc(id)).distinct().offset(3),
                "SELECT DISTINCT users.id, users.name FROM users WHERE lower(users.name) LIKE lower(:name_1)"
                        + " AND users.name NOT LIKE :name_2 ORDER BY users.id ASC LIMIT -1 OFFSET :param_1",
                Map.of("name_1", "a%", "name_2", "b", "param_1", 3));
        assertCompiles(select(users.c("id")).where(name.isDistinctFrom("x")),
                "SELECT users.id FROM users WHERE users.name IS DISTINCT FROM :name_1", Map.of("name_1", "x"));
        assertThat(select(users).where(id.notIn(List.of(1, 2))).compile().string()).contains("NOT IN");
        assertThat(id.ne(1).compile().string()).isEqualTo("users.id != :id_1");
        assertThat(id.lt(1).compile().string()).isEqualTo("users.id < :id_1");
        assertThat(id.le(1).compile().string()).isEqualTo("users.id <= :id_1");
        assertThat(id.ge(1).compile().string()).isEqualTo("users.id >= :id_1");
        assertThat(id.desc().compile().string()).isEqualTo("users.id DESC");
        assertThat(id.asc().compile().string()).isEqualTo("users.id ASC");
        assertThat(cast(id, Types.STRING).compile().string()).isEqualTo("CAST(users.id AS VARCHAR)");
        assertThat(not(id.eq(1)).compile().string()).isEqualTo("users.id != :id_1");
    }

    @Test
    void compoundsSubqueriesAndJoins() {
        CompoundSelect u = union(select(users.c("id")), select(addresses.c("id")));
        assertCompiles(u, "SELECT users.id FROM users UNION SELECT addresses.id FROM addresses", Map.of());
        assertCompiles(unionAll(select(users.c("id")), select(addresses.c("id"))),
                "SELECT users.id FROM users UNION ALL SELECT addresses.id FROM addresses", Map.of());
        assertCompiles(intersect(select(users.c("id")), select(addresses.c("id"))),
                "SELECT users.id FROM users INTERSECT SELECT addresses.id FROM addresses", Map.of());
        assertCompiles(except(select(users.c("id")), select(addresses.c("id"))),
                "SELECT users.id FROM users EXCEPT SELECT addresses.id FROM addresses", Map.of());
        // expected SQL printed by SQLAlchemy 2.1.1 (intersect_all / except_all)
        assertCompiles(intersectAll(select(users.c("id")), select(addresses.c("id"))),
                "SELECT users.id FROM users INTERSECT ALL SELECT addresses.id FROM addresses", Map.of());
        assertCompiles(exceptAll(select(users.c("id")), select(addresses.c("id"))),
                "SELECT users.id FROM users EXCEPT ALL SELECT addresses.id FROM addresses", Map.of());
        FromClause s = select(users.c("id"), func("count", addresses.c("id")).label("total"))
                .join(addresses).groupBy(users.c("id")).subquery("t");
        assertCompiles(select(s.c("total")),
                "SELECT t.total FROM (SELECT users.id AS id, count(addresses.id) AS total FROM users JOIN addresses"
                        + " ON users.id = addresses.user_id GROUP BY users.id) AS t", Map.of());
        FromClause cte = select(users.c("id")).cte("totals");
        assertCompiles(select(cte.c("id")), "WITH totals AS (SELECT users.id AS id FROM users) SELECT totals.id FROM totals", Map.of());
        FromClause a = users.alias("u2");
        assertCompiles(select(a.c("id")), "SELECT u2.id FROM users AS u2", Map.of());
        assertCompiles(users.outerJoin(addresses), "users LEFT OUTER JOIN addresses ON users.id = addresses.user_id", Map.of());
        assertCompiles(select(users).selectFrom(users.outerJoin(addresses, users.c("id").eq(addresses.c("user_id")))),
                "SELECT users.id, users.name FROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id", Map.of());
        assertCompiles(select(users).selectFrom(outerJoin(users, addresses)),
                "SELECT users.id, users.name FROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id", Map.of());
        assertCompiles(update(users).where(users.c("id").eq(1)).values(Map.of("name", users.c("name", String.class).concat("x"))),
                "UPDATE users SET name=(users.name || :name_1) WHERE users.id = :id_1", Map.of("name_1", "x", "id_1", 1));
        assertCompiles(delete(users).where(users.c("id").eq(1)), "DELETE FROM users WHERE users.id = :id_1", Map.of("id_1", 1));
    }

    @Test
    void paramsKeysAndGrouping() {
        ColumnElement<?> e = column("x").add(bindparam("foo"));
        assertThat(e.uniqueParams(Map.of("foo", 7)).compile().params()).isEqualTo(Map.of("foo_1", 7));
        Select s = select(users).where(users.c("id").eq(bindparam("foo")));
        Select p = s.uniqueParams(Map.of("foo", 7));
        assertThat(p.compile().params()).containsValue(7);
        CacheKey k1 = select(users).where(users.c("id").eq(1)).cacheKey();
        CacheKey k2 = select(users).where(users.c("id").eq(2)).cacheKey();
        assertThat(k1).isEqualTo(k2);
        assertThat(k1.hashCode()).isEqualTo(k2.hashCode());
        assertThat(k1.key()).isEqualTo(k2.key());
        BindParameter<?> b = k2.bindParams().get(0);
        assertThat(b.prefix()).isEqualTo("id");
        assertThat(b.value()).isEqualTo(2);
        ColumnElement<?> sum = users.c("id", Integer.class).add(1);
        assertThat(sum.selfGroup(dev.retort.sql.Operator.MUL).compile().string()).isEqualTo("(users.id + :id_1)");
        assertThatThrownBy(() -> users.c("nope")).isInstanceOf(NoSuchColumnException.class)
                .hasMessageContaining("users").hasMessageContaining("nope");
    }

    @Test
    void columnOptionsAndSchemaKeys() {
        MetaData md = new MetaData();
        Table t = new Table("t", md,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(true),
                Column.of("user_name", Types.string(20)).key("userName").nullable(false).unique().index(),
                Column.of("n", Types.INTEGER).serverDefault("0"));
        assertThat(t.c("userName").name()).isEqualTo("user_name");
        Table s = new Table("t", "other", md, Column.of("id", Types.INTEGER).primaryKey());
        assertThat(md.tables()).containsKeys("t", "other.t");
        assertThat(s.key()).isEqualTo("other.t");
        Engine engine = Engine.create("jdbc:sqlite::memory:", EngineOptions.builder().build());
        try {
            MetaData only = new MetaData();
            new Table("t", only, Column.of("id", Types.INTEGER).primaryKey().autoincrement(true),
                    Column.of("user_name", Types.string(20)).key("userName").nullable(false).unique().index(),
                    Column.of("n", Types.INTEGER).serverDefault("0"));
            only.createAll(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(insert(only.tables().get("t")).values(Map.of("userName", "a")));
                Row r = conn.execute(select(only.tables().get("t"))).one();
                assertThat(r.toList()).containsExactly(1, "a", 0);
                assertThat(conn.execute(select(only.tables().get("t").c("id"))).scalars()).containsExactly(1);
                conn.rollback();
                assertThat(conn.execute(select(only.tables().get("t").c("id"))).scalars()).isEmpty();
            }
            assertThatThrownBy(() -> {
                try (Connection conn = engine.begin()) {
                    conn.execute(insert(only.tables().get("t")).values(Map.of("userName", "b")));
                    conn.execute(insert(only.tables().get("t")).values(Map.of("userName", "b")));   // UNIQUE
                }
            }).isInstanceOf(dev.retort.exc.IntegrityException.class);
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(select(only.tables().get("t").c("id"))).scalars()).isEmpty();
            }
            MetaData reflected = new MetaData();
            reflected.reflect(engine);
            assertThat(reflected.tables().get("t").columns()).extracting(Column::name).containsExactly("id", "user_name", "n");
        } finally {
            engine.dispose();
        }
    }

    @Test
    void lambdaNames() {
        int x = 3;
        StatementLambdaElement s = lambdaStmt(() -> select(users).where(users.c("id").eq(x)));
        StatementLambdaElement t = s.addCriteria(q -> q.where(users.c("name").eq("a")),
                LambdaOptions.builder().trackClosureVariables(false).trackOn(List.of("a")).build());
        assertThat(t.isSelect()).isTrue();
        assertThat(t.isDml()).isFalse();
        assertThat(lambdaStmt(() -> insert(users)).isInsert()).isTrue();
        assertThat(lambdaStmt(() -> update(users)).isUpdate()).isTrue();
        assertThat(lambdaStmt(() -> delete(users)).isDelete()).isTrue();
        assertThat(lambdaStmt(() -> delete(users)).isDml()).isTrue();
        assertThat(lambdaStmt(() -> text("select 1")).isText()).isTrue();
        StatementLambdaElement spoiled = s.spoil();
        assertThat(spoiled.compile().string()).isEqualTo(s.compile().string());
    }

    @Test
    void streamSerializer() throws Exception {
        Select q = select(users.c("name")).where(users.c("id").eq(7));
        for (Protocol protocol : Protocol.values()) {
            byte[] data = QuerySerializer.dumps(q, protocol);
            assertThat(((Select) QuerySerializer.loads(data, metadata, null, null)).compare(q)).isTrue();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Serializer out = new Serializer(bytes)) {
            out.writeObject(q);
            out.writeObject(users);
        }
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try (Deserializer in = new Deserializer(new ByteArrayInputStream(bytes.toByteArray()), metadata, null, engine)) {
            assertThat(((Select) in.readObject()).compare(q)).isTrue();
            assertThat(in.readObject()).isSameAs(users);
            assertThat(in.getEngine()).isSameAs(engine);
        } finally {
            engine.dispose();
        }
        assertThat(RetortException.class).isAssignableFrom(NoSuchColumnException.class);
    }
}
