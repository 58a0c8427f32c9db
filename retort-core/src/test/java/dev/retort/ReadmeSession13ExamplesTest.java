package dev.retort;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.dialect.SqlCompiler;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.EngineOptions;
import dev.retort.engine.Result;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.exc.RetortException;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Attr;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CustomElement;
import dev.retort.sql.LabelStyle;
import dev.retort.sql.Traversal;
import dev.retort.sql.WrapsColumnExpression;
import dev.retort.types.MysqlTypes;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's Core examples for this session's additions, run as written; expected SQL is SQLAlchemy 2.1.1's. */
class ReadmeSession13ExamplesTest {
    private static String flat(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }

    /** "Client-side defaults": fromDmlColumn in an UPDATE of the docs table (with a note column). */
    @Test
    void fromDmlColumnInAnUpdate() {
        MetaData metadata = new MetaData();
        Table docs = new Table("docs", metadata,
                Column.of("id", Types.UUID).primaryKey().defaultValue(UUID::randomUUID),
                Column.of("status", Types.string(10)).defaultValue("new"),
                Column.of("created", Types.DATETIME).defaultValue(func("now")),
                Column.of("updated", Types.DATETIME).onUpdate(func("now")),
                Column.of("note", Types.string(10)));
        // SQLAlchemy's psycopg2 dialect also writes ::VARCHAR after each placeholder, which pgjdbc does not need
        var c = update(docs).values(Map.of("status", "x", "note", fromDmlColumn(docs.c("status")))).compile(Dialects.postgresql());
        assertThat(c.string()).isEqualTo("UPDATE docs SET status=?, updated=now(), note=?");
        assertThat(c.params()).containsExactly(Map.entry("status", "x"));
        assertThat(update(docs).values(Map.of("note", fromDmlColumn(docs.c("status")))).compile(Dialects.postgresql()).string())
                .isEqualTo("UPDATE docs SET updated=now(), note=docs.status");
    }

    final static class Doubled extends CustomElement<Integer> implements WrapsColumnExpression {
        static final Traversal<Doubled> TRAVERSAL = declare(Doubled.class, a -> new Doubled((ColumnElement<?>) a[0]),
                Attr.clause("arg", Doubled::arg));
        private final ColumnElement<?> arg;
        Doubled(ColumnElement<?> arg) { this.arg = arg; }
        ColumnElement<?> arg() { return arg; }
        @Override protected Traversal<?> traversal() { return TRAVERSAL; }
        @Override public TypeEngine<Integer> type() { return Types.INTEGER; }
        @Override protected String compileDefault(SqlCompiler c) { return "(" + c.process(arg) + " * 2)"; }
        @Override public ColumnElement<?> wrappedColumnExpression() { return arg; }
    }

    /** "Your own constructs": a WrapsColumnExpression is labelled after what it wraps. */
    @Test
    void wrapsColumnExpression() {
        var t = table("t", column("x", Types.INTEGER));
        assertThat(flat(select(new Doubled(t.c("x"))).compile(Dialects.sqlite()).string())).startsWith("SELECT (t.x * 2) AS x FROM t");
        assertThat(flat(select(new Doubled(t.c("x"))).labelStyle(LabelStyle.TABLENAME_PLUS_COL).compile(Dialects.sqlite()).string()))
                .startsWith("SELECT (t.x * 2) AS t_x FROM t");
    }

