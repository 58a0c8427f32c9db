package dev.retort.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ```java} blocks of a Markdown file, each with the line its code starts on and the heading it sits under,
 * and the split of a block into the members it declares (classes, methods) and the statements it runs. In the test jar
 * so the modules whose README sections retort-core cannot compile can check them the same way.
 */
public final class ReadmeSnippets {
    private ReadmeSnippets() {}

    /** One block: {@code line} is the README line of its first code line, {@code section} the nearest heading above. */
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
