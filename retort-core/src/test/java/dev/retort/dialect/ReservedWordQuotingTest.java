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
}
