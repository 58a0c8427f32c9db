package dev.retort.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.retort.orm.AliasedEntity;
import dev.retort.orm.ColumnProperty;
import dev.retort.orm.DeferredColumn;
import dev.retort.orm.Hybrid;
import dev.retort.orm.InheritanceSpec;
import dev.retort.orm.LoaderCriteria;
import dev.retort.orm.LoaderOption;
import dev.retort.orm.Mapper;
import dev.retort.orm.ORM;
import dev.retort.orm.Query;
import dev.retort.orm.QueryableAttribute;
import dev.retort.orm.Registry;
import dev.retort.orm.Relationship;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ForUpdate;
import dev.retort.sql.LabelStyle;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.lang.model.SourceVersion;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The ORM part of the ported SQLAlchemy suite: a case with an {@code orm} section describes
 * the test's mapped classes (class, table, superclass, discriminator, relationships; {@code late}: the
 * computed properties added after mapping, {@link Mapper#addProperty}); this
 * builder makes a Java class for each (compiled from the description, so that relationships
 * have their fields and subclasses their superclasses), maps them with a {@link Registry} of
 * the case's {@code MetaData} and builds the ORM nodes of the tree with Retort's ORM API:
 *
 * <ul>
 *   <li>{@code ["orm_entity", class]}: the mapper; {@code ["orm_alias", id, class, name]} an
 *       {@link ORM#aliased} entity, {@code ["orm_alias", id, class, null, from]} one of a subquery
 *       ({@link ORM#aliased(Class, dev.retort.sql.FromClause)}) (later occurrences {@code ["orm_alias", id]});</li>
 *   <li>{@code ["orm_attr", entity, key]}: {@link ORM#attr} / {@link AliasedEntity#attr}; {@code ["orm_of_type", attr, entity]}
 *       its {@link QueryableAttribute#ofType};</li>
 *   <li>{@code ["orm_alias_table", alias]}: the aliased entity's {@link AliasedEntity#alias()} (the target of
 *       {@code update(aliased(User))});</li>
 *   <li>{@code ["orm_select", {entities, from, joins (a fourth item: joinFrom's left side), where, group_by, having, distinct_on,
 *       correlate, correlate_except, order_by, limit, offset, fetch, distinct, prefixes, suffixes, hints, options, for_update,
 *       label_style, statement, set_op, from_statement}]}: {@link ORM#select} with those parts; with a
 *       {@code label_style} (a {@code session.query()}: TABLENAME_PLUS_COL) or inside another statement
 *       ({@code statement}), its {@link Query#statement()}; {@code set_op} ({@code {kind, queries: [spec...]}}) starts
 *       from the first query's {@link Query#union} (or {@code unionAll}, ...) of the others;</li>
 *   <li>a relationship's {@code primaryjoin}, {@code secondaryjoin} (expressions over the tables), {@code foreign_keys}
 *       and {@code viewonly}; {@code uselist} (false: one target): {@link Relationship#primaryJoin}, {@link Relationship#secondaryJoin}, {@link Relationship#foreignKeys},
 *       {@link Relationship#viewOnly}, {@link Relationship#uselist}; {@code target_alias} (an {@code orm_alias} of a subquery): {@link ORM#relationship(AliasedEntity)};</li>
 *       from the first query's {@link Query#union} (or {@code unionAll}, ...) of the others; {@code from_statement}: its
 *       {@link Query#fromStatement} of that statement;</li>
 *   <li>a {@code ["composite", [column keys]]} property: {@link ORM#composite} of a value class compiled for it
 *       ({@code Class$key}, fields {@code c0...}); {@code ["orm_composite_compare", attr, op, [values] | null, class]}: the
 *       attribute's {@code eq} / {@code ne} / {@code lt} / ... with such a value object;</li>
 *   <li>{@code ["orm_bundle", name, [columns]]}: {@link ORM#bundle};</li>
 *   <li>{@code ["orm_query_exists", ["orm_select", spec]]}: the query's {@link Query#exists()} (SQLAlchemy's {@code query.exists()});</li>
 *   <li>{@code ["orm_join", left, right, onclause, isouter, full]}: {@link ORM#join(Object, Object, ClauseElement, boolean, boolean)};</li>
 *   <li>{@code ["joinedload" | "selectinload" | ..., attr, [strategy, attr]...]}: loader options, with the steps
 *       chained after them ({@code joinedload(A.b).selectinload(B.c)}).</li>
 * </ul>
 *
 * Mapped classes are global to the JVM, so {@link #close()} unmaps them; the compiled classes
 * of a description are reused by the next case with the same description.
 */
final class SqlalchemyOrmSuiteBuilder implements AutoCloseable {
    /** Compiled class sets not in use, by mapping description. */
    private static final Map<String, Deque<Map<String, Class<?>>>> POOL = new ConcurrentHashMap<>();

    private final SqlalchemySuiteTree tree;
    private final Registry registry;
    private final String description;
    private final Map<String, Class<?>> classes;
    private final Map<String, AliasedEntity<?>> aliases = new HashMap<>();

    SqlalchemyOrmSuiteBuilder(JsonNode mapping, SqlalchemySuiteTree tree) {
        this.tree = tree;
        this.description = mapping.toString();
        Deque<Map<String, Class<?>>> free = POOL.computeIfAbsent(description, d -> new ArrayDeque<>());
        Map<String, Class<?>> ready;
        synchronized (free) {
            ready = free.poll();
        }
        this.classes = ready != null ? ready : compile(mapping);
        this.registry = new Registry(tree.metadata);
        // before the mapping: a column_property's expression may hold an ORM select (of Core columns)
        tree.extend(this::build);
        try {
            // after the others, a class whose relationship targets an aliased class or is ordered by another class's
            // attributes (SQLAlchemy's order_by="User.fullname", resolved late): those classes must be mapped first
            for (boolean late : new boolean[] {false, true}) {
                for (JsonNode m : mapping) {
                    if (needsOthersMapped(m) == late) {
                        map(m);
                    }
                }
            }
            registry.configure();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    ClauseElement statement(JsonNode n) {
        return tree.statement(n);
    }

    @Override
    public void close() {
        registry.dispose();
        Deque<Map<String, Class<?>>> free = POOL.get(description);
        synchronized (free) {
            free.push(classes);
        }
    }

    // ---- mapping ------------------------------------------------------------------------------

    private static boolean needsOthersMapped(JsonNode m) {
        for (JsonNode p : m.get("properties")) {
            if (p.has("target_alias") || p.path("order_by").toString().contains("\"orm_entity\"")) {
                return true;
            }
        }
        return false;
    }

    private void map(JsonNode m) {
        String name = m.get("class").asText();
        Table table = (Table) tree.table(m.get("table").asText());
        Map<String, Object> props = new LinkedHashMap<>();
        m.get("properties").fields().forEachRemaining(e -> props.put(e.getKey(), switch (e.getValue().path(0).asText()) {
            case "composite" -> composite(table, classes.get(name + "$" + e.getKey()), e.getValue().get(1));
            case "hybrid" -> hybrid(name, e.getValue().get(1));
            default -> property(table, e.getValue());
        }));
        InheritanceSpec inheritance = null;
        if (m.has("inherits")) {
            inheritance = ORM.inherits(classes.get(m.get("inherits").asText()));
        } else if (m.has("polymorphic_on")) {
            inheritance = ORM.polymorphicOn(table.c(m.get("polymorphic_on").asText()));
        }
        if (inheritance != null && m.has("identity")) {
            inheritance = inheritance.identity(CorpusTree.value(m.get("identity")));
        }
        if (inheritance != null && m.has("with_polymorphic")) {
            inheritance = withPolymorphic(inheritance, m.get("with_polymorphic"));
        }
        // "late": the computed properties and relationships SQLAlchemy's mapper got after mapping (add_property,
        // Link.child = relationship(...)), which it lists after the columns
        Map<String, Object> late = new LinkedHashMap<>();
        m.path("late").forEach(k -> late.put(k.asText(), props.remove(k.asText())));
        Mapper<?> mapper = registry.mapImperatively(name, classes.get(name), table, props, inheritance);
        late.forEach((key, p) -> {
            if (p instanceof Relationship<?> r) {
                mapper.addProperty(key, r);
            } else {
                mapper.addProperty(key, (ColumnProperty) p);
            }
        });
    }

    /** {"classes": [names] | null, "selectable"?: FROM node}: InheritanceSpec.withPolymorphic. */
    private InheritanceSpec withPolymorphic(InheritanceSpec spec, JsonNode w) {
        List<Class<?>> listed = w.get("classes").isNull() ? null : classList(w.get("classes"));
        return w.has("selectable") ? spec.withPolymorphic(listed, (dev.retort.sql.FromClause) tree.node(w.get("selectable")))
                : spec.withPolymorphic(listed);
    }

    /** ["composite", [column keys]]: ORM.composite of the class compiled for it (a field per column). */
    private static Object composite(Table table, Class<?> value, JsonNode keys) {
        List<Column<?>> columns = new ArrayList<>();
        keys.forEach(k -> columns.add(table.c(k.asText())));
        return ORM.composite(value, columns.toArray(new Column<?>[0]));
    }

    /**
     * ["hybrid", node]: {@link ORM#hybrid} whose expression is the node built for the entity asked, the class's own
     * attributes in it ({@code ["orm_attr", ["orm_entity", owner], key]}) that entity's.
     */
    private Object hybrid(String owner, JsonNode node) {
        return ORM.hybrid(a -> {
            HybridScope outer = hybridScope;
            hybridScope = new HybridScope(owner, a);
            try {
                return (ColumnElement<Object>) tree.node(node);
            } finally {
                hybridScope = outer;
            }
        });
    }

    /** The hybrid expression being built: its class, and the attributes of the entity it is built for. */
    private record HybridScope(String owner, Hybrid.Attributes attributes) {
    }

    private HybridScope hybridScope;

    private List<Class<?>> classList(JsonNode names) {
        List<Class<?>> out = new ArrayList<>();
        names.forEach(c -> out.add(classes.get(c.asText())));
        return out;
    }

    private Object property(Table table, JsonNode p) {
        if (p.isArray() && p.get(0).asText().equals("expr")) {
            // column_property(expression), ["expr", node, true]: column_property(expression, deferred=True)
            return ORM.columnProperty((ColumnElement<?>) tree.node(p.get(1)), p.path(2).asBoolean(false));
        }
        if (p.isArray() && p.get(0).asText().equals("query_expression")) {
            // ["query_expression", default?]: query_expression(default_expr)
            return p.size() > 1 ? ORM.queryExpression((ColumnElement<?>) tree.node(p.get(1))) : ORM.queryExpression();
        }
        if (p.isArray() && p.get(0).asText().equals("deferred")) {
            return deferred(table, p);
        }
        if (p.isArray() && p.get(0).asText().equals("synonym")) {
            return ORM.synonym(p.get(1).asText());  // ["synonym", key]: another name for the attribute key
        }
        if (p.isArray() && p.get(0).asText().equals("excluded")) {
            return ORM.excluded();  // ["excluded"]: a column of the class's tables its mapper leaves out
        }
        if (p.isArray()) {
            return table.c(p.get(1).asText());  // ["column", key]: a column under another attribute name
        }
        // "target_alias": ["orm_alias", ...] of a subquery, ORM.relationship(AliasedEntity)
        Relationship<?> r = p.has("target_alias") ? ORM.relationship((AliasedEntity<?>) tree.node(p.get("target_alias")))
                : ORM.relationship(classes.get(p.get("target").asText()));
        if (p.has("secondary")) {
            r = r.secondary((Table) tree.table(p.get("secondary").asText()));
        }
        if (p.has("order_by")) {
            List<ColumnElement<?>> order = new ArrayList<>();
            p.get("order_by").forEach(o -> order.add((ColumnElement<?>) tree.node(o)));
            r = r.orderBy(order.toArray(new ColumnElement<?>[0]));
        }
        if (p.has("lazy")) {
            r = r.lazy(p.get("lazy").asText());
        }
        if ("unnested".equals(p.path("innerjoin").asText())) {
            r = r.unnestedInnerJoin();
        } else if (p.path("innerjoin").asBoolean()) {
            r = r.innerJoin();
        }
        if (p.has("uselist")) {
            r = r.uselist(p.get("uselist").asBoolean());
        }
        if (p.has("remote_side")) {
            List<Column<?>> remote = new ArrayList<>();
            p.get("remote_side").forEach(c -> remote.add(((Table) tree.table(c.get(0).asText())).c(c.get(1).asText())));
            r = r.remoteSide(remote.toArray(new Column<?>[0]));
        }
        return declaredJoin(r, p);
    }

    /** {"primaryjoin"?, "secondaryjoin"?: expression, "foreign_keys"?: [[table, column]...], "viewonly"?}: Relationship.primaryJoin, ... */
    @SuppressWarnings("unchecked")
    private Relationship<?> declaredJoin(Relationship<?> r, JsonNode p) {
        if (p.has("primaryjoin")) {
            r = r.primaryJoin((ColumnElement<Boolean>) tree.node(p.get("primaryjoin")));
        }
        if (p.has("secondaryjoin")) {
            r = r.secondaryJoin((ColumnElement<Boolean>) tree.node(p.get("secondaryjoin")));
        }
        if (p.has("foreign_keys")) {
            List<Column<?>> fks = new ArrayList<>();
            p.get("foreign_keys").forEach(c -> fks.add(((Table) tree.table(c.get(0).asText())).c(c.get(1).asText())));
            r = r.foreignKeys(fks.toArray(new Column<?>[0]));
        }
        return p.path("viewonly").asBoolean() ? r.viewOnly() : r;
    }

    /**
     * A class per mapped class: public, with a no-argument constructor, its superclass's
     * subclass, and a field for each relationship (typed Object: a list or an instance; a
     * {@code DynamicCollection} or {@code WriteOnlyCollection} for {@code "lazy": "dynamic" | "write_only"}).
     */
    private static Map<String, Class<?>> compile(JsonNode mapping) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (JsonNode m : mapping) {
            String name = m.get("class").asText();
            StringBuilder src = new StringBuilder("package retortsuite;\npublic class ").append(name);
            if (m.has("inherits")) {
                src.append(" extends ").append(m.get("inherits").asText());
            }
            src.append(" {\n");
            m.get("properties").fields().forEachRemaining(e -> {
                if (e.getValue().path(0).asText().equals("composite")) {
                    // a composite's value class, Class$key: a public field per column, in order
                    String value = name + "$" + e.getKey();
                    StringBuilder v = new StringBuilder("package retortsuite;\npublic class ").append(value).append(" {\n");
                    for (int i = 0; i < e.getValue().get(1).size(); i++) {
                        v.append("    public java.lang.Object c").append(i).append(";\n");
                    }
                    sources.put(value, v.append("}\n").toString());
                    src.append("    public ").append(value).append(' ').append(e.getKey()).append(";\n");
                } else if (!e.getValue().isArray()) {
                    if (!SourceVersion.isIdentifier(e.getKey()) || SourceVersion.isKeyword(e.getKey())) {
                        throw new IllegalArgumentException("relationship " + e.getKey() + " is no Java field name");
                    }
                    // lazy="dynamic" / "write_only": the field's type is what makes the relationship so
                    String lazy = e.getValue().path("lazy").asText();
                    String type = lazy.equals("dynamic") ? "dev.retort.orm.DynamicCollection"
                            : lazy.equals("write_only") ? "dev.retort.orm.WriteOnlyCollection" : "java.lang.Object";
                    src.append("    public ").append(type).append(' ').append(e.getKey()).append(";\n");
                }
            });
            // the columns a compared instance holds (["orm_compare", ...]): a transient instance keeps no other values
            m.path("fields").forEach(f -> src.append("    public java.lang.Object ").append(f.asText()).append(";\n"));
            sources.put(name, src.append("}\n").toString());
        }
        if (sources.isEmpty()) {
            return Map.of();  // a session.query() of tables only
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        JavaFileManager files = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        out.put(className, b);
                        return b;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, src) -> units.add(new SimpleJavaFileObject(URI.create("string:///retortsuite/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return src;
            }
        }));
        if (!javac.getTask(null, files, diagnostics, List.of("--release", "17", "-proc:none"), null, units).call()) {
            throw new IllegalStateException("mapped classes did not compile: " + diagnostics.getDiagnostics());
        }
        ClassLoader loader = new ClassLoader(SqlalchemyOrmSuiteBuilder.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream b = out.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = b.toByteArray();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Map<String, Class<?>> classes = new HashMap<>();
        for (String name : sources.keySet()) {
            try {
                classes.put(name, loader.loadClass("retortsuite." + name));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    // ---- nodes ----------------------------------------------------------------------------------

    private Object build(JsonNode n) {
        switch (n.get(0).asText()) {
            case "orm_entity": return Registry.mapperFor(classes.get(n.get(1).asText()));
            case "orm_alias": return alias(n);
            case "orm_alias_table": return ((AliasedEntity<?>) build(n.get(1))).alias();
            case "orm_wpoly": return withPolymorphic(n);
            case "orm_wpoly_of": return ((AliasedEntity<?>) build(n.get(1))).of(classes.get(n.get(2).asText()));
            case "orm_attr": return attr(n);
            case "orm_remote": return ORM.remote((Column<?>) tree.node(n.get(1)));
            case "orm_of_type": return ofType(n);
            case "orm_select": return select(n.get(1));
            case "orm_compare": return instanceComparison(n);
            case "orm_composite_compare": return compositeComparison(n);
            case "orm_bundle": return ORM.bundle(n.get(1).asText(), bundleColumns(n.get(2)));
            case "orm_exists": return relationshipExists(n);
            case "orm_query_exists": return query(n.get(1).get(1)).exists();
            case "orm_with_parent": return n.get(3).isNull()
                    ? ORM.withParent(instance(n.get(2)), (QueryableAttribute<?>) tree.node(n.get(1)))
                    : ORM.withParent(instance(n.get(2)), (QueryableAttribute<?>) tree.node(n.get(1)), (AliasedEntity<?>) build(n.get(3)));
            case "orm_join": return ORM.join(tree.node(n.get(1)), tree.node(n.get(2)),
                    n.get(3).isNull() ? null : (ClauseElement) tree.node(n.get(3)), n.get(4).asBoolean(), n.get(5).asBoolean());
            default: throw new IllegalArgumentException("Unknown suite node " + n.get(0));
        }
    }

    /**
     * ["orm_of_type", relationship attr, entity]: {@link QueryableAttribute#ofType} of the class or aliased entity
     * (built first: the attribute's and_() criteria may name the entity by its id).
     */
    private QueryableAttribute<?> ofType(JsonNode n) {
        Object entity = build(n.get(2));
        QueryableAttribute<?> attr = (QueryableAttribute<?>) tree.node(n.get(1));
        return entity instanceof AliasedEntity<?> a ? attr.ofType(a) : attr.ofType(((Mapper<?>) entity).mappedClass());
    }

    /**
     * ["orm_composite_compare", composite attr, "eq" | "ne" | "lt" | "gt" | "le" | "ge", [values] | null, class]: the
     * composite compared with a value object of its value class (class$key, fields c0...) holding those values.
     */
    private Object compositeComparison(JsonNode n) {
        QueryableAttribute<?> attr = (QueryableAttribute<?>) tree.node(n.get(1));
        Object value = null;
        if (!n.get(3).isNull()) {
            value = compositeValue(classes.get(n.get(4).asText() + "$" + attr.key()), n.get(3));
        }
        switch (n.get(2).asText()) {
            case "eq": return attr.eq(value);
            case "ne": return attr.ne(value);
            case "lt": return attr.lt(value);
            case "gt": return attr.gt(value);
            case "le": return attr.le(value);
            case "ge": return attr.ge(value);
            default: throw new IllegalArgumentException("Unknown composite comparison " + n.get(2));
        }
    }

    /** ["orm_bundle", name, [columns]]: {@link ORM#bundle}'s columns. */
    private dev.retort.sql.ColumnElement<?>[] bundleColumns(JsonNode cols) {
        dev.retort.sql.ColumnElement<?>[] out = new dev.retort.sql.ColumnElement<?>[cols.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (dev.retort.sql.ColumnElement<?>) tree.node(cols.get(i));
        }
        return out;
    }

    private static Object compositeValue(Class<?> type, JsonNode values) {
        try {
            Object v = type.getConstructor().newInstance();
            for (int i = 0; i < values.size(); i++) {
                type.getField("c" + i).set(v, CorpusTree.value(values.get(i)));
            }
            return v;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ["orm_compare", relationship attr, "eq" | "ne" | "contains", ["orm_instance", class, {key: value}]]: the
     * relationship compared with a transient instance of the class holding those column values (its fields).
     */
    private Object instanceComparison(JsonNode n) {
        QueryableAttribute<?> attr = (QueryableAttribute<?>) tree.node(n.get(1));
        Object instance = instance(n.get(3));
        switch (n.get(2).asText()) {
            case "eq": return attr.eq(instance);
            case "ne": return attr.ne(instance);
            case "contains": return attr.contains(instance);
            default: throw new IllegalArgumentException("Unknown instance comparison " + n.get(2));
        }
    }

    /** ["orm_exists", relationship attr, "has" | "any", criterion or null]: {@link QueryableAttribute#has} / {@code any}. */
    private Object relationshipExists(JsonNode n) {
        QueryableAttribute<?> attr = (QueryableAttribute<?>) tree.node(n.get(1));
        ColumnElement<?>[] criterion = n.get(3).isNull() ? new ColumnElement<?>[0] : new ColumnElement<?>[] {(ColumnElement<?>) tree.node(n.get(3))};
        return n.get(2).asText().equals("has") ? attr.has(criterion) : attr.any(criterion);
    }

    /** ["orm_instance", class, {key: value}]: a transient instance of the class holding those column values (its fields). */
    private Object instance(JsonNode n) {
        try {
            Class<?> type = classes.get(n.get(1).asText());
            Object instance = type.getConstructor().newInstance();
            for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> n.get(2).fields()) {
                type.getField(e.getKey()).set(instance, CorpusTree.value(e.getValue()));
            }
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private AliasedEntity<?> alias(JsonNode n) {
        String id = n.get(1).asText();
        if (n.size() == 2) {
            // a reference met before its definition (a LATERAL defined in "with" over the alias the statement selects)
            return aliases.containsKey(id) ? aliases.get(id) : (AliasedEntity<?>) build(definition(tree.root(), id));
        }
        if (aliases.containsKey(id)) {
            return aliases.get(id); // built where a reference came first
        }
        Class<?> type = classes.get(n.get(2).asText());
        AliasedEntity<?> a = n.size() > 4 ? ORM.aliased(type, (dev.retort.sql.FromClause) tree.node(n.get(4)))
                : n.get(3).isNull() ? ORM.aliased(type) : ORM.aliased(type, n.get(3).asText());
        aliases.put(id, a);
        return a;
    }

    /** The {@code ["orm_alias" | "orm_wpoly", id, ...]} node defining alias {@code id} in {@code n}, or null. */
    private static JsonNode definition(JsonNode n, String id) {
        if (n == null || !n.isContainerNode()) {
            return null;
        }
        if (n.isArray() && n.size() > 2 && n.get(0).isTextual() && (n.get(0).asText().equals("orm_alias") || n.get(0).asText().equals("orm_wpoly"))
                && n.get(1).asText().equals(id)) {
            return n;
        }
        for (JsonNode child : n) {
            JsonNode found = definition(child, id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** ["orm_wpoly", id, class, [classes], how]: ORM.withPolymorphic, how null, "flat", "aliased" or ["selectable", from]. */
    private AliasedEntity<?> withPolymorphic(JsonNode n) {
        if (aliases.containsKey(n.get(1).asText())) {
            return aliases.get(n.get(1).asText()); // built where a reference came first
        }
        Class<?> base = classes.get(n.get(2).asText());
        List<Class<?>> listed = classList(n.get(3));
        JsonNode how = n.get(4);
        AliasedEntity<?> a = how.isNull() ? ORM.withPolymorphic(base, listed)
                : how.isArray() ? ORM.withPolymorphic(base, listed, (dev.retort.sql.FromClause) tree.node(how.get(1)))
                : ORM.withPolymorphic(base, listed, how.asText().equals("flat") ? ORM.Aliasing.FLAT : ORM.Aliasing.ALIASED);
        aliases.put(n.get(1).asText(), a);
        return a;
    }

    private QueryableAttribute<?> attr(JsonNode n) {
        String key = n.get(2).asText();
        if (hybridScope != null && n.get(1).get(0).asText().equals("orm_entity") && n.get(1).get(1).asText().equals(hybridScope.owner())) {
            return hybridScope.attributes().attr(key);
        }
        Object entity = build(n.get(1));
        QueryableAttribute<?> attr = entity instanceof AliasedEntity<?> a ? a.attr(key) : ORM.attr(((Mapper<?>) entity).mappedClass(), key);
        return n.size() > 3 ? relationshipCriteria(attr, n.get(3)) : attr;
    }

    /** {@code ["orm_attr", entity, key, [criteria]]}: a relationship with its and_() criteria, {@link QueryableAttribute#and}. */
    private QueryableAttribute<?> relationshipCriteria(QueryableAttribute<?> attr, JsonNode criteria) {
        List<ColumnElement<?>> out = new ArrayList<>();
        criteria.forEach(c -> out.add((ColumnElement<?>) tree.node(c)));
        return attr.and(out.toArray(new ColumnElement<?>[0]));
    }

    private ClauseElement select(JsonNode spec) {
        Query<?> q = query(spec);
        if (spec.has("label_style")) {
            // the query's own style, which the subquery of a joined eager load takes too; inside another statement
            // (a subquery) a session.query()'s statement loads nothing eagerly either
            Query<?> styled = q.labelStyle(LabelStyle.valueOf(spec.get("label_style").asText()));
            return spec.path("statement").asBoolean() ? styled.innerStatement() : styled.statement();
        }
        return spec.path("statement").asBoolean() ? q.innerStatement() : q;
    }

    /** The spec's loader options and criteria ({@code options}), in order. */
    private Query<?> options(Query<?> q, JsonNode spec) {
        for (JsonNode o : spec.path("options")) {
            q = q.options("with_loader_criteria".equals(o.get(0).asText()) ? loaderCriteria(o) : option(o));
        }
        return q;
    }

    private Query<?> query(JsonNode spec) {
        // the entities first, as the converter wrote them (a shared node is defined where it first meets it)
        Object[] entities = nodes(spec.get("entities"));
        // a legacy Query set operation's query, whose entities the spec's (the first query's) replace
        Query<?> q = spec.has("set_op") ? setOperation(spec.get("set_op")) : null;
        // memoized: the entities and joins before a withEntities (with_only_columns after joins)
        for (JsonNode m : spec.path("memoized")) {
            q = options(joins(selecting(q, nodes(m.get("entities"))), m), m);
        }
        q = selecting(q, entities);
        if (spec.has("from_statement")) {
            return q.fromStatement((ClauseElement) tree.node(spec.get("from_statement")));
        }
        for (JsonNode f : spec.path("from")) {
            q = q.selectFrom(tree.node(f));
        }
        q = joins(q, spec);
        for (JsonNode w : spec.path("where")) {
            q = q.where((ClauseElement) tree.node(w));
        }
        q = grouping(q, spec);
        for (JsonNode o : spec.path("order_by")) {
            q = q.orderBy((ClauseElement) tree.node(o));
        }
        if (spec.has("limit")) {
            q = q.limit(spec.get("limit").intValue());
        }
        if (spec.has("offset")) {
            q = q.offset(spec.get("offset").intValue());
        }
        if (spec.has("fetch")) {
            q = q.fetch(tree.fetch(spec.get("fetch")));
        }
        if (spec.path("distinct").asBoolean()) {
            q = q.distinct();
        }
        q = statementText(q, spec);
        q = options(q, spec);
        if (spec.has("for_update")) {
            q = q.withForUpdate(lock(spec.get("for_update")));
        }
        return q;
    }

    /**
     * "prefixes" / "suffixes" ([[text, dialect or null], ...]) and "hints" ([[entity or FROM clause, or null for a
     * statement hint, text, dialect or null], ...]): Query.prefixWithDialect, suffixWithDialect, withHint, withStatementHint.
     */
    private Query<?> statementText(Query<?> query, JsonNode spec) {
        Query<?> q = query;
        for (JsonNode p : spec.path("prefixes")) {
            q = q.prefixWithDialect(p.get(1).isNull() ? null : p.get(1).asText(), tree.node(p.get(0)));
        }
        for (JsonNode p : spec.path("suffixes")) {
            q = q.suffixWithDialect(p.get(1).isNull() ? null : p.get(1).asText(), tree.node(p.get(0)));
        }
        for (JsonNode h : spec.path("hints")) {
            String dialect = h.get(2).isNull() ? null : h.get(2).asText();
            q = h.get(0).isNull() ? q.withStatementHint(h.get(1).asText(), dialect) : q.withHint(tree.node(h.get(0)), h.get(1).asText(), dialect);
        }
        return q;
    }

    /** {@code {"kind", "queries": [spec...]}}: the first query's {@link Query#union} (unionAll, ...) of the others. */
    private Query<?> setOperation(JsonNode op) {
        Query<?> first = query(op.get("queries").get(0));
        Query<?>[] others = new Query<?>[op.get("queries").size() - 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = query(op.get("queries").get(i + 1));
        }
        switch (op.get("kind").asText()) {
            case "union": return first.union(others);
            case "union_all": return first.unionAll(others);
            case "intersect": return first.intersect(others);
            case "intersect_all": return first.intersectAll(others);
            case "except": return first.except(others);
            case "except_all": return first.exceptAll(others);
            default: throw new IllegalArgumentException("Unknown set operation " + op.get("kind"));
        }
    }

    /** ORM.select of {@code entities}, or {@code q.withEntities} when there is a query already. */
    private static Query<?> selecting(Query<?> q, Object[] entities) {
        return q != null ? q.withEntities(entities) : ORM.select(entities[0], java.util.Arrays.copyOfRange(entities, 1, entities.length));
    }

    /** The spec's joins on {@code q}. */
    private Query<?> joins(Query<?> query, JsonNode spec) {
        Query<?> q = query;
        for (JsonNode j : spec.path("joins")) {
            Object target = tree.node(j.get(0));
            boolean outer = j.get(2).asBoolean();
            if (j.size() > 3) {
                q = joinFrom(q, tree.node(j.get(3)), target, j.get(1).isNull() ? null : (ClauseElement) tree.node(j.get(1)), outer);
            } else if (j.get(1).isNull()) {
                q = target instanceof QueryableAttribute<?> a
                        ? (outer ? q.outerJoin(a) : q.join(a))
                        : (outer ? q.outerJoin(target) : q.join(target));
            } else {
                ClauseElement on = (ClauseElement) tree.node(j.get(1));
                q = outer ? q.outerJoin(target, on) : q.join(target, on);
            }
        }
        return q;
    }

    /** A join whose left side is named: Query.joinFrom / outerJoinFrom. */
    private static Query<?> joinFrom(Query<?> q, Object left, Object target, ClauseElement on, boolean outer) {
        if (on == null) {
            return outer ? q.outerJoinFrom(left, target) : q.joinFrom(left, target);
        }
        return outer ? q.outerJoinFrom(left, target, on) : q.joinFrom(left, target, on);
    }

    /** group_by, having, distinct_on, correlate, correlate_except: Query.groupBy, having, distinctOn, correlate, correlateExcept. */
    private Query<?> grouping(Query<?> q, JsonNode spec) {
        Query<?> out = q;
        for (JsonNode g : spec.path("group_by")) {
            out = out.groupBy((ClauseElement) tree.node(g));
        }
        for (JsonNode h : spec.path("having")) {
            out = out.having((ClauseElement) tree.node(h));
        }
        for (JsonNode d : spec.path("distinct_on")) {
            out = out.distinctOn((ColumnElement<?>) tree.node(d));
        }
        if (spec.has("correlate")) {
            out = out.correlate(nodes(spec.get("correlate")));
        }
        if (spec.has("correlate_except")) {
            out = out.correlateExcept(nodes(spec.get("correlate_except")));
        }
        return out;
    }

    private Object[] nodes(JsonNode list) {
        List<Object> out = new ArrayList<>();
        list.forEach(x -> out.add(tree.node(x)));
        return out.toArray();
    }

    /** ["deferred", key, group, raiseload]: ORM.deferred(column), in a group, raising. */
    private static DeferredColumn deferred(Table table, JsonNode p) {
        DeferredColumn d = ORM.deferred(table.c(p.get(1).asText()));
        if (!p.get(2).isNull()) {
            d = d.group(p.get(2).asText());
        }
        return p.get(3).asBoolean() ? d.raiseload() : d;
    }

    /**
     * A loader option with column steps or flags: {@code [strategy, arg, flags?, [step]...]}, each step
     * {@code [strategy, arg, flags?]}; load_only's arg is a list of attributes, undefer_group's a name.
     */
    private LoaderOption columnOption(JsonNode o) {
        List<JsonNode> steps = new ArrayList<>();
        steps.add(o);
        for (int k = 2; k < o.size(); k++) {
            if (o.get(k).isArray()) {
                steps.add(o.get(k));
            }
        }
        LoaderOption option = null;
        for (JsonNode step : steps) {
            option = columnStep(option, step, step.size() > 2 && step.get(2).isObject() ? step.get(2) : null);
        }
        return option;
    }

    private LoaderOption columnStep(LoaderOption before, JsonNode step, JsonNode flags) {
        boolean raise = flags != null && flags.path("raiseload").asBoolean();
        LoaderOption out;
        switch (step.get(0).asText()) {
            case "defer" -> {
                if (step.get(1).isNull()) {
                    out = ORM.deferAll(raise);  // ["defer", null]: defer('*')
                    break;
                }
                QueryableAttribute<?> a = (QueryableAttribute<?>) tree.node(step.get(1));
                out = before == null ? ORM.defer(a, raise) : before.defer(a, raise);
            }
            case "undefer" -> {
                if (step.get(1).isNull()) {
                    out = ORM.undeferAll();  // ["undefer", null]: undefer('*')
                    break;
                }
                QueryableAttribute<?> a = (QueryableAttribute<?>) tree.node(step.get(1));
                out = before == null ? ORM.undefer(a) : before.undefer(a);
            }
            case "with_expression" -> {
                QueryableAttribute<?> a = (QueryableAttribute<?>) tree.node(step.get(1));
                ColumnElement<?> e = (ColumnElement<?>) tree.node(flags.get("expression"));
                out = before == null ? ORM.withExpression(a, e) : before.withExpression(a, e);
            }
            case "wildcard" -> out = wildcard(before, step.get(1).asText(), flags == null ? null : flags.get("entity"), raise);
            case "undefer_group" -> out = before == null ? ORM.undeferGroup(step.get(1).asText()) : before.undeferGroup(step.get(1).asText());
            case "load_only" -> {
                List<QueryableAttribute<?>> attrs = new ArrayList<>();
                step.get(1).forEach(x -> attrs.add((QueryableAttribute<?>) tree.node(x)));
                QueryableAttribute<?>[] arr = attrs.toArray(new QueryableAttribute<?>[0]);
                out = before == null ? (raise ? ORM.loadOnlyRaising(arr) : ORM.loadOnly(arr)) : raise ? before.loadOnlyRaising(arr) : before.loadOnly(arr);
            }
            default -> {
                JsonNode plain = JsonNodeFactory.instance.arrayNode().add(step.get(0)).add(step.get(1));
                out = before == null ? option(plain) : chained(before, plain);
            }
        }
        JsonNode inner = flags == null ? null : flags.get("inner");
        if (inner == null) {
            return out;
        }
        return "unnested".equals(inner.asText()) ? out.unnestedInnerJoin() : inner.asBoolean() ? out.innerJoin() : out.outerJoin();
    }

    /**
     * {@code ["wildcard", strategy, {"entity"?, "raiseload"?}]}: a wildcard ('*') of the strategy, bound to the entity
     * ({@link ORM#load}), ending the path {@code before}, or on its own for every level ({@link ORM#lazyLoadAll} ...).
     */
    private LoaderOption wildcard(LoaderOption before, String strategy, JsonNode entityNode, boolean raise) {
        // the same method name on each receiver: ORM (static), ORM.load(entity), or the path it ends
        String method = switch (strategy) {
            case "defer" -> "deferAll";
            case "undefer" -> "undeferAll";
            case "joinedload" -> "joinedLoadAll";
            case "selectinload" -> "selectinLoadAll";
            case "lazyload" -> "lazyLoadAll";
            case "raiseload" -> "raiseLoadAll";
            case "noload" -> "noLoadAll";
            default -> throw new IllegalArgumentException("Unknown wildcard " + strategy);
        };
        Object receiver = before;
        if (before == null && entityNode != null) {
            Object entity = build(entityNode);
            receiver = entity instanceof AliasedEntity<?> a ? ORM.load(a) : ORM.load(((Mapper<?>) entity).mappedClass());
        }
        Class<?> type = receiver == null ? ORM.class : receiver.getClass();
        boolean defer = strategy.equals("defer");
        try {
            java.lang.reflect.Method m = type.getMethod(method, defer ? new Class<?>[] {boolean.class} : new Class<?>[0]);
            return (LoaderOption) (defer ? m.invoke(receiver, raise) : m.invoke(receiver));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code ["with_loader_criteria", entity, criterion, include_aliases, propagate_to_loaders]}:
     * {@link ORM#withLoaderCriteria}, for a class or for one aliased entity.
     */
    @SuppressWarnings("unchecked")
    private LoaderCriteria loaderCriteria(JsonNode o) {
        Object entity = build(o.get(1));
        ColumnElement<Boolean> criterion = (ColumnElement<Boolean>) tree.node(o.get(2));
        LoaderCriteria c = entity instanceof AliasedEntity<?> a ? ORM.withLoaderCriteria(a, criterion)
                : ORM.withLoaderCriteria(((Mapper<?>) entity).mappedClass(), criterion, o.get(3).asBoolean());
        return o.get(4).asBoolean() ? c : c.propagateToLoaders(false);
    }

    /** {@code [strategy, attr, [strategy, attr]...]}: an option and the steps chained after it. */
    private LoaderOption option(JsonNode o) {
        if (isColumnOption(o)) {
            return columnOption(o);
        }
        QueryableAttribute<?> a = (QueryableAttribute<?>) tree.node(o.get(1));
        LoaderOption option;
        switch (o.get(0).asText()) {
            case "joinedload": option = ORM.joinedLoad(a); break;
            case "selectinload": option = ORM.selectinLoad(a); break;
            case "lazyload": option = ORM.lazyLoad(a); break;
            case "raiseload": option = ORM.raiseLoad(a); break;
            case "noload": option = ORM.noLoad(a); break;
            case "defaultload": option = ORM.defaultLoad(a); break;
            case "containseager": option = ORM.containsEager(a); break;
            default: throw new IllegalArgumentException("Unknown loader option " + o.get(0));
        }
        for (int i = 2; i < o.size(); i++) {
            option = chained(option, o.get(i));
        }
        return option;
    }

    /** Whether an option (or a step of it) is one of the column steps or has flags. */
    private static boolean isColumnOption(JsonNode o) {
        for (int k = 0; k < o.size(); k++) {
            JsonNode x = o.get(k);
            if (x.isObject() || x.isTextual() && List.of("defer", "undefer", "undefer_group", "load_only", "wildcard", "with_expression").contains(x.asText())
                    || x.isArray() && x.size() > 0 && x.get(0).isTextual() && isColumnOption(x) && k > 1) {
                return true;
            }
        }
        return false;
    }

    private LoaderOption chained(LoaderOption option, JsonNode step) {
        QueryableAttribute<?> a = (QueryableAttribute<?>) tree.node(step.get(1));
        switch (step.get(0).asText()) {
            case "joinedload": return option.joinedLoad(a);
            case "selectinload": return option.selectinLoad(a);
            case "lazyload": return option.lazyLoad(a);
            case "raiseload": return option.raiseLoad(a);
            case "noload": return option.noLoad(a);
            case "defaultload": return option.defaultLoad(a);
            case "containseager": return option.containsEager(a);
            default: throw new IllegalArgumentException("Unknown loader option " + step.get(0));
        }
    }

    private ForUpdate lock(JsonNode fu) {
        ForUpdate lock = fu.get("read").asBoolean() ? ForUpdate.share() : ForUpdate.update();
        if (fu.get("of").size() > 0) {
            List<Object> of = new ArrayList<>();
            fu.get("of").forEach(x -> of.add(tree.node(x)));
            lock = lock.of(of.toArray());
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
        return lock;
    }
}
