package dev.retort.types;

import dev.retort.dialect.Dialect;
import dev.retort.sql.Operator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL range type ({@code INT4RANGE}, {@code INT8RANGE}, {@code NUMRANGE},
 * {@code DATERANGE}, {@code TSRANGE}, {@code TSTZRANGE}; values {@link Range}) or multirange type
 * ({@code INT4MULTIRANGE} ... {@code TSTZMULTIRANGE}, PostgreSQL 14+; values
 * {@code List<Range<T>>}). Values travel as PostgreSQL's text for them; a parameter of the type is
 * written {@code ?::INT4RANGE}, as SQLAlchemy writes it. Other databases have no range types:
 * DDL and the range operators raise {@code CompileException} there.
 *
 * <pre>{@code
 * Column.of("during", Types.TSRANGE);
 * select(t).where(t.c("during").contains(LocalDateTime.now()));       // t.during @> ?
 * select(t).where(t.c("during").overlap(Range.of(from, to)));          // t.during && ?::TSRANGE
 * }</pre>
 *
 * @param <V> {@code Range<T>}, or {@code List<Range<T>>} for a multirange
 */
public final class RangeType<V> extends TypeEngine<V> {
    /** PostgreSQL's text of a timestamptz bound: {@code 2013-03-23 14:30:00+00}. */
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendOffset("+HH:mm", "Z").toFormatter();
    private static final Map<String, RangeType<?>> BY_NAME = new LinkedHashMap<>();

    private final String name;
    private final TypeEngine<?> subtype;
    private final boolean multi;

    private RangeType(String name, TypeEngine<?> subtype, boolean multi) {
        this.name = name;
        this.subtype = subtype;
        this.multi = multi;
    }

    /** The range and multirange types of {@code subtype}, registered by their names. */
    @SuppressWarnings("unchecked")
    static <E> RangeType<Range<E>> define(String name, String multiName, TypeEngine<E> subtype) {
        RangeType<Range<E>> single = new RangeType<>(name, subtype, false);
        BY_NAME.put(name, single);
        BY_NAME.put(multiName, new RangeType<List<Range<E>>>(multiName, subtype, true));
        return single;
    }

    /** The range or multirange type named {@code name} ({@code "INT4RANGE"}, {@code "DATEMULTIRANGE"}, ...). */
    public static RangeType<?> named(String name) {
        RangeType<?> t = BY_NAME.get(name);
        if (t == null) {
            throw new dev.retort.exc.ArgumentException("No range type " + name + "; there are " + BY_NAME.keySet());
        }
        return t;
    }

    /** The type of the bounds: INTEGER, BIGINT, NUMERIC, DATE, DATETIME or TIMESTAMP. */
    public TypeEngine<?> subtype() {
        return subtype;
    }

    /** Whether values are multiranges (lists of ranges). */
    public boolean isMulti() {
        return multi;
    }

