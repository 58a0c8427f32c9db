package dev.retort.schema;

import dev.retort.exc.ArgumentException;
import dev.retort.sql.ClauseElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PostgreSQL's {@code [CONSTRAINT name] EXCLUDE USING gist (element [opclass] WITH operator, ...)
 * [WHERE (predicate)]}: no two rows may have all elements related by their operators (two bookings
 * of one room over overlapping periods); SQLAlchemy's {@code postgresql.ExcludeConstraint}. An
 * element is a column (or its key) or an expression, written unqualified with its values inline;
 * the predicate keeps its columns qualified, as SQLAlchemy writes it. Other dialects refuse it
 * with {@code CompileException}.
 *
 * <pre>{@code
 * Table bookings = new Table("bookings", metadata,
 *         Column.of("room", Types.INTEGER), Column.of("during", tsrange),
 *         new ExcludeConstraint("no_double_booking",
 *                 ExcludeConstraint.element("room", "="), ExcludeConstraint.element("during", "&&"))
 *                 .where(text("room > 100")).ops(Map.of("room", "int4_ops")));
 * // CONSTRAINT no_double_booking EXCLUDE USING gist (room int4_ops WITH =, during WITH &&) WHERE (room > 100)
 * }</pre>
 */
public final class ExcludeConstraint extends Constraint {
    /** What an operator is made of: PostgreSQL's operator characters (and {@code $}, which SQLAlchemy's tests use). */
    private static final Pattern OPERATOR = Pattern.compile("[+\\-*/<>=~!@#%^&|`?$]+");
    private static final Pattern WORD = Pattern.compile("\\w+");
    private static final Pattern OPCLASS = Pattern.compile("[\\w.]+");

    /**
     * One element: a column key ({@code String}), a column or an expression, and the operator
     * that relates it between two rows.
     */
    public record Element(Object expression, String operator) {
        public Element {
            if (!(expression instanceof String || expression instanceof ClauseElement)) {
                throw new ArgumentException("An EXCLUDE element is a column key or a SQL expression, got " + expression);
            }
            // -- and /* would start a comment, not an operator (PostgreSQL's lexer reads them so)
            if (operator == null || !OPERATOR.matcher(operator).matches() || operator.contains("--") || operator.contains("/*")) {
                throw new ArgumentException("EXCLUDE element " + expression + ": '" + operator + "' is not an operator");
            }
        }
    }

    private final List<Element> elements;
    private volatile List<ClauseElement> expressions;
    private volatile String using = "gist";
    private volatile ClauseElement where;
    private volatile Map<String, String> ops = Map.of();

    /** An element: {@code column} (a key, a column or an expression) compared with {@code operator}. */
    public static Element element(Object column, String operator) {
        return new Element(column, operator);
    }

    /** The constraint {@code name} (null: the database names it) over {@code elements}. */
    public ExcludeConstraint(String name, Element... elements) {
        super(name, columnRefs(elements));
        if (elements.length == 0) {
            throw new ArgumentException("EXCLUDE constraint " + name + " needs at least one element");
        }
        this.elements = List.of(elements);
    }

    /** The elements that name columns, which become the constraint's columns. */
    private static List<Object> columnRefs(Element[] elements) {
        List<Object> out = new ArrayList<>();
        for (Element e : elements) {
            if (e.expression() instanceof String || e.expression() instanceof Column<?>) {
                out.add(e.expression());
            }
        }
        return out;
    }

    /** The index access method after USING ({@code gist} unless set), a single word. */
    public ExcludeConstraint using(String method) {
        if (method == null || !WORD.matcher(method).matches()) {
            throw new ArgumentException("EXCLUDE constraint " + this + ": unexpected SQL phrase '" + method + "' as its index method (USING)");
        }
        this.using = method.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    /** {@code WHERE (predicate)}: the rows the constraint applies to (an expression or {@code text(...)}). */
    public ExcludeConstraint where(ClauseElement predicate) {
        this.where = predicate;
        return this;
    }

    /** Operator classes by column key, written after the column ({@code room int4_ops}); SQLAlchemy's {@code ops}. */
    public ExcludeConstraint ops(Map<String, String> opclasses) {
        opclasses.forEach((k, v) -> {
            if (v == null || !OPCLASS.matcher(v).matches()) {
                throw new ArgumentException("EXCLUDE constraint " + this + ": '" + v + "' is not an operator class name (for " + k + ")");
            }
        });
        this.ops = Map.copyOf(opclasses);
        return this;
    }

    public List<Element> elements() {
        return elements;
    }

    /** The elements' expressions, column keys resolved against the table; null before a table takes the constraint. */
    public List<ClauseElement> expressions() {
        return expressions;
    }

    public String using() {
        return using;
    }

    public ClauseElement where() {
        return where;
    }

    public Map<String, String> ops() {
        return ops;
    }

    @Override
    public void attachTo(Table table) {
        List<ClauseElement> out = new ArrayList<>();
        for (Element e : elements) {
            out.add(e.expression() instanceof String key ? table.c(key) : (ClauseElement) e.expression());
        }
        super.attachTo(table);
        expressions = List.copyOf(out);
    }
}
