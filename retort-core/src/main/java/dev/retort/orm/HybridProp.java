package dev.retort.orm;

/**
 * A {@link Hybrid} attribute of a mapper: no state of instances (no accessor, no position), its
 * expression built for each entity asked for it.
 */
final class HybridProp extends Prop {
    final Hybrid<?, ?> hybrid;

    HybridProp(Mapper<?> mapper, String key, Hybrid<?, ?> hybrid) {
        super(mapper, key, null, -1);
        this.hybrid = hybrid;
    }
}
