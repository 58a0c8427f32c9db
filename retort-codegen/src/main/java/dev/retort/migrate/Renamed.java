package dev.retort.migrate;

import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A reflected schema as it will be after some renames: copies of its tables under their new names, with their columns, keys and indexes. */
final class Renamed {
    private Renamed() {
    }

    /** {@code database}'s tables copied into a new MetaData, renamed by {@code tables} (old → new) and their columns by {@code columns} (old table → old → new). */
    static MetaData copy(MetaData database, Map<String, String> tables, Map<String, Map<String, String>> columns) {
        MetaData out = new MetaData();
        for (Table t : database.tables().values()) {
            Map<String, String> cols = columns.getOrDefault(t.name(), Map.of());
            List<SchemaItem> items = new ArrayList<>();
            for (Column<?> c : t.columns()) {
                Column<?> copy = Column.of(cols.getOrDefault(c.name(), c.name()), c.type()).nullable(c.isNullable()).autoincrement(c.isAutoincrement());
                if (c.serverDefault() != null) {
                    copy.serverDefault(c.serverDefault());
                }
                if (c.computed() != null) {
                    copy.computed(c.computed(), c.isComputedStored());
                }
                copy.comment(c.comment());
                items.add(copy);
            }
            for (Constraint k : t.constraints()) {
                List<String> names = k.columns().stream().map(c -> cols.getOrDefault(c.name(), c.name())).toList();
                if (k instanceof PrimaryKeyConstraint) {
                    items.add(new PrimaryKeyConstraint(names));
                } else if (k instanceof CheckConstraint ck) {
                    items.add(new CheckConstraint(ck.name(), ck.condition()));
                } else if (k instanceof UniqueConstraint) {
                    items.add(new UniqueConstraint(k.name(), names));
                } else if (k instanceof ForeignKeyConstraint f) {
                    List<String> targets = new ArrayList<>();
                    for (ForeignKey fk : f.elements()) {
                        String table = fk.targetTableKey();
                        String column = fk.target().substring(table.length() + 1);
                        column = columns.getOrDefault(table, Map.of()).getOrDefault(column, column);
                        targets.add(tables.getOrDefault(table, table) + "." + column);
                    }
                    ForeignKey first = f.elements().get(0);
                    items.add(new ForeignKeyConstraint(k.name(), names, targets, first.onDelete(), first.onUpdate()));
                }
            }
            Table copy = new Table(tables.getOrDefault(t.name(), t.name()), t.schema(), out, items.toArray(new SchemaItem[0])).comment(t.comment());
            if (t.isView()) {
                copy.viewDefinition(t.viewDefinition());
            }
            for (Index ix : t.indexes()) {
                ColumnElement<?>[] elements = ix.expressions().stream()
                        .map(e -> e instanceof Column<?> c ? copy.c(cols.getOrDefault(c.name(), c.name())) : SQL.literalColumn(e.toString()))
                        .toArray(ColumnElement<?>[]::new);
                Index index = ix.isUnique() ? Index.unique(ix.name(), elements) : new Index(ix.name(), elements);
                index.attachTo(copy);
                ix.dialectKwargs().forEach(index::dialectKw);
            }
        }
        return out;
    }
}
