package dev.retort.ext.serializer;

import dev.retort.exc.SerializationException;
import dev.retort.types.ArrayType;
import dev.retort.types.DomainType;
import dev.retort.types.EnumType;
import dev.retort.types.JsonPathType;
import dev.retort.types.JsonValues;
import dev.retort.types.MysqlType;
import dev.retort.types.NamedType;
import dev.retort.types.Range;
import dev.retort.types.RangeType;
import dev.retort.types.SpelledType;
import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in codecs (format 1.3) of the types that are not {@link SqlType}s: enums, arrays,
 * domains and named types, written as codec types (tag 22) named {@code retort.enum},
 * {@code retort.array}, {@code retort.domain}, {@code retort.named}. The payload is a list of
 * fields, each written as its length in characters, a colon and the text; a nested type (an
 * array's element, a domain's base) is one field holding its own spec. An enum of a Java class
 * comes back as an enum of its labels (values are Strings): the data never names a class.
 */
final class RichTypeCodecs {
    private RichTypeCodecs() {
    }

    @SuppressWarnings("rawtypes")
    static void registerAll() {
        Codecs.register(TypeCodec.of("retort.enum", EnumType.class, t -> fields(enumFields(t)), s -> enumOf(parse(s))));
        Codecs.register(TypeCodec.of("retort.array", ArrayType.class, RichTypeCodecs::arrayFields, RichTypeCodecs::array));
        Codecs.register(TypeCodec.of("retort.domain", DomainType.class, RichTypeCodecs::domainFields, RichTypeCodecs::domain));
        Codecs.register(TypeCodec.of("retort.json_path", JsonPathType.class, t -> "", s -> JsonPathType.INSTANCE));
        // A JSON document given as a value (jsonb.contains(Map.of(...))): its JSON text, read back as maps, lists and scalars only.
        Codecs.register(ValueCodec.<Map>of("retort.json", Map.class, JsonValues::write, s -> {
            if (JsonValues.read(s) instanceof Map<?, ?> m) {
                return m;
            }
            throw new SerializationException("A retort.json value must be a JSON object, not: " + (s.length() > 40 ? s.substring(0, 40) + "..." : s));
        }));
        // Format 1.11: CHAR, NCHAR, NVARCHAR, BINARY, VARBINARY, DECIMAL, TEXT(n), NUMERIC(p) and collated strings.
        Codecs.register(TypeCodec.of("retort.spelled", SpelledType.class,
                t -> fields(List.of(t.visitName(), text(t.length()), text(t.precision()), text(t.scale()), t.collation() == null ? "" : t.collation())),
                RichTypeCodecs::spelled));
        // Format 1.12: PostgreSQL's range and multirange types, by name, and Range values with their bounds' kinds.
        Codecs.register(TypeCodec.of("retort.range", RangeType.class, RangeType::visitName, RangeType::named));
        Codecs.register(ValueCodec.<Range>of("retort.range_value", Range.class, RichTypeCodecs::rangeFields, RichTypeCodecs::range));
        // Format 1.13: MySQL's own types: name, length (display width, length or fsp), precision, scale, flags, character set, collation.
        Codecs.register(TypeCodec.of("retort.mysql", MysqlType.class, RichTypeCodecs::mysqlFields, RichTypeCodecs::mysql));
        // Format 1.14: a BOOLEAN with its CHECK of 0 and 1, by the CHECK's name (empty: unnamed).
        Codecs.register(TypeCodec.of("retort.checked_boolean", dev.retort.types.CheckedBoolean.class, t -> t.name() == null ? "" : t.name(),
                s -> Types.checkedBoolean(s.isEmpty() ? null : s)));
        Codecs.register(TypeCodec.of("retort.named", NamedType.class, t -> fields(List.of(t.dialectName(), t.name(), t.kind().name())), s -> {
            List<String> f = parse(s, "a retort.named type", 3);
            return Types.named(f.get(0), f.get(1), TypeKind.valueOf(f.get(2)));
        }));
    }

    /** bounds, then the lower and upper bound each as its kind's name and text ("" and "" for none); "empty" alone for the empty range. */
    private static String rangeFields(Range<?> r) {
        if (r.isEmpty()) {
            return fields(List.of("empty"));
        }
        List<String> f = new ArrayList<>(List.of(r.bounds()));
        for (Object b : java.util.Arrays.asList(r.lower(), r.upper())) {
            f.add(b == null ? "" : TypeKind.of(b).name());
            f.add(b == null ? "" : b.toString());
        }
        return fields(f);
    }