    /** The single range type of a multirange type's ranges (this type for a range type). */
    public RangeType<?> rangeType() {
        return multi ? named(name.replace("MULTIRANGE", "RANGE")) : this;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<V> javaType() {
        return (Class) (multi ? List.class : Range.class);
    }

    @Override
    public String visitName() {
        return name;
    }

    @Override
    public List<Object> typeArguments() {
        return List.of(name);
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

    /**
     * A String stays a String (SQLAlchemy binds range text as VARCHAR); a {@link Range} given to
     * a multirange is a range of its ranges' type; a bound value ({@code r.contains(5)}) is of
     * the subtype.
     */
    @Override
    public TypeEngine<?> coerceComparedValue(Operator op, Object value) {
        if (value instanceof CharSequence) {
            return Types.STRING;
        }
        if (value instanceof Range<?>) {
            return rangeType();
        }
        if (value == null || value instanceof List<?>) {
            return this;
        }
        return subtype;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected V coerce(Object value) {
        if (value instanceof String s) {
            return (V) (multi ? parseMulti(s) : parse(s));
        }
        if (multi) {
            if (!(value instanceof List<?> list)) {
                throw new dev.retort.exc.ArgumentException("A " + name + " value is a List of Range, got " + value.getClass().getName());
            }
            List<Range<?>> out = new ArrayList<>(list.size());
            for (Object r : list) {
                out.add(coerceRange(r));
            }
            return (V) out;
        }
        return (V) coerceRange(value);
    }

    private Range<?> coerceRange(Object value) {
        if (value instanceof String s) {
            return parse(s);
        }
        if (!(value instanceof Range<?> r)) {
            throw new dev.retort.exc.ArgumentException("A " + rangeType().name + " value is a Range, got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        if (r.isEmpty()) {
            return r;
        }
        return new Range<>(r.lower() == null ? null : subtype.coerce(r.lower()), r.upper() == null ? null : subtype.coerce(r.upper()), r.bounds(), false);
    }

    @Override
    protected Object bindValue(V value, Dialect dialect) {
        return text(value);
    }

    @Override
    protected V resultValue(Object value, Dialect dialect) {
        return coerce(value.toString());
    }

    @Override
    protected String literalValue(V value, Dialect dialect) {
        return dialect.renderLiteral(TypeKind.STRING, text(value)) + "::" + dialect.typeDdl(this);
    }

    /** PostgreSQL's text for a value: {@code [1,3)}, {@code {[1,3),[5,7)}}. */
    private String text(V value) {
        if (!multi) {
            return value.toString();
        }
        StringBuilder sb = new StringBuilder("{");
        List<?> ranges = (List<?>) value;
        for (int i = 0; i < ranges.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(ranges.get(i));
        }
        return sb.append('}').toString();
    }

    /** {@code {[1,3),[5,7)}} as a list of ranges. */
    private List<Range<?>> parseMulti(String s) {
        String t = s.trim();
        if (!t.startsWith("{") || !t.endsWith("}")) {
            throw new dev.retort.exc.ArgumentException("Not a " + name + " value: '" + shortened(s) + "'");
        }
        List<Range<?>> out = new ArrayList<>();
        int i = 1;
        while (i < t.length() - 1) {
            char c = t.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int end = rangeEnd(t, i);
            out.add(parse(t.substring(i, end)));
            i = end;
        }
        return out;
    }

    /** The index after the range starting at {@code from} (quoted bounds may hold brackets). */
    private static int rangeEnd(String t, int from) {
        if (t.startsWith("empty", from)) {
            return from + 5;
        }
        boolean quoted = false;
        for (int i = from + 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ')' || c == ']')) {
                return i + 1;
            }
        }
        throw new dev.retort.exc.ArgumentException("Unterminated range at character " + from + " of '" + shortened(t) + "'");
    }

    /** {@code [1,3)}, {@code (,5]}, {@code ["2013-03-23 14:30:00","2013-03-24 14:30:00")} or {@code empty}. */
    private Range<?> parse(String s) {
        String t = s.trim();
        if (t.equalsIgnoreCase("empty")) {
            return Range.empty();
        }
        if (t.length() < 3 || "[(".indexOf(t.charAt(0)) < 0 || ")]".indexOf(t.charAt(t.length() - 1)) < 0) {
            throw new dev.retort.exc.ArgumentException("Not a " + rangeType().name + " value: '" + shortened(s) + "'");
        }
        List<String> parts = new ArrayList<>(2);
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 1; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if (c == '\\' && i + 2 < t.length()) {
                cur.append(t.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                wasQuoted = true;
            } else if (c == ',' && !quoted) {
                parts.add(wasQuoted || cur.length() > 0 ? cur.toString() : null);
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(c);
            }
        }
        parts.add(wasQuoted || cur.length() > 0 ? cur.toString() : null);
        if (parts.size() != 2) {
            throw new dev.retort.exc.ArgumentException("Not a " + rangeType().name + " value: '" + shortened(s) + "'");
        }
        String bounds = "" + t.charAt(0) + t.charAt(t.length() - 1);
        return new Range<>(bound(parts.get(0)), bound(parts.get(1)), bounds, false);
    }

    /** PostgreSQL's NUMERIC holds at most 131,072 digits before the point and 16,383 after: more is not a bound it writes. */
    private static final int MAX_NUMERIC_TEXT = 131_072 + 16_383 + 2;

    private Object bound(String text) {
        if (text == null) {
            return null;
        }
        String v = text.trim();
        try {
            switch (subtype.kind()) {
                case TIMESTAMP:
                    return OffsetDateTime.parse(v, PG_TIMESTAMPTZ);
                case INTEGER:
                    return subtype.coerce(Integer.valueOf(v));
                case BIGINT:
                    return subtype.coerce(Long.valueOf(v));
                case NUMERIC: {
                    // Checked before parsing, which takes time quadratic in the digits (a million: 40 s).
                    if (v.length() > MAX_NUMERIC_TEXT) {
                        throw new dev.retort.exc.ArgumentException(v.length() + " characters, more than PostgreSQL's NUMERIC holds");
                    }
                    java.math.BigDecimal d = new java.math.BigDecimal(v);
                    if (d.scale() > 16_383 || d.precision() - d.scale() > 131_072) {
                        throw new dev.retort.exc.ArgumentException("beyond PostgreSQL's NUMERIC");
                    }
                    return subtype.coerce(d);
                }
                default:
                    return subtype.coerce(v);
            }
        } catch (RuntimeException e) {
            throw new dev.retort.exc.ArgumentException("Not a " + rangeType().name + " bound: '" + shortened(v) + "' ("
                    + (e instanceof dev.retort.exc.ArgumentException ? e.getMessage() : e.getClass().getSimpleName()) + ")", e);
        }
    }

    /** Text quoted in a message, cut to a readable length. */
    private static String shortened(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    @Override
    public V copyValue(V value) {
        return value instanceof List<?> l ? coerce(new ArrayList<>(l)) : value;
    }
}
