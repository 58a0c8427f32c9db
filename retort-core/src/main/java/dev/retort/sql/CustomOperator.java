package dev.retort.sql;

import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.Objects;

/**
 * A custom operator with its options, SQLAlchemy's {@code op(opstring, precedence=,
 * is_comparison=, return_type=)}: how tightly it binds (SQLAlchemy's scale: {@code *} is 8,
 * {@code +} 7, comparisons 5, {@code AND} 3; the default 0 parenthesises every compound
 * operand's use of it), whether it compares (its result is then BOOLEAN and it can be negated
 * with {@code NOT (...)}), and the type of its result (default: the left operand's).
 *
 * <pre>{@code
 * CustomOperator arrow = CustomOperator.of("->").precedence(15).returnType(Types.TEXT);
 * select(docs.c("data").op(arrow, "name"));                     // docs.data -> :data_1
 * }</pre>
 */
public final class CustomOperator {
    private final String text;
    private final int precedence;
    private final boolean comparison;
    private final TypeEngine<?> returnType;

    CustomOperator(String text, Integer precedence, Boolean comparison, TypeEngine<?> returnType) {
        if (text == null || text.isBlank()) {
            throw new dev.retort.exc.ArgumentException("A custom operator needs its SQL text");
        }
        if (text.indexOf('\0') >= 0) {
            // The compiler marks parameter slots with NUL: one in the text would be read as a slot.
            throw new dev.retort.exc.ArgumentException("A custom operator cannot contain a NUL character: '" + text.replace("\0", "\\0") + "'");
        }
        if (precedence == null || precedence < -100 || precedence > 100) {
            throw new dev.retort.exc.ArgumentException("A custom operator's precedence is from -100 to 100, got " + precedence);
        }
        this.text = text;
        this.precedence = precedence;
        this.comparison = Boolean.TRUE.equals(comparison);
        this.returnType = returnType;
    }

    /** The operator {@code text} with precedence 0, not a comparison, typed as its left operand. */
    public static CustomOperator of(String text) {
        return new CustomOperator(text, 0, false, null);
    }

    /** This operator binding as tightly as {@code precedence} (from -100 to 100). */
    public CustomOperator precedence(int precedence) {
        return new CustomOperator(text, precedence, comparison, returnType);
    }

    /** This operator as a comparison (SQLAlchemy's {@code is_comparison=True}, as {@code bool_op}): BOOLEAN unless typed otherwise. */
    public CustomOperator comparison(boolean comparison) {
        return new CustomOperator(text, precedence, comparison, returnType);
    }

    /** This operator yielding values of {@code type}. */
    public CustomOperator returnType(TypeEngine<?> type) {
        return new CustomOperator(text, precedence, comparison, type);
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

    public int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return comparison;
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
            // Custom precedences need not be those of built-in operators: compared directly.
            return c.operator().precedence <= precedence ? new Grouping<>(c) : c;
        }
        if (operand instanceof CustomUnaryOp<?> u) {
            return !u.isPostfix() && u.operator().precedence <= precedence ? new Grouping<>(u) : u;
        }
        return operand.selfGroup(Operator.atPrecedence(precedence));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomOperator c && c.text.equals(text) && c.precedence == precedence && c.comparison == comparison
                && Objects.equals(c.returnType, returnType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, precedence, comparison, returnType);
    }

    @Override
    public String toString() {
        return text;
    }
}
