package dev.retort.cli;

import dev.retort.exc.RetortException;
import dev.retort.sql.Cast;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.NextValue;
import dev.retort.sql.Traversal;
import dev.retort.types.ArrayType;
import dev.retort.types.NamedType;
import dev.retort.types.TypeEngine;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code retort run} lets a statement do without {@code --allow-writes}. A read-only,
 * rolled-back transaction does not undo what a function does outside it (a session lock, a
 * sequence step, a killed backend, a file read, a sleep), so every function call in the tree
 * must be one of the side-effect-free functions of the database's dialect (aggregates, string,
 * math, date/time, JSON accessors, window functions) or named by {@code --allow-function}, and a
 * sequence's next value is refused;
 * raw SQL fragments, whose calls cannot be seen, are refused outright ({@code text()} is already
 * refused as a statement that may write).
 *
 * <pre>{@code
 * ReadOnlyPolicy.of("postgresql", Set.of("pg_sleep")).check(stmt);   // pg_advisory_lock(...) inside: Refused
 * }</pre>
 */
final class ReadOnlyPolicy {
    /** Raised for a statement the policy refuses; its message names the function or fragment and the option that permits it. */
    static final class Refused extends RetortException {
        Refused(String message) {
            super(message);
        }
    }

    private static final Set<String> COMMON = Set.of(
            // aggregates and grouping
            "count", "sum", "avg", "min", "max", "grouping", "rollup", "cube", "grouping_sets",
            // window functions
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
            // conditionals, strings, math
            "coalesce", "nullif", "lower", "upper", "length", "substr", "trim", "ltrim", "rtrim", "replace", "abs", "round",
            // date/time
            "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp");

    /** Both MySQL and MariaDB. */
    private static final Set<String> MYSQL = Set.of("group_concat", "std", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "bit_and", "bit_or", "bit_xor", "if", "ifnull", "greatest", "least", "concat", "concat_ws", "char_length", "character_length",
            "substring", "left", "right", "reverse", "repeat", "locate", "instr", "lpad", "rpad", "ceil", "ceiling", "floor", "mod",
            "power", "pow", "sqrt", "exp", "ln", "log", "sign", "truncate", "now", "curdate", "curtime", "utc_timestamp", "date",
            "date_format", "str_to_date", "date_add", "date_sub", "datediff", "timestampdiff", "year", "month", "day", "dayofmonth",
            "hour", "minute", "second", "unix_timestamp", "from_unixtime", "json_extract", "json_unquote", "json_value", "json_length",
            "json_type", "json_contains", "json_keys", "json_object", "json_array", "json_arrayagg", "json_objectagg");

    private static final Map<String, Set<String>> BY_DIALECT = Map.of(
            "postgresql", Set.of("string_agg", "array_agg", "bool_and", "bool_or", "every", "stddev", "stddev_pop", "stddev_samp",
                    "variance", "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "greatest", "least", "concat",
                    "concat_ws", "char_length", "character_length", "substring", "left", "right", "reverse", "repeat", "strpos",
                    "position", "split_part", "initcap", "btrim", "lpad", "rpad", "regexp_replace", "md5", "ceil", "ceiling", "floor",
                    "mod", "power", "sqrt", "cbrt", "exp", "ln", "log", "sign", "trunc", "div", "now", "date_trunc", "date_part", "age",
                    "to_char", "to_date", "to_timestamp", "to_number", "make_date", "make_timestamp", "json_extract_path",
                    "json_extract_path_text", "jsonb_extract_path", "jsonb_extract_path_text", "json_array_length",
                    "jsonb_array_length", "json_typeof", "jsonb_typeof", "json_build_object", "jsonb_build_object",
                    "json_build_array", "jsonb_build_array", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "to_json",
                    "to_jsonb", "array_length", "cardinality", "unnest", "generate_series"),
            "mysql", MYSQL,
            "mariadb", MYSQL,
            "sqlite", Set.of("group_concat", "total", "ifnull", "iif", "max", "min", "instr", "printf", "format", "hex", "typeof", "date",
                    "time", "datetime", "julianday", "strftime", "unixepoch", "json_extract", "json_array_length", "json_type",
                    "json_object", "json_array", "json_group_array", "json_group_object"));

