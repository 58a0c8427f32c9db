package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Registry.map() of @Embedded/@Embeddable with @AttributeOverride, and ORM.composite(...) behind it. */
class AnnotatedEmbeddedTest {
    @Embeddable
    public static class Address {
        String street;
        @jakarta.persistence.Column(length = 80) String city;

        public Address() {
        }

        Address(String street, String city) {
            this.street = street;
            this.city = city;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Address a && Objects.equals(street, a.street) && Objects.equals(city, a.city);
        }

        @Override
        public int hashCode() {
            return Objects.hash(street, city);
        }
    }

    @Entity
    public static class Customer {
        @Id @GeneratedValue Integer id;
        String name;
        @Embedded Address home;
        @AttributeOverride(name = "street", column = @jakarta.persistence.Column(name = "work_street"))
        @AttributeOverride(name = "city", column = @jakarta.persistence.Column(name = "work_city", length = 80))
        Address work;

        public Customer() {
        }

        Customer(String name, Address home) {
            this.name = name;
            this.home = home;
        }
    }

    /** A single-table subclass: its instances keep the superclass's embedded values. */
    @Entity
    public static class Vip extends Customer {
        Integer level;

        public Vip() {
        }
    }

    /** The expected SQL: SQLAlchemy 2.1.1's for the same table mapped with composite() (keys home_street, ...). */
    private static final String SELECT = "SELECT \"Customer\".id, \"Customer\".name, \"Customer\".street, \"Customer\".city, \"Customer\".work_street, "
            + "\"Customer\".work_city FROM \"Customer\" WHERE ";

    @Test
    void columnsFlattenedAndComparedColumnByColumn() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Customer.class);
            Table table = t.metadata.tables().get("Customer");
            assertThat(table.columns()).extracting(Column::name).containsExactly("id", "name", "street", "city", "work_street", "work_city");
            assertThat(table.columns()).extracting(Column::key).containsExactly("id", "name", "home_street", "home_city", "work_street", "work_city");
            assertThat(table.c("work_city").type()).isEqualTo(Types.string(80));
            Address a = new Address("Main", "Oslo");
            assertThat(t.sqlOf(ORM.select(Customer.class).filter(ORM.attr(Customer.class, "home").eq(a))))
                    .isEqualTo(SELECT + "\"Customer\".street = :home_street_1 AND \"Customer\".city = :home_city_1");
            assertThat(t.sqlOf(ORM.select(Customer.class).filter(ORM.attr(Customer.class, "work").ne(a))))
                    .isEqualTo(SELECT + "\"Customer\".work_street != :work_street_1 AND \"Customer\".work_city != :work_city_1");
            assertThat(t.sqlOf(ORM.select(Customer.class).filter(ORM.attr(Customer.class, "work").eq(null))))
                    .isEqualTo(SELECT + "\"Customer\".work_street IS NULL AND \"Customer\".work_city IS NULL");
            assertThatThrownBy(() -> ORM.attr(Customer.class, "home").eq("Main")).isInstanceOf(ArgumentException.class).hasMessageContaining("holds");
        }
    }

    public static class Person {
        Integer id;
        Point at;

        public Person() {
        }
    }

    public static class Point {
        Integer x;
        Integer y;

        public Point() {
        }
    }

    @Test
    void imperativeCompositeNeedsAFieldPerColumn() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table people = new Table("people", t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x", Types.INTEGER));
            assertThatThrownBy(() -> ORM.composite(Point.class, people.c("x"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("has 2 fields [x, y] for 1 columns [x]");
        }
    }

    @EachDatabase
    void embeddedValuesLoadAndFlushAsAUnit(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Customer.class, Vip.class);
            t.start(engine);
            int id;
            try (Session s = t.open()) {
                Customer c = new Customer("ann", new Address("Main", "Oslo"));
                s.add(c);
                s.add(new Customer("bob", null));
                Vip vip = new Vip();
                vip.name = "vic";
                vip.home = new Address("Hill", "Rome");
                s.add(vip);
                s.commit();
                id = c.id;
            }
            try (Session s = t.open()) {
                Customer c = s.get(Customer.class, id);
                assertThat(c.home).isEqualTo(new Address("Main", "Oslo"));
                assertThat(c.work).as("all its columns NULL: no value").isNull();
                Query<Customer> q = s.query(Customer.class).filter(ORM.attr(Customer.class, "home").eq(new Address("Main", "Oslo")));
                assertThat(q.all()).containsExactly(c);
                assertThat(s.query(Customer.class).filter(ORM.attr(Customer.class, "home").eq(null)).one().name).isEqualTo("bob");
                Vip vic = s.query(Vip.class).filter(ORM.attr(Vip.class, "home").eq(new Address("Hill", "Rome"))).one();
                assertThat(vic.home.street).isEqualTo("Hill");
                t.assertRoundTrips(List.of(q), s);
                t.take("");
                c.home.city = "Bergen";                       // changed in place
                c.work = new Address("Dock", "Oslo");         // replaced
                s.commit();
                assertThat(t.take("UPDATE")).hasSize(1);
            }
            try (Session s = t.open()) {
                Customer c = s.get(Customer.class, id);
                assertThat(c.home).isEqualTo(new Address("Main", "Bergen"));
                assertThat(c.work).isEqualTo(new Address("Dock", "Oslo"));
                c.work = null;
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Customer.class, id).work).isNull();
                assertThat(s.query(Customer.class).filter(ORM.attr(Customer.class, "work").eq(null)).all()).hasSize(3);
            }
        }
    }

    @Test
    void mapImperatively() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            Table people = new Table("people", t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("x", Types.INTEGER), Column.of("y", Types.INTEGER));
            t.registry.mapImperatively(Person.class, people, Map.of("at", ORM.composite(Point.class, people.c("x"), people.c("y"))));
            Point p = new Point();
            p.x = 3;
            p.y = 4;
            assertThat(t.sqlOf(ORM.select(Person.class).filter(ORM.attr(Person.class, "at").eq(p))))
                    .isEqualTo("SELECT people.id, people.x, people.y FROM people WHERE people.x = :x_1 AND people.y = :y_1");
        }
    }
}
