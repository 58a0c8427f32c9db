package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's write-only collection example, run as written on SQLite over the mapping {@link ReadmeCollectionExample} shares. */
class ReadmeWriteOnlyExampleTest {
    public static class User {
        Integer id;
        String name;
        WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>();
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
            session.add(user);
            Address address = new Address();
            address.email = "ed@example.com";

            user.addresses.add(address);             // queued: the next flush sets address.user_id
            session.commit();
            t.take("");
            List<Address> page = session.execute(user.addresses.select()
                    .filter(ORM.attr(Address.class, "email").like("%@example.com"))
                    .orderBy(ORM.attr(Address.class, "id")).limit(10)).scalars();

            assertThat(page).containsExactly(address);
            assertThat(address.userId).isEqualTo(user.id);
            assertThat(t.take("SELECT addresses")).singleElement().asString()
                    .endsWith("FROM addresses WHERE ? = addresses.user_id AND addresses.email LIKE ? ORDER BY addresses.id LIMIT ? OFFSET ?");
        }
    }
}
