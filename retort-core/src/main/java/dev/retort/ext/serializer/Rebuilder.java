package dev.retort.ext.serializer;

import dev.retort.engine.Engine;
import dev.retort.exc.RetortException;
import dev.retort.exc.SerializationException;
import dev.retort.exc.UnresolvedReferenceException;
import dev.retort.orm.Mapper;
import dev.retort.orm.OrmNodes;
import dev.retort.orm.Registry;
import dev.retort.orm.ScopedSession;
import dev.retort.orm.Session;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Attr;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.SQL;
import dev.retort.sql.TableClause;
import dev.retort.sql.Traversal;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.NamedType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The meaning of what a reader parsed, shared by both formats: schema references re-bound to the
 * loading side's {@link MetaData} (mapped classes to its registries, sessions and engines to those
 * given), nodes built through their kind's declaration, types and
 * values made from their tags. Only kinds, enum families and codecs that Retort declares or
 * the application registered can come out; nothing in the input names a class.
 */
class Rebuilder {
    private final MetaData metadata;
    private final ScopedSession scopedSession;
    private final Engine engine;
    private final SerializerLimits limits;
    private final boolean allowRawSql;
    private long nodes;
    private long chars;
    /** The attribute being read, for naming it when a limit is exceeded inside it. */
    private Place place;

    /** A rebuilder re-binding tables and columns to {@code metadata} (null: none), nothing of the ORM. */
    Rebuilder(MetaData metadata, SerializerLimits limits) {
        this(metadata, null, null, LoadOptions.DEFAULTS.limits(limits));
    }

    /**
     * A rebuilder re-binding tables and columns to {@code metadata}, mapped classes to its
     * registries, sessions to {@code scopedSession}'s current one and engines to {@code engine}
     * (or the scoped session's); any of them may be null.
     */
    private final LoadOptions options;

    Rebuilder(MetaData metadata, ScopedSession scopedSession, Engine engine, LoadOptions options) {
        this.metadata = metadata;
        this.scopedSession = scopedSession;
        this.engine = engine;
        this.limits = options.limits();
        this.allowRawSql = options.allowsRawSql();
        this.options = options;
        // The ORM's node kinds register when their classes load, which a loading program may not have done yet.
        OrmNodes.ensureLoaded();
    }

    static SerializationException error(long offset, String message) {
        return new SerializationException("Malformed serialized query at byte " + offset + ": " + message);
    }

    /**
     * Counts a node, or a reference to a table, column, entity, session or engine: a loaded
     * reference is compiled, compared and keyed like a node, however few bytes it took.
     */
    void countNode(long offset) {
        count(1, 0, offset);
    }

    /** Counts a string read (written out or by reference): it costs its length wherever it occurs. */
    String countChars(String s, long offset) {
        count(0, s.length(), offset);
        return s;
    }

    /** What the tree read so far costs, to be {@link #since taken away} from a later mark. */
    long[] mark() {
        return new long[] {nodes, chars};
    }

    /** The cost of what was read after {@code mark}: one shared node's subtree, paid again at each reference. */
    long[] since(long[] mark) {
        return new long[] {nodes - mark[0], chars - mark[1]};
    }

    /** Counts another occurrence of a shared node or type, as much as its first. */
    void repeat(long[] cost, long offset) {
        count(cost[0], cost[1], offset);
    }

    private void count(long moreNodes, long moreChars, long offset) {
        nodes += moreNodes;
        chars += moreChars;
        if (nodes > limits.maxNodes()) {
            throw error(offset, "more than " + limits.maxNodes() + " nodes, counting each reference to a shared node as a copy"
                    + " and each reference to a table, column or entity as a node (SerializerLimits.maxNodes)" + where());
        }
        if (chars > limits.maxChars()) {
            throw error(offset, "more than " + limits.maxChars() + " characters of text, counting each reference to a shared node as a copy"
                    + " (SerializerLimits.maxChars)" + where());
        }
    }

