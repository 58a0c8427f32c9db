package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accessor's field access through {@link FieldHandles}: each field its own hidden class, whatever its type and declaring class. */
class AccessorTest {
    static class Base {
        private String name;
    }

    static class Thing extends Base {
        private int count = 7;
        private long big;
        private double ratio;
        private BigDecimal price;
        private List<String> tags;
        private final String fixed = "fixed";
    }

    @Test
    void readsAndWritesFieldsOfEveryKindThroughTheirOwnHandles() {
        Thing t = new Thing();
        Accessor name = Accessor.of(Thing.class, "name");
        Accessor count = Accessor.of(Thing.class, "count");
        Accessor big = Accessor.of(Thing.class, "big");
        Accessor ratio = Accessor.of(Thing.class, "ratio");
        Accessor price = Accessor.of(Thing.class, "price");
        Accessor tags = Accessor.of(Thing.class, "tags");
        assertThat(name.set(t, null, "n")).isEqualTo("n");
        assertThat(count.set(t, null, 3)).isEqualTo(3);
        assertThat(big.set(t, null, 1L << 40)).isEqualTo(1L << 40);
        assertThat(ratio.set(t, null, 0.5)).isEqualTo(0.5);
        assertThat(price.set(t, null, new BigDecimal("1.25"))).isEqualTo(new BigDecimal("1.25"));
        assertThat(tags.set(t, null, List.of("a"))).isEqualTo(List.of("a"));
        // The private field of the superclass, and each field read back by its own accessor, not another's.
        assertThat(((Base) t).name).isEqualTo("n");
        assertThat(List.of(name.get(t, null), count.get(t, null), big.get(t, null), ratio.get(t, null), price.get(t, null), tags.get(t, null)))
                .containsExactly("n", 3, 1L << 40, 0.5, new BigDecimal("1.25"), List.of("a"));
    }

    @Test
    void convertsNeighbouringTypesAndKeepsAPrimitiveOnNull() {
        Thing t = new Thing();
        Accessor count = Accessor.of(Thing.class, "count");
        assertThat(count.set(t, null, 5L)).isEqualTo(5);
        assertThat(t.count).isEqualTo(5);
        assertThat(count.set(t, null, null)).as("a primitive cannot hold NULL: it keeps its value").isEqualTo(5);
    }

    @Test
    void aFinalFieldIsReadButNotSet() {
        Thing t = new Thing();
        Accessor fixed = Accessor.of(Thing.class, "fixed");
        assertThat(fixed.get(t, null)).isEqualTo("fixed");
        assertThatThrownBy(() -> fixed.set(t, null, "other")).isInstanceOf(ArgumentException.class).hasMessageContaining("is final");
    }

    @Test
    void aWrongInstanceFailsAsACastDoes() {
        Accessor count = Accessor.of(Thing.class, "count");
        assertThatThrownBy(() -> count.get(new Base(), null)).isInstanceOf(ClassCastException.class);
    }
}
