package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CreateView} and {@link CreateTableAs} run on SQLite, PostgreSQL and MariaDB:
 * {@code createAll} creates a view and a table made from a query after the table they read,
 * the view follows its table's rows while the copy keeps the rows of its creation, and
 * {@code dropAll} removes them all; each database's own kinds (materialized, OR REPLACE,
 * IF NOT EXISTS, temporary, WITH options) are taken. Names carry a random suffix.
 */
class ViewDdlOnServersTest {
    private final String s = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table items = new Table("items" + s, md, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(50)), Column.of("qty", Types.INTEGER));

    private static List<Object> ids(Connection conn, Table t) {
        return conn.execute(select(t.c("id")).orderBy(t.c("id"))).scalars();
    }

    private void addItems(Engine engine, int... ids) {
        try (Connection conn = engine.begin()) {
            for (int id : ids) {
                conn.execute(insert(items).values(Map.of("id", id, "name", "n" + id, "qty", id * 10)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void createAllAndDropAllTakeViewsAndTablesFromQueries(Databases.Database db) {
        Engine engine = db.engine();
        // declared before the table it reads is filled, the view follows; the copy keeps what it copied
        CreateView big = new CreateView(select(items.c("id"), items.c("name")).where(items.c("qty").gt(15)), "big" + s, md);
        CreateTableAs copy = new CreateTableAs(select(items.c("id"), items.c("qty")), "copy" + s, md);
        try {
            md.createAll(engine);
            md.createAll(engine);   // everything exists: nothing to do
            addItems(engine, 1, 2, 3);
            try (Connection conn = engine.connect()) {
                assertThat(ids(conn, big.table())).containsExactly(2, 3);
                assertThat(ids(conn, copy.table())).as("created empty, before the rows").isEmpty();
                CreateTableAs later = select(items.c("id"), items.c("qty")).where(items.c("id").lt(3)).into("later" + s);
                conn.execute(later);
                assertThat(ids(conn, later.table())).containsExactly(1, 2);
                conn.execute(new DropTable(later.table()));
                conn.commit();
            }
        } finally {
            md.dropAll(engine);
        }
        try (Connection conn = engine.connect()) {
            assertThat(MetaData.exists(conn, big.table())).isFalse();
            assertThat(MetaData.exists(conn, copy.table())).isFalse();
            assertThat(MetaData.exists(conn, items)).isFalse();
        }
    }

    @Test
    void postgresqlMaterializedViewsAndOptions() throws java.sql.SQLException {
        Engine engine = Databases.postgresql();
        CreateView totals = new CreateView(select(items.c("name"), items.c("qty")).where(items.c("qty").gt(0)), "totals" + s, md).materialized();
        try {
            addItemsAfterCreate(engine);
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(select(totals.table().c("qty"))).scalars()).as("rows of its creation").isEmpty();
                var inspector = conn.dialect().inspector();
                assertThat(inspector.materializedViewNames(conn.jdbc(), "public")).contains(totals.table().name());
                assertThat(inspector.viewNames(conn.jdbc(), "public")).doesNotContain(totals.table().name());
                conn.execute(text("REFRESH MATERIALIZED VIEW " + totals.table().name()));
                assertThat(conn.execute(select(totals.table().c("qty")).orderBy(totals.table().c("qty"))).scalars()).containsExactly(10, 20);
                CreateView guarded = new CreateView(select(items.c("id")), "guarded" + s).dialectKw("postgresql_with", Map.of("security_barrier", true));
                conn.execute(guarded);
                conn.execute(guarded.orReplace());
                assertThat(ids(conn, guarded.table())).containsExactly(1, 2);
                conn.execute(guarded.dropView());
                CreateView temp = new CreateView(select(items.c("id")).where(items.c("id").eq(2)), "temp" + s).temporary();
                conn.execute(temp);
                assertThat(ids(conn, temp.table())).containsExactly(2);
                conn.execute(temp.dropView());   // it depends on the table, which dropAll drops
                conn.commit();
            }
        } finally {
            md.dropAll(engine);   // DROP MATERIALIZED VIEW, then the table
        }
        try (Connection conn = engine.connect()) {
            assertThat(MetaData.exists(conn, totals.table())).isFalse();
        }
    }

    @Test
    void mariadbReplacesAView() {
        Engine engine = Databases.mariadb();
        CreateView v = new CreateView(select(items.c("id")).where(items.c("id").gt(1)), "v" + s, md);
        try {
            addItemsAfterCreate(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(new CreateView(select(items.c("id")), "v" + s).orReplace());
                assertThat(ids(conn, v.table())).as("the replacement's rows").containsExactly(1, 2);
                conn.execute(v.dropView().ifExists());
                conn.execute(v.dropView().ifExists());
                conn.commit();
            }
        } finally {
            md.dropAll(engine);
        }
    }

    @Test
    void sqliteViewIfNotExistsAndTemporary() {
        Engine engine = Databases.sqlite();
        CreateView v = new CreateView(select(items.c("id")), "v" + s, md).dialectKw("sqlite_if_not_exists", true);
        try {
            addItemsAfterCreate(engine);
            try (Connection conn = engine.connect()) {
                conn.execute(v);   // exists already: nothing to do
                CreateView temp = new CreateView(select(items.c("id")).where(items.c("id").eq(1)), "temp" + s).temporary();
                conn.execute(temp);
                assertThat(ids(conn, temp.table())).containsExactly(1);
                assertThat(ids(conn, v.table())).containsExactly(1, 2);
                conn.commit();
            }
        } finally {
            md.dropAll(engine);
        }
    }

    private void addItemsAfterCreate(Engine engine) {
        md.createAll(engine);
        addItems(engine, 1, 2);
    }
}
