package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Which column attributes of an entity a SELECT leaves out: those the mapping defers
 * ({@link ORM#deferred}), changed by the column loader options for the entity ({@link ORM#defer},
 * {@link ORM#undefer}, {@link ORM#undeferGroup}, {@link ORM#loadOnly}). An entity slot's position
 * of a left-out attribute is {@link #DEFERRED}, or {@link #RAISING} when loading it must raise.
 */
final class ColumnLoads {
    /** The position of an attribute the SELECT leaves out. */
    static final int DEFERRED = -1;
    /** The position of an attribute the SELECT leaves out, which raises rather than loads. */
    static final int RAISING = -2;
    /**
     * A column the options defer that an eager load joins or selects by: selected after the
     * entity's other columns, where SQLAlchemy adds it.
     */
    static final int ENSURED = 1;
    /** The group of the undefer options {@link #keyColumns} makes (compared by identity). */
    private static final String KEY = new String("key column of an eager load");

    /** The deepest joined load a serialized query may ask for: SQLite joins at most 64 tables in a SELECT, MySQL 61. */
    static final int MAX_LOADED_JOIN_DEPTH = 64;

    private ColumnLoads() {
    }

    /** A column loader option: {@code column} for DEFER and UNDEFER, {@code columns} for LOAD_ONLY, {@code group} for UNDEFER_GROUP. */
    static LoaderOption option(LoaderOption.Strategy strategy, QueryableAttribute<?> column, List<QueryableAttribute<?>> columns, String group,
            boolean raiseload) {
        for (QueryableAttribute<?> c : columns) {
            checkColumn(c);
        }
        if (strategy == LoaderOption.Strategy.LOAD_ONLY) {
            if (columns.isEmpty()) {
                throw new ArgumentException("loadOnly needs at least one column attribute");
            }
            for (QueryableAttribute<?> c : columns) {
                if (c.owner() != columns.get(0).owner()) {
                    throw new ArgumentException("loadOnly takes attributes of one entity, not " + columns.get(0) + " and " + c);
                }
            }
            return new LoaderOption(columns.get(0), strategy, null, 1, columns, null, raiseload, LoaderOption.JoinKind.AS_MAPPED);
        }
        if (strategy == LoaderOption.Strategy.UNDEFER_GROUP) {
            if (group == null || group.isEmpty()) {
                throw new ArgumentException("undeferGroup needs a group name");
            }
            return new LoaderOption(null, strategy, null, 1, List.of(), group, false, LoaderOption.JoinKind.AS_MAPPED);
        }
        // no column: the wildcard ('*'), every column attribute of the query's entities
        return new LoaderOption(column == null ? null : checkColumn(column), strategy, null, 1, List.of(), null, raiseload, LoaderOption.JoinKind.AS_MAPPED);
    }

    /** {@link ORM#withExpression}: query expression {@code attribute} selected as {@code expression}. */
    static LoaderOption expression(QueryableAttribute<?> attribute, dev.retort.sql.ColumnElement<?> expression) {
        if (attribute == null || !(attribute.prop() instanceof ExpressionProp p) || !p.perQuery || expression == null) {
            throw new ArgumentException("withExpression takes an attribute mapped by ORM.queryExpression() and an expression, not "
                    + attribute + " and " + expression);
        }
        return new LoaderOption(attribute, LoaderOption.Strategy.EXPRESSION, null, 1, List.of(), null, false, LoaderOption.JoinKind.AS_MAPPED,
                null, null, expression);
    }

    /** The last {@link ORM#withExpression} among {@code options} for query expression {@code p}, or null. */
    static LoaderOption given(ExpressionProp p, List<LoaderOption> options) {
        LoaderOption out = null;
        if (p.perQuery) {
            for (LoaderOption o : options) {
                if (o.strategy() == LoaderOption.Strategy.EXPRESSION && sameKey(o.attribute(), p)) {
                    out = o;
                }
            }
        }
        return out;
    }

    private static QueryableAttribute<?> checkColumn(Object o) {
        if (o instanceof QueryableAttribute<?> a && !a.isRelationship() && !a.isElementCollection()) {
            return a;
        }
        throw new ArgumentException("Column loader options apply to column attributes, not " + o);
    }

    /** A loader option read by the serializer: attribute, strategy, then, depth, columns, group, raiseload, innerJoin, joinKind, into, bound, expression. */
    @SuppressWarnings("unchecked")
    static LoaderOption read(Object[] a) {
        LoaderOption.Strategy strategy = LoaderOption.Strategy.named((String) a[1]);
        int depth = a[3] == null ? 1 : ((Number) a[3]).intValue();
        // A few bytes of depth cost that many joins of the entity, compiled in time growing with its square (2,000 took 30 s).
        if (strategy == LoaderOption.Strategy.JOINED && depth > MAX_LOADED_JOIN_DEPTH) {
            throw new ArgumentException("A loaded joined load of depth " + depth + " joins its table " + depth + " times, past "
                    + MAX_LOADED_JOIN_DEPTH + " (more than SQLite or MySQL join in one SELECT)");
        }
        List<QueryableAttribute<?>> columns = a[4] == null ? List.of() : (List<QueryableAttribute<?>>) a[4];
        boolean raiseload = Boolean.TRUE.equals(a[6]);
        LoaderOption then = (LoaderOption) a[2];
        Entity bound = entity(a[10], "bound");
        Entity into = entity(a[9], "into");
        LoaderOption o;
        if (a[0] == null && strategy != LoaderOption.Strategy.UNDEFER_GROUP && strategy != LoaderOption.Strategy.LOAD_ONLY) {
            // a wildcard ('*'): the constructor refuses one in a place SQLAlchemy refuses it
            return new LoaderOption(null, strategy, then, depth, columns, null, raiseload, LoaderOption.JoinKind.read(a[7], a[8]), into, bound);
        }
        if (strategy == LoaderOption.Strategy.EXPRESSION) {
            o = expression((QueryableAttribute<?>) a[0], a[11] instanceof dev.retort.sql.ColumnElement<?> e ? e : null);
        } else if (strategy.isColumn()) {
            o = option(strategy, strategy == LoaderOption.Strategy.LOAD_ONLY ? null : (QueryableAttribute<?>) a[0], columns, (String) a[5], raiseload);
        } else {
            o = new LoaderOption(LoaderOption.relationship(a[0]), strategy, null, depth, List.of(), null, false,
                    LoaderOption.JoinKind.read(a[7], a[8]), into);
        }
        return then == null && bound == null ? o
                : new LoaderOption(o.attribute(), strategy, then, depth, o.columns(), o.group(), raiseload, o.joinKind(), o.into(), bound, o.expression());
    }

    /**
     * Refuses a loaded query whose joins and joined loads join more tables, all together, than one
     * joined load may ({@link #MAX_LOADED_JOIN_DEPTH}): each option's depth is checked when it is
     * read, but 2,000 options of depth 3 (400 KB) compiled for minutes, and 2,000 joins for 46 s.
     * Returns {@code joins}.
     */
    static List<ClauseElement> checkLoadedJoins(List<ClauseElement> joins, List<?> options) {
        long tables = joins.size();
        for (Object option : options) {
            for (LoaderOption o = option instanceof LoaderOption l ? l : null; o != null; o = o.then()) {
                tables += o.strategy() == LoaderOption.Strategy.JOINED ? o.depth() : 0;
            }
        }
        if (tables > MAX_LOADED_JOIN_DEPTH) {
            throw new ArgumentException("A loaded query's " + joins.size() + " joins and " + options.size() + " loader options join " + tables
                    + " tables, past " + MAX_LOADED_JOIN_DEPTH + " (more than SQLite or MySQL join in one SELECT)");
        }
        return joins;
    }

    /** The column options at the head of {@code o}'s path, up to its first relationship option. */
    static List<LoaderOption> head(LoaderOption o) {
        List<LoaderOption> out = new ArrayList<>();
        for (LoaderOption x = o; x != null && x.strategy().isColumn(); x = x.then()) {
            out.add(x);
        }
        return out;
    }

    /**
     * The positions of {@code m}'s column and computed attributes a SELECT leaves out under
     * {@code options} (applied in order), by property index: {@link #DEFERRED}, {@link #RAISING},
     * or 0 for those it selects; null when it selects them all. The key and the discriminator
     * are always selected, as in SQLAlchemy.
     */
    static int[] leftOut(Mapper<?> m, List<LoaderOption> options) {
        if (options.isEmpty() && !m.hasDeferred()) {
            return null;
        }
        int[] out = new int[m.columnProps().size() + m.expressionProps().size()];
        List<Prop> props = new ArrayList<>(m.columnProps());
        props.addAll(m.expressionProps());
        for (Prop p : props) {
            out[p.index] = m.isDeferred(p) ? (m.isRaiseload(p) ? RAISING : DEFERRED) : 0;
        }
        // the wildcards ('*') first: an option for an attribute decides over them, given before or after (as in SQLAlchemy)
        List<LoaderOption> ordered = new ArrayList<>(options.stream().filter(LoaderOption::isWildcard).toList());
        ordered.addAll(options.stream().filter(o -> !o.isWildcard()).toList());
        for (LoaderOption o : ordered) {
            for (Prop p : props) {
                Integer set = switch (o.strategy()) {
                    case DEFER -> o.attribute() == null || sameKey(o.attribute(), p) ? (o.raiseload() ? RAISING : DEFERRED) : null;
                    case UNDEFER -> o.attribute() == null || sameKey(o.attribute(), p) ? (o.group() == KEY && out[p.index] < 0 ? ENSURED : 0) : null;
                    case UNDEFER_GROUP -> o.group().equals(m.groupOf(p)) ? 0 : null;
                    case LOAD_ONLY -> o.columns().stream().anyMatch(c -> sameKey(c, p)) ? 0 : o.raiseload() ? RAISING : DEFERRED;
                    default -> null;
                };
                if (set != null) {
                    out[p.index] = set;
                }
            }
        }
        boolean any = false;
        for (Prop p : props) {
            // in its place, not after the others as a key column of an eager load the options deferred
            if (out[p.index] != 0 && (m.primaryKeyProps().contains(p) || p instanceof ColumnProp c && c.column == m.polymorphicOn())) {
                out[p.index] = 0;
            }
            any |= out[p.index] != 0;
        }
        return any ? out : null;
    }

    static boolean sameKey(QueryableAttribute<?> a, Prop p) {
        return a.key().equals(p.key) && (a.owner().mapper() == p.mapper || isAncestor(a.owner().mapper(), p.mapper));
    }

    static boolean isAncestor(Mapper<?> up, Mapper<?> m) {
        for (Mapper<?> x = m.inherits(); x != null; x = x.inherits()) {
            if (x == up) {
                return true;
            }
        }
        return false;
    }

    /** {@code o}'s path from its first relationship option on; null when it has none. */
    static LoaderOption afterHead(LoaderOption o) {
        LoaderOption x = o;
        while (x != null && x.strategy().isColumn()) {
            x = x.then();
        }
        return x;
    }

    /**
     * The column options among the heads of {@code options} for query entity {@code en}: those
     * of its attributes (or, for a mapped class, of its subclasses' and superclasses'; for a
     * with_polymorphic entity, of its views as its subclasses), and every undeferGroup.
     */
    static List<LoaderOption> forEntity(Entity en, List<LoaderOption> options) {
        List<LoaderOption> out = new ArrayList<>();
        for (LoaderOption o : options) {
            for (LoaderOption x : head(o)) {
                // a wildcard is for its bound entity, or unbound for every entity
                Entity owner = x.attribute() == null ? x.bound() : x.attribute().owner();
                // a mapped class's options include those of its subclasses' attributes and of its superclasses' (inherited ones)
                if (owner == null || owner == en || isViewOf(owner, en)
                        || en instanceof Mapper<?> m && owner instanceof Mapper<?> om && (isAncestor(m, om) || isAncestor(om, m))) {
                    out.add(x);
                }
            }
        }
        if (out.isEmpty() && !en.mapper().hasDeferred()) {
            return out;
        }
        // the columns an eager load of the entity's relationships joins or selects by are selected, deferred or not (as SQLAlchemy adds them)
        for (LoaderOption o : options) {
            LoaderOption x = afterHead(o);
            if (x != null && !x.isWildcard() && x.attribute().owner() == en && eager(x.strategy())) {
                out.addAll(keyColumns(en, x.attribute().relationship()));
            }
        }
        LoaderOption.Strategy wildcard = relationshipWildcard(en, options);
        for (RelationshipProp r : en.mapper().relationships()) {
            Relationship<?> spec = en.mapper().declaredRelationship(r.key);
            if (wildcard != null ? eager(wildcard) : spec != null && eager(spec.lazyStrategy())) {
                out.addAll(keyColumns(en, r));
            }
        }
        return out;
    }

    /** The strategy of the relationship wildcard at a path's head for query entity {@code en} (bound to it, else unbound); null when none. */
    private static LoaderOption.Strategy relationshipWildcard(Entity en, List<LoaderOption> options) {
        LoaderOption.Strategy bound = null;
        LoaderOption.Strategy unbound = null;
        for (LoaderOption o : options) {
            if (o.isWildcard() && !o.strategy().isColumn()) {
                if (o.bound() == en) {
                    bound = o.strategy();
                } else if (o.bound() == null) {
                    unbound = o.strategy();
                }
            }
        }
        return bound != null ? bound : unbound;
    }

    /** Whether {@code owner} is with_polymorphic entity {@code en} seen as one of its subclasses ({@link AliasedEntity#of}). */
    private static boolean isViewOf(Entity owner, Entity en) {
        return owner instanceof AliasedEntity<?> && en instanceof AliasedEntity<?> && owner.selectable() == en.selectable()
                && isAncestor(en.mapper(), owner.mapper());
    }

    private static boolean eager(LoaderOption.Strategy s) {
        return s == LoaderOption.Strategy.JOINED || s == LoaderOption.Strategy.SELECTIN;
    }

    /** undefer options for the columns of {@code en} that relationship {@code r} joins by. */
    private static List<LoaderOption> keyColumns(Entity en, RelationshipProp r) {
        List<LoaderOption> out = new ArrayList<>();
        for (dev.retort.schema.Column<?> c : r.localColumns()) {
            out.add(new LoaderOption(en.attr(en.mapper().columnProp(c).key), LoaderOption.Strategy.UNDEFER, null, 1, List.of(), KEY, false, LoaderOption.JoinKind.AS_MAPPED));
        }
        return out;
    }

    /**
     * Follows the query's option paths through its joined loads ({@code eager}, as planned): the
     * column options for the entity of each eager join, by its index, into {@code columns}; the
     * kind of join of each join ({@link LoaderOption#innerJoin}, {@link LoaderOption#outerJoin}, else
     * the relationship's {@link Relationship#innerJoin}) into {@code joins}.
     */
    static void nested(Query<?> q, List<QueryPlan.Slot> slots, List<QueryPlan.EagerJoin> eager, java.util.Map<Integer, List<LoaderOption>> columns,
            java.util.Map<Integer, LoaderOption.JoinKind> joins) {
        for (int i = 0; i < eager.size(); i++) {
            RelationshipProp r = eager.get(i).relationship();
            Relationship<?> spec = r.mapper.declaredRelationship(r.key);
            joins.put(i, spec == null ? LoaderOption.JoinKind.OUTER : spec.joinKind());
        }
        java.util.Map<Integer, List<LoaderOption>> keys = new java.util.HashMap<>();
        for (QueryPlan.EagerJoin e : eager) {
            if (e.parentJoin() >= 0) {
                // the parent's columns the join is on are selected, whatever the options defer
                keys.computeIfAbsent(e.parentJoin(), k -> new ArrayList<>()).addAll(keyColumns(e.relationship().mapper, e.relationship()));
            }
        }
        for (LoaderOption o : q.loaderOptions()) {
            LoaderOption x = afterHead(o);
            if (x == null || x.isWildcard()) {
                continue;
            }
            int parentSlot = -1;
            for (int i = 0; i < slots.size(); i++) {
                if (slots.get(i) instanceof QueryPlan.EntitySlot es && es.entity() == x.attribute().owner()) {
                    parentSlot = i;
                }
            }
            int parentJoin = -1;
            for (; x != null; x = x.then()) {
                if (x.strategy().isColumn()) {
                    if (parentJoin >= 0) {
                        columns.computeIfAbsent(parentJoin, k -> new ArrayList<>()).add(x);
                    }
                    continue;
                }
                if (x.strategy() != LoaderOption.Strategy.JOINED && x.strategy() != LoaderOption.Strategy.DEFAULT) {
                    break;      // a select-in load's options go to its own query
                }
                int found = -1;
                for (int i = 0; i < eager.size() && found < 0; i++) {
                    QueryPlan.EagerJoin e = eager.get(i);
                    if (e.relationship() == x.attribute().relationship() && (parentJoin >= 0 ? e.parentJoin() == parentJoin
                            : e.parentSlot() == parentSlot && e.parentSlot() >= 0)) {
                        found = i;
                    }
                }
                if (found < 0) {
                    break;
                }
                if (x.joinKind() != LoaderOption.JoinKind.AS_MAPPED) {
                    joins.put(found, x.joinKind());
                }
                parentJoin = found;
                parentSlot = -1;
            }
        }
        // an unbound column wildcard at a path's head is for every level: the entities of the eager joins too (as in SQLAlchemy)
        List<LoaderOption> everywhere = unboundWildcards(q, true);
        if (!everywhere.isEmpty()) {
            for (int i = 0; i < eager.size(); i++) {
                columns.computeIfAbsent(i, k -> new ArrayList<>()).addAll(everywhere);
            }
        }
        keys.forEach((join, undefer) -> {
            if (columns.containsKey(join) || eager.get(join).relationship().target.hasDeferred()) {
                columns.computeIfAbsent(join, k -> new ArrayList<>()).addAll(undefer);
            }
        });
    }

    /**
     * The wildcards at the head of the query's paths bound to no entity ({@link ORM#deferAll},
     * {@link ORM#lazyLoadAll}, ...): for every level the query loads (SQLAlchemy's {@code _sa_default}
     * token); the column ones ({@code column}) or the relationship ones.
     */
    static List<LoaderOption> unboundWildcards(Query<?> q, boolean column) {
        List<LoaderOption> out = new ArrayList<>();
        for (LoaderOption o : q.loaderOptions()) {
            if (o.isWildcard() && o.bound() == null && o.strategy().isColumn() == column) {
                out.add(o);
            }
        }
        return out;
    }

    /** A loaded option's entity attribute ({@code into}, {@code bound}): a mapped class or an aliased entity, or null. */
    private static Entity entity(Object o, String attribute) {
        if (o == null || o instanceof Entity) {
            return (Entity) o;
        }
        throw new ArgumentException("A loader option's '" + attribute + "' is a mapped class or an aliased entity, not " + o);
    }
}
