package dev.retort.orm;

import dev.retort.sql.ColumnElement;
import java.util.function.Function;

/**
 * An attribute computed in Java on an instance and in SQL on the class: SQLAlchemy's
 * {@code hybrid_property}. Mapped as a property ({@link ORM#hybrid}), {@code ORM.attr(User.class, "fullName")}
 * is its SQL expression over the class's attributes, usable in {@code select()}, {@code where()},
 * ORDER BY and with aliased entities: the expression is built for each entity it is asked of, from
 * that entity's attributes, so on an alias it names the alias's columns. A query holding it serializes
 * as the attribute (entity and key), which the receiving mapping builds again. Selected on its own it is
 * labelled with its key, unless its expression is a column attribute, which keeps the column's name.
 *
 * <pre>{@code
 * static final Hybrid<User, String> FULL_NAME = ORM.hybrid(u -> u.first + " " + u.last,
 *         a -> a.<String>attr("first").concat(" ").concat(a.attr("last")));
 * registry.mapImperatively(User.class, users, Map.of("fullName", FULL_NAME));
 * FULL_NAME.get(user);                                                       // "ed jones", in Java
 * select(ORM.attr(User.class, "fullName"));   // SELECT users.first || :param_1 || users.last AS "fullName" FROM users
 * AliasedEntity<User> u2 = ORM.aliased(User.class);
 * session.query(u2).filter(u2.attr("fullName").eq("ed jones"));   // WHERE users_1.first || ... = ?
 * }</pre>
 *
 * @param <T> the mapped class
 * @param <V> the attribute's value type
 */
public final class Hybrid<T, V> {
    /** The attributes of the entity (a mapped class or an alias of it) a hybrid's expression is built for. */
    public interface Attributes {
        /** The attribute {@code key} of the entity: a column, computed, composite or another hybrid attribute. */
        <X> QueryableAttribute<X> attr(String key);
    }

    private final Function<? super T, ? extends V> instance;
    private final Function<Attributes, ? extends ColumnElement<?>> expression;

    Hybrid(Function<? super T, ? extends V> instance, Function<Attributes, ? extends ColumnElement<?>> expression) {
        if (expression == null) {
            throw new dev.retort.exc.ArgumentException("A hybrid attribute needs its SQL expression");
        }
        this.instance = instance;
        this.expression = expression;
    }

    /** The value on {@code object}, computed in Java by the instance-level function. */
    public V get(T object) {
        if (instance == null) {
            throw new dev.retort.exc.ArgumentException("This hybrid attribute has no instance-level function");
        }
        return instance.apply(object);
    }

    /** The SQL expression over {@code entity}'s attributes. */
    ColumnElement<?> expressionFor(Entity entity) {
        ColumnElement<?> e = expression.apply(entity::attr);
        if (e == null) {
            throw new dev.retort.exc.ArgumentException("A hybrid attribute's expression gave null for " + entity.label());
        }
        return e;
    }
}
