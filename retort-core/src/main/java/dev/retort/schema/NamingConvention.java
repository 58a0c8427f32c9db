package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@link MetaData} names its constraints and indexes: SQLAlchemy's {@code naming_convention}.
 * Templates by kind ({@code ix}, {@code uq}, {@code ck}, {@code fk}, {@code pk}) hold tokens
 * {@code %(table_name)s}, {@code %(constraint_name)s} (the name given), {@code %(referred_table_name)s},
 * {@code %(column_0_name)s} / {@code _key} / {@code _label} (the table's name and the column's),
 * {@code %(referred_column_0_name)s}, any other position for 0, and {@code column_0N_name} /
 * {@code column_0_N_name} for all columns joined (without / with {@code _}). A template names the
 * constraints given no name, and those given one when it holds {@code %(constraint_name)s}; a
 * name marked {@link Constraint#conv()} is kept. Names made here that are longer than the
 * database allows are shortened in DDL to leave room for {@code _} and four hex digits of their MD5.
 *
 * <pre>{@code
 * MetaData metadata = new MetaData(Map.of(
 *         "pk", "pk_%(table_name)s",
 *         "fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
 *         "uq", "uq_%(table_name)s_%(column_0_name)s"));
 * }</pre>
 */
public final class NamingConvention {
    /** The index template every metadata has unless given another: {@code ix_%(column_0_label)s}. */
    public static final String DEFAULT_INDEX = "ix_%(column_0_label)s";

    private static final Set<String> KINDS = Set.of("ix", "uq", "ck", "fk", "pk");
    private static final Pattern TOKEN = Pattern.compile("%\\((\\w+)\\)s|%%");
    private static final Pattern COLUMN = Pattern.compile("(referred_)?column_(\\d+)(_?N)?_(name|key|label)");
    private static final Set<String> PLAIN = Set.of("table_name", "constraint_name", "referred_table_name");

    static final NamingConvention DEFAULT = new NamingConvention(Map.of("ix", DEFAULT_INDEX));

    private final Map<String, String> templates;

    NamingConvention(Map<String, String> templates) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : templates.entrySet()) {
            if (e.getKey() == null || !KINDS.contains(e.getKey())) {
                throw new ArgumentException("Naming convention key '" + e.getKey() + "' is none of ix, uq, ck, fk, pk");
            }
            if (e.getValue() == null) {
                throw new ArgumentException("Naming convention '" + e.getKey() + "' has no template (null)");
            }
            Matcher m = TOKEN.matcher(e.getValue());
            while (m.find()) {
                String token = m.group(1);
                Matcher c = token == null ? null : COLUMN.matcher(token);
                if (token != null && !PLAIN.contains(token) && !(c.matches() && (c.group(3) == null || c.group(2).equals("0"))
                        && (c.group(1) == null || c.group(4).equals("name")))) {
                    throw new ArgumentException("Naming convention '" + e.getValue() + "' has an unknown token %(" + token + ")s");
                }
                // a position past an int failed with a NumberFormatException only when a constraint was named
                if (token != null && c.matches() && c.group(2).length() > 9) {
                    throw new ArgumentException("Naming convention '" + e.getKey() + "' has a column position past 999999999 in %(" + token + ")s");
                }
            }
        }
        for (String kind : new java.util.TreeSet<>(templates.keySet())) {
            out.put(kind, templates.get(kind));
        }
        this.templates = Collections.unmodifiableMap(out);
    }

    /** The templates by kind. */
    public Map<String, String> templates() {
        return templates;
    }

    /** The template of a kind ({@code "ix"}...), or null. */
    public String template(String kind) {
        return templates.get(kind);
    }

    /**
     * The name the template of {@code kind} gives a constraint named {@code given} (null: none) over
     * {@code columns} of {@code table} (for a foreign key, its {@code foreignKeys}), or null when no
     * template applies and the given name stands.
     *
     * @throws ArgumentException when the template uses {@code %(constraint_name)s} and none was given
     */
    public String nameFor(String kind, String given, Table table, List<Column<?>> columns, List<ForeignKey> foreignKeys) {
        String template = templates.get(kind);
        return template == null ? null : apply(template, given, table, columns, foreignKeys);
    }

    /**
     * {@code name} as DDL writes a generated name: where longer than {@code maxLength}, its first
     * characters, {@code _} and the last four hex digits of its MD5 (SQLAlchemy's shortening of a
     * naming convention's names), so that two long names stay apart where the database would cut
     * both to one.
     *
     * <pre>{@code
     * NamingConvention.shortened("uq_" + "x".repeat(70), 63);   // its first 55 characters, _ and 4 hex digits
     * }</pre>
     */
    public static String shortened(String name, int maxLength) {
        if (name.length() <= maxLength) {
            return name;
        }
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return name.substring(0, maxLength - 8) + "_" + java.util.HexFormat.of().formatHex(md5).substring(28);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has MD5", e);
        }
    }

    static String apply(String template, String given, Table table, List<Column<?>> columns, List<ForeignKey> foreignKeys) {
        boolean usesName = template.contains("%(constraint_name)s");
        if (given != null && !usesName) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            String token = m.group(1);
            m.appendReplacement(sb, Matcher.quoteReplacement(token == null ? "%" : value(token, template, given, table, columns, foreignKeys)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String value(String token, String template, String given, Table table, List<Column<?>> columns, List<ForeignKey> fks) {
        switch (token) {
            case "table_name": return table.name();
            case "referred_table_name": return fks.isEmpty() ? "" : fks.get(0).column().table().name();
            case "constraint_name":
                if (given == null) {
                    throw new ArgumentException("Naming convention '" + template + "' includes %(constraint_name)s: a constraint on '"
                            + table.name() + "' needs a name");
                }
                return given;
            default:
                break;
        }
        Matcher c = COLUMN.matcher(token);
        c.matches();
        boolean referred = c.group(1) != null;
        List<Column<?>> cols = new ArrayList<>();
        if (referred) {
            fks.forEach(fk -> cols.add(fk.column()));
        } else if (!fks.isEmpty()) {
            fks.forEach(fk -> cols.add(fk.parent()));
        } else {
            cols.addAll(columns);
        }
        String attr = c.group(4);
        if (c.group(3) == null) {
            int i = Integer.parseInt(c.group(2));
            return i < cols.size() ? attribute(cols.get(i), attr) : "";
        }
        StringJoiner j = new StringJoiner(c.group(3).startsWith("_") ? "_" : "");
        cols.forEach(col -> j.add(attribute(col, attr)));
        return j.toString();
    }

    /** A column's name, key, or label: its table's schema and name before its own, joined by {@code _}. */
    private static String attribute(Column<?> c, String attr) {
        switch (attr) {
            case "key": return c.key();
            case "label": {
                Table t = c.table();
                String label = t.name() + "_" + c.name();
                return t.schema() == null ? label : t.schema().replace('.', '_') + "_" + label;
            }
            default: return c.name();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamingConvention n && n.templates.equals(templates);
    }

    @Override
    public int hashCode() {
        return templates.hashCode();
    }

    @Override
    public String toString() {
        return templates.toString();
    }
}
