package dev.retort.conformance;

import static dev.retort.sql.SQL.and;
import static dev.retort.sql.SQL.asc;
import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.caseOf;
import static dev.retort.sql.SQL.caseWhen;
import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.delete;
import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.excluded;
import static dev.retort.sql.SQL.falseLiteral;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.labelReference;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.not;
import static dev.retort.sql.SQL.nullLiteral;
import static dev.retort.sql.SQL.or;
import static dev.retort.sql.SQL.text;
import static dev.retort.sql.SQL.trueLiteral;
import static dev.retort.sql.SQL.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.types.Range;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.retort.schema.AddConstraint;
import dev.retort.schema.CreateColumn;
import dev.retort.schema.CreateDomainType;
import dev.retort.schema.DropDomainType;
import dev.retort.schema.CreateSequence;
import dev.retort.schema.DropSequence;
import dev.retort.schema.Sequence;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Constraint;
import dev.retort.schema.DropConstraint;
import dev.retort.schema.DropIndex;
import dev.retort.schema.DropTable;
import dev.retort.schema.Identity;
import dev.retort.schema.Column;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateTable;
import dev.retort.schema.CreateTableAs;
import dev.retort.schema.CreateView;
import dev.retort.schema.DropView;
import dev.retort.schema.CreateEnumType;
import dev.retort.schema.DropEnumType;
import dev.retort.schema.ExcludeConstraint;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.UniqueConstraint;
import dev.retort.schema.MetaData;
import dev.retort.schema.SchemaItem;
import dev.retort.schema.Table;
import dev.retort.sql.Case;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ConflictTarget;
import dev.retort.sql.BindParameter;
import dev.retort.sql.CTE;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.CustomOperator;
import dev.retort.sql.Fetch;
import dev.retort.sql.ForUpdate;
import dev.retort.sql.Alias;
import dev.retort.sql.FromClause;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.FunctionFilter;
import dev.retort.sql.Insert;
import dev.retort.sql.MatchModifier;
import dev.retort.sql.TableValuedAlias;
import dev.retort.sql.Over;
import dev.retort.sql.SQL;
import dev.retort.sql.Select;
import dev.retort.sql.SelectBase;
import dev.retort.sql.TableClause;
import dev.retort.sql.TextClause;
import dev.retort.sql.Update;
import dev.retort.sql.WithinGroup;
import dev.retort.types.MysqlType;
import dev.retort.types.SpelledType;
import dev.retort.types.TypeEngine;
import dev.retort.types.DomainType;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one case of the ported SQLAlchemy compiler suite (tools/sqla_suite) with Retort's
 * public API: the case's tables, then its statement tree. The tree language extends the
 * conformance corpus's (see {@link CorpusTree}); tools/sqla_suite/README.md lists the nodes.
 */
final class SqlalchemySuiteTree {
    private final Map<String, FromClause> tables = new HashMap<>();
    /** Each Table's explicit constraints by table key, in the tree's order: ALTER TABLE nodes name them by position. */
    private final Map<String, List<Constraint>> constraintsOf = new HashMap<>();
    private final Map<String, FromClause> env = new HashMap<>();
    /** Expressions the SQLAlchemy statement used more than once: one Java object each. */
    private final Map<String, Object> shared = new HashMap<>();
    /** Appended to every table name when the case runs on a shared server. */
    private final String suffix;
    final MetaData metadata;

    /** Builds the nodes this class does not know (the ORM's, {@link SqlalchemyOrmSuiteBuilder}), or null. */
    private Function<JsonNode, Object> extension;

    /** Untyped columns of lightweight tables get this type when the tables must be created. */
    private final TypeEngine<?> untyped;

    SqlalchemySuiteTree(JsonNode tableDefs, String suffix) {
        this(tableDefs, suffix, false);
    }

    /**
     * With {@code creatable}, lightweight tables become {@code Table}s too (untyped columns
     * INTEGER), so that {@link #metadata} can create every table on a server.
     */
    SqlalchemySuiteTree(JsonNode tableDefs, String suffix, boolean creatable) {
        this.suffix = suffix;
        this.untyped = creatable ? Types.INTEGER : Types.NULLTYPE;
        this.metadata = metadataOf(tableDefs);
        for (JsonNode t : tableDefs) {
            tables.put(t.get("key").asText(), t.get("lightweight").asBoolean() && !creatable ? lightweight(t) : table(t));
        }
    }

