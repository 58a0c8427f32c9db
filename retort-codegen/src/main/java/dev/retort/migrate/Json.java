package dev.retort.migrate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON of {@link ModelFile}: a writer, and a strict parser within {@link ModelFile}'s limits
 * whose values are maps, lists, strings, {@link BigDecimal}s, booleans and null; {@link Obj}
 * reads an object member by member, naming the JSON path of whatever is wrong.
 */
final class Json {
    /** The member of an object standing for an expression among dialect options: {@code {"$sql": "a > 0"}}. */
    static final String SQL = "$sql";

    private Json() {
    }

    /** Writes maps (in their order), collections, strings, numbers, booleans and null, indented by {@code indent}. */
    static void write(Object v, StringBuilder sb, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigDecimal) {
            sb.append(v);
        } else if (v instanceof Number n) {
            sb.append(new BigDecimal(n.toString()));
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{");
            String inner = indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "\n" : ",\n").append(inner);
                string(String.valueOf(e.getKey()), sb);
                sb.append(": ");
                write(e.getValue(), sb, inner);
                first = false;
            }
            sb.append('\n').append(indent).append('}');
        } else if (v instanceof Collection<?> c) {
            boolean scalars = c.stream().noneMatch(x -> x instanceof Map || x instanceof Collection);
            if (scalars) {
                sb.append('[');
                boolean first = true;
                for (Object x : c) {
                    sb.append(first ? "" : ", ");
                    write(x, sb, indent);
                    first = false;
                }
                sb.append(']');
                return;
            }
            sb.append('[');
            String inner = indent + "  ";
            boolean first = true;
            for (Object x : c) {
                sb.append(first ? "\n" : ",\n").append(inner);
                write(x, sb, inner);
                first = false;
            }
            sb.append('\n').append(indent).append(']');
        } else {
            throw new dev.retort.exc.ArgumentException("A model file holds no " + v.getClass().getName() + " (" + v + ")");
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A strict JSON parser (RFC 8259, no extensions) within the limits of {@link ModelFile}. */
    static final class Parser {
        private final String text;
        private int pos;
        private int values;

        Parser(String text) {
            this.text = text;
        }

        /** The one value of the text. */
        Object document() {
            Object v = value("$", 0);
            skipSpace();
            if (pos != text.length()) {
                throw error("$", "text after the end of the document");
            }
            return v;
        }

        private ModelFileException error(String path, String message) {
            return new ModelFileException(path, message + " (character " + pos + ")");
        }

        private Object value(String path, int depth) {
            if (++values > ModelFile.MAX_VALUES) {
                throw error(path, "more than " + ModelFile.MAX_VALUES + " values");
            }
            skipSpace();
            if (pos >= text.length()) {
                throw error(path, "unexpected end of the text");
            }
            char ch = text.charAt(pos);
            switch (ch) {
                case '{':
                    return object(path, depth + 1);
                case '[':
                    return array(path, depth + 1);
                case '"':
                    return string(path);
                case 't':
                    return word("true", Boolean.TRUE, path);
                case 'f':
                    return word("false", Boolean.FALSE, path);
                case 'n':
                    return word("null", null, path);
                default:
                    if (ch == '-' || ch >= '0' && ch <= '9') {
                        return number(path);
                    }
                    throw error(path, "unexpected '" + ch + "'");
            }
        }

        private Object word(String word, Object value, String path) {
            if (!text.startsWith(word, pos)) {
                throw error(path, "expected " + word);
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(String path, int depth) {
            if (depth > ModelFile.MAX_DEPTH) {
                throw error(path, "nested more than " + ModelFile.MAX_DEPTH + " deep");
            }
            pos++;
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error(path, "expected a member name");
                }
                String key = string(path);
                skipSpace();
                if (peek() != ':') {
                    throw error(path + "." + key, "expected ':'");
                }
                pos++;
                if (out.containsKey(key)) {
                    throw error(path + "." + key, "member " + key + " is given twice");
                }
                if (out.size() >= ModelFile.MAX_ITEMS) {
                    throw error(path, "more than " + ModelFile.MAX_ITEMS + " members");
                }
                out.put(key, value(path + "." + key, depth));
                skipSpace();
                char ch = peek();
                pos++;
                if (ch == '}') {
                    return out;
                }
                if (ch != ',') {
                    throw error(path, "expected ',' or '}'");
                }
            }
        }

        private List<Object> array(String path, int depth) {
            if (depth > ModelFile.MAX_DEPTH) {
                throw error(path, "nested more than " + ModelFile.MAX_DEPTH + " deep");
            }
            pos++;
            List<Object> out = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                if (out.size() >= ModelFile.MAX_ITEMS) {
                    throw error(path, "more than " + ModelFile.MAX_ITEMS + " items");
                }
                out.add(value(path + "[" + out.size() + "]", depth));
                skipSpace();
                char ch = peek();
                pos++;
                if (ch == ']') {
                    return out;
                }
                if (ch != ',') {
                    throw error(path, "expected ',' or ']'");
                }
            }
        }

        private String string(String path) {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error(path, "unterminated string");
                }
                char ch = text.charAt(pos++);
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch < 0x20) {
                    throw error(path, "a control character in a string");
                }
                if (ch == '\\') {
                    if (pos >= text.length()) {
                        throw error(path, "unterminated string");
                    }
                    char e = text.charAt(pos++);
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (pos + 4 > text.length()) {
                                throw error(path, "a short \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException x) {
                                throw error(path, "a bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> throw error(path, "a bad escape \\" + e);
                    }
                } else {
                    sb.append(ch);
                }
                if (sb.length() > ModelFile.MAX_STRING) {
                    throw error(path, "a string longer than " + ModelFile.MAX_STRING + " characters");
                }
            }
        }

        private BigDecimal number(String path) {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String n = text.substring(start, pos);
            if (n.length() > 40 || !n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]{1,3})?")) {
                throw error(path, "a bad or overlong number " + (n.length() > 40 ? n.substring(0, 40) + "..." : n));
            }
            return new BigDecimal(n);
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
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
         * expressions ({@code {"$sql": "a > 0"}}) and objects of those (PostgreSQL's {@code with});
         * an absent member is an empty map.
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
            if (nested && v instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, option(x, where + "." + k, false)));
                return out;
            }
            throw new ModelFileException(where, "expected a string, number or boolean" + (nested ? " or an object of those" : "") + ", got " + describe(v));
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
