package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A value object made of several columns of the mapped table, for
 * {@link Registry#mapImperatively(Class, dev.retort.schema.Table, java.util.Map)}: the seeds'
 * {@code composite()}, and what {@code @Embedded} maps to. The columns go, in order, to the
 * value class's fields in declaration order (not static, not {@code transient}); the class needs a
 * no-argument constructor. Loading makes the value when one of its columns is not NULL; a flush
 * writes its fields' changes, whether the value was changed in place or replaced. In queries the
 * attribute compares column by column: {@code ORM.attr(Person.class, "home").eq(address)} is
 * {@code person.home_street = :home_street_1 AND person.home_city = :home_city_1}.
 *
 * <pre>{@code
 * public class Address { String street; String city; public Address() {} }
 * registry.mapImperatively(Person.class, people, Map.of(
 *         "home", ORM.composite(Address.class, people.c("home_street"), people.c("home_city"))));   // Address home;
 * }</pre>
 *
 * @param <V> the value class
 */
public final class Composite<V> {
    private final Class<V> type;
    private final List<Column<?>> columns;
    /** By column: the fields from the value object to the one holding it (one, unless an embeddable nests another). */
    private final List<List<Field>> paths;

    Composite(Class<V> type, List<Column<?>> columns) {
        if (type.isRecord() || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ArgumentException("A composite's value class must be a concrete class with a no-argument constructor and fields, not " + type.getName());
        }
        this.type = type;
        this.columns = List.copyOf(columns);
        List<Field> fs = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()) && !f.isSynthetic()) {
                fs.add(f);
            }
        }
        if (fs.size() != columns.size()) {
            throw new ArgumentException("Composite " + type.getSimpleName() + " has " + fs.size() + " fields " + fs.stream().map(Field::getName).toList()
                    + " for " + columns.size() + " columns " + columns.stream().map(Column::name).toList());
        }
        this.paths = fs.stream().map(List::of).toList();
    }

    /** A composite whose columns' values are at {@code paths}: an embeddable nesting others ({@code home.geo.lat}). */
    private Composite(Class<V> type, List<Column<?>> columns, List<List<Field>> paths) {
        this.type = type;
        this.columns = List.copyOf(columns);
        this.paths = paths.stream().map(List::copyOf).toList();
    }

    static <V> Composite<V> nested(Class<V> type, List<Column<?>> columns, List<List<Field>> paths) {
        return new Composite<>(type, columns, paths);
    }

    Class<V> type() {
        return type;
    }

    List<Column<?>> columns() {
        return columns;
    }

    /** The fields that lead from a value object to column {@code i}'s value: the value class's field, then the nested value's, ... */
    List<Field> path(int i) {
        return paths.get(i);
    }
}
