package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.Alias;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.Join;

/**
 * {@link ORM#join}: a Core {@link Join} of mapped classes, aliased entities and FROM clauses,
 * its ON clause given by a relationship attribute, an expression over attributes, or the
 * foreign keys (the seeds' {@code orm.join()}, whose result is a plain join too).
 */
final class OrmJoin {
    private OrmJoin() {
    }

    @SuppressWarnings("unchecked")
    static Join of(Object left, Object right, ClauseElement onclause, boolean outer, boolean full) {
        FromClause leftFrom = from(left, "left side");
        Mapper<?> leftClass = left instanceof Class<?> c ? Registry.mapperFor(c) : left instanceof Entity e ? e.mapper() : null;
        if (leftClass != null && leftClass.singleTableCriterion(leftFrom) != null) {
            // A Core join keeps no entity: a query selecting from it could not add the subclass's discriminator criterion.
            throw new ArgumentException("ORM.join cannot start from " + leftClass.entityName() + ", a subclass sharing its base's table: "
                    + "its rows would not be told from the others'; use Query.joinFrom(" + leftClass.entityName() + ", ...)");
        }
        FromClause target = from(right, "right side");
        Mapper<?> rightClass = right instanceof Class<?> c ? Registry.mapperFor(c) : right instanceof Entity e ? e.mapper() : null;
        if (onclause instanceof QueryableAttribute<?> a && a.isRelationship()) {
            RelationshipProp r = a.relationship();
            // The relationship's own entity when the left side holds it, else the left side (an alias of its class).
            boolean held = leftFrom.fromObjects().contains(a.owner().selectable());
            if (!held && (leftClass == null || !isA(leftClass, a.owner().mapper()))) {
                throw new ArgumentException("ORM.join along " + a + ": the left side " + left + " holds no " + a.owner().mapper().entityName());
            }
            if (rightClass != null && !isA(rightClass, r.target)) {
                throw new ArgumentException("ORM.join along " + a + " leads to " + r.target.entityName() + ", not to " + right);
            }
            FromClause source = held ? a.owner().selectable() : leftFrom;
            Mapper<?> joined = rightClass != null ? rightClass : r.target;
            if (r.isManyToMany()) {
                Alias assoc = r.secondary.table.alias();
                ColumnElement<Boolean> toAssoc = r.secondary.parentCondition(source, r.mapper.table(), assoc);
                ColumnElement<Boolean> toTarget = QueryPlan.withSubclassRows(r.secondary.targetCondition(target, r.target.table(), assoc), joined, target);
                // Outer: left LEFT OUTER JOIN (assoc JOIN right), as SQLAlchemy nests it; else (left JOIN assoc) JOIN right.
                return outer && !full ? leftFrom.outerJoin(assoc.join(target, toTarget), toAssoc)
                        : joined(leftFrom.join(assoc, toAssoc), target, toTarget, outer, full);
            }
            return joined(leftFrom, target, QueryPlan.withSubclassRows(r.condition(source, target), joined, target), outer, full);
        }
        if (onclause != null && !(onclause instanceof ColumnElement<?>)) {
            throw new ArgumentException("ORM.join takes a relationship attribute or a boolean expression as its ON clause, not " + onclause);
        }
        ColumnElement<Boolean> on = onclause == null ? (ColumnElement<Boolean>) leftFrom.join(target).onclause()
                : (ColumnElement<Boolean>) Selectables.core(onclause);
        return joined(leftFrom, target, QueryPlan.withSubclassRows(on, rightClass, target), outer, full);
    }

    /** Whether {@code m} is {@code base} or one of its subclasses. */
    private static boolean isA(Mapper<?> m, Mapper<?> base) {
        for (Mapper<?> up = m; up != null; up = up.inherits()) {
            if (up == base) {
                return true;
            }
        }
        return false;
    }

    private static Join joined(FromClause left, FromClause right, ColumnElement<Boolean> on, boolean outer, boolean full) {
        return full ? left.fullOuterJoin(right, on) : outer ? left.outerJoin(right, on) : left.join(right, on);
    }

    private static FromClause from(Object side, String what) {
        if (side instanceof Class<?> c) {
            return Registry.mapperFor(c).selectable();
        }
        if (side instanceof Entity e) {
            return e.selectable();
        }
        if (side instanceof FromClause f) {
            return f;
        }
        throw new ArgumentException("The " + what + " of ORM.join must be a mapped class, an aliased entity or a FROM clause, not " + side);
    }
}
