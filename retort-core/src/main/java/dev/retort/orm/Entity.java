package dev.retort.orm;

import dev.retort.sql.FromClause;

/** What a query can select instances of: a {@link Mapper}, or an {@link AliasedEntity} of one. */
interface Entity {
    /** The mapper of the instances. */
    Mapper<?> mapper();

    /** The FROM clause the instances' rows come from: the mapped table, or an alias of it. */
    FromClause selectable();

    /** The attribute {@code key} of this entity. */
    <V> QueryableAttribute<V> attr(String key);

    /** The key of this entity in a result row. */
    String label();
}
