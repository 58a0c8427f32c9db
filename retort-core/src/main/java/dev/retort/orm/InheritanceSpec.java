package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.sql.FromClause;
import java.util.List;

/**
 * Where a mapped class stands in a class hierarchy, given to
 * {@link Registry#mapImperatively(Class, dev.retort.schema.Table, java.util.Map, InheritanceSpec)}:
 * the base names the discriminator column ({@link ORM#polymorphicOn}), a subclass its mapped
 * superclass ({@link ORM#inherits}); each its value of the discriminator ({@link #identity}).
 * A subclass mapped to the base's table is single-table inheritance; mapped to a table of its
 * own, whose primary key refers to the base's, it is joined-table inheritance. Immutable.
 *
 * <pre>{@code
 * registry.mapImperatively(Employee.class, employees, Map.of(), ORM.polymorphicOn(employees.c("type")).identity("employee"));
 * registry.mapImperatively(Manager.class, managers, Map.of(), ORM.inherits(Employee.class).identity("manager"));     // joined
 * registry.mapImperatively(Engineer.class, employees, Map.of(), ORM.inherits(Employee.class).identity("engineer")); // single table
 * session.query(Employee.class).all();          // Employee, Manager and Engineer instances
 * }</pre>
 *
 * <p>A subclass has its superclass's column attributes; a column of a superclass's table given among its properties is
 * that attribute under the subclass's own key, so two single-table subclasses may share one column of the base's
 * table under keys of their own (SQLAlchemy's {@code mapped_column("target_id", use_existing_column=True)}):
 *
 * <pre>{@code
 * registry.mapImperatively(Engineer.class, people, Map.of("eTargetId", people.c("target_id"),
 *         "target", ORM.relationship(Other.class)), ORM.inherits(Person.class).identity("engineer"));
 * registry.mapImperatively(Manager.class, people, Map.of("mTargetId", people.c("target_id"),
 *         "target", ORM.relationship(Other.class)), ORM.inherits(Person.class).identity("manager"));
 * }</pre>
 *
 * <p>A query of a class loads the rows of all its mapped subclasses in full, their tables
 * outer-joined (the seeds' {@code with_polymorphic="*"}); {@link #withPolymorphic(List)} names the
 * subclasses whose tables it joins instead (the others' own columns are loaded by one more
 * statement per instance), and {@link #withPolymorphic(List, FromClause)} the FROM clause too.
 */
public final class InheritanceSpec {
    private final Column<?> polymorphicOn;
    private final Class<?> parent;
    private final Object identity;
    private final List<Class<?>> withPolymorphic;
    private final FromClause polymorphicSelectable;

    InheritanceSpec(Column<?> polymorphicOn, Class<?> parent, Object identity) {
        this(polymorphicOn, parent, identity, null, null);
    }

    private InheritanceSpec(Column<?> polymorphicOn, Class<?> parent, Object identity, List<Class<?>> withPolymorphic, FromClause selectable) {
        this.polymorphicOn = polymorphicOn;
        this.parent = parent;
        this.identity = identity;
        this.withPolymorphic = withPolymorphic;
        this.polymorphicSelectable = selectable;
    }

    /** The value of the discriminator column that marks rows of this class (the seeds' {@code polymorphic_identity}). */
    public InheritanceSpec identity(Object value) {
        return new InheritanceSpec(polymorphicOn, parent, value, withPolymorphic, polymorphicSelectable);
    }

    /**
     * The subclasses whose tables a query of this class outer-joins, to load their rows in full
     * (the seeds' mapper-level {@code with_polymorphic=[...]}); a subclass not named (nor above
     * a named one) loads as its own class, its own columns read by one more statement per
     * instance. Null: every subclass ({@code "*"}, the default). The classes may be mapped later.
     *
     * <pre>{@code
     * ORM.polymorphicOn(people.c("type")).identity("person").withPolymorphic(List.of(Engineer.class))
     * // session.query(Person.class): FROM people LEFT OUTER JOIN engineers ON people.person_id = engineers.person_id
     * }</pre>
     */
    public InheritanceSpec withPolymorphic(List<Class<?>> classes) {
        return new InheritanceSpec(polymorphicOn, parent, identity, classes == null ? null : List.copyOf(classes), polymorphicSelectable);
    }

    /**
     * {@link #withPolymorphic(List)} with the FROM clause its queries read: a join of the tables,
     * or a subquery with a column for each column the classes load
     * ({@code with_polymorphic=([...], selectable)}); {@code classes} null for every subclass.
     */
    public InheritanceSpec withPolymorphic(List<Class<?>> classes, FromClause selectable) {
        if (selectable == null) {
            throw new dev.retort.exc.ArgumentException("withPolymorphic(classes, selectable) needs a FROM clause, not null");
        }
        return new InheritanceSpec(polymorphicOn, parent, identity, classes == null ? null : List.copyOf(classes), selectable);
    }

    List<Class<?>> withPolymorphicClasses() {
        return withPolymorphic;
    }

    FromClause polymorphicSelectable() {
        return polymorphicSelectable;
    }

    Column<?> polymorphicOn() {
        return polymorphicOn;
    }

    Class<?> parent() {
        return parent;
    }

    Object identityValue() {
        return identity;
    }
}
