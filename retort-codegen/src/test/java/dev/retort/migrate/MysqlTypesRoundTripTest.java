package dev.retort.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.MysqlType;
import dev.retort.types.MysqlTypes;
import dev.retort.types.TypeEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A property over every type of {@link MysqlTypes}: a table created on MariaDB from a model with a
 * column of each (bare, and with the options it takes), reflected back, is the model again, so
 * the diff between them has no step; a {@code YEAR} column is reflected as {@link MysqlTypes#YEAR}.
 * Before, {@code YEAR} came back as a type named {@code year} of no MySQL kind.
 */
class MysqlTypesRoundTripTest {
    private static final Set<String> SIZED = Set.of("CHAR", "VARCHAR", "NCHAR", "NVARCHAR");

    /** A column of every public MysqlType constant, named after its field. */
    private static List<Column<?>> columnOfEveryType() throws IllegalAccessException {
        List<Column<?>> out = new ArrayList<>();
        for (Field f : MysqlTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.get(null) instanceof MysqlType<?> t) {
                MysqlType<?> type = SIZED.contains(f.getName()) ? t.length(20) : t;
                out.add(Column.of("c_" + f.getName().toLowerCase(Locale.ROOT), type));
            }
        }
        return out;
    }

    @Test
    void everyMysqlTypeRoundTripsThroughMariadbWithNoDiff() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB)) {
            MetaData model = new MetaData();
            List<Column<?>> columns = columnOfEveryType();
            assertThat(columns).hasSizeGreaterThan(20);
            List<Column<?>> all = new ArrayList<>();
            all.add(Column.of("id", MysqlTypes.INTEGER).primaryKey());
            all.addAll(columns);
            all.add(Column.of("c_year4", MysqlTypes.YEAR.displayWidth(4)));
            all.add(Column.of("c_uint", MysqlTypes.INTEGER.unsigned()));
            all.add(Column.of("c_dec", MysqlTypes.DECIMAL.precision(12, 4).unsigned()));
            all.add(Column.of("c_bit12", MysqlTypes.BIT.length(12)));
            all.add(Column.of("c_dt", MysqlTypes.DATETIME.fsp(3)));
            new Table("every_type", model, all.toArray(new Column<?>[0]));
            model.createAll(scratch.engine());

            Migration m = SchemaDiff.builder().build().compare(model, scratch.engine());
            assertThat(m.steps()).as(m.sql(true)).isEmpty();

            Table back = Table.reflect("every_type", new MetaData(), scratch.engine());
            TypeEngine<?> year = back.c("c_year").type();
            assertThat(year).isInstanceOf(MysqlType.class);
            assertThat(((MysqlType<?>) year).name()).isEqualTo("YEAR");
            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            Migration again = SchemaDiff.builder().build().compare(reflected, scratch.engine());
            assertThat(again.steps()).as(again.sql(true)).isEmpty();
        }
    }

    /**
     * Reflected from MariaDB's own DDL: a key column is autoincrement only with AUTO_INCREMENT
     * (not without it, nor with a server default), and an ENUM or SET of another character set
     * and collation than its table's keeps them, so a table created from the reflection has them
     * too and the diff of the reflection has no step.
     */
    @Test
    void mariadbKeysAutoincrementAndEnumSetCharsetsRoundTrip() {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.MARIADB); ScratchDatabase again = ScratchDatabase.create(Database.MARIADB)) {
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(SQL.text("CREATE TABLE auto_key (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY)"));
                conn.execute(SQL.text("CREATE TABLE big_key (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)"));
                conn.execute(SQL.text("CREATE TABLE medium_key (id MEDIUMINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)"));
                conn.execute(SQL.text("CREATE TABLE pair_key (a INTEGER NOT NULL AUTO_INCREMENT, b INTEGER NOT NULL, PRIMARY KEY (a, b))"));
                conn.execute(SQL.text("CREATE TABLE plain_key (id INTEGER NOT NULL PRIMARY KEY)"));
                conn.execute(SQL.text("CREATE TABLE default_key (id INTEGER NOT NULL DEFAULT 7 PRIMARY KEY)"));
                conn.execute(SQL.text("CREATE TABLE labelled (id INTEGER NOT NULL PRIMARY KEY,"
                        + " mood ENUM('sad','ok') CHARACTER SET latin1 COLLATE latin1_bin,"
                        + " flags SET('x','y') CHARACTER SET latin1 COLLATE latin1_general_ci) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"));
            }
            MetaData reflected = new MetaData();
            reflected.reflect(scratch.engine());
            assertThat(reflected.table("auto_key").c("id").isAutoincrement()).isTrue();
            assertThat(reflected.table("big_key").c("id").isAutoincrement()).isTrue();
            assertThat(reflected.table("medium_key").c("id").isAutoincrement()).isTrue();
            assertThat(reflected.table("pair_key").c("a").isAutoincrement()).isTrue();
            assertThat(reflected.table("pair_key").c("b").isAutoincrement()).isFalse();
            assertThat(reflected.table("plain_key").c("id").isAutoincrement()).isFalse();
            assertThat(reflected.table("default_key").c("id").isAutoincrement()).isFalse();
            Migration m = SchemaDiff.builder().build().compare(reflected, scratch.engine());
            assertThat(m.steps()).as(m.sql(true)).isEmpty();

            reflected.createAll(again.engine());
            try (Connection conn = again.engine().connect()) {
                List<Object> collations = conn.execute(SQL.text("SELECT CONCAT(COLUMN_NAME, ' ', CHARACTER_SET_NAME, ' ', COLLATION_NAME, ' ', EXTRA)"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = :s AND TABLE_NAME = 'labelled' AND COLUMN_NAME <> 'id' ORDER BY COLUMN_NAME")
                        .bindparams(Map.of("s", again.schema()))).scalars();
                assertThat(collations).containsExactly("flags latin1 latin1_general_ci ", "mood latin1 latin1_bin ");
                List<Object> generated = conn.execute(SQL.text("SELECT CONCAT(TABLE_NAME, ' ', COLUMN_TYPE) FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = :s AND EXTRA LIKE '%auto_increment%' ORDER BY TABLE_NAME").bindparams(Map.of("s", again.schema()))).scalars();
                assertThat(generated).containsExactly("auto_key int(11)", "big_key bigint(20) unsigned", "medium_key mediumint(8) unsigned", "pair_key int(11)");
            }
            Migration recreated = SchemaDiff.builder().build().compare(reflected, again.engine());
            assertThat(recreated.steps()).as(recreated.sql(true)).isEmpty();
        }
    }
}
