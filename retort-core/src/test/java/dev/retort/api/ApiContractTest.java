package dev.retort.api;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CacheKey;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.CompileOption;
import dev.retort.sql.Compiled;
import dev.retort.sql.LambdaOptions;
import dev.retort.sql.Select;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.testing.UsersAndAddresses;
import dev.retort.types.PickleType;
import dev.retort.types.Picklers;
import dev.retort.types.TypeDecorator;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The snippets of shared/design/API.md, written as there: tests outside the project are written
 * against these names, so they must keep compiling and doing what the page says.
 */
class ApiContractTest {
    /** API.md §2, verbatim apart from the method bodies. */
    public static final class Money extends TypeDecorator<BigDecimal, Long> {
        public Money() { super(Types.BIGINT); }
        @Override public Long processBindParam(BigDecimal v, Dialect d) { return v.movePointRight(2).longValueExact(); }
        @Override public BigDecimal processResultValue(Long v, Dialect d) { return BigDecimal.valueOf(v, 2); }
        @Override public boolean cacheOk() { return true; }
    }

    final UsersAndAddresses schema = UsersAndAddresses.create();
    final MetaData metadata = schema.metadata;
    final Table users = schema.users;
    final Table addresses = schema.addresses;

    @Test
    void schemaTypesAndDialectOptions() {
        Column<?> name = users.c("name");
        Column<Integer> id = users.c("id", Integer.class);
        assertThat(users.columns()).containsExactly(id, name);
        assertThat(metadata.tables()).containsKeys("users", "addresses");
        Index ix = new Index("ix_name", users.c("name")).dialectKw("postgresql_where", users.c("id").gt(5));
        ix.dialectKwargs().put("mysql_length", 10);
        assertThat(ix.dialectOptions().get("postgresql").get("where")).isNotNull();
        DialectKwArgs.argumentFor(Index.class, "acme", "api_length", null);
        try {
            assertThat(new Index("ix_len", users.c("name")).dialectKw("acme_api_length", 4).dialectOption("acme", "api_length")).isEqualTo(4);
        } finally {
            // The registry is global: leave it as it was for the tests that run next.
            DialectKwArgs.removeArgumentFor(Index.class, "acme", "api_length");
        }
        assertThatThrownBy(() -> new Index("ix_len", users.c("name")).dialectKw("acme_api_length", 4)).isInstanceOf(ArgumentException.class);
        assertThat(new CreateIndex(ix).compile(Dialects.postgresql()).string()).contains("WHERE id > 5");
        assertThat(new CreateTable(users).compile(Dialects.mysql()).string()).startsWith("CREATE TABLE users");

        PickleType<Map<String, Object>> prefs = PickleType.builder()
                .pickler(Picklers.json())
                .comparator(Objects::equals)
                .impl(Types.LARGE_BINARY)
                .build();
        assertThat(prefs.compareValues(Map.of("a", 1), Map.of("a", 1))).isTrue();
        TypeEngine<String> text = Types.string(50).withVariant(Types.TEXT, "sqlite");
        assertThat(Dialects.sqlite().typeDdl(text)).isEqualTo("TEXT");
        assertThat(new Money().cacheOkDeclared()).isTrue();
    }

