package dev.retort.sql;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.SqlCompiler;
import dev.retort.exc.ArgumentException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A statement built by lambdas ({@code SQL.lambdaStmt}), whose code runs once per call site:
 * later evaluations of the same lambda only read the values it captured, which become the
 * statement's parameters. With the engine's compiled cache, a repeated lambda statement costs
 * little more than binding its values.
 *
 * <pre>{@code
 * StatementLambdaElement s = lambdaStmt(() -> select(users).where(users.c("id").eq(userId)));
 * s = s.add(q -> q.where(users.c("name").eq(name)));     // the seed's "+="
 * conn.execute(s).all();
 * }</pre>
 *
 * <p>What a lambda captures decides how it is cached. Plain values (numbers, strings, dates,
 * UUIDs, lists of them for IN) are tracked: the lambda runs once, and each later call binds
 * its own values. They must reach the statement unchanged, as in {@code eq(userId)}: a value
 * the lambda computes ({@code like(prefix + "%")}), branches on, sizes or builds a name from
 * keys the statement by value instead (the lambda then runs once per distinct value). The
 * analysis finds these by running the lambda with stand-ins, with the real first value and with
 * edge values (empty strings, 0, -1, lists of one and three elements, ...), a value whose stand-in the
 * lambda's code refuses (throws) keying by value too; a branch on one
 * particular value ({@code name.equals("admin")}) is not found, so decide such conditions
 * before the lambda. The lambda must be free of side effects: the analysis runs it several times. Booleans, enums and nulls key by value.
 * Captured SQL elements (tables, columns, expressions) key by structure, their values being
 * parameters too. A non-final field the lambda reads (of its enclosing object, or static) keys the
 * statement by its current value. Any other object is refused with an error naming the variable: read what the
 * SQL needs from it outside the lambda, or see {@link LambdaOptions}. {@link #spoil()} gives a
 * statement that runs its lambdas every time, for comparison when in doubt.
 *
 * <p>The lambdas are read through {@link java.lang.invoke.SerializedLambda}, which is why their
 * functional types are {@link Serializable}; a lambda defined in a named module that does not
 * open its package to Retort runs every time, as does an object that is not a lambda.
 */
public final class StatementLambdaElement extends ClauseElement {
    /** A statement analysed once per call site: the shared record and this call's parameters. */
    static final Traversal<StatementLambdaElement> TRAVERSAL = Traversal.of("lambda_statement",
            a -> new StatementLambdaElement((LambdaRecord) a[0], castBinds(a[1])),
            Attr.struct("record", e -> e.record),
            Attr.clauses("binds", StatementLambdaElement::binds));

    /** A statement whose lambdas ran unanalysed: it is the statement they built. */
    static final Traversal<StatementLambdaElement> SPOILED = Traversal.of("spoiled_lambda_statement",
            a -> new StatementLambdaElement((ClauseElement) a[0]),
            Attr.optionalClause("statement", e -> e.statement));

    /** The first lambda of a statement: builds it. */
    @FunctionalInterface
    public interface StatementFn extends Serializable {
        ClauseElement build();
    }

    /** A further lambda: adds criteria to the SELECT built so far. */
    @FunctionalInterface
    public interface CriteriaFn extends Serializable {
        ClauseElement apply(Select statement);
    }

    private final LambdaRecord record;
    /** This call's parameters when given ({@link #params}); else they are made by the cache key, when first needed. */
    private final List<BindParameter<?>> givenBinds;
    /** The tracked values of the chain, in the order of {@link LambdaRecord#sources}; null for a spoiled statement. */
    private final Object[] values;
    /** The previous element of the chain and this element's lambda, to run them again ({@link #spoil()}); null in a copy. */
    private final StatementLambdaElement parent;
    private final Object fn;
    /** The statement with this call's values; computed when first needed. */
    private volatile ClauseElement statement;
    /**
     * The key of an analysed statement, made with it: its parameters, made by the key when first
     * needed, must be the same objects for every thread (a compiled form finds them by identity).
     */
    private final CacheKey key;

    private StatementLambdaElement(LambdaRecord record, Object[] values, StatementLambdaElement parent, Object fn) {
        this.record = record;
        this.givenBinds = null;
        this.values = values;
        this.parent = parent;
        this.fn = fn;
        this.key = CacheKey.ofRecord(TRAVERSAL.kind(), record, values, null);
    }

    /** A copy with other parameters ({@link #params}): its lambdas are not kept. */
    private StatementLambdaElement(LambdaRecord record, List<BindParameter<?>> binds) {
        this.record = record;
        this.givenBinds = List.copyOf(binds);
        this.values = new Object[record.valueCount];
        for (int p = 0; p < record.sources.length; p++) {
            if (record.sources[p] >= 0) {
                values[record.sources[p]] = binds.get(p).value();
            }
        }
        this.parent = null;
        this.fn = null;
        this.key = CacheKey.ofRecord(TRAVERSAL.kind(), record, values, givenBinds);
    }

    private StatementLambdaElement(ClauseElement spoiled) {
        this.record = null;
        this.givenBinds = List.of();
        this.values = null;
        this.parent = null;
        this.fn = null;
        this.key = null;
        this.statement = spoiled;
    }

    /** {@code SQL.lambdaStmt}: the statement {@code fn} builds, analysed as {@code options} say. */
    static StatementLambdaElement of(StatementFn fn, LambdaOptions options) {
        return chain(null, fn, options);
    }

    /**
     * Adds criteria with a further lambda (the seed's {@code stmt += lambda s: ...}), which
     * receives the SELECT built so far.
     *
     * <pre>{@code
     * s = s.add(q -> q.where(users.c("name").eq(name)).orderBy(users.c("id")));
     * }</pre>
     */
    public StatementLambdaElement add(CriteriaFn fn) {
        return addCriteria(fn, LambdaOptions.defaults());
    }

    /**
     * {@link #add} with options for the new lambda.
     *
     * <pre>{@code
     * s = s.addCriteria(q -> q.where(filter.condition()), LambdaOptions.builder().trackOn(List.of(filter.condition())).build());
     * }</pre>
     */
    public StatementLambdaElement addCriteria(CriteriaFn fn, LambdaOptions options) {
        if (record == null) {
            return new StatementLambdaElement(asStatement(fn.apply(selectInput(statement)), null));
        }
        return chain(this, fn, options);
    }

    /**
     * A statement that runs all its lambdas again now, and then behaves like the statement
     * they built, without analysis: further {@link #add} calls run at once. For checking a
     * lambda statement against its uncached form.
     */
    public StatementLambdaElement spoil() {
        return new StatementLambdaElement(runAll());
    }

    /** The statement the lambdas build, with this call's values. */
    public ClauseElement statement() {
        ClauseElement s = statement;
        if (s == null) {
            Map<ClauseElement, ClauseElement> replaced = new IdentityHashMap<>();
            List<BindParameter<?>> binds = binds();
            for (int p = 0; p < binds.size(); p++) {
                replaced.put(record.binds.get(p), binds.get(p));
            }
            // what made a statement inside (an ORM query) makes it again with this call's values, not the first call's
            s = record.statement.replace(replaced::get, true);
            statement = s;
        }
        return s;
    }

    /**
     * This call's parameters: those of the cache key, which makes them once, so that the
     * statement and a compiled form's positions in the key agree on each parameter's identity.
     */
    private List<BindParameter<?>> binds() {
        return record == null ? givenBinds : cacheKey().bindParams();
    }

    public boolean isSelect() {
        return shape() instanceof SelectBase;
    }

    public boolean isInsert() {
        return shape() instanceof Insert;
    }

    public boolean isUpdate() {
        return shape() instanceof Update;
    }

    public boolean isDelete() {
        return shape() instanceof Delete;
    }

    public boolean isDml() {
        return shape() instanceof DmlStatement;
    }

    public boolean isText() {
        return shape() instanceof TextClause;
    }

    @Override
    protected Traversal<?> traversal() {
        return record == null ? SPOILED : TRAVERSAL;
    }

    /**
     * The key: for an analysed statement, its call sites and captured structure (the record)
     * with this call's parameters; for a spoiled one, the key of the statement its lambdas
     * built, or null when that cannot be cached.
     */
    @Override
    public CacheKey cacheKey() {
        if (record == null) {
            return super.cacheKey();
        }
        return key;
    }

    @Override
    public String compileWith(SqlCompiler compiler) {
        return compiler.process(statement());
    }

    /** Compiles the statement the lambdas build. */
    @Override
    public Compiled compile(Dialect dialect, SchemaTranslateMap schemaTranslateMap, CompileOption... options) {
        return statement().compile(dialect, schemaTranslateMap, options);
    }

    @Override
    public ClauseElement forExecution(Set<String> parameterKeys) {
        return statement().forExecution(parameterKeys);
    }

    @Override
    public List<FromClause> fromObjects() {
        return statement().fromObjects();
    }

    /** The statement as analysed, which has the type of every call's statement. */
    private ClauseElement shape() {
        return record == null ? statement : record.statement;
    }

    private ClauseElement runAll() {
        if (fn == null) {
            return statement();
        }
        return asStatement(run(fn, parent == null ? null : selectInput(parent.runAll())), null);
    }

    /** The element for {@code fn} after {@code parent}: analysed, or spoiled when it cannot be. */
    private static StatementLambdaElement chain(StatementLambdaElement parent, Object fn, LambdaOptions options) {
        LambdaSite site = LambdaSite.of(fn);
        if (site.analysable()) {
            Object[] captured = site.captured(fn);
            for (;;) {
                LambdaLink link = LambdaLink.of(site, fn, captured, options);
                if (link.uncacheable) {
                    break;
                }
                LambdaRecord r = LambdaRecord.of(parent == null ? null : parent.record, link);
                if (r == LambdaRecord.NO_CACHE) {
                    break;
                }
                if (r != LambdaRecord.RETRY) {
                    Object[] values = parent == null ? link.values : concat(parent.values, link.values);
                    return new StatementLambdaElement(r, values, parent, fn);
                }
            }
        }
        Select input = parent == null ? null : selectInput(parent.statement());
        return new StatementLambdaElement(asStatement(run(fn, input), null));
    }

    /** Runs a lambda of either kind. */
    static Object run(Object fn, Select input) {
        return fn instanceof StatementFn s ? s.build() : ((CriteriaFn) fn).apply(input);
    }

    /** What a further lambda receives: the statement so far, which must be a SELECT. */
    static Select selectInput(ClauseElement statement) {
        if (statement instanceof Select s) {
            return s;
        }
        throw new ArgumentException("add() and addCriteria() extend a SELECT, but this lambda statement is a "
                + statement.getClass().getSimpleName() + "; build the whole statement in one lambdaStmt(...)");
    }

    /** A lambda's result, which must be a statement. */
    static ClauseElement asStatement(Object built, LambdaSite site) {
        if (built instanceof ClauseElement c && !(built instanceof StatementLambdaElement)) {
            return c;
        }
        throw new ArgumentException("A lambda statement's lambda must return a SQL statement, "
                + (site == null ? "" : site.description() + " ") + "returned " + (built == null ? "null" : built.getClass().getName()));
    }

    /**
     * A captured collection as a parameter value: copied, so that the statement stays as it was
     * built. An immutable list ({@code List.of}, {@code List.copyOf}) is taken as it is, without
     * a copy per call; a collection holding null is copied into an unmodifiable list.
     */
    static Object frozen(Object value) {
        if (!(value instanceof Collection<?> c)) {
            return value;
        }
        try {
            return List.copyOf(c);
        } catch (NullPointerException e) {
            // List.copyOf refuses nulls, and an IN list may hold one.
            return Collections.unmodifiableList(new ArrayList<>(c));
        }
    }

    private static Object[] concat(Object[] a, Object[] b) {
        if (b.length == 0) {
            return a;
        }
        Object[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<BindParameter<?>> castBinds(Object o) {
        return (List<BindParameter<?>>) o;
    }
}
