package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Mapper#addProperty}: a computed attribute added after mapping (SQLAlchemy's {@code User.total = column_property(...)}
 * after the class body), listed after the columns while one given to the mapping comes before them. The SQL is
 * SQLAlchemy 2.1.1's.
 */
class AddPropertyTest {
    /** A user, with its name in capitals (mapped) and the number of its addresses (added later). */
    public static class User {
        Integer id;
        String name;
        String upperName;
        Long total;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final UserAddressTables tables = new UserAddressTables(orm);
    private final Table users = tables.users;
    private final Table addresses = tables.addresses;
    private final Mapper<User> userMapper = orm.registry.mapImperatively(User.class, users,
            Map.of("upperName", ORM.columnProperty(func("upper", users.c("name")))));

    AddPropertyTest() {
        userMapper.addProperty("total", ORM.columnProperty(
                select(func("count", addresses.c("id"))).where(addresses.c("user_id").eq(users.c("id"))).scalarSubquery()));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void listedAfterTheColumns(Databases.Database db) {
        assertThat(orm.sqlOf(ORM.select(User.class).orderBy(ORM.attr(User.class, "id")))).isEqualTo(
                "SELECT upper(users.name) AS upper_1, users.id, users.name, "
                        + "(SELECT count(addresses.id) AS count_1 FROM addresses WHERE addresses.user_id = users.id) AS anon_1 "
                        + "FROM users ORDER BY users.id");
        tables.seed(orm.start(db), new Object[][] {{1, "a"}, {2, "b"}}, new int[][] {{1, 1}, {2, 1}});
        List<User> rows = ORM.select(User.class).orderBy(ORM.attr(User.class, "id")).withSession(orm.open()).all();
        assertThat(rows).extracting(u -> u.id + ":" + u.upperName + ":" + u.total).containsExactly("1:A:2", "2:B:0");
    }

    @Test
    void refusedForAKeyMappedAlreadyAndOnceConfigured() {
        assertThatThrownBy(() -> userMapper.addProperty("name", ORM.columnProperty(func("lower", users.c("name")))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("'name' already");
        assertThatThrownBy(() -> userMapper.addProperty("total", ORM.columnProperty(func("lower", users.c("name")))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("'total' already");
        orm.registry.configure();
        assertThatThrownBy(() -> userMapper.addProperty("lowerName", ORM.columnProperty(func("lower", users.c("name")))))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("configured it already");
    }
}
