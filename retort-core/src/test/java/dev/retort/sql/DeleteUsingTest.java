package dev.retort.sql;

import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Delete#using}: the other tables of a multi-table DELETE named explicitly (SQL compared
 * with SQLAlchemy's in the ported suite, DeleteFromCompileTest), by the rows each database keeps.
 * Data as in {@link RenderingFixesTest#withData}: address 1 belongs to user 1 (age 30),
 * addresses 2 and 3 to user 2 (age 7).
 */
class DeleteUsingTest {
    @EachDatabase
    void deletesTheRowsMatchedAgainstTheNamedTable(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table a = s.addresses;
            c.execute(delete(s.orders));   // orders refer to addresses
            c.execute(delete(a).using(s.users).where(a.c("user_id").eq(s.u("id")), s.u("age").gt(10)));
            assertThat(RenderingFixesTest.values(c, select(a.c("id")))).containsExactly(2L, 3L);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = "MARIADB")
    void aJoinHoldingTheTargetIsTheWholeUsingList(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table a = s.addresses;
            // DELETE FROM addresses USING addresses LEFT OUTER JOIN orders ON ...: addresses without an order go
            c.execute(delete(a).using(a.outerJoin(s.orders, s.orders.c("address_id").eq(a.c("id")))).where(s.orders.c("id").isNull()));
            assertThat(RenderingFixesTest.values(c, select(a.c("id")))).containsExactly(1L, 3L);
        });
    }
}
