package dev.retort.schema;

import java.util.ArrayList;
import java.util.List;

/** A table constraint over some of its columns. */
public abstract class Constraint implements SchemaItem {
    private final String name;
    private final List<Object> columnRefs;
    private List<Column<?>> columns;

    /** Columns are given as columns or column keys; keys resolve when the table takes the constraint. */
    protected Constraint(String name, List<?> columns) {
        this.name = name;
        this.columnRefs = List.copyOf(columns);
        if (columnRefs.stream().allMatch(c -> c instanceof Column<?>)) {
            this.columns = castColumns(columnRefs);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Column<?>> castColumns(List<Object> l) {
        return (List<Column<?>>) (List<?>) l;
    }

    /** The constraint's name, or null to let the database name it. */
    public String name() {
        return name;
    }

    /** The constrained columns. */
    public List<Column<?>> columns() {
        if (columns == null) {
            throw new dev.retort.exc.ArgumentException("Constraint " + name + " is not part of a table yet");
        }
        return columns;
    }

    @Override
    public void attachTo(Table table) {
        List<Column<?>> cols = new ArrayList<>();
        for (Object ref : columnRefs) {
            Column<?> c = ref instanceof Column<?> col ? col : table.c((String) ref);
            if (c.table() != table) {
                throw new dev.retort.exc.ArgumentException("Column '" + c + "' of a constraint on '" + table.name() + "' belongs to another table");
            }
            cols.add(c);
        }
        columns = List.copyOf(cols);
        table.addConstraint(this);
    }
}