    @Test
    void expressionsCompileAndKey() {
        // Expected SQL and parameters: SQLAlchemy 2.1.1 compiling the same snippets (whitespace normalised).
        Select stmt = select(users).selectFrom(users.join(addresses)).limit(5);
        assertCompiles(select(users.c("name"), func("count", addresses.c("id")))
                        .join(addresses).groupBy(users.c("name"))
                        .having(func("count", addresses.c("id")).gt(1))
                        .orderBy(desc(users.c("name"))),
                "SELECT users.name, count(addresses.id) AS count_1 FROM users JOIN addresses ON users.id = addresses.user_id GROUP BY users.name"
                        + " HAVING count(addresses.id) > :count_2 ORDER BY users.name DESC", Map.of("count_2", 1));
        assertCompiles(select(users).where(and(users.c("id").gt(5), or(users.c("name").eq("a"), users.c("name").like("%b")))),
                "SELECT users.id, users.name FROM users WHERE users.id > :id_1 AND (users.name = :name_1 OR users.name LIKE :name_2)",
                Map.of("id_1", 5, "name_1", "a", "name_2", "%b"));
        assertCompiles(func("max", users.c("name")).over().range(null, 0),
                "max(users.name) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", Map.of());
        assertCompiles(caseWhen(users.c("id").gt(1), "big").when(users.c("id").eq(1), "one").otherwise("small"),
                "CASE WHEN (users.id > :id_1) THEN :param_1 WHEN (users.id = :id_2) THEN :param_2 ELSE :param_3 END",
                Map.of("id_1", 1, "param_1", "big", "id_2", 1, "param_2", "one", "param_3", "small"));
        assertCompiles(select(func("count", users.c("id"))).scalarSubquery(), "(SELECT count(users.id) AS count_1 FROM users)", Map.of());
        assertCompiles(users.insert().values(Map.of("id", 1, "name", "x")), "INSERT INTO users (id, name) VALUES (:id, :name)",
                Map.of("id", 1, "name", "x"));
        assertCompiles(stmt, "SELECT users.id, users.name FROM users JOIN addresses ON users.id = addresses.user_id LIMIT :param_1",
                Map.of("param_1", 5));
        Compiled c = stmt.compile();
        assertThat(c.string()).contains("LIMIT :param_1");
        assertThat(c.params()).containsEntry("param_1", 5);
        assertThat(stmt.compile(Dialects.sqlite(), CompileOption.LITERAL_BINDS).string()).contains("LIMIT 5");
        assertThat(stmt.compare(select(users).selectFrom(users.join(addresses)).limit(5))).isTrue();
        assertThat(stmt.getChildren()).isNotEmpty();
        assertThat(column("x").add(bindparam("foo")).params(Map.of("foo", 7)).compile().params()).containsEntry("foo", 7);
        Select same = stmt.params(Map.of("foo", 7));
        assertThat(same).isInstanceOf(Select.class);
        CacheKey key = stmt.cacheKey();
        assertThat(key.bindParams()).isNotEmpty();
        assertThat(key.toOfflineString(new HashMap<>(), stmt, Map.of())).contains("LIMIT");
    }

    private static void assertCompiles(ClauseElement e, String sql, Map<String, Object> params) {
        Compiled c = e.compile();
        assertThat(c.string().replaceAll("\\s+", " ").trim()).isEqualTo(sql);
        assertThat(c.params()).isEqualTo(params);
    }

    @Test
    void executionLambdasAndTheSerializer() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        AtomicInteger count = new AtomicInteger();
        engine.addListener((sql, params) -> count.incrementAndGet());
        try {
            metadata.createAll(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(users.insert(), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
                List<Row> rows = conn.execute(select(users).where(users.c("id").gt(6))).all();
                assertThat(rows.get(0).get("name")).isEqualTo("jack");
                assertThat(rows.get(0).get(0)).isEqualTo(7);
                assertThat(rows.get(0).toList()).containsExactly(7, "jack");
                conn.commit();
            }
            try (Connection conn = engine.begin()) {
                int userId = 8;
                String name = "ed";
                StatementLambdaElement s = lambdaStmt(() -> select(users).where(users.c("id").eq(userId)));
                s = s.add(q -> q.where(users.c("name").eq(name)));
                assertThat(s.isSelect()).isTrue();
                assertThat(conn.execute(s).all()).hasSize(1);
                Select q = select(users.c("name")).where(users.c("id").eq(7));
                byte[] data = QuerySerializer.dumps(q);
                byte[] json = QuerySerializer.dumps(q, Protocol.JSON);
                assertThat(conn.execute((ClauseElement) QuerySerializer.loads(data, metadata)).scalar()).isEqualTo("jack");
                assertThat(((Select) QuerySerializer.loads(json, metadata)).compare(q)).isTrue();
                assertThat(QuerySerializer.loads(QuerySerializer.dumps(users), metadata)).isSameAs(users);
            }
            assertThat(count.get()).isGreaterThan(0);
            LambdaOptions options = LambdaOptions.builder().trackClosureVariables(false).trackOn(List.of(1)).build();
            assertThat(options.trackClosureVariables()).isFalse();
            assertThat(options.trackOn()).isEqualTo(List.of(1));
        } finally {
            engine.dispose();
        }
    }
}
