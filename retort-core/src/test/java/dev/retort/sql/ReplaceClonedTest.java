package dev.retort.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ClauseElement#replaceCloned}: an equal tree sharing no node but schema tables and columns, so used twice it keys as two copies. */
class ReplaceClonedTest {
    private static final Table T = new Table("rc_t", new MetaData(), Column.of("id", Types.INTEGER).primaryKey(), Column.of("body", Types.string(9)));

    private static Set<ClauseElement> nodes(ClauseElement e, Set<ClauseElement> into) {
        if (into.add(e)) {
            e.getChildren().forEach(c -> nodes(c, into));
        }
        return into;
    }

    @Test
    void aClonedTreeIsEqualAndSharesOnlySchemaObjects() {
        ColumnElement<Boolean> declared = SQL.and(T.c("id").gt(3), T.c("body").ne("gone"));
        ClauseElement copy = declared.replaceCloned(n -> null);
        assertThat(copy.compare(declared)).isTrue();
        assertThat(copy.cacheKey()).isEqualTo(declared.cacheKey());
        Set<ClauseElement> shared = nodes(declared, Collections.newSetFromMap(new IdentityHashMap<>()));
        shared.retainAll(nodes(copy, Collections.newSetFromMap(new IdentityHashMap<>())));
        assertThat(shared).containsExactlyInAnyOrder(T.c("id"), T.c("body"));
        // used twice: two parameters each, as a statement holding two equal copies made apart
        Select twice = SQL.select(T.c("id")).where(declared.replaceCloned(n -> null), declared.replaceCloned(n -> null));
        Select apart = SQL.select(T.c("id")).where(SQL.and(T.c("id").gt(3), T.c("body").ne("gone")), SQL.and(T.c("id").gt(3), T.c("body").ne("gone")));
        assertThat(twice.cacheKey()).isEqualTo(apart.cacheKey());
        assertThat(twice.compile().templateString()).isEqualTo(apart.compile().templateString());
    }
}
