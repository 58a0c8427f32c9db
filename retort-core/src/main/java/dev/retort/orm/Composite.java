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
    private final List<Field> fields;

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
        this.fields = List.copyOf(fs);
    }

    Class<V> type() {
        return type;
    }

    List<Column<?>> columns() {
        return columns;
    }

    /** The value class's field that holds column {@code i}. */
    Field field(int i) {
        return fields.get(i);
    }
}
