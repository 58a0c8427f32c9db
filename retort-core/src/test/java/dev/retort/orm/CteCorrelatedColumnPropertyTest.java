package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A column_property subquery that explicitly correlates its class's table ({@code correlate(users)}), loaded through an
 * entity aliased to a CTE of that class (SQLAlchemy's CorrelateORMTest::test_correlate_to_cte_legacy): adapted onto the
 * CTE, the correlation must follow ({@code correlate(picked)}). It kept {@code users}, so the CTE was not correlated and
 * the subquery read {@code FROM addresses, picked}: a count over all rows. The SQL is SQLAlchemy 2.1.1's.
 */
class CteCorrelatedColumnPropertyTest {
    /** A user with the number of its addresses. */
    public static class User {
        Integer id;
        String name;
        Long total;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final UserAddressTables tables = new UserAddressTables(orm);
    private final Table users = tables.users;
    private final Table addresses = tables.addresses;

    CteCorrelatedColumnPropertyTest() {
        orm.registry.mapImperatively(User.class, users, Map.of("total", ORM.columnProperty(
                select(func("count", addresses.c("id"))).where(addresses.c("user_id").eq(users.c("id"))).correlate(users).scalarSubquery())));
    }

    private Query<dev.retort.engine.Row> query() {
        AliasedEntity<User> picked = ORM.aliased(User.class,
                ORM.select(ORM.attr(User.class, "id"), ORM.attr(User.class, "name")).where(ORM.attr(User.class, "name").ne("x")).innerStatement().cte("picked"));
        return ORM.select(picked.attr("id"), picked.attr("total")).orderBy(picked.attr("id"));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void correlatesToTheCte(Databases.Database db) {
        assertThat(orm.sqlOf(query())).isEqualTo(
                "WITH picked AS (SELECT users.id AS id, users.name AS name FROM users WHERE users.name != :name_1) "
                        + "SELECT picked.id, (SELECT count(addresses.id) AS count_1 FROM addresses WHERE addresses.user_id = picked.id) AS anon_1 "
                        + "FROM picked ORDER BY picked.id");
        tables.seed(orm.start(db), new Object[][] {{1, "a"}, {2, "x"}, {3, "c"}}, new int[][] {{1, 1}, {2, 1}, {3, 2}});
        List<dev.retort.engine.Row> rows = query().withSession(orm.open()).all();
        assertThat(rows).extracting(r -> r.get(0) + ":" + r.get(1)).containsExactly("1:2", "3:0");
    }
}
