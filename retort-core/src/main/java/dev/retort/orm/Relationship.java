package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ColumnElement;
import java.util.List;
import java.util.Set;

/**
 * The declaration of a relationship to another mapped class, given to
 * {@link Registry#mapImperatively(Class, dev.retort.schema.Table, java.util.Map)}: the seeds'
 * {@code relationship()}. Whether it is one-to-many (a {@code List} field) or many-to-one (a
 * field of the target class) is inferred from the foreign keys between the two tables.
 * Immutable: each method returns a new declaration.
 *
 * <pre>{@code
 * registry.mapImperatively(User.class, users, Map.of(
 *         "addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
 * }</pre>
 *
 * @param <T> the related class
 */
public final class Relationship<T> {
    private static final Set<String> CASCADES = Set.of("save-update", "delete", "delete-orphan", "all");

    private final Class<T> target;
    private final String backref;
    private final List<ColumnElement<?>> orderBy;
    private final Set<String> cascade;

    Relationship(Class<T> target, String backref, List<ColumnElement<?>> orderBy, Set<String> cascade) {
        this.target = target;
        this.backref = backref;
        this.orderBy = List.copyOf(orderBy);
        this.cascade = Set.copyOf(cascade);
    }

    /**
     * Also maps the reverse relationship on the target class under {@code name} (a many-to-one
     * field for a one-to-many relationship, and the other way round).
     */
    public Relationship<T> backref(String name) {
        return new Relationship<>(target, name, orderBy, cascade);
    }

    /** The order of a collection's members when it loads (columns of the target's table, or {@code desc(...)} of them). */
    public Relationship<T> orderBy(ColumnElement<?>... clauses) {
        return new Relationship<>(target, backref, List.of(clauses), cascade);
    }

    /**
     * Which session operations follow the relationship, as in the seeds: a comma-separated list
     * of {@code save-update} (always on), {@code delete} (deleting the parent deletes its
     * collection's members), {@code delete-orphan} (a member removed from the collection is
     * deleted) and {@code all} (save-update and delete).
     */
    public Relationship<T> cascade(String cascades) {
        Set<String> out = new java.util.HashSet<>();
        for (String c : cascades.split(",")) {
            String name = c.trim();
            if (!CASCADES.contains(name)) {
                throw new ArgumentException("Unknown cascade '" + name + "'; known: " + new java.util.TreeSet<>(CASCADES));
            }
            if (name.equals("all")) {
                out.add("delete");
            } else {
                out.add(name);
            }
        }
        return new Relationship<>(target, backref, orderBy, out);
    }

    Class<T> target() {
        return target;
    }

    String backrefName() {
        return backref;
    }

    List<ColumnElement<?>> orderByClauses() {
        return orderBy;
    }

    boolean cascades(String name) {
        return cascade.contains(name);
    }
}
