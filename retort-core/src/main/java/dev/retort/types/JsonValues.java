package dev.retort.types;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.SerializationException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of {@link Types#JSON} and {@link Types#JSONB} as JSON text and back: maps (string
 * keys), lists, strings, numbers, booleans and null, as {@code json.dumps}/{@code json.loads}
 * see them. Written with Jackson's streaming core, which Retort needs anyway for the
 * serializer's JSON protocol: no data binding, no reflection, no class names in the text.
 * Objects read back are {@link LinkedHashMap}s (key order kept), arrays {@link ArrayList}s,
 * integers {@code Integer}, {@code Long} or {@code BigInteger} by size, other numbers
 * {@code Double}.
 *
 * <pre>{@code
 * String text = JsonValues.write(Map.of("a", List.of(1, 2)));   // {"a":[1,2]}
 * Map<?, ?> doc = (Map<?, ?>) JsonValues.read(text);
 * }</pre>
 */
public final class JsonValues {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Deeper documents are refused: a hostile value must not exhaust the stack. */
    private static final int MAX_DEPTH = 500;

    private JsonValues() {
    }

    /** The JSON text of {@code value}; an {@link ArgumentException} for what JSON cannot hold. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, 0);
        } catch (IOException e) {
            throw new ArgumentException("Cannot write " + value + " as JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new ArgumentException("A JSON value nested deeper than " + MAX_DEPTH + " levels (or a cycle) cannot be written");
        }
        if (v == null) {
            g.writeNull();
        } else if (v instanceof CharSequence || v instanceof Character) {
            g.writeString(v.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ArgumentException("JSON has no " + d);
            }
            g.writeNumber(d);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new ArgumentException("A JSON object's keys are Strings, not " + e.getKey());
                }
                g.writeFieldName(key);
                write(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> || v instanceof Object[]) {
            g.writeStartArray();
            for (Object item : v instanceof Object[] a ? List.of(a) : (Collection<?>) v) {
                write(g, item, depth + 1);
            }
            g.writeEndArray();
        } else {
            throw new ArgumentException("A JSON value is a Map, List, String, Number, Boolean or null, not a " + v.getClass().getName()
                    + " (map other classes with a TypeDecorator over Types.JSON)");
        }
    }

    /** The value of JSON text; a {@link SerializationException} for text that is not one JSON value. */
    public static Object read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SerializationException("Empty JSON text");
            }
            Object v = read(p, first, 0);
            if (p.nextToken() != null) {
                throw new SerializationException("Trailing data after the JSON value: " + abbreviate(text));
            }
            return v;
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new SerializationException("Not valid JSON (" + why + "): " + abbreviate(text), e);
        }
    }

    private static Object read(JsonParser p, JsonToken t, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new SerializationException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    m.put(key, read(p, p.nextToken(), depth + 1));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    l.add(read(p, item, depth + 1));
                }
                return l;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT: {
                JsonParser.NumberType nt = p.getNumberType();
                return nt == JsonParser.NumberType.INT ? (Object) p.getIntValue() : nt == JsonParser.NumberType.LONG ? (Object) p.getLongValue() : p.getBigIntegerValue();
            }
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw new SerializationException("Unexpected JSON token " + t);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
