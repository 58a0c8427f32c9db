package dev.retort.ext.serializer;

import static dev.retort.ext.serializer.BinaryFormat.*;

import dev.retort.exc.SerializationException;
import dev.retort.sql.ClauseElement;
import dev.retort.types.TypeEngine;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the binary format, checking every length against the bytes that remain. */
final class BinarySource {
    private final byte[] in;
    private final Rebuilder rb;
    private int pos;
    private int depth;
    private final List<String> strings = new ArrayList<>();
    private final List<Object> nodes = new ArrayList<>();
    private final List<TypeEngine<?>> types = new ArrayList<>();
    /** What each node and type cost when read, charged again at every reference to it. */
    private final List<long[]> nodeCosts = new ArrayList<>();
    private final List<long[]> typeCosts = new ArrayList<>();

    BinarySource(byte[] in, Rebuilder rb) {
        this.in = in;
        this.rb = rb;
    }

    /** The document's minor format version: a kind's declared arity depends on it. */
    private int minor;

    Object readDocument() {
        if (in.length < MAGIC.length + 2) {
            throw Rebuilder.error(0, "too short to be a serialized query");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in[i] != MAGIC[i]) {
                throw Rebuilder.error(i, "not a Retort serialized query (bad magic bytes)");
            }
        }
        int major = in[4] & 0xFF;
        if (major > MAJOR) {
            throw new SerializationException("This serialized query has format version " + major + "." + (in[5] & 0xFF)
                    + ", newer than the " + MAJOR + "." + MINOR + " this Retort reads; upgrade Retort to load it");
        }
        if (major < 1) {
            throw Rebuilder.error(4, "unknown format version " + major);
        }
        minor = in[5] & 0xFF;
        pos = MAGIC.length + 2;
        Object root = value();
        if (pos != in.length) {
            throw Rebuilder.error(pos, (in.length - pos) + " bytes follow the end of the query");
        }
        return root;
    }

    private int u8() {
        if (pos >= in.length) {
            throw Rebuilder.error(pos, "unexpected end of input");
        }
        return in[pos++] & 0xFF;
    }

    private long varint() {
        long result = 0;
        int start = pos;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw Rebuilder.error(start, "varint longer than 10 bytes");
    }

    private long zigzag() {
        long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A count or length that must fit in what remains (every entry takes at least one byte). */
    private int count() {
        int start = pos;
        long n = varint();
        if (n < 0 || n > in.length - pos) {
            throw Rebuilder.error(start, "length " + n + " exceeds the " + (in.length - pos) + " bytes that remain");
        }
        return (int) n;
    }

    private byte[] raw() {
        int n = count();
        byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String stringRef() {
        int start = pos;
        long n = varint();
        if (n == 0) {
            byte[] b = raw();
            String s;
            try {
                s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw Rebuilder.error(start, "invalid UTF-8 in a string");
            }
            strings.add(s);
            return rb.countChars(s, start);
        }
        if (n < 0 || n > strings.size()) {
            throw Rebuilder.error(start, "string reference " + n + " but only " + strings.size() + " strings so far");
        }
        return rb.countChars(strings.get((int) n - 1), start);
    }

    private Integer optInt() {
        int start = pos;
        long v = varint();
        if (v == 0) {
            return null;
        }
        long z = v - 1;
        long i = (z >>> 1) ^ -(z & 1);
        if (i < Integer.MIN_VALUE || i > Integer.MAX_VALUE) {
            throw Rebuilder.error(start, "integer out of range");
        }
        return (int) i;
    }

    private long fixed(int bytes) {
        if (in.length - pos < bytes) {
            throw Rebuilder.error(pos, "unexpected end of input");
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        return v;
    }

    private boolean flag() {
        int start = pos;
        int b = u8();
        if (b > 1) {
            throw Rebuilder.error(start, "expected a flag byte");
        }
        return b == 1;
    }

    private TypeEngine<?> type() {
        int start = pos;
        Object v = value();
        if (!(v instanceof TypeEngine<?> t)) {
            throw Rebuilder.error(start, "expected a type");
        }
        return t;
    }

    private Object value() {
        int start = pos;
        if (++depth > rb.maxDepth()) {
            throw Rebuilder.error(start, "nesting deeper than " + rb.maxDepth() + " (SerializerLimits.maxDepth)");
        }
        try {
            return valueAt(start, u8());
        } finally {
            depth--;
        }
    }

    private Object valueAt(int start, int tag) {
        switch (tag) {
            case NULL: return null;
            case FALSE: return Boolean.FALSE;
            case TRUE: return Boolean.TRUE;
            case INT: {
                long v = zigzag();
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw Rebuilder.error(start, "int out of range");
                }
                return (int) v;
            }
            case LONG: return zigzag();
            case SHORT: {
                long v = zigzag();
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw Rebuilder.error(start, "short out of range");
                }
                return (short) v;
            }
            case DOUBLE: return Double.longBitsToDouble(fixed(8));
            case FLOAT: return Float.intBitsToFloat((int) fixed(4));
            case STRING: return stringRef();
            case BYTES: return raw();
            case UUID: return new UUID(fixed(8), fixed(8));
            case LIST: {
                int n = count();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(value());
                }
                return l;
            }
            case ENUM: return rb.enumValue(stringRef(), stringRef(), start);
            case CODEC_VALUE: return rb.codecValue(stringRef(), stringRef(), start);
            case SQL_TYPE:
            case CODED_SQL_TYPE: {
                long[] mark = rb.mark();
                String kind = tag == SQL_TYPE ? stringRef() : typeKind(start);
                Integer length = optInt();
                Integer precision = optInt();
                Integer scale = optInt();
                int n = count();
                Map<String, TypeEngine<?>> variants = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    variants.put(stringRef(), type());
                }
                rb.countNode(start);
                return registered(rb.sqlType(kind, length, precision, scale, variants, start), mark);
            }
            case CODEC_TYPE: {
                long[] mark = rb.mark();
                rb.countNode(start);
                return registered(rb.codecType(stringRef(), stringRef(), start), mark);
            }
            case TYPE_REF: {
                long id = varint();
                if (id < 0 || id >= types.size()) {
                    throw Rebuilder.error(start, "reference to type " + id + " but only " + types.size() + " types so far");
                }
                rb.repeat(typeCosts.get((int) id), start);
                return types.get((int) id);
            }
            case NODE:
            case DECLARED_NODE: {
                long[] mark = rb.mark();
                rb.countNode(start);
                int id = reserve();
                String kind = stringRef();
                int n = tag == NODE ? count() : rb.declaredArity(kind, minor, start);
                List<Object> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Rebuilder.Place outer = rb.enter(kind, null, i);
                    if (pos < in.length && in[pos] == LIST) {
                        rb.refuseListHere(pos);
                    }
                    values.add(value());
                    rb.leave(outer);
                }
                return fill(id, rb.node(kind, null, values, start), mark);
            }
            case REF: {
                long id = varint();
                if (id < 0 || id >= nodes.size() || nodes.get((int) id) == null) {
                    throw Rebuilder.error(start, "reference to node " + id + ", which is not complete before this point");
                }
                rb.repeat(nodeCosts.get((int) id), start);
                return nodes.get((int) id);
            }
            case TABLE_REF:
                rb.countNode(start);
                return rb.table(stringRef(), start);
            case COLUMN_REF:
                rb.countNode(start);
                return rb.column(stringRef(), stringRef(), start);
            case ENTITY_REF:
                rb.countNode(start);
                return rb.entity(stringRef(), start);
            case SESSION_REF:
                rb.countNode(start);
                return rb.session();
            case ENGINE_REF:
                rb.countNode(start);
                return rb.engine(start);
            case LIGHT_TABLE: {
                long[] mark = rb.mark();
                rb.countNode(start);
                int id = reserve();
                String name = stringRef();
                int schemaAt = pos;
                Object schema = value();
                if (schema != null && !(schema instanceof String)) {
                    throw Rebuilder.error(schemaAt, "a table's schema must be a string or null");
                }
                int n = count();
                List<String> names = new ArrayList<>(n);
                List<Boolean> literal = new ArrayList<>(n);
                List<TypeEngine<?>> types = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    names.add(stringRef());
                    literal.add(flag());
                    types.add(type());
                }
                try {
                    return fill(id, rb.lightTable(name, (String) schema, names, literal, types, start), mark);
                } catch (dev.retort.exc.ArgumentException e) {
                    throw Rebuilder.error(start, e.getMessage());
                }
            }
            case LIGHT_COLUMN: {
                long[] mark = rb.mark();
                rb.countNode(start);
                int id = reserve();
                String name = stringRef();
                boolean literal = flag();
                Object table = value();
                TypeEngine<?> type = type();
                return fill(id, rb.lightColumn(table, name, literal, type, start), mark);
            }
            default: {
                ScalarTag t = ScalarTag.byCode(tag);
                if (t == null) {
                    throw Rebuilder.error(start, "unknown tag " + tag);
                }
                return rb.scalar(t, stringRef(), start);
            }
        }
    }

    private String typeKind(int start) {
        int code = u8();
        if (code >= TYPE_KINDS.size()) {
            throw Rebuilder.error(start, "unknown type code " + code);
        }
        return TYPE_KINDS.get(code);
    }

    private TypeEngine<?> registered(TypeEngine<?> t, long[] mark) {
        types.add(t);
        typeCosts.add(rb.since(mark));
        return t;
    }

    private int reserve() {
        nodes.add(null);
        nodeCosts.add(null);
        return nodes.size() - 1;
    }

    private Object fill(int id, ClauseElement e, long[] mark) {
        nodes.set(id, e);
        nodeCosts.set(id, rb.since(mark));
        return e;
    }
}
