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
            (TextClause t) -> "text() of " + t.text.length() + " characters",
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

    /**
     * SQLAlchemy writes text as it is except before IN; Retort does too wherever parentheses
     * cannot change what the text means: in an AND list unless the text has an OR of its own
     * ({@code a OR b AND c} would bind differently), in an OR list always, and next to any other
     * operator only when the text is one term (a name, a literal, a call, a parameter).
     */
    @Override
    public ColumnElement<Object> selfGroup(Operator against) {
        if (against == null || against == Operator.AS_BOOLEAN || against == Operator.COMMA || against == Operator.OR) {
            return this;
        }
        String top = topLevel(text);
        boolean keeps = against == Operator.AND ? !TOP_LEVEL_OR.matcher(top).find()
                : against != Operator.IN && against != Operator.NOT_IN && ONE_TERM.matcher(top).matches();
        return keeps ? this : new Grouping<>(this);
    }

    private static final Pattern TOP_LEVEL_OR = Pattern.compile("(?i)(?<![\\w$])OR(?![\\w$])");
    private static final Pattern ONE_TERM = Pattern.compile("\\s*[\\w.$:]+\\s*");

    /** The text outside quotes and parentheses, each quoted or parenthesised part replaced by {@code _}. */
    private static String topLevel(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'' || ch == '"' || ch == '`') {
                int end = sql.indexOf(ch, i + 1);
                i = end < 0 ? sql.length() : end;
                if (depth == 0) {
                    out.append('_');
                }
            } else if (ch == '(') {
                if (depth++ == 0) {
                    out.append('_');
                }
            } else if (ch == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(ch);
            }
        }
        return out.toString();
    }

    @Override
    public List<FromClause> fromObjects() {
        return List.of();
    }
}