    /**
     * A domain's name, base type and constraints text; then, from format 1.12 and only when one is
     * set, its options: schema, collation schema, collation, default SQL, constraint name, NOT NULL
     * ("1"), CHECK and create-type ("0" when the tables do not create it). Empty is unset.
     */
    private static String domainFields(DomainType<?> t) {
        List<String> f = new java.util.ArrayList<>(List.of(t.name(), spec(t.baseType()), t.constraints() == null ? "" : t.constraints()));
        List<String> options = java.util.Arrays.asList(t.schema(), t.collationSchema(), t.collation(), t.defaultSql(), t.constraintName(),
                t.isNotNull() ? "1" : null, t.check(), t.isCreateType() ? null : "0");
        if (options.stream().anyMatch(java.util.Objects::nonNull)) {
            options.forEach(o -> f.add(o == null ? "" : o));
        }
        return fields(f);
    }

    /**
     * The numbers a built-in value codec's payload holds as text (a NUMERIC range bound), so the
     * loader checks their digits before the codec parses them; none for other codecs.
     */
    static List<String> numbersOf(String codec, String payload) {
        if (!codec.equals("retort.range_value")) {
            return List.of();
        }
        List<String> f;
        try {
            f = parse(payload);
        } catch (RuntimeException malformed) {
            return List.of();   // the codec itself says what is wrong
        }
        List<String> out = new ArrayList<>(2);
        for (int i = 1; i + 1 < f.size(); i += 2) {
            if (f.get(i).equals(TypeKind.NUMERIC.name())) {
                out.add(f.get(i + 1));
            }
        }
        return out;
    }

    private static Range<?> range(String payload) {
        List<String> f = parse(payload, "a retort.range_value", 1, 5);
        if (f.get(0).equals("empty") != (f.size() == 1)) {
            throw new IllegalArgumentException("a retort.range_value is 'empty' alone or bounds and two bounds, not '" + f.get(0) + "' and "
                    + (f.size() - 1) + " fields");
        }
        if (f.size() == 1) {
            return Range.empty();
        }
        return Range.of(rangeBound(f.get(1), f.get(2)), rangeBound(f.get(3), f.get(4)), f.get(0));
    }

    private static Object rangeBound(String kind, String text) {
        if (kind.isEmpty()) {
            return null;
        }
        switch (TypeKind.valueOf(kind)) {
            case INTEGER: return Integer.valueOf(text);
            case BIGINT: return Long.valueOf(text);
            case DATE: case DATETIME: case TIMESTAMP: case NUMERIC: return TypeKind.valueOf(kind).coerce(text);
            default: throw new SerializationException("A range bound of kind " + kind + " is not one Retort writes");
        }
    }

    private static DomainType<?> domain(String payload) {
        List<String> f = parse(payload);
        if (f.size() != 3 && f.size() != 11) {
            // Options cut short would load a domain of another schema, default or check without a word.
            throw new IllegalArgumentException("a domain has 3 fields (before format 1.12) or 11, got " + f.size());
        }
        DomainType<?> d = Types.domain(f.get(0), type(f.get(1)), f.get(2));
        if (f.size() == 3) {
            return d;
        }
        d = f.get(3).isEmpty() ? d : d.schema(f.get(3));
        d = f.get(5).isEmpty() ? d : d.collation(f.get(4).isEmpty() ? null : f.get(4), f.get(5));
        d = f.get(6).isEmpty() ? d : d.defaultValue(dev.retort.sql.SQL.text(f.get(6)));
        d = f.get(7).isEmpty() ? d : d.constraintName(f.get(7));
        d = d.notNull(f.get(8).equals("1"));
        d = f.get(9).isEmpty() ? d : d.check(f.get(9));
        return d.createType(!f.get(10).equals("0"));
    }

    /** The flags of a MySQL type, one letter each: unsigned, zerofill, national, binary, ascii, unicode. */
    private static final String MYSQL_FLAGS = "uznbac";

    private static String mysqlFields(MysqlType<?> t) {
        boolean[] set = {t.isUnsigned(), t.isZerofill(), t.isNational(), t.isBinary(), t.isAscii(), t.isUnicode()};
        StringBuilder flags = new StringBuilder();
        for (int i = 0; i < set.length; i++) {
            flags.append(set[i] ? String.valueOf(MYSQL_FLAGS.charAt(i)) : "");
        }
        return fields(List.of(t.name(), text(t.length()), text(t.precision()), text(t.scale()), flags.toString(),
                t.charset() == null ? "" : t.charset(), t.collation() == null ? "" : t.collation()));
    }

