package dev.retort.ext.serializer;

/**
 * Bounds on what {@code loads} accepts, so hostile input cannot exhaust memory or stack.
 *
 * <pre>{@code
 * QuerySerializer strict = QuerySerializer.withLimits(new SerializerLimits(64 * 1024, 64, 5_000));
 * }</pre>
 *
 * @param maxBytes the largest input accepted
 * @param maxDepth the deepest nesting of values
 * @param maxNodes the most nodes (SQL elements, lightweight tables and columns) in one input
 */
public record SerializerLimits(int maxBytes, int maxDepth, int maxNodes) {
    /** 16 MiB, depth 500, 200,000 nodes: far beyond any real query, well within a default JVM stack. */
    public static final SerializerLimits DEFAULTS = new SerializerLimits(16 * 1024 * 1024, 500, 200_000);

    public SerializerLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxNodes <= 0) {
            throw new dev.retort.exc.ArgumentException("Serializer limits must be positive: " + maxBytes + ", " + maxDepth + ", " + maxNodes);
        }
    }
}
