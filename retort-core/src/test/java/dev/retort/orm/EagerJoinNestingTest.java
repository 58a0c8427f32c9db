package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Joined eager loads as SQLAlchemy's joined loader makes them: an INNER joined load under an outer
 * one nested in the outer join's right side ({@link LoaderOption#innerJoin}) or outer after it
 * ({@link LoaderOption#unnestedInnerJoin}), {@link LoaderOption#outerJoin} over a relationship's
 * INNER default, {@link LoaderOption#options}, a deeper level's columns before its parent's and the
 * relationships in the mapping's order; the object graphs they load on SQLite, PostgreSQL and
 * MariaDB. Expected SQL is SQLAlchemy 2.1's for the same mapping (users, orders with items through
 * order_items and lines, each ordered by id).
 */
class EagerJoinNestingTest {
    public static class User {
        Integer id;
        String name;
        List<Order> orders = new ArrayList<>();
    }

    public static class Order {
        Integer id;
        Integer userId;
        String description;
        List<Item> items = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
    }

    public static class Item {
        Integer id;
        String description;
    }

    public static class Line {
        Integer id;
        Integer orderId;
        Integer qty;
    }

    /** The model on fresh tables; {@code orders} and {@code items} adjust the two relationships' declarations. */
    private static OrmTestDatabase model(java.util.function.UnaryOperator<Relationship<Order>> orders,
            java.util.function.UnaryOperator<Relationship<Item>> items) {
        OrmTestDatabase t = new OrmTestDatabase();
        String s = t.suffix;
        Table users = new Table("users" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)));
        Table orderTable = new Table("orders" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + s + ".id"), Column.of("description", Types.string(50)));
        Table itemTable = new Table("items" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("description", Types.string(50)));
        Table orderItems = new Table("order_items" + s, t.metadata,
                Column.of("order_id", Types.INTEGER).foreignKey("orders" + s + ".id").primaryKey(),
                Column.of("item_id", Types.INTEGER).foreignKey("items" + s + ".id").primaryKey());
        Table lines = new Table("lines" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("order_id", Types.INTEGER).foreignKey("orders" + s + ".id"), Column.of("qty", Types.INTEGER));
        t.registry.mapImperatively(User.class, users,
                Map.of("orders", orders.apply(ORM.relationship(Order.class).orderBy(orderTable.c("id")))));
        // in this order, as the mapping declares them: items before lines
        Map<String, Object> orderProps = new LinkedHashMap<>();
        orderProps.put("items", items.apply(ORM.relationship(Item.class).secondary(orderItems).orderBy(itemTable.c("id"))));
        orderProps.put("lines", ORM.relationship(Line.class).orderBy(lines.c("id")));
        t.registry.mapImperatively(Order.class, orderTable, orderProps);
        t.registry.mapImperatively(Item.class, itemTable);
        t.registry.mapImperatively(Line.class, lines);
        return t;
    }

    private static OrmTestDatabase model() {
        return model(r -> r, r -> r);
    }

    /** u1 with order 10 (items 100 and 101, line 1000) and order 11 (no items, line 1001); u2 without orders. */
    private static void fill(OrmTestDatabase t) {
        try (Session s = t.open()) {
            Item i100 = item(100);
            Item i101 = item(101);
            User u1 = new User();
            u1.id = 1;
            u1.name = "u1";
            Order o10 = order(10, 1000);
            o10.items.add(i100);
            o10.items.add(i101);
            u1.orders.add(o10);
            u1.orders.add(order(11, 1001));
            User u2 = new User();
            u2.id = 2;
            u2.name = "u2";
            s.add(u1);
            s.add(u2);
            s.add(item(102));
            s.commit();
        }
        t.take("");
    }

    private static Item item(int id) {
        Item i = new Item();
        i.id = id;
        i.description = "i" + id;
        return i;
    }

    private static Order order(int id, int line) {
        Order o = new Order();
        o.id = id;
        o.description = "o" + id;
        Line l = new Line();
        l.id = line;
        l.qty = 1;
        o.lines.add(l);
        return o;
    }

    private static QueryableAttribute<?> user(String key) {
        return ORM.attr(User.class, key);
    }

    private static QueryableAttribute<?> order(String key) {
        return ORM.attr(Order.class, key);
    }

    private static final String USER_COLS = "SELECT users.id, users.name, ";
    private static final String ITEM_ORDER_COLS = "items_1.id AS id_1, items_1.description, orders_1.id AS id_2, orders_1.user_id, "
            + "orders_1.description AS description_1 ";
    private static final String NESTED_ITEMS = USER_COLS + ITEM_ORDER_COLS + "FROM users LEFT OUTER JOIN (orders AS orders_1 "
            + "JOIN order_items AS order_items_1 ON orders_1.id = order_items_1.order_id JOIN items AS items_1 ON items_1.id = order_items_1.item_id) "
            + "ON users.id = orders_1.user_id ORDER BY orders_1.id, items_1.id";

    @Test
    void innerJoinUnderAnOuterJoinNestsInItsRightSide() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders")).joinedLoad(order("items")).innerJoin())))
                    .isEqualTo(NESTED_ITEMS);
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders")).joinedLoad(order("lines")).innerJoin())))
                    .isEqualTo("SELECT users.id, users.name, lines_1.id AS id_1, lines_1.order_id, lines_1.qty, orders_1.id AS id_2, orders_1.user_id, "
                            + "orders_1.description FROM users LEFT OUTER JOIN (orders AS orders_1 JOIN lines AS lines_1 ON orders_1.id = lines_1.order_id) "
                            + "ON users.id = orders_1.user_id ORDER BY orders_1.id, lines_1.id");
        }
    }

    @Test
    void unnestedInnerJoinStaysOuterAfterTheOuterJoin() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders")).joinedLoad(order("items")).unnestedInnerJoin())))
                    .isEqualTo(USER_COLS + ITEM_ORDER_COLS + "FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id "
                            + "LEFT OUTER JOIN (order_items AS order_items_1 JOIN items AS items_1 ON items_1.id = order_items_1.item_id) "
                            + "ON orders_1.id = order_items_1.order_id ORDER BY orders_1.id, items_1.id");
        }
    }

    /** A deeper level's columns come before its parent's; sibling loads join in the mapping's order, not the options'. */
    @Test
    void columnsAndJoinsInSqlalchemysOrder() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders")).joinedLoad(order("lines")))))
                    .isEqualTo("SELECT users.id, users.name, lines_1.id AS id_1, lines_1.order_id, lines_1.qty, orders_1.id AS id_2, orders_1.user_id, "
                            + "orders_1.description FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id "
                            + "LEFT OUTER JOIN lines AS lines_1 ON orders_1.id = lines_1.order_id ORDER BY orders_1.id, lines_1.id");
            assertThat(t.sqlOf(ORM.select(Order.class).options(ORM.joinedLoad(order("lines")), ORM.joinedLoad(order("items")))))
                    .isEqualTo("SELECT orders.id, orders.user_id, orders.description, items_1.id AS id_1, items_1.description AS description_1, "
                            + "lines_1.id AS id_2, lines_1.order_id, lines_1.qty FROM orders LEFT OUTER JOIN (order_items AS order_items_1 "
                            + "JOIN items AS items_1 ON items_1.id = order_items_1.item_id) ON orders.id = order_items_1.order_id "
                            + "LEFT OUTER JOIN lines AS lines_1 ON orders.id = lines_1.order_id ORDER BY items_1.id, lines_1.id");
        }
    }

    @Test
    void mappedInnerJoinsAndTheOptionsThatOverrideThem() {
        try (OrmTestDatabase t = model(r -> r, r -> r.lazy("joined").innerJoin())) {
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders"))))).isEqualTo(NESTED_ITEMS);
        }
        try (OrmTestDatabase t = model(r -> r.lazy("joined").innerJoin(), r -> r.lazy("joined").innerJoin())) {
            assertThat(t.sqlOf(ORM.select(User.class)))
                    .isEqualTo(USER_COLS + ITEM_ORDER_COLS + "FROM users JOIN orders AS orders_1 ON users.id = orders_1.user_id "
                            + "JOIN order_items AS order_items_1 ON orders_1.id = order_items_1.order_id JOIN items AS items_1 "
                            + "ON items_1.id = order_items_1.item_id ORDER BY orders_1.id, items_1.id");
            // innerjoin=False on the option: the orders outer, their inner items nested in it
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders")).outerJoin()))).isEqualTo(NESTED_ITEMS);
            // a defaultLoad step loads as the mapping says (joined, inner), the options after it go on from there
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.defaultLoad(user("orders")).joinedLoad(order("items")).outerJoin())))
                    .isEqualTo(USER_COLS + ITEM_ORDER_COLS + "FROM users JOIN orders AS orders_1 ON users.id = orders_1.user_id "
                            + "LEFT OUTER JOIN (order_items AS order_items_1 JOIN items AS items_1 ON items_1.id = order_items_1.item_id) "
                            + "ON orders_1.id = order_items_1.order_id ORDER BY orders_1.id, items_1.id");
        }
    }

    @Test
    void optionsContinueOnePathSeveralWays() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(User.class).options(ORM.joinedLoad(user("orders"))
                    .options(ORM.joinedLoad(order("items")), ORM.defer(order("description"))))))
                    .isEqualTo("SELECT users.id, users.name, items_1.id AS id_1, items_1.description, orders_1.id AS id_2, orders_1.user_id "
                            + "FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id "
                            + "LEFT OUTER JOIN (order_items AS order_items_1 JOIN items AS items_1 ON items_1.id = order_items_1.item_id) "
                            + "ON orders_1.id = order_items_1.order_id ORDER BY orders_1.id, items_1.id");
        }
    }

    @EachDatabase
    void nestedInnerJoinLoadsOnlyTheOrdersWithItems(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            Session s = t.open();
            List<User> users = s.query(User.class).options(ORM.joinedLoad(user("orders")).joinedLoad(order("items")).innerJoin())
                    .orderBy(user("id")).all();
            assertThat(t.take("SELECT")).hasSize(1);
            assertThat(users).extracting(u -> u.name).containsExactly("u1", "u2");
            // the INNER JOIN to the items keeps order 11 (no items) out; u2 stays, without orders
            assertThat(users.get(0).orders).extracting(o -> o.id).containsExactly(10);
            assertThat(users.get(0).orders.get(0).items).extracting(i -> i.id).containsExactly(100, 101);
            assertThat(users.get(1).orders).isEmpty();
            assertThat(t.take("SELECT")).as("nothing loaded lazily").isEmpty();
        }
    }

    @EachDatabase
    void unnestedInnerJoinLoadsEveryOrder(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            Session s = t.open();
            List<User> users = s.query(User.class).options(ORM.joinedLoad(user("orders")).joinedLoad(order("items")).unnestedInnerJoin())
                    .orderBy(user("id")).all();
            assertThat(users.get(0).orders).extracting(o -> o.id).containsExactly(10, 11);
            assertThat(users.get(0).orders.get(0).items).extracting(i -> i.id).containsExactly(100, 101);
            assertThat(users.get(0).orders.get(1).items).isEmpty();
            assertThat(users.get(1).orders).isEmpty();
            assertThat(t.take("SELECT")).hasSize(1);
        }
    }

    @EachDatabase
    void optionsLoadEachBranchOnce(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            Session s = t.open();
            List<User> users = s.query(User.class).options(ORM.joinedLoad(user("orders"))
                    .options(ORM.joinedLoad(order("items")), ORM.selectinLoad(order("lines")))).orderBy(user("id")).all();
            assertThat(users.get(0).orders).extracting(o -> o.id).containsExactly(10, 11);
            assertThat(users.get(0).orders.get(0).items).extracting(i -> i.id).containsExactly(100, 101);
            assertThat(users.get(0).orders).extracting(o -> o.lines.get(0).id).containsExactly(1000, 1001);
            assertThat(t.take("SELECT")).as("the joined statement and one select-in of the lines").hasSize(2);
            // select-in at the head: one statement for the orders with both branches' options
            Session other = t.open();
            List<User> again = other.query(User.class).options(ORM.selectinLoad(user("orders"))
                    .options(ORM.selectinLoad(order("items")), ORM.selectinLoad(order("lines")))).orderBy(user("id")).all();
            assertThat(again.get(0).orders.get(0).items).extracting(i -> i.id).containsExactly(100, 101);
            assertThat(again.get(0).orders).extracting(o -> o.lines.get(0).id).containsExactly(1000, 1001);
            assertThat(t.take("SELECT")).as("users, orders, items, lines").hasSize(4);
        }
    }

    @Test
    void joinKindsSurviveSerialization() {
        try (OrmTestDatabase t = model(r -> r.lazy("joined").innerJoin(), r -> r)) {
            for (LoaderOption o : List.of(ORM.joinedLoad(user("orders")).outerJoin(),
                    ORM.joinedLoad(user("orders")).outerJoin().joinedLoad(order("items")).innerJoin(),
                    ORM.joinedLoad(user("orders")).outerJoin().joinedLoad(order("items")).unnestedInnerJoin())) {
                Query<?> q = ORM.select(User.class).options(o);
                for (Protocol p : Protocol.values()) {
                    Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), t.metadata);
                    assertThat(back.compare(q)).as(o + " " + p).isTrue();
                    assertThat(t.sqlOf(back)).as(o + " " + p).isEqualTo(t.sqlOf(q));
                }
            }
        }
    }

    private static final String CONTAINED = "SELECT orders.id, orders.user_id, orders.description, users.id AS id_1, users.name "
            + "FROM users JOIN orders ON users.id = orders.user_id ORDER BY users.id, orders.id";

    /** containsEager: the query's own join's columns, before the parent's, and no join of the option's own (SQLAlchemy 2.1's contains_eager). */
    @Test
    void containsEagerSelectsTheQuerysJoin() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(User.class).join(user("orders")).options(ORM.containsEager(user("orders")))
                    .orderBy(user("id"), order("id")))).isEqualTo(CONTAINED);
            AliasedEntity<Order> o = ORM.aliased(Order.class);
            assertThat(t.sqlOf(ORM.select(User.class).join(o, user("orders")).options(ORM.containsEager(user("orders"), o))
                    .orderBy(user("id"), o.attr("id"))))
                    .isEqualTo("SELECT orders_1.id, orders_1.user_id, orders_1.description, users.id AS id_1, users.name "
                            + "FROM users JOIN orders AS orders_1 ON users.id = orders_1.user_id ORDER BY users.id, orders_1.id");
            assertThat(t.sqlOf(ORM.select(User.class).outerJoin(user("orders")).options(ORM.containsEager(user("orders"))).orderBy(user("id"))))
                    .isEqualTo("SELECT orders.id, orders.user_id, orders.description, users.id AS id_1, users.name "
                            + "FROM users LEFT OUTER JOIN orders ON users.id = orders.user_id ORDER BY users.id");
        }
    }

    @EachDatabase
    void containsEagerFillsTheCollectionFromTheQuerysJoin(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            Session s = t.open();
            // the join's criteria decide the collection: only order 10
            List<User> users = s.query(User.class).join(user("orders")).filter(ORM.attr(Order.class, "id").eq(10))
                    .options(ORM.containsEager(user("orders"))).all();
            assertThat(users).extracting(u -> u.name).containsExactly("u1");
            assertThat(users.get(0).orders).extracting(x -> x.id).containsExactly(10);
            assertThat(t.take("SELECT")).as("one statement, nothing loaded lazily").hasSize(1);
            Session other = t.open();
            AliasedEntity<Order> o = ORM.aliased(Order.class);
            List<User> all = other.query(User.class).outerJoin(o, user("orders")).options(ORM.containsEager(user("orders"), o))
                    .orderBy(user("id"), o.attr("id")).all();
            assertThat(all).extracting(u -> u.name).containsExactly("u1", "u2");
            assertThat(all.get(0).orders).extracting(x -> x.id).containsExactly(10, 11);
            assertThat(all.get(1).orders).isEmpty();
            assertThat(t.take("SELECT")).as("one statement, nothing loaded lazily").hasSize(1);
        }
    }

    @Test
    void containsEagerRoundTrips() {
        try (OrmTestDatabase t = model()) {
            AliasedEntity<Order> o = ORM.aliased(Order.class);
            for (Query<?> q : List.of(ORM.select(User.class).join(user("orders")).options(ORM.containsEager(user("orders"))),
                    ORM.select(User.class).join(o, user("orders")).options(ORM.containsEager(user("orders"), o)))) {
                for (Protocol p : Protocol.values()) {
                    Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), t.metadata);
                    assertThat(back.compare(q)).as(q + " " + p).isTrue();
                    assertThat(t.sqlOf(back)).as(q + " " + p).isEqualTo(t.sqlOf(q));
                }
            }
        }
    }
}
