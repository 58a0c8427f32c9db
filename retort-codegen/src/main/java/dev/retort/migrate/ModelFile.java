package dev.retort.migrate;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.RetortException;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Sequence;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.SQL;
import dev.retort.sql.TextClause;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.MysqlType;
import dev.retort.types.NamedType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model ({@link MetaData}) as a JSON file, for {@code retort migrate diff --model FILE}: written
 * by {@code retort migrate dump-model}, so a diff needs no compiled model classes. The file is
 * read as untrusted input: strict JSON within limits ({@value #MAX_BYTES} bytes, nesting
 * {@value #MAX_DEPTH} deep, {@value #MAX_ITEMS} items in an array, {@value #MAX_VALUES} values
 * in all, strings of {@value #MAX_STRING} characters, numbers of {@value #MAX_NUMBER}),
 * duplicate and unknown keys refused, types chosen from
 * a fixed list (no class is named by the file, none loaded or instantiated from it); anything
 * else raises {@link ModelFileException} naming where. Its SQL (queries of views, CHECKs,
 * defaults) is SQL of the migration written for review; comparing runs none of it, except on
 * PostgreSQL one statement at a time (none holding a semicolon) creating a temporary object in a
 * transaction rolled back, to see how PostgreSQL stores it.
 *
 * <pre>{@code
 * Files.writeString(Path.of("model.json"), ModelFile.write(Schema.metadata));
 * MetaData model = ModelFile.read(Path.of("model.json"));
 * SchemaDiff.builder().build().compare(model, engine);
 * }</pre>
 *
 * The format, version 1 ({@code null} and {@code false} members are left out):
 *
 * <pre>{@code
 * {"format": "retort-model", "version": 1, "tables": [
 *   {"name": "orders", "schema": "sales", "comment": "...", "view": "SELECT ...",
 *    "options": {"mariadb_engine": "InnoDB", "postgresql_with": {"fillfactor": "70"}}   (an expression: {"$sql": "a > 0"}),
 *    "columns": [{"name": "id", "key": "id", "type": {"constant": "INTEGER"}, "nullable": false, "autoincrement": true (primary keys),
 *                 "default": {"sql": "0"} or {"value": "x"}, "computed": "a * b", "stored": true, "comment": "...",
 *                 "identity": {"always": true, "start": 100, "increment": 10, "minValue": 1, "maxValue": 9999, "cache": 5, "cycle": false}}],
 *                 (an identity also takes "noMinValue": true and "noMaxValue": true),
 *    "primaryKey": {"name": null, "columns": ["id"]},
 *    "uniques": [{"name": "uq_code", "columns": ["code"], "deferrable": true, "initially": "DEFERRED"}],
 *    "checks": [{"name": "ck_total", "sql": "total >= 0"}],
 *    "foreignKeys": [{"name": null, "columns": ["user_id"], "references": ["users.id"], "onDelete": "CASCADE", "onUpdate": null, "match": "FULL"}],
 *    "indexes": [{"name": "ix_code", "unique": false, "columns": ["code"], "expressions": ["lower(code)"], "options": {...}}]}],
 *  "sequences": [{"name": "order_no", "schema": "sales", "start": 1000, "increment": 10, "minValue": 1, "maxValue": 99999,
 *                 "noMinValue": true, "noMaxValue": true, "cache": 5, "cycle": true, "dataType": TYPE, "optional": true}]}
 * }</pre>
 *
 * A type is {@code {"constant": "INTEGER"}} (a {@link Types} constant's name; FLOAT, TIME, DATETIME
 * and TIMESTAMP may add {@code "precision": 3}, {@link Types#withPrecision}),
 * {@code {"string": 50}}, {@code {"numeric": [10, 2]}}, {@code {"enum": "mood", "labels": ["ok"]}},
 * {@code {"array": TYPE}} (with {@code "dimensions"} and {@code "zeroIndexes": true}), {@code {"domain": "posint", "base": TYPE, "constraints": "CHECK (VALUE > 0)"}}
 * or {@code {"named": "tsvector", "dialect": "postgresql", "kind": "OTHER"}}. An enum may add
 * {@code "schema"}, {@code "createType": false}, {@code "native": false}, {@code "createConstraint": true}
 * and {@code "length"} (the VARCHAR's where not native; {@code false} for none); a domain {@code "schema"}, {@code "collationSchema"},
 * {@code "collation"}, {@code "default"} (SQL), {@code "constraintName"}, {@code "notNull": true},
 * {@code "check"} and {@code "createType": false}. A MySQL type ({@link dev.retort.types.MysqlTypes}) is
 * {@code {"mysql": "INTEGER", "size": 10, "unsigned": true}}, with {@code "size"} (display width,
 * length or fractional seconds), {@code "precision": [12, 4]}, {@code "charset"}, {@code "collation"}
 * and the flags {@code "unsigned"}, {@code "zerofill"}, {@code "national"}, {@code "binary"},
 * {@code "ascii"}, {@code "unicode"}. Any type may add {@code "variants": {"mysql": TYPE}}, its
 * {@link TypeEngine#withVariant dialect variants} by dialect name (a dialect Retort does not know
 * is refused); files without these members read as before, so the version stays 1. {@code sequences} (the model's
 * {@code MetaData.sequences()}) is left out when empty. An index's
 * {@code columns} hold its column keys and {@code null} where an expression of
 * {@code expressions} stands. Column-level keys, uniques and indexes are written at table level.
 * Every constraint may carry {@code "deferrable"} and {@code "initially"}; an option's value may
 * also be an array of strings, numbers and booleans ({@code postgresql_include}).
 */
public final class ModelFile {
    /** The largest file read. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** The deepest nesting of arrays and objects. */
    public static final int MAX_DEPTH = 32;
    /** The most items of one array or members of one object. */
    public static final int MAX_ITEMS = 10_000;
    /** The most values in a file. */
    public static final int MAX_VALUES = 1_000_000;
    /** The longest string (a view's query, a CHECK's condition). */
    public static final int MAX_STRING = 1024 * 1024;
    /** The longest number, in characters (its exponent has three digits at most). */
    public static final int MAX_NUMBER = 40;

    static final String FORMAT = "retort-model";
    static final int VERSION = 1;

    /** The {@code Types} constants by name, and names by value: the only types a file names. */
    private static final Map<String, TypeEngine<?>> CONSTANTS = new TreeMap<>();
    private static final Map<TypeEngine<?>, String> CONSTANT_NAMES = new LinkedHashMap<>();

    static {
        for (Field f : Types.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && TypeEngine.class.isAssignableFrom(f.getType())) {
                try {
                    TypeEngine<?> t = (TypeEngine<?>) f.get(null);
                    CONSTANTS.put(f.getName(), t);
                    CONSTANT_NAMES.putIfAbsent(t, f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private ModelFile() {
    }

    // ---- writing ----

    /**
     * The model as JSON text, tables in the metadata's order. Expressions (a default, a CHECK's
     * condition, an index expression) are written as SQL of the default dialect, without
     * parameters.
     */
    public static String write(MetaData model) {
        Dialect dialect = Dialects.defaultDialect();
        List<Object> tables = new ArrayList<>();
        for (Table t : model.tables().values()) {
            tables.add(table(t, dialect));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("tables", tables);
        List<Object> sequences = new ArrayList<>();
        model.sequences().values().forEach(q -> sequences.add(sequence(q, dialect)));
        putList(root, "sequences", sequences);
        return ModelJson.write(root) + "\n";
    }

    private static Map<String, Object> table(Table t, Dialect dialect) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", t.name());
        put(out, "schema", t.schema());
        put(out, "comment", t.comment());
        put(out, "view", t.viewDefinition());
        if (!t.dialectKwargs().isEmpty()) {
            out.put("options", options(t.dialectKwargs(), dialect));
        }
        List<Object> columns = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            if (!c.key().equals(c.name())) {
                col.put("key", c.key());
            }
            col.put("type", type(c.type(), dialect));
            if (!c.isNullable() && !c.isPrimaryKey()) {
                col.put("nullable", false);
            }
            if (c.isPrimaryKey()) {
                col.put("autoincrement", c.isAutoincrement());
            }
            if (c.serverDefault() != null) {
                Object d = c.serverDefault();
                col.put("default", d instanceof ClauseElement e ? Map.of("sql", sql(e, dialect))
                        : d instanceof String || d instanceof Boolean || d instanceof Number ? Map.of("value", d) : Map.of("sql", literal(c, d, dialect)));
            }
            put(col, "computed", c.computed());
            if (c.computed() != null && c.isComputedStored() != null) {
                col.put("stored", c.isComputedStored());
            }
            put(col, "comment", c.comment());
            if (c.identity() != null) {
                col.put("identity", identity(c.identity()));
            }
            columns.add(col);
        }
        out.put("columns", columns);
        List<Object> uniques = new ArrayList<>();
        List<Object> checks = new ArrayList<>();
        List<Object> foreignKeys = new ArrayList<>();
        Set<ForeignKey> inConstraints = new LinkedHashSet<>();
        for (Constraint k : t.constraints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k.name());
            if (k instanceof PrimaryKeyConstraint && !k.columns().isEmpty()) {
                m.put("columns", keys(k.columns()));
                out.put("primaryKey", deferrability(m, k));
            } else if (k instanceof UniqueConstraint) {
                m.put("columns", keys(k.columns()));
                uniques.add(deferrability(m, k));
            } else if (k instanceof CheckConstraint ck) {
                m.put("sql", sql(ck.condition(), dialect));
                checks.add(deferrability(m, k));
            } else if (k instanceof ForeignKeyConstraint f) {
                inConstraints.addAll(f.elements());
                Map<String, Object> fk = foreignKey(f.name(), f.elements());
                put(fk, "match", f.match());
                foreignKeys.add(deferrability(fk, k));
            }
        }
        for (ForeignKey fk : t.foreignKeyList()) {
            if (!inConstraints.contains(fk)) {
                foreignKeys.add(foreignKey(null, List.of(fk)));
            }
        }
        putList(out, "uniques", uniques);
        putList(out, "checks", checks);
        putList(out, "foreignKeys", foreignKeys);
        List<Object> indexes = new ArrayList<>();
        for (Index ix : t.indexes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", ix.name());
            if (ix.isUnique()) {
                m.put("unique", true);
            }
            List<Object> cols = new ArrayList<>();
            List<Object> expressions = new ArrayList<>();
            for (ColumnElement<?> e : ix.expressions()) {
                if (e instanceof Column<?> c) {
                    cols.add(c.key());
                } else {
                    cols.add(null);
                    expressions.add(e.toString());
                }
            }
            m.put("columns", cols);
            putList(m, "expressions", expressions);
            if (!ix.dialectKwargs().isEmpty()) {
                m.put("options", options(ix.dialectKwargs(), dialect));
            }
            indexes.add(m);
        }
        putList(out, "indexes", indexes);
        return out;
    }

    /** Dialect options, sorted; an expression ({@code postgresql_where}) as {@code {"$sql": "..."}}. */
    private static Map<String, Object> options(Map<String, ?> options, Dialect dialect) {
        Map<String, Object> out = new TreeMap<>();
        options.forEach((k, v) -> out.put(k, v instanceof ClauseElement e ? Map.of(ModelJson.SQL, sql(e, dialect)) : v));
        return out;
    }

    /** A constraint's {@code deferrable} and {@code initially}, where set, added to {@code m}. */
    private static Map<String, Object> deferrability(Map<String, Object> m, Constraint k) {
        put(m, "deferrable", k.deferrable());
        put(m, "initially", k.initially());
        return m;
    }

    private static Map<String, Object> sequence(Sequence q, Dialect dialect) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", q.name());
        put(m, "schema", q.schema());
        put(m, "start", q.start());
        put(m, "increment", q.increment());
        put(m, "minValue", q.minValue());
        put(m, "maxValue", q.maxValue());
        put(m, "noMinValue", q.noMinValue() ? true : null);
        put(m, "noMaxValue", q.noMaxValue() ? true : null);
        put(m, "cache", q.cache());
        put(m, "cycle", q.cycle());
        put(m, "dataType", q.dataType() == null ? null : type(q.dataType(), dialect));
        put(m, "optional", q.optional() ? true : null);
        return m;
    }

    private static Map<String, Object> identity(dev.retort.schema.Identity id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("always", id.always());
        put(m, "start", id.start());
        put(m, "increment", id.increment());
        put(m, "minValue", id.minValue());
        put(m, "maxValue", id.maxValue());
        put(m, "noMinValue", id.noMinValue() ? true : null);
        put(m, "noMaxValue", id.noMaxValue() ? true : null);
        put(m, "cache", id.cache());
        put(m, "cycle", id.cycle());
        return m;
    }

    private static Map<String, Object> foreignKey(String name, List<ForeignKey> elements) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("columns", keys(elements.stream().<Column<?>>map(ForeignKey::parent).toList()));
        m.put("references", elements.stream().map(ForeignKey::target).toList());
        m.put("onDelete", elements.get(0).onDelete());
        m.put("onUpdate", elements.get(0).onUpdate());
        return m;
    }

    private static List<Object> keys(List<Column<?>> columns) {
        return new ArrayList<>(columns.stream().map(Column::key).toList());
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putList(Map<String, Object> m, String key, List<Object> value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    /** An expression as DDL writes it: values inline, columns unqualified. */
    static String sql(ClauseElement e, Dialect dialect) {
        if (e instanceof TextClause t) {
            return t.text();
        }
        ClauseElement bare = e.replace(n -> n instanceof Column<?> c ? SQL.column(c.name(), c.type()) : null);
        return bare.compile(dialect, dev.retort.sql.CompileOption.LITERAL_BINDS).string();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String literal(Column<?> c, Object value, Dialect dialect) {
        return ((TypeEngine) c.type()).literal(value, dialect);
    }

    private static Map<String, Object> type(TypeEngine<?> withVariants, Dialect dialect) {
        Map<String, Object> m = new LinkedHashMap<>();
        // the variants are a member of their own; the rest is written as the generic type
        TypeEngine<?> type = withVariants.variants().isEmpty() ? withVariants : withVariants.asGeneric();
        String constant = CONSTANT_NAMES.get(type);
        if (constant != null) {
            m.put("constant", constant);
        } else if (type instanceof MysqlType<?> my) {
            mysql(m, my);
        } else if (type instanceof SqlType<?> s && s.precision() != null && s.scale() == null && CONSTANT_NAMES.containsKey(Types.forKind(s.kind()))) {
            // Types.timestamp(3), Types.floatType(24), ...: the kind's constant with its precision
            m.put("constant", CONSTANT_NAMES.get(Types.forKind(s.kind())));
            m.put("precision", s.precision());
        } else if (type instanceof SqlType<?> s && s.kind() == TypeKind.STRING && s.length() != null) {
            m.put("string", s.length());
        } else if (type instanceof SqlType<?> s && s.kind() == TypeKind.NUMERIC && s.precision() != null) {
            m.put("numeric", s.scale() == null ? List.of(s.precision()) : List.of(s.precision(), s.scale()));
        } else if (type instanceof EnumType<?> e) {
            m.put("enum", e.name());
            m.put("labels", e.labels());
            put(m, "schema", e.schema());
            put(m, "createType", e.isCreateType() ? null : false);
            // a length given (even the longest label's) compares apart from the default one; false is none
            put(m, "length", e.length() == null ? (Object) false : e.equals(e.length(e.length())) ? e.length() : null);
            put(m, "native", e.isNativeEnum() ? null : false);
            put(m, "createConstraint", e.isCreateConstraint() ? true : null);
        } else if (type instanceof ArrayType<?> a) {
            m.put("array", type(a.elementType(), dialect));
            put(m, "dimensions", a.dimensions());
            put(m, "zeroIndexes", a.isZeroIndexes() ? true : null);
        } else if (type instanceof DomainType<?> d) {
            m.put("domain", d.name());
            m.put("base", type(d.baseType(), dialect));
            put(m, "constraints", d.constraints());
            put(m, "schema", d.schema());
            put(m, "collationSchema", d.collationSchema());
            put(m, "collation", d.collation());
            put(m, "default", d.defaultSql());
            put(m, "constraintName", d.constraintName());
            put(m, "notNull", d.isNotNull() ? true : null);
            put(m, "check", d.check());
            put(m, "createType", d.isCreateType() ? null : false);
        } else if (type instanceof NamedType<?> n) {
            m.put("named", n.name());
            m.put("dialect", n.dialectName());
            m.put("kind", n.kind().name());
        } else {
            m.put("named", dialect.typeDdl(type));
            m.put("dialect", dialect.name());
            m.put("kind", type.kind().name());
        }
        if (!withVariants.variants().isEmpty()) {
            Map<String, Object> variants = new TreeMap<>();
            withVariants.variants().forEach((name, v) -> variants.put(name, type(v, Dialects.names().contains(name) ? Dialects.byName(name) : dialect)));
            m.put("variants", variants);
        }
        return m;
    }

    /** A {@link dev.retort.types.MysqlTypes} type: its name and the options it has. */
    private static void mysql(Map<String, Object> m, MysqlType<?> t) {
        m.put("mysql", t.name());
        put(m, "size", t.length());
        if (t.precision() != null) {
            m.put("precision", t.scale() == null ? List.of(t.precision()) : List.of(t.precision(), t.scale()));
        }
        put(m, "unsigned", t.isUnsigned() ? true : null);
        put(m, "zerofill", t.isZerofill() ? true : null);
        put(m, "charset", t.charset());
        put(m, "collation", t.collation());
        put(m, "national", t.isNational() ? true : null);
        put(m, "binary", t.isBinary() ? true : null);
        put(m, "ascii", t.isAscii() ? true : null);
        put(m, "unicode", t.isUnicode() ? true : null);
    }

    // ---- reading ----

    /**
     * The model a {@code --model} value names: {@code CLASS#MEMBER}, a static {@link MetaData}
     * field or a static method without parameters returning one, its class loaded (and
     * initialised: it is the user's own code, run as a build runs it) from {@code classes};
     * else a model file, {@link #read(Path)}. What the CLI's {@code migrate diff --model} and
     * the Maven plugin's {@code retort:diff} read.
     *
     * <pre>{@code
     * MetaData model = ModelFile.load("com.acme.Schema#metadata", new URLClassLoader(classPath));
     * MetaData same = ModelFile.load("model.json", null);
     * }</pre>
     *
     * @throws ModelFileException a file that is not a model
     * @throws dev.retort.exc.ArgumentException no such file, class or member, or not a MetaData (the
     *     cause is the {@link ClassNotFoundException} when the class is missing)
     */
    public static MetaData load(String model, ClassLoader classes) {
        if (!model.contains("#")) {
            Path file = Path.of(model);
            if (!Files.isRegularFile(file)) {
                throw new dev.retort.exc.ArgumentException("the model is CLASS#MEMBER (com.acme.Schema#metadata) or a file from retort migrate dump-model;"
                        + " there is no file '" + model + "'");
            }
            return read(file);
        }
        int hash = model.indexOf('#');
        if (hash == 0 || hash == model.length() - 1) {
            throw new dev.retort.exc.ArgumentException("the model is CLASS#MEMBER (com.acme.Schema#metadata), got '" + model + "'");
        }
        String className = model.substring(0, hash);
        String member = model.substring(hash + 1);
        try {
            Object value = value(Class.forName(className, true, classes), member);
            if (!(value instanceof MetaData md)) {
                throw new dev.retort.exc.ArgumentException(model + " is not a MetaData but " + (value == null ? "null" : value.getClass().getName()));
            }
            return md;
        } catch (ClassNotFoundException e) {
            throw new dev.retort.exc.ArgumentException("no class " + className + " on the classpath", e);
        } catch (ReflectiveOperationException e) {
            throw new dev.retort.exc.ArgumentException(className + " has no static field or method '" + member + "' without parameters", e);
        }
    }

    private static Object value(Class<?> c, String member) throws ReflectiveOperationException {
        java.lang.reflect.Member found;
        try {
            Field f = c.getField(member);
            found = f;
            if (Modifier.isStatic(f.getModifiers())) {
                return f.get(null);
            }
        } catch (NoSuchFieldException e) {
            java.lang.reflect.Method m = c.getMethod(member);
            found = m;
            if (Modifier.isStatic(m.getModifiers())) {
                return m.invoke(null);
            }
        }
        throw new NoSuchMethodException(found + " is not static");
    }

    /** Reads a model file written by {@link #write}; see the class for its limits. */
    public static MetaData read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ModelFileException("$", "the file has " + size + " bytes, more than the " + MAX_BYTES + " allowed");
            }
            return read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ModelFileException("$", "the file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model from the JSON text {@link #write} wrote. */
    public static MetaData read(String json) {
        if (json.length() > MAX_BYTES) {
            throw new ModelFileException("$", "the text has " + json.length() + " characters, more than the " + MAX_BYTES + " allowed");
        }
        ModelJson.Obj root = ModelJson.Obj.of(ModelJson.read(json), "$");
        String format = root.string("format", true);
        if (!FORMAT.equals(format)) {
            throw new ModelFileException("$.format", "expected \"" + FORMAT + "\", got \"" + format + "\"");
        }
        long version = root.integer("version");
        if (version != VERSION) {
            throw new ModelFileException("$.version", "version " + version + " is not known (this Retort reads " + VERSION + ")");
        }
        MetaData md = new MetaData();
        List<ModelJson.Obj> tables = root.objects("tables");
        List<ModelJson.Obj> sequences = root.objects("sequences");
        root.done();
        for (ModelJson.Obj q : sequences) {
            try {
                md.addSequence(sequence(q));
            } catch (ModelFileException e) {
                throw e;
            } catch (RetortException e) {
                throw new ModelFileException(q.path(), e.getMessage(), e);
            }
        }
        List<Reference> references = new ArrayList<>();
        Map<String, String> indexNames = new LinkedHashMap<>();
        for (ModelJson.Obj t : tables) {
            try {
                table(t, md, references, indexNames);
            } catch (ModelFileException e) {
                throw e;
            } catch (RetortException | IllegalArgumentException | ClassCastException e) {
                throw new ModelFileException(t.path(), e.getMessage(), e);
            }
        }
        // Column keys by table, gathered once: a file may hold hundreds of thousands of references.
        Map<Table, java.util.Set<String>> columnKeys = new java.util.HashMap<>();
        for (Reference r : references) {
            r.check(md, columnKeys);
        }
        return md;
    }

    /**
     * A foreign key's {@code "table.column"} as the file gives it, checked once every table is
     * read (tables may come in any order): a reference to nothing would fail only later, when a
     * migration or {@code createAll} resolves it.
     */
    private record Reference(String path, String table, String target) {
        void check(MetaData md, Map<Table, java.util.Set<String>> columnKeys) {
            int dot = target.lastIndexOf('.');
            String tableKey = target.substring(0, dot);
            Table referenced = md.tables().get(tableKey);
            if (referenced == null) {
                throw new ModelFileException(path, "foreign key of table " + table + " references " + target + ", but the model has no table " + tableKey);
            }
            String column = target.substring(dot + 1);
            java.util.Set<String> keys = columnKeys.computeIfAbsent(referenced,
                    r -> r.columns().stream().map(Column::key).collect(java.util.stream.Collectors.toSet()));
            if (!keys.contains(column)) {
                throw new ModelFileException(path, "foreign key of table " + table + " references " + target + ", but table " + tableKey + " has no column " + column);
            }
        }
    }

    private static void table(ModelJson.Obj t, MetaData md, List<Reference> targets, Map<String, String> indexNames) {
        String name = t.string("name", true);
        String schema = t.string("schema", false);
        if (md.tables().containsKey(schema == null ? name : schema + "." + name)) {
            throw new ModelFileException(t.path() + ".name", "table " + name + " is given twice");
        }
        List<SchemaItem> items = new ArrayList<>();
        Map<String, Column<?>> byKey = new LinkedHashMap<>();
        for (ModelJson.Obj c : t.objects("columns")) {
            Column<?> col = column(c);
            if (byKey.put(col.key(), col) != null) {
                throw new ModelFileException(c.path(), "column " + col.key() + " is given twice");
            }
            items.add(col);
        }
        ModelJson.Obj pk = t.object("primaryKey");
        if (pk != null) {
            List<String> pkColumns = keys(pk, byKey);
            if (pkColumns.isEmpty()) {
                // The writer leaves a keyless table's primaryKey out: an empty one is no model's.
                throw new ModelFileException(pk.path() + ".columns", "the primary key of table " + name + " has no columns");
            }
            items.add(deferrability(new PrimaryKeyConstraint(pk.string("name", false), pkColumns), pk));
            pk.done();
        }
        for (ModelJson.Obj u : t.objects("uniques")) {
            items.add(deferrability(new UniqueConstraint(u.string("name", false), keys(u, byKey)), u));
            u.done();
        }
        for (ModelJson.Obj ck : t.objects("checks")) {
            items.add(deferrability(new CheckConstraint(ck.string("name", false), SQL.text(ck.string("sql", true))), ck));
            ck.done();
        }
        for (ModelJson.Obj fk : t.objects("foreignKeys")) {
            List<String> columns = keys(fk, byKey);
            List<String> references = fk.strings("references");
            if (references.size() != columns.size() || columns.isEmpty()) {
                throw new ModelFileException(fk.path() + ".references", "a foreign key needs one reference (table.column) per column, got " + references.size()
                        + " for " + columns.size());
            }
            for (int i = 0; i < references.size(); i++) {
                if (references.get(i).indexOf('.') <= 0) {
                    throw new ModelFileException(fk.path() + ".references[" + i + "]", "a foreign key of table " + name + " references "
                            + references.get(i) + ", not table.column");
                }
                targets.add(new Reference(fk.path() + ".references[" + i + "]", name, references.get(i)));
            }
            ForeignKeyConstraint constraint = new ForeignKeyConstraint(fk.string("name", false), columns, references, action(fk, "onDelete"), action(fk, "onUpdate"));
            String match = fk.string("match", false);
            try {
                constraint.match(match);
            } catch (dev.retort.exc.ArgumentException e) {
                throw new ModelFileException(fk.path() + ".match", e.getMessage(), e);
            }
            items.add(deferrability(constraint, fk));
            fk.done();
        }
        Map<String, Object> options = t.map("options");
        Table table = new Table(name, schema, md, options, items.toArray(new SchemaItem[0]));
        table.comment(t.string("comment", false));
        String view = t.string("view", false);
        if (view != null) {
            table.viewDefinition(view);
        }
        for (ModelJson.Obj ix : t.objects("indexes")) {
            String indexName = ix.string("name", true);
            // PostgreSQL and SQLite name indexes per schema: two of one name cannot both be created.
            String other = indexNames.putIfAbsent((schema == null ? "" : schema + ".") + indexName, name);
            if (other != null) {
                throw new ModelFileException(ix.path() + ".name", "index " + indexName + " of table " + name + " is given twice"
                        + (other.equals(name) ? "" : " (table " + other + " has one of that name)"));
            }
            index(ix, table, byKey);
        }
        t.done();
    }

    /** A constraint's {@code deferrable} and {@code initially} members; INITIALLY is a keyword (checked by the constraint). */
    private static Constraint deferrability(Constraint c, ModelJson.Obj o) {
        Object deferrable = o.scalar("deferrable");
        if (deferrable != null && !(deferrable instanceof Boolean)) {
            throw new ModelFileException(o.path() + ".deferrable", "expected true or false");
        }
        c.deferrable((Boolean) deferrable);
        try {
            c.initially(o.string("initially", false));
        } catch (dev.retort.exc.ArgumentException e) {
            throw new ModelFileException(o.path() + ".initially", e.getMessage(), e);
        }
        return c;
    }

    /** A column's {@code identity} member, or null. */
    private static dev.retort.schema.Identity identity(ModelJson.Obj o) {
        if (o == null) {
            return null;
        }
        dev.retort.schema.Identity id = o.bool("always", false) ? dev.retort.schema.Identity.generatedAlways() : dev.retort.schema.Identity.generatedByDefault();
        for (String option : List.of("start", "increment", "minValue", "maxValue", "cache")) {
            Long value = longValue(o, option);
            if (value == null) {
                continue;
            }
            try {
                id = switch (option) {
                    case "start" -> id.start(value);
                    case "increment" -> id.increment(value);
                    case "minValue" -> id.minValue(value);
                    case "maxValue" -> id.maxValue(value);
                    default -> id.cache(value);
                };
            } catch (dev.retort.exc.ArgumentException e) {
                throw new ModelFileException(o.path() + "." + option, e.getMessage(), e);
            }
        }
        Object cycle = o.scalar("cycle");
        if (cycle != null) {
            if (!(cycle instanceof Boolean b)) {
                throw new ModelFileException(o.path() + ".cycle", "expected true or false");
            }
            id = id.cycle(b);
        }
        id = id.noMinValue(o.bool("noMinValue", false)).noMaxValue(o.bool("noMaxValue", false));
        o.done();
        return id;
    }

    /** A foreign key's ON DELETE / ON UPDATE action, or null: a keyword, since DDL takes it as written. */
    private static String action(ModelJson.Obj fk, String member) {
        String action = fk.string(member, false);
        if (action != null && !ForeignKey.isReferentialAction(action)) {
            throw new ModelFileException(fk.path() + "." + member, "'" + action + "' is no referential action (RESTRICT, CASCADE, SET NULL, NO ACTION, SET DEFAULT)");
        }
        return action;
    }

    private static Column<?> column(ModelJson.Obj c) {
        String name = c.string("name", true);
        TypeEngine<?> type = type(c.object("type"), c.path() + ".type");
        Column<?> col = Column.of(name, type);
        String key = c.string("key", false);
        if (key != null) {
            col.key(key);
        }
        if (!c.bool("nullable", true)) {
            col.nullable(false);
        }
        Object autoincrement = c.scalar("autoincrement");
        if (autoincrement != null) {
            if (!(autoincrement instanceof Boolean b)) {
                throw new ModelFileException(c.path() + ".autoincrement", "expected true or false");
            }
            col.autoincrement(b);
        }
        ModelJson.Obj d = c.object("default");
        if (d != null) {
            String sql = d.string("sql", false);
            Object value = d.scalar("value");
            if ((sql == null) == (value == null)) {
                throw new ModelFileException(d.path(), "a default is {\"sql\": ...} or {\"value\": ...}");
            }
            col.serverDefault(sql != null ? SQL.text(sql) : value instanceof BigDecimal n ? number(n, type.kind(), d.path()) : value);
            d.done();
        }
        String computed = c.string("computed", false);
        if (computed != null) {
            Object stored = c.scalar("stored");
            if (stored != null && !(stored instanceof Boolean)) {
                throw new ModelFileException(c.path() + ".stored", "expected true or false");
            }
            col.computed(computed, (Boolean) stored);
        }
        col.comment(c.string("comment", false));
        col.identity(identity(c.object("identity")));
        c.done();
        return col;
    }

    /** A numeric default as the Java type of its column, which renders it. */
    private static Object number(BigDecimal n, TypeKind kind, String path) {
        try {
            return switch (kind) {
                case INTEGER -> n.intValueExact();
                case BIGINT -> n.longValueExact();
                case SMALLINT -> n.shortValueExact();
                case FLOAT, DOUBLE -> n.doubleValue();
                case NUMERIC -> n;
                default -> throw new ModelFileException(path + ".value", "a number is no default of a " + kind + " column");
            };
        } catch (ArithmeticException e) {
            throw new ModelFileException(path + ".value", n + " does not fit a " + kind + " column", e);
        }
    }

    private static TypeEngine<?> type(ModelJson.Obj t, String path) {
        if (t == null) {
            throw new ModelFileException(path, "a column needs a type");
        }
        TypeEngine<?> out;
        if (t.has("constant")) {
            String name = t.string("constant", true);
            out = CONSTANTS.get(name);
            if (out == null) {
                throw new ModelFileException(path + ".constant", "no type constant " + name + " (known: " + String.join(", ", CONSTANTS.keySet()) + ")");
            }
            if (t.has("precision")) {
                try {
                    out = Types.withPrecision(out.kind(), Math.toIntExact(t.integer("precision")));
                } catch (dev.retort.exc.ArgumentException e) {
                    throw new ModelFileException(path + ".precision", e.getMessage());
                }
            }
        } else if (t.has("string")) {
            out = Types.string(Math.toIntExact(t.integer("string")));
        } else if (t.has("numeric")) {
            List<Long> args = t.integers("numeric");
            if (args.isEmpty() || args.size() > 2) {
                throw new ModelFileException(path + ".numeric", "expected [precision] or [precision, scale]");
            }
            out = args.size() == 1 ? Types.numeric(Math.toIntExact(args.get(0)), 0) : Types.numeric(Math.toIntExact(args.get(0)), Math.toIntExact(args.get(1)));
        } else if (t.has("enum")) {
            EnumType<String> e = Types.enumOf(t.string("enum", false), t.strings("labels").toArray(new String[0])).schema(t.string("schema", false));
            if (t.has("length")) {
                e = e.length(Boolean.FALSE.equals(t.scalar("length")) ? null : Math.toIntExact(t.integer("length")));
            }
            out = e.createType(t.bool("createType", true)).nativeEnum(t.bool("native", true)).createConstraint(t.bool("createConstraint", false));
        } else if (t.has("array")) {
            ArrayType<?> a = Types.array(type(t.object("array"), path + ".array"));
            a = t.has("dimensions") ? a.dimensions(Math.toIntExact(t.integer("dimensions"))) : a;
            out = a.zeroIndexes(t.bool("zeroIndexes", false));
        } else if (t.has("domain")) {
            out = domain(t, path);
        } else if (t.has("named")) {
            String kind = t.string("kind", false);
            TypeKind k;
            try {
                k = kind == null ? TypeKind.OTHER : TypeKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(path + ".kind", "no type kind " + kind, e);
            }
            out = Types.named(t.string("dialect", true), t.string("named", true), k);
        } else if (t.has("mysql")) {
            out = mysql(t, path);
        } else {
            throw new ModelFileException(path, "a type is one of constant, string, numeric, enum, array, domain, named, mysql");
        }
        ModelJson.Obj variants = t.object("variants");
        if (variants != null) {
            out = withVariants(out, variants);
        }
        t.done();
        return out;
    }

    /** {@code type} with the variants of a {@code variants} member, each for a dialect Retort knows. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeEngine<?> withVariants(TypeEngine<?> type, ModelJson.Obj variants) {
        TypeEngine out = type;
        for (String name : variants.keys()) {
            String where = variants.path() + "." + name;
            if (!Dialects.names().contains(name)) {
                throw new ModelFileException(where, "a variant for dialect '" + name + "', which is not known (known: " + String.join(", ", Dialects.names()) + ")");
            }
            out = out.withVariant(type(variants.object(name), where), name);
        }
        variants.done();
        return out;
    }

    /** A {@code {"mysql": "INTEGER", ...}} type; {@link MysqlType} checks each option against the type. */
    private static MysqlType<?> mysql(ModelJson.Obj t, String path) {
        String name = t.string("mysql", true);
        String at = path + ".mysql";
        try {
            MysqlType<?> out = MysqlType.of(name);
            at = path + ".size";
            if (t.has("size")) {
                out = out.sized(Math.toIntExact(t.integer("size")));
            }
            at = path + ".precision";
            List<Long> precision = t.integers("precision");
            if (precision.size() > 2) {
                throw new ModelFileException(at, "expected [precision] or [precision, scale]");
            }
            out = precision.isEmpty() ? out : precision.size() == 1 ? out.precision(Math.toIntExact(precision.get(0)))
                    : out.precision(Math.toIntExact(precision.get(0)), Math.toIntExact(precision.get(1)));
            for (String flag : List.of("unsigned", "zerofill", "national", "binary", "ascii", "unicode")) {
                at = path + "." + flag;
                if (t.bool(flag, false)) {
                    out = switch (flag) {
                        case "unsigned" -> out.unsigned();
                        case "zerofill" -> out.zerofill();
                        case "national" -> out.national();
                        case "binary" -> out.binary();
                        case "ascii" -> out.ascii();
                        default -> out.unicode();
                    };
                }
            }
            at = path + ".charset";
            String charset = t.string("charset", false);
            out = charset == null ? out : out.charset(charset);
            at = path + ".collation";
            String collation = t.string("collation", false);
            return collation == null ? out : out.collate(collation);
        } catch (ModelFileException e) {
            throw e;
        } catch (dev.retort.exc.ArgumentException e) {
            throw new ModelFileException(at, e.getMessage(), e);
        }
    }

    private static DomainType<?> domain(ModelJson.Obj t, String path) {
        DomainType<?> d = Types.domain(t.string("domain", true), type(t.object("base"), path + ".base"), t.string("constraints", false))
                .schema(t.string("schema", false)).collation(t.string("collationSchema", false), t.string("collation", false));
        String defaultSql = t.string("default", false);
        if (defaultSql != null) {
            d = d.defaultValue(SQL.text(defaultSql));
        }
        return d.constraintName(t.string("constraintName", false)).notNull(t.bool("notNull", false)).check(t.string("check", false))
                .createType(t.bool("createType", true));
    }

    /** A member of {@code sequences}. */
    private static Sequence sequence(ModelJson.Obj o) {
        Sequence q = new Sequence(o.string("name", true)).schema(o.string("schema", false));
        Long start = longValue(o, "start");
        Long increment = longValue(o, "increment");
        Long min = longValue(o, "minValue");
        Long max = longValue(o, "maxValue");
        Long cache = longValue(o, "cache");
        q = start == null ? q : q.start(start);
        q = increment == null ? q : q.increment(increment);
        q = min == null ? q : q.minValue(min);
        q = max == null ? q : q.maxValue(max);
        q = cache == null ? q : q.cache(cache);
        q = q.noMinValue(o.bool("noMinValue", false)).noMaxValue(o.bool("noMaxValue", false)).optional(o.bool("optional", false));
        if (o.has("cycle")) {
            q = q.cycle(o.bool("cycle", false));
        }
        ModelJson.Obj type = o.object("dataType");
        if (type != null) {
            q = q.dataType(type(type, o.path() + ".dataType"));
        }
        o.done();
        return q;
    }

    /** An integer member of any sign (a sequence's bound or step), or null when absent. */
    private static Long longValue(ModelJson.Obj o, String member) {
        Object v = o.scalar(member);
        if (v == null) {
            return null;
        }
        if (!(v instanceof BigDecimal n) || n.scale() > 0) {
            throw new ModelFileException(o.path() + "." + member, "expected an integer");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw new ModelFileException(o.path() + "." + member, "out of range", e);
        }
    }

    private static List<String> keys(ModelJson.Obj o, Map<String, Column<?>> byKey) {
        List<String> keys = o.strings("columns");
        for (int i = 0; i < keys.size(); i++) {
            if (!byKey.containsKey(keys.get(i))) {
                throw new ModelFileException(o.path() + ".columns[" + i + "]", "no column " + keys.get(i) + " in the table");
            }
        }
        return keys;
    }

    private static void index(ModelJson.Obj ix, Table table, Map<String, Column<?>> byKey) {
        String name = ix.string("name", true);
        List<Object> columns = ix.list("columns");
        List<String> expressions = ix.strings("expressions");
        List<ColumnElement<?>> elements = new ArrayList<>();
        int next = 0;
        boolean anyExpression = false;
        for (int i = 0; i < columns.size(); i++) {
            Object c = columns.get(i);
            if (c == null) {
                if (next >= expressions.size()) {
                    throw new ModelFileException(ix.path() + ".columns[" + i + "]", "an expression of index " + name + " is missing from its expressions");
                }
                elements.add(SQL.literalColumn(expressions.get(next++)));
                anyExpression = true;
            } else if (c instanceof String key && byKey.containsKey(key)) {
                elements.add(table.c(key));
            } else {
                throw new ModelFileException(ix.path() + ".columns[" + i + "]", "no column " + c + " in table " + table.name());
            }
        }
        if (elements.isEmpty() || next != expressions.size()) {
            throw new ModelFileException(ix.path(), "index " + name + " needs its columns, and a null among them for each of its expressions");
        }
        ColumnElement<?>[] array = elements.toArray(new ColumnElement<?>[0]);
        Index index = ix.bool("unique", false) ? Index.unique(name, array) : new Index(name, array);
        ix.map("options").forEach(index::dialectKw);
        if (anyExpression) {
            index.attachTo(table);
        }
        ix.done();
    }
}
