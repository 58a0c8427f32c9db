package dev.retort.dialect;

import dev.retort.exc.CompileException;
import dev.retort.schema.CheckConstraint;
import dev.retort.schema.Column;
import dev.retort.schema.Constraint;
import dev.retort.schema.CreateIndex;
import dev.retort.schema.CreateTable;
import dev.retort.schema.DialectKwArgs;
import dev.retort.schema.DropIndex;
import dev.retort.schema.DropTable;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.ForeignKeyConstraint;
import dev.retort.schema.Index;
import dev.retort.schema.PrimaryKeyConstraint;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.sql.Alias;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.BindParameter;
import dev.retort.sql.BooleanClauseList;
import dev.retort.sql.BooleanLiteral;
import dev.retort.sql.CTE;
import dev.retort.sql.Case;
import dev.retort.sql.Cast;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ClauseList;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.ColumnElement;
import dev.retort.sql.ColumnProxy;
import dev.retort.sql.CompileOption;
import dev.retort.sql.Compiled;
import dev.retort.sql.CompoundSelect;
import dev.retort.sql.Delete;
import dev.retort.sql.DmlStatement;
import dev.retort.sql.FromClause;
import dev.retort.sql.FunctionCall;
import dev.retort.sql.Grouping;
import dev.retort.sql.Insert;
import dev.retort.sql.Join;
import dev.retort.sql.Label;
import dev.retort.sql.OnConflict;
import dev.retort.sql.OnDuplicateKey;
import dev.retort.sql.LabelName;
import dev.retort.sql.LabelReference;
import dev.retort.sql.Operator;
import dev.retort.sql.Over;
import dev.retort.sql.SchemaTranslateMap;
import dev.retort.sql.Select;
import dev.retort.sql.SelectBase;
import dev.retort.sql.SelectColumn;
import dev.retort.sql.TableClause;
import dev.retort.sql.TextClause;
import dev.retort.sql.UnaryExpression;
import dev.retort.sql.Update;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.regex.Matcher;

/**
 * Turns one statement into SQL for a dialect. The base class renders SQLAlchemy's default
 * dialect; each database's compiler overrides what its SQL spells differently. A compiler is
 * used for one compilation: it holds the anonymous-name counters, the parameter slots, the
 * enclosing SELECTs (for correlation) and the CTEs to hoist.
 */
public class SqlCompiler {
    private static final char MARK = '\u0000';
    /** Where an IN list's item goes in its wrapper; never in SQL text Retort produces. */
    private static final char ITEM = '\u0001';

    protected final Dialect dialect;
    private Set<CompileOption> options = EnumSet.noneOf(CompileOption.class);
    private final Map<LabelName, String> anonNames = new HashMap<>();
    private final Map<String, Integer> anonCounters = new HashMap<>();
    private static final java.util.regex.Pattern ANON_SEED_ESCAPE = java.util.regex.Pattern.compile("[%() $]+");
    /** The count of names derived from other anonymous names ({@link LabelName#base()}). */
    private int derivedNames;
    /** Generated names longer than the dialect's label length, as cut; numbered per kind (see {@link #generated}). */
    private final Map<Cut, String> cutNames = new HashMap<>();
    private final int[] cutCounters = new int[NameKind.values().length];
    private final List<Compiled.Slot> slots = new ArrayList<>();
    private final Map<BindParameter<?>, String> namedBinds = new IdentityHashMap<>();
    private final Deque<Enclosing> enclosing = new ArrayDeque<>();
    private final Map<CTE, String> ctes = new LinkedHashMap<>();
    private final Set<CTE> ctesInProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    /** CTEs extended by a restatement being compiled: they render as its name only. */
    private final Set<CTE> restated = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The labels of each enclosing SELECT's columns clause by name, for ORDER BY / GROUP BY label references. */
    private final Deque<Map<String, Label<?>>> columnLabels = new ArrayDeque<>();
    /** The SELECTs being compiled, innermost first: what a {@link LabelReference} resolves against. */
    private final Deque<Scope> scopes = new ArrayDeque<>();
    /**
     * The level (statement depth) of each listed CTE that nests ({@link CTE#isNesting}): the
     * SELECT at that depth declares it in its own WITH clause.
     */
    private final Map<CTE, Integer> nestingLevels = new IdentityHashMap<>();
    /** Value parameters of a DML in a CTE's body, rendered anonymous (see {@link #anonymousValues}). */
    private final Set<BindParameter<?>> anonymousValueBinds = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The INSERT row or UPDATE SET being written, its values by column, for fromDmlColumn; null outside one. */
    private DmlValues dmlValues;
    /** The parameters of the values being written that are themselves a column's value, and that column (see {@link #boundType}). */
    private final Map<BindParameter<?>, ColumnClause<?>> storedInto = new IdentityHashMap<>();
    /** The CTEs listed through {@link Select#addNestedCte}: one statement only may declare each. */
    private final Set<CTE> nestedHere = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Set while a compound SELECT's member, or an INSERT's SELECT, starts: the enclosing statement
     * declares the nesting CTEs of that SELECT in its own WITH clause.
     */
    private boolean declaredByParent;
    private int depth;
    private boolean inBindExpression;
    /** Set while a member of a compound SELECT whose rows are read starts: its columns take their types' column expressions. */
    private boolean membersRead;
    /** Set while a RETURNING clause's columns are written. */
    private boolean inReturning;
    /** The IN-list parameter whose wrapper {@link #itemWrapper} is rendering: it renders as {@link #ITEM}. */
    private BindParameter<?> itemOf;
    private boolean asFrom;
    /** Set while a LATERAL subquery's SELECT starts: in FROM, yet correlated to the FROM items before it. */
    private boolean lateral;
    /** How many VALUES written with literal values ({@code Values.literalBinds()}) enclose the element being compiled. */
    private int literalValues;
    /** Set while a compound SELECT's ORDER BY renders: its rows have column names but no tables. */
    private boolean bareColumns;
    /** The alias a DML statement targets while its RETURNING is written bare ({@link #unqualifiedReturning}). */
    private dev.retort.sql.Alias bareAlias;
    /**
     * Set while an operand of a binary operator written {@code left OP right} is compiled, at any
     * depth: an eagerly grouping custom operator there is parenthesised (SQLAlchemy's
     * {@code _in_operator_expression}).
     */
    private boolean inOperatorExpression;

    /** The schema translations of this compilation (SQLAlchemy's {@code schema_translate_map}), or null. */
    private SchemaTranslateMap schemaTranslate;

