package dev.retort.orm;

/**
 * One mapped property of a {@link Mapper}, resolved: a column, a computed expression or a
 * relationship, with how instances hold its value. Each has a position among its mapper's
 * properties, which indexes the snapshots a session keeps.
 */
abstract class Prop {
    final Mapper<?> mapper;
    final String key;
    final Accessor accessor;
    final int index;

    Prop(Mapper<?> mapper, String key, Accessor accessor, int index) {
        this.mapper = mapper;
        this.key = key;
        this.accessor = accessor;
        this.index = index;
    }

    Object get(Object instance, InstanceState state) {
        return accessor.get(instance, state);
    }

    /** Sets the property; returns what it holds now (see {@link Accessor#set}). */
    Object set(Object instance, InstanceState state, Object value) {
        return accessor.set(instance, state, value);
    }

    /** A snapshot of {@code value} that later in-place changes of it do not affect. */
    Object snapshot(Object value) {
        return value;
    }

    @Override
    public String toString() {
        return mapper.entityName() + "." + key;
    }
}
