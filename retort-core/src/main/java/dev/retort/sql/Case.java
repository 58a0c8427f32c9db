package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN cond THEN result ... ELSE other END}, or the simple form
 * {@code CASE value WHEN v1 THEN result ... END} that compares one expression with each WHEN value.
 * Results and WHEN values given as plain Java values are bound as parameters.
 *
 * <pre>{@code
 * caseWhen(users.c("id").gt(1), "big").when(users.c("id").eq(1), "one").otherwise("small");
 * caseOf(users.c("id")).when(1, "one").when(2, "two").otherwise("many");
 * }</pre>
 *
 * @param <T> the Java type of the results
 */
public final class Case<T> extends ColumnElement<T> {
    static final Traversal<Case<?>> TRAVERSAL = Traversal.of("case",
            a -> new Case<>((ClauseElement) a[2], BooleanClauseList.castList(a[0]), (ClauseElement) a[1]),
            Attr.clauses("whens", Case::whens),
            Attr.optionalClause("otherwise", Case::elseResult),
            Attr.<Case<?>>optionalClause("value", Case::value).since(18));

    /** The expression a simple CASE compares with each WHEN value; null for a searched CASE. */
    private final ClauseElement value;
    /** Conditions (or WHEN values) and results, alternating: cond1, result1, cond2, result2, ... */
    private final List<ClauseElement> whens;
    private final ClauseElement elseResult;

    Case(ClauseElement value, List<? extends ClauseElement> whens, ClauseElement elseResult) {
        this.value = value;
        this.whens = List.copyOf(whens);
        this.elseResult = elseResult;
    }

    static <T> Case<T> of(ColumnElement<Boolean> condition, Object result) {
        return new Case<T>(null, List.of(), null).when(condition, result);
    }

    static <T> Case<T> simple(Object value) {
        return new Case<>(SQL.literalOperand(value), List.of(), null);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCase(this);
    }

    /** The expression a simple CASE ({@code CASE value WHEN ...}) compares, or null for a searched CASE. */
    public ClauseElement value() {
        return value;
    }

    /** Conditions (WHEN values in a simple CASE) and results alternating: condition 1, result 1, condition 2, ... */
    public List<ClauseElement> whens() {
        return whens;
    }

    /** The ELSE result, or null. */
    public ClauseElement elseResult() {
        return elseResult;
    }

    /** A copy with one more {@code WHEN condition THEN result}. */
    public Case<T> when(ColumnElement<Boolean> condition, Object result) {
        return when((Object) condition, result);
    }

    /**
     * A copy with one more {@code WHEN operand THEN result}: in a simple CASE ({@link SQL#caseOf}) the
     * operand is the value compared with the CASE's expression; a plain Java value is bound.
     */
    public Case<T> when(Object operand, Object result) {
        if (elseResult != null) {
            throw new dev.retort.exc.ArgumentException("WHEN cannot follow ELSE in a CASE expression");
        }
        List<ClauseElement> w = new ArrayList<>(whens);
        w.add(SQL.literalOperand(operand).selfGroup(null));
        w.add(SQL.literalOperand(result));
        return new Case<>(value, w, null);
    }

    /**
     * A copy with {@code ELSE result}; a Java {@code null} leaves the ELSE out, as SQLAlchemy's
     * {@code else_=None} does (the CASE yields NULL either way); {@code otherwise(SQL.nullLiteral())}
     * writes {@code ELSE NULL}.
     */
    public Case<T> otherwise(Object result) {
        return new Case<>(value, whens, result == null ? null : SQL.literalOperand(result));
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeEngine<T> type() {
        for (int i = 1; i < whens.size(); i += 2) {
            if (whens.get(i) instanceof ColumnElement<?> c && c.type().kind() != dev.retort.types.TypeKind.NULL) {
                return (TypeEngine<T>) c.type();
            }
        }
        return (TypeEngine<T>) dev.retort.types.Types.NULLTYPE;
    }
}
