package dev.retort.redis;

import dev.retort.schema.Column;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.Delete;
import dev.retort.sql.DmlStatement;
import dev.retort.sql.StatementLambdaElement;
import dev.retort.sql.TableClause;
import dev.retort.sql.TextClause;
import dev.retort.sql.Update;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.TreeSet;

/** The keys of the tables a statement reads or writes, found by walking its tree. */
final class ReadTables {
    private ReadTables() {
    }

    static Set<String> of(ClauseElement statement) {
        return find(statement).tables();
    }

    /**
     * The tables a statement reads and its first piece of raw SQL ({@code text()} or a literal
     * column; null when it has none), whose reads Retort cannot see.
     */
    static Reads find(ClauseElement statement) {
        Reads found = new Reads(new TreeSet<>());
        walk(statement, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    /** What {@link #find} saw. */
    static final class Reads {
        private final Set<String> tables;
        private final Set<String> written = new TreeSet<>();
        private String rawSql;

        private Reads(Set<String> tables) {
            this.tables = tables;
        }

        Set<String> tables() {
            return tables;
        }

        String rawSql() {
            return rawSql;
        }

        /**
         * The tables the statement writes ({@link ReadTables#written}): an INSERT, UPDATE or DELETE anywhere in it,
         * the statement itself or a data-modifying CTE of a SELECT.
         */
        Set<String> written() {
            return written;
        }

        private void raw(String sql) {
            if (rawSql == null) {
                rawSql = sql;
            }
        }
    }

    /**
     * The keys of the tables a write changes: its own table and, for an UPDATE or DELETE of a
     * schema table, the tables of its MetaData whose foreign keys cascade from it (ON DELETE or
     * ON UPDATE CASCADE, SET NULL, SET DEFAULT), along chains of such keys.
     */
    static Set<String> written(DmlStatement write) {
        Set<String> keys = new TreeSet<>();
        keys.add(write.table().key());
        boolean delete = write instanceof Delete;
        if (!(delete || write instanceof Update) || !(write.table() instanceof Table written) || written.metadata() == null) {
            return keys;
        }
        Deque<String> changed = new ArrayDeque<>(keys);
        while (!changed.isEmpty()) {
            String target = changed.pop();
            for (Table t : written.metadata().tables().values()) {
                for (Column<?> c : t.columns()) {
                    for (ForeignKey fk : c.foreignKeys()) {
                        if (fk.targetTableKey().equals(target) && changesReferrers(delete ? fk.onDelete() : fk.onUpdate()) && keys.add(t.key())) {
                            changed.push(t.key());
                        }
                    }
                }
            }
        }
        return keys;
    }

    /** Whether a referential action writes the referring rows (RESTRICT and NO ACTION only refuse). */
    private static boolean changesReferrers(String action) {
        return action != null && !action.equalsIgnoreCase("RESTRICT") && !action.equalsIgnoreCase("NO ACTION");
    }

    private static void walk(ClauseElement e, Reads found, Set<ClauseElement> seen) {
        if (!seen.add(e)) {
            return;
        }
        Set<String> keys = found.tables;
        if (e instanceof TextClause text) {
            found.raw(text.text());
        } else if (e instanceof ColumnClause<?> c && c.isLiteral()) {
            found.raw(c.name());
        }
        if (e instanceof TableClause t) {
            keys.add(t.key());
        } else if (e instanceof ColumnClause<?> c && c.table() != null) {
            keys.add(c.table().key());
        } else if (e instanceof DmlStatement d) {
            keys.add(d.table().key());
            found.written.addAll(written(d));
        } else if (e instanceof StatementLambdaElement l) {
            // Its children are its parameters; the tables are in the statement its lambdas built.
            walk(l.statement(), found, seen);
        }
        for (ClauseElement child : e.getChildren()) {
            walk(child, found, seen);
        }
    }
}
