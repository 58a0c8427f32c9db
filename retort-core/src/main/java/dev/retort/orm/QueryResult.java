package dev.retort.orm;

import dev.retort.engine.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of {@link Session#execute(Query)}, in the seeds' 2.0 style: rows, or the first
 * element of each (the instances, for a query of one entity).
 *
 * <pre>{@code
 * List<User> eds = session.execute(ORM.select(User.class).where(ORM.attr(User.class, "name").eq("ed"))).scalars();
 * List<Row> rows = session.execute(ORM.select(User.class, ua)).all();
 * }</pre>
 *
 * @param <T> the class of the first element of each row
 */
public final class QueryResult<T> {
    private final List<Object> results;
    private final String label;

    QueryResult(List<Object> results, String label) {
        this.results = results;
        this.label = label;
    }

    /** Every result as a row (a row of one instance, for a query of one entity). */
    public List<Row> all() {
        if (label == null || results.isEmpty() || results.get(0) instanceof Row) {
            List<Row> out = new ArrayList<>(results.size());
            results.forEach(r -> out.add((Row) r));
            return out;
        }
        List<List<?>> single = new ArrayList<>(results.size());
        results.forEach(r -> single.add(java.util.Collections.singletonList(r)));
        return Row.of(List.of(label), single);
    }

    /** The first element of each row. */
    @SuppressWarnings("unchecked")
    public List<T> scalars() {
        List<T> out = new ArrayList<>(results.size());
        for (Object r : results) {
            out.add((T) (r instanceof Row row ? row.get(0) : r));
        }
        return out;
    }
}
