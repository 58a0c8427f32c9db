package dev.retort.testing;

import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Everything reflection reads about a schema, one line a fact, so that two schemas compare as text with a readable difference. */
public final class SchemaDescription {
    private SchemaDescription() {
    }

    public static String describe(MetaData md) {
        List<String> lines = new ArrayList<>();
        for (Table t : new TreeMap<>(md.tables()).values()) {
            lines.add("table " + t.name());
            for (Column<?> c : t.columns()) {
                lines.add("  column " + c.name() + " " + type(c.type()) + (c.isNullable() ? "" : " not null")
                        + (c.isAutoincrement() ? " generated" : "") + (c.serverDefault() == null ? "" : " default " + c.serverDefault()));
            }
            List<String> constraints = new ArrayList<>();
            for (Constraint k : t.constraints()) {
                String columns = k.columns().stream().map(Column::name).toList().toString();
                if (k instanceof ForeignKeyConstraint f) {
                    ForeignKey e = f.elements().get(0);
                    columns += " -> " + f.elements().stream().map(x -> x.column().toString()).toList() + " " + e.onDelete() + " " + e.onUpdate();
                }
                constraints.add("  " + k.getClass().getSimpleName() + " " + k.name() + " " + columns);
            }
            constraints.sort(null);   // databases list constraints in no particular order
            lines.addAll(constraints);
            t.indexes().stream().map(ix -> "  index " + ix.name() + " " + ix.isUnique() + " " + ix.expressions() + " " + ix.dialectKwargs())
                    .sorted().forEach(lines::add);
        }
        return String.join("\n", lines);
    }

    /** A type by class, kind, arguments and variants: what equality of types looks at. */
    public static String type(TypeEngine<?> t) {
        String s = t.getClass().getSimpleName() + ":" + t.kind() + t.typeArguments();
        return t.variants().isEmpty() ? s : s + new TreeMap<>(t.variants());
    }
}
