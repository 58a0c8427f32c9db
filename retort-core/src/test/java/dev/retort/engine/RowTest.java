package dev.retort.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.NoSuchColumnException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowTest {
    private static Row row(List<String> keys, Object... values) {
        return new Row(new RowKeys(keys), values);
    }

    private final Row row = row(List.of("id", "name", "born"), 7, "jack", "2001-02-03");

    @Test
    void valuesByPositionAndName() {
        assertThat(row.get(0)).isEqualTo(7);
        assertThat(row.get("name")).isEqualTo("jack");
        assertThat(row.get("NAME")).isEqualTo("jack");
        assertThat(row.size()).isEqualTo(3);
        assertThat(row.keys()).containsExactly("id", "name", "born");
        assertThat(row.toList()).containsExactly(7, "jack", "2001-02-03");
        assertThat(row.toMap()).containsExactly(Map.entry("id", 7), Map.entry("name", "jack"), Map.entry("born", "2001-02-03"));
    }

    @Test
    void anUnknownColumnNamesItselfAndTheRowsColumns() {
        assertThatThrownBy(() -> row.get("email")).isInstanceOf(NoSuchColumnException.class)
                .hasMessageContaining("'email'").hasMessageContaining("[id, name, born]");
        assertThatThrownBy(() -> row.get(3)).isInstanceOf(NoSuchColumnException.class).hasMessageContaining("position 3");
        assertThatThrownBy(() -> row.get(-1)).isInstanceOf(NoSuchColumnException.class);
    }

    @Test
    void typedAccessConvertsNeighbouringTypes() {
        assertThat(row.get("id", Integer.class)).isEqualTo(7);
        assertThat(row.get("id", Long.class)).isEqualTo(7L);
        assertThat(row.get("id", BigDecimal.class)).isEqualByComparingTo("7");
        assertThat(row.get(0, String.class)).isEqualTo("7");
        assertThat(row.get("born", LocalDate.class)).isEqualTo(LocalDate.of(2001, 2, 3));
        assertThat(row(List.of("x"), (Object) null).get("x", Long.class)).isNull();
        assertThatThrownBy(() -> row.get("name", LocalDate.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> row.get("name", List.class)).isInstanceOf(ArgumentException.class).hasMessageContaining("java.util.List");
        assertThatThrownBy(() -> row(List.of("n"), Long.MAX_VALUE).get("n", Integer.class)).isInstanceOf(ArgumentException.class);
    }

    @Test
    void theFirstOfColumnsSharingANameWins() {
        Row joined = row(List.of("id", "id"), 1, 2);
        assertThat(joined.get("id")).isEqualTo(1);
        assertThat(joined.toMap()).containsExactly(Map.entry("id", 1));
        assertThat(joined.toList()).containsExactly(1, 2);
    }

    @Test
    void equalityIsOnValuesLikeTuples() {
        Row a = row(List.of("id", "data"), 1, new byte[] {1, 2});
        Row b = row(List.of("other", "names"), 1, new byte[] {1, 2});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(row(List.of("id", "data"), 1, new byte[] {1, 3}));
        assertThat(a.toString()).isEqualTo("(1, 0x0102)");
        assertThat(row.toString()).isEqualTo("(7, 'jack', '2001-02-03')");
        assertThat(row(List.of("x"), (Object) null).toString()).isEqualTo("(null)");
    }

    @Test
    void toListIsUnmodifiable() {
        List<Object> list = row.toList();
        assertThatThrownBy(() -> list.set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
