package dev.retort.ext.serializer;

import java.util.UUID;

/**
 * The writing side of one format: the {@link Encoder} walks a tree and calls these in order;
 * {@link BinarySink} and {@link JsonSink} spell them out. See docs/serialization-format.md.
 */
interface TreeSink {
    void nullValue();

    void bool(boolean b);

    void intValue(int i);

    void longValue(long l);

    void shortValue(short s);

    void doubleValue(double d);

    void floatValue(float f);

    void string(String s);

    /** A value written as text under a scalar tag (decimal, big integer, the java.time types). */
    void text(ScalarTag tag, String text);

    void bytes(byte[] b);

    void uuid(UUID u);

    void beginList(int size);

    void endList();

    void enumValue(String family, String constant);

    void codecValue(String codec, String payload);

    /** A built-in type; {@code variants} variant entries follow, each {@link #variantDialect} then a type. */
    void beginSqlType(String kind, Integer length, Integer precision, Integer scale, int variants);

    void variantDialect(String dialect);

    void endSqlType(int variants);

    void codecType(String codec, String payload);

    /** A type equal to one written before, by its position among the types written so far (counted as they end). */
    void typeRef(int id);

    /** A node of a declared kind; its attributes follow, each {@link #field} then a value. */
    void beginNode(String kind, int id, int attributes);

    void endNode();

    /** Names the value that follows inside a composite (JSON writes it; the binary format is positional). */
    void field(String name);

    /** A node written before, by id. */
    void ref(int id);

    void tableRef(String key);

    void columnRef(String tableKey, String columnKey);

    /** A mapped class, by its registry's entity name. */
    void entityRef(String entityName);

    /** The session a query runs in: re-bound to the loading side's scoped session. */
    void sessionRef();

    /** An engine: re-bound to the loading side's engine. */
    void engineRef();

    /** A lightweight table; {@code columns} entries follow, each begun, given a {@code type} field, and ended. */
    void beginLightTable(int id, String name, String schema, int columns);

    void beginLightTableColumn(String name, boolean literal);

    void endLightTableColumn();

    void endLightTable();

    /** A lightweight column; fields {@code table} (a light table, a ref, or null) and {@code type} follow. */
    void beginLightColumn(int id, String name, boolean literal);

    void endLightColumn();
}