    /** An attribute of a node kind, by name or (in the binary format, which writes them in order) by position. */
    record Place(String kind, String name, int position) {
        String attribute() {
            if (name != null) {
                return name;
            }
            Traversal<?> t = Traversal.forKind(kind);
            return t != null && position < t.attrs().size() ? t.attrs().get(position).name() : "#" + position;
        }
    }

    /** Marks the start of reading attribute {@code name} (or the one at {@code position}) of a {@code kind} node; returns the place to {@link #leave} back to. */
    Place enter(String kind, String name, int position) {
        Place outer = place;
        place = new Place(kind, name, position);
        return outer;
    }

    void leave(Place outer) {
        place = outer;
    }

    /**
     * Refuses, at its first byte, a list as the value of the attribute being read ({@link #enter}) when that attribute
     * holds one SQL element, a count or a flag: read whole, 50,000 column references were 50,000 nodes resolved (a
     * quarter of a second) before {@link #node} refused them. The figure of nodes read says how early.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void refuseListHere(long offset) {
        Traversal t = Traversal.forKind(place.kind());
        List<Attr> attrs = t == null ? List.of() : t.attrs();
        int slot = place.name() != null ? indexOf(attrs, place.name()) : place.position();
        if (slot < 0 || slot >= attrs.size()) {
            return;   // an unknown kind or attribute, refused as such when its node is built
        }
        Attr<?> a = attrs.get(slot);
        if (a.kind() == Attr.Kind.CLAUSE || a.isFlag()) {
            throw error(offset, "attribute '" + a.name() + "' of '" + place.kind() + "' must be "
                    + (a.isCount() ? "an integer" : a.isFlag() ? "a boolean" : "a SQL element") + ", not a list (refused at its start, "
                    + nodes + " nodes read)");
        }
    }

    private String where() {
        return place == null ? "" : ", in attribute '" + place.attribute() + "' of a '" + place.kind() + "' node";
    }

    Table table(String key, long offset) {
        if (metadata == null) {
            throw new UnresolvedReferenceException("The serialized query refers to table '" + shortened(key) + "' but no MetaData was given to loads()");
        }
        Table t = metadata.tables().get(key);
        if (t == null) {
            throw new UnresolvedReferenceException("The serialized query refers to table '" + shortened(key) + "', which the MetaData does not have; it has: "
                    + (metadata.tables().isEmpty() ? "no tables" : String.join(", ", metadata.tables().keySet())));
        }
        return t;
    }

    Column<?> column(String tableKey, String columnKey, long offset) {
        Table t = table(tableKey, offset);
        for (Column<?> c : t.columns()) {
            if (c.key().equals(columnKey)) {
                return c;
            }
        }
        List<String> keys = new ArrayList<>();
        t.columns().forEach(c -> keys.add(c.key()));
        throw new UnresolvedReferenceException("The serialized query refers to column '" + shortened(columnKey) + "' of table '" + tableKey
                + "', which has no such column; it has: " + String.join(", ", keys));
    }

    /** The mapper of an entity name, from the registries of the metadata (or every live registry without one). */
    Mapper<?> entity(String entityName, long offset) {
        return Registry.resolveEntity(metadata, entityName);
    }

    /**
     * The session a serialized session reference stands for: the scoped session's current one,
     * or null without a scoped session (the query loads unbound, to be given one with
     * {@code withSession}).
     */
    Session session() {
        return scopedSession == null ? null : scopedSession.get();
    }

    /** The engine a serialized engine reference stands for: the one given, else the scoped session's. */
    Engine engine(long offset) {
        Engine e = engineOrNull(engine, scopedSession);
        if (e == null) {
            throw new UnresolvedReferenceException("The serialized data refers to an engine but neither an engine nor a scoped session was given to loads()");
        }
        return e;
    }

