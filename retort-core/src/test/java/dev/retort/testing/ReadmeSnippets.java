package dev.retort.testing;

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
import java.util.function.Function;
import java.util.function.Predicate;
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

/**
 * The {@code ```java} blocks of a Markdown file, each with the line its code starts on and the heading it sits under,
 * and the split of a block into the members it declares (classes, methods) and the statements it runs. In the test jar
 * so the modules whose README sections retort-core cannot compile can check them the same way.
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {}

    /** Imports every block gets: the public packages, SQL's static factories, and what the prose takes for granted (one line). */
    public static final String PRELUDE = String.join(" ",
            "import static dev.retort.sql.SQL.*;",
            "import dev.retort.sql.*; import dev.retort.schema.*; import dev.retort.engine.*; import dev.retort.orm.*;",
            "import dev.retort.types.*; import dev.retort.types.mutable.*; import dev.retort.dialect.*; import dev.retort.exc.*;",
            "import dev.retort.ext.serializer.*;",
            "import java.util.*; import java.util.concurrent.*; import java.util.function.*; import java.util.stream.*;",
            "import java.math.*; import java.time.*;");

    /** One block: {@code line} is the README line of its first code line, {@code section} the heading above (errors name both). */
    public record Snippet(int line, String section, List<String> lines) {
        public String code() { return String.join("\n", lines); }

        /** The first line that is code (not blank, not a comment): what an allow-list keys a block by. */
        public String firstCodeLine() {
            return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("//")).findFirst().orElse("");
        }
    }

    public static List<Snippet> extract(Path markdown) throws IOException {
        List<String> all = Files.readAllLines(markdown);
        List<Snippet> out = new ArrayList<>();
        String section = "";
        for (int i = 0; i < all.size(); i++) {
            String l = all.get(i);
            if (l.startsWith("#") && !l.startsWith("#!")) {
                section = l.replaceFirst("^#+\\s*", "");
            } else if (l.startsWith("```")) {
                boolean java = l.strip().equals("```java");
                int start = i + 1;
                int end = start;
                while (end < all.size() && !all.get(end).startsWith("```")) end++;
                if (java) out.add(new Snippet(start + 1, section, List.copyOf(all.subList(start, end))));
                i = end;   // a fence's content (a shell block's "# comment") is no heading
            }
        }
        return out;
    }

    /**
     * Compiles blocks in memory, in one compiler call, against this JVM's class and module path, and returns the errors,
     * each naming its README line. Each block becomes a class {@code readme.L<line>} extending {@code readme.Context}
     * ({@code contextSource}, a compilation unit of package {@code readme}: the variables and classes the README's
     * prose defines around its blocks); its members (classes, methods) stay members, its statements become the body of
     * one method. {@code imports} and {@code fields} give each block its import line and its own extra fields (one line
     * each); a block starting with {@code package} compiles as the unit it is.
     */
    public static Result compileBlocks(List<Snippet> blocks, String contextSource, Function<Snippet, String> imports,
            Function<Snippet, String> fields) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("readme/Context.java", contextSource);
        Map<String, Snippet> byClass = new TreeMap<>();
        for (Snippet s : blocks) {
            if (s.firstCodeLine().startsWith("package ")) {
                String pkg = s.firstCodeLine().replaceAll("package\\s+([\\w.]+);.*", "$1");
                String cls = s.code().replaceAll("(?s).*public\\s+(?:final\\s+)?class\\s+(\\w+).*", "$1");
                sources.put(pkg.replace('.', '/') + "/" + cls + ".java", s.code());
                byClass.put(pkg + "." + cls, s);
            } else {
                String cls = "L" + s.line();
                sources.put("readme/" + cls + ".java", unit(cls, s, imports.apply(s), fields.apply(s)));
                byClass.put("readme." + cls, s);
            }
        }
        return new Result(byClass.size(), compile(sources, byClass));
    }

    /**
     * For a module other than retort-core: compiles the blocks of {@code ../README.md} that {@code which} picks (at least
     * one, or the filter went stale), each with {@link #PRELUDE} plus {@code imports}, in a context of {@code fields}
     * (the declarations the README's prose takes for granted). Skipped, with a message, when there is no README.
     */
    public static Result compileModuleBlocks(Predicate<Snippet> which, String imports, String fields) throws IOException {
        Path readme = Path.of("../README.md");
        Assumptions.assumeTrue(Files.exists(readme), "README snippets not checked: no ../README.md next to this module");
        List<Snippet> blocks = extract(readme).stream().filter(which).toList();
        if (blocks.isEmpty()) throw new AssertionError("no README block matches this module's filter: update the test");
        String context = "package readme; @SuppressWarnings(\"all\") public abstract class Context {\n" + fields + "\n}\n";
        Result result = compileBlocks(blocks, context, s -> PRELUDE + " " + imports, s -> "");
        System.out.println("README snippets: " + result.compiled() + " compiled");
        return result;
    }

    /** How many blocks compiled, and the errors. */
    public record Result(int compiled, List<String> errors) {}

    /** One block as a class: imports, its members, then its statements as a method's body, each on its README line's offset. */
    private static String unit(String cls, Snippet s, String imports, String fields) {
        Parts parts = split(s.lines());
        return "package readme;\n"
                + imports.replace('\n', ' ') + "\n"
                + String.join(" ", parts.imports()) + "\n"
                + "@SuppressWarnings(\"all\") public class " + cls + " extends Context { " + fields.replace('\n', ' ') + "\n"
                + parts.members()
                + "void snippet() throws Throwable {\n"
                + parts.statements()
                + "}}\n";
    }

    /** The README line a diagnostic's line of a unit stands for (see unit), or -1 for the wrapping. */
    private static int readmeLine(Snippet s, long unitLine) {
        int n = s.lines().size();
        long membersStart = 5;
        long statementsStart = membersStart + n + 1;
        if (unitLine >= membersStart && unitLine < membersStart + n) return (int) (s.line() + unitLine - membersStart);
        if (unitLine >= statementsStart && unitLine < statementsStart + n) return (int) (s.line() + unitLine - statementsStart);
        return -1;
    }

    private static List<String> compile(Map<String, String> sources, Map<String, Snippet> byClass) throws IOException {
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
            int line = s == null ? -1
                    : cls.startsWith("readme.") ? readmeLine(s, d.getLineNumber()) : s.line() + (int) d.getLineNumber() - 1;
            String where = s == null ? path + ":" + d.getLineNumber()
                    : line < 0 ? "README block at line " + s.line() + " (in its wrapping)" : "README line " + line + " (" + s.section() + ")";
            errors.add(where + ": " + d.getMessage(null).lines().map(String::strip).collect(Collectors.joining(" | ")));
        }
        return errors;
    }

    /** A block split at brace depth 0: its imports, the member declarations (types, methods) and the statements, in order. */
    public record Parts(List<String> imports, String members, String statements) {}

    public static Parts split(List<String> lines) {
        List<String> imports = new ArrayList<>();
        StringBuilder members = new StringBuilder();
        StringBuilder statements = new StringBuilder();
        int depth = 0;
        boolean inMember = false;
        boolean memberOpened = false;
        boolean[] inBlockComment = {false};
        for (String l : lines) {
            String s = l.strip();
            if (depth == 0 && !inMember && !inBlockComment[0]) {
                if (s.startsWith("import ")) {
                    imports.add(s);
                    members.append('\n');
                    statements.append('\n');
                    continue;
                }
                if (startsMember(s)) {
                    inMember = true;
                    memberOpened = false;
                }
            }
            int[] delta = braceDelta(l, inBlockComment);
            memberOpened |= inMember && depth + delta[1] > 0;
            depth += delta[0];
            // A block's classes are top-level classes in a user's code: static here, so static members can create them.
            String line = inMember && TYPE_DECL.matcher(s).matches() && !s.matches("^(\\w+\\s+)*static\\s.*")
                    ? l.replaceFirst("^(\\s*)", "$1static ") : l;
            // Line numbers stay aligned: each source line lands on the same line of both bodies.
            (inMember ? members : statements).append(line).append('\n');
            (inMember ? statements : members).append('\n');
            if (inMember && depth == 0 && (memberOpened || s.endsWith(";"))) inMember = false;
        }
        return new Parts(imports, members.toString(), statements.toString());
    }

    private static final java.util.regex.Pattern TYPE_DECL = java.util.regex.Pattern.compile(
            "^((public|protected|private|static|final|abstract|sealed|non-sealed)\\s+)*(class|record|interface|enum|@interface)\\s+\\w+.*");
    private static final java.util.regex.Pattern METHOD_DECL = java.util.regex.Pattern.compile(
            "^((public|protected|private|static|final|abstract|synchronized)\\s+)*[\\w.<>\\[\\]?, ]+\\s+(\\w+)\\s*\\([^;=]*\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{.*");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("return", "new", "else", "throw", "if", "for", "while",
            "try", "catch", "switch", "do", "synchronized", "case", "yield");

    private static boolean startsMember(String s) {
        if (s.startsWith("@")) return true;
        if (TYPE_DECL.matcher(s).matches()) return true;
        var m = METHOD_DECL.matcher(s);
        return m.matches() && !KEYWORDS.contains(s.split("[\\s(<]", 2)[0]) && !KEYWORDS.contains(m.group(3));
    }

    /** Opening minus closing braces of one line, outside strings, character literals and comments, and the most it reached. */
    private static int[] braceDelta(String l, boolean[] inBlockComment) {
        int d = 0;
        int max = 0;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (inBlockComment[0]) {
                if (c == '*' && i + 1 < l.length() && l.charAt(i + 1) == '/') { inBlockComment[0] = false; i++; }
                continue;
            }
            if (c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '/') break;
            if (c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '*') { inBlockComment[0] = true; i++; continue; }
            if (c == '"' || c == '\'') {
                for (i++; i < l.length() && l.charAt(i) != c; i++) if (l.charAt(i) == '\\') i++;
                continue;
            }
            if (c == '{') max = Math.max(max, ++d);
            else if (c == '}') d--;
        }
        return new int[] {d, max};
    }
}
