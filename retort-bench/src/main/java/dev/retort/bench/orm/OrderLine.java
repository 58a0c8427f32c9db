package dev.retort.bench.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A line of a {@link PurchaseOrder} (scenario (a)). */
@Entity
@Table(name = "bench_order_lines")
public class OrderLine {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Integer id;

    // LAZY: the order is the one just loaded; JPA's default EAGER would make Hibernate fetch it again.
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "order_id")
    PurchaseOrder order;

    String product;

    Integer qty;

    public OrderLine() {
    }

    OrderLine(String product, int qty) {
        this.product = product;
        this.qty = qty;
    }

    @Override
    public String toString() {
        return id + "/" + product + "/" + qty;
    }
}
