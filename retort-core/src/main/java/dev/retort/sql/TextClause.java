package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Literal SQL text with {@code :name} parameters, which are bound, never spliced in. A colon
 * that is not a parameter is written {@code \:}.
 *
 * <pre>{@code
 * conn.execute(text("SELECT * FROM users WHERE name = :name").bindparams(Map.of("name", "ed")));
 * }</pre>
 */
public final class TextClause extends ColumnElement<Object> {
    private static final Pattern PARAM = Pattern.compile("(?<![:\\w\\\\]):(\\w+)(?!:)");

    static final Traversal<TextClause> TRAVERSAL = Traversal.of("text",
            a -> new TextClause((String) a[0], BooleanClauseList.castList(a[1])),
            Attr.struct("text", TextClause::text),
            Attr.clauses("binds", TextClause::binds));

    private final String text;
    private final List<ClauseElement> binds;

    TextClause(String text, List<? extends ClauseElement> binds) {
        if (text.indexOf('\0') >= 0) {
            // NUL marks parameters in a compiled template; no database takes it in SQL text either.
            throw new dev.retort.exc.ArgumentException("SQL text cannot contain a NUL character");
        }
        this.text = text;
        this.binds = List.copyOf(binds);
        // What of() guarantees, checked here because the serializer builds text through this constructor too.
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (ClauseElement b : this.binds) {
            if (!(b instanceof BindParameter<?> bp) || bp.key() == null) {
                throw new dev.retort.exc.ArgumentException("A text() parameter must be a named bind parameter, not " + b.getClass().getSimpleName());
            }
            keys.add(bp.key());
        }
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            if (!keys.contains(m.group(1))) {
                throw new dev.retort.exc.ArgumentException("text() parameter ':" + m.group(1) + "' has no bind parameter");
            }
        }
    }

    static TextClause of(String text) {
        Map<String, ClauseElement> binds = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            binds.putIfAbsent(m.group(1), new BindParameter<>(m.group(1), m.group(1), null, null, false, false));
        }
        return new TextClause(text, new ArrayList<>(binds.values()));
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitText(this);
    }

    /** Finds the {@code :name} parameters of the text (group 1 is the name); compilers use it too. */
    public Matcher parameters() {
        return PARAM.matcher(text);
    }

    /** The SQL text as written. */
    public String text() {
        return text;
    }

    /** The parameters, one per distinct name, in order of first appearance. */
    public List<ClauseElement> binds() {
        return binds;
    }

    /** A copy with parameter values given by name. */
    public TextClause bindparams(Map<String, ?> values) {
        for (String k : values.keySet()) {
            if (binds.stream().noneMatch(b -> k.equals(((BindParameter<?>) b).key()))) {
                throw new dev.retort.exc.ArgumentException("This text has no parameter ':" + k + "'");
            }
        }
        return (TextClause) params(values);
    }

    /**
     * This text as a SELECT with these columns (SQLAlchemy's {@code text(...).columns(...)}): see
     * {@link TextualSelect}. A column of a table keeps its type; {@code column(name, type)} names one.
     */
    public TextualSelect columns(ColumnClause<?>... columns) {
        return new TextualSelect(this, List.of(columns));
    }

    @Override
    public dev.retort.types.TypeEngine<Object> type() {
        return dev.retort.types.Types.NULLTYPE;
    }

    @Override
    public ColumnElement<Object> selfGroup(Operator against) {
        return against == null || against == Operator.AS_BOOLEAN || against == Operator.COMMA ? this : new Grouping<>(this);
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
