package dev.retort.schema;

import java.util.ArrayList;
import java.util.List;

/** {@code [CONSTRAINT name] FOREIGN KEY (cols) REFERENCES t (refcols)}, for composite keys. */
public final class ForeignKeyConstraint extends Constraint {
    private final List<String> targets;
    private final String onDelete;
    private final String onUpdate;
    private List<ForeignKey> elements;
    private volatile String match;

    /** {@code columnKeys[i]} references {@code targets[i]} ("table.column"). */
    public ForeignKeyConstraint(String name, List<String> columnKeys, List<String> targets, String onDelete, String onUpdate) {
        super(name, columnKeys);
        if (columnKeys.size() != targets.size() || targets.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("A foreign key constraint needs as many target columns as columns");
        }
        this.targets = List.copyOf(targets);
        this.onDelete = onDelete;
        this.onUpdate = onUpdate;
    }

    private ForeignKeyConstraint(String name, List<Column<?>> columns) {
        super(name, columns);
        this.targets = List.of();
        this.onDelete = null;
        this.onUpdate = null;
    }

    /** A key the database has, named {@code name}, over {@code columns} of a table: enough to drop it ({@link DropConstraint}). */
    static ForeignKeyConstraint reflected(String name, List<Column<?>> columns) {
        return new ForeignKeyConstraint(name, columns);
    }

    @Override
    public void attachTo(Table table) {
        super.attachTo(table);
        List<ForeignKey> fks = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            fks.add(new ForeignKey(columns().get(i), targets.get(i), onDelete, onUpdate));
        }
        elements = List.copyOf(fks);
    }

    private static final java.util.regex.Pattern MATCH = java.util.regex.Pattern.compile("(?i)FULL|PARTIAL|SIMPLE");

    /**
     * {@code MATCH FULL}, {@code MATCH PARTIAL} or {@code MATCH SIMPLE} ({@code kind} in any case),
     * or null for none: how a composite key with NULLs matches. Any other text is refused, since
     * DDL writes it as a keyword; MySQL and MariaDB, which would drop the ON DELETE / ON UPDATE
     * actions of such a key, raise {@code CompileException} when it is set.
     *
     * <pre>{@code
     * new ForeignKeyConstraint(null, List.of("a", "b"), List.of("p.a", "p.b"), "CASCADE", null).match("FULL");
     * // FOREIGN KEY(a, b) REFERENCES p (a, b) MATCH FULL ON DELETE CASCADE
     * }</pre>
     */
    public ForeignKeyConstraint match(String kind) {
        if (kind != null && !MATCH.matcher(kind).matches()) {
            throw new dev.retort.exc.ArgumentException("Foreign key " + this + ": MATCH takes FULL, PARTIAL or SIMPLE, got '" + kind + "'");
        }
        this.match = kind;
        return this;
    }

    /** FULL, PARTIAL or SIMPLE as given, or null. */
    public String match() {
        return match;
    }

    /** One foreign key per column pair. */
    public List<ForeignKey> elements() {
        return elements == null ? List.of() : elements;
    }

    @Override
    String conventionKind() {
        return "fk";
    }

    @Override
    List<ForeignKey> conventionForeignKeys() {
        return elements();
    }
}
