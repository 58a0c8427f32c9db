package dev.retort.schema;

import static dev.retort.sql.SQL.literalColumn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.CompileException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ALTER TABLE elements. Expected SQL: ADD/DROP CONSTRAINT from SQLAlchemy 2.1.1
 * ({@code AddConstraint}, {@code DropConstraint}); column changes and renames from Alembic 1.20.0
 * ({@code alembic.ddl.base.AddColumn, DropColumn, ColumnType, ColumnNullable, ColumnDefault,
 * ColumnName, RenameTable}, {@code alembic.ddl.mysql.MySQLModifyColumn}), which Retort follows
 * for these.
 */
class AlterDdlTest {
    private final MetaData md = new MetaData();
    private final Table users = new Table("users", md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(100)).nullable(false).serverDefault("x"),
            Column.of("nick", Types.string(30)),
            Column.of("n", Types.INTEGER).nullable(false).serverDefault(dev.retort.sql.SQL.text("'0'")),
            new UniqueConstraint("uq_name", List.of("name")),
            new CheckConstraint("ck_n", literalColumn("n").gt(0)));
    private final Table r = new Table("r", md, Column.of("uid", Types.INTEGER), new ForeignKeyConstraint("fk_u", List.of("uid"), List.of("users.id"), null, null));

    private static String sql(ClauseElement e, Dialect d) {
        return e.compile(d).string();
    }

    private Constraint constraint(Table t, String name) {
        return t.constraints().stream().filter(c -> name.equals(c.name())).findFirst().orElseThrow();
    }

    /** As SQLAlchemy 2.1.1's {@code CreateView(select, "active_users")} and {@code DropView}, the same on every dialect; a schema qualifies the name. */
    @Test
    void createAndDropView() {
        Table view = new Table("active_users", md, Column.of("id", Types.INTEGER), Column.of("name", Types.string(100)))
                .viewDefinition("SELECT users.id, users.name FROM users WHERE users.nick IS NOT NULL");
        Table other = new Table("v", "sales", md, Column.of("id", Types.INTEGER)).viewDefinition("SELECT 1 AS id");
        for (Dialect d : List.of(Dialects.postgresql(), Dialects.mysql(), Dialects.mariadb(), Dialects.sqlite(), Dialects.defaultDialect())) {
            assertThat(sql(new CreateView(view), d)).isEqualTo("CREATE VIEW active_users AS SELECT users.id, users.name FROM users WHERE users.nick IS NOT NULL");
            assertThat(sql(new DropView(view), d)).isEqualTo("DROP VIEW active_users");
            assertThat(sql(new DropView(other), d)).isEqualTo("DROP VIEW sales.v");
        }
        assertThat(view.isView()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CreateView(users)).isInstanceOf(dev.retort.exc.ArgumentException.class).hasMessageContaining("users");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DropView(users)).isInstanceOf(dev.retort.exc.ArgumentException.class);
    }

    @Test
    void addAndDropConstraints() {
        Constraint uq = constraint(users, "uq_name");
        Constraint ck = constraint(users, "ck_n");
        Constraint fk = constraint(r, "fk_u");
        for (Dialect d : List.of(Dialects.postgresql(), Dialects.mysql(), Dialects.mariadb())) {
            assertThat(sql(new AddConstraint(uq), d)).isEqualTo("ALTER TABLE users ADD CONSTRAINT uq_name UNIQUE (name)");
            assertThat(sql(new AddConstraint(ck), d)).isEqualTo("ALTER TABLE users ADD CONSTRAINT ck_n CHECK (n > 0)");
        }
        assertThat(sql(new DropConstraint(uq), Dialects.postgresql())).isEqualTo("ALTER TABLE users DROP CONSTRAINT uq_name");
        assertThat(sql(new DropConstraint(ck), Dialects.postgresql())).isEqualTo("ALTER TABLE users DROP CONSTRAINT ck_n");
        assertThat(sql(new DropConstraint(fk), Dialects.postgresql())).isEqualTo("ALTER TABLE r DROP CONSTRAINT fk_u");
        assertThat(sql(new DropConstraint(uq), Dialects.mysql())).isEqualTo("ALTER TABLE users DROP INDEX uq_name");
        assertThat(sql(new DropConstraint(ck), Dialects.mysql())).isEqualTo("ALTER TABLE users DROP CHECK ck_n");
        assertThat(sql(new DropConstraint(ck), Dialects.mariadb())).isEqualTo("ALTER TABLE users DROP CONSTRAINT ck_n");
        assertThat(sql(new DropConstraint(fk), Dialects.mariadb())).isEqualTo("ALTER TABLE r DROP FOREIGN KEY fk_u");
        assertThat(ck.table()).as("a CHECK without columns knows its table").isSameAs(users);
    }

    @Test
    void addDropAndRenameColumnsAndTables() {
        for (Dialect d : List.of(Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql())) {
            assertThat(sql(new AddColumn(users.c("nick")), d)).isEqualTo("ALTER TABLE users ADD COLUMN nick VARCHAR(30)");
            assertThat(sql(new DropColumn(users.c("nick")), d)).isEqualTo("ALTER TABLE users DROP COLUMN nick");
            assertThat(sql(new RenameTable(users, "people"), d)).isEqualTo("ALTER TABLE users RENAME TO people");
        }
        for (Dialect d : List.of(Dialects.sqlite(), Dialects.postgresql())) {
            assertThat(sql(new AddColumn(users.c("n")), d)).isEqualTo("ALTER TABLE users ADD COLUMN n INTEGER DEFAULT '0' NOT NULL");
        }
        // Alembic writes RENAME COLUMN on SQLite and RENAME a TO b on PostgreSQL; Retort writes the first, which both accept.
        assertThat(sql(new RenameColumn(users.c("nick"), "nickname"), Dialects.sqlite())).isEqualTo("ALTER TABLE users RENAME COLUMN nick TO nickname");
    }

    @Test
    void alterColumn() {
        Dialect pg = Dialects.postgresql();
        assertThat(sql(new AlterColumn(users.c("name"), AlterColumn.Change.TYPE), pg)).isEqualTo("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(100)");
        assertThat(sql(new AlterColumn(users.c("name"), AlterColumn.Change.NULLABLE), pg)).isEqualTo("ALTER TABLE users ALTER COLUMN name SET NOT NULL");
        assertThat(sql(new AlterColumn(users.c("nick"), AlterColumn.Change.NULLABLE), pg)).isEqualTo("ALTER TABLE users ALTER COLUMN nick DROP NOT NULL");
        assertThat(sql(new AlterColumn(users.c("name"), AlterColumn.Change.DEFAULT), pg)).isEqualTo("ALTER TABLE users ALTER COLUMN name SET DEFAULT 'x'");
        assertThat(sql(new AlterColumn(users.c("nick"), AlterColumn.Change.DEFAULT), pg)).isEqualTo("ALTER TABLE users ALTER COLUMN nick DROP DEFAULT");
        // Alembic emits one statement per change; PostgreSQL takes them in one, comma-separated.
        assertThat(sql(new AlterColumn(users.c("name"), AlterColumn.Change.TYPE, AlterColumn.Change.NULLABLE), pg))
                .isEqualTo("ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(100), ALTER COLUMN name SET NOT NULL");
        Table plain = new Table("people", new MetaData(), Column.of("name", Types.string(100)).nullable(false));
        assertThat(sql(new AlterColumn(plain.c("name"), AlterColumn.Change.TYPE), Dialects.mysql())).isEqualTo("ALTER TABLE people MODIFY name VARCHAR(100) NOT NULL");
    }

    /** SQL from SQLAlchemy 2.1.1's SetTableComment, SetColumnComment, DropTableComment; MySQL restates the column with MODIFY (SQLAlchemy: CHANGE a a, the same change). */
    @Test
    void comments() {
        Table t = new Table("t", new MetaData(), Column.of("a", Types.string(20)).nullable(false).comment("In 'cents'")).comment("Line items");
        Table bare = new Table("b", new MetaData(), Column.of("a", Types.string(20)));
        assertThat(sql(new SetTableComment(t), Dialects.postgresql())).isEqualTo("COMMENT ON TABLE t IS 'Line items'");
        assertThat(sql(new SetColumnComment(t.c("a")), Dialects.postgresql())).isEqualTo("COMMENT ON COLUMN t.a IS 'In ''cents'''");
        assertThat(sql(new SetTableComment(bare), Dialects.postgresql())).isEqualTo("COMMENT ON TABLE b IS NULL");
        assertThat(sql(new SetColumnComment(bare.c("a")), Dialects.postgresql())).isEqualTo("COMMENT ON COLUMN b.a IS NULL");
        assertThat(sql(new SetTableComment(t), Dialects.mysql())).isEqualTo("ALTER TABLE t COMMENT 'Line items'");
        assertThat(sql(new SetTableComment(bare), Dialects.mariadb())).isEqualTo("ALTER TABLE b COMMENT ''");
        assertThat(sql(new SetColumnComment(t.c("a")), Dialects.mysql())).isEqualTo("ALTER TABLE t MODIFY a VARCHAR(20) NOT NULL COMMENT 'In ''cents'''");
        assertThat(sql(new CreateTable(t), Dialects.mysql())).endsWith("COMMENT='Line items'").contains("a VARCHAR(20) NOT NULL COMMENT 'In ''cents'''");
        assertThatThrownBy(() -> sql(new SetTableComment(t), Dialects.sqlite())).isInstanceOf(CompileException.class);
    }

    @Test
    void sqliteRefusesWhatItCannotAlter() {
        assertThatThrownBy(() -> sql(new AlterColumn(users.c("name"), AlterColumn.Change.TYPE), Dialects.sqlite())).isInstanceOf(CompileException.class)
                .hasMessageContaining("cannot alter a column (users.name)");
        assertThatThrownBy(() -> sql(new DropConstraint(constraint(users, "uq_name")), Dialects.sqlite())).isInstanceOf(CompileException.class);
        assertThatThrownBy(() -> sql(new AddConstraint(constraint(users, "ck_n")), Dialects.sqlite())).isInstanceOf(CompileException.class);
    }
}
