package dev.retort.api;

import static dev.retort.sql.SQL.insert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.ORM;
import dev.retort.orm.Query;
import dev.retort.orm.Registry;
import dev.retort.orm.ScopedSession;
import dev.retort.orm.Session;
import dev.retort.orm.SessionFactory;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** API.md §5, written as there (classes with package-private fields and no initialisers). */
class OrmApiContractTest {
    public static class User { Integer id; String name; List<Address> addresses; public User() {} public String getName() { return name; } }
    public static class Address { Integer id; String email; Integer userId; User user; public Address() {} }

    @Test
    @SuppressWarnings("unchecked")
    void theOrmSnippet() {
        MetaData metadata = new MetaData();
        Table users = new Table("users", metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(50)));
        Table addresses = new Table("addresses", metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("email", Types.string(50)), Column.of("user_id", Types.INTEGER).foreignKey("users.id"));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        Registry registry = new Registry(metadata);
        try {
            metadata.createAll(engine);
            try (Connection c = engine.begin()) {
                c.execute(insert(users), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed"), Map.of("id", 9, "name", "fred")));
                c.execute(insert(addresses), List.of(Map.of("id", 1, "email", "ed@x", "user_id", 8), Map.of("id", 2, "email", "ed@y", "user_id", 8)));
            }
            registry.mapImperatively(User.class, users, Map.of(
                    "addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
            registry.mapImperatively(Address.class, addresses);

            SessionFactory factory = SessionFactory.of(engine);
            ScopedSession Session = new ScopedSession(factory);
            Session session = Session.get();
            AtomicInteger count = new AtomicInteger();
            engine.addListener((sql, params) -> count.incrementAndGet());

            Query<User> q = Session.query(User.class)
                    .filter(ORM.attr(User.class, "name").eq("ed"))
                    .options(ORM.joinedLoad(ORM.attr(User.class, "addresses")))
                    .orderBy(ORM.attr(User.class, "id"));
            List<User> all = q.all();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).addresses).extracting(a -> a.email).containsExactly("ed@x", "ed@y");
            assertThat(q.first()).isSameAs(all.get(0));
            assertThat(q.one()).isSameAs(q.oneOrNull());
            assertThat(q.count()).isEqualTo(1);
            assertThat(q.statement().toString()).contains("users.name = :name_1");
            assertThat(Session.query(User.class).filter(ORM.attr(User::getName).eq("jack")).one().id).isEqualTo(7);

            User ed = session.get(User.class, 8);
            assertThat(ed).isSameAs(all.get(0));
            User u = new User();
            u.id = 10;
            u.name = "wendy";
            session.add(u);
            session.flush();
            session.delete(u);
            session.commit();

            var ua = ORM.aliased(User.class);
            List<Row> pairs = Session.query(User.class, ua).join(ua, ORM.attr(User.class, "id").lt(ua.attr("id"))).all();
            assertThat(pairs).hasSize(3);
            assertThat(Session.query(User.class).filter(ORM.attr(User.class, "addresses").any(ORM.attr(Address.class, "email").eq("ed@y"))).count()).isEqualTo(1);
            assertThat(Session.query(Address.class).filter(ORM.attr(Address.class, "user").eq(ed)).count()).isEqualTo(2);

            Query<User> back = (Query<User>) QuerySerializer.loads(QuerySerializer.dumps(q), metadata, Session);
            assertThat(back.all()).containsExactly(ed);
            assertThat(count.get()).isGreaterThan(0);

            try (Session own = factory.open()) {
                assertThat(own.get(User.class, 7).name).isEqualTo("jack");
            }
            Session.remove();
        } finally {
            registry.dispose();
            engine.dispose();
        }
    }
}
