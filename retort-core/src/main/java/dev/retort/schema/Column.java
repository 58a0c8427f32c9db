package dev.retort.schema;

import dev.retort.sql.ClauseElement;
import dev.retort.sql.ColumnClause;
import dev.retort.sql.Traversal;
import dev.retort.types.TypeEngine;
import dev.retort.types.TypeKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A column of a {@link Table}. Options are set fluently while the table is defined; once the
 * table takes the column, it is frozen. Columns are schema objects: a statement refers to the
 * very object, so two tables' {@code id} columns never compare equal.
 *
 * <pre>{@code
 * new Table("addresses", metadata,
 *         Column.of("id", Types.INTEGER).primaryKey(),
 *         Column.of("email", Types.string(50)).nullable(false).unique(),
 *         Column.of("user_id", Types.INTEGER).foreignKey("users.id"),
 *         Column.of("note", Types.STRING).nullable(false).dialectKw("sqlite_on_conflict_not_null", "IGNORE"));
 * }</pre>
 *
 * @param <T> the Java type of the column's values
 */
public final class Column<T> extends ColumnClause<T> implements SchemaItem, DialectKwArgs<Column<T>> {
    static final Traversal<Column<?>> TRAVERSAL = Traversal.identity("schema_column");

    private String key;
    private boolean primaryKey;
    private Boolean nullable;
    private boolean unique;
    private boolean index;
    private Boolean autoincrement;
    private Object serverDefault;
    private ColumnDefault defaultValue;
    private ColumnDefault onUpdate;
    private String comment;
    private Boolean quote;
    private String computed;
    private Boolean computedStored;
    private Identity identity;
    private Sequence sequence;
    private boolean system;
    private final List<CheckConstraint> checks = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();
    private Table owner;
    // Options freeze with the rest of the column once a table takes it.
    private final DialectKwArgs.Store dialectKw = new DialectKwArgs.Store(this, this::checkMutable);

    private Column(String name, TypeEngine<T> type) {
        super(name, type, false);
        this.key = name;
    }

    /** A column named {@code name} of {@code type}. */
    public static <T> Column<T> of(String name, TypeEngine<T> type) {
        if (type == null) {
            throw new dev.retort.exc.ArgumentException("Column '" + name + "' needs a type");
        }
        return new Column<>(name, type);
    }

    @Override
    protected Traversal<?> traversal() {
        return TRAVERSAL;
    }

    @Override
    public DialectKwArgs.Store dialectKwStore() {
        return dialectKw;
    }

    private void checkMutable() {
        if (owner != null) {
            throw new dev.retort.exc.ArgumentException("Column '" + owner.name() + "." + name() + "' is part of a table and can no longer change");
        }
    }

    /** Part of the primary key (and so NOT NULL). */
    public Column<T> primaryKey() {
        checkMutable();
        primaryKey = true;
        return this;
    }

    /** Whether NULL is allowed (default: true, false for primary keys). */
    public Column<T> nullable(boolean allowed) {
        checkMutable();
        nullable = allowed;
        return this;
    }

    /** References {@code "table.column"} (or {@code "schema.table.column"}), resolved when first needed. */
    public Column<T> foreignKey(String target) {
        checkMutable();
        foreignKeys.add(new ForeignKey(this, target, null, null));
        return this;
    }

    /** A foreign key with ON DELETE / ON UPDATE actions (such as "CASCADE"; null for none). */
    public Column<T> foreignKey(String target, String onDelete, String onUpdate) {
        checkMutable();
        foreignKeys.add(new ForeignKey(this, target, onDelete, onUpdate));
        return this;
    }

    /** A UNIQUE constraint on this column alone. */
    public Column<T> unique() {
        checkMutable();
        unique = true;
        return this;
    }

    /** An index on this column alone, named {@code ix_<table>_<column>}. */
    public Column<T> index() {
        checkMutable();
        index = true;
        return this;
    }

    /** The key the column is found under in {@code table.c(key)} and in values maps, when it differs from the name. */
    public Column<T> key(String attributeKey) {
        checkMutable();
        if (attributeKey == null || attributeKey.isEmpty()) {
            throw new dev.retort.exc.ArgumentException("Column '" + name() + "' needs a non-empty key");
        }
        key = attributeKey;
        return this;
    }

    /**
     * A DEFAULT the database applies: a string (a SQL string literal the database converts, as
     * SQLAlchemy's {@code server_default="0"}), another value (a literal of the column's type) or SQL
     * ({@code text("CURRENT_TIMESTAMP")}). Example: {@code Column.of("n", Types.INTEGER).serverDefault("0")}.
     */
    public Column<T> serverDefault(Object value) {
        checkMutable();
        serverDefault = value;
        return this;
    }

