package dev.retort.sql;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.fromDmlColumn;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.update;
import static dev.retort.testing.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link SQL#fromDmlColumn}, SQLAlchemy's {@code from_dml_column()}: another column's value in the same INSERT or UPDATE. */
class DmlColumnValueTest {
    private static Table table(MetaData md, String name) {
        return new Table(name, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(30)),
                Column.of("search", Types.string(30)),
                Column.of("at", Types.DATETIME).defaultValue(func("now")).onUpdate(func("now")));
    }

    private static final Table T = table(new MetaData(), "dmlc_t");

    private static String sql(Compiled c) {
        return c.string().replaceAll("\\s+", " ").trim();
    }

    /** Expected SQL, parameters and positional order: SQLAlchemy 2.1.1 (default dialect; SQLiteDialect). */
    @Test
    void theReferredColumnsValueIsWrittenAgain() {
        Insert ins = insert(T).values(row("id", 1, "name", "Ann", "search", fromDmlColumn(T.c("name"))));
        assertThat(sql(ins.compile())).isEqualTo("INSERT INTO dmlc_t (id, name, search, at) VALUES (:id, :name, :name, now())");
        assertThat(ins.compile().params()).isEqualTo(Map.of("id", 1, "name", "Ann"));
        Compiled lite = ins.compile(Dialects.sqlite());
        assertThat(sql(lite)).isEqualTo("INSERT INTO dmlc_t (id, name, search, at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)");
        assertThat(lite.bind(Map.of()).values()).containsExactly(1, "Ann", "Ann");
        assertThat(sql(insert(T).values(row("id", 1, "search", cast(fromDmlColumn(T.c("at")), Types.STRING))).compile()))
                .as("a column's SQL default").isEqualTo("INSERT INTO dmlc_t (id, search, at) VALUES (:id, CAST(now() AS VARCHAR), now())");

        assertThat(sql(update(T).values(row("search", fromDmlColumn(T.c("name")))).compile()))
                .as("a column the UPDATE does not set: its stored value").isEqualTo("UPDATE dmlc_t SET search=dmlc_t.name, at=now()");
        Update upd = update(T).values(row("name", T.c("name").concat("x"), "search", func("lower", fromDmlColumn(T.c("name"))))).where(T.c("id").eq(2));
        assertThat(sql(upd.compile())).isEqualTo(
                "UPDATE dmlc_t SET name=(dmlc_t.name || :name_1), search=lower((dmlc_t.name || :name_1)), at=now() WHERE dmlc_t.id = :id_1");
        assertThat(upd.compile().params()).isEqualTo(Map.of("name_1", "x", "id_1", 2));
        Compiled liteUpd = upd.compile(Dialects.sqlite());
        assertThat(sql(liteUpd)).isEqualTo(
                "UPDATE dmlc_t SET name=(dmlc_t.name || ?), search=lower((dmlc_t.name || ?)), at=CURRENT_TIMESTAMP WHERE dmlc_t.id = ?");
        assertThat(liteUpd.bind(Map.of()).values()).containsExactly("x", "x", 2);
        assertThat(sql(update(T).values(row("search", cast(fromDmlColumn(T.c("at")), Types.STRING))).compile()))
                .as("a column's on-update SQL").isEqualTo("UPDATE dmlc_t SET search=CAST(now() AS VARCHAR), at=now()");
    }

    @Test
    void anInsertThatGivesTheColumnNoValueRefuses() {
        assertThatThrownBy(() -> insert(T).values(row("id", 1, "search", fromDmlColumn(T.c("name")))).compile())
                .isInstanceOf(CompileException.class).hasMessage("Can't resolve referenced column name in INSERT statement: 'name'");
        assertThatThrownBy(() -> select(fromDmlColumn(T.c("name"))).compile()).isInstanceOf(CompileException.class)
                .hasMessageContaining("only meaningful in an INSERT's or UPDATE's values");
    }

    @EachDatabase
    void theDatabaseStoresTheCopiedValue(Database db) {
        MetaData md = new MetaData();
        Table t = table(md, "dmlc_" + UUID.randomUUID().toString().substring(0, 8));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t).values(row("id", 1, "name", "Ann", "search", fromDmlColumn(t.c("name")))));
            assertThat(conn.execute(select(t.c("name"), t.c("search"))).first().toList()).containsExactly("Ann", "Ann");
            // a parameter, not an expression over the row: MySQL would read name as already SET
            conn.execute(update(t).values(row("name", "Bob", "search", func("lower", fromDmlColumn(t.c("name"))))).where(t.c("id").eq(1)));
            assertThat(conn.execute(select(t.c("name"), t.c("search"))).first().toList()).containsExactly("Bob", "bob");
            conn.commit();
        } finally {
            md.dropAll(db.engine());
        }
    }
}
