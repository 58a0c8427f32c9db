package dev.retort.migrate;

import dev.retort.dialect.Dialect;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.AddColumn;
import dev.retort.schema.AddConstraint;
import dev.retort.schema.AlterColumn;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DropColumn;
import dev.retort.schema.DropConstraint;
import dev.retort.schema.DropIndex;
import dev.retort.schema.DropTable;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.RenameColumn;
import dev.retort.schema.RenameTable;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.TextClause;
import dev.retort.types.TypeKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a model ({@link MetaData} declared in code) with what a database has, and writes the
 * DDL that brings the database to the model: Alembic's autogenerate. It finds tables to create
 * and drop; columns to add, drop and alter (type, nullability, presence of a server default);
 * unique and foreign key constraints to add and drop; indexes to create and drop. A rename is
 * made only when told ({@link Builder#rename}); otherwise a renamed table or column is a drop and
 * an add. On SQLite, which cannot alter columns or constraints, a table with such changes is
 * rebuilt: created anew under a temporary name, its rows copied, the old one dropped and the new
 * one renamed (Alembic's batch mode).
 *
 * <pre>{@code
 * Migration m = SchemaDiff.builder().rename("people", "users").rename("users.fullname", "name").build()
 *         .compare(Schema.metadata, engine);
 * m.apply(engine, false);
 * }</pre>
 *
 * Not compared: CHECK constraints, comments, server default values beyond their presence, and
 * primary keys (changing one is left to hand-written DDL). Tables of the connection's own schema
 * only; {@code flyway_schema_history} is never dropped.
 */
public final class SchemaDiff {
    /** Tables a migration tool keeps for itself, which the model never declares. */
    private static final Set<String> KEPT = Set.of("flyway_schema_history");
    private static final String TEMPORARY = "_retort_tmp_";

    private final Map<String, String> tableRenames;
    private final Map<String, Map<String, String>> columnRenames;

    private SchemaDiff(Builder b) {
        this.tableRenames = Map.copyOf(b.tableRenames);
        this.columnRenames = Map.copyOf(b.columnRenames);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reflects the database of {@code engine} and compares the model with it. */
    public Migration compare(MetaData model, Engine engine) {
        MetaData database = new MetaData();
        database.reflect(engine);
        return compare(model, database, engine.dialect());
    }

    /** Compares the model with {@code database} (reflected from a database of {@code dialect}). */
    public Migration compare(MetaData model, MetaData database, Dialect dialect) {
        return new Run(model, database, dialect).migration();
    }

    /** One comparison. */
    private final class Run {
        private final MetaData model;
        private final MetaData database;
        private final Dialect dialect;
        private final boolean sqlite;
        private final List<Migration.Step> steps = new ArrayList<>();
        /** Database tables by the name of the model table they are (after renames). */
        private final Map<String, Table> matched = new LinkedHashMap<>();

        Run(MetaData model, MetaData database, Dialect dialect) {
            this.model = model;
            this.database = database;
            this.dialect = dialect;
            this.sqlite = dialect.name().equals("sqlite");
        }

        Migration migration() {
            MetaData current = renamed();
            Map<String, Table> existing = new LinkedHashMap<>();
            current.tables().values().forEach(t -> existing.put(t.name(), t));
            for (Table t : model.sortedTables()) {
                Table old = existing.remove(t.name());
                if (old != null) {
                    matched.put(t.name(), old);
                }
            }
            for (Table t : model.sortedTables()) {
                if (!matched.containsKey(t.name())) {
                    createTable(t);
                }
            }
            for (Table t : model.sortedTables()) {
                Table old = matched.get(t.name());
                if (old != null) {
                    alterTable(t, old);
                }
            }
            List<Table> dropped = new ArrayList<>(current.sortedTables());
            Collections.reverse(dropped);
            for (Table old : dropped) {
                if (existing.containsKey(old.name()) && !KEPT.contains(old.name().toLowerCase(Locale.ROOT))) {
                    step("Drop table " + old.name(), true, List.of(sql(new DropTable(old))));
                }
            }
            return new Migration(dialect.name(), steps);
        }

        /**
         * Makes the renames the database allows (the old name there, the new one not), columns
         * first while their tables have their old names, and returns the database as it is after
         * them: a copy of its tables under their new names, which the rest of the diff compares.
         */
        private MetaData renamed() {
            Map<String, String> tables = new LinkedHashMap<>();
            tableRenames.forEach((from, to) -> {
                if (database.tables().containsKey(from) && model.tables().containsKey(to) && !database.tables().containsKey(to)) {
                    tables.put(from, to);
                }
            });
            Map<String, Map<String, String>> columns = new LinkedHashMap<>();
            columnRenames.forEach((modelTable, renames) -> {
                String dbName = tables.entrySet().stream().filter(e -> e.getValue().equals(modelTable)).map(Map.Entry::getKey).findFirst().orElse(modelTable);
                Table old = database.tables().get(dbName);
                Table target = model.tables().get(modelTable);
                if (old == null || target == null) {
                    return;
                }
                renames.forEach((from, to) -> {
                    if (has(old, from) && !has(old, to) && has(target, to)) {
                        step("Rename column " + dbName + "." + from + " to " + to, false, List.of(sql(new RenameColumn(old.c(from), to))));
                        columns.computeIfAbsent(dbName, k -> new LinkedHashMap<>()).put(from, to);
                    }
                });
            });
            tables.forEach((from, to) -> step("Rename table " + from + " to " + to, false, List.of(sql(new RenameTable(database.table(from), to)))));
            return tables.isEmpty() && columns.isEmpty() ? database : Renamed.copy(database, tables, columns);
        }

        private void createTable(Table t) {
            List<String> out = new ArrayList<>();
            Set<String> types = new LinkedHashSet<>();
            t.columns().forEach(c -> types.addAll(dialect.createTypeStatements(c.type())));
            out.addAll(types);
            out.add(sql(new CreateTable(t)));
            t.indexes().forEach(ix -> out.add(sql(new CreateIndex(ix))));
            step("Create table " + t.name(), false, out);
        }

        private void alterTable(Table t, Table old) {
            Map<String, Column<?>> oldColumns = new LinkedHashMap<>();
            old.columns().forEach(c -> oldColumns.put(c.name(), c));
            /** Model column name -> the database column of that name. */
            Map<String, Column<?>> pairs = new LinkedHashMap<>();
            for (Column<?> c : t.columns()) {
                Column<?> o = oldColumns.remove(c.name());
                if (o != null) {
                    pairs.put(c.name(), o);
                }
            }
            List<Column<?>> added = t.columns().stream().filter(c -> !pairs.containsKey(c.name())).toList();
            List<Column<?>> droppedColumns = new ArrayList<>(oldColumns.values());
            Map<Column<?>, Set<AlterColumn.Change>> altered = new LinkedHashMap<>();
            for (Column<?> c : t.columns()) {
                Column<?> o = pairs.get(c.name());
                if (o != null) {
                    Set<AlterColumn.Change> changes = changes(c, o);
                    if (!changes.isEmpty()) {
                        altered.put(c, changes);
                    }
                }
            }
            Map<String, Object> modelKeys = constraintKeys(t);
            Map<String, Object> oldKeys = constraintKeys(old);
            List<Object> addedKeys = modelKeys.entrySet().stream().filter(e -> !oldKeys.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
            List<Object> droppedKeys = oldKeys.entrySet().stream().filter(e -> !modelKeys.containsKey(e.getKey())).map(Map.Entry::getValue).toList();

            boolean rebuild = sqlite && (!altered.isEmpty() || !droppedColumns.isEmpty() || !addedKeys.isEmpty() || !droppedKeys.isEmpty()
                    || added.stream().anyMatch(c -> c.isPrimaryKey() || !c.isNullable() && c.serverDefault() == null));
            if (rebuild) {
                rebuild(t, old, pairs.keySet(), !droppedColumns.isEmpty() || altered.values().stream().anyMatch(s -> s.contains(AlterColumn.Change.TYPE)));
                return;
            }
            for (Object k : droppedKeys) {
                step("Drop constraint " + k + " of " + t.name(), false, List.of(sql(new DropConstraint((Constraint) k))));
            }
            indexes(t, old, true);
            for (Column<?> c : droppedColumns) {
                step("Drop column " + t.name() + "." + c.name(), true, List.of(sql(new DropColumn(c))));
            }
            for (Column<?> c : added) {
                step("Add column " + t.name() + "." + c.name(), false, List.of(sql(new AddColumn(c))));
            }
            altered.forEach((c, changes) -> step("Alter column " + t.name() + "." + c.name() + " " + changes, changes.contains(AlterColumn.Change.TYPE),
                    List.of(sql(new AlterColumn(c, changes)))));
            for (Object k : addedKeys) {
                AddConstraint add = k instanceof ForeignKey fk ? new AddConstraint(fk) : new AddConstraint((Constraint) k);
                step("Add constraint " + describe(k) + " to " + t.name(), false, List.of(sql(add)));
            }
            indexes(t, old, false);
        }

        /** Drops ({@code drop}) the database's indexes the model lacks, or creates the model's the database lacks; an index that differs is both. */
        private void indexes(Table t, Table old, boolean drop) {
            Map<String, String> modelIx = new LinkedHashMap<>();
            t.indexes().forEach(ix -> modelIx.put(ix.name(), indexShape(ix)));
            Map<String, String> oldIx = new LinkedHashMap<>();
            old.indexes().forEach(ix -> oldIx.put(ix.name(), indexShape(ix)));
            if (drop) {
                for (Index ix : old.indexes()) {
                    if (!oldIx.get(ix.name()).equals(modelIx.get(ix.name()))) {
                        step("Drop index " + ix.name(), false, List.of(sql(new DropIndex(ix))));
                    }
                }
            } else {
                for (Index ix : t.indexes()) {
                    if (!modelIx.get(ix.name()).equals(oldIx.get(ix.name()))) {
                        step("Create index " + ix.name() + " on " + t.name(), false, List.of(sql(new CreateIndex(ix))));
                    }
                }
            }
        }

        /** What makes two indexes the same: uniqueness and elements. */
        private String indexShape(Index ix) {
            List<String> elements = new ArrayList<>();
            for (ColumnElement<?> e : ix.expressions()) {
                String name = e instanceof Column<?> c ? c.name() : e.toString();
                elements.add(name.toLowerCase(Locale.ROOT));
            }
            return ix.isUnique() + " " + elements;
        }

        /**
         * Unique and foreign key constraints by what they constrain ({@code unique [a, b]},
         * {@code fk [a] -> users [id]}): constraint objects, or a column's {@link ForeignKey}
         * in the model. Names are left out: databases name unnamed constraints themselves.
         */
        private Map<String, Object> constraintKeys(Table t) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Constraint k : t.constraints()) {
                if (k instanceof UniqueConstraint) {
                    out.put("unique " + new TreeSet<>(k.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList()), k);
                }
            }
            Set<ForeignKey> inConstraints = new LinkedHashSet<>();
            for (Constraint k : t.constraints()) {
                if (k instanceof ForeignKeyConstraint f) {
                    inConstraints.addAll(f.elements());
                    out.put(fkKey(f.elements()), f);
                }
            }
            for (ForeignKey fk : t.foreignKeyList()) {
                if (!inConstraints.contains(fk)) {
                    out.put(fkKey(List.of(fk)), fk);
                }
            }
            return out;
        }

        private String fkKey(List<ForeignKey> keys) {
            List<String> cols = keys.stream().map(fk -> fk.parent().name()).toList();
            List<String> refs = keys.stream().map(fk -> fk.target().substring(fk.target().lastIndexOf('.') + 1)).toList();
            return ("fk " + cols + " -> " + keys.get(0).targetTableKey() + " " + refs).toLowerCase(Locale.ROOT);
        }

        private String describe(Object k) {
            return k instanceof ForeignKey fk ? "foreign key " + fk.parent().name() + " -> " + fk.target() : k.toString();
        }

        /** What differs between a model column and the database's. */
        private Set<AlterColumn.Change> changes(Column<?> c, Column<?> o) {
            Set<AlterColumn.Change> out = EnumSet.noneOf(AlterColumn.Change.class);
            if (o.type().kind() != TypeKind.NULL && !dialect.typeDdl(c.type()).equalsIgnoreCase(dialect.typeDdl(o.type()))) {
                out.add(AlterColumn.Change.TYPE);
            }
            if (!c.isPrimaryKey() && c.isNullable() != o.isNullable()) {
                out.add(AlterColumn.Change.NULLABLE);
            }
            boolean generated = c.isAutoincrement() || o.isAutoincrement();
            if (!generated && hasDefault(c) != hasDefault(o)) {
                out.add(AlterColumn.Change.DEFAULT);
            }
            return out;
        }

        /** Whether a column has a server default; a reflected {@code DEFAULT NULL} (MariaDB reports it) is none. */
        private boolean hasDefault(Column<?> c) {
            Object d = c.serverDefault();
            return d != null && !(d instanceof TextClause t && t.text().trim().equalsIgnoreCase("NULL"));
        }

        /** SQLite's table rebuild: the model's table created under a temporary name, the rows copied, the old table dropped, the new one renamed. */
        private void rebuild(Table t, Table old, Set<String> kept, boolean destructive) {
            String created = sql(new CreateTable(t));
            String prefix = "CREATE TABLE " + dialect.quoteIdentifier(t.name()) + " (";
            if (!created.startsWith(prefix)) {
                throw new ArgumentException("Cannot rebuild table " + t.name() + ": unexpected CREATE TABLE " + created);
            }
            String temporary = TEMPORARY + t.name();
            List<String> out = new ArrayList<>();
            out.add("CREATE TABLE " + dialect.quoteIdentifier(temporary) + " (" + created.substring(prefix.length()));
            String columns = String.join(", ", kept.stream().map(dialect::quoteIdentifier).toList());
            if (!kept.isEmpty()) {
                out.add("INSERT INTO " + dialect.quoteIdentifier(temporary) + " (" + columns + ") SELECT " + columns + " FROM " + dialect.quoteIdentifier(old.name()));
            }
            out.add(sql(new DropTable(old)));
            out.add("ALTER TABLE " + dialect.quoteIdentifier(temporary) + " RENAME TO " + dialect.quoteIdentifier(t.name()));
            t.indexes().forEach(ix -> out.add(sql(new CreateIndex(ix))));
            step("Rebuild table " + t.name() + " (SQLite cannot alter its columns or constraints in place)", destructive, out);
        }

        private static boolean has(Table t, String column) {
            return t.columns().stream().anyMatch(c -> c.name().equals(column));
        }

        private String sql(ClauseElement ddl) {
            return ddl.compile(dialect).string();
        }

        private void step(String description, boolean destructive, List<String> statements) {
            steps.add(new Migration.Step(description, destructive, statements));
        }
    }

    /** Builds a {@link SchemaDiff}. */
    public static final class Builder {
        private final Map<String, String> tableRenames = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> columnRenames = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * A rename to make instead of a drop and an add: {@code rename("people", "users")} for a
         * table, {@code rename("users.fullname", "name")} for a column of the model's table
         * {@code users}. Made only when the database has the old name and not the new one.
         */
        public Builder rename(String from, String to) {
            if (from == null || to == null || from.isEmpty() || to.isEmpty() || to.contains(".")) {
                throw new ArgumentException("A rename is old=new (a table) or table.old=new (a column), got " + from + "=" + to);
            }
            int dot = from.lastIndexOf('.');
            if (dot < 0) {
                tableRenames.put(from, to);
            } else {
                columnRenames.computeIfAbsent(from.substring(0, dot), k -> new LinkedHashMap<>()).put(from.substring(dot + 1), to);
            }
            return this;
        }

        /** Renames given as {@code old=new} or {@code table.old=new}. */
        public Builder renames(List<String> specs) {
            for (String spec : specs) {
                String[] parts = spec.split("=", 2);
                if (parts.length != 2) {
                    throw new ArgumentException("A rename is old=new (a table) or table.old=new (a column), got '" + spec + "'");
                }
                rename(parts[0].trim(), parts[1].trim());
            }
            return this;
        }

        public SchemaDiff build() {
            return new SchemaDiff(this);
        }
    }
}
