package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.engine.Engine;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.CacheKey;
import dev.retort.sql.SQL;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ORM query's LIMIT and OFFSET are parameters, as Core's and SQLAlchemy's ({@code select(User).limit(5)} and
 * {@code limit(6)} have one cache key there): a page of another size or place has the query's key and SQL, and sends
 * its own values, also when a statement of its key was compiled and cached before.
 */
class QueryPageCacheKeyTest {
    public static class PgUser {
        Integer id;
        String name;
        List<PgNote> notes = new ArrayList<>();
    }

    public static class PgNote {
        Integer id;
        Integer userId;
        String body;
    }

    private static final MetaData MD = new MetaData();
    private static final Table USERS = new Table("pg_users", MD, Column.of("id", Types.INTEGER).primaryKey(), Column.of("name", Types.string(20)));
    private static final Table NOTES = new Table("pg_notes", MD, Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("user_id", Types.INTEGER).foreignKey("pg_users.id"), Column.of("body", Types.string(20)));
    private static final Registry REGISTRY = new Registry(MD);

    static {
        REGISTRY.mapImperatively(PgUser.class, USERS, Map.of("notes", ORM.relationship(PgNote.class)));
        REGISTRY.mapImperatively(PgNote.class, NOTES);
    }

    private static Query<PgUser> page(int limit, int offset) {
        return ORM.select(PgUser.class).where(ORM.attr(PgUser.class, "name").ne("x")).orderBy(ORM.attr(PgUser.class, "id")).limit(limit).offset(offset);
    }

    @Test
    void pagesOfOtherSizesHaveOneKeyAndOneSqlAsInCore() {
        Query<PgUser> five = page(5, 2);
        Query<PgUser> six = page(6, 3);
        assertThat(SQL.select(USERS).limit(5).offset(2).cacheKey()).isEqualTo(SQL.select(USERS).limit(6).offset(3).cacheKey());
        assertThat(six.cacheKey()).isEqualTo(five.cacheKey());
        CacheKey key = six.statement().cacheKey();
        assertThat(key).isEqualTo(five.statement().cacheKey());
        assertThat(key.bindParams().stream().map(b -> b.value()).toList()).containsExactly("x", 6, 3);
        assertThat(six.statement().compile().templateString()).isEqualTo(five.statement().compile().templateString());
        // the other direction: a page has another structure than no page, or a LIMIT alone
        assertThat(ORM.select(PgUser.class).where(ORM.attr(PgUser.class, "name").ne("x")).orderBy(ORM.attr(PgUser.class, "id")).cacheKey())
                .isNotEqualTo(five.cacheKey());
        assertThat(ORM.select(PgUser.class).where(ORM.attr(PgUser.class, "name").ne("x")).orderBy(ORM.attr(PgUser.class, "id")).limit(5).cacheKey())
                .isNotEqualTo(five.cacheKey());
    }

    @Test
    void eachPageOfACachedShapeSendsItsOwnLimitAndOffset() {
        Engine engine = Engine.create("jdbc:sqlite::memory:");
        MD.createAll(engine);
        ScopedSession session = new ScopedSession(SessionFactory.of(engine));
        try {
            for (int i = 1; i <= 6; i++) {
                PgUser u = new PgUser();
                u.name = "u" + i;
                for (int n = 0; n < 2; n++) {
                    PgNote note = new PgNote();
                    note.body = "n" + i + n;
                    u.notes.add(note);
                }
                session.add(u);
            }
            session.commit();
            long misses = engine.compiledCacheStats().misses();
            long hits = engine.compiledCacheStats().hits();
            for (int size = 1; size <= 4; size++) {
                for (int from = 0; from <= 2; from++) {
                    List<Integer> ids = session.get().execute(page(size, from)).scalars().stream().map(u -> u.id).toList();
                    assertThat(ids).as("LIMIT %d OFFSET %d", size, from).isEqualTo(expected(size, from));
                    // a collection loaded with a join: the page applies to the users, in a subquery
                    List<PgUser> eager = session.get().execute(page(size, from).options(ORM.joinedLoad(ORM.attr(PgUser.class, "notes")))).scalars();
                    assertThat(eager.stream().map(u -> u.id).toList()).as("joined, LIMIT %d OFFSET %d", size, from).isEqualTo(expected(size, from));
                    assertThat(eager).allSatisfy(u -> assertThat(u.notes).hasSize(2));
                    // the query's statement run as Core: its key held the page before, so each page compiled anew
                    List<Object> rows = session.get().execute(page(size, from).statement()).all().stream().map(r -> r.get(0)).toList();
                    assertThat(rows).as("statement, LIMIT %d OFFSET %d", size, from).isEqualTo(new ArrayList<Object>(expected(size, from)));
                }
            }
            assertThat(engine.compiledCacheStats().misses() - misses).as("one compilation per shape, not per page: %s", engine.compiledCacheStats())
                    .isLessThanOrEqualTo(3);
            assertThat(engine.compiledCacheStats().hits() - hits).as("%s", engine.compiledCacheStats()).isGreaterThanOrEqualTo(33);
        } finally {
            session.remove();
            engine.dispose();
        }
    }

    private static List<Integer> expected(int size, int from) {
        List<Integer> out = new ArrayList<>();
        for (int id = from + 1; id <= Math.min(6, from + size); id++) {
            out.add(id);
        }
        return out;
    }
}
