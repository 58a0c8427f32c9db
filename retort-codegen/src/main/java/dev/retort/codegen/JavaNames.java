package dev.retort.codegen;

import java.util.Locale;
import java.util.Set;

/** Database names turned into Java names: classes in upper camel case, constants in upper snake case. */
final class JavaNames {
    /**
     * Simple names a generated class must not take: those the generated files import, and
     * java.lang types they use, which a class of the same package would shadow.
     */
    static final Set<String> TAKEN_CLASS_NAMES = Set.of("Column", "Table", "MetaData", "Types", "SQL",
            "Object", "String", "Integer", "Long", "Short", "Byte", "Boolean", "Double", "Float", "Character", "Number",
            "Class", "Enum", "Record", "Void", "Override", "Deprecated", "SuppressWarnings", "SafeVarargs", "FunctionalInterface",
            "Math", "System", "Runtime", "Thread", "Exception", "Error", "Throwable", "Iterable", "Comparable", "Runnable", "Module", "Package");

    private JavaNames() {
    }

    /** {@code order_items} and {@code orderItems} → {@code OrderItems}. */
    static String className(String dbName) {
        StringBuilder sb = new StringBuilder();
        for (String word : words(dbName)) {
            sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return identifier(sb.toString(), "T");
    }

    /** {@code user_id} and {@code userId} → {@code USER_ID}. */
    static String constantName(String dbName) {
        return identifier(String.join("_", words(dbName)).toUpperCase(Locale.ROOT), "C");
    }

    /** The name's words: split at non-letters/digits and where a lower-case letter meets an upper-case one. */
    private static java.util.List<String> words(String name) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!Character.isLetterOrDigit(ch) || ch > 127) {
                flush(word, out);
                continue;
            }
            if (Character.isUpperCase(ch) && word.length() > 0 && Character.isLowerCase(word.charAt(word.length() - 1))) {
                flush(word, out);
            }
            word.append(ch);
        }
        flush(word, out);
        return out;
    }

    private static void flush(StringBuilder word, java.util.List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }

    /** The name, prefixed where it is empty or starts with a digit, so that it is a Java identifier. */
    private static String identifier(String name, String prefix) {
        if (name.isEmpty()) {
            return prefix;
        }
        return Character.isDigit(name.charAt(0)) ? prefix + name : name;
    }

    /** {@code "..."}: a Java string literal. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text safe inside a Javadoc comment: no HTML, no end of comment, no inline tags, ASCII only. */
    static String javadoc(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '@' -> sb.append("&#64;");
                case '{' -> sb.append("&#123;");
                case '}' -> sb.append("&#125;");
                case '/' -> sb.append("&#47;");
                case '*' -> sb.append("&#42;");
                case '\\' -> sb.append("&#92;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(ch < 0x20 || ch > 0x7e ? "&#" + (int) ch + ";" : String.valueOf(ch));
            }
        }
        return sb.toString();
    }
}
