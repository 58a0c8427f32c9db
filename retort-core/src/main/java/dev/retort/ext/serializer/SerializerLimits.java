package dev.retort.ext.serializer;

import dev.retort.exc.ArgumentException;

/**
 * Bounds on what {@code loads} accepts, so hostile input cannot exhaust memory, stack or time.
 * Every limit counts what the input would cost once loaded, not how small it is written: a node
 * written once and referenced a thousand times counts a thousand times (with its whole subtree),
 * because compiling, comparing and keying the loaded tree visit it a thousand times. Exceeding a
 * limit raises {@link dev.retort.exc.SerializationException} naming it, before the cost is paid.
 *
 * <pre>{@code
 * QuerySerializer strict = QuerySerializer.withLimits(new SerializerLimits(64 * 1024, 64, 5_000).withMaxDigits(100));
 * }</pre>
 *
 * @param maxBytes the largest input accepted
 * @param maxDepth the deepest nesting of values
 * @param maxNodes the most nodes (SQL elements, lightweight tables and columns, types) in the expanded tree
 * @param maxChars the most characters of strings (names, text, string values) in the expanded tree: a bound on
 *                 the size of the SQL it compiles to
 * @param maxDigits the most characters in the text of a decimal or big integer, and the largest exponent (scale)
 *                  of a decimal: {@code 1e999999999} is eleven characters but a billion digits written out
 */
public record SerializerLimits(int maxBytes, int maxDepth, int maxNodes, long maxChars, int maxDigits) {
    /**
     * 16 MiB, depth 500, 200,000 nodes, 32 Mi characters, 10,000 digits: far beyond any real query, well within a
     * default JVM stack, and each loads or is refused in milliseconds.
     */
    public static final SerializerLimits DEFAULTS = new SerializerLimits(16 * 1024 * 1024, 500, 200_000, 32L * 1024 * 1024, 10_000);

    public SerializerLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxNodes <= 0 || maxChars <= 0 || maxDigits <= 0) {
            throw new ArgumentException("Serializer limits must be positive: maxBytes=" + maxBytes + ", maxDepth=" + maxDepth
                    + ", maxNodes=" + maxNodes + ", maxChars=" + maxChars + ", maxDigits=" + maxDigits);
        }
    }

    /** Limits on bytes, depth and nodes; characters and digits at their defaults. */
    public SerializerLimits(int maxBytes, int maxDepth, int maxNodes) {
        this(maxBytes, maxDepth, maxNodes, DEFAULTS.maxChars(), DEFAULTS.maxDigits());
    }

    /** These limits with another {@link #maxChars}. */
    public SerializerLimits withMaxChars(long chars) {
        return new SerializerLimits(maxBytes, maxDepth, maxNodes, chars, maxDigits);
    }

    /** These limits with another {@link #maxDigits}. */
    public SerializerLimits withMaxDigits(int digits) {
        return new SerializerLimits(maxBytes, maxDepth, maxNodes, maxChars, digits);
    }
}
