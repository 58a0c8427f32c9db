package dev.retort.orm;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;

/**
 * A column attribute that queries leave out of their SELECT until asked (the seeds'
 * {@code deferred()}): made by {@link ORM#deferred}, given to {@link Registry#mapImperatively}
 * under the attribute's key. {@link Session#loadAttribute} loads it (with the other unloaded
 * columns of its {@link #group}) by one more SELECT; {@link ORM#undefer} and
 * {@link ORM#undeferGroup} select it with the query. {@code @Basic(fetch = FetchType.LAZY)} maps
 * a field so.
 *
 * <pre>{@code
 * registry.mapImperatively(Book.class, books, Map.of(
 *         "summary", ORM.deferred(books.c("summary")).group("text"),
 *         "body", ORM.deferred(books.c("body")).group("text")));
 * Book b = session.query(Book.class).one();              // SELECT books.id, books.title FROM books
 * session.loadAttribute(b, "body");                      // SELECT books.summary, books.body FROM books WHERE books.id = ?
 * }</pre>
 */
public final class DeferredColumn {
    private final Column<?> column;
    private final String group;
    private final boolean raiseload;

    DeferredColumn(Column<?> column, String group, boolean raiseload) {
        if (column == null) {
            throw new ArgumentException("deferred() needs a column");
        }
        this.column = column;
        this.group = group;
        this.raiseload = raiseload;
    }

    /** This column in the deferred group {@code name}: loading one column of a group loads the group's others not loaded yet. */
    public DeferredColumn group(String name) {
        return new DeferredColumn(column, name, raiseload);
    }

    /** This column raising {@link dev.retort.exc.RaiseloadException} when loaded, rather than selecting it (the seeds' {@code raiseload=True}). */
    public DeferredColumn raiseload() {
        return new DeferredColumn(column, group, true);
    }

    /** The deferred column. */
    public Column<?> column() {
        return column;
    }

    /** The group's name, or null. */
    public String groupName() {
        return group;
    }

    /** Whether loading the column raises. */
    public boolean isRaiseload() {
        return raiseload;
    }
}
