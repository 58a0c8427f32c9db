package dev.retort.schema;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Inspector;
import dev.retort.dialect.Inspector.ColumnInfo;
import dev.retort.dialect.Inspector.ConstraintInfo;
import dev.retort.dialect.Inspector.ForeignKeyInfo;
import dev.retort.dialect.Inspector.IndexInfo;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.NoSuchTableException;
import dev.retort.exc.OperationalException;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import dev.retort.sql.SchemaTranslateMap;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds {@link Table}s in a {@link MetaData} from what the engine dialect's {@link Inspector}
 * reads: columns with Retort types, nullability, server defaults (as {@code text()}), generated
 * keys, identity and computed columns, comments, the primary key, foreign keys, unique and check
 * constraints, indexes, table options (as the dialect's table arguments) and, when asked, views. A table that a reflected
 * foreign key refers to is reflected too, so that every key resolves; a table the metadata
 * already has is kept as it is, not read again.
 */
final class Reflector {
    private final MetaData metadata;
    private final Dialect dialect;
    private final Inspector inspector;
    private final java.sql.Connection jdbc;
    private final String defaultSchema;
    /** The connection's schema translations (null: none): a schema is read where they map it, and keeps its name in the metadata. */
    private final SchemaTranslateMap translate;

    private Reflector(MetaData metadata, Connection conn) {
        this.metadata = metadata;
        this.dialect = conn.dialect();
        this.inspector = dialect.inspector();
        this.jdbc = conn.jdbc();
        this.translate = conn.schemaTranslateMap();
        this.defaultSchema = read("the default schema", () -> inspector.defaultSchema(jdbc));
    }

    /** Runs {@code work} with a reflector reading through one connection of {@code engine}. */
    static <T> T using(MetaData metadata, Engine engine, Function<Reflector, T> work) {
        try (Connection conn = engine.connect()) {
            return work.apply(new Reflector(metadata, conn));
        }
    }

    /** Reflects the tables the options choose. */
    void reflect(ReflectOptions options) {
        String schema = options.schema();
        List<String> available = new ArrayList<>(read("the tables of schema " + where(schema), () -> inspector.tableNames(jdbc, where(schema))));
        List<String> views = options.views() ? read("the views of schema " + where(schema), () -> inspector.viewNames(jdbc, where(schema))) : List.of();
        available.addAll(views);
        for (String name : options.select(available, "schema " + where(schema))) {
            Table t = table(schema, name);
            if (views.contains(name) && !t.isView()) {
                String definition = read("the definition of view " + name, () -> inspector.viewDefinition(jdbc, where(schema), name));
                t.markView(definition != null ? definition : "");
            }
        }
    }

    /** The table {@code name} of {@code schema} (null: the connection's own), reflected unless the metadata has it. */
    Table table(String schema, String name) {
        Table known = metadata.tables().get(key(schema, name));
        if (known != null) {
            return known;
        }
        String where = where(schema);
        String what = "table " + where + "." + name;
        List<ColumnInfo> columns = read("the columns of " + what, () -> inspector.columns(jdbc, where, name));
        if (columns.isEmpty()) {
            throw new NoSuchTableException("Could not reflect table '" + name + "': schema " + where + " has no such table");
        }
        ConstraintInfo pk = read("the primary key of " + what, () -> inspector.primaryKey(jdbc, where, name));
        List<ConstraintInfo> uniques = read("the unique constraints of " + what, () -> inspector.uniqueConstraints(jdbc, where, name));
        List<ForeignKeyInfo> fks = read("the foreign keys of " + what, () -> inspector.foreignKeys(jdbc, where, name));
        List<IndexInfo> indexes = read("the indexes of " + what, () -> inspector.indexes(jdbc, where, name));
        List<Inspector.CheckInfo> checks = read("the check constraints of " + what, () -> inspector.checkConstraints(jdbc, where, name));
        Map<String, String> comments = read("the column comments of " + what, () -> inspector.columnComments(jdbc, where, name));
        Map<String, Inspector.GeneratedInfo> generated = new java.util.HashMap<>();
        read("the generated columns of " + what, () -> inspector.generatedColumns(jdbc, where, name)).forEach(g -> generated.put(g.column(), g));
        Map<String, Object> options = read("the options of " + what, () -> inspector.tableOptions(jdbc, where, name));

        List<SchemaItem> items = new ArrayList<>();
        for (ColumnInfo info : columns) {
            Column<?> c = column(info);
            c.comment(comments.get(info.name()));
            Inspector.GeneratedInfo g = generated.get(info.name());
            if (g != null && g.identity()) {
                c.autoincrement(true);
            } else if (g != null && g.expression() != null) {
                // Drivers may report the expression as the column's default too.
                c.serverDefault(null).computed(g.expression(), g.stored());
            }
            items.add(c);
        }
        checks.forEach(ck -> items.add(new CheckConstraint(ck.name(), SQL.text(ck.sql()))));
        if (pk != null) {
            items.add(new PrimaryKeyConstraint(pk.columns()));
        }
        uniques.forEach(u -> items.add(new UniqueConstraint(u.name(), u.columns())));
        for (ForeignKeyInfo fk : fks) {
            String target = key(referredSchema(fk, schema), fk.referredTable());
            List<String> targets = fk.referredColumns().stream().map(col -> target + "." + col).toList();
            items.add(new ForeignKeyConstraint(fk.name(), fk.columns(), targets, fk.onDelete(), fk.onUpdate()));
        }
        Map<String, Object> kwargs = new java.util.TreeMap<>();
        options.forEach((argument, value) -> kwargs.put(dialect.name() + "_" + argument, value));
        Table table = new Table(name, schema, metadata, kwargs, items.toArray(new SchemaItem[0]));
        table.comment(read("the comment of " + what, () -> inspector.tableComment(jdbc, where, name)));
        indexes.forEach(ix -> index(table, ix));
        for (ForeignKeyInfo fk : fks) {
            table(referredSchema(fk, schema), fk.referredTable());
        }
        return table;
    }

    private static Column<?> column(ColumnInfo info) {
        Column<?> c = Column.of(info.name(), info.type()).nullable(info.nullable()).autoincrement(info.autoincrement());
        if (info.defaultSql() != null) {
            c.serverDefault(SQL.text(info.defaultSql()));
        }
        return c;
    }

    /** An index over the table's columns, or over expressions given as SQL; a partial one keeps its condition as {@code <dialect>_where}. */
    private void index(Table table, IndexInfo info) {
        ColumnElement<?>[] elements = info.elements().stream().map(e -> sorted(element(table, e), info.columnSorting().getOrDefault(e, List.of())))
                .toArray(ColumnElement<?>[]::new);
        Index ix = info.unique() ? Index.unique(info.name(), elements) : new Index(info.name(), elements);
        if (info.where() != null) {
            ix.dialectKw(dialect.name() + "_where", SQL.text(info.where()));
        }
        info.options().forEach((argument, value) -> ix.dialectKw(dialect.name() + "_" + argument, value));
        ix.attachTo(table);
    }

    /** An index element in its order: {@code desc()}, {@code nullsFirst()}, {@code nullsLast()} as {@code sorting}'s words say. */
    private static ColumnElement<?> sorted(ColumnElement<?> e, List<String> sorting) {
        ColumnElement<?> out = sorting.contains("desc") ? e.desc() : e;
        return sorting.contains("nulls_first") ? out.nullsFirst() : sorting.contains("nulls_last") ? out.nullsLast() : out;
    }

    private static ColumnElement<?> element(Table table, String element) {
        for (Column<?> c : table.columns()) {
            if (c.name().equals(element)) {
                return c;
            }
        }
        return SQL.literalColumn(element);
    }

    /**
     * The schema, as this metadata names it, of a table a foreign key refers to: the referring
     * table's when the two share a schema, none when it is the connection's own.
     */
    private String referredSchema(ForeignKeyInfo fk, String schema) {
        String referred = fk.referredSchema();
        if (referred == null || referred.equals(where(schema))) {
            return schema;
        }
        return referred.equals(defaultSchema) ? null : referred;
    }

    /** The database schema that the metadata's {@code schema} is read from: translated, the default one for none. */
    private String where(String schema) {
        String effective = translate == null ? schema : translate.schemaFor(schema);
        return effective != null ? effective : defaultSchema;
    }

    private static String key(String schema, String name) {
        return schema == null ? name : schema + "." + name;
    }

    /** A catalog read that may fail in the driver. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException;
    }

    private static <T> T read(String what, Read<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            throw new OperationalException("Could not read " + what + ": " + e.getMessage(), "", List.of(), e);
        }
    }
}