    private static MysqlType<?> mysql(String payload) {
        List<String> f = parse(payload);
        if (f.size() != 7) {
            throw new IllegalArgumentException("a retort.mysql type has 7 fields, not " + f.size());
        }
        MysqlType<?> t = MysqlType.of(f.get(0));
        t = f.get(1).isEmpty() ? t : t.sized(number(f.get(1)));
        if (!f.get(2).isEmpty()) {
            t = f.get(3).isEmpty() ? t.precision(number(f.get(2))) : t.precision(number(f.get(2)), number(f.get(3)));
        }
        for (char c : f.get(4).toCharArray()) {
            switch (c) {
                case 'u': t = t.unsigned(); break;
                case 'z': t = t.zerofill(); break;
                case 'n': t = t.national(); break;
                case 'b': t = t.binary(); break;
                case 'a': t = t.ascii(); break;
                case 'c': t = t.unicode(); break;
                default: throw new IllegalArgumentException("unknown MySQL type flag '" + c + "'");
            }
        }
        t = f.get(5).isEmpty() ? t : t.charset(f.get(5));
        return f.get(6).isEmpty() ? t : t.collate(f.get(6));
    }

    private static SpelledType<?> spelled(String payload) {
        List<String> f = parse(payload, "a retort.spelled type", 5);
        SpelledType<?> t = SpelledType.of(f.get(0));
        if (!f.get(1).isEmpty()) {
            t = t.length(number(f.get(1)));
        }
        if (!f.get(2).isEmpty()) {
            t = f.get(3).isEmpty() ? t.precision(number(f.get(2))) : t.precision(number(f.get(2)), number(f.get(3)));
        }
        return f.get(4).isEmpty() ? t : t.collate(f.get(4));
    }

    /** Between the name and the options in an enum's first field (1.12): a character no name holds. */
    private static final String ENUM_OPTIONS = "\u0000";

    /**
     * The name (with, from 1.12 and only when set, NUL, the schema, NUL, "0" when createType is
     * false; from 1.13, when set, NUL, the length ("-" for none), NUL, "0" when not native, NUL,
     * "1" with createConstraint), then the labels.
     */
    private static List<String> enumFields(EnumType<?> t) {
        List<String> f = new ArrayList<>();
        String name = t.name() == null ? "" : t.name();
        // a length given equal to the longest label's still compares apart from the default one
        boolean lengthGiven = t.equals(t.length(t.length()));
        boolean since13 = lengthGiven || !t.isNativeEnum() || t.isCreateConstraint();
        if (t.schema() != null || !t.isCreateType() || since13) {
            name += ENUM_OPTIONS + (t.schema() == null ? "" : t.schema()) + ENUM_OPTIONS + (t.isCreateType() ? "" : "0");
        }
        if (since13) {
            name += ENUM_OPTIONS + (t.length() == null ? "-" : lengthGiven ? t.length().toString() : "")
                    + ENUM_OPTIONS + (t.isNativeEnum() ? "" : "0") + ENUM_OPTIONS + (t.isCreateConstraint() ? "1" : "");
        }
        f.add(name);
        f.addAll(t.labels());
        return f;
    }

    private static EnumType<String> enumOf(List<String> f) {
        String[] name = f.get(0).split(ENUM_OPTIONS, -1);
        if (name.length != 1 && name.length != 3 && name.length != 6) {
            throw new IllegalArgumentException("an enum's name field has one part, three (name, schema, create-type) or six"
                    + " (and length, native, create-constraint), got " + name.length);
        }
        EnumType<String> e = Types.enumOf(name[0].isEmpty() ? null : name[0], f.subList(1, f.size()).toArray(new String[0]));
        if (name.length >= 3) {
            e = name[1].isEmpty() ? e : e.schema(name[1]);
            e = e.createType(!name[2].equals("0"));
        }
        if (name.length == 6) {
            e = name[3].isEmpty() ? e : e.length(name[3].equals("-") ? null : number(name[3]));
            e = e.nativeEnum(!name[4].equals("0")).createConstraint(name[5].equals("1"));
        }
        return e;
    }

