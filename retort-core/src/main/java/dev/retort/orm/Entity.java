package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.FromClause;
import java.util.List;

/**
 * What a query can select instances of: a {@link Mapper}, or an {@link AliasedEntity} of one.
 * In a statement it stands for the FROM clause its instances come from.
 */
abstract class Entity extends ClauseElement {
    /** The mapper of the instances. */
    abstract Mapper<?> mapper();

    /** The FROM clause the instances' rows come from: the mapped table, or an alias of it. */
    abstract FromClause selectable();

    /** The attribute {@code key} of this entity. */
    abstract <V> QueryableAttribute<V> attr(String key);

    /** The key of this entity in a result row. */
    abstract String label();

    /** The subclasses whose rows this entity loads in full (their columns are in its selectable). */
    List<Mapper<?>> polymorphicMappers() {
        return mapper().polymorphicMappers();
    }

    @Override
    public final String compileWith(SqlCompiler compiler) {
        return compiler.process(selectable());
    }

    @Override
    public final List<FromClause> fromObjects() {
        return List.of(selectable());
    }
}
