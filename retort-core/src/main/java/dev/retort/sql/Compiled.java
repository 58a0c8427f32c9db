package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement compiled for one dialect: its SQL and the parameters it binds. The text is a
 * template in which each parameter occurrence is a slot, so that an IN list expands to as many
 * placeholders as the values of the execution have, and a cached compiled form can be reused
 * with another statement's values.
 *
 * <pre>{@code
 * Compiled c = select(users).where(users.c("id").eq(5)).compile();
 * c.string();   // SELECT users.id, users.name FROM users WHERE users.id = :id_1
 * c.params();   // {id_1=5}
 * }</pre>
 */
public final class Compiled {
    /** Marks a slot in the template; never appears in SQL text Retort produces. */
    static final char MARK = '\u0000';

    /**
     * One parameter occurrence in the text. An expanding slot renders one placeholder per item;
     * with no items it renders {@code emptyForm} instead, which keeps the SQL valid. Each item's
     * placeholder is written between {@code itemBefore} and {@code itemAfter} (empty but for a
     * type's {@linkplain TypeEngine#bindExpression bind expression}: {@code lower(} and {@code )}).
     * A slot of a {@link BindParameter#isLiteralExecute() literal-execute} parameter renders its
     * value (each item of a list) as a literal instead of a placeholder. {@code listBefore} is
     * written before a list that has items only (SQLite's {@code VALUES} before rows), so that the
     * empty form stands alone, as SQLAlchemy expands it, cached or not. Its values bind through
     * {@code type}: the parameter's, or the type the compiler binds it through where it is stored
     * or compared ({@link dev.retort.dialect.SqlCompiler#boundType}).
     */
    public record Slot(String name, BindParameter<?> bind, boolean expanding, String emptyForm, List<TypeEngine<?>> rowTypes,
            String itemBefore, String itemAfter, String listBefore, TypeEngine<?> type) {
        /** A slot whose values bind through the parameter's type. */
        public Slot(String name, BindParameter<?> bind, boolean expanding, String emptyForm, List<TypeEngine<?>> rowTypes,
                String itemBefore, String itemAfter, String listBefore) {
            this(name, bind, expanding, emptyForm, rowTypes, itemBefore, itemAfter, listBefore, bind.type());
        }

        /** A slot of single values (not of rows compared with a tuple). */
        public Slot(String name, BindParameter<?> bind, boolean expanding, String emptyForm) {
            this(name, bind, expanding, emptyForm, null);
        }

        /** A slot whose items are written bare. */
        public Slot(String name, BindParameter<?> bind, boolean expanding, String emptyForm, List<TypeEngine<?>> rowTypes) {
            this(name, bind, expanding, emptyForm, rowTypes, "", "", "");
        }

        /** A slot of single values whose items are written between {@code itemBefore} and {@code itemAfter}. */
        public Slot(String name, BindParameter<?> bind, boolean expanding, String emptyForm, List<TypeEngine<?>> rowTypes,
                String itemBefore, String itemAfter) {
            this(name, bind, expanding, emptyForm, rowTypes, itemBefore, itemAfter, "");
        }

        /** Whether the value is written as a literal rather than sent. */
        public boolean inline() {
            return bind.isLiteralExecute();
        }
    }

    /**
     * An item of an expanding slot of rows (a tuple IN list) as its values, checked to be a
     * collection of {@code arity} values: the text of a cached length is reused, so a row of
     * another arity would misalign every later value.
     */
    public static Collection<?> row(Object item, int arity) {
        if (!(item instanceof Collection<?> row) || row.size() != arity) {
            throw new dev.retort.exc.ArgumentException("Each row of a tuple IN list needs " + arity + " values, got " + item);
        }
        return row;
    }

    /** A column of the rows a statement returns: its name and type (null when unknown). */
    public record ResultColumn(String name, TypeEngine<?> type) {
    }

    /** SQL ready for JDBC: the text, and the values and types of its {@code ?} placeholders. */
    public record BoundSql(String sql, List<Object> values, List<TypeEngine<?>> types) {
    }

    /**
     * Where each slot of a compiled form finds its value among the bind parameters of a cache
     * key: made once per cached compiled form by {@link #positionsIn}, then used for every
     * statement with an equal key. Immutable.
     */
    public static final class Positions {
        private final int[] ofSlot;
        private final int keySize;

        private Positions(int[] ofSlot, int keySize) {
            this.ofSlot = ofSlot;
            this.keySize = keySize;
        }
    }

