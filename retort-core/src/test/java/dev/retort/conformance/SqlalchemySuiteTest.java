package dev.retort.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.CompileOption;
import dev.retort.sql.Compiled;
import dev.retort.sql.SchemaTranslateMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * SQLAlchemy's own compiler tests as the reference: every ported assert_compile case
 * (tools/sqla_suite, expected SQL and parameters produced by SQLAlchemy 2.1) is built with
 * Retort's public API, compiled for the case's dialect and compared, whitespace aside.
 *
 * <p>Cases that differ are listed, with a category, in {@code sqla-suite/known-differences.tsv};
 * the test fails on a failing case that is not listed and on a listed case that now passes.
 * Run with {@code -Dsqla.suite.record=true} to rewrite that list from the current results.
 */
class SqlalchemySuiteTest {
    static final String DIR = "/sqla-suite/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> cases() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = reader(DIR + "cases.jsonl")) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    private static BufferedReader reader(String resource) {
        InputStream in = Objects.requireNonNull(SqlalchemySuiteTest.class.getResourceAsStream(resource), resource);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    static Dialect dialect(String name) {
        switch (name) {
            case "default": return Dialects.defaultDialect();
            case "sqlite": return Dialects.sqlite();
            case "postgresql": return Dialects.postgresql();
            case "mysql": return Dialects.mysql();
            case "mariadb": return Dialects.mariadb();
            default: throw new IllegalArgumentException("No dialect " + name);
        }
    }

    static Compiled compile(JsonNode c, ClauseElement stmt) {
        Dialect d = dialect(c.get("dialect").asText());
        if (c.has("label_length")) {
            d = d.withLabelLength(c.get("label_length").asInt());
        }
        SchemaTranslateMap translate = schemaTranslateMap(c);
        return c.get("literal_binds").asBoolean() ? stmt.compile(d, translate, CompileOption.LITERAL_BINDS) : stmt.compile(d, translate);
    }

    /** The case's {@code schema_translate_map} ([from, to] pairs, null for no schema), or null. */
    static SchemaTranslateMap schemaTranslateMap(JsonNode c) {
        if (!c.has("schema_translate_map")) {
            return null;
        }
        Map<String, String> m = new java.util.HashMap<>();
        c.get("schema_translate_map").forEach(pair -> m.put(pair.get(0).isNull() ? null : pair.get(0).asText(), pair.get(1).isNull() ? null : pair.get(1).asText()));
        return SchemaTranslateMap.of(m);
    }

    static String normalize(String sql) {
        return sql.replaceAll("\\s+", " ").trim();
    }

