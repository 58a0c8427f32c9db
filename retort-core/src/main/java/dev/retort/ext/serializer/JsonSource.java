package dev.retort.ext.serializer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.retort.exc.SerializationException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.TypeEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the JSON format. Each object is read whole (its fields in any order) and then
 * interpreted by the key that says what it is; node ids are explicit.
 */
final class JsonSource {
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("[0-9]{1,4}\\.[0-9]{1,4}");
    private final byte[] in;
    private final Rebuilder rb;
    private JsonParser p;
    private int depth;
    private final Map<Long, ClauseElement> nodes = new HashMap<>();
    private final List<TypeEngine<?>> types = new ArrayList<>();
    /** What each node and type cost when read, charged again at every reference to it. */
    private final Map<Long, long[]> nodeCosts = new HashMap<>();
    private final List<long[]> typeCosts = new ArrayList<>();

    /** A bare JSON number: only structural fields (ids, lengths, numeric payloads) hold them. */
    private record Num(Number value, long offset) {
    }

    /** A parsed object: its fields, where it started, and the cost counted when it started. */
    private record Obj(Map<String, Object> fields, long offset, long[] mark) {
    }

    JsonSource(byte[] in, Rebuilder rb) {
        this.in = in;
        this.rb = rb;
    }

    Object readDocument() {
        try (JsonParser parser = JsonSink.FACTORY.createParser(in)) {
            p = parser;
            // A member written twice is ambiguous (which "where" counts?): refused, not last-wins.
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw Rebuilder.error(offset(), "expected a JSON object");
            }
            String format = null;
            String version = null;
            Object root = null;
            boolean sawRoot = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "format": format = p.getValueAsString(); break;
                    case "version":
                        version = p.getValueAsString();
                        checkVersion(format, version);
                        break;
                    case "root":
                        checkVersion(format, version);
                        root = value();
                        sawRoot = true;
                        break;
                    default: p.skipChildren();
                }
            }
            if (!sawRoot) {
                throw Rebuilder.error(offset(), "no \"root\" in the document");
            }
            if (p.nextToken() != null) {
                throw Rebuilder.error(offset(), "data follows the end of the document");
            }
            return root;
        } catch (JsonProcessingException e) {
            // The parser's own limits (nesting, number length) come without a location: where it stopped.
            long at = e.getLocation() != null ? e.getLocation().getByteOffset() : p.currentLocation().getByteOffset();
            throw new SerializationException("Malformed serialized query at byte " + at + ": invalid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new SerializationException("Could not read the serialized query", e);
        }
    }

    private void checkVersion(String format, String version) {
        if (!JsonFormat.FORMAT.equals(format)) {
            throw Rebuilder.error(offset(), "not a Retort serialized query (\"format\" is " + format + ")");
        }
        if (version == null) {
            throw Rebuilder.error(offset(), "no \"version\" before \"root\"");
        }
        if (!VERSION.matcher(version).matches()) {
            throw Rebuilder.error(offset(), "invalid version '" + version + "' (expected major.minor, as \"1.8\")");
        }
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        if (major > BinaryFormat.MAJOR) {
            throw new SerializationException("This serialized query has format version " + version + ", newer than the "
                    + BinaryFormat.MAJOR + "." + BinaryFormat.MINOR + " this Retort reads; upgrade Retort to load it");
        }
        if (major < 1) {
            throw Rebuilder.error(offset(), "unknown format version " + version);
        }
    }

    private long offset() {
        return p.currentTokenLocation().getByteOffset();
    }

    /** Reads the value at the current token. */
    private Object value() throws IOException {
        long at = offset();
        if (++depth > rb.maxDepth()) {
            throw Rebuilder.error(at, "nesting deeper than " + rb.maxDepth() + " (SerializerLimits.maxDepth)");
        }
        try {
            JsonToken t = p.currentToken();
            if (t == null) {
                throw Rebuilder.error(at, "unexpected end of input");
            }
            switch (t) {
                case VALUE_NULL: return null;
                case VALUE_TRUE: return Boolean.TRUE;
                case VALUE_FALSE: return Boolean.FALSE;
                case VALUE_STRING: return rb.countChars(p.getText(), at);
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT: return new Num(p.getNumberValue(), at);
                case START_ARRAY: {
                    List<Object> l = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        l.add(element(value()));
                    }
                    return l;
                }
                case START_OBJECT:
                    return interpret(object(at, false, null));
                default: throw Rebuilder.error(at, "unexpected " + t);
            }
        } finally {
            depth--;
        }
    }

    /**
     * The fields of the object at the current token. In a {@code plain} object (the "attrs" and
     * "variants" of a node or type, a lightweight table's column entries) every field is a value;
     * in others those three keys hold such plain objects. {@code kind}: the node kind whose
     * "attrs" these fields are, or null.
     */
    private Obj object(long at, boolean plain, String kind) throws IOException {
        long[] mark = rb.mark();
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            boolean container = !plain && (name.equals("attrs") || name.equals("variants"));
            if (container && t == JsonToken.START_OBJECT) {
                // a writer puts "node" before "attrs", which names the attributes' kind when a limit is exceeded
                String attrsOf = name.equals("attrs") && fields.get("node") instanceof String k ? k : null;
                fields.put(name, nested(() -> object(offset(), true, attrsOf)));
            } else if (!plain && name.equals("columns") && t == JsonToken.START_ARRAY) {
                List<Object> entries = new ArrayList<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    entries.add(nested(() -> object(offset(), true, null)));
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw Rebuilder.error(offset(), "a column entry must be an object");
                }
                fields.put(name, entries);
            } else if (kind != null) {
                Rebuilder.Place outer = rb.enter(kind, name, 0);
                if (t == JsonToken.START_ARRAY) {
                    rb.refuseListHere(offset());
                }
                fields.put(name, value());
                rb.leave(outer);
            } else {
                fields.put(name, value());
            }
        }
        return new Obj(fields, at, mark);
    }

    /** A read that counts towards the nesting limit. */
    private interface Read {
        Obj run() throws IOException;
    }

    private Obj nested(Read r) throws IOException {
        if (++depth > rb.maxDepth()) {
            throw Rebuilder.error(offset(), "nesting deeper than " + rb.maxDepth() + " (SerializerLimits.maxDepth)");
        }
        try {
            return r.run();
        } finally {
            depth--;
        }
    }

    /** A list element or attribute must be a value, not a bare number. */
    private static Object element(Object v) {
        if (v instanceof Num n) {
            throw Rebuilder.error(n.offset(), "a bare number is not a value; write {\"int\": n} or another tagged form");
        }
        return v;
    }

    private Object interpret(Obj o) {
        Map<String, Object> f = o.fields();
        long at = o.offset();
        if (f.containsKey("node")) {
            rb.countNode(at);
            Object attrs = f.get("attrs");
            if (!(attrs instanceof Obj a)) {
                throw Rebuilder.error(at, "a node needs an \"attrs\" object");
            }
            List<String> names = new ArrayList<>(a.fields().keySet());
            List<Object> values = new ArrayList<>();
            for (Object v : a.fields().values()) {
                values.add(element(v));
            }
            return register(o, rb.node(str(f, "node", at), names, values, at));
        }
        if (f.containsKey("ref")) {
            long id = id(f, "ref", at);
            ClauseElement e = nodes.get(id);
            if (e == null) {
                throw Rebuilder.error(at, "reference to node " + id + ", which is not defined before this point");
            }
            rb.repeat(nodeCosts.get(id), at);
            return e;
        }
        if (f.containsKey("tableRef")) {
            rb.countNode(at);
            return rb.table(str(f, "tableRef", at), at);
        }
        if (f.containsKey("columnRef")) {
            rb.countNode(at);
            return rb.column(str(f, "table", at), str(f, "columnRef", at), at);
        }
        if (f.containsKey("entityRef")) {
            rb.countNode(at);
            return rb.entity(str(f, "entityRef", at), at);
        }
        if (f.containsKey("sessionRef")) {
            rb.countNode(at);
            return rb.session();
        }
        if (f.containsKey("engineRef")) {
            rb.countNode(at);
            return rb.engine(at);
        }
        if (f.containsKey("typeCodec")) {
            rb.countNode(at);
            return registered(o, rb.codecType(str(f, "typeCodec", at), str(f, "value", at), at));
        }
        if (f.containsKey("enum")) {
            return rb.enumValue(str(f, "enum", at), str(f, "name", at), at);
        }
        if (f.containsKey("codec")) {
            return rb.codecValue(str(f, "codec", at), str(f, "value", at), at);
        }
        if (f.containsKey("lightTable")) {
            rb.countNode(at);
            List<String> names = new ArrayList<>();
            List<Boolean> literal = new ArrayList<>();
            List<TypeEngine<?>> types = new ArrayList<>();
            if (!(f.get("columns") instanceof List<?> cols)) {
                throw Rebuilder.error(at, "a lightweight table needs a \"columns\" list");
            }
            for (Object c : cols) {
                if (!(c instanceof Obj col)) {
                    throw Rebuilder.error(at, "a lightweight table's column must be an object");
                }
                names.add(str(col.fields(), "name", col.offset()));
                literal.add(flag("lightTable", col.fields(), "literal", col.offset()));
                types.add(type(col.fields().get("type"), col.offset()));
            }
            Object schema = f.get("schema");
            if (schema != null && !(schema instanceof String)) {
                throw Rebuilder.error(at, "a table's schema must be a string");
            }
            try {
                return register(o, rb.lightTable(str(f, "lightTable", at), (String) schema, names, literal, types, at));
            } catch (dev.retort.exc.ArgumentException e) {
                throw Rebuilder.error(at, e.getMessage());
            }
        }
        if (f.containsKey("lightColumn")) {
            rb.countNode(at);
            Object table = element(f.get("table"));
            return register(o, rb.lightColumn(table, str(f, "lightColumn", at), flag("lightColumn", f, "literal", at), type(f.get("type"), at), at));
        }
        if (f.containsKey("type")) {
            Map<String, TypeEngine<?>> variants = new LinkedHashMap<>();
            if (f.get("variants") instanceof Obj v) {
                for (Map.Entry<String, Object> e : v.fields().entrySet()) {
                    variants.put(e.getKey(), type(e.getValue(), at));
                }
            }
            rb.countNode(at);
            return registered(o, rb.sqlType(str(f, "type", at), optInt(f, "length", at), optInt(f, "precision", at), optInt(f, "scale", at), variants, at));
        }
        if (f.containsKey("typeRef")) {
            long id = id(f, "typeRef", at);
            if (id < 0 || id >= types.size()) {
                throw Rebuilder.error(at, "reference to type " + id + " but only " + types.size() + " types so far");
            }
            rb.repeat(typeCosts.get((int) id), at);
            return types.get((int) id);
        }
        return scalar(f, at);
    }

    private Object scalar(Map<String, Object> f, long at) {
        if (f.size() != 1) {
            throw Rebuilder.error(at, "unknown object with keys " + f.keySet());
        }
        Map.Entry<String, Object> e = f.entrySet().iterator().next();
        String key = e.getKey();
        Object v = e.getValue();
        switch (key) {
            case "int": return intOf(integral(v, at), at);
            case "long": return integral(v, at);
            case "short": {
                long s = integral(v, at);
                if (s < Short.MIN_VALUE || s > Short.MAX_VALUE) {
                    throw Rebuilder.error(at, "short out of range");
                }
                return (short) s;
            }
            case "double": return v instanceof String s ? parseDouble(s, at) : number(v, at).doubleValue();
            case "float": return v instanceof String s ? (float) parseDouble(s, at) : number(v, at).floatValue();
            case "bytes":
                try {
                    return Base64.getDecoder().decode(text(v, key, at));
                } catch (IllegalArgumentException ex) {
                    throw Rebuilder.error(at, "invalid base64");
                }
            case "uuid":
                try {
                    return UUID.fromString(text(v, key, at));
                } catch (IllegalArgumentException ex) {
                    throw Rebuilder.error(at, "invalid uuid");
                }
            default: {
                ScalarTag tag = ScalarTag.byJson(key);
                if (tag == null) {
                    throw Rebuilder.error(at, "unknown value kind '" + key + "'");
                }
                return rb.scalar(tag, text(v, key, at), at);
            }
        }
    }

    private ClauseElement register(Obj o, ClauseElement e) {
        long id = id(o.fields(), "id", o.offset());
        if (nodes.putIfAbsent(id, e) != null) {
            throw Rebuilder.error(o.offset(), "node id " + id + " is used twice");
        }
        nodeCosts.put(id, rb.since(o.mark()));
        return e;
    }

    private TypeEngine<?> registered(Obj o, TypeEngine<?> t) {
        types.add(t);
        typeCosts.add(rb.since(o.mark()));
        return t;
    }

    private TypeEngine<?> type(Object v, long at) {
        if (!(v instanceof TypeEngine<?> t)) {
            throw Rebuilder.error(at, "expected a type");
        }
        return t;
    }

    /** A boolean field, false when absent; any other value is refused rather than read as false. */
    private static boolean flag(String node, Map<String, Object> f, String key, long at) {
        Object v = f.get(key);
        if (v != null && !(v instanceof Boolean)) {
            throw Rebuilder.error(at, "field '" + key + "' of '" + node + "' must be a boolean (true or false), not " + v);
        }
        return Boolean.TRUE.equals(v);
    }

    private static String str(Map<String, Object> f, String key, long at) {
        return text(f.get(key), key, at);
    }

    /** The string of field {@code key}; the refusal names the field, since an object has several. */
    private static String text(Object v, String key, long at) {
        if (!(v instanceof String s)) {
            throw Rebuilder.error(at, "field '" + key + "' must be a string, not " + shown(v));
        }
        return s;
    }

    /**
     * A node's or type's id, or a reference to one: an integer, not any number ({@code 0.5} and
     * {@code 18446744073709551616} would otherwise round or wrap onto id 0 and refer to another node).
     */
    private static long id(Map<String, Object> f, String key, long at) {
        Object v = f.get(key);
        if (!(v instanceof Num n) || !(n.value() instanceof Integer || n.value() instanceof Long)) {
            throw Rebuilder.error(at, "field '" + key + "' must be an integer id, not " + shown(v));
        }
        return n.value().longValue();
    }

    /** A value as a refusal quotes it: a bare number by its value, text cut short. */
    private static String shown(Object v) {
        String s = v instanceof Num n ? String.valueOf(n.value()) : v instanceof Obj ? "an object" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static Number number(Object v, long at) {
        if (!(v instanceof Num n)) {
            throw Rebuilder.error(at, "expected a number");
        }
        return n.value();
    }

    private static long integral(Object v, long at) {
        Number n = number(v, at);
        if (!(n instanceof Integer || n instanceof Long)) {
            throw Rebuilder.error(at, "expected an integer");
        }
        return n.longValue();
    }

    private static Integer optInt(Map<String, Object> f, String key, long at) {
        Object v = f.get(key);
        return v == null ? null : intOf(integral(v, at), at);
    }

    private static int intOf(long v, long at) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw Rebuilder.error(at, "int out of range");
        }
        return (int) v;
    }

    private static double parseDouble(String s, long at) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw Rebuilder.error(at, "invalid number '" + s + "'");
        }
    }
}
