package dev.retort.sql;

import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.Objects;

/**
 * A custom operator with its options, SQLAlchemy's {@code op(opstring, precedence=,
 * is_comparison=, return_type=)}: how tightly it binds (SQLAlchemy's scale: {@code *} is 8,
 * {@code +} 7, comparisons 5, {@code AND} 3; the default 0 parenthesises every compound
 * operand's use of it), whether it compares (its result is then BOOLEAN and it can be negated
 * with {@code NOT (...)}), and the type of its result (default: the left operand's). Beyond
 * those, as SQLAlchemy's {@code custom_op}: {@code naturalSelfPrecedent} (a chain of the operator
 * needs no parentheses, {@code a @> b @> c}), {@code eagerGrouping} (an application of the operator
 * is parenthesised wherever it is an operand of another operator, {@code (a -> b) || c}) and
 * {@code visitName} (a name a dialect's own compiler may render the operator by, see
 * {@code SqlCompiler#customBinary}; every other compiler writes the operator's text).
 *
 * <pre>{@code
 * CustomOperator arrow = CustomOperator.of("->").precedence(15).returnType(Types.TEXT);
 * select(docs.c("data").op(arrow, "name"));                     // docs.data -> :data_1
 * CustomOperator chained = CustomOperator.of("->").precedence(15).naturalSelfPrecedent(true);
 * t.c("x").op(chained, t.c("y")).op(chained, t.c("z"));        // t.x -> t.y -> t.z
 * CustomOperator plus = CustomOperator.of("+").precedence(9).eagerGrouping(true);
 * select(t.c("x").op(plus, 1).mul(2));                          // SELECT (t.x + :x_1) * :param_1 ...
 * }</pre>
 */
public final class CustomOperator {
    private final String text;
    private final int precedence;
    private final boolean comparison;
    private final TypeEngine<?> returnType;
    private final boolean naturalSelfPrecedent;
    private final boolean eagerGrouping;
    private final String visitName;

    CustomOperator(String text, Integer precedence, Boolean comparison, TypeEngine<?> returnType,
            Boolean naturalSelfPrecedent, Boolean eagerGrouping, String visitName) {
        if (text == null || text.isBlank()) {
            throw new dev.retort.exc.ArgumentException("A custom operator needs its SQL text");
        }
        if (text.indexOf('\0') >= 0) {
            // The compiler marks parameter slots with NUL: one in the text would be read as a slot.
            throw new dev.retort.exc.ArgumentException("A custom operator cannot contain a NUL character: '" + text.replace("\0", "\\0") + "'");
        }
        if (visitName != null && visitName.indexOf('\0') >= 0) {
            throw new dev.retort.exc.ArgumentException("A custom operator's visit name cannot contain a NUL character: '" + visitName.replace("\0", "\\0") + "'");
        }
        if (precedence == null || precedence < -100 || precedence > 100) {
            throw new dev.retort.exc.ArgumentException("A custom operator's precedence is from -100 to 100, got " + precedence);
        }
        this.text = text;
        this.precedence = precedence;
        this.comparison = Boolean.TRUE.equals(comparison);
        this.returnType = returnType;
        this.naturalSelfPrecedent = Boolean.TRUE.equals(naturalSelfPrecedent);
        this.eagerGrouping = Boolean.TRUE.equals(eagerGrouping);
        this.visitName = visitName;
    }

    /** The operator {@code text} with precedence 0, not a comparison, typed as its left operand. */
    public static CustomOperator of(String text) {
        return new CustomOperator(text, 0, false, null, false, false, null);
    }

    /** This operator binding as tightly as {@code precedence} (from -100 to 100). */
    public CustomOperator precedence(int precedence) {
        return new CustomOperator(text, precedence, comparison, returnType, naturalSelfPrecedent, eagerGrouping, visitName);
    }

    /** This operator as a comparison (SQLAlchemy's {@code is_comparison=True}, as {@code bool_op}): BOOLEAN unless typed otherwise. */
    public CustomOperator comparison(boolean comparison) {
        return new CustomOperator(text, precedence, comparison, returnType, naturalSelfPrecedent, eagerGrouping, visitName);
    }

    /** This operator yielding values of {@code type}. */
    public CustomOperator returnType(TypeEngine<?> type) {
        return new CustomOperator(text, precedence, comparison, type, naturalSelfPrecedent, eagerGrouping, visitName);
    }

    /**
     * This operator chaining without parentheses when an operand is an application of an equal
     * operator ({@code a @> b @> c}); SQLAlchemy's {@code natural_self_precedent}.
     */
    public CustomOperator naturalSelfPrecedent(boolean natural) {
        return new CustomOperator(text, precedence, comparison, returnType, natural, eagerGrouping, visitName);
    }

