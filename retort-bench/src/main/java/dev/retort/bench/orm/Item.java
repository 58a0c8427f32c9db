package dev.retort.bench.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** The entity both ORMs map, from these annotations alone. */
@Entity
@Table(name = "bench_items")
public class Item {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Integer id;

    String name;

    Integer qty;

    BigDecimal price;

    public Item() {
    }

    Item(String name, int qty, BigDecimal price) {
        this.name = name;
        this.qty = qty;
        this.price = price;
    }

    @Override
    public String toString() {
        // The price by value: SQLite keeps NUMERIC as a number, which Hibernate reads without Retort's scale.
        return id + "/" + name + "/" + qty + "/" + (price == null ? null : price.stripTrailingZeros().toPlainString());
    }
}
