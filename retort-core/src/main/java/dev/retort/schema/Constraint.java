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
    private volatile boolean conv;
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

    /**
     * The constraint's name: the one its table's {@link MetaData#namingConvention() naming
     * convention} gives it where one applies, else the name given, or null to let the database name it.
     */
    public String name() {
        String conventional = conventionalName();
        return conventional != null ? conventional : name;
    }

    /** The name as given, before any naming convention. */
    public String givenName() {
        return name;
    }

    /** Whether {@link #name()} is the naming convention's (which DDL shortens, where too long, as SQLAlchemy does). */
    public boolean isNameGenerated() {
        return conventionalName() != null;
    }

    /**
     * Marks the given name as final: no naming convention renames it. SQLAlchemy's {@code conv(name)}.
     *
     * <pre>{@code
     * new CheckConstraint("ck_exact", text("a > 0")).conv();   // named ck_exact whatever the convention
     * }</pre>
     */
    public Constraint conv() {
        this.conv = true;
        return this;
    }

    private String conventionalName() {
        Table t = owner != null ? owner : columns == null || columns.isEmpty() ? null : columns.get(0).table();
        String kind = conventionKind();
        if (t == null || conv || kind == null) {
            return null;
        }
        return t.metadata().namingConvention().nameFor(kind, name, t, conventionColumns(), conventionForeignKeys());
    }

    /** The naming convention key of this kind of constraint ({@code "pk"}, {@code "uq"}...), or null for none. */
    String conventionKind() {
        return null;
    }

    /** The columns a naming convention's {@code column_0_name} and the like name. */
    List<Column<?>> conventionColumns() {
        return columns == null ? List.of() : columns;
    }

    /** The foreign keys a naming convention's {@code referred_table_name} and the like name. */
    List<ForeignKey> conventionForeignKeys() {
        return List.of();
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

    /** Its name (a naming convention's too), or for an unnamed constraint its columns, such as {@code (users.id)}. */
    @Override
    public String toString() {
        String conventional;
        try {
            conventional = conventionalName();
        } catch (dev.retort.exc.ArgumentException e) {
            conventional = null; // a template needing a name this constraint lacks: DDL reports that
        }
        if (conventional != null || name != null) {
            return conventional != null ? conventional : name;
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Object ref : columns != null ? columns : columnRefs) {
            j.add(ref.toString());
        }
        return j.toString();
    }
}
