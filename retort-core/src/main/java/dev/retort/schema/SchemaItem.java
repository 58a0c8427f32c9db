package dev.retort.schema;

/** Something a {@link Table} is built from: a column, a constraint, an index. */
public interface SchemaItem {
    /** Called once when the table takes this item. */
    void attachTo(Table table);
}
