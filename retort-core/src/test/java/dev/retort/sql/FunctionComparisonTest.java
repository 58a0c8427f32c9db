package dev.retort.sql;

import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.func;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.Test;

/** {@link FunctionCall#asComparison}: SQLAlchemy's {@code as_comparison()}; expected SQL from SQLAlchemy 2.1.1. */
class FunctionComparisonTest {
    static final TableClause PLACES = table("places", column("pos", Types.INTEGER), column("lo", Types.INTEGER), column("hi", Types.INTEGER));

    private static FunctionComparison between() {
        return func("is_between", PLACES.c("pos"), PLACES.c("lo"), PLACES.c("hi")).asComparison(1, 3);
    }

    @Test
    void writtenAsTheFunctionWithItsArgumentsAsSides() {
        Select s = select(PLACES.c("pos")).where(between());
        assertThat(s.compile().string().replaceAll("\\s+", " ")).isEqualTo("SELECT places.pos FROM places WHERE is_between(places.pos, places.lo, places.hi)");
        assertThat(s.compile(Dialects.postgresql()).string().replaceAll("\\s+", " "))
                .isEqualTo("SELECT places.pos FROM places WHERE is_between(places.pos, places.lo, places.hi)");
        assertThat(between().left()).isSameAs(PLACES.c("pos"));
        assertThat(between().right()).isSameAs(PLACES.c("hi"));
        assertThat(between().type()).isEqualTo(Types.BOOLEAN);
        assertThatThrownBy(() -> func("f", 1, 2).asComparison(1, 3)).isInstanceOf(ArgumentException.class).hasMessageContaining("asComparison(1, 3)");
    }

    @Test
    void indexesEnterTheKeyAndTheSerializerRoundTrips() {
        FunctionCall<?> f = func("is_between", PLACES.c("pos"), PLACES.c("lo"), PLACES.c("hi"));
        assertThat(select(PLACES.c("pos")).where(f.asComparison(1, 3)).cacheKey())
                .isNotEqualTo(select(PLACES.c("pos")).where(f.asComparison(1, 2)).cacheKey());
        Select s = select(PLACES.c("pos")).where(between());
        for (Protocol p : Protocol.values()) {
            Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(s, p));
            assertThat(back.compile().string()).isEqualTo(s.compile().string());
            assertThat(back.cacheKey()).isEqualTo(s.cacheKey());
            assertThat(((FunctionComparison) back.whereCriteria().get(0)).rightIndex()).isEqualTo(3);
        }
    }

    /** A comparison function of the database's own, as a WHERE criterion: PostgreSQL's and MariaDB's {@code greatest}. */
    @EachDatabase
    void runsAsACriterion(Database db) {
        String name = db == Database.SQLITE ? "max" : "greatest";
        for (boolean right : new boolean[] {true, false}) {
            Select s = select(SQL.literal(1, Types.INTEGER).label("one"))
                    .where(func(name, SQL.literal(false, Types.BOOLEAN), SQL.literal(right, Types.BOOLEAN)).asComparison(1, 2));
            java.util.List<dev.retort.engine.Row> rows = db.engine().transaction(c -> c.execute(s).all());
            assertThat(rows).hasSize(right ? 1 : 0);
        }
    }
}
