package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A registry's kept query plans ({@link Registry#queryPlanCacheSize}): reused by shape, made again after a mapping changes. */
class QueryPlanCacheTest {
    /** Staff of a single-table hierarchy whose subclass is mapped after a query ran. */
    public static class Staff {
        Integer id;
        String kind;
    }

    /** A clerk: the rows of kind "clerk", once mapped. */
    public static class Clerk extends Staff {
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table staff = new Table("staff" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey(), Column.of("kind", Types.string(20)));

    @Test
    void aSubclassMappedAfterAQueryRanIsLoadedByTheNextQueryOfThatShape() {
        t.registry.queryPlanCacheSize(500);
        t.registry.mapImperatively(Staff.class, staff, Map.of(), ORM.polymorphicOn(staff.c("kind")).identity("staff"));
        t.start(Databases.Database.SQLITE).inTransaction(c -> c.execute(dev.retort.sql.SQL.insert(staff),
                java.util.List.of(Map.of("id", 1, "kind", "staff"), Map.of("id", 2, "kind", "clerk"))));
        try (Session s = t.open()) {
            s.query(Staff.class).filter(ORM.attr(Staff.class, "id").eq(1)).one();
        }
        t.registry.mapImperatively(Clerk.class, staff, Map.of(), ORM.inherits(Staff.class).identity("clerk"));
        long before = QueryPlanProbe.reused(t.registry);
        try (Session s = t.open()) {
            // the shape of the query before the mapping changed: planned again, reading the discriminator for the subclass
            assertThat(s.query(Staff.class).filter(ORM.attr(Staff.class, "id").eq(2)).one()).isInstanceOf(Clerk.class);
            assertThat(s.query(Staff.class).filter(ORM.attr(Staff.class, "id").eq(1)).one()).isNotInstanceOf(Clerk.class);
        }
        assertThat(QueryPlanProbe.reused(t.registry) - before).as("the second query after the change took the new plan").isEqualTo(1);
    }

    @Test
    void plansAreNotKeptUnlessAsked() {
        t.registry.mapImperatively(Staff.class, staff);
        t.start(Databases.Database.SQLITE).inTransaction(c -> c.execute(dev.retort.sql.SQL.insert(staff), Map.of("id", 1, "kind", "staff")));
        long before = QueryPlanProbe.reused(t.registry);
        try (Session s = t.open()) {
            for (int id = 0; id < 3; id++) {
                s.query(Staff.class).filter(ORM.attr(Staff.class, "id").eq(id)).all();
            }
        }
        assertThat(QueryPlanProbe.reused(t.registry) - before).isZero();
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThatThrownBy(() -> t.registry.queryPlanCacheSize(-1)).isInstanceOf(ArgumentException.class);
    }
}
