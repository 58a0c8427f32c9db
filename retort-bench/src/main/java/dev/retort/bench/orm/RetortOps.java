package dev.retort.bench.orm;

import dev.retort.orm.ORM;
import dev.retort.orm.Session;
import java.util.List;

/** The scenarios' statements through Retort's ORM. */
final class RetortOps {
    private RetortOps() {
    }

    /** The first {@value OrmWorld#CHANGED} items by id. */
    static List<Item> firstItems(Session s) {
        return s.query(Item.class).filter(ORM.attr(Item.class, "id").le(OrmWorld.CHANGED)).orderBy(ORM.attr(Item.class, "id")).all();
    }

    /** Every order with its lines, in one SELECT with a LEFT OUTER JOIN. */
    static List<PurchaseOrder> ordersJoined(Session s) {
        return s.query(PurchaseOrder.class).options(ORM.joinedLoad(ORM.attr(PurchaseOrder.class, "lines")))
                .orderBy(ORM.attr(PurchaseOrder.class, "id")).all();
    }

    /** Every order, then their lines in a SELECT per {@code Loading.CHUNK} (500) orders. */
    static List<PurchaseOrder> ordersSelectin(Session s) {
        return s.query(PurchaseOrder.class).options(ORM.selectinLoad(ORM.attr(PurchaseOrder.class, "lines")))
                .orderBy(ORM.attr(PurchaseOrder.class, "id")).all();
    }
}
