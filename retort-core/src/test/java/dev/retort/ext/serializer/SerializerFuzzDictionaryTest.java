package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The libFuzzer dictionary of {@link SerializerFuzzTest} (SerializerFuzzTest.dict): every node
 * kind and attribute name the sources declare, the loader strategies, the fuzz target's tables,
 * columns, mapped classes and their attributes, each in its JSON spelling and its BINARY one
 * (tag, new string, length, bytes), and the numbers around the loader's limits in both, so that
 * mutations can swap one kind, entity or depth for another (a with_polymorphic list, a joined load
 * of another depth) instead of waiting for the bytes to appear by chance. Generated from the
 * sources: the test fails when the committed file is stale; {@link #main} rewrites it.
 */
class SerializerFuzzDictionaryTest {
    static final Path FILE = Path.of("src/test/resources/dev/retort/ext/serializer/SerializerFuzzTest.dict");
    private static final Pattern KIND = Pattern.compile("Traversal\\.(?:of|leaf|identity)\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern ATTR = Pattern.compile("Attr\\.(?:<[^(]*>)?\\w+\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern STRATEGIES = Pattern.compile("enum Strategy \\{(.*?);", Pattern.DOTALL);
    private static final Pattern CONSTANT = Pattern.compile("^\\s*([A-Z_]+)[,(]?\\s*$", Pattern.MULTILINE);
    /** The BINARY tags of a node (declared and counted), a string, a table reference and an entity reference. */
    private static final int DECLARED_NODE = 33;
    private static final int NODE = 23;
    private static final int STRING = 8;
    private static final int TABLE = 25;
    private static final int ENTITY = 29;
    private static final int INT = 3;

    static List<String> entries() {
        Set<String> kinds = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        Set<String> tables = new TreeSet<>();
        Set<String> entities = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(f, StandardCharsets.UTF_8);
                find(KIND, src, kinds);
                find(ATTR, src, names);
                Matcher m = STRATEGIES.matcher(src);
                if (f.endsWith("LoaderOption.java") && m.find()) {
                    Matcher c = CONSTANT.matcher(m.group(1) + ",");
                    while (c.find()) {
                        names.add(c.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the fuzz target's own construct: its kind (custom:...) and attributes are declared in the test
        kinds.add(SerializerFuzzTest.FuzzThing.TRAVERSAL.kind());
        SerializerFuzzTest.FuzzThing.TRAVERSAL.attrs().forEach(a -> names.add(a.name()));
        for (Table t : SerializerFuzzTest.MD.tables().values()) {
            tables.add(t.key());
            t.columns().stream().map(Column::key).forEach(names::add);
        }
        for (Class<?> c : SerializerFuzzTest.class.getDeclaredClasses()) {
            if (Modifier.isPublic(c.getModifiers())) {
                entities.add(c.getSimpleName());
                for (Field f : c.getDeclaredFields()) {
                    names.add(f.getName());
                }
            }
        }
        List<String> out = new ArrayList<>();
        kinds.forEach(k -> {
            out.add(json(k));
            out.add(binary(DECLARED_NODE, k));
            out.add(binary(NODE, k));
        });
        names.forEach(n -> {
            out.add(json(n));
            out.add(binary(STRING, n));
        });
        tables.forEach(t -> {
            out.add(json(t));
            out.add(binary(TABLE, t));
        });
        entities.forEach(e -> {
            out.add(json(e));
            out.add(binary(ENTITY, e));
        });
        for (long n : new long[] {-1, 0, 1, 2, 3, 63, 64, 65, 500, 501, 1_000, 65_535, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            out.add(quoted("{\"int\":" + n + "}"));
            StringBuilder b = new StringBuilder().append((char) INT);
            varint((n << 1) ^ (n >> 63), b);
            out.add(quoted(b.toString()));
        }
        return out;
    }

    private static void find(Pattern p, String src, Set<String> into) {
        Matcher m = p.matcher(src);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String json(String name) {
        return quoted("\"" + name + "\"");
    }

    /** {@code tag}, a new string (string-ref 0), its length and its bytes. */
    private static String binary(int tag, String name) {
        StringBuilder b = new StringBuilder().append((char) tag).append((char) 0);
        varint(name.length(), b);
        return quoted(b.append(name).toString());
    }

    private static void varint(long v, StringBuilder b) {
        long x = v;
        while ((x & ~0x7FL) != 0) {
            b.append((char) ((x & 0x7F) | 0x80));
            x >>>= 7;
        }
        b.append((char) x);
    }

    /** A libFuzzer dictionary value: quoted, with quotes, backslashes and bytes outside printable ASCII as escapes. */
    private static String quoted(String bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : bytes.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20 || ch > 0x7e) {
                sb.append(String.format("\\x%02X", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }

    static String text() {
        return "# Generated by SerializerFuzzDictionaryTest.main; do not edit.\n" + String.join("\n", entries()) + "\n";
    }

    @Test
    void theCommittedDictionaryIsCurrent() throws IOException {
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8)).as("stale: run SerializerFuzzDictionaryTest.main from retort-core").isEqualTo(text());
        assertThat(entries()).contains("\"\\\"orm_aliased\\\"\"", "\"\\\"polymorphicMappers\\\"\"", "\"\\\"FuzzBoss\\\"\"", "\"\\\"selectin\\\"\"",
                "\"{\\\"int\\\":65}\"");
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, text(), StandardCharsets.UTF_8);
    }
}
