package dev.retort.dialect;

import java.util.HashSet;
import java.util.Set;

/** Reserved words per database, lower case. An identifier among them is always quoted. */
final class ReservedWords {
    private ReservedWords() {
    }

    static final Set<String> ANSI = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
            "between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "cross", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "for",
            "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
            "inner", "intersect", "into", "is", "isnull", "join", "leading", "left", "like", "limit",
            "localtime", "localtimestamp", "natural", "new", "not", "notnull", "null", "off", "offset",
            "old", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references",
            "right", "select", "session_user", "similar", "some", "symmetric", "table", "then", "to",
            "trailing", "true", "union", "unique", "user", "using", "verbose", "when", "where", "window",
            "with", "delete", "insert", "update", "values", "set", "index", "key", "drop", "alter",
            "exists", "over", "partition", "range", "rows", "groups", "returning", "by", "escape", "add");

    static final Set<String> MYSQL = union(ANSI, Set.of(
            "accessible", "before", "bigint", "blob", "call", "cascade", "change", "char", "character",
            "condition", "continue", "convert", "database", "databases", "dec", "decimal", "declare",
            "delayed", "describe", "div", "double", "dual", "each", "elseif", "enclosed", "escaped", "exit",
            "explain", "fetch", "float", "force", "fulltext", "generated", "ignore", "infile", "int",
            "integer", "interval", "keys", "kill", "lines", "load", "lock", "long", "longblob", "longtext",
            "loop", "match", "mod", "modifies", "numeric", "optimize", "option", "outfile", "precision",
            "procedure", "purge", "read", "reads", "real", "regexp", "release", "rename", "repeat",
            "replace", "require", "restrict", "return", "revoke", "rlike", "schema", "schemas", "separator",
            "show", "signal", "smallint", "spatial", "sql", "ssl", "starting", "straight_join",
            "terminated", "tinyint", "trigger", "undo", "unlock", "unsigned", "usage", "use", "varchar",
            "varying", "while", "write", "xor", "year_month", "zerofill"));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
