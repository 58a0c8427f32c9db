package dev.retort.sql;

import static dev.retort.sql.SQL.exists;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.CompileException;
import dev.retort.schema.Table;
import dev.retort.sql.RenderingFixesTest.Schema;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Correlation as SQLAlchemy has it, checked by the rows it gives on each database (the SQL itself
 * is compared with SQLAlchemy's in the ported suite, CorrelateTest): a subquery in WHERE or the
 * columns clause drops the FROM clauses of the statement around it; {@link Select#correlate}
 * and {@link Select#correlateExcept} name what drops instead, also from further out; when every
 * FROM clause would drop automatically, compiling is an error. The data (see
 * {@link RenderingFixesTest#withData}): users 1-4, user 1 has address 1, user 2 addresses 2 and
 * 3; orders on addresses 1 and 3; user ages 30, 7, 30, 5.
 */
class CorrelationTest {
    private static Select addressCount(Schema s) {
        Table a = s.addresses;
        return select(func("count", a.c("id"))).where(a.c("user_id").eq(s.u("id")));
    }

    private static Map<Long, Long> perUser(Connection c, Schema s, Select count) {
        Map<Long, Long> out = new TreeMap<>();
        c.execute(select(s.u("id"), count.scalarSubquery().label("n"))).all()
                .forEach(r -> out.put(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()));
        return out;
    }

    @EachDatabase
    void aScalarSubqueryCountsPerEnclosingRowUnlessCorrelationIsOff(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            assertThat(perUser(c, s, addressCount(s))).isEqualTo(Map.of(1L, 1L, 2L, 2L, 3L, 0L, 4L, 0L));
            assertThat(perUser(c, s, addressCount(s).correlate(s.users))).isEqualTo(Map.of(1L, 1L, 2L, 2L, 3L, 0L, 4L, 0L));
            // correlate(): the subquery has its own users, so it counts every matching pair (3) for each row
            assertThat(perUser(c, s, addressCount(s).correlate())).isEqualTo(Map.of(1L, 3L, 2L, 3L, 3L, 3L, 4L, 3L));
            assertThat(perUser(c, s, addressCount(s).correlateExcept(s.users))).isEqualTo(Map.of(1L, 3L, 2L, 3L, 3L, 3L, 4L, 3L));
            assertThat(perUser(c, s, addressCount(s).correlateExcept())).isEqualTo(Map.of(1L, 1L, 2L, 2L, 3L, 0L, 4L, 0L));
        });
    }

    /** The innermost of three levels refers to users, a FROM clause two levels out. */
    private static Select usersWithOrdersOverAge(Schema s, boolean explicit) {
        Table a = s.addresses;
        Table o = s.orders;
        Select orders = select(o.c("id")).where(o.c("address_id").eq(a.c("id")), s.u("age").gt(10));
        if (explicit) {
            orders = orders.correlate(s.users, a);
        }
        return select(s.u("id")).where(exists(select(a.c("id")).where(a.c("user_id").eq(s.u("id")), exists(orders))));
    }

    @EachDatabase
    void explicitCorrelationReachesPastTheImmediatelyEnclosingSelect(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            // Only user 1 is over 10 and has an address with an order.
            assertThat(RenderingFixesTest.values(c, usersWithOrdersOverAge(s, true))).containsExactly(1L);
            // Automatically only the middle level's addresses correlate: the innermost has users of its own,
            // so "some user is over 10" holds for every user with an ordered address.
            assertThat(RenderingFixesTest.values(c, usersWithOrdersOverAge(s, false))).containsExactly(1L, 2L);
        });
    }

    @EachDatabase
    void aSubqueryWhoseFromClausesAllCorrelateNeedsThemNamed(Database db) {
        RenderingFixesTest.withData(db, (s, c) -> {
            Table a = s.addresses;
            Select inner = select(s.u("name")).where(s.u("id").eq(a.c("user_id")));
            Select outer = select(a.c("id"), inner.scalarSubquery().label("owner")).selectFrom(s.users, a).where(a.c("user_id").eq(s.u("id")));
            assertThatThrownBy(() -> outer.compile(db.engine().dialect())).isInstanceOf(CompileException.class)
                    .hasMessageContaining("no FROM clauses after auto-correlation");
            Select named = select(a.c("id"), inner.correlate(s.users, a).scalarSubquery().label("owner")).selectFrom(s.users, a)
                    .where(a.c("user_id").eq(s.u("id")));
            List<String> owners = new ArrayList<>();
            c.execute(named.orderBy(a.c("id"))).all().forEach(r -> owners.add((String) r.get(1)));
            assertThat(owners).containsExactly("ann", "bob", "bob");
            assertThat(c.execute(select(a.c("id"), inner.correlateExcept().scalarSubquery().label("owner")).selectFrom(s.users, a)
                    .where(a.c("user_id").eq(s.u("id")))).all()).hasSize(3);
        });
    }

    @Test
    void correlationIsPartOfTheStatementKeyAndCallsAccumulate() {
        Schema s = new Schema("");
        Select base = addressCount(s);
        List<Select> variants = List.of(base, base.correlate(), base.correlate(s.users), base.correlate(s.addresses),
                base.correlate(s.users, s.addresses), base.correlateExcept(), base.correlateExcept(s.users), base.correlate(s.users).correlateExcept());
        assertThat(new HashSet<>(variants.stream().map(Select::cacheKey).toList())).hasSize(variants.size());
        assertThat(base.isAutoCorrelate()).isTrue();
        assertThat(base.correlate(s.users).correlate(s.addresses).correlateFroms()).containsExactly(s.users, s.addresses);
        // No argument resets, as correlate(None) does in SQLAlchemy.
        assertThat(base.correlate(s.users).correlate().correlateFroms()).isEmpty();
        assertThat(base.correlateExcept(s.users).correlatesExcept()).isTrue();
        assertThat(base.correlate(s.users).where(s.u("age").gt(1)).limit(3).distinct().correlateFroms()).containsExactly(s.users);
        assertThat(base.correlate(s.users).compile(Dialects.defaultDialect()).string())
                .isEqualTo(base.compile(Dialects.defaultDialect()).string());
    }
}
