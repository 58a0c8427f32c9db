package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's dynamic collection example, run as written on SQLite over the mapping {@link ReadmeCollectionExample} shares. */
class ReadmeDynamicExampleTest {
    public static class User {
        Integer id;
        String name;
        DynamicCollection<Address> addresses = new DynamicCollection<>();
    }

    public static class Address {
        Integer id;
        String email;
        Integer userId;
        User user;
    }

    @Test
    void theExample() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Session session = ReadmeCollectionExample.mapUsersAndAddresses(t, User.class, Address.class);
            User user = new User();
            user.name = "ed";
            Address address = new Address();
            address.email = "ed@example.com";

            session.add(user);
            user.addresses.append(address);          // queued
            long n = user.addresses.count();         // autoflush (INSERTs), then SELECT count(*) FROM (SELECT ... WHERE ? = addresses.user_id) AS anon_1
            List<Address> some = user.addresses.filter(ORM.attr(Address.class, "email").like("%@example.com"))
                    .orderBy(ORM.attr(Address.class, "id")).limit(10).all();
            int changed = user.addresses.update(Map.of("email", "ed@example.org"));   // UPDATE addresses SET email=? WHERE ? = addresses.user_id

            assertThat(n).isEqualTo(1);
            assertThat(some).containsExactly(address);
            assertThat(changed).isEqualTo(1);
            assertThat(address.email).isEqualTo("ed@example.org");
            assertThat(address.user).isSameAs(user);
            assertThat(t.take("")).anySatisfy(s -> assertThat(s).startsWith("SELECT count(*) AS count_1 FROM (SELECT")
                    .endsWith("WHERE ? = addresses.user_id) AS anon_1"));
        }
    }
}
