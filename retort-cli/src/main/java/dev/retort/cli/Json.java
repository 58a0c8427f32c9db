package dev.retort.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** JSON output: values of results and parameters, and pretty-printed documents. */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private Json() {
    }

    /** A generator writing to {@code out}, indented or on one line; closing it leaves {@code out} open. */
    static JsonGenerator generator(Writer out, boolean pretty) {
        try {
            JsonGenerator g = FACTORY.createGenerator(out);
            return pretty ? g.useDefaultPrettyPrinter() : g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON document, indented. */
    static void prettyPrint(byte[] document, Writer out) {
        try (JsonParser p = FACTORY.createParser(document); JsonGenerator g = generator(out, true)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A map as one JSON object on one line. */
    static String object(Map<String, ?> values) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = generator(out, false)) {
            g.writeStartObject();
            for (Map.Entry<String, ?> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A value as JSON: numbers, booleans and strings as themselves, bytes in base64, lists as
     * arrays, maps (JSON documents) as objects, anything else (dates, times, UUIDs) as its ISO text.
     */
    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN or infinities: those travel as text.
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(v.toString());
            }
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (v instanceof Map<?, ?> m) {
            // A JSON column's document: an object again, not its toString().
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
