package dev.retort.types;

/**
 * What the built-in types whose values are those of one {@link TypeKind} share ({@link SqlType},
 * {@link SpelledType}, {@link MysqlType}, {@link NamedType}): the kind, which gives the Java type
 * of values, and being values themselves for the statement cache.
 */
abstract class KindedType<T> extends TypeEngine<T> {
    /** How values bind, read and compare. */
    final TypeKind kind;

    KindedType(TypeKind kind) {
        this.kind = kind;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<T> javaType() {
        return (Class<T>) kind.javaType();
    }

    @Override
    public TypeKind kind() {
        return kind;
    }

    /** Byte arrays are the mutable kind of value: they are copied. */
    @Override
    @SuppressWarnings("unchecked")
    public T copyValue(T value) {
        return value instanceof byte[] b ? (T) b.clone() : value;
    }

    /** Built-in types are values: equal types render and bind alike. */
    @Override
    public boolean cacheOk() {
        return true;
    }
}
