package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.BindParameter;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Delete;
import dev.retort.sql.Insert;
import dev.retort.sql.SQL;
import dev.retort.sql.Update;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A collection that never loads (SQLAlchemy's {@code WriteOnlyCollection}, for
 * {@code relationship(lazy="write_only")} and {@code WriteOnlyMapped}): for a one-to-many or
 * many-to-many relationship too large to hold in memory. Declaring the relationship's field a
 * {@code WriteOnlyCollection} makes it write-only (with {@link Registry#mapImperatively} as with
 * Jakarta annotations' {@code @OneToMany} / {@code @ManyToMany}). Its members are read with
 * {@link #select()}, a query of the target filtered by the parent to refine and run in a session;
 * {@link #add}, {@link #addAll} and {@link #remove} are queued and written by the next flush: a
 * member's foreign key set or set to NULL (deleted with {@code delete-orphan}), or the association
 * row inserted or deleted. Deleting the parent leaves the rows that refer to it to the database
 * (an {@code ON DELETE} rule, SQLAlchemy's {@code passive_deletes}); a many-to-many parent's
 * association rows are deleted.
 *
 * <pre>{@code
 * public class User { Integer id; WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>(); }
 * registry.mapImperatively(User.class, users, Map.of("addresses", ORM.relationship(Address.class).backref("user")));
 *
 * user.addresses.add(address);                   // queued; session.flush() sets address.user_id
 * List<Address> some = session.execute(user.addresses.select()
 *         .filter(ORM.attr(Address.class, "email").like("%@example.com"))
 *         .orderBy(ORM.attr(Address.class, "id")).limit(10)).scalars();
 * // SELECT ... FROM addresses WHERE ? = addresses.user_id AND addresses.email LIKE ? ORDER BY addresses.id LIMIT ?
 * }</pre>
 *
 * <p>A collection the application made (the field's initialiser) is bound to its parent when the
 * parent joins a session or loads; {@link #select()} and the DML methods need that. Not thread-safe.
 *
 * @param <T> the related class
 */
public final class WriteOnlyCollection<T> extends CollectionWriter<T> {
    /** An empty collection, bound to its parent when the parent joins a session or loads. */
    public WriteOnlyCollection() {
    }

    @Override
    String kind() {
        return "write-only";
    }

    /**
     * An INSERT into the target's table with the foreign key set to the parent's key (one-to-many
     * only): add {@code values} to it. The key is read as the statement runs (SQLAlchemy's
     * {@code bindparam(callable_=...)}), so a pending parent's, which the session's autoflush
     * before {@link Session#execute} generates, is the one written.
     */
    public Insert insert() {
        RelationshipProp r = oneToMany("insert()");
        Map<Object, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < r.referenced.size(); i++) {
            values.put(r.referencing.get(i), parentKey(r, i));
        }
        return SQL.insert(r.target.table()).values(values);
    }

    /**
     * An UPDATE of the members' rows (the parent's key read as it runs): give it its values. Of a many-to-many
     * collection, the association table is an extra FROM clause (as SQLAlchemy's: {@code UPDATE tags SET name=:name
     * FROM post_tags WHERE :param_1 = post_tags.post_id AND tags.id = post_tags.tag_id}), which each dialect writes its way.
     */
    public Update update() {
        return SQL.update(bound().target.table()).where(refersToParent("update()"));
    }

    /**
     * A DELETE of the members' rows (the parent's key read as it runs); of a many-to-many collection, with the
     * association table as {@link #update()}'s (the association rows themselves stay, so unless their foreign key
     * cascades the delete, the database refuses it for members they still refer to: IntegrityException). SQLite has
     * no multi-table DELETE: Retort writes the association table there as a correlated EXISTS, where SQLAlchemy
     * refuses the statement.
     */
    public Delete delete() {
        return SQL.delete(bound().target.table()).where(refersToParent("delete()"));
    }

    /**
     * {@code :param_1 = addresses.user_id}, or through an association table {@code :param_1 = post_tags.post_id AND
     * tags.id = post_tags.tag_id}: {@link #select()}'s criteria, as SQLAlchemy's.
     */
    private ColumnElement<Boolean> refersToParent(String what) {
        RelationshipProp r = ofForeignKeys(what);
        List<ColumnElement<?>> parts = new ArrayList<>();
        for (int i = 0; i < r.referenced.size(); i++) {
            parts.add(parentKey(r, i).eq(r.referencing.get(i)));
        }
        if (r.isManyToMany()) {
            parts.add(r.secondary.targetCondition(r.target.table(), r.target.table(), r.secondary.table));
        }
        return SQL.and(parts.toArray(new ColumnElement<?>[0]));
    }

    /** The parent's value of the {@code i}th referenced column, read at each execution. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private BindParameter<?> parentKey(RelationshipProp r, int i) {
        InstanceState parent = owner;
        ColumnProp p = parent.mapper.columnProp(r.referenced.get(i));
        return SQL.bindparamCallable(null, () -> p.get(parent.instance, parent), (TypeEngine) p.column.type());
    }

    private RelationshipProp ofForeignKeys(String what) {
        RelationshipProp r = bound();
        if (r.declared.join() != null) {
            throw new ArgumentException(what + " of write-only " + r + " needs a relationship of foreign keys, not a primaryJoin");
        }
        return r;
    }

    private RelationshipProp oneToMany(String what) {
        RelationshipProp r = ofForeignKeys(what);
        if (r.isManyToMany()) {
            throw new ArgumentException(what + " of write-only " + r + " needs a one-to-many relationship (SQLAlchemy: for many-to-many, a separate bulk INSERT, then addAll())");
        }
        return r;
    }
}
