package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.dialect.SqlCompiler;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The base of every SQL construct: an immutable node of an expression tree. A "modification"
 * ({@link #params}, {@link Select#where}, ...) returns a copy; untouched subtrees are shared.
 *
 * <pre>{@code
 * ClauseElement stmt = select(users).where(users.c("id").eq(5));
 * stmt.toString();                 // SELECT users.id, users.name FROM users WHERE users.id = :id_1
 * stmt.compile(Dialects.sqlite()); // ... WHERE users.id = ?
 * stmt.compare(other);             // structural equality, values included
 * }</pre>
 */
public abstract class ClauseElement {
    private CacheKey cacheKey;
    /** {@link #traversal()}, read once: the key walk asks every node, and a field read is no megamorphic call. */
    private Traversal<?> kind;

    protected ClauseElement() {
    }

    /** The declaration of this node's kind, which drives every generic operation. */
    protected abstract Traversal<?> traversal();

    /**
     * {@link #traversal()}, remembered: a node's kind never changes. Racy but safe: every
     * thread computes the same value, and declarations are published by their class's initialisation.
     */
    final Traversal<?> nodeKind() {
        Traversal<?> t = kind;
        if (t == null) {
            t = traversal();
            kind = t;
        }
        return t;
    }

    /**
     * {@link #nodeKind()} if it has been asked for, else null. Only ever null before this node's
     * first {@code nodeKind()} (no thread writes null), so a walk that finds null has not met
     * this node before.
     */
    final Traversal<?> knownKind() {
        return kind;
    }

    /** The declaration of this node's kind, for generic processing outside this package (serializers). */
    public final Traversal<?> declaration() {
        return traversal();
    }

    /** Renders this node with {@code compiler}; each kind calls its visit method. */
    public abstract String compileWith(SqlCompiler compiler);

    /** The immediate children of this node, for traversal. */
    public List<ClauseElement> getChildren() {
        return traversal().children(this);
    }

    /** Structural equality: same kinds, same structure, same literal values. */
    public boolean compare(ClauseElement other) {
        if (this == other) {
            return true;
        }
        if (other == null || other.traversal() != traversal()) {
            return false;
        }
        return traversal().compare(this, other);
    }

    static boolean compareNullable(ClauseElement a, ClauseElement b) {
        return a == null ? b == null : a.compare(b);
    }

    /**
     * A copy in which every node for which {@code replacer} returns non-null is replaced by
     * that result; other nodes are copied only where a descendant changed. A node reachable
     * twice is copied once, so shared nodes stay shared.
     */
    public ClauseElement replace(Function<ClauseElement, ClauseElement> replacer) {
        return replace(replacer, false);
    }

    /**
     * {@link #replace}, into {@link Attr#annotation annotations} too when {@code annotations}: for replacements of
     * values, which what made a statement must make again with it.
     */
    ClauseElement replace(Function<ClauseElement, ClauseElement> replacer, boolean annotations) {
        Map<ClauseElement, ClauseElement> memo = new IdentityHashMap<>();
        return replaceIn(this, replacer, memo, annotations, false);
    }

    /**
     * {@link #replace}, and every other node a new one (schema tables and columns stay themselves; a node reachable twice
     * is copied once), as SQLAlchemy's {@code cloned_traverse}: for an expression kept somewhere (a relationship's declared
     * join) and placed in statements, so that no two of them share its nodes, its bind parameters least of all. A cache
     * key tells shared nodes from equal ones (one parameter name, or two), and a statement loaded by the serializer shares
     * nothing with what is kept.
     *
     * <pre>{@code
     * ColumnElement<Boolean> on = (ColumnElement<Boolean>) declared.replaceCloned(n -> null);
     * on.cacheKey().equals(declared.cacheKey());     // true; no node of 'on' is one of 'declared'
     * }</pre>
     */
    public ClauseElement replaceCloned(Function<ClauseElement, ClauseElement> replacer) {
        return replaceIn(this, replacer, new IdentityHashMap<>(), false, true);
    }

    private static ClauseElement replaceIn(ClauseElement node, Function<ClauseElement, ClauseElement> replacer, Map<ClauseElement, ClauseElement> memo,
            boolean annotations, boolean cloned) {
        ClauseElement done = memo.get(node);
        if (done != null) {
            return done;
        }
        ClauseElement r = replacer.apply(node);
        if (r == null) {
            r = node.traversal().copy(node, c -> replaceIn(c, replacer, memo, annotations, cloned), annotations);
            if (r == node && cloned) {
                r = node.traversal().rebuilt(node);
            }
        }
        memo.put(node, r);
        return r;
    }

    /**
     * A copy with the values of named bind parameters replaced.
     *
     * <pre>{@code
     * column("x").add(bindparam("foo")).params(Map.of("foo", 7));
     * }</pre>
     */
    public ClauseElement params(Map<String, ?> values) {
        // annotations too: what made a statement (an ORM query) makes it again with the new values, not the old ones
        return replace(n -> n instanceof BindParameter<?> b && b.key() != null && values.containsKey(b.key()) ? b.withValue(values.get(b.key())) : null,
                true);
    }

    /**
     * Like {@link #params}, and the replaced bind parameters become anonymous, so the copy can
     * be combined with the original without a name clash.
     */
    public ClauseElement uniqueParams(Map<String, ?> values) {
        return replace(n -> {
            if (n instanceof BindParameter<?> b && b.key() != null) {
                BindParameter<?> u = b.asUnique();
                return values.containsKey(b.key()) ? u.withValue(values.get(b.key())) : u;
            }
            return null;
        }, true);
    }

    /** Compiles for the default dialect. */
    public Compiled compile() {
        return compile(Dialects.defaultDialect());
    }

    /** Compiles for {@code dialect}. */
    public Compiled compile(Dialect dialect, CompileOption... options) {
        return compile(dialect, (SchemaTranslateMap) null, options);
    }

    /**
     * Compiles for {@code dialect}, the schemas of tables, indexes and sequences translated
     * by {@code schemaTranslateMap} (null: none), as SQLAlchemy's
     * {@code compile(schema_translate_map=..., render_schema_translate=True)}.
     *
     * <pre>{@code
     * select(users).compile(Dialects.postgresql(), SchemaTranslateMap.of(Map.of("app", "tenant_7"))).string();
     * }</pre>
     */
    public Compiled compile(Dialect dialect, SchemaTranslateMap schemaTranslateMap, CompileOption... options) {
        return dialect.newCompiler().schemaTranslateMap(schemaTranslateMap).compile(this, options);
    }

    /**
     * The structural cache key: equal for statements of the same shape, whatever their literal
     * values, which it lists in {@link CacheKey#bindParams()}. Computed once per node.
     *
     * <p>Returns {@code null} when the statement cannot be cached: it contains a construct that
     * has not opted in ({@link #inheritCache()}) or a type whose {@code cacheOk()} is not
     * {@code TRUE}. An engine runs such a statement without its compiled cache.
     *
     * <pre>{@code
     * CacheKey k = select(users).where(users.c("id").eq(5)).cacheKey();
     * k.equals(select(users).where(users.c("id").eq(7)).cacheKey());   // true
     * }</pre>
     */
    public CacheKey cacheKey() {
        CacheKey k = cacheKey;
        if (k == null) {
            k = CacheKey.generate(this);
            cacheKey = k;
        }
        return k.orNull();
    }

    /**
     * Whether a construct defined outside Retort may be cached on the strength of its
     * {@link Traversal} declaration alone: {@code TRUE} when every field that shapes its SQL is
     * a declared attribute (the seeds' {@code inherit_cache}). The default, {@code null}, means
     * the author has not said: statements containing the construct run without the compiled
     * cache, and Retort logs one warning per class; {@code FALSE} opts out without the warning.
     * Retort's own constructs are always cacheable and never consult this.
     *
     * <pre>{@code
     * final class Greatest<T> extends ColumnElement<T> {
     *     @Override protected Boolean inheritCache() { return true; }
     *     ...
     * }
     * }</pre>
     */
    protected Boolean inheritCache() {
        return null;
    }

    /**
     * This element as it groups against an enclosing operator: wrapped in parentheses where SQL
     * precedence needs them ({@code against == null} means "always, if compound").
     */
    public ClauseElement selfGroup(Operator against) {
        return this;
    }

    /**
     * The FROM clauses this element draws from (tables, subqueries, joins), for building a
     * SELECT's FROM list.
     */
    public List<FromClause> fromObjects() {
        Set<FromClause> out = new LinkedHashSet<>();
        for (ClauseElement c : getChildren()) {
            out.addAll(c.fromObjects());
        }
        return new ArrayList<>(out);
    }

    /**
     * The statement to execute for a parameter set with these keys; a statement whose shape
     * depends on the keys (an INSERT without values) derives it here.
     */
    public ClauseElement forExecution(Set<String> parameterKeys) {
        return this;
    }

    /**
     * The SQL of this construct in the default dialect; for a construct that only some
     * databases can write (an UPDATE of a join), why the default dialect cannot, in angle brackets.
     */
    @Override
    public String toString() {
        try {
            return compile().string();
        } catch (dev.retort.exc.CompileException e) {
            // toString() feeds debuggers, logs and assertion messages: it must not throw.
            return "<" + getClass().getSimpleName() + ": " + e.getMessage() + ">";
        }
    }
}
