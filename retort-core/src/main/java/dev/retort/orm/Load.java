package dev.retort.orm;

/**
 * The wildcards ('*') for one entity of a query (the seeds' {@code Load(User).lazyload('*')}),
 * from {@link ORM#load}: each is for that entity's attributes alone, where the unbound ones
 * ({@link ORM#lazyLoadAll} and the like) are for every level the query loads. An option for one
 * attribute decides over a wildcard.
 *
 * <pre>{@code
 * session.query(User.class).options(ORM.load(User.class).deferAll(false), ORM.undefer(ORM.attr(User.class, "name"))).all();
 * // SELECT users.id, users.name FROM users
 * }</pre>
 */
public final class Load {
    private final Entity entity;

    Load(Entity entity) {
        this.entity = entity;
    }

    /** The entity's relationships that no option names loaded joined ({@code Load(User).joinedload('*')}). */
    public LoaderOption joinedLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.JOINED, false, entity);
    }

    /** The entity's collections that no option names loaded select-in ({@code Load(User).selectinload('*')}). */
    public LoaderOption selectinLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.SELECTIN, false, entity);
    }

    /** The entity's relationships that no option names loaded lazily ({@code Load(User).lazyload('*')}). */
    public LoaderOption lazyLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.LAZY, false, entity);
    }

    /** The entity's relationships that no option names not loaded: touching one raises ({@code Load(User).raiseload('*')}). */
    public LoaderOption raiseLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.RAISE, false, entity);
    }

    /** The entity's relationships that no option names never loaded ({@code Load(User).noload('*')}). */
    public LoaderOption noLoadAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.NOLOAD, false, entity);
    }

    /** The entity's column attributes but its key deferred ({@code Load(User).defer('*')}); with {@code raiseload}, loading one raises. */
    public LoaderOption deferAll(boolean raiseload) {
        return LoaderOption.wildcard(LoaderOption.Strategy.DEFER, raiseload, entity);
    }

    /** The entity's column attributes all selected, those the mapping defers too ({@code Load(User).undefer('*')}). */
    public LoaderOption undeferAll() {
        return LoaderOption.wildcard(LoaderOption.Strategy.UNDEFER, false, entity);
    }

    @Override
    public String toString() {
        return "load(" + entity + ")";
    }
}
