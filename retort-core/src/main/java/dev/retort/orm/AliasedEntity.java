package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.Alias;
import dev.retort.sql.Attr;
import dev.retort.sql.FromClause;
import dev.retort.sql.Traversal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mapped class seen through an alias of its table, for a query that needs the same entity
 * twice (a self-join): the seeds' {@code aliased()}. Its attributes are those of the class, on
 * the alias's columns; queries return ordinary instances of the class for it.
 *
 * <pre>{@code
 * AliasedEntity<User> ua = ORM.aliased(User.class);
 * session.query(User.class, ua).join(ua, ORM.attr(User.class, "id").lt(ua.attr("id"))).all();   // rows (User, User)
 * }</pre>
 *
 * @param <T> the mapped class
 */
public final class AliasedEntity<T> extends Entity {
    static final Traversal<AliasedEntity<?>> TRAVERSAL = Traversal.of("orm_aliased",
            a -> of(a[0], a[1]),
            Attr.optionalClause("entity", AliasedEntity::mapper),
            Attr.optionalClause("alias", AliasedEntity::alias));

    private final Mapper<T> mapper;
    private final Alias alias;
    private final Map<String, QueryableAttribute<?>> attributes = new ConcurrentHashMap<>();

    AliasedEntity(Mapper<T> mapper, Alias alias) {
        if (alias.element() != mapper.table()) {
            throw new ArgumentException("An aliased " + mapper.entityName() + " needs an alias of '" + mapper.table().key() + "'");
        }
        this.mapper = mapper;
        this.alias = alias;
    }

    private static AliasedEntity<?> of(Object mapper, Object alias) {
        if (!(mapper instanceof Mapper<?> m) || !(alias instanceof Alias a)) {
            throw new ArgumentException("An aliased entity needs a mapper and an alias");
        }
        return new AliasedEntity<>(m, a);
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

    /** The alias of the mapped table. */
    public Alias alias() {
        return alias;
    }

    @Override
    public FromClause selectable() {
        return alias;
    }

    @Override
    public String label() {
        return alias.name() != null ? alias.name() : mapper.entityName();
    }

    @Override
    public String toString() {
        return "aliased(" + mapper.entityName() + (alias.name() != null ? ", " + alias.name() : "") + ")";
    }
}
