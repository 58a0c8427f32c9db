package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;

/**
 * {@code left OPERATOR right}: comparisons, arithmetic, LIKE, IN, BETWEEN, IS. Operands are
 * grouped against the operator when built, so the tree already holds the parentheses SQL needs.
 *
 * @param <T> the Java type of the result
 */
public final class BinaryExpression<T> extends ColumnElement<T> {
    static final Traversal<BinaryExpression<?>> TRAVERSAL = Traversal.of("binary",
            a -> new BinaryExpression<>((ClauseElement) a[0], (ClauseElement) a[1], (Operator) a[2], (TypeEngine<?>) a[3],
                    (String) a[4], (String) a[5], (String) a[6]),
            Attr.clause("left", BinaryExpression::left),
            Attr.clause("right", BinaryExpression::right),
            Attr.struct("operator", BinaryExpression::operator),
            Attr.struct("type", BinaryExpression::type),
            Attr.<BinaryExpression<?>>struct("escape", BinaryExpression::escape).since(9),
            Attr.<BinaryExpression<?>>struct("flags", BinaryExpression::flags).since(9),
            Attr.<BinaryExpression<?>>struct("regconfig", BinaryExpression::regconfig).since(14));

    private final ClauseElement left;
    private final ClauseElement right;
    private final Operator operator;
    private final TypeEngine<T> type;
    /** The ESCAPE character, flags and regconfig, or null for the usual expression that has none (one field less in every comparison built). */
    private final Modifiers modifiers;

    private record Modifiers(String escape, String flags, String regconfig) {
    }

    BinaryExpression(ClauseElement left, ClauseElement right, Operator operator, TypeEngine<?> type) {
        this(left, right, operator, type, null, null);
    }

    /**
     * With the operator's modifiers: the ESCAPE character of a LIKE-family operator, the flags of
     * a regular-expression one (null: none).
     */
    BinaryExpression(ClauseElement left, ClauseElement right, Operator operator, TypeEngine<?> type, String escape, String flags) {
        this(left, right, operator, type, escape, flags, null);
    }

    /** With a MATCH's PostgreSQL text search configuration too ({@code regconfig}; null: the server's default). */
    @SuppressWarnings("unchecked")
    BinaryExpression(ClauseElement left, ClauseElement right, Operator operator, TypeEngine<?> type, String escape, String flags,
            String regconfig) {
        if (left == null || right == null || operator == null) {
            // Only a loaded tree can lack one; the compiler needs all three.
            throw new dev.retort.exc.ArgumentException("A binary expression needs a left side, a right side and an operator");
        }
        this.left = left;
        this.right = right;
        this.operator = operator;
        this.type = (TypeEngine<T>) type;
        if (operator == Operator.REGEXP_REPLACE
                && (flags == null || !(right instanceof ClauseList args) || args.separator() != Operator.COMMA || args.clauses().size() != 2)) {
            // only regexpReplace(p, r, flags) builds it; a loaded tree may hold anything
            throw new dev.retort.exc.ArgumentException("REGEXP_REPLACE needs flags and a list of pattern and replacement");
        }
        if ((operator == Operator.MATCH || operator == Operator.NOT_MATCH) && flags != null) {
            // rendered as SQL on MySQL: only a modifier's name is accepted, also from a loaded tree
            MatchModifier.named(flags);
        }
        if (regconfig != null && operator != Operator.MATCH && operator != Operator.NOT_MATCH) {
            // a loaded tree may carry one anywhere; only a MATCH renders it
            throw new dev.retort.exc.ArgumentException("A regconfig belongs to a MATCH, not to " + operator);
        }
        this.modifiers = escape == null && flags == null && regconfig == null ? null : new Modifiers(escape, flags, regconfig);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitBinary(this);
    }

    public ClauseElement left() {
        return left;
    }

    public ClauseElement right() {
        return right;
    }

    public Operator operator() {
        return operator;
    }

    /** The {@code ESCAPE} character of a LIKE-family operator, as given ({@code ""} too), or null. */
    public String escape() {
        return modifiers == null ? null : modifiers.escape();
    }

    /**
     * The flags of a regular-expression match or replacement ({@code "i"}, {@code "ig"}), or the
     * {@link MatchModifier} name of a MATCH; null when none was given.
     */
    public String flags() {
        return modifiers == null ? null : modifiers.flags();
    }

    /**
     * The PostgreSQL text search configuration of a MATCH ({@code 'english'} in
     * {@code x @@ plainto_tsquery('english', q)}), or null for the server's default.
     */
    public String regconfig() {
        return modifiers == null ? null : modifiers.regconfig();
    }

    /** The search modifier of a MATCH ({@link MatchModifier#BOOLEAN_MODE} unless another was given). */
    public MatchModifier matchModifier() {
        return MatchModifier.named(flags());
    }

    @Override
    public TypeEngine<T> type() {
        return type;
    }

    @Override
    public ColumnElement<T> selfGroup(Operator against) {
        return Operator.isPrecedent(operator, against) ? new Grouping<>(this) : this;
    }

    /**
     * Flips the operator where that means the same; otherwise wraps the whole expression in
     * {@code NOT (...)} whatever its precedence (x != ANY(a) is not NOT (x = ANY(a));
     * {@code NOT (x + q)}), as SQLAlchemy does.
     */
    @Override
    ColumnElement<Boolean> negate() {
        Operator n = operator.negation();
        if (n == null || isCollectionAggregate(left) || isCollectionAggregate(right)) {
            return new UnaryExpression<>(new Grouping<>(this), Operator.NOT, Types.BOOLEAN);
        }
        return new BinaryExpression<>(left, right, n, Types.BOOLEAN, escape(), flags(), regconfig());
    }

    private static boolean isCollectionAggregate(ClauseElement e) {
        return e instanceof ColumnElement<?> c && c.isCollectionAggregate();
    }
}
