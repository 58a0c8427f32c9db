package dev.retort.ext.serializer;

/**
 * What a {@link Serializer} writes in place of an engine or a session met in an object graph; a
 * {@link Deserializer} re-binds it to the engine, or the scoped session's current session, it
 * was given.
 */
enum ContextReference {
    ENGINE,
    SESSION
}
