package dev.retort.orm;

import dev.retort.dialect.Dialect;
import dev.retort.engine.Connection;
import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Delete;
import dev.retort.sql.FromClause;
import dev.retort.sql.SQL;
import dev.retort.sql.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A query-level UPDATE or DELETE ({@link Query#update}, {@link Query#delete}): one statement
 * over the query's entity table, criteria and loader criteria, then the session's instances brought in line with
 * it, as the {@link Query.Synchronize} strategy says.
 */
final class BulkOperation {
    private final Session session;
    private final Mapper<?> mapper;
    /** The query's criteria, which the session's instances are evaluated against. */
    private final List<ClauseElement> criteria = new ArrayList<>();
    /** The statements' WHERE: the criteria, and a single-table subclass's discriminator values (its instances need no evaluation of them). */
    private final ClauseElement[] where;

    BulkOperation(Session session, Query<?> query) {
        if (query.entities().size() != 1 || !(query.entities().get(0) instanceof Mapper<?> m)) {
            throw new ArgumentException("A bulk update or delete needs a query of one mapped class, not " + query.entities());
        }
        if (!query.joinSteps().isEmpty() || query.limitValue() != null || query.fetchClause() != null || query.offsetValue() != null || query.isDistinct()
                || !query.ordering().isEmpty()
                || !query.groupByClauses().isEmpty() || !query.havingCriteria().isEmpty() || !query.distinctOnClauses().isEmpty()) {
            throw new ArgumentException("A bulk update or delete takes criteria only: no joins, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET or DISTINCT");
        }
        if (m.isReadOnly()) {
            throw new ArgumentException(m.mappedClass().getName() + " is a record, mapped read-only");
        }
        this.session = session;
        this.mapper = m;
        query.criteria().forEach(c -> criteria.add(Selectables.core(c)));
        // the loader criteria (the query's, its session's) after the query's own, as SQLAlchemy adds them to
        // update(User).options(with_loader_criteria(...)): rows outside them are neither changed nor deleted
        for (LoaderCriteria c : query.loaderCriteria()) {
            ClauseElement rows = c.forEntity(m);
            if (rows != null) {
                criteria.add(rows);
            }
        }
        List<ClauseElement> all = new ArrayList<>(criteria);
        ClauseElement subclassRows = m.singleTableCriterion(m.table());
        if (subclassRows != null) {
            all.add(subclassRows);
        }
        this.where = all.toArray(new ClauseElement[0]);
    }

    int update(Map<?, ?> values, Query.Synchronize sync) {
        if (values.isEmpty()) {
            throw new ArgumentException("update() needs values to set");
        }
        Map<Column<?>, Object> set = new LinkedHashMap<>();
        values.forEach((k, v) -> set.put(column(k), v instanceof ClauseElement e ? Selectables.core(e) : v));
        session.autoflush();
        Update statement = SQL.update(mapper.table()).values(set).where(where);
        Matched m = run(statement, statement::returning, sync, session.connection().dialect().supportsUpdateReturning());
        Map<InstanceState, Map<ColumnProp, Object>> evaluated = new LinkedHashMap<>();
        boolean expire = sync == Query.Synchronize.EXPIRE;
        if (sync == Query.Synchronize.EVALUATE) {
            try {
                InstanceEvaluator ev = new InstanceEvaluator(mapper);
                // the instances as they were before the statement: the flush had left them as their rows were
                for (InstanceState st : m.states) {
                    Map<ColumnProp, Object> next = new LinkedHashMap<>();
                    set.forEach((c, v) -> next.put(mapper.columnProp(c), v instanceof ClauseElement e ? ev.value(e, st) : v));
                    evaluated.put(st, next);
                }
            } catch (InstanceEvaluator.CannotEvaluate | ArithmeticException e) {
                expire = true;
            }
        }
        if (expire) {
            m.states.forEach(session::expire);
        } else {
            evaluated.forEach((st, next) -> next.forEach((p, v) -> {
                p.set(st.instance, st, v);
                st.setFlushed(p, p.snapshot(v));
            }));
        }
        return m.rows;
    }

    int delete(Query.Synchronize sync) {
        session.autoflush();
        Delete statement = SQL.delete(mapper.table()).where(where);
        Dialect d = session.connection().dialect();
        Matched m = run(statement, statement::returning, sync, d.supportsReturning() && (!multiTable() || d.supportsMultiTableDeleteReturning()));
        m.states.forEach(session::bulkDeleted);
        return m.rows;
    }

    /** The rows a statement matched, and the session's instances among them. */
    private record Matched(int rows, List<InstanceState> states) {
    }

    /**
     * Runs {@code statement} and tells the session's instances it matched: evaluated in memory
     * (falling back to asking the database when the criteria cannot be), by the database's answer
     * for {@code EXPIRE}, none for {@code NONE}. The database answers as SQLAlchemy's
     * {@code synchronize_session="fetch"} has it: with {@code returning} (the statement RETURNING
     * the primary key) where the dialect can, else a SELECT of the keys first.
     */
    private Matched run(ClauseElement statement, Function<Object[], ClauseElement> returning, Query.Synchronize sync, boolean canReturn) {
        List<InstanceState> candidates = new ArrayList<>();
        for (InstanceState st : session.states()) {
            // the subclasses' instances too: their rows are the statement's as well
            if (mapper.mappedClass().isInstance(st.instance) && st.status == InstanceState.Status.PERSISTENT && st.hasKey()) {
                candidates.add(st);
            }
        }
        Connection conn = session.connection();
        boolean ask = sync == Query.Synchronize.EXPIRE;
        if (sync == Query.Synchronize.EVALUATE && !candidates.isEmpty()) {
            try {
                InstanceEvaluator ev = new InstanceEvaluator(mapper);
                List<InstanceState> out = new ArrayList<>();
                for (InstanceState st : candidates) {
                    if (criteria.stream().allMatch(c -> ev.matches(c, st))) {
                        out.add(st);
                    }
                }
                return new Matched(conn.execute(statement).rowCount(), out);
            } catch (InstanceEvaluator.CannotEvaluate e) {
                ask = true;
            }
        }
        Object[] key = mapper.primaryKeyProps().stream().map(p -> p.column).toArray();
        if (ask && canReturn) {
            List<Row> rows = conn.execute(returning.apply(key)).all();
            return new Matched(rows.size(), inSession(rows));
        }
        List<InstanceState> matched = ask && !candidates.isEmpty()
                ? inSession(conn.execute(SQL.select(key).selectFrom(mapper.table()).where(where)).all())
                : List.of();
        return new Matched(conn.execute(statement).rowCount(), matched);
    }

    /** The session's instances of the primary keys {@code rows} hold. */
    private List<InstanceState> inSession(List<Row> rows) {
        int width = mapper.primaryKeyProps().size();
        List<InstanceState> out = new ArrayList<>();
        for (Row r : rows) {
            List<Object> key = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                key.add(r.get(i));
            }
            IdentityKey k = IdentityKey.of(mapper, key);
            Object inst = k == null ? null : session.identity(k);
            if (inst != null) {
                out.add(session.state(inst));
            }
        }
        return out;
    }

    /** Whether the criteria read other tables than the entity's: a multi-table statement (UPDATE ... FROM, DELETE ... USING). */
    private boolean multiTable() {
        for (ClauseElement c : where) {
            for (FromClause f : c.fromObjects()) {
                if (f != mapper.table()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A key of the values map: an attribute key, an attribute of the entity, or a column of its table. */
    private Column<?> column(Object key) {
        Object k = key instanceof QueryableAttribute<?> a ? a.key() : key;
        if (k instanceof String name && mapper.prop(name) instanceof ColumnProp p) {
            return p.column;
        }
        if (k instanceof Column<?> c && c.table() == mapper.table()) {
            return c;
        }
        throw new ArgumentException("update() sets column attributes of " + mapper.entityName() + ", not " + key);
    }
}
