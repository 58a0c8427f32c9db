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
 * the node's head, then its attributes in declaration order (child elements recursively, a
 * list as its size followed by its items, structural values as they are, bound values left
 * out); a node with identity (a schema table or column) is written as itself. The head is the
 * kind together with a code for each attribute other than a required child, which says
 * whether it is absent (null), an empty list, {@code false} or {@code true}, or something
 * else: only the attributes of that last sort are written after it. Most attributes of most
 * nodes are at such a default (no LIMIT, no GROUP BY, not DISTINCT, an inner join, ...), so
 * that a key holds about half as many tokens as one written attribute by attribute, and two
 * keys are still equal exactly when those would be. A node met a second time is written as a
 * reference to its first occurrence, because sharing changes the SQL (one parameter name
 * instead of two, one alias instead of two).
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

    /** How many attributes of a kind its head can code: two bits each in a {@code long}. */
    static final int MAX_CODED = 31;
    /** An attribute's code in a head: absent (null); an empty list or {@code false}; {@code true}; written out. */
    private static final long ABSENT = 0;
    private static final long EMPTY = 1;
    private static final long FALSE = 1;
    private static final long TRUE = 2;
    private static final long LIST = 2;
    private static final long WRITTEN = 3;
    /** Heads kept per kind for sharing; past that, a rare head is made for each key (equal all the same). */
    private static final int MAX_HEADS = 64;

    /**
     * The first token of a node: its kind, and the code of each of its coded attributes (see
     * {@link Traversal#keyCoded}), two bits each in declaration order: 0 for null; 1 for an
     * empty list or {@code false}; 2 for a list of children that is written out, or
     * {@code true}; 3 for a structural value that is written out (an optional child that is
     * there is 1). Heads of one kind and code are equal; those a kind met before are shared.
     */
    static final class Head {
        static final Head[] NONE = {};

        final Traversal<?> kind;
        final long code;
        private final int hash;

        private Head(Traversal<?> kind, long code) {
            this.kind = kind;
            this.code = code;
            this.hash = kind.kind().hashCode() * 31 + Long.hashCode(code);
        }

        /** The head of {@code kind} with {@code code}: a shared one when there is. */
        static Head of(Traversal<?> kind, long code) {
            Head[] known = kind.heads;
            for (Head h : known) {
                if (h.code == code) {
                    return h;
                }
            }
            Head h = new Head(kind, code);
            if (known.length < MAX_HEADS) {
                Head[] more = Arrays.copyOf(known, known.length + 1);
                more[known.length] = h;
                kind.heads = more;
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Head h && h.kind == kind && h.code == code;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /** The kind, with the coded attributes that are not written out: {@code select{limit=null, distinct=false, ...}}. */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(kind.kind()).append('{');
            int shift = 0;
            for (int i = kind.keyCoded.length - 1; i >= 0; i--) {
                if (kind.keyCoded[i]) {
                    shift += 2;
                }
            }
            String sep = "";
            for (int i = 0; i < kind.keyCoded.length; i++) {
                if (!kind.keyCoded[i]) {
                    continue;
                }
                shift -= 2;
                long c = code >>> shift & 3;
                boolean list = kind.keyKinds[i] == Attr.Kind.CLAUSE_LIST;
                String v = c == ABSENT ? "null" : c == EMPTY ? (list ? "[]" : kind.keyKinds[i] == Attr.Kind.STRUCT ? "false" : null)
                        : c == TRUE && !list ? "true" : null;
                if (v != null) {
                    out.append(sep).append(kind.keyNames[i]).append('=').append(v);
                    sep = ", ";
                }
            }
            return out.append('}').toString();
        }
    }

    /**
     * A token's contribution to the hash, consistent with {@code equals} and without a
     * megamorphic {@code hashCode} call for the common kinds. A type's own hash builds lists;
     * equal types share class and name, so those two are enough.
     */
    private static int tokenHash(Object token) {
        if (token == null) {
            return 0;
        }
        if (token == Marker.REF) {
            return MARKER_HASH;
        }
        if (token instanceof Head h) {
            return h.hash;
        }
        if (token instanceof ClauseElement) {
            // a node with identity, or a node as a structural value: the node itself
            return System.identityHashCode(token);
        }
        if (token instanceof String s) {
            return s.hashCode();
        }
        if (token instanceof Enum<?> e) {
            return e.ordinal();
        }
        if (token instanceof Boolean b) {
            return b ? 1231 : 1237;
        }
        if (token instanceof TypeEngine<?> t) {
            return t.getClass().hashCode() * 31 + t.visitName().hashCode();
        }
        return token.hashCode();
    }

    private static final int MARKER_HASH = 17;
    private static final MethodHandle APPLY;
    private static final MethodHandle CHILD;
    private static final MethodHandle CHILDREN;
    private static final MethodHandle STRUCT;
    private static final MethodHandle CODED_CHILD;
    private static final MethodHandle CODED_CHILDREN;
    private static final MethodHandle CODED_STRUCT;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            APPLY = lookup.findVirtual(Function.class, "apply", MethodType.methodType(Object.class, Object.class));
            MethodType step = MethodType.methodType(boolean.class, Object.class);
            CHILD = lookup.findVirtual(Walker.class, "child", step);
            CHILDREN = lookup.findVirtual(Walker.class, "children", step);
            STRUCT = lookup.findVirtual(Walker.class, "struct", step);
            CODED_CHILD = lookup.findVirtual(Walker.class, "codedChild", step);
            CODED_CHILDREN = lookup.findVirtual(Walker.class, "codedChildren", step);
            CODED_STRUCT = lookup.findVirtual(Walker.class, "codedStruct", step);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A kind's key plan, {@code (Walker, ClauseElement) -> boolean}: for each keyed attribute of
     * its {@link Traversal} in declaration order, read it and write it (as a child, a list of
     * children or a structural value; a coded one only when its code in the head does not say
     * it all), stopping at the first that cannot be keyed. Derived from the declaration alone,
     * so a new kind gets its plan without declaring anything more.
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
            MethodHandle write = t.keyCoded[i]
                    ? (kind == Attr.Kind.CLAUSE ? CODED_CHILD : kind == Attr.Kind.CLAUSE_LIST ? CODED_CHILDREN : CODED_STRUCT)
                    : (kind == Attr.Kind.CLAUSE ? CHILD : kind == Attr.Kind.CLAUSE_LIST ? CHILDREN : STRUCT);
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
     * object; a head is compared by value), the tokens matched so far are copied into a buffer
     * of this walk's own, and the rest is written there. The shared array is only read: a key
     * never changes it.
     *
     * <p>A node's head comes first but is known only once its attributes have been read: its
     * place is kept, and it is compared or written when the node is done.
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
        /** The code of the head of the node being walked, so far (see {@link Head}). */
        private long code;
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

        private void emit(Object token) {
            if (last != null) {
                if (matches(token)) {
                    return;
                }
                diverge();
            }
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, size * 2);
            }
            tokens[size++] = token;
        }

        /** Keeps the next place for a head, to be {@linkplain #head filled} when its node is done; returns it. */
        private int reserve() {
            int at = size;
            if (last != null) {
                if (at < lastSize) {
                    // taken as matching for now: the head is compared when it is known
                    size++;
                    return at;
                }
                diverge();
            }
            emit(null);
            return at;
        }

        /** Puts the head of kind {@code t} and {@code code} at {@code at}, which {@link #reserve} kept. */
        private void head(int at, Traversal<?> t, long code) {
            if (last != null) {
                if (last[at] instanceof Head h && h.kind == t && h.code == code) {
                    return;
                }
                diverge();
            }
            tokens[at] = Head.of(t, code);
        }

        /** Leaves the tokens matched so far: they become the start of a buffer of this walk's own. */
        private void diverge() {
            tokens = Arrays.copyOf(last, Math.max(16, Math.max(size * 2, lastSize)));
            last = null;
        }

        /**
         * The key's tokens and hash: the last key's when they matched all of it, else this
         * walk's buffer, hashed now (a head is written after the tokens that follow it).
         */
        Shape finish() {
            if (last != null) {
                if (size == lastSize) {
                    return lastShape;
                }
                // A prefix of the last key: equal so far but shorter.
                diverge();
            }
            int hash = 1;
            for (int i = 0; i < size; i++) {
                hash = 31 * hash + tokenHash(tokens[i]);
            }
            return new Shape(tokens, size, hash, bindCount, met);
        }

        private void emitCount(int n) {
            emit(n);
        }

        /** Writes {@code node}; false when it, or a node or type under it, has not opted in. */
        boolean node(ClauseElement node) {
            Traversal<?> t = node.knownKind();
            // A node whose kind no one has asked for yet is one this walk has not met: a fresh
            // statement's nodes need no search for an earlier occurrence (the search for each
            // node among those met before is most of a walk's cost otherwise).
            boolean firstSight = t == null;
            if (firstSight) {
                t = node.nodeKind();
            }
            if (t.isIdentity()) {
                // The node itself is the token: it carries its kind and its identity, so a
                // repetition needs no reference.
                emit(node);
                return true;
            }
            int prior = ordinal(node, firstSight);
            if (prior >= 0) {
                emit(Marker.REF);
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
            int at = reserve();
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
            long outer = code;
            code = 0;
            boolean keyed;
            try {
                keyed = (boolean) plan.invokeExact(this, node);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            long own = code;
            code = outer;
            if (keyed) {
                head(at, t, own);
            }
            return keyed;
        }

        /** A child element, or null for an optional one that is absent. */
        boolean child(Object v) {
            if (v == null) {
                emit(null);
                return true;
            }
            return node((ClauseElement) v);
        }

        /** A list of child elements: its size, then its items. */
        boolean children(Object list) {
            List<?> items = (List<?>) list;
            if (items == null) {
                emit(null);
                return true;
            }
            return items(items, items.size());
        }

        private boolean items(List<?> items, int n) {
            emitCount(n);
            for (int i = 0; i < n; i++) {
                if (!child(items.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** A coded child: written only when it is there. */
        boolean codedChild(Object v) {
            if (v == null) {
                code = code << 2 | ABSENT;
                return true;
            }
            code = code << 2 | EMPTY;
            return node((ClauseElement) v);
        }

        /** A coded list of children: written (size and items) only when it has some. */
        boolean codedChildren(Object list) {
            List<?> items = (List<?>) list;
            if (items == null) {
                code = code << 2 | ABSENT;
                return true;
            }
            int n = items.size();
            if (n == 0) {
                code = code << 2 | EMPTY;
                return true;
            }
            code = code << 2 | LIST;
            return items(items, n);
        }

        /** A coded structural value: written only when it is neither null nor a boolean. */
        boolean codedStruct(Object v) {
            if (v == null) {
                code = code << 2 | ABSENT;
                return true;
            }
            if (v instanceof Boolean b) {
                code = code << 2 | (b ? TRUE : FALSE);
                return true;
            }
            code = code << 2 | WRITTEN;
            return struct(v);
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
            if (v instanceof String || v instanceof Enum<?> || v instanceof Boolean || v == null || v instanceof Number) {
                emit(v);
            } else if (v instanceof TypeEngine<?> type) {
                if (!typeOk(type)) {
                    return false;
                }
                emit(type);
            } else if (v instanceof Object[] array) {
                emit(Arrays.asList(array));
            } else {
                if (v instanceof List<?> list && !typesOk(list)) {
                    return false;
                }
                emit(v);
            }
            return true;
        }

        /**
         * The ordinal of {@code node} if met before, else -1 after recording it. A node met for
         * the first time by any walk ({@code firstSight}) is recorded without a search.
         */
        private int ordinal(ClauseElement node, boolean firstSight) {
            if (metIndex == null) {
                for (int i = firstSight ? met : 0; i < met; i++) {
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
