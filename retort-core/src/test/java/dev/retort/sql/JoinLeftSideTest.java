package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The left side {@link Select#join(FromClause, ColumnElement)} finds is never a FROM clause inside the
 * join's target: a column of the target's tables selected first is on the right side. Expected SQL:
 * SQLAlchemy 2.1.1's {@code select(p1.c.id, companies.c.name).join(p1.join(m1, ...), companies.c.id == p1.c.company_id)}.
 */
class JoinLeftSideTest {
    private final MetaData metadata = new MetaData();
    private final Table companies = new Table("companies", metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
    private final Table people = new Table("people", metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("company_id", Types.INTEGER).foreignKey("companies.id"));
    private final Table managers = new Table("managers", metadata, Column.of("id", Types.INTEGER).primaryKey().foreignKey("people.id"));

    @Test
    void aTableOfTheTargetSelectedFirstIsNotTheLeftSide() {
        Alias p1 = people.alias();
        Alias m1 = managers.alias();
        FromClause target = p1.join(m1, p1.c("id").eq(m1.c("id")));
        ColumnElement<Boolean> on = companies.c("id").eq(p1.c("company_id"));
        assertThat(SQL.select(p1.c("id"), companies.c("name")).join(target, on).compile().string().replaceAll("\\s+", " ")).isEqualTo(
                "SELECT people_1.id, companies.name FROM companies JOIN (people AS people_1 JOIN managers AS managers_1 "
                + "ON people_1.id = managers_1.id) ON companies.id = people_1.company_id");
        assertThat(SQL.select(p1.c("id"), companies.c("name")).outerJoin(target, on).compile().string().replaceAll("\\s+", " ")).isEqualTo(
                "SELECT people_1.id, companies.name FROM companies LEFT OUTER JOIN (people AS people_1 JOIN managers AS managers_1 "
                + "ON people_1.id = managers_1.id) ON companies.id = people_1.company_id");
    }
}
