package dev.retort.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnElement;
import dev.retort.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code DialectKWArgs} behaviour of the seed: flat and nested views, defaults, validation, argumentFor. */
class DialectKwArgsTest {
    private final MetaData md = new MetaData();
    private final Table users = new Table("users", md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(50)));

    @Test
    void flatNestedAndSortedViews() {
        ColumnElement<Boolean> where = users.c("id").gt(5);
        Index ix = new Index("ix_name", users.c("name"));
        assertThat(ix.dialectKw("postgresql_where", where)).isSameAs(ix);
        assertThat(ix.dialectKwargs().put("mysql_length", 10)).isNull();

        assertThat(ix.dialectKwargs()).containsExactly(entry("mysql_length", 10), entry("postgresql_where", where));
        assertThat(ix.kwargs()).isEqualTo(ix.dialectKwargs());
        assertThat(ix.dialectOptions().get("postgresql").get("where")).isSameAs(where);
        // The nested view has every argument the dialect declares for an Index, defaults included.
        assertThat(ix.dialectOptions().get("postgresql")).containsEntry("concurrently", false).containsEntry("ops", Map.of())
                .containsEntry("using", null).containsOnlyKeys("where", "using", "include", "ops", "concurrently", "with", "tablespace", "nulls_not_distinct");
        assertThat(ix.dialectOptions().get("mysql")).containsEntry("length", 10).containsEntry("prefix", null);
        assertThat(ix.dialectOptions().get("sqlite")).containsOnlyKeys("where");
        assertThat(ix.dialectOptions()).containsKeys("default", "sqlite", "postgresql", "mysql", "mariadb", "acme", "loose");
        assertThat(ix.dialectOption("postgresql", "concurrently")).isEqualTo(false);
        assertThat(ix.dialectOption("postgresql", "nonesuch")).isNull();

        assertThat(ix.dialectKwargsSorted()).containsExactly(entry("mysql_length", 10), entry("postgresql_where", where));
        assertThatThrownBy(() -> ix.dialectKwargsSorted().put("mysql_using", "btree")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ix.dialectOptions().get("mysql").put("using", "btree")).isInstanceOf(UnsupportedOperationException.class);

        assertThat(ix.dialectKwargs().remove("mysql_length")).isEqualTo(10);
        assertThat(ix.dialectKwargs()).containsOnlyKeys("postgresql_where");
        assertThat(ix.dialectOptions().get("mysql").get("length")).as("back to the default").isNull();
    }

    @Test
    void valuesAreCopiedSoLaterChangesDoNotLeakIn() {
        Map<String, Object> with = new HashMap<>(Map.of("fillfactor", 50));
        List<String> include = new ArrayList<>(List.of("name"));
        Index ix = new Index("ix_copy", users.c("id")).dialectKw("postgresql_with", with).dialectKw("postgresql_include", include);
        with.put("fillfactor", 10);
        include.add("id");
        assertThat(ix.dialectOptions().get("postgresql")).containsEntry("with", Map.of("fillfactor", 50)).containsEntry("include", List.of("name"));
    }

    @Test
    void aKeyWithoutADialectIsRefused() {
        Index ix = new Index("ix_a", users.c("name"));
        assertThatThrownBy(() -> ix.dialectKw("where", 1)).isInstanceOf(ArgumentException.class)
                .hasMessage("Dialect-specific argument 'where' on Index 'ix_a' names no dialect: keys are <dialect>_<argument>, such as postgresql_where");
        assertThatThrownBy(() -> ix.dialectKwargs().put("_where", 1)).isInstanceOf(ArgumentException.class)
                .hasMessage("Dialect-specific argument '_where' on Index 'ix_a' names no dialect: keys are <dialect>_<argument>, such as postgresql_where");
        assertThat(ix.dialectKwargs()).isEmpty();
    }

    @Test
    void anArgumentAKnownDialectDoesNotDeclareIsRefused() {
        Index ix = new Index("ix_a", users.c("name"));
        assertThatThrownBy(() -> ix.dialectKw("postgresql_wher", 1)).isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'postgresql_wher' is not accepted by dialect 'postgresql' on behalf of Index 'ix_a';"
                        + " it accepts on Index: concurrently, include, nulls_not_distinct, ops, tablespace, using, where, with");
        assertThatThrownBy(() -> users.dialectKw("postgresql_where", 1)).as("declared for Index, not Table").isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'postgresql_where' is not accepted by dialect 'postgresql' on behalf of Table 'users'; it accepts on Table: inherits, on_commit, partition_by, tablespace, using, with, with_oids");
        assertThatThrownBy(() -> Column.of("email", Types.STRING).dialectKw("mariadb_engine", "Aria")).isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'mariadb_engine' is not accepted by dialect 'mariadb' on behalf of Column 'email'; it accepts on Column: none");
        ForeignKeyConstraint fk = new ForeignKeyConstraint("fk_u", List.of("id"), List.of("users.id"), null, null);
        assertThatThrownBy(() -> fk.dialectKw("sqlite_on_conflict", "IGNORE")).as("SQLite's ON CONFLICT is not for foreign keys")
                .isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'sqlite_on_conflict' is not accepted by dialect 'sqlite' on behalf of ForeignKeyConstraint 'fk_u'; it accepts on ForeignKeyConstraint: none");
        assertThatThrownBy(() -> new UniqueConstraint("name").dialectKw("sqlite_on_conflict_unique", "IGNORE")).isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'sqlite_on_conflict_unique' is not accepted by dialect 'sqlite' on behalf of UniqueConstraint '(name)'; it accepts on UniqueConstraint: on_conflict");
        // The default dialect declares nothing, like SQLAlchemy's, so it takes anything.
        assertThat(ix.dialectKw("default_where", 1).dialectKwargs()).containsOnlyKeys("default_where");
    }

    @Test
    void mariadbTakesTheMysqlArgumentsUnderItsOwnName() {
        Table t = new Table("t", md, Map.of("mariadb_engine", "Aria", "mysql_engine", "InnoDB"), Column.of("id", Types.INTEGER));
        assertThat(t.dialectOptions().get("mariadb")).containsEntry("engine", "Aria").containsEntry("charset", null);
        assertThatThrownBy(() -> t.dialectKw("mariadb_engin", "Aria")).isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'mariadb_engin' is not accepted by dialect 'mariadb' on behalf of Table 't';"
                        + " it accepts on Table: auto_increment, charset, collate, comment, engine, partition_by, partitions, row_format, subpartition_by, subpartitions");
    }

    @Test
    void anUnknownDialectIsStoredWithAWarning() {
        Index ix = new Index("ix_w", users.c("name"));
        String log = stderrOf(() -> ix.dialectKw("oracle_compress", 2));
        assertThat(ix.dialectKwargs()).containsExactly(entry("oracle_compress", 2));
        assertThat(ix.dialectOptions().get("oracle")).containsExactly(entry("compress", 2));
        assertThat(log).contains("WARN").contains("Can't validate argument 'oracle_compress' on Index 'ix_w': no dialect named 'oracle' is known; storing it unchecked");
    }

    @Test
    void argumentForRefusesWhatItCannotDeclare() {
        assertThatThrownBy(() -> DialectKwArgs.argumentFor(Index.class, "oracle", "length", null)).isInstanceOf(ArgumentException.class)
                .hasMessage("Cannot add argument 'length' for Index to dialect 'oracle': no such dialect is known (known: acme, default, loose, mariadb, mysql,"
                        + " postgresql, sqlite; others register under META-INF/services/dev.retort.dialect.Dialect)");
        assertThatThrownBy(() -> DialectKwArgs.argumentFor(Index.class, "loose", "length", null)).isInstanceOf(ArgumentException.class)
                .hasMessage("Cannot add argument 'length' for Index to dialect 'loose': the dialect does not validate its arguments"
                        + " (its constructArguments() declare none), so it accepts any already");
        assertThatThrownBy(() -> DialectKwArgs.argumentFor(String.class, "sqlite", "length", null)).isInstanceOf(ArgumentException.class)
                .hasMessage("Cannot add dialect argument 'length' for String: java.lang.String takes no dialect-specific arguments");
    }

    @Test
    void argumentForDeclaresForAClassAndItsSubclasses() {
        UniqueConstraint uq = new UniqueConstraint("name");
        assertThatThrownBy(() -> uq.dialectKw("sqlite_deferred", true)).isInstanceOf(ArgumentException.class)
                .hasMessageStartingWith("Argument 'sqlite_deferred' is not accepted by dialect 'sqlite' on behalf of UniqueConstraint '(name)'");
        DialectKwArgs.argumentFor(Constraint.class, "sqlite", "deferred", false);
        try {
            assertThat(uq.dialectKw("sqlite_deferred", true).dialectOptions().get("sqlite")).containsEntry("deferred", true).containsEntry("on_conflict", null);
            assertThat(new PrimaryKeyConstraint("id").dialectOptions().get("sqlite")).containsEntry("deferred", false);
            assertThat(users.dialectOptions().get("sqlite")).doesNotContainKey("deferred");
        } finally {
            DialectKwArgs.removeArgumentFor(Constraint.class, "sqlite", "deferred");
        }
        assertThat(new PrimaryKeyConstraint("id").dialectOptions().get("sqlite")).doesNotContainKey("deferred");
    }

    @Test
    void columnOptionsFreezeWithTheColumnTablesAndIndexesStayWritable() {
        Column<String> note = Column.of("note", Types.STRING).nullable(false).dialectKw("sqlite_on_conflict_not_null", "IGNORE");
        Table t = new Table("notes", md, Column.of("id", Types.INTEGER).primaryKey(), note);
        assertThatThrownBy(() -> note.dialectKw("sqlite_on_conflict_unique", "FAIL")).isInstanceOf(ArgumentException.class)
                .hasMessage("Column 'notes.note' is part of a table and can no longer change");
        assertThatThrownBy(() -> note.dialectKwargs().remove("sqlite_on_conflict_not_null")).isInstanceOf(ArgumentException.class);
        assertThat(note.dialectKwargs()).containsExactly(entry("sqlite_on_conflict_not_null", "IGNORE"));
        assertThat(t.dialectKw("sqlite_with_rowid", false).dialectKwargs()).containsExactly(entry("sqlite_with_rowid", false));
        assertThat(t.constraints().get(0).dialectKw("sqlite_on_conflict", "FAIL").dialectKwargs()).containsOnlyKeys("sqlite_on_conflict");
    }

    @Test
    void aTableWithABadOptionIsNotAdded() {
        Column<Integer> id = Column.of("id", Types.INTEGER);
        assertThatThrownBy(() -> new Table("bad", md, Map.of("sqlite_autoincrement", true, "mysql_engin", "InnoDB"), id))
                .isInstanceOf(ArgumentException.class).hasMessageStartingWith("Argument 'mysql_engin' is not accepted by dialect 'mysql' on behalf of Table 'bad'");
        assertThat(md.tables()).doesNotContainKey("bad");
        Table good = new Table("bad", md, Map.of("sqlite_autoincrement", true), id);
        assertThat(good.c("id")).isSameAs(id);
    }

    @Test
    void aThirdPartyDialectFromServiceLoaderDeclaresValidatesAndCompiles() {
        Index ix = new Index("ix_acme", users.c("name"));
        assertThat(ix.dialectOptions().get("acme")).containsExactly(entry("fillfactor", 90));
        assertThat(new CreateIndex(ix).compile(new AcmeDialect()).string()).isEqualTo("CREATE INDEX ix_acme ON users (name) FILLFACTOR 90");
        assertThatThrownBy(() -> ix.dialectKw("acme_length", 5)).isInstanceOf(ArgumentException.class)
                .hasMessage("Argument 'acme_length' is not accepted by dialect 'acme' on behalf of Index 'ix_acme'; it accepts on Index: fillfactor");

        DialectKwArgs.argumentFor(Index.class, "acme", "length", null);
        try {
            ix.dialectKw("acme_fillfactor", 70).dialectKw("acme_length", 5);
            assertThat(new CreateIndex(ix).compile(new AcmeDialect()).string()).isEqualTo("CREATE INDEX ix_acme ON users (name) FILLFACTOR 70 LENGTH 5");
            assertThat(ix.dialectOptions().get("acme")).containsOnlyKeys("fillfactor", "length");
        } finally {
            DialectKwArgs.removeArgumentFor(Index.class, "acme", "length");
        }
        assertThatThrownBy(() -> new Index("ix_acme2", users.c("name")).dialectKw("acme_length", 5)).isInstanceOf(ArgumentException.class);

        // Acme declares on Constraint, which every constraint inherits; not on Index.
        assertThat(new UniqueConstraint("name").dialectKw("acme_deferrable", true).dialectOption("acme", "deferrable")).isEqualTo(true);
        assertThatThrownBy(() -> ix.dialectKw("acme_deferrable", true)).isInstanceOf(ArgumentException.class);
        assertThat(new CreateTable(users.dialectKw("acme_compress", true)).compile(new AcmeDialect()).string()).endsWith(") COMPRESSED");

        // A registered dialect without declarations accepts anything, without a warning.
        String log = stderrOf(() -> ix.dialectKw("loose_whatever", "x"));
        assertThat(log).doesNotContain("loose_whatever");
        assertThat(ix.dialectOptions().get("loose")).containsExactly(entry("whatever", "x"));
    }

    /** What {@code action} writes to System.err, where the test logger writes. */
    private static String stderrOf(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
