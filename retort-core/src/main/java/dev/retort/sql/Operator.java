package dev.retort.sql;

/**
 * SQL operators with their precedence, which decides where the compiler puts parentheses, and
 * their negations ({@code not(a.eq(b))} is {@code a != b}).
 */
public enum Operator {
    MUL("*", 8), DIV("/", 8), MOD("%", 8), NEG("-", 8),
    ADD("+", 7), SUB("-", 7),
    CONCAT("||", 5),
    EQ("=", 5), NE("!=", 5), LT("<", 5), LE("<=", 5), GT(">", 5), GE(">=", 5),
    LIKE("LIKE", 5), NOT_LIKE("NOT LIKE", 5), ILIKE("ILIKE", 5), NOT_ILIKE("NOT ILIKE", 5),
    IN("IN", 5), NOT_IN("NOT IN", 5), IS("IS", 5), IS_NOT("IS NOT", 5),
    BETWEEN("BETWEEN", 5), NOT_BETWEEN("NOT BETWEEN", 5),
    NOT("NOT", 5),
    AND("AND", 3), OR("OR", 2),
    DESC("DESC", 3), ASC("ASC", 3),
    EXISTS("EXISTS", 0),
    COMMA(",", -1),
    /** The implicit context of a lone WHERE criterion. */
    AS_BOOLEAN("", -10),
    // Added later; appended so that existing constants keep their positions.
    /** Floor division; rendered by each dialect (see {@code SqlCompiler#floorDivision}). */
    FLOORDIV("/", 8),
    /** {@code DISTINCT x} inside an aggregate. */
    DISTINCT("DISTINCT", 8),
    NULLS_FIRST("NULLS FIRST", 3), NULLS_LAST("NULLS LAST", 3),
    IS_DISTINCT_FROM("IS DISTINCT FROM", 5), IS_NOT_DISTINCT_FROM("IS NOT DISTINCT FROM", 5),
    /** {@code x COLLATE name}; binds looser than comparisons, so {@code (x COLLATE c) = y}. */
    COLLATE("COLLATE", 4),
    /**
     * LIKE against a pattern built around the value ({@code '%' || v || '%'}); below every other
     * precedence, so the comparison is always parenthesised, as SQLAlchemy does.
     */
    CONTAINS("LIKE", -100), NOT_CONTAINS("NOT LIKE", -100),
    STARTS_WITH("LIKE", -100), NOT_STARTS_WITH("NOT LIKE", -100),
    ENDS_WITH("LIKE", -100), NOT_ENDS_WITH("NOT LIKE", -100),
    /** A regular-expression match: {@code ~} on PostgreSQL, {@code REGEXP} on MySQL. */
    REGEXP_MATCH("REGEXP", 5), NOT_REGEXP_MATCH("NOT REGEXP", 5),
    /** Separates a LIKE pattern from its escape character. */
    ESCAPE("ESCAPE", 5),
    /** An element of a JSON document or PostgreSQL array; rendered by each dialect (see {@code SqlCompiler#item}). */
    GETITEM("->", 15),
    /** An element of a JSON document as text. */
    GETITEM_TEXT("->>", 15),
    /** PostgreSQL array and JSONB containment ({@code CONTAINS_ALL} is {@code @>}), overlap, and {@code x = ANY (array)} / {@code ALL}. */
    CONTAINS_ALL("@>", 5), CONTAINED_BY("<@", 5), OVERLAP("&&", 5), ANY_EQ("= ANY", 5), ALL_EQ("= ALL", 5),
    /** An element of a JSON document by path ({@code #>} on PostgreSQL, a JSON path elsewhere), and the same as text ({@code #>>}). */
    GETPATH("#>", 15), GETPATH_TEXT("#>>", 15),
    /** Separates the bounds of a PostgreSQL array slice, {@code arr[lower:upper]}. */
    SLICE(":", 15),
    /**
     * Bitwise operators on integers, as SQLAlchemy 2.x's {@code bitwise_*} (format 1.8):
     * {@code BITWISE_XOR} is {@code #} on PostgreSQL and {@code (a | b) - (a & b)} on SQLite;
     * {@code BITWISE_NOT} is the prefix {@code ~}.
     */
    BITWISE_AND("&", 7), BITWISE_OR("|", 7), BITWISE_XOR("^", 7), BITWISE_LSHIFT("<<", 7), BITWISE_RSHIFT(">>", 7),
    BITWISE_NOT("~", 8),
    /**
     * Case-insensitive {@code contains} / {@code startsWith} / {@code endsWith}, SQLAlchemy's
     * {@code icontains} and the like (format 1.9): {@code ILIKE} on PostgreSQL, {@code lower()}
     * around both sides elsewhere.
     */
    ICONTAINS("LIKE", -100), NOT_ICONTAINS("NOT LIKE", -100),
    ISTARTS_WITH("LIKE", -100), NOT_ISTARTS_WITH("NOT LIKE", -100),
    IENDS_WITH("LIKE", -100), NOT_IENDS_WITH("NOT LIKE", -100),
    /** {@code x BETWEEN SYMMETRIC a AND b}: the bounds in either order (format 1.9). */
    BETWEEN_SYMMETRIC("BETWEEN SYMMETRIC", 5), NOT_BETWEEN_SYMMETRIC("NOT BETWEEN SYMMETRIC", 5),
    /**
     * A full-text match (format 1.9), rendered by each dialect: {@code x @@ plainto_tsquery(q)} on
     * PostgreSQL, {@code MATCH (x) AGAINST (q IN BOOLEAN MODE)} on MySQL/MariaDB, {@code x MATCH q}
     * on SQLite.
     */
    MATCH("MATCH", 5), NOT_MATCH("NOT MATCH", 5),
    /**
     * {@code REGEXP_REPLACE} with flags (format 1.9); the right side is the pattern and the
     * replacement. Without flags it is an ordinary function call, the same on every dialect.
     */
    REGEXP_REPLACE("REGEXP_REPLACE", 5),
    /**
     * The prefixes of {@link SQL#any} and {@link SQL#all} (format 1.10): {@code x = ANY (arr)},
     * {@code x > ALL (SELECT ...)}; they bind tighter than any comparison, as in SQLAlchemy.
     */
    ANY("ANY", 15), ALL("ALL", 15),
    /**
     * PostgreSQL's range and multirange operators (format 1.12): strictly left of ({@code <<}),
     * strictly right of ({@code >>}), does not extend to the right of ({@code &<}), does not
     * extend to the left of ({@code &>}), adjacent to ({@code -|-}).
     */
    STRICTLY_LEFT_OF("<<", 5), STRICTLY_RIGHT_OF(">>", 5), NOT_EXTEND_RIGHT_OF("&<", 5), NOT_EXTEND_LEFT_OF("&>", 5),
    ADJACENT_TO("-|-", 5),
    /**
     * PostgreSQL's key tests on JSONB and HSTORE (format 1.12): has the key ({@code ?}), all of
     * the keys ({@code ?&}), any of them ({@code ?|}).
     */
    HAS_KEY("?", 5), HAS_ALL("?&", 5), HAS_ANY("?|", 5),
    /**
     * PostgreSQL's JSONB path operators (format 1.12): the document without the element at a
     * path ({@code #-}), whether a JSON path finds anything ({@code @?}), a JSON path predicate
     * ({@code @@}).
     */
    DELETE_PATH("#-", 15), PATH_EXISTS("@?", 5), PATH_MATCH("@@", 5);

