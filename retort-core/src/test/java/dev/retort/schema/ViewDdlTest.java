package dev.retort.schema;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CREATE VIEW / CREATE TABLE AS from a query and DROP VIEW: the SQL each dialect writes (the
 * expected strings are SQLAlchemy 2.1.1's for the same statement, whitespace collapsed), the
 * table they declare, where they sit in {@code createAll}'s order, and the view kinds a
 * database lacks, refused by name.
 */
class ViewDdlTest {
    private final MetaData md = new MetaData();
    private final Table users = new Table("users", md, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)), Column.of("active", Types.BOOLEAN));
    private final Select active = select(users.c("id"), users.c("name")).where(users.c("id").gt(5)).where(users.c("name").ne("x"));

    private static String ddl(ClauseElement ddl, Dialect dialect) {
        return ddl.compile(dialect).string().replaceAll("\\s+", " ").trim();
    }

    private static final String QUERY = "SELECT users.id, users.name FROM users WHERE users.id > 5 AND users.name != 'x'";

    @Test
    void createViewPerDialect() {
        CreateView cv = new CreateView(active, "active_users");
        assertThat(ddl(cv, Dialects.defaultDialect())).isEqualTo("CREATE VIEW active_users AS " + QUERY);
        assertThat(ddl(cv, Dialects.postgresql())).isEqualTo("CREATE VIEW active_users AS " + QUERY);
        assertThat(ddl(cv, Dialects.mysql())).isEqualTo("CREATE VIEW active_users AS " + QUERY);
        assertThat(ddl(cv, Dialects.sqlite())).isEqualTo("CREATE VIEW active_users AS " + QUERY);
        assertThat(ddl(cv.orReplace(), Dialects.postgresql())).isEqualTo("CREATE OR REPLACE VIEW active_users AS " + QUERY);
        assertThat(ddl(cv.temporary(), Dialects.postgresql())).isEqualTo("CREATE TEMPORARY VIEW active_users AS " + QUERY);
    }

    @Test
    void dialectOptions() {
        CreateView pg = new CreateView(active, "active_users").dialectKw("postgresql_with", Map.of("security_barrier", true));
        assertThat(ddl(pg, Dialects.postgresql())).isEqualTo("CREATE VIEW active_users WITH (security_barrier = true) AS " + QUERY);
        assertThat(ddl(pg, Dialects.mysql())).isEqualTo("CREATE VIEW active_users AS " + QUERY);
        CreateView lite = new CreateView(active, "active_users").dialectKw("sqlite_if_not_exists", true);
        assertThat(ddl(lite, Dialects.sqlite())).isEqualTo("CREATE VIEW IF NOT EXISTS active_users AS " + QUERY);
        assertThat(ddl(lite.temporary(), Dialects.sqlite())).as("options survive a copy")
                .isEqualTo("CREATE TEMPORARY VIEW IF NOT EXISTS active_users AS " + QUERY);
        assertThatThrownBy(() -> new CreateView(active, "v").dialectKw("postgresql_tablespace", "x"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("postgresql_tablespace");
    }

    @Test
    void materializedView() {
        CreateView mat = new CreateView(select(users.c("name"), func("count", users.c("id")).label("n")).groupBy(users.c("name")), "name_counts").materialized();
        assertThat(ddl(mat, Dialects.postgresql()))
                .isEqualTo("CREATE MATERIALIZED VIEW name_counts AS SELECT users.name, count(users.id) AS n FROM users GROUP BY users.name");
        assertThat(ddl(mat.dropView(), Dialects.postgresql())).isEqualTo("DROP MATERIALIZED VIEW name_counts");
        assertThat(ddl(new DropView(mat.table()).materialized().ifExists(), Dialects.defaultDialect())).isEqualTo("DROP MATERIALIZED VIEW IF EXISTS name_counts");
        assertThat(ddl(new CreateView(active, "v").dropView(), Dialects.sqlite())).isEqualTo("DROP VIEW v");
    }

    @Test
    void viewKindsADatabaseLacksAreRefusedByName() {
        CreateView cv = new CreateView(active, "v");
        assertThatThrownBy(() -> cv.orReplace().compile(Dialects.sqlite())).isInstanceOf(CompileException.class).hasMessageContaining("OR REPLACE");
        assertThatThrownBy(() -> cv.materialized().compile(Dialects.sqlite())).isInstanceOf(CompileException.class).hasMessageContaining("MATERIALIZED VIEW");
        assertThatThrownBy(() -> cv.temporary().compile(Dialects.mariadb())).isInstanceOf(CompileException.class).hasMessageContaining("TEMPORARY VIEW");
        assertThatThrownBy(() -> cv.materialized().compile(Dialects.mysql())).isInstanceOf(CompileException.class).hasMessageContaining("MATERIALIZED VIEW");
        assertThatThrownBy(() -> cv.materialized().temporary().compile(Dialects.postgresql())).isInstanceOf(CompileException.class)
                .hasMessageContaining("TEMPORARY MATERIALIZED VIEW");
        assertThatThrownBy(() -> cv.materialized().orReplace().compile(Dialects.postgresql())).isInstanceOf(CompileException.class)
                .hasMessageContaining("OR REPLACE MATERIALIZED VIEW");
        assertThatThrownBy(() -> cv.materialized().dropView().compile(Dialects.mariadb())).isInstanceOf(CompileException.class)
                .hasMessageContaining("MATERIALIZED VIEW");
        assertThat(ddl(cv.materialized().orReplace().temporary(), Dialects.defaultDialect())).as("the default dialect writes all, as SQLAlchemy's")
                .isEqualTo("CREATE OR REPLACE TEMPORARY MATERIALIZED VIEW v AS " + QUERY);
    }

    @Test
    void createTableAs() {
        assertThat(ddl(active.into("snapshot"), Dialects.postgresql())).isEqualTo("CREATE TABLE snapshot AS " + QUERY);
        CreateTableAs flags = new CreateTableAs(active, "snapshot", "work", null).temporary().ifNotExists();
        assertThat(ddl(flags, Dialects.mysql())).isEqualTo("CREATE TEMPORARY TABLE IF NOT EXISTS work.snapshot AS " + QUERY);
        assertThat(ddl(flags, Dialects.sqlite())).isEqualTo("CREATE TEMPORARY TABLE IF NOT EXISTS work.snapshot AS " + QUERY);
        assertThat(ddl(active, Dialects.postgresql())).as("the query itself keeps its parameters")
                .isEqualTo("SELECT users.id, users.name FROM users WHERE users.id > ? AND users.name != ?");
    }

    @Test
    void theStatementDeclaresItsTable() {
        CreateView cv = new CreateView(select(users.c("name").label("who"), users.c("id")), "people", "sch", md);
        Table t = cv.table();
        assertThat(t.metadata()).isSameAs(md).isSameAs(cv.metadata());
        assertThat(md.tables()).containsEntry("sch.people", t);
        assertThat(t.columns()).extracting(Column::name).containsExactly("who", "id");
        assertThat(t.c("who").type().toString()).isEqualTo(Types.string(50).toString());
        assertThat(t.isView()).isTrue();
        assertThat(t.creator()).isSameAs(cv);
        assertThat(t.viewDefinition()).isEqualTo("SELECT users.name AS who, users.id \nFROM users");
        CreateView replacing = cv.orReplace();
        assertThat(replacing.table()).isSameAs(t);
        assertThat(t.creator()).as("createAll runs the copy configured last").isSameAs(replacing);
        assertThat(ddl(select(t.c("who")), Dialects.defaultDialect())).isEqualTo("SELECT sch.people.who FROM sch.people");

        CreateTableAs ct = new CreateTableAs(select(users.c("id")), "ids", "", null);
        assertThat(ct.table().schema()).as("a blank schema is none, as SQLAlchemy reads it").isNull();
        assertThat(ct.metadata()).isNotSameAs(md);
        assertThat(ct.table().isView()).isFalse();
        assertThat(ddl(new CreateTable(ct.table()), Dialects.defaultDialect())).isEqualTo("CREATE TABLE ids ( id INTEGER )");
        assertThatThrownBy(() -> new CreateTableAs(select(users.c("id").add(1)), "anon"))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("needs a name for each column");
    }

    @Test
    void sortedTablesPutAViewAfterTheTablesItReads() {
        MetaData m = new MetaData();
        Table own = new Table("own", m, Column.of("id", Types.INTEGER));
        Table other = new Table("other", m, Column.of("id", Types.INTEGER));
        CreateView first = new CreateView(select(own.c("id")), "first_view", m);
        // reads a view and, through a subquery, a table: both before it
        CreateView second = new CreateView(select(first.table().c("id")).where(first.table().c("id").in(select(other.c("id")))), "second_view", m);
        Table last = new Table("zlast", m, Column.of("id", Types.INTEGER));
        assertThat(m.sortedTables()).containsExactly(own, other, first.table(), second.table(), last);
    }

    @Test
    void aTextViewStillWritesItsText() {
        Table legacy = new Table("legacy", md, Column.of("id", Types.INTEGER)).viewDefinition("SELECT id FROM users WHERE id < 100");
        assertThat(ddl(new CreateView(legacy), Dialects.postgresql())).isEqualTo("CREATE VIEW legacy AS SELECT id FROM users WHERE id < 100");
        assertThat(ddl(new CreateView(legacy).orReplace(), Dialects.postgresql())).isEqualTo("CREATE OR REPLACE VIEW legacy AS SELECT id FROM users WHERE id < 100");
        assertThat(legacy.creator()).as("a copy does not make createAll create a text view").isNull();
        assertThatThrownBy(() -> new CreateView(users)).isInstanceOf(ArgumentException.class).hasMessageContaining("view definition");
    }
}
