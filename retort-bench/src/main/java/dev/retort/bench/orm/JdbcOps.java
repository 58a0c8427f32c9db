package dev.retort.bench.orm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Scenarios (a) and (b) without an ORM: the rows the ORMs read, read with plain JDBC into the
 * same plain objects (each line in its order's list, naming its order). No identity map, no
 * snapshots, no change tracking: the floor, what reading and building the objects costs on its
 * own, against which the ORMs' figures say how much is theirs.
 */
final class JdbcOps {
    private JdbcOps() {
    }

    /** Every order with its lines, in one SELECT with a LEFT OUTER JOIN (the statement Retort's {@code joinedLoad} sends). */
    static List<PurchaseOrder> ordersJoined(DataSource pool, String suffix) throws SQLException {
        String sql = "SELECT o.id, o.customer, l.id, l.order_id, l.product, l.qty FROM bench_orders" + suffix + " o"
                + " LEFT OUTER JOIN bench_order_lines" + suffix + " l ON o.id = l.order_id ORDER BY o.id, l.id";
        List<PurchaseOrder> out = new ArrayList<>(OrmWorld.ORDERS);
        try (Connection c = pool.getConnection(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            PurchaseOrder o = null;
            while (rs.next()) {
                int id = rs.getInt(1);
                if (o == null || o.id != id) {
                    o = new PurchaseOrder(rs.getString(2));
                    o.id = id;
                    out.add(o);
                }
                int lineId = rs.getInt(3);
                if (!rs.wasNull()) {
                    o.lines.add(line(rs, 5, lineId, o));
                }
            }
        }
        return out;
    }

    /** Every order, then their lines with one SELECT per 500 orders (the statements of Retort's {@code selectinLoad}). */
    static List<PurchaseOrder> ordersSelectin(DataSource pool, String suffix) throws SQLException {
        List<PurchaseOrder> out = new ArrayList<>(OrmWorld.ORDERS);
        Map<Integer, PurchaseOrder> byId = new HashMap<>();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement st = c.prepareStatement("SELECT o.id, o.customer FROM bench_orders" + suffix + " o ORDER BY o.id");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    PurchaseOrder o = new PurchaseOrder(rs.getString(2));
                    o.id = rs.getInt(1);
                    out.add(o);
                    byId.put(o.id, o);
                }
            }
            for (int from = 0; from < out.size(); from += 500) {
                int to = Math.min(out.size(), from + 500);
                StringBuilder sql = new StringBuilder("SELECT l.id, l.order_id, l.product, l.qty FROM bench_order_lines")
                        .append(suffix).append(" l WHERE l.order_id IN (");
                for (int i = from; i < to; i++) {
                    sql.append(i == from ? "?" : ", ?");
                }
                try (PreparedStatement st = c.prepareStatement(sql.append(") ORDER BY l.id").toString())) {
                    for (int i = from; i < to; i++) {
                        st.setInt(i - from + 1, out.get(i).id);
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            PurchaseOrder o = byId.get(rs.getInt(2));
                            o.lines.add(line(rs, 3, rs.getInt(1), o));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The item with this id, or null (scenario (b)): a connection from the pool, in autocommit mode
     * as the pool hands it out, one prepared SELECT by primary key, the row mapped, the connection
     * back to the pool. The statement names its columns as the ORMs' do.
     */
    static Item item(DataSource pool, String suffix, int id) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT i.id, i.name, i.qty, i.price FROM bench_items" + suffix + " i WHERE i.id = ?")) {
            st.setInt(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Item i = new Item(rs.getString(2), rs.getInt(3), rs.getBigDecimal(4));
                i.id = rs.getInt(1);
                return i;
            }
        }
    }

    /** The line {@code id} of order {@code o} in the current row, whose product and qty are columns {@code at} and the next. */
    private static OrderLine line(ResultSet rs, int at, int id, PurchaseOrder o) throws SQLException {
        OrderLine l = new OrderLine(rs.getString(at), rs.getInt(at + 1));
        l.id = id;
        l.order = o;
        return l;
    }
}
