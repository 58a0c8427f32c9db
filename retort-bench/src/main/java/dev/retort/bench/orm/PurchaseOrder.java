package dev.retort.bench.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** An order of scenario (a), with its lines; both ORMs map it from these annotations alone. */
@Entity
@Table(name = "bench_orders")
public class PurchaseOrder {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Integer id;

    String customer;

    @OneToMany(mappedBy = "order")
    @OrderBy("id")
    List<OrderLine> lines = new ArrayList<>();

    public PurchaseOrder() {
    }

    PurchaseOrder(String customer) {
        this.customer = customer;
    }

    /** The order and its lines, each line naming its order: what setup compares between the ORMs. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(id).append('/').append(customer).append('[');
        for (OrderLine l : lines) {
            b.append(l).append(l.order == this ? "" : "!").append(';');
        }
        return b.append(']').toString();
    }
}
