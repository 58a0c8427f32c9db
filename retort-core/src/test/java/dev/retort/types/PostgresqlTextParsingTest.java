package dev.retort.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.testing.CpuTime;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's text for ranges, multiranges and HSTORE, read as a database or an application
 * gives it: malformed text raises {@link ArgumentException} naming the type and the offending
 * part (before: NumberFormatException, DateTimeParseException, or nothing at all for an unclosed
 * quote), quickly; values survive their own text. The generated inputs are mutations of valid
 * text over the characters the grammar gives meaning to, from a fixed seed.
 */
class PostgresqlTextParsingTest {
    private static final Dialect PG = Dialects.postgresql();

    @SuppressWarnings("unchecked")
    private static <T> Function<Object, T> reader(TypeEngine<T> type) {
        return type.resultProcessor(PG);
    }

    @Test
    void malformedRangeBoundsRaiseArgumentExceptionNamingTheTypeAndTheBound() {
        List<Map.Entry<TypeEngine<?>, String>> bad = List.of(Map.entry(Types.INT4RANGE, "[abc,5)"), Map.entry(Types.INT4RANGE, "[99999999999,5)"),
                Map.entry(Types.INT8RANGE, "[1,99999999999999999999)"), Map.entry(Types.NUMRANGE, "[1.2.3,5)"),
                Map.entry(Types.DATERANGE, "[2020-13-45,2021-01-01)"), Map.entry(Types.TSRANGE, "[\"yesterday\",)"),
                Map.entry(Types.TSTZRANGE, "[\"2020-01-01 00:00:00\",)"), Map.entry(Types.INT4MULTIRANGE, "{[1,2),[x,3)}"));
        bad.forEach(e -> assertThatThrownBy(() -> reader(e.getKey()).apply(e.getValue())).as(e.getValue())
                .isInstanceOf(ArgumentException.class).hasMessageContaining(e.getKey().visitName().replace("MULTI", "")));
        assertThatThrownBy(() -> reader(Types.INT4RANGE).apply("[abc,5)")).hasMessageContaining("'abc'");
    }

    /** The digits of a NUMRANGE bound are bounded as PostgreSQL's NUMERIC is: a million digits took 40 s to parse. */
    @Test
    void aNumericBoundHasAtMostPostgresqlsDigits() {
        String digits = "7".repeat(1_000_000);
        assertThatThrownBy(() -> reader(Types.NUMRANGE).apply("[" + digits + ",)")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("NUMRANGE").hasMessageContaining("1000000 characters");
        assertThatThrownBy(() -> reader(Types.NUMRANGE).apply("[1e999999999,)")).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("NUMRANGE");
        assertThat(reader(Types.NUMRANGE).apply("[1.5,)")).isEqualTo(Range.of(new BigDecimal("1.5"), null));
    }

    /** An unclosed quote, a key without a value, a null key: refused, where before text was read as something else or a key became "null". */
    @Test
    void malformedHstoreIsRefusedAndANullKeyIsNotWrittenAsTheWordNull() {
        for (String text : List.of("\"a\"=>\"b", "\"a", "\"a\"=>", "a=>b=>c", "\"a\"=>\"b\" \"c\"=>\"d\"", "\"a\"\"b\"=>c")) {
            assertThatThrownBy(() -> reader(Types.HSTORE).apply(text)).as(text).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("hstore");
        }
        Map<String, String> nullKey = new java.util.HashMap<>();
        nullKey.put(null, "v");
        assertThatThrownBy(() -> Types.HSTORE.bindProcessor(PG).apply(nullKey)).isInstanceOf(ArgumentException.class)
                .hasMessageContaining("null key");
        assertThat(reader(Types.HSTORE).apply("a=>b, \"c d\"=>NULL,e=>\"NULL\"")).containsExactly(Map.entry("a", "b"),
                new java.util.AbstractMap.SimpleEntry<>("c d", null), Map.entry("e", "NULL"));
    }

    @Test
    void valuesSurviveTheirOwnText() {
        SplittableRandom r = new SplittableRandom(42);
        String alphabet = "ab\"\\=>, {}[]()NUL\t\n";
        for (int n = 0; n < 2_000; n++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                m.put(random(r, alphabet, 6), r.nextInt(4) == 0 ? null : random(r, alphabet, 6));
            }
            Object text = Types.HSTORE.bindProcessor(PG).apply(m);
            assertThat(reader(Types.HSTORE).apply(text)).as(String.valueOf(text)).isEqualTo(m);
            Range<Integer> range = r.nextInt(10) == 0 ? Range.empty()
                    : Range.of(r.nextBoolean() ? null : r.nextInt(), r.nextBoolean() ? null : r.nextInt(), List.of("[)", "[]", "(]", "()").get(r.nextInt(4)));
            assertThat(reader(Types.INT4RANGE).apply(Types.INT4RANGE.bindProcessor(PG).apply(range))).isEqualTo(range);
        }
    }

    /** Mutated text: each input reads or raises ArgumentException, nothing else, and quickly. */
    @Test
    void mutatedTextReadsOrRaisesArgumentException() {
        SplittableRandom r = new SplittableRandom(7);
        List<String> seeds = List.of("[1,3)", "(,5]", "empty", "{[1,3),[5,7)}", "{}", "[\"2013-03-23 14:30:00\",\"2013-03-24 14:30:00\")",
                "\"k\"=>\"v\", \"n\"=>NULL", "a=>b", "[1.5,2.25]", "[2020-01-01,2020-02-01)");
        String alphabet = "[](){},\"\\ =>-.0123456789eE+:NULemptyaZ\t";
        List<TypeEngine<?>> types = new ArrayList<>(List.of(Types.INT4RANGE, Types.INT8RANGE, Types.NUMRANGE, Types.DATERANGE, Types.TSRANGE,
                Types.TSTZRANGE, Types.INT4MULTIRANGE, Types.NUMMULTIRANGE, Types.DATEMULTIRANGE, Types.HSTORE));
        long start = CpuTime.now();
        for (int n = 0; n < 5_000; n++) {
            StringBuilder s = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
            for (int m = r.nextInt(4); m >= 0; m--) {
                int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
                switch (r.nextInt(3)) {
                    case 0 -> s.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    case 1 -> { if (at < s.length()) s.deleteCharAt(at); }
                    default -> { if (at < s.length()) s.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length()))); }
                }
            }
            for (TypeEngine<?> type : types) {
                try {
                    reader(type).apply(s.toString());
                } catch (ArgumentException expected) {
                    assertThat(expected.getMessage()).as(s.toString()).isNotBlank();
                } catch (RuntimeException e) {
                    throw new AssertionError(type.visitName() + " raised " + e + " for: " + s, e);
                }
            }
        }
        // No figure counts a parser's work, so this one bound is timed: a runaway guard, some 40 times the 2.4 s (wall) the
        // 50,000 parses take on a loaded 2-core machine (5 s under the fuzz JVM's instrumentation).
        assertThat(CpuTime.since(start)).isLessThan(Duration.ofSeconds(100));
    }

    private static String random(SplittableRandom r, String alphabet, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(max); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
