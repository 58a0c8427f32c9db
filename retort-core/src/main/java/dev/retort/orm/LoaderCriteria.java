package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Traversal;

/**
 * Extra criteria for every SELECT of an entity a query emits (SQLAlchemy's
 * {@code with_loader_criteria()}): made by {@link ORM#withLoaderCriteria}, given to
 * {@link Query#options(QueryOption...)} or {@link Session#addLoaderCriteria}. The criterion is
 * added to the WHERE clause where the entity is selected or selected from, to the ON clause where
 * a join brings it in (an eager join too), and, unless {@link #propagateToLoaders(boolean)} is
 * false, to the statements that load relationships of the query's instances (select-in and lazy loads).
 * It applies to aliases of the class only with {@link #includeAliases()}; given as a
 * {@link Criterion} it is made for each class it applies to, so a base class or an interface can
 * carry it for all its mapped subclasses.
 *
 * <pre>{@code
 * session.query(User.class).options(ORM.withLoaderCriteria(Address.class, ORM.attr(Address.class, "deleted").eq(false)),
 *         ORM.selectinLoad(ORM.attr(User.class, "addresses")));
 * ORM.withLoaderCriteria(SoftDeleted.class, m -> m.attr("deleted").eq(false)).includeAliases();   // every mapped SoftDeleted class
 * }</pre>
 */
public final class LoaderCriteria extends ClauseElement implements QueryOption {
    /** A criterion made for each mapped class a {@link LoaderCriteria} applies to, from its mapper. */
    @FunctionalInterface
    public interface Criterion {
        /** The criterion for the instances of {@code mapper}'s class (an alias's columns replace the table's afterwards). */
        ColumnElement<Boolean> of(Mapper<?> mapper);
    }

    @SuppressWarnings("unchecked")
    static final Traversal<LoaderCriteria> TRAVERSAL = Traversal.of("orm_loader_criteria",
            LoaderCriteria::loaded,
            Attr.<LoaderCriteria>optionalClause("entity", c -> c.entity).since(14),
            Attr.<LoaderCriteria>optionalClause("criterion", c -> c.criterion).since(14),
            Attr.<LoaderCriteria>flag("includeAliases", c -> c.includeAliases).since(14),
            Attr.<LoaderCriteria>flag("propagateToLoaders", c -> c.propagate).since(14),
            // Not serializable: a Java lambda, or a class no mapper maps (the serializer refuses either).
            Attr.<LoaderCriteria>struct("lambda", c -> c.lambda).since(14),
            Attr.<LoaderCriteria>struct("root", c -> c.root).since(14));

    /** The mapper or the aliased entity the criteria is for, or null for {@link #root}. */
    private final Entity entity;
    /** An unmapped base class or interface whose mapped subclasses the criteria is for (with {@link #includeAliases}), or null. */
    private final Class<?> root;
    private final ColumnElement<Boolean> criterion;
    private final Criterion lambda;
    private final boolean includeAliases;
    private final boolean propagate;

    LoaderCriteria(Entity entity, Class<?> root, ColumnElement<Boolean> criterion, Criterion lambda, boolean includeAliases, boolean propagate) {
        if ((entity == null) == (root == null) || (criterion == null) == (lambda == null)) {
            throw new ArgumentException("Loader criteria need one entity (a mapped class, an aliased entity or a base class) and one criterion");
        }
        this.entity = entity;
        this.root = root;
        this.criterion = criterion;
        this.lambda = lambda;
        this.includeAliases = includeAliases;
        this.propagate = propagate;
    }

    /** The criteria for {@code type}: its mapper if it is mapped, else every mapped subclass of it. */
    static LoaderCriteria of(Class<?> type, ColumnElement<Boolean> criterion, Criterion lambda) {
        Entity m = Registry.isMapped(type) ? Registry.mapperFor(type) : null;
        return new LoaderCriteria(m, m == null ? type : null, criterion, lambda, false, true);
    }

