package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Table;

import dev.retort.sql.Alias;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ColumnProxy;
import dev.retort.sql.ForUpdate;
import dev.retort.sql.FromClause;
import dev.retort.sql.LabelReference;
import dev.retort.sql.Operator;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.sql.UnaryExpression;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link Query} runs: the Core statement, and where each entity's properties are in its
 * rows. Joined eager loads add a LEFT OUTER JOIN to an alias of the related table; when the
 * query is DISTINCT, or has a LIMIT or OFFSET and eagerly joins a collection, the query proper
 * becomes a subquery, so that DISTINCT and the limit apply to entities rather than joined rows
 * (as the seeds do).
 */
final class QueryPlan {
    /** Where one query entity is in a row, or one plain column. */
    sealed interface Slot permits EntitySlot, ColumnSlot, BundleSlot {
        String label();
    }

    /**
     * An entity's column and computed properties: {@code positions[prop.index]} is the row
     * position. A mapped class with subclasses also has the positions of each subclass's
     * properties, for the rows whose discriminator names it.
     */
    record EntitySlot(Entity entity, int[] positions, String label, Map<Mapper<?>, int[]> subclasses) implements Slot {
        Mapper<?> mapper() {
            return entity.mapper();
        }

        /** The slot of the class {@code row}'s discriminator names: this one, or a subclass's. */
        EntitySlot forRow(Object[] row) {
            if (subclasses.isEmpty()) {
                return this;
            }
            Mapper<?> m = mapper();
            Mapper<?> sub = m.forIdentity(row[positions[m.columnProp(m.polymorphicOn()).index]]);
            return sub == m ? this : new EntitySlot(sub, subclasses.get(sub), label, Map.of());
        }
    }

    /**
     * The position of a property whose column the row lacks (a subclass's a with_polymorphic leaves
     * out); apart from {@link ColumnLoads}' negative codes of deferred columns.
     */
    static final int NOT_LOADED = -3;
    /** The position of a query expression no option gives an expression to and which has no default: not selected, not touched. */
    static final int NOT_GIVEN = -4;

    /** A plain expression at a row position. */
    record ColumnSlot(int position, String label) implements Slot {
    }

    /** A {@link Bundle}'s columns at row positions, read into its one value. */
    record BundleSlot(Bundle<?> bundle, int[] positions, String label) implements Slot {
        Object value(Object[] row) {
            Object[] values = new Object[positions.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = row[positions[i]];
            }
            return bundle.value(values);
        }
    }

    /**
     * A relationship loaded through a join: the instances of the parent slot (or, when
     * {@code parentSlot} is -1, the children of eager join {@code parentJoin}: a level deeper, or
     * a nested option) get members from the child slot. {@code via} is the option's attribute, with
     * its extra criteria ({@link QueryableAttribute#and}).
     */
    record EagerJoin(int parentSlot, int parentJoin, RelationshipProp relationship, EntitySlot child, QueryableAttribute<?> via) {
    }

    /**
     * A relationship loaded by one more statement, {@code depth} levels deep, with the options for
     * its targets; {@code via} is the option's attribute, with its extra criteria. A many-to-one's targets
     * load with its instances ({@link Loading}): one statement for those the identity map lacks, or, with
     * options after it ({@code selectinLoad(Address.user).selectinLoad(User.orders)}) or criteria, for them all.
     * {@code joined}: the classes of the eager joins its parents come from, outermost first (empty for a query's entity), which
     * are on its statement's load path ({@link Session#loadingBelow}) as on SQLAlchemy's.
     */
    record Selectin(RelationshipProp relationship, int depth, List<LoaderOption> then, QueryableAttribute<?> via, List<Mapper<?>> joined) {
    }

    private final Select statement;
    private final List<Slot> slots;
    private final List<EagerJoin> eager;
    /** Collections loaded by one more statement for all the parents in the results (and many-to-ones with options after them). */
    private final List<Selectin> selectin;
    /** Relationships not to load ({@code RAISE} or {@code NOLOAD}). */
    private final Map<RelationshipProp, LoaderOption.Strategy> unloaded;
    /** {@code populateExisting}: overwrite the session's instances with the rows. */
    private final boolean overwrite;
    /** The query's loader criteria that apply to the statements loading its instances' relationships too. */
    private final List<LoaderCriteria> propagating;
    /** The query's loader option paths that lazy loads of its instances' relationships continue ({@link LazyLoadOptions}). */
    private final List<LoaderOption> goingOn;

    /** The statement of {@link Query#fromStatement} run in place of {@link #statement}, whose columns the slots read by name; else null. */
    private final ClauseElement given;

    private QueryPlan(Select statement, List<Slot> slots, List<EagerJoin> eager, List<Selectin> selectin,
            Map<RelationshipProp, LoaderOption.Strategy> unloaded, boolean overwrite, List<LoaderCriteria> propagating, List<LoaderOption> goingOn) {
        this(statement, null, slots, eager, selectin, unloaded, overwrite, propagating, goingOn);
    }

    private QueryPlan(Select statement, ClauseElement given, List<Slot> slots, List<EagerJoin> eager, List<Selectin> selectin,
            Map<RelationshipProp, LoaderOption.Strategy> unloaded, boolean overwrite, List<LoaderCriteria> propagating, List<LoaderOption> goingOn) {
        this.goingOn = goingOn;
        this.given = given;
        this.statement = statement;
        this.slots = slots;
        this.eager = eager;
        this.selectin = selectin;
        this.unloaded = unloaded;
        this.overwrite = overwrite;
        this.propagating = propagating;
    }

    /** The query's loader criteria for the statements that load its instances' relationships. */
    List<LoaderCriteria> propagatingCriteria() {
        return propagating;
    }

    /** The query's loader option paths that go on below its entities' level, for the lazy loads of its instances. */
    List<LoaderOption> goingOn() {
        return goingOn;
    }

    Select statement() {
        return statement;
    }

    /** The statement run: the {@link Query#fromStatement} one, or {@link #statement()}. */
    ClauseElement executed() {
        return given != null ? given : statement;
    }

    /**
     * The plan of a query from a statement ({@link Query#fromStatement}): its entity's slot reads nothing until
     * {@link #readingColumns} matches it to the result's columns; no eager or select-in load.
     */
    private static QueryPlan fromStatement(Query<?> q) {
        Entity en = (Entity) q.entities().get(0);
        ClauseElement given = q.fromStatementClause();
        return new QueryPlan(given instanceof Select st ? st : null, given, List.of(new EntitySlot(en, unread(en.mapper()), en.label(), Map.of())),
                List.of(), List.of(), Map.of(), q.isPopulateExisting(), List.of(), LazyLoadOptions.goingOn(q.loaderOptions()));
    }

    /**
     * This plan reading the result's columns {@code keys} by name when it runs a {@link Query#fromStatement}
     * statement (each column property from the column of its column's name, case-insensitive; those missing
     * left unloaded); itself otherwise.
     */
    QueryPlan readingColumns(List<String> keys) {
        if (given == null) {
            return this;
        }
        EntitySlot slot = (EntitySlot) slots.get(0);
        Mapper<?> m = slot.mapper();
        Map<Mapper<?>, int[]> subclasses = new java.util.LinkedHashMap<>();
        for (Mapper<?> d : m.descendants()) {
            subclasses.put(d, byName(d, unread(d), keys));
        }
        if (!subclasses.isEmpty() && m.polymorphicOn() != null && !keys.stream().anyMatch(k -> k.equalsIgnoreCase(m.polymorphicOn().name()))) {
            throw new dev.retort.exc.ArgumentException("The statement's result has no column '" + m.polymorphicOn().name() + "', the discriminator that names the class of "
                    + m.mappedClass().getName() + "'s rows: " + keys);
        }
        return new QueryPlan(statement, given, List.of(new EntitySlot(slot.entity(), byName(m, slot.positions(), keys), slot.label(), subclasses)),
                eager, selectin, unloaded, overwrite, propagating, goingOn);
    }

    /** Positions that read nothing (each property loads on access) for an instance of {@code m}. */
    private static int[] unread(Mapper<?> m) {
        int[] positions = new int[m.columnProps().size() + m.expressionProps().size()];
        java.util.Arrays.fill(positions, ColumnLoads.DEFERRED);
        return positions;
    }

