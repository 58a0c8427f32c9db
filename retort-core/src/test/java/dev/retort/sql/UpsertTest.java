package dev.retort.sql;

import static dev.retort.sql.SQL.excluded;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Upserts: {@code ON CONFLICT} (PostgreSQL, SQLite) and {@code ON DUPLICATE KEY UPDATE} (MySQL,
 * MariaDB). Expected SQL is what SQLAlchemy 2.1.1 compiles for {@code postgresql.insert(...)
 * .on_conflict_do_nothing / on_conflict_do_update}, {@code sqlite.insert(...)} and
 * {@code mysql.insert(...).on_duplicate_key_update} (MySQL 8.0.21: server_version_info set),
 * with its placeholders and bind casts written as {@code ?}. One deliberate difference: a
 * partial index's WHERE in the conflict target has its values inline on every dialect, as
 * SQLAlchemy's SQLite dialect renders it (its PostgreSQL dialect binds them, and psycopg inlines
 * them client-side; a server-side parameter there would match no index).
 */
class UpsertTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)),
            Column.of("hits", Types.INTEGER));

    private static Map<String, Object> row(int id, String name, int hits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("hits", hits);
        return m;
    }

    private Insert one() {
        return insert(t).values(row(1, "a", 1));
    }

    private Insert two() {
        return insert(t).values(List.of(row(1, "a", 1), row(2, "b", 2)));
    }

    private static String sql(ClauseElement stmt, Dialect d) {
        return stmt.compile(d).string().replace("\n", " ");
    }

    private static final String VALUES1 = "INSERT INTO t (id, name, hits) VALUES (?, ?, ?)";
    private static final String VALUES2 = "INSERT INTO t (id, name, hits) VALUES (?, ?, ?), (?, ?, ?)";

    @Test
    void sqliteUpdatesOnAnyConflictWithoutATarget() {
        // SQLAlchemy 2.1.1 (SQLite): s.on_conflict_do_update(set_=dict(name=s.excluded.name)) writes "ON CONFLICT  DO UPDATE"
        Insert upsert = one().onConflictDoUpdate(Map.of("name", excluded(t).c("name")));
        assertThat(sql(upsert, Dialects.sqlite())).isEqualTo(VALUES1 + " ON CONFLICT DO UPDATE SET name = excluded.name");
        assertThatThrownBy(() -> upsert.compile(Dialects.postgresql())).isInstanceOf(CompileException.class)
                .hasMessageContaining("without a conflict target");
        try (Connection c = dev.retort.testing.Databases.sqlite().connect()) {
            String name = "t_" + UUID.randomUUID().toString().substring(0, 8);
            Table lt = new Table(name, new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
            c.execute(new dev.retort.schema.CreateTable(lt));
            c.execute(insert(lt).values(Map.of("id", 1, "name", "a")));
            c.execute(insert(lt).values(Map.of("id", 1, "name", "b")).onConflictDoUpdate(Map.of("name", excluded(lt).c("name"))));
            assertThat(c.execute(select(lt.c("name"))).scalars()).containsExactly("b");
        }
    }

    @Test
    void onConflictRendersAsSqlalchemyOnPostgresqlAndSqlite() {
        for (Dialect d : List.of(Dialects.postgresql(), Dialects.sqlite())) {
            assertThat(sql(one().onConflictDoNothing(t.c("id")), d)).isEqualTo(VALUES1 + " ON CONFLICT (id) DO NOTHING");
            assertThat(sql(one().onConflictDoNothing(), d)).isEqualTo(VALUES1 + " ON CONFLICT DO NOTHING");
            assertThat(sql(one().onConflictDoNothing(ConflictTarget.of("name").where(t.c("hits").gt(0))), d))
                    .isEqualTo(VALUES1 + " ON CONFLICT (name) WHERE hits > 0 DO NOTHING");
            assertThat(sql(one().onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits").add(excluded(t).c("hits")))), d))
                    .isEqualTo(VALUES1 + " ON CONFLICT (id) DO UPDATE SET hits = (t.hits + excluded.hits)");
            assertThat(sql(one().onConflictDoUpdate(ConflictTarget.of(t.c("id")).where(t.c("name").isNotNull()),
                    Map.of("hits", t.c("hits").add(excluded(t).c("hits")), "name", excluded(t).c("name")), t.c("hits").lt(10)), d))
                    .isEqualTo(VALUES1 + " ON CONFLICT (id) WHERE name IS NOT NULL DO UPDATE SET name = excluded.name, hits = (t.hits + excluded.hits) WHERE t.hits < ?");
            Compiled multi = two().onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", 5)).compile(d);
            assertThat(multi.string()).isEqualTo(VALUES2 + " ON CONFLICT (id) DO UPDATE SET hits = ?");
            assertThat(multi.params()).containsExactly(Map.entry("id_m0", 1), Map.entry("name_m0", "a"), Map.entry("hits_m0", 1),
                    Map.entry("id_m1", 2), Map.entry("name_m1", "b"), Map.entry("hits_m1", 2), Map.entry("param_1", 5));
            assertThat(sql(one().onConflictDoUpdate(List.of(func("lower", t.c("name"))), Map.of("hits", excluded(t).c("hits"))), d))
                    .isEqualTo(VALUES1 + " ON CONFLICT (lower(name)) DO UPDATE SET hits = excluded.hits");
        }
    }

    /** SQLAlchemy's InsertOnConflictTest uses lightweight tables: their target columns are unqualified too. */
    @Test
    void lightweightTableTargetIsUnqualified() {
        TableClause lt = SQL.table("lt", SQL.column("id", Types.INTEGER), SQL.column("name", Types.string(20)));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", 1);
        r.put("name", "a");
        assertThat(sql(insert(lt).values(r).onConflictDoNothing(lt.c("id")), Dialects.sqlite()))
                .isEqualTo("INSERT INTO lt (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
        assertThat(sql(insert(lt).values(r).onConflictDoUpdate(List.of(lt.c("name")), Map.of("id", lt.c("id"))), Dialects.postgresql()))
                .isEqualTo("INSERT INTO lt (id, name) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET id = lt.id");
    }

    @Test
    void constraintTargetOnPostgresqlOnly() {
        Dialect pg = Dialects.postgresql();
        assertThat(sql(one().onConflictDoUpdate(ConflictTarget.constraint("t_pkey"), Map.of("hits", excluded(t).c("hits"))), pg))
                .isEqualTo(VALUES1 + " ON CONFLICT ON CONSTRAINT t_pkey DO UPDATE SET hits = excluded.hits");
        assertThat(sql(one().onConflictDoNothing(ConflictTarget.constraint("t_pkey")), pg)).isEqualTo(VALUES1 + " ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING");
        assertThat(sql(one().returning(t.c("id")).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", excluded(t).c("hits"))), pg))
                .isEqualTo(VALUES1 + " ON CONFLICT (id) DO UPDATE SET hits = excluded.hits RETURNING t.id");
        assertThatThrownBy(() -> one().onConflictDoNothing(ConflictTarget.constraint("t_pkey")).compile(Dialects.sqlite()))
                .isInstanceOf(CompileException.class).hasMessageContaining("dialect sqlite").hasMessageContaining("ON CONSTRAINT");
    }

    @Test
    void onDuplicateKeyUpdateRendersPerServerVersion() {
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb(), Dialects.mysql("8.0.19"))) {
            Compiled c = one().onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(excluded(t).c("hits")), "name", "z")).compile(d);
            assertThat(c.string()).isEqualTo(VALUES1 + " ON DUPLICATE KEY UPDATE name = ?, hits = (t.hits + VALUES(hits))");
            assertThat(c.params()).containsEntry("param_1", "z");
            assertThat(sql(two().onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(excluded(t).c("hits")))), d))
                    .isEqualTo(VALUES2 + " ON DUPLICATE KEY UPDATE hits = (t.hits + VALUES(hits))");
        }
        Dialect mysql8 = Dialects.mysql("8.0.21");
        assertThat(sql(one().onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(excluded(t).c("hits")), "name", "z")), mysql8))
                .isEqualTo(VALUES1 + " AS new ON DUPLICATE KEY UPDATE name = ?, hits = (t.hits + new.hits)");
        assertThat(sql(two().onDuplicateKeyUpdate(Map.of("hits", t.c("hits").add(excluded(t).c("hits")))), mysql8))
                .isEqualTo(VALUES2 + " AS new ON DUPLICATE KEY UPDATE hits = (t.hits + new.hits)");
        Table named = new Table("new", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("hits", Types.INTEGER));
        assertThat(sql(insert(named).values(Map.of("id", 1, "hits", 1)).onDuplicateKeyUpdate(Map.of("hits", excluded(named).c("hits"))), mysql8))
                .isEqualTo("INSERT INTO new (id, hits) VALUES (?, ?) AS new_1 ON DUPLICATE KEY UPDATE hits = new_1.hits");
        assertThat(sql(insert(t).fromSelect(List.of("id", "hits"), select(t.c("id"), t.c("hits"))).onDuplicateKeyUpdate(Map.of("hits", excluded(t).c("hits"))), mysql8))
                .as("an INSERT from a SELECT has no row to alias").isEqualTo("INSERT INTO t (id, hits) SELECT t.id, t.hits  FROM t ON DUPLICATE KEY UPDATE hits = VALUES(hits)");
        assertThat(Dialects.mysql("8.4.3-log")).isSameAs(mysql8);
        assertThat(Dialects.mysql("5.7.44")).isSameAs(Dialects.mysql());
    }

    @Test
    void formsADatabaseLacksFailToCompileNamingTheDialect() {
        Insert dup = one().onDuplicateKeyUpdate(Map.of("hits", 1));
        for (Dialect d : List.of(Dialects.postgresql(), Dialects.sqlite())) {
            assertThatThrownBy(() -> dup.compile(d)).isInstanceOf(CompileException.class)
                    .hasMessageContaining("ON DUPLICATE KEY UPDATE").hasMessageContaining("dialect " + d.name()).hasMessageContaining("onConflictDoUpdate");
        }
        for (Dialect d : List.of(Dialects.mysql(), Dialects.mariadb())) {
            assertThatThrownBy(() -> one().onConflictDoNothing().compile(d)).isInstanceOf(CompileException.class)
                    .hasMessageContaining("ON CONFLICT").hasMessageContaining("dialect " + d.name()).hasMessageContaining("onDuplicateKeyUpdate");
        }
        assertThatThrownBy(() -> one().onConflictDoUpdate(List.of(t.c("id")), Map.of())).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> one().onConflictDoUpdate(List.of(), Map.of("hits", 1))).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> one().onDuplicateKeyUpdate(Map.of("nope", 1))).hasMessageContaining("nope");
    }

    @Test
    void valuesGivenAtExecutionKeepTheUpsertClause() {
        // conn.execute(insert(t).onConflictDoNothing(), rows) gets its VALUES from the parameter keys.
        ClauseElement executed = insert(t).onConflictDoNothing(t.c("id")).forExecution(java.util.Set.of("id", "hits"));
        assertThat(sql(executed, Dialects.sqlite())).isEqualTo("INSERT INTO t (id, hits) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
        assertThat(sql(insert(t).onDuplicateKeyUpdate(Map.of("hits", 1)).values(List.of(Map.of("id", 1))), Dialects.mariadb()))
                .isEqualTo("INSERT INTO t (id) VALUES (?) ON DUPLICATE KEY UPDATE hits = ?");
    }

    /**
     * The upsert attribute of {@code insert} is declared {@code since(7)}: upserts round-trip
     * through both protocols.
     */
    @Test
    void upsertsSurviveBothSerializers() {
        List<Insert> stmts = List.of(one().onConflictDoNothing(), one().onConflictDoNothing(t.c("id")),
                one().onConflictDoUpdate(ConflictTarget.of(t.c("id")).where(t.c("name").isNotNull()), Map.of("hits", t.c("hits").add(excluded(t).c("hits"))), t.c("hits").lt(10)),
                one().onConflictDoUpdate(ConflictTarget.constraint("t_pkey"), Map.of("hits", 2)),
                two().onDuplicateKeyUpdate(Map.of("hits", excluded(t).c("hits"))));
        for (Insert stmt : stmts) {
            Dialect d = stmt.onConflict() instanceof OnDuplicateKey ? Dialects.mariadb() : Dialects.postgresql();
            for (Protocol p : Protocol.values()) {
                ClauseElement back = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), md);
                assertThat(back.compare(stmt)).as(p + " " + stmt).isTrue();
                assertThat(sql(back, d)).isEqualTo(sql(stmt, d));
            }
        }
    }

    @Test
    void upsertVariantsHaveTheirOwnCacheKeys() {
        List<Insert> variants = List.of(one(), one().onConflictDoNothing(), one().onConflictDoNothing(t.c("id")), one().onConflictDoNothing(t.c("name")),
                one().onConflictDoNothing(ConflictTarget.of(t.c("id")).where(t.c("hits").gt(0))),
                // The index WHERE's values are written inline, so they are part of the key.
                one().onConflictDoNothing(ConflictTarget.of(t.c("id")).where(t.c("hits").gt(5))),
                one().onConflictDoNothing(ConflictTarget.constraint("t_pkey")), one().onConflictDoNothing(ConflictTarget.constraint("t_name_key")),
                one().onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", 1)), one().onConflictDoUpdate(List.of(t.c("id")), Map.of("name", "x")),
                one().onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", excluded(t).c("hits"))),
                one().onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", t.c("hits"))),
                one().onConflictDoUpdate(ConflictTarget.of(t.c("id")), Map.of("hits", 1), t.c("hits").lt(3)),
                one().onDuplicateKeyUpdate(Map.of("hits", 1)), one().onDuplicateKeyUpdate(Map.of("hits", excluded(t).c("hits"))));
        for (int i = 0; i < variants.size(); i++) {
            for (int j = 0; j < variants.size(); j++) {
                assertThat(variants.get(i).cacheKey().equals(variants.get(j).cacheKey())).as(i + " vs " + j).isEqualTo(i == j);
            }
        }
        // Values are not structure: other values, same key.
        assertThat(one().onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", 1)).cacheKey())
                .isEqualTo(insert(t).values(row(9, "q", 4)).onConflictDoUpdate(List.of(t.c("id")), Map.of("hits", 7)).cacheKey());
    }

    // ---- on the databases -----------------------------------------------------------------------

    private Table counters(String suffix) {
        MetaData m = new MetaData();
        Table c = new Table("upsert_" + suffix, m,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(20)),
                Column.of("hits", Types.INTEGER));
        Index.unique("upsert_name_" + suffix, c.c("name"));
        return c;
    }

    private static Map<Integer, Integer> hits(Connection conn, Table c) {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        for (var r : conn.execute(select(c.c("id"), c.c("hits")).orderBy(c.c("id"))).all()) {
            out.put((Integer) r.get(0), ((Number) r.get(1)).intValue());
        }
        return out;
    }

    private static Insert upsert(Database db, Table c, Insert ins) {
        var add = Map.of("hits", c.c("hits").add(excluded(c).c("hits")));
        return db == Database.MARIADB ? ins.onDuplicateKeyUpdate(add) : ins.onConflictDoUpdate(List.of(c.c("id")), add);
    }

    @EachDatabase
    void upsertsRunOnEveryDatabaseIncludingMultiRow(Database db) {
        Table c = counters(UUID.randomUUID().toString().substring(0, 8));
        var engine = db.engine();
        c.metadata().createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(c).values(List.of(row(1, "a", 1), row(2, "b", 2))));
            // One row conflicting, one new, in one multi-row statement.
            conn.execute(upsert(db, c, insert(c).values(List.of(row(2, "b", 10), row(3, "c", 3)))));
            assertThat(hits(conn, c)).containsExactly(Map.entry(1, 1), Map.entry(2, 12), Map.entry(3, 3));
            // executemany: the VALUES come from the parameter sets, the upsert clause stays.
            conn.execute(upsert(db, c, insert(c)), List.of(row(1, "a", 100), row(4, "d", 4)));
            assertThat(hits(conn, c)).containsExactly(Map.entry(1, 101), Map.entry(2, 12), Map.entry(3, 3), Map.entry(4, 4));
            if (db == Database.MARIADB) {
                conn.execute(insert(c).values(row(1, "a", 0)).onDuplicateKeyUpdate(Map.of("hits", 7, "name", excluded(c).c("name"))));
                assertThat(hits(conn, c)).containsEntry(1, 7);
                assertThatThrownBy(() -> conn.execute(insert(c).values(row(1, "a", 0)).onConflictDoNothing())).isInstanceOf(CompileException.class);
            } else {
                conn.execute(insert(c).values(List.of(row(1, "zz", 0), row(5, "e", 5))).onConflictDoNothing(c.c("id")));
                conn.execute(insert(c).values(row(6, "a", 6)).onConflictDoNothing());
                assertThat(hits(conn, c)).containsExactly(Map.entry(1, 101), Map.entry(2, 12), Map.entry(3, 3), Map.entry(4, 4), Map.entry(5, 5));
                // The update's WHERE: only rows with fewer than 50 hits are updated.
                conn.execute(insert(c).values(List.of(row(1, "a", 1), row(2, "b", 1)))
                        .onConflictDoUpdate(ConflictTarget.of(c.c("id")), Map.of("hits", c.c("hits").add(excluded(c).c("hits"))), c.c("hits").lt(50)));
                assertThat(hits(conn, c)).containsEntry(1, 101).containsEntry(2, 13);
                // The unique index on name as the target: id 9 is new, its name is not.
                conn.execute(insert(c).values(row(9, "c", 1)).onConflictDoUpdate(List.of("name"), Map.of("hits", 0)));
                assertThat(hits(conn, c)).doesNotContainKey(9).containsEntry(3, 0);
            }
            conn.commit();
        } finally {
            c.metadata().dropAll(engine);
        }
    }

    @EachDatabase
    void partialIndexAndConstraintTargets(Database db) {
        if (db == Database.MARIADB) {
            return; // neither exists there; the compile-time failure is tested above
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        MetaData m = new MetaData();
        Table c = new Table("upsertp_" + suffix, m,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("email", Types.string(40)),
                Column.of("active", Types.INTEGER),
                Column.of("hits", Types.INTEGER));
        Index.unique("upsertp_live_" + suffix, c.c("email")).dialectKw("postgresql_where", c.c("active").eq(1)).dialectKw("sqlite_where", c.c("active").eq(1));
        var engine = db.engine();
        m.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(c).values(Map.of("id", 1, "email", "a@x", "active", 1, "hits", 1)));
            conn.execute(insert(c).values(Map.of("id", 2, "email", "a@x", "active", 0, "hits", 1)));
            ConflictTarget liveEmail = ConflictTarget.of(c.c("email")).where(c.c("active").eq(1));
            conn.execute(insert(c).values(Map.of("id", 3, "email", "a@x", "active", 1, "hits", 5))
                    .onConflictDoUpdate(liveEmail, Map.of("hits", c.c("hits").add(excluded(c).c("hits")))));
            assertThat(conn.execute(select(c.c("hits")).where(c.c("id").eq(1))).scalar()).isEqualTo(6);
            if (db == Database.POSTGRESQL) {
                conn.execute(insert(c).values(Map.of("id", 1, "email", "b@x", "active", 0, "hits", 1))
                        .onConflictDoUpdate(ConflictTarget.constraint(c.name() + "_pkey"), Map.of("hits", 0)));
                assertThat(conn.execute(select(c.c("hits")).where(c.c("id").eq(1))).scalar()).isEqualTo(0);
            }
            conn.commit();
        } finally {
            m.dropAll(engine);
        }
    }

    /** A naming convention's long name: ON CONSTRAINT names it as CREATE TABLE shortened it (SQLAlchemy #6755). */
    @EachDatabase
    void constraintTargetByObjectUsesTheShortenedConventionalName(Database db) {
        MetaData named = new MetaData(Map.of("uq", "%(table_name)s_%(column_0_N_name)s_key"));
        dev.retort.schema.UniqueConstraint uq = new dev.retort.schema.UniqueConstraint("some_column_name_thats_really_really_long_too");
        new Table("some_table_name_thats_really_really", named, Column.of("some_column_name_thats_really_really_long_too", Types.INTEGER), uq);
        // SQLAlchemy 2.1.1's test_do_nothing_super_long_name_constraint_target
        assertThat(sql(one().onConflictDoNothing(ConflictTarget.constraint(uq)), Dialects.postgresql())).isEqualTo(VALUES1
                + " ON CONFLICT ON CONSTRAINT some_table_name_thats_really_really_some_column_name_th_f7ab DO NOTHING");
        assertThatThrownBy(() -> ConflictTarget.constraint(new dev.retort.schema.UniqueConstraint("id"))).isInstanceOf(ArgumentException.class);
        if (db != Database.POSTGRESQL) {
            return; // ON CONSTRAINT is PostgreSQL's; the compile-time failure elsewhere is tested above
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        MetaData m = new MetaData(Map.of("uq", "%(table_name)s_%(column_0_N_name)s_key"));
        dev.retort.schema.UniqueConstraint email = new dev.retort.schema.UniqueConstraint("email_address_of_the_account_holder");
        Table c = new Table("upsert_long_constraint_names_" + suffix, m,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("email_address_of_the_account_holder", Types.string(40)), email);
        assertThat(email.name()).hasSizeGreaterThan(63);
        var engine = db.engine();
        m.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(c).values(Map.of("id", 1, "email_address_of_the_account_holder", "a@x")));
            conn.execute(insert(c).values(Map.of("id", 2, "email_address_of_the_account_holder", "a@x"))
                    .onConflictDoNothing(ConflictTarget.constraint(email)));
            assertThat(((Number) conn.execute(select(func("count", c.c("id")))).scalar()).intValue()).isEqualTo(1);
            conn.commit();
        } finally {
            m.dropAll(engine);
        }
    }
}
