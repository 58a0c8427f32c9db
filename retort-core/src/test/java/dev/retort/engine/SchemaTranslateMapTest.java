package dev.retort.engine;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.lambdaStmt;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateSequence;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DropIndex;
import dev.retort.schema.DropSequence;
import dev.retort.schema.DropTable;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ForUpdate;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.sql.Select;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The schema translate map at compile time and through the engine's compiled cache. The oracle
 * needs no hand-written SQL: a statement over tables of schema {@code s}, compiled with
 * {@code {s: x}}, must render exactly as the same statement built over tables declared in
 * schema {@code x} (SQLAlchemy's own expectations are in the conformance suite's ported
 * {@code assert_compile(schema_translate_map=...)} cases).
 */
class SchemaTranslateMapTest {
    private static final List<Dialect> DIALECTS = List.of(Dialects.defaultDialect(), Dialects.sqlite(), Dialects.postgresql(),
            Dialects.mysql(), Dialects.mariadb());
    private static final int STATEMENTS = 400;

    /** users, orders (FK to users) and a sequence, all in one schema (null: none). */
    record Model(MetaData metadata, Table users, Table orders, Sequence seq, Index ix) {
        static Model in(String schema) {
            MetaData m = new MetaData();
            Table users = new Table("users", schema, m, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(30)),
                    Column.of("grp", Types.INTEGER));
            String fk = (schema == null ? "" : schema + ".") + "users.id";
            Table orders = new Table("orders", schema, m, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("user_id", Types.INTEGER).foreignKey(fk), Column.of("amount", Types.INTEGER));
            Sequence seq = new Sequence("order_seq").schema(schema);
            Index ix = new Index("ix_orders_amount", orders.c("amount"));
            return new Model(m, users, orders, seq, ix);
        }
    }

    /** The {@code n}th generated statement over {@code m}: the same seed builds the same shape over any model. */
    static ClauseElement statement(Model m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Table u = m.users();
        Table o = m.orders();
        int v = r.nextInt(100);
        switch (r.nextInt(14)) {
            case 0: return select(u).where(u.c("id").eq(v));
            case 1: return select(u.c("name"), o.c("amount")).selectFrom(u.join(o)).where(o.c("amount").gt(v)).orderBy(u.c("id"));
            case 2: {
                var a = u.alias("u2");
                return select(u.c("id"), a.c("name")).where(u.c("grp").eq(a.c("grp"))).limit(v + 1);
            }
            case 3: return insert(u).values(Map.of("id", v, "name", "n" + v));
            case 4: return update(u).where(u.c("id").eq(v)).values(Map.of("name", "x" + v));
            case 5: return delete(o).where(o.c("amount").lt(v));
            case 6: return select(u).where(exists(select(o.c("id")).where(o.c("user_id").eq(u.c("id")))));
            case 7: return select(u.c("grp"), func("count", o.c("id"))).selectFrom(u.outerJoin(o)).groupBy(u.c("grp"));
            case 8: {
                var sq = select(o.c("user_id"), func("sum", o.c("amount")).label("total")).groupBy(o.c("user_id")).subquery("t");
                return select(u.c("name"), sq.c("total")).selectFrom(u.join(sq, u.c("id").eq(sq.c("user_id"))));
            }
            case 9: return select(m.seq().nextValue());
            case 10: return insert(o).values(Map.of("id", m.seq().nextValue(), "user_id", v, "amount", 1));
            case 11: return select(u.c("id")).where(u.c("id").in(select(o.c("user_id")).where(o.c("amount").ge(v))));
            case 12: {
                var c = select(u.c("id")).where(u.c("grp").eq(v)).cte("c");
                return select(o).selectFrom(o.join(c, o.c("user_id").eq(c.c("id"))));
            }
            default: return update(o).values(Map.of("amount", o.c("amount").add(v))).where(o.c("user_id").eq(u.c("id"))).where(u.c("grp").eq(1));
        }
    }

    private static Map<String, String> map(String from, String to) {
        Map<String, String> m = new HashMap<>();
        m.put(from, to);
        return m;
    }

    /** {@code [from, to]} pairs: to a schema, from none, and to none. */
    private static final String[][] TRANSLATIONS = {{"tenant", "tenant_42"}, {null, "tenant_7"}, {"tenant", null}, {"tenant", "Mixed Case"},
        {null, "x\"; DROP TABLE users; --"}, {"tenant", "it's `quoted` \\ too"}, {"Tenant \"A\"", "t".repeat(300)}};

    @Test
    void translatedStatementsRenderAsStatementsOverTheTargetSchema() {
        int checked = 0;
        for (String[] t : TRANSLATIONS) {
            Model logical = Model.in(t[0]);
            Model physical = Model.in(t[1]);
            SchemaTranslateMap m = SchemaTranslateMap.of(map(t[0], t[1]));
            for (long seed = 0; seed < STATEMENTS; seed++) {
                for (Dialect d : DIALECTS) {
                    String want;
                    try {
                        want = statement(physical, seed).compile(d).string();
                    } catch (dev.retort.exc.CompileException e) {
                        continue; // a sequence on a dialect without sequences
                    }
                    assertThat(statement(logical, seed).compile(d, m).string()).as("seed %d on %s with %s", seed, d.name(), m).isEqualTo(want);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(5000);
    }

    @Test
    void ddlIsTranslated() {
        for (String[] t : TRANSLATIONS) {
            Model logical = Model.in(t[0]);
            Model physical = Model.in(t[1]);
            SchemaTranslateMap m = SchemaTranslateMap.of(map(t[0], t[1]));
            for (Dialect d : List.of(Dialects.postgresql(), Dialects.mariadb(), Dialects.sqlite())) {
                List<Function<Model, ClauseElement>> ddl = new ArrayList<>(List.of(x -> new CreateTable(x.users()), x -> new CreateTable(x.orders()),
                        x -> new DropTable(x.orders()), x -> new CreateIndex(x.ix()), x -> new DropIndex(x.ix())));
                if (d.supportsSequences()) {
                    ddl.add(x -> new CreateSequence(x.seq()));
                    ddl.add(x -> new DropSequence(x.seq()));
                }
                for (Function<Model, ClauseElement> f : ddl) {
                    assertThat(f.apply(logical).compile(d, m).string()).isEqualTo(f.apply(physical).compile(d).string());
                }
            }
        }
    }

    @Test
    void forUpdateOfAndLightweightTables() {
        Model logical = Model.in("tenant");
        Model physical = Model.in("t9");
        SchemaTranslateMap m = SchemaTranslateMap.of(Map.of("tenant", "t9"));
        Function<Model, Select> locking = x -> select(x.users()).selectFrom(x.users().join(x.orders()))
                .withForUpdate(ForUpdate.update().of(x.users()));
        assertThat(locking.apply(logical).compile(Dialects.postgresql(), m).string())
                .isEqualTo(locking.apply(physical).compile(Dialects.postgresql()).string());
        // SQLAlchemy translates only Table (and sequences, indexes): a lightweight table() keeps its schema
        TableClause light = TableClause.of("users", "tenant", column("id"));
        assertThat(select(light).compile(Dialects.postgresql(), m).string()).isEqualTo(select(light).compile(Dialects.postgresql()).string());
    }

    /** Expected SQL from SQLAlchemy 2.1.1: CreateIndex / DropIndex compiled for sqlite with {None: 'y'}, render_schema_translate=True. */
    @Test
    void sqliteQualifiesTheIndexNotTheTable() {
        MetaData m = new MetaData();
        Table t = new Table("o2", m, Column.of("amount", Types.INTEGER));
        Index ix = new Index("ix_b", t.c("amount"));
        SchemaTranslateMap y = SchemaTranslateMap.of(map(null, "y"));
        assertThat(new CreateIndex(ix).compile(Dialects.sqlite(), y).string()).isEqualTo("CREATE INDEX y.ix_b ON o2 (amount)");
        assertThat(new DropIndex(ix).compile(Dialects.sqlite(), y).string()).isEqualTo("DROP INDEX y.ix_b");
    }

    @Test
    void squareBracketsAreRefusedAndEmptyMapsTranslateNothing() {
        assertThatThrownBy(() -> SchemaTranslateMap.of(Map.of("a", "b]"))).isInstanceOf(ArgumentException.class).hasMessageContaining("'b]'");
        assertThat(SchemaTranslateMap.of(Map.of())).isNull();
        assertThat(SchemaTranslateMap.of(map(null, "a"))).isEqualTo(SchemaTranslateMap.of(map(null, "a")))
                .isNotEqualTo(SchemaTranslateMap.of(map("a", null)));
        assertThat(SchemaTranslateMap.of(map(null, "a")).toString()).isEqualTo("{None: 'a'}");
    }

    /**
     * An empty name or one holding NUL is refused when the map is made (by each way of giving
     * one), not written into SQL: {@code {null: ""}} wrote {@code FROM "".users}, which the
     * database refused only when the statement ran.
     */
    @Test
    void emptyAndNulNamesAreRefusedWhenTheMapIsMade() {
        for (Map<String, String> bad : List.of(map(null, ""), map("", "a"), map("tenant", "a\0b"), map("a\0b", null))) {
            assertThatThrownBy(() -> SchemaTranslateMap.of(bad)).as("%s", bad).isInstanceOf(ArgumentException.class);
            Engine engine = Engine.create("jdbc:sqlite::memory:");
            try (Connection conn = engine.connect()) {
                assertThatThrownBy(() -> engine.withSchemaTranslateMap(bad)).isInstanceOf(ArgumentException.class);
                assertThatThrownBy(() -> conn.schemaTranslateMap(bad)).isInstanceOf(ArgumentException.class);
            } finally {
                engine.dispose();
            }
        }
    }

    /**
     * A map of 100,000 schemas translates as a small one, through the compiled cache too, and
     * its text (part of every result cache key) is written once, not at each use (350 ms each).
     */
    @Test
    void aMapOfAHundredThousandSchemas() {
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            big.put("s" + i, "t" + i);
        }
        big.put(null, "tenant_7");
        big.put("tenant", "tenant_42");
        SchemaTranslateMap m = SchemaTranslateMap.of(big);
        assertThat(m.toString()).isSameAs(m.toString()).startsWith("{None: 'tenant_7', 's0': 't0', 's1': 't1', ");
        Engine cached = Engine.create("jdbc:postgresql://127.0.0.1:5432/test");
        try {
            Engine tenant = cached.withSchemaTranslateMap(big);
            for (String[] t : new String[][] {{null, "tenant_7"}, {"tenant", "tenant_42"}}) {
                Model logical = Model.in(t[0]);
                Model physical = Model.in(t[1]);
                for (long seed = 0; seed < 50; seed++) {
                    String want = tenant.boundSql(statement(physical, seed), Map.of()).sql();
                    assertThat(tenant.boundSql(statement(logical, seed), Map.of()).sql()).as("seed %d", seed).isEqualTo(want);
                    assertThat(statement(logical, seed).compile(Dialects.postgresql(), m).string()).isEqualTo(statement(physical, seed)
                            .compile(Dialects.postgresql()).string());
                }
            }
        } finally {
            cached.dispose();
        }
    }

    /**
     * Many statements run under two maps on one engine (interleaved, so that the compiled cache
     * and its last-statement shortcut serve most of them) give the SQL of an engine without a
     * compiled cache, and the two maps never share SQL.
     */
    @Test
    void cachedSqlEqualsUncachedSqlUnderEveryMap() {
        // PostgreSQL, for its sequences; nothing connects (boundSql only compiles)
        Engine cached = Engine.create("jdbc:postgresql://127.0.0.1:5432/test");
        Engine uncached = Engine.create("jdbc:postgresql://127.0.0.1:5432/test", EngineOptions.builder().compiledCacheSize(0).build());
        try {
            Model logical = Model.in(null);
            List<Engine> tenantsCached = List.of(cached.withSchemaTranslateMap(map(null, "ta")), cached.withSchemaTranslateMap(map(null, "tb")),
                    cached);
            List<Engine> tenantsUncached = List.of(uncached.withSchemaTranslateMap(map(null, "ta")), uncached.withSchemaTranslateMap(map(null, "tb")),
                    uncached);
            SplittableRandom order = new SplittableRandom(7);
            for (int round = 0; round < 3; round++) {
                for (long seed = 0; seed < STATEMENTS; seed++) {
                    ClauseElement stmt = statement(logical, seed);
                    List<Integer> tenants = new ArrayList<>(List.of(0, 1, 2, 0, 1));
                    dev.retort.testing.Draws.shuffle(tenants, order);
                    List<String> seen = new ArrayList<>(List.of("", "", ""));
                    for (int t : tenants) {
                        String sql = tenantsCached.get(t).boundSql(stmt, Map.of()).sql();
                        assertThat(sql).as("seed %d tenant %d", seed, t).isEqualTo(tenantsUncached.get(t).boundSql(stmt, Map.of()).sql());
                        seen.set(t, sql);
                    }
                    assertThat(seen.get(0)).contains("ta.").doesNotContain("tb.");
                    assertThat(seen.get(1)).contains("tb.").doesNotContain("ta.");
                    assertThat(seen.get(2)).doesNotContain("ta.").doesNotContain("tb.");
                }
            }
            assertThat(cached.compiledCacheStats().hits()).isGreaterThan(STATEMENTS * 5L);
        } finally {
            cached.dispose();
            uncached.dispose();
        }
    }

    /** A lambda statement keyed by its call site: each map still gets its own SQL. */
    @Test
    void lambdaStatementsKeyOnTheMap() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            Table users = Model.in(null).users();
            Engine a = engine.withSchemaTranslateMap(map(null, "ta"));
            Engine b = engine.withSchemaTranslateMap(map(null, "tb"));
            for (int i = 0; i < 5; i++) {
                int id = i;
                StatementLambdaElement s = lambdaStmt(() -> select(users).where(users.c("id").eq(id)));
                assertThat(a.boundSql(s, Map.of()).sql()).contains("FROM ta.users");
                assertThat(b.boundSql(s, Map.of()).sql()).contains("FROM tb.users");
                assertThat(engine.boundSql(s, Map.of()).sql()).contains("FROM users");
            }
        } finally {
            engine.dispose();
        }
    }

    /** A connection's own map replaces its engine's, and the same statement object run again follows the change. */
    @Test
    void connectionMapReplacesTheEnginesAndTheLastStatementShortcutFollowsIt() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try (Connection conn = engine.withSchemaTranslateMap(map(null, "ta")).connect()) {
            Model m = Model.in(null);
            ClauseElement stmt = select(m.users());
            assertThat(conn.schemaTranslateMap()).isEqualTo(SchemaTranslateMap.of(map(null, "ta")));
            assertThat(conn.compiled(stmt, java.util.Set.of()).entry().compiled().string()).contains("FROM ta.users");
            conn.schemaTranslateMap(map(null, "tb"));
            assertThat(conn.compiled(stmt, java.util.Set.of()).entry().compiled().string()).contains("FROM tb.users");
            conn.schemaTranslateMap(null);
            assertThat(conn.compiled(stmt, java.util.Set.of()).entry().compiled().string()).contains("FROM users").doesNotContain("tb.");
        } finally {
            engine.dispose();
        }
    }

    @Test
    void aViewEngineSharesThePoolAndDisposesIt() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        Engine tenant = engine.withSchemaTranslateMap(Map.of("x", "y"));
        assertThat(tenant.dataSource()).isSameAs(engine.dataSource());
        assertThat(tenant.withSchemaTranslateMap(Map.of()).schemaTranslateMap()).isNull();
        tenant.dispose();
        assertThatThrownBy(engine::connect).hasMessageContaining("disposed");
    }
}
