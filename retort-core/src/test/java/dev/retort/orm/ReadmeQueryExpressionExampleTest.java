package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.Map;

/** The README's query_expression example, run as written; the SQL is SQLAlchemy 2.1.1's for the same mapping and option. */
class ReadmeQueryExpressionExampleTest {
    /** An item whose total each query gives. */
    public static class Item {
        Integer id;
        Integer x;
        Integer y;
        Integer total;
    }

    @EachDatabase
    void eachQueryGivesTheTotal(Databases.Database db) {
        try (OrmTestDatabase orm = new OrmTestDatabase()) {
            Table items = new Table("items" + orm.suffix, orm.metadata, Column.of("id", Types.INTEGER).primaryKey(),
                    Column.of("x", Types.INTEGER), Column.of("y", Types.INTEGER));
            Registry registry = orm.registry;
            registry.mapImperatively(Item.class, items, Map.of("total", ORM.queryExpression()));
            orm.start(db);
            try (Session w = orm.open()) {
                Item item = new Item();
                item.id = 1;
                item.x = 2;
                item.y = 3;
                w.add(item);
                w.commit();
            }
            orm.sql.clear();
            try (Session session = orm.open()) {
                Item i = session.query(Item.class).options(ORM.withExpression(ORM.attr(Item.class, "total"), items.c("x").add(items.c("y")))).one();
                assertThat(orm.take("SELECT")).singleElement().asString().startsWith("SELECT items.x + items.y AS anon_1, items.id, items.x, items.y FROM items");
                assertThat(i.total).isEqualTo(i.x + i.y).isEqualTo(5);
            }
            try (Session session = orm.open()) {
                assertThat(session.query(Item.class).one().total).isNull();
            }
        }
    }
}