    private final String sql;
    private final int precedence;

    Operator(String sql, int precedence) {
        this.sql = sql;
        this.precedence = precedence;
    }

    /** The operator's SQL text in the default dialect. */
    public String sql() {
        return sql;
    }

    public int precedence() {
        return precedence;
    }

    /**
     * The operator an operand of a custom operator of {@code precedence} is grouped against: the
     * one of the greatest precedence not above it, which groups exactly the operands whose
     * operator binds no tighter (every built-in operand has one of these precedences).
     */
    static Operator atPrecedence(int precedence) {
        Operator best = null;
        for (Operator op : values()) {
            if (op.precedence <= precedence && (best == null || op.precedence > best.precedence
                    || op.precedence == best.precedence && best.isNaturalSelfPrecedent())) {
                best = op;
            }
        }
        return best == null ? CONTAINS : best;
    }

    /** Whether a chain of this operator needs no parentheses ({@code a + b + c}). */
    public boolean isNaturalSelfPrecedent() {
        return this == ADD || this == MUL || this == CONCAT || this == AND || this == OR;
    }

    /**
     * Whether the operator compares its operands' values ({@code =}, {@code !=}, {@code <}, {@code <=},
     * {@code >}, {@code >=}, IN, NOT IN), so a JSON element's compared scalar keeps its own type.
     */
    public boolean comparesValues() {
        switch (this) {
            case EQ: case NE: case LT: case LE: case GT: case GE: case IN: case NOT_IN:
                return true;
            default:
                return false;
        }
    }

