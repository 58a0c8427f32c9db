package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Traversal;
import java.util.Locale;

/**
 * How a query loads one relationship of its entities: given to {@link Query#options}, made by
 * {@link ORM#joinedLoad}, {@link ORM#selectinLoad}, {@link ORM#lazyLoad}, {@link ORM#raiseLoad}
 * and {@link ORM#noLoad}. An option continues along a path: {@code joinedLoad(a).selectinLoad(b)}
 * loads {@code a} joined, and relationship {@code b} of {@code a}'s targets select-in. Nested
 * options apply under joined and select-in loads; under a lazy one they are ignored.
 *
 * <pre>{@code
 * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).all();   // one statement
 * session.query(Author.class).options(ORM.selectinLoad(ORM.attr(Author.class, "books"))
 *         .joinedLoad(ORM.attr(Book.class, "publisher")));
 * }</pre>
 */
public final class LoaderOption extends ClauseElement implements QueryOption {
    static final Traversal<LoaderOption> TRAVERSAL = Traversal.of("orm_loader",
            a -> new LoaderOption(relationship(a[0]), Strategy.named((String) a[1]), (LoaderOption) a[2],
                    a[3] == null ? 1 : ((Number) a[3]).intValue()),
            Attr.optionalClause("attribute", LoaderOption::attribute),
            Attr.struct("strategy", o -> o.strategy.name().toLowerCase(Locale.ROOT)),
            Attr.<LoaderOption>optionalClause("then", o -> o.then).since(7),
            Attr.struct("depth", LoaderOption::depth).since(7));

    /** The loading strategies. */
    enum Strategy {
        /** In the query's own statement, through a LEFT OUTER JOIN. */
        JOINED,
        /** By one more statement for all the query's instances: {@code ... WHERE fk IN (...)}. */
        SELECTIN,
        /** A collection on first access; a many-to-one reference when its instance loads. */
        LAZY,
        /** Not loaded: touching the collection raises; a many-to-one reference stays null. */
        RAISE,
        /** Not loaded: the collection is empty, a many-to-one reference null. */
        NOLOAD;

        static Strategy named(String name) {
            for (Strategy s : values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new ArgumentException("Unknown loading strategy '" + name + "'");
        }
    }

    private final QueryableAttribute<?> attribute;
    private final Strategy strategy;
    /** The option for a relationship of this one's targets, or null. */
    private final LoaderOption then;

    /** How many levels of a self-referential relationship load (1: the query's own instances' collections). */
    private final int depth;

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then) {
        this(attribute, strategy, then, 1);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, LoaderOption then, int depth) {
        if (depth < 1 || depth > 1 && attribute.relationship().target != attribute.relationship().mapper) {
            throw new ArgumentException("A loading depth of " + depth + " needs a self-referential relationship and a depth of at least 1; "
                    + attribute.relationship() + " is not one");
        }
        if (then != null && then.attribute.owner().mapper() != attribute.relationship().target) {
            throw new ArgumentException("A loader option after " + attribute + " is for a relationship of "
                    + attribute.relationship().target.entityName() + ", not " + then.attribute);
        }
        this.attribute = attribute;
        this.strategy = strategy;
        this.then = then;
        this.depth = depth;
    }

    /** This path, then {@code relationship} of its last targets loaded joined. */
    public LoaderOption joinedLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.JOINED, null));
    }

    /** This path, then {@code relationship} of its last targets loaded select-in. */
    public LoaderOption selectinLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.SELECTIN, null));
    }

    /** This path, then {@code relationship} of its last targets loaded lazily. */
    public LoaderOption lazyLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.LAZY, null));
    }

    /** This path, then {@code relationship} of its last targets not loaded: touching it raises. */
    public LoaderOption raiseLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.RAISE, null));
    }

    /** This path, then {@code relationship} of its last targets never loaded. */
    public LoaderOption noLoad(QueryableAttribute<?> relationship) {
        return append(new LoaderOption(relationship(relationship), Strategy.NOLOAD, null));
    }

    private LoaderOption append(LoaderOption last) {
        return new LoaderOption(attribute, strategy, then == null ? last : then.append(last), depth);
    }

    /** The option for a relationship of this one's targets, or null. */
    LoaderOption then() {
        return then;
    }

    static QueryableAttribute<?> relationship(Object o) {
        if (o instanceof QueryableAttribute<?> a && a.isRelationship()) {
            return a;
        }
        throw new ArgumentException("Loader options apply to relationship attributes, not " + o);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new CompileException("A loader option is not SQL; give it to Query.options()");
    }

    /** The relationship attribute this option is for. */
    public QueryableAttribute<?> attribute() {
        return attribute;
    }

    Strategy strategy() {
        return strategy;
    }

    /** How many levels load: 1, or more for a self-referential relationship ({@link ORM#joinedLoad(QueryableAttribute, int)}). */
    public int depth() {
        return depth;
    }

    @Override
    public String toString() {
        return strategy.name().toLowerCase(Locale.ROOT) + "Load(" + attribute + (depth == 1 ? "" : ", " + depth) + ")"
                + (then == null ? "" : "." + then);
    }
}
