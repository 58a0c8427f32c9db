package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.orm.Mapper;
import dev.retort.orm.Session;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SQL;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a document only to list what it refers to: tables with their columns, and entities.
 * Nothing is resolved and no node is built; references answer stand-ins of the right type.
 */
final class ReferenceCollector extends Rebuilder {
    private static final ClauseElement PLACEHOLDER = SQL.nullLiteral();

    private final Map<String, Set<String>> tables = new LinkedHashMap<>();
    private final Set<String> entities = new LinkedHashSet<>();
    private final MetaData scratch = new MetaData();
    private int standIns;

    ReferenceCollector(SerializerLimits limits) {
        super(null, limits);
    }

    @Override
    Table table(String key, long offset) {
        tables.computeIfAbsent(key, k -> new LinkedHashSet<>());
        return new Table("stand-in " + standIns++, scratch);
    }

    @Override
    Column<?> column(String tableKey, String columnKey, long offset) {
        tables.computeIfAbsent(tableKey, k -> new LinkedHashSet<>()).add(columnKey);
        Column<Object> c = Column.of(columnKey, Types.NULLTYPE);
        new Table("stand-in " + standIns++, scratch, c);
        return c;
    }

    @Override
    Mapper<?> entity(String entityName, long offset) {
        entities.add(entityName);
        return null;
    }

    @Override
    Session session() {
        return null;
    }

    @Override
    Engine engine(long offset) {
        return null;
    }

    @Override
    ClauseElement node(String kind, List<String> names, List<Object> values, long offset) {
        return PLACEHOLDER;
    }

    QueryReferences references() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        tables.forEach((t, cols) -> out.put(t, List.copyOf(new ArrayList<>(cols))));
        return new QueryReferences(Collections.unmodifiableMap(out), List.copyOf(entities));
    }
}
