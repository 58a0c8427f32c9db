package dev.retort.schema;

import dev.retort.exc.NoSuchTableException;
import java.util.List;

/**
 * A reference from a column to {@code "table.column"}, resolved through the table's
 * {@link MetaData} when first needed, so tables can be defined in any order.
 */
public final class ForeignKey {
    private final Column<?> parent;
    private final String target;
    private final String onDelete;
    private final String onUpdate;
    private volatile Column<?> resolved;

    ForeignKey(Column<?> parent, String target, String onDelete, String onUpdate) {
        if (target == null || target.indexOf('.') < 0) {
            throw new dev.retort.exc.ArgumentException("Foreign key target must be 'table.column', got '" + target + "'");
        }
        this.parent = parent;
        this.target = target;
        this.onDelete = onDelete;
        this.onUpdate = onUpdate;
    }

    /** The referencing column. */
    public Column<?> parent() {
        return parent;
    }

    /** The target as written: {@code "table.column"}. */
    public String target() {
        return target;
    }

    private static final java.util.regex.Pattern REFERENTIAL_ACTION = java.util.regex.Pattern.compile("(?i)RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT");

    /**
     * Whether {@code action} is an ON DELETE / ON UPDATE action DDL accepts: RESTRICT, CASCADE,
     * SET NULL, NO ACTION or SET DEFAULT, in any case (other text is refused when compiled).
     * Example: {@code ForeignKey.isReferentialAction("set null")} is true.
     */
    public static boolean isReferentialAction(String action) {
        return action != null && REFERENTIAL_ACTION.matcher(action).matches();
    }

    public String onDelete() {
        return onDelete;
    }

    public String onUpdate() {
        return onUpdate;
    }

    /** The referenced table's key ("schema.table" or "table"). */
    public String targetTableKey() {
        return target.substring(0, target.lastIndexOf('.'));
    }

    /** The referenced column; raises if the metadata has no such table or column. */
    public Column<?> column() {
        Column<?> c = resolved;
        if (c == null) {
            Table owner = parent.table();
            if (owner == null) {
                throw new dev.retort.exc.ArgumentException("Column '" + parent.name() + "' is not part of a table yet");
            }
            Table t = owner.metadata().tables().get(targetTableKey());
            if (t == null) {
                throw new NoSuchTableException("Foreign key on '" + parent + "' could not find table '" + targetTableKey() + "' in the metadata");
            }
            c = t.c(target.substring(target.lastIndexOf('.') + 1));
            resolved = c;
        }
        return c;
    }

    /** Whether the referenced table is in the metadata. */
    boolean isResolvable() {
        return parent.table() != null && parent.table().metadata().tables().containsKey(targetTableKey());
    }

    /**
     * The name its table's "fk" naming convention gives this column's foreign key (declared with
     * {@code Column.foreignKey}), or null without one.
     */
    public String conventionalName() {
        Table t = parent.table();
        return t == null ? null : t.metadata().namingConvention().nameFor("fk", null, t, List.of(parent), List.of(this));
    }
}