    /** The element type's spec; from 1.13, when set, the dimensions ("" for none) and "1" for zeroIndexes. */
    private static String arrayFields(ArrayType<?> t) {
        List<String> f = new ArrayList<>(List.of(spec(t.elementType())));
        if (t.dimensions() != null || t.isZeroIndexes()) {
            f.add(text(t.dimensions()));
            f.add(t.isZeroIndexes() ? "1" : "");
        }
        return fields(f);
    }

    private static ArrayType<?> array(String payload) {
        List<String> f = parse(payload);
        if (f.size() != 1 && f.size() != 3) {
            throw new IllegalArgumentException("an array type has one field, or three (element, dimensions, zero-indexes), got " + f.size());
        }
        ArrayType<?> a = Types.array(type(f.get(0)));
        if (f.size() == 3) {
            a = f.get(1).isEmpty() ? a : a.dimensions(number(f.get(1)));
            a = a.zeroIndexes(f.get(2).equals("1"));
        }
        return a;
    }

    /** A nested type: a built-in type by kind and arguments, or a codec type by codec name and payload. */
    private static String spec(TypeEngine<?> t) {
        if (!t.variants().isEmpty()) {
            throw new SerializationException("A type nested in an array or domain cannot have dialect variants: " + t);
        }
        if (t instanceof SqlType<?> s) {
            return fields(List.of("sql", s.kind().name(), text(s.length()), text(s.precision()), text(s.scale())));
        }
        TypeCodec<?> codec = Codecs.typeCodecFor(t.getClass());
        if (codec == null) {
            throw new SerializationException("No TypeCodec is registered for the type " + t.getClass().getName() + " (" + t + ")");
        }
        return fields(List.of("codec", codec.name(), codec.encode(t)));
    }

    private static TypeEngine<?> type(String spec) {
        List<String> f = parse(spec, "a nested type", 3, 5);
        if (f.get(0).equals("codec") != (f.size() == 3)) {
            throw new IllegalArgumentException("a nested type is 'codec' and 2 fields or 'sql' and 4, not '" + f.get(0) + "' and " + (f.size() - 1));
        }
        if (f.size() == 3) {
            TypeCodec<?> codec = Codecs.typeCodec(f.get(1));
            if (codec == null) {
                throw new IllegalArgumentException("no TypeCodec named '" + f.get(1) + "' is registered");
            }
            return codec.decode(f.get(2));
        }
        TypeKind kind = TypeKind.valueOf(f.get(1));
        if (!f.get(2).isEmpty()) {
            return Types.string(number(f.get(2)));
        }
        if (!f.get(3).isEmpty() && f.get(4).isEmpty() && Rebuilder.withPrecision(kind, number(f.get(3))) != null) {
            return Rebuilder.withPrecision(kind, number(f.get(3)));
        }
        if (!f.get(3).isEmpty()) {
            return Types.numeric(number(f.get(3)), number(f.get(4)));
        }
        return Types.forKind(kind);
    }

    /**
     * A field length or a number field: ASCII digits only. {@code Integer.parseInt} also reads a
     * sign and other scripts' digits, so "codec" with an Arabic-Indic five for its length would be
     * a nested type that {@code Rebuilder}'s count of nested types, looking for {@code 5:codec}, missed.
     */
    static int number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "' is not a number of ASCII digits");
        }
        return Integer.parseInt(s);
    }

    private static String text(Integer n) {
        return n == null ? "" : n.toString();
    }

    static String fields(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            sb.append(f.length()).append(':').append(f);
        }
        return sb.toString();
    }

    /** {@link #parse(String)}, refusing a payload of another number of fields than {@code counts} (a field read past the end was "Index 2 out of bounds"). */
    private static List<String> parse(String s, String what, int... counts) {
        List<String> f = parse(s);
        if (java.util.Arrays.stream(counts).noneMatch(c -> c == f.size())) {
            throw new IllegalArgumentException(what + " has " + java.util.Arrays.stream(counts).mapToObj(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" or ")) + " fields, not " + f.size());
        }
        return f;
    }

    static List<String> parse(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int colon = s.indexOf(':', i);
            if (colon < 0) {
                throw new IllegalArgumentException("a field length without ':' at " + i);
            }
            int n = number(s.substring(i, colon));
            if (n > s.length() - colon - 1) {
                throw new IllegalArgumentException("a field of " + n + " characters runs past the end");
            }
            out.add(s.substring(colon + 1, colon + 1 + n));
            i = colon + 1 + n;
        }
        return out;
    }
}
