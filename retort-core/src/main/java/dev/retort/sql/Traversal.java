package dev.retort.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one declaration of a node kind: its name, its attributes in order, and how to build a
 * node from attribute values. Children, structural comparison, copying with replacements,
 * cache keys and serialization are all derived from it, so a new node kind declares itself once.
 *
 * <pre>{@code
 * static final Traversal<Grouping<?>> TRAVERSAL = Traversal.of("grouping",
 *         a -> new Grouping<>((ColumnElement<?>) a[0]),
 *         Attr.clause("element", Grouping::element));
 * }</pre>
 *
 * @param <N> the node class
 */
public final class Traversal<N extends ClauseElement> {
    private static final Map<String, Traversal<?>> BY_KIND = new ConcurrentHashMap<>();

    private final String kind;
    private final List<Attr<N>> attrs;
    private final Function<Object[], N> factory;
    private final boolean identity;
    /** What raw SQL a node of this kind writes as it is, or null when it writes none (see {@link #rawSql(ClauseElement)}). */
    private final Function<N, String> rawSql;

    /*
     * The key plan: the declaration flattened once into the attributes that enter a key, from
     * which CacheKey makes one method handle per kind (see CacheKey.keyPlan). Bound values are
     * left out (they never enter a key, so their getters are not called).
     */
    /** The getters of the attributes that enter a key, in declaration order. */
    final Function<ClauseElement, ?>[] keyGetters;
    /** What each of {@link #keyGetters} holds: {@link Attr.Kind#CLAUSE}, {@code CLAUSE_LIST} or {@code STRUCT}. */
    final Attr.Kind[] keyKinds;
    /** The names of {@link #keyGetters}' attributes, for a key's text. */
    final String[] keyNames;
    /**
     * Which of {@link #keyGetters} a key gives as a code in the node's head when their value is
     * absent, empty or a boolean (see CacheKey.Head): all but the required children, up to
     * {@link CacheKey#MAX_CODED}; the others are always written out.
     */
    final boolean[] keyCoded;
    /**
     * The heads of this kind's keys made so far (see CacheKey.Head), so that keys share them.
     * Copied on write; a racing write may lose one, which only costs an equal head later.
     */
    volatile CacheKey.Head[] heads = CacheKey.Head.NONE;
    /**
     * The last node class of this kind found to take part in cache keys (see CacheKey), so that
     * most nodes skip the look-up. Read and written without a lock: a stale read only repeats it.
     */
    Class<?> admittedClass;
    /**
     * The key plan as one method handle that reads every keyed attribute and hands it to the
     * walker ({@link CacheKey#keyPlan}); made on the first key of this kind. Read and written
     * without a lock: two threads may both make it, and either result is the same plan.
     */
    java.lang.invoke.MethodHandle keyPlan;
    /**
     * The last key generated for a statement of this kind (null before the first): the next
     * one is walked against it, and a statement of the same shape then shares its tokens
     * instead of writing and hashing its own (see CacheKey.Walker). Racy: a stale value only
     * costs a copy; the shape's final fields publish its tokens.
     */
    CacheKey.Shape lastKey;

    @SuppressWarnings("unchecked")
    private Traversal(String kind, Function<Object[], N> factory, boolean identity, Function<N, String> rawSql, List<Attr<N>> attrs) {
        this.kind = kind;
        this.rawSql = rawSql;
        this.attrs = attrs;
        this.factory = factory;
        this.identity = identity;
        List<Attr<N>> keyed = attrs.stream().filter(a -> a.kind() != Attr.Kind.VALUE).toList();
        this.keyGetters = new Function[keyed.size()];
        this.keyKinds = new Attr.Kind[keyed.size()];
        this.keyNames = new String[keyed.size()];
        this.keyCoded = new boolean[keyed.size()];
        int coded = 0;
        for (int i = 0; i < keyed.size(); i++) {
            keyGetters[i] = (Function<ClauseElement, ?>) (Function<?, ?>) keyed.get(i).getter();
            keyKinds[i] = keyed.get(i).kind();
            keyNames[i] = keyed.get(i).name();
            if (!keyed.get(i).isRequired() && coded < CacheKey.MAX_CODED) {
                keyCoded[i] = true;
                coded++;
            }
        }
    }

