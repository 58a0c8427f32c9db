package dev.retort.sql;

import dev.retort.exc.ArgumentException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text for {@link CacheKey#toOfflineString}: parameter values written the same way in every
 * JVM, so that the text can key a cache shared between processes. Strings are quoted (which
 * keeps the string {@code "5"} apart from the number 5); nothing depends on identity hashes
 * or on the iteration order of a hash map.
 */
final class OfflineText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OfflineText() {
    }

    /** Appends {@code s} in single quotes, with backslash and quote escaped and line breaks written as escapes: one line. */
    static void quote(String s, StringBuilder out) {
        out.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        out.append('\'');
    }

    /** Appends one parameter value. */
    static void value(Object v, StringBuilder out) {
        if (v == null || v instanceof Number && !(v instanceof BigDecimal) || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof BigDecimal d) {
            // The plain form keeps the scale and is one text per value; a huge exponent is written as one.
            out.append(dev.retort.types.Decimals.text(d));
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            quote(v instanceof Enum<?> e ? e.name() : v.toString(), out);
        } else if (v instanceof byte[] bytes) {
            out.append("x'");
            for (byte b : bytes) {
                out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            out.append('\'');
        } else if (v instanceof Collection<?> items) {
            out.append('[');
            String sep = "";
            for (Object item : items) {
                out.append(sep);
                value(item, out);
                sep = ", ";
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> map) {
            mapValue(map, out);
        } else if (v instanceof java.util.Date d) {
            // Its toString drops the milliseconds (and a Timestamp's nanoseconds) and depends on the time zone.
            quote(d.getClass().getSimpleName() + ":" + d.getTime() + (d instanceof java.sql.Timestamp t ? "." + t.getNanos() : ""), out);
        } else {
            quote(stableText(v), out);
        }
    }

    /** A map's entries ordered by the text of their keys, whatever the map's own order. */
    private static void mapValue(Map<?, ?> map, StringBuilder out) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            StringBuilder key = new StringBuilder();
            value(e.getKey(), key);
            sorted.put(key.toString(), e.getValue());
        }
        out.append('{');
        String sep = "";
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            out.append(sep).append(e.getKey()).append(": ");
            value(e.getValue(), out);
            sep = ", ";
        }
        out.append('}');
    }

    /** The {@code toString} of a value whose class defines one (dates, UUIDs, records, ...). */
    private static String stableText(Object v) {
        try {
            if (v.getClass().getMethod("toString").getDeclaringClass() == Object.class) {
                throw new ArgumentException("A " + v.getClass().getName() + " parameter value has no stable text (its toString shows an "
                        + "identity hash), so it cannot be part of an offline cache key; bind a plain value instead");
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Every class has toString", e);
        }
        return v.getClass().getSimpleName() + ":" + v;
    }
}
