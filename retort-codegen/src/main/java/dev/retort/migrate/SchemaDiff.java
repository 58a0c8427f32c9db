package dev.retort.migrate;

import dev.retort.dialect.Dialect;
import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.OperationalException;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.AddColumn;
import dev.retort.schema.AddConstraint;
import dev.retort.schema.AlterColumn;
import dev.retort.schema.AlterSequence;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateSequence;
import dev.retort.schema.CreateTable;
import dev.retort.schema.CreateView;
import dev.retort.schema.DropColumn;
import dev.retort.schema.DropConstraint;
import dev.retort.schema.DropIndex;
import dev.retort.schema.DropSequence;
import dev.retort.schema.DropTable;
import dev.retort.schema.DropView;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.ReflectOptions;
import dev.retort.schema.RenameColumn;
import dev.retort.schema.RenameTable;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Sequence;
import dev.retort.schema.SetColumnComment;
import dev.retort.schema.SetTableComment;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.CompileOption;
import dev.retort.sql.SQL;
import dev.retort.sql.TextClause;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import dev.retort.types.TypeKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a model ({@link MetaData} declared in code) with what a database has, and writes the
 * DDL that brings the database to the model: Alembic's autogenerate. It finds tables to create
 * and drop; columns to add, drop and alter (type, nullability, server default); primary, unique,
 * foreign key and CHECK constraints to add and drop; indexes to create and drop. A rename is
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
 * Each database writes CHECK conditions and defaults back its own way ({@code (price >= (0)::numeric)}
 * on PostgreSQL, backquoted names on MariaDB), so text is compared {@linkplain #normalized normalised};
 * where that differs on PostgreSQL, which rewrites further ({@code x IN ('a', 'b')} becomes
 * {@code = ANY (ARRAY[...])}), the model's text is compared as PostgreSQL stores it (put on an
 * empty temporary copy of the table and read back, in a transaction rolled back). A named CHECK
 * is compared by name only; an unnamed one by its text. A primary key differing from the database's is
 * dropped and added (SQLite: the table is rebuilt). Views ({@link Table#viewDefinition(String)})
 * are created, replaced and dropped as views, never as tables; a view is replaced when its
 * columns differ, or its query: as written on SQLite, as PostgreSQL rewrites it on PostgreSQL (not
 * compared on MariaDB, which qualifies every name). Comments are compared too (not on SQLite,
 * which keeps none). Sequences (PostgreSQL, MariaDB; against a live database only) the model
 * declares ({@code MetaData.sequences()}) and the database lacks are created before the tables; the
 * database's own sequences no column owns and the model lacks are dropped last, as destructive
 * steps. Tables of the connection's own schema only; {@code flyway_schema_history}
 * is never dropped.
 */
public final class SchemaDiff {
    /** Tables a migration tool keeps for itself, which the model never declares. */
    private static final Set<String> KEPT = Set.of("flyway_schema_history");
    private static final String TEMPORARY = "_retort_tmp_";

    private final Map<String, String> tableRenames;
    private final Map<String, Map<String, String>> columnRenames;
    private final boolean compareDefaultValues;

    private SchemaDiff(Builder b) {
        this.tableRenames = Map.copyOf(b.tableRenames);
        this.columnRenames = Map.copyOf(b.columnRenames);
        this.compareDefaultValues = b.compareDefaultValues;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reflects the database of {@code engine} (tables and views) and compares the model with it. */
    public Migration compare(MetaData model, Engine engine) {
        MetaData database = new MetaData();
        database.reflect(engine, ReflectOptions.builder().views(true).build());
        return new Run(model, database, engine.dialect(), new Live(engine)).migration();
    }

    /**
     * Compares the model with {@code database} (reflected from a database of {@code dialect},
     * views too for them to be compared). Without the database at hand, this form assumes
     * PostgreSQL's own name of a primary key to drop ({@code <table>_pkey}), and compares a
     * PostgreSQL or MariaDB view by its columns only.
     */
    public Migration compare(MetaData model, MetaData database, Dialect dialect) {
        return new Run(model, database, dialect, null).migration();
    }

    /** What only the database itself can tell: what reflection does not keep. */
    private record Live(Engine engine) {
        /**
         * The model's sequences the database lacks; the model's sequences the database has with
         * other options, each with every option set ({@code Inspector.storedSequence}) for an
         * ALTER SEQUENCE; and the database's sequences of the connection's schema that no column
         * owns and the model lacks.
         */
        SequenceChanges sequenceChanges(MetaData model) {
            var d = engine.dialect();
            if (!d.supportsSequences()) {
                return new SequenceChanges(List.of(), List.of(), List.of());
            }
            try (Connection conn = engine.connect()) {
                var inspector = d.inspector();
                String own = inspector.defaultSchema(conn.jdbc());
                List<Sequence> missing = new ArrayList<>();
                List<Sequence> altered = new ArrayList<>();
                for (Sequence s : model.sequences().values()) {
                    Sequence stored = inspector.sequence(conn.jdbc(), s.schema() == null ? own : s.schema(), s.name());
                    Sequence wanted = inspector.storedSequence(s.optional(false));
                    if (stored == null) {
                        missing.add(s);
                    } else if (!inspector.storedSequence(stored.schema(s.schema())).equals(wanted)) {
                        altered.add(wanted);
                    }
                }
                List<Sequence> extra = new ArrayList<>();
                for (String name : inspector.standaloneSequenceNames(conn.jdbc(), own)) {
                    if (!model.sequences().containsKey(name)) {
                        extra.add(new Sequence(name));
                    }
                }
                return new SequenceChanges(missing, altered, extra);
            } catch (SQLException e) {
                throw new OperationalException("Could not read the sequences: " + e.getMessage(), null, List.of(), e);
            }
        }

        /** The enum types and domains of the connection's schema (PostgreSQL's), by name, and that schema. */
        DatabaseTypes types() {
            var d = engine.dialect();
            try (Connection conn = engine.connect()) {
                var inspector = d.inspector();
                String own = inspector.defaultSchema(conn.jdbc());
                Map<String, TypeEngine<?>> out = new LinkedHashMap<>();
                // Domains first: one may be of an enum type, which is dropped after it.
                inspector.domains(conn.jdbc(), own).forEach(t -> out.put(t.name(), t));
                inspector.enums(conn.jdbc(), own).forEach(e -> out.put(e.name(), e));
                return new DatabaseTypes(own, out, typeUsers(conn.jdbc(), own));
            } catch (SQLException e) {
                throw new OperationalException("Could not read the enum types and domains: " + e.getMessage(), null, List.of(), e);
            }
        }

        /**
         * What uses each enum type or domain of schema {@code own}, by the type's name: its
         * schema's tables as {@code table:name} and types as {@code type:name} (columns of its
         * array type too), anything else (another schema's table, a function) as {@code other}.
         */
        private static Map<String, Set<String>> typeUsers(java.sql.Connection jdbc, String own) throws SQLException {
            String sql = "SELECT t.typname, CASE WHEN c.oid IS NOT NULL AND cn.nspname = t_n.nspname THEN 'table:' || c.relname"
                    + " WHEN u.oid IS NOT NULL AND u.typnamespace = t.typnamespace THEN 'type:' || u.typname ELSE 'other' END"
                    + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace t_n ON t_n.oid = t.typnamespace"
                    + " JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_type'::regclass AND d.refobjid IN (t.oid, t.typarray) AND d.deptype = 'n'"
                    + " LEFT JOIN pg_catalog.pg_class c ON d.classid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objid"
                    + " LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace"
                    + " LEFT JOIN pg_catalog.pg_type u ON d.classid = 'pg_catalog.pg_type'::regclass AND u.oid = d.objid"
                    + " WHERE t_n.nspname = ? AND t.typtype IN ('e', 'd')";
            Map<String, Set<String>> out = new LinkedHashMap<>();
            try (var ps = jdbc.prepareStatement(sql)) {
                ps.setString(1, own);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                    }
                }
            }
            return out;
        }

        /** The name of the primary key of {@code table} in the connection's own schema. */
        String primaryKeyName(String table) {
            try (Connection conn = engine.connect()) {
                var inspector = engine.dialect().inspector();
                var pk = inspector.primaryKey(conn.jdbc(), inspector.defaultSchema(conn.jdbc()), table);
                return pk == null ? null : pk.name();
            } catch (SQLException e) {
                throw new OperationalException("Could not read the primary key of " + table + ": " + e.getMessage(), null, List.of(), e);
            }
        }

        /**
         * {@code query} as PostgreSQL stores it as a view's definition, or null where it cannot
         * tell (see {@link #probe}; a query reading a table the migration has yet to create).
         */
        String storedViewDefinition(String query) {
            return probe(List.of("CREATE TEMPORARY VIEW " + PROBE + " AS " + query), "SELECT pg_catalog.pg_get_viewdef('" + PROBE + "'::regclass)");
        }

        /** A CHECK condition on the database's table {@code old} as PostgreSQL stores it, or null. */
        String storedCheck(Table old, String condition) {
            String def = probe(List.of(likeTable(old), "ALTER TABLE " + PROBE + " ADD CONSTRAINT " + PROBE + "_ck CHECK (" + condition + ")"),
                    "SELECT pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint WHERE conrelid = '" + PROBE + "'::regclass AND conname = '" + PROBE + "_ck'");
            return def == null ? null : def.replaceFirst("^CHECK\\s*", "");
        }

        /** A default for the database's column {@code old} as PostgreSQL stores it, or null. */
        String storedDefault(Column<?> old, String expression) {
            var d = engine.dialect();
            return probe(List.of(likeTable(old.table()), "ALTER TABLE " + PROBE + " ALTER COLUMN " + d.quoteIdentifier(old.name()) + " SET DEFAULT " + expression),
                    "SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a"
                            + " ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = '" + PROBE + "'::regclass AND a.attname = '"
                            + old.name().replace("'", "''") + "'");
        }

        /** An empty temporary table with the columns of {@code t} (no defaults, no constraints). */
        private String likeTable(Table t) {
            var d = engine.dialect();
            return "CREATE TEMPORARY TABLE " + PROBE + " (LIKE " + (t.schema() == null ? "" : d.quoteIdentifier(t.schema()) + ".") + d.quoteIdentifier(t.name()) + ")";
        }

        /**
         * What PostgreSQL makes of some SQL, which it rewrites when it stores it (casts,
         * parentheses, {@code IN} as {@code = ANY (ARRAY[...])}): {@code statements} create a
         * temporary object holding it, {@code query} reads it back, in a transaction rolled back.
         * Null on other databases, for SQL holding a semicolon, or if PostgreSQL refuses a
         * statement (a table renamed by this migration, a column it has yet to add).
         */
        private String probe(List<String> statements, String query) {
            // The SQL comes from the model, which may be a file from elsewhere (ModelFile): a
            // semicolon could end the statement and run others (COMMIT; DROP ...), so SQL holding
            // one is not asked about. One statement creating a temporary object runs nothing else.
            if (!engine.dialect().name().equals("postgresql") || statements.stream().anyMatch(sql -> sql.indexOf(';') >= 0)) {
                return null;
            }
            try (Connection conn = engine.connect()) {
                java.sql.Connection jdbc = conn.jdbc();
                boolean autoCommit = jdbc.getAutoCommit();
                jdbc.setAutoCommit(false);
                try (Statement st = jdbc.createStatement()) {
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                    try (ResultSet rs = st.executeQuery(query)) {
                        return rs.next() ? rs.getString(1).trim() : null;
                    }
                } catch (SQLException refused) {
                    return null;
                } finally {
                    jdbc.rollback();
                    jdbc.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw new OperationalException("Could not ask PostgreSQL how it stores some SQL: " + e.getMessage(), null, List.of(), e);
            }
        }
    }

    private static final String PROBE = "_retort_probe";

    /** What {@link Live#sequenceChanges} finds: sequences to create, to alter (each as wanted) and to drop. */
    private record SequenceChanges(List<Sequence> missing, List<Sequence> altered, List<Sequence> extra) {
        static final SequenceChanges NONE = new SequenceChanges(List.of(), List.of(), List.of());
    }

    /**
     * The database's enum types and domains of its connection's schema ({@code schema}), by name,
     * and what uses each (see {@link Live#typeUsers}).
     */
    private record DatabaseTypes(String schema, Map<String, TypeEngine<?>> byName, Map<String, Set<String>> users) {
        static final DatabaseTypes NONE = new DatabaseTypes(null, Map.of(), Map.of());
    }

    /** One comparison. */
    private final class Run {
        private final MetaData model;
        private final MetaData database;
        private final Dialect dialect;
        /** The database itself, or null when only its reflection is at hand. */
        private final Live live;
        private final boolean sqlite;
        private final boolean mysql;
        private final List<Migration.Step> steps = new ArrayList<>();
        /** Database tables by the name of the model table they are (after renames). */
        private final Map<String, Table> matched = new LinkedHashMap<>();

        Run(MetaData model, MetaData database, Dialect dialect, Live live) {
            this.model = model;
            this.database = database;
            this.dialect = dialect;
            this.live = live;
            this.sqlite = dialect.name().equals("sqlite");
            this.mysql = dialect.name().equals("mysql") || dialect.name().equals("mariadb");
        }

        Migration migration() {
            MetaData current = renamed();
            Map<String, Table> existing = new LinkedHashMap<>();
            Map<String, Table> oldViews = new LinkedHashMap<>();
            current.tables().values().forEach(t -> (t.isView() ? oldViews : existing).put(t.name(), t));
            List<Table> tables = model.sortedTables().stream().filter(t -> !t.isView()).toList();
            Map<String, Table> views = new LinkedHashMap<>();
            model.tables().values().stream().filter(Table::isView).forEach(v -> views.put(v.name(), v));
            for (Table t : tables) {
                Table old = existing.remove(t.name());
                if (old != null) {
                    matched.put(t.name(), old);
                }
            }
            // Sequences first, as createAll makes them: a new table's column may draw from one.
            SequenceChanges sequences = live == null ? SequenceChanges.NONE : live.sequenceChanges(model);
            for (Sequence seq : sequences.missing()) {
                step("Create sequence " + seq.key(), false, List.of(sql(new CreateSequence(seq))));
            }
            for (Sequence seq : sequences.altered()) {
                step("Alter sequence " + seq.key(), false, List.of(sql(new AlterSequence(seq))));
            }
            DatabaseTypes types = live == null || !dialect.name().equals("postgresql") ? DatabaseTypes.NONE : live.types();
            Map<String, TypeEngine<?>> used = usedTypes(types.schema());
            enumLabels(used, types);
            int viewDrops = steps.size();
            for (Table t : tables) {
                if (!matched.containsKey(t.name())) {
                    createTable(t);
                }
            }
            int tableSteps = steps.size();
            for (Table t : tables) {
                Table old = matched.get(t.name());
                if (old != null) {
                    alterTable(t, old);
                }
            }
            // SQLite and PostgreSQL refuse to change a table a view reads (SQLite's rebuild renames
            // one, PostgreSQL's ALTER COLUMN TYPE): views are dropped first and created again.
            boolean tablesAltered = steps.size() > tableSteps && (sqlite || dialect.name().equals("postgresql"));
            List<Table> dropped = new ArrayList<>(current.sortedTables());
            Collections.reverse(dropped);
            for (Table old : dropped) {
                if (existing.containsKey(old.name()) && !KEPT.contains(old.name().toLowerCase(Locale.ROOT))) {
                    step("Drop table " + old.name(), true, List.of(sql(new DropTable(old))));
                }
            }
            // A sequence the model lacks holds where its numbering stands: dropped last, with --allow-destructive.
            for (Sequence seq : sequences.extra()) {
                step("Drop sequence " + seq.key(), true, List.of(sql(new DropSequence(seq))));
            }
            // Types no model column uses, after the tables that may still use them; one that something
            // this migration leaves (another schema's table, a function) uses is left too, as that thing.
            Set<String> droppedTables = new LinkedHashSet<>();
            existing.keySet().stream().filter(n -> !KEPT.contains(n.toLowerCase(Locale.ROOT))).forEach(droppedTables::add);
            types.byName().forEach((name, type) -> {
                if (!used.containsKey(name) && types.users().getOrDefault(name, Set.of()).stream().allMatch(u -> goneWithTypes(u, droppedTables, used, types))) {
                    step("Drop " + (type instanceof EnumType<?> ? "enum type " : "domain ") + name, true, dialect.dropTypeStatements(type));
                }
            });
            List<Migration.Step> dropViews = new ArrayList<>();
            Set<String> replaced = new LinkedHashSet<>();
            List<Table> reversed = new ArrayList<>(oldViews.values());
            Collections.reverse(reversed);
            for (Table old : reversed) {
                Table v = views.get(old.name());
                if (v == null || tablesAltered || !sameView(v, old)) {
                    // A view the model lacks may be one others use: its drop waits for --allow-destructive, as a table's.
                    dropViews.add(new Migration.Step("Drop view " + old.name(), v == null, List.of(sql(new DropView(old)))));
                    replaced.add(old.name());
                }
            }
            steps.addAll(viewDrops, dropViews);
            for (Table v : views.values()) {
                if (!oldViews.containsKey(v.name()) || replaced.contains(v.name())) {
                    step("Create view " + v.name(), false, List.of(sql(new CreateView(v))));
                }
            }
            return new Migration(dialect.name(), steps);
        }

        /**
         * Whether {@code user} of a type (see {@link Live#typeUsers}) stops using it before the
         * types no model column uses are dropped: a table this migration drops or brings to the
         * model, or such a type.
         */
        private boolean goneWithTypes(String user, Set<String> droppedTables, Map<String, TypeEngine<?>> used, DatabaseTypes types) {
            if (user.startsWith("table:")) {
                String table = user.substring("table:".length());
                return droppedTables.contains(table) || matched.values().stream().anyMatch(t -> t.name().equals(table));
            }
            String type = user.startsWith("type:") ? user.substring("type:".length()) : null;
            return type != null && types.byName().containsKey(type) && !used.containsKey(type);
        }

        /**
         * The enum types and domains the model's columns use (inside arrays and as domains' base
         * types too), by name: those of the database's schema {@code own} (or of none).
         */
        private Map<String, TypeEngine<?>> usedTypes(String own) {
            Map<String, TypeEngine<?>> out = new LinkedHashMap<>();
            for (Table t : model.tables().values()) {
                t.columns().forEach(c -> collectTypes(c.type(), own, out));
            }
            return out;
        }

        private void collectTypes(TypeEngine<?> type, String own, Map<String, TypeEngine<?>> out) {
            TypeEngine<?> t = type.dialectImpl(dialect);
            if (t instanceof ArrayType<?> a) {
                collectTypes(a.elementType(), own, out);
            } else if (t instanceof EnumType<?> e && e.name() != null && (e.schema() == null || e.schema().equals(own))) {
                // an enum without a name (MySQL's ENUM, a VARCHAR elsewhere) has no type of its own
                out.putIfAbsent(e.name(), e);
            } else if (t instanceof DomainType<?> d) {
                if (d.schema() == null || d.schema().equals(own)) {
                    out.putIfAbsent(d.name(), d);
                }
                collectTypes(d.baseType(), own, out);
            }
        }

        /**
         * {@code ALTER TYPE name ADD VALUE 'label' [BEFORE|AFTER 'other']} for each label a model's
         * enum type has and the database's lacks, where the database's labels come in the model's
         * order; one removed or moved is left to a migration written by hand (PostgreSQL cannot drop
         * an enum's label). Before the tables, whose new columns or defaults may take the label, and
         * committed before them.
         */
        private void enumLabels(Map<String, TypeEngine<?>> used, DatabaseTypes types) {
            used.forEach((name, type) -> {
                if (type instanceof EnumType<?> e && e.isCreateType() && types.byName().get(name) instanceof EnumType<?> old && !old.labels().equals(e.labels())
                        && isSubsequence(old.labels(), e.labels())) {
                    List<String> statements = new ArrayList<>();
                    List<String> labels = e.labels();
                    for (int i = 0; i < labels.size(); i++) {
                        if (!old.labels().contains(labels.get(i))) {
                            // the label after a new first one may be new too: each goes before the type's first label, which exists
                            String where = i == 0 ? " BEFORE " + quoted(old.labels().get(0)) : " AFTER " + quoted(labels.get(i - 1));
                            statements.add("ALTER TYPE " + dialect.quoteIdentifier(name) + " ADD VALUE " + quoted(labels.get(i)) + where);
                        }
                    }
                    // In a transaction of their own: PostgreSQL refuses a label in the transaction that added it.
                    steps.add(new Migration.Step("Add labels to enum type " + name, false, statements, true));
                }
            });
        }

        private String quoted(String label) {
            return Types.TEXT.literal(label, dialect);
        }

        /** Whether {@code part}'s items all come in {@code whole}, in the same order. */
        private static boolean isSubsequence(List<String> part, List<String> whole) {
            int i = 0;
            for (String w : whole) {
                if (i < part.size() && part.get(i).equals(w)) {
                    i++;
                }
            }
            return i == part.size();
        }

        /**
         * Whether the database's view is the model's: the same columns (where the model declares
         * them) and the same query. SQLite keeps the query as written; PostgreSQL rewrites it, so
         * the model's is rewritten by PostgreSQL too ({@link Live#storedViewDefinition}); MariaDB's
         * rewriting (every name qualified) is not undone, so there only the columns count.
         */
        private boolean sameView(Table v, Table old) {
            if (!v.columns().isEmpty() && !names(v).equals(names(old))) {
                return false;
            }
            String query = sqlite ? v.viewDefinition() : live != null ? live.storedViewDefinition(v.viewDefinition()) : null;
            return query == null || normalized(query, mysql).equals(normalized(old.viewDefinition(), mysql));
        }

        private static List<String> names(Table t) {
            return t.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
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
            if (dialect.separateCommentStatements()) {
                MetaData.commentStatements(t).forEach(c -> out.add(sql(c)));
            }
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
            List<Object> addedKeys = new ArrayList<>(modelKeys.entrySet().stream().filter(e -> !oldKeys.containsKey(e.getKey())).map(Map.Entry::getValue).toList());
            List<Object> droppedKeys = new ArrayList<>(oldKeys.entrySet().stream().filter(e -> !modelKeys.containsKey(e.getKey())).map(Map.Entry::getValue).toList());
            checks(t, old, addedKeys, droppedKeys);

            boolean rebuild = sqlite && (!altered.isEmpty() || !droppedColumns.isEmpty() || !addedKeys.isEmpty() || !droppedKeys.isEmpty()
                    || added.stream().anyMatch(c -> c.isPrimaryKey() || !c.isNullable() && c.serverDefault() == null));
            if (rebuild) {
                rebuild(t, old, pairs.keySet(), !droppedColumns.isEmpty() || altered.values().stream().anyMatch(s -> s.contains(AlterColumn.Change.TYPE)));
                return;
            }
            // A primary key that foreign keys of other tables depend on cannot be dropped under them:
            // those the model keeps are dropped first and added back after the new key.
            List<ForeignKeyConstraint> referring = droppedKeys.stream().anyMatch(k -> k instanceof PrimaryKeyConstraint) ? referringKeys(t) : List.of();
            for (ForeignKeyConstraint fk : referring) {
                step("Drop constraint " + fk.name() + " of " + fk.table().name() + " while the primary key of " + t.name() + " changes", false,
                        List.of(sql(new DropConstraint(fk))));
            }
            for (Object k : droppedKeys) {
                if (k instanceof PrimaryKeyConstraint && mysql) {
                    unsetAutoIncrement(t, (Constraint) k);
                }
                step("Drop constraint " + describe(k) + " of " + t.name(), false, List.of(sql(new DropConstraint(named((Constraint) k, old)))));
            }
            indexes(t, old, true);
            for (Column<?> c : droppedColumns) {
                step("Drop column " + t.name() + "." + c.name(), true, List.of(sql(new DropColumn(c))));
            }
            for (Column<?> c : added) {
                step("Add column " + t.name() + "." + c.name(), false, withTypes(c, List.of(sql(new AddColumn(c)))));
            }
            altered.forEach((c, changes) -> step("Alter column " + t.name() + "." + c.name() + " " + changes, changes.contains(AlterColumn.Change.TYPE),
                    changes.contains(AlterColumn.Change.TYPE) ? withTypes(c, List.of(sql(new AlterColumn(c, changes)))) : List.of(sql(new AlterColumn(c, changes)))));
            comments(t, pairs);
            for (Object k : addedKeys) {
                addConstraint(t.name(), k, "");
            }
            for (ForeignKeyConstraint fk : referring) {
                addConstraint(fk.table().name(), constraintKeys(model.tables().get(fk.table().name())).get(fkKey(fk.elements())), " again");
            }
            indexes(t, old, false);
        }

        /** {@code statements} after those creating the column's enum type or domain (PostgreSQL; each does nothing if it exists). */
        private List<String> withTypes(Column<?> c, List<String> statements) {
            List<String> out = new ArrayList<>(dialect.createTypeStatements(c.type()));
            out.addAll(statements);
            return out;
        }

        private void addConstraint(String table, Object k, String again) {
            AddConstraint add = k instanceof ForeignKey fk ? new AddConstraint(fk) : new AddConstraint((Constraint) k);
            step("Add constraint " + describe(k) + " to " + table + again, false, List.of(sql(add)));
        }

        /**
         * The database's foreign keys of other tables that refer to {@code t} and that the model
         * keeps unchanged (so their own tables' comparison leaves them be).
         */
        private List<ForeignKeyConstraint> referringKeys(Table t) {
            List<ForeignKeyConstraint> out = new ArrayList<>();
            matched.forEach((name, dbTable) -> {
                Table modelTable = model.tables().get(name);
                if (name.equals(t.name()) || modelTable == null) {
                    return;
                }
                Map<String, Object> kept = constraintKeys(modelTable);
                for (Constraint k : dbTable.constraints()) {
                    if (k instanceof ForeignKeyConstraint f && k.name() != null && f.elements().get(0).targetTableKey().equalsIgnoreCase(t.key())
                            && kept.containsKey(fkKey(f.elements()))) {
                        out.add(f);
                    }
                }
            });
            return out;
        }

        /** Sets the comments of the table and its columns where the database's differ (SQLite keeps none). */
        private void comments(Table t, Map<String, Column<?>> pairs) {
            if (sqlite) {
                return;
            }
            Table old = matched.get(t.name());
            if (!java.util.Objects.equals(t.comment(), old.comment())) {
                step("Set the comment of table " + t.name(), false, List.of(sql(new SetTableComment(t))));
            }
            for (Column<?> c : t.columns()) {
                Column<?> o = pairs.get(c.name());
                boolean differs = o != null ? !java.util.Objects.equals(c.comment(), o.comment()) : c.comment() != null && dialect.separateCommentStatements();
                if (differs) {
                    step("Set the comment of column " + t.name() + "." + c.name(), false, List.of(sql(new SetColumnComment(c))));
                }
            }
        }

        /** Drops ({@code drop}) the database's indexes the model lacks, or creates the model's the database lacks; an index that differs is both. */
        private void indexes(Table t, Table old, boolean drop) {
            Map<String, String> modelIx = new LinkedHashMap<>();
            t.indexes().forEach(ix -> modelIx.put(ix.name(), indexShape(ix)));
            Map<String, String> oldIx = new LinkedHashMap<>();
            old.indexes().forEach(ix -> oldIx.put(ix.name(), indexShape(ix)));
            if (drop) {
                for (Index ix : old.indexes()) {
                    if (!oldIx.get(ix.name()).equals(modelIx.get(ix.name())) && !(mysql && !modelIx.containsKey(ix.name()) && backsForeignKey(ix, old))) {
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

        /**
         * Whether {@code ix} is one MySQL and MariaDB made for a foreign key on their own (they
         * index a key's columns unless an index begins with them): not the model's to drop, and
         * the database would refuse. Alembic leaves these out likewise.
         */
        private boolean backsForeignKey(Index ix, Table old) {
            if (ix.isUnique()) {
                return false;
            }
            List<String> columns = ix.expressions().stream().map(e -> e instanceof Column<?> c ? c.name().toLowerCase(Locale.ROOT) : "").toList();
            return old.constraints().stream().filter(k -> k instanceof ForeignKeyConstraint)
                    .anyMatch(k -> k.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList().equals(columns));
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
                if (k instanceof PrimaryKeyConstraint && !k.columns().isEmpty()) {
                    out.put("primary key " + k.columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList(), k);
                } else if (k instanceof UniqueConstraint) {
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
            if (k instanceof ForeignKey fk) {
                return "foreign key " + fk.parent().name() + " -> " + fk.target();
            }
            if (k instanceof PrimaryKeyConstraint pk) {
                return "primary key " + pk.columns().stream().map(Column::name).toList();
            }
            if (k instanceof CheckConstraint ck && ck.name() == null) {
                return "check (" + checkText(ck) + ")";
            }
            return k.toString();
        }

        /**
         * MySQL and MariaDB refuse to drop the key of an {@code AUTO_INCREMENT} column: a column
         * the model does not generate is restated without it first.
         */
        private void unsetAutoIncrement(Table t, Constraint oldKey) {
            for (Column<?> o : oldKey.columns()) {
                Column<?> c = has(t, o.name()) ? t.c(o.name()) : null;
                if (o.isAutoincrement() && c != null && !c.isAutoincrement()) {
                    step("Stop generating " + t.name() + "." + c.name() + " before its primary key changes", false,
                            List.of(sql(new AlterColumn(c, EnumSet.of(AlterColumn.Change.NULLABLE)))));
                }
            }
        }

        /**
         * A database primary key to drop, under the name the database gave it (reflection keeps
         * none; MySQL and MariaDB drop it by {@code DROP PRIMARY KEY}, PostgreSQL by name).
         */
        private Constraint named(Constraint k, Table old) {
            if (!(k instanceof PrimaryKeyConstraint) || k.name() != null) {
                return k;
            }
            String name = live != null ? live.primaryKeyName(old.name()) : old.name() + "_pkey";
            PrimaryKeyConstraint pk = new PrimaryKeyConstraint(name != null ? name : "PRIMARY", k.columns().stream().map(Column::name).toList());
            List<SchemaItem> items = new ArrayList<>();
            old.columns().forEach(c -> items.add(Column.of(c.name(), c.type())));
            items.add(pk);
            new Table(old.name(), old.schema(), new MetaData(), items.toArray(new SchemaItem[0]));
            return pk;
        }

        /**
         * The model's CHECK constraints the database lacks (to {@code added}) and the database's
         * the model lacks (to {@code dropped}). A named model check is the database's of that name
         * (case aside); an unnamed one is a database check of the same text once both are
         * {@linkplain #normalized normalised}, whatever its name.
         */
        private void checks(Table t, Table old, List<Object> added, List<Object> dropped) {
            List<CheckConstraint> remaining = new ArrayList<>(old.constraints().stream().filter(k -> k instanceof CheckConstraint).map(k -> (CheckConstraint) k).toList());
            for (Constraint k : t.constraints()) {
                if (k instanceof CheckConstraint ck) {
                    CheckConstraint found = remaining.stream().filter(o -> ck.name() != null ? ck.name().equalsIgnoreCase(o.name())
                            : normalized(checkText(ck), mysql).equals(normalized(checkText(o), mysql))).findFirst().orElse(null);
                    String stored = found == null && ck.name() == null && live != null && !remaining.isEmpty() ? live.storedCheck(old, checkText(ck)) : null;
                    if (stored != null) {
                        found = remaining.stream().filter(o -> normalized(stored).equals(normalized(checkText(o)))).findFirst().orElse(null);
                    }
                    if (found == null) {
                        added.add(ck);
                    } else {
                        remaining.remove(found);
                    }
                }
            }
            dropped.addAll(remaining);
        }

        /** A CHECK's condition as DDL writes it, its columns unqualified. */
        private String checkText(CheckConstraint ck) {
            return ddl(ck.condition());
        }

        private String ddl(ClauseElement e) {
            ClauseElement bare = e.replace(n -> n instanceof Column<?> c ? SQL.column(c.name(), c.type()) : null);
            return bare.compile(dialect, CompileOption.LITERAL_BINDS).string();
        }

        /**
         * Whether a model column's type DDL is the database's. MySQL and MariaDB report a type in
         * their own spelling ({@code int(10) unsigned}, {@code decimal(12,4)}) where the model
         * writes {@code INTEGER UNSIGNED} and {@code DECIMAL(12, 4)}; an integer's display width
         * changes nothing stored, and MariaDB adds its default one, so it is not compared.
         */
        private boolean sameTypeDdl(String model, String database) {
            model = floatAsStored(model, mysql);
            database = floatAsStored(database, mysql);
            return mysql ? mysqlSpelling(model).equals(mysqlSpelling(database)) : model.equalsIgnoreCase(database);
        }

        /** What differs between a model column and the database's. */
        private Set<AlterColumn.Change> changes(Column<?> c, Column<?> o) {
            Set<AlterColumn.Change> out = EnumSet.noneOf(AlterColumn.Change.class);
            if (o.type().kind() != TypeKind.NULL && !sameTypeDdl(dialect.typeDdl(c.type()), dialect.typeDdl(o.type()))) {
                out.add(AlterColumn.Change.TYPE);
            }
            if (!c.isPrimaryKey() && c.isNullable() != o.isNullable()) {
                out.add(AlterColumn.Change.NULLABLE);
            }
            boolean generated = c.isAutoincrement() || o.isAutoincrement() || c.computed() != null || o.computed() != null
                    || o.serverDefault() instanceof TextClause text && SEQUENCE_DEFAULT.matcher(text.text()).find();
            if (!generated && (hasDefault(c) != hasDefault(o) || compareDefaultValues && hasDefault(c) && !sameDefault(c, o))) {
                out.add(AlterColumn.Change.DEFAULT);
            }
            return out;
        }

        /** Whether the model's default is the database's: the same normalised text, or on PostgreSQL the same as it stores the model's. */
        private boolean sameDefault(Column<?> c, Column<?> o) {
            String database = normalized(defaultText(o), mysql);
            if (normalized(defaultText(c), mysql).equals(database)) {
                return true;
            }
            String stored = live != null && o.table() != null ? live.storedDefault(o, defaultText(c)) : null;
            return stored != null && normalized(stored).equals(database);
        }

        /** The server default as DDL writes it after DEFAULT. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private String defaultText(Column<?> c) {
            Object d = c.serverDefault();
            return d instanceof ClauseElement e ? ddl(e) : ((TypeEngine) c.type()).literal(d, dialect);
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

    /** A default that draws from a sequence: PostgreSQL's serial and identity columns. */
    private static final Pattern SEQUENCE_DEFAULT = Pattern.compile("^\\s*nextval\\s*\\(", Pattern.CASE_INSENSITIVE);
    /** A PostgreSQL cast ({@code ::character varying}, {@code ::numeric(10,2)}, {@code ::text[]}). */
    private static final Pattern CAST = Pattern.compile("::\\s*(?:character varying|double precision|bit varying|(?:timestamp|time)(?:\\(\\d+\\))? with(?:out)? time zone"
            + "|\"[^\"]+\"|[a-z_][a-z0-9_.]*)(?:\\s*\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\))?(?:\\[\\])*", Pattern.CASE_INSENSITIVE);

    /**
     * SQL text (a CHECK condition, a server default) as each database writes it back, reduced to
     * what two texts must share to be the same: PostgreSQL's casts ({@code ::numeric}) gone, and
     * outside string literals quotes of names (MySQL's backquotes, double quotes), parentheses and
     * white space gone, letters lower case, {@code !=} as {@code <>}; {@code true}/{@code false}
     * as {@code 1}/{@code 0} (MariaDB stores booleans as numbers), and a number, quoted or not,
     * as its value ({@code '0.00'} is {@code 0}).
     */
    static String normalized(String sql) {
        return normalized(sql, false);
    }

    private static final Pattern INTEGER_WIDTH = Pattern.compile("\\b(tinyint|smallint|mediumint|int|integer|bigint)\\s*\\(\\s*\\d+\\s*\\)");
    private static final Pattern INTEGER_WORD = Pattern.compile("\\binteger\\b");
    private static final Pattern COMMA = Pattern.compile("\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern NUMERIC_WORD = Pattern.compile("^numeric\\b");
    /** Spellings MySQL and MariaDB store as another: NUMERIC is DECIMAL (bare, DECIMAL(10,0)), REAL DOUBLE, BIT BIT(1), YEAR(4) YEAR. */
    private static final Pattern BARE = Pattern.compile("^(decimal|bit|real|year\\s*\\(\\s*4\\s*\\))(\\s|$)");
    private static final Map<String, String> STORED_AS = Map.of("decimal", "decimal(10,0)", "bit", "bit(1)", "real", "double");
    /** NATIONAL CHAR / NCHAR and their VARCHAR: MariaDB and MySQL store them in utf8mb3 (which MySQL 5 called utf8). */
    private static final Pattern NATIONAL = Pattern.compile("^(?:national\\s+(char|varchar)|n(char|varchar))\\b\\s*(\\(\\s*\\d+\\s*\\))?");
    private static final Pattern UTF8 = Pattern.compile("\\butf8(?![a-z0-9])");

    /**
     * A MySQL type's DDL in one spelling: lower case, {@code INTEGER} as {@code int}, no integer
     * display width, {@code (12,4)}, a spelling as the one the database stores (see {@link #BARE}; NATIONAL
     * as utf8mb3). A type with quoted text (ENUM and SET labels) is only put in
     * lower case, its labels compared as they are.
     */
    static String mysqlSpelling(String ddl) {
        String s = ddl.trim().toLowerCase(java.util.Locale.ROOT);
        if (ddl.indexOf('\'') >= 0) {
            return s;
        }
        s = INTEGER_WIDTH.matcher(s).replaceAll("$1");
        s = INTEGER_WORD.matcher(s).replaceAll("int");
        s = NUMERIC_WORD.matcher(s).replaceAll("decimal");
        Matcher bare = BARE.matcher(s);
        if (bare.find()) {
            s = STORED_AS.getOrDefault(bare.group(1), "year") + s.substring(bare.end(1));
        }
        return COMMA.matcher(nationalAsStored(s)).replaceAll("($1,$2)");
    }

    /** {@code FLOAT(p)}, with p binary digits: how PostgreSQL, MySQL and MariaDB store it. */
    private static final Pattern FLOAT_DIGITS = Pattern.compile("(?i)float\\s*\\(\\s*(\\d{1,2})\\s*\\)");

    /**
     * A floating-point type as the database stores it, other types as they are: {@code FLOAT(p)}
     * is single precision up to 24 binary digits, double above ({@code REAL} / {@code DOUBLE
     * PRECISION} on PostgreSQL, where a bare {@code FLOAT} is double too; {@code FLOAT} / {@code
     * DOUBLE} on MySQL and MariaDB).
     */
    static String floatAsStored(String ddl, boolean mysql) {
        Matcher m = FLOAT_DIGITS.matcher(ddl.trim());
        if (m.matches()) {
            boolean single = Integer.parseInt(m.group(1)) <= 24;
            return mysql ? single ? "FLOAT" : "DOUBLE" : single ? "REAL" : "DOUBLE PRECISION";
        }
        return !mysql && ddl.trim().equalsIgnoreCase("FLOAT") ? "DOUBLE PRECISION" : ddl;
    }

    /** {@code national char(20)} as the database reports it: {@code char(20) character set utf8mb3 collate utf8mb3_general_ci}. */
    private static String nationalAsStored(String s) {
        Matcher national = NATIONAL.matcher(s);
        if (national.find()) {
            String rest = s.substring(national.end());
            String length = national.group(3) != null ? national.group(3) : "";
            s = (national.group(1) != null ? national.group(1) : national.group(2)) + length + " character set utf8mb3" + rest
                    + (rest.contains("collate") ? "" : " collate utf8mb3_general_ci");
        }
        return UTF8.matcher(s).replaceAll("utf8mb3");
    }

    /**
     * {@link #normalized(String)}, reading backslash escapes in string literals where the
     * database writes them ({@code backslashEscapes}: MySQL and MariaDB write a newline in a
     * default as {@code \n}) and in PostgreSQL's {@code E'...'}: each literal is compared by its value.
     */
    static String normalized(String sql, boolean backslashEscapes) {
        String s = CAST.matcher(sql.trim()).replaceAll("");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == '\'') {
                // PostgreSQL's E'...' takes backslash escapes too (Retort writes a backslash so).
                boolean escapes = backslashEscapes;
                if (i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e') && (i == 1 || !Character.isLetterOrDigit(s.charAt(i - 2)) && s.charAt(i - 2) != '_')) {
                    out.setLength(out.length() - 1);
                    escapes = true;
                }
                StringBuilder value = new StringBuilder();
                i++;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else if (c == '\\' && escapes && i + 1 < s.length()) {
                        char e = s.charAt(i + 1);
                        value.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            case 'b' -> '\b';
                            case 'Z' -> (char) 26;
                            default -> e;
                        });
                        i += 2;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                out.append('\'').append(value.toString().replace("'", "''")).append('\'');
                continue;
            }
            if (ch != '(' && ch != ')' && ch != '`' && ch != '"' && !Character.isWhitespace(ch)) {
                out.append(Character.toLowerCase(ch));
            }
            i++;
        }
        String n = out.toString().replace("!=", "<>");
        if (n.equals("true") || n.equals("false")) {
            return n.equals("true") ? "1" : "0";
        }
        String number = n.length() > 1 && n.startsWith("'") && n.endsWith("'") ? n.substring(1, n.length() - 1) : n;
        if (NUMBER.matcher(number).matches()) {
            return new java.math.BigDecimal(number).stripTrailingZeros().toPlainString();
        }
        return n;
    }

    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(?:\\.[0-9]*)?(?:e[-+]?[0-9]+)?");

    /** Builds a {@link SchemaDiff}. */
    public static final class Builder {
        private final Map<String, String> tableRenames = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> columnRenames = new LinkedHashMap<>();
        private boolean compareDefaultValues = true;

        private Builder() {
        }

        /**
         * Whether server defaults are compared by value (the default) or only by presence.
         * Values are compared as {@linkplain SchemaDiff#normalized normalised} text, since each
         * database writes a default back its own way ({@code 'x'::character varying} on
         * PostgreSQL, {@code 0.00} for {@code 0} on MariaDB); defaults of generated keys
         * ({@code nextval(...)}) and computed columns are never compared. Turn it off where a
         * database rewrites an expression beyond that, which would make every diff alter it.
         *
         * <pre>{@code
         * SchemaDiff.builder().compareDefaultValues(false).build().compare(model, engine);   // retort migrate diff --ignore-default-values
         * }</pre>
         */
        public Builder compareDefaultValues(boolean compare) {
            this.compareDefaultValues = compare;
            return this;
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