    /** {@code engine}, or the engine of {@code scopedSession}'s sessions, or null. */
    static Engine engineOrNull(Engine engine, ScopedSession scopedSession) {
        return engine != null ? engine : scopedSession == null ? null : scopedSession.factory().engine();
    }

    /**
     * How many attributes the kind declared in format minor version {@code minor} (a node written
     * without its count has exactly those): attributes appended later are not in the document.
     */
    int declaredArity(String kind, int minor, long offset) {
        Traversal<?> t = declared(kind, offset);
        int n = 0;
        for (var a : t.attrs()) {
            n += a.since() <= minor ? 1 : 0;
        }
        return n;
    }

    /** The declaration of a node kind a document may hold: known, not an identity kind, and a custom one only when allowed. */
    private Traversal<?> declared(String kind, long offset) {
        if (kind.startsWith(dev.retort.sql.CustomElement.KIND_PREFIX) && !options.allowsCustomKind(kind)) {
            throw error(offset, "node kind '" + kind + "' is the application's own construct, which these LoadOptions do not allow"
                    + " (LoadOptions.allowCustom(...))");
        }
        Traversal<?> t = Traversal.forKind(kind);
        if (t == null || t.isIdentity()) {
            throw error(offset, "unknown node kind '" + shortened(kind) + "'");
        }
        return t;
    }

    /** Builds a node from attribute values given by position ({@code names == null}) or by name. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    ClauseElement node(String kind, List<String> names, List<Object> values, long offset) {
        Traversal t = declared(kind, offset);
        List<Attr> attrs = t.attrs();
        Object[] args = new Object[attrs.size()];
        for (int i = 0; i < values.size(); i++) {
            int slot = names == null ? i : indexOf(attrs, names.get(i));
            if (slot < 0) {
                // a misspelt name would otherwise leave its attribute empty and fail only when compiled
                throw error(offset, "node '" + kind + "' has no attribute '" + shortened(names.get(i)) + "'");
            }
            if (slot < args.length) {
                args[slot] = values.get(i);
            }
        }
        for (int i = 0; i < args.length; i++) {
            args[i] = checked(kind, attrs.get(i), args[i], offset);
        }
        try {
            ClauseElement e = t.build(args);
            if (e == null) {
                throw error(offset, "node '" + kind + "' could not be built from its attributes");
            }
            String raw = Traversal.rawSql(e);
            if (raw != null) {
                refuseRawSql(raw, offset);
            }
            return e;
        } catch (SerializationException e) {
            throw e;
        } catch (RetortException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException | NullPointerException
                | ArithmeticException | UnsupportedOperationException | IllegalStateException e) {
            throw error(offset, "node '" + kind + "' has invalid attributes (" + e.getClass().getSimpleName() + ": " + bounded(e.getMessage()) + ")");
        }
    }

    private static String describe(Object v) {
        return v instanceof String str ? "the string '" + shortened(str) + "'" : "a " + v.getClass().getSimpleName() + " (" + shortened(String.valueOf(v)) + ")";
    }

    private static int indexOf(List<Attr> attrs, String name) {
        for (int i = 0; i < attrs.size(); i++) {
            if (attrs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Object checked(String kind, Attr<?> attr, Object v, long offset) {
        switch (attr.kind()) {
            case CLAUSE:
                if (attr.isCount()) {
                    if (v != null && !(v instanceof Integer)) {
                        throw error(offset, "attribute '" + attr.name() + "' of '" + kind + "' must be an integer, not " + describe(v));
                    }
                    return v;
                }
                if (v == null && attr.isRequired()) {
                    throw error(offset, "node '" + kind + "' lacks its attribute '" + attr.name() + "'");
                }
                if (v != null && !(v instanceof ClauseElement)) {
                    throw error(offset, "attribute '" + attr.name() + "' of '" + kind + "' must be a SQL element");
                }
                return v;
            case CLAUSE_LIST: {
                if (v == null && attr.since() > 0) {
                    // appended in a later version (select.distinctOn, 1.8): a document before it has none
                    return List.of();
                }
                if (!(v instanceof List<?> l)) {
                    throw error(offset, "attribute '" + attr.name() + "' of '" + kind + "' must be a list of SQL elements");
                }
                for (Object o : l) {
                    if (!(o instanceof ClauseElement)) {
                        throw error(offset, "attribute '" + attr.name() + "' of '" + kind + "' must hold only SQL elements");
                    }
                }
                return Collections.unmodifiableList(l);
            }
            default:
                if (attr.isFlag()) {
                    // A kind reads a flag as Boolean.TRUE.equals(v): "yes" or 1 would silently read as false.
                    if (v == null && !attr.mayOmitFlag()) {
                        throw error(offset, "node '" + kind + "' lacks its boolean attribute '" + attr.name() + "'");
                    }
                    if (v != null && !(v instanceof Boolean)) {
                        throw error(offset, "attribute '" + attr.name() + "' of '" + kind + "' must be a boolean (true or false), not " + describe(v));
                    }
                }
                return v;
        }
    }

    /** Raises the policy's refusal when {@link LoadOptions#allowsRawSql()} is off. */
    void refuseRawSql(String what, long offset) {
        if (!allowRawSql) {
            throw error(offset, what + " is raw SQL, which these LoadOptions refuse (LoadOptions.allowRawSql(false))");
        }
    }