    protected SqlCompiler(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Translates the schemas of tables, indexes and sequences by {@code map} (null: none); returns this compiler. */
    public SqlCompiler schemaTranslateMap(SchemaTranslateMap map) {
        this.schemaTranslate = map;
        return this;
    }

    /** The schema translations of this compilation, or null (none). */
    protected SchemaTranslateMap schemaTranslateMap() {
        return schemaTranslate;
    }

    /**
     * The schema {@code t} renders in: a {@link Table}'s own schema translated by the schema
     * translate map; a lightweight {@code table(...)}'s as given (SQLAlchemy's {@code _use_schema_map}).
     */
    protected String effectiveSchema(TableClause t) {
        return schemaTranslate == null || !(t instanceof Table) ? t.schema() : schemaTranslate.schemaFor(t.schema());
    }

    /** Compiles {@code statement}. */
    public Compiled compile(ClauseElement statement, CompileOption... opts) {
        options = opts.length == 0 ? EnumSet.noneOf(CompileOption.class) : EnumSet.copyOf(List.of(opts));
        // a LATERAL compiled alone, outside any FROM, is written without its name, as SQLAlchemy's lateral(...) by itself
        String text = statement instanceof dev.retort.sql.Lateral l ? "LATERAL (" + process(l.element()) + ")" : process(statement);
        List<Compiled.ResultColumn> resultColumns = resultColumns(statement);
        boolean rows = statement instanceof SelectBase || statement instanceof TextClause
                || (statement instanceof DmlStatement d && !returningOf(d).isEmpty());
        return new Compiled(dialect, statement, text, slots, resultColumns, rows);
    }

    /** Renders any element. */
    public String process(ClauseElement e) {
        return e.compileWith(this);
    }

    /** The dialect compiled for. */
    public Dialect dialect() {
        return dialect;
    }

    protected boolean literalBinds() {
        return literalValues > 0 || options.contains(CompileOption.LITERAL_BINDS);
    }

    // ---- names ----------------------------------------------------------------------------

    /** The compiled name of an anonymous label: {@code prefix_N}, numbered per prefix. */
    public String anonName(LabelName name) {
        String n = anonNames.get(name);
        if (n == null) {
            // SQLAlchemy's anonymous names replace runs of % ( ) space $ in their seed by _ (t.x + 1 -> t.x_+_1_1)
            String prefix = ANON_SEED_ESCAPE.matcher(name.prefix()).replaceAll("_");
            // a name derived from another (SQLAlchemy's "%(1 max)s%(2 )s") is counted with all such names, under no seed
            int count = name.base() == null ? anonCounters.merge(prefix, 1, Integer::sum) : ++derivedNames;
            n = (name.base() == null ? "" : labelString(name.base())) + prefix + "_" + count;
            anonNames.put(name, n);
        }
        return n;
    }

    /** A label, quoted where needed: a {@code String} as given, a {@link LabelName} numbered (and cut). */
    protected String labelText(Object label) {
        return label instanceof String s ? quote(s) : quote(generated(NameKind.COLUMN, label));
    }

    /** A column label the compiler chose ({@code table_col}, a column's own name in a subquery), numbered and cut. */
    private String generatedLabel(Object label) {
        return generatedLabel(label, null);
    }

    /** {@link #generatedLabel(Object)} with its quoting forced ({@link #labelQuote}). */
    private String generatedLabel(Object label, Boolean quote) {
        return dialect.quoteIdentifier(generated(NameKind.COLUMN, label), quote);
    }

    /**
     * The forced quoting a label derived from a column's name takes, as SQLAlchemy's quoted_name
     * propagates it: the column's own name carries the column's {@link Column#quote()}; its
     * {@code [schema_]table_column} label that, or else the table's {@link Table#quote()}; any other
     * label (a given or a numbered one) none.
     */
    private static Boolean labelQuote(ColumnElement<?> c, Object label) {
        FromClause from = c instanceof ColumnProxy<?> p ? p.parent() : c instanceof ColumnClause<?> cc ? cc.table() : null;
        ColumnElement<?> base = c;
        while (base instanceof ColumnProxy<?> p) {
            base = p.origin();
        }
        if (!(base instanceof Column<?> col) || from == null) {
            return null;
        }
        Boolean qualified = col.quote() != null ? col.quote() : col.table() != null ? col.table().quote() : null;
        if (label instanceof dev.retort.sql.QualifiedLabel q) {
            return col.name().equals(q.column()) ? qualified : null;
        }
        if (!(label instanceof String s)) {
            return null;
        }
        if (s.equals(col.name())) {
            return col.quote();
        }
        String schema = from instanceof TableClause t && t.schema() != null ? t.schema().replace('.', '_') + "_" : "";
        return s.equals(schema + from.name() + "_" + col.name()) ? qualified : null;
    }

    /** The name of an alias or CTE: a given name as it is, an anonymous one numbered and cut. */
    protected String aliasText(Object name) {
        return name instanceof String s ? quote(s) : quote(generated(NameKind.ALIAS, name));
    }

    /** The kinds of generated names, each cut names numbers on its own (SQLAlchemy's colident, alias, bindparam). */
    private enum NameKind { COLUMN, ALIAS, BIND }

    private record Cut(NameKind kind, Object name) {
    }

    /**
     * A generated name as rendered: numbered, and when longer than {@link Dialect#labelLength()}
     * minus 6, cut to that many characters plus {@code _} and a hexadecimal counter of its kind,
     * as SQLAlchemy's compiler does. One name always renders the same within a compilation, so
     * a label and the references to it through a subquery agree; the database then never cuts
     * (PostgreSQL) or refuses (MySQL) a name, and two long names never collide.
     */
    private String generated(NameKind kind, Object name) {
        String text = labelString(name);
        int keep = dialect.labelLength() - 6;
        if (text.length() <= keep) {
            return text;
        }
        return cutNames.computeIfAbsent(new Cut(kind, name),
                k -> text.substring(0, Math.max(keep, 0)) + "_" + Integer.toHexString(++cutCounters[kind.ordinal()]));
    }

    /** The name a subquery's column is referenced by: cut when the compiler chose it, as given otherwise. */
    protected String proxyName(ColumnProxy<?> p) {
        Boolean quote = labelQuote(p, p.label());
        return generatedName(p) ? generatedLabel(p.label(), quote)
                : p.label() instanceof String s ? dialect.quoteIdentifier(s, quote) : labelText(p.label());
    }

    /** Whether a subquery's column is exported under a name the compiler chose (not a label's given name, not a table's column). */
    private static boolean generatedName(ColumnProxy<?> p) {
        return p.label() instanceof String && (p.parent().element() instanceof SelectBase || p.parent().element() instanceof DmlStatement)
                && !(p.origin() instanceof Label<?> l && l.name() != null);
    }

    /** A label's text: a {@code String}, a numbered {@link LabelName} or {@link dev.retort.sql.QualifiedLabel}. */
    private String labelString(Object label) {
        if (label instanceof dev.retort.sql.QualifiedLabel q) {
            String table = labelString(q.table());
            return table + "_" + labelString(q.column());
        }
        return label instanceof LabelName l ? anonName(l) : (String) label;
    }

    protected String quote(String identifier) {
        return dialect.quoteIdentifier(identifier);
    }

    // ---- parameters -----------------------------------------------------------------------

    public String visitBindParameter(BindParameter<?> b) {
        if (b == itemOf) {
            return String.valueOf(ITEM);
        }
        ColumnElement<?> wrapped = inBindExpression || b.isExpanding() ? null : bindExpression(b);
        if (wrapped == null) {
            return literalBinds() ? bindSlot(b, null) : bindCast(b, bindSlot(b, null));
        }
        // The parameter appears again inside its wrapper, where it renders plainly.
        inBindExpression = true;
        try {
            return process(wrapped);
        } finally {
            inBindExpression = false;
        }
    }

    /**
     * A parameter's slot with the cast the dialect writes after it for its type ({@code ?::INT4RANGE}
     * on PostgreSQL); none by default. Not applied to a value written inline, which carries its own.
     */
    protected String bindCast(BindParameter<?> b, String slot) {
        return slot;
    }

    /**
     * The text before and after each item of an IN list whose type has a bind expression
     * ({@code lower(}, {@code )}), as SQLAlchemy wraps each expanded parameter; null without one.
     */
    private String[] itemWrapper(BindParameter<?> b) {
        ColumnElement<?> wrapped = bindExpression(b);
        if (wrapped == null) {
            return null;
        }
        int before = slots.size();
        String text;
        itemOf = b;
        inBindExpression = true;
        try {
            text = process(wrapped);
        } finally {
            itemOf = null;
            inBindExpression = false;
        }
        int at = text.indexOf(ITEM);
        if (slots.size() != before || at < 0 || text.indexOf(ITEM, at + 1) >= 0) {
            // Written once per item, the wrapper can hold no parameter of its own.
            throw new CompileException("The bind expression of " + b.type() + " around the IN list '" + b.key()
                    + "' must hold the list's parameter once and no other parameter");
        }
        return new String[] {text.substring(0, at), text.substring(at + 1)};
    }

    /** The type's SQL around a parameter ({@code lower(?)}), or null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private ColumnElement<?> bindExpression(BindParameter b) {
        ColumnElement<?> compared = comparedWith == null ? null : comparedBindExpression(b, comparedWith);
        if (compared != null) {
            return compared;
        }
        // A loaded node may lack its type (a cast, a call): it has no hooks then.
        return b.type() == null ? null : b.type().forDialect(dialect).bindExpression(b);
    }

    /** The type's SQL around a column whose values are read ({@code lower(t.name)}), or null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private ColumnElement<?> columnExpression(ColumnElement c) {
        return c.type() == null ? null : c.type().forDialect(dialect).columnExpression(c);
    }

    /** Renders a parameter as a slot of the template (or inline, with LITERAL_BINDS). */
    protected String bindSlot(BindParameter<?> b, String emptyForm) {
        return bindSlot(b, emptyForm, null, "");
    }

    /**
     * A slot of rows compared with a tuple whose elements have {@code rowTypes} (null: a plain slot),
     * {@code listBefore} written before the rows when there are any.
     */
    private String bindSlot(BindParameter<?> b, String emptyForm, List<TypeEngine<?>> rowTypes, String listBefore) {
        return bindSlot(b, emptyForm, rowTypes, null, listBefore);
    }

    /** {@code itemWrapper}: the text around each item of an expanding slot, or null. */
    private String bindSlot(BindParameter<?> b, String emptyForm, List<TypeEngine<?>> rowTypes, String[] itemWrapper) {
        return bindSlot(b, emptyForm, rowTypes, itemWrapper, "");
    }

    private String bindSlot(BindParameter<?> b, String emptyForm, List<TypeEngine<?>> rowTypes, String[] itemWrapper, String listBefore) {
        if (literalBinds()) {
            // Asked once: a supplier-valued parameter gives another value at each asking.
            Object asked = b.effectiveValue();
            // "IN ()" is a syntax error on most databases: the empty form stands in, as at execution.
            boolean empty = b.isExpanding() && ((Collection<?>) asked).isEmpty();
            // a column default's parameter has no value until it runs: NULL, as SQLAlchemy writes it
            Object v = asked instanceof dev.retort.schema.ColumnDefault ? null : asked;
            return empty && emptyForm != null ? emptyForm
                    : listBefore + Compiled.literals(dialect, b, rowTypes, v, itemWrapper == null ? "" : itemWrapper[0], itemWrapper == null ? "" : itemWrapper[1]);
        }
        boolean anonymousValue = anonymousValueBinds.contains(b);
        String name = escapeBindName(b.isUnique() ? generated(NameKind.BIND, new LabelName(b, 0, uniqueBindSeed(b.prefix())))
                : anonymousValue ? generated(NameKind.BIND, new LabelName(b, 0, "param")) : b.key());
        String prior = namedBinds.putIfAbsent(b, name);
        if (!b.isUnique() && !anonymousValue && prior == null) {
            for (Map.Entry<BindParameter<?>, String> e : namedBinds.entrySet()) {
                if (e.getKey() != b && name.equals(e.getValue()) && e.getKey().isUnique() == false
                        && !java.util.Objects.deepEquals(e.getKey().value(), b.value())) {
                    throw new CompileException("Bind parameter '" + name + "' appears twice with different values");
                }
            }
        }
        ColumnClause<?> stored = storedInto.get(b);
        TypeEngine<?> type = b.type() == null ? null : boundType(b.type(), stored != null ? stored : comparedWith, b == selectedBind);
        slots.add(itemWrapper == null ? new Compiled.Slot(name, b, b.isExpanding(), emptyForm, rowTypes, "", "", listBefore, type)
                : new Compiled.Slot(name, b, true, emptyForm, rowTypes, itemWrapper[0], itemWrapper[1], listBefore, type));
        return MARK + Integer.toString(slots.size() - 1) + MARK;
    }

    /**
     * The seed of a unique parameter's name as SQLAlchemy 2.1 sanitizes it (BindParameter's
     * {@code sanitize_key}): each run of {@code % ( ) space $ . [ ] :} becomes one {@code _}, and
     * {@code _} is stripped from both ends, so a column {@code "%(my name)s"} compares with
     * {@code :my_name_s_1} and {@code _x} with {@code :x_1}.
     */
    static String uniqueBindSeed(String prefix) {
        boolean plain = !prefix.startsWith("_") && !prefix.endsWith("_");
        for (int i = 0; i < prefix.length() && plain; i++) {
            plain = "%() $.[]:".indexOf(prefix.charAt(i)) < 0;
        }
        if (plain) {
            return prefix;
        }
        String s = prefix.replaceAll("[%() $.\\[\\]:]+", "_");
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '_') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '_') {
            to--;
        }
        return s.substring(from, to);
    }

    /**
     * A parameter name as the template writes it, with SQLAlchemy's escapes for the characters a
     * named placeholder cannot hold ({@code has spaces} → {@code has_spaces}, {@code (} → {@code A},
     * {@code )} → {@code Z}); {@link Compiled} still takes values by the name as given.
     */
    static String escapeBindName(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            char to = switch (ch) {
                case '%' -> 'P';
                case '(' -> 'A';
                case ')' -> 'Z';
                case ':' -> 'C';
                case '.', '[', ']', ' ' -> '_';
                default -> ch;
            };
            if (to != ch && sb == null) {
                sb = new StringBuilder(name.substring(0, i));
            }
            if (sb != null) {
                sb.append(to);
            }
        }
        return sb == null ? name : sb.toString();
    }

    // ---- expressions ----------------------------------------------------------------------

    /**
     * Whether the binary expression being rendered is itself an operand of an operator expression:
     * PostgreSQL's eagerly grouped operators ({@code ->}, {@code @>}, ...) parenthesise themselves there.
     */
    private boolean binaryEnclosed;

    public String visitBinary(BinaryExpression<?> b) {
        boolean outer = inOperatorExpression;
        // LIKE, MATCH and the regular expressions are written by their own rules in SQLAlchemy, not
        // as a generic binary, so their operands are not in an operator expression of their own.
        inOperatorExpression = outer || !ownRendering(b.operator());
        try {
            return binary(b, outer);
        } finally {
            inOperatorExpression = outer;
        }
    }

    private static boolean ownRendering(Operator op) {
        switch (op) {
            case LIKE: case NOT_LIKE: case ILIKE: case NOT_ILIKE: case MATCH: case NOT_MATCH:
            case CONTAINS: case NOT_CONTAINS: case STARTS_WITH: case NOT_STARTS_WITH: case ENDS_WITH: case NOT_ENDS_WITH:
            case ICONTAINS: case NOT_ICONTAINS: case ISTARTS_WITH: case NOT_ISTARTS_WITH: case IENDS_WITH: case NOT_IENDS_WITH:
            case REGEXP_MATCH: case NOT_REGEXP_MATCH: case REGEXP_REPLACE:
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether the binary expression whose operator is being rendered (in {@link #item} or
     * {@link #arrayOperator}) is itself an operand of an operator expression.
     */
    protected final boolean enclosedByOperator() {
        return binaryEnclosed;
    }

    private String binary(BinaryExpression<?> b, boolean enclosed) {
        Operator op = b.operator();
        if (op == Operator.CONCAT) {
            return concatAll(concatParts(b, new ArrayList<>()));
        }
        String left = process(b.left());
        // the parameter on the right learns what it is compared with (comparedBindExpression)
        ColumnElement<?> outer = comparedWith;
        comparedWith = b.right() instanceof BindParameter<?> && b.left() instanceof ColumnElement<?> l && op.comparesValues() ? l : null;
        try {
            return binaryRest(b, enclosed, op, left);
        } finally {
            comparedWith = outer;
        }
    }

    /** The element the parameter being written is compared with, while {@link #binary} writes its right side. */
    private ColumnElement<?> comparedWith;
    /** The parameter that is itself a column of the outermost SELECT, while that column is written (see {@link #boundType}). */
    private BindParameter<?> selectedBind;

    /**
     * The type a parameter of {@code type} binds through: {@code target} is the column it is
     * stored into, or what it is compared with (on the right of {@code =}, {@code <}, {@code IN} ...),
     * else null; {@code selected} is true when it is itself a column of the outermost SELECT.
     * {@code type} by default. SQLite's binds a long decimal exactly only where that is safe.
     */
    public TypeEngine<?> boundType(TypeEngine<?> type, ColumnElement<?> target, boolean selected) {
        return type;
    }

    /**
     * What {@code write} gives, the values among {@code values} that are parameters known as the
     * values of {@code columns}' columns, index by index, meanwhile (see {@link #boundType}).
     */
    private String storing(List<? extends ClauseElement> columns, List<? extends ClauseElement> values, java.util.function.Supplier<String> write) {
        List<BindParameter<?>> added = new ArrayList<>();
        for (int k = 0; k < columns.size() && k < values.size(); k++) {
            if (values.get(k) instanceof BindParameter<?> b && columns.get(k) instanceof ColumnClause<?> c && storedInto.putIfAbsent(b, c) == null) {
                added.add(b);
            }
        }
        try {
            return write.get();
        } finally {
            added.forEach(storedInto::remove);
        }
    }

    /**
     * SQL around a parameter compared ({@code =}, {@code <}, {@code IN} ...) with {@code other}, or null
     * (the default) to leave it to the parameter's type; an IN list wraps each item.
     */
    protected ColumnElement<?> comparedBindExpression(BindParameter<?> b, ColumnElement<?> other) {
        return null;
    }

    private String binaryRest(BinaryExpression<?> b, boolean enclosed, Operator op, String left) {
        switch (op) {
            case IN:
            case NOT_IN: {
                String in = left + " " + op.sql() + " " + inRight(b.left(), b.right(), op == Operator.IN);
                return op == Operator.NOT_IN ? "(" + in + ")" : in;
            }
            case IS:
            case IS_NOT:
                return left + " " + op.sql() + " " + process(b.right());
            case LIKE:
            case NOT_LIKE:
                return left + " " + op.sql() + " " + process(b.right()) + escapeClause(b);
            case ILIKE:
            case NOT_ILIKE:
                return ilike(left, process(b.right()), op == Operator.NOT_ILIKE) + escapeClause(b);
            case MATCH:
            case NOT_MATCH:
                return match(left, process(b.right()), op == Operator.NOT_MATCH, b);
            case BETWEEN_SYMMETRIC:
            case NOT_BETWEEN_SYMMETRIC:
                return betweenSymmetric(left, process(b.right()), op == Operator.NOT_BETWEEN_SYMMETRIC);
            case IS_DISTINCT_FROM:
            case IS_NOT_DISTINCT_FROM:
                return distinctFrom(left, process(b.right()), op == Operator.IS_DISTINCT_FROM);
            case CONTAINS:
            case NOT_CONTAINS:
            case STARTS_WITH:
            case NOT_STARTS_WITH:
            case ENDS_WITH:
            case NOT_ENDS_WITH:
            case ICONTAINS:
            case NOT_ICONTAINS:
            case ISTARTS_WITH:
            case NOT_ISTARTS_WITH:
            case IENDS_WITH:
            case NOT_IENDS_WITH:
                return patternMatch(b, op);
            case REGEXP_MATCH:
            case NOT_REGEXP_MATCH:
                return b.flags() == null ? regexpMatch(left, process(b.right()), op == Operator.NOT_REGEXP_MATCH)
                        : regexpMatch(left, process(b.right()), op == Operator.NOT_REGEXP_MATCH, b.flags());
            case REGEXP_REPLACE: {
                List<ClauseElement> args = ((ClauseList) b.right()).clauses();
                return regexpReplace(left, process(args.get(0)), process(args.get(1)), b.flags());
            }
            case DIV:
                return trueDivision(left, (ColumnElement<?>) b.right());
            case FLOORDIV:
                return floorDivision(left, (ColumnElement<?>) b.left(), (ColumnElement<?>) b.right());
            case ADD:
            case SUB:
                if (op == Operator.SUB && b.type().kind() == dev.retort.types.TypeKind.INTERVAL && isPointInTime((ColumnElement<?>) b.left())) {
                    return timeDifference(left, process(b.right()));
                }
                if (b.right() instanceof ColumnElement<?> r && r.type().dialectImpl(dialect).kind() == dev.retort.types.TypeKind.INTERVAL
                        && ((ColumnElement<?>) b.left()).type().kind() != dev.retort.types.TypeKind.INTERVAL) {
                    return intervalArithmetic(op, left, process(b.right()));
                }
                return left + " " + operatorText(op) + " " + process(b.right());
            case GETITEM:
            case GETITEM_TEXT:
            case GETPATH:
            case GETPATH_TEXT:
            {
                String key = process(b.right());
                binaryEnclosed = enclosed;
                return item(b, left, key, op == Operator.GETITEM_TEXT || op == Operator.GETPATH_TEXT);
            }
            case BITWISE_XOR:
                return bitwiseXor(left, process(b.right()));
            case CONTAINS_ALL:
            case CONTAINED_BY:
            case OVERLAP:
            case ANY_EQ:
            case ALL_EQ:
            case STRICTLY_LEFT_OF:
            case STRICTLY_RIGHT_OF:
            case NOT_EXTEND_RIGHT_OF:
            case NOT_EXTEND_LEFT_OF:
            case ADJACENT_TO:
            case HAS_KEY:
            case HAS_ALL:
            case HAS_ANY:
            case DELETE_PATH:
            case PATH_EXISTS:
            case PATH_MATCH: {
                String right = process(b.right());
                binaryEnclosed = enclosed;
                return arrayOperator(op, left, right);
            }
            default:
                return left + " " + operatorText(op) + " " + process(b.right());
        }
    }

    /**
     * What precedes the rows of a tuple IN list that has rows, {@code (?, ?), (?, ?)}: nothing
     * (SQLite wants {@code VALUES}). An empty list's {@link #emptyInForm} stands without it.
     */
    protected String tupleRowsBefore() {
        return "";
    }

    /** {@code (a, b)}. */
    public String visitTuple(dev.retort.sql.Tuple t) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (ColumnElement<?> e : t.elements()) {
            j.add(process(e));
        }
        return j.toString();
    }

    /**
     * {@code ARRAY[a, b]}, and {@code ARRAY[]::INTEGER[]} for an empty array of a known element
     * type, as SQLAlchemy's PostgreSQL compiler writes them; dialects without arrays refuse it.
     */
    public String visitArrayLiteral(dev.retort.sql.ArrayLiteral<?> a) {
        if (a.elements().isEmpty() && ((dev.retort.types.ArrayType<?>) (dev.retort.types.TypeEngine<?>) a.type()).elementType().kind() != dev.retort.types.TypeKind.NULL) {
            return "ARRAY[]::" + dialect.typeDdl(a.type(), schemaTranslate);
        }
        StringJoiner j = new StringJoiner(", ", "ARRAY[", "]");
        for (ColumnElement<?> e : a.elements()) {
            j.add(process(e));
        }
        return j.toString();
    }

    /** Bitwise exclusive or of two operands (already grouped against the operator). */
    protected String bitwiseXor(String left, String right) {
        return left + " ^ " + right;
    }

    /**
     * A custom operator's text as given, between spaces, on every dialect (as SQLAlchemy); in
     * parentheses when it groups eagerly and is itself inside an operand of another operator. An
     * operator with a {@link dev.retort.sql.CustomOperator#visitName} is first offered to {@link #customBinary}.
     */
    public String visitCustomOp(dev.retort.sql.CustomOp<?> c) {
        if (c.operator().visitName() != null) {
            String own = customBinary(c);
            if (own != null) {
                return own;
            }
        }
        boolean outer = inOperatorExpression;
        inOperatorExpression = true;
        String text;
        try {
            text = process(c.left()) + " " + c.operator().text() + " " + process(c.right());
        } finally {
            inOperatorExpression = outer;
        }
        return outer && c.operator().isEagerGrouping() ? "(" + text + ")" : text;
    }

    /**
     * A custom operator with a {@link dev.retort.sql.CustomOperator#visitName} as this dialect
     * writes it, or null to write its text (the default for every name): a dialect's own compiler
     * overrides this for the names it knows, SQLAlchemy's {@code visit_<name>_op_binary}.
     *
     * <pre>{@code
     * protected String customBinary(CustomOp<?> c) {
     *     return "myop".equals(c.operator().visitName()) ? "|" + process(c.left()) + "| ->" + process(c.right()) + "<-" : null;
     * }
     * }</pre>
     */
    protected String customBinary(dev.retort.sql.CustomOp<?> c) {
        return null;
    }

    /**
     * A custom prefix or postfix operator with a {@link dev.retort.sql.CustomOperator#visitName}
     * as this dialect writes it, or null to write its text; SQLAlchemy's {@code visit_<name>_op_unary}.
     */
    protected String customUnary(dev.retort.sql.CustomUnaryOp<?> u) {
        return null;
    }

    /** A custom prefix or postfix operator's text as given, beside its operand, on every dialect (as SQLAlchemy). */
    public String visitCustomUnaryOp(dev.retort.sql.CustomUnaryOp<?> u) {
        if (u.operator().visitName() != null) {
            String own = customUnary(u);
            if (own != null) {
                return own;
            }
        }
        String operand = process(u.element());
        return u.isPostfix() ? operand + " " + u.operator().text() : u.operator().text() + " " + operand;
    }

    /**
     * An element of a JSON document or array ({@code ColumnElement.item}/{@code itemText}): the
     * default renders SQLite's and SQLAlchemy's generic form, {@code JSON_QUOTE(JSON_EXTRACT(x, path))}
     * and, as text, {@code JSON_EXTRACT(x, path)}; arrays have no generic form.
     */
    protected String item(BinaryExpression<?> b, String left, String key, boolean text) {
        TypeEngine<?> container = ((ColumnElement<?>) b.left()).type();
        if (container.kind() == dev.retort.types.TypeKind.ARRAY || container instanceof dev.retort.types.HstoreType) {
            return arrayOperator(Operator.GETITEM, left, key);
        }
        String extract = "JSON_EXTRACT(" + left + ", " + key + ")";
        return text ? extract : "JSON_QUOTE(" + extract + ")";
    }

    private static boolean isPointInTime(ColumnElement<?> e) {
        dev.retort.types.TypeKind k = e.type().kind();
        return k == dev.retort.types.TypeKind.DATETIME || k == dev.retort.types.TypeKind.TIMESTAMP;
    }

    /** {@code ColumnElement.durationSince}: the INTERVAL from {@code earlier} to {@code later}; native subtraction by default. */
    protected String timeDifference(String later, String earlier) {
        return later + " - " + earlier;
    }

    /** A date or time plus or minus an INTERVAL; dialects without an interval type override this. */
    protected String intervalArithmetic(Operator op, String left, String interval) {
        return left + " " + op.sql() + " " + interval;
    }

    /**
     * PostgreSQL's array and JSONB operators ({@code arr[i]}, {@code @>}, {@code <@}, {@code &&},
     * {@code x = ANY (arr)}, {@code x = ALL (arr)}), rendered as PostgreSQL writes them; dialects
     * without arrays refuse them (see {@link #unsupportedArrayOperator}).
     */
    protected String arrayOperator(Operator op, String left, String right) {
        switch (op) {
            case GETITEM: return left + "[" + right + "]";
            case ANY_EQ: return left + " = ANY (" + right + ")";
            case ALL_EQ: return left + " = ALL (" + right + ")";
            default: return left + " " + op.sql() + " " + right;
        }
    }

    /** The refusal of {@link #arrayOperator} by a dialect without arrays. */
    protected final CompileException unsupportedArrayOperator(Operator op) {
        return new CompileException("Operator " + op.sql() + " (" + op + ") is PostgreSQL only, not available on dialect " + dialect.name());
    }

    /**
     * What stands inside {@code IN (...)} for an empty list of {@code arity}-element rows, SQLAlchemy's
     * {@code visit_empty_set_op_expr}: {@code (NULL) AND (1 != 1)} ({@code OR (1 = 1)} for NOT IN), one row
     * of NULLs for a tuple ("IN (())" is not SQL).
     */
    protected String emptyInForm(boolean in, int arity) {
        String nulls = arity == 1 ? "NULL" : "(" + String.join(", ", Collections.nCopies(arity, "NULL")) + ")";
        return nulls + (in ? ") AND (1 != 1" : ") OR (1 = 1");
    }

    private String inRight(ClauseElement left, ClauseElement right, boolean in) {
        if (right instanceof BindParameter<?> bp && bp.isExpanding()) {
            if (left instanceof dev.retort.sql.Tuple t) {
                return "(" + bindSlot(bp, emptyInForm(in, t.elements().size()), t.elementTypes(), tupleRowsBefore()) + ")";
            }
            return "(" + bindSlot(bp, emptyInForm(in, 1), null, itemWrapper(bp)) + ")";
        }
        if (right instanceof SelectBase) {
            return "(" + process(right) + ")";
        }
        return process(right);
    }

    /**
     * {@code /} as true division, SQLAlchemy's: where the database divides integers to an
     * integer, the divisor is cast to NUMERIC (or to its own type when it is already fractional).
     */
    protected String trueDivision(String left, ColumnElement<?> right) {
        TypeEngine<?> to = isFractional(right.type()) ? right.type() : dev.retort.types.Types.NUMERIC;
        return left + " / " + process(right.cast(to));
    }

    /** Floor division: a plain {@code /} between integers where that already floors, else {@code FLOOR(a / b)}. */
    protected String floorDivision(String left, ColumnElement<?> dividend, ColumnElement<?> right) {
        String plain = left + " / " + process(right);
        return isInteger(dividend.type()) && isInteger(right.type()) ? plain : "FLOOR(" + plain + ")";
    }

    protected static boolean isFractional(TypeEngine<?> t) {
        switch (t.kind()) {
            case FLOAT: case DOUBLE: case NUMERIC: return true;
            default: return false;
        }
    }

    protected static boolean isInteger(TypeEngine<?> t) {
        switch (t.kind()) {
            case INTEGER: case BIGINT: case SMALLINT: return true;
            default: return false;
        }
    }

    private static final java.util.Set<Operator> CASE_INSENSITIVE_PATTERNS = java.util.EnumSet.of(Operator.ICONTAINS, Operator.NOT_ICONTAINS,
            Operator.ISTARTS_WITH, Operator.NOT_ISTARTS_WITH, Operator.IENDS_WITH, Operator.NOT_IENDS_WITH);
    private static final java.util.Set<Operator> PATTERNS_AT_START = java.util.EnumSet.of(Operator.STARTS_WITH, Operator.NOT_STARTS_WITH,
            Operator.ISTARTS_WITH, Operator.NOT_ISTARTS_WITH);
    private static final java.util.Set<Operator> PATTERNS_AT_END = java.util.EnumSet.of(Operator.ENDS_WITH, Operator.NOT_ENDS_WITH,
            Operator.IENDS_WITH, Operator.NOT_IENDS_WITH);

    /**
     * contains / startsWith / endsWith and their case-insensitive forms: LIKE against the value
     * with {@code %} around it, and the ESCAPE (the attribute, or inside the right operand in
     * trees of format 1.5 to 1.8).
     */
    private String patternMatch(BinaryExpression<?> b, Operator op) {
        String escape = escapeClause(b);
        ClauseElement value = b.right();
        if (value instanceof ClauseList l && l.separator() == Operator.ESCAPE) {
            value = l.clauses().get(0);
            escape = " ESCAPE " + process(l.clauses().get(1));
        }
        boolean insensitive = CASE_INSENSITIVE_PATTERNS.contains(op);
        List<String> parts = new ArrayList<>();
        if (!PATTERNS_AT_START.contains(op)) {
            parts.add("'%'");
        }
        parts.add(insensitive ? caseFolded(process(value)) : process(value));
        if (!PATTERNS_AT_END.contains(op)) {
            parts.add("'%'");
        }
        boolean negated = op.sql().startsWith("NOT");
        String left = process(b.left());
        String like = insensitive ? ilikeOperator(caseFolded(left), negated) : left + " " + op.sql();
        return like + " " + concatAll(parts) + escape;
    }

    /** {@code " ESCAPE 'c'"} for a LIKE-family expression with an escape character, else empty. */
    private String escapeClause(BinaryExpression<?> b) {
        return b.escape() == null ? "" : " ESCAPE " + dialect.renderLiteral(dev.retort.types.TypeKind.STRING, b.escape());
    }

    /** A regular-expression match; the default dialect writes MySQL's {@code REGEXP}. */
    protected String regexpMatch(String left, String right, boolean negated) {
        return left + (negated ? " NOT REGEXP " : " REGEXP ") + right;
    }

    /** A regular-expression match with flags; the default dialect writes MySQL's {@code REGEXP_LIKE}. */
    protected String regexpMatch(String left, String right, boolean negated, String flags) {
        return (negated ? "NOT " : "") + "REGEXP_LIKE(" + left + ", " + right + ", " + flagsLiteral(flags) + ")";
    }

    /** {@code REGEXP_REPLACE} with flags as its fourth argument (PostgreSQL, MySQL). */
    protected String regexpReplace(String left, String pattern, String replacement, String flags) {
        return "REGEXP_REPLACE(" + left + ", " + pattern + ", " + replacement + ", " + flagsLiteral(flags) + ")";
    }

    /** Regular-expression flags as a string literal. */
    protected final String flagsLiteral(String flags) {
        return dialect.renderLiteral(dev.retort.types.TypeKind.STRING, flags);
    }

    /** A pattern with inline flags, {@code CONCAT('(?', 'flags', ')', pattern)} (PostgreSQL, MariaDB). */
    protected final String inlineFlags(String pattern, String flags) {
        return "CONCAT('(?', " + flagsLiteral(flags) + ", ')', " + pattern + ")";
    }

    /** {@code x [NOT] BETWEEN SYMMETRIC a AND b}; dialects whose database lacks it refuse it. */
    protected String betweenSymmetric(String left, String bounds, boolean negated) {
        return left + (negated ? " NOT BETWEEN SYMMETRIC " : " BETWEEN SYMMETRIC ") + bounds;
    }

    /**
     * A full-text match ({@code binary} for its modifier and regconfig); the default dialect writes
     * SQLite's {@code MATCH}, as SQLAlchemy's does.
     */
    protected String match(String left, String right, boolean negated, BinaryExpression<?> binary) {
        return (negated ? "NOT " : "") + left + " MATCH " + right;
    }

    public String visitExtract(dev.retort.sql.Extract e) {
        return "EXTRACT(" + extractField(e.field()) + " FROM " + process(e.expr()) + ")";
    }

    /** {@code ANY (...)} / {@code ALL (...)} around an operand already in parentheses. */
    protected String collectionAggregate(Operator op, String groupedOperand) {
        return op.sql() + " " + groupedOperand;
    }

    /** The name EXTRACT is given for {@code field}: the field as given unless the dialect spells it otherwise. */
    protected String extractField(String field) {
        return field;
    }

    /** Several strings concatenated. */
    protected String concatAll(List<String> parts) {
        return String.join(" || ", parts);
    }

    /** {@code a IS [NOT] DISTINCT FROM b}. */
    protected String distinctFrom(String left, String right, boolean distinct) {
        return left + (distinct ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") + right;
    }

    /** {@code x NULLS FIRST} / {@code NULLS LAST}. */
    protected String nullsOrder(String inner, Operator op) {
        return inner + " " + op.sql();
    }

    /** {@code agg(x) FILTER (WHERE ...)}. */
    public String visitFunctionFilter(dev.retort.sql.FunctionFilter<?> f) {
        return process(f.function()) + " FILTER (WHERE " + process(f.criterion()) + ")";
    }

    /** {@code agg(x) WITHIN GROUP (ORDER BY ...)}. */
    public String visitWithinGroup(dev.retort.sql.WithinGroup<?> w) {
        return process(w.function()) + " WITHIN GROUP (ORDER BY " + list(w.orderBy()) + ")";
    }

    /** The ORDER BY of an aggregate being rendered, for the next {@link #call} to write inside its parentheses. */
    private String aggregateOrderBy;

    /** {@code agg(x ORDER BY y)}: the ORDER BY after the function's arguments, inside its parentheses. */
    public String visitAggregateOrderBy(dev.retort.sql.AggregateOrderBy<?> a) {
        String orderBy = list(a.orderBy());
        aggregateOrderBy = orderBy;
        try {
            String sql = process(a.function());
            if (aggregateOrderBy != null) {
                throw new CompileException("ORDER BY inside " + a.function().name() + "(...) is not available on dialect " + dialect.name()
                        + ": it writes that function in a form without an argument list");
            }
            return sql;
        } finally {
            aggregateOrderBy = null;
        }
    }

    /** A {@link CompileException} for a construct this dialect's database does not have. */
    protected CompileException unsupported(String construct) {
        return new CompileException(construct + " is not supported by dialect " + dialect.name());
    }

    /** The text of a binary operator. */
    protected String operatorText(Operator op) {
        return op.sql();
    }

    /**
     * The operands of {@code a || b || c}: concatenation is associative, so nested concatenations
     * on either side are one list, which MySQL writes {@code concat(a, b, c)} as SQLAlchemy does.
     */
    private List<String> concatParts(BinaryExpression<?> b, List<String> parts) {
        for (ClauseElement side : List.of(b.left(), b.right())) {
            if (side instanceof BinaryExpression<?> inner && inner.operator() == Operator.CONCAT) {
                concatParts(inner, parts);
            } else {
                parts.add(process(side));
            }
        }
        return parts;
    }

    /** Case-insensitive LIKE where the database has no ILIKE. */
    protected String ilike(String left, String right, boolean negated) {
        return ilikeOperator(caseFolded(left), negated) + " " + caseFolded(right);
    }

    /** An operand of a case-insensitive comparison: {@code lower(x)} where the database has no ILIKE. */
    protected String caseFolded(String operand) {
        return "lower(" + operand + ")";
    }

    /** The left side and the operator of a case-insensitive LIKE: {@code x LIKE}, or {@code x ILIKE} where it exists. */
    protected String ilikeOperator(String left, boolean negated) {
        return left + (negated ? " NOT LIKE" : " LIKE");
    }

    public String visitUnary(UnaryExpression<?> u) {
        // An ordered label keeps itself in the tree, for ORDER BY to find it by reference; written as
        // its expression it is grouped as that expression ordered alone: (EXISTS (...)) DESC.
        String inner = u.isPostfix() && u.element() instanceof Label<?> l ? process(l.element().selfGroup(u.operator())) : process(u.element());
        switch (u.operator()) {
            case NOT: return "NOT " + inner;
            case DISTINCT: return "DISTINCT " + inner;
            case BITWISE_NOT: return "~" + inner;
            // A subquery or scalar VALUES brings its own parentheses: ANY (SELECT ...).
            case ANY:
            case ALL: return collectionAggregate(u.operator(), u.element() instanceof dev.retort.sql.ScalarSelect<?>
                    || u.element() instanceof dev.retort.sql.ScalarValues<?> ? inner : "(" + inner + ")");
            case NULLS_FIRST:
            case NULLS_LAST: return nullsOrder(inner, u.operator());
            // "--5" would start a comment: a negative operand keeps its own parentheses.
            case NEG: return inner.startsWith("-") ? "-(" + inner + ")" : "-" + inner;
            default: return inner + " " + u.operator().sql();
        }
    }

    public String visitOrderByList(dev.retort.sql.OrderByList l) {
        StringJoiner j = new StringJoiner(", ");
        for (ColumnElement<?> c : l.clauses()) {
            j.add(process(c));
        }
        return j.toString();
    }

    public String visitBooleanClauseList(BooleanClauseList l) {
        StringJoiner j = new StringJoiner(" " + l.operator().sql() + " ");
        for (ClauseElement c : l.clauses()) {
            j.add(process(c));
        }
        return j.toString();
    }

    public String visitClauseList(ClauseList l) {
        StringJoiner j = new StringJoiner(l.separator() == Operator.COMMA ? ", " : l.separator() == Operator.SLICE ? ":" : " " + l.separator().sql() + " ");
        for (ClauseElement c : l.clauses()) {
            j.add(process(c));
        }
        return l.isGrouped() ? "(" + j + ")" : j.toString();
    }

    public String visitGrouping(Grouping<?> g) {
        // the parentheses are here already: an eagerly grouped operator inside adds none of its own
        boolean outer = inOperatorExpression;
        inOperatorExpression = false;
        try {
            return "(" + process(g.element()) + ")";
        } finally {
            inOperatorExpression = outer;
        }
    }

    /** A label outside a columns clause renders its element only. */
    public String visitLabel(Label<?> l) {
        return process(l.element());
    }

    public String visitBooleanLiteral(BooleanLiteral b) {
        return dialect.renderLiteral(dev.retort.types.TypeKind.BOOLEAN, b.value());
    }

    public String visitFunction(FunctionCall<?> f) {
        if (!f.packageNames().isEmpty() || f.isQuoted()) {
            // a packaged or quoted function is the user's own, never a generic one this dialect rewrites
            StringJoiner qualified = new StringJoiner(".");
            f.packageNames().forEach(p -> qualified.add(functionName(p)));
            String name = f.isQuoted() ? dialect.quoteIdentifier(f.name(), Boolean.TRUE) : functionName(f.name());
            return call(qualified.add(name).toString(), f.arguments());
        }
        if (f.arguments().isEmpty() && f.name().equalsIgnoreCase("count")) {
            return f.name() + "(*)";
        }
        String generic = genericFunction(f.name().toLowerCase(java.util.Locale.ROOT), f.arguments());
        return generic != null ? generic : call(functionName(f.name()), f.arguments());
    }

    /** {@code name(arg, ...)} with the name as given. */
    protected String call(String name, List<ClauseElement> arguments) {
        // an aggregate's ORDER BY (visitAggregateOrderBy) belongs to this call, not to one among its arguments
        String orderBy = aggregateOrderBy;
        aggregateOrderBy = null;
        StringJoiner j = new StringJoiner(", ", name + "(", orderBy == null ? ")" : " ORDER BY " + orderBy + ")");
        for (ClauseElement a : arguments) {
            j.add(process(a));
        }
        return j.toString();
    }

    /**
     * This database's spelling of one of SQLAlchemy's generic functions (name lower-cased), or
     * null to render the call as written. The base spells the ANSI ones upper-case, without
     * parentheses unless they have arguments ({@code CURRENT_TIMESTAMP(3)}), as SQLAlchemy's
     * default dialect does.
     */
    protected String genericFunction(String name, List<ClauseElement> arguments) {
        if (name.equals("aggregate_strings") && arguments.size() == 2) {
            // the ORDER BY of the aggregate is this call's, not one of its arguments'
            String orderBy = aggregateOrderBy;
            aggregateOrderBy = null;
            String sql = aggregateStrings(process(arguments.get(0)), inline(arguments.get(1), false), orderBy == null ? "" : " ORDER BY " + orderBy);
            if (sql == null) {
                aggregateOrderBy = orderBy;
            }
            return sql;
        }
        if (ANSI_FUNCTIONS.contains(name)) {
            String upper = name.toUpperCase(java.util.Locale.ROOT);
            return arguments.isEmpty() ? upper : call(upper, arguments);
        }
        if (arguments.isEmpty() && name.equals("sysdate")) {
            return name;
        }
        String grouping = GROUPING_FUNCTIONS.get(name);
        return grouping == null ? null : groupingFunction(grouping, arguments);
    }

    /**
     * SQLAlchemy's generic {@code aggregate_strings(expr, separator)}, the values of {@code expr}
     * joined by {@code separator}, in this database's spelling ({@code string_agg},
     * {@code group_concat}); the separator is written inline, as MySQL's {@code SEPARATOR} takes
     * only a literal; {@code orderBy} is empty or {@code " ORDER BY ..."}. Null where the
     * database has no such aggregate: the call is written as given.
     */
    protected String aggregateStrings(String expr, String separator, String orderBy) {
        return null;
    }

    /** SQLAlchemy's generic GROUP BY functions, by name: {@code rollup(a, b)} is {@code ROLLUP(a, b)}. */
    private static final Map<String, String> GROUPING_FUNCTIONS = Map.of("rollup", "ROLLUP", "cube", "CUBE", "grouping_sets", "GROUPING SETS");

    /**
     * {@code ROLLUP(a, b)}, {@code CUBE(...)} or {@code GROUPING SETS(...)} (a set of several
     * expressions is a {@link dev.retort.sql.Tuple}, {@code ()} the empty set). A database
     * lacking the form refuses it.
     */
    protected String groupingFunction(String keyword, List<ClauseElement> arguments) {
        return call(keyword, arguments);
    }

    private static final Set<String> ANSI_FUNCTIONS = Set.of("current_date", "current_time", "current_timestamp", "current_user",
            "localtime", "localtimestamp", "session_user", "user");

    /** What a function name may hold unquoted (SQLAlchemy's legal characters). */
    private static final java.util.regex.Pattern PLAIN_FUNCTION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_$]+");

    /**
     * A function's name: as written when it is a plain identifier (a function's case is its own
     * business), otherwise always quoted, so that no name renders as raw SQL.
     */
    protected String functionName(String name) {
        if (PLAIN_FUNCTION_NAME.matcher(name).matches()) {
            return name;
        }
        String q = String.valueOf(dialect.quoteChar());
        return q + name.replace(q, q + q) + q;
    }

    public String visitOver(Over<?> o) {
        if (o.exclude() != null && o.frameUnit() == null) {
            throw new CompileException("Window EXCLUDE " + o.exclude() + " needs a frame (rows, range or groups)");
        }
        // Processed in SQLAlchemy's order (function, frame, PARTITION BY, ORDER BY), which numbers
        // the anonymous parameters (param_1, ...) in each; the text reads PARTITION, ORDER, frame.
        String function = process(o.function());
        String frame = o.frameUnit() == null ? null : o.frameUnit().name() + " BETWEEN " + frameBound(o.startKind(), o.startOffset(), "PRECEDING")
                + " AND " + frameBound(o.endKind(), o.endOffset(), "FOLLOWING") + (o.exclude() == null ? "" : " EXCLUDE " + o.exclude());
        StringJoiner parts = new StringJoiner(" ");
        if (!o.partitionBy().isEmpty()) {
            parts.add("PARTITION BY " + list(o.partitionBy()));
        }
        if (!o.orderBy().isEmpty()) {
            parts.add("ORDER BY " + list(o.orderBy()));
        }
        if (frame != null) {
            parts.add(frame);
        }
        return function + " OVER (" + parts + ")";
    }

    private String frameBound(Over.BoundKind kind, ClauseElement distance, String unbounded) {
        switch (kind) {
            case UNBOUNDED: return "UNBOUNDED " + unbounded;
            case CURRENT: return "CURRENT ROW";
            default: return process(distance) + " " + kind.name();
        }
    }

    public String visitCase(Case<?> c) {
        StringBuilder sb = new StringBuilder("CASE");
        if (c.value() != null) {
            sb.append(' ').append(process(c.value()));
        }
        List<ClauseElement> w = c.whens();
        for (int i = 0; i < w.size(); i += 2) {
            sb.append(" WHEN ").append(process(w.get(i))).append(" THEN ").append(process(w.get(i + 1)));
        }
        if (c.elseResult() != null) {
            sb.append(" ELSE ").append(process(c.elseResult()));
        }
        return sb.append(" END").toString();
    }

    public String visitCast(Cast<?> c) {
        return "CAST(" + process(c.element()) + " AS " + dialect.castTypeName(c.type(), schemaTranslate) + ")" + dialect.castCollation(c.type());
    }

    /** The expression itself: a type coercion writes no SQL. */
    public String visitTypeCoerce(dev.retort.sql.TypeCoerce<?> c) {
        return process(c.element());
    }

    public String visitColumn(ColumnClause<?> c) {
        if (c.isLiteral()) {
            return c.name();
        }
        if (bareColumns) {
            return columnName(c);
        }
        if (c.table() == null) {
            return columnName(c);
        }
        String alias = disambiguated(c.table());
        return (alias == null ? tableName(c.table()) : alias) + "." + columnName(c);
    }

    public String visitColumnProxy(ColumnProxy<?> p) {
        // The column's name is numbered before its alias's, as SQLAlchemy numbers them (anon_2.anon_1).
        // A literal column's text is exported as it is and written back as it is (anon_1.1), as SQLAlchemy does.
        String column = literalProxy(p) ? (String) p.label() : proxyName(p);
        if (p.parent() == bareAlias || p.parent() instanceof dev.retort.sql.UnnamedValues) {
            return column; // a VALUES list without a name has only the bare column names
        }
        return aliasText(p.parent().renderedName()) + "." + column;
    }

    /** Whether the column a subquery exports is literal text ({@code literalColumn("1")}), through nested subqueries. */
    private static boolean literalProxy(ColumnProxy<?> p) {
        ColumnElement<?> origin = p.origin();
        return origin instanceof ColumnClause<?> c ? c.isLiteral() && p.label() instanceof String
                : origin instanceof ColumnProxy<?> q && p.label() instanceof String && literalProxy(q);
    }

    public String visitText(TextClause t) {
        Map<String, BindParameter<?>> byName = new HashMap<>();
        for (ClauseElement b : t.binds()) {
            BindParameter<?> bp = (BindParameter<?>) b;
            byName.put(bp.key(), bp);
        }
        Matcher m = t.parameters();
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            // Only the author's text has its "\:" escapes undone; a rendered literal is left as it is.
            sb.append(t.text().substring(last, m.start()).replace("\\:", ":"));
            sb.append(process(byName.get(m.group(1))));
            last = m.end();
        }
        sb.append(t.text().substring(last).replace("\\:", ":"));
        return sb.toString();
    }

    /** A SELECT or compound SELECT being compiled, with its FROM list (before correlation) for label references. */
    private static final class Scope {
        final SelectBase statement;
        final List<FromClause> froms;
        /** Set while the columns clause renders: a label reference there sees the FROM columns only. */
        boolean inColumnsClause;
        /**
         * The names of the schema-qualified tables among the FROM clauses: a table of the same name
         * without schema is aliased {@code name AS name_N}, since {@code name.col} would be ambiguous
         * (SQLAlchemy's rule; PostgreSQL refuses the bare form).
         */
        final Set<String> qualifiedNames = new java.util.HashSet<>();

        Scope(SelectBase statement, List<FromClause> froms) {
            this.statement = statement;
            this.froms = froms;
            for (FromClause f : froms) {
                for (FromClause o : f.fromObjects()) {
                    if (o instanceof TableClause t && t.schema() != null) {
                        qualifiedNames.add(t.name());
                    }
                }
            }
        }
    }

    /** Stands for a table name in anonymous naming, so that one name gets one {@code name_N} per compilation. */
    private final Map<String, Object> ambiguousTokens = new HashMap<>();

    /** The alias of a table without schema whose name a schema-qualified table of the same SELECT has, or null. */
    private String disambiguated(TableClause t) {
        Scope scope = scopes.peek();
        if (t.schema() != null || scope == null || !scope.qualifiedNames.contains(t.name())) {
            return null;
        }
        return aliasText(new LabelName(ambiguousTokens.computeIfAbsent(t.name(), n -> new Object()), 0, t.name()));
    }

    /** {@code schema.name} of a collation, each quoted where it needs it. */
    public String visitCollation(dev.retort.sql.Collation c) {
        return quote(c.schema()) + "." + quote(c.name());
    }

    /**
     * A label or column named by a string, resolved as SQLAlchemy resolves {@code order_by("name")}:
     * in a SELECT, a label of its columns clause (rendered as the label's name), a column of no
     * table there or a selected column by its table-qualified name ({@link Select#tableQualifiedName},
     * rendered as the column), else a column of its FROM clauses by key (the last of that key wins, as in
     * SQLAlchemy's lookup); in a compound SELECT, one of its result column names. Compiled alone
     * it renders its name, as SQLAlchemy's string form does; anywhere else an unknown name is an error.
     */

    public String visitLabelReference(LabelReference r) {
        Scope scope = scopes.peek();
        if (scope == null) {
            if (depth == 0) {
                return r.name();
            }
            throw unresolvedReference(r);
        }
        if (scope.statement instanceof CompoundSelect c) {
            for (SelectColumn sc : c.selectColumns()) {
                if (r.name().equals(sc.exportedName())) {
                    return labelText(r.name());
                }
            }
            throw unresolvedReference(r);
        }
        ColumnElement<?> target = scope.inColumnsClause ? null : selectedByName((Select) scope.statement, r.name());
        if (target == null) {
            target = fromColumnByKey(scope.froms, r.name());
        }
        if (target == null) {
            throw unresolvedReference(r);
        }
        return target instanceof Label<?> l ? labelText(l.name()) : process(target);
    }

    private static ColumnElement<?> selectedByName(Select s, String name) {
        ColumnElement<?> found = null;
        for (ColumnElement<?> c : s.columns()) {
            boolean named = c instanceof Label<?> l ? name.equals(l.name())
                    : c instanceof ColumnClause<?> cc && cc.table() == null ? name.equals(cc.name()) : name.equals(Select.tableQualifiedName(c));
            if (named) {
                found = c;
            }
        }
        return found;
    }

    private static ColumnElement<?> fromColumnByKey(List<FromClause> froms, String key) {
        ColumnElement<?> found = null;
        for (FromClause f : froms) {
            for (ColumnElement<?> c : f.columns()) {
                String k = c instanceof ColumnClause<?> cc ? cc.key() : c instanceof ColumnProxy<?> p ? p.key() : null;
                if (key.equals(k)) {
                    found = c;
                }
            }
        }
        return found;
    }

    private static CompileException unresolvedReference(LabelReference r) {
        return new CompileException("Can't resolve label reference '" + r.name() + "' for ORDER BY / GROUP BY: the SELECT has no label "
                + "and its FROM clauses no column of that name (for SQL text, use text(...))");
    }

    // ---- FROM clauses -----------------------------------------------------------------------

    /** A table's name as FROM and column references write it. */
    protected String tableName(TableClause t) {
        return effectiveSchema(t) == null ? tableIdentifier(t) : schemaName(t) + "." + tableIdentifier(t);
    }

    /** A table's own name without its schema, its quoting forced where the table says so ({@link Table#quote(boolean)}). */
    protected String tableIdentifier(TableClause t) {
        return dialect.quoteIdentifier(t.name(), t instanceof Table table ? table.quote() : null);
    }

    /** A table's schema name, its quoting forced where the table says so ({@link Table#quoteSchema(boolean)}). */
    protected String schemaName(TableClause t) {
        return dialect.quoteIdentifier(effectiveSchema(t), t instanceof Table table ? table.quoteSchema() : null);
    }

    /** A column's name, its quoting forced where the column says so ({@link Column#quote(boolean)}). */
    protected String columnName(ColumnClause<?> c) {
        return dialect.quoteIdentifier(c.name(), c instanceof Column<?> col ? col.quote() : null);
    }

    public String visitTable(TableClause t) {
        String alias = disambiguated(t);
        return hinted(t, alias == null ? tableName(t) : tableName(t) + " AS " + alias);
    }

    // ---- hints (Select.withHint / withStatementHint) ------------------------------------------

    /**
     * The hint texts of the FROM clauses of the SELECT whose FROM list is being written, each
     * with its {@code %(name)s} replaced; empty elsewhere (a nested SELECT has its own).
     */
    private List<Map.Entry<FromClause, String>> fromHints = List.of();

    /**
     * The table hints of {@code hints} written on this dialect, the later for a FROM clause hinted
     * twice; {@code named}: with {@code %(name)s} replaced (a SELECT's; SQLAlchemy writes an
     * UPDATE's or DELETE's as given).
     */
    private List<Map.Entry<FromClause, String>> fromHintsOf(List<dev.retort.sql.Hint> hints, boolean named) {
        List<Map.Entry<FromClause, String>> out = new ArrayList<>();
        for (dev.retort.sql.Hint h : hints) {
            if (h.selectable() != null && h.appliesTo(dialect)) {
                out.removeIf(e -> e.getKey() == h.selectable());
                out.add(Map.entry(h.selectable(), named ? h.textFor(hintName(h.selectable())) : h.text()));
            }
        }
        return out;
    }

    /** What {@code %(name)s} of a hint stands for: a table's name (with its schema) or an alias's. */
    private String hintName(FromClause f) {
        if (f instanceof dev.retort.sql.Alias a) {
            return aliasText(a.renderedName());
        }
        return f instanceof TableClause t ? tableName(t) : f.toString();
    }

    /** {@code sql}, the FROM clause {@code f} as written, with its hint when it has one. */
    private String hinted(FromClause f, String sql) {
        for (Map.Entry<FromClause, String> e : fromHints) {
            if (e.getKey() == f) {
                return fromHint(sql, e.getValue());
            }
        }
        return sql;
    }

    /**
     * A FROM clause as written ({@code sql}) with its {@code hint}: unchanged by default, as
     * SQLAlchemy's compiler leaves a table hint out where the dialect has no place for one.
     */
    protected String fromHint(String sql, String hint) {
        return sql;
    }

    /** The statement hints of {@code hints} written on this dialect, after a space; "" when none. */
    private String statementHints(List<dev.retort.sql.Hint> hints) {
        StringBuilder sb = new StringBuilder();
        for (dev.retort.sql.Hint h : hints) {
            if (h.selectable() == null && h.appliesTo(dialect)) {
                sb.append(' ').append(h.text());
            }
        }
        return sb.toString();
    }

    public String visitJoin(Join j) {
        String kind = j.isFull() ? " FULL OUTER JOIN " : j.isOuter() ? " LEFT OUTER JOIN " : innerJoin();
        // A join on the right is a unit of its own: without parentheses its ON would bind differently.
        String left = process(j.left());
        String right = j.right() instanceof Join ? "(" + process(j.right()) + ")" : process(j.right());
        return left + kind + right + " ON " + process(j.onclause());
    }

    /** The keyword of an inner join, with its spaces. */
    protected String innerJoin() {
        return " JOIN ";
    }

    public String visitAlias(Alias a) {
        // An alias of an alias (or of a subquery) is one alias of what they alias, as SQLAlchemy renders it.
        ClauseElement element = a.element();
        while (a.getClass() == Alias.class && element.getClass() == Alias.class) {
            element = ((Alias) element).element();
        }
        // an anonymous alias is numbered before what it aliases, as SQLAlchemy's visit_alias names it first
        String name = aliasText(a.renderedName());
        String inner;
        if (element instanceof SelectBase) {
            asFrom = true;
            inner = "(" + process(element) + ")";
        } else if (element instanceof CTE) {
            return hinted(a, process(element) + " AS " + name);
        } else {
            // An aliased table is named by its alias already.
            inner = element instanceof TableClause t ? tableName(t) : process(element);
        }
        return hinted(a, inner + " AS " + name + (element instanceof dev.retort.sql.Values v ? valuesColumns(v) : ""));
    }

    /** The text of a {@link dev.retort.sql.TextualSelect}, as written. */
    public String visitTextualSelect(dev.retort.sql.TextualSelect t) {
        asFrom = false;
        if (t.addedCtes().isEmpty()) {
            return process(t.text());
        }
        // the added CTEs are declared first, as SQLAlchemy's WITH lists them before the text's own
        boolean top = depth == 0;
        depth++;
        declareAdded(t.addedCtes(), t.addedCtesNestHere());
        String text = process(t.text());
        depth--;
        return top ? withCtes(text) : text;
    }

    /** {@code (VALUES ...)} in FROM without a name. */
    public String visitUnnamedValues(dev.retort.sql.UnnamedValues v) {
        return "(" + process(v.values()) + ")";
    }

    /** {@code VALUES (?, ?), (?, ?)}: the rows of a {@link dev.retort.sql.Values}. */
    public String visitValues(dev.retort.sql.Values v) {
        if (v.rows().isEmpty()) {
            throw new CompileException("VALUES needs at least one row (give them with data(...))");
        }
        return withLiteralValues(v, () -> {
            StringJoiner rows = new StringJoiner(", ", "VALUES ", "");
            for (ClauseElement r : v.rows()) {
                rows.add(valuesRow(process(r)));
            }
            return rows.toString();
        });
    }

    /**
     * {@code body}, with the values written inline where the VALUES list asks for it ({@code Values.literalBinds()});
     * its added CTEs join the WITH clause of the statement the rows are part of, as SQLAlchemy hoists them.
     */
    private String withLiteralValues(dev.retort.sql.Values v, java.util.function.Supplier<String> body) {
        declareAdded(v.addedCtes(), java.util.Collections.nCopies(v.addedCtes().size(), false));
        int inline = v.isLiteralBinds() ? 1 : 0;
        literalValues += inline;
        try {
            return body.get();
        } finally {
            literalValues -= inline;
        }
    }

    /** The body of a CTE of VALUES, whose columns the WITH entry names: the VALUES as anywhere else. */
    protected String cteValues(dev.retort.sql.Values v) {
        return process(v);
    }

    /** One row of VALUES, {@code (?, ?)} as rendered ({@code ROW(?, ?)} on MySQL). */
    protected String valuesRow(String row) {
        return row;
    }

    /** The column names after an aliased VALUES' name, {@code  (id, label)}. */
    protected String valuesColumns(dev.retort.sql.Values v) {
        StringJoiner j = new StringJoiner(", ", " (", ")");
        for (ColumnClause<?> c : v.columns()) {
            j.add(quote(c.name()));
        }
        return j.toString();
    }

    /**
     * VALUES where a derived table's columns cannot be named (SQLite, MariaDB):
     * {@code SELECT ? AS id, ? AS label UNION ALL SELECT ?, ?}.
     */
    protected final String valuesAsSelects(dev.retort.sql.Values v) {
        if (v.rows().isEmpty()) {
            throw new CompileException("VALUES needs at least one row (give them with data(...))");
        }
        return withLiteralValues(v, () -> {
            StringJoiner selects = new StringJoiner(" UNION ALL ");
            boolean first = true;
            for (ClauseElement r : v.rows()) {
                StringJoiner cols = new StringJoiner(", ", "SELECT ", "");
                List<ClauseElement> items = ((ClauseList) r).clauses();
                for (int i = 0; i < items.size(); i++) {
                    cols.add(process(items.get(i)) + (first ? " AS " + quote(v.columns().get(i).name()) : ""));
                }
                selects.add(cols.toString());
                first = false;
            }
            return selects.toString();
        });
    }

    /** {@code table AS name TABLESAMPLE method(...)[ REPEATABLE (seed)]}, in FROM or compiled alone, as SQLAlchemy writes it. */
    public String visitTableSample(dev.retort.sql.TableSample t) {
        String text = visitAlias(t) + " TABLESAMPLE " + process(t.sampling());
        return t.seed() == null ? text : text + " REPEATABLE (" + process(t.seed()) + ")";
    }

    /** {@code LATERAL (SELECT ...) AS name}. */
    public String visitLateral(dev.retort.sql.Lateral l) {
        lateral = l.element() instanceof Select;
        return "LATERAL " + visitAlias(l);
    }

    /**
     * {@code [LATERAL ]fn(...)[ WITH ORDINALITY] AS name[(col[ TYPE], ...)]}: a table-valued
     * function in FROM, as SQLAlchemy renders it.
     */
    public String visitTableValuedAlias(dev.retort.sql.TableValuedAlias t) {
        StringBuilder sb = new StringBuilder();
        if (t.isLateral()) {
            sb.append(lateralKeyword());
        }
        sb.append(process(t.function()));
        if (t.isWithOrdinality()) {
            sb.append(withOrdinality());
        }
        sb.append(" AS ").append(aliasText(t.renderedName()));
        if (t.isRenderDerived()) {
            sb.append(derivedColumns(t));
        }
        return sb.toString();
    }

    /** {@code fn(...)}: a function in FROM without a name. */
    public String visitFunctionFrom(dev.retort.sql.FunctionFrom f) {
        return process(f.function());
    }

    /** {@code LATERAL } before a table-valued function. */
    protected String lateralKeyword() {
        return "LATERAL ";
    }

    /** {@code  WITH ORDINALITY} after a table-valued function's call. */
    protected String withOrdinality() {
        return " WITH ORDINALITY";
    }

    /** {@code (a, b)} or {@code (a INTEGER, b VARCHAR)} after a table-valued function's alias name. */
    protected String derivedColumns(dev.retort.sql.TableValuedAlias t) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (ColumnClause<?> c : t.declaredColumns()) {
            j.add(t.isWithTypes() ? quote(c.name()) + " " + dialect.typeDdl(c.type(), schemaTranslate) : quote(c.name()));
        }
        return j.toString();
    }

    /** A FROM clause's row as one value: its name ({@code anon_1}, {@code users}). */
    public String visitTableValuedColumn(dev.retort.sql.TableValuedColumn<?> c) {
        return c.element() instanceof TableClause t ? tableIdentifier(t) : aliasText(((Alias) c.element()).renderedName());
    }

    /** {@code (fn(...)).field}: a field of the row a function returns. */
    public String visitScalarFunctionColumn(dev.retort.sql.ScalarFunctionColumn<?> c) {
        return "(" + process(c.function()) + ")." + quote(c.name());
    }

    /**
     * A CTE renders as its name; its definition joins the WITH list once its body is compiled,
     * so CTEs that the body refers to come before it.
     */
    public String visitCte(CTE cte) {
        return declare(cte, false);
    }

    /**
     * Lists {@code cte} (unless it is already) and returns its name. {@code nestHere}: declared
     * by the statement at the current depth ({@link Select#addNestedCte}), also when it was
     * listed for another level before.
     */
    private String declare(CTE cte, boolean nestHere) {
        if (depth == 0) {
            // A CTE compiled alone is its statement, as SQLAlchemy's string form shows it.
            return process(cte.element());
        }
        boolean nests = cte.isNesting() || nestHere;
        CTE same = sameNamedCte(cte, nests ? depth : 1);
        if (same != null) {
            return declare(same, nestHere);
        }
        if (nestHere && !nestedHere.add(cte)) {
            throw new CompileException("CTE " + (cte.name() == null ? "(anonymous)" : "'" + cte.name() + "'") + " is added with addNestedCte in more than one statement");
        }
        if (ctes.containsKey(cte) && nestHere) {
            nestingLevels.put(cte, depth);
        } else if (!ctes.containsKey(cte) && !restated.contains(cte) && ctesInProgress.add(cte)) {
            int level = depth;
            for (CTE r = cte.restates(); r != null; r = r.restates()) {
                // Inside (and after) its restatement, the CTE it extends is the restatement itself;
                // where a reference compiled earlier listed the version it extends, the restatement replaces it.
                restated.add(r);
                ctes.remove(r);
            }
            // named before its body, as SQLAlchemy's visit_cte: an anonymous CTE is numbered before those its body reads
            String name = aliasText(cte.renderedName());
            // A SELECT body is in FROM context; a DML body never reads the flag, which must not outlive it.
            asFrom = cte.element() instanceof SelectBase;
            String body = cte.element() instanceof dev.retort.sql.Values v ? cteValues(v) : process(cte.element());
            String columns = "";
            // A VALUES body names its columns only in the WITH entry: name(col1, col2) AS (VALUES ...).
            if (cte.isRecursive() || cte.element() instanceof dev.retort.sql.Values) {
                StringJoiner names = new StringJoiner(", ", "(", ")");
                List<ColumnProxy<?>> proxies = cte.columns();
                // As SQLAlchemy's visit_cte: a column the SELECT repeats is left out of the list, so it keeps its own
                // name (a__1); listed again under its first name it would make that name ambiguous
                List<SelectColumn> selected = cte.element() instanceof SelectBase sb ? sb.selectColumns() : List.of();
                for (int i = 0; i < proxies.size(); i++) {
                    if (selected.size() != proxies.size() || !selected.get(i).repeated()) {
                        names.add(proxyName(proxies.get(i)));
                    }
                }
                columns = names.toString();
            }
            ctes.put(cte, name + columns + " AS " + prefixes(cte.prefixes()) + "\n(" + body + ")" + suffixes(cte.suffixes()));
            ctesInProgress.remove(cte);
            if (nests) {
                nestingLevels.put(cte, level);
            }
        }
        return aliasText(cte.renderedName());
    }

    /** Lists the CTEs a statement adds whether or not it refers to them, before anything else of it. */
    private void declareAdded(List<CTE> added, List<Boolean> nestHere) {
        for (int i = 0; i < added.size(); i++) {
            declare(added.get(i), nestHere.get(i));
        }
    }

    /**
     * A CTE already listed under the same name that {@code cte} is a copy of (equal structure), or
     * null: one WITH entry serves both, as SQLAlchemy lists a CTE and its clones once. Another CTE
     * of that name is an error, since a WITH list cannot name two queries alike.
     */
    private CTE sameNamedCte(CTE cte, int level) {
        if (!(cte.renderedName() instanceof String name) || ctes.containsKey(cte) || restated.contains(cte)) {
            return null;
        }
        for (CTE listed : ctes.keySet()) {
            if (listed != cte && name.equals(listed.renderedName()) && !restated.contains(listed) && !restates(cte, listed)
                    && nestingLevels.getOrDefault(listed, 1) == level) {
                if (listed.compare(cte)) {
                    return listed;
                }
                throw new CompileException("Two different CTEs are named '" + name + "' in one statement");
            }
        }
        return null;
    }

    private static boolean restates(CTE later, CTE earlier) {
        for (CTE r = later.restates(); r != null; r = r.restates()) {
            if (r == earlier) {
                return true;
            }
        }
        return false;
    }

    // ---- statements ---------------------------------------------------------------------------

    public String visitSelect(Select s) {
        boolean fromContext = asFrom;
        asFrom = false;
        boolean member = declaredByParent;
        declaredByParent = false;
        boolean correlated = !fromContext || lateral;
        lateral = false;
        boolean bare = bareColumns;
        bareColumns = false;
        boolean top = depth == 0;
        boolean read = top || membersRead;
        membersRead = false;
        List<FromClause> allFroms = s.froms();
        List<FromClause> froms = enclosing.isEmpty() ? allFroms : displayFroms(s, allFroms, correlated);
        enter(froms);
        Scope scope = new Scope(s, allFroms);
        scopes.push(scope);
        depth++;
        declareAdded(s.addedCtes(), s.addedCtesNestHere());
        StringBuilder sb = new StringBuilder("SELECT ").append(prefixes(s.prefixes()));
        if (!s.distinctOnClauses().isEmpty()) {
            sb.append(distinctOn(s.distinctOnClauses()));
        } else if (s.isDistinct()) {
            sb.append("DISTINCT ");
        }
        StringJoiner cols = new StringJoiner(", ");
        scope.inColumnsClause = true;
        // LabelStyle.NONE drops the labels that tell same-named columns apart, but only at the top:
        // a subquery's columns still need distinct names.
        boolean bareNames = s.labelStyle() == dev.retort.sql.LabelStyle.NONE && !fromContext;
        for (SelectColumn sc : s.selectColumns()) {
            ColumnElement<?> c = sc.column();
            boolean named = c instanceof ColumnClause<?> || c instanceof dev.retort.sql.ColumnProxy<?>;
            // a CAST of a named column takes that name as it is, repeated or not, as SQLAlchemy labels it under NONE
            String castName = bareNames && c instanceof dev.retort.sql.WrapsColumnExpression cast ? cast.wrappedColumnExpression().nonAnonLabel() : null;
            selectedBind = top && (c instanceof Label<?> l ? l.element() : c) instanceof BindParameter<?> b ? b : null;
            try {
                cols.add(selectColumn(bareNames && named ? new SelectColumn(c, null, null, false)
                        : castName != null ? new SelectColumn(c, null, castName, false) : sc, fromContext, read));
            } finally {
                selectedBind = null;
            }
        }
        scope.inColumnsClause = false;
        sb.append(cols);
        if (!froms.isEmpty()) {
            StringJoiner f = new StringJoiner(", ");
            List<Map.Entry<FromClause, String>> outerHints = fromHints;
            fromHints = s.hints().isEmpty() ? List.of() : fromHintsOf(s.hints(), true);
            for (FromClause from : froms) {
                f.add(process(from));
            }
            fromHints = outerHints;
            sb.append(" \nFROM ").append(f);
        } else {
            sb.append(emptyFrom());
        }
        if (!s.whereCriteria().isEmpty()) {
            sb.append(" \nWHERE ").append(andList(s.whereCriteria()));
        }
        columnLabels.push(labelsOf(s));
        if (!s.groupByClauses().isEmpty()) {
            sb.append(" GROUP BY ").append(byList(s.groupByClauses(), false));
        }
        if (!s.havingCriteria().isEmpty()) {
            sb.append(" \nHAVING ").append(andList(s.havingCriteria()));
        }
        if (!s.orderByClauses().isEmpty()) {
            sb.append(" ORDER BY ").append(byList(s.orderByClauses(), true));
        }
        columnLabels.pop();
        sb.append(s.fetchClause() != null ? fetchClause(s.fetchClause(), s.offsetClause()) : limitOffset(s.limitClause(), s.offsetClause()));
        if (s.forUpdate() != null) {
            sb.append(process(s.forUpdate()));
        }
        sb.append(statementHints(s.hints()));
        String nested = top || member ? "" : nestedWith(depth, false);
        depth--;
        scopes.pop();
        enclosing.pop();
        bareColumns = bare;
        // after the WITH clause that heads it, as SQLAlchemy writes a SELECT's suffixes
        return (top ? withCtes(sb.toString()) : nested + sb) + suffixes(s.suffixes());
    }

    /**
     * The prefixes written on this dialect ({@link dev.retort.sql.Prefix#appliesTo}), each
     * followed by a space; "" when none applies.
     */
    protected String prefixes(List<dev.retort.sql.Prefix> items) {
        StringBuilder sb = new StringBuilder();
        for (dev.retort.sql.Prefix p : items) {
            if (p.appliesTo(dialect)) {
                sb.append(process(p)).append(' ');
            }
        }
        return sb.toString();
    }

    /** The suffixes written on this dialect, after a space; "" when none is given. */
    private String suffixes(List<dev.retort.sql.Prefix> items) {
        return items.isEmpty() ? "" : " " + prefixes(items).stripTrailing();
    }

    /**
     * The labels an ORDER BY label may refer to, by name. The last selected label of a name wins
     * (SQLAlchemy's {@code _label_resolve_dict} is a dict built in column order), so an earlier
     * label of that name renders its expression: the name would stand for another column.
     */
    private static Map<String, Label<?>> labelsOf(Select s) {
        Map<String, Label<?>> out = new HashMap<>();
        for (ColumnElement<?> c : s.columns()) {
            if (c instanceof Label<?> l && l.name() != null) {
                out.put(l.name(), l);
            }
        }
        return out;
    }

    /**
     * ORDER BY / GROUP BY items. In ORDER BY, a label that names a label of the columns clause with
     * the same lineage (or an anonymous label the columns clause selects) renders as just its name, under any DESC / ASC / NULLS modifiers
     * ({@code ORDER BY c0 DESC NULLS LAST}); any other label, and every label in GROUP BY, renders
     * its expression, as SQLAlchemy does.
     */
    private String byList(List<ClauseElement> items, boolean orderBy) {
        StringJoiner j = new StringJoiner(", ");
        for (ClauseElement c : items) {
            String ref = orderBy ? orderByLabel(c) : null;
            j.add(ref != null ? ref : process(c));
        }
        return j.toString();
    }

    /** An ORDER BY item as a reference to a columns-clause label with its modifiers, or null. */
    private String orderByLabel(ClauseElement c) {
        if (c instanceof UnaryExpression<?> u && u.isPostfix()) {
            String inner = orderByLabel(u.element());
            return inner == null ? null : inner + " " + u.operator().sql();
        }
        return c instanceof Label<?> l ? labelReference(l) : null;
    }

    private String labelReference(Label<?> l) {
        if (l.name() == null) {
            // An anonymous label this SELECT selects is ordered by the name it gets there (SQLAlchemy: ORDER BY anon_1).
            Scope scope = scopes.peek();
            boolean selectedHere = scope != null && scope.statement instanceof Select s && s.columns().stream().anyMatch(c -> c == l);
            return selectedHere ? labelText(new LabelName(l, 0, l.anonPrefix())) : null;
        }
        Label<?> selected = columnLabels.isEmpty() ? null : columnLabels.peek().get(l.name());
        if (selected == null || Collections.disjoint(lineage(l), lineage(selected))) {
            return null;
        }
        return labelText(l.name());
    }

    /** An element and what it stands for: a label's element, a proxy's origin, recursively. */
    private static Set<ClauseElement> lineage(ClauseElement e) {
        Set<ClauseElement> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ClauseElement x = e; x != null; ) {
            out.add(x);
            x = x instanceof Label<?> l ? l.element() : x instanceof ColumnProxy<?> p ? p.origin() : null;
        }
        return out;
    }

    /** What a SELECT without FROM ends with (MySQL needs nothing; others too). */
    protected String emptyFrom() {
        return "";
    }

    /**
     * A statement being compiled, for the correlation of the subqueries inside it: the FROM
     * objects it lists and those of it and every statement around it.
     */
    private record Enclosing(Set<FromClause> listed, Set<FromClause> all) {
    }

    /** Enters a statement listing {@code froms}: subqueries inside may correlate to them. */
    private void enter(List<FromClause> froms) {
        Set<FromClause> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (FromClause f : froms) {
            listed.addAll(f.fromObjects());
        }
        Set<FromClause> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(listed);
        if (!enclosing.isEmpty()) {
            all.addAll(enclosing.peek().all());
        }
        enclosing.push(new Enclosing(listed, all));
    }

    /**
     * The FROM list of a SELECT inside another statement, after correlation as SQLAlchemy does it.
     * A SELECT in a WHERE, columns or HAVING clause (or LATERAL) correlates automatically: FROM
     * clauses that the immediately enclosing statement lists drop out, unless that would leave
     * none (an error then). {@link Select#correlate} and {@link Select#correlateExcept} name what
     * correlates instead, to any enclosing level; a subquery in FROM correlates only that way and
     * never to the statement whose FROM it is in.
     */
    private List<FromClause> displayFroms(Select s, List<FromClause> froms, boolean correlated) {
        Enclosing outer = enclosing.peek();
        Set<FromClause> explicit = Collections.newSetFromMap(new IdentityHashMap<>());
        explicit.addAll(outer.all());
        if (!correlated) {
            explicit.removeAll(outer.listed());
        }
        List<FromClause> correlate = s.correlateFroms();
        List<FromClause> except = s.correlateExceptFroms();
        boolean exceptGiven = s.correlatesExcept();
        List<FromClause> kept = new ArrayList<>();
        for (FromClause f : froms) {
            boolean out = explicit.contains(f) && (containsSame(correlate, f) || exceptGiven && !containsSame(except, f));
            if (!out) {
                kept.add(f);
            }
        }
        if (s.isAutoCorrelate() && correlated && kept.size() > 1) {
            List<FromClause> auto = new ArrayList<>();
            for (FromClause f : kept) {
                if (!outer.listed().contains(f)) {
                    auto.add(f);
                }
            }
            if (auto.isEmpty()) {
                throw new CompileException("A subquery returned no FROM clauses after auto-correlation with the enclosing statement; "
                        + "name what correlates with correlate(...)");
            }
            kept = auto;
        }
        return kept;
    }

    private static boolean containsSame(List<FromClause> list, FromClause f) {
        for (FromClause x : list) {
            if (x == f) {
                return true;
            }
        }
        return false;
    }

    /** One entry of a columns clause, labelled as SQLAlchemy labels it. */
    private String selectColumn(SelectColumn sc, boolean fromContext, boolean read) {
        ColumnElement<?> c = sc.column();
        if (read) {
            // The rows are read under the column's own name and type; only the SQL is wrapped.
            ColumnElement<?> wrapped = columnExpression(c instanceof Label<?> l ? l.element() : c);
            if (wrapped != null) {
                String label = c instanceof Label<?> l && l.name() != null ? labelText(l.name())
                        : inReturning && anonymousReturningLabels() && c instanceof ColumnClause<?> cc ? labelText(new LabelName(cc, 0, cc.name()))
                        : generatedLabel(sc.exportedName(), labelQuote(c, sc.exportedName()));
                return process(wrapped) + " AS " + label;
            }
        }
        // The label is named before its element, as SQLAlchemy numbers them.
        if (c instanceof Label<?> l) {
            Object name = l.name() != null ? l.name() : new LabelName(l, 0, l.anonPrefix());
            String label = labelText(name);
            return process(l.element()) + " AS " + label;
        }
        if (sc.required() != null) {
            String label = generatedLabel(sc.required(), labelQuote(c, sc.required()));
            return process(c) + " AS " + label;
        }
        boolean withLabel;
        if (c instanceof ColumnClause<?> cc) {
            withLabel = fromContext && !cc.isLiteral() && cc.table() != null;
        } else if (c instanceof ColumnProxy<?> p) {
            withLabel = fromContext && !literalProxy(p);
        } else if (c instanceof TextClause) {
            withLabel = false;
        } else if (c instanceof UnaryExpression<?> || c instanceof dev.retort.sql.CustomUnaryOp<?>) {
            // Over a named label the operator takes the label's name (nonAnonLabel), which only AS can give it.
            ClauseElement operand = c instanceof UnaryExpression<?> u ? u.element() : ((dev.retort.sql.CustomUnaryOp<?>) c).element();
            withLabel = fromContext || !(operand instanceof ColumnElement<?> e && e.isNamedColumn()) || c.nonAnonLabel() != null;
        } else {
            withLabel = !c.isNamedColumn() && c.nonAnonLabel() == null;
        }
        if (!withLabel) {
            return process(c);
        }
        Object label = sc.fallback() != null ? sc.fallback() : c.nonAnonLabel() != null ? c.nonAnonLabel() : new LabelName(c, 0, c.anonPrefix());
        String text = generatedLabel(label, labelQuote(c, label));
        return process(c) + " AS " + text;
    }

    /** The locking clause; SQLAlchemy's default dialect writes a plain FOR UPDATE whatever the options. */
    public String visitForUpdate(dev.retort.sql.ForUpdate f) {
        return " FOR UPDATE";
    }

    /**
     * The table names of FOR UPDATE OF, each once and without schema (PostgreSQL refuses a
     * qualified name): a column stands for its table, a join for its tables (right first, as
     * SQLAlchemy lists them), text and a column of no table for themselves.
     */
    protected String lockTargets(List<ClauseElement> of) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (ClauseElement target : of) {
            Deque<ClauseElement> stack = new ArrayDeque<>();
            stack.push(target);
            while (!stack.isEmpty()) {
                ClauseElement e = stack.pop();
                if (e instanceof Join j) {
                    stack.push(j.left());
                    stack.push(j.right());
                } else if (e instanceof ColumnClause<?> c && c.table() != null) {
                    stack.push(c.table());
                } else if (e instanceof ColumnProxy<?> p) {
                    stack.push(p.parent());
                } else if (e instanceof TableClause t) {
                    names.add(tableIdentifier(t));
                } else if (e instanceof Alias a) {
                    names.add(aliasText(a.renderedName()));
                } else if (e instanceof ColumnClause<?> || e instanceof TextClause) {
                    names.add(process(e));
                } else {
                    throw new CompileException("FOR UPDATE OF needs tables or their columns, not " + e);
                }
            }
        }
        return String.join(", ", names);
    }

    /** Criteria joined by AND, each grouped against it (a lone one against nothing). */
    protected String andList(List<ClauseElement> criteria) {
        if (criteria.size() == 1) {
            return process(criteria.get(0).selfGroup(Operator.AS_BOOLEAN));
        }
        StringJoiner j = new StringJoiner(" AND ");
        for (ClauseElement c : criteria) {
            j.add(process(c.selfGroup(Operator.AND)));
        }
        return j.toString();
    }

    protected String list(List<ClauseElement> items) {
        StringJoiner j = new StringJoiner(", ");
        for (ClauseElement c : items) {
            j.add(process(c));
        }
        return j.toString();
    }

    /**
     * {@code DISTINCT ON (a, b) }, which only PostgreSQL has; the default dialect writes it as
     * SQLAlchemy's string compiler does, the others refuse it.
     */
    protected String distinctOn(List<ColumnElement<?>> expressions) {
        if (!dialect.name().equals("default")) {
            throw unsupported("DISTINCT ON");
        }
        return "DISTINCT ON (" + list(new ArrayList<>(expressions)) + ") ";
    }

    /**
     * The standard row limit, {@code [OFFSET n ROWS] FETCH FIRST n [PERCENT] ROWS ONLY | WITH TIES}
     * ({@code offset} null when compiled alone); dialects write what their database has.
     */
    public String fetchClause(dev.retort.sql.Fetch f, ClauseElement offset) {
        return fetchClause(f, offset, false);
    }

    /** The standard form, each number in parentheses where {@code parenthesised} (PostgreSQL). */
    protected final String fetchClause(dev.retort.sql.Fetch f, ClauseElement offset, boolean parenthesised) {
        String open = parenthesised ? "(" : "";
        String close = parenthesised ? ")" : "";
        return (offset != null ? "\n OFFSET " + open + process(offset) + close + " ROWS" : "")
                + "\n FETCH FIRST " + open + process(f.count()) + close + (f.isPercent() ? " PERCENT" : "") + " ROWS "
                + (f.isWithTies() ? "WITH TIES" : "ONLY");
    }

    /** Where the database has no FETCH: {@code ROWS ONLY} is a LIMIT, WITH TIES and PERCENT are refused. */
    protected final String fetchAsLimit(dev.retort.sql.Fetch f, ClauseElement offset) {
        refuseFetch(f, true, true);
        return limitOffset(f.count(), offset);
    }

    /** A CompileException for a FETCH option the database lacks. */
    protected final void refuseFetch(dev.retort.sql.Fetch f, boolean withTies, boolean percent) {
        if (percent && f.isPercent()) {
            throw unsupported("FETCH FIRST ... PERCENT");
        }
        if (withTies && f.isWithTies()) {
            throw unsupported("FETCH FIRST ... WITH TIES");
        }
    }

    /** LIMIT and OFFSET; an OFFSET alone needs a LIMIT on some databases. */
    protected String limitOffset(ClauseElement limit, ClauseElement offset) {
        if (limit == null && offset == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n LIMIT ");
        sb.append(limit != null ? process(limit) : "-1");
        if (offset != null) {
            sb.append(" OFFSET ").append(process(offset));
        }
        return sb.toString();
    }

    private String withCtes(String body) {
        return with(ctes.keySet()) + body;
    }

    /** {@code WITH a AS (...), b AS (...)} and a line break for {@code listed}, or "" when none. */
    private String with(java.util.Collection<CTE> listed) {
        if (listed.isEmpty()) {
            return "";
        }
        boolean recursive = listed.stream().anyMatch(CTE::isRecursive);
        StringJoiner j = new StringJoiner(", \n", recursive ? "WITH RECURSIVE " : "WITH ", "\n ");
        for (CTE c : listed) {
            j.add(ctes.get(c));
        }
        return j.toString();
    }

    /**
     * The WITH clause of a statement below the top, at depth {@code level}: the nesting CTEs first
     * used at that level (with those of a compound's members one level down), which it removes
     * from the list, so that a later use elsewhere declares them again (as SQLAlchemy does).
     */
    private String nestedWith(int level, boolean withMembers) {
        if (nestingLevels.isEmpty()) {
            return "";
        }
        List<CTE> here = new ArrayList<>();
        for (CTE c : ctes.keySet()) {
            Integer l = nestingLevels.get(c);
            if (l != null && l > 1 && (l == level || withMembers && l == level + 1)) {
                here.add(c);
            }
        }
        String text = with(here);
        for (CTE c : here) {
            ctes.remove(c);
            nestingLevels.remove(c);
            nestedHere.remove(c);
        }
        return text;
    }

    public String visitCompoundSelect(CompoundSelect c) {
        boolean fromContext = asFrom;
        boolean top = depth == 0;
        boolean read = top || membersRead;
        depth++;
        scopes.push(new Scope(c, List.of()));
        declareAdded(c.addedCtes(), c.addedCtesNestHere());
        StringJoiner j = new StringJoiner(" " + c.kind().sql() + " ");
        declaredByParent = false;
        for (ClauseElement s : c.selects()) {
            asFrom = fromContext;
            declaredByParent = true;
            // As SQLAlchemy's result map: every SELECT of a compound whose rows are read, and the
            // first of a nested compound.
            membersRead = read && (s == c.selects().get(0) || !(s instanceof CompoundSelect));
            j.add(needsGrouping(s) ? groupedMember(process(s)) : process(s));
        }
        membersRead = false;
        declaredByParent = false;
        asFrom = false;
        StringBuilder sb = new StringBuilder(j.toString());
        if (!c.orderByClauses().isEmpty()) {
            // The compound's rows have the first SELECT's column names and no tables.
            ClauseElement first = c.selects().get(0);
            columnLabels.push(first instanceof Select s ? labelsOf(s) : Map.of());
            bareColumns = true;
            sb.append(" ORDER BY ").append(byList(c.orderByClauses(), true));
            bareColumns = false;
            columnLabels.pop();
        }
        sb.append(c.fetchClause() != null ? fetchClause(c.fetchClause(), c.offsetClause()) : limitOffset(c.limitClause(), c.offsetClause()));
        String nested = top ? "" : nestedWith(depth, true);
        scopes.pop();
        depth--;
        return top ? withCtes(sb.toString()) : nested + sb;
    }

    /**
     * Whether a member of a compound SELECT must be grouped: another compound (its own set
     * operator would otherwise merge with this one's), or a SELECT with ORDER BY, LIMIT, OFFSET or FETCH.
     */
    private static boolean needsGrouping(ClauseElement member) {
        return member instanceof CompoundSelect
                || member instanceof Select s && (!s.orderByClauses().isEmpty() || s.limitClause() != null || s.offsetClause() != null
                        || s.fetchClause() != null);
    }

    /** A grouped member of a compound SELECT. */
    protected String groupedMember(String member) {
        return "(" + member + ")";
    }

    public String visitInsert(Insert i) {
        boolean top = enter(i, List.of());
        StringBuilder sb = new StringBuilder("INSERT ").append(prefixes(i.prefixes())).append("INTO ").append(tableName(i.table()));
        List<ClauseElement> cols = i.targetColumns();
        List<Column<?>> filled = i.fromSelectStatement() == null && !i.rows().isEmpty() ? defaulted(i) : List.of();
        if (!filled.isEmpty()) {
            sb.append(valuesWithDefaults(i, filled, top));
        } else if (cols.isEmpty() && i.fromSelectStatement() == null && !i.rows().isEmpty()) {
            // values() with no values: a row of defaults, not a parameter per column
            sb.append(emptyValues());
        } else if (cols.isEmpty() && i.fromSelectStatement() == null) {
            StringJoiner names = new StringJoiner(", ", " (", ")");
            StringJoiner values = new StringJoiner(", ", " VALUES (", ")");
            for (ColumnClause<?> c : i.table().columns()) {
                names.add(columnName(c));
                BindParameter<?> b = BindParameter.forColumn(c);
                values.add(storing(List.of(c), List.of(b), () -> visitBindParameter(b)));
            }
            sb.append(names).append(values);
        } else {
            StringJoiner names = new StringJoiner(", ", " (", ")");
            for (ClauseElement c : cols) {
                names.add(columnName((ColumnClause<?>) c));
            }
            List<Column<?>> defaulted = i.fromSelectStatement() != null && i.fromSelectIncludesDefaults() ? defaulted(i) : List.of();
            defaulted.forEach(c -> names.add(columnName(c)));
            sb.append(names);
            if (i.fromSelectStatement() != null) {
                declaredByParent = true;
                // In a CTE's body the SELECT labels its columns as in FROM, as SQLAlchemy's does.
                asFrom = !top;
                sb.append(" ").append(process(defaulted.isEmpty() ? i.fromSelectStatement() : withDefaults(i.fromSelectStatement(), defaulted)));
                declaredByParent = false;
            } else {
                StringJoiner rows = new StringJoiner(", ", " VALUES ", "");
                for (ClauseElement row : i.rows()) {
                    if (!top && row instanceof ClauseList values) {
                        anonymousValues(cols, values.clauses());
                    }
                    rows.add(row instanceof ClauseList values ? withDmlValues(cols, values.clauses(), () -> process(row)) : process(row));
                }
                sb.append(rows);
            }
        }
        sb.append(upsert(i));
        sb.append(returning(i));
        return leave(top, sb.toString(), true);
    }

    /**
     * The columns of the INSERT's table that the statement gives no value and that take one of
     * their own, as SQLAlchemy's INSERT gives it them: a sequence ({@code Column.sequence}, not an
     * optional one, where the database has sequences) writes its next value, a client-side
     * {@code Column.defaultValue} its SQL or a parameter.
     */
    private List<Column<?>> defaulted(Insert i) {
        if (!(i.table() instanceof Table t)) {
            return List.of();
        }
        List<Column<?>> out = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            if ((dialect.usesSequence(c) || c.defaultValue() != null) && !i.targetColumns().contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** {@code (cols) VALUES (...), ...} with the defaulted columns' values in table order. */
    private String valuesWithDefaults(Insert i, List<Column<?>> filled, boolean top) {
        List<ClauseElement> cols = i.targetColumns();
        StringJoiner names = new StringJoiner(", ", " (", ")");
        List<ClauseElement> order = new ArrayList<>();
        for (ColumnClause<?> c : i.table().columns()) {
            if (cols.contains(c) || filled.contains(c)) {
                names.add(quote(c.name()));
                order.add(c);
            }
        }
        StringJoiner rows = new StringJoiner(", ", " VALUES ", "");
        for (int n = 0; n < i.rows().size(); n++) {
            List<ClauseElement> values = ((ClauseList) i.rows().get(n)).clauses();
            if (!top) {
                anonymousValues(cols, values);
            }
            List<ClauseElement> written = new ArrayList<>();
            for (ClauseElement c : order) {
                int at = cols.indexOf(c);
                written.add(at >= 0 ? values.get(at) : columnDefault((Column<?>) c, dialect.usesSequence((Column<?>) c) ? null : ((Column<?>) c).defaultValue(), n));
            }
            rows.add(withDmlValues(order, written, () -> {
                StringJoiner r = new StringJoiner(", ", "(", ")");
                written.forEach(v -> r.add(process(v)));
                return r.toString();
            }));
        }
        return names + rows.toString();
    }

    /**
     * The SELECT of an INSERT from a SELECT with the values of the {@code defaulted} columns added
     * to its columns, as SQLAlchemy's {@code from_select} adds them; a compound SELECT cannot take
     * them (SQLAlchemy's CompileError).
     */
    private ClauseElement withDefaults(dev.retort.sql.SelectBase select, List<Column<?>> defaulted) {
        if (!(select instanceof Select s)) {
            StringJoiner keys = new StringJoiner(", ");
            defaulted.forEach(c -> keys.add("'" + c.key() + "'"));
            throw new CompileException("Can't extend statement for INSERT..FROM SELECT to include additional default-holding column(s) " + keys
                    + ". Convert the selectable to a subquery() first, or pass includeDefaults false to Insert.fromSelect() to skip these columns.");
        }
        Object[] values = new Object[defaulted.size()];
        for (int k = 0; k < values.length; k++) {
            Column<?> c = defaulted.get(k);
            values[k] = columnDefault(c, dialect.usesSequence(c) ? null : c.defaultValue(), 0);
        }
        return s.addColumns(values);
    }

    /**
     * What a DML statement writes for a column it leaves to {@code d} (its default or on-update
     * value) in its {@code row}th row: the sequence's next value, the default's SQL, or a parameter
     * named by the column key ({@code key_m1}, ... for the later rows of a multi-row VALUES, as
     * SQLAlchemy names them) whose value the execution asks of the default, row by row. A null
     * {@code d} is the column's sequence.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private ClauseElement columnDefault(Column<?> c, dev.retort.schema.ColumnDefault d, int row) {
        if (d == null) {
            return c.sequence().nextValue();
        }
        if (d.isExpression()) {
            return d.expression().selfGroup(null);
        }
        BindParameter<?> b = BindParameter.forColumn(c).withValue(d);
        return row == 0 ? b : dev.retort.sql.SQL.bindparam(c.key() + "_m" + row, (Object) d, (dev.retort.types.TypeEngine) c.type());
    }

    /** What {@code write} gives with {@code columns}' {@code values} (an INSERT's row) resolving fromDmlColumn. */
    private String withDmlValues(List<ClauseElement> columns, List<ClauseElement> values, java.util.function.Supplier<String> write) {
        DmlValues outer = dmlValues;
        dmlValues = new DmlValues(columns, values, false);
        try {
            return storing(columns, values, write);
        } finally {
            dmlValues = outer;
        }
    }

    /**
     * {@code fromDmlColumn(c)}: the value expression the statement gives {@code c}, written again
     * (its parameter, its SQL), as SQLAlchemy's {@code from_dml_column}; an UPDATE that does not
     * set {@code c} reads the column itself.
     */
    public String visitDmlColumnValue(dev.retort.sql.DmlColumnValue<?> v) {
        DmlValues here = dmlValues;
        if (here == null) {
            throw new CompileException("fromDmlColumn(" + v.column().name() + ") is only meaningful in an INSERT's or UPDATE's values");
        }
        ClauseElement value = here.valueOf(v.column());
        if (value == null && !here.update()) {
            throw new CompileException("Can't resolve referenced column name in INSERT statement: '" + v.column().name() + "'");
        }
        // within the referred-to value, a further reference finds no values (no cycle)
        dmlValues = new DmlValues(List.of(), List.of(), here.update());
        try {
            return process(value != null ? value : v.column());
        } finally {
            dmlValues = here;
        }
    }

    /** The columns an INSERT row or UPDATE SET writes and their value expressions, index by index. */
    private record DmlValues(List<ClauseElement> columns, List<ClauseElement> values, boolean update) {
        ClauseElement valueOf(ColumnClause<?> column) {
            int at = columns.indexOf(column);
            return at >= 0 ? values.get(at) : null;
        }
    }

    /** The VALUES part of an INSERT of a row of defaults; {@code () VALUES ()} as MySQL writes it. */
    protected String emptyValues() {
        return " () VALUES ()";
    }

    /**
     * One page of an executemany INSERT sent as a single statement: {@code head} ({@code INSERT
     * INTO t (a, b)}), {@code rows} copies of {@code row} ({@code (?, ?)}, one placeholder per
     * column of {@code columns}), then {@code tail} ({@code RETURNING ...}). The default is a
     * multi-row {@code VALUES} list, in whose order the database inserts the rows.
     */
    public String insertManyValues(String head, List<? extends ColumnClause<?>> columns, String row, int rows, String tail) {
        StringBuilder sb = new StringBuilder(head.length() + tail.length() + rows * (row.length() + 2) + 8).append(head).append(" VALUES ");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ", ").append(row);
        }
        return sb.append(tail).toString();
    }

    /**
     * An UPDATE of {@code rows} rows as one statement joining a VALUES list, or null where the
     * database has none (the default: MySQL, MariaDB): each row of the list gives, in order, the
     * values of {@code set} and then of {@code match}, and the table's row whose {@code match}
     * columns equal a list row's takes its {@code set} values; {@code returning} columns (may be
     * empty) come back for each row updated. PostgreSQL and SQLite 3.33+ write
     * {@code UPDATE t SET a=v.p0 FROM (VALUES (?, ?), ...) AS v (p0, p1) WHERE t.id = v.p1}
     * (see {@link #updateFromValues(Table, List, List, int, List, boolean)}).
     */
    public String updateFromValues(Table table, List<Column<?>> set, List<Column<?>> match, int rows, List<Column<?>> returning) {
        return null;
    }

    /**
     * {@link #updateFromValues(Table, List, List, int, List)} as PostgreSQL and SQLite write it:
     * with {@code named} the list's columns are named {@code v (p0, p1, ...)} and each placeholder
     * is cast to its column's type ({@code ?::INTEGER}; a string to VARCHAR without its length,
     * so that too long a value fails rather than being cut), since a VALUES list's column
     * otherwise takes its type from the first row's value (text for a date, NULL for a null);
     * without, the list's columns are SQLite's own {@code column1, column2, ...} and a value
     * takes the column's affinity where it is stored.
     */
    protected final String updateFromValues(Table table, List<Column<?>> set, List<Column<?>> match, int rows, List<Column<?>> returning,
            boolean named) {
        List<Column<?>> all = new ArrayList<>(set);
        all.addAll(match);
        String target = tableName(table);
        StringJoiner row = new StringJoiner(", ", "(", ")");
        StringJoiner names = new StringJoiner(", ", " (", ")");
        for (int i = 0; i < all.size(); i++) {
            TypeEngine<?> type = all.get(i).type();
            boolean string = type.dialectImpl(dialect).kind() == dev.retort.types.TypeKind.STRING;
            row.add(named ? "?::" + (string ? "VARCHAR" : dialect.castTypeName(type, schemaTranslate)) : "?");
            names.add("p" + i);
        }
        StringBuilder sb = new StringBuilder(64 + rows * (row.length() + 2) + 32 * all.size()).append("UPDATE ").append(target).append(" SET ");
        for (int i = 0; i < set.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(set.get(i).name())).append("=v.").append(named ? "p" + i : "column" + (i + 1));
        }
        sb.append(" FROM (VALUES ");
        String one = row.toString();
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ", ").append(one);
        }
        sb.append(") AS v").append(named ? names.toString() : "").append(" WHERE ");
        for (int i = 0; i < match.size(); i++) {
            int at = set.size() + i;
            sb.append(i == 0 ? "" : " AND ").append(target).append('.').append(quote(match.get(i).name())).append(" = v.")
                    .append(named ? "p" + at : "column" + (at + 1));
        }
        for (int i = 0; i < returning.size(); i++) {
            sb.append(i == 0 ? " RETURNING " : ", ").append(unqualifiedReturning() ? "" : target + ".").append(quote(returning.get(i).name()));
        }
        return sb.toString();
    }

    // ---- upsert: ON CONFLICT (PostgreSQL, SQLite), ON DUPLICATE KEY UPDATE (MySQL, MariaDB) -------

    /** The INSERT whose upsert clause is being rendered, or null: what {@code excluded(t)} refers to. */
    private Insert upsertOf;

    /** The upsert clause that follows an INSERT's rows (with its leading space), or "". */
    private String upsert(Insert i) {
        if (i.onConflict() == null) {
            return "";
        }
        Insert outer = upsertOf;
        upsertOf = i;
        try {
            return " " + process(i.onConflict());
        } finally {
            upsertOf = outer;
        }
    }

    /** The INSERT whose upsert clause is being rendered: a dialect's upsert may depend on its form. */
    protected Insert upsertStatement() {
        return upsertOf;
    }

    /**
     * {@code ON CONFLICT [target] DO NOTHING | DO UPDATE SET col = value, ... [WHERE ...]}, as
     * SQLAlchemy's PostgreSQL and SQLite dialects write it: the target's columns and index WHERE
     * unqualified and with values inline (SQLAlchemy binds them on PostgreSQL, where psycopg
     * inlines them before the server sees them), the SET values and WHERE qualified by the table.
     */
    public String visitOnConflict(OnConflict oc) {
        StringBuilder sb = new StringBuilder("ON CONFLICT");
        if (oc.constraint() != null) {
            sb.append(" ").append(conflictConstraint(oc.constraint()));
        } else if (!oc.indexElements().isEmpty()) {
            // Inline, as in DDL: the database matches the target against its unique indexes when it
            // plans the statement, and a parameter in a partial index's WHERE would match none.
            StringJoiner target = new StringJoiner(", ", " (", ")");
            for (ClauseElement e : oc.indexElements()) {
                target.add(ddlExpression(e));
            }
            sb.append(target);
            if (oc.indexWhere() != null) {
                sb.append(" WHERE ").append(ddlExpression(oc.indexWhere()));
            }
        }
        if (oc.isDoNothing()) {
            return sb.append(" DO NOTHING").toString();
        }
        sb.append(" DO UPDATE SET ").append(upsertSet(oc.setColumns(), oc.setValues()));
        if (oc.where() != null) {
            sb.append(" WHERE ").append(process(oc.where()));
        }
        return sb.toString();
    }

    /** {@code ON CONSTRAINT name} (PostgreSQL's form; SQLite's ON CONFLICT takes index columns only). */
    protected String conflictConstraint(String name) {
        return "ON CONSTRAINT " + quote(name);
    }

    /** The CompileException of an upsert form the dialect does not have, naming the dialect and the form it has. */
    protected CompileException upsertUnavailable(String form, String instead) {
        return new CompileException(form + " is not available on dialect " + dialect.name() + "; use " + instead);
    }

    /** {@code ON DUPLICATE KEY UPDATE col = value, ...}; the proposed row's values as {@link #insertedValue} writes them. */
    public String visitOnDuplicateKey(OnDuplicateKey d) {
        return "ON DUPLICATE KEY UPDATE " + upsertSet(d.setColumns(), d.setValues());
    }

    private String upsertSet(List<ClauseElement> columns, List<ClauseElement> values) {
        StringJoiner set = new StringJoiner(", ");
        for (int k = 0; k < columns.size(); k++) {
            ClauseElement value = values.get(k);
            set.add(columnName((ColumnClause<?>) columns.get(k)) + " = " + storing(List.of(columns.get(k)), List.of(value), () -> process(value)));
        }
        return set.toString();
    }

    /**
     * A column of {@code excluded(t)}: {@code excluded.col} in ON CONFLICT, the dialect's
     * reference to the inserted value ({@link #insertedValue}) in ON DUPLICATE KEY UPDATE.
     */
    public String visitExcludedColumn(ColumnProxy<?> column) {
        if (upsertOf != null && upsertOf.onConflict() instanceof OnDuplicateKey) {
            return insertedValue(column);
        }
        return visitColumnProxy(column);
    }

    /** The value proposed for insertion in ON DUPLICATE KEY UPDATE: {@code VALUES(col)}. */
    protected String insertedValue(ColumnProxy<?> column) {
        return "VALUES(" + proxyName(column) + ")";
    }

    public String visitUpdate(Update u) {
        List<FromClause> extra = extraFroms(u.target(), u.whereCriteria(), u.setValues());
        boolean top = enter(u, extra);
        StringBuilder sb = new StringBuilder("UPDATE ").append(prefixes(u.prefixes())).append(withDmlHints(u, () -> updateTables(u.target(), extra))).append(" SET ");
        StringJoiner set = new StringJoiner(", ");
        if (!top) {
            anonymousValues(u.targetColumns(), u.setValues());
        }
        List<ClauseElement> targets = new ArrayList<>(u.targetColumns());
        List<ClauseElement> values = new ArrayList<>(u.setValues());
        withOnUpdate(u, targets, values);
        DmlValues outer = dmlValues;
        dmlValues = new DmlValues(targets, values, true);
        try {
            for (int k = 0; k < targets.size(); k++) {
                ClauseElement col = targets.get(k);
                String written = col instanceof dev.retort.sql.Tuple row ? rowSetTarget(row, u.target(), extra)
                        : col instanceof ColumnClause<?> c ? setTarget(c, u.target(), extra) : expressionSetTarget(col, extra);
                ClauseElement value = values.get(k);
                set.add(written + "=" + storing(List.of(col), List.of(value), () -> process(value)));
            }
        } finally {
            dmlValues = outer;
        }
        if (u.targetColumns().isEmpty()) {
            // no values: a parameter per column, named by its key, as SQLAlchemy compiles it (at
            // execution the parameters' keys choose the columns: Update.forExecution)
            for (ColumnClause<?> c : u.table().columns()) {
                BindParameter<?> b = BindParameter.forColumn(c);
                set.add(setTarget(c, u.target(), extra) + "=" + storing(List.of(c), List.of(b), () -> visitBindParameter(b)));
            }
        }
        sb.append(set).append(updateFrom(extra));
        if (!u.whereCriteria().isEmpty()) {
            sb.append(" WHERE ").append(andList(u.whereCriteria()));
        }
        sb.append(u.limitRows() == null ? "" : dmlLimit(u.limitRows()));
        sb.append(returning(u));
        return leave(top, sb.toString(), false);
    }

    /**
     * Adds to an UPDATE's SET ({@code targets} and their {@code values}) the columns of its table
     * that it does not set and that have a {@code Column.onUpdate} value, among the table's columns
     * in table order, as SQLAlchemy's UPDATE writes them. An UPDATE without values sets none, nor
     * does one of an alias (whose columns, in SQLAlchemy, have no on-update values).
     */
    private void withOnUpdate(Update u, List<ClauseElement> targets, List<ClauseElement> values) {
        if (targets.isEmpty() || u.target() != u.table() || !(u.table() instanceof Table t) || t.columns().stream().noneMatch(c -> c.onUpdate() != null && !targets.contains(c))) {
            return;
        }
        // the table's columns given, then (re)placed in table order with the on-update ones where the first of them stood
        int first = -1;
        for (int k = 0; k < targets.size() && first < 0; k++) {
            first = targets.get(k) instanceof Column<?> c && c.table() == t ? k : -1;
        }
        if (first < 0) {
            first = targets.size();
            while (first > 0 && targets.get(first - 1) instanceof dev.retort.sql.Tuple) {
                first--;
            }
        }
        List<ClauseElement> ownTargets = new ArrayList<>();
        List<ClauseElement> ownValues = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            int at = targets.indexOf(c);
            if (at >= 0) {
                ownTargets.add(c);
                ownValues.add(values.get(at));
            } else if (c.onUpdate() != null) {
                ownTargets.add(c);
                ownValues.add(columnDefault(c, c.onUpdate(), 0));
            }
        }
        for (int k = targets.size() - 1; k >= 0; k--) {
            if (targets.get(k) instanceof Column<?> c && c.table() == t) {
                targets.remove(k);
                values.remove(k);
            }
        }
        targets.addAll(first, ownTargets);
        values.addAll(first, ownValues);
    }

    public String visitDelete(Delete d) {
        List<FromClause> extra = extraFroms(d.target(), new ArrayList<ClauseElement>(d.usingFroms()), d.whereCriteria());
        boolean top = enter(d, extra);
        StringBuilder sb = new StringBuilder("DELETE ").append(prefixes(d.prefixes())).append("FROM ").append(withDmlHints(d, () -> deleteFrom(d.target(), extra)));
        if (!d.whereCriteria().isEmpty()) {
            sb.append(" WHERE ").append(andList(d.whereCriteria()));
        }
        sb.append(d.limitRows() == null ? "" : dmlLimit(d.limitRows()));
        sb.append(returning(d));
        return leave(top, sb.toString(), false);
    }

    /**
     * The target of an UPDATE or DELETE as written after the keyword: the table, or an alias of it
     * ({@code users AS u}). A join target is MySQL's multi-table form; other dialects raise.
     */
    protected String dmlTarget(FromClause target) {
        if (target instanceof dev.retort.sql.Join j) {
            throw new CompileException("UPDATE of a join (" + j.left().name() + " JOIN " + j.right().name() + ") is not available on dialect " + dialect.name()
                    + "; update the table with criteria on the other tables instead");
        }
        if (target instanceof dev.retort.sql.Alias a) {
            return hinted(a, tableName((TableClause) a.element()) + " AS " + aliasText(a.renderedName()));
        }
        return hinted(target, tableName((TableClause) target));
    }

    /** What {@code tables} writes, with the UPDATE's or DELETE's hints for its target. */
    private String withDmlHints(DmlStatement d, java.util.function.Supplier<String> tables) {
        if (d.hints().isEmpty()) {
            return tables.get();
        }
        List<Map.Entry<FromClause, String>> outer = fromHints;
        fromHints = fromHintsOf(d.hints(), false);
        try {
            return tables.get();
        } finally {
            fromHints = outer;
        }
    }

    /** An UPDATE's or DELETE's row limit ({@code limit(n)}): MySQL's alone; elsewhere a {@link CompileException}. */
    protected String dmlLimit(int rows) {
        throw new CompileException("UPDATE or DELETE with a LIMIT is not available on dialect " + dialect.name() + " (MySQL and MariaDB only)");
    }

    /**
     * The FROM clauses other than the target table that an UPDATE's or DELETE's criteria and
     * values refer to, in order of appearance: they make it a multi-table statement.
     */
    @SafeVarargs
    protected static List<FromClause> extraFroms(FromClause target, List<ClauseElement>... parts) {
        Set<FromClause> out = Collections.newSetFromMap(new IdentityHashMap<>());
        List<FromClause> ordered = new ArrayList<>();
        for (List<ClauseElement> part : parts) {
            for (ClauseElement c : part) {
                // A FROM clause given as such (a DELETE's USING) is one item; an expression lists the tables it reads.
                for (FromClause f : c instanceof FromClause given ? List.of(given) : c.fromObjects()) {
                    if (f != target && out.add(f)) {
                        ordered.add(f);
                    }
                }
            }
        }
        // Tables a join lists are not listed again (nor, when a join holds it, the target); nor are
        // those of a join that is the target.
        Set<FromClause> hidden = Collections.newSetFromMap(new IdentityHashMap<>());
        if (target instanceof dev.retort.sql.Join) {
            hidden.addAll(target.fromObjects());
        }
        for (FromClause f : ordered) {
            for (FromClause inner : f.fromObjects()) {
                if (inner != f) {
                    hidden.add(inner);
                }
            }
        }
        ordered.removeIf(hidden::contains);
        return ordered;
    }

    /** FROM clauses separated by commas. */
    protected String fromList(List<FromClause> froms) {
        StringJoiner j = new StringJoiner(", ");
        for (FromClause f : froms) {
            j.add(process(f));
        }
        return j.toString();
    }

    /** What follows UPDATE: the target (MySQL lists the other tables too). */
    protected String updateTables(FromClause target, List<FromClause> extra) {
        return dmlTarget(target);
    }

    /**
     * A column on the left of SET; MySQL qualifies it in a multi-table UPDATE (by the target's
     * alias name when the target is an alias). Only MySQL's multi-table form sets another table's
     * column; elsewhere that raises.
     */
    protected String setTarget(ColumnClause<?> column, FromClause target, List<FromClause> extra) {
        if (!isTargetTable(column.table(), target)) {
            throw new CompileException("An UPDATE cannot SET column '" + column.name() + "' of table '" + column.table().name() + "', another than its target, on dialect "
                    + dialect.name() + ": only the multi-table UPDATE of MySQL and MariaDB sets another table's columns");
        }
        return columnName(column);
    }

    /**
     * An expression on the left of SET (an array element, {@code data[?]}): its columns bare
     * unless the UPDATE names other tables, as SQLAlchemy writes it.
     */
    protected String expressionSetTarget(ClauseElement e, List<FromClause> extra) {
        boolean saved = bareColumns;
        bareColumns = extra.isEmpty();
        try {
            return process(e);
        } finally {
            bareColumns = saved;
        }
    }

    /** Whether {@code table} is one an UPDATE of {@code target} writes: the target's table, or any table of a join target. */
    protected static boolean isTargetTable(TableClause table, FromClause target) {
        if (target instanceof dev.retort.sql.Join) {
            return target.fromObjects().stream().anyMatch(f -> f == table || f instanceof dev.retort.sql.Alias a && a.element() == table);
        }
        return target == table || target instanceof dev.retort.sql.Alias a && a.element() == table;
    }

    /** A row value on the left of SET, {@code (a, b)}; a dialect without row-value assignment raises. */
    protected String rowSetTarget(dev.retort.sql.Tuple row, FromClause target, List<FromClause> extra) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (ColumnElement<?> c : row.elements()) {
            j.add(setTarget(c instanceof ColumnClause<?> cc ? cc : (ColumnClause<?>) ((dev.retort.sql.ColumnProxy<?>) c).origin(), target, extra));
        }
        return j.toString();
    }

    /** {@code UPDATE ... FROM other}: the other tables of a multi-table UPDATE, after SET. */
    protected String updateFrom(List<FromClause> extra) {
        return extra.isEmpty() ? "" : " FROM " + fromList(extra);
    }

    /** What follows {@code DELETE FROM}: the target, then the other tables of a multi-table DELETE ({@link #deleteUsing}). */
    protected String deleteFrom(FromClause target, List<FromClause> extra) {
        return extra.isEmpty() ? dmlTarget(target) : dmlTarget(target) + deleteUsing(target, extra);
    }

    /** The other tables of a multi-table DELETE, after {@code DELETE FROM target}, as SQLAlchemy's default dialect lists them. */
    protected String deleteUsing(FromClause target, List<FromClause> extra) {
        return " , " + fromList(extra);
    }

    /**
     * Enters a DML statement: subqueries correlate to its table and the other tables it names;
     * an INSERT's to none (it has no FROM), as SQLAlchemy's, so a subquery in its VALUES keeps
     * the inserted table in its own FROM.
     */
    private boolean enter(DmlStatement d, List<FromClause> extra) {
        boolean top = depth == 0;
        List<FromClause> all = new ArrayList<>(extra);
        if (!(d instanceof Insert)) {
            all.add(d.target());
        }
        enter(all);
        depth++;
        declareAdded(d.addedCtes(), d.addedCtesNestHere());
        return top;
    }

    /**
     * Marks the parameters that plain values of an INSERT or UPDATE below the top (a CTE's body)
     * made, named after their column ({@code price}, {@code price_m1}): they render anonymous
     * ({@code param_1}), as SQLAlchemy names them there, so that two such statements may set one
     * column to different values.
     */
    private void anonymousValues(List<ClauseElement> columns, List<ClauseElement> values) {
        for (int k = 0; k < columns.size() && k < values.size(); k++) {
            if (!(columns.get(k) instanceof ColumnClause<?> column)) {
                continue;   // a row value's parameters are anonymous already
            }
            String key = column.key();
            if (values.get(k) instanceof BindParameter<?> b && !b.isUnique() && b.key() != null
                    && (b.key().equals(key) || b.key().matches(Pattern.quote(key) + "_m\\d+"))) {
                anonymousValueBinds.add(b);
            }
        }
    }

    private String leave(boolean top, String sql, boolean insert) {
        // Below the top (a CTE's body), the statement declares the nesting CTEs it uses; an INSERT
        // also those of its SELECT, as SQLAlchemy does.
        String nested = top ? "" : nestedWith(depth, insert);
        depth--;
        enclosing.pop();
        return top ? withCtes(sql) : nested + sql;
    }

    /**
     * What a DML statement RETURNs: its own RETURNING columns, or for an INSERT that asks
     * {@code returnDefaults()} the columns the database gives the row, where the dialect has RETURNING.
     */
    private List<ColumnElement<?>> returningOf(DmlStatement d) {
        if (d instanceof Insert i && i.returnsDefaults()) {
            // Without RETURNING the defaults come otherwise; supplemental columns stay, refused below as returning() is.
            return dialect.supportsReturning() ? i.returnDefaultsReturning() : i.returnDefaultsSupplemental();
        }
        if (d instanceof Update u && u.returnsDefaults()) {
            return u.returnDefaultsReturning(dialect.supportsUpdateReturning());
        }
        if (d instanceof Delete x && x.returnsDefaults()) {
            // SQLAlchemy adds nothing, supplemental columns neither, where DELETE has no RETURNING
            return dialect.supportsReturning() ? x.returnDefaultsReturning() : List.of();
        }
        return d.returningColumns();
    }

    private String returning(DmlStatement d) {
        List<ColumnElement<?>> returning = returningOf(d);
        if (returning.isEmpty()) {
            return "";
        }
        if (!dialect.supportsReturning()) {
            throw new CompileException("Dialect " + dialect.name() + " does not support RETURNING");
        }
        StringJoiner j = new StringJoiner(", ", " RETURNING ", "");
        boolean bare = bareColumns;
        bareColumns = unqualifiedReturning();
        // the columns of an alias target too: SQLite's RETURNING knows no alias
        bareAlias = bareColumns && d.target() instanceof dev.retort.sql.Alias a ? a : null;
        try {
            inReturning = true;
            for (SelectColumn sc : Select.labelColumns(returning)) {
                j.add(selectColumn(sc, false, true));
            }
        } finally {
            inReturning = false;
            bareColumns = bare;
            bareAlias = null;
        }
        return j.toString();
    }

    /**
     * Whether a RETURNING column wrapped in its type's column expression is labelled anonymously
     * after the column, once however often it is repeated ({@code AS value_1}), as SQLAlchemy's
     * string compiler does; the databases' compilers label it as a SELECT would ({@code AS value}).
     */
    protected boolean anonymousReturningLabels() {
        return false;
    }

    /** Whether RETURNING names the statement's columns without their table (SQLite's form). */
    protected boolean unqualifiedReturning() {
        return false;
    }

    // ---- DDL -----------------------------------------------------------------------------------

    /** What an option written into DDL unquoted may contain (see {@link #optionWord}). */
    private static final java.util.regex.Pattern SQL_WORD = java.util.regex.Pattern.compile("[\\w$.]+");

    public String visitCreateTable(CreateTable ct) {
        Table t = ct.table();
        StringJoiner body = new StringJoiner(", \n\t", "CREATE " + t.prefixes().stream().map(w -> w + " ").collect(java.util.stream.Collectors.joining()) + "TABLE " + (ct.isIfNotExists() ? "IF NOT EXISTS " : "") + tableName(t) + " (\n\t", "\n)");
        for (Column<?> c : t.columns()) {
            if (!c.isSystem()) {
                body.add(columnDefinition(c));
            }
        }
        for (Constraint c : t.constraints()) {
            if (c instanceof CheckConstraint ck && ck.column() != null && checkInColumn(ck)) {
                continue; // written in its column's definition
            }
            String spec = constraintSpec(c);
            if (spec != null) {
                body.add(spec);
            }
        }
        for (Column<?> c : t.columns()) {
            String check = typeCheck(c);
            if (check != null) {
                body.add(check);
            }
        }
        for (ForeignKey fk : t.foreignKeyList()) {
            if (t.constraints().stream().noneMatch(c -> c instanceof ForeignKeyConstraint f && f.elements().contains(fk))
                    && !ct.leftOutColumnKeys().contains(fk) && rendersForeignKey(t, fk.column().table())) {
                body.add(foreignKeySpec(null, List.of(fk)));
            }
        }
        for (Constraint c : t.constraints()) {
            if (c instanceof ForeignKeyConstraint f && !ct.leftOut().contains(f) && rendersForeignKey(t, f.elements().get(0).column().table())) {
                body.add(foreignKeySpec(f, f.elements()));
            }
        }
        return body + tableOptions(t);
    }

    /**
     * The CHECK of an enum type's labels ({@code EnumType.createConstraint}) where the type is a
     * VARCHAR, named after the type, or of a {@code CheckedBoolean}'s 0 and 1 where BOOLEAN is not
     * native, after the table's own constraints as SQLAlchemy writes its type-generated
     * constraint; null for other columns.
     */
    protected String typeCheck(Column<?> c) {
        if (c.type() instanceof dev.retort.types.CheckedBoolean b) {
            return dialect.supportsNativeBoolean() ? null : typeCheckName(c, b.name()) + "CHECK (" + columnName(c) + " IN (0, 1))";
        }
        if (!(c.type().dialectImpl(dialect) instanceof dev.retort.types.EnumType<?> e) || !e.isCreateConstraint()
                || e.isNativeEnum() && dialect.supportsNativeEnum()) {
            return null;
        }
        StringJoiner labels = new StringJoiner(", ", "CHECK (" + columnName(c) + " IN (", "))");
        e.labels().forEach(l -> labels.add(dialect.renderLiteral(dev.retort.types.TypeKind.STRING, l)));
        return typeCheckName(c, e.name()) + labels;
    }

    /** {@code "CONSTRAINT name "} for a type's CHECK on {@code c} named {@code given} (or by the "ck" naming convention), else "". */
    private String typeCheckName(Column<?> c, String given) {
        String conventional = c.table().metadata().namingConvention().nameFor("ck", given, c.table(), List.of(c), List.of());
        String name = conventional != null ? shortened(conventional) : given;
        return name == null ? "" : "CONSTRAINT " + quote(name) + " ";
    }

    /** Text after the closing parenthesis of CREATE TABLE (storage options). */
    protected String tableOptions(Table t) {
        return "";
    }

    /**
     * {@code name TYPE [DEFAULT x] [GENERATED ...] [NOT NULL]}, plus what the dialect adds for
     * generated keys. An identity column is NOT NULL by being one, so it is written without NOT NULL,
     * and a nullable one as {@link #nullableIdentity()} says, as SQLAlchemy writes it.
     */
    protected String columnSpec(Column<?> c) {
        StringBuilder sb = new StringBuilder(columnName(c)).append(' ').append(columnType(c));
        sb.append(serverDefaultSpec(c)).append(computedSpec(c));
        boolean identity = c.identity() != null && supportsIdentityColumns();
        if (identity) {
            sb.append(' ').append(identityClause(c.identity()));
        }
        if (!c.isNullable() && !identity) {
            sb.append(" NOT NULL");
        } else if (c.isNullable() && identity) {
            sb.append(nullableIdentity());
        }
        return sb.toString();
    }

    /** What follows a nullable identity column's GENERATED clause: nothing, as SQLAlchemy's generic DDL compiler writes it. */
    protected String nullableIdentity() {
        return "";
    }

    /** {@code " DEFAULT x"} for a column with a server default, else empty. */
    protected String serverDefaultSpec(Column<?> c) {
        return c.serverDefault() == null ? "" : " DEFAULT " + defaultClause(defaultText(c));
    }

    /** {@code " GENERATED ALWAYS AS (expr) [STORED|VIRTUAL]"} for a computed column, else empty. */
    protected String computedSpec(Column<?> c) {
        if (c.computed() == null) {
            return "";
        }
        return " GENERATED ALWAYS AS (" + c.computed() + ")"
                + (c.isComputedStored() == null ? "" : c.isComputedStored() ? " STORED" : " VIRTUAL");
    }

    /**
     * A column as CREATE TABLE writes it: {@link #columnSpec} and the CHECKs declared on the column
     * ({@code Column.check}); SQLAlchemy's {@code CreateColumn}.
     */
    public String visitCreateColumn(dev.retort.schema.CreateColumn cc) {
        return cc.column().isSystem() ? "" : columnDefinition(cc.column());
    }

    private String columnDefinition(Column<?> c) {
        StringBuilder sb = new StringBuilder(columnSpec(c));
        for (CheckConstraint ck : c.checks()) {
            if (checkInColumn(ck)) {
                sb.append(' ').append(constraintSpec(ck));
            }
        }
        return sb.toString();
    }

    /** Whether a CHECK declared on a column is written in the column's definition (else with the table's constraints). */
    protected boolean checkInColumn(CheckConstraint ck) {
        return true;
    }

    /** Whether the database has identity columns; where it has not, the column is written without its identity. */
    protected boolean supportsIdentityColumns() {
        return true;
    }

    /** {@code GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]}, options in SQLAlchemy's order. */
    private String identityClause(dev.retort.schema.Identity id) {
        String options = identityOptions(id.increment(), id.start(), id.minValue(), id.maxValue(), id.noMinValue(), id.noMaxValue(), id.cache(),
                id.cycle());
        return "GENERATED " + (id.always() ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY" + (options.isEmpty() ? "" : " (" + options + ")");
    }

    /**
     * The options of an identity column or a sequence, space-separated in SQLAlchemy's order
     * ({@code get_identity_options}); empty when none is set.
     */
    protected String identityOptions(Long increment, Long start, Long minValue, Long maxValue, boolean noMinValue, boolean noMaxValue,
            Long cache, Boolean cycle) {
        StringJoiner options = new StringJoiner(" ");
        if (increment != null) {
            options.add("INCREMENT BY " + increment);
        }
        if (start != null) {
            options.add("START WITH " + start);
        }
        if (minValue != null) {
            options.add("MINVALUE " + minValue);
        }
        if (maxValue != null) {
            options.add("MAXVALUE " + maxValue);
        }
        if (noMinValue) {
            options.add("NO MINVALUE");
        }
        if (noMaxValue) {
            options.add("NO MAXVALUE");
        }
        if (cache != null) {
            options.add("CACHE " + cache);
        }
        if (cycle != null) {
            options.add(cycle ? "CYCLE" : "NO CYCLE");
        }
        return options.toString();
    }

    /** The column's type in DDL; dialects with serial types override it for generated keys. */
    protected String columnType(Column<?> c) {
        return dialect.typeDdl(c.type(), schemaTranslate);
    }

    /** The rendered server default as it follows DEFAULT; SQLite and MySQL parenthesise expressions. */
    protected String defaultClause(String text) {
        return text;
    }

    private static final Pattern QUOTED_OR_GROUPED = Pattern.compile("^\\s*['\"(]");
    private static final Pattern NON_WORD = Pattern.compile("\\W");

    /** Whether a default is more than a literal or a word, which SQLite and MySQL take only in parentheses. */
    protected static boolean isExpressionDefault(String text) {
        return !QUOTED_OR_GROUPED.matcher(text).find() && NON_WORD.matcher(text).find();
    }

    /** A server default: DDL has no parameters, so values are rendered inline. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected String defaultText(Column<?> c) {
        Object d = c.serverDefault();
        if (d instanceof ClauseElement e) {
            return ddlExpression(e);
        }
        if (d instanceof String s) {
            // As SQLAlchemy's server_default="0": the database converts the string to the column's type,
            // so "0" suits an INTEGER and "{}" stays an empty JSON object rather than a JSON string.
            return Types.TEXT.literal(s, dialect);
        }
        TypeEngine t = c.type();
        return t.literal(d, dialect);
    }

    /**
     * PRIMARY KEY, UNIQUE and CHECK constraints, or null to leave one out (foreign keys are
     * rendered separately): body, {@link #constraintOptions}, then deferrability. A primary key
     * or unique constraint without columns is left out, as SQLAlchemy leaves it out: {@code
     * PRIMARY KEY ()} is not SQL.
     */
    protected String constraintSpec(Constraint c) {
        if ((c instanceof PrimaryKeyConstraint || c instanceof UniqueConstraint) && c.columns().isEmpty()) {
            return null;
        }
        String prefix = c.name() == null ? "" : "CONSTRAINT " + constraintIdentifier(c) + " ";
        String body;
        if (c instanceof PrimaryKeyConstraint) {
            body = "PRIMARY KEY (" + columnNames(c.columns()) + ")";
        } else if (c instanceof UniqueConstraint) {
            body = "UNIQUE " + uniqueNulls((UniqueConstraint) c) + "(" + columnNames(c.columns()) + ")";
        } else if (c instanceof CheckConstraint ck) {
            body = "CHECK (" + ddlExpression(ck.condition()) + ")";
        } else if (c instanceof dev.retort.schema.ExcludeConstraint) {
            throw new CompileException(dialect.name() + " has no EXCLUDE constraint (PostgreSQL only): " + c);
        } else {
            return null;
        }
        return prefix + body + constraintOptions(c) + deferrability(c) + constraintSuffix(c);
    }

    /** What a dialect writes between UNIQUE and a unique constraint's columns, with a space after (PostgreSQL's NULLS NOT DISTINCT). */
    protected String uniqueNulls(UniqueConstraint c) {
        return "";
    }

    /** What a dialect writes after a constraint's deferrability (PostgreSQL's NOT VALID). */
    protected String constraintSuffix(Constraint c) {
        return "";
    }

    /** What a dialect writes between a constraint's body and its deferrability (PostgreSQL's INCLUDE). */
    protected String constraintOptions(Constraint c) {
        return "";
    }

    /**
     * {@code [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]} as the constraint says; its words
     * were checked when set ({@link Constraint#initially}).
     */
    protected String deferrability(Constraint c) {
        String out = c.deferrable() == null ? "" : c.deferrable() ? " DEFERRABLE" : " NOT DEFERRABLE";
        return c.initially() == null ? out : out + " INITIALLY " + c.initially();
    }

    /** {@code " MATCH FULL"} and the like for a foreign key with a MATCH kind (checked when set), else "". */
    protected String foreignKeyMatch(ForeignKeyConstraint f) {
        return f.match() == null ? "" : " MATCH " + f.match();
    }

    /** Whether CREATE TABLE declares a foreign key from {@code local} to {@code remote}. */
    protected boolean rendersForeignKey(Table local, TableClause remote) {
        return true;
    }

    /** The referenced table after REFERENCES. */
    protected String referencedTableName(TableClause remote) {
        return tableName(remote);
    }

    /** A foreign key of {@code constraint} (null for a column's own foreign key) over {@code fks}. */
    private String foreignKeySpec(ForeignKeyConstraint constraint, List<ForeignKey> fks) {
        // a column's foreign key is named by the "fk" naming convention only
        String conventional = constraint == null ? fks.get(0).conventionalName() : null;
        String name = constraint == null ? conventional == null ? null : quote(shortened(conventional))
                : constraint.name() == null ? null : constraintIdentifier(constraint);
        StringJoiner cols = new StringJoiner(", ");
        StringJoiner refs = new StringJoiner(", ");
        for (ForeignKey fk : fks) {
            cols.add(columnName(fk.parent()));
            refs.add(columnName(fk.column()));
        }
        ForeignKey first = fks.get(0);
        StringBuilder sb = new StringBuilder(name == null ? "" : "CONSTRAINT " + name + " ");
        sb.append("FOREIGN KEY(").append(cols).append(") REFERENCES ").append(referencedTableName(first.column().table())).append(" (").append(refs).append(")");
        if (constraint != null) {
            sb.append(foreignKeyMatch(constraint));
        }
        if (first.onDelete() != null) {
            sb.append(" ON DELETE ").append(referentialAction(first.onDelete(), true));
        }
        if (first.onUpdate() != null) {
            sb.append(" ON UPDATE ").append(referentialAction(first.onUpdate(), false));
        }
        if (constraint != null) {
            sb.append(deferrability(constraint)).append(constraintSuffix(constraint));
        }
        return sb.toString();
    }

    /**
     * An ON DELETE / ON UPDATE action, which is a keyword and not SQL: anything else would go into
     * the DDL as written (a model file's {@code "CASCADE; DROP TABLE p"}), so it is refused, as
     * SQLAlchemy's compiler does.
     */
    protected String referentialAction(String action, boolean onDelete) {
        if (!ForeignKey.isReferentialAction(action)) {
            throw new CompileException("Unexpected SQL phrase '" + action + "' as a foreign key's ON DELETE / ON UPDATE action "
                    + "(expected RESTRICT, CASCADE, SET NULL, NO ACTION or SET DEFAULT)");
        }
        return action;
    }

    /** Column names, quoted where needed, separated by commas. */
    protected String columnNames(List<Column<?>> cols) {
        StringJoiner j = new StringJoiner(", ");
        for (Column<?> c : cols) {
            j.add(columnName(c));
        }
        return j.toString();
    }

    // ---- ALTER TABLE (schema changes: dev.retort.schema.SchemaChange) ----------------------

    /** {@code ALTER TABLE t ADD CONSTRAINT name FOREIGN KEY(...) REFERENCES ...}, or a unique, check or primary key constraint. */
    public String visitAddConstraint(dev.retort.schema.AddConstraint ac) {
        Constraint c = ac.constraint();
        String spec = c == null ? foreignKeySpec(null, List.of(ac.foreignKey()))
                : c instanceof ForeignKeyConstraint f ? foreignKeySpec(f, f.elements()) : constraintSpec(c);
        if (spec == null) {
            throw new CompileException("Cannot add constraint " + (c.name() == null ? "" : c.name() + " ")
                    + "to table " + ac.table().name() + ": it has no columns");
        }
        return "ALTER TABLE " + tableName(ac.table()) + " ADD " + spec;
    }

    /** {@code ALTER TABLE t DROP CONSTRAINT [IF EXISTS] name [CASCADE]}. */
    public String visitDropConstraint(dev.retort.schema.DropConstraint dc) {
        return "ALTER TABLE " + tableName(dc.table()) + " DROP CONSTRAINT " + (dc.isIfExists() ? "IF EXISTS " : "")
                + constraintIdentifier(dc.constraint()) + (dc.isCascade() ? " CASCADE" : "");
    }

    /** {@code ALTER TABLE t ADD COLUMN <column as CREATE TABLE writes it>}. */
    public String visitAddColumn(dev.retort.schema.AddColumn ac) {
        return "ALTER TABLE " + tableName(ac.table()) + " ADD COLUMN " + columnSpec(ac.column());
    }

    /** {@code ALTER TABLE t DROP COLUMN c}. */
    public String visitDropColumn(dev.retort.schema.DropColumn dc) {
        return "ALTER TABLE " + tableName(dc.table()) + " DROP COLUMN " + columnName(dc.column());
    }

    /** {@code ALTER TABLE t ALTER COLUMN c TYPE x, ALTER COLUMN c SET NOT NULL, ALTER COLUMN c SET DEFAULT y}: each change on its own. */
    public String visitAlterColumn(dev.retort.schema.AlterColumn ac) {
        Column<?> c = ac.column();
        String alter = "ALTER COLUMN " + columnName(c);
        StringJoiner actions = new StringJoiner(", ", "ALTER TABLE " + tableName(ac.table()) + " ", "");
        for (dev.retort.schema.AlterColumn.Change change : ac.changes()) {
            switch (change) {
                case TYPE -> actions.add(alter + " TYPE " + columnType(c));
                case NULLABLE -> actions.add(alter + (c.isNullable() ? " DROP NOT NULL" : " SET NOT NULL"));
                case DEFAULT -> actions.add(alter + (c.serverDefault() == null ? " DROP DEFAULT" : " SET DEFAULT " + defaultText(c)));
            }
        }
        return actions.toString();
    }

    /** {@code ALTER TABLE t RENAME COLUMN a TO b}. */
    public String visitRenameColumn(dev.retort.schema.RenameColumn rc) {
        return "ALTER TABLE " + tableName(rc.table()) + " RENAME COLUMN " + columnName(rc.column()) + " TO " + quote(rc.newName());
    }

    /** {@code ALTER TABLE a RENAME TO b}. */
    public String visitRenameTable(dev.retort.schema.RenameTable rt) {
        return "ALTER TABLE " + tableName(rt.table()) + " RENAME TO " + quote(rt.newName());
    }

    /** {@code COMMENT ON TABLE t IS '...'} ({@code IS NULL} to remove it). */
    public String visitSetTableComment(dev.retort.schema.SetTableComment sc) {
        return "COMMENT ON TABLE " + tableName(sc.table()) + " IS " + commentLiteral(sc.table().comment());
    }

    /** {@code COMMENT ON COLUMN t.c IS '...'} ({@code IS NULL} to remove it). */
    public String visitSetColumnComment(dev.retort.schema.SetColumnComment sc) {
        return "COMMENT ON COLUMN " + tableName(sc.table()) + "." + columnName(sc.column()) + " IS " + commentLiteral(sc.column().comment());
    }

    /** A comment as a string literal, or NULL. */
    protected String commentLiteral(String comment) {
        return comment == null ? "NULL" : dialect.renderLiteral(dev.retort.types.TypeKind.STRING, comment);
    }

    // ---- end of ALTER TABLE ------------------------------------------------------------------

    public String visitDropTable(DropTable d) {
        return "DROP TABLE " + (d.isIfExists() ? "IF EXISTS " : "") + tableName(d.table());
    }

    /**
     * {@code CREATE [OR REPLACE] [TEMPORARY] [MATERIALIZED] VIEW [IF NOT EXISTS] name [options] AS query},
     * in SQLAlchemy 2.1.1's order; options the database lacks are refused ({@link #checkViewOptions}).
     */
    public String visitCreateView(dev.retort.schema.CreateView cv) {
        checkViewOptions(cv.isTemporary(), cv.isOrReplace(), cv.isMaterialized());
        return tableViaSelect(cv, cv.isMaterialized() ? "MATERIALIZED VIEW" : "VIEW", cv.isOrReplace(), viewIfNotExists(cv), createViewOptions(cv));
    }

    /** {@code CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name AS query}. */
    public String visitCreateTableAs(dev.retort.schema.CreateTableAs ct) {
        return tableViaSelect(ct, "TABLE", false, ct.isIfNotExists(), "");
    }

    /** The words of CREATE ... AS query, present ones joined by spaces; the query with its values inline (DDL takes no parameters). */
    private String tableViaSelect(dev.retort.schema.TableViaSelect<?> s, String what, boolean orReplace, boolean ifNotExists, String options) {
        StringJoiner parts = new StringJoiner(" ");
        parts.add("CREATE");
        if (orReplace) {
            parts.add("OR REPLACE");
        }
        if (s.isTemporary()) {
            parts.add("TEMPORARY");
        }
        parts.add(what);
        if (ifNotExists) {
            parts.add("IF NOT EXISTS");
        }
        parts.add(tableName(s.table()));
        if (!options.isEmpty()) {
            parts.add(options);
        }
        parts.add("AS");
        if (s.query() == null) {
            return parts.add(s.table().viewDefinition()).toString();
        }
        return parts.add(inline(s.query(), false)).toString();
    }

    /**
     * Refuses, with a {@link CompileException} naming it, a kind of view the database cannot
     * create or drop; the default dialect writes them all, as SQLAlchemy's does.
     */
    protected void checkViewOptions(boolean temporary, boolean orReplace, boolean materialized) {
    }

    /** The refusal {@link #checkViewOptions} raises. */
    protected final CompileException unsupportedView(String what) {
        return new CompileException(dialect.name() + " has no " + what);
    }

    /** Whether CREATE VIEW writes IF NOT EXISTS (SQLite's {@code sqlite_if_not_exists}). */
    protected boolean viewIfNotExists(dev.retort.schema.CreateView cv) {
        return false;
    }

    /** What follows the view's name (PostgreSQL's {@code WITH (...)}), or "". */
    protected String createViewOptions(dev.retort.schema.CreateView cv) {
        return "";
    }

    // ---- sequences ------------------------------------------------------------------------

    /** {@code CREATE SEQUENCE [IF NOT EXISTS] name [AS type] [options]}. */
    public String visitCreateSequence(dev.retort.schema.CreateSequence cs) {
        dev.retort.schema.Sequence s = cs.sequence();
        String options = identityOptions(s.increment(), s.start(), s.minValue(), s.maxValue(), s.noMinValue(), s.noMaxValue(), s.cache(), s.cycle());
        return "CREATE SEQUENCE " + (cs.isIfNotExists() ? "IF NOT EXISTS " : "") + sequenceName(s.schema(), s.name())
                + sequenceDataType(s) + (options.isEmpty() ? "" : " " + options);
    }

    /** {@code ALTER SEQUENCE name [AS type] options}: the options CREATE SEQUENCE takes, where both databases with sequences take them. */
    public String visitAlterSequence(dev.retort.schema.AlterSequence as) {
        dev.retort.schema.Sequence s = as.sequence();
        if (!dialect.supportsSequences()) {
            throw new CompileException("Dialect '" + dialect.name() + "' has no sequences (ALTER SEQUENCE " + sequenceName(s.schema(), s.name()) + ")");
        }
        String options = identityOptions(s.increment(), s.start(), s.minValue(), s.maxValue(), s.noMinValue(), s.noMaxValue(), s.cache(), s.cycle());
        return "ALTER SEQUENCE " + sequenceName(s.schema(), s.name()) + sequenceDataType(s) + (options.isEmpty() ? "" : " " + options);
    }

    /** {@code AS type} after the sequence's name; only PostgreSQL writes it. */
    protected String sequenceDataType(dev.retort.schema.Sequence s) {
        return "";
    }

    /** {@code DROP SEQUENCE [IF EXISTS] name}. */
    public String visitDropSequence(dev.retort.schema.DropSequence ds) {
        dev.retort.schema.Sequence s = ds.sequence();
        return "DROP SEQUENCE " + (ds.isIfExists() ? "IF EXISTS " : "") + sequenceName(s.schema(), s.name());
    }

    public String visitCreateSchema(dev.retort.schema.CreateSchema cs) {
        checkSchemas("CREATE SCHEMA");
        return "CREATE SCHEMA " + (cs.isIfNotExists() ? "IF NOT EXISTS " : "") + quote(cs.name());
    }

    public String visitDropSchema(dev.retort.schema.DropSchema ds) {
        checkSchemas("DROP SCHEMA");
        return "DROP SCHEMA " + (ds.isIfExists() ? "IF EXISTS " : "") + quote(ds.name()) + (ds.isCascade() ? " CASCADE" : "");
    }

    /** Refuses CREATE / DROP SCHEMA where the database has no schemas to create (SQLite attaches databases instead). */
    protected void checkSchemas(String statement) {
    }

    /** A sequence's name, schema-qualified when it has a schema. */
    protected String sequenceName(String schema, String name) {
        String effective = schemaTranslate == null ? schema : schemaTranslate.schemaFor(schema);
        return effective == null ? quote(name) : quote(effective) + "." + quote(name);
    }

    /** A sequence's next value; a database without sequences refuses it, as SQLAlchemy does. */
    public String visitNextValue(dev.retort.sql.NextValue<?> nv) {
        throw new CompileException("Dialect '" + dialect.name() + "' does not support sequence increments (next value of sequence "
                + sequenceName(nv.sequenceSchema(), nv.sequenceName()) + ")");
    }

    /** {@code CREATE TYPE name AS ENUM (...)}: PostgreSQL's only; other databases have no enum types of their own. */
    public String visitCreateEnumType(dev.retort.schema.CreateEnumType ct) {
        throw noEnumTypes(ct.type());
    }

    /** {@code DROP TYPE name}: PostgreSQL's only. */
    public String visitDropEnumType(dev.retort.schema.DropEnumType dt) {
        throw noEnumTypes(dt.type());
    }

    /** {@code CREATE DOMAIN}: PostgreSQL's only. */
    public String visitCreateDomainType(dev.retort.schema.CreateDomainType cd) {
        throw noDomains(cd.type());
    }

    /** {@code DROP DOMAIN}: PostgreSQL's only. */
    public String visitDropDomainType(dev.retort.schema.DropDomainType dd) {
        throw noDomains(dd.type());
    }

    private CompileException noDomains(dev.retort.types.DomainType<?> type) {
        return new CompileException(dialect.name() + " has no domains (CREATE/DROP DOMAIN " + type.name()
                + "); there a domain's column is its base type");
    }

    private CompileException noEnumTypes(dev.retort.types.EnumType<?> type) {
        return new CompileException(dialect.name() + " has no enum types of its own (CREATE/DROP TYPE " + type.name()
                + "); there an enum is a column type, created with its table");
    }

    /** {@code DROP [MATERIALIZED] VIEW [IF EXISTS] name}. */
    public String visitDropView(dev.retort.schema.DropView dv) {
        checkViewOptions(false, false, dv.isMaterialized());
        return "DROP " + (dv.isMaterialized() ? "MATERIALIZED VIEW " : "VIEW ") + (dv.isIfExists() ? "IF EXISTS " : "") + tableName(dv.table());
    }

    /**
     * {@code CREATE [UNIQUE] <indexKeyword> name ON table<indexMethod> (<indexElement>, ...)<indexOptions>}:
     * each dialect fills in the parts its options change.
     */
    public String visitCreateIndex(CreateIndex ci) {
        Index ix = ci.index();
        StringJoiner elements = new StringJoiner(", ");
        for (ColumnElement<?> e : ix.expressions()) {
            elements.add(indexElement(ix, e));
        }
        return "CREATE " + (ix.isUnique() ? "UNIQUE " : "") + indexKeyword(ix) + " " + (ci.isIfNotExists() ? "IF NOT EXISTS " : "")
                + indexOn(ix) + indexMethod(ix) + " (" + elements + ")" + indexOptions(ix);
    }

    /** {@code name ON table} of CREATE INDEX: the table schema-qualified. */
    protected String indexOn(Index ix) {
        return indexIdentifier(ix) + " ON " + tableName(ix.table());
    }

    /** The words between {@code CREATE [UNIQUE]} and the index name. */
    protected String indexKeyword(Index ix) {
        return "INDEX";
    }

    /** Text between the table and the parenthesised elements (an access method). */
    protected String indexMethod(Index ix) {
        return "";
    }

    /** One indexed column or expression. */
    protected String indexElement(Index ix, ColumnElement<?> element) {
        return ddlExpression(element);
    }

    /** Text after the parenthesised elements. */
    protected String indexOptions(Index ix) {
        return "";
    }

    /** {@code " WHERE <condition>"} for an index with this dialect's {@code where} option (a partial index), else "". */
    protected String partialIndexWhere(Index ix) {
        ClauseElement where = option(ix, "where", ClauseElement.class);
        return where == null ? "" : " WHERE " + ddlExpression(where);
    }

    public String visitDropIndex(DropIndex di) {
        return "DROP INDEX " + (di.isIfExists() ? "IF EXISTS " : "") + indexName(di.index());
    }

    /** The index name as DROP INDEX writes it: qualified by the table's schema. */
    protected String indexName(Index ix) {
        return effectiveSchema(ix.table()) == null ? indexIdentifier(ix) : schemaName(ix.table()) + "." + indexIdentifier(ix);
    }

    /**
     * The index's name, quoted as needed; a generated name ({@link Index#isNameGenerated()})
     * longer than {@link Dialect#maxIdentifierLength()} is cut to leave room for {@code _} and the last
     * four hex digits of its MD5, as SQLAlchemy shortens its naming convention's names.
     */
    protected String indexIdentifier(Index ix) {
        return quote(ix.isNameGenerated() ? shortened(ix.name()) : ix.name());
    }

    /**
     * A constraint's name, quoted as needed; a naming convention's name longer than {@link
     * Dialect#maxIdentifierLength()} shortened as {@link #indexIdentifier} shortens one.
     */
    protected String constraintIdentifier(Constraint c) {
        return quote(c.isNameGenerated() ? shortened(c.name()) : c.name());
    }

    /** {@code name} cut to leave room for {@code _} and the last four hex digits of its MD5 where longer than the dialect allows. */
    private String shortened(String name) {
        return dev.retort.schema.NamingConvention.shortened(name, dialect().maxIdentifierLength());
    }

    /**
     * An expression inside DDL (CHECK, index elements, a partial index's WHERE): values inline,
     * as DDL has no parameters, and columns without their table, which a partial index's WHERE
     * does not allow; SQLAlchemy's {@code include_table=False, literal_binds=True}.
     */
    protected String ddlExpression(ClauseElement e) {
        // Unqualified, whether a Table's column or a lightweight table's (an upsert's conflict target)
        return inline(e, true);
    }

    /** {@code e} with its values inline, its columns {@code bare} (unqualified) or as usual. */
    protected String inline(ClauseElement e, boolean bare) {
        Set<CompileOption> saved = options;
        boolean savedBare = bareColumns;
        options = EnumSet.of(CompileOption.LITERAL_BINDS);
        bareColumns = bare;
        try {
            return process(e);
        } finally {
            options = saved;
            bareColumns = savedBare;
        }
    }

    /**
     * The value of one of this dialect's options on a construct (what was set, else the
     * declared default); MariaDB's compiler also looks at the {@code mysql_} spelling.
     */
    protected Object option(DialectKwArgs<?> construct, String argument) {
        return construct.dialectOption(dialect.name(), argument);
    }

    /** {@link #option(DialectKwArgs, String)}, which must be null or a {@code type}. */
    protected <T> T option(DialectKwArgs<?> construct, String argument, Class<T> type) {
        Object v = option(construct, argument);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        throw badOption(construct, argument, "must be a " + type.getSimpleName() + ", got " + v.getClass().getSimpleName() + " '" + v + "'");
    }

    /**
     * An option that DDL writes as a bare word (an engine, a method, a collation): null when
     * unset, else its text, which must be letters, digits, {@code _ $ .} only, since it is not
     * quoted.
     */
    protected String optionWord(DialectKwArgs<?> construct, String argument) {
        Object v = option(construct, argument);
        return v == null ? null : sqlWord(construct, argument, v);
    }

    /** {@code value} as a bare SQL word, checked as {@link #optionWord} describes. */
    protected String sqlWord(DialectKwArgs<?> construct, String argument, Object value) {
        String text = value.toString();
        if (!SQL_WORD.matcher(text).matches()) {
            throw badOption(construct, argument, "must be a single word of letters, digits, _, $ or ., got '" + text + "'");
        }
        return text;
    }

    /**
     * What a partitioning option ({@code postgresql_partition_by}, {@code mysql_partition_by}) may
     * hold: a method and a parenthesised list of columns or simple expressions, such as
     * {@code RANGE (created)}, {@code KEY(a, b)} or {@code HASH(YEAR(d) % 4)}, nothing after the
     * list: no string quotes,
     * semicolons or comments (quoted identifiers only in pairs), so the option cannot carry a
     * statement of its own.
     */
    private static final Pattern PARTITION_SPEC = Pattern.compile(
            "(?i)(LINEAR\\s+)?(RANGE|LIST|HASH|KEY)(\\s+COLUMNS)?\\s*\\([\\w$\\s,.`\"()+*%-]*\\)");

    /**
     * A partitioning option's text, checked against {@link #PARTITION_SPEC} (with balanced
     * parentheses), or null when unset.
     */
    protected String partitionSpec(DialectKwArgs<?> construct, String argument) {
        Object v = option(construct, argument);
        if (v == null) {
            return null;
        }
        String text = v.toString().trim();
        int depth = 0;
        // The method's list must close at the very end: MySQL would take "HASH(id) SELECT ... WHERE (1)" as CREATE TABLE ... SELECT.
        boolean closedEarly = false;
        for (int i = 0; i < text.length() && depth >= 0; i++) {
            char ch = text.charAt(i);
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            closedEarly |= depth == 0 && ch == ')' && i < text.length() - 1;
        }
        boolean paired = text.chars().filter(ch -> ch == '"').count() % 2 == 0 && text.chars().filter(ch -> ch == '`').count() % 2 == 0;
        if (depth != 0 || closedEarly || !paired || text.contains("--") || !PARTITION_SPEC.matcher(text).matches()) {
            throw badOption(construct, argument, "must be RANGE, LIST, HASH or KEY and a parenthesised list of columns or expressions"
                    + " (no quotes, semicolons or comments), got '" + text + "'");
        }
        return text;
    }

    /** A {@link CompileException} for an option's value, naming the option, the dialect and the construct. */
    protected CompileException badOption(DialectKwArgs<?> construct, String argument, String problem) {
        return new CompileException("Option '" + argument + "' of dialect '" + dialect.name() + "' on " + DialectKwArgs.describe(construct) + " " + problem);
    }

    // ---- result description ---------------------------------------------------------------

    /**
     * The name the database gives a result column: its label as the columns clause rendered it
     * (a generated one cut to the label length), a subquery column's name as referenced, or the
     * column's own name.
     */
    private String resultName(SelectColumn sc) {
        Object name = sc.exportedName();
        ColumnElement<?> c = sc.column();
        if (!(name instanceof String s)) {
            return generated(NameKind.COLUMN, name);
        }
        if (c instanceof Label<?>) {
            return s;
        }
        boolean generated = c instanceof ColumnProxy<?> p ? sc.required() != null || generatedName(p)
                : (sc.required() != null || sc.fallback() != null) && !(c instanceof ColumnClause<?> cc && cc.table() == null);
        return generated ? generated(NameKind.COLUMN, s) : s;
    }

    private List<Compiled.ResultColumn> resultColumns(ClauseElement statement) {
        List<SelectColumn> cols;
        if (statement instanceof SelectBase s) {
            cols = s.selectColumns();
        } else if (statement instanceof DmlStatement d && !returningOf(d).isEmpty()) {
            cols = Select.labelColumns(returningOf(d));
        } else {
            return List.of();
        }
        List<Compiled.ResultColumn> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            SelectColumn sc = cols.get(i);
            String text = resultName(sc);
            TypeEngine<?> type = statement instanceof CompoundSelect c ? c.columnType(i) : sc.column().type();
            out.add(new Compiled.ResultColumn(text, type));
        }
        return out;
    }
}
