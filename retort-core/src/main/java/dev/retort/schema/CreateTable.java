package dev.retort.schema;

import dev.retort.dialect.SqlCompiler;
import dev.retort.sql.Traversal;
import java.util.Set;

/**
 * The DDL statement CREATE TABLE for a table, compiled per dialect like any statement.
 *
 * <pre>{@code
 * new CreateTable(users).compile(Dialects.mysql()).string();
 * }</pre>
 */
public final class CreateTable extends GuardedDdl<Table, CreateTable> {
    static final Traversal<CreateTable> TRAVERSAL = Traversal.identity("create_table");

    private final Set<ForeignKeyConstraint> leftOut;
    private final Set<ForeignKey> leftOutColumnKeys;

    public CreateTable(Table table) {
        this(table, Set.of());
    }

    /**
     * CREATE TABLE without some of the table's foreign key constraints, which {@link AddConstraint}
     * adds once the tables they refer to exist: how {@code MetaData.createAll} creates tables that
     * refer to each other.
     */
    public CreateTable(Table table, Set<ForeignKeyConstraint> leftOut) {
        this(table, leftOut, Set.of(), false);
    }

    /**
     * As {@link #CreateTable(Table, Set)}, also leaving out some foreign keys its columns declare
     * ({@code Column.foreignKey}), which {@link AddConstraint#AddConstraint(ForeignKey)} adds.
     */
    public CreateTable(Table table, Set<ForeignKeyConstraint> leftOut, Set<ForeignKey> leftOutColumnKeys) {
        this(table, leftOut, leftOutColumnKeys, false);
    }

    private CreateTable(Table table, Set<ForeignKeyConstraint> leftOut, Set<ForeignKey> leftOutColumnKeys, boolean ifNotExists) {
        super(table, ifNotExists, TRAVERSAL, SqlCompiler::visitCreateTable);
        this.leftOut = Set.copyOf(leftOut);
        this.leftOutColumnKeys = Set.copyOf(leftOutColumnKeys);
    }

    /** The foreign keys declared by columns that this statement leaves out. */
    public Set<ForeignKey> leftOutColumnKeys() {
        return leftOutColumnKeys;
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS}: a copy that does nothing when the table exists.
     *
     * <pre>{@code
     * conn.execute(new CreateTable(users).ifNotExists());
     * }</pre>
     */
    public CreateTable ifNotExists() {
        return new CreateTable(table(), leftOut, leftOutColumnKeys, true);
    }

    public boolean isIfNotExists() {
        return guarded();
    }

    /** The foreign key constraints this statement leaves out. */
    public Set<ForeignKeyConstraint> leftOut() {
        return leftOut;
    }

    public Table table() {
        return target();
    }
}
