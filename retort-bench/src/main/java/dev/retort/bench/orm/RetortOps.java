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
}
