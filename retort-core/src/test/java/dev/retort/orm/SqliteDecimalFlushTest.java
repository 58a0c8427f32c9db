package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.RetortException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An ORM flush on SQLite (an INSERT, and an UPDATE of several rows, which SQLite runs joining a
 * VALUES list) refuses, before sending, a decimal of more than 15 significant digits for a column
 * of NUMERIC affinity, which would round it; see SqliteDecimalAffinityTest.
 */
class SqliteDecimalFlushTest {
    public static class Amount {
        Integer id;
        BigDecimal n;
    }

    private static final BigDecimal LONG = new BigDecimal("123456789012.123456789");
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table amounts = new Table("amounts" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("n", Types.numeric(30, 10)));

    @AfterEach
    void tearDown() {
        t.close();
    }

    private static Amount amount(int id, BigDecimal n) {
        Amount a = new Amount();
        a.id = id;
        a.n = n;
        return a;
    }

    @Test
    void aFlushRefusesWhatANumericColumnWouldRound() {
        t.registry.mapImperatively(Amount.class, amounts);
        t.start(Databases.Database.SQLITE);
        Session s = t.open();
        s.add(amount(1, new BigDecimal("0.5")));
        s.add(amount(2, new BigDecimal("1.5")));
        s.commit();
        Amount one = s.get(Amount.class, 1);
        Amount two = s.get(Amount.class, 2);
        one.n = LONG;
        two.n = BigDecimal.TEN;
        assertThatThrownBy(s::flush).isInstanceOf(RetortException.class).hasMessageContaining("15 significant digits");
        s.rollback();
        Session again = t.open();
        again.add(amount(3, LONG));
        assertThatThrownBy(again::flush).isInstanceOf(RetortException.class).hasMessageContaining("15 significant digits");
        again.rollback();
        assertThat(t.open().get(Amount.class, 1).n).isEqualByComparingTo("0.5");
    }
}
