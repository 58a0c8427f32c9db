package dev.retort.sql;

import static dev.retort.sql.SQL.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.engine.Result;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
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

/**
 * Generated labels longer than the database keeps: cut and numbered as SQLAlchemy's compiler
 * cuts them (the exact SQL is checked against SQLAlchemy by the ported test_labels.py cases).
 */
class IdentifierLengthTest {
    /** Long enough that {@code <table>_<column>} passes 64 characters; the two differ only at the end. */
    private static final String ONE = "this_column_name_is_long_enough_for_the_label_to_be_cut_one";
    private static final String TWO = "this_column_name_is_long_enough_for_the_label_to_be_cut_two";

    /**
     * Two table-qualified labels of more than 63 characters that share their first 63, read
     * through a subquery: PostgreSQL cut both to one name, so the outer SELECT's references were
     * ambiguous; cut by the compiler they stay apart, and the rows read right by position and by
     * the keys the result declares.
     */
    @EachDatabase
    void longGeneratedLabelsThatShareAPrefixKeepTheirColumns(Database db) {
        MetaData md = new MetaData();
        Table t = new Table("lbl_" + UUID.randomUUID().toString().substring(0, 8), md,
                Column.of("id", Types.INTEGER).primaryKey(), Column.of(ONE, Types.INTEGER), Column.of(TWO, Types.INTEGER));
        assertThat(t.name().length() + 1 + ONE.length()).isGreaterThan(64);
        md.createAll(db.engine());
        try (Connection c = db.engine().connect()) {
            c.execute(insert(t).values(Map.of("id", 1, ONE, 10, TWO, 20)));
            List<String> allKeys = new java.util.ArrayList<>();
            Select labelled = select(t.c(ONE), t.c(TWO)).labelStyle(LabelStyle.TABLENAME_PLUS_COL);
            for (Select stmt : List.of(labelled, select(labelled.subquery()), select(labelled.subquery()).labelStyle(LabelStyle.TABLENAME_PLUS_COL))) {
                Result r = c.execute(stmt);
                List<String> keys = r.keys();
                Row row = r.one();
                assertThat(row.toList()).as(stmt.toString()).containsExactly(10, 20);
                assertThat(keys).doesNotHaveDuplicates();
                assertThat(row.get(keys.get(0))).isEqualTo(10);
                assertThat(row.get(keys.get(1))).isEqualTo(20);
                allKeys.addAll(keys);
            }
            int limit = db.engine().dialect().maxIdentifierLength();
            assertThat(allKeys).allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(limit));
            c.rollback();
        } finally {
            md.dropAll(db.engine());
        }
    }

    /**
     * The labels SQLAlchemy derives from anonymous names (a subquery's anonymous columns under
     * TABLENAME_PLUS_COL, nested anonymous aliases, repeated columns of an anonymous alias, an
     * anonymous label): on SQLite the rows read right by position and by the keys the result declares.
     */
    @Test
    void derivedAnonymousLabelsReadByPositionAndName() {
        MetaData md = new MetaData();
        Table t = new Table("anon_names", md, Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER));
        dev.retort.engine.Engine engine = dev.retort.engine.Engine.create("jdbc:sqlite::memory:");
        try (Connection c = engine.connect()) {
            md.createAll(engine);
            c.execute(insert(t).values(Map.of("a", 3, "b", 4)));
            Alias anon = t.alias();
            Alias inner = select(t).subquery();
            Alias counted = select(func("count", literalColumn("*")), t.c("a").add(1), t.c("b").label(null)).subquery();
            Map<Select, List<Object>> expected = new java.util.LinkedHashMap<>();
            expected.put(select(anon.c("a"), anon.c("a"), anon.c("b"), anon.c("a")).labelStyle(LabelStyle.TABLENAME_PLUS_COL), List.of(3, 3, 4, 3));
            expected.put(select(select(inner).labelStyle(LabelStyle.TABLENAME_PLUS_COL).subquery()).labelStyle(LabelStyle.TABLENAME_PLUS_COL), List.of(3, 4));
            expected.put(select(counted).labelStyle(LabelStyle.TABLENAME_PLUS_COL), List.of(1, 4, 4));
            expected.put(select(counted.c(counted.columns().get(2).key())).where(counted.columns().get(0).gt(0)), List.of(4));
            for (Map.Entry<Select, List<Object>> e : expected.entrySet()) {
                Result r = c.execute(e.getKey());
                List<String> keys = r.keys();
                Row row = r.one();
                assertThat(keys).as(e.getKey().toString()).doesNotHaveDuplicates()
                        .isEqualTo(e.getKey().compile(engine.dialect()).resultColumns().stream().map(Compiled.ResultColumn::name).toList());
                assertThat(row.toList().stream().map(v -> ((Number) v).intValue()).toList()).as(e.getKey().toString()).isEqualTo(e.getValue());
                for (int i = 0; i < keys.size(); i++) {
                    assertThat(((Number) row.get(keys.get(i))).intValue()).as(keys.get(i)).isEqualTo(e.getValue().get(i));
                }
            }
        } finally {
            engine.dispose();
        }
    }

    @Test
    void generatedNamesAreCutToTheLabelLengthAndGivenNamesAreNot() {
        Table t = new Table("some_table_with_a_long_name", new MetaData(), Column.of("some_column_with_a_long_name", Types.INTEGER));
        String given = "a_label_the_application_chose_that_is_longer_than_thirty_characters";
        Select stmt = select(t.c("some_column_with_a_long_name"), t.c("some_column_with_a_long_name").label(given))
                .labelStyle(LabelStyle.TABLENAME_PLUS_COL);
        Dialect shortLabels = Dialects.postgresql().withLabelLength(30);
        Compiled compiled = stmt.compile(shortLabels);
        String generated = compiled.resultColumns().get(0).name();
        assertThat(generated.length()).isLessThanOrEqualTo(30);
        assertThat(compiled.string()).contains(" AS " + generated + ",").contains(" AS " + given);
        assertThat(compiled.resultColumns().get(1).name()).isEqualTo(given);
        assertThat(stmt.compile(shortLabels).string()).isEqualTo(compiled.string());
        String full = stmt.compile(Dialects.postgresql()).resultColumns().get(0).name();
        assertThat(full.length()).isGreaterThan(30).isLessThanOrEqualTo(63);
        assertThat(Dialects.postgresql().labelLength()).isEqualTo(63);
        assertThat(Dialects.mariadb().labelLength()).isEqualTo(64);
        assertThat(shortLabels.name()).isEqualTo("postgresql");
    }

    @Test
    void aLabelLengthAboveTheIdentifierLimitIsRefused() {
        assertThatThrownBy(() -> Dialects.postgresql().withLabelLength(64)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("63").hasMessageContaining("postgresql");
        assertThatThrownBy(() -> Dialects.sqlite().withLabelLength(0)).isInstanceOf(ArgumentException.class);
    }
}
