package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToOne;

/**
 * The README's example of the annotations read since session 14 (@OneToOne, @Enumerated, @Convert,
 * @Embedded), run as written (its converter is {@link AnnotatedOneToOneTest.YesNo}); the SQL of its query is SQLAlchemy 2.1.1's for the same table mapped with composite().
 */
class ReadmeJpaAnnotationsExampleTest {
    enum Status { ACTIVE, GONE }

    @Embeddable
    public static class Address {
        String street;
        String city;

        public Address() {
        }

        Address(String street, String city) {
            this.street = street;
            this.city = city;
        }
    }

    @Entity
    public static class Customer {
        @Id @GeneratedValue Integer id;
        @Enumerated(EnumType.STRING) Status status;
        @Convert(converter = AnnotatedOneToOneTest.YesNo.class) boolean vip;
        @Embedded Address home;
        @OneToOne(mappedBy = "owner", cascade = CascadeType.ALL) Card card;

        public Customer() {
        }
    }

    @Entity
    public static class Card {
        @Id @GeneratedValue Integer id;
        @OneToOne(optional = false) Customer owner;

        public Card() {
        }
    }

    @EachDatabase
    void theAnnotationsOfTheExample(Databases.Database db) {
        try (OrmTestDatabase orm = new OrmTestDatabase().suffixingMappedTables()) {
            orm.registry.map(Customer.class, Card.class);
            Table cards = orm.metadata.tables().get("Card" + orm.suffix);
            assertThat(cards.c("owner_id").isUnique()).isTrue();
            assertThat(cards.c("owner_id").isNullable()).isFalse();
            assertThat(cards.c("owner_id").foreignKeys().get(0).column().table().name()).isEqualTo("Customer" + orm.suffix);
            assertThat(orm.metadata.tables().get("Customer" + orm.suffix).c("status").type().compile()).isEqualTo("VARCHAR(255)");
            orm.start(db);
            try (Session session = orm.open()) {
                Customer c = new Customer();
                c.status = Status.ACTIVE;
                c.vip = true;
                c.home = new Address("Main", "Oslo");
                c.card = new Card();
                session.add(c);
                session.commit();
            }
            try (Session session = orm.open()) {
                Address address = new Address("Main", "Oslo");
                Query<Customer> q = session.query(Customer.class).filter(ORM.attr(Customer.class, "home").eq(address));
                assertThat(orm.sqlOf(q)).endsWith("WHERE \"Customer\".street = :home_street_1 AND \"Customer\".city = :home_city_1");
                Customer c = q.one();
                assertThat(c.status).isEqualTo(Status.ACTIVE);
                assertThat(c.vip).isTrue();
                assertThat(c.card.owner).isSameAs(c);
            }
        }
    }
}
