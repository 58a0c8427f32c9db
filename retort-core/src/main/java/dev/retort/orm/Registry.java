package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.UnresolvedReferenceException;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Maps classes to the tables of one {@link MetaData}: the seeds' {@code registry}. A class is
 * mapped by one registry at a time (sessions find its mapper by class);
 * {@link #dispose()} unmaps a registry's classes. Each mapper has an <em>entity name</em>,
 * unique in its registry, which is what the serializer writes for it: loading a query finds
 * the mapper by that name in the loading side's registry of the given metadata, and never
 * loads a class named by the data.
 *
 * <pre>{@code
 * Registry registry = new Registry(metadata);
 * registry.mapImperatively(User.class, users, Map.of(
 *         "addresses", ORM.relationship(Address.class).backref("user").orderBy(addresses.c("id"))));
 * registry.mapImperatively(Address.class, addresses);     // column keys map to fields: "user_id" -> userId too
 * registry.mapImperatively("Customer", com.acme.crm.User.class, customers, Map.of());   // another entity name
 * }</pre>
 *
 * <p>Relationships are resolved when a mapper is first used, so classes can be mapped in any
 * order.
 */
public final class Registry {
    private static final Map<Class<?>, Mapper<?>> BY_CLASS = new ConcurrentHashMap<>();
    private static final List<Registry> LIVE = new CopyOnWriteArrayList<>();
    /** Configuring one registry adds backrefs to mappers of others, so all configure under one lock. */
    static final Object CONFIGURE = new Object();
    /** Counts changes to any mapper's shape (a class mapped, a relationship added): plans made before a change are stale. */
    private static final java.util.concurrent.atomic.AtomicInteger MAPPINGS = new java.util.concurrent.atomic.AtomicInteger();

    private final MetaData metadata;
    private final Map<String, Mapper<?>> byName = new LinkedHashMap<>();
    private volatile boolean configured = true;
    private volatile UnaryOperator<String> tableNaming = UnaryOperator.identity();
    private final OrmEvents events = new OrmEvents(false);
    /** The {@code @Converter(autoApply = true)} classes {@link #map} was given, by the attribute type they convert. */
    private final Map<Class<?>, Class<?>> autoConverters = new java.util.concurrent.ConcurrentHashMap<>();
    /** The relationships of this registry's mappers that target an aliased class, by that class (by identity: equal aliases are distinct targets). */
    private final Map<AliasedEntity<?>, RelationshipProp> aliasedTargets = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    /** The plans of queries of this registry's classes by shape ({@link #queryPlanCacheSize}). */
    private volatile QueryPlans queryPlans = new QueryPlans(DEFAULT_QUERY_PLANS);
    private static final int DEFAULT_QUERY_PLANS = 0;

    /** A registry for classes mapped to tables of {@code metadata}. */
    public Registry(MetaData metadata) {
        if (metadata == null) {
            throw new ArgumentException("A Registry needs a MetaData");
        }
        this.metadata = metadata;
        LIVE.add(this);
    }

    /**
     * Keeps the plans of up to {@code size} query shapes (default 0: every query is planned afresh): a query
     * whose {@link Query#cacheKey() cache key} equals one run before (only its values differ) reuses that
     * plan (statement, joined loads, row positions) with its own values, as an engine's compiled cache
     * reuses compiled SQL. Plans are made again after a mapping changes. Replaces the plans kept so far.
     * Off by default because it pays only where small query shapes repeat (about half the ORM's allocation
     * per such query) and not on large loads; queries whose plan depends on more than their key (lambda or
     * session loader criteria, other aliased entities, values the planning made) are planned every time.
     *
     * <pre>{@code
     * registry.queryPlanCacheSize(500);   // keep the plans of 500 query shapes
     * }</pre>
     */
    public Registry queryPlanCacheSize(int size) {
        if (size < 0) {
            throw new ArgumentException("queryPlanCacheSize must be >= 0, not " + size);
        }
        queryPlans = new QueryPlans(size);
        return this;
    }

    QueryPlans queryPlans() {
        return queryPlans;
    }

    /** Maps {@code type} to {@code table}: every column to the field of the same name (or its camel case). */
    public <T> Mapper<T> mapImperatively(Class<T> type, Table table) {
        return mapImperatively(type, table, Map.of());
    }

    /**
     * Maps {@code type} to {@code table} with extra properties: relationships
     * ({@link ORM#relationship}), computed attributes ({@link ORM#columnProperty}), or a column
     * of the table under another attribute name. The entity name is the class's simple name.
     */
    public <T> Mapper<T> mapImperatively(Class<T> type, Table table, Map<String, ?> properties) {
        return mapImperatively(type.getSimpleName(), type, table, properties);
    }

    /** Maps {@code type} under an entity name of one's own (when two mapped classes share a simple name). */
    public <T> Mapper<T> mapImperatively(String entityName, Class<T> type, Table table, Map<String, ?> properties) {
        return mapImperatively(entityName, type, table, properties, null);
    }

    /**
     * Maps {@code type} as part of a class hierarchy ({@link ORM#polymorphicOn} for the base,
     * {@link ORM#inherits} for a subclass, mapped after its superclass); see {@link InheritanceSpec}.
     */
    public <T> Mapper<T> mapImperatively(Class<T> type, Table table, Map<String, ?> properties, InheritanceSpec inheritance) {
        return mapImperatively(type.getSimpleName(), type, table, properties, inheritance);
    }

    /** Maps {@code type} under an entity name of one's own, as part of a class hierarchy. */
    public <T> Mapper<T> mapImperatively(String entityName, Class<T> type, Table table, Map<String, ?> properties, InheritanceSpec inheritance) {
        if (table.metadata() != metadata) {
            throw new ArgumentException("Table '" + table.key() + "' belongs to another MetaData than this registry's");
        }
        synchronized (CONFIGURE) {
            if (byName.containsKey(entityName)) {
                throw new ArgumentException("This registry already maps an entity named '" + entityName + "' (" + byName.get(entityName).mappedClass().getName()
                        + "); give " + type.getName() + " another entity name");
            }
            Mapper<T> m = new Mapper<>(this, entityName, type, table, properties, inheritance);
            Mapper<?> prior = BY_CLASS.putIfAbsent(type, m);
            if (prior != null) {
                throw new ArgumentException(type.getName() + " is already mapped (to '" + prior.table().key() + "'); dispose() that registry first");
            }
            byName.put(entityName, m);
            configured = false;
            mappingChanged();
            return m;
        }
    }

    /**
     * Maps classes carrying Jakarta Persistence annotations ({@code @Entity}, {@code @Table},
     * {@code @Id}, {@code @GeneratedValue}, {@code @Column}, {@code @ManyToOne},
     * {@code @JoinColumn}, {@code @OneToMany(mappedBy)}, {@code @ManyToMany}, {@code @JoinTable},
     * {@code @OrderBy}, {@code @Version}, {@code @Transient}, {@code @Inheritance},
     * {@code @DiscriminatorColumn}, {@code @DiscriminatorValue}, {@code @PrimaryKeyJoinColumn},
     * {@code @ElementCollection} with {@code @CollectionTable}, nested {@code @Embeddable}s, {@code @Converter(autoApply = true)}),
     * building their tables into this registry's {@link MetaData}; classes related to each other
     * are mapped together, in any order (superclasses before their subclasses). A
     * {@code @Converter(autoApply = true)} class among them converts every attribute of its type
     * in the classes mapped with it or later. The annotations are read only:
     * {@code jakarta.persistence-api} is needed at compile time by whoever writes the classes. A
     * record is mapped read-only.
     *
     * <pre>{@code
     * @Entity @Table(name = "authors")
     * public class Author {
     *     @Id @GeneratedValue Integer id;
     *     @Column(length = 80, nullable = false) String name;
     *     @Version Integer version;
     *     @OneToMany(mappedBy = "author") @OrderBy("title") List<Book> books = new ArrayList<>();
     * }
     * new Registry(metadata).map(Author.class, Book.class);
     * metadata.createAll(engine);
     * }</pre>
     */
    public List<Mapper<?>> map(Class<?>... types) {
        try {
            return AnnotationMapping.map(this, tableNaming, List.of(types));
        } catch (NoClassDefFoundError e) {
            throw new ArgumentException("Registry.map() reads Jakarta Persistence annotations: put jakarta.persistence:jakarta.persistence-api on the class path", e);
        }
    }

    /** Registers {@code converter} for attributes of {@code attributeType}; returns the one registered for it before, or null. */
    Class<?> autoApply(Class<?> attributeType, Class<?> converter) {
        return autoConverters.putIfAbsent(attributeType, converter);
    }

    /** The auto-applied converter class of attributes of {@code attributeType}, or null. */
    Class<?> autoConverter(Class<?> attributeType) {
        return autoConverters.get(attributeType);
    }

    /**
     * Maps every {@code @Entity} class (and {@code @Converter(autoApply = true)}) of the given
     * packages (and their subpackages) found by the context class loader, in directories or jars, as {@link #map} does.
     */
    public List<Mapper<?>> scan(String... packageNames) {
        List<Class<?>> found = new ArrayList<>();
        for (String p : packageNames) {
            for (Class<?> c : ClassScanner.classes(p)) {
                if (isEntity(c) || AnnotationMapping.isAutoConverter(c)) {
                    found.add(c);
                }
            }
        }
        return map(found.toArray(new Class<?>[0]));
    }

    private static boolean isEntity(Class<?> c) {
        try {
            return AnnotationMapping.isEntity(c);
        } catch (NoClassDefFoundError e) {
            throw new ArgumentException("Registry.scan() reads Jakarta Persistence annotations: put jakarta.persistence:jakarta.persistence-api on the class path", e);
        }
    }

    /**
     * How {@link #map} names tables: applied to each {@code @Table} name (or entity name), for a
     * prefix or suffix per deployment ({@code name -> "app_" + name}). Returns this registry.
     */
    public Registry tableNaming(UnaryOperator<String> naming) {
        this.tableNaming = naming == null ? UnaryOperator.identity() : naming;
        return this;
    }

    /** The listeners for events of instances of this registry's classes, in every session. */
    public OrmEvents events() {
        return events;
    }

    /** The metadata whose tables this registry maps. */
    public MetaData metadata() {
        return metadata;
    }

    /** The mappers, in the order they were made. */
    public List<Mapper<?>> mappers() {
        synchronized (CONFIGURE) {
            return List.copyOf(byName.values());
        }
    }

    /** The mapper with this entity name; an unknown name raises {@link ArgumentException} listing the known ones. */
    public Mapper<?> entity(String entityName) {
        synchronized (CONFIGURE) {
            Mapper<?> m = byName.get(entityName);
            if (m == null) {
                throw new ArgumentException("No entity named '" + entityName + "' in this registry; it has " + byName.keySet());
            }
            return m;
        }
    }

    /**
     * Resolves every relationship declared so far (and adds the backrefs). Done on first use of
     * a mapper; call it to find mapping errors early. A relationship to a class not mapped yet
     * raises {@link ArgumentException}.
     */
    public void configure() {
        if (configured) {
            return;
        }
        synchronized (CONFIGURE) {
            for (Mapper<?> m : byName.values()) {
                m.configure();
            }
            // Superclasses are mapped first, so each subclass finds its superclass's relationships complete.
            for (Mapper<?> m : byName.values()) {
                m.inheritRelationships();
            }
            configured = true;
        }
    }

    /** How often mappers changed shape so far, in any registry (see {@link KeyedGet}). */
    static int mappings() {
        return MAPPINGS.get();
    }

    /** A mapper changed shape: plans cached from mappers are made again. */
    static void mappingChanged() {
        MAPPINGS.incrementAndGet();
    }

    /** Unmaps this registry's classes, which may then be mapped again. Sessions holding their instances should be closed first. */
    public void dispose() {
        synchronized (CONFIGURE) {
            byName.values().forEach(m -> BY_CLASS.remove(m.mappedClass(), m));
            byName.clear();
            LIVE.remove(this);
        }
    }

    /** Notes {@code r} as the relationship that targets its aliased class (a query naming the class serializes as a reference to it). */
    void noteAliasedTarget(RelationshipProp r) {
        aliasedTargets.put(r.aliasedTarget, r);
    }

    /** The relationship of this registry that targets {@code a} ({@link ORM#relationship(AliasedEntity)}), or null. */
    RelationshipProp relationshipTargeting(AliasedEntity<?> a) {
        return aliasedTargets.get(a);
    }

    /** The mapper of {@code type}; an unmapped class raises {@link ArgumentException}. */
    @SuppressWarnings("unchecked")
    public static <T> Mapper<T> mapperFor(Class<T> type) {
        Mapper<T> m = (Mapper<T>) BY_CLASS.get(type);
        if (m == null) {
            throw new ArgumentException(type.getName() + " is not mapped; map it with Registry.mapImperatively(...)");
        }
        return m;
    }

    /** Whether {@code type} is mapped. */
    static boolean isMapped(Class<?> type) {
        return BY_CLASS.containsKey(type);
    }

    /** The mapper of a class given by its binary name, among the mapped classes only (nothing is loaded), or null. */
    static Mapper<?> mapperForClassName(String name) {
        for (Map.Entry<Class<?>, Mapper<?>> e : BY_CLASS.entrySet()) {
            if (e.getKey().getName().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * The mapper a serialized entity name refers to: in the registries of {@code metadata}, or
     * in every live registry when {@code metadata} is null. None, or more than one, raises
     * {@link UnresolvedReferenceException}.
     */
    public static Mapper<?> resolveEntity(MetaData metadata, String entityName) {
        List<Mapper<?>> found = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Registry r : LIVE) {
            if (metadata != null && r.metadata != metadata) {
                continue;
            }
            synchronized (CONFIGURE) {
                Mapper<?> m = r.byName.get(entityName);
                if (m != null) {
                    found.add(m);
                }
                known.addAll(r.byName.keySet());
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        String where = metadata != null ? "the registries of the given MetaData" : "the live registries";
        if (found.isEmpty()) {
            throw new UnresolvedReferenceException("The serialized query refers to entity '" + entityName + "', which " + where
                    + " do not map; they map: " + (known.isEmpty() ? "nothing" : String.join(", ", known)));
        }
        throw new UnresolvedReferenceException("The serialized query refers to entity '" + entityName + "', which " + found.size() + " of "
                + where + " map; pass the MetaData of the one meant");
    }
}
