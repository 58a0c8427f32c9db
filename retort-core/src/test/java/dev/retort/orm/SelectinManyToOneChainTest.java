package dev.retort.orm;

import static dev.retort.orm.ORM.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The options after a select-in many-to-one load with its targets, as SQLAlchemy 2.1.1's do
 * ({@code selectinload(Address.user).selectinload(User.orders)}: the users' orders in one more statement, not on
 * access), those of targets already in the identity map too (SQLAlchemy selects them again for the options).
 * The exact statements are LoaderSqlTest's (selectin_many_to_one_then_*); here the counts and graphs on each database.
 */
class SelectinManyToOneChainTest {
    /** A user with orders. */
    public static class Customer {
        Integer id;
        String name;
        List<Purchase> purchases = new ArrayList<>();
    }

    /** An order. */
    public static class Purchase {
        Integer id;
        Integer customerId;
    }

    /** An address referring to its user. */
    public static class Place {
        Integer id;
        Integer customerId;
        Customer customer;
    }

    @AutoClose
    OrmTestDatabase orm = new OrmTestDatabase();

    private void setUp(Databases.Database db) {
        String x = orm.suffix;
        Table customers = new Table("customers" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
        Table purchases = new Table("purchases" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("customer_id", Types.INTEGER).foreignKey("customers" + x + ".id"));
        Table places = new Table("places" + x, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("customer_id", Types.INTEGER).foreignKey("customers" + x + ".id"));
        orm.registry.mapImperatively(Purchase.class, purchases);
        orm.registry.mapImperatively(Customer.class, customers,
                Map.of("purchases", ORM.relationship(Purchase.class).orderBy(purchases.c("id"))));
        orm.registry.mapImperatively(Place.class, places, Map.of("customer", ORM.relationship(Customer.class)));
        orm.start(db);
        try (var c = orm.engine().begin()) {
            c.execute(SQL.insert(customers), List.of(Map.of("id", 7, "name", "jack"), Map.of("id", 8, "name", "ed")));
            c.execute(SQL.insert(purchases), List.of(Map.of("id", 1, "customer_id", 7), Map.of("id", 3, "customer_id", 7)));
            c.execute(SQL.insert(places), List.of(Map.of("id", 1, "customer_id", 7), Map.of("id", 2, "customer_id", 8),
                    Map.of("id", 3, "customer_id", 7)));
        }
    }

    private List<Place> places(Session s, LoaderOption option) {
        return s.query(Place.class).options(option).orderBy(attr(Place.class, "id")).all();
    }

    /** The purchase ids of each place's customer, read after the load: no statement may run for them. */
    private List<List<Integer>> purchasesRead(List<Place> places) {
        orm.take("");
        List<List<Integer>> out = places.stream().map(p -> p.customer.purchases.stream().map(o -> o.id).toList()).toList();
        assertThat(orm.take("")).as("statements on access").isEmpty();
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Databases.Database.class, names = {"SQLITE", "POSTGRESQL"})
    void selectinAfterSelectinManyToOne(Databases.Database db) {
        setUp(db);
        Session s = orm.open();
        orm.take("");
        List<Place> places = places(s, ORM.selectinLoad(attr(Place.class, "customer")).selectinLoad(attr(Customer.class, "purchases")));
        assertThat(orm.take("SELECT")).hasSize(3);
        assertThat(purchasesRead(places)).containsExactly(List.of(1, 3), List.of(), List.of(1, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Databases.Database.class, names = {"SQLITE", "POSTGRESQL"})
    void joinedAfterSelectinManyToOne(Databases.Database db) {
        setUp(db);
        Session s = orm.open();
        orm.take("");
        List<Place> places = places(s, ORM.selectinLoad(attr(Place.class, "customer")).joinedLoad(attr(Customer.class, "purchases")));
        assertThat(orm.take("SELECT")).hasSize(2);
        assertThat(purchasesRead(places)).containsExactly(List.of(1, 3), List.of(), List.of(1, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Databases.Database.class, names = {"SQLITE", "POSTGRESQL"})
    void targetsInTheIdentityMapTakeTheOptionsToo(Databases.Database db) {
        setUp(db);
        Session s = orm.open();
        Customer jack = s.get(Customer.class, 7);
        orm.take("");
        List<Place> places = places(s, ORM.selectinLoad(attr(Place.class, "customer")).selectinLoad(attr(Customer.class, "purchases")));
        assertThat(orm.take("SELECT")).hasSize(3);
        assertThat(places.get(0).customer).isSameAs(jack);
        assertThat(purchasesRead(places)).containsExactly(List.of(1, 3), List.of(), List.of(1, 3));
    }
}
