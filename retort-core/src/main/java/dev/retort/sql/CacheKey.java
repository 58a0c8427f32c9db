package dev.retort.sql;

import dev.retort.types.SqlType;
import dev.retort.types.TypeEngine;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The structural key of a statement: equal for statements of the same shape, whatever their
 * literal values; those are listed separately in {@link #bindParams()}, in traversal order.
 * Schema tables and columns enter the key by identity, everything else by structure. Unlike
 * SQLAlchemy's, {@code equals} and {@code hashCode} use the key only, so it works as a map key.
 *
 * <pre>{@code
 * CacheKey a = select(users).where(users.c("id").eq(1)).cacheKey();
 * CacheKey b = select(users).where(users.c("id").eq(2)).cacheKey();
 * a.equals(b);                 // true
 * b.bindParams().get(0).value();   // 2
 * }</pre>
 *
 * <p>The key is a flat sequence of tokens generated from each node kind's {@link Traversal}:
 * the kind's name, then its attributes in declaration order (child elements recursively, a
 * list as its size followed by its items, structural values as they are, bound values left
 * out); a node with identity (a schema table or column) is written as itself. A node met a
 * second time is written as a reference to its first occurrence, because sharing changes the
 * SQL (one parameter name instead of two, one alias instead of two).
 */
public final class CacheKey {
    private static final Logger LOG = LoggerFactory.getLogger(CacheKey.class);

    /** What {@link ClauseElement#cacheKey()} memoises for a statement that cannot be cached. */
    static final CacheKey NO_CACHE = new CacheKey(new Object[0], 0, new BindParameter<?>[0], 0, 0);

    /** Marks a node met before; followed by the ordinal of its first occurrence. */
    private enum Marker { REF }

