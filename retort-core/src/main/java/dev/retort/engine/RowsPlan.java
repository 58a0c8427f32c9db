package dev.retort.engine;

import dev.retort.dialect.Dialect;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Compiled;
import dev.retort.sql.Compiled.BoundSql;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How rows of values given by position ({@link Connection#executeRows}) bind to one compiled
 * statement: for each {@code ?} placeholder, the index of its value in a row, or the value the
 * statement itself carries; and how each placeholder binds. Made once per compiled statement
 * and list of names (kept by the {@link Engine}), so that a row binds with no parameter map, no
 * look-up by name and no type resolved per value. Immutable.
 */
final class RowsPlan {
    /** The kinds a built-in type binds as they are (see {@link #plainKind}): no conversion besides the kind's own coercion. */
    private static final java.util.Set<TypeKind> PLAIN = java.util.EnumSet.of(TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.SMALLINT,
            TypeKind.BOOLEAN, TypeKind.FLOAT, TypeKind.DOUBLE, TypeKind.NUMERIC, TypeKind.STRING, TypeKind.TEXT, TypeKind.BINARY,
            TypeKind.UUID, TypeKind.DATE, TypeKind.TIME, TypeKind.DATETIME, TypeKind.TIMESTAMP);

    final Compiled compiled;
    final List<String> names;
    final String sql;
    /** For placeholder {@code p}: the index of its value in a row, or -1 for {@code constants[p]}. */
    private final int[] source;
    private final Object[] constants;
    /** Whether a placeholder takes a value of the statement rather than of the rows: such a plan serves one statement only. */
    final boolean hasConstants;
    final TypeEngine<?>[] types;
    /** For placeholder {@code p}, non-null: its value binds through the dialect's binder as this kind, directly. */
    final TypeKind[] plainKinds;

    private RowsPlan(Compiled compiled, List<String> names, String sql, int[] source, Object[] constants, TypeEngine<?>[] types, TypeKind[] plainKinds) {
        this.compiled = compiled;
        this.names = names;
        this.sql = sql;
        this.source = source;
        this.constants = constants;
        this.types = types;
        this.plainKinds = plainKinds;
        boolean any = false;
        for (int s : source) {
            any |= s < 0;
        }
        this.hasConstants = any;
    }

    /** A row's place in the compiled form, found by binding markers in its values' stead. */
    private record Marker(int index) {
    }

    /**
     * The plan for {@code entry}'s compiled form of {@code statement} with values named
     * {@code names}, or null when the rows cannot bind by position: the SQL depends on the values
     * (an expanding IN list), the statement returns rows, or a column's supplier default
     * ({@code Column.defaultValue(Supplier)}) gives each row a value of its own. Binding markers through the compiled
     * form finds each placeholder's value exactly as a parameter map with these names would.
     */
    static RowsPlan of(CompiledCache.Entry entry, ClauseElement statement, List<String> names, Dialect dialect, ZoneId zone) {
        Compiled compiled = entry.compiled();
        // a column's supplier default gives each row its own value: no constant serves every row
        if (compiled.returnsRows() || compiled.slots().stream().anyMatch(s -> s.expanding() || s.bind().value() instanceof dev.retort.schema.ColumnDefault d && d.isSupplier())) {
            return null;
        }
        Map<String, Object> markers = new HashMap<>(2 * names.size());
        for (int i = 0; i < names.size(); i++) {
            markers.put(names.get(i), new Marker(i));
        }
        BoundSql bound = entry.bind(statement, markers);
        int n = bound.values().size();
        int[] source = new int[n];
        Object[] constants = new Object[n];
        TypeEngine<?>[] types = new TypeEngine<?>[n];
        TypeKind[] plainKinds = new TypeKind[n];
        for (int p = 0; p < n; p++) {
            Object v = bound.values().get(p);
            source[p] = v instanceof Marker m ? m.index() : -1;
            constants[p] = v instanceof Marker ? null : v;
            types[p] = bound.types().get(p);
            plainKinds[p] = plainKind(types[p], dialect, zone);
        }
        return new RowsPlan(compiled, List.copyOf(names), bound.sql(), source, constants, types, plainKinds);
    }

    /**
     * The kind a value of {@code type} binds as, with nothing but the binder's coercion of that
     * kind: a built-in type that is itself on the dialect, not JSON (written as text), not a
     * TIMESTAMP the engine's zone converts; else null (the type binds it, see {@link TypeEngine#setParameter}).
     */
    static TypeKind plainKind(TypeEngine<?> type, Dialect dialect, ZoneId zone) {
        if (!(type instanceof SqlType<?> t) || t.forDialect(dialect) != t || t.shouldEvaluateNone() || !PLAIN.contains(t.kind())) {
            return null;
        }
        return t.kind() == TypeKind.TIMESTAMP && !zone.equals(ZoneOffset.UTC) ? null : t.kind();
    }

    /** How many placeholders the SQL has. */
    int size() {
        return source.length;
    }

    /** The value of placeholder {@code p} for {@code row}. */
    Object value(Object[] row, int p) {
        int s = source[p];
        return s < 0 ? constants[p] : row[s];
    }

    /** The values of {@code row} in placeholder order, as listeners and errors show an execution's parameters; made on demand. */
    List<Object> valuesOf(Object[] row) {
        return new AbstractList<>() {
            @Override
            public Object get(int p) {
                return value(row, p);
            }

            @Override
            public int size() {
                return source.length;
            }
        };
    }

    /** {@link #valuesOf} of every row, each made when read. */
    List<List<Object>> valuesOf(List<Object[]> rows) {
        return new AbstractList<>() {
            @Override
            public List<Object> get(int i) {
                return valuesOf(rows.get(i));
            }

            @Override
            public int size() {
                return rows.size();
            }
        };
    }
}