    private final Dialect dialect;
    private final ClauseElement statement;
    private final String template;
    private final List<Slot> slots;
    private final Slot[] slotArray;
    private final List<ResultColumn> resultColumns;
    private final boolean returnsRows;
    /** The template cut at its slots: {@code texts[i]} precedes the slot {@code order[i]}; one more text ends it. */
    private final String[] texts;
    private final int[] order;
    /** Whether the text depends on the values: an IN list expands, or a value is written inline. */
    private final boolean expanding;
    /** Whether a value is written inline (then no text is reused between values). */
    private final boolean inline;
    /** The last text rendered for an expanding statement (see {@link #bindFrom}); immutable, replaced whole. */
    private volatile Expanded lastExpanded;
    /** The SQL when no slot expands (then it does not depend on the values), else null. */
    private final String plain;
    /** The types of the placeholders, in text order, when no slot expands. */
    private final List<TypeEngine<?>> plainTypes;

    /**
     * The slot index the compiler wrote between the marks at {@code pos} and {@code end}. A NUL the
     * statement's own text brought (raw SQL, a hint, a name, an inline literal) makes no index: no
     * database takes U+0000 in a statement, so that is refused rather than read as a placeholder.
     */
    private static int slotAt(String template, int pos, int end, int slots) {
        String digits = end < 0 ? "" : template.substring(pos + 1, end);
        if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(digits);
            if (i < slots) {
                return i;
            }
        }
        throw new dev.retort.exc.CompileException("The statement's SQL holds a NUL character (U+0000), which no database takes in a statement"
                + " (from raw SQL text, a hint or prefix, a name, or a literal rendered inline)");
    }

    /** Built by a compiler; see {@link dev.retort.dialect.SqlCompiler}. */
    public Compiled(Dialect dialect, ClauseElement statement, String template, List<Slot> slots, List<ResultColumn> resultColumns, boolean returnsRows) {
        this.dialect = dialect;
        this.statement = statement;
        this.template = template;
        this.slots = List.copyOf(slots);
        this.slotArray = this.slots.toArray(new Slot[0]);
        this.resultColumns = Collections.unmodifiableList(new ArrayList<>(resultColumns));
        this.returnsRows = returnsRows;
        List<String> cut = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int last = 0;
        int pos;
        while ((pos = template.indexOf(MARK, last)) >= 0) {
            int end = template.indexOf(MARK, pos + 1);
            cut.add(template.substring(last, pos));
            at.add(slotAt(template, pos, end, this.slots.size()));
            last = end + 1;
        }
        cut.add(template.substring(last));
        this.texts = cut.toArray(new String[0]);
        this.order = at.stream().mapToInt(Integer::intValue).toArray();
        this.inline = this.slots.stream().anyMatch(Slot::inline);
        this.expanding = inline || this.slots.stream().anyMatch(Slot::expanding);
        List<TypeEngine<?>> types = new ArrayList<>(order.length);
        for (int s : order) {
            types.add(slotArray[s].type());
        }
        this.plainTypes = expanding ? null : Collections.unmodifiableList(types);
        this.plain = expanding ? null : render(null, null, Map.of());
    }

    /** The dialect this was compiled for. */
    public Dialect dialect() {
        return dialect;
    }

    /** The statement this was compiled from. */
    public ClauseElement statement() {
        return statement;
    }

    /** The parameter slots, in the order they were compiled. */
    public List<Slot> slots() {
        return slots;
    }

    /** Whether executing this statement produces rows (SELECT, or DML with RETURNING). */
    public boolean returnsRows() {
        return returnsRows;
    }

    /** The columns of the rows, in order; empty when unknown (textual SQL). */
    public List<ResultColumn> resultColumns() {
        return resultColumns;
    }

    /**
     * The name of the parameter behind placeholder {@code i} (from 0, in text order), or null when
     * an IN list expands (then placeholders and parameters do not pair by position): what an error
     * binding that placeholder names.
     *
     * <pre>{@code
     * select(users.c("id")).where(users.c("id").eq(5)).compile().placeholderName(0);   // "id_1"
     * }</pre>
     */
    public String placeholderName(int i) {
        return expanding || i < 0 || i >= order.length ? null : slotArray[order[i]].name();
    }

    /** The SQL text with the statement's own values (IN lists expanded to their length). */
    public String string() {
        return plain != null ? plain : render(null, null, Map.of());
    }

    /**
     * The SQL text with an IN list written {@code __[POSTCOMPILE_name]} rather than expanded, so
     * that it is the same for every length (what SQLAlchemy's {@code str(statement)} shows).
     *
     * <pre>{@code
     * select(users).where(users.c("id").in(List.of(1, 2))).compile().templateString();
     * // SELECT users.id, users.name FROM users WHERE users.id IN (__[POSTCOMPILE_id_1])
     * }</pre>
     */
    public String templateString() {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        for (int i = 0; i < order.length; i++) {
            Slot s = slotArray[order[i]];
            sb.append(texts[i]);
            if (s.expanding() || s.inline()) {
                sb.append("__[POSTCOMPILE_").append(s.name()).append(']');
            } else {
                placeholder(sb, s.name(), 0);
            }
        }
        return sb.append(texts[order.length]).toString();
    }

    /**
     * The bound parameters by name, in order of appearance; IN lists as {@code name_1, name_2, ...};
     * literal-execute parameters, written into the text, are not among them.
     */
    public Map<String, Object> params() {
        return params(Map.of());
    }

    /** The parameters with some values replaced by name (non-anonymous binds only). */
    public Map<String, Object> params(Map<String, ?> overrides) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int s = 0; s < slotArray.length; s++) {
            Slot slot = slotArray[s];
            // a column default's parameter shows no value (SQLAlchemy's None): the execution asks the default for it
            Object v = slot.bind().value() instanceof dev.retort.schema.ColumnDefault && !overrides.containsKey(slot.name()) ? null
                    : value(s, null, null, overrides);
            if (slot.inline()) {
                continue;
            }
            if (slot.expanding()) {
                int i = 1;
                for (Object item : (Collection<?>) v) {
                    if (slot.rowTypes() == null) {
                        out.put(slot.name() + "_" + i++, item);
                        continue;
                    }
                    int j = 1;
                    for (Object x : row(item, slot.rowTypes().size())) {
                        out.put(slot.name() + "_" + i + "_" + j++, x);
                    }
                    i++;
                }
            } else {
                out.put(slot.name(), v);
            }
        }
        return out;
    }

    /**
     * The statement ready for JDBC with its own values, or with the values in {@code overrides}
     * (keyed by parameter name) taking their place.
     */
    public BoundSql bind(Map<String, ?> overrides) {
        return bindFrom(null, null, overrides);
    }

    /**
     * Where each parameter of this compiled form sits in {@code origin}, the cache key of the
     * statement it was compiled from: what {@link #bind(Positions, CacheKey, Map)} needs to take
     * the values of another statement with an equal key. A parameter that the compiler made
     * itself (an INSERT's column parameters) has no position and keeps its own value.
     *
     * <pre>{@code
     * Compiled c = first.compile(dialect);
     * Compiled.Positions p = c.positionsIn(first.cacheKey());          // once
     * c.bind(p, second.cacheKey(), Map.of());                           // second's values, no compiling
     * }</pre>
     */
    public Positions positionsIn(CacheKey origin) {
        Map<BindParameter<?>, Integer> index = new IdentityHashMap<>();
        List<BindParameter<?>> binds = origin.bindParams();
        for (int i = 0; i < binds.size(); i++) {
            index.putIfAbsent(binds.get(i), i);
        }
        int[] ofSlot = new int[slotArray.length];
        for (int s = 0; s < ofSlot.length; s++) {
            ofSlot[s] = index.getOrDefault(slotArray[s].bind(), -1);
        }
        return new Positions(ofSlot, binds.size());
    }

    /**
     * This compiled form bound with the values of another statement of the same shape:
     * {@code values} is that statement's cache key, equal to the key {@code positions} came
     * from. Nothing shared is modified, so threads may bind one compiled form concurrently.
     * Values in {@code overrides} still replace parameters by name.
     */
    public BoundSql bind(Positions positions, CacheKey values, Map<String, ?> overrides) {
        if (values.bindCount() != positions.keySize) {
            throw new IllegalArgumentException("The statement has " + values.bindCount() + " bind parameters where the compiled form's key has "
                    + positions.keySize + "; its cache key differs");
        }
        return bindFrom(positions.ofSlot, values, overrides);
    }

    private BoundSql bindFrom(int[] positions, CacheKey source, Map<String, ?> overrides) {
        if (!expanding) {
            Object[] values = new Object[order.length];
            for (int i = 0; i < order.length; i++) {
                values[i] = sent(value(order[i], positions, source, overrides));
            }
            return new BoundSql(plain, new FixedList<>(values, values.length), plainTypes);
        }
        // The text depends only on the sizes of the IN lists (unless a value is written inline): the last one rendered is reused.
        Expanded last = lastExpanded;
        if (!inline && last != null && last.types() != null) {
            BoundSql same = bindAsLast(last, positions, source, overrides);
            if (same != null) {
                return same;
            }
        }
        // Two passes: the values of the slots and how many placeholders they fill, then the
        // placeholders' values and types straight into arrays of that size.
        Object[] slotValues = new Object[order.length];
        boolean sameText = last != null;
        int total = 0;
        for (int i = 0; i < order.length; i++) {
            Slot slot = slotArray[order[i]];
            Object v = sent(value(order[i], positions, source, overrides));
            slotValues[i] = v;
            int size = slot.expanding() ? ((Collection<?>) v).size() : -1;
            sameText = sameText && !inline && last.sizes()[i] == size;
            total += slot.inline() ? 0 : size < 0 ? 1 : slot.rowTypes() == null ? size : size * slot.rowTypes().size();
        }
        Object[] values = new Object[total];
        TypeEngine<?>[] types = new TypeEngine<?>[total];
        int k = 0;
        for (int i = 0; i < order.length; i++) {
            Slot slot = slotArray[order[i]];
            if (slot.inline()) {
                continue;
            }
            if (!slot.expanding()) {
                values[k] = slotValues[i];
                types[k++] = slot.type();
            } else if (slot.rowTypes() == null) {
                for (Object item : (Collection<?>) slotValues[i]) {
                    values[k] = item;
                    types[k++] = slot.type();
                }
            } else {
                // each row's values, typed as its tuple's elements
                for (Object item : (Collection<?>) slotValues[i]) {
                    int j = 0;
                    for (Object x : row(item, slot.rowTypes().size())) {
                        TypeEngine<?> t = slot.rowTypes().get(j++);
                        values[k] = x;
                        types[k++] = t.kind() == dev.retort.types.TypeKind.NULL ? dev.retort.types.Types.forValue(x) : t;
                    }
                }
            }
        }
        String sql;
        List<TypeEngine<?>> typeList = new FixedList<>(types, total);
        if (sameText) {
            sql = last.sql();
        } else {
            int[] sizes = new int[order.length];
            boolean rows = false;
            for (int i = 0; i < order.length; i++) {
                Slot slot = slotArray[order[i]];
                sizes[i] = slot.expanding() ? ((Collection<?>) slotValues[i]).size() : -1;
                rows |= slot.rowTypes() != null;
            }
            sql = render(positions, source, overrides);
            lastExpanded = new Expanded(sizes, sql, rows ? null : typeList);
        }
        return new BoundSql(sql, new FixedList<>(values, total), typeList);
    }

    /**
     * An expanding statement's text for the IN-list sizes (-1: not an IN list) of its
     * placeholders, in text order, and their types when those follow from the sizes alone (no
     * IN list of tuples, whose untyped elements are typed by their values), else null.
     */
    private record Expanded(int[] sizes, String sql, List<TypeEngine<?>> types) {
    }

    /**
     * The statement bound in one pass when its IN lists have the sizes of {@code last}'s, whose
     * text and types it then shares; null when a size differs.
     */
    private BoundSql bindAsLast(Expanded last, int[] positions, CacheKey source, Map<String, ?> overrides) {
        Object[] values = new Object[last.types().size()];
        int k = 0;
        for (int i = 0; i < order.length; i++) {
            Object v = sent(value(order[i], positions, source, overrides));
            int size = last.sizes()[i];
            if (size < 0) {
                values[k++] = v;
            } else if (((Collection<?>) v).size() != size) {
                return null;
            } else if (v instanceof List<?> items && v instanceof java.util.RandomAccess) {
                for (int j = 0; j < size; j++) {
                    values[k++] = items.get(j);
                }
            } else {
                for (Object item : (Collection<?>) v) {
                    values[k++] = item;
                }
            }
        }
        return new BoundSql(last.sql(), new FixedList<>(values, values.length), last.types());
    }

    /** The value of slot {@code s}: an override by name, else from {@code source} at its position, else its own. */
    private Object value(int s, int[] positions, CacheKey source, Map<String, ?> overrides) {
        Slot slot = slotArray[s];
        // One look-up for a value given by name (an executemany's every value), a second only for a null.
        Object v = overrides.isEmpty() ? null : overrides.get(slot.name());
        if (v == null && (overrides.isEmpty() || !overrides.containsKey(slot.name()))) {
            if (!overrides.isEmpty() && !slot.bind().isUnique() && overrides.containsKey(slot.bind().key())) {
                // a name with characters the template escapes (has spaces → has_spaces) is also taken as given
                v = overrides.get(slot.bind().key());
            } else if (positions != null && positions[s] >= 0) {
                v = source.bindValue(positions[s]);
            } else {
                v = slot.bind().effectiveValue();
            }
        }

        if (slot.expanding() && !(v instanceof Collection<?>)) {
            throw new dev.retort.exc.ArgumentException("Parameter '" + slot.name() + "' expands an IN list and needs a collection, got " + v);
        }
        return v;
    }

    /**
     * The value sent for a slot's value {@code v}: a column's client-side default
     * ({@code Column.defaultValue}, {@code onUpdate}) is asked at each binding, so that a supplier
     * gives each row, and each execution of a cached form, its own value.
     */
    private static Object sent(Object v) {
        return v instanceof dev.retort.schema.ColumnDefault d ? d.value() : v;
    }

    private String render(int[] positions, CacheKey source, Map<String, ?> overrides) {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        for (int i = 0; i < order.length; i++) {
            sb.append(texts[i]);
            Slot s = slotArray[order[i]];
            // only a value written into the SQL is asked for here (a Supplier's is asked once, when bound)
            Object v = s.inline() || s.expanding() ? value(order[i], positions, source, overrides) : null;
            if (s.inline()) {
                literal(sb, s, v);
            } else if (s.expanding()) {
                Collection<?> items = (Collection<?>) v;
                sb.append(items.isEmpty() ? s.emptyForm() : s.listBefore());
                int n = 1;
                for (Object item : items) {
                    sb.append(n == 1 ? "" : ", ");
                    if (s.rowTypes() == null) {
                        sb.append(s.itemBefore());
                        placeholder(sb, s.name(), n++);
                        sb.append(s.itemAfter());
                    } else {
                        int arity = row(item, s.rowTypes().size()).size();
                        sb.append('(');
                        for (int j = 1; j <= arity; j++) {
                            sb.append(j == 1 ? "" : ", ");
                            placeholder(sb, s.name() + "_" + n, j);
                        }
                        sb.append(')');
                        n++;
                    }
                }
            } else {
                placeholder(sb, s.name(), 0);
            }
        }
        return sb.append(texts[order.length]).toString();
    }

    /** A literal-execute slot's value as SQL literals, or its empty form for an empty IN list. */
    private void literal(StringBuilder sb, Slot s, Object v) {
        boolean empty = s.expanding() && ((Collection<?>) v).isEmpty();
        sb.append(empty ? s.emptyForm() : s.listBefore() + literals(dialect, s.bind(), s.rowTypes(), v, s.itemBefore(), s.itemAfter()));
    }

    /**
     * A parameter's value as SQL literals of {@code dialect} (what {@code LITERAL_BINDS} and a
     * literal-execute parameter write): the value, or an IN list's items separated by commas, each
     * a row of {@code rowTypes} when that is not null, else written between {@code itemBefore} and
     * {@code itemAfter} (a type's bind expression). A type that is not known takes one from the value.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String literals(Dialect dialect, BindParameter<?> b, List<TypeEngine<?>> rowTypes, Object value, String itemBefore, String itemAfter) {
        if (!b.isExpanding()) {
            return literalOf(dialect, b.type(), value);
        }
        java.util.StringJoiner j = new java.util.StringJoiner(", ");
        for (Object item : (Collection<?>) value) {
            if (rowTypes == null) {
                j.add(itemBefore + literalOf(dialect, b.type(), item) + itemAfter);
                continue;
            }
            java.util.StringJoiner row = new java.util.StringJoiner(", ", "(", ")");
            int i = 0;
            for (Object x : row(item, rowTypes.size())) {
                row.add(literalOf(dialect, rowTypes.get(i++), x));
            }
            j.add(row.toString());
        }
        return j.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String literalOf(Dialect dialect, TypeEngine type, Object v) {
        if (v == null) {
            return "NULL";
        }
        TypeEngine t = type.kind() == dev.retort.types.TypeKind.NULL ? dev.retort.types.Types.forValue(v) : type;
        // The type converts neighbouring Java values itself, as it does when binding.
        return t.literal(v, dialect);
    }

    /** A placeholder: {@code ?}, or {@code :name} ({@code :name_item} for item {@code item > 0} of an IN list). */
    private void placeholder(StringBuilder sb, String name, int item) {
        if (dialect.positional()) {
            sb.append('?');
        } else {
            sb.append(':').append(name);
            if (item > 0) {
                sb.append('_').append(item);
            }
        }
    }

    @Override
    public String toString() {
        return string();
    }
}
