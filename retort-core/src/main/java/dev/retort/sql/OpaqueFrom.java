package dev.retort.sql;

import java.util.List;

/**
 * A FROM clause whose columns only the database knows (SQL text, a function call): it exports
 * none and has no name; its columns are selected with {@link SQL#column(String)}.
 */
abstract class OpaqueFrom extends FromClause {
    /** Nothing tells Retort the columns: the database knows them. */
    @Override
    public final List<? extends ColumnElement<?>> columns() {
        return List.of();
    }

    @Override
    public final String name() {
        return null;
    }
}
