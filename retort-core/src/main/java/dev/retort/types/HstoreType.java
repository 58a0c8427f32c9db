package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.sql.Operator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's {@code HSTORE} ({@link Types#HSTORE}): a map of text keys to text values (a value
 * may be null), as a {@code Map<String, String>}; it travels as hstore's text,
 * {@code "k"=>"v", "n"=>NULL}. The database needs {@code CREATE EXTENSION hstore}. Other databases
 * have no such type: DDL and its operators raise {@code CompileException} there.
 *
 * <pre>{@code
 * Column.of("attrs", Types.HSTORE);
 * select(t.c("attrs").item("color")).where(t.c("attrs").hasKey("size"));   // t.attrs[?] ... WHERE t.attrs ?? ?
 * }</pre>
 */
public final class HstoreType extends TypeEngine<Map<String, String>> {
    static final HstoreType INSTANCE = new HstoreType();

    private HstoreType() {
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Map<String, String>> javaType() {
        return (Class) Map.class;
    }

    @Override
    public String visitName() {
        return "HSTORE";
    }

    /** Text as far as JDBC goes (bound untyped on PostgreSQL, read with getString). */
    @Override
    public TypeKind kind() {
        return TypeKind.OTHER;
    }

    @Override
    public boolean cacheOk() {
        return true;
    }

    /** A key is text, a list of keys a {@code TEXT[]}, a map an hstore. */
    @Override
    public TypeEngine<?> coerceComparedValue(Operator op, Object value) {
        if (value instanceof Map<?, ?>) {
            return this;
        }
        if (value instanceof List<?>) {
            return Types.array(Types.TEXT);
        }
        return value == null ? this : Types.forValue(value);
    }

    @Override
    protected Map<String, String> coerce(Object value) {
        if (value instanceof String s) {
            return parse(s);
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new dev.retort.exc.ArgumentException("An HSTORE value is a Map of String to String, got " + value.getClass().getName());
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k == null) {
                // hstore has no null key; written as "null" it would come back as another key
                throw new dev.retort.exc.ArgumentException("An HSTORE value cannot have a null key (its value: " + v + ")");
            }
            out.put(k.toString(), v == null ? null : v.toString());
        });
        return out;
    }

    @Override
    protected Object bindValue(Map<String, String> value, Dialect dialect) {
        return text(value);
    }

    @Override
    protected Map<String, String> resultValue(Object value, Dialect dialect) {
        return parse(value.toString());
    }

    @Override
    protected String literalValue(Map<String, String> value, Dialect dialect) {
        return dialect.renderLiteral(TypeKind.STRING, text(value)) + "::HSTORE";
    }

    @Override
    public Map<String, String> copyValue(Map<String, String> value) {
        return value == null ? null : new LinkedHashMap<>(value);
    }

    /** {@code "k"=>"v", "n"=>NULL}, with {@code "} and {@code \} escaped. */
    static String text(Map<String, String> value) {
        StringBuilder sb = new StringBuilder();
        value.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(quoted(k)).append("=>").append(v == null ? "NULL" : quoted(v)));
        return sb.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * hstore's text back to a map: quoted or bare keys and values, NULL for a null value, pairs
     * separated by commas. Anything else (an unclosed quote, a missing key, value or comma) raises
     * {@link dev.retort.exc.ArgumentException} naming the position, as PostgreSQL's own input does.
     */
    static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {0};
        while (true) {
            skipSpace(s, at);
            if (at[0] >= s.length()) {
                return out;
            }
            String key = token(s, at);
            skipSpace(s, at);
            if (!s.startsWith("=>", at[0])) {
                throw malformed(s, at[0], "=> after a key");
            }
            at[0] += 2;
            skipSpace(s, at);
            boolean quoted = at[0] < s.length() && s.charAt(at[0]) == '"';
            String v = token(s, at);
            out.put(key, !quoted && v.equalsIgnoreCase("NULL") ? null : v);
            skipSpace(s, at);
            if (at[0] < s.length()) {
                if (s.charAt(at[0]) != ',') {
                    throw malformed(s, at[0], "a comma between pairs");
                }
                at[0]++;
            }
        }
    }

    private static dev.retort.exc.ArgumentException malformed(String s, int at, String expected) {
        String near = s.substring(Math.max(0, at - 20), Math.min(s.length(), at + 20));
        return new dev.retort.exc.ArgumentException("Not hstore text: expected " + expected + " at character " + at + " of " + s.length()
                + ", near '" + near + "'");
    }

    private static void skipSpace(String s, int[] at) {
        while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) {
            at[0]++;
        }
    }

    private static String token(String s, int[] at) {
        StringBuilder sb = new StringBuilder();
        int start = at[0];
        if (at[0] < s.length() && s.charAt(at[0]) == '"') {
            at[0]++;
            while (at[0] < s.length() && s.charAt(at[0]) != '"') {
                char c = s.charAt(at[0]++);
                sb.append(c == '\\' && at[0] < s.length() ? s.charAt(at[0]++) : c);
            }
            if (at[0] >= s.length()) {
                throw malformed(s, start, "a closing quote for the one");
            }
            at[0]++;
            return sb.toString();
        }
        while (at[0] < s.length() && !Character.isWhitespace(s.charAt(at[0])) && s.charAt(at[0]) != ',' && s.charAt(at[0]) != '"'
                && !s.startsWith("=>", at[0])) {
            sb.append(s.charAt(at[0]++));
        }
        if (sb.length() == 0) {
            throw malformed(s, start, "a key or value");
        }
        return sb.toString();
    }
}
