package dev.retort.redis;

import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.DmlStatement;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.TreeSet;

/** The keys of the tables a statement reads or writes, found by walking its tree. */
final class ReadTables {
    private ReadTables() {
    }

    static Set<String> of(ClauseElement statement) {
        Set<String> keys = new TreeSet<>();
        walk(statement, keys, Collections.newSetFromMap(new IdentityHashMap<>()));
        return keys;
    }

    private static void walk(ClauseElement e, Set<String> keys, Set<ClauseElement> seen) {
        if (!seen.add(e)) {
            return;
        }
        if (e instanceof TableClause t) {
            keys.add(t.key());
        } else if (e instanceof ColumnClause<?> c && c.table() != null) {
            keys.add(c.table().key());
        } else if (e instanceof DmlStatement d) {
            keys.add(d.table().key());
        } else if (e instanceof StatementLambdaElement l) {
            // Its children are its parameters; the tables are in the statement its lambdas built.
            walk(l.statement(), keys, seen);
        }
        for (ClauseElement child : e.getChildren()) {
            walk(child, keys, seen);
        }
    }
}
