package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.Alias;
import dev.retort.sql.Attr;
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
            a -> of(a[0], a[1]),
            Attr.optionalClause("entity", AliasedEntity::mapper),
            Attr.optionalClause("alias", AliasedEntity::selectable));

    private final Mapper<T> mapper;
    /** The alias of the mapped table, or for joined-table inheritance the join of the aliases of the hierarchy's tables. */
    private final FromClause selectable;
    private final Alias alias;
    private final Map<String, QueryableAttribute<?>> attributes = new ConcurrentHashMap<>();

    AliasedEntity(Mapper<T> mapper, FromClause selectable) {
        Alias own = Selectables.aliasOf(selectable, mapper.table());
        this.alias = own != null ? own : subqueryOf(selectable, mapper);
        if (alias == null || !(selectable instanceof Alias) && !(selectable instanceof Join)) {
            throw new ArgumentException("An aliased " + mapper.entityName() + " needs an alias of '" + mapper.table().key()
                    + "' or a subquery of its columns");
        }
        this.mapper = mapper;
        this.selectable = selectable;
    }

    /**
     * {@code selectable} when it is a subquery with a column for each column the class loads (its
     * subclasses' too when it loads them polymorphically), else null. A missing one is refused: it
     * would be read from the table, which the query would then join to the subquery with no condition.
     */
    private static Alias subqueryOf(FromClause selectable, Mapper<?> mapper) {
        if (!(selectable instanceof Alias a) || !(a.element() instanceof SelectBase)) {
            return null;
        }
        List<Mapper<?>> loaded = new ArrayList<>(List.of(mapper));
        if (mapper.polymorphicOn() != null) {
            loaded.addAll(mapper.descendants());
        }
        for (Mapper<?> m : loaded) {
            for (ColumnProp p : m.columnProps()) {
                if (a.correspondingColumn(p.column) == null) {
                    throw new ArgumentException("The subquery for an aliased " + mapper.entityName() + " has no column for '"
                            + p.column.table().key() + "." + p.column.name() + "'");
                }
            }
        }
        return a;
    }

    private static AliasedEntity<?> of(Object mapper, Object selectable) {
        if (!(mapper instanceof Mapper<?> m) || !(selectable instanceof FromClause f)) {
            throw new ArgumentException("An aliased entity needs a mapper and an alias");
        }
        return new AliasedEntity<>(m, f);
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

    @Override
    public Mapper<T> mapper() {
        return mapper;
    }

    /** The alias of the mapped table (with joined-table inheritance, the one of the class's own table), or the subquery. */
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
        String name = alias.name();
        if (name == null) {
            return mapper.entityName();
        }
        String tableSuffix = "_" + mapper.table().name();
        return selectable instanceof Join && name.endsWith(tableSuffix) ? name.substring(0, name.length() - tableSuffix.length()) : name;
    }

    @Override
    public String toString() {
        return "aliased(" + mapper.entityName() + (alias.name() != null ? ", " + label() : "") + ")";
    }
}