    /** A name the database reads unquoted and case-insensitively; any other is quoted, so it is a different function. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Set<String> allowed;
    private final Set<String> extra;

    private ReadOnlyPolicy(Set<String> allowed, Set<String> extra) {
        this.allowed = allowed;
        this.extra = extra;
    }

    /** The policy for a database of {@code dialect}, with the functions {@code --allow-function} names (dotted when packaged). */
    static ReadOnlyPolicy of(String dialect, Collection<String> allowFunctions) {
        Set<String> allowed = Stream.concat(COMMON.stream(), BY_DIALECT.getOrDefault(dialect, Set.of()).stream()).collect(Collectors.toUnmodifiableSet());
        return new ReadOnlyPolicy(allowed, allowFunctions.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    /** Raises {@link Refused} for the first function not allowed or raw SQL fragment in {@code stmt}. */
    void check(ClauseElement stmt) {
        nodes(stmt, e -> {
            if (e instanceof FunctionCall<?> f) {
                checkFunction(f);
            } else if (e instanceof ColumnClause<?> c && c.isLiteral()) {
                throw new Refused("refused: the query holds the raw SQL literal column '" + c.name() + "', whose function calls cannot be checked;"
                        + " nothing was run. Give --allow-writes to run it");
            } else if (e instanceof NextValue<?> nv) {
                String seq = (nv.sequenceSchema() == null ? "" : nv.sequenceSchema() + ".") + nv.sequenceName();
                throw new Refused("refused: the query takes the next value of the sequence '" + seq + "', a step no rollback undoes;"
                        + " nothing was run. Give --allow-writes to run it");
            } else if (Traversal.rawSql(e) != null) {
                // A kind that writes SQL as it is (a custom operator that is more than symbols and operator words, say):
                // letters may spell a call or a clause (INTO OUTFILE writes a file even in MySQL's read-only transaction),
                // and a comment or quote it opens would turn an inline literal's text into SQL.
                throw new Refused("refused: the query holds " + Traversal.rawSql(e) + " raw SQL whose function calls cannot be checked;"
                        + " nothing was run. Give --allow-writes to run it");
            } else if (e instanceof Cast<?> cast && rawTypeName(cast.type()) != null) {
                throw new Refused("refused: the query casts to the type '" + rawTypeName(cast.type()) + "', raw SQL whose function calls cannot be checked;"
                        + " nothing was run. Give --allow-writes to run it");
            }
        });
    }

    private void checkFunction(FunctionCall<?> f) {
        String name = String.join(".", f.packageNames()) + (f.packageNames().isEmpty() ? "" : ".") + f.name();
        // always quoted (func("Count").quoted()), the name is the database's exact spelling: "Count" is not count
        boolean plain = f.packageNames().isEmpty() && !f.isQuoted() && PLAIN.matcher(f.name()).matches();
        if (plain && allowed.contains(f.name().toLowerCase(Locale.ROOT)) || extra.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        throw new Refused("refused: the query calls the function '" + name + "', which is not known to be free of side effects (a read-only,"
                + " rolled-back transaction does not undo what it does outside the transaction); nothing was run."
                + " Give --allow-function " + name + " or --allow-writes to run it");
    }

    /**
     * The name of a named type that is more than a type's name in {@code type}, its array elements
     * or its dialect variants (a CAST writes any of them as it is), else null.
     */
    private static String rawTypeName(TypeEngine<?> type) {
        Deque<TypeEngine<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            TypeEngine<?> t = todo.pop();
            if (t instanceof NamedType<?> named && !named.isPlainName()) {
                return named.name();
            }
            t.variants().values().forEach(todo::push);
            if (t instanceof ArrayType<?> a) {
                todo.push(a.elementType());
            }
        }
        return null;
    }

    /** Hands every node of {@code stmt} to {@code action} once, through each kind's declared children. */
    static void nodes(ClauseElement stmt, Consumer<ClauseElement> action) {
        Deque<ClauseElement> todo = new ArrayDeque<>(List.of(stmt));
        Set<ClauseElement> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            ClauseElement e = todo.pop();
            if (seen.add(e)) {
                action.accept(e);
                todo.addAll(e.getChildren());
            }
        }
    }
}
