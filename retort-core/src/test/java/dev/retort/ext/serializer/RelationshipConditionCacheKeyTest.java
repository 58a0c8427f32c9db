package dev.retort.ext.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.AliasedEntity;
import dev.retort.orm.ORM;
import dev.retort.orm.Query;
import dev.retort.sql.CacheKey;
import dev.retort.sql.Select;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A relationship's declared join condition with a bound value ({@code ck_note.body != 'gone'}, the {@code '/%'} of a
 * self-referential remote() one) used twice in one statement, by a join and by an any(): the query and its loaded copies
 * have one cache key and one SQL. The copy's any() holds a loaded condition, which cannot be the mapping's own, so
 * neither may the original's (found by {@link OrmCacheKeyPropertyTest} at seed 20261207).
 */
class RelationshipConditionCacheKeyTest {
    private static List<Query<?>> joinedAndAny() {
        java.util.Objects.requireNonNull(OrmConstructsGenerator.REGISTRY, "the generator's classes mapped");
        AliasedEntity<OrmConstructsGenerator.CkEdge> other = ORM.aliased(OrmConstructsGenerator.CkEdge.class);
        return List.of(
                ORM.select(ORM.attr(OrmConstructsGenerator.CkEdge.class, "id")).outerJoin(ORM.attr(OrmConstructsGenerator.CkEdge.class, "liveNotes"))
                        .where(ORM.attr(OrmConstructsGenerator.CkEdge.class, "liveNotes").any(ORM.attr(OrmConstructsGenerator.CkNote.class, "body").ne("b1"))),
                ORM.select(ORM.attr(OrmConstructsGenerator.CkEdge.class, "id")).join(other, ORM.attr(OrmConstructsGenerator.CkEdge.class, "descendants"))
                        .where(ORM.attr(OrmConstructsGenerator.CkEdge.class, "descendants").any(ORM.attr(OrmConstructsGenerator.CkEdge.class, "name").eq("d1"))),
                ORM.select(ORM.attr(OrmConstructsGenerator.CkEdge.class, "id"))
                        .where(ORM.attr(OrmConstructsGenerator.CkEdge.class, "liveNotes").any(), ORM.attr(OrmConstructsGenerator.CkEdge.class, "liveNotes").any()));
    }

    @Test
    void aLoadedCopyHasTheKeyAndTheSqlOfTheQuery() {
        for (Query<?> q : joinedAndAny()) {
            Select statement = q.statement();
            CacheKey key = statement.cacheKey();
            for (Protocol p : Protocol.values()) {
                Select loaded = ((Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), OrmConstructsGenerator.MD)).statement();
                assertThat(loaded.cacheKey()).as("%s loaded from %s", statement, p).isEqualTo(key);
                assertThat(loaded.compile().templateString()).isEqualTo(statement.compile().templateString());
                assertThat(loaded.compile().params()).isEqualTo(statement.compile().params());
            }
        }
    }

    @Test
    void eachUseOfTheConditionBindsTheDeclaredValue() {
        Map<String, Object> params = joinedAndAny().get(0).statement().compile().params();
        assertThat(params.values().stream().filter("gone"::equals)).as("%s", params).hasSize(2);
    }
}
