package dev.retort.orm;

import dev.retort.engine.Row;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.SQL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<InstanceState> matched = before(sync);
        Map<InstanceState, Map<ColumnProp, Object>> evaluated = new LinkedHashMap<>();
        boolean expire = sync == Query.Synchronize.EXPIRE;
        if (sync == Query.Synchronize.EVALUATE) {
            try {
                InstanceEvaluator ev = new InstanceEvaluator(mapper);
                for (InstanceState st : matched) {
                    Map<ColumnProp, Object> next = new LinkedHashMap<>();
                    set.forEach((c, v) -> next.put(mapper.columnProp(c), v instanceof ClauseElement e ? ev.value(e, st) : v));
                    evaluated.put(st, next);
                }
            } catch (InstanceEvaluator.CannotEvaluate | ArithmeticException e) {
                expire = true;
            }
        }
        int n = session.connection().execute(SQL.update(mapper.table()).values(set).where(where)).rowCount();
        if (expire) {
            matched.forEach(session::expire);
        } else {
            evaluated.forEach((st, next) -> next.forEach((p, v) -> {
                p.set(st.instance, st, v);
                st.setFlushed(p, p.snapshot(v));
            }));
        }
        return n;
    }

    int delete(Query.Synchronize sync) {
        session.autoflush();
        List<InstanceState> matched = before(sync);
        int n = session.connection().execute(SQL.delete(mapper.table()).where(where)).rowCount();
        matched.forEach(session::bulkDeleted);
        return n;
    }

    /**
     * The session's instances the statement will match: evaluated in memory (falling back to
     * asking the database when the criteria cannot be), by the database's answer for
     * {@code EXPIRE}, none for {@code NONE}.
     */
    private List<InstanceState> before(Query.Synchronize sync) {
        List<InstanceState> candidates = new ArrayList<>();
        for (InstanceState st : session.states()) {
            // the subclasses' instances too: their rows are the statement's as well
            if (mapper.mappedClass().isInstance(st.instance) && st.status == InstanceState.Status.PERSISTENT && st.key != null) {
                candidates.add(st);
            }
        }
        if (sync == Query.Synchronize.NONE || candidates.isEmpty()) {
            return List.of();
        }
        if (sync == Query.Synchronize.EVALUATE) {
            try {
                InstanceEvaluator ev = new InstanceEvaluator(mapper);
                List<InstanceState> out = new ArrayList<>();
                for (InstanceState st : candidates) {
                    if (criteria.stream().allMatch(c -> ev.matches(c, st))) {
                        out.add(st);
                    }
                }
                return out;
            } catch (InstanceEvaluator.CannotEvaluate e) {
                // Asked of the database instead, as EXPIRE does.
            }
        }
        List<ColumnProp> pk = mapper.primaryKeyProps();
        List<Object> cols = new ArrayList<>();
        pk.forEach(p -> cols.add(p.column));
        List<InstanceState> out = new ArrayList<>();
        for (Row r : session.connection().execute(SQL.select(cols.toArray()).selectFrom(mapper.table()).where(where)).all()) {
            List<Object> key = new ArrayList<>();
            for (int i = 0; i < pk.size(); i++) {
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
