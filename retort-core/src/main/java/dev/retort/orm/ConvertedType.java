package dev.retort.orm;

import dev.retort.dialect.Dialect;
import dev.retort.ext.serializer.Codecs;
import dev.retort.ext.serializer.TypeCodec;
import dev.retort.types.TypeDecorator;
import dev.retort.types.TypeEngine;
import java.util.List;
import java.util.function.Function;

/**
 * A column type that stores a field's values converted by two functions: what
 * {@link AnnotationMapping} makes of a {@code @Convert(converter = ...)} (the user's
 * {@code AttributeConverter}) and of an {@code @Enumerated(ORDINAL)} field. Two instances with
 * the same {@code key} (the converter's class, or the enum's) convert alike, so they are equal.
 *
 * <p>{@code QuerySerializer} writes one as codec type {@code retort.converted} (format 1.18) with
 * its name ({@link #name}); {@code loads} takes back the type of that name on a column of the
 * MetaData it is given (where the mapping put it), never a class the data names. Values of the
 * application's classes still need its {@code ValueCodec}s, as everywhere.
 *
 * @param <T> the field's type
 * @param <I> the column's type
 */
final class ConvertedType<T, I> extends TypeDecorator<T, I> {
    static {
        Codecs.register(TypeCodec.fromMetaData("retort.converted", ConvertedType.class, t -> t.name()));
    }

    private final Function<T, I> toColumn;
    private final Function<I, T> toField;
    private final Object key;

    ConvertedType(TypeEngine<I> impl, Class<T> fieldType, Function<T, I> toColumn, Function<I, T> toField, Object key) {
        super(impl, fieldType);
        this.toColumn = toColumn;
        this.toField = toField;
        this.key = key;
    }

    /** Registers the codec (calling it initialises this class, which does the work). */
    static void registerCodec() {
        // Initialisation of this class does the work.
    }

    /** The converter's class name, or {@code ordinal:} and the enum's. */
    String name() {
        return key instanceof Class<?> c ? c.getName() : "ordinal:" + ((Class<?>) ((List<?>) key).get(0)).getName();
    }

    /**
     * An enum stored as its ordinal ({@code @Enumerated(ORDINAL)}, JPA's default) as Hibernate 7
     * stores it: a TINYINT (on MySQL and MariaDB; PostgreSQL has none, and Hibernate's dialect
     * writes SMALLINT there, as on the others here), a SMALLINT for an enum of more than 128 constants.
     */
    static <E extends Enum<E>> ConvertedType<E, Short> ordinal(Class<E> type) {
        E[] constants = type.getEnumConstants();
        TypeEngine<Short> small = dev.retort.types.Types.SMALLINT;
        TypeEngine<Short> impl = constants.length > 128 ? small : small.withVariant(dev.retort.types.Types.named("mysql", "TINYINT", small), "mysql");
        return new ConvertedType<>(impl, type, e -> (short) e.ordinal(), i -> constants[i], List.of(type, "ordinal"));
    }

    @Override
    public I processBindParam(T value, Dialect dialect) {
        return toColumn.apply(value);
    }

    @Override
    public T processResultValue(I value, Dialect dialect) {
        return toField.apply(value);
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    @Override
    public List<Object> cacheKeyState() {
        return List.of(key);
    }

    /** {@code Converted[CentsConverter](BIGINT)}. */
    @Override
    public String toString() {
        return "Converted[" + (key instanceof Class<?> c ? c.getSimpleName() : key) + "](" + impl() + ")";
    }
}
