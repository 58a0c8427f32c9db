package dev.retort.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * What an {@code ON CONFLICT} clause (PostgreSQL, SQLite) is about: the columns or expressions
 * of a unique index, optionally with the WHERE of a partial index, or (PostgreSQL) a constraint
 * by name.
 *
 * <pre>{@code
 * insert(t).values(row).onConflictDoNothing(ConflictTarget.of(t.c("email")).where(t.c("deleted").isFalse()));
 * insert(t).values(row).onConflictDoUpdate(ConflictTarget.constraint("t_pkey"), Map.of("hits", excluded(t).c("hits")));
 * }</pre>
 */
public final class ConflictTarget {
    private final List<Object> elements;
    private final ColumnElement<Boolean> indexWhere;
    private final String constraint;

    private ConflictTarget(List<Object> elements, ColumnElement<Boolean> indexWhere, String constraint) {
        this.elements = elements;
        this.indexWhere = indexWhere;
        this.constraint = constraint;
    }

    /** The columns (or column keys) and expressions of a unique index. */
    public static ConflictTarget of(Object... indexElements) {
        return of(List.of(indexElements));
    }

    /** The columns (or column keys) and expressions of a unique index. */
    public static ConflictTarget of(List<?> indexElements) {
        if (indexElements.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A conflict target needs at least one column or expression");
        }
        return new ConflictTarget(List.copyOf(indexElements), null, null);
    }

    /** A unique or exclusion constraint by name ({@code ON CONFLICT ON CONSTRAINT name}, PostgreSQL only). */
    public static ConflictTarget constraint(String name) {
        return new ConflictTarget(List.of(), null, Identifiers.check(java.util.Objects.requireNonNull(name, "constraint name"), "constraint"));
    }

    /**
     * A unique or exclusion constraint of a table ({@code ON CONFLICT ON CONSTRAINT name}, PostgreSQL
     * only), by the name its CREATE TABLE gives it: a naming convention's name longer than
     * PostgreSQL's 63 characters is shortened as DDL shortens it (SQLAlchemy's
     * {@code on_conflict_do_nothing(constraint=uq)}), where the name as a string would be cut by
     * the server to another one.
     *
     * <pre>{@code
     * UniqueConstraint uq = new UniqueConstraint("email");   // named by the metadata's "uq" convention
     * Table users = new Table("users", metadata, id, email, uq);
     * insert(users).values(row).onConflictDoNothing(ConflictTarget.constraint(uq));
     * }</pre>
     */
    public static ConflictTarget constraint(dev.retort.schema.Constraint constraint) {
        String name = java.util.Objects.requireNonNull(constraint, "constraint").name();
        if (name == null) {
            throw new dev.retort.exc.ArgumentException("ON CONFLICT ON CONSTRAINT needs a named constraint: " + constraint + " has no name");
        }
        return constraint(constraint.isNameGenerated()
                ? dev.retort.schema.NamingConvention.shortened(name, dev.retort.dialect.Dialects.postgresql().maxIdentifierLength()) : name);
    }

    /** The target of a partial unique index: its columns and the index's WHERE. */
    public ConflictTarget where(ColumnElement<Boolean> indexPredicate) {
        if (constraint != null) {
            throw new dev.retort.exc.ArgumentException("A constraint target has no index WHERE");
        }
        return new ConflictTarget(elements, indexPredicate, null);
    }

    /** The index elements resolved against {@code table}: a key names a column. */
    List<ClauseElement> elements(TableClause table) {
        List<ClauseElement> out = new ArrayList<>();
        for (Object e : elements) {
            if (e instanceof String key) {
                out.add(table.c(key));
            } else if (e instanceof ColumnElement<?> c) {
                out.add(c);
            } else {
                throw new dev.retort.exc.ArgumentException("A conflict target element is a column key or an expression, not " + e);
            }
        }
        return out;
    }

    ColumnElement<Boolean> indexWhere() {
        return indexWhere;
    }

    String constraint() {
        return constraint;
    }
}
