package dev.retort.orm;

import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * A write-only collection's {@code insert()}, {@code update()} and {@code delete()} of a parent still pending as the
 * statement is made (test_dynamic.py WriteOnlyBulkTest, flush_user_first=False): the parent's key is read as the
 * statement runs, after the session's autoflush gave it one, as SQLAlchemy's {@code bindparam(callable_=...)} is.
 */
class WriteOnlyBulkTest {
    /** A user with write-only addresses. */
    public static class User {
        Integer id;
        String name;
        WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>();
    }

    /** An address. */
    public static class Address {
        Integer id;
        Integer userId;
        String email;
    }

    private static OrmTestDatabase model(Databases.Database db) {
        OrmTestDatabase t = new OrmTestDatabase();
        Table users = new Table("users" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(30)));
        new Table("addresses" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + t.suffix + ".id"), Column.of("email", Types.string(50)));
        t.registry.mapImperatively(User.class, users, Map.of("addresses", ORM.relationship(Address.class)));
        t.registry.mapImperatively(Address.class, t.metadata.table("addresses" + t.suffix));
        t.start(db);
        return t;
    }

    private static List<String> emailsOf(OrmTestDatabase t, int userId) {
        Table a = t.metadata.table("addresses" + t.suffix);
        try (var c = t.engine().connect()) {
            return c.execute(select(a.c("email")).where(a.c("user_id").eq(userId)).orderBy(a.c("email"))).all().stream()
                    .map(r -> (String) r.get(0)).toList();
        }
    }

    @EachDatabase
    void theStatementsOfAPendingParentWriteItsKeyAsTheyRun(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            User u = new User();
            u.name = "x";
            s.add(u);
            var insert = u.addresses.insert();      // u has no id yet
            var update = u.addresses.update().values(Map.of("email", "changed"));
            t.take("");
            s.execute(insert, Map.of("email", "e1"));   // SQLAlchemy: sess.scalars(u1.addresses.insert(), [{"email_address": "e1"}, ...])
            assertThat(t.take("INSERT")).hasSize(2).last().asString().startsWith("INSERT INTO addresses (user_id, email) VALUES (?, ?)");
            s.execute(insert, Map.of("email", "e2"));
            s.commit();
            assertThat(emailsOf(t, u.id)).containsExactly("e1", "e2");
            Session s2 = t.open();
            s2.execute(update);
            s2.commit();
            assertThat(emailsOf(t, u.id)).containsExactly("changed", "changed");
            assertThat(u.addresses.delete().toString().replace(t.suffix, "").replaceAll("\\s+", " "))
                    .isEqualTo("DELETE FROM addresses WHERE :param_1 = addresses.user_id");
            Session s3 = t.open();
            s3.execute(u.addresses.delete());
            s3.commit();
            assertThat(emailsOf(t, u.id)).isEmpty();
        }
    }
}
