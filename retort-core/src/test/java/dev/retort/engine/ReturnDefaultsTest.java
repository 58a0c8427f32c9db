package dev.retort.engine;

import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Delete;
import dev.retort.sql.Insert;
import dev.retort.sql.Update;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Insert.returnDefaults()} (SQLAlchemy's return_defaults()): compiled as SQLAlchemy 2.1.1 does, and run. */
class ReturnDefaultsTest {
    private static Table items(MetaData md, String name) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)),
                Column.of("n", Types.INTEGER).serverDefault(text("7")),
                Column.of("tag", Types.string(10)).serverDefault("new"));
    }

    private static final Table ITEMS = items(new MetaData(), "items");

    private static String sql(ClauseElement stmt, Dialect d) {
        return stmt.compile(d).string().replaceAll("\\s+", " ");
    }

    // Expected SQL: SQLAlchemy 2.1.1, PGDialect / SQLiteDialect / MySQLDialect(is_mariadb) / MySQLDialect, paramstyle qmark.
    @Test
    void returningListsTheKeyAndTheColumnsGivenNoValue() {
        Insert all = insert(ITEMS).values(Map.of("name", "a")).returnDefaults();
        assertThat(sql(all, Dialects.postgresql())).isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING items.id, items.n, items.tag");
        assertThat(sql(all, Dialects.sqlite())).isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING id, n, tag");
        assertThat(sql(all, Dialects.mariadb())).isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING items.id, items.n, items.tag");
        assertThat(sql(all, Dialects.mysql())).isEqualTo("INSERT INTO items (name) VALUES (?)");
        assertThat(sql(all, Dialects.defaultDialect())).isEqualTo("INSERT INTO items (name) VALUES (:name) RETURNING items.id, items.n, items.tag");
        assertThat(all.compile(Dialects.postgresql()).returnsRows()).isTrue();
        assertThat(all.compile(Dialects.mysql()).returnsRows()).isFalse();
    }

    @Test
    void askedColumnsKeyGivenAndExpressionValues() {
        assertThat(sql(insert(ITEMS).values(Map.of("name", "a")).returnDefaults(ITEMS.c("n")), Dialects.postgresql()))
                .isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING items.id, items.n");
        assertThat(sql(insert(ITEMS).values(Map.of("name", "a")).returnDefaults("n"), Dialects.sqlite()))
                .isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING id, n");
        assertThat(sql(insert(ITEMS).values(Map.of("id", 5, "name", "a")).returnDefaults(), Dialects.postgresql()))
                .isEqualTo("INSERT INTO items (id, name) VALUES (?, ?) RETURNING items.n, items.tag");
        assertThat(sql(insert(ITEMS).values(Map.of("name", "a", "n", func("abs", -3))).returnDefaults(ITEMS.c("tag")), Dialects.mariadb()))
                .isEqualTo("INSERT INTO items (name, n) VALUES (?, abs(?)) RETURNING items.id, items.tag");
    }

    /** The README's example. */
    @Test
    void theReadmeTable() {
        Table notes = new Table("notes", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.TEXT),
                Column.of("created", Types.DATETIME).serverDefault(func("now")), Column.of("state", Types.string(10)).serverDefault("new"));
        assertThat(sql(insert(notes).values(Map.of("body", "hi")).returnDefaults(), Dialects.postgresql()))
                .isEqualTo("INSERT INTO notes (body) VALUES (?) RETURNING notes.id, notes.created, notes.state");
    }

    @Test
    void severalRowsOrASelectReturnNothing() {
        Insert many = insert(ITEMS).values(List.of(Map.of("name", "a"), Map.of("name", "b"))).returnDefaults();
        assertThat(sql(many, Dialects.postgresql())).isEqualTo("INSERT INTO items (name) VALUES (?), (?)");
        Insert fromSelect = insert(ITEMS).fromSelect(List.of("name"), select(ITEMS.c("name"))).returnDefaults(ITEMS.c("id"));
        assertThat(sql(fromSelect, Dialects.postgresql())).isEqualTo("INSERT INTO items (name) SELECT items.name FROM items");
    }

    // Expected SQL: SQLAlchemy 2.1.1, return_defaults(*cols, supplemental_cols=[...]) (/tmp/hcore_rd2.py of session 13).
    @Test
    void supplementalColumnsTakeTheirTablePlaceAmongTheDefaults() {
        Insert supp = insert(ITEMS).values(Map.of("name", "a")).returnDefaults(List.of(), List.of(ITEMS.c("name")));
        assertThat(sql(supp, Dialects.postgresql())).isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING items.id, items.name, items.n, items.tag");
        assertThat(sql(supp, Dialects.sqlite())).isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING id, name, n, tag");
        assertThat(sql(supp, Dialects.mariadb())).isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING items.id, items.name, items.n, items.tag");
        assertThat(sql(supp, Dialects.defaultDialect())).isEqualTo("INSERT INTO items (name) VALUES (:name) RETURNING items.id, items.name, items.n, items.tag");
        assertThat(sql(insert(ITEMS).values(Map.of("name", "a")).returnDefaults(List.of(ITEMS.c("tag")), List.of("name")), Dialects.postgresql()))
                .isEqualTo("INSERT INTO items (name) VALUES (?) RETURNING items.id, items.name, items.tag");
        Insert expr = insert(ITEMS).values(Map.of("id", 5, "name", "a")).returnDefaults(List.of(), List.of(func("upper", ITEMS.c("name")), ITEMS.c("name")));
        assertThat(sql(expr, Dialects.postgresql()))
                .isEqualTo("INSERT INTO items (id, name) VALUES (?, ?) RETURNING items.name, items.n, items.tag, upper(items.name) AS upper_1");
        assertThat(sql(expr, Dialects.sqlite())).isEqualTo("INSERT INTO items (id, name) VALUES (?, ?) RETURNING name, n, tag, upper(name) AS upper_1");
        assertThat(expr.returnDefaultsSupplemental()).hasSize(2);
    }

    @Test
    void supplementalColumnsOfSeveralRowsOrASelect() {
        Insert many = insert(ITEMS).values(List.of(Map.of("name", "a"), Map.of("name", "b"))).returnDefaults(List.of(), List.of(ITEMS.c("name")));
        assertThat(sql(many, Dialects.postgresql())).isEqualTo("INSERT INTO items (name) VALUES (?), (?) RETURNING items.name");
        assertThat(sql(many, Dialects.sqlite())).isEqualTo("INSERT INTO items (name) VALUES (?), (?) RETURNING name");
        Insert fromSelect = insert(ITEMS).fromSelect(List.of("name"), select(ITEMS.c("name"))).returnDefaults(List.of(), List.of(ITEMS.c("name")));
        assertThat(sql(fromSelect, Dialects.mariadb())).isEqualTo("INSERT INTO items (name) SELECT items.name FROM items");
    }

    /** SQLAlchemy writes RETURNING for the supplemental columns on MySQL too, which the server refuses; Retort refuses it when compiling, as for returning(). */
    @Test
    void supplementalColumnsNeedReturning() {
        Insert supp = insert(ITEMS).values(Map.of("name", "a")).returnDefaults(List.of(), List.of(ITEMS.c("name")));
        assertThatThrownBy(() -> supp.compile(Dialects.mysql())).isInstanceOf(dev.retort.exc.CompileException.class).hasMessageContaining("RETURNING");
        assertThatThrownBy(() -> insert(ITEMS).returnDefaults(List.of(), List.of(42))).isInstanceOf(ArgumentException.class).hasMessageContaining("42");
        assertThatThrownBy(() -> insert(ITEMS).returnDefaults(List.of(), List.of("nope"))).isInstanceOf(ArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void supplementalColumnsAreKeyedAndComparedAndRefusedOfOtherKindsWhenLoaded() {
        Insert a = insert(ITEMS).values(Map.of("name", "a")).returnDefaults(List.of(), List.of("name"));
        Insert plain = insert(ITEMS).values(Map.of("name", "a")).returnDefaults();
        assertThat(a.compare(insert(ITEMS).values(Map.of("name", "a")).returnDefaults(List.of(), List.of(ITEMS.c("name"))))).isTrue();
        assertThat(a.compare(plain)).isFalse();
        assertThat(a.cacheKey()).isNotEqualTo(plain.cacheKey());
        // the loader builds the node through its Traversal: a supplemental entry that is no column expression is refused, named
        dev.retort.sql.Traversal<?> kind = dev.retort.sql.Traversal.forKind("insert");
        Object[] values = kind.values(a);
        int at = kind.attrs().stream().map(dev.retort.sql.Attr::name).toList().indexOf("returnDefaultsSupplemental");
        assertThat(kind.attrs().get(at).since()).isEqualTo(17);
        assertThat(((Insert) kind.build(values)).compare(a)).isTrue();
        values[at] = List.of(ITEMS);
        assertThatThrownBy(() -> kind.build(values)).isInstanceOf(ArgumentException.class).hasMessageContaining("returnDefaultsSupplemental");
        values[at] = null;
        assertThat(((Insert) kind.build(values)).returnDefaultsSupplemental()).as("a document before 1.17 has none").isEmpty();
    }

    private static Table revised(MetaData md, String name) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(40)),
                Column.of("n", Types.INTEGER).serverDefault(text("7")),
                Column.of("rev", Types.INTEGER).onUpdate(text("7")),
                Column.of("touched", Types.string(10)).onUpdate("x"));
    }

    private static final Table REVISED = revised(new MetaData(), "items");

    // Expected SQL: SQLAlchemy 2.1.1, update()/delete().return_defaults(...) (/tmp/hcore_rd3.py of session 13).
    @Test
    void anUpdateReturnsItsOnUpdateExpressionsWhereUpdateHasReturning() {
        Update upd = update(REVISED).values(Map.of("name", "b")).where(REVISED.c("id").eq(1)).returnDefaults();
        assertThat(sql(upd, Dialects.postgresql())).isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ? RETURNING items.rev");
        assertThat(sql(upd, Dialects.sqlite())).isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ? RETURNING rev");
        assertThat(sql(upd, Dialects.mariadb())).isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ?");
        assertThat(sql(upd, Dialects.mysql())).isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ?");
        assertThat(sql(upd, Dialects.defaultDialect())).isEqualTo("UPDATE items SET name=:name, rev=7, touched=:touched WHERE items.id = :id_1 RETURNING items.rev");
        assertThat(sql(update(REVISED).values(Map.of("name", "b")).where(REVISED.c("id").eq(1)).returnDefaults(REVISED.c("n")), Dialects.postgresql()))
                .isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ? RETURNING items.n");
        assertThat(sql(update(REVISED).values(Map.of("name", func("upper", "b"))).where(REVISED.c("id").eq(1)).returnDefaults(), Dialects.sqlite()))
                .isEqualTo("UPDATE items SET name=upper(?), rev=7, touched=? WHERE items.id = ? RETURNING name, rev");
        Update supp = update(REVISED).values(Map.of("name", "b")).where(REVISED.c("id").eq(1)).returnDefaults(List.of(), List.of(REVISED.c("n"), "id"));
        assertThat(sql(supp, Dialects.postgresql())).isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ? RETURNING items.id, items.n, items.rev");
        assertThat(sql(supp, Dialects.mariadb())).isEqualTo("UPDATE items SET name=?, rev=7, touched=? WHERE items.id = ? RETURNING items.id, items.n");
    }

    @Test
    void aDeleteReturnsOnlyWhatItNames() {
        Delete plain = delete(REVISED).where(REVISED.c("id").eq(1)).returnDefaults();
        assertThat(sql(plain, Dialects.postgresql())).isEqualTo("DELETE FROM items WHERE items.id = ?");
        Delete asked = delete(REVISED).where(REVISED.c("id").eq(1)).returnDefaults("n");
        assertThat(sql(asked, Dialects.sqlite())).isEqualTo("DELETE FROM items WHERE items.id = ? RETURNING n");
        assertThat(sql(asked, Dialects.mariadb())).isEqualTo("DELETE FROM items WHERE items.id = ? RETURNING items.n");
        assertThat(sql(asked, Dialects.mysql())).isEqualTo("DELETE FROM items WHERE items.id = ?");
        Delete supp = delete(REVISED).where(REVISED.c("id").eq(1)).returnDefaults(List.of(), List.of(REVISED.c("name"), func("upper", REVISED.c("name"))));
        assertThat(sql(supp, Dialects.postgresql())).isEqualTo("DELETE FROM items WHERE items.id = ? RETURNING items.name, upper(items.name) AS upper_1");
        assertThat(sql(supp, Dialects.mysql())).isEqualTo("DELETE FROM items WHERE items.id = ?");
        Delete both = delete(REVISED).where(REVISED.c("id").eq(1)).returnDefaults(List.of("n"), List.of("name", "n"));
        assertThat(sql(both, Dialects.defaultDialect())).isEqualTo("DELETE FROM items WHERE items.id = :id_1 RETURNING items.n, items.name");
        assertThatThrownBy(() -> delete(REVISED).returning(REVISED.c("id")).returnDefaults()).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("returning() or returnDefaults()");
        assertThatThrownBy(() -> update(REVISED).returnDefaults().returning(REVISED.c("id"))).isInstanceOf(ArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"update", "delete"})
    void anUpdateOrDeleteAskingIsKeyedAndItsLoadedSupplementalColumnsChecked(String kindName) {
        ClauseElement a = kindName.equals("update") ? update(REVISED).values(Map.of("name", "b")).returnDefaults(List.of("n"), List.of("name"))
                : delete(REVISED).returnDefaults(List.of("n"), List.of("name"));
        ClauseElement same = kindName.equals("update") ? update(REVISED).values(Map.of("name", "b")).returnDefaults(List.of("n"), List.of("name"))
                : delete(REVISED).returnDefaults(List.of("n"), List.of("name"));
        ClauseElement other = kindName.equals("update") ? update(REVISED).values(Map.of("name", "b")).returnDefaults(List.of("n"), List.of())
                : delete(REVISED).returnDefaults(List.of("n"), List.of());
        assertThat(a.compare(same)).isTrue();
        assertThat(a.compare(other)).isFalse();
        assertThat(a.cacheKey()).isNotEqualTo(other.cacheKey());
        dev.retort.sql.Traversal<?> kind = dev.retort.sql.Traversal.forKind(kindName);
        List<String> names = kind.attrs().stream().map(dev.retort.sql.Attr::name).toList();
        Object[] values = kind.values(a);
        assertThat(kind.build(values).compare(a)).isTrue();
        for (String attr : List.of("returnDefaults", "returnDefaultsColumns", "returnDefaultsSupplemental")) {
            assertThat(kind.attrs().get(names.indexOf(attr)).since()).as(attr).isEqualTo(17);
        }
        int at = names.indexOf("returnDefaultsSupplemental");
        values[at] = List.of(select(REVISED.c("id")));
        assertThatThrownBy(() -> kind.build(values)).isInstanceOf(ArgumentException.class).hasMessageContaining("returnDefaultsSupplemental");
        // a document before 1.17 has none of the three attributes: nothing asked
        values[at] = null;
        values[names.indexOf("returnDefaults")] = null;
        values[names.indexOf("returnDefaultsColumns")] = null;
        ClauseElement built = kind.build(values);
        assertThat(built instanceof Update u ? u.returnsDefaults() : ((Delete) built).returnsDefaults()).isFalse();
    }

    @Test
    void notWithReturningAndOnlyColumnsOfTheTable() {
        assertThatThrownBy(() -> insert(ITEMS).returning(ITEMS.c("id")).returnDefaults()).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("returning() or returnDefaults()");
        assertThatThrownBy(() -> insert(ITEMS).returnDefaults().returning(ITEMS.c("id"))).isInstanceOf(ArgumentException.class);
        Table other = items(new MetaData(), "other");
        assertThatThrownBy(() -> insert(ITEMS).returnDefaults(other.c("n"))).isInstanceOf(ArgumentException.class).hasMessageContaining("'n'");
    }

    @Test
    void keyedAndComparedWithItsColumns() {
        Insert a = insert(ITEMS).values(Map.of("name", "a")).returnDefaults(ITEMS.c("n"));
        assertThat(a.compare(insert(ITEMS).values(Map.of("name", "a")).returnDefaults(ITEMS.c("n")))).isTrue();
        assertThat(a.compare(insert(ITEMS).values(Map.of("name", "a")).returnDefaults())).isFalse();
        assertThat(a.compare(insert(ITEMS).values(Map.of("name", "a")))).isFalse();
        assertThat(a.cacheKey()).isNotEqualTo(insert(ITEMS).values(Map.of("name", "a")).returnDefaults().cacheKey());
        assertThat(insert(ITEMS).values(Map.of("name", "a")).cacheKey()).isNotEqualTo(insert(ITEMS).values(Map.of("name", "a")).returnDefaults().cacheKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BINARY", "JSON"})
    void survivesTheSerializer(String protocol) {
        MetaData md = new MetaData();
        Table t = items(md, "items");
        for (Insert stmt : List.of(insert(t).values(Map.of("name", "a")).returnDefaults(), insert(t).values(Map.of("name", "a")).returnDefaults(t.c("tag")))) {
            Insert back = (Insert) QuerySerializer.loads(QuerySerializer.dumps(stmt, Protocol.valueOf(protocol)), md);
            assertThat(back.compare(stmt)).isTrue();
            assertThat(back.returnsDefaults()).isTrue();
            assertThat(sql(back, Dialects.postgresql())).isEqualTo(sql(stmt, Dialects.postgresql()));
        }
        Insert plain = (Insert) QuerySerializer.loads(QuerySerializer.dumps(insert(t).values(Map.of("name", "a")), Protocol.valueOf(protocol)), md);
        assertThat(plain.returnsDefaults()).isFalse();
    }

    /** A table {@code rd_<random>} like {@link #ITEMS} created on {@code engine} for {@code body}, then dropped. */
    private static void withTable(Engine engine, Consumer<Table> body) {
        MetaData md = new MetaData();
        Table t = items(md, "rd_" + UUID.randomUUID().toString().substring(0, 8));
        md.createAll(engine);
        try {
            body.accept(t);
        } finally {
            md.dropAll(engine);
        }
    }

    @EachDatabase
    void theServerDefaultsAndTheKeyComeBack(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                Result r = conn.execute(insert(t).values(Map.of("name", "a")).returnDefaults());
                Object id = conn.execute(select(t.c("id")).where(t.c("name").eq("a"))).scalar();
                assertThat(r.rowCount()).isEqualTo(1);
                assertThat(r.returnsRows()).isFalse();
                assertThat(r.returnedDefaults().keys()).containsExactly("id", "n", "tag");
                assertThat(r.returnedDefaults().toList()).containsExactly(id, 7, "new");
                assertThat(r.insertedPrimaryKeys().get(0).get("id")).isEqualTo(id);

                Result asked = conn.execute(insert(t).values(Map.of("id", 50, "name", "b")).returnDefaults(t.c("tag")));
                assertThat(asked.returnedDefaults().keys()).containsExactly("tag");
                assertThat(asked.returnedDefaults().get("tag")).isEqualTo("new");
                assertThat(asked.insertedPrimaryKeys().get(0).get("id")).isEqualTo(50);
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void executemanyReturnsEachSetsDefaultsInOrder(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                Result r = conn.execute(insert(t).returnDefaults(), List.of(Map.of("name", "a", "n", 1), Map.of("name", "b")));
                assertThat(r.rowCount()).isEqualTo(2);
                List<Row> rows = r.returnedDefaultsRows();
                assertThat(rows).hasSize(2);
                assertThat(rows.get(0).keys()).containsExactly("id", "tag");
                assertThat(rows.get(1).keys()).containsExactly("id", "n", "tag");
                assertThat(rows.get(1).get("n")).isEqualTo(7);
                Object idA = conn.execute(select(t.c("id")).where(t.c("name").eq("a"))).scalar();
                Object idB = conn.execute(select(t.c("id")).where(t.c("name").eq("b"))).scalar();
                assertThat(rows.get(0).get("id")).isEqualTo(idA);
                assertThat(rows.get(1).get("id")).isEqualTo(idB);
                assertThat(r.insertedPrimaryKeys().get(1).get("id")).isEqualTo(idB);
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void supplementalColumnsComeBackAsRowsAndAsTheDefaults(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                Result r = conn.execute(insert(t).values(Map.of("name", "a")).returnDefaults(List.of(), List.of("name", func("upper", t.c("name")))));
                Object id = conn.execute(select(t.c("id")).where(t.c("name").eq("a"))).scalar();
                assertThat(r.returnedDefaults().keys()).containsExactly("id", "name", "n", "tag", "upper_1");
                assertThat(r.returnedDefaults().toList()).containsExactly(id, "a", 7, "new", "A");
                assertThat(r.insertedPrimaryKeys().get(0).get("id")).isEqualTo(id);
                assertThat(r.returnsRows()).isTrue();
                Row row = r.one();
                assertThat(row.get("name")).isEqualTo("a");
                assertThat(row.get("upper_1")).isEqualTo("A");

                Result many = conn.execute(insert(t).returnDefaults(List.of(t.c("tag")), List.of("name")), List.of(Map.of("name", "b"), Map.of("name", "c")));
                assertThat(many.returnedDefaultsRows()).extracting(d -> d.get("name")).containsExactly("b", "c");
                assertThat(many.all()).extracting(d -> d.get("tag")).containsExactly("new", "new");
                conn.rollback();
            }
        });
    }

    @EachDatabase
    void anUpdateAndADeleteGiveTheirReturnedDefaults(Database db) {
        MetaData md = new MetaData();
        Table t = revised(md, "rdu_" + UUID.randomUUID().toString().substring(0, 8));
        md.createAll(db.engine());
        try (Connection conn = db.engine().connect()) {
            conn.execute(insert(t).values(Map.of("id", 1, "name", "a", "rev", 1)));
            conn.execute(insert(t).values(Map.of("id", 2, "name", "z", "rev", 1)));
            Result upd = conn.execute(update(t).values(Map.of("name", "b")).where(t.c("id").eq(1)).returnDefaults());
            if (db.engine().dialect().supportsUpdateReturning()) {
                assertThat(upd.returnedDefaults().keys()).containsExactly("rev");
                assertThat(upd.returnedDefaults().get("rev")).isEqualTo(7);
                assertThat(upd.rowCount()).isEqualTo(1);
                assertThat(upd.returnsRows()).isFalse();
                Result supp = conn.execute(update(t).values(Map.of("name", "c")).where(t.c("id").eq(1)).returnDefaults(List.of(), List.of("name")));
                assertThat(supp.returnedDefaults().toList()).containsExactly("c", 7);
                assertThat(supp.one().get("name")).isEqualTo("c");
            } else {
                // MariaDB: no UPDATE ... RETURNING, so no defaults come back, as SQLAlchemy's returned_defaults is None
                assertThat(upd.returnedDefaultsRows()).isEmpty();
                assertThatThrownBy(upd::returnedDefaults).isInstanceOf(RetortException.class).hasMessageContaining("no row came back");
            }
            Result del = conn.execute(delete(t).where(t.c("id").eq(2)).returnDefaults(List.of("n"), List.of(func("upper", t.c("name")))));
            assertThat(del.returnedDefaults().toList()).containsExactly(7, "Z");
            assertThat(del.all()).extracting(r -> r.get("upper_1")).containsExactly("Z");
            conn.rollback();
        } finally {
            md.dropAll(db.engine());
        }
    }

    /** The mysql dialect (no RETURNING) on MariaDB through a jdbc:mysql URL: the generated key alone comes back. */
    @Test
    void withoutReturningTheGeneratedKeyComesBack() {
        Database.MARIADB.engine();
        Engine mysql = Engine.create("jdbc:mysql://127.0.0.1:3306/test?permitMysqlScheme", EngineOptions.builder().user("root").build());
        try {
            assertThat(mysql.dialect().supportsReturning()).isFalse();
            withTable(mysql, t -> {
                try (Connection conn = mysql.connect()) {
                    Result r = conn.execute(insert(t).values(Map.of("name", "a")).returnDefaults());
                    Object id = conn.execute(select(t.c("id")).where(t.c("name").eq("a"))).scalar();
                    assertThat(r.returnedDefaults().keys()).containsExactly("id");
                    assertThat(((Number) r.returnedDefaults().get("id")).longValue()).isEqualTo(((Number) id).longValue());
                    conn.rollback();
                }
            });
        } finally {
            mysql.dispose();
        }
    }

    @EachDatabase
    void askedOfAStatementThatDidNotAskIsRefused(Database db) {
        withTable(db.engine(), t -> {
            try (Connection conn = db.engine().connect()) {
                Result r = conn.execute(insert(t).values(Map.of("name", "a")));
                assertThatThrownBy(r::returnedDefaults).isInstanceOf(RetortException.class).hasMessageContaining("returnDefaults()");
                conn.rollback();
            }
        });
    }
}
