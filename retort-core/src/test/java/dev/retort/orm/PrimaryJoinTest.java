package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relationships with a join condition of their own ({@link Relationship#primaryJoin}): a
 * customer's open orders (a flushed relationship whose condition filters on the order's status),
 * its orders above its credit limit (view-only, a condition naming the parent's column), an
 * order's customer if it is a VIP (a view-only many-to-one), and a many-to-many from a table to
 * itself declared by {@code primaryJoin}/{@code secondaryJoin}. The SQL is SQLAlchemy 2.1.1's for
 * the same mapping; loading (lazy, joined, select-in) and flushing run on each database.
 */
class PrimaryJoinTest {
    /** A customer. */
    public static class Customer {
        Integer id;
        String name;
        Integer creditLimit;
        String tier;
        List<Order> openOrders = new ArrayList<>();
        List<Order> bigOrders = new ArrayList<>();

        Customer() {
        }

        Customer(String name, int creditLimit, String tier) {
            this.name = name;
            this.creditLimit = creditLimit;
            this.tier = tier;
        }
    }

    /** An order of a customer. */
    public static class Order {
        Integer id;
        Integer customerId;
        String status;
        Integer total;
        Customer vipCustomer;
        Customer customer;

        Order() {
        }

        Order(String status, int total) {
            this.status = status;
            this.total = total;
        }

        @Override
        public String toString() {
            return status + total;
        }
    }

    /** A node linked to others through {@code links(left_id, right_id)}. */
    public static class Node {
        Integer id;
        String name;
        List<Node> right = new ArrayList<>();
        List<Node> left = new ArrayList<>();

        Node() {
        }

        Node(String name) {
            this.name = name;
        }
    }

    @AutoClose
    private final OrmTestDatabase orm = new OrmTestDatabase();
    private final String suffix = orm.suffix;
    private final Table customers = new Table("customers" + suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(40)),
            Column.of("credit_limit", Types.INTEGER),
            Column.of("tier", Types.string(10)));
    private final Table orders = new Table("orders" + suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("customer_id", Types.INTEGER).foreignKey("customers" + suffix + ".id"),
            Column.of("status", Types.string(10)),
            Column.of("total", Types.INTEGER));
    private final Table nodes = new Table("nodes" + suffix, orm.metadata,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("name", Types.string(20)));
    private final Table links = new Table("links" + suffix, orm.metadata,
            Column.of("left_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("nodes" + suffix + ".id"),
            Column.of("right_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("nodes" + suffix + ".id"));
    private Engine engine;

    private void setUp(Databases.Database db) {
        orm.registry.mapImperatively(Customer.class, customers, Map.of(
                "openOrders", ORM.relationship(Order.class).orderBy(orders.c("id"))
                        .primaryJoin(SQL.and(orders.c("customer_id").eq(customers.c("id")), orders.c("status").eq("open"))),
                "bigOrders", ORM.relationship(Order.class).viewOnly()
                        .primaryJoin(SQL.and(orders.c("customer_id").eq(customers.c("id")), orders.c("total").gt(customers.c("credit_limit"))))));
        orm.registry.mapImperatively(Order.class, orders, Map.of(
                "vipCustomer", ORM.relationship(Customer.class).viewOnly()
                        .primaryJoin(SQL.and(customers.c("id").eq(orders.c("customer_id")), customers.c("tier").eq("vip")))));
        orm.registry.mapImperatively(Node.class, nodes, Map.of(
                "right", ORM.relationship(Node.class).secondary(links).backref("left")
                        .primaryJoin(nodes.c("id").eq(links.c("left_id"))).secondaryJoin(nodes.c("id").eq(links.c("right_id")))));
        if (db != null) {
            engine = orm.start(db);
        }
    }

    private static QueryableAttribute<Object> attr(Class<?> c, String key) {
        return ORM.attr(c, key);
    }

    @Test
    void statementsAsSqlalchemyRendersThem() {
        setUp(null);
        Session s = SessionFactory.of(Databases.Database.SQLITE.engine()).open();
        try {
            String cols = "customers.id, customers.name, customers.credit_limit, customers.tier";
            assertThat(orm.sqlOf(s.query(Customer.class).options(ORM.joinedLoad(attr(Customer.class, "openOrders")))))
                    .isEqualTo("SELECT " + cols + ", orders_1.id AS id_1, orders_1.customer_id, orders_1.status, orders_1.total FROM customers "
                            + "LEFT OUTER JOIN orders AS orders_1 ON orders_1.customer_id = customers.id AND orders_1.status = :status_1 ORDER BY orders_1.id");
            assertThat(orm.sqlOf(s.query(Customer.class).join(attr(Customer.class, "openOrders"))))
                    .isEqualTo("SELECT " + cols + " FROM customers JOIN orders ON orders.customer_id = customers.id AND orders.status = :status_1");
            AliasedEntity<Order> o = ORM.aliased(Order.class);
            assertThat(orm.sqlOf(s.query(Customer.class).join(o, attr(Customer.class, "openOrders"))))
                    .isEqualTo("SELECT " + cols + " FROM customers JOIN orders AS orders_1 ON orders_1.customer_id = customers.id AND orders_1.status = :status_1");
            assertThat(orm.sqlOf(s.query(Customer.class).filter(attr(Customer.class, "openOrders").any(attr(Order.class, "total").gt(10)))))
                    .isEqualTo("SELECT " + cols + " FROM customers WHERE EXISTS (SELECT 1 FROM orders WHERE orders.customer_id = customers.id "
                            + "AND orders.status = :status_1 AND orders.total > :total_1)");
            assertThat(orm.sqlOf(s.query(Customer.class).options(ORM.joinedLoad(attr(Customer.class, "bigOrders")))))
                    .isEqualTo("SELECT " + cols + ", orders_1.id AS id_1, orders_1.customer_id, orders_1.status, orders_1.total FROM customers "
                            + "LEFT OUTER JOIN orders AS orders_1 ON orders_1.customer_id = customers.id AND orders_1.total > customers.credit_limit");
            String orderCols = "orders.id, orders.customer_id, orders.status, orders.total";
            assertThat(orm.sqlOf(s.query(Order.class).filter(attr(Order.class, "vipCustomer").has(attr(Customer.class, "name").eq("x")))))
                    .isEqualTo("SELECT " + orderCols + " FROM orders WHERE EXISTS (SELECT 1 FROM customers WHERE customers.id = orders.customer_id "
                            + "AND customers.tier = :tier_1 AND customers.name = :name_1)");
            assertThat(orm.sqlOf(s.query(Order.class).options(ORM.joinedLoad(attr(Order.class, "vipCustomer")))))
                    .isEqualTo("SELECT " + orderCols + ", customers_1.id AS id_1, customers_1.name, customers_1.credit_limit, customers_1.tier FROM orders "
                            + "LEFT OUTER JOIN customers AS customers_1 ON customers_1.id = orders.customer_id AND customers_1.tier = :tier_1");
            AliasedEntity<Customer> c = ORM.aliased(Customer.class);
            assertThat(orm.sqlOf(s.query(Order.class).join(c, attr(Order.class, "vipCustomer"))))
                    .isEqualTo("SELECT " + orderCols + " FROM orders JOIN customers AS customers_1 ON customers_1.id = orders.customer_id AND customers_1.tier = :tier_1");
            assertThat(orm.sqlOf(s.query(Node.class).options(ORM.joinedLoad(attr(Node.class, "right")))))
                    .isEqualTo("SELECT nodes.id, nodes.name, nodes_1.id AS id_1, nodes_1.name AS name_1 FROM nodes LEFT OUTER JOIN (links AS links_1 "
                            + "JOIN nodes AS nodes_1 ON nodes_1.id = links_1.right_id) ON nodes.id = links_1.left_id");
            Customer five = new Customer("five", 7, "vip");
            five.id = 5;
            Order nine = new Order("open", 3);
            nine.id = 9;
            nine.customerId = 5;
            assertThat(orm.sqlOf(s.query(Order.class).filter(attr(Order.class, "vipCustomer").eq(five))))
                    .isEqualTo("SELECT " + orderCols + " FROM orders WHERE :param_1 = orders.customer_id AND :param_2 = :tier_1");
            // not found by its key alone: no target of the declared join is the instance (SQLAlchemy's NOT EXISTS, not the key compared)
            assertThat(orm.sqlOf(s.query(Order.class).filter(attr(Order.class, "vipCustomer").ne(five))))
                    .isEqualTo("SELECT " + orderCols + " FROM orders WHERE NOT (EXISTS (SELECT 1 FROM customers WHERE customers.id = orders.customer_id "
                            + "AND customers.tier = :tier_1 AND customers.id = :id_1))");
            assertThat(orm.sqlOf(s.query(Customer.class).filter(attr(Customer.class, "openOrders").contains(nine))))
                    .isEqualTo("SELECT " + cols + " FROM customers WHERE :param_1 = customers.id AND :param_2 = :status_1");
        } finally {
            s.close();
        }
    }

    /** ann (limit 100, vip): open 50, shipped 300, open 150; bob (limit 500): open 200; returns their ids. */
    private int[] seed() {
        Session s = orm.open();
        Customer ann = new Customer("ann", 100, "vip");
        Customer bob = new Customer("bob", 500, "std");
        ann.openOrders.add(new Order("open", 50));
        ann.openOrders.add(new Order("shipped", 300));   // the flush sets its key: the condition does not decide what is written
        ann.openOrders.add(new Order("open", 150));
        bob.openOrders.add(new Order("open", 200));
        s.add(ann);
        s.add(bob);
        s.commit();
        return new int[] {ann.id, bob.id};
    }

    private List<List<Object>> orderRows() {
        try (Connection c = engine.connect()) {
            List<List<Object>> out = new ArrayList<>();
            for (Row r : c.execute(SQL.select(orders.c("customer_id"), orders.c("status"), orders.c("total")).orderBy(orders.c("id"))).all()) {
                out.add(Arrays.asList(r.get(0) == null ? null : ((Number) r.get(0)).intValue(), r.get(1), ((Number) r.get(2)).intValue()));
            }
            return out;
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aFlushSetsTheForeignKeyAndLoadsKeepOnlyTheRowsOfTheCondition(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        assertThat(orderRows()).containsExactly(List.of(ids[0], "open", 50), List.of(ids[0], "shipped", 300), List.of(ids[0], "open", 150),
                List.of(ids[1], "open", 200));
        for (LoaderOption option : List.of(ORM.lazyLoad(attr(Customer.class, "openOrders")), ORM.joinedLoad(attr(Customer.class, "openOrders")),
                ORM.selectinLoad(attr(Customer.class, "openOrders")))) {
            Session s = orm.open();
            List<Customer> all = s.query(Customer.class).options(option).orderBy(attr(Customer.class, "name")).all();
            assertThat(all.get(0).openOrders).as(option.toString()).extracting(Order::toString).containsExactly("open50", "open150");
            assertThat(all.get(1).openOrders).as(option.toString()).extracting(Order::toString).containsExactly("open200");
            s.close();
        }
        Session s = orm.open();
        Customer bob = s.get(Customer.class, ids[1]);
        bob.openOrders.remove(0);
        bob.openOrders.add(new Order("open", 70));
        s.commit();
        assertThat(orderRows().subList(3, 5)).as("removed: its key cleared; added: its key set")
                .containsExactly(Arrays.asList(null, "open", 200), List.of(ids[1], "open", 70));
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aViewOnlyConditionOnTheParentsColumnBindsItsValueAndIsNotFlushed(Databases.Database db) {
        setUp(db);
        int[] ids = seed();
        for (LoaderOption option : List.of(ORM.lazyLoad(attr(Customer.class, "bigOrders")), ORM.joinedLoad(attr(Customer.class, "bigOrders")),
                ORM.selectinLoad(attr(Customer.class, "bigOrders")))) {
            Session s = orm.open();
            List<Customer> all = s.query(Customer.class).options(option).orderBy(attr(Customer.class, "name")).all();
            assertThat(all.get(0).bigOrders).as(option.toString()).extracting(Order::toString).containsExactlyInAnyOrder("shipped300", "open150");
            assertThat(all.get(1).bigOrders).as(option.toString()).isEmpty();
            s.close();
        }
        orm.take("");
        Session s = orm.open();
        Customer bob = s.get(Customer.class, ids[1]);
        assertThat(bob.bigOrders).isEmpty();
        assertThat(orm.take("SELECT")).last().asString().endsWith("WHERE orders.customer_id = ? AND orders.total > ?");
        Order lone = new Order("open", 999);
        bob.bigOrders.add(lone);                           // view-only: not added to the session, nothing written
        s.commit();
        assertThat(orm.take("INSERT")).isEmpty();
        assertThat(orderRows()).hasSize(4);
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aViewOnlyManyToOneIsThereOnlyWhenItsConditionHolds(Databases.Database db) {
        setUp(db);
        seed();
        for (LoaderOption option : List.of(ORM.lazyLoad(attr(Order.class, "vipCustomer")), ORM.joinedLoad(attr(Order.class, "vipCustomer")),
                ORM.selectinLoad(attr(Order.class, "vipCustomer")))) {
            Session s = orm.open();
            s.query(Customer.class).all();                  // in the identity map: still not the reference when the condition fails
            List<Order> all = s.query(Order.class).options(option).orderBy(attr(Order.class, "id")).all();
            assertThat(all).as(option.toString()).extracting(o -> o.vipCustomer == null ? null : o.vipCustomer.name)
                    .containsExactly("ann", "ann", "ann", null);
            s.close();
        }
        Session s = orm.open();
        AliasedEntity<Customer> vip = ORM.aliased(Customer.class);
        assertThat(s.query(Order.class).join(vip, attr(Order.class, "vipCustomer")).all()).hasSize(3);
        assertThat(s.query(Order.class).filter(attr(Order.class, "vipCustomer").has()).all()).hasSize(3);
        Customer bob = s.query(Customer.class).filter(attr(Customer.class, "name").eq("bob")).one();
        Customer ann = s.query(Customer.class).filter(attr(Customer.class, "name").eq("ann")).one();
        assertThat(s.query(Order.class).filter(attr(Order.class, "vipCustomer").eq(bob)).all()).as("bob is no VIP").isEmpty();
        assertThat(s.query(Order.class).filter(attr(Order.class, "vipCustomer").eq(ann)).all()).hasSize(3);
        // every order's VIP customer is not bob (he is no VIP), though bob's order refers to him by its key
        assertThat(s.query(Order.class).filter(attr(Order.class, "vipCustomer").ne(bob)).all()).hasSize(4);
        assertThat(s.query(Order.class).filter(attr(Order.class, "vipCustomer").ne(ann)).all()).extracting(o -> o.total).containsExactly(200);
        Order shipped = s.query(Order.class).filter(attr(Order.class, "status").eq("shipped")).one();
        assertThat(s.query(Customer.class).filter(attr(Customer.class, "openOrders").contains(shipped)).all()).as("not an open order").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aManyToManyFromATableToItselfByItsJoinConditions(Databases.Database db) {
        setUp(db);
        Session s = orm.open();
        Node a = new Node("a");
        Node b = new Node("b");
        Node c = new Node("c");
        a.right.add(b);
        a.right.add(c);
        c.right.add(a);
        s.add(a);
        s.commit();
        List<List<Integer>> pairs = new ArrayList<>();
        try (Connection conn = engine.connect()) {
            for (Row r : conn.execute(SQL.select(links)).all()) {
                pairs.add(List.of(((Number) r.get(0)).intValue(), ((Number) r.get(1)).intValue()));
            }
        }
        assertThat(pairs).containsExactlyInAnyOrder(List.of(a.id, b.id), List.of(a.id, c.id), List.of(c.id, a.id));
        for (LoaderOption option : List.of(ORM.lazyLoad(attr(Node.class, "right")), ORM.joinedLoad(attr(Node.class, "right")),
                ORM.selectinLoad(attr(Node.class, "right")))) {
            Session r = orm.open();
            List<Node> all = r.query(Node.class).options(option).orderBy(attr(Node.class, "name")).all();
            assertThat(all.get(0).right).as(option.toString()).extracting(n -> n.name).containsExactlyInAnyOrder("b", "c");
            assertThat(all.get(1).left).as(option.toString()).extracting(n -> n.name).containsExactly("a");
            assertThat(all.get(2).right).as(option.toString()).extracting(n -> n.name).containsExactly("a");
            r.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void queriesThroughDeclaredConditionsAfterTheSerializer(Databases.Database db) {
        setUp(db);
        seed();
        ScopedSession scoped = new ScopedSession(SessionFactory.of(engine));
        try {
            AliasedEntity<Order> open = ORM.aliased(Order.class, "o");
            List<Query<?>> queries = List.of(
                    scoped.query(Customer.class).filter(attr(Customer.class, "openOrders").any(attr(Order.class, "total").gt(100))),
                    scoped.query(Customer.class).join(open, attr(Customer.class, "openOrders")).filter(open.attr("total").lt(100)),
                    scoped.query(Customer.class).options(ORM.joinedLoad(attr(Customer.class, "bigOrders"))),
                    scoped.query(Order.class).filter(attr(Order.class, "vipCustomer").has(attr(Customer.class, "name").eq("ann"))));
            assertThat(queries.get(0).all()).extracting(c -> ((Customer) c).name).containsExactlyInAnyOrder("ann", "bob");
            assertThat(queries.get(1).all()).extracting(c -> ((Customer) c).name).containsExactly("ann");
            assertThat(queries.get(3).all()).hasSize(3);
            OrmTestDatabase.assertRoundTrips(queries, orm.metadata, scoped);
        } finally {
            scoped.remove();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void aBackrefTakesTheDeclaredConditionTheOtherWayRound(Databases.Database db) {
        orm.registry.mapImperatively(Customer.class, customers, Map.of(
                "openOrders", ORM.relationship(Order.class).backref("customer").orderBy(orders.c("id"))
                        .primaryJoin(SQL.and(orders.c("customer_id").eq(customers.c("id")), orders.c("status").eq("open")))));
        orm.registry.mapImperatively(Order.class, orders);
        engine = orm.start(db);
        Session s = orm.open();
        Customer ann = new Customer("ann", 100, "vip");
        Order open = new Order("open", 5);
        open.customer = ann;                               // through the backref: ann.openOrders gains it, the flush sets its key
        s.add(open);
        s.commit();
        assertThat(ann.openOrders).containsExactly(open);
        Order shipped = new Order("shipped", 6);
        shipped.customerId = ann.id;
        s.add(shipped);
        s.commit();
        Session r = orm.open();
        List<Order> all = r.query(Order.class).orderBy(attr(Order.class, "id")).all();
        assertThat(all).extracting(o -> o.customer == null ? null : o.customer.name).as("the shipped order is no open order of ann's")
                .containsExactly("ann", null);
        assertThat(all.get(0).customer.openOrders).containsExactly(all.get(0));
    }

    @Test
    void declarationsThatCannotWork() {
        orm.registry.mapImperatively(Order.class, orders);
        orm.registry.mapImperatively(Customer.class, customers, Map.of(
                "openOrders", ORM.relationship(Order.class).viewOnly().backref("owner")
                        .primaryJoin(orders.c("customer_id").eq(customers.c("id")))));
        assertThatThrownBy(orm.registry::configure).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("Customer.openOrders is view-only: it takes no backref and no delete cascade");
    }

    @Test
    void aConditionPairingNoForeignKeyNeedsForeignKeys() {
        orm.registry.mapImperatively(Order.class, orders);
        orm.registry.mapImperatively(Customer.class, customers, Map.of(
                "openOrders", ORM.relationship(Order.class).primaryJoin(orders.c("total").eq(customers.c("credit_limit")))));
        assertThatThrownBy(orm.registry::configure).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("pairs no column with one its foreign key refers to").hasMessageContaining("foreignKeys(...)");
    }

    @Test
    void aSecondaryJoinNeedsASecondary() {
        orm.registry.mapImperatively(Order.class, orders);
        orm.registry.mapImperatively(Customer.class, customers, Map.of(
                "openOrders", ORM.relationship(Order.class).secondaryJoin(orders.c("customer_id").eq(customers.c("id")))));
        assertThatThrownBy(orm.registry::configure).isInstanceOf(ArgumentException.class).hasMessageContaining("secondaryJoin(...) applies to");
    }
}
