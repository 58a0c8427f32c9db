package dev.retort.dialect;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.sql.TableClause;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names each database reserves beyond the ANSI list are quoted (unquoted, {@code SELECT rank.rank FROM rank}
 * is a syntax error on MySQL 8). Expected SQL printed by SQLAlchemy 2.1.1 for
 * {@code select(table(n, column(n)).c[n])} on its mysql (is_mariadb for MariaDB), postgresql and sqlite dialects.
 */
class ReservedWordQuotingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mysql|rank|SELECT `rank`.`rank` FROM `rank`",
            "mysql|row|SELECT `row`.`row` FROM `row`",
            "mysql|of|SELECT `of`.`of` FROM `of`",
            "mysql|lateral|SELECT `lateral`.`lateral` FROM `lateral`",
            "mysql|function|SELECT `function`.`function` FROM `function`",
            "mysql|system|SELECT `system`.`system` FROM `system`",
            "mariadb|package|SELECT `package`.`package` FROM `package`",
            "mariadb|row_number|SELECT `row_number`.`row_number` FROM `row_number`",
            "mariadb|recursive|SELECT `recursive`.`recursive` FROM `recursive`",
            "postgresql|of|SELECT \"of\".\"of\" FROM \"of\"",
            "postgresql|fetch|SELECT \"fetch\".\"fetch\" FROM \"fetch\"",
            "postgresql|variadic|SELECT \"variadic\".\"variadic\" FROM \"variadic\"",
            "sqlite|view|SELECT \"view\".\"view\" FROM \"view\"",
            "sqlite|temp|SELECT \"temp\".\"temp\" FROM \"temp\"",
            "sqlite|row|SELECT \"row\".\"row\" FROM \"row\"",
            "sqlite|transaction|SELECT \"transaction\".\"transaction\" FROM \"transaction\"",
    })
    void reservedNameIsQuoted(String dialect, String name, String expected) {
        TableClause t = table(name, column(name));
        String sql = select(t.c(name)).compile(Dialects.byName(dialect)).string();
        assertThat(sql.replaceAll("\\s+", " ").trim()).isEqualTo(expected);
    }

    /**
     * PostgreSQL's non-reserved keywords stay bare, as SQLAlchemy 2.1.1 prints them (its output, blanks
     * collapsed); PostgreSQL takes each bare as a table and column name.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgresql|add|SELECT add.add FROM add",
            "postgresql|alter|SELECT alter.alter FROM alter",
            "postgresql|by|SELECT by.by FROM by",
            "postgresql|delete|SELECT delete.delete FROM delete",
            "postgresql|drop|SELECT drop.drop FROM drop",
            "postgresql|escape|SELECT escape.escape FROM escape",
            "postgresql|exists|SELECT exists.exists FROM exists",
            "postgresql|groups|SELECT groups.groups FROM groups",
            "postgresql|index|SELECT index.index FROM index",
            "postgresql|insert|SELECT insert.insert FROM insert",
            "postgresql|key|SELECT key.key FROM key",
            "postgresql|partition|SELECT partition.partition FROM partition",
            "postgresql|rows|SELECT rows.rows FROM rows",
            "postgresql|set|SELECT set.set FROM set",
            "postgresql|update|SELECT update.update FROM update",
            "postgresql|values|SELECT values.values FROM values",
    })
    void nonReservedPostgresqlNameStaysBare(String dialect, String name, String expected) {
        reservedNameIsQuoted(dialect, name, expected);
    }
}
