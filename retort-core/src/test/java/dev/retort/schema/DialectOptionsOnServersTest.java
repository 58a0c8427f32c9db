package dev.retort.schema;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.DBAPIException;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each dialect option takes effect on the real database: after {@code createAll}, the catalog
 * ({@code pg_indexes}, {@code information_schema}, {@code sqlite_master} and SQLite's pragmas)
 * or the database's behaviour shows it. Names carry a random suffix, since other builds may use
 * the same servers at the same time.
 */
class DialectOptionsOnServersTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();

    /** Creates the metadata's tables on {@code engine}, runs {@code checks}, and drops them again. */
    private void withSchema(Engine engine, Consumer<Connection> checks) {
        try {
            md.createAll(engine);
            try (Connection conn = engine.connect()) {
                checks.accept(conn);
            }
        } finally {
            md.dropAll(engine);
        }
    }

    private static Object scalar(Connection conn, String sql, Object name) {
        return conn.execute(text(sql).bindparams(Map.of("n", name))).scalar();
    }

    @Test
    void postgresql() {
        Table t = new Table("pg" + s, md, Map.of("postgresql_with", Map.of("fillfactor", 70)),
                Column.of("id", Types.INTEGER),
                Column.of("name", Types.string(50)),
                Column.of("body", Types.TEXT),
                new PrimaryKeyConstraint("id").dialectKw("postgresql_include", List.of("name")));
        new Index("ix_part" + s, t.c("name"), t.c("id"))
                .dialectKw("postgresql_where", and(t.c("id").gt(5), t.c("name").ne("x")))
                .dialectKw("postgresql_include", List.of("body"))
                .dialectKw("postgresql_ops", Map.of("name", "text_pattern_ops"))
                .dialectKw("postgresql_with", Map.of("fillfactor", 50))
                .dialectKw("postgresql_tablespace", "pg_default");
        new Index("ix_hash" + s, t.c("name")).dialectKw("postgresql_using", "hash");
        // Cannot run in the transaction createAll uses for the rest; created after it, on its own.
        new Index("ix_conc" + s, t.c("body")).dialectKw("postgresql_concurrently", true);

        withSchema(Databases.postgresql(), conn -> {
            String indexdef = "SELECT indexdef FROM pg_indexes WHERE indexname = :n";
            assertThat(scalar(conn, indexdef, "ix_part" + s)).isEqualTo("CREATE INDEX ix_part" + s + " ON public.pg" + s
                    + " USING btree (name text_pattern_ops, id) INCLUDE (body) WITH (fillfactor='50') WHERE ((id > 5) AND ((name)::text <> 'x'::text))");
            assertThat(scalar(conn, "SELECT tablespace FROM pg_indexes WHERE indexname = :n", "ix_part" + s)).as("pg_default shows as none").isNull();
            assertThat((String) scalar(conn, indexdef, "ix_hash" + s)).contains("USING hash (name)");
            assertThat((String) scalar(conn, indexdef, "ix_conc" + s)).contains("USING btree (body)");
            assertThat((String) scalar(conn, indexdef, "pg" + s + "_pkey")).endsWith("USING btree (id) INCLUDE (name)");
            assertThat(scalar(conn, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = :n", "pg" + s)).isEqualTo("fillfactor=70");
        });

        // A tablespace the server does not have: the option reaches the server, which refuses it
        // (and rolls the whole createAll back).
        new Index("ix_ts" + s, t.c("name")).dialectKw("postgresql_tablespace", "retort_no_such_space");
        try {
            assertThatThrownBy(() -> md.createAll(Databases.postgresql()))
                    .isInstanceOf(DBAPIException.class).hasMessageContaining("tablespace \"retort_no_such_space\" does not exist");
        } finally {
            md.dropAll(Databases.postgresql());
        }
    }

    /** A user type for a SPATIAL index: MariaDB's GEOMETRY. */
    static final class Geometry extends TypeEngine<byte[]> {
        @Override
        public Class<byte[]> javaType() {
            return byte[].class;
        }

        @Override
        public String visitName() {
            return "GEOMETRY";
        }

        @Override
        public TypeKind kind() {
            return TypeKind.BINARY;
        }
    }

    @Test
    void mariadb() {
        Table inno = new Table("my" + s, md, Map.of("mysql_engine", "InnoDB", "mysql_charset", "utf8mb4", "mysql_collate", "utf8mb4_bin",
                        "mysql_row_format", "DYNAMIC", "mysql_auto_increment", 100, "mysql_comment", "Retort's table"),
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)),
                Column.of("body", Types.TEXT),
                Column.of("place", new Geometry()).nullable(false));
        new Index("ix_len" + s, inno.c("name"), inno.c("body")).dialectKw("mysql_length", Map.of("body", 20));
        new Index("ix_all" + s, inno.c("name"), inno.c("body")).dialectKw("mysql_length", 7);
        new Index("ix_ft" + s, inno.c("body")).dialectKw("mysql_prefix", "FULLTEXT");
        new Index("ix_sp" + s, inno.c("place")).dialectKw("mariadb_prefix", "SPATIAL");
        // MEMORY tables index by HASH unless told otherwise.
        Table mem = new Table("mem" + s, md, Map.of("mysql_engine", "MEMORY"),
                Column.of("id", Types.INTEGER),
                Column.of("code", Types.string(10)),
                new PrimaryKeyConstraint("id").dialectKw("mysql_using", "BTREE"));
        new Index("ix_mem" + s, mem.c("code")).dialectKw("mysql_using", "BTREE");
        // mariadb_ wins over mysql_ on MariaDB.
        new Table("aria" + s, md, Map.of("mysql_engine", "MyISAM", "mariadb_engine", "Aria"), Column.of("id", Types.INTEGER).primaryKey());

        withSchema(Databases.mariadb(), conn -> {
            Map<String, Object> info = conn.execute(text("SELECT ENGINE, TABLE_COLLATION, ROW_FORMAT, AUTO_INCREMENT, TABLE_COMMENT FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :n").bindparams(Map.of("n", "my" + s))).one().toMap();
            assertThat(info).containsEntry("ENGINE", "InnoDB").containsEntry("TABLE_COLLATION", "utf8mb4_bin").containsEntry("ROW_FORMAT", "Dynamic")
                    .containsEntry("TABLE_COMMENT", "Retort's table");
            assertThat(((Number) info.get("AUTO_INCREMENT")).intValue()).isEqualTo(100);
            String engine = "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :n";
            assertThat(scalar(conn, engine, "mem" + s)).isEqualTo("MEMORY");
            assertThat(scalar(conn, engine, "aria" + s)).isEqualTo("Aria");

            String stats = "SELECT COLUMN_NAME, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = :n ORDER BY SEQ_IN_INDEX";
            assertThat(rows(conn, stats, "ix_len" + s)).containsExactly(List.of("name", "", "BTREE"), List.of("body", "20", "BTREE"));
            assertThat(rows(conn, stats, "ix_all" + s)).containsExactly(List.of("name", "7", "BTREE"), List.of("body", "7", "BTREE"));
            assertThat(rows(conn, stats, "ix_ft" + s)).containsExactly(List.of("body", "", "FULLTEXT"));
            assertThat(rows(conn, stats, "ix_sp" + s)).extracting(r -> r.get(2)).containsExactly("SPATIAL");
            assertThat(rows(conn, stats, "ix_mem" + s)).containsExactly(List.of("code", "", "BTREE"));
            assertThat(rows(conn, "SELECT COLUMN_NAME, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :n AND INDEX_NAME = 'PRIMARY'", "mem" + s)).containsExactly(List.of("id", "", "BTREE"));
        });
    }

    /** The rows of a one-parameter catalog query, values as text ("" for NULL). */
    private static List<List<String>> rows(Connection conn, String sql, String name) {
        return conn.execute(text(sql).bindparams(Map.of("n", name))).all().stream()
                .map(r -> r.toList().stream().map(v -> v == null ? "" : v.toString()).toList()).toList();
    }

    @Test
    void sqlite() {
        Table rowless = new Table("nr" + s, md, Map.of("sqlite_with_rowid", false, "sqlite_strict", true),
                Column.of("id", Types.INTEGER).primaryKey().dialectKw("sqlite_on_conflict_primary_key", "REPLACE"),
                Column.of("code", Types.TEXT).unique().dialectKw("sqlite_on_conflict_unique", "IGNORE"),
                Column.of("note", Types.TEXT).nullable(false).dialectKw("sqlite_on_conflict_not_null", "IGNORE"));
        Table counted = new Table("ai" + s, md, Map.of("sqlite_autoincrement", true),
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(20)));
        new Index("ix_part" + s, counted.c("name")).dialectKw("sqlite_where", counted.c("id").gt(10));

        Engine engine = Databases.sqlite();
        withSchema(engine, conn -> {
            assertThat(rows(conn, "SELECT wr, strict FROM pragma_table_list WHERE name = :n", "nr" + s)).containsExactly(List.of("1", "1"));
            assertThat(rows(conn, "SELECT partial FROM pragma_index_list('ai" + s + "') WHERE name = :n", "ix_part" + s)).containsExactly(List.of("1"));
            assertThat((String) scalar(conn, "SELECT sql FROM sqlite_master WHERE name = :n", "ix_part" + s)).endsWith("WHERE id > 10");
            assertThat((String) scalar(conn, "SELECT sql FROM sqlite_master WHERE name = :n", "ai" + s)).contains("id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT");

            conn.execute(insert(counted).values(Map.of("name", "a")));
            assertThat(scalar(conn, "SELECT seq FROM sqlite_sequence WHERE name = :n", "ai" + s)).as("AUTOINCREMENT keeps a sequence").isEqualTo(1);

            // The conflict clauses decide what a violating INSERT does instead of failing.
            conn.execute(insert(rowless).values(Map.of("id", 1, "code", "a", "note", "first")));
            conn.execute(insert(rowless).values(Map.of("id", 2, "code", "a", "note", "same code: ignored")));
            conn.execute(text("INSERT INTO nr" + s + " (id, code, note) VALUES (3, 'c', NULL)"));
            conn.execute(insert(rowless).values(Map.of("id", 1, "code", "b", "note", "same id: replaces")));
            assertThat(conn.execute(select(rowless.c("id"), rowless.c("code"), rowless.c("note"))).all())
                    .extracting(r -> r.toList()).containsExactly(List.of(1, "b", "same id: replaces"));
        });
    }

    /** Options for every dialect on one schema: each database takes its own and ignores the others. */
    @EachDatabase
    void oneSchemaServesEveryDatabase(Databases.Database db) {
        Table t = new Table("all" + s, md, Map.of("mysql_engine", "InnoDB", "sqlite_autoincrement", true, "postgresql_with", Map.of("fillfactor", 90)),
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)));
        new Index("ix_all" + s, t.c("name")).dialectKw("postgresql_where", t.c("id").gt(1)).dialectKw("sqlite_where", t.c("id").gt(1))
                .dialectKw("mysql_length", 10).dialectKw("oracle_compress", 2);
        withSchema(db.engine(), conn -> {
            conn.execute(insert(t).values(Map.of("name", "ann")));
            assertThat(conn.execute(select(t.c("name"))).scalar()).isEqualTo("ann");
        });
    }
}
