package dev.retort.types;

/**
 * What {@link SqlType} and {@link SpelledType} share: a name the dialects know, with the
 * arguments a standard type takes (a length, or a precision and a scale).
 */
abstract class StandardType<T> extends KindedType<T> {
    final String visitName;
    final Integer length;
    final Integer precision;
    final Integer scale;

    StandardType(TypeKind kind, String visitName, Integer length, Integer precision, Integer scale) {
        super(kind);
        this.visitName = visitName;
        this.length = length;
        this.precision = precision;
        this.scale = scale;
    }

    @Override
    public String visitName() {
        return visitName;
    }

    /** The length of a string or binary type, or null. */
    public Integer length() {
        return length;
    }

    /** The precision of a numeric type, or null. */
    public Integer precision() {
        return precision;
    }

    /** The scale of a numeric type, or null. */
    public Integer scale() {
        return scale;
    }
}
