package dev.retort.schema;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.dialect.Inspector;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code MetaData(naming_convention=...)}. Expected DDL is SQLAlchemy 2.1.1's for the same tables
 * under {@code {"ix": "ix_%(table_name)s_%(column_0N_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
 * "ck": "ck_%(table_name)s_%(constraint_name)s", "fk":
 * "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s", "pk": "pk_%(table_name)s"}}.
 */
class NamingConventionTest {
    private static final Map<String, String> CONVENTION = Map.of(
            "ix", "ix_%(table_name)s_%(column_0N_name)s",
            "uq", "uq_%(table_name)s_%(column_0_N_name)s",
            "ck", "ck_%(table_name)s_%(constraint_name)s",
            "fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
            "pk", "pk_%(table_name)s");

    private static String ddl(Object element, Dialect d) {
        String sql = element instanceof Table t ? new CreateTable(t).compile(d).string()
                : element instanceof Index ix ? new CreateIndex(ix).compile(d).string() : ((SchemaChange) element).compile(d).string();
        return sql.replaceAll("\\s+", " ").trim();
    }

    @Test
    void namesEveryKindOfConstraint() {
        MetaData m = new MetaData(CONVENTION);
        Table parent = new Table("parent", m, Column.of("id", Types.INTEGER).primaryKey(), Column.of("code", Types.string(10)).unique());
        Table child = new Table("child", m, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("parent_id", Types.INTEGER).foreignKey("parent.id"),
                Column.of("a", Types.INTEGER).index(), Column.of("b", Types.INTEGER),
                new CheckConstraint("positive", text("a > 0")),
                new CheckConstraint("exact_b", text("b > 0")).conv(),
                new UniqueConstraint("a", "b"));
        Table other = new Table("other", m, Column.of("x", Types.INTEGER), Column.of("y", Types.INTEGER),
                new ForeignKeyConstraint(null, List.of("x"), List.of("parent.id"), null, null));
        Dialect d = Dialects.defaultDialect();
        assertThat(ddl(parent, d)).isEqualTo(
                "CREATE TABLE parent ( id INTEGER NOT NULL, code VARCHAR(10), CONSTRAINT pk_parent PRIMARY KEY (id), CONSTRAINT uq_parent_code UNIQUE (code) )");
        assertThat(ddl(child, d)).isEqualTo("CREATE TABLE child ( id INTEGER NOT NULL, parent_id INTEGER, a INTEGER, b INTEGER,"
                + " CONSTRAINT pk_child PRIMARY KEY (id), CONSTRAINT ck_child_positive CHECK (a > 0), CONSTRAINT exact_b CHECK (b > 0),"
                + " CONSTRAINT uq_child_a_b UNIQUE (a, b), CONSTRAINT fk_child_parent_id_parent_id FOREIGN KEY(parent_id) REFERENCES parent (id) )");
        assertThat(ddl(other, d)).isEqualTo("CREATE TABLE other ( x INTEGER, y INTEGER, CONSTRAINT fk_other_x_parent_id FOREIGN KEY(x) REFERENCES parent (id) )");
        assertThat(ddl(child.indexes().get(0), d)).isEqualTo("CREATE INDEX ix_child_a ON child (a)");
        assertThat(ddl(new Index(null, child.c("a"), child.c("b")), d)).isEqualTo("CREATE INDEX ix_child_ab ON child (a, b)");
        assertThat(ddl(new Index(null, func("lower", child.c("b"))), d)).isEqualTo("CREATE INDEX ix_child_b ON child (lower(b))");
        Constraint uq = child.constraints().stream().filter(c -> c instanceof UniqueConstraint).findFirst().orElseThrow();
        assertThat(ddl(new AddConstraint(uq), d)).isEqualTo("ALTER TABLE child ADD CONSTRAINT uq_child_a_b UNIQUE (a, b)");
        assertThat(ddl(new DropConstraint(uq), d)).isEqualTo("ALTER TABLE child DROP CONSTRAINT uq_child_a_b");
        assertThat(uq.givenName()).isNull();
        assertThat(uq.isNameGenerated()).isTrue();
    }

    @Test
    void typeChecksAreNamedWhereWritten() {
        Table flags = new Table("flags", new MetaData(CONVENTION), Column.of("flag", Types.checkedBoolean("flag")),
                Column.of("st", Types.enumOf("st", "x", "y").nativeEnum(false).createConstraint(true)));
        assertThat(ddl(flags, Dialects.sqlite())).isEqualTo("CREATE TABLE flags ( flag BOOLEAN, st VARCHAR(1),"
                + " CONSTRAINT ck_flags_flag CHECK (flag IN (0, 1)), CONSTRAINT ck_flags_st CHECK (st IN ('x', 'y')) )");
        assertThat(ddl(flags, Dialects.postgresql())).isEqualTo("CREATE TABLE flags ( flag BOOLEAN, st VARCHAR(1), CONSTRAINT ck_flags_st CHECK (st IN ('x', 'y')) )");
    }

