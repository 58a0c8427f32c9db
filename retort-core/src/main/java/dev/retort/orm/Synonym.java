package dev.retort.orm;

/**
 * A second name for a mapped attribute: queries, loader options and {@link ORM#attr} under the
 * synonym's key use the attribute it names (the seeds' {@code synonym("name")}). It maps no
 * column and loads nothing of its own.
 *
 * <pre>{@code
 * registry.mapImperatively(Order.class, orders, Map.of("desc", ORM.synonym("description")));
 * session.query(Order.class).filter(ORM.attr(Order.class, "desc").eq("x"));   // WHERE orders.description = ?
 * }</pre>
 *
 * @param name the key of the attribute it stands for
 */
public record Synonym(String name) {
    public Synonym {
        if (name == null || name.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("synonym needs the name of the attribute it stands for");
        }
    }
}
