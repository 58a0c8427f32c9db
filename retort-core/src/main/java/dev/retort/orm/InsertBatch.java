package dev.retort.orm;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;

import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Inserts rows of one table as one executemany and gives back, row by row, the values the
 * database generated for them: what a flush and {@link Session#bulkInsert} share.
 */
final class InsertBatch {
    private InsertBatch() {
    }

    /**
     * Inserts {@code rows}, the values of the columns {@code names} in order, into {@code table} and returns, for each row
     * in order, the values of the {@code generated} columns (none when it is empty). Where the
     * dialect has RETURNING the rows go as multi-row INSERTs returning those columns (see
     * {@code Connection.execute(statement, List)}); without it (MySQL) the driver's generated keys give
     * the auto-increment key, and other generated columns are read back by key afterwards.
     */
    static List<Object[]> run(Connection conn, Table table, List<String> names, List<Object[]> rows, List<Column<?>> generated) {
        if (generated.isEmpty()) {
            conn.executeRows(insert(table), names, rows);
            return List.of();
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        if (conn.dialect().supportsReturning()) {
            for (Row r : conn.executeRows(insert(table).returning(generated.toArray()), names, rows).all()) {
                out.add(r.toList().toArray());
            }
            return out;
        }
        List<Column<?>> pk = table.primaryKeyColumns();
        List<Row> keys = conn.executeRows(insert(table), names, rows).insertedPrimaryKeys();
        List<Column<?>> others = generated.stream().filter(c -> !pk.contains(c)).toList();
        for (Row key : keys) {
            Row readBack = others.isEmpty() ? null : conn.execute(select(others.toArray()).where(byKey(pk, key))).one();
            Object[] values = new Object[generated.size()];
            for (int j = 0; j < values.length; j++) {
                Column<?> c = generated.get(j);
                values[j] = pk.contains(c) ? key.get(pk.indexOf(c)) : readBack.get(others.indexOf(c));
            }
            out.add(values);
        }
        return out;
    }

    /**
     * {@link Session#bulkInsert}: each run of instances of one mapper with the same generated
     * columns (the null ones the database fills: auto-increment keys, server defaults) as one
     * {@link #run}, the generated values set on the instances.
     */
    static void insertInstances(Connection conn, List<?> instances) {
        int start = 0;
        while (start < instances.size()) {
            Mapper<?> mapper = mapperOf(instances.get(start));
            List<ColumnProp> generated = generatedOf(mapper, mapper.table(), instances.get(start), null);
            List<Object[]> rows = new ArrayList<>();
            List<String> names = List.copyOf(rowOf(mapper, mapper.table(), instances.get(start), null).keySet());
            int end = start;
            while (end < instances.size() && mapperOf(instances.get(end)) == mapper && generatedOf(mapper, mapper.table(), instances.get(end), null).equals(generated)) {
                // The same generated columns, so the same columns in the same order.
                rows.add(rowOf(mapper, mapper.table(), instances.get(end), null).values().toArray());
                end++;
            }
            List<Column<?>> columns = new ArrayList<>(generated.size());
            generated.forEach(p -> columns.add(p.column));
            List<Object[]> values = run(conn, mapper.table(), names, rows, columns);
            for (int i = 0; i < values.size(); i++) {
                for (int j = 0; j < generated.size(); j++) {
                    generated.get(j).set(instances.get(start + i), null, values.get(i)[j]);
                }
            }
            start = end;
        }
    }

    private static Mapper<?> mapperOf(Object instance) {
        if (instance == null) {
            throw new ArgumentException("bulkInsert() got a null instance");
        }
        Mapper<?> m = Registry.mapperFor(instance.getClass());
        if (m.isReadOnly()) {
            throw new ArgumentException("Cannot insert " + instance + ": " + m.entityName() + " is mapped read-only");
        }
        return m;
    }

    /** The column properties of {@code instance} the database fills: null, and auto-increment or with a server default. */
    static List<ColumnProp> generatedOf(Mapper<?> mapper, Table table, Object instance, InstanceState state) {
        List<ColumnProp> out = new ArrayList<>(1);
        for (ColumnProp p : mapper.columnProps()) {
            if (p.column.table() == table && p.get(instance, state) == null && generated(p.column)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The values of {@code instance}'s columns ({@code state} is null outside a session), those the database fills left out. */
    static Map<String, Object> rowOf(Mapper<?> mapper, Table table, Object instance, InstanceState state) {
        Map<String, Object> row = new LinkedHashMap<>();
        putRow(mapper, table, instance, state, row::put);
        return row;
    }

    /**
     * {@link #rowOf}, each column's name and value given to {@code row} in order: a flush puts them
     * straight into its row of the batch, rather than into a map made per inserted instance first.
     */
    static void putRow(Mapper<?> mapper, Table table, Object instance, InstanceState state, BiConsumer<String, Object> row) {
        for (ColumnProp p : mapper.columnProps()) {
            if (p.column.table() != table) {
                continue;
            }
            Object v = p.get(instance, state);
            Column<?> c = p.column;
            if (v == null && state == null && sentDefault(c)) {
                // bulkInsert: the default's value, as a flush writes it (UnitOfWork.insertOf), onto the instance too
                v = c.defaultValue().value();
                p.set(instance, null, v);
            }
            if (v == null && c.isPrimaryKey() && !generated(c)) {
                throw new ArgumentException("Cannot insert " + (state != null ? state : instance) + ": its primary key " + p + " is null and not generated by the database");
            }
            // a server version counter without a declared default: the database's (a trigger, a DEFAULT a migration made)
            if (v != null || !generated(c) && !(mapper.versionCounter() != null && mapper.versionCounter().server && mapper.versionCounter().prop.column == c)) {
                row.accept(c.key(), v);
            }
        }
    }

    /** Whether the database fills the column when the row leaves it out (a SQL {@code Column.defaultValue} too: its value is read back). */
    private static boolean generated(Column<?> c) {
        return c.isAutoincrement() || c.serverDefault() != null || c.defaultValue() != null && c.defaultValue().isExpression();
    }

    /**
     * Whether a null attribute of the column takes its {@code Column.defaultValue} (a constant or a
     * supplier) before the INSERT, the instance then holding the value, as SQLAlchemy's flush
     * "prefetches" a scalar default.
     */
    static boolean sentDefault(Column<?> c) {
        return c.defaultValue() != null && !c.defaultValue().isExpression() && c.sequence() == null;
    }

    private static ClauseElement[] byKey(List<Column<?>> pk, Row key) {
        ClauseElement[] where = new ClauseElement[pk.size()];
        for (int i = 0; i < where.length; i++) {
            where[i] = pk.get(i).eq(key.get(i));
        }
        return where;
    }
}