    TableClause lightTable(String name, String schema, List<String> columnNames, List<Boolean> literal, List<TypeEngine<?>> types, long offset) {
        for (int i = 0; i < columnNames.size(); i++) {
            if (literal.get(i)) {
                refuseRawSql("literal column '" + columnNames.get(i) + "' of lightweight table '" + name + "'", offset);
            }
        }
        ColumnClause<?>[] cols = new ColumnClause<?>[columnNames.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = freeColumn(columnNames.get(i), literal.get(i), types.get(i));
        }
        return TableClause.of(name, schema, cols);
    }

    ColumnClause<?> lightColumn(Object table, String name, boolean literal, TypeEngine<?> type, long offset) {
        if (literal) {
            refuseRawSql("literal column '" + name + "'", offset);
        }
        if (table == null) {
            try {
                return freeColumn(name, literal, type);
            } catch (dev.retort.exc.ArgumentException e) {
                // An empty name (found by the fuzz test).
                throw error(offset, e.getMessage());
            }
        }
        if (!(table instanceof TableClause t) || table instanceof Table) {
            throw error(offset, "a lightweight column's table must be a lightweight table");
        }
        for (ColumnClause<?> c : t.columns()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw error(offset, "lightweight table '" + t.name() + "' has no column '" + name + "'");
    }

    private static ColumnClause<?> freeColumn(String name, boolean literal, TypeEngine<?> type) {
        return literal ? SQL.literalColumn(name, type) : SQL.column(name, type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeEngine<?> sqlType(String kind, Integer length, Integer precision, Integer scale, Map<String, TypeEngine<?>> variants, long offset) {
        TypeKind k;
        try {
            k = TypeKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw error(offset, "unknown type '" + shortened(kind) + "'");
        }
        try {
            TypeEngine t;
            if (length != null && k == TypeKind.STRING) {
                t = Types.string(length);
            } else if (length != null && k == TypeKind.BINARY && precision == null && scale == null) {
                t = Types.largeBinary(length);   // format 1.18
            } else if (precision != null && scale != null && k == TypeKind.NUMERIC) {
                t = Types.numeric(precision, scale);
            } else if (precision != null && length == null && scale == null && withPrecision(k, precision) != null) {
                t = withPrecision(k, precision);
            } else if (length != null || precision != null || scale != null) {
                throw error(offset, "type " + kind + " takes no such arguments");
            } else {
                t = Types.forKind(k);
            }
            for (Map.Entry<String, TypeEngine<?>> v : variants.entrySet()) {
                t = t.withVariant(v.getValue(), v.getKey());
            }
            return t;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(offset, "invalid type " + kind + ": " + e.getMessage());
        }
    }

    /** Format 1.16: {@code Types.withPrecision(k, precision)} for a float, time or timestamp; null for another kind. */
    static TypeEngine<?> withPrecision(TypeKind k, int precision) {
        boolean precise = k == TypeKind.FLOAT || k == TypeKind.TIME || k == TypeKind.TIMETZ || k == TypeKind.DATETIME || k == TypeKind.TIMESTAMP;
        return precise ? Types.withPrecision(k, precision) : null;
    }

    /** How a type nested in a built-in codec's payload (an array's element, a domain's base) begins. */
    private static final String NESTED_TYPE = RichTypeCodecs.fields(List.of("codec"));
    /** The deepest nesting of types in one payload: array of domain of enum is three. */
    static final int MAX_TYPE_NESTING = 32;

    TypeEngine<?> codecType(String name, String payload, long offset) {
        TypeCodec<?> c = Codecs.typeCodec(name);
        if (c == null) {
            throw error(offset, "no TypeCodec named '" + shortened(name) + "' is registered");
        }
        if (c.fromMetaData()) {
            return columnType(c, payload);
        }
        int nesting = 0;
        int maxNesting = Math.min(limits.maxDepth(), MAX_TYPE_NESTING);
        for (int i = payload.indexOf(NESTED_TYPE); i >= 0; i = payload.indexOf(NESTED_TYPE, i + 1)) {
            // Each level decodes recursively and copies the rest of the payload: checked before decoding.
            if (++nesting > maxNesting) {
                throw error(offset, "TypeCodec '" + name + "' nests types more than " + maxNesting + " deep in one payload"
                        + " (SerializerLimits.maxDepth, at most " + MAX_TYPE_NESTING + " for types)");
            }
        }
        TypeEngine<?> t;
        try {
            t = c.decode(payload);
        } catch (RuntimeException e) {
            throw error(offset, "TypeCodec '" + name + "' could not read '" + shortened(payload) + "': " + e.getMessage());
        }
        refuseRawTypeName(t, offset);
        return t;
    }

    /** The type of {@code c}'s class on a column of the metadata whose encoding is {@code payload} ({@link TypeCodec#fromMetaData}). */
    private TypeEngine<?> columnType(TypeCodec<?> c, String payload) {
        String what = "the type '" + shortened(payload) + "' of TypeCodec '" + c.name() + "'";
        if (metadata == null) {
            throw new UnresolvedReferenceException("The serialized query has " + what + ", which comes from a column of the MetaData given to loads(), but none was given");
        }
        for (Table t : metadata.tables().values()) {
            for (Column<?> col : t.columns()) {
                if (c.type().isInstance(col.type()) && c.encode(col.type()).equals(payload)) {
                    return col.type();
                }
            }
        }
        throw new UnresolvedReferenceException("The serialized query has " + what + ", which no column of the MetaData given to loads() has");
    }

    /**
     * A named type's name is written as it is (in a CAST): raw SQL unless it is only a type's
     * name. So are a domain's default (unless only a literal), CHECK and constraints, in its
     * CREATE DOMAIN.
     */
    private void refuseRawTypeName(TypeEngine<?> t, long offset) {
        for (int depth = 0; depth < limits.maxDepth() && t != null; depth++) {
            if (t instanceof NamedType<?> n && !n.isPlainName()) {
                refuseRawSql("the named type '" + shortened(n.name()) + "', not only a type's name,", offset);
            }
            if (t instanceof DomainType<?> d) {
                String what = d.defaultSql() != null && !LITERAL.matcher(d.defaultSql()).matches() ? "default '" + shortened(d.defaultSql()) + "'"
                        : d.check() != null ? "CHECK '" + shortened(d.check()) + "'"
                        : d.constraints() != null ? "constraints '" + shortened(d.constraints()) + "'" : null;
                if (what != null) {
                    refuseRawSql("the " + what + " of domain '" + shortened(d.name()) + "'", offset);
                }
            }
            t = t instanceof ArrayType<?> a ? a.elementType() : t instanceof DomainType<?> d ? d.baseType() : null;
        }
    }

    /**
     * A domain default that is only a literal, as {@code DomainType.defaultValue} writes a String,
     * number or boolean: a backslash only in {@code E'...'}, doubled, since a plain literal holding
     * one ends elsewhere where standard_conforming_strings is off.
     */
    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile(
            "'(?:[^'\\\\]|'')*+'|E'(?:[^'\\\\]|''|\\\\\\\\)*+'|-?[0-9]++(?:\\.[0-9]++)?+(?:E[-+]?[0-9]++)?+|true|false", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Text quoted in a message, cut to a readable length. */
    /**
     * A constructor's message, which may quote a loaded string (a megabyte key named in full), cut
     * to a length a log takes.
     */
    private static String bounded(String message) {
        return message == null || message.length() <= 1_000 ? message : message.substring(0, 1_000) + "... (" + message.length() + " characters)";
    }

    private static String shortened(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    Object enumValue(String family, String name, long offset) {
        Object c = EnumFamilies.constant(family, name);
        if (c == null) {
            throw error(offset, "unknown constant " + shortened(family) + "." + shortened(name));
        }
        return c;
    }

    Object codecValue(String name, String payload, long offset) {
        ValueCodec<?> c = Codecs.valueCodec(name);
        if (c == null) {
            throw error(offset, "no ValueCodec named '" + shortened(name) + "' is registered");
        }
        for (String number : RichTypeCodecs.numbersOf(name, payload)) {
            // Digits cost what a DECIMAL scalar's do: checked, and parsed once here, before the codec parses them.
            scalar(ScalarTag.DECIMAL, number, offset);
        }
        try {
            return c.decode(payload);
        } catch (RuntimeException e) {
            throw error(offset, "ValueCodec '" + name + "' could not read '" + shortened(payload) + "': " + e.getMessage());
        }
    }

    Object scalar(ScalarTag tag, String text, long offset) {
        if ((tag == ScalarTag.DECIMAL || tag == ScalarTag.BIG_INTEGER) && text.length() > limits.maxDigits()) {
            // Checked before parsing: BigInteger's parse takes time quadratic in the digits.
            throw error(offset, "a " + tag.json + " of " + text.length() + " characters exceeds the limit of " + limits.maxDigits()
                    + " (SerializerLimits.maxDigits)");
        }
        if (tag == ScalarTag.DECIMAL) {
            BigDecimal d = parseDecimal(text, offset);
            // 1e999999999 is short but a billion digits when rendered; the scale bounds that.
            if (Math.abs((long) d.scale()) > limits.maxDigits()) {
                throw error(offset, "the decimal '" + shortened(text) + "' has an exponent beyond the limit of " + limits.maxDigits()
                        + " digits (SerializerLimits.maxDigits)");
            }
            return d;
        }
        try {
            switch (tag) {
                case BIG_INTEGER: return new BigInteger(text);
                case DATE: return LocalDate.parse(text);
                case TIME: return LocalTime.parse(text);
                case DATETIME: return LocalDateTime.parse(text);
                case OFFSET_DATETIME: return OffsetDateTime.parse(text);
                case DURATION: return java.time.Duration.parse(text);
                default: return Instant.parse(text);
            }
        } catch (RuntimeException e) {
            throw error(offset, "invalid " + tag.json + " '" + shortened(text) + "'");
        }
    }

    private static BigDecimal parseDecimal(String text, long offset) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw error(offset, "invalid decimal '" + shortened(text) + "'");
        }
    }

    int maxDepth() {
        return limits.maxDepth();
    }
}
