package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.Operator;
import dev.retort.sql.SQL;
import dev.retort.sql.UnaryExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a query's results by keyset ("seek") pagination, made by
 * {@link Query#keysetPage}: the next page is the query restricted to rows after this page's
 * last one in the ORDER BY, as {@code a > :a OR (a = :a AND b > :b)} (which every database
 * reads the same, and which uses an index on the columns), with the same LIMIT.
 *
 * <pre>{@code
 * KeysetPage<Book> page = session.query(Book.class).orderBy(desc(ORM.attr(Book.class, "price")), ORM.attr(Book.class, "id")).keysetPage(20);
 * page.items();            // the first 20
 * page = page.next();      // the next 20 (empty when none are left)
 * }</pre>
 *
 * @param <T> the entity's class
 */
public final class KeysetPage<T> {
    /** An ORDER BY attribute and its direction. */
    private record Key(ColumnProp prop, boolean descending) {
    }

    private final Query<T> query;
    private final int size;
    private final List<Key> keys;
    private final List<T> items;

    private KeysetPage(Query<T> query, int size, List<Key> keys, List<T> items) {
        this.query = query;
        this.size = size;
        this.keys = keys;
        this.items = List.copyOf(items);
    }

    static <T> KeysetPage<T> first(Query<T> query, int size) {
        if (size < 1) {
            throw new ArgumentException("A page holds at least one result");
        }
        if (query.entities().size() != 1 || !(query.entities().get(0) instanceof Mapper<?> m)) {
            throw new ArgumentException("keysetPage() pages a query of one mapped class");
        }
        if (query.ordering().isEmpty() || query.limitValue() != null || query.offsetValue() != null) {
            throw new ArgumentException("keysetPage() needs an ORDER BY (ending with the primary key) and no LIMIT or OFFSET of its own");
        }
        List<Key> keys = new ArrayList<>();
        for (ClauseElement ob : query.ordering()) {
            boolean desc = ob instanceof UnaryExpression<?> u && u.operator() == Operator.DESC;
            ClauseElement el = ob instanceof UnaryExpression<?> u && (u.operator() == Operator.DESC || u.operator() == Operator.ASC) ? u.element() : ob;
            ColumnProp p;
            if (el instanceof QueryableAttribute<?> a && a.owner() == m && m.prop(a.key()) instanceof ColumnProp cp) {
                p = cp;
            } else if (el instanceof dev.retort.schema.Column<?> c && c.table() == m.table()) {
                p = m.columnProp(c);
            } else {
                throw new ArgumentException("keysetPage() orders by columns of " + m.entityName() + ", not " + el);
            }
            keys.add(new Key(p, desc));
        }
        return new KeysetPage<>(query, size, List.copyOf(keys), query.limit(size).all());
    }

    /** The results of this page, at most the page size. */
    public List<T> items() {
        return items;
    }

    /** Whether this page is full, so that a next page may have results. */
    public boolean hasNext() {
        return items.size() == size;
    }

    /** The page after this one (empty when this one was the last). */
    public KeysetPage<T> next() {
        if (!hasNext()) {
            return new KeysetPage<>(query, size, keys, List.of());
        }
        T last = items.get(items.size() - 1);
        InstanceState st = query.session().state(last);
        List<ColumnElement<Boolean>> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<ColumnElement<Boolean>> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(column(j).eq(value(j, last, st)));
            }
            Key k = keys.get(i);
            parts.add(k.descending() ? column(i).lt(value(i, last, st)) : column(i).gt(value(i, last, st)));
            alternatives.add(SQL.and(parts.toArray(new ColumnElement<?>[0])));
        }
        ColumnElement<Boolean> after = alternatives.size() == 1 ? alternatives.get(0) : SQL.or(alternatives.toArray(new ColumnElement<?>[0]));
        return new KeysetPage<>(query, size, keys, query.filter(after).limit(size).all());
    }

    @SuppressWarnings("unchecked")
    private ColumnElement<Object> column(int i) {
        return (ColumnElement<Object>) keys.get(i).prop().column;
    }

    private Object value(int i, T last, InstanceState st) {
        Object v = keys.get(i).prop().get(last, st);
        if (v == null) {
            throw new ArgumentException("keysetPage() cannot continue after a null " + keys.get(i).prop() + ": order by columns without nulls");
        }
        return v;
    }
}
