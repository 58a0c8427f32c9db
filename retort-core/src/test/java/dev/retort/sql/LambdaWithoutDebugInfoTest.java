package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lambda of a class compiled as plain {@code javac} does (no {@code -g}: no local variable names), reading a field of
 * its enclosing object: the captured {@code this} keys by identity and the field by value, as with {@code -g}. The
 * enclosing instance was told by its name in the LocalVariableTable only, so it was refused as an unknown object.
 */
class LambdaWithoutDebugInfoTest {
    private static final String SOURCE = """
            package nodebug;

            import static dev.retort.sql.SQL.select;
            import static dev.retort.sql.SQL.table;
            import static dev.retort.sql.SQL.column;
            import dev.retort.sql.StatementLambdaElement;
            import dev.retort.sql.TableClause;
            import dev.retort.types.Types;

            public class Dao {
                final TableClause t = table("nd_t", column("id", Types.INTEGER));
                public int min = 1;

                public StatementLambdaElement above(int n) {
                    return dev.retort.sql.SQL.lambdaStmt(() -> select(t.c("id")).where(t.c("id").gt(min), t.c("id").ne(n)));
                }
            }
            """;

    private static String sent(ClauseElement s) {
        Compiled c = s.compile();
        return c.string() + " " + c.bind(Map.of()).values();
    }

    @Test
    void anInstanceLambdaReadingAFieldSendsWhatItsSpoiledFormSends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Dao.java");
        Files.writeString(file, SOURCE);
        String retort = Path.of(SQL.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), "-cp", retort, file.toString())).isZero();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> dao = loader.loadClass("nodebug.Dao");
            Object instance = dao.getDeclaredConstructor().newInstance();
            Field min = dao.getField("min");
            java.lang.reflect.Method above = dao.getMethod("above", int.class);
            for (int[] call : new int[][] {{1, 5}, {1, 6}, {7, 5}, {9, 2}}) {
                min.setInt(instance, call[0]);
                StatementLambdaElement s = (StatementLambdaElement) above.invoke(instance, call[1]);
                assertThat(sent(s)).as("min %d, n %d", call[0], call[1]).isEqualTo(sent(s.spoil())).endsWith("[" + call[0] + ", " + call[1] + "]");
            }
        }
    }
}
