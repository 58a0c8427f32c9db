package dev.retort.types;

import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.SerializationException;
import dev.retort.exc.UnresolvedReferenceException;
import dev.retort.ext.serializer.Codecs;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.ext.serializer.TypeCodec;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.BinaryExpression;
import dev.retort.sql.BindParameter;
import dev.retort.sql.Select;
import dev.retort.types.TypeDecoratorTest.Money;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statements with user types travel through the query serializer: schema columns (PickleType
 * ones too) are references and need nothing; a decorator a parameter is bound as needs a
 * TypeCodec, registered on both sides.
 */
class TypeSerializationTest {
    private final MetaData md = new MetaData();
    private final Table t = new Table("wallets", md,
            Column.of("id", Types.INTEGER).primaryKey(),
            Column.of("price", new Money()),
            Column.of("prefs", PickleType.<Map<String, Object>>builder().build()));

    @Test
    void aStatementOverPickleAndDecoratedColumnsRoundTrips() {
        Select s = select(t.c("prefs")).where(t.c("price").gt(new BigDecimal("9.99")));
        assertThatThrownBy(() -> QuerySerializer.dumps(s)).isInstanceOf(SerializationException.class).hasMessageContaining("No TypeCodec");
        Codecs.register(TypeCodec.of("test-money", Money.class, m -> "", text -> new Money()));
        try {
            for (Protocol p : Protocol.values()) {
                Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(s, p), md);
                assertThat(back.compare(s)).as("%s", p).isTrue();
                assertThat(back.compile(Dialects.sqlite()).params()).containsValue(new BigDecimal("9.99"));
            }
        } finally {
            Codecs.unregister("test-money");
        }
    }

    /** A codec {@code fromMetaData} gives back the loading MetaData's column type, and builds none. */
    @Test
    void aTypeFromTheMetaDataIsItsColumnsType() {
        Select s = select(t.c("id")).where(t.c("price").gt(new BigDecimal("9.99")));
        Select nested = select(literal(java.util.List.of(BigDecimal.ONE), Types.array(new Money())));
        MetaData other = new MetaData();
        new Table("wallets", other, Column.of("id", Types.INTEGER).primaryKey(), Column.of("price", Types.NUMERIC));
        Codecs.register(TypeCodec.fromMetaData("test-money-column", Money.class, m -> "usd"));
        try {
            for (Protocol p : Protocol.values()) {
                byte[] data = QuerySerializer.dumps(s, p);
                Select back = (Select) QuerySerializer.loads(data, md);
                BindParameter<?> b = (BindParameter<?>) ((BinaryExpression<?>) back.whereCriteria().get(0)).getChildren().get(1);
                assertThat(b.type()).as("%s", p).isSameAs(t.c("price").type());
                assertThatThrownBy(() -> QuerySerializer.loads(data, other)).as("%s", p).isInstanceOf(UnresolvedReferenceException.class)
                        .hasMessageContaining("'usd' of TypeCodec 'test-money-column'").hasMessageContaining("no column of the MetaData");
                assertThatThrownBy(() -> QuerySerializer.loads(QuerySerializer.dumps(nested, p), md)).as("%s", p)
                        .isInstanceOf(SerializationException.class).hasMessageContaining("nested");
            }
        } finally {
            Codecs.unregister("test-money-column");
        }
    }
}
