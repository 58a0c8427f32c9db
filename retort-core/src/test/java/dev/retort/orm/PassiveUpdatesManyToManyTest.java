package dev.retort.orm;

import static dev.retort.orm.NaturalKeyUsers.SELECT_USER;
import static dev.retort.orm.NaturalKeyUsers.UPDATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;

/**
 * {@link Relationship#passiveUpdates passiveUpdates(false)} on a many-to-many: the owner's natural key changes and the
 * flush UPDATEs its association rows, loading the collection by the old key first when it is not loaded (SQLAlchemy's
 * secondary UPDATE, test_naturalpks.py NaturalPKTest._test_manytomany). SQL from SQLAlchemy 2.1.1
 * (tools/expect/orm_misc.py, "many-to-many", with declared joins too).
 */
class PassiveUpdatesManyToManyTest {
    /** A user with a natural key. */
    public static class KUser {
        String username;
        String fullname;
        List<KItem> items;
    }

    /** An item with a natural key. */
    public static class KItem {
        String itemname;
        String description;
    }

    private static final String SELECT_ITEMS = "SELECT items.itemname, items.description FROM items, users_to_items WHERE ? = users_to_items.username AND items.itemname = users_to_items.itemname ORDER BY items.itemname";
    private static final String UPDATE_ROWS = "UPDATE users_to_items SET username=?, itemname=? WHERE users_to_items.username = ? AND users_to_items.itemname = ?";

    private static OrmTestDatabase model(Databases.Database db) {
        return model(db, false);
    }

    /** With {@code declared}, the relationship declares its joins (primaryJoin, secondaryJoin): the same statements. */
    private static OrmTestDatabase model(Databases.Database db, boolean declared) {
        OrmTestDatabase t = new OrmTestDatabase();
        String x = t.suffix;
        Table users = NaturalKeyUsers.users(t);
        Table items = new Table("items" + x, t.metadata, Column.of("itemname", Types.string(50)).primaryKey(), Column.of("description", Types.string(100)));
        Table links = new Table("users_to_items" + x, t.metadata,
                Column.of("username", Types.string(50)).primaryKey().foreignKey("users" + x + ".username", null, "CASCADE"),
                Column.of("itemname", Types.string(50)).primaryKey().foreignKey("items" + x + ".itemname", null, "CASCADE"));
        Relationship<KItem> rel = ORM.relationship(KItem.class).secondary(links).orderBy(items.c("itemname")).passiveUpdates(false);
        if (declared) {
            rel = rel.primaryJoin(users.c("username").eq(links.c("username"))).secondaryJoin(items.c("itemname").eq(links.c("itemname")));
        }
        t.registry.mapImperatively(KUser.class, users, Map.of("items", rel));
        t.registry.mapImperatively(KItem.class, items);
        NaturalKeyUsers.startWithJack(t, db, users,
                new NaturalKeyUsers.Rows(items, List.of(Map.of("itemname", "item1", "description", "d1"), Map.of("itemname", "item2", "description", "d2"))),
                new NaturalKeyUsers.Rows(links, List.of(Map.of("username", "jack", "itemname", "item1"), Map.of("username", "jack", "itemname", "item2"))));
        return t;
    }

    private static List<String> itemsInDatabase(OrmTestDatabase t, String username) {
        try (Session s = SessionFactory.of(t.engine()).open()) {
            return s.get(KUser.class, username).items.stream().map(i -> i.itemname).toList();
        }
    }

    @EachDatabase
    void theRowsOfALoadedCollectionTakeTheNewKey(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            KUser u = s.get(KUser.class, "jack");
            assertThat(u.items).extracting(i -> i.itemname).containsExactly("item1", "item2");
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ITEMS, UPDATE_USER, UPDATE_ROWS);
            s.commit();
            assertThat(itemsInDatabase(t, "ed")).containsExactly("item1", "item2");
        }
    }

    @EachDatabase
    void anUnloadedCollectionIsLoadedByTheOldKeyFirst(Databases.Database db) {
        try (OrmTestDatabase t = model(db)) {
            Session s = t.open();
            KUser u = s.get(KUser.class, "jack");
            u.username = "ed";
            s.flush();
            assertThat(t.take("")).containsExactly(SELECT_USER, SELECT_ITEMS, UPDATE_USER, UPDATE_ROWS);
            s.commit();
            assertThat(itemsInDatabase(t, "ed")).containsExactly("item1", "item2");
        }
    }

    /** The declared joins' relationship took no key change: its association rows kept the old key (FK failure, or rows lost). */
    @EachDatabase
    void declaredJoinsTakeTheNewKeyToo(Databases.Database db) {
        for (boolean load : List.of(true, false)) {
            try (OrmTestDatabase t = model(db, true)) {
                Session s = t.open();
                KUser u = s.get(KUser.class, "jack");
                if (load) {
                    assertThat(u.items).extracting(i -> i.itemname).containsExactly("item1", "item2");
                }
                u.username = "ed";
                s.flush();
                assertThat(t.take("")).as("loaded first: %s", load).containsExactly(SELECT_USER, SELECT_ITEMS, UPDATE_USER, UPDATE_ROWS);
                s.commit();
                assertThat(itemsInDatabase(t, "ed")).containsExactly("item1", "item2");
            }
        }
    }
}
