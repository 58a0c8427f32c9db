package dev.retort;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite runs on the class path; these tests check the module descriptor that users on the
 * module path get: every package with public classes is exported, and a program in another
 * module-path launch can build, run and read a statement on SQLite (dialects found through
 * {@code ServiceLoader}, the JDBC driver through {@code DriverManager}).
 */
class ModulePathTest {

    private static final List<String> RUNTIME_JARS =
            List.of("HikariCP-", "caffeine-", "jackson-core-", "slf4j-api-", "sqlite-jdbc-");

    private static Path classes() throws Exception {
        return Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws Exception {
        return ModuleFinder.of(classes()).findAll().iterator().next().descriptor();
    }

    @Test
    void exportsEveryPackageThatHasPublicClasses() throws Exception {
        ModuleDescriptor module = descriptor();
        assertThat(module.name()).isEqualTo("dev.retort.core");
        Set<String> withPublicClasses = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes().relativize(f).toString().replace(File.separatorChar, '.');
                if (name.equals("module-info.class") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        getClass().getClassLoader());
                if (java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                    withPublicClasses.add(c.getPackageName());
                }
            }
        }
        Set<String> exported = module.exports().stream()
                .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).isEqualTo(withPublicClasses);
        assertThat(module.uses()).contains("dev.retort.dialect.Dialect");
    }

    @Test
    void runsAStatementFromTheModulePath(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String modulePath = Stream.concat(Stream.of(classes().toString()),
                        Stream.of(classPath.split(File.pathSeparator))
                                .filter(p -> RUNTIME_JARS.stream().anyMatch(Path.of(p).getFileName().toString()::startsWith)))
                .collect(Collectors.joining(File.pathSeparator));
        Path program = dir.resolve("OnTheModulePath.java");
        Files.writeString(program, String.join("\n",
                "import static dev.retort.sql.SQL.*;",
                "import dev.retort.engine.*;",
                "import dev.retort.schema.*;",
                "import dev.retort.types.Types;",
                "import java.util.Map;",
                "public class OnTheModulePath {",
                "  public static void main(String[] args) {",
                "    System.out.println(OnTheModulePath.class.getModule().isNamed() + \" \" + Engine.class.getModule().getName());",
                "    MetaData md = new MetaData();",
                "    Table t = new Table(\"t\", md, Column.of(\"id\", Types.INTEGER).primaryKey(), Column.of(\"name\", Types.string(20)));",
                "    Engine engine = Engine.create(\"jdbc:sqlite::memory:\");",
                "    md.createAll(engine);",
                "    try (Connection conn = engine.connect()) {",
                "      conn.execute(insert(t), Map.of(\"id\", 1, \"name\", \"modular\"));",
                "      System.out.println(conn.execute(select(t.c(\"name\")).where(t.c(\"id\").eq(1))).scalar());",
                "    }",
                "    engine.dispose();",
                "  }",
                "}"), StandardCharsets.UTF_8);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath,
                "--add-modules", "dev.retort.core,org.xerial.sqlitejdbc", program.toString())
                .redirectErrorStream(true).start();
        String out;
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the module-path program finished").isTrue();
        } finally {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.destroyForcibly();
        }
        assertThat(out).as(out).contains("false dev.retort.core").contains("modular");
        assertThat(p.exitValue()).as(out).isZero();
    }
}