    /** Retort's own constructs: named {@code dev.retort.*} and loaded from Retort's own jar. */
    private static final ClassValue<Boolean> BUILT_IN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getName().startsWith("dev.retort.") && Objects.equals(codeSource(type), codeSource(ClauseElement.class));
        }
    };

    /** Classes already warned about, so that each is named once per JVM. */
    private static final ClassValue<AtomicBoolean> WARNED = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    /** The tokens are {@code tokens[0..size)}: the generation's buffer, kept as it is rather than copied. */
    private final Object[] tokens;
    private final int size;
    /**
     * Null until asked for: a lambda statement's parameters are made on demand from {@link #record},
     * a walked key's listed from {@link #values}. Binding a cached compiled form needs neither.
     */
    private volatile List<BindParameter<?>> bindParams;
    /**
     * For a lambda statement's key, its record and the values its lambdas captured; for a walked
     * key, no record and its bind parameters, {@code values[0, bindCount)} (an array nothing writes).
     */
    private final LambdaRecord record;
    private final Object[] values;
    private final int bindCount;
    private final int hash;

    private CacheKey(Object[] tokens, int size, BindParameter<?>[] binds, int bindCount, int hash) {
        this.tokens = tokens;
        this.size = size;
        this.record = null;
        this.values = binds;
        this.bindCount = bindCount;
        this.hash = hash;
    }

    private CacheKey(Object[] tokens, LambdaRecord record, Object[] values, List<BindParameter<?>> bindParams) {
        this.tokens = tokens;
        this.size = tokens.length;
        this.record = record;
        this.values = values;
        this.bindParams = bindParams;
        this.bindCount = record.binds.size();
        this.hash = Arrays.hashCode(tokens);
    }

    /** The structure, as a flat list of kind names, structural values and schema objects. */
    public List<Object> key() {
        return Collections.unmodifiableList(Arrays.asList(tokens).subList(0, size));
    }

    /** The bound parameters, in traversal order, each once. */
    public List<BindParameter<?>> bindParams() {
        List<BindParameter<?>> b = bindParams;
        if (b == null) {
            // Made once per key: a compiled form finds its parameters in it by identity.
            synchronized (this) {
                b = bindParams;
                if (b == null) {
                    b = record != null ? record.bindsFor(values) : bindCount == 0 ? List.of() : new FixedList<>(values, bindCount);
                    bindParams = b;
                }
            }
        }
        return b;
    }

    /** How many {@link #bindParams()} there are. */
    int bindCount() {
        return bindCount;
    }

    /**
     * The value bind parameter {@code i} sends, as {@code bindParams().get(i).effectiveValue()}:
     * what binding a cached compiled form reads, without making a lambda statement's parameters.
     */
    Object bindValue(int i) {
        if (record == null) {
            return ((BindParameter<?>) values[Objects.checkIndex(i, bindCount)]).effectiveValue();
        }
        List<BindParameter<?>> b = bindParams;
        // A lambda statement's parameters given by params() may replace constants of its record.
        return b != null ? b.get(i).effectiveValue() : record.valueOf(i, values);
    }

    /**
     * The "offline" form of this key: the statement's SQL (default dialect, named parameters,
     * IN lists as a placeholder that does not depend on their length) and the parameter values,
     * rendered the same way in every JVM, so that it can key a cache shared between processes
     * (results kept in Redis, say). {@code statement} is the statement this key belongs to;
     * its SQL is kept in {@code statementCache} under this key, so that a long-lived map saves
     * rendering it again. A value in {@code parameters} replaces the value of the bind parameter
     * of that name; a statement without bind parameters lists {@code parameters} by sorted name.
     *
     * <pre>{@code
     * Map<CacheKey, String> sqlByShape = new ConcurrentHashMap<>();
     * Select stmt = select(users).where(users.c("id").eq(5));
     * stmt.cacheKey().toOfflineString(sqlByShape, stmt, Map.of());
     * // ('SELECT users.id, users.name \nFROM users \nWHERE users.id = :id_1', (5,))
     * }</pre>
     *
     * Values are rendered as literals: strings quoted, numbers, booleans and {@code null} as
     * they are, dates and UUIDs by their ISO text, binary as hex, collections and maps element
     * by element (maps by sorted key). A value whose class keeps {@code Object}'s
     * {@code toString} (which shows an identity hash) cannot be rendered stably and raises
     * {@link dev.retort.exc.ArgumentException}.
     */
    public String toOfflineString(Map<CacheKey, String> statementCache, ClauseElement statement, Map<String, ?> parameters) {
        String sql = statementCache.computeIfAbsent(this, k -> statement.compile().templateString());
        List<Object> values = new ArrayList<>();
        List<BindParameter<?>> bindParams = bindParams();
        if (bindParams.isEmpty()) {
            parameters.keySet().stream().sorted().forEach(name -> values.add(parameters.get(name)));
        } else {
            for (BindParameter<?> b : bindParams) {
                values.add(b.key() != null && parameters.containsKey(b.key()) ? parameters.get(b.key()) : b.effectiveValue());
            }
        }
        StringBuilder out = new StringBuilder("(");
        OfflineText.quote(sql, out);
        out.append(", (");
        for (Object v : values) {
            OfflineText.value(v, out);
            out.append(", ");
        }
        if (values.size() > 1) {
            out.setLength(out.length() - 2);
        } else if (values.size() == 1) {
            out.setLength(out.length() - 1);
        }
        return out.append("))").toString();
    }

    /**
     * The key of a lambda statement: its kind and its {@link LambdaRecord}, which stands for
     * the structure of the statement the lambdas built (and so for the structure of its bind
     * parameters), with this call's parameters. What walking the element's declaration would
     * give, without walking the parameters.
     */
    static CacheKey ofRecord(String kind, LambdaRecord record, Object[] values, List<BindParameter<?>> bindParams) {
        return new CacheKey(record.keyTokens(kind), record, values, bindParams);
    }

    /** This key, or null for {@link #NO_CACHE}. */
    CacheKey orNull() {
        return this == NO_CACHE ? null : this;
    }

    /** The key of the tree under {@code root}, or {@link #NO_CACHE} when something in it has not opted in. */
    static CacheKey generate(ClauseElement root) {
        Traversal<?> kind = root.nodeKind();
        Walker w = new Walker(kind.lastKey);
        if (!w.node(root)) {
            return NO_CACHE;
        }
        Shape shape = w.finish();
        if (shape != kind.lastKey) {
            // Written only when the shape changes: a store on every key would bounce this field's cache line between cores.
            kind.lastKey = shape;
        }
        return new CacheKey(shape.tokens, shape.size, w.binds, w.bindCount, shape.hash);
    }

    /**
     * The tokens of a key, {@code tokens[0, size)}, and their hash: what the next key of the
     * same root kind is walked against. Immutable (the array is never written once a shape
     * holds it); its final fields publish the array's contents with it. With how many bind
     * parameters and nodes its walk met, which size the next walk's buffers.
     */
    static final class Shape {
        final Object[] tokens;
        final int size;
        final int hash;
        final int bindCount;
        final int nodes;

        Shape(Object[] tokens, int size, int hash, int bindCount, int nodes) {
            this.tokens = tokens;
            this.size = size;
            this.hash = hash;
            this.bindCount = bindCount;
            this.nodes = nodes;
        }
    }

    /**
     * Equal structure. Keys of one shape generated one after another share their token array
     * (see {@link Walker}), which makes the usual comparison, a new statement's key against
     * the cached one, a single check.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k
                && (k.tokens == tokens ? k.size == size : k.hash == hash && Arrays.equals(k.tokens, 0, k.size, tokens, 0, size));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CacheKey(" + key() + ", binds=" + bindCount() + ")";
    }

    private static CodeSource codeSource(Class<?> type) {
        return type.getProtectionDomain().getCodeSource();
    }

    /**
     * Whether a node may enter a key: Retort's own constructs may; others only when they
     * {@linkplain ClauseElement#inheritCache() opted in}.
     */
    private static boolean optedIn(ClauseElement node) {
        Class<?> type = node.getClass();
        if (BUILT_IN.get(type)) {
            return true;
        }
        Boolean ok = node.inheritCache();
        if (ok == null) {
            warnOnce(type, "Construct " + type.getName() + " will not use the compiled-statement cache, as it does not say whether its "
                    + "Traversal declaration covers everything that shapes its SQL. Override inheritCache() to return TRUE if it does, "
                    + "or FALSE to turn caching off for it without this warning.");
        }
        return Boolean.TRUE.equals(ok);
    }

    /** Whether a type (and its variants) may enter a key: only when its class declares {@code cacheOk()} true. */
    private static boolean typeOk(TypeEngine<?> type) {
        if (type instanceof SqlType<?> && type.variants().isEmpty()) {
            // The common case, answered without asking: built-in types are always cacheable.
            return true;
        }
        Boolean ok = type.cacheOkDeclared();
        if (ok == null) {
            warnOnce(type.getClass(), "Type " + type.getClass().getName() + " will not use the compiled-statement cache, as it does not "
                    + "say whether equal instances always render and bind alike. Override cacheOk() to return true if they do, "
                    + "or false to turn caching off for it without this warning.");
        }
        if (!Boolean.TRUE.equals(ok)) {
            return false;
        }
        for (TypeEngine<?> variant : type.variants().values()) {
            if (!typeOk(variant)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #typeOk} for the types inside a structural list (a lightweight table's column shapes). */
    private static boolean typesOk(List<?> values) {
        for (Object v : values) {
            if (v instanceof TypeEngine<?> t ? !typeOk(t) : v instanceof List<?> l && !typesOk(l)) {
                return false;
            }
        }
        return true;
    }

    private static void warnOnce(Class<?> type, String message) {
        if (WARNED.get(type).compareAndSet(false, true)) {
            LOG.warn(message);
        }
    }

    /**
     * A structural value's contribution to the hash, consistent with {@code equals} and
     * without a megamorphic {@code hashCode} call for the common kinds. A type's own hash builds
     * lists; equal types share class and name, so those two are enough.
     */
    private static int structHash(Object v) {
        if (v instanceof ClauseElement) {
            // a node as a structural value is the node itself, as a node with identity is
            return System.identityHashCode(v);
        }
        if (v instanceof String s) {
            return s.hashCode();
        }
        if (v instanceof Enum<?> e) {
            return e.ordinal();
        }
        if (v instanceof Boolean b) {
            return b ? 1231 : 1237;
        }
        if (v instanceof TypeEngine<?> t) {
            return t.getClass().hashCode() * 31 + t.visitName().hashCode();
        }
        return Objects.hashCode(v);
    }

    /**
     * A token's contribution to the hash, as it was when it was written (for the tokens that a
     * walk matched before it diverged, which it did not hash then).
     */
    private static int tokenHash(Object token) {
        if (token == null) {
            return 0;
        }
        if (token == Marker.REF) {
            return MARKER_HASH;
        }
        if (token instanceof ClauseElement) {
            return System.identityHashCode(token);
        }
        return structHash(token);
    }

    private static final int MARKER_HASH = 17;
    private static final MethodHandle APPLY;
    private static final MethodHandle CHILD;
    private static final MethodHandle CHILDREN;
    private static final MethodHandle STRUCT;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            APPLY = lookup.findVirtual(Function.class, "apply", MethodType.methodType(Object.class, Object.class));
            MethodType step = MethodType.methodType(boolean.class, Object.class);
            CHILD = lookup.findVirtual(Walker.class, "child", step);
            CHILDREN = lookup.findVirtual(Walker.class, "children", step);
            STRUCT = lookup.findVirtual(Walker.class, "struct", step);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A kind's key plan, {@code (Walker, ClauseElement) -> boolean}: for each keyed attribute of
     * its {@link Traversal} in declaration order, read it and write it (as a child, a list of
     * children or a structural value), stopping at the first that cannot be keyed. Derived from
     * the declaration alone, so a new kind gets its plan without declaring anything more.
     *
     * <p>Why a method handle rather than a loop over the getters: in a loop, the getter call
     * sees every attribute of every kind and is megamorphic, an indirect call per attribute.
     * The JVM compiles a method handle that is invoked often into code of its own
     * ("customisation"), in which each getter is a known object whose call is inlined; a node
     * then costs one indirect call, whatever its number of attributes.
     */
    static MethodHandle keyPlan(Traversal<?> t) {
        MethodType type = MethodType.methodType(boolean.class, Walker.class, ClauseElement.class);
        MethodHandle done = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0, type.parameterList());
        MethodHandle refused = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, type.parameterList());
        MethodHandle plan = done;
        for (int i = t.keyGetters.length - 1; i >= 0; i--) {
            MethodHandle read = APPLY.bindTo(t.keyGetters[i]).asType(MethodType.methodType(Object.class, ClauseElement.class));
            Attr.Kind kind = t.keyKinds[i];
            MethodHandle write = kind == Attr.Kind.CLAUSE ? CHILD : kind == Attr.Kind.CLAUSE_LIST ? CHILDREN : STRUCT;
            plan = MethodHandles.guardWithTest(MethodHandles.filterArguments(write, 1, read), plan, refused);
        }
        return plan;
    }

    /**
     * One generation: the tokens so far, the bind parameters, and the nodes met.
     *
     * <p>The tokens are first compared with those of the last key of the root's kind rather
     * than written: a service mostly runs statements of shapes it ran before, and a key that
     * turns out equal to the last one shares its array, so that it allocates none and compares
     * equal to it at once. At the first token that differs (or is equal without being the same
     * object), the tokens matched so far are copied into a buffer of this walk's own, and the
     * rest is written there. The shared array is only read: a key never changes it.
     */
    static final class Walker {
        /** Up to this many nodes, finding a node met before is a scan; beyond it, a hash map. */
        private static final int SCAN_LIMIT = 24;
        private static final BindParameter<?>[] NO_BINDS = {};

        /** This walk's own buffer, once it has diverged from {@link #last}. */
        Object[] tokens;
        /** The tokens being matched, {@code [0, lastSize)}, or null once this walk has its own buffer. */
        private Object[] last;
        private final int lastSize;
        private final Shape lastShape;
        int size;
        /** The hash of the tokens written, from the first one that did not match on (see {@link #diverge}). */
        int hash = 1;
        /**
         * The bind parameters met, {@code [0, bindCount)}; the key keeps the array. Sized,
         * like {@link #scanned}, as the last key's walk needed: the next key is usually of its shape.
         */
        BindParameter<?>[] binds;
        int bindCount;
        /** The nodes met, {@code [0, met)}, while they are scanned (see {@link #SCAN_LIMIT}). */
        private ClauseElement[] scanned;
        private int met;
        private Map<ClauseElement, Integer> metIndex;

        /** A walker that matches {@code last}, the previous key of its root's kind (may be null). */
        Walker(Shape last) {
            lastShape = last;
            if (last == null) {
                tokens = new Object[64];
                lastSize = 0;
                binds = new BindParameter<?>[8];
                scanned = new ClauseElement[SCAN_LIMIT];
            } else {
                this.last = last.tokens;
                lastSize = last.size;
                binds = last.bindCount == 0 ? NO_BINDS : new BindParameter<?>[last.bindCount];
                scanned = new ClauseElement[Math.min(SCAN_LIMIT, Math.max(4, last.nodes))];
            }
        }


        /** Whether {@code token} is (the very object) the next token of the last key; if so it is taken as written. */
        private boolean matches(Object token) {
            Object[] l = last;
            if (l != null && size < lastSize && l[size] == token) {
                size++;
                return true;
            }
            return false;
        }

        private void emit(Object token, int tokenHash) {
            if (last != null) {
                if (matches(token)) {
                    return;
                }
                diverge();
            }
            hash = 31 * hash + tokenHash;
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, size * 2);
            }
            tokens[size++] = token;
        }

        /**
         * Leaves the tokens matched so far: they become the start of a buffer of this walk's own,
         * and are hashed now.
         */
        private void diverge() {
            tokens = Arrays.copyOf(last, Math.max(16, Math.max(size * 2, lastSize)));
            last = null;
            for (int i = 0; i < size; i++) {
                hash = 31 * hash + tokenHash(tokens[i]);
            }
        }

        /**
         * The key's tokens and hash: the last key's when they matched all of it, else this
         * walk's buffer.
         */
        Shape finish() {
            if (last != null) {
                if (size == lastSize) {
                    return lastShape;
                }
                // A prefix of the last key: equal so far but shorter.
                diverge();
            }
            return new Shape(tokens, size, hash, bindCount, met);
        }

        private void emitCount(int n) {
            emit(n, n);
        }

        /** Writes {@code node}; false when it, or a node or type under it, has not opted in. */
        boolean node(ClauseElement node) {
            Traversal<?> t = node.nodeKind();
            if (t.isIdentity()) {
                // The node itself is the token: it carries its kind and its identity, so a
                // repetition needs no reference.
                emit(node, System.identityHashCode(node));
                return true;
            }
            int prior = ordinal(node);
            if (prior >= 0) {
                emit(Marker.REF, MARKER_HASH);
                emitCount(prior);
                return true;
            }
            Class<?> type = node.getClass();
            if (t.admittedClass != type) {
                if (!optedIn(node)) {
                    return false;
                }
                t.admittedClass = type;
            }
            emit(t.kind(), t.kindHash);
            if (node instanceof BindParameter<?> b) {
                if (bindCount == binds.length) {
                    binds = Arrays.copyOf(binds, Math.max(4, bindCount * 2));
                }
                binds[bindCount++] = b;
            }
            MethodHandle plan = t.keyPlan;
            if (plan == null) {
                plan = keyPlan(t);
                t.keyPlan = plan;
            }
            try {
                return (boolean) plan.invokeExact(this, node);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        /** A child element, or null for an optional one that is absent. */
        boolean child(Object v) {
            if (v == null) {
                emit(null, 0);
                return true;
            }
            return node((ClauseElement) v);
        }

        /** A list of child elements: its size, then its items. */
        boolean children(Object list) {
            List<?> items = (List<?>) list;
            if (items == null) {
                emit(null, 0);
                return true;
            }
            int n = items.size();
            emitCount(n);
            for (int i = 0; i < n; i++) {
                if (!child(items.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A structural value; false for a type that has not opted in. The common kinds are
         * told apart by class checks first: an interface check ({@code List}) that fails costs
         * a scan of the class's interfaces, so it comes last.
         */
        boolean struct(Object v) {
            if (matches(v)) {
                // the same value as in the last key, which was admitted there
                return true;
            }
            if (v instanceof String s) {
                emit(s, s.hashCode());
            } else if (v instanceof Enum<?> e) {
                emit(e, e.ordinal());
            } else if (v instanceof Boolean b) {
                emit(b, b ? 1231 : 1237);
            } else if (v instanceof TypeEngine<?> type) {
                if (!typeOk(type)) {
                    return false;
                }
                emit(type, structHash(type));
            } else if (v == null || v instanceof Number) {
                emit(v, Objects.hashCode(v));
            } else if (v instanceof Object[] array) {
                List<Object> token = Arrays.asList(array);
                emit(token, token.hashCode());
            } else {
                if (v instanceof List<?> list && !typesOk(list)) {
                    return false;
                }
                emit(v, structHash(v));
            }
            return true;
        }

        /** The ordinal of {@code node} if met before, else -1 after recording it. */
        private int ordinal(ClauseElement node) {
            if (metIndex == null) {
                for (int i = 0; i < met; i++) {
                    if (scanned[i] == node) {
                        return i;
                    }
                }
                if (met < SCAN_LIMIT) {
                    if (met == scanned.length) {
                        scanned = Arrays.copyOf(scanned, Math.min(SCAN_LIMIT, met * 2));
                    }
                    scanned[met++] = node;
                    return -1;
                }
                metIndex = new IdentityHashMap<>();
                for (int i = 0; i < met; i++) {
                    metIndex.put(scanned[i], i);
                }
            }
            Integer i = metIndex.putIfAbsent(node, met);
            if (i != null) {
                return i;
            }
            met++;
            return -1;
        }
    }
}
