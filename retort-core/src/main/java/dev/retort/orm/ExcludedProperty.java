package dev.retort.orm;

/**
 * A column of the mapped table that the class does not map ({@link ORM#excluded()}, the seeds'
 * {@code exclude_properties}); a subclass maps it unless it excludes it too, as a single-table
 * subclass's own column.
 *
 * <pre>{@code
 * registry.mapImperatively(A.class, a, Map.of("foo", ORM.excluded()));          // SELECT a.id, a.data FROM a
 * registry.mapImperatively(C.class, a, Map.of(), ORM.inherits(A.class));         // C has foo
 * }</pre>
 */
public final class ExcludedProperty {
    static final ExcludedProperty INSTANCE = new ExcludedProperty();

    private ExcludedProperty() {
    }

    @Override
    public String toString() {
        return "ORM.excluded()";
    }
}
