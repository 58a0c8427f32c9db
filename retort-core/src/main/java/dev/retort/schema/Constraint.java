package dev.retort.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A table constraint over some of its columns. Constraints take dialect-specific options:
 *
 * <pre>{@code
 * new UniqueConstraint("a", "b").dialectKw("sqlite_on_conflict", "IGNORE");
 * }</pre>
 */
public abstract class Constraint implements SchemaItem, DialectKwArgs<Constraint> {
    private final String name;
    private final List<Object> columnRefs;
    private List<Column<?>> columns;
    private Table owner;
    private volatile Boolean deferrable;
    private volatile String initially;
    private final DialectKwArgs.Store dialectKw = new DialectKwArgs.Store(this);

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

    @Override
    public DialectKwArgs.Store dialectKwStore() {
        return dialectKw;
    }

    private static final java.util.regex.Pattern INITIALLY = java.util.regex.Pattern.compile("(?i)DEFERRED|IMMEDIATE");

    /**
     * {@code DEFERRABLE} (true), {@code NOT DEFERRABLE} (false) or neither (null, the default):
     * whether the database may check the constraint at commit rather than per statement
     * (PostgreSQL, SQLite; MySQL and MariaDB ignore it). SQLAlchemy's {@code deferrable=}.
     *
     * <pre>{@code
     * new ForeignKeyConstraint("fk_parent", List.of("parent_id"), List.of("parent.id"), null, null)
     *         .deferrable(true).initially("DEFERRED");
     * // ... FOREIGN KEY(parent_id) REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED
     * }</pre>
     */
    public Constraint deferrable(Boolean deferrable) {
        this.deferrable = deferrable;
        return this;
    }

    /** DEFERRABLE (true), NOT DEFERRABLE (false), or null when neither is written. */
    public Boolean deferrable() {
        return deferrable;
    }

    /**
     * {@code INITIALLY DEFERRED} or {@code INITIALLY IMMEDIATE} ({@code when} in any case), or null
     * for neither. Any other text is refused here, since DDL writes it as a keyword.
     */
    public Constraint initially(String when) {
        if (when != null && !INITIALLY.matcher(when).matches()) {
            throw new dev.retort.exc.ArgumentException("Constraint " + this + ": INITIALLY takes DEFERRED or IMMEDIATE, got '" + when + "'");
        }
        this.initially = when;
        return this;
    }

    /** DEFERRED or IMMEDIATE as given, or null. */
    public String initially() {
        return initially;
    }

    /** The constraint's name, or null to let the database name it. */
    public String name() {
        return name;
    }

    /** The table that took the constraint (for a CHECK without columns too), else the table of its columns, or null. */
    public Table table() {
        if (owner != null) {
            return owner;
        }
        return columns == null || columns.isEmpty() ? null : columns.get(0).table();
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
        owner = table;
        table.addConstraint(this);
    }

    /** Its name, or for an unnamed constraint its columns, such as {@code (users.id)}. */
    @Override
    public String toString() {
        if (name != null) {
            return name;
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Object ref : columns != null ? columns : columnRefs) {
            j.add(ref.toString());
        }
        return j.toString();
    }
}