    /**
     * A value Retort gives the column in an INSERT that gives it none (SQLAlchemy's
     * {@code Column(default=...)}): a constant, sent as a parameter. A {@link ClauseElement} given
     * here is SQL, as {@link #defaultValue(ClauseElement)}; a {@link Supplier}, as
     * {@link #defaultValue(Supplier)}. Not the database's DEFAULT: see {@link #serverDefault}.
     *
     * <pre>{@code
     * Column.of("status", Types.string(10)).defaultValue("new")
     * insert(t).values(Map.of("id", 1));            // INSERT INTO t (id, status) VALUES (:id, :status), status = 'new'
     * }</pre>
     */
    public Column<T> defaultValue(Object value) {
        checkMutable();
        defaultValue = ColumnDefault.of(value, this);
        return this;
    }

    /**
     * A default computed in Java, called once for each row an INSERT writes without a value for
     * the column (each parameter set of an executemany), its value sent as a parameter.
     *
     * <pre>{@code
     * Column.of("id", Types.UUID).primaryKey().defaultValue(UUID::randomUUID)
     * }</pre>
     */
    public Column<T> defaultValue(Supplier<?> supplier) {
        return defaultValue((Object) supplier);
    }

    /**
     * A default in SQL, written into an INSERT that gives the column no value, as SQLAlchemy
     * writes {@code Column(default=func.now())}.
     *
     * <pre>{@code
     * Column.of("created", Types.DATETIME).defaultValue(func("now"))   // INSERT INTO t (id, created) VALUES (:id, now())
     * }</pre>
     */
    public Column<T> defaultValue(ClauseElement expression) {
        return defaultValue((Object) expression);
    }

    /** The client-side default ({@link #defaultValue(Object)}), or null. */
    public ColumnDefault defaultValue() {
        return defaultValue;
    }

    /**
     * A value Retort sets the column to in an UPDATE that does not set it (SQLAlchemy's
     * {@code Column(onupdate=...)}): a constant, or as {@link #onUpdate(Supplier)} and
     * {@link #onUpdate(ClauseElement)}. An UPDATE with no SET column of the table writes none.
     *
     * <pre>{@code
     * Column.of("revision", Types.STRING).onUpdate("edited")
     * update(t).values(Map.of("name", "x"));        // UPDATE t SET name=:name, revision=:revision
     * }</pre>
     */
    public Column<T> onUpdate(Object value) {
        checkMutable();
        onUpdate = ColumnDefault.of(value, this);
        return this;
    }

    /**
     * An on-update value computed in Java, once for each row an UPDATE's execution sets
     * (each parameter set of an executemany).
     *
     * <pre>{@code
     * Column.of("touched", Types.TIMESTAMP).onUpdate(Instant::now)
     * }</pre>
     */
    public Column<T> onUpdate(Supplier<?> supplier) {
        return onUpdate((Object) supplier);
    }

    /**
     * An on-update value in SQL, written into the UPDATE ({@code SET updated=now()}).
     *
     * <pre>{@code
     * Column.of("updated", Types.DATETIME).defaultValue(func("now")).onUpdate(func("now"))
     * }</pre>
     */
    public Column<T> onUpdate(ClauseElement expression) {
        return onUpdate((Object) expression);
    }

    /** The client-side on-update value ({@link #onUpdate(Object)}), or null. */
    public ColumnDefault onUpdate() {
        return onUpdate;
    }

    /** Whether an integer primary key is generated by the database (default: yes for a lone integer key). */
    public Column<T> autoincrement(boolean generated) {
        checkMutable();
        autoincrement = generated;
        return this;
    }

    /** The column's comment in the database ({@code COMMENT ON COLUMN}, MySQL's {@code COMMENT '...'}); reflected, and Javadoc in generated code. */
    public Column<T> comment(String text) {
        checkMutable();
        comment = text;
        return this;
    }

    /** The comment, or null. */
    public String comment() {
        return comment;
    }

    /**
     * Forces the quoting of the column's name: {@code true} always quotes it, {@code false} never
     * does (not even a reserved word or a mixed-case name); a label derived from the name takes the
     * same choice. Without it the name is quoted where the database needs it. SQLAlchemy's
     * {@code Column(..., quote=True)}.
     *
     * <pre>{@code
     * Table t = new Table("t", metadata, Column.of("col1", Types.INTEGER).quote(true));
     * select(t);                              // SELECT t."col1" FROM t
     * }</pre>
     */
    public Column<T> quote(boolean always) {
        checkMutable();
        quote = always;
        return this;
    }

    /** The forced quoting of the name ({@link #quote(boolean)}), or null where the database's rules decide. */
    public Boolean quote() {
        return quote;
    }

    /**
     * A column the database computes from others: {@code GENERATED ALWAYS AS (expression)},
     * {@code STORED} when {@code stored} is true, {@code VIRTUAL} when false, neither when null
     * (the database's default; PostgreSQL takes STORED only). SQLAlchemy's {@code Computed}.
     *
     * <pre>{@code
     * Column.of("total", Types.INTEGER).computed("price * qty", true)
     * }</pre>
     */
    public Column<T> computed(String expression, Boolean stored) {
        checkMutable();
        if (expression == null || expression.isBlank()) {
            throw new dev.retort.exc.ArgumentException("Computed column '" + name() + "' needs an expression");
        }
        computed = expression;
        computedStored = stored;
        return this;
    }

