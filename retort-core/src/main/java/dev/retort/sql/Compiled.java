package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.types.TypeEngine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
     * with no items it renders {@code emptyForm} instead, which keeps the SQL valid.
     */
    public record Slot(String name, BindParameter<?> bind, boolean expanding, String emptyForm) {
    }

    /** A column of the rows a statement returns: its name and type (null when unknown). */
    public record ResultColumn(String name, TypeEngine<?> type) {
    }

    /** SQL ready for JDBC: the text, and the values and types of its {@code ?} placeholders. */
    public record BoundSql(String sql, List<Object> values, List<TypeEngine<?>> types) {
    }

    private final Dialect dialect;
    private final ClauseElement statement;
    private final String template;
    private final List<Slot> slots;
    private final List<ResultColumn> resultColumns;
    private final boolean returnsRows;
    private final String plain;

    /** Built by a compiler; see {@link dev.retort.dialect.SqlCompiler}. */
    public Compiled(Dialect dialect, ClauseElement statement, String template, List<Slot> slots, List<ResultColumn> resultColumns, boolean returnsRows) {
        this.dialect = dialect;
        this.statement = statement;
        this.template = template;
        this.slots = List.copyOf(slots);
        this.resultColumns = Collections.unmodifiableList(new ArrayList<>(resultColumns));
        this.returnsRows = returnsRows;
        this.plain = this.slots.stream().anyMatch(Slot::expanding) ? null : render(Map.of(), null);
    }

    /** The dialect this was compiled for. */
    public Dialect dialect() {
        return dialect;
    }

    /** The statement this was compiled from. */
    public ClauseElement statement() {
        return statement;
    }

    /** The parameter slots, in the order they appear in the text. */
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

    /** The SQL text with the statement's own values (IN lists expanded to their length). */
    public String string() {
        return plain != null ? plain : render(Map.of(), null);
    }

    /** The bound parameters by name, in order of appearance; IN lists as {@code name_1, name_2, ...}. */
    public Map<String, Object> params() {
        return params(Map.of());
    }

    /** The parameters with some values replaced by name (non-anonymous binds only). */
    public Map<String, Object> params(Map<String, ?> overrides) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Slot s : slots) {
            Object v = value(s, overrides);
            if (s.expanding()) {
                int i = 1;
                for (Object item : (Collection<?>) v) {
                    out.put(s.name() + "_" + i++, item);
                }
            } else {
                out.put(s.name(), v);
            }
        }
        return out;
    }

    /**
     * The statement ready for JDBC with its own values, or with the values in {@code overrides}
     * (keyed by parameter name) taking their place.
     */
    public BoundSql bind(Map<String, ?> overrides) {
        List<Object> values = new ArrayList<>();
        List<TypeEngine<?>> types = new ArrayList<>();
        String sql = render(overrides, new Object[] {values, types});
        return new BoundSql(sql, Collections.unmodifiableList(values), Collections.unmodifiableList(types));
    }

    private static Object value(Slot s, Map<String, ?> overrides) {
        Object v = overrides.containsKey(s.name()) ? overrides.get(s.name()) : s.bind().effectiveValue();
        if (s.expanding() && !(v instanceof Collection<?>)) {
            throw new dev.retort.exc.ArgumentException("Parameter '" + s.name() + "' expands an IN list and needs a collection, got " + v);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private String render(Map<String, ?> overrides, Object[] sink) {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        int last = 0;
        int pos;
        while ((pos = template.indexOf(MARK, last)) >= 0) {
            int end = template.indexOf(MARK, pos + 1);
            sb.append(template, last, pos);
            Slot s = slots.get(Integer.parseInt(template.substring(pos + 1, end)));
            Object v = value(s, overrides);
            if (s.expanding()) {
                Collection<?> items = (Collection<?>) v;
                if (items.isEmpty()) {
                    sb.append(s.emptyForm());
                }
                int i = 1;
                for (Object item : items) {
                    sb.append(i == 1 ? "" : ", ");
                    placeholder(sb, s.name() + "_" + i++, s, item, sink);
                }
            } else {
                placeholder(sb, s.name(), s, v, sink);
            }
            last = end + 1;
        }
        sb.append(template, last, template.length());
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private void placeholder(StringBuilder sb, String name, Slot s, Object v, Object[] sink) {
        if (dialect.positional()) {
            sb.append('?');
        } else {
            sb.append(':').append(name);
        }
        if (sink != null) {
            ((List<Object>) sink[0]).add(v);
            ((List<TypeEngine<?>>) sink[1]).add(s.bind().type());
        }
    }

    @Override
    public String toString() {
        return string();
    }
}
