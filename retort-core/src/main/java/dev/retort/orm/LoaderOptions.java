package dev.retort.orm;

import java.util.List;

/**
 * Several loader options that continue one path ({@link LoaderOption#options}, the seeds'
 * {@code Load.options()}): given to {@link Query#options(QueryOption...)}, each is one option.
 *
 * <pre>{@code
 * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "orders"))
 *         .options(ORM.joinedLoad(ORM.attr(Order.class, "items")), ORM.defer(ORM.attr(Order.class, "description"))));
 * // the same as joinedLoad(User.orders).joinedLoad(Order.items) and joinedLoad(User.orders).defer(Order.description)
 * }</pre>
 */
public final class LoaderOptions implements QueryOption {
    private final List<LoaderOption> options;

    LoaderOptions(List<LoaderOption> options) {
        this.options = List.copyOf(options);
    }

    /** The options, each a whole path. */
    public List<LoaderOption> options() {
        return options;
    }

    @Override
    public String toString() {
        return options.toString();
    }
}