    /** The SQL expression of a computed column, or null. */
    public String computed() {
        return computed;
    }

    /** Whether a computed column is stored (true), virtual (false), or as the database chooses (null). */
    public Boolean isComputedStored() {
        return computedStored;
    }

    /**
     * An identity column: values from the column's own sequence, written
     * {@code GENERATED ALWAYS AS IDENTITY} where the database has identity columns (see
     * {@link Identity}). SQLAlchemy's {@code Identity}.
     *
     * <pre>{@code
     * Column.of("id", Types.BIGINT).primaryKey().identity(Identity.generatedByDefault().start(1000))
     * }</pre>
     */
    public Column<T> identity(Identity options) {
        checkMutable();
        identity = options;
        return this;
    }

    /** The identity options, or null for a column that is not an identity column. */
    public Identity identity() {
        return identity;
    }

    /**
     * Values from a {@link Sequence} (SQLAlchemy's {@code Column("id", Integer, Sequence("s"))}): where
     * the database has sequences (PostgreSQL, MariaDB), an INSERT that gives the column no value
     * writes the sequence's next value for it, and {@code MetaData.createAll} creates the sequence
     * before the table; elsewhere an integer key stays generated as the database generates it.
     *
     * <pre>{@code
     * Column.of("id", Types.INTEGER).primaryKey().sequence(new Sequence("user_id_seq"))
     * }</pre>
     */
    public Column<T> sequence(Sequence values) {
        checkMutable();
        sequence = values;
        return this;
    }

    /** The sequence that makes the column's values, or null. */
    public Sequence sequence() {
        return sequence;
    }

    /**
     * A CHECK written in the column's definition ({@code a INTEGER CHECK (a > 5)}); the table
     * takes it as one of its constraints. SQLAlchemy's {@code Column("a", Integer, CheckConstraint(...))}.
     *
     * <pre>{@code
     * Column.of("qty", Types.INTEGER).check(new CheckConstraint("ck_qty", text("qty > 0")))
     * }</pre>
     */
    public Column<T> check(CheckConstraint constraint) {
        checkMutable();
        constraint.declareOn(this);
        checks.add(constraint);
        return this;
    }

    /** The CHECKs written in the column's definition, in the order given. */
    public List<CheckConstraint> checks() {
        return java.util.Collections.unmodifiableList(checks);
    }

    /**
     * A column the database makes on its own (PostgreSQL's {@code xmin}, {@code ctid}): statements
     * may name it, CREATE TABLE leaves it out. SQLAlchemy's {@code system=True}.
     *
     * <pre>{@code
     * Column.of("xmin", Types.INTEGER).system(true)
     * }</pre>
     */
    public Column<T> system(boolean made) {
        checkMutable();
        system = made;
        return this;
    }

    /** Whether the database makes the column on its own, so that CREATE TABLE leaves it out. */
    public boolean isSystem() {
        return system;
    }

    @Override
    public void attachTo(Table table) {
        owner = table;
    }

    /** Marks the column as part of an explicit {@link PrimaryKeyConstraint}, after the freeze. */
    void joinPrimaryKey() {
        primaryKey = true;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Table table() {
        return owner;
    }

    public boolean isPrimaryKey() {
        return primaryKey;
    }

    public boolean isNullable() {
        return nullable != null ? nullable : !primaryKey;
    }

    public boolean isUnique() {
        return unique;
    }

    public boolean isIndexed() {
        return index;
    }

    /** The server default: a value, a {@link ClauseElement}, or null. */
    public Object serverDefault() {
        return serverDefault;
    }

    public List<ForeignKey> foreignKeys() {
        return Collections.unmodifiableList(foreignKeys);
    }

    /**
     * Whether the database generates this column's values: an integer primary key column marked
     * {@code autoincrement(true)}, or the table's only primary key column when it has no foreign
     * key and was not told otherwise.
     */
    public boolean isAutoincrement() {
        if (Boolean.FALSE.equals(autoincrement) || !primaryKey || owner == null) {
            return false;
        }
        TypeKind k = type().kind();
        boolean integer = k == TypeKind.INTEGER || k == TypeKind.BIGINT || k == TypeKind.SMALLINT;
        // In a composite key only a column marked autoincrement(true) is generated, as in SQLAlchemy.
        boolean single = owner.primaryKeyCount() == 1;
        return integer && (Boolean.TRUE.equals(autoincrement) || single && !hasForeignKey());
    }

    /** Whether the column refers to another: by its own foreign key or as a column of a foreign key constraint. */
    private boolean hasForeignKey() {
        return !foreignKeys.isEmpty() || owner.constraints().stream()
                .anyMatch(c -> c instanceof ForeignKeyConstraint f && f.columns().contains(this));
    }

    @Override
    public String toString() {
        return owner == null ? name() : owner.name() + "." + name();
    }
}
