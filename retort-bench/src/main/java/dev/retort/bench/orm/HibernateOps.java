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
}