    /**
     * This operator parenthesised wherever it is compiled inside an operand of another binary
     * operator, whatever the precedences ({@code (x -> :x_1) || :param_1}); SQLAlchemy's {@code eager_grouping}.
     */
    public CustomOperator eagerGrouping(boolean eager) {
        return new CustomOperator(text, precedence, comparison, returnType, naturalSelfPrecedent, eager, visitName);
    }

    /**
     * This operator carrying {@code name} for dialect compilers that render it their own way
     * ({@code SqlCompiler#customBinary} / {@code customUnary}); SQLAlchemy's {@code visit_name}.
     * Compilers that do not know the name write the operator's text.
     */
    public CustomOperator visitName(String name) {
        return new CustomOperator(text, precedence, comparison, returnType, naturalSelfPrecedent, eagerGrouping, name);
    }

    public String text() {
        return text;
    }

    /** The words an operator may hold besides symbols: SQL's own operators (IS NOT DISTINCT FROM, SIMILAR TO, AT TIME ZONE, ...). */
    private static final java.util.Set<String> OPERATOR_WORDS = java.util.Set.of("like", "ilike", "not", "is", "distinct", "from", "similar",
            "to", "regexp", "rlike", "glob", "match", "and", "or", "xor", "div", "mod", "in", "between", "escape", "at", "time", "zone",
            "overlaps", "sounds", "null", "true", "false", "unknown");
    private static final java.util.regex.Pattern SYMBOLS = java.util.regex.Pattern.compile("[+\\-*/<>=~!@%^&|?:]+");
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[A-Za-z]+");

    /**
     * Whether the text is only an operator: runs of operator symbols and the words of SQL's own
     * operators, separated by spaces, with nothing that starts a comment ({@code --}, {@code /*},
     * MySQL's {@code #}) or a quoted name (MySQL's backquote). Other text is raw SQL, which may hold a call or a clause
     * ({@code INTO OUTFILE}); loads that refuse raw SQL refuse it.
     *
     * <pre>{@code
     * CustomOperator.of("IS NOT DISTINCT FROM").isPlain();   // true
     * CustomOperator.of("+ pg_sleep(1) +").isPlain();        // false
     * }</pre>
     */
    public boolean isPlain() {
        for (String token : text.strip().split(" +")) {
            boolean symbols = SYMBOLS.matcher(token).matches() && !token.contains("--") && !token.contains("/*") && !token.contains("*/");
            if (!symbols && !(WORD.matcher(token).matches() && OPERATOR_WORDS.contains(token.toLowerCase(java.util.Locale.ROOT)))) {
                return false;
            }
        }
        return true;
    }

    /** A description of the operator as raw SQL when it is not {@link #isPlain() plain}, else null (see {@link Traversal#rawSql(ClauseElement)}). */
    String rawSql() {
        return isPlain() ? null : "the custom operator '" + (text.length() > 60 ? text.substring(0, 60) + "..." : text)
                + "', not only operator symbols and words,";
    }

    public int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return comparison;
    }

    public boolean isNaturalSelfPrecedent() {
        return naturalSelfPrecedent;
    }

    public boolean isEagerGrouping() {
        return eagerGrouping;
    }

    /** The name a dialect's compiler may render this operator by, or null. */
    public String visitName() {
        return visitName;
    }

    /** The declared result type, or null for the default (BOOLEAN for a comparison, else the left operand's type). */
    public TypeEngine<?> returnType() {
        return returnType;
    }

    /** The operator as applied to {@code left}: its result type resolved. */
    CustomOperator resolvedFor(ColumnElement<?> left) {
        return returnType != null ? this : returnType(comparison ? Types.BOOLEAN : left.type());
    }

    /** {@code operand} in parentheses where it binds no tighter than this operator. */
    ColumnElement<?> group(ColumnElement<?> operand) {
        if (operand instanceof CustomOp<?> c) {
            if (naturalSelfPrecedent && c.operator().equals(this)) {
                return c;
            }
            // Custom precedences need not be those of built-in operators: compared directly.
            return c.operator().precedence <= precedence ? new Grouping<>(c) : c;
        }
        if (operand instanceof CustomUnaryOp<?> u) {
            boolean chained = naturalSelfPrecedent && u.operator().equals(this);
            return !chained && !u.isPostfix() && u.operator().precedence <= precedence ? new Grouping<>(u) : u;
        }
        return operand.selfGroup(Operator.atPrecedence(precedence));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomOperator c && c.text.equals(text) && c.precedence == precedence && c.comparison == comparison
                && Objects.equals(c.returnType, returnType) && c.naturalSelfPrecedent == naturalSelfPrecedent
                && c.eagerGrouping == eagerGrouping && Objects.equals(c.visitName, visitName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, precedence, comparison, returnType, naturalSelfPrecedent, eagerGrouping, visitName);
    }

    @Override
    public String toString() {
        return text;
    }
}