    /** A MetaData with the naming convention a table carries ({"naming_convention": {kind: template}}), else a plain one. */
    private static MetaData metadataOf(JsonNode tableDefs) {
        for (JsonNode t : tableDefs) {
            if (t.has("naming_convention")) {
                Map<String, String> templates = new LinkedHashMap<>();
                t.get("naming_convention").fields().forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asText()));
                return new MetaData(templates);
            }
        }
        return new MetaData();
    }

    /** The tables a server needs, in an order where every foreign key's target comes first. */
    List<Table> schemaTables() {
        return metadata.sortedTables();
    }

    private String schemaOf(JsonNode t) {
        return t.get("schema").isNull() ? null : t.get("schema").asText();
    }

    private TableClause lightweight(JsonNode t) {
        List<ColumnClause<?>> cols = new ArrayList<>();
        for (JsonNode c : t.get("columns")) {
            TypeEngine<?> type = type(c.get("type"));
            cols.add(type == null ? column(c.get("name").asText()) : column(c.get("name").asText(), type));
        }
        return TableClause.of(t.get("name").asText() + suffix, schemaOf(t), cols.toArray(new ColumnClause<?>[0]));
    }

    @SuppressWarnings("unchecked")
    private Table table(JsonNode t) {
        List<SchemaItem> cols = new ArrayList<>();
        for (JsonNode c : t.get("columns")) {
            TypeEngine<?> type = type(c.get("type"));
            Column<?> col = Column.of(c.get("name").asText(), (TypeEngine<Object>) (type == null ? untyped : type));
            if (c.has("key")) {
                col = col.key(c.get("key").asText());
            }
            if (c.path("pk").asBoolean()) {
                col = col.primaryKey();
            }
            for (JsonNode fk : c.path("fk")) {
                col = col.foreignKey(suffixed(fk.asText()));
            }
            if (c.has("nullable")) {
                col = col.nullable(c.get("nullable").asBoolean());
            }
            if (c.path("unique").asBoolean()) {
                col = col.unique();
            }
            if (c.path("index").asBoolean()) {
                col = col.index();
            }
            if (c.has("autoincrement")) {
                col = col.autoincrement(c.get("autoincrement").asBoolean());
            }
            if (c.has("server_default")) {
                col = col.serverDefault(ddlValue(c.get("server_default")));
            }
            if (c.has("quote")) {
                col = col.quote(c.get("quote").asBoolean());
            }
            if (c.has("comment")) {
                col = col.comment(c.get("comment").asText());
            }
            if (c.has("computed")) {
                JsonNode persisted = c.get("computed").get(1);
                col = col.computed(c.get("computed").get(0).asText(), persisted.isNull() ? null : persisted.asBoolean());
            }
            if (c.has("identity")) {
                col = col.identity(identity(c.get("identity")));
            }
            if (c.has("sequence")) {
                col = col.sequence(sequence(c.get("sequence")));
            }
            if (c.has("default")) {
                col = col.defaultValue(clientDefault(c.get("default")));
            }
            if (c.has("onupdate")) {
                col = col.onUpdate(clientDefault(c.get("onupdate")));
            }
            if (c.path("system").asBoolean()) {
                col = col.system(true);
            }
            for (JsonNode ck : c.path("checks")) {
                col = col.check((CheckConstraint) deferrability(applyKw(new CheckConstraint(ck.get(0).isNull() ? null : ck.get(0).asText(),
                        text(ck.get(1).asText())), ck.get(2)), ck.get(3)));
            }
            applyKw(col, c.get("kw"));
            cols.add(col);
        }
        List<Constraint> constraints = new ArrayList<>();
        for (JsonNode con : t.path("constraints")) {
            // an EXCLUDE constraint's elements, a CHECK's expression, may be over the table: it joins the table once that exists
            constraints.add(overTable(con) ? null : constraint(con));
        }
        constraints.stream().filter(java.util.Objects::nonNull).forEach(cols::add);
        constraintsOf.put(t.get("key").asText(), constraints);
        Map<String, Object> kw = new LinkedHashMap<>();
        t.path("kw").fields().forEachRemaining(e -> kw.put(e.getKey(), kwValue(e.getValue())));
        Table table = new Table(t.get("name").asText() + suffix, schemaOf(t), metadata, kw, cols.toArray(new SchemaItem[0]));
        if (t.has("quote")) {
            table.quote(t.get("quote").asBoolean());
        }
        if (t.has("quote_schema")) {
            table.quoteSchema(t.get("quote_schema").asBoolean());
        }
        tables.put(t.get("key").asText(), table);
        for (int i = 0; i < constraints.size(); i++) {
            if (constraints.get(i) == null) {
                JsonNode con = t.get("constraints").get(i);
                Constraint x = con.get(0).asText().equals("exclude") ? excludeConstraint(con)
                        : deferrability(applyKw(new CheckConstraint(con.get(1).isNull() ? null : con.get(1).asText(), (ClauseElement) build(con.get(2))), con.get(3)), con.get(4));
                x.attachTo(table);
                constraints.set(i, x);
            }
        }
        if (t.has("prefixes")) {
            table.prefixes(strings(t.get("prefixes")).toArray(new String[0]));
        }
        return t.has("comment") ? table.comment(t.get("comment").asText()) : table;
    }

    private static Identity identity(JsonNode spec) {
        Identity id = spec.path("always").asBoolean() ? Identity.generatedAlways() : Identity.generatedByDefault();
        if (spec.has("start")) {
            id = id.start(spec.get("start").asLong());
        }
        if (spec.has("increment")) {
            id = id.increment(spec.get("increment").asLong());
        }
        if (spec.has("minvalue")) {
            id = id.minValue(spec.get("minvalue").asLong());
        }
        if (spec.has("maxvalue")) {
            id = id.maxValue(spec.get("maxvalue").asLong());
        }
        id = id.noMinValue(spec.path("nominvalue").asBoolean()).noMaxValue(spec.path("nomaxvalue").asBoolean());
        if (spec.has("cache")) {
            id = id.cache(spec.get("cache").asLong());
        }
        if (spec.has("cycle")) {
            id = id.cycle(spec.get("cycle").asBoolean());
        }
        return id;
    }

    /** {@code ["sequence", name, schema, {options}]}: a {@link Sequence}. */
    private Sequence sequence(JsonNode n) {
        Sequence s = new Sequence(n.get(1).asText());
        s = n.get(2).isNull() ? s : s.schema(n.get(2).asText());
        JsonNode o = n.get(3);
        s = o.has("start") ? s.start(o.get("start").asLong()) : s;
        s = o.has("increment") ? s.increment(o.get("increment").asLong()) : s;
        s = o.has("minvalue") ? s.minValue(o.get("minvalue").asLong()) : s;
        s = o.has("maxvalue") ? s.maxValue(o.get("maxvalue").asLong()) : s;
        s = s.noMinValue(o.path("nominvalue").asBoolean());
        s = s.noMaxValue(o.path("nomaxvalue").asBoolean());
        s = o.has("cache") ? s.cache(o.get("cache").asLong()) : s;
        s = o.has("cycle") ? s.cycle(o.get("cycle").asBoolean()) : s;
        s = o.has("data_type") ? s.dataType(type(o.get("data_type"))) : s;
        return s.optional(o.path("optional").asBoolean());
    }

    /** A constraint's DEFERRABLE / INITIALLY / MATCH, the tree's last element of a constraint. */
    private static Constraint deferrability(Constraint c, JsonNode options) {
        if (options.has("deferrable")) {
            c.deferrable(options.get("deferrable").asBoolean());
        }
        if (options.has("initially")) {
            c.initially(options.get("initially").asText());
        }
        if (options.has("match")) {
            ((ForeignKeyConstraint) c).match(options.get("match").asText());
        }
        return c;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(x -> out.add(x.asText()));
        return out;
    }

    private Constraint constraint(JsonNode con) {
        String name = con.get(1).isNull() ? null : con.get(1).asText();
        JsonNode options = con.get(con.size() - 1);
        switch (con.get(0).asText()) {
            case "pk": {
                PrimaryKeyConstraint pk = con.size() == 5 ? new PrimaryKeyConstraint(con.get(3).asText(), strings(con.get(1)))
                        : new PrimaryKeyConstraint(strings(con.get(1)));
                return deferrability(applyKw(pk, con.get(2)), options);
            }
            case "unique": return deferrability(applyKw(new UniqueConstraint(name, strings(con.get(2))), con.get(3)), options);
            case "check": return deferrability(applyKw(new CheckConstraint(name, text(con.get(2).asText())), con.get(3)), options);
            case "fk": {
                List<String> targets = new ArrayList<>();
                con.get(3).forEach(x -> targets.add(suffixed(x.asText())));
                return deferrability(applyKw(new ForeignKeyConstraint(name, strings(con.get(2)), targets,
                        con.get(4).isNull() ? null : con.get(4).asText(), con.get(5).isNull() ? null : con.get(5).asText()), con.get(6)), options);
            }
            default: throw new IllegalArgumentException("Unknown constraint " + con.get(0));
        }
    }

    /** ["exclude", name, [[element, op], ...], using, where, ops, kw, options]; an element ["key", k] is a column key. */
    /** An EXCLUDE constraint, or a CHECK on an expression (not text): built once its table exists. */
    private static boolean overTable(JsonNode con) {
        return con.get(0).asText().equals("exclude") || con.get(0).asText().equals("check") && con.get(2).isArray();
    }

    private Constraint excludeConstraint(JsonNode con) {
        List<ExcludeConstraint.Element> elements = new ArrayList<>();
        for (JsonNode e : con.get(2)) {
            JsonNode x = e.get(0);
            elements.add(ExcludeConstraint.element(x.get(0).asText().equals("key") ? x.get(1).asText() : build(x), e.get(1).asText()));
        }
        ExcludeConstraint c = new ExcludeConstraint(con.get(1).isNull() ? null : con.get(1).asText(), elements.toArray(new ExcludeConstraint.Element[0]))
                .using(con.get(3).asText());
        if (!con.get(4).isNull()) {
            c.where((ClauseElement) build(con.get(4)));
        }
        Map<String, String> ops = new LinkedHashMap<>();
        con.get(5).fields().forEachRemaining(e -> ops.put(e.getKey(), e.getValue().asText()));
        return deferrability(applyKw(c.ops(ops), con.get(6)), con.get(7));
    }

    /**
     * An index, on its table also when no column of it names the table (an index over text); a
     * generated one is the index {@code Column.index()} made.
     */
    private Index index(JsonNode spec) {
        if (spec.has("generated")) {
            Table t = (Table) tables.get(spec.get("table").asText());
            return t.indexes().stream().filter(ix -> ix.isNameGenerated() && ix.expressions().equals(List.of(t.c(spec.get("generated").asText()))))
                    .findFirst().orElseThrow();
        }
        ColumnElement<?>[] cols = exprs(spec.get("exprs"));
        // null: the name the metadata's "ix" naming convention gives it
        String name = spec.get("name").isNull() ? null : spec.get("name").asText();
        Index ix = applyKw(spec.get("unique").asBoolean() ? Index.unique(name, cols) : new Index(name, cols), spec.get("kw"));
        if (ix.table() == null) {
            ix.attachTo((Table) tables.get(spec.get("table").asText()));
        }
        return ix;
    }

    /** ["create_view", query, name, schema, {temporary, or_replace, materialized, kw}]. */
    private CreateView createView(JsonNode n) {
        JsonNode spec = n.get(4);
        CreateView cv = new CreateView((SelectBase) build(n.get(1)), n.get(2).asText() + suffix, n.get(3).isNull() ? null : n.get(3).asText(), null);
        cv = spec.path("temporary").asBoolean() ? cv.temporary() : cv;
        cv = spec.path("or_replace").asBoolean() ? cv.orReplace() : cv;
        cv = spec.path("materialized").asBoolean() ? cv.materialized() : cv;
        return applyKw(cv, spec.get("kw"));
    }

    private <S extends DialectKwArgs<S>> S applyKw(S item, JsonNode kw) {
        S out = item;
        if (kw != null) {
            var it = kw.fields();
            while (it.hasNext()) {
                var e = it.next();
                out = out.dialectKw(e.getKey(), kwValue(e.getValue()));
            }
        }
        return out;
    }

    /** A dialect option's value: an expression, a map, a list or a plain value. */
    private Object kwValue(JsonNode v) {
        if (v.isArray() && v.size() == 2 && v.get(0).asText().equals("expr") && v.get(1).isArray()) {
            return build(v.get(1));
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue())));
            return m;
        }
        if (v.isArray()) {
            return strings(v);
        }
        return value(v);
    }

    /** A Python-side default= / onupdate=: {@code ["val", v]}, {@code ["callable"]} (a supplier; compiling never calls it) or {@code ["expr", node]}. */
    private Object clientDefault(JsonNode v) {
        switch (v.get(0).asText()) {
            case "val": return value(v.get(1));
            case "callable": return (java.util.function.Supplier<Object>) () -> null;
            default: return build(v.get(1));
        }
    }

    private Object ddlValue(JsonNode v) {
        switch (v.get(0).asText()) {
            case "str": return v.get(1).asText();
            case "text": return text(v.get(1).asText());
            default: return build(v.get(1));
        }
    }

    /** "schema.table.col" with the suffix after the table name. */
    private String suffixed(String colspec) {
        int dot = colspec.lastIndexOf('.');
        return colspec.substring(0, dot) + suffix + colspec.substring(dot);
    }

    private static final Pattern VARCHAR = Pattern.compile("VARCHAR\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("NUMERIC\\((\\d+), (\\d+)\\)");
    private static final Pattern BLOB = Pattern.compile("BLOB\\((\\d+)\\)");

    static TypeEngine<?> type(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) {
            return composedType(n);
        }
        String s = n.asText();
        if (s.startsWith("ARRAY(") && s.endsWith(")")) {
            return Types.array(type(TextNode.valueOf(s.substring(6, s.length() - 1))));
        }
        if (s.startsWith("ENUM(") && s.endsWith(")")) {
            String[] nameAndLabels = s.substring(5, s.length() - 1).split(":", 2);
            return Types.enumOf(nameAndLabels[0], nameAndLabels[1].split(","));
        }
        Matcher m = VARCHAR.matcher(s);
        if (m.matches()) {
            return Types.string(Integer.parseInt(m.group(1)));
        }
        m = NUMERIC.matcher(s);
        if (m.matches()) {
            return Types.numeric(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        m = BLOB.matcher(s);
        if (m.matches()) {
            return Types.largeBinary(Integer.parseInt(m.group(1)));
        }
        switch (s) {
            case "INTEGER": return Types.INTEGER;
            case "BIGINT": return Types.BIGINT;
            case "SMALLINT": return Types.SMALLINT;
            case "BOOLEAN": return Types.BOOLEAN;
            case "FLOAT": return Types.FLOAT;
            case "DOUBLE": return Types.DOUBLE;
            case "VARCHAR": return Types.STRING;
            case "TEXT": return Types.TEXT;
            case "DATE": return Types.DATE;
            case "TIME": return Types.TIME;
            case "TIMETZ": return Types.TIMETZ;
            case "DATETIME": return Types.DATETIME;
            case "TIMESTAMP": return Types.TIMESTAMP;
            case "BLOB": return Types.LARGE_BINARY;
            case "UUID": return Types.UUID;
            case "JSON": return Types.JSON;
            case "JSONB": return Types.JSONB;
            case "HSTORE": return Types.HSTORE;
            case "NUMERIC": return Types.NUMERIC;
            case "INET": return Types.INET;
            case "CIDR": return Types.CIDR;
            case "MACADDR": return Types.MACADDR;
            case "MACADDR8": return Types.MACADDR8;
            case "CITEXT": return Types.CITEXT;
            case "REGCONFIG": return Types.REGCONFIG;
            case "JSONPATH": return Types.JSONPATH;
            case "TSVECTOR": return Types.TSVECTOR;
            case "TSQUERY": return Types.TSQUERY;
            case "NULL": return Types.NULLTYPE;
            default:
                if (s.endsWith("RANGE")) {
                    return dev.retort.types.RangeType.named(s);
                }
                throw new IllegalArgumentException("Unknown type in case: " + s);
        }
    }

    /** {@code [node, name, labels, schema?]}: a named enum type, in its schema when the case gives one. */
    private static dev.retort.types.EnumType<String> enumType(JsonNode n) {
        var e = Types.enumOf(n.get(1).asText(), strings(n.get(2)).toArray(new String[0]));
        return n.size() > 3 ? e.schema(n.get(3).asText()) : e;
    }

    /** PostgreSQL's DOMAIN: {@code Types.domain(name, base)} with the options the case sets. */
    private static DomainType<?> domain(String name, JsonNode base, JsonNode o) {
        DomainType<?> d = Types.domain(name, type(base));
        d = o.has("schema") ? d.schema(o.get("schema").asText()) : d;
        d = o.has("collation") ? d.collation(o.has("collation_schema") ? o.get("collation_schema").asText() : null, o.get("collation").asText()) : d;
        if (o.has("default")) {
            JsonNode v = o.get("default");
            d = d.defaultValue(v.get(0).asText().equals("text") ? text(v.get(1).asText()) : v.get(1).asText());
        }
        d = o.has("constraint_name") ? d.constraintName(o.get("constraint_name").asText()) : d;
        d = d.notNull(o.path("not_null").asBoolean());
        d = o.has("check") ? d.check(o.get("check").asText()) : d;
        return d.createType(o.path("create_type").asBoolean(true));
    }

    /** ["expr", storage, [bind functions], [column functions]] or ["variant", base, {dialect: type}]. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeEngine<?> composedType(JsonNode n) {
        switch (n.get(0).asText()) {
            case "expr": {
                List<String> binds = new ArrayList<>();
                List<String> columns = new ArrayList<>();
                n.get(2).forEach(f -> binds.add(f.asText()));
                n.get(3).forEach(f -> columns.add(f.asText()));
                TypeEngine storage = type(n.get(1));
                return new FunctionWrappedType<Object>(storage == null ? Types.NULLTYPE : storage, binds, columns);
            }
            case "variant": {
                TypeEngine t = type(n.get(1));
                for (var v : (Iterable<Map.Entry<String, JsonNode>>) n.get(2)::fields) {
                    t = t.withVariant(type(v.getValue()), v.getKey());
                }
                return t;
            }
            case "col_spec": return new ColSpecType(n.get(1).asText());
            case "checked_boolean": return Types.checkedBoolean(n.get(1).isNull() ? null : n.get(1).asText());
            case "domain": return domain(n.get(1).asText(), n.get(2), n.get(3));
            case "array_type": {
                // ["array_type", item, dimensions, zero_indexes]
                var a = Types.array(type(n.get(1)));
                a = n.get(2).isNull() ? a : a.dimensions(n.get(2).asInt());
                return a.zeroIndexes(n.get(3).asBoolean());
            }
            case "enum": {
                // ["enum", name, [labels], {schema, length, native_enum, create_constraint}]
                List<String> labels = new ArrayList<>();
                n.get(2).forEach(l -> labels.add(l.asText()));
                var e = Types.enumOf(n.get(1).isNull() ? null : n.get(1).asText(), labels.toArray(new String[0]));
                JsonNode o = n.get(3);
                e = o.has("schema") ? e.schema(o.get("schema").asText()) : e;
                e = o.has("length") ? e.length(o.get("length").isNull() ? null : o.get("length").asInt()) : e;
                e = o.path("native_enum").asBoolean(true) ? e : e.nativeEnum(false);
                return o.path("create_constraint").asBoolean() ? e.createConstraint(true) : e;
            }
            case "spelled": {
                // ["spelled", name, length, precision, scale, collation]
                SpelledType t = SpelledType.of(n.get(1).asText());
                t = n.get(2).isNull() ? t : t.length(n.get(2).asInt());
                t = n.get(3).isNull() ? t : n.get(4).isNull() ? t.precision(n.get(3).asInt()) : t.precision(n.get(3).asInt(), n.get(4).asInt());
                return n.get(5).isNull() ? t : t.collate(n.get(5).asText());
            }
            case "mysql": return mysqlType(n.get(1).asText(), n.get(2));
            case "precise": return Types.withPrecision(dev.retort.types.TypeKind.valueOf(n.get(1).asText()), n.get(2).asInt());
            case "bit": return n.get(2).asBoolean() ? Types.bitVarying(n.get(1).isNull() ? null : n.get(1).asInt()) : Types.bit(n.get(1).isNull() ? 1 : n.get(1).asInt());
            case "mysql_set": return dev.retort.types.MysqlTypes.set(strings(n.get(1)).toArray(new String[0]));
            case "mysql_characters": {
                // ["mysql_characters", "ENUM" or "SET", [labels], {charset, collation, ascii, unicode, binary}]
                @SuppressWarnings("unchecked")
                MysqlType<String> characters = (MysqlType<String>) mysqlType("CHAR", n.get(3));
                String[] labels = strings(n.get(2)).toArray(new String[0]);
                return n.get(1).asText().equals("ENUM") ? dev.retort.types.MysqlTypes.enumOf(characters, labels) : dev.retort.types.MysqlTypes.set(characters, labels);
            }
            default: throw new IllegalArgumentException("Unknown type in case: " + n);
        }
    }

    /** ["mysql", name, {option: value}]: {@code MysqlTypes.NAME} with its options set (see convert.mysql_type). */
    private static MysqlType<?> mysqlType(String name, JsonNode o) {
        MysqlType<?> t = MysqlType.of(name);
        for (String width : List.of("display_width", "length", "fsp")) {
            t = o.has(width) ? t.sized(o.get(width).asInt()) : t;
        }
        if (o.has("precision")) {
            t = o.has("scale") ? t.precision(o.get("precision").asInt(), o.get("scale").asInt()) : t.precision(o.get("precision").asInt());
        }
        t = o.has("unsigned") ? t.unsigned() : t;
        t = o.has("zerofill") ? t.zerofill() : t;
        t = o.has("charset") ? t.charset(o.get("charset").asText()) : t;
        t = o.has("collation") ? t.collate(o.get("collation").asText()) : t;
        t = o.has("national") ? t.national() : t;
        t = o.has("binary") ? t.binary() : t;
        t = o.has("ascii") ? t.ascii() : t;
        return o.has("unicode") ? t.unicode() : t;
    }

    ClauseElement statement(JsonNode tree) {
        root = tree;
        return (ClauseElement) build(tree);
    }

    /** The statement's tree being built, where an extension finds a definition it meets a reference to first. */
    JsonNode root() {
        return root;
    }

    private JsonNode root;

    /** Hands the nodes this class does not know to {@code builder}, which may build the known ones with {@link #node}. */
    void extend(Function<JsonNode, Object> builder) {
        this.extension = builder;
    }

    /** Any node of the tree language, for an {@link #extend extension}. */
    Object node(JsonNode n) {
        return build(n);
    }

    /** The case's table of key {@code key}. */
    FromClause table(String key) {
        return tables.get(key);
    }

    /** A bare type compile, ["type_ddl", name]: the case compares Dialect.typeDdl, there is no statement. */
    static boolean isBareType(JsonNode tree) {
        return tree.get(0).asText().equals("type_ddl");
    }

    /** A plain value; {"bytes": hex} a byte[], {"range": ...} / {"multirange": [...]} a PostgreSQL range value (see convert.range_value). */
    static Object value(JsonNode n) {
        if (n != null && n.isObject() && n.has("multirange")) {
            List<Object> out = new ArrayList<>();
            n.get("multirange").forEach(r -> out.add(value(r)));
            return out;
        }
        if (n != null && n.isObject() && n.has("bytes")) {
            return java.util.HexFormat.of().parseHex(n.get("bytes").asText());
        }
        if (n != null && n.isObject() && n.has("map")) {
            Map<String, Object> out = new LinkedHashMap<>();
            n.get("map").fields().forEachRemaining(e -> out.put(e.getKey(), value(e.getValue())));
            return out;
        }
        if (n != null && n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(value(x)));
            return out;
        }
        if (n != null && n.isObject() && n.has("range")) {
            return n.get("empty").asBoolean() ? Range.empty()
                    : Range.of(rangeBound(n.get("range").get(0)), rangeBound(n.get("range").get(1)), n.get("bounds").asText());
        }
        if (isTemporalOrDecimal(n)) {
            return rangeBound(n);
        }
        return CorpusTree.value(n);
    }

    /** A JSON key or index as given, or ["expr", node] an expression. */
    private Object key(JsonNode k) {
        return k.isArray() ? expr(k.get(1)) : value(k);
    }

    /** A date, date-time or decimal value, written as a range's bounds are: {"date": "2006-06-01"}, ... */
    static boolean isTemporalOrDecimal(JsonNode n) {
        return n != null && n.isObject() && n.size() == 1 && (n.has("date") || n.has("datetime") || n.has("timestamptz") || n.has("decimal"));
    }

    private static Object rangeBound(JsonNode b) {
        if (!b.isObject()) {
            return CorpusTree.value(b);
        }
        String kind = b.fieldNames().next();
        String text = b.get(kind).asText();
        switch (kind) {
            case "decimal": return new java.math.BigDecimal(text);
            case "date": return java.time.LocalDate.parse(text);
            case "datetime": return java.time.LocalDateTime.parse(text);
            case "timestamptz": return java.time.OffsetDateTime.parse(text);
            default: throw new IllegalArgumentException("range bound " + b);
        }
    }

    private ColumnElement<?> expr(JsonNode n) {
        Object o = build(n);
        if (o instanceof SelectBase s) {
            return s.scalarSubquery();
        }
        return (ColumnElement<?>) o;
    }

    private ColumnElement<?>[] exprs(JsonNode list) {
        List<ColumnElement<?>> out = new ArrayList<>();
        list.forEach(n -> out.add(expr(n)));
        return out.toArray(new ColumnElement<?>[0]);
    }

    /** A node, or for ["val", v] the plain Java value (bound by the operator it is given to). */
    private Object operand(JsonNode n) {
        String op = n.get(0).asText();
        if (op.equals("shared") && n.get(2).get(0).asText().equals("val")) {
            throw new IllegalArgumentException("a plain value cannot be shared");
        }
        return op.equals("val") ? value(n.get(1)) : expr(n);
    }

    private FromClause from(JsonNode n) {
        return (FromClause) build(n);
    }

    private FromClause[] froms(JsonNode list) {
        List<FromClause> out = new ArrayList<>();
        list.forEach(n -> out.add(from(n)));
        return out.toArray(new FromClause[0]);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object build(JsonNode n) {
        String op = n.get(0).asText();
        switch (op) {
            case "with": {
                for (JsonNode def : n.get(1)) {
                    env.put(def.get(0).asText(), from(def.get(1)));
                }
                return build(n.get(2));
            }
            case "shared": {
                Object o = build(n.get(2));
                shared.put(n.get(1).asText(), o);
                return o;
            }
            case "sharedref": {
                Object o = shared.get(n.get(1).asText());
                if (o == null) {
                    throw new IllegalStateException("sharedref " + n.get(1) + " built before its shared node");
                }
                return o;
            }
            case "lambda_stmt": {
                // the lambda captures the built statement: its bound values become the lambda's parameters
                ClauseElement built = (ClauseElement) build(n.get(1));
                return SQL.lambdaStmt(() -> built);
            }
            case "params": {
                Map<String, Object> values = new LinkedHashMap<>();
                n.get(2).fields().forEachRemaining(e -> values.put(e.getKey(), value(e.getValue())));
                return ((ClauseElement) build(n.get(1))).params(values);
            }
            case "custom_template": {
                // a test's own @compiles construct around one child (TemplateConstruct)
                String prefix = n.get(1).asText();
                String suffix = n.get(2).asText();
                ColumnElement<?> clause = expr(n.get(3));
                return n.get(4).asBoolean() ? new TemplateConstruct.Wrapping(prefix, suffix, clause) : new TemplateConstruct(prefix, suffix, clause);
            }
            case "from_dml_column": {
                ColumnElement<?> column = expr(n.get(1));
                return column instanceof dev.retort.orm.QueryableAttribute<?> a ? dev.retort.orm.ORM.fromDmlColumn(a) : SQL.fromDmlColumn((ColumnClause<?>) column);
            }
            case "for_execution": {
                // the statement an execution with these parameter keys runs (SQLAlchemy's column_keys)
                java.util.Set<String> keys = new java.util.LinkedHashSet<>();
                n.get(2).forEach(k -> keys.add(k.asText()));
                return ((ClauseElement) build(n.get(1))).forExecution(keys);
            }
            case "table": return tables.get(n.get(1).asText());
            case "col": return tables.get(n.get(1).asText()).c(n.get(2).asText());
            // a column under an anonymous key (label(None)) is named by its position
            case "ref": return n.get(2).isInt() ? env.get(n.get(1).asText()).columns().get(n.get(2).asInt())
                    : env.get(n.get(1).asText()).c(n.get(2).asText());
            case "excluded": return excluded((TableClause) tables.get(n.get(1).asText())).c(n.get(2).asText());
            case "fromref": return env.get(n.get(1).asText());
            case "column": {
                TypeEngine<?> t = type(n.get(2));
                return t == null ? column(n.get(1).asText()) : column(n.get(1).asText(), t);
            }
            case "literal_column": {
                TypeEngine<?> t = type(n.get(2));
                return t == null ? literalColumn(n.get(1).asText()) : literalColumn(n.get(1).asText(), t);
            }
            case "label_ref": return labelReference(n.get(1).asText());
            case "val": return literal(value(n.get(1)));
            case "literal": {
                TypeEngine t = type(n.get(2));
                Object v = value(n.get(1));
                return t == null ? literal(v) : literal(v, t);
            }
            case "bindparam": {
                String key = n.get(1).asText();
                TypeEngine t = type(n.get(3));
                BindParameter<?> b;
                if (!n.get(4).asBoolean()) {
                    b = bindparam(key);
                } else {
                    // a list is an IN list's value: rows of a tuple's values, or values
                    Object v = n.get(2).isArray() ? listValue(n.get(2)) : value(n.get(2));
                    b = t == null ? bindparam(key, v) : bindparam(key, v, t);
                }
                for (JsonNode flag : n.path(5)) {
                    switch (flag.asText()) {
                        case "literal_execute": b = b.literalExecute(); break;
                        case "unique": b = b.asUnique(); break;   // bindparam(key, unique=True)
                        default: throw new IllegalArgumentException("Unknown bindparam flag " + flag);
                    }
                }
                return b;
            }
            case "as_comparison": return ((FunctionCall<?>) build(n.get(1))).asComparison(n.get(2).asInt(), n.get(3).asInt());
            case "bindparam_callable": {
                // ["bindparam_callable", key, value, type]: a Supplier giving the value the Python callable gave
                Object v = value(n.get(2));
                TypeEngine t = type(n.get(3));
                return SQL.bindparamCallable(n.get(1).asText(), () -> v, t == null ? Types.NULLTYPE : t);
            }
            case "null": return nullLiteral();
            case "true": return trueLiteral();
            case "false": return falseLiteral();
            case "text": {
                Map<String, Object> binds = new LinkedHashMap<>();
                n.get(2).fields().forEachRemaining(e -> binds.put(e.getKey(), value(e.getValue())));
                return binds.isEmpty() ? text(n.get(1).asText()) : text(n.get(1).asText()).bindparams(binds);
            }
            case "eq": return expr(n.get(1)).eq(operand(n.get(2)));
            case "ne": return expr(n.get(1)).ne(operand(n.get(2)));
            case "lt": return expr(n.get(1)).lt(operand(n.get(2)));
            case "le": return expr(n.get(1)).le(operand(n.get(2)));
            case "gt": return expr(n.get(1)).gt(operand(n.get(2)));
            case "ge": return expr(n.get(1)).ge(operand(n.get(2)));
            case "add": return expr(n.get(1)).add(operand(n.get(2)));
            case "sub": return expr(n.get(1)).sub(operand(n.get(2)));
            case "mul": return expr(n.get(1)).mul(operand(n.get(2)));
            case "div": return expr(n.get(1)).div(operand(n.get(2)));
            case "floordiv": return expr(n.get(1)).floorDiv(operand(n.get(2)));
            case "isdistinctfrom": return expr(n.get(1)).isDistinctFrom(operand(n.get(2)));
            case "isnotdistinctfrom": return expr(n.get(1)).isNotDistinctFrom(operand(n.get(2)));
            case "collate": return n.size() > 3 ? expr(n.get(1)).collate(n.get(2).asText(), n.get(3).asText()) : expr(n.get(1)).collate(n.get(2).asText());
            case "orderbylist": return SQL.orderByList(exprs(tail(n)));
            case "nullsfirst": return expr(n.get(1)).nullsFirst();
            case "nullslast": return expr(n.get(1)).nullsLast();
            case "distinct": return expr(n.get(1)).distinct();
            case "filter": {
                ColumnElement<?> f = expr(n.get(1));
                return f instanceof WithinGroup<?> w ? w.filter(expr(n.get(2))) : ((FunctionCall<?>) f).filter(expr(n.get(2)));
            }
            case "aggorderby": return ((FunctionCall<?>) expr(n.get(1))).aggregateOrderBy(exprs(n.get(2)));
            case "withingroup": {
                ColumnElement<?> f = expr(n.get(1));
                if (!(f instanceof FunctionCall<?> fc)) {
                    // SQLAlchemy's filter(...).within_group(...) writes FILTER before WITHIN GROUP, which no database accepts
                    throw new UnsupportedOperationException("WITHIN GROUP after FILTER is not SQL; Retort has FunctionCall.withinGroup(...).filter(...)");
                }
                return fc.withinGroup(exprs(n.get(2)));
            }
            case "extract": return SQL.extract(n.get(1).asText(), expr(n.get(2)));
            case "mod": return expr(n.get(1)).mod(operand(n.get(2)));
            case "bitwiseand": return expr(n.get(1)).bitwiseAnd(operand(n.get(2)));
            case "bitwiseor": return expr(n.get(1)).bitwiseOr(operand(n.get(2)));
            case "bitwisexor": return expr(n.get(1)).bitwiseXor(operand(n.get(2)));
            case "bitwiselshift": return expr(n.get(1)).bitwiseLShift(operand(n.get(2)));
            case "bitwisershift": return expr(n.get(1)).bitwiseRShift(operand(n.get(2)));
            case "bitwisenot": return expr(n.get(1)).bitwiseNot();
            case "customop": {
                CustomOperator custom = customOptions(CustomOperator.of(n.get(3).asText()).precedence(n.get(4).asInt())
                        .comparison(n.get(5).asBoolean()), n.get(7));
                return expr(n.get(1)).op(n.get(6).isNull() ? custom : custom.returnType(type(n.get(6))), operand(n.get(2)));
            }
            case "matchcols": {
                List<ColumnElement<?>> cols = new ArrayList<>();
                n.get(1).forEach(c -> cols.add(expr(c)));
                return SQL.match(cols, operand(n.get(2)), matchModifier(n.get(3)));
            }
            case "customunary": {
                CustomOperator custom = customOptions(CustomOperator.of(n.get(2).asText()).precedence(n.get(3).asInt())
                        .comparison(n.get(4).asBoolean()), n.get(7));
                custom = n.get(6).isNull() ? custom : custom.returnType(type(n.get(6)));
                return n.get(5).asBoolean() ? expr(n.get(1)).postfixOp(custom) : expr(n.get(1)).prefixOp(custom);
            }
            case "concat": return expr(n.get(1)).concat(operand(n.get(2)));
            case "in": return expr(n.get(1)).in(values(n.get(2)));
            case "notin": return expr(n.get(1)).notIn(values(n.get(2)));
            case "tuple": return SQL.tuple((Object[]) exprs(tail(n)));
            case "tuplein": return expr(n.get(1)).in(rows(n.get(2)));
            case "tuplenotin": return expr(n.get(1)).notIn(rows(n.get(2)));
            case "inlist": return expr(n.get(1)).in(operands(n.get(2)));
            case "notinlist": return expr(n.get(1)).notIn(operands(n.get(2)));
            case "inparam": return expr(n.get(1)).in((BindParameter<?>) build(n.get(2)));
            case "notinparam": return expr(n.get(1)).notIn((BindParameter<?>) build(n.get(2)));
            case "invalues": return expr(n.get(1)).in((dev.retort.sql.ScalarValues<?>) build(n.get(2)));
            case "notinvalues": return expr(n.get(1)).notIn((dev.retort.sql.ScalarValues<?>) build(n.get(2)));
            case "insub": return expr(n.get(1)).in((SelectBase) build(n.get(2)));
            case "notinsub": return expr(n.get(1)).notIn((SelectBase) build(n.get(2)));
            case "like": case "notlike": case "ilike": case "notilike": case "between": case "match": case "is": case "isnot":
            case "regexpmatch": case "regexpreplace":
            case "contains": case "startswith": case "endswith": case "icontains": case "istartswith": case "iendswith":
                return operatorNode(n);
            case "isnull": return expr(n.get(1)).isNull();
            case "isnotnull": return expr(n.get(1)).isNotNull();
            case "and": return and(exprs(tail(n)));
            case "or": return or(exprs(tail(n)));
            case "not": return not(expr(n.get(1)));
            case "neg": return expr(n.get(1)).neg();
            case "pg_contains": return expr(n.get(1)).contains(operand(n.get(2)));
            case "pg_contained_by": return expr(n.get(1)).containedBy(operand(n.get(2)));
            case "pg_overlap": return expr(n.get(1)).overlap(operand(n.get(2)));
            case "strictly_left_of": return expr(n.get(1)).strictlyLeftOf(operand(n.get(2)));
            case "strictly_right_of": return expr(n.get(1)).strictlyRightOf(operand(n.get(2)));
            case "not_extend_right_of": return expr(n.get(1)).notExtendRightOf(operand(n.get(2)));
            case "not_extend_left_of": return expr(n.get(1)).notExtendLeftOf(operand(n.get(2)));
            case "adjacent_to": return expr(n.get(1)).adjacentTo(operand(n.get(2)));
            case "array": return SQL.array(type(n.get(2)), (Object[]) exprs(n.get(1)));
            case "has_key": return expr(n.get(1)).hasKey(operand(n.get(2)));
            case "has_all": return expr(n.get(1)).hasAll(operand(n.get(2)));
            case "has_any": return expr(n.get(1)).hasAny(operand(n.get(2)));
            case "delete_path": return expr(n.get(1)).deletePath(build(n.get(2)));
            case "path_exists": return expr(n.get(1)).pathExists(operand(n.get(2)));
            case "path_match": return expr(n.get(1)).pathMatch(operand(n.get(2)));
            case "hstore": {
                List<Object> args = new ArrayList<>();
                tail(n).forEach(a -> args.add(operand(a)));
                return func("hstore", args.toArray()).returning(Types.HSTORE);
            }
            case "hstore_fn": {
                ColumnElement<?> h = expr(n.get(2));
                switch (n.get(1).asText()) {
                    case "defined": return h.defined(operand(n.get(3)));
                    case "delete": return h.delete(operand(n.get(3)));
                    case "slice": return h.slice(operand(n.get(3)));
                    case "keys": return h.keys();
                    case "vals": return h.vals();
                    case "array": return h.array();
                    default: return h.matrix();
                }
            }
            case "item": return expr(n.get(1)).item(key(n.get(2)));
            case "itemtext": return expr(n.get(1)).itemText(key(n.get(2)));
            case "as_integer": return expr(n.get(1)).asInteger();   // x["k"].as_integer()
            case "path": return expr(n.get(1)).path(values(n.get(2)).toArray());
            case "pathtext": return expr(n.get(1)).pathText(values(n.get(2)).toArray());
            case "slice": return expr(n.get(1)).slice(n.get(2).asInt(), n.get(3).asInt());
            case "anyeq": return expr(n.get(1)).anyEq(operand(n.get(2)));
            case "alleq": return expr(n.get(1)).allEq(operand(n.get(2)));
            case "any": return SQL.any(expr(n.get(1)));
            case "all": return SQL.all(expr(n.get(1)));
            case "desc": return desc(expr(n.get(1)));
            case "asc": return asc(expr(n.get(1)));
            case "label": return expr(n.get(1)).label(n.get(2).isNull() ? null : n.get(2).asText());
            case "cast": return cast(expr(n.get(1)), type(n.get(2)));
            case "type_coerce": return SQL.typeCoerce(expr(n.get(1)), type(n.get(2)));
            case "func": {
                List<Object> args = new ArrayList<>();
                for (int i = 2; i < n.size(); i++) {
                    args.add(operand(n.get(i)));
                }
                return func(n.get(1).asText(), args.toArray());
            }
            case "quotedfunc": return ((FunctionCall<?>) build(n.get(1))).quoted();
            case "pkgfunc": {
                List<Object> args = new ArrayList<>();
                for (int i = 3; i < n.size(); i++) {
                    args.add(operand(n.get(i)));
                }
                return func(n.get(2).asText(), args.toArray()).inPackage(strings(n.get(1)).toArray(new String[0]));
            }
            case "over": return over(n);
            case "case": {
                JsonNode value = n.get(3);
                Case<Object> c = value == null || value.isNull() ? null : caseOf(operand(value));
                for (JsonNode w : n.get(1)) {
                    c = c == null ? caseWhen((ColumnElement<Boolean>) expr(w.get(0)), operand(w.get(1)))
                            : c.when(operand(w.get(0)), operand(w.get(1)));
                }
                return n.get(2).isNull() ? c : c.otherwise(operand(n.get(2)));
            }
            case "exists": return exists((SelectBase) build(n.get(1)));
            case "scalar": return ((SelectBase) build(n.get(1))).scalarSubquery();
            case "join": {
                Object l = build(n.get(1));
                Object r = build(n.get(2));
                ColumnElement<Boolean> on = n.get(3).isNull() ? null : (ColumnElement<Boolean>) expr(n.get(3));
                if (!(l instanceof FromClause && r instanceof FromClause)) {
                    // sql.join() of a mapped class or an aliased one: ORM.join takes its FROM clause
                    return dev.retort.orm.ORM.join(l, r, on, n.get(4).asBoolean(), n.get(5).asBoolean());
                }
                FromClause left = (FromClause) l;
                FromClause right = (FromClause) r;
                if (n.get(5).asBoolean()) {
                    return left.fullOuterJoin(right, on);
                }
                boolean outer = n.get(4).asBoolean();
                if (on == null) {
                    return outer ? left.outerJoin(right) : left.join(right);
                }
                return outer ? left.outerJoin(right, on) : left.join(right, on);
            }
            case "alias": {
                FromClause f = from(n.get(1));
                return n.get(2).isNull() ? f.alias() : f.alias(n.get(2).asText());
            }
            case "textual_select": {
                List<ColumnClause<?>> cols = new ArrayList<>();
                n.get(2).forEach(c -> cols.add(c.size() > 2 ? (ColumnClause<?>) build(c.get(2)) : column(c.get(0).asText(), type(c.get(1)))));
                dev.retort.sql.TextualSelect ts = ((dev.retort.sql.TextClause) build(n.get(1))).columns(cols.toArray(new ColumnClause<?>[0]));
                // [..., {"add_cte": [[cte, false], ...]}]: TextualSelect.addCte
                return n.size() > 3 ? addedCtes(ts, n.get(3), dev.retort.sql.TextualSelect::addCte, dev.retort.sql.TextualSelect::addCte) : ts;
            }
            case "values": {
                // ["values", cols, rows, name, lateral, literal_binds, unnamed, {"add_cte"}?]; a null name: named at compile time
                dev.retort.sql.Values v = valuesList(n.get(1), n.get(2), n.get(5).asBoolean());
                if (n.size() > 7) {
                    v = addedCtes(v, n.get(7), dev.retort.sql.Values::addCte, null);
                }
                if (n.get(6).asBoolean()) {
                    return v.unnamed();
                }
                String name = n.get(3).isNull() ? null : n.get(3).asText();
                return n.get(4).asBoolean() ? v.lateral(name) : name == null ? v.subquery() : v.alias(name);
            }
            case "values_stmt": {
                // ["values_stmt", cols, rows, literal_binds, name?, {"add_cte"}?]: a name seeds an unnamed CTE's (Values.named)
                dev.retort.sql.Values v = valuesList(n.get(1), n.get(2), n.get(3).asBoolean());
                if (n.size() > 5) {
                    v = addedCtes(v, n.get(5), dev.retort.sql.Values::addCte, null);
                }
                return n.size() > 4 && !n.get(4).isNull() ? v.named(n.get(4).asText()) : v;
            }
            case "scalar_values": return valuesList(n.get(1), n.get(2), n.get(3).asBoolean()).scalarValues();
            case "tvalias": {
                // ["tvalias", func, [[name, type]...], ordinality, name, render_derived, with_types, lateral]
                FunctionCall<?> fn = (FunctionCall<?>) build(n.get(1));
                List<ColumnClause<?>> cols = new ArrayList<>();
                n.get(2).forEach(c -> cols.add(column(c.get(0).asText(), type(c.get(1)))));
                TableValuedAlias t = cols.isEmpty() ? fn.alias() : fn.tableValued(cols.toArray());
                if (!n.get(3).isNull()) {
                    t = t.withOrdinality(n.get(3).asText());
                }
                if (n.get(5).asBoolean()) {
                    t = t.renderDerived(n.get(6).asBoolean());
                }
                String name = n.get(4).isNull() ? null : n.get(4).asText();
                return n.get(7).asBoolean() ? t.lateral(name) : name != null ? t.alias(name) : t;
            }
            case "tvcolumn": {
                FromClause f = from(n.get(1));
                return f instanceof TableValuedAlias t ? t.column() : f.tableValued();
            }
            case "scalarfield": {
                FunctionCall<?> fn = (FunctionCall<?>) build(n.get(1));
                return n.get(3).isNull() ? fn.scalarTableValued(n.get(2).asText()) : fn.scalarTableValued(n.get(2).asText(), type(n.get(3)));
            }
            case "tablesample": {
                // ["tablesample", from, name, sampling, seed]
                FromClause f = from(n.get(1));
                return f.tablesample(build(n.get(3)), n.get(2).isNull() ? null : n.get(2).asText(),
                        n.get(4).isNull() ? null : (ColumnElement<?>) build(n.get(4)));
            }
            case "lateral": {
                SelectBase s = (SelectBase) build(n.get(1));
                return n.get(2).isNull() ? s.lateral() : s.lateral(n.get(2).asText());
            }
            case "subquery": {
                SelectBase s = (SelectBase) build(n.get(1));
                return n.get(2).isNull() ? s.subquery() : s.subquery(n.get(2).asText());
            }
            case "cte_union": {
                CTE base = (CTE) env.get(n.get(1).asText());
                List<SelectBase> more = new ArrayList<>();
                n.get(3).forEach(m -> more.add((SelectBase) build(m)));
                SelectBase[] arr = more.toArray(new SelectBase[0]);
                return n.get(2).asText().equals("union") ? base.union(arr) : base.unionAll(arr);
            }
            case "cte": {
                boolean recursive = n.get(3).asBoolean();
                CTE cte;
                if (build(n.get(1)) instanceof dev.retort.sql.DmlStatement d) {
                    cte = n.get(2).isNull() ? d.cte() : recursive ? d.cteRecursive(n.get(2).asText()) : d.cte(n.get(2).asText());
                } else {
                    SelectBase s = (SelectBase) build(n.get(1));
                    cte = n.get(2).isNull() ? (recursive ? s.cteRecursive() : s.cte())
                            : recursive ? s.cteRecursive(n.get(2).asText()) : s.cte(n.get(2).asText());
                }
                cte = n.path(4).asBoolean() ? cte.nesting() : cte;
                cte = affixed(cte, n.path(5).path("prefixes"), (c, d, t) -> d == null ? c.prefixWith(t) : c.prefixWithDialect(d, t));
                return affixed(cte, n.path(5).path("suffixes"), (c, d, t) -> d == null ? c.suffixWith(t) : c.suffixWithDialect(d, t));
            }
            case "create_table": {
                // a fourth element: the positions of the table's foreign keys CREATE TABLE leaves out
                Set<ForeignKeyConstraint> leftOut = new HashSet<>();
                n.path(3).forEach(i -> leftOut.add((ForeignKeyConstraint) constraintsOf.get(n.get(1).asText()).get(i.asInt())));
                CreateTable ct = new CreateTable((Table) tables.get(n.get(1).asText()), leftOut);
                return n.get(2).asBoolean() ? ct.ifNotExists() : ct;
            }
            case "drop_table": {
                DropTable dt = new DropTable((Table) tables.get(n.get(1).asText()));
                return n.get(2).asBoolean() ? dt.ifExists() : dt;
            }
            case "create_index": {
                CreateIndex ci = new CreateIndex(index(n.get(1)));
                return n.get(2).asBoolean() ? ci.ifNotExists() : ci;
            }
            case "drop_index": {
                DropIndex di = new DropIndex(index(n.get(1)));
                return n.get(2).asBoolean() ? di.ifExists() : di;
            }
            case "create_view": return createView(n);
            case "create_enum_type": return new CreateEnumType(enumType(n));
            case "drop_enum_type": return new DropEnumType(enumType(n));
            case "create_table_as": {
                JsonNode spec = n.get(4);
                SelectBase q = (SelectBase) build(n.get(1));
                String name = n.get(2).asText() + suffix;
                // the plain form through SQLAlchemy's other spelling, select.into(name)
                CreateTableAs ct = n.get(3).isNull() ? q.into(name) : new CreateTableAs(q, name, n.get(3).asText(), null);
                ct = spec.path("temporary").asBoolean() ? ct.temporary() : ct;
                return spec.path("if_not_exists").asBoolean() ? ct.ifNotExists() : ct;
            }
            case "drop_view": {
                DropView dv = new DropView(createView(n.get(1)).table());
                dv = n.get(2).path("if_exists").asBoolean() ? dv.ifExists() : dv;
                return n.get(2).path("materialized").asBoolean() ? dv.materialized() : dv;
            }
            case "create_column": return new CreateColumn(((Table) tables.get(n.get(1).asText())).c(n.get(2).asText()));
            case "create_domain_type": return new CreateDomainType(domain(n.get(1).asText(), n.get(2), n.get(3)));
            case "drop_domain_type": return new DropDomainType(domain(n.get(1).asText(), n.get(2), n.get(3)));
            case "create_sequence": {
                CreateSequence cs = new CreateSequence(sequence(n.get(1)));
                return n.get(2).asBoolean() ? cs.ifNotExists() : cs;
            }
            case "drop_sequence": {
                DropSequence ds = new DropSequence(sequence(n.get(1)));
                return n.get(2).asBoolean() ? ds.ifExists() : ds;
            }
            case "create_schema": {
                dev.retort.schema.CreateSchema cs = new dev.retort.schema.CreateSchema(n.get(1).asText());
                return n.get(2).asBoolean() ? cs.ifNotExists() : cs;
            }
            case "drop_schema": {
                dev.retort.schema.DropSchema ds = new dev.retort.schema.DropSchema(n.get(1).asText());
                ds = n.get(2).asBoolean() ? ds.ifExists() : ds;
                return n.get(3).asBoolean() ? ds.cascade() : ds;
            }
            case "next_value": return sequence(n.get(1)).nextValue();
            case "add_constraint": return new AddConstraint(constraintsOf.get(n.get(1).asText()).get(n.get(2).asInt()));
            case "drop_constraint": {
                DropConstraint dc = new DropConstraint(constraintsOf.get(n.get(1).asText()).get(n.get(2).asInt()));
                dc = n.path(3).path("if_exists").asBoolean() ? dc.ifExists() : dc;
                return n.path(3).path("cascade").asBoolean() ? dc.cascade() : dc;
            }
            case "select": return select(n.get(1));
            case "compound": return compound(n);
            case "insert": return insertStmt(n);
            case "func_type": return ((dev.retort.sql.FunctionCall<?>) build(n.get(1))).returning(type(n.get(2)));
            case "update": {
                JsonNode spec = n.get(2);
                Update u = addedCtes(spec.has("target") ? update((FromClause) build(spec.get("target"))) : update((TableClause) tables.get(n.get(1).asText())),
                        spec, Update::addCte, Update::addNestedCte);
                u = affixed(u, spec.path("prefixes"), (x, d, t) -> d == null ? x.prefixWith(t) : x.prefixWithDialect(d, t));
                for (JsonNode h : spec.path("hints")) {
                    u = u.withHint(h.get(1).asText(), h.get(2).isNull() ? null : h.get(2).asText());
                }
                if (spec.has("limit")) {
                    u = u.limit(spec.get("limit").intValue());
                }
                if (spec.has("values")) {
                    u = u.values(valueMap(spec.get("values")));
                }
                if (spec.has("ordered_values")) {
                    List<Map.Entry<Object, Object>> pairs = new ArrayList<>(valueMap(spec.get("ordered_values")).entrySet());
                    u = u.orderedValues(pairs.toArray(new Map.Entry<?, ?>[0]));
                }
                if (spec.has("where")) {
                    u = u.where(exprs(spec.get("where")));
                }
                return spec.has("returning") ? u.returning(entities(spec.get("returning"))) : u;
            }
            case "delete": {
                JsonNode spec = n.get(2);
                var d = addedCtes(spec.has("target") ? delete((Alias) build(spec.get("target"))) : delete((TableClause) tables.get(n.get(1).asText())), spec, dev.retort.sql.Delete::addCte, dev.retort.sql.Delete::addNestedCte);
                d = affixed(d, spec.path("prefixes"), (x, dn, t) -> dn == null ? x.prefixWith(t) : x.prefixWithDialect(dn, t));
                for (JsonNode h : spec.path("hints")) {
                    d = d.withHint(h.get(1).asText(), h.get(2).isNull() ? null : h.get(2).asText());
                }
                if (spec.has("limit")) {
                    d = d.limit(spec.get("limit").intValue());
                }
                if (spec.has("using")) {
                    d = d.using(froms(spec.get("using")));
                }
                if (spec.has("where")) {
                    d = d.where(exprs(spec.get("where")));
                }
                return spec.has("returning") ? d.returning(entities(spec.get("returning"))) : d;
            }
            default:
                if (extension != null) {
                    return extension.apply(n);
                }
                throw new IllegalArgumentException("Unknown suite node " + op);
        }
    }

    /** The operators with modifiers: LIKE ESCAPE, pattern matches, regexp flags, BETWEEN SYMMETRIC, MATCH, IS. */
    private ColumnElement<?> operatorNode(JsonNode n) {
        ColumnElement<?> left = expr(n.get(1));
        Object right = operand(n.get(2));
        String escape = n.size() > 3 && n.get(3).isTextual() ? n.get(3).asText() : null;
        switch (n.get(0).asText()) {
            case "like": return escape == null ? left.like(right) : left.like(right, escape);
            case "notlike": return escape == null ? left.notLike(right) : left.notLike(right, escape);
            case "ilike": return escape == null ? left.ilike(right) : left.ilike(right, escape);
            case "notilike": return escape == null ? left.notIlike(right) : left.notIlike(right, escape);
            case "between": return left.between(right, operand(n.get(3)), n.size() > 4 && n.get(4).asBoolean());
            case "match": return left.match(right, matchModifier(n.get(3)), n.size() > 4 ? n.get(4).asText() : null);
            case "is": return left.is(right);
            case "isnot": return left.isNot(right);
            case "regexpmatch": return left.regexpMatch(right, n.size() > 3 ? n.get(3).asText() : null);
            case "regexpreplace": return left.regexpReplace(right, operand(n.get(3)), n.size() > 4 ? n.get(4).asText() : null);
            default: return patternNode(n.get(0).asText(), left, right, n.get(3).asBoolean(), n.size() > 4 ? n.get(4).asText() : null);
        }
    }

    /** A custom operator's options beyond precedence, comparison and type: {natural_self_precedent, eager_grouping, visit_name} or absent. */
    private static CustomOperator customOptions(CustomOperator op, JsonNode opts) {
        if (opts == null) {
            return op;
        }
        op = op.naturalSelfPrecedent(opts.path("natural_self_precedent").asBoolean()).eagerGrouping(opts.path("eager_grouping").asBoolean());
        return opts.hasNonNull("visit_name") ? op.visitName(opts.get("visit_name").asText()) : op;
    }

    private static MatchModifier matchModifier(JsonNode n) {
        return n == null || n.isNull() ? null : MatchModifier.valueOf(n.asText());
    }

    /** contains / startswith / endswith and the i- forms, in the form of the Java API the case names (CorpusTree too). */
    static ColumnElement<?> patternNode(String name, ColumnElement<?> left, Object value, boolean autoescape, String escape) {
        switch (name) {
            case "contains": return escape == null ? left.contains(value, autoescape) : left.contains(value, autoescape, escape);
            case "startswith": return escape == null ? left.startsWith(value, autoescape) : left.startsWith(value, autoescape, escape);
            case "endswith": return escape == null ? left.endsWith(value, autoescape) : left.endsWith(value, autoescape, escape);
            case "icontains": return escape == null ? left.icontains(value, autoescape) : left.icontains(value, autoescape, escape);
            case "istartswith": return escape == null ? left.istartsWith(value, autoescape) : left.istartsWith(value, autoescape, escape);
            default: return escape == null ? left.iendsWith(value, autoescape) : left.iendsWith(value, autoescape, escape);
        }
    }

    private Over<?> over(JsonNode n) {
        ColumnElement<?> f = expr(n.get(1));
        Over<?> o = f instanceof FunctionFilter<?> ff ? ff.over() : f instanceof WithinGroup<?> w ? w.over() : ((FunctionCall<?>) f).over();
        JsonNode spec = n.get(2);
        if (spec.has("partition_by")) {
            o = o.partitionBy(exprs(spec.get("partition_by")));
        }
        if (spec.has("order_by")) {
            o = o.orderBy(exprs(spec.get("order_by")));
        }
        if (spec.has("rows")) {
            JsonNode b = spec.get("rows");
            o = b.has("explicit") ? o.rowsBetween(frameBound(b, 0), frameBound(b, 1)) : o.rows(bound(b.get(0)), bound(b.get(1)));
        }
        if (spec.has("range_")) {
            JsonNode b = spec.get("range_");
            o = b.has("explicit") ? o.rangeBetween(frameBound(b, 0), frameBound(b, 1)) : o.range(bound(b.get(0)), bound(b.get(1)));
        }
        if (spec.has("groups")) {
            JsonNode b = spec.get("groups");
            o = b.has("explicit") ? o.groupsBetween(frameBound(b, 0), frameBound(b, 1)) : o.groups(bound(b.get(0)), bound(b.get(1)));
        }
        return spec.has("exclude") ? o.exclude(spec.get("exclude").asText()) : o;
    }

    /** {"explicit": [[kind, distance], [kind, distance]]}: the bound {@code i} as an {@link Over.FrameBound}. */
    private static Over.FrameBound frameBound(JsonNode frame, int i) {
        JsonNode b = frame.get("explicit").get(i);
        Object distance = b.get(1).isNull() ? null : value(b.get(1));
        return new Over.FrameBound(Over.BoundKind.valueOf(b.get(0).asText()), distance);
    }

    private Object[] entities(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(c -> out.add(build(c)));
        return out.toArray();
    }

    @SuppressWarnings("unchecked")
    /** prefixWith / suffixWith (or their ...Dialect forms) on {@code stmt}: [[text, dialect or null], ...] in order. */
    private <S> S affixed(S stmt, JsonNode items, Affix<S> with) {
        for (JsonNode item : items) {
            stmt = with.add(stmt, item.get(1).isNull() ? null : item.get(1).asText(), build(item.get(0)));
        }
        return stmt;
    }

    @FunctionalInterface
    private interface Affix<S> {
        S add(S stmt, String dialect, Object text);
    }

    private Select select(JsonNode spec) {
        // the hints' FROM clauses first: the converter converts them before the columns
        List<FromClause> hinted = new ArrayList<>();
        spec.path("hints").forEach(h -> hinted.add(h.get(0).isNull() ? null : from(h.get(0))));
        Select s = SQL.select(entities(spec.get("cols")));
        // built in the converter's order (a shared node is defined where it is first converted), applied last
        FromClause[] correlate = spec.has("correlate") ? froms(spec.get("correlate")) : null;
        FromClause[] correlateExcept = spec.has("correlate_except") ? froms(spec.get("correlate_except")) : null;
        for (JsonNode f : spec.path("from")) {
            // select_from(text(...)) is Select.selectFrom(TextClause), select_from(func.fn()) selectFrom(FunctionCall);
            // FROM keeps the given order
            s = switch (f.get(0).asText()) {
                case "textfrom" -> s.selectFrom((TextClause) build(f.get(1)));
                case "funcfrom" -> s.selectFrom((FunctionCall<?>) build(f.get(1)));
                default -> s.selectFrom(from(f));
            };
        }
        for (JsonNode j : spec.path("joins")) {
            FromClause target = from(j.get(0));
            boolean outer = j.get(2).asBoolean();
            if (j.size() > 3) {
                // join_from(left, target[, onclause])
                FromClause left = from(j.get(3));
                ColumnElement<Boolean> on = j.get(1).isNull() ? null : (ColumnElement<Boolean>) expr(j.get(1));
                s = outer ? (on == null ? s.outerJoinFrom(left, target) : s.outerJoinFrom(left, target, on))
                        : on == null ? s.joinFrom(left, target) : s.joinFrom(left, target, on);
                continue;
            }
            if (j.get(1).isNull()) {
                s = outer ? s.outerJoin(target) : s.join(target);
            } else {
                ColumnElement<Boolean> on = (ColumnElement<Boolean>) expr(j.get(1));
                s = outer ? s.outerJoin(target, on) : s.join(target, on);
            }
        }
        if (spec.has("where")) {
            s = s.where(exprs(spec.get("where")));
        }
        if (spec.has("group_by")) {
            s = s.groupBy(exprs(spec.get("group_by")));
        }
        if (spec.has("having")) {
            s = s.having(exprs(spec.get("having")));
        }
        if (spec.has("order_by")) {
            s = s.orderBy(orderItems(spec.get("order_by")));
        }
        if (spec.has("limit")) {
            s = spec.get("limit").isArray() ? s.limit(expr(spec.get("limit"))) : s.limit(spec.get("limit").intValue());
        }
        if (spec.has("offset")) {
            s = spec.get("offset").isArray() ? s.offset(expr(spec.get("offset"))) : s.offset(spec.get("offset").intValue());
        }
        if (spec.has("fetch")) {
            s = s.fetch(fetch(spec.get("fetch")));
        }
        if (spec.path("distinct").asBoolean()) {
            s = s.distinct();
        }
        if (spec.has("distinct_on")) {
            s = s.distinctOn(exprs(spec.get("distinct_on")));
        }
        if (spec.has("label_style")) {
            s = s.labelStyle(dev.retort.sql.LabelStyle.valueOf(spec.get("label_style").asText()));
        }
        if (correlate != null) {
            s = s.correlate(correlate);
        }
        if (correlateExcept != null) {
            s = s.correlateExcept(correlateExcept);
        }
        s = addedCtes(s, spec, Select::addCte, Select::addNestedCte);
        s = affixed(s, spec.path("prefixes"), (x, d, t) -> d == null ? x.prefixWith(t) : x.prefixWithDialect(d, t));
        s = affixed(s, spec.path("suffixes"), (x, d, t) -> d == null ? x.suffixWith(t) : x.suffixWithDialect(d, t));
        for (int i = 0; i < hinted.size(); i++) {
            JsonNode h = spec.get("hints").get(i);
            String dialect = h.get(2).isNull() ? null : h.get(2).asText();
            s = hinted.get(i) == null ? s.withStatementHint(h.get(1).asText(), dialect) : s.withHint(hinted.get(i), h.get(1).asText(), dialect);
        }
        if (spec.has("for_update")) {
            JsonNode fu = spec.get("for_update");
            ForUpdate lock = fu.get("read").asBoolean() ? ForUpdate.share() : ForUpdate.update();
            if (fu.get("of").size() > 0) {
                lock = lock.of(entities(fu.get("of")));
            }
            if (fu.get("nowait").asBoolean()) {
                lock = lock.nowait();
            }
            if (fu.get("skip_locked").asBoolean()) {
                lock = lock.skipLocked();
            }
            if (fu.get("key_share").asBoolean()) {
                lock = lock.keyShare();
            }
            s = s.withForUpdate(lock);
        }
        return s;
    }

    /** values(cols...).data(rows), with literalBinds() where {@code literal}. */
    private dev.retort.sql.Values valuesList(JsonNode columns, JsonNode rows, boolean literal) {
        List<ColumnClause<?>> cols = new ArrayList<>();
        columns.forEach(c -> cols.add(column(c.get(0).asText(), type(c.get(1)))));
        dev.retort.sql.Values v = SQL.values(cols.toArray(new ColumnClause<?>[0])).data(rows(rows));
        return literal ? v.literalBinds() : v;
    }

    /** add_cte(..., nest_here=...): "add_cte" is [[cte, nest_here], ...] in order. */
    private <T> T addedCtes(T stmt, JsonNode spec, java.util.function.BiFunction<T, CTE[], T> add, java.util.function.BiFunction<T, CTE[], T> nest) {
        for (JsonNode a : spec.path("add_cte")) {
            CTE[] cte = {(CTE) from(a.get(0))};
            stmt = a.get(1).asBoolean() ? nest.apply(stmt, cte) : add.apply(stmt, cte);
        }
        return stmt;
    }

    private CompoundSelect compound(JsonNode n) {
        List<SelectBase> parts = new ArrayList<>();
        n.get(2).forEach(p -> parts.add((SelectBase) build(p)));
        SelectBase[] arr = parts.toArray(new SelectBase[0]);
        CompoundSelect c;
        switch (n.get(1).asText()) {
            case "union": c = SQL.union(arr); break;
            case "union_all": c = SQL.unionAll(arr); break;
            case "intersect": c = SQL.intersect(arr); break;
            case "except": c = SQL.except(arr); break;
            case "intersect_all": c = SQL.intersectAll(arr); break;
            case "except_all": c = SQL.exceptAll(arr); break;
            default: throw new IllegalArgumentException("Unknown compound " + n.get(1));
        }
        JsonNode spec = n.get(3);
        c = addedCtes(c, spec, CompoundSelect::addCte, CompoundSelect::addNestedCte);
        if (spec.has("order_by")) {
            c = c.orderBy(exprs(spec.get("order_by")));
        }
        if (spec.has("limit")) {
            c = c.limit(spec.get("limit").intValue());
        }
        if (spec.has("offset")) {
            c = c.offset(spec.get("offset").intValue());
        }
        if (spec.has("fetch")) {
            c = c.fetch(fetch(spec.get("fetch")));
        }
        return c;
    }

    Fetch fetch(JsonNode f) {
        Fetch out = f.get("count").isArray() ? Fetch.first(expr(f.get("count"))) : Fetch.first(f.get("count").intValue());
        out = f.get("with_ties").asBoolean() ? out.withTies() : out;
        return f.get("percent").asBoolean() ? out.percent() : out;
    }

    private Insert insertStmt(JsonNode n) {
        JsonNode spec = n.get(2);
        Insert i = addedCtes(insert((TableClause) tables.get(n.get(1).asText())), spec, Insert::addCte, Insert::addNestedCte);
        i = affixed(i, spec.path("prefixes"), (x, d, t) -> d == null ? x.prefixWith(t) : x.prefixWithDialect(d, t));
        if (spec.has("values")) {
            i = i.values(valueMap(spec.get("values")));
        }
        if (spec.has("rows")) {
            List<Map<Object, Object>> rows = new ArrayList<>();
            spec.get("rows").forEach(r -> rows.add(valueMap(r)));
            i = i.values(rows);
        }
        if (spec.has("from_select")) {
            List<String> keys = new ArrayList<>();
            spec.get("from_select").get(0).forEach(k -> keys.add(k.asText()));
            i = i.fromSelect(keys, (SelectBase) build(spec.get("from_select").get(1)), spec.path("from_select_defaults").asBoolean(true));
        }
        if (spec.has("upsert")) {
            i = upsert(i, spec.get("upsert"));
        }
        if (spec.has("return_defaults")) {
            List<Object> keys = new ArrayList<>();
            spec.get("return_defaults").forEach(k -> keys.add(k.asText()));
            i = i.returnDefaults(keys.toArray());
        }
        return spec.has("returning") ? i.returning(entities(spec.get("returning"))) : i;
    }

    @SuppressWarnings("unchecked")
    private ColumnElement<Boolean> condition(JsonNode n) {
        return (ColumnElement<Boolean>) expr(n);
    }

    /** SQLAlchemy's on_conflict_do_nothing / on_conflict_do_update / on_duplicate_key_update. */
    private Insert upsert(Insert i, JsonNode u) {
        Map<Object, Object> set = new LinkedHashMap<>();
        if (u.has("set")) {
            // a key ["column", name]: a column the table does not declare
            u.get("set").forEach(kv -> set.put(kv.get(0).isArray() ? column(kv.get(0).get(1).asText()) : kv.get(0).asText(), operand(kv.get(1))));
        }
        String kind = u.get("kind").asText();
        if (kind.equals("duplicate")) {
            return i.onDuplicateKeyUpdate(set);
        }
        ConflictTarget target = null;
        if (u.has("constraint")) {
            String name = u.get("constraint").asText();
            if (u.path("constraint_generated").asBoolean()) {
                // a naming convention's name (SQLAlchemy's conv): a constraint the convention names so, of a table of its own
                MetaData named = new MetaData(Map.of("uq", name.replace("%", "%%")));
                dev.retort.schema.UniqueConstraint uq = new dev.retort.schema.UniqueConstraint("x");
                new Table("conflict_target", named, Column.of("x", Types.INTEGER), uq);
                target = ConflictTarget.constraint(uq);
            } else {
                target = ConflictTarget.constraint(name);
            }
        } else if (u.has("elements")) {
            List<Object> elements = new ArrayList<>();
            u.get("elements").forEach(e -> elements.add(e.get(0).asText().equals("key") ? e.get(1).asText() : expr(e)));
            target = ConflictTarget.of(elements);
            if (u.has("index_where")) {
                target = target.where(condition(u.get("index_where")));
            }
        }
        if (kind.equals("nothing")) {
            return target == null ? i.onConflictDoNothing() : i.onConflictDoNothing(target);
        }
        if (target == null) {
            return i.onConflictDoUpdate(set); // SQLite's DO UPDATE on any conflict
        }
        return i.onConflictDoUpdate(target, set, u.has("where") ? condition(u.get("where")) : null);
    }

    /** [[key, operand], ...] in order; LinkedHashMap because values may be null. */
    /** [[key, value]]: a column key, or a column node (a join target's other tables). */
    private Map<Object, Object> valueMap(JsonNode pairs) {
        Map<Object, Object> out = new LinkedHashMap<>();
        pairs.forEach(p -> out.put(p.get(0).isArray() ? build(p.get(0)) : p.get(0).asText(), operand(p.get(1))));
        return out;
    }

    private List<Object> operands(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(operand(v)));
        return out;
    }

    private static List<Object> values(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(value(v)));
        return out;
    }

    /** ORDER BY items: expressions, or an OrderByList (not a column expression). */
    private ClauseElement[] orderItems(JsonNode list) {
        List<ClauseElement> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get(0).asText().equals("orderbylist") ? (ClauseElement) build(n) : expr(n)));
        return out.toArray(new ClauseElement[0]);
    }

    /** An IN list's values: each a value, or a row of values. */
    private static List<Object> listValue(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(v -> out.add(v.isArray() ? values(v) : value(v)));
        return out;
    }

    private static List<List<Object>> rows(JsonNode list) {
        List<List<Object>> out = new ArrayList<>();
        list.forEach(r -> out.add(values(r)));
        return out;
    }

    private static JsonNode tail(JsonNode n) {
        com.fasterxml.jackson.databind.node.ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (int i = 1; i < n.size(); i++) {
            a.add(n.get(i));
        }
        return a;
    }

    private static Integer bound(JsonNode n) {
        return n == null || n.isNull() ? null : n.intValue();
    }
}
