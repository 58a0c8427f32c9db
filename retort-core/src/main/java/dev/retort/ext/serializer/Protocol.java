package dev.retort.ext.serializer;

/**
 * The formats {@link QuerySerializer} writes. Both carry the same tree; {@code loads} tells
 * them apart by their first byte.
 */
public enum Protocol {
    /** Compact binary: a magic header, names written once, varints. The default. */
    BINARY,
    /** The same tree as readable JSON, for people and other languages. */
    JSON
}
