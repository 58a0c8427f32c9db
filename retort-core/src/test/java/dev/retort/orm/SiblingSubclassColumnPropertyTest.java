package dev.retort.orm;

import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A joined-table subclass's column_property whose subquery counts a sibling subclass's rows
 * ({@code Retailer.store_count}: {@code count(store.id)} of the stores whose {@code retailer_id} is the retailer's,
 * SQLAlchemy's Issue8168Test): the subquery keeps {@code store.id}. Moved onto the retailer's
 * {@code customer JOIN retailer} through the inheritance keys it became {@code count(customer.id)}, an aggregate of the
 * outer query (one row for all retailers). The SQL is SQLAlchemy 2.1.1's.
 */
class SiblingSubclassColumnPropertyTest {
    /** The base class. */
    public static class Customer {
        Integer id;
        String type;
    }

    /** A subclass, each store belonging to a retailer. */
    public static class Store extends Customer {
        Integer retailerId;
        Retailer retailer;
    }

    /** The other subclass, with the number of its stores, counted over the store table and over the Store class. */
    public static class Retailer extends Customer {
        Long storeCount;
        Long storeCountOfClass;
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final Table customer = new Table("customer" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("type", Types.string(20)));
    private final Table retailer = new Table("retailer" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("customer" + orm.suffix + ".id"));
    private final Table store = new Table("store" + orm.suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("customer" + orm.suffix + ".id"),
            Column.of("retailer_id", Types.INTEGER).foreignKey("retailer" + orm.suffix + ".id"));

    SiblingSubclassColumnPropertyTest() {
        orm.registry.mapImperatively(Customer.class, customer, Map.of(), ORM.polymorphicOn(customer.c("type")).identity("customer"));
        // mapped before Retailer, whose property names its attributes, with a relationship to Retailer (not mapped yet)
        orm.registry.mapImperatively(Store.class, store, Map.of("retailer", ORM.relationship(Retailer.class).foreignKeys(store.c("retailer_id"))),
                ORM.inherits(Customer.class).identity("store"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("storeCount", ORM.columnProperty(
                select(func("count", store.c("id"))).where(store.c("retailer_id").eq(retailer.c("id"))).correlateExcept(store).scalarSubquery()));
        // over the class: its rows, FROM customer JOIN store
        props.put("storeCountOfClass", ORM.columnProperty(ORM.select(func("count", ORM.attr(Store.class, "id")))
                .where(ORM.attr(Store.class, "retailer_id").eq(retailer.c("id"))).correlateExcept(Store.class).innerStatement().scalarSubquery()));
        orm.registry.mapImperatively(Retailer.class, retailer, props, ORM.inherits(Customer.class).identity("retailer"));
    }

    @Test
    void countsTheSiblingsColumn() {
        assertThat(orm.sqlOf(ORM.select(ORM.attr(Retailer.class, "storeCount")).selectFrom(Retailer.class))).isEqualTo(
                "SELECT (SELECT count(store.id) AS count_1 FROM store WHERE store.retailer_id = retailer.id) AS anon_1 "
                        + "FROM customer JOIN retailer ON customer.id = retailer.id");
        assertThat(orm.sqlOf(ORM.select(Retailer.class).orderBy(ORM.attr(Retailer.class, "id")))).isEqualTo(
                "SELECT (SELECT count(store.id) AS count_1 FROM store WHERE store.retailer_id = retailer.id) AS anon_1, "
                        + "(SELECT count(store.id) AS count_2 FROM customer JOIN store ON customer.id = store.id "
                        + "WHERE store.retailer_id = retailer.id) AS anon_2, retailer.id, customer.id AS id_1, customer.type FROM customer JOIN retailer ON customer.id = retailer.id "
                        + "ORDER BY retailer.id");
        assertThat(orm.sqlOf(ORM.select(Customer.class).orderBy(ORM.attr(Customer.class, "id")))).isEqualTo(
                "SELECT customer.id, customer.type, store.id AS id_1, store.retailer_id, "
                        + "(SELECT count(store.id) AS count_1 FROM store WHERE store.retailer_id = retailer.id) AS anon_1, "
                        + "(SELECT count(store.id) AS count_2 FROM customer JOIN store ON customer.id = store.id "
                        + "WHERE store.retailer_id = retailer.id) AS anon_2, retailer.id AS id_2 "
                        + "FROM customer LEFT OUTER JOIN store ON customer.id = store.id LEFT OUTER JOIN retailer ON customer.id = retailer.id "
                        + "ORDER BY customer.id");
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void eachRetailerWithItsStores(Databases.Database db) {
        orm.start(db);
        Session s = orm.open();
        for (int id : new int[] {1, 2, 6}) {
            Retailer r = new Retailer();
            r.id = id;
            s.add(r);
        }
        s.flush();
        for (int[] pair : new int[][] {{3, 1}, {4, 1}, {5, 2}}) {
            Store x = new Store();
            x.id = pair[0];
            x.retailerId = pair[1];
            s.add(x);
        }
        s.commit();
        List<Retailer> rows = ORM.select(Retailer.class).orderBy(ORM.attr(Retailer.class, "id")).withSession(orm.open()).all();
        assertThat(rows).extracting(r -> r.id + ":" + r.storeCount + ":" + r.storeCountOfClass)
                .containsExactly("1:2:2", "2:1:1", "6:0:0");
        List<Customer> all = ORM.select(Customer.class).orderBy(ORM.attr(Customer.class, "id")).withSession(orm.open()).all();
        assertThat(all).extracting(c -> c.id + ":" + (c instanceof Retailer r ? r.storeCount : c.getClass().getSimpleName()))
                .containsExactly("1:2", "2:1", "3:Store", "4:Store", "5:Store", "6:0");
    }
}