    /** Whether the operator compares and yields a boolean. */
    public boolean isComparison() {
        return precedence == 5 && this != CONCAT && this != NOT && this != REGEXP_REPLACE;
    }

    /** The operator that negates this one, or null (then NOT wraps the expression). */
    public Operator negation() {
        switch (this) {
            case EQ: return NE;
            case NE: return EQ;
            case LT: return GE;
            case GE: return LT;
            case GT: return LE;
            case LE: return GT;
            case LIKE: return NOT_LIKE;
            case NOT_LIKE: return LIKE;
            case ILIKE: return NOT_ILIKE;
            case NOT_ILIKE: return ILIKE;
            case IN: return NOT_IN;
            case NOT_IN: return IN;
            case IS: return IS_NOT;
            case IS_NOT: return IS;
            case BETWEEN: return NOT_BETWEEN;
            case NOT_BETWEEN: return BETWEEN;
            case REGEXP_MATCH: return NOT_REGEXP_MATCH;
            case NOT_REGEXP_MATCH: return REGEXP_MATCH;
            case CONTAINS: return NOT_CONTAINS;
            case NOT_CONTAINS: return CONTAINS;
            case STARTS_WITH: return NOT_STARTS_WITH;
            case NOT_STARTS_WITH: return STARTS_WITH;
            case ENDS_WITH: return NOT_ENDS_WITH;
            case NOT_ENDS_WITH: return ENDS_WITH;
            case ICONTAINS: return NOT_ICONTAINS;
            case NOT_ICONTAINS: return ICONTAINS;
            case ISTARTS_WITH: return NOT_ISTARTS_WITH;
            case NOT_ISTARTS_WITH: return ISTARTS_WITH;
            case IENDS_WITH: return NOT_IENDS_WITH;
            case NOT_IENDS_WITH: return IENDS_WITH;
            case BETWEEN_SYMMETRIC: return NOT_BETWEEN_SYMMETRIC;
            case NOT_BETWEEN_SYMMETRIC: return BETWEEN_SYMMETRIC;
            case MATCH: return NOT_MATCH;
            case NOT_MATCH: return MATCH;
            case IS_DISTINCT_FROM: return IS_NOT_DISTINCT_FROM;
            case IS_NOT_DISTINCT_FROM: return IS_DISTINCT_FROM;
            default: return null;
        }
    }

    /**
     * The comparison that means the same with its operands swapped ({@code a < b} is
     * {@code b > a}), or null for an operator that is not a comparison: how a comparison with
     * {@code ANY (...)} or {@code ALL (...)} on its left is written with it on the right.
     */
    public Operator mirror() {
        switch (this) {
            case LT: return GT;
            case GT: return LT;
            case LE: return GE;
            case GE: return LE;
            case EQ: case NE: case LIKE: case NOT_LIKE: case ILIKE: case NOT_ILIKE: return this;
            default: return null;
        }
    }

    /**
     * Whether an expression of operator {@code op} needs parentheses inside an expression of
     * operator {@code against} ({@code null}: an enclosing context that always wants them).
     */
    public static boolean isPrecedent(Operator op, Operator against) {
        if (op == against && op.isNaturalSelfPrecedent()) {
            return false;
        }
        if (against == null) {
            return true;
        }
        return op.precedence <= against.precedence;
    }
}
