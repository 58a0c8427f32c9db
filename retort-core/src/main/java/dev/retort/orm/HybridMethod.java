package dev.retort.orm;

import dev.retort.sql.ColumnElement;

/**
 * A method with arguments computed in Java on an instance and in SQL on the class: SQLAlchemy's
 * {@code hybrid_method}. Mapped as a property ({@link ORM#hybridMethod}), {@link ORM#call} (or
 * {@link AliasedEntity#call} for an alias) gives its SQL expression for the arguments, built from the
 * entity's attributes: a plain expression, which compiles, serializes and adapts as any other.
 *
 * <pre>{@code
 * static final HybridMethod<Interval, Boolean> CONTAINS = ORM.hybridMethod((Interval i, Object[] args) -> i.start <= (int) args[0] && (int) args[0] < i.end,
 *         (a, args) -> a.<Integer>attr("start").le(args[0]).and(a.<Integer>attr("end").gt(args[0])));
 * registry.mapImperatively(Interval.class, intervals, Map.of("contains", CONTAINS));
 * session.query(Interval.class).filter(ORM.call(Interval.class, "contains", 5)).all();
 * // WHERE intervals.start <= ? AND intervals."end" > ?
 * CONTAINS.call(interval, 5);                                     // in Java
 * }</pre>
 *
 * @param <T> the mapped class
 * @param <V> the method's value type
 */
public final class HybridMethod<T, V> {
    /** The instance-level function: the value on {@code object} for the arguments. */
    @FunctionalInterface
    public interface Instance<T, V> {
        V apply(T object, Object[] args);
    }

    /** The class-level function: the SQL expression over the entity's attributes for the arguments. */
    @FunctionalInterface
    public interface Expression {
        ColumnElement<?> apply(Hybrid.Attributes attributes, Object[] args);
    }

    private final Instance<? super T, ? extends V> instance;
    private final Expression expression;

    HybridMethod(Instance<? super T, ? extends V> instance, Expression expression) {
        if (expression == null) {
            throw new dev.retort.exc.ArgumentException("A hybrid method needs its SQL expression");
        }
        this.instance = instance;
        this.expression = expression;
    }

    /** The value on {@code object} for {@code args}, computed in Java by the instance-level function. */
    public V call(T object, Object... args) {
        if (instance == null) {
            throw new dev.retort.exc.ArgumentException("This hybrid method has no instance-level function");
        }
        return instance.apply(object, args);
    }

    /** The SQL expression over {@code entity}'s attributes for {@code args}. */
    ColumnElement<?> expressionFor(Entity entity, Object[] args) {
        ColumnElement<?> e = expression.apply(entity::attr, args);
        if (e == null) {
            throw new dev.retort.exc.ArgumentException("A hybrid method's expression gave null for " + entity.label());
        }
        return e;
    }
}