    /**
     * {@code unread} with each column property of {@code m} read from the first result column of its column's
     * name (case-insensitive: a join's later column of that name, a subclass table's key, is null for other rows).
     */
    private static int[] byName(Mapper<?> m, int[] unread, List<String> keys) {
        int[] positions = unread.clone();
        for (ColumnProp p : m.columnProps()) {
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (keys.get(i).equalsIgnoreCase(p.column.name())) {
                    positions[p.index] = i;
                }
            }
        }
        for (ColumnProp key : m.primaryKeyProps()) {
            if (positions[key.index] < 0) {
                throw new dev.retort.exc.ArgumentException("The statement's result has no column '" + key.column.name() + "' of "
                        + m.mappedClass().getName() + "'s primary key: " + keys);
            }
        }
        return positions;
    }

    List<Slot> slots() {
        return slots;
    }

    List<EagerJoin> eagerJoins() {
        return eager;
    }

    List<Selectin> selectins() {
        return selectin;
    }

    /** How {@code r} is kept from loading ({@code RAISE}, {@code NOLOAD}), or null. */
    LoaderOption.Strategy unloaded(RelationshipProp r) {
        return unloaded.isEmpty() ? null : unloaded.get(r);
    }

    boolean populateExisting() {
        return overwrite;
    }

    /**
     * For a query with eager joins, whose rows repeat a parent's columns for each of its
     * children: per entity slot with a one-column key (and no subclasses whose columns its
     * discriminator picks), its key's position and then the positions of its other columns,
     * which a row whose key is the row before's need not read (see {@code Result.all(int[][])}):
     * the loader takes such a row's instance from the row before without looking at them. Null
     * without eager joins. A position shared by two slots is left out.
     */
    int[][] repeating() {
        if (eager.isEmpty()) {
            return null;
        }
        List<EntitySlot> entities = new ArrayList<>();
        int width = 0;
        for (Slot s : slots) {
            if (s instanceof EntitySlot es) {
                entities.add(es);
                for (int p : es.positions()) {
                    width = Math.max(width, p + 1);
                }
            } else if (s instanceof ColumnSlot c) {
                width = Math.max(width, c.position() + 1);
            } else {
                for (int p : ((BundleSlot) s).positions()) {
                    width = Math.max(width, p + 1);
                }
            }
        }
        eager.forEach(e -> entities.add(e.child()));
        for (EagerJoin e : eager) {
            for (int p : e.child().positions()) {
                width = Math.max(width, p + 1);
            }
        }
        int[] uses = new int[width];
        for (Slot s : slots) {
            if (s instanceof ColumnSlot c) {
                uses[c.position()]++;
            } else if (s instanceof BundleSlot b) {
                for (int p : b.positions()) {
                    uses[p]++;
                }
            }
        }
        for (EntitySlot es : entities) {
            for (int p : es.positions()) {
                if (p >= 0) {
                    uses[p]++;
                }
            }
        }
        List<int[]> groups = new ArrayList<>();
        for (EntitySlot es : entities) {
            List<ColumnProp> pk = es.mapper().primaryKeyProps();
            if (!es.subclasses().isEmpty() || pk.size() != 1) {
                continue;
            }
            int key = es.positions()[pk.get(0).index];
            int[] group = new int[es.positions().length];
            int n = 0;
            group[n++] = key;
            for (int p : es.positions()) {
                if (p >= 0 && p != key && uses[p] == 1) {
                    group[n++] = p;
                }
            }
            if (n > 1 && uses[key] == 1) {
                groups.add(java.util.Arrays.copyOf(group, n));
            }
        }
        return groups.isEmpty() ? null : groups.toArray(new int[0][]);
    }

    /** Whether the query returns instances of one entity (rather than rows). */
    boolean single() {
        return slots.size() == 1 && slots.get(0) instanceof EntitySlot;
    }

    /** Whether one instance may come in several rows (a joined collection), so results are made unique. */
    boolean unique() {
        if (!single()) {
            return false;
        }
        // A loop, not a stream: asked on every load, also of a get() by key.
        for (EagerJoin e : eager) {
            if (e.relationship().collection) {
                return true;
            }
        }
        return false;
    }

    /** The plan of {@code q}, with its loader options and the relationships' loading defaults ({@link Relationship#lazy}). */
    static QueryPlan of(Query<?> q) {
        return of(q, true);
    }

    /**
     * The plan of {@code q}, with its loader options; with {@code mappingDefaults}, also the
     * relationships' loading defaults and the joined loads the options ask for, which SQLAlchemy
     * leaves out of a statement used inside another (it loads nothing eagerly there).
     */
    static QueryPlan of(Query<?> query, boolean mappingDefaults) {
        if (query.fromStatementClause() != null) {
            return fromStatement(query);
        }
        Query<?> q = withAutomaticAliases(query.adaptedToBaseAlias().withoutSelectinPolymorphic());
        List<LoaderCriteria> criteria = q.loaderCriteria();
        List<ColumnElement<?>> cols = new ArrayList<>();
        List<EagerJoin> contained = new ArrayList<>();
        List<Slot> slots = slotsOf(q, query, cols, contained);
        List<EagerJoin> eager = new ArrayList<>();
        List<Selectin> selectin = new ArrayList<>();
        List<FromClause> aliases = new ArrayList<>();
        Map<RelationshipProp, LoaderOption.Strategy> unloaded = new IdentityHashMap<>();
        for (LoaderOption option : q.loaderOptions()) {
            // the column options at a path's head are the entity's own (see slotsOf)
            LoaderOption o = ColumnLoads.afterHead(option);
            if (o == null || o.isWildcard()) {
                continue;       // a relationship wildcard at the head: for the relationships no option names (RelationshipDefaults)
            }
            int parent = slotOf(slots, o.attribute().owner());
            if (parent >= 0) {
                addOption(o, parent, -1, eager, aliases, selectin, unloaded);
            } else if (baseSlotOf(slots, o.attribute().owner()) >= 0) {
                subclassOption(o, eager, aliases, selectin, unloaded);
            }
        }
        if (mappingDefaults) {
            RelationshipDefaults.apply(q, slots, eager, aliases, selectin, unloaded);
            everywhereInSelectin(q, selectin);
        } else {
            eager.clear();
            aliases.clear();
        }
        Map<Integer, List<LoaderOption>> nestedColumns = new java.util.HashMap<>();
        Map<Integer, LoaderOption.JoinKind> joinKinds = new java.util.HashMap<>();
        ColumnLoads.nested(q, slots, eager, nestedColumns, joinKinds);
        int entityColumns = cols.size();
        // Made once, so that the subquery's extra ORDER BY columns are the very nodes the outer query orders by.
        List<ClauseElement> order = coreOrdering(q, slots, cols);
        // DISTINCT over the joined rows would keep duplicates of an entity's row (its related rows differ), a LIMIT
        // would count joined rows, and GROUP BY would have to list the eager columns: DISTINCT (ON), GROUP BY and a
        // limit with a collection (not one of uselist(false)) apply to the entities' rows in a subquery, as in SQLAlchemy.
        boolean wrap = !eager.isEmpty() && (q.isDistinct() || !q.distinctOnClauses().isEmpty() || !q.groupByClauses().isEmpty()
                || (q.limitValue() != null || q.offsetValue() != null || q.fetchClause() != null) && eager.stream().anyMatch(e -> e.relationship().collection && !e.relationship().scalar));
        Map<ClauseElement, ColumnElement<?>> outer = new IdentityHashMap<>();
        Select s;
        if (wrap) {
            List<ColumnElement<?>> inner = new ArrayList<>(cols);
            for (ClauseElement ob : order) {
                ClauseElement el = unordered(ob);
                // a string reference names what the subquery selects or its FROM clauses have (resolvedNames); the outer
                // query resolves it again among the subquery's columns
                if (el instanceof ColumnElement<?> c && !(c instanceof LabelReference) && !inner.contains(c)) {
                    inner.add(c);
                }
            }
            Alias sub = limited(q, base(q, inner, order, null)).subquery();
            for (int i = 0; i < inner.size(); i++) {
                outer.put(inner.get(i), sub.columns().get(i));
            }
            // The ORDER BY columns added to the subquery are selected again, as SQLAlchemy selects the whole subquery; read by no slot.
            cols.addAll(inner.subList(entityColumns, inner.size()));
            s = SQL.select(sub.columns().toArray());
            if (q.labelStyleValue() != null) {
                s = s.labelStyle(q.labelStyleValue());
            }
            for (ClauseElement ob : order) {
                s = s.orderBy(translate(ob, outer));
            }
            if (q.lock() != null) {
                // The rows of the eager joins are read (and locked) by the outer statement, as SQLAlchemy's.
                s = s.withForUpdate(coreLock(q.lock()));
            }
        } else {
            s = limited(q, base(q, cols, order, null));
        }
        // The joins as SQLAlchemy makes them: each level's relationships in the mapping's order, a join before those under it.
        EagerJoins joins = new EagerJoins(slots, eager);
        EagerJoins.Step[] steps = new EagerJoins.Step[eager.size()];
        for (int i : joins.preorder()) {
            EagerJoin e = eager.get(i);
            FromClause alias = aliases.get(i);
            // A deeper level joins to the alias of the level above.
            FromClause parent = e.parentSlot() >= 0 ? ((EntitySlot) slots.get(e.parentSlot())).entity().selectable() : aliases.get(e.parentJoin());
            RelationshipProp r = e.relationship();
            if (r.isManyToMany()) {
                Alias assoc = r.secondary.table.alias();
                steps[i] = new EagerJoins.Step(parent, assoc, (ColumnElement<Boolean>) translate(r.secondary.parentCondition(parent, r.mapper.table(), assoc), outer),
                        alias, withSubclassRows(withEagerCriteria(r.secondary.targetCondition(alias, r.target.table(), assoc), e.via(), r.target, alias, criteria),
                                r.target, alias));
            } else {
                ColumnElement<Boolean> on = withEagerCriteria(r.condition(parent, alias), e.via(), r.target, alias, criteria);
                ColumnElement<Boolean> subclassRows = r.target.singleTableCriterion(alias);
                steps[i] = new EagerJoins.Step(parent, null, null, alias, (ColumnElement<Boolean>) translate(subclassRows == null ? on : SQL.and(on, subclassRows), outer));
            }
            joins.place(i, steps[i], joinKinds.get(i));
        }
        for (int i : joins.preorder()) {
            s = joins.attach(s, i, steps[i]);
            RelationshipProp r = eager.get(i).relationship();
            for (ColumnElement<?> ob : r.orderBy) {
                ColumnElement<?> adapted = Selectables.adapt(aliases.get(i), r.target.table(), ob);
                // an ordering column of the association table (orderingColumn, @OrderColumn): its alias, as SQLAlchemy's
                s = s.orderBy(steps[i].assoc() == null ? adapted : Selectables.adapt(steps[i].assoc(), r.secondary.table, adapted));
            }
        }
        // The columns as SQLAlchemy lists them: a join's entity after those of the joins under it through the
        // relationships its mapping declares (which come before its columns), before those through backrefs.
        int from = cols.size();
        for (int i : joins.postorder()) {
            EagerJoin e = eager.get(i);
            RelationshipProp r = e.relationship();
            Entity ofType = ofTypeEntity(e.via(), 1);
            Entity target = ofType == null ? r.target : ofType instanceof AliasedEntity<?> ? ofType : polymorphicAlias(ofType.mapper(), aliases.get(i));
            EntitySlot child = entitySlot(target, aliases.get(i), r.target.entityName(), cols, nestedColumns.getOrDefault(i, List.of()), r.target, Map.of());
            eager.set(i, new EagerJoin(e.parentSlot(), e.parentJoin(), r, child, e.via()));
        }
        if (cols.size() > from) {
            s = s.addColumns(cols.subList(from, cols.size()).toArray());
        }
        // containsEager: the query's own join, its columns selected with the parent's (slotsOf); after the joins above, which number theirs
        int offset = eager.size();
        contained.forEach(c -> eager.add(c.parentSlot() >= 0 ? c : new EagerJoin(-1, offset + c.parentJoin(), c.relationship(), c.child(), c.via())));
        if (q.baseAlias() != null) {
            s = Selectables.sharingTheCompound(s, q.baseAlias(), entityMappers(q));
        }
        QueryPlan plan = new QueryPlan(s, List.copyOf(slots), List.copyOf(eager), List.copyOf(selectin), unloaded, q.isPopulateExisting(),
                propagating(q), LazyLoadOptions.goingOn(q.loaderOptions()));
        plan.selectinPolymorphic = query.selectinPolymorphic();
        return plan;
    }

    /**
     * This plan for {@code q}, a query of the same shape (cache key) as the one it was made from: its statement with
     * {@code q}'s values ({@code binds}, its key's parameters, at {@code positions}, see {@link QueryPlans}), and what
     * else the plan takes from a query made from {@code q}.
     */
    QueryPlan rebound(Query<?> q, int[] positions, List<dev.retort.sql.BindParameter<?>> binds) {
        QueryPlan plan = new QueryPlan(QueryPlans.rebound(statement, positions, binds), slots, eager, selectin, unloaded, q.isPopulateExisting(),
                propagating(q), LazyLoadOptions.goingOn(q.loaderOptions()));
        plan.selectinPolymorphic = q.selectinPolymorphic();
        return plan;
    }

    /** The query's loader criteria that apply to the statements loading its instances' relationships too. */
    static List<LoaderCriteria> propagating(Query<?> q) {
        List<LoaderCriteria> criteria = q.loaderCriteria();
        return criteria.isEmpty() ? List.of() : criteria.stream().filter(LoaderCriteria::propagates).toList();
    }

    /** The mappers of the query's entities, of its attributes' and bundles' entities, and their subclasses loaded with them. */
    private static java.util.Set<Mapper<?>> entityMappers(Query<?> q) {
        java.util.Set<Mapper<?>> out = new java.util.LinkedHashSet<>();
        for (ClauseElement e : q.entities()) {
            for (ClauseElement x : e instanceof Bundle<?> b ? List.<ClauseElement>copyOf(b.columns()) : List.of(e)) {
                Entity en = x instanceof Entity n ? n : x instanceof QueryableAttribute<?> a ? a.owner() : null;
                if (en != null) {
                    out.add(en.mapper());
                    out.addAll(en.polymorphicMappers());
                }
            }
        }
        return out;
    }

    /** The with_polymorphic entities of the query's {@link ORM#selectinPolymorphic} options (set as the plan is made). */
    private List<AliasedEntity<?>> selectinPolymorphic = List.of();

    List<AliasedEntity<?>> selectinPolymorphic() {
        return selectinPolymorphic;
    }

    /**
     * The entity a joined load along {@code via} reads its targets as, when {@link QueryableAttribute#ofType} names one:
     * an aliased entity itself; for a subclass, its hierarchy with it loaded, aliased ({@link #polymorphicAlias}), as
     * SQLAlchemy's {@code with_polymorphic(Base, [Sub], aliased=True)}. Null without one (the target's tables aliased).
     */
    private static Entity ofTypeEntity(QueryableAttribute<?> via, int depth) {
        Entity of = via.ofType();
        RelationshipProp r = via.relationship();
        if (of == null || of == r.target) {
            return null;
        }
        if (depth > 1) {
            throw new ArgumentException("joinedLoad(" + via + ", " + depth + "): a loading depth takes no of_type");
        }
        if (of instanceof AliasedEntity<?> a) {
            if (a.alias() == null) {
                // the tables themselves would be joined a second time under their own names
                throw new ArgumentException("joinedLoad(" + via + ") needs an aliased entity, not " + a + " of the tables themselves:"
                        + " ORM.withPolymorphic(..., ORM.Aliasing.FLAT)");
            }
            return a;
        }
        Mapper<?> root = of.mapper().root();
        FromClause tables = root.polymorphicSelectable(t -> t, root.loadedWithMappers(List.of(of.mapper())));
        return polymorphicAlias(of.mapper(), tables instanceof Table t ? t.alias() : ORM.labelledSubquery(tables));
    }

    /** The hierarchy of subclass {@code sub} with it loaded, read from {@code selectable} (made by {@link #ofTypeEntity}). */
    private static AliasedEntity<?> polymorphicAlias(Mapper<?> sub, FromClause selectable) {
        Mapper<?> root = sub.root();
        return new AliasedEntity<>(root, selectable, root.loadedWithMappers(List.of(sub)));
    }

    /**
     * An eager join's ON clause {@code on} with the option's extra criteria, then the query's
     * loader criteria for the target's rows in {@code alias} that propagate to loaders (as SQLAlchemy's joined loader).
     */
    private static ColumnElement<Boolean> withEagerCriteria(ColumnElement<Boolean> on, QueryableAttribute<?> via, Mapper<?> target,
            FromClause alias, List<LoaderCriteria> criteria) {
        List<ColumnElement<Boolean>> parts = new ArrayList<>(via.criteriaFor(alias));
        for (LoaderCriteria c : criteria) {
            if (c.propagates() && c.covers(target)) {
                parts.add(c.adapted(target, alias));
            }
        }
        if (parts.isEmpty()) {
            return on;
        }
        parts.add(0, on);
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    /**
     * Adds option {@code o} (and those nested in it) for the instances of query slot
     * {@code parentSlot}, or when that is -1, of the children of eager join {@code parentJoin}.
     */
    static void addOption(LoaderOption o, int parentSlot, int parentJoin, List<EagerJoin> eager, List<FromClause> aliases,
            List<Selectin> selectin, Map<RelationshipProp, LoaderOption.Strategy> unloaded) {
        if (o.isWildcard() && !o.strategy().isColumn()) {
            return;     // a wildcard at a path's end: for the relationships of its level no option names (RelationshipDefaults)
        }
        RelationshipProp r = o.strategy().isColumn() ? null : o.attribute().relationship();
        switch (o.strategy()) {
            case JOINED -> {
                int first = o.depth() == 1 ? joinedAlready(eager, parentSlot, parentJoin, r) : -1;
                if (first >= 0) {
                    // A path another option joins already (joinedLoad(A.b) and joinedLoad(A.b).joinedLoad(B.c)): one join, as in SQLAlchemy.
                    if (o.then() != null) {
                        addOption(o.then(), -1, first, eager, aliases, selectin, unloaded);
                    }
                    return;
                }
                first = eager.size();
                Entity ofType = ofTypeEntity(o.attribute(), o.depth());
                for (int level = 0; level < o.depth(); level++) {
                    // A class of a joined-table hierarchy: its tables aliased one by one, the subclasses' outer-joined.
                    aliases.add(ofType != null ? ofType.selectable() : r.aliasedTargetSelectable());
                    eager.add(level == 0 ? new EagerJoin(parentSlot, parentJoin, r, null, o.attribute())
                            : new EagerJoin(-1, eager.size() - 1, r, null, o.attribute()));
                }
                if (o.then() != null) {
                    addOption(o.then(), -1, first, eager, aliases, selectin, unloaded);
                }
            }
            case SELECTIN -> {
                // a wildcard after the load is for its targets' level alone, not every level of the load's statement
                List<LoaderOption> then = o.then() == null ? List.of() : List.of(o.then().boundTo(r.target));
                for (int i = 0; i < selectin.size(); i++) {
                    Selectin same = selectin.get(i);
                    if (same.relationship() == r && same.depth() == o.depth() && same.via().equals(o.attribute())) {
                        // the paths of one Load.options(): one statement with all their options
                        List<LoaderOption> both = new ArrayList<>(same.then());
                        both.addAll(then);
                        selectin.set(i, new Selectin(r, o.depth(), List.copyOf(both), o.attribute(), same.joined()));
                        return;
                    }
                }
                selectin.add(new Selectin(r, o.depth(), then, o.attribute(), joinedPath(eager, parentJoin)));
            }
            case RAISE, NOLOAD -> unloaded.put(r, o.strategy());
            case DEFAULT -> {
                // the path goes on under the join another option (before it) makes of the relationship, if any
                int joined = joinedAlready(eager, parentSlot, parentJoin, r);
                LoaderOption.Strategy mapped = RelationshipDefaults.eagerDefault(r);
                if (joined < 0 && mapped != null) {
                    // loaded as the mapping says (joined or select-in), with the options after it
                    addOption(new LoaderOption(o.attribute(), mapped, o.then()), parentSlot, parentJoin, eager, aliases, selectin, unloaded);
                } else if (joined >= 0 && o.then() != null) {
                    addOption(o.then(), -1, joined, eager, aliases, selectin, unloaded);
                }
            }
            case DEFER, UNDEFER, UNDEFER_GROUP, LOAD_ONLY -> {
                // the columns of this level's entity (see ColumnLoads.nested); the path goes on from the same level
                if (o.then() != null) {
                    addOption(o.then(), parentSlot, parentJoin, eager, aliases, selectin, unloaded);
                }
            }
            default -> {
                // LAZY: what the relationship does anyway; CONTAINS: the query's own join (slotsOf).
            }
        }
    }

    /**
     * The unbound wildcards at the head of the query's paths ({@link ORM#lazyLoadAll}, {@link ORM#deferAll}, ...)
     * go on to the statements of its select-in loads, as they are for every level the query loads.
     */
    private static void everywhereInSelectin(Query<?> q, List<Selectin> selectin) {
        List<LoaderOption> everywhere = new ArrayList<>(ColumnLoads.unboundWildcards(q, false));
        everywhere.addAll(ColumnLoads.unboundWildcards(q, true));
        if (everywhere.isEmpty()) {
            return;
        }
        for (int i = 0; i < selectin.size(); i++) {
            Selectin s = selectin.get(i);
            List<LoaderOption> then = new ArrayList<>(everywhere);
            then.addAll(s.then());
            selectin.set(i, new Selectin(s.relationship(), s.depth(), List.copyOf(then), s.via(), s.joined()));
        }
    }

    /** The classes of eager join {@code join} and the joins above it, outermost first (its first parent's class leading); empty for -1. */
    private static List<Mapper<?>> joinedPath(List<EagerJoin> eager, int join) {
        List<Mapper<?>> out = new ArrayList<>();
        for (int j = join; j >= 0; j = eager.get(j).parentJoin()) {
            out.add(0, eager.get(j).relationship().target);
            if (eager.get(j).parentJoin() < 0) {
                out.add(0, eager.get(j).relationship().mapper);
            }
        }
        return List.copyOf(out);
    }

    /** The eager join of {@code r} from the same parent, or -1. */
    private static int joinedAlready(List<EagerJoin> eager, int parentSlot, int parentJoin, RelationshipProp r) {
        for (int i = 0; i < eager.size(); i++) {
            EagerJoin e = eager.get(i);
            if (e.parentSlot() == parentSlot && e.parentJoin() == parentJoin && e.relationship() == r) {
                return i;
            }
        }
        return -1;
    }

    /** {@code SELECT count(*) FROM (the query without its eager loads) AS anon_1}. */
    static Select countStatement(Query<?> query) {
        Query<?> q = withAutomaticAliases(query.adaptedToBaseAlias());
        List<ColumnElement<?>> cols = new ArrayList<>();
        List<Slot> slots = slotsOf(q, query, cols, null);
        Select count = SQL.select(SQL.func("count")).selectFrom(limited(q, base(q, cols, coreOrdering(q, slots, cols), null)).subquery());
        return q.baseAlias() == null ? count : Selectables.sharingTheCompound(count, q.baseAlias(), entityMappers(q));
    }

    /**
     * {@code q} reading each class that a join aliases automatically (SQLAlchemy's automatic alias: a joined-table class
     * whose tables the FROM clause has already) from that alias wherever the query names it, selected, in its criteria
     * or ordering, as SQLAlchemy adapts the class to the alias; else {@code q}. Read from its own tables, the class would
     * bring them into the FROM list a second time, with no condition: every row with every row.
     */
    private static Query<?> withAutomaticAliases(Query<?> q) {
        List<Mapper<?>> candidates = new ArrayList<>();
        for (JoinStep j : q.joinSteps()) {
            Mapper<?> m = automaticAliasCandidate(j);
            if (m != null) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty() || !mentions(q.entities(), candidates) && !mentions(q.criteria(), candidates) && !mentions(q.ordering(), candidates)) {
            return q;       // no join may alias a class the query names: nothing to plan twice
        }
        // the joins as planned, to learn which of them alias their class
        List<ColumnElement<?>> cols = new ArrayList<>();
        List<Slot> slots = slotsOf(q, q, cols, null);
        Map<JoinStep, JoinStep> aliased = new IdentityHashMap<>();
        base(q, cols, coreOrdering(q, slots, cols), aliased);
        if (aliased.isEmpty()) {
            return q;
        }
        // SQLAlchemy's adapter as each join that aliases replaces it: a join's ON clause reads the aliases made up to it,
        // the rest of the query the last alias of each class
        Map<JoinStep, JoinStep> joins = new IdentityHashMap<>();
        Map<Mapper<?>, AliasedEntity<?>> to = new IdentityHashMap<>();
        for (JoinStep j : q.joinSteps()) {
            JoinStep a = aliased.get(j);
            if (a != null) {
                joins.put(j, a);
                to.put(((Entity) a.target()).mapper(), (AliasedEntity<?>) a.target());
            } else if (!to.isEmpty()) {
                joins.put(j, (JoinStep) j.replace(toAliases(new IdentityHashMap<>(to))));
            }
        }
        java.util.function.Function<ClauseElement, ClauseElement> last = toAliases(to);
        return q.adapted(n -> n instanceof JoinStep j ? joins.getOrDefault(j, j) : last.apply(n));
    }

    /**
     * SQLAlchemy's adapter to the automatic aliases {@code to} (class: its alias): the class itself reads its alias; so does
     * an attribute of a class of its line (a base class's attribute) and a plain column of one of its tables, which its
     * ORMAdapter adapts by table. An entity, an attribute of another class or a FROM clause of its own stays.
     */
    private static java.util.function.Function<ClauseElement, ClauseElement> toAliases(Map<Mapper<?>, AliasedEntity<?>> to) {
        return n -> {
            if (n instanceof Entity e) {
                AliasedEntity<?> alias = e instanceof Mapper<?> m ? to.get(m) : null;
                return alias == null ? e : alias;
            }
            if (n instanceof QueryableAttribute<?> a) {
                for (Map.Entry<Mapper<?>, AliasedEntity<?>> x : to.entrySet()) {
                    if (a.owner() instanceof Mapper<?> m && m != x.getKey() && (inherits(x.getKey(), m) || inherits(m, x.getKey()))) {
                        return a.replace(o -> o == m ? new AliasedEntity<>(m, x.getValue().selectable()) : null);
                    }
                }
                return a.owner() instanceof Mapper<?> m && to.containsKey(m) ? null : a;
            }
            if (n instanceof dev.retort.schema.Column<?> c) {
                for (Map.Entry<Mapper<?>, AliasedEntity<?>> x : to.entrySet()) {
                    if (x.getKey().tables().contains(c.table())) {
                        return x.getValue().selectable().correspondingColumn(c);
                    }
                }
            }
            return n instanceof FromClause ? n : null;
        };
    }

    /** Whether {@code sub} is {@code base} or inherits from it. */
    private static boolean inherits(Mapper<?> sub, Mapper<?> base) {
        for (Mapper<?> m = sub; m != null; m = m.inherits()) {
            if (m == base) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an element of {@code elements} names one of {@code classes} as {@link #toAliases} adapts it: the class,
     * an attribute of a class of its line, or a plain column of one of its tables (not in a subquery).
     */
    private static boolean mentions(List<? extends ClauseElement> elements, List<Mapper<?>> classes) {
        for (ClauseElement e : elements) {
            if (e instanceof Entity en ? classes.contains(en)
                    : e instanceof QueryableAttribute<?> a ? a.owner() instanceof Mapper<?> m && classes.stream().anyMatch(c -> inherits(c, m) || inherits(m, c))
                    : e instanceof dev.retort.schema.Column<?> c ? classes.stream().anyMatch(x -> x.tables().contains(c.table()))
                    : !(e instanceof dev.retort.sql.SelectBase || e instanceof Query<?>) && mentions(e.getChildren(), classes)) {
                return true;
            }
        }
        return false;
    }

    /** The plain class join {@code j} may alias automatically ({@link #join}), or null. */
    private static Mapper<?> automaticAliasCandidate(JoinStep j) {
        Mapper<?> m = j.target() instanceof Mapper<?> t ? t : j.target() == null && j.onclause() instanceof QueryableAttribute<?> a
                && a.isRelationship() && a.relationship().aliasedTarget == null ? a.relationship().target : null;
        return m != null && m.tables().size() > 1 ? m : null;
    }

    /**
     * The query's ORDER BY in Core terms. An expression selected as a column entity is the very
     * column the statement selects, so that ordering by a selected label writes its name.
     */
    private static List<ClauseElement> coreOrdering(Query<?> q, List<Slot> slots, List<ColumnElement<?>> cols) {
        Map<ClauseElement, ClauseElement> selected = new IdentityHashMap<>();
        // slots follow the entities, except that a FROM clause entity has a slot per column
        int slot = 0;
        for (ClauseElement e : q.entities()) {
            if (!(e instanceof Entity) && e instanceof FromClause f) {
                slot += f.columns().size();
                continue;
            }
            if (slots.get(slot++) instanceof ColumnSlot c) {
                selected.put(e, cols.get(c.position()));
            }
        }
        List<ClauseElement> order = new ArrayList<>();
        q.ordering().forEach(ob -> order.add(ob.replace(n -> selected.containsKey(n) ? selected.get(n)
                : n instanceof QueryableAttribute<?> a ? selectedComputed(a, selected, slots, cols) : null)));
        return order;
    }

    /**
     * A computed property of a selected entity, or selected on its own, is the labelled column the statement
     * selects for it (ordering by it names the label, as SQLAlchemy's); a composite is its columns; any other
     * attribute is its expression.
     */
    private static ClauseElement selectedComputed(QueryableAttribute<?> a, Map<ClauseElement, ClauseElement> selected, List<Slot> slots,
            List<ColumnElement<?>> cols) {
        if (a.prop() instanceof CompositeProp p) {
            // a composite orders by its columns, in order (SQLAlchemy's): a comma list, as a bundle of them compiles; the
            // columns themselves, which a query wrapped for its eager loads finds among its own and orders by the subquery's
            return new Bundle<>(a.key(), p.parts.stream().<ColumnElement<?>>map(x -> a.owner().attr(x.key).expression()).toList(), null);
        }
        if (a.prop() instanceof ExpressionProp p) {
            // the property selected on its own, named again (ORM.attr(User.class, "ead") twice): its labelled column too
            for (Map.Entry<ClauseElement, ClauseElement> s : selected.entrySet()) {
                if (s.getKey() instanceof QueryableAttribute<?> x && x.owner() == a.owner() && x.prop() == p) {
                    return s.getValue();
                }
            }
            for (Slot slot : slots) {
                if (slot instanceof EntitySlot e && e.entity() == a.owner() && p.mapper == e.entity().mapper() && e.positions()[p.index] >= 0) {
                    return cols.get(e.positions()[p.index]);
                }
            }
        }
        return a.expression();
    }

    /**
     * The slots of {@code q}'s entities; a plain expression's is named after {@code named}'s entity
     * at its place (the query as given, before {@link Query#adaptedToBaseAlias}: the attribute's key);
     * with {@code contained}, an entity's containsEager joins are added to it, their columns first.
     */
    private static List<Slot> slotsOf(Query<?> q, Query<?> named, List<ColumnElement<?>> cols, List<EagerJoin> contained) {
        List<Slot> slots = new ArrayList<>();
        // the table columns selected as column entities, where a later entity reads them (SQLAlchemy's dedupe_columns)
        Map<dev.retort.schema.Column<?>, Integer> columnEntities = new java.util.IdentityHashMap<>();
        for (int i = 0; i < q.entities().size(); i++) {
            ClauseElement e = q.entities().get(i);
            if (e instanceof Entity en) {
                if (contained != null) {
                    containedBy(q, en, slots.size(), cols, contained);
                }
                slots.add(entitySlot(en, en.selectable(), en.label(), cols, ColumnLoads.forEntity(en, q.loaderOptions()), null, columnEntities));
            } else if (e instanceof Bundle<?> b) {
                Bundle<?> given = (Bundle<?>) named.entities().get(i);
                int[] positions = new int[b.columns().size()];
                for (int k = 0; k < positions.length; k++) {
                    cols.add(Selectables.core(b.columns().get(k)));
                    positions[k] = cols.size() - 1;
                }
                // the bundle as given makes the values: its keys are the attributes', not those of the columns it was adapted to (a union's)
                slots.add(new BundleSlot(given, positions, given.name()));
            } else if (e instanceof FromClause f) {
                // a FROM clause stands for its columns, each a value of the row
                for (ColumnElement<?> c : f.columns()) {
                    cols.add(c);
                    slots.add(new ColumnSlot(cols.size() - 1, c.nonAnonLabel() != null ? c.nonAnonLabel() : c.anonPrefix()));
                }
            } else {
                ColumnElement<?> core = Selectables.core((ColumnElement<?>) e);
                // a computed property selected on its own is labelled as its entity's is, for ordering by it to name the label
                cols.add(e instanceof QueryableAttribute<?> a && a.prop() instanceof ExpressionProp ? labelled(core)
                        : e instanceof QueryableAttribute<?> a && a.isLabelledHybrid() ? core.label(a.key()) : core);
                if (core instanceof dev.retort.schema.Column<?> column) {
                    columnEntities.putIfAbsent(column, cols.size() - 1);
                }
                ColumnElement<?> c = (ColumnElement<?>) named.entities().get(i);
                String label = c instanceof QueryableAttribute<?> a ? a.key() : c.nonAnonLabel() != null ? c.nonAnonLabel() : c.anonPrefix();
                slots.add(new ColumnSlot(cols.size() - 1, label));
            }
        }
        return slots;
    }

    /**
     * The {@link ORM#containsEager} loads of query entity {@code en} (slot {@code slot}): their targets' columns, on the
     * query's join, go before the entity's own, as SQLAlchemy lists a mapper's relationships before its columns.
     */
    private static void containedBy(Query<?> q, Entity en, int slot, List<ColumnElement<?>> cols, List<EagerJoin> contained) {
        for (LoaderOption o : q.loaderOptions()) {
            if (o.strategy() == LoaderOption.Strategy.CONTAINS && isOwnedBy(o.attribute().owner(), en)) {
                contain(o, slot, -1, cols, contained);
            }
        }
    }

    /**
     * A containsEager load (of slot {@code parentSlot}, or of the targets of {@code contained}'s load
     * {@code parentJoin}) and one chained after it ({@code containsEager(A.b).containsEager(B.c)}), whose
     * columns go before its parent's, or after them for a backref, as SQLAlchemy lists a mapper's properties.
     */
    private static void contain(LoaderOption o, int parentSlot, int parentJoin, List<ColumnElement<?>> cols, List<EagerJoin> contained) {
        RelationshipProp r = o.attribute().relationship();
        Entity into = o.into() != null ? o.into() : r.targetEntity();
        LoaderOption next = ColumnLoads.afterHead(o.then());
        boolean nested = next != null && next.strategy() == LoaderOption.Strategy.CONTAINS;
        for (int i = 0; i < contained.size(); i++) {
            EagerJoin e = contained.get(i);
            if (e != null && e.parentSlot() == parentSlot && e.parentJoin() == parentJoin && e.relationship() == r) {
                // the same relationship in two options (containsEager(A.b), containsEager(A.b).containsEager(B.c)): one load
                if (nested) {
                    contain(next, -1, i, cols, contained);
                }
                return;
            }
        }
        int at = contained.size();
        contained.add(null);    // its place, which the load chained after it names as its parent
        boolean nestedFirst = nested && !EagerJoins.isBackref(next.attribute().relationship());
        if (nestedFirst) {
            contain(next, -1, at, cols, contained);
        }
        // the column options chained after it are the contained entity's (containsEager(a).loadOnly(...))
        EntitySlot child = entitySlot(into, into.selectable(), r.target.entityName(), cols, ColumnLoads.head(o.then()), r.target, Map.of());
        contained.set(at, new EagerJoin(parentSlot, parentJoin, r, child, o.attribute()));
        if (nested && !nestedFirst) {
            contain(next, -1, at, cols, contained);
        }
    }

    /**
     * Adds the columns of {@code entity}'s column and computed properties, on {@code selectable}, to {@code cols};
     * {@code loadedFor}: the target of the relationship an eager load loads it for, else null.
     */
    private static EntitySlot entitySlot(Entity entity, FromClause selectable, String label, List<ColumnElement<?>> cols, List<LoaderOption> columnOptions,
            Mapper<?> loadedFor, Map<dev.retort.schema.Column<?>, Integer> columnEntities) {
        Mapper<?> m = entity.mapper();
        int start = cols.size();
        int[] positions = new int[m.columnProps().size() + m.expressionProps().size()];
        // the attributes left out (deferred): their positions are negative, and they are not selected
        int[] leftOut = ColumnLoads.leftOut(m, columnOptions);
        // loadOnly() or defer('*'): the attributes no option names are left out, a subclass's key of another name too
        boolean loadOnly = columnOptions.stream().anyMatch(o -> o.strategy() == LoaderOption.Strategy.LOAD_ONLY
                || o.strategy() == LoaderOption.Strategy.DEFER && o.isWildcard());
        Map<dev.retort.schema.Column<?>, Integer> where = new java.util.HashMap<>();
        // The column properties first, as SQLAlchemy orders a mapper's properties: those given to the mapping, then the table's
        // columns, then those added after mapping.
        Map<ColumnElement<?>, Integer> computed = new java.util.IdentityHashMap<>();
        for (ExpressionProp p : m.expressionProps()) {
            if (!m.isLate(p)) {
                selectComputed(p, m, selectable, positions, leftOut, columnOptions, computed, cols);
            }
        }
        Map<dev.retort.schema.Column<?>, ColumnProp> props = new java.util.HashMap<>();
        for (ColumnProp p : m.columnProps()) {
            props.put(p.column, p);
        }
        List<dev.retort.schema.Column<?>> ensured = new ArrayList<>();
        for (dev.retort.schema.Column<?> c : selectedColumns(m, loadedFor)) {
            for (ExpressionProp e : m.lateBefore(c)) {
                selectComputed(e, m, selectable, positions, leftOut, columnOptions, computed, cols);
            }
            ColumnProp p = props.get(c);
            if (p == null && selectable != m.table() && Selectables.corresponding(selectable, m, c) == null) {
                continue;  // a joined subclass's own key column that a subquery of the class does not select
            }
            if (p == null && loadOnly && m.isKeyOfAnotherName(c)) {
                continue;
            }
            if (p != null && leftOut != null && leftOut[p.index] != 0) {
                if (leftOut[p.index] == ColumnLoads.ENSURED) {
                    ensured.add(c);
                }
                positions[p.index] = leftOut[p.index];
                continue;
            }
            ColumnElement<?> adapted = Selectables.adapt(selectable, m, c);
            // selected already as a column entity (select(Address.user_id, Address)): read there, not selected again
            Integer before = adapted instanceof dev.retort.schema.Column<?> column ? columnEntities.get(column) : null;
            int at = before != null ? before : place(cols, start, adapted);
            if (p != null && !p.writtenOnly) {
                positions[p.index] = at;  // (a combined attribute reads its subclass's column, not the superclass's it also writes)
            }
            where.put(c, at);
        }
        for (dev.retort.schema.Column<?> c : ensured) {
            positions[props.get(c).index] = cols.size();
            where.put(c, cols.size());
            cols.add(Selectables.adapt(selectable, m, c));
        }
        for (ExpressionProp p : m.lateBefore(null)) {
            selectComputed(p, m, selectable, positions, leftOut, columnOptions, computed, cols);
        }
        Map<Mapper<?>, int[]> subclasses = new java.util.LinkedHashMap<>();
        // SQLAlchemy selects a subclass's columns again (labelled) when they are an aliased entity's columns already,
        // once when they are the columns of the mapping's own with_polymorphic selectable
        int subStart = entity instanceof AliasedEntity<?> ? Integer.MAX_VALUE : start;
        if (m.polymorphicOn() != null) {
            // Polymorphic loading: the subclasses' own columns too (their tables are outer-joined in every selectable of the class).
            java.util.Set<dev.retort.schema.Table> joined = new java.util.HashSet<>(m.tables());
            List<Mapper<?>> inFull = entity.polymorphicMappers();
            inFull.forEach(d -> joined.add(d.table()));
            for (Mapper<?> d : m.descendants()) {
                int[] at = new int[d.columnProps().size() + d.expressionProps().size()];
                int[] subLeftOut = ColumnLoads.leftOut(d, columnOptions);
                // a subclass whose table the entity does not join (with_polymorphic): its own columns are not in the row
                boolean absent = !joined.contains(d.table());
                for (ExpressionProp p : d.expressionProps()) {
                    LoaderOption given = ColumnLoads.given(p, columnOptions);
                    Integer unselected = unselected(p, given, subLeftOut);
                    if (unselected != null) {
                        at[p.index] = unselected;
                        continue;
                    }
                    // A superclass's computed property is selected once, for every class that has it; a subclass's go before
                    // its table's columns, as SQLAlchemy lists a mapper's properties (those given to the mapping first).
                    ColumnElement<?> e = given != null ? given.expression() : p.expression;
                    at[p.index] = absent ? computed.getOrDefault(e, NOT_LOADED) : computed.computeIfAbsent(e, x -> {
                        cols.add(given != null ? givenOn(selectable, d, given) : labelled(Selectables.computed(selectable, d, x)));
                        return cols.size() - 1;
                    });
                }
                if (!absent && d.hierarchy().joined()) {
                    java.util.Set<dev.retort.schema.Column<?>> deferred = new java.util.HashSet<>();
                    for (ColumnProp p : d.columnProps()) {
                        if (subLeftOut != null && subLeftOut[p.index] < 0) {
                            deferred.add(p.column);
                        }
                    }
                    // its table's columns in their order, with its key columns, which SQLAlchemy selects too (the base's key values)
                    for (dev.retort.schema.Column<?> c : d.table().columns()) {
                        if (!deferred.contains(c)) {
                            where.computeIfAbsent(c, x -> place(cols, subStart, Selectables.adapt(selectable, d, x)));
                        }
                    }
                }
                for (ColumnProp p : d.columnProps()) {
                    if (subLeftOut != null && subLeftOut[p.index] < 0) {
                        at[p.index] = where.containsKey(p.column) ? where.get(p.column) : subLeftOut[p.index];
                        continue;
                    }
                    // (a single-table subclass's own column, which the class leaves out, only when the entity loads that subclass in full)
                    boolean notSelected = absent || !where.containsKey(p.column) && !inFull.contains(d);
                    at[p.index] = notSelected ? where.getOrDefault(p.column, NOT_LOADED) : where.computeIfAbsent(p.column, c -> place(cols, subStart, Selectables.adapt(selectable, d, c)));
                }
                subclasses.put(d, at);
            }
        }
        return new EntitySlot(entity, positions, label, subclasses);
    }

    /**
     * The position noted for computed property {@code p} when it is not selected (NOT_GIVEN: a query_expression no
     * option gives; its left-out mark: deferred), or null when it is selected.
     */
    private static Integer unselected(ExpressionProp p, LoaderOption given, int[] leftOut) {
        if (given != null) {
            return null;
        }
        if (p.selectedOnlyWhenGiven()) {
            return NOT_GIVEN;
        }
        return leftOut != null && leftOut[p.index] < 0 ? leftOut[p.index] : null;
    }

    /** Selects computed property {@code p} of {@code m} on {@code selectable} (unless left out), noting where. */
    private static void selectComputed(ExpressionProp p, Mapper<?> m, FromClause selectable, int[] positions, int[] leftOut,
            List<LoaderOption> columnOptions, Map<ColumnElement<?>, Integer> computed, List<ColumnElement<?>> cols) {
        LoaderOption given = ColumnLoads.given(p, columnOptions);
        Integer unselected = unselected(p, given, leftOut);
        if (unselected != null) {
            positions[p.index] = unselected;
            return;
        }
        positions[p.index] = cols.size();
        computed.put(given != null ? given.expression() : p.expression, cols.size());
        cols.add(given != null ? givenOn(selectable, m, given) : labelled(Selectables.computed(selectable, m, p.expression)));
    }

    /**
     * {@code m}'s columns in the order SQLAlchemy's eager loader lists them when it loads {@code m} (an of_type entity)
     * for a relationship to its superclass {@code loadedFor}: that mapper's properties first (its key before the
     * subclass's key of the same name), then the subclass's own.
     */
    private static List<dev.retort.schema.Column<?>> selectedColumns(Mapper<?> m, Mapper<?> loadedFor) {
        if (loadedFor == null || !ColumnLoads.isAncestor(loadedFor, m)) {
            return m.selectedColumns();
        }
        java.util.Set<dev.retort.schema.Column<?>> own = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(m.selectedColumns());
        List<dev.retort.schema.Column<?>> out = new ArrayList<>(loadedFor.selectedColumns().stream().filter(own::contains).toList());
        own.removeAll(out);
        m.selectedColumns().stream().filter(own::contains).forEach(out::add);
        return out;
    }

    /**
     * The position of {@code column} among this entity's columns (from {@code start}; none at MAX_VALUE) when it is
     * there already, else where it is added: a UNION of the subclasses' joins has one column for the key (and for each column name)
     * that several subclasses' columns correspond to, selected once as SQLAlchemy does.
     */
    private static int place(List<ColumnElement<?>> cols, int start, ColumnElement<?> column) {
        for (int i = start; i < cols.size(); i++) {
            if (cols.get(i) == column && column instanceof dev.retort.sql.ColumnProxy<?>) {
                return i;
            }
        }
        cols.add(column);
        return cols.size() - 1;
    }

    /**
     * What a query expression selects as {@link ORM#withExpression} {@code o} gives it, on {@code selectable}: an
     * expression over the mapped class moved onto the selectable (an eager join's alias); one over an aliased
     * entity's attributes names its alias already. A column (of a table or a subquery) is selected under its name,
     * another expression under an anonymous label, as SQLAlchemy does.
     */
    private static ColumnElement<?> givenOn(FromClause selectable, Mapper<?> m, LoaderOption o) {
        ColumnElement<?> e = Selectables.core(o.expression());
        e = o.attribute().owner() instanceof AliasedEntity<?> ? e : Selectables.computed(selectable, m, e);
        return e instanceof dev.retort.sql.ColumnClause<?> || e instanceof dev.retort.sql.ColumnProxy<?> ? e : labelled(e);
    }

    /**
     * A computed property's expression as selected: under a label (its own, else an anonymous one),
     * so that ordering by the property can name that label.
     */
    private static ColumnElement<?> labelled(ColumnElement<?> expression) {
        return expression instanceof dev.retort.sql.Label<?> ? expression : expression.label(null);
    }

    /**
     * An option on a relationship of a subclass, for a query of its base (SQLAlchemy's
     * {@code selectinload(Base.of_type(Sub)...)}): the instances of that subclass the rows give
     * load it. Select-in loading and raise/noload apply to them alone; a joined load would join
     * the subclass's targets to every row of the base and is refused.
     */
    private static void subclassOption(LoaderOption o, List<EagerJoin> eager, List<FromClause> aliases, List<Selectin> selectin,
            Map<RelationshipProp, LoaderOption.Strategy> unloaded) {
        if (o.strategy() == LoaderOption.Strategy.JOINED) {
            RelationshipProp r = o.attribute().relationship();
            throw new ArgumentException("joinedLoad(" + r + ") on a query of " + r.mapper.inherits().entityName()
                    + ": a relationship of a subclass cannot be joined to the rows of its base; load it with selectinLoad");
        }
        addOption(o, -1, -1, eager, aliases, selectin, unloaded);
    }

    /**
     * Whether an option's attribute of {@code owner} is for query entity {@code en}: its own, or for a plain class, one of
     * a superclass's relationships (SQLAlchemy's path of {@code A1.b} is {@code _A.b}, for any entity of a subclass), or for
     * a with_polymorphic entity, its view as a subclass ({@code wp.Sub1.links}).
     */
    private static boolean isOwnedBy(Entity owner, Entity en) {
        return owner == en || en instanceof Mapper<?> m && owner instanceof Mapper<?> up && ColumnLoads.isAncestor(up, m)
                || en instanceof AliasedEntity<?> wp && wp.hasView(owner);
    }

    /** The slot of a plain (not aliased) entity of a superclass of {@code owner}'s class; -1 if none. */
    private static int baseSlotOf(List<Slot> slots, Entity owner) {
        if (!(owner instanceof Mapper<?> m)) {
            return -1;
        }
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof EntitySlot es && es.entity() instanceof Mapper<?> base) {
                for (Mapper<?> up = m.inherits(); up != null; up = up.inherits()) {
                    if (up == base) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static int slotOf(List<Slot> slots, Entity owner) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof EntitySlot es && es.entity() == owner) {
                return i;
            }
        }
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) instanceof EntitySlot es && isOwnedBy(owner, es.entity())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The query's columns, joins, criteria, {@code order} and DISTINCT over {@code cols}, without LIMIT/OFFSET; each join
     * that aliases its class automatically is put in {@code aliased} (when not null) with the join to that alias it stands for.
     */
    private static Select base(Query<?> q, List<ColumnElement<?>> cols, List<ClauseElement> order, Map<JoinStep, JoinStep> aliased) {
        Select s = SQL.select(cols.toArray());
        for (ClauseElement f : q.selectedFroms()) {
            s = s.selectFrom(selectable(f));
        }
        List<Entity> hierarchyEntities = new ArrayList<>();
        // the subclasses' discriminator criteria, after the query's own as SQLAlchemy adds them
        List<ColumnElement<Boolean>> subclassRows = new ArrayList<>();
        for (ClauseElement e : q.entities()) {
            // an attribute selected alone stands for its entity's rows too (a subclass's discriminator criterion), and so
            // does the first one in an expression (SQLAlchemy's entity of the column: count(Store.id) counts stores)
            List<Entity> named = new ArrayList<>(1);
            entitiesIn(e, named);
            Entity en = named.isEmpty() || e instanceof FromClause && !(e instanceof Entity) ? null : named.get(0);
            s = inheritance(s, q, en, e instanceof Entity, en != null && !(e instanceof Entity), hierarchyEntities, subclassRows);
        }
        for (ClauseElement f : q.selectedFroms()) {
            // an entity selected from is filtered to its subclass's rows as a selected one is
            s = inheritance(s, q, f instanceof Entity en ? en : null, false, false, hierarchyEntities, subclassRows);
        }
        for (JoinStep j : q.joinSteps()) {
            // and so is the left side a joinFrom names
            s = inheritance(s, q, j.left() instanceof Entity en ? en : null, false, false, hierarchyEntities, subclassRows);
        }
        List<JoinStep> done = new ArrayList<>();
        // SQLAlchemy's from_clauses: the FROM clauses selected from and those the joins made, which a join's left side may be adapted to
        // (known by the targets the joins made: computing the FROM list around each join would cost every query)
        List<FromClause> made = new ArrayList<>();
        for (JoinStep j : q.joinSteps()) {
            // A relationship path joined again (User.orders, then Order.items, then User.orders again) is one join, as in SQLAlchemy.
            boolean again = done.stream().anyMatch(d -> sameRelationshipJoin(d, j));
            if (!again) {
                s = join(s, q, j, made, aliased);
                done.add(j);
            }
        }
        List<LoaderCriteria> loaderCriteria = q.loaderCriteria();
        for (ClauseElement w : q.criteria()) {
            s = s.where(Selectables.core(withSubqueryCriteria(w, loaderCriteria, s.froms())));
        }
        for (ColumnElement<Boolean> c : selectedEntityCriteria(q)) {
            s = s.where(c);
        }
        for (ColumnElement<Boolean> rows : subclassRows) {
            s = s.where(rows);
        }
        for (ClauseElement g : q.groupByClauses()) {
            s = s.groupBy(Selectables.core(g));
        }
        for (ClauseElement h : q.havingCriteria()) {
            s = s.having(Selectables.core(h));
        }
        for (ClauseElement ob : order) {
            s = s.orderBy(resolvedNames(s, ob));
        }
        for (ClauseElement d : q.distinctOnClauses()) {
            s = s.distinctOn((ColumnElement<?>) Selectables.core(d));
        }
        // an ORM statement nested in this one reads its entities' rows under this query's criteria too
        s = QueryOrigin.withCriteria(s, loaderCriteria);
        s = q.withStatementText(q.correlated(s));
        return q.isDistinct() ? s.distinct() : s;
    }

    /**
     * {@code ob} with each string reference ({@code orderBy(labelReference("email"))}) to a selected
     * column by its table-qualified name ({@link Select#tableQualifiedName}: {@code users_name}) or to a
     * column of the query's own FROM clauses made that column: the eager loads' wrapping subquery and
     * aliases joined later must not be candidates (SQLAlchemy resolves it in the query as written). A
     * selected label's name, or a name nothing has, stays a reference for the compiler.
     */
    private static ClauseElement resolvedNames(Select s, ClauseElement ob) {
        return ob.replace(n -> {
            if (!(n instanceof LabelReference r) || s.columns().stream().anyMatch(c -> c instanceof dev.retort.sql.Label<?> l && r.name().equals(l.name()))) {
                return null;
            }
            ColumnElement<?> found = null;
            for (ColumnElement<?> c : s.columns()) {
                if (r.name().equals(Select.tableQualifiedName(c))) {
                    found = c;
                }
            }
            if (found != null) {
                return found;
            }
            for (FromClause f : s.froms()) {
                for (ColumnElement<?> c : f.columns()) {
                    String k = c instanceof ColumnClause<?> cc ? cc.key() : c instanceof ColumnProxy<?> p ? p.key() : null;
                    if (r.name().equals(k)) {
                        found = c;
                    }
                }
            }
            return found;
        });
    }

    /**
     * An entity of a class hierarchy: its tables joined in the FROM clause (joined-table, when
     * the whole entity is selected), and for a subclass sharing its base's table, only the rows
     * whose discriminator names it or one of its subclasses (single-table), a criterion added to {@code rows}.
     */
    private static Select inheritance(Select s, Query<?> q, Entity en, boolean wholeEntity, boolean attribute, List<Entity> done, List<ColumnElement<Boolean>> rows) {
        if (en == null || done.stream().anyMatch(d -> d == en)) {
            return s;
        }
        if (en.mapper().polymorphicOn() == null) {
            // a joined-table class without a discriminator still reads its rows through its own tables' join (its
            // subclasses' rows cannot be told apart), which the query's joins then join from (not from its base table alone)
            FromClause own = en instanceof Mapper<?> m ? m.rowsSelectable() : en.selectable();
            return wholeEntity && own instanceof dev.retort.sql.Join j && !joinedAsTarget(q, en) ? s.selectFrom(j) : s;
        }
        done.add(en);
        boolean joined = joinedAsTarget(q, en);
        FromClause sel = en.selectable();
        Select out = wholeEntity && sel instanceof dev.retort.sql.Join ? s.selectFrom(sel) : s;
        FromClause classRows = attribute && !joined && q.baseAlias() == null && en instanceof Mapper<?> m ? m.rowsSelectable() : null;
        if (classRows != null && out.froms().stream().noneMatch(f -> f == classRows || f.holdsRowsOf(classRows))) {
            // an attribute of a joined-table class selected alone reads its class's rows: its tables joined (SQLAlchemy's too)
            out = out.selectFrom(classRows);
        }
        // An entity a join brings in has its subclass criterion in the join's ON clause (an outer join stays outer).
        // rows from a set operation's subquery are the subclass's already (SQLAlchemy's _enable_single_crit off)
        ColumnElement<Boolean> subclassRows = joined || q.baseAlias() != null ? null : en.mapper().singleTableCriterion(sel);
        if (subclassRows != null) {
            rows.add(subclassRows);
        }
        return out;
    }

    /**
     * The query's loader criteria for the entities it selects or selects from (an entity of a
     * selected expression too, one an ORM.join selected from joins, the left side of a joinFrom,
     * one the WHERE clause names), in that order, each once; an entity a join brings in has them in
     * the join's ON clause instead.
     */
    private static List<ColumnElement<Boolean>> selectedEntityCriteria(Query<?> q) {
        List<LoaderCriteria> criteria = q.loaderCriteria();
        if (criteria.isEmpty()) {
            return List.of();
        }
        List<Entity> entities = new ArrayList<>();
        for (ClauseElement e : q.entities()) {
            entitiesIn(e, entities);
        }
        for (ClauseElement f : q.selectedFroms()) {
            entitiesIn(f, entities);
            if (f instanceof dev.retort.sql.Join j) {
                // an ORM.join keeps no entity: the criteria's own entities whose FROM clause it joins
                for (LoaderCriteria c : criteria) {
                    Entity en = c.entity();
                    if (en != null && j.fromObjects().contains(en.selectable()) && entities.stream().noneMatch(o -> o == en)) {
                        entities.add(en);
                    }
                }
            }
        }
        for (JoinStep j : q.joinSteps()) {
            // the left side a joinFrom names
            if (j.left() instanceof Entity en) {
                entitiesIn(en, entities);
            }
        }
        for (ClauseElement w : q.criteria()) {
            // and an entity the WHERE clause names (not inside a subquery), as SQLAlchemy searches it
            entitiesIn(w, entities);
        }
        List<ColumnElement<Boolean>> out = new ArrayList<>();
        for (Entity en : entities) {
            // an entity read from a set operation's subquery has none (SQLAlchemy's): the queries inside had theirs
            if (!joinedAsTarget(q, en) && (q.baseAlias() == null || en.selectable() != q.baseAlias())) {
                out.addAll(entityCriteria(criteria, en));
            }
        }
        return out;
    }

    /**
     * {@code w} with each SELECT in it that names mapped attributes (an ORM subquery such as
     * {@code exists(select(literalColumn("1")).where(userId.eq(a.attr("userId"))))}) given the loader
     * criteria for the entities it reads and the enclosing query does not ({@code outerFroms}):
     * SQLAlchemy compiles such a subquery with the enclosing statement's options.
     */
    private static ClauseElement withSubqueryCriteria(ClauseElement w, List<LoaderCriteria> criteria, List<FromClause> outerFroms) {
        if (criteria.isEmpty()) {
            return w;
        }
        return w.replace(n -> {
            if (!(n instanceof Select sub)) {
                return null;
            }
            List<Entity> named = new ArrayList<>();
            for (ClauseElement c : sub.getChildren()) {
                entitiesIn(c, named);
            }
            Select out = sub;
            for (Entity en : named) {
                // an entity of the enclosing query is correlated: its criteria are the enclosing query's
                if (outerFroms.stream().noneMatch(f -> f == en.selectable())) {
                    for (ColumnElement<Boolean> c : entityCriteria(criteria, en)) {
                        out = out.where(c);
                    }
                }
            }
            return out == sub ? null : out;
        });
    }

    /** The entities {@code e} is or names (an attribute's, in an expression, not in a subquery), added to {@code out} once each. */
    private static void entitiesIn(ClauseElement e, List<Entity> out) {
        Entity en = e instanceof Entity x ? x : e instanceof QueryableAttribute<?> a ? a.owner() : null;
        if (en != null) {
            if (out.stream().noneMatch(o -> o == en)) {
                out.add(en);
            }
            return;
        }
        if (e instanceof dev.retort.sql.SelectBase || e instanceof Query<?>) {
            return;
        }
        for (ClauseElement child : e.getChildren()) {
            entitiesIn(child, out);
        }
    }

    /** The criteria of {@code criteria} for {@code en}'s rows, where the query selects or joins it. */
    private static List<ColumnElement<Boolean>> entityCriteria(List<LoaderCriteria> criteria, Entity en) {
        List<ColumnElement<Boolean>> out = new ArrayList<>();
        for (LoaderCriteria c : criteria) {
            ColumnElement<Boolean> crit = c.forEntity(en);
            if (crit != null) {
                out.add(crit);
            }
        }
        return out;
    }

    /** {@code on} and {@code more}, if any. */
    private static ColumnElement<Boolean> and(ColumnElement<Boolean> on, List<ColumnElement<Boolean>> more) {
        if (more.isEmpty()) {
            return on;
        }
        List<ColumnElement<?>> parts = new ArrayList<>();
        parts.add(on);
        parts.addAll(more);
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    /** Whether both join the same entity's (the very entity's, not an equal alias's) relationship, alike. */
    private static boolean sameRelationshipJoin(JoinStep a, JoinStep b) {
        return a.target() == null && b.target() == null && a.isOuter() == b.isOuter()
                && a.onclause() instanceof QueryableAttribute<?> x && b.onclause() instanceof QueryableAttribute<?> y
                && x.owner() == y.owner() && x.key().equals(y.key());
    }

    /** Whether a join of {@code q} brings in {@code en}'s rows: {@code en} as its target, or the target of the relationship it follows. */
    private static boolean joinedAsTarget(Query<?> q, Entity en) {
        for (JoinStep j : q.joinSteps()) {
            if (j.target() == en || j.target() == null && j.onclause() instanceof QueryableAttribute<?> a && a.isRelationship() && a.relationship().targetEntity() == en) {
                return true;
            }
        }
        return false;
    }

    private static Select limited(Query<?> q, Select s) {
        // the query's own parameters, which its key lists, so that a statement of its key binds its page
        Select out = q.limitParameter() == null ? s : s.limit(q.limitParameter());
        out = q.fetchClause() == null ? out : out.fetch(q.fetchClause());
        out = q.offsetParameter() == null ? out : out.offset(q.offsetParameter());
        return q.lock() == null ? out : out.withForUpdate(coreLock(q.lock()));
    }

    /** The lock with its OF targets in Core terms: an entity's FROM clause, an attribute's column. */
    private static ForUpdate coreLock(ForUpdate lock) {
        return (ForUpdate) lock.replace(n -> n instanceof Entity en ? en.selectable() : n instanceof QueryableAttribute<?> a ? a.expression() : null);
    }

    /**
     * {@code s} with join {@code j}; a join that aliases its class automatically is put in {@code aliased} (when not
     * null) with the join to that alias it stands for. {@code made} are the targets the joins before made, to which it adds
     * its own: with the query's FROM clauses selected from, they tell SQLAlchemy's from_clauses.
     */
    @SuppressWarnings("unchecked")
    private static Select join(Select s, Query<?> q, JoinStep j, List<FromClause> made, Map<JoinStep, JoinStep> aliased) {
        ClauseElement on = j.onclause();
        if (on instanceof QueryableAttribute<?> a && a.isRelationship()) {
            RelationshipProp r = a.relationship();
            FromClause own = a.owner().selectable();
            FromClause named = j.left() == null ? null : own;
            // the class's tables in no FROM clause, but a join made one of a subquery or alias of them (a join after
            // from_self()): the join goes from there, its ON clause on that FROM clause's columns, as SQLAlchemy adapts it
            List<FromClause> froms = named == null ? s.froms() : null;
            FromClause derived = named == null ? derivedFrom(froms, q, made, own, r) : null;
            // along a relationship of a class a join before aliased automatically: from the FROM clause holding the
            // alias, as SQLAlchemy's, so its ON clause keeps the columns of the tables that FROM clause has themselves
            // (people.id = seen.id) and reads the alias's for the class's own (seen.id = managers_1.id)
            FromClause holding = named == null && derived == null && a.owner() instanceof AliasedEntity<?> ae && ae.automatic
                    ? froms.stream().filter(f -> f.fromObjects().contains(own)).findFirst().orElse(null) : null;
            FromClause left = derived != null ? derived : holding != null ? holding : own;
            // The target's selectable: a joined-table class brings its superclasses' and subclasses' tables, as the seeds join them.
            FromClause target = j.target() == null ? r.targetEntity().selectable() : selectable(j.target());
            if (target == left) {
                throw new dev.retort.exc.ArgumentException("Joining " + r + " from '" + left + "' to itself needs an alias: join(ORM.aliased(...), attr)");
            }
            Mapper<?> plain = j.target() == null ? (r.aliasedTarget == null ? r.target : null) : j.target() instanceof Mapper<?> m ? m : null;
            if (plain != null && overlaps(s, left, plain)) {
                // SQLAlchemy's automatic alias: a joined-table class whose tables the FROM clause of the left side has
                // already (a class of its own hierarchy, a second join to it) is joined through aliases of its tables
                target = plain.aliasedSelectable(null);
                if (aliased != null) {
                    aliased.put(j, new JoinStep(j.left(), AliasedEntity.automatic(plain, target), on, j.isOuter()));
                }
            }
            // The relationship names the left side: it is in the FROM list even when no column selects it (count(*)).
            // An attribute of a joined-table class selected alone brought the class's rows (its tables' own join, see
            // inheritance()): the join goes from that one, not from a second join of the same tables (a cross join).
            FromClause classRows = a.owner() instanceof Mapper<?> m && derived == null ? m.rowsSelectable() : null;
            boolean listed = named != null || froms.stream().anyMatch(f -> f.fromObjects().contains(left) || classRows != null && f.fromObjects().contains(classRows));
            Select from = listed ? s : s.selectFrom(left);
            // A left side no FROM clause held is joined from itself, a FROM clause of its own as SQLAlchemy's _join_left_to_right
            // adds one (left JOIN target), not attached to another FROM clause that also reaches the target
            named = listed ? named : left;
            made.add(target);
            if (r.isManyToMany()) {
                Alias assoc = r.secondary.table.alias();
                ColumnElement<Boolean> toAssoc = r.secondary.parentCondition(left, r.mapper.table(), assoc);
                ColumnElement<Boolean> toTarget = withSubclassRows(joinCriteria(q, r.secondary.targetCondition(target, r.target.table(), assoc), j, a, target, assoc),
                        joined(j, r), target);
                // Outer: parent LEFT OUTER JOIN (assoc JOIN target), as SQLAlchemy nests it, so that a pair whose target
                // row the ON clause refuses (another subclass's) brings no row of its own.
                return j.isOuter() ? attach(from, named, assoc.join(target, toTarget), toAssoc, true)
                        : attach(from, named, assoc, toAssoc, false).join(target, toTarget);
            }
            ColumnElement<Boolean> cond = withSubclassRows(joinCriteria(q, r.condition(left, target), j, a, target, null), joined(j, r), target);
            return attach(from, named, target, cond, j.isOuter());
        }
        FromClause target = selectable(j.target());
        FromClause named = j.left() == null ? null : selectable(j.left());
        if (on != null && j.target() instanceof Mapper<?> m && overlaps(s, named, m)) {
            // the automatic alias, as for a relationship: the ON clause's columns of the class are those of the aliases
            target = m.aliasedSelectable(null);
            on = Selectables.adapt(target, m.table(), (ColumnElement<?>) Selectables.core(on));
            if (aliased != null) {
                aliased.put(j, new JoinStep(j.left(), AliasedEntity.automatic(m, target), on, j.isOuter()));
            }
        }
        made.add(target);
        Mapper<?> subclass = j.target() instanceof Entity e ? e.mapper() : null;
        List<ColumnElement<Boolean>> targetCriteria = j.target() instanceof Entity e ? entityCriteria(q.loaderCriteria(), e) : List.of();
        if (on == null && (subclass == null || subclass.singleTableCriterion(target) == null) && targetCriteria.isEmpty()) {
            return attach(s, named, target, null, j.isOuter());
        }
        if (on == null) {
            // The condition the foreign keys give, and the subclass's rows only.
            on = inferredCondition(attach(s, named, target, null, j.isOuter()), target);
        }
        ColumnElement<Boolean> cond = withSubclassRows(and((ColumnElement<Boolean>) Selectables.core(on), targetCriteria), subclass, target);
        return attach(s, named, target, cond, j.isOuter());
    }

    /**
     * When no FROM clause of {@code froms} holds {@code left}, the one FROM clause selected from or holding a target of
     * the joins before ({@code made}) that is
     * derived from it (a join of a subquery or alias of its tables: SQLAlchemy's find_left_clause_that_matches_given,
     * which looks at the FROM clauses joins made, not those the selected columns bring); else null. Two such FROM clauses
     * (a join along {@code r} from neither) raise, as in SQLAlchemy.
     */
    private static FromClause derivedFrom(List<FromClause> froms, Query<?> q, List<FromClause> made, FromClause left, RelationshipProp r) {
        if (made.isEmpty() && q.selectedFroms().isEmpty() || froms.stream().anyMatch(f -> f.fromObjects().contains(left))) {
            return null;
        }
        FromClause found = null;
        for (FromClause f : froms) {
            boolean explicit = q.selectedFroms().stream().anyMatch(x -> selectable(x) == f) || made.stream().anyMatch(f.fromObjects()::contains);
            if (explicit && left.fromObjects().stream().anyMatch(t -> Selectables.derivesFrom(f, t))) {
                if (found != null) {
                    // two: which one is meant is not said; SQLAlchemy raises too (its narrower match finds neither holds the tables)
                    throw new ArgumentException("Can't tell which FROM clause to join from along " + r + ": both '" + found + "' and '" + f
                            + "' are derived from '" + left + "'; join along the attribute of the alias meant (alias.attr(...))");
                }
                found = f;
            }
        }
        return found;
    }

    /**
     * Whether joined-table class {@code m}'s tables are in a FROM clause of {@code s} that holds {@code left}'s
     * (null: any FROM clause), SQLAlchemy's selectables_overlap.
     */
    private static boolean overlaps(Select s, FromClause left, Mapper<?> m) {
        if (m.tables().size() < 2 || left == null && s.froms().isEmpty()) {
            return false;
        }
        List<FromClause> lefts = left == null ? null : left.fromObjects();
        List<FromClause> rights = m.selectable().fromObjects();
        for (FromClause f : s.froms().isEmpty() ? List.of(left) : s.froms()) {
            List<FromClause> in = f.fromObjects();
            if ((lefts == null || lefts.stream().anyMatch(in::contains)) && rights.stream().anyMatch(x -> x instanceof Table && in.contains(x))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code s} with {@code target} joined on {@code on} (null: inferred from foreign keys): to
     * {@code left} when a {@code joinFrom} names it, else to the FROM clause the condition fits.
     */
    private static Select attach(Select s, FromClause left, FromClause target, ColumnElement<Boolean> on, boolean outer) {
        if (left != null) {
            return on == null ? (outer ? s.outerJoinFrom(left, target) : s.joinFrom(left, target))
                    : (outer ? s.outerJoinFrom(left, target, on) : s.joinFrom(left, target, on));
        }
        return on == null ? (outer ? s.outerJoin(target) : s.join(target)) : (outer ? s.outerJoin(target, on) : s.join(target, on));
    }

    /** The ON clause {@code joined}'s FROM list has for its join to {@code target}. */
    private static ClauseElement inferredCondition(Select joined, FromClause target) {
        for (FromClause f : joined.froms()) {
            for (FromClause x = f; x instanceof dev.retort.sql.Join jn; x = jn.left()) {
                if (jn.right() == target) {
                    return jn.onclause();
                }
            }
        }
        throw new IllegalStateException("no join to " + target);
    }

    /**
     * A relationship join's ON clause {@code on} with the query's loader criteria for the entity it
     * brings in, then the relationship's extra criteria ({@link QueryableAttribute#and}), as SQLAlchemy orders them;
     * the association table's columns in them are those of its alias {@code assoc} (null: none).
     */
    private static ColumnElement<Boolean> joinCriteria(Query<?> q, ColumnElement<Boolean> on, JoinStep j, QueryableAttribute<?> a, FromClause target,
            Alias assoc) {
        Entity en = j.target() instanceof Entity e ? e : a.relationship().targetEntity();
        List<ColumnElement<Boolean>> more = new ArrayList<>(entityCriteria(q.loaderCriteria(), en));
        for (ColumnElement<Boolean> c : a.criteriaFor(target)) {
            Table secondary = assoc == null ? null : a.relationship().secondary.table;
            more.add(secondary == null || !c.fromObjects().contains(secondary) ? c : Selectables.adapt(assoc, secondary, c));
        }
        return and(on, more);
    }

    /** The class a join along {@code r} brings in: its target's, or the class of the entity given as the join's target. */
    private static Mapper<?> joined(JoinStep j, RelationshipProp r) {
        return j.target() instanceof Entity e ? e.mapper() : r.target;
    }

    /** {@code on}, and for a subclass sharing its base's table, only the rows of its classes ({@code AND employees_1.type IN (...)}), as the seeds join it. */
    static ColumnElement<Boolean> withSubclassRows(ColumnElement<Boolean> on, Mapper<?> m, FromClause target) {
        ColumnElement<Boolean> rows = m == null ? null : m.singleTableCriterion(target);
        return rows == null ? on : SQL.and(on, rows);
    }

    private static FromClause selectable(ClauseElement target) {
        return target instanceof Entity e ? e.selectable() : (FromClause) target;
    }

    /** An ORDER BY clause without its ASC/DESC. */
    private static ClauseElement unordered(ClauseElement ob) {
        return ob instanceof UnaryExpression<?> u && (u.operator() == Operator.DESC || u.operator() == Operator.ASC) ? u.element() : ob;
    }

    /** {@code e} with the inner query's columns replaced by the subquery's (nothing to replace when not wrapped). */
    @SuppressWarnings("unchecked")
    private static <E extends ClauseElement> E translate(E e, Map<ClauseElement, ColumnElement<?>> outer) {
        return outer.isEmpty() ? e : (E) e.replace(outer::get);
    }
}
