package dev.retort.bench.orm;

import java.util.List;
import org.hibernate.Session;

/** The scenarios' statements through Hibernate. */
final class HibernateOps {
    private HibernateOps() {
    }

    /** The first {@value OrmWorld#CHANGED} items by id. */
    static List<Item> firstItems(Session s) {
        return s.createSelectionQuery("from Item where id <= :n order by id", Item.class).setParameter("n", OrmWorld.CHANGED).getResultList();
    }

    /** Every order with its lines, in one SELECT: {@code left join fetch}. */
    static List<PurchaseOrder> ordersJoined(Session s) {
        return s.createSelectionQuery("from PurchaseOrder o left join fetch o.lines order by o.id", PurchaseOrder.class).getResultList();
    }

    /**
     * Every order, then their lines as each collection is first touched, in batches of
     * {@code hibernate.default_batch_fetch_size} (500) orders.
     */
    static List<PurchaseOrder> ordersBatched(Session s) {
        List<PurchaseOrder> orders = s.createSelectionQuery("from PurchaseOrder o order by o.id", PurchaseOrder.class).getResultList();
        for (PurchaseOrder o : orders) {
            o.lines.size();
        }
        return orders;
    }
}
