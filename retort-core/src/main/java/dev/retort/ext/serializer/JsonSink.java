package dev.retort.ext.serializer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.retort.exc.SerializationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes the JSON format: the same tree, each value a JSON value whose first key says what it
 * is ({@code {"node": "binary", "id": 3, "attrs": {...}}}).
 */
final class JsonSink implements TreeSink {
    static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private final JsonGenerator g;

    JsonSink() {
        try {
            g = FACTORY.createGenerator(out);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", JsonFormat.FORMAT);
            g.writeStringField("version", BinaryFormat.MAJOR + "." + BinaryFormat.MINOR);
            g.writeFieldName("root");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] toByteArray() {
        try {
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new SerializationException("Could not finish the JSON output", e);
        }
        return out.toByteArray();
    }

    /** A write to an in-memory stream: it fails only over Jackson's limits (a value nested past its depth), which the message names. */
    private interface Write {
        void run() throws IOException;
    }

    private void w(Write op) {
        try {
            op.run();
        } catch (IOException e) {
            throw new SerializationException("Could not write JSON: " + e.getMessage(), e);
        }
    }

    private void tagged(String key, Write value) {
        w(() -> {
            g.writeStartObject();
            g.writeFieldName(key);
            value.run();
            g.writeEndObject();
        });
    }

    @Override
    public void nullValue() {
        w(g::writeNull);
    }

    @Override
    public void bool(boolean b) {
        w(() -> g.writeBoolean(b));
    }

    @Override
    public void intValue(int i) {
        tagged("int", () -> g.writeNumber(i));
    }

    @Override
    public void longValue(long l) {
        tagged("long", () -> g.writeNumber(l));
    }

    @Override
    public void shortValue(short s) {
        tagged("short", () -> g.writeNumber(s));
    }

    @Override
    public void doubleValue(double d) {
        tagged("double", () -> {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeString(Double.toString(d));
            }
        });
    }

    @Override
    public void floatValue(float f) {
        tagged("float", () -> {
            if (Float.isFinite(f)) {
                g.writeNumber(f);
            } else {
                g.writeString(Float.toString(f));
            }
        });
    }

    @Override
    public void string(String s) {
        w(() -> g.writeString(s));
    }

    @Override
    public void text(ScalarTag tag, String text) {
        tagged(tag.json, () -> g.writeString(text));
    }

    @Override
    public void bytes(byte[] b) {
        tagged("bytes", () -> g.writeString(Base64.getEncoder().encodeToString(b)));
    }

    @Override
    public void uuid(UUID u) {
        tagged("uuid", () -> g.writeString(u.toString()));
    }

    @Override
    public void beginList(int size) {
        w(g::writeStartArray);
    }

    @Override
    public void endList() {
        w(g::writeEndArray);
    }

    @Override
    public void enumValue(String family, String constant) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("enum", family);
            g.writeStringField("name", constant);
            g.writeEndObject();
        });
    }

    @Override
    public void codecValue(String codec, String payload) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("codec", codec);
            g.writeStringField("value", payload);
            g.writeEndObject();
        });
    }

    @Override
    public void beginSqlType(String kind, Integer length, Integer precision, Integer scale, int variants) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("type", kind);
            if (length != null) {
                g.writeNumberField("length", length);
            }
            if (precision != null) {
                g.writeNumberField("precision", precision);
            }
            if (scale != null) {
                g.writeNumberField("scale", scale);
            }
            if (variants > 0) {
                g.writeFieldName("variants");
                g.writeStartObject();
            }
        });
    }

    @Override
    public void variantDialect(String dialect) {
        w(() -> g.writeFieldName(dialect));
    }

    @Override
    public void endSqlType(int variants) {
        w(() -> {
            if (variants > 0) {
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    @Override
    public void codecType(String codec, String payload) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("typeCodec", codec);
            g.writeStringField("value", payload);
            g.writeEndObject();
        });
    }

    @Override
    public void typeRef(int id) {
        tagged("typeRef", () -> g.writeNumber(id));
    }

    @Override
    public void beginNode(String kind, int id, int attributes) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("node", kind);
            g.writeNumberField("id", id);
            g.writeFieldName("attrs");
            g.writeStartObject();
        });
    }

    @Override
    public void field(String name) {
        w(() -> g.writeFieldName(name));
    }

    @Override
    public void endNode() {
        w(() -> {
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @Override
    public void ref(int id) {
        tagged("ref", () -> g.writeNumber(id));
    }

    @Override
    public void tableRef(String key) {
        tagged("tableRef", () -> g.writeString(key));
    }

    @Override
    public void columnRef(String tableKey, String columnKey) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("columnRef", columnKey);
            g.writeStringField("table", tableKey);
            g.writeEndObject();
        });
    }

    @Override
    public void entityRef(String entityName) {
        tagged("entityRef", () -> g.writeString(entityName));
    }

    @Override
    public void sessionRef() {
        tagged("sessionRef", () -> g.writeBoolean(true));
    }

    @Override
    public void engineRef() {
        tagged("engineRef", () -> g.writeBoolean(true));
    }

    @Override
    public void beginLightTable(int id, String name, String schema, int columns) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("lightTable", name);
            g.writeNumberField("id", id);
            if (schema != null) {
                g.writeStringField("schema", schema);
            }
            g.writeFieldName("columns");
            g.writeStartArray();
        });
    }

    @Override
    public void beginLightTableColumn(String name, boolean literal) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeBooleanField("literal", literal);
        });
    }

    @Override
    public void endLightTableColumn() {
        w(g::writeEndObject);
    }

    @Override
    public void endLightTable() {
        w(() -> {
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    @Override
    public void beginLightColumn(int id, String name, boolean literal) {
        w(() -> {
            g.writeStartObject();
            g.writeStringField("lightColumn", name);
            g.writeNumberField("id", id);
            g.writeBooleanField("literal", literal);
        });
    }

    @Override
    public void endLightColumn() {
        w(g::writeEndObject);
    }
}
