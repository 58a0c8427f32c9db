package dev.retort.orm;

import dev.retort.schema.Column;

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
 */
public final class InheritanceSpec {
    private final Column<?> polymorphicOn;
    private final Class<?> parent;
    private final Object identity;

    InheritanceSpec(Column<?> polymorphicOn, Class<?> parent, Object identity) {
        this.polymorphicOn = polymorphicOn;
        this.parent = parent;
        this.identity = identity;
    }

    /** The value of the discriminator column that marks rows of this class (the seeds' {@code polymorphic_identity}). */
    public InheritanceSpec identity(Object value) {
        return new InheritanceSpec(polymorphicOn, parent, value);
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
