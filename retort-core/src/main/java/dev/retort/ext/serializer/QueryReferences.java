package dev.retort.ext.serializer;

import java.util.List;
import java.util.Map;

/**
 * What a serialized query needs from the loading side, listed without a schema.
 *
 * <pre>{@code
 * QueryReferences refs = QuerySerializer.references(data);
 * refs.tables();      // {users=[name, id], orders=[qty, user_id]}
 * refs.entities();    // mapped entity names of an ORM query
 * }</pre>
 *
 * @param tables table keys with the keys of their columns referred to, in order of first use
 * @param entities mapped entity names, in order of first use
 */
public record QueryReferences(Map<String, List<String>> tables, List<String> entities) {
}
