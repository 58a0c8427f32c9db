package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code any()} of a relationship whose target the query joins already: the EXISTS keeps the target's table in its
 * own FROM (SQLAlchemy's correlate_except of the target), where it used to correlate it away and compiling failed
 * ("A subquery returned no FROM clauses"; found by OrmCacheKeyPropertyTest's constructs generator). The SQL and the
 * rows are SQLAlchemy 2.1.1's for the same mapping and data.
 */
class AnyOfJoinedTargetTest {
    /** A user with its addresses. */
    public static class User {
        Integer id;
        String name;
        List<UserAddressTables.Address> addresses;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final UserAddressTables tables = new UserAddressTables(orm);

    AnyOfJoinedTargetTest() {
        orm.registry.mapImperatively(User.class, tables.users, Map.of("addresses", ORM.relationship(UserAddressTables.Address.class)));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theExistsKeepsTheJoinedTargetInItsFrom(Databases.Database db) {
        Query<dev.retort.engine.Row> q = ORM.select(ORM.attr(User.class, "id")).join(ORM.attr(User.class, "addresses"))
                .where(ORM.attr(User.class, "addresses").any(ORM.attr(UserAddressTables.Address.class, "id").eq(1)))
                .orderBy(ORM.attr(User.class, "id"));
        assertThat(orm.sqlOf(q)).isEqualTo("SELECT users.id FROM users JOIN addresses ON users.id = addresses.user_id "
                + "WHERE EXISTS (SELECT 1 FROM addresses WHERE users.id = addresses.user_id AND addresses.id = :id_1) ORDER BY users.id");
        tables.seed(orm.start(db), new Object[][] {{1, "a"}, {2, "b"}}, new int[][] {{1, 1}, {2, 1}, {3, 2}});
        assertThat(q.withSession(orm.open()).all()).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(1, 1);
    }
}
