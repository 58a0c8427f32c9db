package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.Join;
import dev.retort.sql.Traversal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How a class maps to a table: made by {@link Registry#mapImperatively}. Every column of the
 * table is an attribute (kept in the field of the same name, or of its camel case; a column
 * without a field is kept by the session), plus the computed attributes and relationships
 * given. In a statement a mapper stands for its entity, and the serializer writes it as its
 * entity name, re-bound through the loading side's {@link Registry}.
 *
 * <pre>{@code
 * Mapper<User> m = registry.mapImperatively(User.class, users);
 * m.entityName();                    // "User"
 * m.attr("name").eq("ed");           // users.name = :name_1
 * }</pre>
 *
 * @param <T> the mapped class
 */
public final class Mapper<T> extends Entity {
    static final Traversal<Mapper<?>> TRAVERSAL = Traversal.identity("orm_mapper");

    private final Registry registry;
    private final String entityName;
    private final Class<T> type;
    private final Table table;
    private final List<ColumnProp> columns;
    /** The key of the first column without a field (a foreign key reached through a relationship), or null (see {@link InstanceState#kept}). */
    private final String firstKept;
    private final List<ColumnProp> primaryKey;
    /** Its computed properties; {@link #addProperty} appends. */
    private volatile List<ExpressionProp> expressions;
    /**
     * The keys of those {@link #addProperty} added, which a SELECT lists after the columns, with the column it lists one
     * just before (null: after all): a superclass's comes before the subclass's own columns. Copied on write.
     */
    private volatile Map<String, Column<?>> late = Map.of();
    /** The columns a SELECT of the class lists, in order: its tables' columns, a joined subclass's key column too. */
    private final List<Column<?>> selected;
    /** The relationships the mapping declares, by key; {@link #addProperty(String, Relationship)} adds (copied on write). */
    private volatile Map<String, Relationship<?>> declared;
    /** The keys of the relationships {@link #addProperty(String, Relationship)} added, which SQLAlchemy lists after the columns. */
    private volatile Set<String> lateRelationships = Set.of();
    private volatile Instantiator instantiator;
    private final Map<String, Prop> byKey = new ConcurrentHashMap<>();
    private final Map<String, QueryableAttribute<?>> attributes = new ConcurrentHashMap<>();
    private volatile List<RelationshipProp> relationships = List.of();
    /** Its relationships of {@link WriteOnlyCollection} fields, which never load: no loader, snapshot or flush walk over {@link #relationships} sees them. */
    private volatile List<RelationshipProp> writeOnly = List.of();
    /** Its collections of values in tables of their own (JPA's {@code @ElementCollection}), a superclass's first. */
    private final List<ElementCollectionProp> elementCollections;
    private volatile boolean configured;
    private volatile VersionCounter version;
    /** Whether a column attribute has {@link #activeHistory} (so flushes look for old values to load). Set as it is mapped. */
    private boolean activeHistory;
    /** Session.get()'s query, planned once (see {@link KeyedGet}). */
    volatile KeyedGet keyedGet;
    /** The columns other rows refer to, worked out once (see {@link KeyColumns}). */
    volatile KeyColumns keyColumns;
    private final Hierarchy hierarchy;
    /** See {@link #tables()}: fixed once the hierarchy is, and asked for each row a flush writes. */
    private final List<Table> tables;
    /** The column and computed attributes the mapping defers ({@link ORM#deferred}, {@link ORM#columnProperty(ColumnElement, boolean)}), by key. */
    private final Map<String, Deferral> deferred = new LinkedHashMap<>();
    /** {@link ORM#synonym}s: key -> the key of the attribute it stands for (a superclass's too). */
    private final Map<String, String> synonyms = new LinkedHashMap<>();
    /** {@link ORM#hybrid} attributes and {@link ORM#hybridMethod}s, a superclass's too (a subclass's own of one key replaces it). */
    private final Map<String, HybridProp> hybrids = new LinkedHashMap<>();
    private final Map<String, HybridMethod<?, ?>> hybridMethods = new LinkedHashMap<>();

    Mapper(Registry registry, String entityName, Class<T> type, Table table, Map<String, ?> properties, InheritanceSpec inheritance) {
        this.registry = registry;
        this.entityName = entityName;
        this.type = type;
        this.table = table;
        this.hierarchy = Hierarchy.of(type, table, inheritance);
        Mapper<?> parent = hierarchy.parent;
        List<Table> spanned = new ArrayList<>(parent == null ? List.of() : parent.tables());
        if (!spanned.contains(table)) {
            spanned.add(table);
        }
        this.tables = List.copyOf(spanned);
        Map<Column<?>, String> renamed = new IdentityHashMap<>();
        Map<String, ColumnProperty> computed = new LinkedHashMap<>();
        Map<String, Relationship<?>> rels = new LinkedHashMap<>();
        Map<String, Composite<?>> composites = new LinkedHashMap<>();
        Map<Column<?>, Accessor> composed = new IdentityHashMap<>();
        Map<String, ElementCollectionProp.Spec> elementSpecs = new LinkedHashMap<>();
        // the keys of the columns ORM.excluded() leaves out
        Set<String> excluded = new java.util.HashSet<>();
        for (Map.Entry<String, ?> e : new java.util.TreeMap<>(properties).entrySet()) {
            Object v = e.getValue();
            if (v instanceof ExcludedProperty) {
                excluded.add(e.getKey());
                continue;
            }
            // (a column of a superclass's table: the inherited attribute under this class's key, as SQLAlchemy maps a
            // column two single-table subclasses share under keys of their own, e_target_id and m_target_id)
            if (v instanceof Column<?> c && tables.contains(c.table())) {
                renamed.put(c, e.getKey());
            } else if (v instanceof DeferredColumn d && tables.contains(d.column().table())) {
                renamed.put(d.column(), e.getKey());
                deferred.put(e.getKey(), new Deferral(d.groupName(), d.isRaiseload()));
            } else if (v instanceof ColumnProperty cp) {
                computed.put(e.getKey(), cp);
                if (cp.deferred()) {
                    deferred.put(e.getKey(), new Deferral(null, false));
                }
            } else if (v instanceof Synonym syn) {
                synonyms.put(e.getKey(), syn.name());
            } else if (v instanceof Hybrid<?, ?> h) {
                hybrids.put(e.getKey(), new HybridProp(this, e.getKey(), h));
            } else if (v instanceof HybridMethod<?, ?> h) {
                hybridMethods.put(e.getKey(), h);
            } else if (v instanceof Composite<?> comp) {
                composites.put(e.getKey(), comp);
                for (int i = 0; i < comp.columns().size(); i++) {
                    Column<?> c = comp.columns().get(i);
                    if (c.table() != table) {
                        throw new ArgumentException("Composite '" + e.getKey() + "' of " + type.getName() + ": column " + c + " is not a column of '" + table.key() + "'");
                    }
                    composed.put(c, new CompositeProp.Part(type, e.getKey(), comp, i));
                }
            } else if (v instanceof ElementCollectionProp.Spec ec) {
                elementSpecs.put(e.getKey(), ec);
            } else if (!(v instanceof Relationship<?>)) {
                throw new ArgumentException("Property '" + e.getKey() + "' of " + type.getName() + " must be a column of '" + table.key()
                        + "', ORM.deferred(column), ORM.columnProperty(...), ORM.relationship(...), ORM.composite(...), ORM.synonym(...), ORM.hybrid(...),"
                        + " ORM.hybridMethod(...) or ORM.excluded(), not " + v);
            }
        }
        // The relationships in the order given where the map has one (a LinkedHashMap), as SQLAlchemy keeps a mapping's
        // properties: joined eager loads join and list their columns in that order.
        boolean ordered = properties instanceof LinkedHashMap<?, ?> || properties instanceof java.util.SortedMap<?, ?>;
        (ordered ? properties : new java.util.TreeMap<>(properties)).forEach((key, v) -> {
            if (v instanceof Relationship<?> r) {
                rels.put(key, r);
            }
        });
        List<Prop> all = new ArrayList<>();
        List<ColumnProp> cols = new ArrayList<>();
        List<ColumnProp> pk = new ArrayList<>();
        if (parent != null) {
            deferred.putAll(parent.deferred);
            parent.synonyms.forEach(synonyms::putIfAbsent);
            parent.hybrids.forEach((key, up) -> hybrids.putIfAbsent(key, new HybridProp(this, key, up.hybrid)));
            parent.hybridMethods.forEach(hybridMethods::putIfAbsent);
            // A subclass has its superclass's column attributes, and its key.
            for (ColumnProp up : parent.columnProps()) {
                String key = renamed.getOrDefault(up.column, up.key);
                if (!key.equals(up.key) && deferred.containsKey(up.key)) {
                    deferred.putIfAbsent(key, deferred.remove(up.key));
                }
                // a column of a superclass's composite lives in the same field of the instance
                Accessor a = up.accessor instanceof CompositeProp.Part ? up.accessor : Accessor.of(type, key);
                ColumnProp p = combinedWith(cols, all, key, up.combined, a, up.column);
                if (parent.primaryKeyProps().contains(up)) {
                    pk.add(p);
                }
            }
        }
        // A joined subclass's column named as a superclass's column attribute: one attribute over both columns, read from
        // the subclass's and written to both, as SQLAlchemy combines them (column_property(b.extra, A.extra))
        Map<Column<?>, Column<?>> combines = new IdentityHashMap<>();
        for (Column<?> c : table.columns()) {
            if (parent != null && (table == parent.table() || hierarchy.inheritedKey.containsKey(c)) || excluded.contains(c.key())) {
                continue;
            }
            String key = renamed.getOrDefault(c, c.key());
            Accessor part = composed.get(c);
            ColumnProp up = parent == null || c.isPrimaryKey() || part != null ? null
                    : cols.stream().filter(q -> q.key.equals(key) && !q.column.isPrimaryKey() && !(q.accessor instanceof CompositeProp.Part)).findFirst().orElse(null);
            if (up != null) {
                combines.put(c, up.column);
            }
            ColumnProp p = combinedWith(cols, all, key, up != null, part != null ? part : Accessor.of(type, key), c);
            if (c.isPrimaryKey() && parent == null) {
                pk.add(p);
            }
        }
        // A superclass's table's columns it leaves out (ORM.excluded()) are this class's, unless excluded here too.
        List<Column<?>> adopted = new ArrayList<>();
        if (parent != null) {
            for (Table t : parent.tables()) {
                for (Column<?> c : t.columns()) {
                    // (a joined table's key column is selected though no property of its own)
                    if (!excluded.contains(c.key()) && !parent.selectedColumns().contains(c) && parent.columnProps().stream().noneMatch(p -> p.column == c)) {
                        String key = renamed.getOrDefault(c, c.key());
                        combinedWith(cols, all, key, false, Accessor.of(type, key), c);
                        adopted.add(c);
                    }
                }
            }
        }
        if (pk.isEmpty()) {
            throw new ArgumentException("Table '" + table.key() + "' has no primary key, so " + type.getName() + " cannot be mapped to it");
        }
        List<ExpressionProp> exprs = new ArrayList<>();
        List<Column<?>> selected = new ArrayList<>();
        if (parent != null) {
            // ... and its computed properties, on the same expression (of the superclass's tables, which a subclass's selectable has).
            for (ExpressionProp up : parent.expressionProps()) {
                ExpressionProp p = new ExpressionProp(this, up.key, Accessor.of(type, up.key), all.size(), up.expression, up.perQuery);
                exprs.add(p);
                all.add(p);
            }

            for (Column<?> up : parent.selectedColumns()) {
                // A key column named as the superclass's key is one attribute with it: SQLAlchemy selects it just before that key.
                hierarchy.inheritedKey.forEach((own, refers) -> {
                    if (refers == up && sharesParentKey(own, parent)) {
                        selected.add(own);
                    }
                });
                selected.add(up);
            }
        }
        if (parent == null || table != parent.table()) {
            for (Column<?> c : table.columns()) {
                if (excluded.contains(c.key())) {
                    continue;
                }
                if (!hierarchy.inheritedKey.containsKey(c) || !sharesParentKey(c, parent)) {
                    // a combined attribute's columns together, the subclass's first, as SQLAlchemy lists a property's columns
                    selected.add(combines.containsKey(c) ? selected.indexOf(combines.get(c)) : selected.size(), c);
                }
            }
        }
        selected.addAll(adopted);
        computed.forEach((key, cp) -> {
            ExpressionProp p = new ExpressionProp(this, key, Accessor.of(type, key), all.size(), cp.expression(), cp.queryExpression());
            exprs.add(p);
            all.add(p);
        });
        if (parent != null) {
            parent.byKey.values().forEach(up -> {
                if (up instanceof CompositeProp cp) {
                    composites.putIfAbsent(cp.key, cp.spec);
                }
            });
        }
        List<Prop> named = new ArrayList<>(all);
        composites.forEach((key, comp) -> named.add(new CompositeProp(this, key, comp,
                comp.columns().stream().map(c -> cols.stream().filter(p -> p.column == c).findFirst().orElseThrow()).toList())));
        List<ElementCollectionProp> elements = new ArrayList<>();
        if (parent != null) {
            parent.elementCollections.forEach(up -> elements.add(new ElementCollectionProp(this, up.key, up.spec, elements.size())));
        }
        elementSpecs.forEach((key, ec) -> elements.add(new ElementCollectionProp(this, key, ec, elements.size())));
        this.elementCollections = List.copyOf(elements);
        for (Prop p : named) {
            if (byKey.putIfAbsent(p.key, p) != null || elementSpecs.containsKey(p.key) || hybrids.containsKey(p.key) || hybridMethods.containsKey(p.key)) {
                throw new ArgumentException(type.getName() + " maps two properties to the key '" + p.key + "'");
            }
        }
        this.columns = List.copyOf(cols);
        this.firstKept = columns.stream().filter(c -> c.accessor.fieldName() == null).map(c -> c.key).findFirst().orElse(null);
        this.primaryKey = List.copyOf(pk);
        this.expressions = List.copyOf(exprs);
        this.selected = List.copyOf(selected);
        if (parent != null && !parent.late.isEmpty()) {
            Column<?> own = selected.stream().filter(c -> !parent.selected.contains(c)).findFirst().orElse(null);
            Map<String, Column<?>> inherited = new java.util.HashMap<>();
            parent.late.forEach((key, before) -> inherited.put(key, before != null ? before : own));
            this.late = inherited;
        }
        this.instantiator = Instantiator.of(type, all);
        if (instantiator.isRecord() && !rels.isEmpty()) {
            throw new ArgumentException("Record " + type.getName() + " is mapped read-only and cannot have relationships");
        }
        this.declared = Collections.unmodifiableMap(rels);
        if (parent != null) {
            parent.hierarchy.subclasses.add(this);
            for (Mapper<?> m = parent; m != null; m = m.hierarchy.parent) {
                m.hierarchy.polymorphic = null;
            }
        }
    }

    /**
     * A column attribute {@code key} of this class over {@code column}, added to {@code cols} and {@code all}. When
     * {@code combine}, the column is a further column of the attribute of that key in {@code cols}: the new property
     * shares its place and field and takes its place in {@code all}, the earlier one being kept in {@code cols}
     * written-only (a flush writes every column; a load reads the last).
     */
    private ColumnProp combinedWith(List<ColumnProp> cols, List<Prop> all, String key, boolean combine, Accessor accessor, Column<?> column) {
        int index = all.size();
        for (int i = 0; combine && i < cols.size(); i++) {
            ColumnProp q = cols.get(i);
            if (q.key.equals(key) && !q.writtenOnly) {
                index = q.index;
                cols.set(i, new ColumnProp(this, key, q.accessor, index, q.column, true, q.combined));
            }
        }
        ColumnProp p = new ColumnProp(this, key, accessor, index, column, false, combine);
        cols.add(p);
        if (index < all.size()) {
            all.set(index, p);
        } else {
            all.add(p);
        }
        return p;
    }

    /**
     * Adds a computed attribute ({@link ORM#columnProperty}) to the class after it was mapped, as SQLAlchemy's
     * {@code mapper.add_property()} or {@code User.total = column_property(...)} after the class body: for an expression
     * naming classes mapped after this one. A SELECT of the class lists it after the mapped columns (the properties given
     * to the mapping come before them), as SQLAlchemy does; mapped subclasses have it too. Refused for a key the class
     * (or a subclass) maps already, for a record, and once the registry has configured the class (the first query,
     * session use or {@link Registry#configure()}), as instances loaded then would lack it.
     *
     * <pre>{@code
     * Mapper<User> m = registry.mapImperatively(User.class, users);
     * registry.mapImperatively(Address.class, addresses);
     * m.addProperty("total", ORM.columnProperty(select(func("count", addresses.c("id")))
     *         .where(addresses.c("user_id").eq(users.c("id"))).scalarSubquery()));
     * // SELECT users.id, users.name, (SELECT count(addresses.id) ...) AS anon_1 FROM users
     * }</pre>
     *
     * @return this mapper
     */
    public Mapper<T> addProperty(String key, ColumnProperty property) {
        synchronized (Registry.CONFIGURE) {
            List<Mapper<?>> all = addable(key);
            for (Mapper<?> m : all) {
                m.appendComputed(key, property);
            }
            Registry.mappingChanged();
            return this;
        }
    }

    /**
     * Adds a relationship to the class after it was mapped, as SQLAlchemy's {@code Link.child = relationship(...)} after the
     * class body: for a relationship between classes mapped later. A joined load of it lists its columns after the class's
     * columns (the relationships given to the mapping come before them), as SQLAlchemy does; mapped subclasses have it too.
     * Refused as {@link #addProperty(String, ColumnProperty)} is.
     *
     * <pre>{@code
     * Mapper<Link> m = registry.mapImperatively(Link.class, link);
     * registry.mapImperatively(Parent.class, parent);
     * m.addProperty("child", ORM.relationship(Parent.class).primaryJoin(link.c("child_id").eq(parent.c("id"))));
     * }</pre>
     *
     * @return this mapper
     */
    public Mapper<T> addProperty(String key, Relationship<?> relationship) {
        synchronized (Registry.CONFIGURE) {
            addable(key);
            Map<String, Relationship<?>> more = new LinkedHashMap<>(declared);
            more.put(key, relationship);
            declared = Collections.unmodifiableMap(more);
            Set<String> keys = new java.util.HashSet<>(lateRelationships);
            keys.add(key);
            lateRelationships = Set.copyOf(keys);
            Registry.mappingChanged();
            return this;
        }
    }

    /** Whether relationship {@code r} of this class was added after mapping ({@link #addProperty(String, Relationship)}), here or on a superclass. */
    boolean isLate(RelationshipProp r) {
        for (Mapper<?> m = this; m != null; m = m.hierarchy.parent) {
            if (m.declared.containsKey(r.key)) {
                return m.lateRelationships.contains(r.key);
            }
        }
        return false;
    }

    /** This mapper and its subclasses', once checked that a property {@code key} may be added to them. */
    private List<Mapper<?>> addable(String key) {
        List<Mapper<?>> all = descendantsAndSelf();
        for (Mapper<?> m : all) {
            if (m.configured || !m.relationships.isEmpty()) {
                throw new ArgumentException("Cannot add '" + key + "' to " + m.type.getName() + ": the registry has configured it already");
            }
            if (m.byKey.containsKey(key) || m.synonyms.containsKey(key) || m.elementCollections.stream().anyMatch(e -> e.key.equals(key))
                    || m.declared.containsKey(key)) {
                throw new ArgumentException(m.type.getName() + " maps a property to the key '" + key + "' already");
            }
            if (m.instantiator.isRecord()) {
                throw new ArgumentException("Record " + m.type.getName() + " is mapped read-only with its components; it cannot have '" + key + "'");
            }
        }
        return all;
    }

    private void appendComputed(String key, ColumnProperty property) {
        List<ExpressionProp> exprs = new ArrayList<>(expressions);
        ExpressionProp p = new ExpressionProp(this, key, Accessor.of(type, key), columns.size() + exprs.size(), property.expression(), property.queryExpression());
        exprs.add(p);
        List<Prop> props = new ArrayList<>(columns);
        props.addAll(exprs);
        instantiator = Instantiator.of(type, props);
        if (property.deferred()) {
            deferred.put(key, new Deferral(null, false));
        }
        Map<String, Column<?>> more = new java.util.HashMap<>(late);
        more.put(key, null);
        late = more;
        byKey.put(key, p);
        expressions = List.copyOf(exprs);
        keyedGet = null;
    }

    /** Whether {@code p} was added after mapping ({@link #addProperty}): SELECTs list it after the columns. */
    boolean isLate(ExpressionProp p) {
        return late.containsKey(p.key);
    }

    /** The computed properties added after mapping that a SELECT lists just before {@code column} (null: after the columns). */
    List<ExpressionProp> lateBefore(Column<?> column) {
        Map<String, Column<?>> l = late;
        return l.isEmpty() ? List.of() : expressions.stream().filter(p -> l.containsKey(p.key) && l.get(p.key) == column).toList();
    }

    // ---- inheritance --------------------------------------------------------------------------

    /** The mapped superclass's mapper, or null. */
    public Mapper<?> inherits() {
        return hierarchy.parent;
    }

    /** The discriminator value of this class's rows (the seeds' {@code polymorphic_identity}), or null. */
    public Object polymorphicIdentity() {
        return hierarchy.identity;
    }

    /** The hierarchy's discriminator column (the seeds' {@code polymorphic_on}), or null. */
    public Column<?> polymorphicOn() {
        return hierarchy.discriminator;
    }

    Hierarchy hierarchy() {
        return hierarchy;
    }

    /** The base of this mapper's hierarchy (itself, outside any). */
    Mapper<?> root() {
        Mapper<?> m = this;
        while (m.hierarchy.parent != null) {
            m = m.hierarchy.parent;
        }
        return m;
    }

    /** This mapper, then {@link #descendants()}. */
    private List<Mapper<?>> descendantsAndSelf() {
        List<Mapper<?>> out = new ArrayList<>(List.of(this));
        out.addAll(descendants());
        return out;
    }

    /**
     * The columns of the hierarchy's tables that hold the same values as {@code column} through the joined-table
     * inheritance keys (SQLAlchemy's equivalent columns): {@code engineers.person_id} and {@code managers.person_id}
     * for {@code people.person_id}. A selectable made of the subclasses' rows (a UNION of their joins) has only them.
     */
    List<Column<?>> equivalentKeys(Column<?> column) {
        List<Mapper<?>> all = root().descendantsAndSelf();
        java.util.Set<Column<?>> group = new java.util.LinkedHashSet<>(List.of(column));
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Mapper<?> m : all) {
                for (Map.Entry<Column<?>, Column<?>> e : m.hierarchy.inheritedKey.entrySet()) {
                    if (group.contains(e.getKey()) != group.contains(e.getValue())) {
                        group.add(e.getKey());
                        group.add(e.getValue());
                        grew = true;
                    }
                }
            }
        }
        group.remove(column);
        return List.copyOf(group);
    }

    /** The mapped subclasses, their subclasses and so on, each after its superclass. */
    List<Mapper<?>> descendants() {
        List<Mapper<?>> out = new ArrayList<>();
        for (Mapper<?> sub : hierarchy.subclasses) {
            out.add(sub);
            out.addAll(sub.descendants());
        }
        return out;
    }

    /** The tables an instance's row spans, the base's first: one, except with joined-table inheritance. */
    List<Table> tables() {
        return tables;
    }

    /**
     * The columns of {@code t} (one of {@link #tables()}) that hold the primary key, in the
     * order of {@link #primaryKeyProps()}: the key itself, or a joined table's columns referring to it.
     */
    List<Column<?>> keyColumns(Table t) {
        List<Column<?>> out = new ArrayList<>();
        for (ColumnProp p : primaryKey) {
            Column<?> found = p.column.table() == t ? p.column : null;
            for (Mapper<?> m = this; found == null && m != null; m = m.hierarchy.parent) {
                for (Map.Entry<Column<?>, Column<?>> e : m.hierarchy.inheritedKey.entrySet()) {
                    if (e.getKey().table() == t && refersTo(e.getValue(), p.column)) {
                        found = e.getKey();
                    }
                }
            }
            out.add(found);
        }
        return out;
    }

    /** Whether key column {@code c} is {@code base} or refers to it through the joined tables of the hierarchy. */
    private boolean refersTo(Column<?> c, Column<?> base) {
        if (c == base) {
            return true;
        }
        for (Mapper<?> m = this; m != null; m = m.hierarchy.parent) {
            Column<?> up = m.hierarchy.inheritedKey.get(c);
            if (up != null) {
                return refersTo(up, base);
            }
        }
        return false;
    }

    /**
     * The column an attribute of this class stands for in a statement: the column of {@code p},
     * except for a joined subclass's key attribute (named as the superclass's key), which is the
     * nearest own table's key column, as SQLAlchemy's ({@code Engineer.person_id} is
     * {@code engineers.person_id}; a query of the subclass inner-joins that table, so its value is the same).
     */
    Column<?> attributeColumn(ColumnProp p) {
        for (Mapper<?> m = this; m != null; m = m.hierarchy.parent) {
            for (Column<?> own : m.hierarchy.inheritedKey.keySet()) {
                if (own.key().equals(p.key) && refersTo(own, p.column)) {
                    return own;
                }
            }
        }
        return p.column;
    }

    /**
     * The FROM clause a statement selecting an attribute of this class needs to find its rows: its
     * tables inner-joined for a joined-table class ({@code people JOIN engineers}, as SQLAlchemy
     * selects {@code Engineer.name}); null when the class has one table, whose columns say it.
     */
    FromClause rowsSelectable() {
        if (tables.size() == 1) {
            return null;
        }
        FromClause own = hierarchy.own;
        if (own == null) {
            own = ownSelectable(t -> t);
            hierarchy.own = own;
        }
        return own;
    }

    /** The mapper of this one or its descendants whose discriminator value is {@code value}; this one when none is. */
    Mapper<?> forIdentity(Object value) {
        if (value == null || value.equals(hierarchy.identity)) {
            return this;
        }
        for (Mapper<?> d : descendants()) {
            if (value.equals(d.hierarchy.identity)) {
                return d;
            }
        }
        return this;
    }

    /**
     * This class's rows without the subclasses' own tables: its table, joined (inner) to its
     * superclasses' with joined-table inheritance; each table as {@code as} gives it (itself, or an alias).
     */
    private FromClause ownSelectable(Function<Table, FromClause> as) {
        return hierarchy.joined() ? hierarchy.parent.ownSelectable(as).join(as.apply(table), hierarchy.joinCondition(as))
                : hierarchy.parent != null ? hierarchy.parent.ownSelectable(as) : as.apply(table);
    }

    /**
     * The subclasses whose rows a query of this class loads in full, their tables outer-joined
     * (the seeds' {@code with_polymorphic}): all of them, unless the mapping names some
     * ({@link InheritanceSpec#withPolymorphic(List)}).
     */
    List<Mapper<?>> polymorphicMappers() {
        return hierarchy.withPolymorphic == null ? descendants() : loadedWith(hierarchy.withPolymorphic);
    }

    /**
     * The descendants that loading {@code classes} in full takes: each named class and the classes
     * between it and this one, in the order of {@link #descendants()} (as SQLAlchemy joins them).
     */
    List<Mapper<?>> loadedWith(List<? extends Class<?>> classes) {
        List<Mapper<?>> mappers = new ArrayList<>();
        classes.forEach(c -> mappers.add(Registry.mapperFor(c)));
        return loadedWithMappers(mappers);
    }

    /**
     * Whether {@code subs} is a list {@link #loadedWith} makes for this class or a class it
     * inherits from (a with_polymorphic entity seen as its subclass keeps its base's list).
     */
    boolean isPolymorphicList(List<Mapper<?>> subs) {
        for (Mapper<?> b = this; b != null; b = b.hierarchy.parent) {
            if ((b.polymorphicOn() != null || !b.descendants().isEmpty()) && b.descendants().containsAll(subs)
                    && b.loadedWithMappers(subs).equals(subs)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #loadedWith} of the classes of {@code mappers}. */
    List<Mapper<?>> loadedWithMappers(List<Mapper<?>> mappers) {
        java.util.Set<Mapper<?>> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Mapper<?> sub : mappers) {
            Mapper<?> x = sub;
            while (x != null && x != this) {
                wanted.add(x);
                x = x.hierarchy.parent;
            }
            if (x == null) {
                throw new ArgumentException(sub.type.getName() + " is not " + type.getName() + " or one of its mapped subclasses (with_polymorphic)");
            }
        }
        List<Mapper<?>> out = new ArrayList<>();
        for (Mapper<?> d : descendants()) {
            if (wanted.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** {@link #ownSelectable} with a LEFT OUTER JOIN of the table of each joined subclass of {@code loaded}. */
    FromClause polymorphicSelectable(Function<Table, FromClause> as, List<Mapper<?>> loaded) {
        FromClause sel = ownSelectable(as);
        for (Mapper<?> d : loaded) {
            if (d.hierarchy.joined()) {
                sel = sel.outerJoin(as.apply(d.table), d.hierarchy.joinCondition(as));
            }
        }
        return sel;
    }

    /**
     * {@link #selectable()} with every table replaced by an alias of its own, the seeds'
     * {@code aliased(cls, flat=True)}: the alias of the table ({@code users AS users_1}, or
     * {@code name}), or for joined-table inheritance the same joins of aliases
     * ({@code employees AS employees_1 JOIN managers AS managers_1 ON ...}, or {@code name_employees}...).
     */
    FromClause aliasedSelectable(String name) {
        return aliasedSelectable(name, polymorphicMappers());
    }

    /** {@link #aliasedSelectable(String)} outer-joining the tables of {@code loaded} only. */
    FromClause aliasedSelectable(String name, List<Mapper<?>> loaded) {
        // a single-table subclass of a joined-table class has its superclasses' tables too
        if (tables.size() == 1 && loaded.stream().noneMatch(d -> d.hierarchy.joined())) {
            return name == null ? table.alias() : table.alias(name);
        }
        Map<Table, FromClause> made = new java.util.HashMap<>();
        return polymorphicSelectable(t -> made.computeIfAbsent(t, k -> name == null ? k.alias() : k.alias(name + "_" + k.name())), loaded);
    }

    /**
     * For a subclass sharing its base's table (single-table inheritance): its rows among the
     * base's, {@code type IN (its identity and its subclasses')} over {@code sel}; otherwise null.
     */
    ColumnElement<Boolean> singleTableCriterion(FromClause sel) {
        // a subclass without a discriminator (none on its base) selects all of its table's rows, as in SQLAlchemy
        // (its superclass's table: the base's, or a joined-table superclass's in a mixed hierarchy)
        if (hierarchy.parent == null || table != hierarchy.parent.table() || polymorphicOn() == null) {
            return null;
        }
        List<Object> identities = new ArrayList<>();
        // an abstract class (no discriminator value of its own: SQLAlchemy's polymorphic_abstract) has its subclasses' rows only
        for (Mapper<?> m : descendantsAndSelf()) {
            if (m.hierarchy.identity != null) {
                identities.add(m.hierarchy.identity);
            }
        }
        // built before adapting, so its parameters are named after the table's column, not a subquery's label for it
        return Selectables.adapt(sel, table, polymorphicOn().in(identities));
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** The name the serializer writes for this mapper, unique in its registry ({@code "User"}). */
    public String entityName() {
        return entityName;
    }

    /** The mapped class. */
    public Class<T> mappedClass() {
        return type;
    }

    /** The mapped table. */
    public Table table() {
        return table;
    }

    /** The registry that made this mapper. */
    public Registry registry() {
        return registry;
    }

    /** Whether instances are read-only (a record): queries load them, sessions never write them. */
    public boolean isReadOnly() {
        return instantiator.isRecord();
    }

    /**
     * Makes {@code column} (an integer column of the mapped table) this mapper's version counter,
     * for optimistic locking: every UPDATE and DELETE of an instance checks the version it was
     * loaded with, and an UPDATE writes the next one. A row changed by another transaction in
     * between raises {@link dev.retort.exc.StaleDataException}. {@code @Version} does this for
     * {@link Registry#map}. Returns this mapper.
     *
     * <pre>{@code
     * registry.mapImperatively(Author.class, authors).versionCounter(authors.c("version"));
     * }</pre>
     */
    public Mapper<T> versionCounter(Column<?> column) {
        if (isReadOnly()) {
            throw new ArgumentException(type.getName() + " is a record, mapped read-only: it has no version to check");
        }
        version = new VersionCounter(columnProp(column), false);
        return this;
    }

    /**
     * Makes {@code column} this mapper's version counter, kept by the database (the seeds'
     * {@code version_id_generator=False}): a server default gives the first version and an
     * on-update SQL expression or a trigger the next. The flush never writes it; it matches every
     * UPDATE and DELETE on the version loaded, as {@link #versionCounter(Column)} does, and reads
     * the new version back: by the INSERT's and UPDATE's RETURNING, else (MariaDB's UPDATE) by a
     * SELECT after it. Returns this mapper.
     *
     * <pre>{@code
     * Table t = new Table("docs", metadata, Column.of("id", Types.INTEGER).primaryKey(),
     *         Column.of("version_id", Types.INTEGER).nullable(false).serverDefault("1").onUpdate(SQL.column("version_id").add(1)),
     *         Column.of("body", Types.TEXT));
     * registry.mapImperatively(Doc.class, t).serverVersionCounter(t.c("version_id"));
     * // INSERT INTO docs (body) VALUES (?) RETURNING docs.id, docs.version_id
     * // UPDATE docs SET version_id=(version_id + ?), body=? WHERE docs.id = ? AND docs.version_id = ? RETURNING docs.version_id
     * }</pre>
     */
    public Mapper<T> serverVersionCounter(Column<?> column) {
        if (isReadOnly()) {
            throw new ArgumentException(type.getName() + " is a record, mapped read-only: it has no version to check");
        }
        version = new VersionCounter(columnProp(column), true);
        return this;
    }

    /**
     * Gives {@code columns} (columns of the mapped table) SQLAlchemy's {@code active_history=True}
     * ({@code mapped_column(active_history=True)}, {@code column_property(column, active_history=True)}):
     * when a query left one out ({@link ORM#defer}, {@link ORM#loadOnly}) and the application set
     * its field, the value the database has is loaded ({@code SELECT users.bio FROM users WHERE
     * users.id = ?}) before {@link Session#history} answers or a flush compares it, so the history
     * and a {@code BEFORE_UPDATE} listener see the old value, and setting the value the row already
     * has writes nothing. A plain field write cannot be intercepted: the load comes at the first
     * of those, not at the write. Columns the mapping defers ({@link ORM#deferred}) are refused:
     * SQLAlchemy 2.1.1's deferred loader ignores the option. Returns this mapper.
     *
     * <pre>{@code
     * registry.mapImperatively(User.class, users).activeHistory(users.c("bio"));
     * User u = session.query(User.class).options(ORM.defer(ORM.attr(User.class, "bio"))).one();
     * u.bio = "new";
     * session.history(u, "bio");   // SELECT users.bio FROM users WHERE users.id = ?; added [new], deleted [old]
     * }</pre>
     */
    public Mapper<T> activeHistory(Column<?>... columns) {
        for (Column<?> c : columns) {
            ColumnProp p = columnProp(c);
            if (isDeferred(p)) {
                throw new ArgumentException("Column attribute " + entityName() + "." + p.key + " is deferred by the mapping; SQLAlchemy's "
                        + "deferred loader ignores active_history, and so does Retort: map it undeferred and leave it out with ORM.defer()");
            }
            p.activeHistory = true;
            activeHistory = true;
        }
        return this;
    }

    /** Whether a column attribute has {@link #activeHistory}. */
    boolean hasActiveHistory() {
        return activeHistory;
    }

    /** The version counter, or null. */
    VersionCounter versionCounter() {
        return version;
    }

    /** The keys of the attributes: columns, computed attributes, relationships, then element collections. */
    public List<String> attributeKeys() {
        registry.configure();
        List<String> out = new ArrayList<>();
        columns.forEach(p -> out.add(p.key));
        expressions.forEach(p -> out.add(p.key));
        relationships.forEach(p -> out.add(p.key));
        elementCollections.forEach(p -> out.add(p.key));
        return out;
    }

    /**
     * The attribute {@code key}, as an expression for queries. The same key gives the same
     * object, except for a hybrid attribute ({@link ORM#hybrid}), built at each call. An unknown key raises {@link ArgumentException} listing the known ones.
     */
    @Override
    public <V> QueryableAttribute<V> attr(String key) {
        return QueryableAttribute.cached(attributes, this, prop(key));
    }

    @Override
    public Mapper<?> mapper() {
        return this;
    }

    /**
     * The table, or with joined-table inheritance the join of the tables of the class and its
     * superclasses, with a LEFT OUTER JOIN of each joined subclass's table, so that one query
     * loads instances of every subclass.
     */
    @Override
    public FromClause selectable() {
        if (hierarchy.parent == null && hierarchy.subclasses.isEmpty()) {
            return table;
        }
        if (hierarchy.givenSelectable != null) {
            return hierarchy.givenSelectable;
        }
        FromClause sel = hierarchy.polymorphic;
        if (sel == null) {
            sel = polymorphicSelectable(t -> t, polymorphicMappers());
            hierarchy.polymorphic = sel;
        }
        return sel;
    }

    @Override
    public String label() {
        return entityName;
    }

    Prop prop(String key) {
        Prop p = byKey.get(synonyms.getOrDefault(key, key));
        if (p == null) {
            p = hybrids.get(key);
        }
        if (p instanceof ColumnProp || p instanceof ExpressionProp || p instanceof HybridProp) {
            // a column or computed attribute is there from the mapping on: usable (in another class's column_property,
            // as in SQLAlchemy) before the classes its relationships name are mapped
            return p;
        }
        registry.configure();
        p = byKey.get(synonyms.getOrDefault(key, key));
        if (p == null) {
            // an element collection: queryable through any(), contains(), join() and element() (QueryableAttribute)
            p = elementCollections.stream().filter(e -> e.key.equals(key)).findFirst().orElse(null);
        }
        if (p == null) {
            throw new ArgumentException(type.getName() + " has no mapped attribute '" + key + "'; it has " + attributeKeys());
        }
        return p;
    }

    /** The SQL expression of hybrid method {@code key} ({@link ORM#hybridMethod}) on {@code entity} for {@code args}. */
    ColumnElement<?> call(Entity entity, String key, Object[] args) {
        HybridMethod<?, ?> m = hybridMethods.get(key);
        if (m == null) {
            throw new ArgumentException(type.getName() + " has no hybrid method '" + key + "'; it has " + hybridMethods.keySet());
        }
        return m.expressionFor(entity, args);
    }

    /** The property {@code name} refers to: its key, or the camel case of its key ({@code userId} for {@code user_id}). */
    Prop propNamed(String name) {
        registry.configure();
        for (Prop p : byKey.values()) {
            if (p.key.equals(name)) {
                return p;
            }
        }
        for (Prop p : byKey.values()) {
            if (Accessor.camelCase(p.key).equals(name) || name.equals(p.accessor.fieldName())) {
                return p;
            }
        }
        throw new ArgumentException(type.getName() + " has no mapped attribute named '" + name + "'; it has " + attributeKeys());
    }

    List<ColumnProp> columnProps() {
        return columns;
    }

    /** The key of the first column attribute without a field, whose value the session keeps, or null: none. */
    String firstKept() {
        return firstKept;
    }

    /** Whether the mapping defers any column attribute. */
    boolean hasDeferred() {
        return !deferred.isEmpty();
    }

    /** Whether the mapping defers {@code p}. */
    boolean isDeferred(Prop p) {
        return deferred.containsKey(p.key);
    }

    /** Whether the mapping defers {@code p} with raiseload. */
    boolean isRaiseload(Prop p) {
        Deferral d = deferred.get(p.key);
        return d != null && d.raiseload();
    }

    /** The deferred group of {@code p}, or null. */
    String groupOf(Prop p) {
        Deferral d = deferred.get(p.key);
        return d == null ? null : d.group();
    }

    /** The relationship {@code key} as declared on this mapper or a superclass's, or null (a backref). */
    Relationship<?> declaredRelationship(String key) {
        for (Mapper<?> m = this; m != null; m = m.hierarchy.parent) {
            Relationship<?> r = m.declared.get(key);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /**
     * The property of a column of the mapped tables; a joined subclass's key column (which a
     * foreign key may refer to) is the property of the superclass's key column it refers to.
     */
    ColumnProp columnProp(Column<?> column) {
        for (ColumnProp p : columns) {
            if (p.column == column) {
                return p;
            }
        }
        for (Mapper<?> m = this; m != null; m = m.hierarchy.parent) {
            Column<?> up = m.hierarchy.inheritedKey.get(column);
            if (up != null) {
                return columnProp(up);
            }
        }
        throw new ArgumentException("Column " + column + " is not mapped by " + this);
    }

    List<ColumnProp> primaryKeyProps() {
        return primaryKey;
    }

    /**
     * Whether {@code column} is a joined subclass's own key column named otherwise than its superclass's key
     * ({@code boss.boss_id} for {@code managers.person_id}): SQLAlchemy maps it as an attribute of its own, which
     * {@link ORM#loadOnly} leaves out.
     */
    boolean isKeyOfAnotherName(Column<?> column) {
        for (Mapper<?> m = this; m.inherits() != null; m = m.inherits()) {
            if (m.hierarchy.inheritedKey.containsKey(column)) {
                return !sharesParentKey(column, m.inherits());
            }
        }
        return false;
    }

    /** Whether joined key column {@code own} is named as a property of {@code parent} (then it is that attribute too). */
    private static boolean sharesParentKey(Column<?> own, Mapper<?> parent) {
        return parent.columnProps().stream().anyMatch(up -> up.key.equals(own.key()));
    }

    /**
     * The columns of the class's tables in the order a SELECT of it lists them: those of its
     * properties, and a joined subclass's own key column, which SQLAlchemy selects too although
     * its value is the superclass's key (named as that key, it comes just before it: one attribute).
     */
    List<Column<?>> selectedColumns() {
        return selected;
    }

    List<ExpressionProp> expressionProps() {
        return expressions;
    }

    List<RelationshipProp> relationships() {
        registry.configure();
        return relationships;
    }

    /** The relationships whose field is a {@link WriteOnlyCollection}. */
    List<RelationshipProp> writeOnlyRelationships() {
        registry.configure();
        return writeOnly;
    }

    List<ElementCollectionProp> elementCollections() {
        return elementCollections;
    }

    /** How many relationships instances have, configured or not (the size of a session's per-instance relationship array). */
    int relationshipCount() {
        return relationships.size();
    }

    /** How many properties instances have (the size of a session's snapshots). */
    int propertyCount() {
        return columns.size() + expressions.size() + relationships.size();
    }

    Instantiator instantiator() {
        return instantiator;
    }

    /** Resolves the relationships declared on this mapper; the registry calls this under its lock. */
    void configure() {
        if (configured) {
            return;
        }
        // Every target must be mapped before anything is added, so that a class mapped later
        // leaves this mapper as it was, to be configured again.
        Map<String, Mapper<?>> targets = new LinkedHashMap<>();
        declared.forEach((key, spec) -> targets.put(key, Registry.mapperFor(spec.target())));
        for (Map.Entry<String, Relationship<?>> e : declared.entrySet()) {
            Relationship<?> spec = e.getValue();
            Mapper<?> target = targets.get(e.getKey());
            RelationshipProp forward = addRelationship(p -> RelationshipProp.infer(this, e.getKey(), p, target, spec));
            checkWriteOnly(forward, spec);
            forward.position = positioned(forward, spec.positionColumn());
            if (forward.aliasedTarget != null) {
                registry.noteAliasedTarget(forward);
            }
            if (spec.backrefName() != null) {
                target.addRelationship(p -> RelationshipProp.reverseOf(forward, spec.backrefName(), p));
            }
        }
        // back-populates pairs declared relationships; the side configured second finds the first.
        declared.forEach((key, spec) -> {
            if (spec.backPopulatesName() != null && targets.get(key).byKey.get(spec.backPopulatesName()) instanceof RelationshipProp other) {
                RelationshipProp.pair((RelationshipProp) byKey.get(key), other);
            }
        });
        configured = true;
    }

    /**
     * A write-only or dynamic relationship ({@link WriteOnlyCollection} or {@link DynamicCollection} field, or
     * {@code lazy("write_only")} / {@code lazy("dynamic")}) has what it needs, and only that.
     */
    private static void checkWriteOnly(RelationshipProp r, Relationship<?> spec) {
        Class<?> writer = spec.writerType();
        String lazy = writer == DynamicCollection.class ? "dynamic" : "write_only";
        if (writer != null && (!r.collection || r.scalar)) {
            throw new ArgumentException("On relationship " + r + ", '" + lazy
                    + "' loaders cannot be used with many-to-one/one-to-one relationships and/or uselist(false)");
        }
        if (writer != null && (!r.writeOnly || (writer == DynamicCollection.class) != r.dynamic)) {
            throw new ArgumentException("Relationship " + r + " is lazy(\"" + lazy + "\"): declare its field a " + writer.getSimpleName());
        }
        // viewOnly is allowed, as SQLAlchemy's: a collection to query that the application does not change (CollectionWriter.add refuses)
        if (r.writeOnly && (spec.positionColumn() != null
                || writer == null && spec.lazyStrategy() != LoaderOption.Strategy.LAZY)) {
            throw new ArgumentException("Relationship " + r + " is " + (r.dynamic ? "dynamic (a DynamicCollection field)" : "write-only (a WriteOnlyCollection field)")
                    + ": it never loads, so it takes"
                    + " no loading strategy or orderingColumn");
        }
    }

    /** The {@link Relationship#orderingColumn} of {@code r}, checked to be a column of the table holding its members' rows. */
    private static Column<?> positioned(RelationshipProp r, Column<?> column) {
        if (column == null) {
            return null;
        }
        Table holder = r.secondary != null ? r.secondary.table : r.collection && !r.scalar ? r.target.table() : null;
        if (holder == null || column.table() != holder) {
            throw new ArgumentException("Relationship " + r + ": orderingColumn(" + column + ") needs a list relationship and a column of "
                    + (holder == null ? "the target's table (one-to-many) or the association table (many-to-many)" : holder.key()));
        }
        return column;
    }

    /** Takes over the relationships of the mapped superclass (declared there, or backrefs added to it) that this mapper lacks. */
    void inheritRelationships() {
        if (hierarchy.parent == null) {
            return;
        }
        List<RelationshipProp> inherited = new ArrayList<>(hierarchy.parent.relationships);
        inherited.addAll(hierarchy.parent.writeOnly);
        for (RelationshipProp up : inherited) {
            if (!byKey.containsKey(up.key)) {
                addRelationship(p -> RelationshipProp.inherited(up, this, p));
            }
        }
    }

    private RelationshipProp addRelationship(java.util.function.IntFunction<RelationshipProp> make) {
        RelationshipProp r = make.apply(propertyCount());
        if (byKey.putIfAbsent(r.key, r) != null) {
            throw new ArgumentException(type.getName() + " already has an attribute '" + r.key + "'; the relationship " + r + " cannot use that name");
        }
        // a write-only collection has no slot in an instance's relationship array: it never loads
        r.ordinal = r.writeOnly ? -1 : relationships.size();
        List<RelationshipProp> next = new ArrayList<>(r.writeOnly ? writeOnly : relationships);
        next.add(r);
        if (r.writeOnly) {
            writeOnly = List.copyOf(next);
        } else {
            relationships = List.copyOf(next);
        }
        Registry.mappingChanged();
        return r;
    }

    @Override
    public String toString() {
        return "Mapper[" + entityName + " -> " + table.key() + "]";
    }

    /** How the mapping defers an attribute: its deferred group (or null), and whether loading it raises. */
    private record Deferral(String group, boolean raiseload) {
    }
}
