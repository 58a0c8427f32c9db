package dev.retort.schema;

import java.util.ArrayList;
import java.util.List;

/** {@code [CONSTRAINT name] FOREIGN KEY (cols) REFERENCES t (refcols)}, for composite keys. */
public final class ForeignKeyConstraint extends Constraint {
    private final List<String> targets;
    private final String onDelete;
    private final String onUpdate;
    private List<ForeignKey> elements;

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

    @Override
    public void attachTo(Table table) {
        super.attachTo(table);
        List<ForeignKey> fks = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            fks.add(new ForeignKey(columns().get(i), targets.get(i), onDelete, onUpdate));
        }
        elements = List.copyOf(fks);
    }

    /** One foreign key per column pair. */
    public List<ForeignKey> elements() {
        return elements == null ? List.of() : elements;
    }
}
