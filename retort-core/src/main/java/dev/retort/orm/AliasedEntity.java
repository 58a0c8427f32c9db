package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.Alias;
import dev.retort.sql.Attr;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.Join;
import dev.retort.sql.SelectBase;
import dev.retort.sql.Traversal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mapped class seen through an alias of its table, for a query that needs the same entity
 * twice (a self-join): the seeds' {@code aliased()}; or through a subquery that selects its
 * columns ({@link ORM#aliased(Class, FromClause)}), to load instances from a derived table. Its attributes are those of the class, on
 * the alias's columns; queries return ordinary instances of the class for it. A class of a
 * joined-table hierarchy is aliased table by table, as the seeds' {@code aliased(cls, flat=True)}:
 * {@code employees AS employees_1 JOIN managers AS managers_1 ON ...}, so that its subclass
 * columns can be filtered on and its rows load as instances of their own classes.
 *
 * <pre>{@code
 * AliasedEntity<User> ua = ORM.aliased(User.class);
 * session.query(User.class, ua).join(ua, ORM.attr(User.class, "id").lt(ua.attr("id"))).all();   // rows (User, User)
 * AliasedEntity<Manager> boss = ORM.aliased(Manager.class);
 * session.query(Manager.class).join(boss, ORM.attr(Manager.class, "budget").lt(boss.attr("budget")));
 * }</pre>
 *
 * @param <T> the mapped class
 */
public final class AliasedEntity<T> extends Entity {
    static final Traversal<AliasedEntity<?>> TRAVERSAL = Traversal.of("orm_aliased",
            a -> a.length > 4 && a[4] instanceof QueryableAttribute<?> r ? targetOf(r) : of(a[0], a[1], a.length > 2 ? a[2] : null, a.length > 3 ? a[3] : null),
            Attr.optionalClause("entity", AliasedEntity::mapper),
            Attr.optionalClause("alias", AliasedEntity::selectable),
            Attr.<AliasedEntity<?>>flag("withPolymorphic", a -> a.polymorphic != null).omittedWhen(false).since(14),
            Attr.<AliasedEntity<?>>clauses("polymorphicMappers", a -> a.polymorphic != null ? a.polymorphic : List.of()).since(14),
            // the relationship that targets it: a loaded query names the mapping's very entity, so joins along it find it
            Attr.<AliasedEntity<?>>annotation("targetOf", AliasedEntity::targetOf).since(18));

    private final Mapper<T> mapper;
    /** The alias of the mapped table, or for joined-table inheritance the join of the aliases of the hierarchy's tables. */
    private final FromClause selectable;
    /** Null for {@link ORM#withPolymorphic} of the tables themselves. */
    private final Alias alias;
    /** {@link ORM#withPolymorphic}: the subclasses loaded in full; null for the mapper's. */
    private final List<Mapper<?>> polymorphic;
    /**
     * Made by a join that aliases its class automatically ({@link #automatic}): a later join along one of the class's
     * relationships goes from the FROM clause that holds it, as SQLAlchemy's, so the tables that FROM clause has
     * themselves stay in its ON clause. Planning only; never serialized.
     */
    final boolean automatic;
    private final Map<String, QueryableAttribute<?>> attributes = new ConcurrentHashMap<>();
    /** The views of a with_polymorphic entity as its subclasses ({@link #of}). */
    private final Map<Mapper<?>, AliasedEntity<?>> views = new ConcurrentHashMap<>();

    AliasedEntity(Mapper<T> mapper, FromClause selectable) {
        this(mapper, selectable, null);
    }

    AliasedEntity(Mapper<T> mapper, FromClause selectable, List<Mapper<?>> polymorphic) {
        this(mapper, selectable, polymorphic, false);
    }

    /** SQLAlchemy's automatic alias of joined-table class {@code mapper}: {@code selectable} aliases its tables. */
    static <T> AliasedEntity<T> automatic(Mapper<T> mapper, FromClause selectable) {
        return new AliasedEntity<>(mapper, selectable, null, true);
    }

    private AliasedEntity(Mapper<T> mapper, FromClause selectable, List<Mapper<?>> polymorphic, boolean automatic) {
        List<Mapper<?>> loaded = polymorphic != null ? polymorphic : mapper.polymorphicMappers();
        Alias own = Selectables.aliasOf(selectable, mapper.table());
        this.alias = own != null ? own : subqueryOf(selectable, mapper, loaded);
        // with_polymorphic of the tables themselves: their join (or the table) is the entity's FROM clause
        boolean plain = polymorphic != null && alias == null && (selectable == mapper.table()
                || selectable instanceof Join && selectable.fromObjects().contains(mapper.table()));
        if (!plain && (alias == null || !(selectable instanceof Alias) && !(selectable instanceof Join))) {
            throw new ArgumentException("An aliased " + mapper.entityName() + " needs an alias of '" + mapper.table().key()
                    + "' or a subquery of its columns");
        }
        for (Mapper<?> d : plain ? loaded : List.<Mapper<?>>of()) {
            // a table the FROM clause lacks would be added to the query's FROM list with no condition: every row with every row
            if (!selectable.fromObjects().contains(d.table())) {
                throw new ArgumentException("The FROM clause of a with_polymorphic " + mapper.entityName() + " has no table '" + d.table().key()
                        + "' of " + d.entityName() + ": join it, or give a subquery with its columns");
            }
        }
        this.mapper = mapper;
        this.selectable = selectable;
        this.polymorphic = polymorphic == null ? null : List.copyOf(polymorphic);
        this.automatic = automatic;
    }

    /**
     * {@code selectable} when it is a subquery with a column for each column the class loads (its
     * subclasses' too when it loads them polymorphically), else null. A missing one is refused: it
     * would be read from the table, which the query would then join to the subquery with no condition.
     */
    private static Alias subqueryOf(FromClause selectable, Mapper<?> mapper, List<Mapper<?>> polymorphic) {
        if (!(selectable instanceof Alias a) || !(derivedElement(a) instanceof SelectBase)) {
            return null;
        }
        List<Mapper<?>> loaded = new ArrayList<>(List.of(mapper));
        if (mapper.polymorphicOn() != null) {
            loaded.addAll(polymorphic);
        }
        for (Mapper<?> m : loaded) {
            for (ColumnProp p : m.columnProps()) {
                if (Selectables.corresponding(a, m, p.column) == null) {
                    throw new ArgumentException("The subquery for an aliased " + mapper.entityName() + " has no column for '"
                            + p.column.table().key() + "." + p.column.name() + "'");
                }
            }
        }
        return a;
    }

    /** The relationship that targets this entity ({@link ORM#relationship(AliasedEntity)}), as an attribute of its class; else null. */
    private QueryableAttribute<?> targetOf() {
        RelationshipProp r = mapper.registry().relationshipTargeting(this);
        return r == null ? null : r.mapper.attr(r.key);
    }

    /** The aliased class relationship {@code r} targets. */
    private static AliasedEntity<?> targetOf(QueryableAttribute<?> r) {
        if (!r.isRelationship() || r.relationship().aliasedTarget == null) {
            throw new ArgumentException("An aliased entity names " + r + " as the relationship that targets it, which targets no aliased class");
        }
        return r.relationship().aliasedTarget;
    }

    /** What an alias (or an alias of an alias, which renders as one alias: a with_polymorphic of an aliased subquery) aliases. */
    private static Object derivedElement(Alias a) {
        Object e = a.element();
        while (e instanceof Alias inner) {
            e = inner.element();
        }
        return e;
    }

    private static AliasedEntity<?> of(Object mapper, Object selectable, Object withPolymorphic, Object mappers) {
        if (!(mapper instanceof Mapper<?> m) || !(selectable instanceof FromClause f)) {
            throw new ArgumentException("An aliased entity needs a mapper and an alias");
        }
        List<?> given = mappers instanceof List<?> l ? l : List.of();
        if (!Boolean.TRUE.equals(withPolymorphic)) {
            if (!given.isEmpty()) {
                throw new ArgumentException("An aliased " + m.entityName() + " that is not with_polymorphic lists no mappers, not " + given);
            }
            return new AliasedEntity<>(m, f, null);
        }
        List<Mapper<?>> subs = new ArrayList<>();
        for (Object o : given) {
            if (!(o instanceof Mapper<?> sub)) {
                throw new ArgumentException("A with_polymorphic entity lists mappers, not " + o);
            }
            subs.add(sub);
        }
        // Only a list ORM.withPolymorphic makes matches the joins and row types loading expects;
        // another (an unrelated class, one twice) loads wrong rows or fails late.
        if (!m.isPolymorphicList(subs)) {
            throw new ArgumentException("A with_polymorphic " + m.entityName() + " lists " + subs.stream().map(Mapper::entityName).toList()
                    + ": not mapped subclasses of it or of a class it inherits from, each once, in hierarchy order, with those between");
        }
        return new AliasedEntity<>(m, f, subs);
    }

    /**
     * This with_polymorphic entity seen as its subclass {@code type} (the seeds' {@code wp.Engineer}):
     * the attributes of {@code type} on this entity's FROM clause, for criteria and ordering.
     *
     * <pre>{@code
     * AliasedEntity<Person> wp = ORM.withPolymorphic(Person.class, List.of(Engineer.class, Manager.class));
     * session.query(wp).where(wp.of(Engineer.class).attr("primaryLanguage").eq("java")).all();
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public <S> AliasedEntity<S> of(Class<S> type) {
        Mapper<S> sub = Registry.mapperFor(type);
        if (sub == mapper) {
            return (AliasedEntity<S>) this;
        }
        if (!mapper.descendants().contains(sub)) {
            throw new ArgumentException(type.getName() + " is not a mapped subclass of " + mapper.mappedClass().getName());
        }
        return (AliasedEntity<S>) views.computeIfAbsent(sub, m -> new AliasedEntity<>(sub, selectable, polymorphicMappers()));
    }

    /**
     * Whether {@code e} is this with_polymorphic entity seen as one of its subclasses: made by {@link #of}, or loaded
     * by the serializer, which makes the view anew over the same FROM clause and the same loaded classes.
     */
    boolean hasView(Entity e) {
        return views.containsValue(e) || e instanceof AliasedEntity<?> a && a != this && a.selectable == selectable
                && mapper.descendants().contains(a.mapper) && a.polymorphicMappers().equals(polymorphicMappers());
    }

    @Override
    List<Mapper<?>> polymorphicMappers() {
        return polymorphic != null ? polymorphic : mapper.polymorphicMappers();
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    /** The attribute {@code key} of the class, on the alias's columns. */
    @Override
    public <V> QueryableAttribute<V> attr(String key) {
        return QueryableAttribute.cached(attributes, this, mapper.prop(key));
    }

    /** The SQL expression of hybrid method {@code key} ({@link ORM#hybridMethod}) on this alias's columns, for {@code args}. */
    @SuppressWarnings("unchecked")
    public <V> ColumnElement<V> call(String key, Object... args) {
        return (ColumnElement<V>) mapper.call(this, key, args);
    }

    @Override
    public Mapper<T> mapper() {
        return mapper;
    }

    /**
     * The alias of the mapped table (with joined-table inheritance, the one of the class's own table),
     * or the subquery; null for a {@link ORM#withPolymorphic} entity of the tables themselves.
     */
    public Alias alias() {
        return alias;
    }

    @Override
    public FromClause selectable() {
        return selectable;
    }

    /** The name given to {@link ORM#aliased(Class, String)} or the subquery's name, else the entity name. */
    @Override
    public String label() {
        String name = alias == null ? null : alias.name();
        if (name == null) {
            return mapper.entityName();
        }
        String tableSuffix = "_" + mapper.table().name();
        return selectable instanceof Join && name.endsWith(tableSuffix) ? name.substring(0, name.length() - tableSuffix.length()) : name;
    }

    @Override
    public String toString() {
        return (polymorphic != null ? "with_polymorphic(" : "aliased(") + mapper.entityName()
                + (alias != null && alias.name() != null ? ", " + label() : "") + ")";
    }
}
