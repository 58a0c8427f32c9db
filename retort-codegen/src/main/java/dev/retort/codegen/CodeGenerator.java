package dev.retort.codegen;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Inspector;
import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.OperationalException;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.ReflectOptions;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.TextClause;
import dev.retort.types.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Typed table classes generated from a database: for each table a class whose fields are its
 * columns, typed ({@code USERS.NAME} is a {@code Column<String>}), and one class holding the
 * {@link MetaData} and every table's instance. The columns are the very columns of an ordinary
 * {@link Table}, so statements built with them are the same trees as with a table declared by
 * hand: same SQL, same cache keys, and the serializer re-binds them to either.
 *
 * <pre>{@code
 * CodeGenerator.builder().packageName("com.acme.db").include("users|addresses").build()
 *         .write(engine, Path.of("src/main/java"));
 * // then, in the application:
 * import static com.acme.db.Tables.*;
 * conn.execute(select(USERS.NAME).where(USERS.ID.eq(5L)));
 * conn.execute(select(ADDRESSES.EMAIL).select_from(ADDRESSES.joinUsers()));
 * }</pre>
 *
 * Output is deterministic: the same schema gives the same bytes, and {@link #write} leaves a file
 * whose content is unchanged untouched. The code compiles without warnings under {@code -Xlint:all}.
 */
public final class CodeGenerator {
    private final String packageName;
    private final String holderName;
    private final String schema;
    private final Pattern include;
    private final Pattern exclude;
    private final boolean views;

    private CodeGenerator(Builder b) {
        if (b.packageName == null || !b.packageName.matches("[A-Za-z_][\\w]*(\\.[A-Za-z_][\\w]*)*")) {
            throw new ArgumentException("Code generation needs a Java package name, got '" + b.packageName + "'");
        }
        if (!b.holderName.matches("[A-Z][\\w]*")) {
            throw new ArgumentException("The class holding the tables needs a Java class name, got '" + b.holderName + "'");
        }
        this.packageName = b.packageName;
        this.holderName = b.holderName;
        this.schema = b.schema;
        this.include = b.include;
        this.exclude = b.exclude;
        this.views = b.views;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reflects the chosen tables of {@code engine}'s database, and the schema's sequences that no
     * column owns (with their options; PostgreSQL, MariaDB), and generates their classes.
     */
    public Map<String, String> generate(Engine engine) {
        MetaData md = new MetaData();
        md.reflect(engine, ReflectOptions.builder().schema(schema).views(views).only(this::chosen).build());
        if (engine.dialect().supportsSequences()) {
            try (dev.retort.engine.Connection conn = engine.connect()) {
                Inspector inspector = engine.dialect().inspector();
                String from = schema != null ? schema : inspector.defaultSchema(conn.jdbc());
                for (String name : inspector.standaloneSequenceNames(conn.jdbc(), from)) {
                    Sequence seq = inspector.sequence(conn.jdbc(), from, name);
                    if (seq != null) {
                        md.addSequence(schema == null ? seq : seq.schema(schema));
                    }
                }
            } catch (SQLException e) {
                throw new OperationalException("Could not read the sequences: " + e.getMessage(), null, List.of(), e);
            }
        }
        return generate(md, engine.dialect());
    }

    /**
     * The source files for the chosen tables of {@code metadata}, by path relative to the source
     * root ({@code com/acme/db/Users.java}), in a stable order. {@code dialect} names the types
     * Retort does not model by their DDL.
     */
    public Map<String, String> generate(MetaData metadata, Dialect dialect) {
        List<Table> tables = metadata.tables().values().stream().filter(t -> chosen(t.name()))
                .sorted(Comparator.comparing(Table::key)).toList();
        Map<Table, String> classes = classNames(tables);
        Map<String, String> out = new LinkedHashMap<>();
        String dir = packageName.replace('.', '/') + "/";
        for (Table t : tables) {
            out.put(dir + classes.get(t) + ".java", new TableClass(t, classes, dialect).source());
        }
        out.put(dir + holderName + ".java", holder(metadata, tables, classes, dialect));
        return out;
    }

    /**
     * Generates into {@code sourceRoot} ({@code src/main/java}), writing only files whose content
     * changed; returns the files written.
     */
    public List<Path> write(Engine engine, Path sourceRoot) {
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : generate(engine).entrySet()) {
                Path file = sourceRoot.resolve(e.getKey());
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write generated sources under " + sourceRoot + ": " + e.getMessage(), e);
        }
        return written;
    }

    private boolean chosen(String table) {
        return (include == null || include.matcher(table).matches()) && (exclude == null || !exclude.matcher(table).matches());
    }

    /** A class name per table, unique ignoring case (files on case-insensitive disks), taken in table order. */
    private Map<Table, String> classNames(List<Table> tables) {
        Set<String> taken = new HashSet<>();
        JavaNames.TAKEN_CLASS_NAMES.forEach(n -> taken.add(n.toLowerCase()));
        taken.add(holderName.toLowerCase());
        Map<Table, String> out = new LinkedHashMap<>();
        for (Table t : tables) {
            out.put(t, unique(JavaNames.className(t.name()), "Table", taken));
        }
        return out;
    }

    /** {@code name}, or with {@code suffix} and then a number appended until it is not taken (ignoring case); marks it taken. */
    static String unique(String name, String suffix, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate.toLowerCase()); i++) {
            candidate = name + suffix + (i == 2 ? "" : i);
        }
        return candidate;
    }

    private String holder(MetaData metadata, List<Table> tables, Map<Table, String> classes, Dialect dialect) {
        StringBuilder sb = header();
        List<Sequence> sequences = metadata.sequences().values().stream().sorted(Comparator.comparing(Sequence::key)).toList();
        sb.append("import dev.retort.schema.MetaData;\n");
        sb.append(sequences.stream().anyMatch(q -> q.dataType() != null) ? "import dev.retort.types.Types;\n\n" : "\n");
        sb.append("/**\n * The tables of the database, registered in {@link #METADATA}");
        sb.append(tables.isEmpty() ? ".\n" : ":\n * {@code import static " + packageName + "." + holderName + ".*;} then {@code select(" + constant(tables.get(0), classes)
                + ".table())}.\n");
        sb.append(" *\n * <p>Generated by {@code retort codegen}; regenerate rather than edit.\n */\n");
        sb.append("public final class ").append(holderName).append(" {\n");
        sb.append("    /** Every generated table. */\n");
        sb.append("    public static final MetaData METADATA = new MetaData();\n");
        Set<String> taken = new HashSet<>(Set.of("metadata"));
        tables.forEach(t -> taken.add(constant(t, classes).toLowerCase()));
        for (Sequence seq : sequences) {
            sb.append("\n    /** Sequence {@code ").append(JavaNames.javadoc(seq.key())).append("}. */\n");
            sb.append("    public static final dev.retort.schema.Sequence ").append(unique(JavaNames.constantName(seq.name()), "_SEQUENCE", taken))
                    .append(" = METADATA.addSequence(").append(sequence(seq, dialect)).append(");\n");
        }
        for (Table t : tables) {
            sb.append("\n    /** ").append(t.isView() ? "View" : "Table").append(" {@code ").append(JavaNames.javadoc(t.key())).append("}. */\n");
            sb.append("    public static final ").append(classes.get(t)).append(' ').append(constant(t, classes))
                    .append(" = new ").append(classes.get(t)).append("(METADATA);\n");
        }
        sb.append("\n    private ").append(holderName).append("() {\n    }\n}\n");
        return sb.toString();
    }

    /** {@code new Sequence("name")} and each option the sequence has. */
    private static String sequence(Sequence s, Dialect dialect) {
        StringBuilder sb = new StringBuilder("new dev.retort.schema.Sequence(").append(JavaNames.literal(s.name())).append(')');
        if (s.schema() != null) {
            sb.append(".schema(").append(JavaNames.literal(s.schema())).append(')');
        }
        longOption(sb, "start", s.start());
        longOption(sb, "increment", s.increment());
        longOption(sb, "minValue", s.minValue());
        longOption(sb, "maxValue", s.maxValue());
        sb.append(s.noMinValue() ? ".noMinValue(true)" : "").append(s.noMaxValue() ? ".noMaxValue(true)" : "");
        longOption(sb, "cache", s.cache());
        if (s.cycle() != null) {
            sb.append(".cycle(").append(s.cycle()).append(')');
        }
        if (s.dataType() != null) {
            sb.append(".dataType(").append(TypeSource.expression(s.dataType(), dialect)).append(')');
        }
        return sb.append(s.optional() ? ".optional(true)" : "").toString();
    }

    private static void longOption(StringBuilder sb, String name, Long value) {
        if (value != null) {
            sb.append('.').append(name).append('(').append(value).append("L)");
        }
    }

    /** The holder's constant for a table: its class name in upper snake case ({@code OrderItems} → {@code ORDER_ITEMS}). */
    private static String constant(Table t, Map<Table, String> classes) {
        return JavaNames.constantName(classes.get(t));
    }

    private StringBuilder header() {
        return new StringBuilder("// Generated by retort codegen. Do not edit: regenerate.\npackage ").append(packageName).append(";\n\n");
    }

    /** The source of one table's class. */
    private final class TableClass {
        private final Table table;
        private final Map<Table, String> classes;
        private final Dialect dialect;
        private final Map<Column<?>, String> fields = new LinkedHashMap<>();
        private final StringBuilder sb = header();

        TableClass(Table table, Map<Table, String> classes, Dialect dialect) {
            this.table = table;
            this.classes = classes;
            this.dialect = dialect;
            Set<String> taken = new HashSet<>();
            for (Column<?> c : table.columns()) {
                fields.put(c, unique(JavaNames.constantName(c.name()), "_", taken));
            }
        }

        String source() {
            sb.append("import dev.retort.schema.Column;\nimport dev.retort.schema.MetaData;\nimport dev.retort.schema.Table;\nimport dev.retort.types.Types;\n\n");
            sb.append("/**\n * ").append(table.isView() ? "View" : "Table").append(" {@code ").append(JavaNames.javadoc(table.key())).append("}");
            String comment = table.comment();
            sb.append(comment == null ? ".\n" : ": " + JavaNames.javadoc(comment) + "\n");
            if (table.isView()) {
                sb.append(" * Read-only: select from it; {@code createAll} passes it by.\n");
            }
            sb.append(" *\n * <p>Generated by {@code retort codegen}; regenerate rather than edit.\n */\n");
            sb.append("public final class ").append(classes.get(table)).append(" {\n");
            for (Column<?> c : table.columns()) {
                column(c);
            }
            sb.append("\n    private final Table table;\n\n");
            sb.append("    /** Builds the table into {@code metadata}; {@link ").append(holderName).append("} holds the one instance. */\n");
            sb.append("    ").append(classes.get(table)).append("(MetaData metadata) {\n");
            sb.append("        table = new Table(").append(JavaNames.literal(table.name())).append(", ")
                    .append(table.schema() == null ? "" : JavaNames.literal(table.schema()) + ", ").append("metadata");
            if (!table.dialectKwargs().isEmpty()) {
                sb.append(", ").append(value(table.dialectKwargs()));
            }
            fields.values().forEach(f -> sb.append(",\n                ").append(f));
            for (String item : constraints()) {
                sb.append(",\n                ").append(item);
            }
            sb.append(")").append(table.comment() == null ? "" : ".comment(" + JavaNames.literal(table.comment()) + ")");
            if (table.isView()) {
                sb.append("\n                .viewDefinition(").append(JavaNames.literal(table.viewDefinition())).append(")");
            }
            sb.append(";\n");
            table.indexes().stream().sorted(Comparator.comparing(Index::name)).forEach(this::index);
            sb.append("    }\n\n");
            sb.append(table.isView() ? "    /**\n     * The view, for FROM clauses (it is read-only).\n     *\n     * @return the view, registered in the metadata\n     */\n"
                    : "    /**\n     * The table, for FROM clauses, INSERT, UPDATE and DELETE.\n     *\n     * @return the table, registered in the metadata\n     */\n");
            sb.append("    public Table table() {\n        return table;\n    }\n");
            joins();
            sb.append("}\n");
            return sb.toString();
        }

        private void column(Column<?> c) {
            sb.append("\n    /** {@code ").append(JavaNames.javadoc(c.name() + " " + dialect.typeDdl(c.type()) + (c.isNullable() ? "" : " NOT NULL"))).append("}");
            sb.append(c.comment() == null ? "" : ": " + JavaNames.javadoc(c.comment())).append(". */\n");
            sb.append("    public final Column<").append(TypeSource.javaType(c.type(), dialect)).append("> ").append(fields.get(c))
                    .append(" = Column.of(").append(JavaNames.literal(c.name())).append(", ").append(TypeSource.expression(c.type(), dialect)).append(")");
            if (!c.key().equals(c.name())) {
                sb.append(".key(").append(JavaNames.literal(c.key())).append(")");
            }
            if (c.isPrimaryKey() && table.primaryKeyColumns().size() == 1) {
                sb.append(".primaryKey()");
            }
            // A primary key is NOT NULL even where the database says otherwise (SQLite's INTEGER PRIMARY KEY).
            if (!c.isPrimaryKey() && !c.isNullable()) {
                sb.append(".nullable(false)");
            }
            if (c.serverDefault() != null) {
                sb.append(".serverDefault(").append(value(c.serverDefault())).append(")");
            }
            // Generated columns carry no foreign keys of their own (keys are constraints), which the default goes by.
            boolean byDefault = c.isPrimaryKey() && table.primaryKeyColumns().size() == 1 && integer(c);
            if (c.isPrimaryKey() && c.isAutoincrement() != byDefault) {
                sb.append(".autoincrement(").append(c.isAutoincrement()).append(")");
            }
            if (c.computed() != null) {
                sb.append(".computed(").append(JavaNames.literal(c.computed())).append(", ").append(c.isComputedStored()).append(")");
            }
            if (c.comment() != null) {
                sb.append(".comment(").append(JavaNames.literal(c.comment())).append(")");
            }
            sb.append(";\n");
        }

        private boolean integer(Column<?> c) {
            TypeKind k = c.type().kind();
            return k == TypeKind.INTEGER || k == TypeKind.BIGINT || k == TypeKind.SMALLINT;
        }

        /** The table's constraints as constructor arguments, in a stable order. */
        private List<String> constraints() {
            Map<String, String> sorted = new TreeMap<>();
            for (Constraint k : table.constraints()) {
                String names = k instanceof CheckConstraint ? "" : k.columns().stream().map(Column::name).toList().toString();
                String sortKey = k.getClass().getSimpleName() + " " + k.name() + " " + names;
                String name = k.name() == null ? "null" : JavaNames.literal(k.name());
                if (k instanceof PrimaryKeyConstraint && k.columns().size() > 1) {
                    sorted.put(sortKey, "new dev.retort.schema.PrimaryKeyConstraint(" + keys(k.columns()) + ")");
                } else if (k instanceof UniqueConstraint) {
                    sorted.put(sortKey, "new dev.retort.schema.UniqueConstraint(" + name + ", java.util.List.of(" + keys(k.columns()) + "))");
                } else if (k instanceof CheckConstraint ck) {
                    sorted.put(sortKey + ck.condition(), "new dev.retort.schema.CheckConstraint(" + name + ", " + value(ck.condition()) + ")");
                }
            }
            for (Map.Entry<String, List<ForeignKey>> e : foreignKeys().entrySet()) {
                List<ForeignKey> key = e.getValue();
                StringJoiner targets = new StringJoiner(", ");
                key.forEach(fk -> targets.add(JavaNames.literal(fk.target())));
                String name = e.getKey().startsWith("#") ? "null" : JavaNames.literal(e.getKey());
                List<Column<?>> columns = key.stream().<Column<?>>map(ForeignKey::parent).toList();
                sorted.put("ForeignKeyConstraint " + e.getKey() + " " + columns, "new dev.retort.schema.ForeignKeyConstraint(" + name + ", java.util.List.of(" + keys(columns)
                        + "), java.util.List.of(" + targets + "), " + nullable(key.get(0).onDelete()) + ", " + nullable(key.get(0).onUpdate()) + ")");
            }
            return new ArrayList<>(sorted.values());
        }

        /**
         * The foreign keys to generated tables, each a list of column pairs, by constraint name
         * ({@code #} and the columns for an unnamed one), in name order.
         */
        private Map<String, List<ForeignKey>> foreignKeys() {
            Map<String, List<ForeignKey>> out = new TreeMap<>();
            Set<ForeignKey> inConstraints = new HashSet<>();
            for (Constraint k : table.constraints()) {
                if (k instanceof ForeignKeyConstraint f) {
                    inConstraints.addAll(f.elements());
                    if (target(f.elements().get(0)) != null) {
                        out.put(f.name() != null ? f.name() : "#" + f.columns().stream().map(Column::name).toList(), f.elements());
                    }
                }
            }
            for (ForeignKey fk : table.foreignKeyList()) {
                if (!inConstraints.contains(fk) && target(fk) != null) {
                    out.put("#" + List.of(fk.parent().name()) + " " + fk.target(), List.of(fk));
                }
            }
            return out;
        }

        private String keys(List<Column<?>> columns) {
            StringJoiner j = new StringJoiner(", ");
            columns.forEach(c -> j.add(JavaNames.literal(c.key())));
            return j.toString();
        }

        private void index(Index ix) {
            StringJoiner elements = new StringJoiner(", ");
            boolean expressions = false;
            for (ColumnElement<?> e : ix.expressions()) {
                if (e instanceof Column<?> c && fields.containsKey(c)) {
                    elements.add(fields.get(c));
                } else {
                    elements.add("dev.retort.sql.SQL.literalColumn(" + JavaNames.literal(e.toString()) + ")");
                    expressions = true;
                }
            }
            sb.append("        ");
            String create = (ix.isUnique() ? "dev.retort.schema.Index.unique(" : "new dev.retort.schema.Index(") + JavaNames.literal(ix.name()) + ", " + elements + ")";
            if (!ix.dialectKwargs().isEmpty()) {
                sb.append(create);
                new TreeMap<>(ix.dialectKwargs()).forEach((k, v) -> sb.append("\n                .dialectKw(").append(JavaNames.literal(k)).append(", ").append(value(v)).append(")"));
                sb.append(expressions ? "\n                .attachTo(table);\n" : ";\n");
            } else {
                sb.append(create).append(expressions ? ".attachTo(table);\n" : ";\n");
            }
        }

        /** A method per foreign key to a generated table: this table joined to that one along the key. */
        private void joins() {
            Map<String, String> methods = new TreeMap<>();
            Map<String, List<ForeignKey>> keys = foreignKeys();
            Map<Table, Long> perTarget = new LinkedHashMap<>();
            keys.values().forEach(key -> perTarget.merge(target(key.get(0)), 1L, Long::sum));
            Set<String> taken = new HashSet<>(Set.of("table"));
            for (List<ForeignKey> key : keys.values()) {
                Table target = target(key.get(0));
                String name = "join" + classes.get(target);
                if (perTarget.get(target) > 1) {
                    StringBuilder by = new StringBuilder("By");
                    key.forEach(fk -> by.append(JavaNames.className(fk.parent().name())));
                    name += by;
                }
                String method = unique(name, "_", taken);
                String other = holderName + "." + constant(target, classes);
                StringJoiner on = new StringJoiner(", ");
                for (ForeignKey fk : key) {
                    String parent = fields.get(fk.parent());
                    on.add(parent + ".eq(" + other + "." + referredField(target, fk.column()) + ")");
                }
                String condition = key.size() == 1 ? on.toString() : "dev.retort.sql.SQL.and(" + on + ")";
                methods.put(method, "\n    /**\n     * {@code " + JavaNames.javadoc(table.name()) + " JOIN " + JavaNames.javadoc(target.name()) + "} along the foreign key "
                        + JavaNames.javadoc(String.valueOf(key.stream().map(fk -> fk.parent().name()).toList())) + ".\n     *\n     * @return the join, for {@code selectFrom}\n     */\n"
                        + "    public dev.retort.sql.Join " + method + "() {\n"
                        + "        return dev.retort.sql.SQL.join(table, " + other + ".table(), " + condition + ");\n    }\n");
            }
            methods.values().forEach(sb::append);
        }

        /** The field of the referred column in the referred table's class (named as that class names it). */
        private String referredField(Table target, Column<?> column) {
            return new TableClass(target, classes, dialect).fields.get(column);
        }

        /** The generated table a foreign key refers to, or null when it refers to one not generated. */
        private Table target(ForeignKey fk) {
            Table t = table.metadata().tables().get(fk.targetTableKey());
            return t != null && classes.containsKey(t) ? t : null;
        }

        /** A server default, CHECK condition or option value as Java source. */
        private String value(Object v) {
            if (v instanceof TextClause t) {
                return "dev.retort.sql.SQL.text(" + JavaNames.literal(t.text()) + ")";
            }
            if (v instanceof ClauseElement e) {
                return "dev.retort.sql.SQL.text(" + JavaNames.literal(e.compile(dialect).string()) + ")";
            }
            if (v instanceof Integer || v instanceof Boolean) {
                return v.toString();
            }
            if (v instanceof Long) {
                return v + "L";
            }
            if (v instanceof Map<?, ?> m) {
                StringJoiner j = new StringJoiner(", ", "java.util.Map.of(", ")");
                new TreeMap<>(m).forEach((k, x) -> j.add(value(String.valueOf(k)) + ", " + value(x)));
                return j.toString();
            }
            return JavaNames.literal(String.valueOf(v));
        }

        private String nullable(String s) {
            return s == null ? "null" : JavaNames.literal(s);
        }
    }

    /** Builds a {@link CodeGenerator}. */
    public static final class Builder {
        private String packageName;
        private String holderName = "Tables";
        private String schema;
        private Pattern include;
        private Pattern exclude;
        private boolean views = true;

        private Builder() {
        }

        /**
         * Whether views get classes too (the default): read-only ones, whose table carries the
         * view's query ({@link Table#viewDefinition()}), so {@code createAll} passes them by.
         *
         * <pre>{@code
         * CodeGenerator.builder().packageName("com.acme.db").views(false).build();   // retort codegen --no-views
         * }</pre>
         */
        public Builder views(boolean views) {
            this.views = views;
            return this;
        }

        /** The package of the generated classes (required). */
        public Builder packageName(String name) {
            this.packageName = name;
            return this;
        }

        /** The class holding the MetaData and the tables' instances (default {@code Tables}). */
        public Builder holderName(String name) {
            this.holderName = name;
            return this;
        }

        /** The schema to read (default: the connection's own); its tables are generated schema-qualified. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** Only tables whose whole name matches this regular expression. */
        public Builder include(String regex) {
            this.include = regex == null ? null : Pattern.compile(regex);
            return this;
        }

        /** No table whose whole name matches this regular expression. */
        public Builder exclude(String regex) {
            this.exclude = regex == null ? null : Pattern.compile(regex);
            return this;
        }

        public CodeGenerator build() {
            return new CodeGenerator(this);
        }
    }
}
