package dev.retort.orm;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.BindParameter;
import dev.retort.sql.BooleanClauseList;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Operator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Opens {@link ShardedSession}s over several databases that hold the same tables, each row in
 * one of them (horizontal sharding). Three choosers place the work: the {@link ShardChooser}
 * picks the shard of a new instance, the {@link IdentityChooser} the shards that may hold a
 * primary key, the {@link QueryChooser} the shards a query runs on.
 *
 * <pre>{@code
 * ShardedSessionFactory shards = ShardedSessionFactory.builder()
 *         .shard("eu", euEngine).shard("us", usEngine).shard("asia", asiaEngine)
 *         .shardChooser(o -> ((Weather) o).continent)
 *         .queryChooser(QueryChooser.byAttribute(ORM.attr(Weather.class, "continent"), continent -> List.of(continent)))
 *         .build();                                  // identity chooser by default: every shard, in order
 * try (ShardedSession session = shards.open()) { ... }
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class ShardedSessionFactory {
    private final Map<String, SessionFactory> shards;
    private final List<String> shardOrder;
    private final ShardChooser shardChooser;
    private final IdentityChooser identityChooser;
    private final QueryChooser queryChooser;

    private ShardedSessionFactory(Builder b) {
        this.shards = Map.copyOf(b.shards);
        this.shardOrder = List.copyOf(b.shards.keySet());
        this.shardChooser = b.shardChooser;
        this.identityChooser = b.identityChooser != null ? b.identityChooser : (type, pk) -> shardOrder;
        this.queryChooser = b.queryChooser != null ? b.queryChooser : QueryChooser.ALL;
    }

    /** A builder: add shards with {@link Builder#shard}, and a {@link ShardChooser}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A new session over the shards; close it when done. */
    public ShardedSession open() {
        return new ShardedSession(this);
    }

    /** The shards' ids, in the order they were added. */
    public List<String> shardIds() {
        return shardOrder;
    }

    /** The engine of a shard. */
    public Engine engine(String shard) {
        return factory(shard).engine();
    }

    SessionFactory factory(String shard) {
        SessionFactory f = shards.get(shard);
        if (f == null) {
            throw new ArgumentException("No shard '" + shard + "'; the shards are " + shardOrder);
        }
        return f;
    }

    ShardChooser shardChooser() {
        return shardChooser;
    }

    IdentityChooser identityChooser() {
        return identityChooser;
    }

    QueryChooser queryChooser() {
        return queryChooser;
    }

    /** Picks the shard a new instance is inserted into (the seeds' {@code shard_chooser}). */
    @FunctionalInterface
    public interface ShardChooser {
        String shardFor(Object instance);
    }

    /**
     * The shards that may hold the instance of {@code type} with {@code primaryKey}, tried in
     * order by {@link ShardedSession#get} (the seeds' {@code identity_chooser}).
     */
    @FunctionalInterface
    public interface IdentityChooser {
        List<String> shardsFor(Class<?> type, Object primaryKey);
    }

    /**
     * The shards a query runs on (the seeds' {@code query_chooser}); the results of several
     * are merged. {@code allShards} lists every shard, for a query the chooser cannot narrow.
     */
    @FunctionalInterface
    public interface QueryChooser {
        /** Every query on every shard. */
        QueryChooser ALL = (criteria, allShards) -> allShards;

        List<String> shardsFor(List<ClauseElement> criteria, List<String> allShards);

        /**
         * Reads the query's criteria for {@code attribute = value} or {@code attribute IN
         * (values)} among its top-level AND-ed conditions and runs it on the shards
         * {@code shardsOf} gives for those values; a query that does not constrain the
         * attribute that way runs on every shard.
         *
         * <pre>{@code
         * QueryChooser.byAttribute(ORM.attr(Weather.class, "continent"), continent -> List.of(continent.toString()))
         * }</pre>
         */
        static QueryChooser byAttribute(ClauseElement attribute, Function<Object, Collection<String>> shardsOf) {
            // An ORM attribute also matches its column, in a Core SELECT's criteria.
            ClauseElement column = attribute instanceof QueryableAttribute<?> a && a.prop() instanceof ColumnProp p ? p.column : attribute;
            return (criteria, allShards) -> {
                Set<String> chosen = null;
                for (ClauseElement c : conjuncts(criteria)) {
                    Collection<?> values = valuesFor(attribute, c);
                    values = values != null ? values : valuesFor(column, c);
                    if (values == null) {
                        continue;
                    }
                    Set<String> here = new LinkedHashSet<>();
                    values.forEach(v -> here.addAll(shardsOf.apply(v)));
                    if (chosen == null) {
                        chosen = here;
                    } else {
                        chosen.retainAll(here);   // both conditions hold: only shards both allow
                    }
                }
                return chosen == null ? allShards : allShards.stream().filter(chosen::contains).toList();
            };
        }

        private static List<ClauseElement> conjuncts(List<ClauseElement> criteria) {
            List<ClauseElement> out = new ArrayList<>();
            for (ClauseElement c : criteria) {
                if (c instanceof BooleanClauseList l && l.operator() == Operator.AND) {
                    out.addAll(conjuncts(l.clauses()));
                } else {
                    out.add(c);
                }
            }
            return out;
        }

        /** The values {@code condition} allows {@code attribute}, or null when it is not {@code attribute = v} / {@code IN (...)}. */
        private static Collection<?> valuesFor(ClauseElement attribute, ClauseElement condition) {
            if (!(condition instanceof BinaryExpression<?> b) || !b.left().compare(attribute)) {
                return null;
            }
            if (!(b.right() instanceof BindParameter<?> p)) {
                return null;
            }
            if (b.operator() == Operator.EQ) {
                return java.util.Collections.singletonList(p.value());
            }
            return b.operator() == Operator.IN && p.value() instanceof Collection<?> values ? values : null;
        }
    }

    /** Settings of a {@link ShardedSessionFactory}. */
    public static final class Builder {
        private final Map<String, SessionFactory> shards = new LinkedHashMap<>();
        private ShardChooser shardChooser;
        private IdentityChooser identityChooser;
        private QueryChooser queryChooser;

        private Builder() {
        }

        /** Adds a shard: its id and the engine of its database. */
        public Builder shard(String id, Engine engine) {
            return shard(id, SessionFactory.of(engine));
        }

        /** Adds a shard whose sessions have the settings of {@code factory}. */
        public Builder shard(String id, SessionFactory factory) {
            if (id == null || factory == null || shards.putIfAbsent(id, factory) != null) {
                throw new ArgumentException("A shard needs a unique id and a factory; got " + id);
            }
            return this;
        }

        public Builder shardChooser(ShardChooser chooser) {
            this.shardChooser = chooser;
            return this;
        }

        public Builder identityChooser(IdentityChooser chooser) {
            this.identityChooser = chooser;
            return this;
        }

        public Builder queryChooser(QueryChooser chooser) {
            this.queryChooser = chooser;
            return this;
        }

        public ShardedSessionFactory build() {
            if (shards.isEmpty() || shardChooser == null) {
                throw new ArgumentException("A ShardedSessionFactory needs at least one shard and a shard chooser");
            }
            return new ShardedSessionFactory(this);
        }
    }
}
