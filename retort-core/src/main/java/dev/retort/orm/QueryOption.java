package dev.retort.orm;

/**
 * What {@link Query#options(QueryOption...)} takes: how relationships load ({@link LoaderOption})
 * and extra criteria for an entity's rows ({@link LoaderCriteria}); several options along one path ({@link LoaderOptions}).
 */
public sealed interface QueryOption permits LoaderOption, LoaderCriteria, LoaderOptions {
}
