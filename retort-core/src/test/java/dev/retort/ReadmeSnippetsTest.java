package dev.retort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.testing.ReadmeSnippets;
import dev.retort.testing.ReadmeSnippets.Snippet;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
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
     * could compile should, and one for another module belongs to that module's tests.
     */
    static final Map<String, String> SKIPPED = Map.ofEntries(
            Map.entry("public final class Orders {",
                    "an excerpt of generated code (retort-codegen): its elided bodies are the point"),
            Map.entry("import static com.acme.db.Tables.*;",
                    "uses the classes retort-codegen writes for a database (checked by retort-codegen's tests)"),
            Map.entry("ResultCache cache = RedisResultCache.builder()", "retort-redis's API, which retort-core cannot see"),
            Map.entry("ResultCache cache = RedisResultCache.builder().sentinel(\"cache\", \"10.0.0.1:26379\", \"10.0.0.2:26379\").build();",
                    "retort-redis's API, which retort-core cannot see"),
            Map.entry("@Service", "Spring's API (retort-spring-boot-starter)"),
            Map.entry("RetortMetrics.monitor(engine, \"orders\", meterRegistry);          // meters and statement timers",
                    "retort-micrometer's API, which retort-core cannot see"));

    /**
     * Variables a block's prose defines with a type of the block's own classes (or another than the shared context's),
     * keyed like {@link #SKIPPED}; they become fields of that block's class.
     */
    static final Map<String, String> BLOCK_CONTEXT = Map.of(
            "StatementLambdaElement byId(int id) {", "StatementLambdaElement s;",
            "public class User { Integer id; String name; WriteOnlyCollection<Address> addresses = new WriteOnlyCollection<>(); }",
            "User user; Address address;",
            "@Entity public class Deck {", "Deck deck;");

    /** Imports every block gets: the public packages, SQL's static factories, and what the prose takes for granted. */
    static final String PRELUDE = String.join(" ",
            "import static dev.retort.sql.SQL.*;",
            "import dev.retort.sql.*; import dev.retort.schema.*; import dev.retort.engine.*; import dev.retort.orm.*;",
            "import dev.retort.types.*; import dev.retort.types.mutable.*; import dev.retort.dialect.*; import dev.retort.exc.*;",
            "import dev.retort.ext.serializer.*;",
            "import java.util.*; import java.util.concurrent.*; import java.util.function.*; import java.util.stream.*;",
            "import java.math.*; import java.time.*;");

    /** Which of two same-named classes a block means: Retort's, or for blocks with Jakarta Persistence annotations theirs. */
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

        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("readme/Context.java", context());
        Map<String, Snippet> byClass = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        for (Snippet s : snippets) {
            String reason = SKIPPED.get(s.firstCodeLine());
            if (reason != null) {
                skipped.add("README line " + s.line() + ": " + reason);
                continue;
            }
            if (s.firstCodeLine().startsWith("package ")) {
                String pkg = s.firstCodeLine().replaceAll("package\\s+([\\w.]+);.*", "$1");
                String cls = s.code().replaceAll("(?s).*public\\s+(?:final\\s+)?class\\s+(\\w+).*", "$1");
                sources.put(pkg.replace('.', '/') + "/" + cls + ".java", s.code());
                byClass.put(pkg + "." + cls, s);
                continue;
            }
            String cls = "L" + s.line();
            sources.put("readme/" + cls + ".java", unit(cls, s));
            byClass.put("readme." + cls, s);
        }
        System.out.println("README snippets: " + byClass.size() + " compiled, " + skipped.size() + " skipped");
        skipped.forEach(r -> System.out.println("  skipped " + r));

        List<String> errors = compile(sources, byClass);
        assertThat(errors).as("compile errors in README java blocks (%d blocks compiled)", byClass.size()).isEmpty();
    }

    /** One block as a class: imports, its members, then its statements as a method's body, each on its README line's offset. */
    static String unit(String cls, Snippet s) {
        ReadmeSnippets.Parts parts = ReadmeSnippets.split(s.lines());
        String code = s.code();
        boolean jpa = code.contains("@Entity") || code.contains("@Embeddable");
        return "package readme;\n"
                + PRELUDE + "\n"
                + String.join(" ", parts.imports()) + " " + (jpa ? JPA_IMPORTS : RETORT_IMPORTS) + "\n"
                + "@SuppressWarnings(\"all\") public class " + cls + " extends Context { "
                + BLOCK_CONTEXT.getOrDefault(s.firstCodeLine(), "") + "\n"
                + parts.members()
                + "void snippet() throws Throwable {\n"
                + parts.statements()
                + "}}\n";
    }

    /** The README line a diagnostic's line of a unit stands for (see {@link #unit}), or -1 for the wrapping. */
    static int readmeLine(Snippet s, long unitLine) {
        int n = s.lines().size();
        long membersStart = 5;
        long statementsStart = membersStart + n + 1;
        if (unitLine >= membersStart && unitLine < membersStart + n) return (int) (s.line() + unitLine - membersStart);
        if (unitLine >= statementsStart && unitLine < statementsStart + n) return (int) (s.line() + unitLine - statementsStart);
        return -1;
    }

    static List<String> compile(Map<String, String> sources, Map<String, Snippet> byClass) throws IOException {
        var compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        List<JavaFileObject> units = sources.entrySet().stream()
                .map(e -> (JavaFileObject) new SimpleJavaFileObject(URI.create("string:///" + e.getKey()), JavaFileObject.Kind.SOURCE) {
                    @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return e.getValue(); }
                })
                .toList();
        String classpath = Stream.of(System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", ""))
                .flatMap(p -> Stream.of(p.split(File.pathSeparator))).filter(p -> !p.isBlank()).distinct()
                .collect(Collectors.joining(File.pathSeparator));
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, null);
                JavaFileManager inMemory = new ForwardingJavaFileManager<>(standard) {
                    @Override public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                            FileObject sibling) {
                        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                            @Override public OutputStream openOutputStream() { return new ByteArrayOutputStream(); }
                        };
                    }
                }) {
            compiler.getTask(null, inMemory, diagnostics,
                    List.of("-classpath", classpath, "-proc:none", "-Xlint:none", "-nowarn", "-Xmaxerrs", "1000", "-parameters"),
                    null, units).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            String path = d.getSource() == null ? "?" : d.getSource().toUri().getPath().substring(1);
            String cls = path.replaceAll("\\.java$", "").replace('/', '.');
            Snippet s = byClass.get(cls);
            int line = s == null ? -1 : cls.startsWith("readme.") ? readmeLine(s, d.getLineNumber()) : s.line() + (int) d.getLineNumber() - 1;
            String where = s == null ? path + ":" + d.getLineNumber()
                    : line < 0 ? "README block at line " + s.line() + " (in its wrapping)" : "README line " + line;
            errors.add(where + ": " + d.getMessage(null).lines().map(String::strip).collect(Collectors.joining(" | ")));
        }
        return errors;
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
