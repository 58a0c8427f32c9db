package dev.retort.sql;

import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named FROM clause over another: {@code users AS u}, or a subquery
 * {@code (SELECT ...) AS totals}. Its columns are proxies of the element's columns; a nameless
 * alias is named at compile time ({@code anon_1}).
 */
public class Alias extends FromClause {
    static final Traversal<Alias> TRAVERSAL = Traversal.of("alias",
            a -> new Alias((ClauseElement) a[0], (String) a[1]),
            Attr.clause("element", Alias::element),
            Attr.struct("name", Alias::name));

    /** What one exported column is called and where it comes from. */
    /** A column a FROM exports: its key, rendered name, source and position among the source's columns. */
    record Exported(String key, Object label, ColumnElement<?> origin, int position) {
    }

    private final ClauseElement element;
    private final String name;
    private volatile List<ColumnProxy<?>> proxies;
    private volatile List<Exported> exported;

    Alias(ClauseElement element, String name) {
        // A data-modifying statement with RETURNING is a CTE's body only (PostgreSQL's WITH u AS (UPDATE ... RETURNING ...)).
        if (!(element instanceof FromClause) && !(element instanceof SelectBase) && !(element instanceof DmlStatement && this instanceof CTE)
                && !(element instanceof FunctionCall<?> && this instanceof TableValuedAlias)) {
            throw new dev.retort.exc.ArgumentException("Only a FROM clause or a SELECT can be aliased, not " + element.getClass().getSimpleName());
        }
        this.element = element;
        this.name = Identifiers.check(name, "alias");
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.visitAlias(this);
    }

    /** The aliased table or statement. */
    public ClauseElement element() {
        return element;
    }

    /** The alias name, or null when it is named at compile time. */
    @Override
    public String name() {
        return name;
    }

    /**
     * The name the compiler renders: the given one, or an anonymous one numbered after the
     * aliased table, named alias or named VALUES ({@code users_1}), else {@code anon_1}, as SQLAlchemy names them.
     */
    public Object renderedName() {
        if (name != null) {
            return name;
        }
        // An alias of a CTE is anon_N in SQLAlchemy, not named after the CTE.
        String seed = element instanceof TableClause t ? t.name() : element instanceof Alias a && !(a instanceof CTE) ? a.name()
                : element instanceof Values v ? v.anonSeed() : null;
        return new LabelName(this, 0, seed != null ? seed : "anon");
    }

    List<Exported> exported() {
        List<Exported> e = exported;
        if (e == null) {
            List<Exported> out = new ArrayList<>();
            if (element instanceof SelectBase || element instanceof DmlStatement) {
                // A key taken by an earlier column gets a numbered one (id, id_1, ...), as SQLAlchemy's .c does.
                java.util.Set<String> taken = new java.util.HashSet<>();
                java.util.Map<String, Integer> counters = new java.util.HashMap<>();
                // A repeated column is exported under its first occurrence's name, as SQLAlchemy's .c does: its
                // deduplicating label (x__1) only holds the place and the values are the same.
                java.util.Map<ColumnElement<?>, Object> first = new java.util.IdentityHashMap<>();
                List<SelectColumn> selected = element instanceof SelectBase s ? s.selectColumns()
                        : Select.labelColumns(((DmlStatement) element).returningColumns());
                for (int i = 0; i < selected.size(); i++) {
                    SelectColumn sc = selected.get(i);
                    if (sc.column() instanceof TextClause) {
                        continue; // text in a columns clause names no column a subquery could export
                    }
                    Object label = !sc.repeated() ? sc.exportedName() : first.containsKey(sc.column()) ? first.get(sc.column())
                            : ownName(sc.column()) != null ? ownName(sc.column()) : sc.exportedName();
                    first.putIfAbsent(sc.column(), label);
                    String key = label instanceof String str ? str : sc.column().nonAnonLabel() != null ? sc.column().nonAnonLabel() : QualifiedLabel.seedOf(label);
                    while (!taken.add(key)) {
                        key = baseKey(sc, label) + "_" + counters.merge(baseKey(sc, label), 1, Integer::sum);
                    }
                    out.add(new Exported(key, label, sc.column(), i));
                }
            } else {
                FromClause f = (FromClause) element;
                for (ColumnElement<?> c : f.columns()) {
                    // A column of an aliased subquery or CTE keeps the name it has there, an anonymous one included
                    // (an alias of a CTE reads the CTE's sub_part_1, not a name numbered anew).
                    Object label = c instanceof ColumnClause<?> cc ? cc.name() : c instanceof ColumnProxy<?> p ? p.label() : c.nonAnonLabel();
                    out.add(new Exported(f.keyOf(c), label != null ? label : new LabelName(c, 0, c.anonPrefix()), c, out.size()));
                }
            }
            e = Collections.unmodifiableList(out);
            exported = e;
        }
        return e;
    }

    /**
     * The name SQLAlchemy gives a repeated column's proxy whatever its deduplicating label: a named column's own, a CAST's
     * or type_coerce's of the column it wraps ({@code CAST(t.id AS VARCHAR) AS id__1} is exported as {@code id}); null for others.
     */
    private static String ownName(ColumnElement<?> c) {
        return c instanceof WrapsColumnExpression w ? w.wrappedColumnExpression().nonAnonLabel() : c.isNamedColumn() ? c.nonAnonLabel() : null;
    }

    private static String baseKey(SelectColumn sc, Object label) {
        String n = sc.column().nonAnonLabel();
        return n != null ? n : QualifiedLabel.seedOf(label);
    }

    @Override
    public List<ColumnProxy<?>> columns() {
        List<ColumnProxy<?>> p = proxies;
        if (p == null) {
            List<ColumnProxy<?>> out = new ArrayList<>();
            for (int i = 0; i < exported().size(); i++) {
                out.add(new ColumnProxy<>(this, i));
            }
            p = Collections.unmodifiableList(out);
            proxies = p;
        }
        return p;
    }

    @Override
    protected String keyOf(ColumnElement<?> column) {
        return column instanceof ColumnProxy<?> p && p.parent() == this ? p.key() : super.keyOf(column);
    }

    @Override
    public List<ForeignKeyPair> foreignKeys() {
        List<ForeignKeyPair> out = new ArrayList<>();
        for (ColumnProxy<?> p : columns()) {
            for (FromClause f : p.origin().fromObjects()) {
                for (ForeignKeyPair fk : f.foreignKeys()) {
                    if (fk.parent() == p.origin()) {
                        out.add(new ForeignKeyPair(p, fk.referent()));
                    }
                }
            }
        }
        return out;
    }

    @Override
    protected String describe() {
        return name == null ? "anonymous subquery" : "'" + name + "'";
    }
}
