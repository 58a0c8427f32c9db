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

    /** Words MySQL and MariaDB both reserve. */
    private static final Set<String> MYSQL_FAMILY = union(ANSI, Set.of(
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

    /** MySQL 8 reserves these too (window functions, ROW, OF, LATERAL, ...). */
    static final Set<String> MYSQL = union(MYSQL_FAMILY, Set.of(
            "admin", "asensitive", "cube", "cume_dist", "cursor", "day_hour", "day_microsecond", "day_minute",
            "day_second", "dense_rank", "deterministic", "distinctrow", "empty", "first_value", "float4",
            "float8", "function", "general", "get", "get_master_public_key", "grouping", "high_priority",
            "hour_microsecond", "hour_minute", "hour_second", "if", "ignore_server_ids", "inout", "insensitive",
            "int1", "int2", "int3", "int4", "int8", "io_after_gtids", "io_before_gtids", "iterate",
            "json_table", "lag", "last_value", "lateral", "lead", "leave", "linear", "low_priority",
            "master_bind", "master_heartbeat_period", "master_ssl_verify_server_cert", "maxvalue", "mediumblob",
            "mediumint", "mediumtext", "member", "middleint", "minute_microsecond", "minute_second",
            "no_write_to_binlog", "nth_value", "ntile", "of", "optimizer_costs", "optionally", "out",
            "parallel", "parse_gcol_expr", "percent_rank", "persist", "persist_only", "qualify", "rank",
            "read_write", "recursive", "resignal", "role", "row", "row_number", "second_microsecond",
            "sensitive", "slow", "specific", "sql_after_gtids", "sql_before_gtids", "sql_big_result",
            "sql_calc_found_rows", "sql_small_result", "sqlexception", "sqlstate", "sqlwarning", "stored",
            "system", "tinyblob", "tinytext", "utc_date", "utc_time", "utc_timestamp", "varbinary",
            "varcharacter", "virtual"));

    /** MariaDB's own additions (PACKAGE, ROWTYPE, SYSTEM_TIME, ...), not MySQL 8's. */
    static final Set<String> MARIADB = union(MYSQL_FAMILY, Set.of(
            "asensitive", "body", "cursor", "day_hour", "day_microsecond", "day_minute", "day_second",
            "deterministic", "distinctrow", "do_domain_ids", "elsif", "float4", "float8", "general", "goto",
            "high_priority", "history", "hour_microsecond", "hour_minute", "hour_second", "if",
            "ignore_domain_ids", "ignore_server_ids", "inout", "insensitive", "int1", "int2", "int3", "int4",
            "int8", "iterate", "leave", "linear", "low_priority", "master_heartbeat_period",
            "master_ssl_verify_server_cert", "maxvalue", "mediumblob", "mediumint", "mediumtext", "middleint",
            "minute_microsecond", "minute_second", "no_write_to_binlog", "optionally", "others", "out",
            "package", "page_checksum", "parse_vcol_expr", "period", "position", "raise", "read_write",
            "recursive", "ref_system_id", "resignal", "row_number", "rowtype", "second_microsecond",
            "sensitive", "slow", "specific", "sql_big_result", "sql_calc_found_rows", "sql_small_result",
            "sqlexception", "sqlstate", "sqlwarning", "stats_auto_recalc", "stats_persistent",
            "stats_sample_pages", "system", "system_time", "tinyblob", "tinytext", "utc_date", "utc_time",
            "utc_timestamp", "varbinary", "varcharacter", "versioning", "without"));

    static final Set<String> POSTGRESQL = union(ANSI, Set.of(
            "current_catalog", "current_schema", "fetch", "of", "variadic"));

    /** SQLite's keywords: it accepts some as names by fallback, but not in every position. */
    static final Set<String> SQLITE = union(ANSI, Set.of(
            "after", "attach", "autoincrement", "before", "begin", "cascade", "commit", "conflict", "database",
            "deferred", "detach", "each", "exclusive", "explain", "fail", "glob", "if", "ignore", "immediate",
            "indexed", "instead", "match", "of", "plan", "pragma", "query", "raise", "reindex", "rename",
            "replace", "restrict", "rollback", "row", "temp", "temporary", "transaction", "trigger", "vacuum",
            "view", "virtual"));

    @SafeVarargs
    private static Set<String> union(Set<String> first, Set<String>... more) {
        Set<String> s = new HashSet<>(first);
        for (Set<String> m : more) {
            s.addAll(m);
        }
        return Set.copyOf(s);
    }
}
