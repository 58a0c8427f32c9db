package dev.retort.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Generated sources compiled in the test's JVM (javax.tools), with every lint warning an error, and loaded. */
final class GeneratedSources {
    private GeneratedSources() {
    }

    /** Writes, compiles ({@code -Xlint:all -Werror}) and loads {@code sources}; the loader shares Retort's classes with the test. */
    static ClassLoader compile(Map<String, String> sources, Path dir) {
        try {
            Path src = dir.resolve("src");
            Path classes = dir.resolve("classes");
            Files.createDirectories(classes);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                files.add(f);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror", "-Xdoclint:all/protected", "-classpath", System.getProperty("java.class.path"),
                        "-d", classes.toString());
                boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
                List<String> problems = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                        .map(d -> d.getKind() + " " + d.getSource().getName() + ":" + d.getLineNumber() + " " + d.getMessage(Locale.ROOT)).toList();
                assertThat(String.join("\n", problems)).as("javac diagnostics").isEmpty();
                assertThat(ok).isTrue();
            }
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedSources.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A public static field of a generated class. */
    static Object staticField(ClassLoader loader, String className, String field) throws ReflectiveOperationException {
        return loader.loadClass(className).getField(field).get(null);
    }

    /** A public instance field of a generated object. */
    static Object field(Object owner, String field) throws ReflectiveOperationException {
        return owner.getClass().getField(field).get(owner);
    }

    /** Calls a public no-argument method of a generated object. */
    static Object call(Object owner, String method) throws ReflectiveOperationException {
        return owner.getClass().getMethod(method).invoke(owner);
    }
}
