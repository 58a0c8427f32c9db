package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN cond THEN result ... ELSE other END}. Results given as plain Java values are
 * bound as parameters.
 *
 * <pre>{@code
 * caseWhen(users.c("id").gt(1), "big").when(users.c("id").eq(1), "one").otherwise("small");
 * }</pre>
 *
 * @param <T> the Java type of the results
 */
public final class Case<T> extends ColumnElement<T> {
    static final Traversal<Case<?>> TRAVERSAL = Traversal.of("case",
            a -> new Case<>(BooleanClauseList.castList(a[0]), (ClauseElement) a[1]),
            Attr.clauses("whens", Case::whens),
            Attr.optionalClause("otherwise", Case::elseResult));

    /** Conditions and results, alternating: cond1, result1, cond2, result2, ... */
    private final List<ClauseElement> whens;
    private final ClauseElement elseResult;

    Case(List<? extends ClauseElement> whens, ClauseElement elseResult) {
        this.whens = List.copyOf(whens);
        this.elseResult = elseResult;
    }

    static <T> Case<T> of(ColumnElement<Boolean> condition, Object result) {
        return new Case<T>(List.of(), null).when(condition, result);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitCase(this);
    }

    /** Conditions and results alternating: condition 1, result 1, condition 2, ... */
    public List<ClauseElement> whens() {
        return whens;
    }

    /** The ELSE result, or null. */
    public ClauseElement elseResult() {
        return elseResult;
    }

    /** A copy with one more {@code WHEN condition THEN result}. */
    public Case<T> when(ColumnElement<Boolean> condition, Object result) {
        if (elseResult != null) {
            throw new dev.retort.exc.ArgumentException("WHEN cannot follow ELSE in a CASE expression");
        }
        List<ClauseElement> w = new ArrayList<>(whens);
        w.add(condition.selfGroup(null));
        w.add(SQL.literalOperand(result));
        return new Case<>(w, null);
    }

    /** A copy with {@code ELSE result}. */
    public Case<T> otherwise(Object result) {
        return new Case<>(whens, SQL.literalOperand(result));
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