    /**
     * Declares a node kind whose nodes are values: equal when their attributes are equal, and
     * rebuilt by {@code factory} (from the attribute values in declaration order) when a child is
     * replaced.
     */
    @SafeVarargs
    public static <N extends ClauseElement> Traversal<N> of(String kind, Function<Object[], N> factory, Attr<N>... attrs) {
        return register(new Traversal<>(kind, factory, false, null, List.of(attrs)));
    }

    /**
     * Declares a node kind as {@link #of(String, Function, Attr[])} does, whose nodes may write
     * SQL text as it is: {@code rawSql} describes the raw SQL a node holds (for a message such as
     * "text() of 12 characters is raw SQL"), or gives null for a node that holds none. A loader
     * that refuses raw SQL ({@code LoadOptions.allowRawSql(false)}) refuses such nodes.
     *
     * <pre>{@code
     * static final Traversal<TextClause> TRAVERSAL = Traversal.of("text", a -> new TextClause((String) a[0], ...),
     *         (TextClause t) -> "text() of " + t.text().length() + " characters", Attr.struct("text", TextClause::text), ...);
     * }</pre>
     */
    @SafeVarargs
    public static <N extends ClauseElement> Traversal<N> of(String kind, Function<Object[], N> factory, Function<N, String> rawSql,
            Attr<N>... attrs) {
        return register(new Traversal<>(kind, factory, false, rawSql, List.of(attrs)));
    }

    /**
     * Declares a leaf kind that is compared by its attributes but never copied (a lightweight
     * table or column: the attributes name it, they are not children).
     */
    @SafeVarargs
    public static <N extends ClauseElement> Traversal<N> leaf(String kind, Attr<N>... attrs) {
        return register(new Traversal<>(kind, null, false, null, List.of(attrs)));
    }

    /**
     * Declares a node kind whose nodes are schema objects or other leaves with identity: a node
     * equals only itself, and is never copied. The attributes describe it (for serialization).
     */
    @SafeVarargs
    public static <N extends ClauseElement> Traversal<N> identity(String kind, Attr<N>... attrs) {
        return register(new Traversal<>(kind, null, true, null, List.of(attrs)));
    }

