package dev.retort.bench.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A line of a {@link PurchaseOrder} (scenario (a)). Its foreign key is indexed, as a schema whose
 * collections load by it would have it (neither ORM indexes a foreign key by itself); Retort
 * creates the tables both ORMs read.
 */
@Entity
@Table(name = "bench_order_lines", indexes = @Index(columnList = "order_id"))
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
