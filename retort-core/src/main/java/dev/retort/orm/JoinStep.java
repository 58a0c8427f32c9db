package dev.retort.orm;

import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.CompileException;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.Traversal;

/**
 * One {@code join} of a {@link Query}: a target (an entity, an aliased entity or a Core FROM
 * clause; null when a relationship gives it), an ON clause (a relationship attribute, an
 * expression, or null to infer it from foreign keys) and, for {@code joinFrom}, the left side
 * named (else null: the left side is found).
 */
final class JoinStep extends ClauseElement {
    static final Traversal<JoinStep> TRAVERSAL = Traversal.of("orm_join",
            a -> new JoinStep((ClauseElement) a[3], (ClauseElement) a[0], (ClauseElement) a[1], Boolean.TRUE.equals(a[2])),
            Attr.optionalClause("target", JoinStep::target),
            Attr.optionalClause("onclause", JoinStep::onclause),
            Attr.flag("isOuter", JoinStep::isOuter),
            Attr.<JoinStep>optionalClause("left", JoinStep::left).since(13));

    private final ClauseElement left;
    private final ClauseElement target;
    private final ClauseElement onclause;
    private final boolean outer;

    JoinStep(ClauseElement target, ClauseElement onclause, boolean outer) {
        this(null, target, onclause, outer);
    }

    JoinStep(ClauseElement left, ClauseElement target, ClauseElement onclause, boolean outer) {
        boolean viaRelationship = onclause instanceof QueryableAttribute<?> a && a.isRelationship();
        Entity ofType = viaRelationship ? ((QueryableAttribute<?>) onclause).ofType() : null;
        if (ofType != null && target != null && target != ofType) {
            throw new ArgumentException("A join to " + target + " along " + onclause + ": the target is not the relationship's of_type");
        }
        // join(A.b.ofType(x)) is join(x, A.b): the of_type entity is the target
        target = ofType != null ? ofType : target;
        if (target == null && !viaRelationship) {
            throw new ArgumentException("A join needs a target, or a relationship attribute to follow");
        }
        if (target != null && !(target instanceof Entity) && !(target instanceof FromClause)) {
            throw new ArgumentException("A join target must be a mapped class, an aliased entity or a FROM clause, not " + target);
        }
        if (left != null && !(left instanceof Entity) && !(left instanceof FromClause)) {
            throw new ArgumentException("The left side of a join must be a mapped class, an aliased entity or a FROM clause, not " + left);
        }
        if (left != null && viaRelationship && ((QueryableAttribute<?>) onclause).owner() != left) {
            throw new ArgumentException("joinFrom(" + left + ", ...) along " + onclause + ": the left side does not match the relationship's entity "
                    + ((QueryableAttribute<?>) onclause).owner());
        }
        this.left = left;
        this.target = target;
        this.onclause = onclause;
        this.outer = outer;
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        throw new CompileException("A query's join step is not SQL on its own");
    }

    /** The left side {@code joinFrom} names, or null. */
    ClauseElement left() {
        return left;
    }

    ClauseElement target() {
        return target;
    }

    ClauseElement onclause() {
        return onclause;
    }

    boolean isOuter() {
        return outer;
    }

    /** The entity this join brings in, if any: what {@code filterBy} then applies to. */
    Entity joinedEntity() {
        if (target instanceof Entity e) {
            return e;
        }
        return target == null ? ((QueryableAttribute<?>) onclause).relationship().target : null;
    }
}