    private static final StackWalker DECLARING = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static <N extends ClauseElement> Traversal<N> register(Traversal<N> t) {
        if (!t.kind.startsWith(CustomElement.KIND_PREFIX)) {
            // An application's construct declared without CustomElement.declare would have a kind loaders build unasked.
            Class<?> declaring = DECLARING.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                    .filter(c -> c != Traversal.class).findFirst().orElse(null));
            if (declaring != null && CustomElement.class.isAssignableFrom(declaring)) {
                throw new IllegalStateException("Node kind '" + t.kind + "' of " + declaring.getName() + " is declared with Traversal.of: a "
                        + "CustomElement declares its kind with CustomElement.declare, so that loaders build it only when allowed (LoadOptions.allowCustom)");
            }
        }
        Traversal<?> prior = BY_KIND.putIfAbsent(t.kind, t);
        if (prior != null) {
            throw new IllegalStateException("Node kind '" + t.kind + "' declared twice");
        }
        return t;
    }

    /** The declared node kind with this name, or null. */
    public static Traversal<?> forKind(String kind) {
        CoreNodes.ensureLoaded();
        return BY_KIND.get(kind);
    }

    /** The kind's name, stable across versions: the serializer writes it. */
    public String kind() {
        return kind;
    }

    /** The attributes, in declaration order. */
    public List<Attr<N>> attrs() {
        return attrs;
    }

    /** Whether nodes of this kind compare and key by identity and are never copied. */
    public boolean isIdentity() {
        return identity;
    }

    /**
     * The raw SQL {@code node} writes as it is, described for a message ({@code "text() of 12
     * characters"}), or null when its kind declares none or the node holds none.
     */
    @SuppressWarnings("unchecked")
    public static String rawSql(ClauseElement node) {
        Traversal<ClauseElement> t = (Traversal<ClauseElement>) node.traversal();
        return t == null || t.rawSql == null ? null : ((Function<ClauseElement, String>) (Function<?, ?>) t.rawSql).apply(node);
    }

    /** Builds a node from attribute values given in declaration order. */
    public N build(Object... values) {
        if (factory == null) {
            throw new UnsupportedOperationException("Nodes of kind '" + kind + "' are not built from attributes");
        }
        return factory.apply(values);
    }

    /** The attribute values of {@code node}, in declaration order. */
    @SuppressWarnings("unchecked")
    public Object[] values(ClauseElement node) {
        Object[] out = new Object[attrs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = attrs.get(i).get((N) node);
        }
        return out;
    }

    /** The immediate children of {@code node}, in declaration order, nulls skipped. */
    @SuppressWarnings("unchecked")
    List<ClauseElement> children(ClauseElement node) {
        if (identity || factory == null) {
            return List.of();
        }
        List<ClauseElement> out = new ArrayList<>();
        for (Attr<N> a : attrs) {
            Object v = a.get((N) node);
            if (v == null || a.isAnnotation()) {
                continue;
            }
            if (a.kind() == Attr.Kind.CLAUSE) {
                out.add((ClauseElement) v);
            } else if (a.kind() == Attr.Kind.CLAUSE_LIST) {
                for (Object c : (List<?>) v) {
                    if (c != null) {
                        out.add((ClauseElement) c);
                    }
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Structural comparison of two nodes of this kind. */
    @SuppressWarnings("unchecked")
    boolean compare(ClauseElement a, ClauseElement b) {
        if (identity) {
            return a == b;
        }
        for (Attr<N> attr : attrs) {
            Object x = attr.get((N) a);
            Object y = attr.get((N) b);
            switch (attr.kind()) {
                case CLAUSE:
                    if (!ClauseElement.compareNullable((ClauseElement) x, (ClauseElement) y)) {
                        return false;
                    }
                    break;
                case CLAUSE_LIST: {
                    List<?> lx = (List<?>) x;
                    List<?> ly = (List<?>) y;
                    if (lx == null || ly == null) {
                        if (lx != ly) {
                            return false;
                        }
                        break;
                    }
                    if (lx.size() != ly.size()) {
                        return false;
                    }
                    for (int i = 0; i < lx.size(); i++) {
                        if (!ClauseElement.compareNullable((ClauseElement) lx.get(i), (ClauseElement) ly.get(i))) {
                            return false;
                        }
                    }
                    break;
                }
                default:
                    if (!Arrays.deepEquals(new Object[] {x}, new Object[] {y})) {
                        return false;
                    }
            }
        }
        return true;
    }

    /** {@link #copy(ClauseElement, Function, boolean)} of the children alone, its annotations kept as they are. */
    ClauseElement copy(ClauseElement node, Function<ClauseElement, ClauseElement> copier) {
        return copy(node, copier, false);
    }

    /**
     * Copies {@code node} with every child passed through {@code copier}, and its annotations too when
     * {@code annotations}; returns the node itself when nothing changed, so untouched subtrees (and their identity) are kept.
     */
    @SuppressWarnings("unchecked")
    ClauseElement copy(ClauseElement node, Function<ClauseElement, ClauseElement> copier, boolean annotations) {
        if (identity || factory == null) {
            return node;
        }
        Object[] vals = values(node);
        boolean changed = false;
        for (int i = 0; i < vals.length; i++) {
            Attr<N> a = attrs.get(i);
            Object v = vals[i];
            if (v == null || a.isAnnotation() && !annotations) {
                continue;
            }
            if (a.kind() == Attr.Kind.CLAUSE) {
                ClauseElement c = copier.apply((ClauseElement) v);
                changed |= c != v;
                vals[i] = c;
            } else if (a.kind() == Attr.Kind.CLAUSE_LIST) {
                List<ClauseElement> in = (List<ClauseElement>) v;
                List<ClauseElement> out = new ArrayList<>(in.size());
                for (ClauseElement c : in) {
                    ClauseElement r = c == null ? null : copier.apply(c);
                    changed |= r != c;
                    out.add(r);
                }
                vals[i] = Collections.unmodifiableList(out);
            }
        }
        return changed ? factory.apply(vals) : node;
    }

    /** A new node equal to {@code node}, its children as they are; a node of identity (a schema table or column) itself. */
    ClauseElement rebuilt(ClauseElement node) {
        return identity || factory == null ? node : factory.apply(values(node));
    }
}
