package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * SQLAlchemy's {@code order_by(None)} on a dynamic collection's query and a write-only one's
 * {@code select()} ({@code orderBy((ClauseElement) null)}): the relationship's ORDER BY comes off
 * (test_dynamic.py DynamicTest/WriteOnlyTest.test_order_by), and a dynamic many-to-many ordered and
 * filtered by its association table's columns (DynamicTest.test_association_nonaliased). SQL
 * from SQLAlchemy 2.1.1 for the same mapping.
 */
class DynamicOrderByNoneTest {
    /** A user whose addresses are dynamic, ordered by email DESC. */
    public static class User {
        Integer id;
        String name;
        DynamicCollection<Address> addresses = new DynamicCollection<>();
    }

    /** The same user, its addresses write-only with the same order. */
    public static class WUser {
        Integer id;
        String name;
        WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>();
    }

    /** An address. */
    public static class Address {
        Integer id;
        String email;
        Integer userId;
    }

    /** An order whose items (through order_items) are dynamic, ordered by order_items.item_id. */
    public static class Order {
        Integer id;
        DynamicCollection<Item> items = new DynamicCollection<>();
    }

    /** An item. */
    public static class Item {
        Integer id;
        String description;
    }

    private static final String SELECT = "SELECT addresses.id AS addresses_id, addresses.email AS addresses_email, "
            + "addresses.user_id AS addresses_user_id FROM addresses WHERE ? = addresses.user_id";

    private static OrmTestDatabase model(Databases.Database db) {
        OrmTestDatabase t = new OrmTestDatabase();
        String s = t.suffix;
        Table users = new Table("users" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(50)));
        Table addresses = new Table("addresses" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("email", Types.string(50)), Column.of("user_id", Types.INTEGER).foreignKey("users" + s + ".id"));
        Table items = new Table("items" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("description", Types.string(30)));
        Table orders = new Table("orders" + s, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false));
        Table orderItems = new Table("order_items" + s, t.metadata,
                Column.of("item_id", Types.INTEGER).foreignKey("items" + s + ".id").primaryKey().autoincrement(false),
                Column.of("order_id", Types.INTEGER).foreignKey("orders" + s + ".id").primaryKey().autoincrement(false));
        t.registry.mapImperatively(User.class, users, Map.of("addresses",
                ORM.relationship(Address.class).lazy("dynamic").orderBy(SQL.desc(addresses.c("email")))));
        t.registry.mapImperatively(WUser.class, users, Map.of("addresses",
                ORM.relationship(Address.class).lazy("write_only").orderBy(SQL.desc(addresses.c("email")))));
        t.registry.mapImperatively(Address.class, addresses);
        t.registry.mapImperatively(Order.class, orders, Map.of("items",
                ORM.relationship(Item.class).secondary(orderItems).orderBy(orderItems.c("item_id")).lazy("dynamic")));
        t.registry.mapImperatively(Item.class, items);
        t.start(db);
        try (var c = t.engine().begin()) {
            c.execute(SQL.insert(users), List.of(Map.of("id", 8, "name", "ed")));
            c.execute(SQL.insert(addresses), List.of(Map.of("id", 2, "email", "ed@wood.com", "user_id", 8),
                    Map.of("id", 3, "email", "ed@bettyboop.com", "user_id", 8), Map.of("id", 4, "email", "ed@lala.com", "user_id", 8)));
            c.execute(SQL.insert(orders), List.of(Map.of("id", 1)));
            c.execute(SQL.insert(items), List.of(Map.of("id", 1, "description", "i1"), Map.of("id", 2, "description", "i2"),
                    Map.of("id", 3, "description", "i3")));
            c.execute(SQL.insert(orderItems), List.of(Map.of("item_id", 3, "order_id", 1), Map.of("item_id", 2, "order_id", 1)));
        }
        return t;
    }

    private static List<String> emails(List<Address> all) {
        return all.stream().map(a -> a.email).toList();
    }

    @EachDatabase
    void orderByNullTakesTheDynamicRelationshipsOrderOff(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            User u = s.get(User.class, 8);
            t.take("");
            assertThat(emails(u.addresses.all())).containsExactly("ed@wood.com", "ed@lala.com", "ed@bettyboop.com");
            // u.addresses.order_by(None).order_by(Address.email_address)
            assertThat(emails(u.addresses.orderBy((ClauseElement) null).orderBy(ORM.attr(Address.class, "email")).all()))
                    .containsExactly("ed@bettyboop.com", "ed@lala.com", "ed@wood.com");
            // set(u.addresses.order_by(None))
            assertThat(emails(u.addresses.orderBy((ClauseElement) null).all()))
                    .containsExactlyInAnyOrder("ed@bettyboop.com", "ed@lala.com", "ed@wood.com");
            assertThat(t.take("")).containsExactly(SELECT + " ORDER BY addresses.email DESC", SELECT + " ORDER BY addresses.email", SELECT);
        }
    }

    @EachDatabase
    void orderByNullTakesTheWriteOnlyRelationshipsOrderOff(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            WUser u = s.get(WUser.class, 8);
            // sess.scalars(u.addresses.select().order_by(None).order_by(Address.email_address))
            List<Address> sorted = s.execute(u.addresses.select().orderBy((ClauseElement) null).orderBy(ORM.attr(Address.class, "email"))).scalars();
            assertThat(emails(sorted)).containsExactly("ed@bettyboop.com", "ed@lala.com", "ed@wood.com");
            assertThat(emails(s.execute(u.addresses.select().orderBy((ClauseElement) null)).scalars()))
                    .containsExactlyInAnyOrder("ed@bettyboop.com", "ed@lala.com", "ed@wood.com");
        }
    }

    @EachDatabase
    void aDynamicManyToManyOrdersAndFiltersByItsAssociationTable(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            Order o = s.get(Order.class, 1);
            Table orderItems = t.metadata.table("order_items" + t.suffix);
            // o.items (compiled); o.items.filter(order_items.c.item_id == 2).all()
            assertThat(o.items.statement().compile().string().replace(t.suffix, "").replaceAll("\\s+", " ").trim()).isEqualTo(
                    "SELECT items.id, items.description FROM items, order_items WHERE :param_1 = order_items.order_id "
                            + "AND items.id = order_items.item_id ORDER BY order_items.item_id");
            assertThat(o.items.all()).extracting(i -> i.id).containsExactly(2, 3);
            t.take("");
            assertThat(o.items.filter(orderItems.c("item_id").eq(2)).all()).extracting(i -> i.id).containsExactly(2);
            assertThat(t.take("")).containsExactly("SELECT items.id AS items_id, items.description AS items_description FROM items, order_items "
                    + "WHERE ? = order_items.order_id AND items.id = order_items.item_id AND order_items.item_id = ? ORDER BY order_items.item_id");
        }
    }
}