    /** Criteria read by the serializer, which writes none with a lambda or a root: one that has either is refused, not read without it. */
    private static LoaderCriteria loaded(Object[] a) {
        if (a[4] != null || a[5] != null) {
            throw new ArgumentException("Loader criteria given '" + (a[4] != null ? "lambda" : "root")
                    + "': a Java lambda or an unmapped class is not serializable, so loaded criteria hold neither");
        }
        return new LoaderCriteria(entity(a[0]), null, criterion(a[1]), null, Boolean.TRUE.equals(a[2]), !Boolean.FALSE.equals(a[3]));
    }

    private static Entity entity(Object o) {
        if (o instanceof Entity e) {
            return e;
        }
        throw new ArgumentException("Loader criteria are for a mapped class or an aliased entity, not " + o);
    }

    @SuppressWarnings("unchecked")
    private static ColumnElement<Boolean> criterion(Object o) {
        if (o instanceof ColumnElement<?> c) {
            return (ColumnElement<Boolean>) c;
        }
        throw new ArgumentException("A loader criterion is an expression, not " + o);
    }

    /** These criteria applied to aliases of the class too ({@code include_aliases=True}). */
    public LoaderCriteria includeAliases() {
        return new LoaderCriteria(entity, root, criterion, lambda, true, propagate);
    }

    /** Whether the criteria also apply to the statements that load relationships of the query's instances (the default: true). */
    public LoaderCriteria propagateToLoaders(boolean propagateToLoaders) {
        return new LoaderCriteria(entity, root, criterion, lambda, includeAliases, propagateToLoaders);
    }

    /** The mapper or the aliased entity the criteria is for; null for criteria of an unmapped base class or interface. */
    Entity entity() {
        return entity;
    }

    boolean propagates() {
        return propagate;
    }

    /** Whether the criterion is a lambda, made (run) for each statement planned: its value is not the query's to know. */
    boolean isLambda() {
        return lambda != null;
    }

    /** Whether these criteria are for the instances of {@code m}: its class, or a subclass. */
    boolean covers(Mapper<?> m) {
        Class<?> type = entity != null ? entity.mapper().mappedClass() : root;
        return type.isAssignableFrom(m.mappedClass());
    }

    /**
     * The criterion for {@code en} where the query selects it or joins it, or null: for the very
     * entity given, or with {@link #includeAliases()} any entity of a class it covers.
     */
    ColumnElement<Boolean> forEntity(Entity en) {
        if (!covers(en.mapper()) || !includeAliases && en != entity) {
            return null;
        }
        // criteria given over an alias's columns are that alias's already
        return en == entity ? Selectables.core(made(en.mapper())) : adapted(en.mapper(), en.selectable());
    }

    /** The criterion for the rows of {@code m} in {@code at} (its table or an alias of it). */
    ColumnElement<Boolean> adapted(Mapper<?> m, dev.retort.sql.FromClause at) {
        return Selectables.adapt(at, m.table(), Selectables.core(made(m)));
    }

    /** Whether the criterion given as an expression holds {@code statement} (the very object), in a subquery of it. */
    boolean holds(ClauseElement statement) {
        return criterion != null && reaches(criterion, statement);
    }

    private static boolean reaches(ClauseElement from, ClauseElement node) {
        if (from == node) {
            return true;
        }
        for (ClauseElement c : from.getChildren()) {
            if (reaches(c, node)) {
                return true;
            }
        }
        return false;
    }

    private ColumnElement<Boolean> made(Mapper<?> m) {
        ColumnElement<Boolean> c = lambda != null ? lambda.of(m) : criterion;
        if (c == null) {
            throw new ArgumentException("The loader criterion for " + m.entityName() + " made no expression");
        }
        return c;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new CompileException("Loader criteria are not SQL; give them to Query.options()");
    }

    @Override
    public String toString() {
        return "withLoaderCriteria(" + (entity != null ? entity : root.getName()) + ", " + (lambda != null ? "lambda " + lambda : criterion) + ")";
    }
}
