package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code session.refresh(obj, ["name"])} as SQLAlchemy 2.1.1 runs it: one SELECT of the named columns by key, the
 * named attribute's unflushed change discarded, the others kept (and still flushed).
 */
class RefreshAttributesTest {
    public static class U {
        Integer id;
        String name;
        Integer age;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table users = new Table("users" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)), Column.of("age", Types.INTEGER));

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void theNamedAttributesAreLoadedAgainAndTheOthersKeepTheirChanges(Databases.Database db) {
        orm.registry.mapImperatively(U.class, users);
        orm.start(db);
        Session s = orm.open();
        U x = new U();
        x.id = 1;
        x.name = "a";
        x.age = 3;
        s.add(x);
        s.commit();
        try (Connection c = orm.engine().connect()) {
            c.execute(SQL.update(users).values(Map.of("name", "db", "age", 4)));
            c.commit();
        }
        s.get(U.class, 1);
        x.name = "changed";
        x.age = 9;
        orm.take("");
        s.refresh(x, List.of("name"));
        assertThat(orm.take("SELECT")).containsExactly("SELECT users.name FROM users WHERE users.id = ?");
        assertThat(x.name).isEqualTo("db");
        assertThat(x.age).isEqualTo(9);
        s.commit();
        assertThat(orm.take("UPDATE")).containsExactly("UPDATE users SET age=? WHERE users.id = ?");
        assertThatThrownBy(() -> s.refresh(x, List.of("nope"))).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> s.refresh(x, List.of())).isInstanceOf(ArgumentException.class);
    }
}
