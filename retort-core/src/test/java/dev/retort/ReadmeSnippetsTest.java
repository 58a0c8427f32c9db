package dev.retort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.ReadmeSnippets;
import dev.retort.testing.ReadmeSnippets.Snippet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README compiles against the current API, so a snippet cannot go stale silently
 * when a name changes. Each block becomes a class extending {@code readme.Context} (the variables and classes the
 * README's prose defines around its examples: {@code users}, {@code conn}, {@code session}, {@code Order}...):
 * declarations at brace depth 0 (classes, records, methods) become members, the rest the body of one method. All blocks
 * compile in one {@link javax.tools.JavaCompiler} call, in memory; a failure names the README line.
 *
 * <p>Compiling is the bar here; the examples that run are in the {@code Readme*ExampleTest} classes.
 */
class ReadmeSnippetsTest {
    /**
     * Blocks that are not compiled, keyed by their first line of code, each with why. Keep it short: a block that
     * could compile should.
     */
    static final Map<String, String> SKIPPED = Map.of(
            "public final class Orders {", "an excerpt of generated code (retort-codegen): its elided bodies are the point",
            "import static com.acme.db.Tables.*;",
            "uses the classes retort-codegen writes for one database (retort-codegen's tests compile generated code)");

    /** Blocks of other modules' API, which retort-core cannot see, by a name they use: those modules' tests compile them. */
    static final Map<String, String> OTHER_MODULES = Map.of(
            "RedisResultCache.builder()", "retort-redis's API: compiled by retort-redis's ReadmeRedisSnippetsTest",
            "RetortMetrics", "retort-micrometer's API: compiled by retort-micrometer's ReadmeMicrometerSnippetsTest",
            "@Service", "Spring's API: compiled by retort-spring-boot-starter's ReadmeSpringSnippetsTest");

    /**
     * Variables a block's prose defines with a type of the block's own classes (or another than the shared context's),
     * keyed like {@link #SKIPPED}; they become fields of that block's class.
     */
    static final Map<String, String> BLOCK_CONTEXT = Map.of(
            "StatementLambdaElement byId(int id) {", "StatementLambdaElement s;",
            "public class User { Integer id; String name; WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>(); }",
            "User user; Address address;",
            "public class User { Integer id; String name; DynamicCollection<Address> addresses = new DynamicCollection<>(); }",
            "User user; Address address;",
            "@Entity public class Deck {", "Deck deck;");

    static final String RETORT_IMPORTS = "import dev.retort.schema.Table; import dev.retort.schema.Column; import dev.retort.schema.Index;"
            + " import dev.retort.schema.Sequence; import dev.retort.orm.Query; import dev.retort.engine.Connection;";

    static final String JPA_IMPORTS = "import jakarta.persistence.*; import jakarta.persistence.Table; import jakarta.persistence.Column;"
            + " import jakarta.persistence.Index; import jakarta.persistence.EnumType; import dev.retort.orm.Query;"
            + " import dev.retort.engine.Connection;";

    @Test
    void everyJavaBlockCompiles() throws IOException {
        Path readme = Path.of("../README.md");
        Assumptions.assumeTrue(Files.exists(readme), "README snippets not checked: no ../README.md next to this module");
        List<Snippet> snippets = ReadmeSnippets.extract(readme);
        assertThat(snippets).hasSizeGreaterThan(50);

        List<Snippet> compiled = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Snippet s : snippets) {
            String reason = SKIPPED.getOrDefault(s.firstCodeLine(), OTHER_MODULES.entrySet().stream()
                    .filter(e -> s.code().contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null));
            if (reason != null) skipped.add("README line " + s.line() + ": " + reason);
            else compiled.add(s);
        }
        System.out.println("README snippets: " + compiled.size() + " compiled, " + skipped.size() + " skipped");
        skipped.forEach(r -> System.out.println("  skipped " + r));

        ReadmeSnippets.Result result = ReadmeSnippets.compileBlocks(compiled, context(), ReadmeSnippetsTest::imports,
                s -> BLOCK_CONTEXT.getOrDefault(s.firstCodeLine(), ""));
        assertThat(result.errors()).as("compile errors in README java blocks (%d blocks compiled)", result.compiled()).isEmpty();
    }

    /** A block's members and statements compile in their places, and an error names the README line it is on. */
    @Test
    void anErrorNamesItsReadmeLine() throws IOException {
        Snippet block = new Snippet(100, "Example", List.of(
                "record Point(int x, int y) {}",
                "static int twice(int n) {",
                "    return 2 * n;",
                "}",
                "Point p = new Point(twice(1), 2);",
                "Select s = select(column(\"a\")).whereNot(p);"));
        ReadmeSnippets.Parts parts = ReadmeSnippets.split(block.lines());
        assertThat(parts.members()).contains("static record Point", "static int twice").doesNotContain("Point p =");
        assertThat(parts.statements()).contains("Point p =").doesNotContain("return 2 * n");
        ReadmeSnippets.Result result = ReadmeSnippets.compileBlocks(List.of(block), "package readme; public abstract class Context {}",
                ReadmeSnippetsTest::imports, s -> "");
        assertThat(result.errors()).singleElement().asString().startsWith("README line 105 (Example): cannot find symbol").contains("whereNot");
    }

    /** The prelude, and of two same-named classes the one a block means: Retort's, or for JPA-annotated blocks theirs. */
    static String imports(Snippet s) {
        boolean jpa = s.code().contains("@Entity") || s.code().contains("@Embeddable");
        return ReadmeSnippets.PRELUDE + " " + (jpa ? JPA_IMPORTS : RETORT_IMPORTS);
    }

    /**
     * What the README's prose defines around its blocks, as fields and classes every block's class inherits (a block's
     * own declaration of the same name hides it).
     */
    static String context() throws IOException {
        try (var in = ReadmeSnippetsTest.class.getResourceAsStream("/readme/Context.java.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
