package dev.retort;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Compiled;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's examples, run as written, so the front door stays true. */
class ReadmeExamplesTest {
    final MetaData metadata = new MetaData();
    final Table users = new Table("users", metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)).nullable(false),
            Column.of("age", Types.INTEGER));
    final Table addresses = new Table("addresses", metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("email", Types.string(50)).unique(),
            Column.of("user_id", Types.INTEGER).foreignKey("users.id"));

    @Test
    void buildingStatements() {
        Select stmt = select(users.c("name"), func("count", addresses.c("id")).label("n"))
                .join(addresses)
                .where(and(users.c("age").gt(18), or(users.c("name").like("a%"), users.c("name").in(List.of("bob", "cy")))))
                .groupBy(users.c("name"))
                .having(func("count", addresses.c("id")).gt(1))
                .orderBy(desc(users.c("name")))
                .limit(10);
        assertThat(stmt.toString().replaceAll("\\s+", " ").trim()).isEqualTo(
                "SELECT users.name, count(addresses.id) AS n FROM users JOIN addresses ON users.id = addresses.user_id "
                        + "WHERE users.age > :age_1 AND (users.name LIKE :name_1 OR users.name IN (:name_2_1, :name_2_2)) "
                        + "GROUP BY users.name HAVING count(addresses.id) > :count_1 ORDER BY users.name DESC LIMIT :param_1");
        Compiled c = stmt.compile(Dialects.postgresql());
        assertThat(c.string()).contains("WHERE users.age > ?").endsWith("LIMIT ?");
        assertThat(c.params()).containsExactly(Map.entry("age_1", 18), Map.entry("name_1", "a%"), Map.entry("name_2_1", "bob"),
                Map.entry("name_2_2", "cy"), Map.entry("count_1", 1), Map.entry("param_1", 10));
    }

    /** "Pattern and other operator modifiers" in Building statements: the SQL its comments show. */
    @Test
    void operatorModifiers() {
        var t = table("t", column("name", Types.STRING), column("age", Types.INTEGER), column("flag", Types.BOOLEAN),
                column("floor", Types.INTEGER), column("n", Types.INTEGER));
        var docs = table("docs", column("title", Types.STRING), column("body", Types.STRING));
        var pg = Dialects.postgresql();
        var my = Dialects.mysql();
        assertThat(t.c("name").like("50^%", "^").compile(pg).string()).isEqualTo("t.name LIKE ? ESCAPE '^'");
        assertThat(t.c("name").contains("50%_off", true).compile(pg).params()).containsValue("50/%/_off");
        assertThat(t.c("name").startsWith("a^b%", true, "^").compile(pg).params()).containsValue("a^^b^%");
        assertThat(t.c("name").icontains("Ann").compile(Dialects.sqlite()).string()).isEqualTo("lower(t.name) LIKE '%' || lower(?) || '%'");
        assertThat(t.c("name").icontains("Ann").compile(pg).string()).isEqualTo("t.name ILIKE '%' || ? || '%'");
        assertThat(t.c("name").regexpMatch("^a", "i").compile(pg).string()).isEqualTo("t.name ~* ?");
        assertThat(t.c("name").regexpMatch("^a", "i").compile(my).string()).isEqualTo("REGEXP_LIKE(t.name, ?, 'i')");
        assertThat(t.c("name").regexpReplace("a+", "b", "g").compile(pg).string()).isEqualTo("REGEXP_REPLACE(t.name, ?, ?, 'g')");
        assertThat(t.c("age").between(40, 20, true).compile(pg).string()).isEqualTo("t.age BETWEEN SYMMETRIC ? AND ?");
        assertThat(docs.c("body").match("retort").compile(pg).string()).isEqualTo("docs.body @@ plainto_tsquery(?)");
        assertThat(docs.c("body").match("retort").compile(my).string()).isEqualTo("MATCH (docs.body) AGAINST (? IN BOOLEAN MODE)");
        assertThat(match(List.of(docs.c("title"), docs.c("body")), "retort", dev.retort.sql.MatchModifier.NATURAL_LANGUAGE_MODE)
                .compile(my).string()).isEqualTo("MATCH (docs.title, docs.body) AGAINST (? IN NATURAL LANGUAGE MODE)");
        assertThat(t.c("flag").is(trueLiteral()).compile(pg).string()).isEqualTo("t.flag IS true");
        assertThat(t.c("age").isNot(t.c("floor")).compile(pg).string()).isEqualTo("t.age IS NOT t.floor");
        assertThat(t.c("n").postfixOp(dev.retort.sql.CustomOperator.of("!")).compile(pg).string()).isEqualTo("t.n !");
        assertThat(t.c("n").prefixOp(dev.retort.sql.CustomOperator.of("|/")).compile(pg).string()).isEqualTo("|/ t.n");
        assertThat(func("upper", t.c("name")).inPackage("pg_catalog").compile(pg).string()).isEqualTo("pg_catalog.upper(t.name)");
        assertThat(select(column("foo")).selectFrom(text("bat")).toString().replaceAll("\\s+", " ")).isEqualTo("SELECT foo FROM bat");
    }

    @Test
    void dialectOptions() {
        dev.retort.schema.Index ix = new dev.retort.schema.Index("ix_active_name", users.c("name"))
                .dialectKw("postgresql_where", users.c("age").gt(17))
                .dialectKw("postgresql_using", "btree")
                .dialectKw("mysql_length", 10)
                .dialectKw("sqlite_where", users.c("age").gt(17));
        assertThat(ix.dialectOptions().get("postgresql").get("where")).isNotNull();
        assertThat(new dev.retort.schema.CreateIndex(ix).compile(Dialects.postgresql()).string())
                .isEqualTo("CREATE INDEX ix_active_name ON users USING btree (name) WHERE age > 17");
        Table log = new Table("log", metadata, Map.of("mysql_engine", "InnoDB", "mysql_charset", "utf8mb4"),
                Column.of("id", Types.BIGINT).primaryKey());
        assertThat(new dev.retort.schema.CreateTable(log).compile(Dialects.mysql()).string()).contains("ENGINE=InnoDB");
        dev.retort.schema.DialectKwArgs.argumentFor(dev.retort.schema.Index.class, "acme", "readme_arg", 7);
        try {
            assertThat(new dev.retort.schema.Index("ix_r", users.c("name")).dialectOptions().get("acme").get("readme_arg")).isEqualTo(7);
        } finally {
            // The registry is global: other test classes must not see this argument.
            dev.retort.schema.DialectKwArgs.removeArgumentFor(dev.retort.schema.Index.class, "acme", "readme_arg");
        }
    }

    @Test
    void treesCompareCopyAndKey() {
        Select s = select(users).where(users.c("id").eq(bindparam("uid")));
        Select s7 = s.params(Map.of("uid", 7));
        assertThat(s7.compare(s.params(Map.of("uid", 7)))).isTrue();
        assertThat(s7.cacheKey()).isEqualTo(s.cacheKey());
        assertThat(s7.cacheKey().bindParams()).extracting(b -> b.value()).containsExactly(7);
    }

    @Test
    void runningStatements() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            metadata.createAll(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(insert(users), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
                List<Row> rows = conn.execute(select(users).where(users.c("id").gt(6))).all();
                assertThat(rows.get(0).get("name")).isEqualTo("jack");
                assertThat(conn.execute(select(func("count", users.c("id")))).scalar()).isEqualTo(2L);
                conn.commit();
            }
            engine.inTransaction(conn -> conn.execute(delete(users).where(users.c("id").eq(8))));
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(select(users.c("name"))).scalars()).containsExactly("jack");
                assertThat(conn.execute(insert(users).values(Map.of("id", 1, "name", "ann"))).rowCount()).isEqualTo(1);
                assertThat(conn.execute(insert(users).values(List.of(Map.of("id", 2, "name", "bob"), Map.of("id", 3, "name", "cy")))).rowCount()).isEqualTo(2);
                assertThat(conn.execute(update(users).where(users.c("id").eq(1)).values(Map.of("age", users.c("age").add(1)))).rowCount()).isEqualTo(1);
                assertThat(conn.execute(delete(users).where(users.c("age").isNull()).returning(users.c("id"))).scalars()).containsExactlyInAnyOrder(7, 1, 2, 3);   // NULL + 1 is NULL
            }
        } finally {
            engine.dispose();
        }
    }

    @Test
    void upsert() {
        Table counters = new Table("counters", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(20)).unique(),
                Column.of("hits", Types.INTEGER));
        Map<String, ?> row = Map.of("id", 1, "name", "home", "hits", 1);
        assertThat(insert(counters).values(row).onConflictDoNothing(counters.c("id")).compile(Dialects.sqlite()).string())
                .isEqualTo("INSERT INTO counters (id, name, hits) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING");
        var update = insert(counters).values(row).onConflictDoUpdate(List.of(counters.c("id")),
                Map.of("hits", counters.c("hits").add(excluded(counters).c("hits"))));
        assertThat(update.compile(Dialects.postgresql()).string()).endsWith(" ON CONFLICT (id) DO UPDATE SET hits = (counters.hits + excluded.hits)");
        assertThat(insert(counters).values(row).onConflictDoNothing(dev.retort.sql.ConflictTarget.constraint("counters_pkey")).compile(Dialects.postgresql()).string())
                .endsWith(" ON CONFLICT ON CONSTRAINT counters_pkey DO NOTHING");
        var dup = insert(counters).values(row).onDuplicateKeyUpdate(Map.of("hits", counters.c("hits").add(excluded(counters).c("hits"))));
        assertThat(dup.compile(Dialects.mariadb()).string()).endsWith(" ON DUPLICATE KEY UPDATE hits = (counters.hits + VALUES(hits))");
        assertThat(dup.compile(Dialects.mysql("8.0.20")).string()).endsWith(" VALUES (?, ?, ?) AS new ON DUPLICATE KEY UPDATE hits = (counters.hits + new.hits)");
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            metadata.createAll(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(insert(counters).values(row).onConflictDoNothing(counters.c("id")));
                conn.execute(insert(counters).values(row).onConflictDoNothing(counters.c("id")));
                conn.execute(update);
                assertThat(conn.execute(select(counters.c("hits"))).scalar()).isEqualTo(2);
            }
        } finally {
            engine.dispose();
        }
    }

    @Test
    void jsonDocuments() {
        Table docs = new Table("docs", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("data", Types.JSON));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            metadata.createAll(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(insert(docs).values(Map.of("id", 1, "data",
                        Map.of("name", "ann", "n", 5, "address", Map.of("lines", List.of("1 Main St", "Flat 2"))))));
                Map<?, ?> doc = (Map<?, ?>) conn.execute(select(docs.c("data"))).scalar();
                assertThat(doc.get("name")).isEqualTo("ann");
                assertThat(doc.get("address")).isEqualTo(Map.of("lines", List.of("1 Main St", "Flat 2")));
                assertThat(conn.execute(select(docs.c("id")).where(docs.c("data").item("n").asInteger().gt(3))).scalars()).containsExactly(1);
                assertThat(conn.execute(select(docs.c("data").pathText("address", "lines", 1))).scalar()).isEqualTo("Flat 2");
            }
        } finally {
            engine.dispose();
        }
    }

    @Test
    void generatedKeys() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        MetaData md = new MetaData();
        Table items = new Table("items", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(40)));
        try {
            md.createAll(engine);
            try (Connection conn = engine.connect()) {
                Result one = conn.execute(insert(items), Map.of("name", "a"));
                assertThat(one.insertedPrimaryKeys().get(0).get("id")).isEqualTo(1);
                Result many = conn.execute(insert(items), List.of(Map.of("name", "b"), Map.of("name", "c")));
                assertThat(many.insertedPrimaryKeys()).extracting(r -> r.get("id")).containsExactly(2, 3);
                List<Row> rows = conn.execute(insert(items).returning(items.c("name"), items.c("id")),
                        List.of(Map.of("name", "d"), Map.of("name", "e"))).all();
                assertThat(rows).extracting(Row::toList).containsExactly(List.of("d", 4), List.of("e", 5));
                conn.commit();
            }
        } finally {
            engine.dispose();
        }
    }
}
