package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.types.TypeEngine;

/** A property mapped to a column of the mapper's table. */
final class ColumnProp extends Prop {
    final Column<?> column;
    /** The name of the flush's parameter for a new value of the column ({@code v_} and its key), made once rather than per row. */
    final String valueParam;
    /**
     * Whether its value as the database has it is loaded before a change to it is flushed or its
     * {@link Session#history} is read, when a query left it out ({@link Mapper#activeHistory}). Set once, as it is mapped.
     */
    boolean activeHistory;
    /**
     * Whether this is a superclass's column of an attribute over several columns (a joined subclass's column of the
     * same name combined with it): a flush writes it, a load reads the attribute's other column (same index).
     */
    final boolean writtenOnly;
    /** Whether this property's column was combined with an earlier column of the same attribute (see {@link #writtenOnly}). */
    final boolean combined;

    ColumnProp(Mapper<?> mapper, String key, Accessor accessor, int index, Column<?> column) {
        this(mapper, key, accessor, index, column, false, false);
    }

    ColumnProp(Mapper<?> mapper, String key, Accessor accessor, int index, Column<?> column, boolean writtenOnly, boolean combined) {
        super(mapper, key, accessor, index);
        this.column = column;
        this.valueParam = "v_" + column.key();
        this.writtenOnly = writtenOnly;
        this.combined = combined;
    }

    /** The column type's own copy, so that a value changed in place (a pickled map) still differs from it. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object snapshot(Object value) {
        return ((TypeEngine) column.type()).copyValue(value);
    }

    /** Whether {@code current} differs from {@code snapshot}, by the column type's {@code compareValues}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    boolean changed(Object snapshot, Object current) {
        return !((TypeEngine) column.type()).compareValues(snapshot, current);
    }
}
