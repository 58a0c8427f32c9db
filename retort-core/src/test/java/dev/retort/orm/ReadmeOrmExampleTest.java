package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's ORM section, as written there (assertions added). */
class ReadmeOrmExampleTest {
    public static class User {
        Integer id;
        String name;
        List<Address> addresses = new ArrayList<>();

        public String getName() {
            return name;
        }
    }

    public static class Address {
        Integer id;
        String email;
        Integer userId;
        User user;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSeedsExampleInJava() {
        MetaData metadata = new MetaData();
        Table users = new Table("users", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)));
        Table addresses = new Table("addresses", metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("email", Types.string(50)),
                Column.of("user_id", Types.INTEGER).foreignKey("users.id"));
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        metadata.createAll(engine);

        Registry registry = new Registry(metadata);
        registry.mapImperatively(User.class, users, Map.of(
                "addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
        registry.mapImperatively(Address.class, addresses);
        ScopedSession Session = new ScopedSession(SessionFactory.of(engine));      // seed: scoped_session(sessionmaker())
        try {
            User ed = new User();
            ed.name = "ed";
            Address a = new Address();
            a.email = "ed@wood.com";
            ed.addresses.add(a);
            Session.add(ed);                                 // the address goes with it
            Session.commit();                                // INSERT users, then INSERT addresses (with ed's new id)

            Query<User> query = Session.query(User.class)
                    .filter(ORM.attr(User.class, "name").eq("ed"))
                    .orderBy(ORM.attr(User::getName));
            byte[] serialized = QuerySerializer.dumps(query);                             // pickle the query
            Query<User> query2 = (Query<User>) QuerySerializer.loads(serialized, metadata, Session);   // pass metadata + scoped session
            System.out.println(query2.all());

            assertThat(query2.all()).containsExactly(ed);
            assertThat(a.userId).isEqualTo(ed.id);
            assertThat(a.user).isSameAs(ed);

            Query<User> withAddresses = query2.options(ORM.joinedLoad(ORM.attr(User.class, "addresses")));   // one statement
            assertThat(withAddresses.one().addresses).containsExactly(a);
            AliasedEntity<User> other = ORM.aliased(User.class);
            assertThat(Session.query(User.class, other).join(other, ORM.attr(User.class, "id").lt(other.attr("id"))).all()).isEmpty();
            assertThat(Session.query(User.class).filter(ORM.attr(User.class, "addresses").any(ORM.attr(Address.class, "email").like("%wood%"))).count())
                    .isEqualTo(1);
        } finally {
            Session.remove();
            registry.dispose();
            engine.dispose();
        }
    }
}