    @Test
    void longNamesAreShortenedWithTheirMd5() {
        MetaData m = new MetaData(Map.of("uq", "uq_%(table_name)s_%(column_0_N_name)s", "ix", "ix_%(column_0_label)s"));
        Table t = new Table("a_rather_long_table_name_for_conventions", m, Column.of("first_long_column_name", Types.INTEGER),
                Column.of("second_long_column_name", Types.INTEGER), Column.of("third_long_column_name_indexed_here", Types.INTEGER).index(),
                new UniqueConstraint("first_long_column_name", "second_long_column_name"));
        assertThat(ddl(t, Dialects.postgresql())).isEqualTo("CREATE TABLE a_rather_long_table_name_for_conventions ( first_long_column_name INTEGER,"
                + " second_long_column_name INTEGER, third_long_column_name_indexed_here INTEGER,"
                + " CONSTRAINT uq_a_rather_long_table_name_for_conventions_first_long__6d27 UNIQUE (first_long_column_name, second_long_column_name) )");
        assertThat(ddl(t.indexes().get(0), Dialects.postgresql())).isEqualTo(
                "CREATE INDEX ix_a_rather_long_table_name_for_conventions_third_long__1f58 ON a_rather_long_table_name_for_conventions (third_long_column_name_indexed_here)");
    }

    @Test
    void badConventionsAndMissingNamesAreRefused() {
        assertThatThrownBy(() -> new MetaData(Map.of("xx", "x_%(table_name)s"))).isInstanceOf(ArgumentException.class).hasMessageContaining("xx");
        assertThatThrownBy(() -> new MetaData(Map.of("uq", "uq_%(colum_0_name)s"))).isInstanceOf(ArgumentException.class).hasMessageContaining("colum_0_name");
        Table t = new Table("t", new MetaData(Map.of("ck", "ck_%(table_name)s_%(constraint_name)s")), Column.of("a", Types.INTEGER),
                new CheckConstraint(null, text("a > 0")));
        assertThatThrownBy(() -> ddl(t, Dialects.defaultDialect())).isInstanceOf(ArgumentException.class).hasMessageContaining("constraint_name");
        Table u = new Table("u", new MetaData(Map.of("uq", "uq_%(table_name)s")), Column.of("a", Types.INTEGER));
        assertThatThrownBy(() -> ddl(new Index(null, u.c("a")), Dialects.defaultDialect())).isInstanceOf(ArgumentException.class).hasMessageContaining("no name");
    }

    /**
     * A column position past an int, a null template or kind: refused when the metadata is made,
     * naming them (they were a NumberFormatException when a constraint was named, a NullPointerException).
     */
    @Test
    void oddTokensAndNullsAreRefusedWhenTheMetadataIsMade() {
        assertThatThrownBy(() -> new MetaData(Map.of("uq", "uq_%(column_99999999999_name)s"))).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("%(column_99999999999_name)s");
        assertThatThrownBy(() -> new MetaData(Map.of("fk", "fk_%(referred_column_12345678901234567890_name)s"))).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("referred_column_12345678901234567890_name");
        Map<String, String> nullTemplate = new java.util.HashMap<>();
        nullTemplate.put("pk", null);
        assertThatThrownBy(() -> new MetaData(nullTemplate)).isInstanceOf(ArgumentException.class).hasMessageContaining("'pk' has no template");
        Map<String, String> nullKind = new java.util.HashMap<>();
        nullKind.put(null, "x_%(table_name)s");
        assertThatThrownBy(() -> new MetaData(nullKind)).isInstanceOf(ArgumentException.class).hasMessageContaining("key 'null'");
        // the largest position allowed names no column, as past the last one
        Table t = new Table("t", new MetaData(Map.of("uq", "uq_%(column_999999999_name)s%(column_0_name)s")), Column.of("a", Types.INTEGER),
                new UniqueConstraint("a"));
        assertThat(ddl(t, Dialects.defaultDialect())).contains("CONSTRAINT uq_a UNIQUE (a)");
    }

    /** The database keeps the convention's names: reflection reads them back. */
    @EachDatabase
    void theDatabaseHasTheConventionsNames(Database db) throws SQLException {
        var engine = db.engine();
        String s = UUID.randomUUID().toString().substring(0, 8);
        MetaData m = new MetaData(Map.of("uq", "uq_%(table_name)s_%(column_0_name)s", "ix", "ix_%(table_name)s_%(column_0_name)s",
                "fk", "fk_%(table_name)s_%(referred_table_name)s"));
        Table parent = new Table("ncp" + s, m, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false), Column.of("code", Types.string(10)).unique());
        Table child = new Table("ncc" + s, m, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("pid", Types.INTEGER).foreignKey(parent.name() + ".id").index());
        m.createAll(engine);
        try (Connection conn = engine.connect()) {
            Inspector inspector = engine.dialect().inspector();
            String schema = inspector.defaultSchema(conn.jdbc());
            assertThat(inspector.indexes(conn.jdbc(), schema, child.name())).extracting(Inspector.IndexInfo::name).contains("ix_ncc" + s + "_pid");
            if (!engine.dialect().name().equals("sqlite")) {
                // SQLite keeps no name of a UNIQUE or FOREIGN KEY for its catalogue to report
                assertThat(inspector.uniqueConstraints(conn.jdbc(), schema, parent.name())).extracting(Inspector.ConstraintInfo::name)
                        .contains("uq_ncp" + s + "_code");
                assertThat(inspector.foreignKeys(conn.jdbc(), schema, child.name())).extracting(Inspector.ForeignKeyInfo::name)
                        .contains("fk_ncc" + s + "_ncp" + s);
            }
        } finally {
            m.dropAll(engine);
        }
    }
}
