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
 * {@link ORM#joinedLoad}, {@link ORM#selectinLoad} and {@link ORM#lazyLoad}.
 *
 * <pre>{@code
 * session.query(User.class).options(ORM.joinedLoad(ORM.attr(User.class, "addresses"))).all();   // one statement
 * }</pre>
 */
public final class LoaderOption extends ClauseElement {
    static final Traversal<LoaderOption> TRAVERSAL = Traversal.of("orm_loader",
            a -> new LoaderOption(relationship(a[0]), Strategy.named(strategyName((String) a[1])), depthOf((String) a[1])),
            Attr.optionalClause("attribute", LoaderOption::attribute),
            // A depth beyond 1 rides in the strategy's name ("joined*3"), so options of depth 1 are written as before.
            Attr.struct("strategy", o -> o.strategy.name().toLowerCase(Locale.ROOT) + (o.depth == 1 ? "" : "*" + o.depth)));

    /** The loading strategies. */
    enum Strategy {
        /** In the query's own statement, through a LEFT OUTER JOIN. */
        JOINED,
        /** By one more statement for all the query's instances: {@code ... WHERE fk IN (...)}. */
        SELECTIN,
        /** A collection on first access; a many-to-one reference when its instance loads. */
        LAZY;

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
    /** How many levels of a self-referential relationship load (1: the query's own instances' collections). */
    private final int depth;

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy) {
        this(attribute, strategy, 1);
    }

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy, int depth) {
        if (depth < 1 || depth > 1 && attribute.relationship().target != attribute.relationship().mapper) {
            throw new ArgumentException("A loading depth of " + depth + " needs a self-referential relationship and a depth of at least 1; "
                    + attribute.relationship() + " is not one");
        }
        this.attribute = attribute;
        this.strategy = strategy;
        this.depth = depth;
    }

    private static String strategyName(String written) {
        int star = written.indexOf('*');
        return star < 0 ? written : written.substring(0, star);
    }

    private static int depthOf(String written) {
        int star = written.indexOf('*');
        try {
            return star < 0 ? 1 : Integer.parseInt(written.substring(star + 1));
        } catch (NumberFormatException e) {
            throw new ArgumentException("Unknown loading strategy '" + written + "'");
        }
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
        return strategy.name().toLowerCase(Locale.ROOT) + "Load(" + attribute + (depth == 1 ? "" : ", " + depth) + ")";
    }
}
