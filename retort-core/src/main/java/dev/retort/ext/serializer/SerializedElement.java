package dev.retort.ext.serializer;

import java.io.Serializable;

/**
 * What a {@link Serializer} writes in place of a SQL element: the element in the binary
 * protocol, tables and columns as references. The only Retort class a {@link Deserializer}
 * admits.
 *
 * @param data the element as {@link QuerySerializer#dumps(Object)} writes it
 */
record SerializedElement(byte[] data) implements Serializable {
}
