package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.exc.SerializationException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wildcard loader options ({@link ORM#lazyLoadAll}, {@link ORM#raiseLoadAll}, {@link ORM#load},
 * {@link LoaderOption#lazyLoadAll}, {@link ORM#deferAll}, ...): for every level, one entity, or the end of a
 * path, and an option for one attribute deciding over them. Expected SQL is SQLAlchemy 2.1.1's for the same
 * mapping (users: orders ordered by id, addresses lazy="joined"; orders: items lazy="joined").
 */
class WildcardLoaderOptionsTest {
    public static class User {
        Integer id;
        String name;
        List<Order> orders = new ArrayList<>();
        List<Address> addresses = new ArrayList<>();
    }

    public static class Address {
        Integer id;
        Integer userId;
        String email;
    }

    public static class Order {
        Integer id;
        Integer userId;
        String description;
        List<Item> items = new ArrayList<>();
    }

    public static class Item {
        Integer id;
        Integer orderId;
        String name;
    }

    private static OrmTestDatabase model() {
        OrmTestDatabase t = new OrmTestDatabase();
        String s = t.suffix;
        Table users = new Table("users" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(30)));
        Table addresses = new Table("addresses" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + s + ".id"), Column.of("email", Types.string(50)));
        Table orders = new Table("orders" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("user_id", Types.INTEGER).foreignKey("users" + s + ".id"), Column.of("description", Types.string(50)));
        Table items = new Table("items" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("order_id", Types.INTEGER).foreignKey("orders" + s + ".id"), Column.of("name", Types.string(50)));
        // in SQLAlchemy's order of the relationships (their declaration's), which a joined wildcard joins in
        Map<String, Object> userProps = new LinkedHashMap<>();
        userProps.put("orders", ORM.relationship(Order.class).orderBy(orders.c("id")));
        userProps.put("addresses", ORM.relationship(Address.class).lazy("joined"));
        t.registry.mapImperatively(User.class, users, userProps);
        t.registry.mapImperatively(Address.class, addresses);
        t.registry.mapImperatively(Order.class, orders, Map.of("items", ORM.relationship(Item.class).lazy("joined")));
        t.registry.mapImperatively(Item.class, items);
        return t;
    }

    /** User 1 ed with two orders of one item each and an address; user 2 jack with nothing. */
    private static void fill(OrmTestDatabase t) {
        try (Session s = t.open()) {
            User ed = new User();
            ed.id = 1;
            ed.name = "ed";
            for (int i = 1; i <= 2; i++) {
                Order o = new Order();
                o.id = i;
                o.description = "order " + i;
                Item it = new Item();
                it.id = i;
                it.name = "item " + i;
                o.items.add(it);
                ed.orders.add(o);
            }
            Address a = new Address();
            a.id = 1;
            a.email = "ed@x";
            ed.addresses.add(a);
            User jack = new User();
            jack.id = 2;
            jack.name = "jack";
            s.add(ed);
            s.add(jack);
            s.commit();
        }
        t.take("");
    }

    private static QueryableAttribute<?> user(String key) {
        return ORM.attr(User.class, key);
    }

    private static Object[][] cases() {
        return new Object[][] {
                {"select(User)", ORM.select(User.class),
                        "SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id"},
                {"lazyload('*')", ORM.select(User.class).options(ORM.lazyLoadAll()),
                        "SELECT users.id, users.name FROM users"},
                {"lazyload('*'), joinedload(User.addresses)", ORM.select(User.class).options(ORM.lazyLoadAll(), ORM.joinedLoad(user("addresses"))),
                        "SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id"},
                {"joinedload(User.orders), raiseload('*')", ORM.select(User.class).options(ORM.joinedLoad(user("orders")), ORM.raiseLoadAll()),
                        "SELECT users.id, users.name, orders_1.id AS id_1, orders_1.user_id, orders_1.description FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id ORDER BY orders_1.id"},
                {"joinedload(User.orders), Load(User).lazyload('*')", ORM.select(User.class).options(ORM.joinedLoad(user("orders")), ORM.load(User.class).lazyLoadAll()),
                        "SELECT users.id, users.name, items_1.id AS id_1, items_1.order_id, items_1.name AS name_1, orders_1.id AS id_2, orders_1.user_id, orders_1.description FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id LEFT OUTER JOIN items AS items_1 ON orders_1.id = items_1.order_id ORDER BY orders_1.id"},
                {"joinedload('*')", ORM.select(User.class).options(ORM.joinedLoadAll()),
                        "SELECT users.id, users.name, items_1.id AS id_1, items_1.order_id, items_1.name AS name_1, orders_1.id AS id_2, orders_1.user_id, orders_1.description, addresses_1.id AS id_3, addresses_1.user_id AS user_id_1, addresses_1.email FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id LEFT OUTER JOIN items AS items_1 ON orders_1.id = items_1.order_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY orders_1.id"},
                {"noload('*')", ORM.select(User.class).options(ORM.noLoadAll()),
                        "SELECT users.id, users.name FROM users"},
                {"defaultload(User.orders).lazyload('*'), joinedload(User.orders)", ORM.select(User.class).options(ORM.defaultLoad(user("orders")).lazyLoadAll(), ORM.joinedLoad(user("orders"))),
                        "SELECT users.id, users.name, orders_1.id AS id_1, orders_1.user_id, orders_1.description, addresses_1.id AS id_2, addresses_1.user_id AS user_id_1, addresses_1.email FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY orders_1.id"},
                {"joinedload(User.orders).lazyload('*')", ORM.select(User.class).options(ORM.joinedLoad(user("orders")).lazyLoadAll()),
                        "SELECT users.id, users.name, orders_1.id AS id_1, orders_1.user_id, orders_1.description, addresses_1.id AS id_2, addresses_1.user_id AS user_id_1, addresses_1.email FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY orders_1.id"},
                {"joinedload(User.orders), defer('*')", ORM.select(User.class).options(ORM.joinedLoad(user("orders")), ORM.deferAll(false)),
                        "SELECT users.id, items_1.id AS id_1, orders_1.id AS id_2, addresses_1.id AS id_3 FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id LEFT OUTER JOIN items AS items_1 ON orders_1.id = items_1.order_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY orders_1.id"},
                {"Load(User).defer('*'), undefer(User.name)", ORM.select(User.class).options(ORM.load(User.class).deferAll(false), ORM.undefer(user("name"))),
                        "SELECT users.id, users.name, addresses_1.id AS id_1, addresses_1.user_id, addresses_1.email FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id"},
                {"joinedload(User.orders).defer('*'), joinedload(User.orders).undefer(Order.description)", ORM.select(User.class).options(ORM.joinedLoad(user("orders")).deferAll(false), ORM.joinedLoad(user("orders")).undefer(ORM.attr(Order.class, "description"))),
                        "SELECT users.id, users.name, items_1.id AS id_1, items_1.order_id, items_1.name AS name_1, orders_1.id AS id_2, orders_1.description, addresses_1.id AS id_3, addresses_1.user_id, addresses_1.email FROM users LEFT OUTER JOIN orders AS orders_1 ON users.id = orders_1.user_id LEFT OUTER JOIN items AS items_1 ON orders_1.id = items_1.order_id LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id ORDER BY orders_1.id"},
                {"select(Order).options(defer('*'), undefer(Order.description))",
                        ORM.select(Order.class).options(ORM.deferAll(false), ORM.undefer(ORM.attr(Order.class, "description"))),
                        "SELECT orders.id, orders.description, items_1.id AS id_1 FROM orders LEFT OUTER JOIN items AS items_1 ON orders.id = items_1.order_id"},
                {"select(Order).options(selectinload('*'))", ORM.select(Order.class).options(ORM.selectinLoadAll()),
                        "SELECT orders.id, orders.user_id, orders.description FROM orders"},
        };
    }

    @Test
    void wildcardsRenderWhatSqlalchemyRenders() {
        try (OrmTestDatabase t = model()) {
            for (Object[] c : cases()) {
                assertThat(t.sqlOf((Query<?>) c[1])).as((String) c[0]).isEqualTo(c[2]);
            }
        }
    }

    @Test
    void wildcardsSurviveTheSerializer() {
        try (OrmTestDatabase t = model()) {
            for (Object[] c : cases()) {
                Query<?> q = (Query<?>) c[1];
                for (Protocol p : Protocol.values()) {
                    Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), t.metadata);
                    assertThat(back.compare(q)).as(c[0] + " " + p).isTrue();
                    assertThat(t.sqlOf(back)).as(c[0] + " " + p).isEqualTo(c[2]);
                    assertThat(back.loaderOptions()).hasToString(q.loaderOptions().toString());
                }
            }
        }
    }

    /** A bound wildcard and one for every level differ: compared and cached apart. */
    @Test
    void aBoundWildcardIsNotTheUnboundOne() {
        try (OrmTestDatabase t = model()) {
            assertThat(ORM.load(User.class).lazyLoadAll().compare(ORM.lazyLoadAll())).isFalse();
            assertThat(ORM.load(User.class).lazyLoadAll().compare(ORM.load(User.class).lazyLoadAll())).isTrue();
            assertThat(ORM.load(User.class).lazyLoadAll()).hasToString(ORM.load(User.class) + ".lazyLoadAll()");
            assertThat(ORM.noLoadAll()).hasToString("noLoadAll()");
        }
    }

    @Test
    void aWildcardEndsItsPath() {
        try (OrmTestDatabase t = model()) {
            assertThatThrownBy(() -> ORM.lazyLoadAll().joinedLoad(ORM.attr(Order.class, "items"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("wildcard ('*') loader option ends its path");
            assertThatThrownBy(() -> ORM.joinedLoadAll().innerJoin()).isInstanceOf(ArgumentException.class).hasMessageContaining("wildcard");
            assertThatThrownBy(() -> ORM.raiseLoadAll().options(ORM.deferAll(false))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("ends its path");
        }
    }

    /** Serialized data naming an attribute the class lacks, or a wildcard before another step, is refused with a typed exception naming it. */
    @Test
    void hostileLoadedOptionsAreRefused() {
        try (OrmTestDatabase t = model()) {
            String json = new String(QuerySerializer.dumps(ORM.select(User.class).options(
                    ORM.defaultLoad(user("orders")).joinedLoad(ORM.attr(Order.class, "items"))), Protocol.JSON), StandardCharsets.UTF_8);
            String unknown = json.replace("\"items\"", "\"nosuch\"");
            assertThat(unknown).isNotEqualTo(json);
            assertThatThrownBy(() -> QuerySerializer.loads(unknown.getBytes(StandardCharsets.UTF_8), t.metadata))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("nosuch");
            // lazyload('*').joinedload(Order.items): the first step's attribute taken out
            String wildcardFirst = json.replaceFirst("(?s)\"attribute\" : \\{\\s*\"node\" : \"orm_attribute\",\\s*\"id\" : 2,.*?\"key\" : \"orders\",\\s*\"and\" : \\[ \\](,\\s*\"ofType\" : null)?\\s*\\}\\s*\\}",
                    "\"attribute\" : null").replaceFirst("\"strategy\" : \"default\"", "\"strategy\" : \"lazy\"");
            assertThat(wildcardFirst).doesNotContain("\"orders\"").contains("\"lazy\"");
            assertThatThrownBy(() -> QuerySerializer.loads(wildcardFirst.getBytes(StandardCharsets.UTF_8), t.metadata))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("wildcard ('*')");
        }
    }

    @EachDatabase
    void raiseLoadAllRaisesOnTouchBelowTheJoinedLoadsToo(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            try (Session s = t.open()) {
                User ed = s.query(User.class).options(ORM.raiseLoadAll(), ORM.selectinLoad(user("orders"))).filter(user("id").eq(1)).one();
                assertThat(ed.orders).extracting(o -> o.description).containsExactly("order 1", "order 2");
                assertThatThrownBy(() -> ed.addresses.size()).isInstanceOf(RetortException.class).hasMessageContaining("addresses");
                assertThatThrownBy(() -> ed.orders.get(0).items.size()).as("the select-in load's level too")
                        .isInstanceOf(RetortException.class).hasMessageContaining("items");
            }
            try (Session s = t.open()) {
                User ed = s.query(User.class).options(ORM.joinedLoad(user("orders")), ORM.load(User.class).raiseLoadAll())
                        .filter(user("id").eq(1)).one();
                assertThat(ed.orders.get(1).items).as("Order's own relationships load as mapped").extracting(i -> i.name).containsExactly("item 2");
                assertThatThrownBy(() -> ed.addresses.size()).isInstanceOf(RetortException.class).hasMessageContaining("addresses");
            }
        }
    }

    @EachDatabase
    void lazyLoadAllLoadsOnFirstTouch(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            try (Session s = t.open()) {
                List<User> all = s.query(User.class).options(ORM.lazyLoadAll()).orderBy(user("id")).all();
                assertThat(t.take("")).containsExactly("SELECT users.id, users.name FROM users ORDER BY users.id");
                assertThat(all.get(0).addresses).extracting(a -> a.email).containsExactly("ed@x");
                assertThat(t.take("")).singleElement().asString().startsWith("SELECT addresses.id");
                assertThat(all.get(1).addresses).isEmpty();
            }
        }
    }

    @EachDatabase
    void deferAllThenUndeferOneLoadsTheOthersOnAccess(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            try (Session s = t.open()) {
                List<Order> all = s.query(Order.class).options(ORM.deferAll(false), ORM.undefer(ORM.attr(Order.class, "description")), ORM.lazyLoadAll())
                        .orderBy(ORM.attr(Order.class, "id")).all();
                assertThat(t.take("")).containsExactly("SELECT orders.id, orders.description FROM orders ORDER BY orders.id");
                assertThat(all).extracting(o -> o.description).containsExactly("order 1", "order 2");
                assertThat(all.get(0).userId).as("left out").isNull();
                assertThat(s.loadAttribute(all.get(0), "user_id")).isEqualTo(1);
                assertThat(t.take("")).containsExactly("SELECT orders.user_id FROM orders WHERE orders.id = ?");
            }
        }
    }

    /**
     * The loader option paths of the query go on to the lazy loads of its instances' collections, as in
     * SQLAlchemy 2.1.1 (its lazy loads' statements up to WHERE below); unbound and entity-bound wildcards do not.
     */
    @EachDatabase
    void pathsGoOnToTheLazyLoads(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            QueryableAttribute<?> orders = user("orders");
            QueryableAttribute<?> items = ORM.attr(Order.class, "items");
            lazyLoads(t, "defaultload(User.orders).lazyload('*')", List.of(ORM.defaultLoad(orders).lazyLoadAll()),
                    "SELECT orders.id, orders.user_id, orders.description FROM orders",
                    "SELECT items.id, items.order_id, items.name FROM items", "SELECT items.id, items.order_id, items.name FROM items");
            lazyLoads(t, "defaultload(User.orders).defer('*')", List.of(ORM.defaultLoad(orders).deferAll(false)),
                    "SELECT orders.id, items_1.id AS id_1, items_1.order_id, items_1.name FROM orders LEFT OUTER JOIN items AS items_1 ON orders.id = items_1.order_id");
            lazyLoads(t, "defaultload(User.orders).defer(Order.description).lazyload('*')",
                    List.of(ORM.defaultLoad(orders).defer(ORM.attr(Order.class, "description")).lazyLoadAll()),
                    "SELECT orders.id, orders.user_id FROM orders",
                    "SELECT items.id, items.order_id, items.name FROM items", "SELECT items.id, items.order_id, items.name FROM items");
            lazyLoads(t, "joinedload(User.orders).lazyload(Order.items).defer('*')", List.of(ORM.joinedLoad(orders).lazyLoad(items).deferAll(false)),
                    "SELECT items.id FROM items", "SELECT items.id FROM items");
            try (Session s = t.open()) {
                // lazyload(User.orders).selectinload(Order.items): one select-in statement for both orders' items
                User ed = s.query(User.class).options(ORM.lazyLoad(orders).selectinLoad(items)).filter(user("id").eq(1)).one();
                t.take("");
                ed.orders.forEach(o -> o.items.size());
                assertThat(t.take("")).hasSize(2).last().asString().startsWith("SELECT items.").contains(" IN (");
            }
            String joined = "SELECT orders.id, orders.user_id, orders.description, items_1.id AS id_1, items_1.order_id, items_1.name"
                    + " FROM orders LEFT OUTER JOIN items AS items_1 ON orders.id = items_1.order_id";
            lazyLoads(t, "lazyload('*')", List.of(ORM.lazyLoadAll()), joined);
            lazyLoads(t, "Load(User).raiseload('*'), lazyload(User.orders)", List.of(ORM.load(User.class).raiseLoadAll(), ORM.lazyLoad(orders)), joined);
            try (Session s = t.open()) {
                User ed = s.query(User.class).options(ORM.defaultLoad(orders).raiseLoadAll()).filter(user("id").eq(1)).one();
                assertThat(ed.orders).hasSize(2);
                assertThatThrownBy(() -> ed.orders.get(0).items.size()).as("defaultload(User.orders).raiseload('*')")
                        .isInstanceOf(RetortException.class).hasMessageContaining("items");
            }
        }
    }

    /** {@code lazyload(User.orders.and_(...))}: its lazy load has the criteria; {@code defaultload} with them does not, as in SQLAlchemy 2.1.1. */
    @EachDatabase
    void aLazyLoadOptionsCriteriaFilterTheLazyLoad(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            QueryableAttribute<?> second = user("orders").and(ORM.attr(Order.class, "description").eq("order 2"));
            try (Session s = t.open()) {
                User ed = s.query(User.class).options(ORM.lazyLoad(second)).filter(user("id").eq(1)).one();
                assertThat(ed.orders).extracting(o -> o.description).containsExactly("order 2");
            }
            try (Session s = t.open()) {
                User ed = s.query(User.class).options(ORM.defaultLoad(second)).filter(user("id").eq(1)).one();
                assertThat(ed.orders).extracting(o -> o.description).containsExactly("order 1", "order 2");
            }
        }
    }

    /** Loads user 1 with {@code options}, touches the items of its orders; the statements run, each up to WHERE. */
    private static void lazyLoads(OrmTestDatabase t, String what, List<QueryOption> options, String... expected) {
        try (Session s = t.open()) {
            User ed = s.query(User.class).options(options.toArray(new QueryOption[0])).filter(user("id").eq(1)).one();
            t.take("");
            ed.orders.forEach(o -> o.items.size());
            List<String> ran = new ArrayList<>();
            for (Object sql : t.take("")) {
                String one = sql.toString();
                ran.add(one.contains(" WHERE ") ? one.substring(0, one.indexOf(" WHERE ")) : one);
            }
            assertThat(ran).as(what).containsExactly(expected);
        }
    }
}