    /** Why the case fails, or null when Retort renders what SQLAlchemy does. */
    static String check(JsonNode c) {
        if (SqlalchemySuiteTree.isBareType(c.get("tree"))) {
            return checkType(c);
        }
        SqlalchemySuiteTree tree = new SqlalchemySuiteTree(c.get("tables"), "");
        SqlalchemyOrmSuiteBuilder orm = null;
        ClauseElement stmt;
        Compiled compiled;
        try {
            try {
                // an ORM case: its classes are mapped until it is compiled
                orm = c.has("orm") ? new SqlalchemyOrmSuiteBuilder(c.get("orm"), tree) : null;
                stmt = tree.statement(c.get("tree"));
            } catch (RuntimeException e) {
                return "builder\t" + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            try {
                compiled = compile(c, stmt);
            } catch (RuntimeException e) {
                return "compile error\t" + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        } finally {
            if (orm != null) {
                orm.close();
            }
        }
        String want = normalize(c.get("sql").asText());
        String got = normalize(compiled.string());
        if (!want.equals(got)) {
            return "sql differs\twant: " + want + " | got: " + got;
        }
        Map<String, Object> given = JSON.convertValue(c.get("params"), Map.class);
        c.get("params").fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                given.put(e.getKey(), SqlalchemySuiteTree.value(e.getValue()));   // a range, map or bytes value, or a list holding them
            }
        });
        Map<String, Object> wantParams = normalizeParams(given);
        Map<String, Object> gotParams = c.get("literal_binds").asBoolean() ? Map.of() : normalizeParams(compiled.params());
        if (!wantParams.equals(gotParams)) {
            return "params differ\twant: " + wantParams + " | got: " + gotParams;
        }
        return null;
    }

    /** A bare type's case: Retort's Dialect.typeDdl against SQLAlchemy's TypeEngine.compile. */
    private static String checkType(JsonNode c) {
        String got;
        try {
            got = dialect(c.get("dialect").asText()).typeDdl(SqlalchemySuiteTree.type(c.get("tree").get(1)));
        } catch (RuntimeException e) {
            return "compile error\t" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        String want = normalize(c.get("sql").asText());
        return want.equals(normalize(got)) ? null : "sql differs\twant: " + want + " | got: " + got;
    }

    /** Numbers compared by value (Python int 2 and Java Long 2L alike), keys in order. */
    private static Map<String, Object> normalizeParams(Map<?, ?> params) {
        Map<String, Object> out = new TreeMap<>();
        params.forEach((k, v) -> out.put(String.valueOf(k),
                v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros()
                        // a range or multirange by its PostgreSQL text: an Integer bound and a Long one alike
                        : v instanceof dev.retort.types.Range<?> || v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof dev.retort.types.Range<?>
                        ? String.valueOf(v) : bytesAsHex(v)));
        return out;
    }

    /** byte[] values (also inside a list, a tuple IN's rows) by their hex, as arrays compare by identity. */
    private static Object bytesAsHex(Object v) {
        if (v instanceof byte[] b) {
            return "0x" + java.util.HexFormat.of().formatHex(b);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(SqlalchemySuiteTest::bytesAsHex).toList();
        }
        if (v instanceof Object[] a) {
            return java.util.Arrays.stream(a).map(SqlalchemySuiteTest::bytesAsHex).toList();
        }
        return v;
    }

    static Map<String, String> known() throws IOException {
        return tsv("known-differences.tsv");
    }

    /** A list of case ids with a reason each, one a line, tab-separated; {@code #} starts a comment line. */
    static Map<String, String> tsv(String name) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader r = reader(DIR + name)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t", 2);
                    out.put(f[0], f.length > 1 ? f[1] : "");
                }
            }
        }
        return out;
    }

    @Test
    void retortRendersWhatSqlalchemyRenders() throws IOException {
        List<JsonNode> cases = cases();
        Map<String, String> known = known();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, int[]> perFile = new TreeMap<>();
        JsonNode calls = JSON.readTree(reader(DIR + "calls.json"));
        calls.fields().forEachRemaining(e -> perFile.put(e.getKey(), new int[] {e.getValue().asInt(), 0, 0}));
        for (JsonNode c : cases) {
            String why = check(c);
            int[] counts = perFile.computeIfAbsent(c.get("file").asText(), f -> new int[3]);
            counts[1]++;
            if (why == null) {
                counts[2]++;
            } else {
                failures.put(c.get("id").asText(), why);
            }
        }
        printCounts(perFile);
        if (Boolean.getBoolean("sqla.suite.record")) {
            record(failures);
            return;
        }
        List<String> unexpected = new ArrayList<>();
        failures.forEach((id, why) -> {
            if (!known.containsKey(id)) {
                unexpected.add(id + "\t" + why);
            }
        });
        List<String> nowPassing = new ArrayList<>();
        known.keySet().forEach(id -> {
            if (!failures.containsKey(id)) {
                nowPassing.add(id);
            }
        });
        assertThat(unexpected).as("cases that fail and are not in known-differences.tsv "
                + "(rerun with -Dsqla.suite.record=true to accept)").isEmpty();
        assertThat(nowPassing).as("cases in known-differences.tsv that now pass or were removed "
                + "(rerun with -Dsqla.suite.record=true to update)").isEmpty();
        List<String> unused = categories().stream().map(rule -> rule[0])
                .filter(rx -> known.keySet().stream().noneMatch(id -> java.util.regex.Pattern.compile(rx).matcher(id).find()))
                .toList();
        assertThat(unused).as("difference-categories.tsv lines that match no listed difference (remove them)").isEmpty();
    }

    private static void printCounts(Map<String, int[]> perFile) {
        StringBuilder out = new StringBuilder("SQLAlchemy compiler suite: file, assert_compile calls, ported, passing\n");
        int[] total = new int[3];
        perFile.forEach((f, n) -> {
            out.append(String.format("  %-45s %5d %5d %5d%n", f, n[0], n[1], n[2]));
            for (int i = 0; i < 3; i++) {
                total[i] += n[i];
            }
        });
        out.append(String.format("  %-45s %5d %5d %5d%n", "total", total[0], total[1], total[2]));
        System.out.print(out);
    }

    /** Rewrites the list in the source tree (Maven runs tests from the module directory). */
    /** difference-categories.tsv: each line a regex found in a case id, then its category. */
    private static List<String[]> categories() throws IOException {
        List<String[]> rules = new ArrayList<>();
        try (BufferedReader r = reader(DIR + "difference-categories.tsv")) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rules.add(line.split("\t", 2));
                }
            }
        }
        return rules;
    }

    private static void record(Map<String, String> failures) throws IOException {
        List<String[]> rules = categories();
        StringBuilder out = new StringBuilder("# Ported SQLAlchemy cases where Retort renders differently: id, category, kind, detail.\n"
                + "# Regenerate: mvn -B -o -pl retort-core test -Dtest=SqlalchemySuiteTest -Dsqla.suite.record=true\n"
                + "# (categories from difference-categories.tsv)\n");
        failures.forEach((id, why) -> {
            String category = rules.stream().filter(rule -> java.util.regex.Pattern.compile(rule[0]).matcher(id).find())
                    .map(rule -> rule[1]).findFirst().orElse("uncategorised");
            out.append(id).append('\t').append(category).append('\t').append(why.replace('\n', ' ')).append('\n');
        });
        Files.writeString(Path.of("src/test/resources" + DIR + "known-differences.tsv"), out.toString());
    }
}
