package dev.retort.ext.serializer;

import static dev.retort.ext.serializer.BinaryFormat.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the binary format: one tag byte per value, varints, and each distinct string once
 * (later occurrences are indexes into the strings written so far).
 */
final class BinarySink implements TreeSink {
    private byte[] buf = new byte[256];
    private int len;
    private final Map<String, Integer> strings = new HashMap<>();

    BinarySink() {
        for (byte b : MAGIC) {
            put(b);
        }
        put(MAJOR);
        put(MINOR);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    private void zigzag(long v) {
        varint((v << 1) ^ (v >> 63));
    }

    private void raw(byte[] b) {
        varint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void stringRef(String s) {
        Integer idx = strings.get(s);
        if (idx != null) {
            varint(idx + 1L);
            return;
        }
        varint(0);
        raw(s.getBytes(StandardCharsets.UTF_8));
        strings.put(s, strings.size());
    }

    private void optInt(Integer i) {
        varint(i == null ? 0 : ((long) i << 1 ^ (long) i >> 63) + 1);
    }

    private void fixed(long bits, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buf[len++] = (byte) (bits >>> (8 * i));
        }
    }

    @Override
    public void nullValue() {
        put(NULL);
    }

    @Override
    public void bool(boolean b) {
        put(b ? TRUE : FALSE);
    }

    @Override
    public void intValue(int i) {
        put(INT);
        zigzag(i);
    }

    @Override
    public void longValue(long l) {
        put(LONG);
        zigzag(l);
    }

    @Override
    public void shortValue(short s) {
        put(SHORT);
        zigzag(s);
    }

    @Override
    public void doubleValue(double d) {
        put(DOUBLE);
        fixed(Double.doubleToRawLongBits(d), 8);
    }

    @Override
    public void floatValue(float f) {
        put(FLOAT);
        fixed(Float.floatToRawIntBits(f), 4);
    }

    @Override
    public void string(String s) {
        put(STRING);
        stringRef(s);
    }

    @Override
    public void text(ScalarTag tag, String text) {
        put(tag.code);
        stringRef(text);
    }

    @Override
    public void bytes(byte[] b) {
        put(BYTES);
        raw(b);
    }

    @Override
    public void uuid(java.util.UUID u) {
        put(UUID);
        fixed(u.getMostSignificantBits(), 8);
        fixed(u.getLeastSignificantBits(), 8);
    }

    @Override
    public void beginList(int size) {
        put(LIST);
        varint(size);
    }

    @Override
    public void endList() {
        // lists are length-prefixed
    }

    @Override
    public void enumValue(String family, String constant) {
        put(ENUM);
        stringRef(family);
        stringRef(constant);
    }

    @Override
    public void codecValue(String codec, String payload) {
        put(CODEC_VALUE);
        stringRef(codec);
        stringRef(payload);
    }

    @Override
    public void beginSqlType(String kind, Integer length, Integer precision, Integer scale, int variants) {
        int code = TYPE_KINDS.indexOf(kind);
        if (code >= 0) {
            put(CODED_SQL_TYPE);
            put(code);
        } else {
            put(SQL_TYPE);
            stringRef(kind);
        }
        optInt(length);
        optInt(precision);
        optInt(scale);
        varint(variants);
    }

    @Override
    public void variantDialect(String dialect) {
        stringRef(dialect);
    }

    @Override
    public void endSqlType(int variants) {
        // counted
    }

    @Override
    public void codecType(String codec, String payload) {
        put(CODEC_TYPE);
        stringRef(codec);
        stringRef(payload);
    }

    @Override
    public void typeRef(int id) {
        put(TYPE_REF);
        varint(id);
    }

    @Override
    public void beginNode(String kind, int id, int attributes) {
        put(DECLARED_NODE);
        stringRef(kind);
    }

    @Override
    public void field(String name) {
        // positional in the binary format
    }

    @Override
    public void endNode() {
        // counted
    }

    @Override
    public void ref(int id) {
        put(REF);
        varint(id);
    }

    @Override
    public void tableRef(String key) {
        put(TABLE_REF);
        stringRef(key);
    }

    @Override
    public void columnRef(String tableKey, String columnKey) {
        put(COLUMN_REF);
        stringRef(tableKey);
        stringRef(columnKey);
    }

    @Override
    public void entityRef(String entityName) {
        put(ENTITY_REF);
        stringRef(entityName);
    }

    @Override
    public void sessionRef() {
        put(SESSION_REF);
    }

    @Override
    public void engineRef() {
        put(ENGINE_REF);
    }

    @Override
    public void beginLightTable(int id, String name, String schema, int columns) {
        put(LIGHT_TABLE);
        stringRef(name);
        if (schema == null) {
            nullValue();
        } else {
            string(schema);
        }
        varint(columns);
    }

    @Override
    public void beginLightTableColumn(String name, boolean literal) {
        stringRef(name);
        put(literal ? 1 : 0);
    }

    @Override
    public void endLightTableColumn() {
        // fixed layout
    }

    @Override
    public void endLightTable() {
        // counted
    }

    @Override
    public void beginLightColumn(int id, String name, boolean literal) {
        put(LIGHT_COLUMN);
        stringRef(name);
        put(literal ? 1 : 0);
    }

    @Override
    public void endLightColumn() {
        // fixed layout
    }
}
