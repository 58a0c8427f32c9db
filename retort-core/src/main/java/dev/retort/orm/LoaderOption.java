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
            a -> new LoaderOption(relationship(a[0]), Strategy.named((String) a[1])),
            Attr.optionalClause("attribute", LoaderOption::attribute),
            Attr.struct("strategy", o -> o.strategy.name().toLowerCase(Locale.ROOT)));

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

    LoaderOption(QueryableAttribute<?> attribute, Strategy strategy) {
        this.attribute = attribute;
        this.strategy = strategy;
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

    @Override
    public String toString() {
        return strategy.name().toLowerCase(Locale.ROOT) + "Load(" + attribute + ")";
    }
}