    /** "returnDefaults": supplemental columns on INSERT, UPDATE, DELETE (SQLite, and PostgreSQL's SQL). */
    @Test
    void supplementalReturning() {
        MetaData md = new MetaData();
        Table notes = new Table("notes", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.TEXT),
                Column.of("created", Types.DATETIME).serverDefault(func("now")), Column.of("state", Types.string(10)).serverDefault("new"));
        var ins = insert(notes).values(Map.of("body", "hi")).returnDefaults(List.of(), List.of("body", func("upper", notes.c("body"))));
        assertThat(ins.compile(Dialects.postgresql()).string()).isEqualTo(
                "INSERT INTO notes (body) VALUES (?) RETURNING notes.id, notes.body, notes.created, notes.state, upper(notes.body) AS upper_1");
        assertThat(ins.compile(Dialects.sqlite()).string()).isEqualTo(
                "INSERT INTO notes (body) VALUES (?) RETURNING id, body, created, state, upper(body) AS upper_1");
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try (Connection conn = engine.connect()) {
            md.createAll(engine);
            Result r = conn.execute(ins);
            assertThat(r.one().get("upper_1")).isEqualTo("HI");
            assertThat(r.returnedDefaults().get("upper_1")).isEqualTo("HI");
            var upd = update(notes).values(Map.of("body", "b")).where(notes.c("id").eq(1)).returnDefaults(List.of(), List.of("state"));
            assertThat(upd.compile(Dialects.sqlite()).string()).isEqualTo("UPDATE notes SET body=? WHERE notes.id = ? RETURNING state");
            assertThat(conn.execute(upd).returnedDefaults().get("state")).isEqualTo("new");
            // an UPDATE changing no column by SQL RETURNs nothing, as SQLAlchemy's (whose returned_defaults is then None)
            assertThatThrownBy(() -> conn.execute(update(notes).values(Map.of("body", "c")).where(notes.c("id").eq(1)).returnDefaults())
                    .returnedDefaults()).isInstanceOf(RetortException.class);
            assertThat(conn.execute(update(notes).values(Map.of("body", "d")).where(notes.c("id").eq(1)).returnDefaults())
                    .returnedDefaultsRows()).isEmpty();
            assertThat(upd.compile(Dialects.postgresql()).string()).endsWith("WHERE notes.id = ? RETURNING notes.state");
            // MariaDB: the UPDATE's RETURNING is written as SQLAlchemy writes it (the server refuses it), the DELETE's runs
            assertThat(upd.compile(Dialects.mariadb()).string()).endsWith("WHERE notes.id = ? RETURNING notes.state");
            assertThat(update(notes).values(Map.of("body", "b")).returnDefaults().compile(Dialects.mariadb()).string()).doesNotContain("RETURNING");
            assertThat(delete(notes).where(notes.c("id").eq(1)).returnDefaults(List.of("state"), List.of()).compile(Dialects.mariadb()).string())
                    .endsWith("RETURNING notes.state");
            assertThat(delete(notes).where(notes.c("id").eq(1)).returnDefaults(List.of("state"), List.of()).compile(Dialects.mysql()).string())
                    .doesNotContain("RETURNING");
            assertThat(delete(notes).where(notes.c("id").eq(1)).returnDefaults(List.of("state"), List.of()).compile(Dialects.sqlite()).string())
                    .isEqualTo("DELETE FROM notes WHERE notes.id = ? RETURNING state");
            assertThat(conn.execute(delete(notes).where(notes.c("id").eq(1)).returnDefaults(List.of("state"), List.of()))
                    .returnedDefaults().get("state")).isEqualTo("new");
        } finally {
            engine.dispose();
        }
    }

    /** The type table's TIMETZ and MySQL ENUM/SET rows: the DDL they show. */
    @Test
    void typeRows() {
        Table tz = new Table("tz", new MetaData(), Column.of("a", Types.TIMETZ), Column.of("b", Types.timetz(3)));
        assertThat(flat(new CreateTable(tz).compile(Dialects.postgresql()).string()))
                .isEqualTo("CREATE TABLE tz ( a TIME WITH TIME ZONE, b TIME(3) WITH TIME ZONE )");
        assertThat(flat(new CreateTable(tz).compile(Dialects.mysql()).string())).startsWith("CREATE TABLE tz ( a TIME(6), b TIME(3) )");
        Table m = new Table("m", new MetaData(),
                Column.of("size", MysqlTypes.enumOf(MysqlTypes.CHAR.charset("utf8mb4").collate("utf8mb4_bin"), "S", "M")),
                Column.of("perm", MysqlTypes.set(MysqlTypes.CHAR.charset("latin1"), "r", "w")));
        assertThat(flat(new CreateTable(m).compile(Dialects.mysql()).string())).startsWith(
                "CREATE TABLE m ( size ENUM('S','M') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, perm SET('r','w') CHARACTER SET latin1 )");
        assertThatThrownBy(() -> new CreateTable(m).compile(Dialects.postgresql())).isInstanceOf(CompileException.class);
        assertThat(EngineOptions.builder().updateRowsPlanCacheSize(256).build().updateRowsPlanCacheSize()).isEqualTo(256);
        assertThat(EngineOptions.builder().build().updateRowsPlanCacheSize()).isEqualTo(64);
    }

    /** "A schema per tenant": a map naming an empty schema or one holding NUL is refused when given. */
    @Test
    void schemaTranslateMapRefusals() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        try {
            Map<String, String> empty = new HashMap<>();
            empty.put(null, "");
            assertThatThrownBy(() -> engine.withSchemaTranslateMap(empty)).isInstanceOf(ArgumentException.class);
            assertThatThrownBy(() -> engine.withSchemaTranslateMap(Map.of("a", "t\0x"))).isInstanceOf(ArgumentException.class);
            assertThatThrownBy(() -> engine.withSchemaTranslateMap(Map.of("a", "t[x]"))).isInstanceOf(ArgumentException.class);
        } finally {
            engine.dispose();
        }
    }
}
