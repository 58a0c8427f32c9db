package dev.retort.migrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON of {@link ModelFile}, by Jackson's streaming parser and generator: a writer, and a
 * reader within {@link ModelFile}'s limits whose values are maps, lists, strings,
 * {@link BigDecimal}s, booleans and null; {@link Obj} reads an object member by member, naming
 * the JSON path of whatever is wrong.
 */
final class ModelJson {
    /** The member of an object standing for an expression among dialect options: {@code {"$sql": "a > 0"}}. */
    static final String SQL = "$sql";

    /**
     * Jackson checks the document's length, nesting, numbers' and strings' lengths (a string as
     * its buffer grows, so none far beyond the limit is held), and duplicate members;
     * {@link Reader} counts items and values, which Jackson does not.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(ModelFile.MAX_BYTES)
                    .maxNestingDepth(ModelFile.MAX_DEPTH)
                    .maxNumberLength(ModelFile.MAX_NUMBER)
                    .maxStringLength(ModelFile.MAX_STRING)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Two spaces a level, {@code "name": value}, and the same line ends on every system. */
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private ModelJson() {
    }

    /** Maps (in their order), collections, strings, numbers, booleans and null as indented JSON text. */
    static String write(Object v) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(PRINTER.createInstance());
            write(v, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(Object v, JsonGenerator g) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal n) {
            g.writeNumber(n);
        } else if (v instanceof Number n) {
            g.writeNumber(new BigDecimal(n.toString()));
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object x : c) {
                write(x, g);
            }
            g.writeEndArray();
        } else {
            throw new dev.retort.exc.ArgumentException("A model file holds no " + v.getClass().getName() + " (" + v + ")");
        }
    }

    /** The one value of the text, within {@link ModelFile}'s limits. */
    static Object read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            Reader r = new Reader(p);
            try {
                return r.document();
            } catch (StreamConstraintsException e) {
                throw new ModelFileException(path(p.getParsingContext()), limit(e) + at(p), e);
            } catch (JsonParseException e) {
                throw new ModelFileException(path(p.getParsingContext()), message(e, p) + at(p), e);
            }
        } catch (JsonProcessingException e) {
            throw new ModelFileException("$", e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's limit as ours: the limit's name and value, and no advice to change it. */
    private static String limit(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        if (m.contains("NestingDepth")) {
            return "nested more than " + ModelFile.MAX_DEPTH + " deep";
        }
        if (m.contains("StringLength")) {
            return "a string longer than " + ModelFile.MAX_STRING + " characters";
        }
        if (m.contains("NumberLength")) {
            return "a bad or overlong number (more than " + ModelFile.MAX_NUMBER + " characters)";
        }
        if (m.contains("DocumentLength")) {
            return "the text has more than the " + ModelFile.MAX_BYTES + " allowed";
        }
        return m;
    }

    /** Jackson's words for broken JSON; a duplicate member, which it finds for us, in ours. */
    private static String message(JsonParseException e, JsonParser p) {
        String m = e.getOriginalMessage();
        return m.startsWith("Duplicate") ? "member " + p.getParsingContext().getCurrentName() + " is given twice" : "not JSON: " + m;
    }

    private static String at(JsonParser p) {
        return " (line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr() + ")";
    }

    /** Jackson's parsing context as a JSON path, {@code $.tables[0].name}. */
    static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder("$");
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append(parts.get(i));
        }
        return sb.toString();
    }

    /** Reads values token by token, counting what Jackson's constraints do not. */
    private static final class Reader {
        private final JsonParser p;
        private int values;

        Reader(JsonParser p) {
            this.p = p;
        }

        Object document() throws IOException {
            if (p.nextToken() == null) {
                throw new ModelFileException("$", "unexpected end of the text");
            }
            Object v = value();
            JsonToken after;
            try {
                after = p.nextToken();
            } catch (JsonParseException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw new ModelFileException("$", "text after the end of the document" + at(p));
            }
            return v;
        }

        private ModelFileException error(String message) {
            return new ModelFileException(path(p.getParsingContext()), message + at(p));
        }

        /** The value at the current token. */
        private Object value() throws IOException {
            if (++values > ModelFile.MAX_VALUES) {
                throw error("more than " + ModelFile.MAX_VALUES + " values");
            }
            JsonToken t = p.currentToken();
            return switch (t) {
                case START_OBJECT -> object();
                case START_ARRAY -> array();
                case VALUE_STRING -> {
                    String s = p.getText();
                    // Jackson checks as the string grows, by buffer: this is the exact limit.
                    if (s.length() > ModelFile.MAX_STRING) {
                        throw error("a string longer than " + ModelFile.MAX_STRING + " characters");
                    }
                    yield s;
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> throw error("unexpected " + t);
            };
        }

        private Map<String, Object> object() throws IOException {
            Map<String, Object> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (out.size() >= ModelFile.MAX_ITEMS) {
                    throw error("more than " + ModelFile.MAX_ITEMS + " members");
                }
                String key = p.currentName();
                p.nextToken();
                out.put(key, value());
            }
            return out;
        }

        private List<Object> array() throws IOException {
            List<Object> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (out.size() >= ModelFile.MAX_ITEMS) {
                    throw error("more than " + ModelFile.MAX_ITEMS + " items");
                }
                out.add(value());
            }
            return out;
        }

        /**
         * A number as a {@link BigDecimal}. Jackson refuses leading zeros, {@code NaN} and more
         * than {@value ModelFile#MAX_NUMBER} characters; the exponent is kept to three digits, since
         * {@code 1e999999} would make a default of a million digits.
         */
        private BigDecimal number() throws IOException {
            String n = p.getText();
            if (n.length() > ModelFile.MAX_NUMBER || n.matches(".*[eE][-+]?[0-9]{4,}")) {
                throw error("a bad or overlong number " + (n.length() > ModelFile.MAX_NUMBER ? n.substring(0, ModelFile.MAX_NUMBER) + "..." : n));
            }
            return p.getDecimalValue();
        }
    }

    /** An object of the file read member by member; {@link #done} refuses members nobody read. */
    static final class Obj {
        private final Map<String, Object> members;
        private final String path;
        private final Set<String> read = new TreeSet<>();

        private Obj(Map<String, Object> members, String path) {
            this.members = members;
            this.path = path;
        }

        @SuppressWarnings("unchecked")
        static Obj of(Object value, String path) {
            if (!(value instanceof Map<?, ?>)) {
                throw new ModelFileException(path, "expected an object, got " + describe(value));
            }
            return new Obj((Map<String, Object>) value, path);
        }

        String path() {
            return path;
        }

        boolean has(String key) {
            return members.containsKey(key);
        }

        /** The member names, in the file's order. */
        List<String> keys() {
            return new ArrayList<>(members.keySet());
        }

        private Object get(String key) {
            read.add(key);
            return members.get(key);
        }

        String string(String key, boolean required) {
            Object v = get(key);
            if (v == null && !required) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw new ModelFileException(path + "." + key, "expected a string, got " + describe(v));
            }
            return s;
        }

        long integer(String key) {
            return integer(get(key), path + "." + key);
        }

        private static long integer(Object v, String where) {
            if (!(v instanceof BigDecimal n)) {
                throw new ModelFileException(where, "expected an integer, got " + describe(v));
            }
            try {
                long l = n.longValueExact();
                if (l < 0 || l > Integer.MAX_VALUE) {
                    throw new ModelFileException(where, "expected an integer from 0 to " + Integer.MAX_VALUE + ", got " + n);
                }
                return l;
            } catch (ArithmeticException e) {
                throw new ModelFileException(where, "expected an integer, got " + n, e);
            }
        }

        boolean bool(String key, boolean absent) {
            Object v = get(key);
            if (v == null) {
                return absent;
            }
            if (!(v instanceof Boolean b)) {
                throw new ModelFileException(path + "." + key, "expected true or false, got " + describe(v));
            }
            return b;
        }

        /** A string, number or boolean, or null. */
        Object scalar(String key) {
            Object v = get(key);
            if (v instanceof Map || v instanceof List) {
                throw new ModelFileException(path + "." + key, "expected a string, number or boolean, got " + describe(v));
            }
            return v;
        }

        Obj object(String key) {
            Object v = get(key);
            return v == null ? null : of(v, path + "." + key);
        }

        /** An array (an absent member is an empty one). */
        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            Object v = get(key);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?>)) {
                throw new ModelFileException(path + "." + key, "expected an array, got " + describe(v));
            }
            return (List<Object>) v;
        }

        List<Obj> objects(String key) {
            List<Obj> out = new ArrayList<>();
            List<Object> items = list(key);
            for (int i = 0; i < items.size(); i++) {
                out.add(of(items.get(i), path + "." + key + "[" + i + "]"));
            }
            return out;
        }

        List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            List<Object> items = list(key);
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof String s)) {
                    throw new ModelFileException(path + "." + key + "[" + i + "]", "expected a string, got " + describe(items.get(i)));
                }
                out.add(s);
            }
            return out;
        }

        List<Long> integers(String key) {
            List<Long> out = new ArrayList<>();
            List<Object> items = list(key);
            for (int i = 0; i < items.size(); i++) {
                out.add(integer(items.get(i), path + "." + key + "[" + i + "]"));
            }
            return out;
        }

        /**
         * Dialect options: an object of strings, numbers (as integers where whole), booleans,
         * expressions ({@code {"$sql": "a > 0"}}), and objects (PostgreSQL's {@code with}) or arrays
         * ({@code postgresql_include}) of those; an absent member is an empty map.
         */
        Map<String, Object> map(String key) {
            Obj o = object(key);
            if (o == null) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            o.members.forEach((k, v) -> out.put(k, option(v, o.path + "." + k, true)));
            return out;
        }

        private static Object option(Object v, String where, boolean nested) {
            if (v instanceof String || v instanceof Boolean) {
                return v;
            }
            if (v instanceof BigDecimal n) {
                return n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0 ? (Object) n.intValue() : n;
            }
            if (v instanceof Map<?, ?> m && m.size() == 1 && m.get(SQL) instanceof String sql) {
                return dev.retort.sql.SQL.text(sql);
            }
            if (nested && v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    out.add(option(l.get(i), where + "[" + i + "]", false));
                }
                return out;
            }
            if (nested && v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, option(x, where + "." + k, false)));
                return out;
            }
            throw new ModelFileException(where, "expected a string, number or boolean" + (nested ? " or an object or array of those" : "") + ", got " + describe(v));
        }

        /** Refuses the members no one read: a misspelt or unknown key is an error, not ignored. */
        void done() {
            for (String k : members.keySet()) {
                if (!read.contains(k)) {
                    throw new ModelFileException(path + "." + k, "unknown member " + k);
                }
            }
        }

        private static String describe(Object v) {
            return v == null ? "null" : v instanceof Map ? "an object" : v instanceof List ? "an array" : v instanceof String ? "a string"
                    : v instanceof Boolean ? "a boolean" : "a number";
        }
    }
}
