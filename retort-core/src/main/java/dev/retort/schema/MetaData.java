package dev.retort.schema;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.exc.NoSuchTableException;
import dev.retort.exc.OperationalException;
import dev.retort.dialect.Inspector;
import dev.retort.sql.SchemaTranslateMap;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import dev.retort.types.TypeEngine;

/**
 * A collection of tables, keyed by {@link Table#key()}: what foreign keys resolve against,
 * what {@link #createAll} creates, and what the serializer re-binds references to.
 *
 * <pre>{@code
 * MetaData metadata = new MetaData();
 * Table users = new Table("users", metadata, Column.of("id", Types.INTEGER).primaryKey());
 * metadata.createAll(engine);
 * metadata.tables().get("users");
 * }</pre>
 */
public final class MetaData {
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Table> view = Collections.unmodifiableMap(tables);
    private final Map<String, Sequence> sequences = new LinkedHashMap<>();
    private final NamingConvention namingConvention;

    /** A metadata whose indexes of {@code Column.index()} are named {@code ix_<table>_<column>}. */
    public MetaData() {
        this.namingConvention = NamingConvention.DEFAULT;
    }

    /**
     * A metadata naming its constraints and indexes by these templates ({@link NamingConvention}):
     * SQLAlchemy's {@code MetaData(naming_convention=...)}. Without an {@code "ix"} template the
     * indexes of {@code Column.index()} are named {@code ix_<table>_<column>} still.
     *
     * <pre>{@code
     * MetaData metadata = new MetaData(Map.of("uq", "uq_%(table_name)s_%(column_0_name)s", "ck", "ck_%(table_name)s_%(constraint_name)s"));
     * new Table("users", metadata, Column.of("email", Types.string(50)).unique(), Column.of("age", Types.INTEGER),
     *         new CheckConstraint("adult", text("age >= 18")));
     * // ... CONSTRAINT uq_users_email UNIQUE (email), CONSTRAINT ck_users_adult CHECK (age >= 18)
     * }</pre>
     *
     * @throws dev.retort.exc.ArgumentException for a key other than ix, uq, ck, fk, pk or an unknown token
     */
    public MetaData(Map<String, String> namingConvention) {
        this.namingConvention = new NamingConvention(namingConvention);
    }

    /** The templates naming this metadata's constraints and indexes. */
    public NamingConvention namingConvention() {
        return namingConvention;
    }

    void add(Table t) {
        synchronized (tables) {
            if (tables.containsKey(t.key())) {
                throw new dev.retort.exc.ArgumentException("Table '" + t.key() + "' is already defined in this MetaData");
            }
            tables.put(t.key(), t);
        }
    }

    /**
     * Adds a sequence of its own to the metadata (SQLAlchemy's {@code Sequence(..., metadata=m)}), so
     * that {@link #createAll} creates it and {@link #dropAll} drops it, where the database has
     * sequences; returns it. A sequence given to a column ({@link Column#sequence}) belongs to the
     * metadata of the column's table without this.
     *
     * <pre>{@code
     * Sequence invoiceNo = metadata.addSequence(new Sequence("invoice_no").start(1000));
     * }</pre>
     */
    public Sequence addSequence(Sequence sequence) {
        synchronized (sequences) {
            Sequence prior = sequences.putIfAbsent(sequence.key(), sequence);
            if (prior != null && !prior.equals(sequence)) {
                throw new dev.retort.exc.ArgumentException("Another sequence '" + sequence.key() + "' is already defined in this MetaData");
            }
        }
        return sequence;
    }

    /**
     * The sequences by key ("schema.name" or "name"): those added by {@link #addSequence}, then
     * those of the tables' columns, each once.
     */
    public Map<String, Sequence> sequences() {
        Map<String, Sequence> out;
        synchronized (sequences) {
            out = new LinkedHashMap<>(sequences);
        }
        for (Table t : tables.values()) {
            for (Column<?> c : t.columns()) {
                if (c.sequence() != null) {
                    out.putIfAbsent(c.sequence().key(), c.sequence());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The tables by key ("schema.name" or "name"), in definition order. */
    public Map<String, Table> tables() {
        return view;
    }

    /** The table with this key; raises {@link NoSuchTableException} naming the known tables. */
    public Table table(String key) {
        Table t = tables.get(key);
        if (t == null) {
            throw new NoSuchTableException("No table '" + key + "' in this MetaData; it has: " + String.join(", ", tables.keySet()));
        }
        return t;
    }

    /**
     * Loads every table of the connection's own schema from the database into this metadata,
     * with its columns, keys, constraints and indexes; tables it already has are kept. The
     * tables are ordinary ones: statements, {@code createAll} and the serializer treat them as
     * if declared in code. SQLAlchemy's {@code MetaData.reflect(bind)}.
     *
     * <pre>{@code
     * MetaData metadata = new MetaData();
     * metadata.reflect(engine);
     * Table users = metadata.table("users");
     * conn.execute(select(users).where(users.c("name").eq("ed"))).all();
     * }</pre>
     */
    public void reflect(Engine engine) {
        reflect(engine, ReflectOptions.defaults());
    }

    /** Loads the tables the options choose: {@code only} some, of one {@code schema}. */
    public void reflect(Engine engine, ReflectOptions options) {
        Reflector.using(this, engine, r -> {
            r.reflect(options);
            return null;
        });
    }

    /**
     * The tables ordered so that every table comes after the tables it references, and a table
     * or view declared from a query ({@link Table#creator()}) after the tables the query reads.
     */
    public List<Table> sortedTables() {
        return sortedTables(fk -> false);
    }

    /**
     * {@link #sortedTables()} without the foreign keys {@code skip} accepts (SQLAlchemy's {@code sort_tables(skip_fn=...)}):
     * of two tables referring to each other, the one whose key to the other is skipped comes first, whatever order
     * they were declared in. The ORM's flush skips the keys a post-update sets.
     *
     * <pre>{@code
     * metadata.sortedTables(fk -> fk.parent() == person.c("favorite_ball_id"));   // person, then ball (ball.person_id)
     * }</pre>
     */
    public List<Table> sortedTables(java.util.function.Predicate<ForeignKey> skip) {
        Set<Table> done = new LinkedHashSet<>();
        for (Table t : tables.values()) {
            visit(t, done, new LinkedHashSet<>(), skip);
        }
        return new ArrayList<>(done);
    }

    private void visit(Table t, Set<Table> done, Set<Table> path, java.util.function.Predicate<ForeignKey> skip) {
        if (done.contains(t) || !path.add(t)) {
            // a cycle: the database must accept the remaining order (foreign keys are deferred or added later)
            return;
        }
        for (ForeignKey fk : t.foreignKeyList()) {
            Table ref = tables.get(fk.targetTableKey());
            if (ref != null && ref != t && !skip.test(fk)) {
                visit(ref, done, path, skip);
            }
        }
        if (t.creator() != null) {
            for (Table read : tablesRead(t.creator().query(), new LinkedHashSet<>(), new java.util.HashSet<>())) {
                if (read.metadata() == this && read != t) {
                    visit(read, done, path, skip);
                }
            }
        }
        path.remove(t);
        done.add(t);
    }

    /** The tables {@code e} reads, at any depth (subqueries, joins, columns of tables). */
    private static Set<Table> tablesRead(dev.retort.sql.ClauseElement e, Set<Table> out, Set<dev.retort.sql.ClauseElement> seen) {
        if (e != null && seen.add(e)) {
            if (e instanceof Table t) {
                out.add(t);
            }
            for (dev.retort.sql.ClauseElement child : e.getChildren()) {
                tablesRead(child, out, seen);
            }
        }
        return out;
    }

    /**
     * Creates every table (and its indexes) that does not exist yet, in dependency order, in one
     * transaction; an index the dialect cannot create inside a transaction (PostgreSQL's
     * {@code postgresql_concurrently}) is created after the commit, on its own. A table or view
     * declared from a query is created by its statement ({@link Table#creator()}) after the tables
     * it reads; a view declared by text is passed by. Sequences ({@link #sequences()}) that do
     * not exist are created first, where the database has sequences.
     */
    public void createAll(Engine engine) {
        List<CreateIndex> afterwards = new ArrayList<>();
        try (Connection conn = engine.begin()) {
            List<Table> missing = sortedTables().stream().filter(t -> (t.creator() != null || !t.isView()) && !exists(conn, t)).toList();
            for (Sequence s : sequencesHere(conn, false)) {
                conn.execute(new CreateSequence(s));
            }
            runAll(conn, typeStatements(missing, t -> engine.dialect().createTypeStatements(t, conn.schemaTranslateMap())));
            Set<Table> created = new java.util.HashSet<>();
            List<AddConstraint> later = new ArrayList<>();
            for (Table t : missing) {
                if (t.creator() != null) {
                    conn.execute(t.creator());
                    continue;
                }
                Set<ForeignKeyConstraint> forward = forwardKeys(t, missing, created, engine.dialect());
                Set<ForeignKey> forwardColumnKeys = forwardColumnKeys(t, missing, created, engine.dialect());
                forward.forEach(f -> later.add(new AddConstraint(f)));
                forwardColumnKeys.forEach(fk -> later.add(new AddConstraint(fk)));
                conn.execute(new CreateTable(t, forward, forwardColumnKeys));
                created.add(t);
                if (engine.dialect().separateCommentStatements()) {
                    commentStatements(t).forEach(conn::execute);
                }
                for (Index ix : t.indexes()) {
                    CreateIndex ci = new CreateIndex(ix);
                    if (engine.dialect().requiresAutocommit(ci)) {
                        afterwards.add(ci);
                    } else {
                        conn.execute(ci);
                    }
                }
            }
            later.forEach(conn::execute);
        }
        for (CreateIndex ci : afterwards) {
            executeInAutocommit(engine, ci);
        }
    }

    /** The statements that set a table's comment and its columns', for dialects that keep them apart from CREATE TABLE. */
    public static List<SchemaChange> commentStatements(Table t) {
        List<SchemaChange> out = new ArrayList<>();
        if (t.comment() != null) {
            out.add(new SetTableComment(t));
        }
        for (Column<?> c : t.columns()) {
            if (c.comment() != null) {
                out.add(new SetColumnComment(c));
            }
        }
        return out;
    }

    /**
     * The foreign keys of {@code t} that refer to a table of this run not created yet (tables
     * that refer to each other), which are added by ALTER TABLE afterwards; none on SQLite,
     * whose CREATE TABLE may name a table that does not exist yet.
     */
    private static Set<ForeignKeyConstraint> forwardKeys(Table t, List<Table> missing, Set<Table> created, dev.retort.dialect.Dialect dialect) {
        if (dialect.name().equals("sqlite")) {
            return Set.of();
        }
        Set<ForeignKeyConstraint> out = new LinkedHashSet<>();
        for (Constraint c : t.constraints()) {
            if (c instanceof ForeignKeyConstraint f) {
                Table target = f.elements().get(0).column().table();
                if (target != t && missing.contains(target) && !created.contains(target)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * The foreign keys {@code t}'s columns declare ({@code Column.foreignKey}) that refer to a table of this run not
     * created yet: as {@link #forwardKeys}, a cycle's key is added by ALTER TABLE once both tables exist (SQLAlchemy
     * does so for any foreign key of a cycle, whether declared on the column or the table).
     */
    private static Set<ForeignKey> forwardColumnKeys(Table t, List<Table> missing, Set<Table> created, dev.retort.dialect.Dialect dialect) {
        Set<ForeignKey> out = new LinkedHashSet<>();
        if (!dialect.name().equals("sqlite")) {
            for (Column<?> c : t.columns()) {
                for (ForeignKey fk : c.foreignKeys()) {
                    Table target = fk.column().table();
                    if (target != t && missing.contains(target) && !created.contains(target)) {
                        out.add(fk);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Drops, before the tables, the foreign keys that would keep a table of {@code order} (dependents first) from being
     * dropped: those of a table dropped later that refer to one dropped before it, which a cycle of foreign keys has
     * (as SQLAlchemy's drop_all). Their names are read from the database, which names the keys declared without one.
     * SQLite keeps a cycle's keys in its tables and drops them with the tables.
     */
    private static void dropCycleKeys(Connection conn, List<Table> order) throws SQLException {
        if (conn.dialect().name().equals("sqlite")) {
            return;
        }
        Inspector inspector = conn.dialect().inspector();
        for (int i = 1; i < order.size(); i++) {
            Table t = order.get(i);
            Set<Table> before = new java.util.HashSet<>(order.subList(0, i));
            if (t.foreignKeyList().stream().noneMatch(fk -> fk.isResolvable() && before.contains(fk.column().table()))) {
                continue;
            }
            for (Inspector.ForeignKeyInfo info : inspector.foreignKeys(conn.jdbc(), lookupSchema(conn, inspector, t.schema()), t.name())) {
                boolean blocks = info.name() != null && before.stream().anyMatch(b -> b.name().equalsIgnoreCase(info.referredTable()));
                if (blocks) {
                    List<Column<?>> columns = info.columns().stream().<Column<?>>map(t::c).toList();
                    conn.execute(new DropConstraint(ForeignKeyConstraint.reflected(info.name(), columns)));
                }
            }
        }
    }

    /** Runs one statement outside any transaction, restoring the pooled connection's mode afterwards. */
    private static void executeInAutocommit(Engine engine, CreateIndex ddl) {
        try (Connection conn = engine.connect()) {
            java.sql.Connection jdbc = conn.jdbc();
            try {
                jdbc.setAutoCommit(true);
                try {
                    conn.execute(ddl);
                } finally {
                    jdbc.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw new OperationalException("Could not switch to autocommit to create index '" + ddl.index() + "'", "", List.of(), e);
            }
        }
    }

    /**
     * Drops every table that exists, dependents first: a view a {@link CreateView} declared by
     * its {@link CreateView#dropView()}, before the tables it reads; views declared by text are
     * passed by. The metadata's sequences are dropped last.
     */
    public void dropAll(Engine engine) {
        List<Table> order = sortedTables();
        Collections.reverse(order);
        try (Connection conn = engine.begin()) {
            List<Table> dropped = new ArrayList<>();
            try {
                dropCycleKeys(conn, order.stream().filter(t -> !t.isView() && t.creator() == null && exists(conn, t)).toList());
            } catch (SQLException e) {
                throw new OperationalException("Could not look up the foreign keys to drop", "", List.of(), e);
            }
            for (Table t : order) {
                if (t.creator() instanceof CreateView cv) {
                    if (exists(conn, t)) {
                        conn.execute(cv.dropView());
                    }
                } else if (!t.isView() && exists(conn, t)) {
                    conn.execute(new DropTable(t));
                    dropped.add(t);
                }
            }
            runAll(conn, typeStatements(dropped, t -> engine.dialect().dropTypeStatements(t, conn.schemaTranslateMap())));
            for (Sequence s : sequencesHere(conn, true)) {
                conn.execute(new DropSequence(s));
            }
        }
    }

    /**
     * The metadata's sequences that exist ({@code existing}) or do not exist in the connection's
     * database; none where the database has no sequences, as SQLAlchemy passes them by there.
     */
    private List<Sequence> sequencesHere(Connection conn, boolean existing) {
        if (!conn.dialect().supportsSequences()) {
            return List.of();
        }
        Inspector inspector = conn.dialect().inspector();
        List<Sequence> out = new ArrayList<>();
        try {
            for (Sequence s : sequences().values()) {
                String schema = lookupSchema(conn, inspector, s.schema());
                if (inspector.hasSequence(conn.jdbc(), schema, s.name()) == existing) {
                    out.add(s);
                }
            }
        } catch (SQLException e) {
            throw new OperationalException("Could not look up the sequences", "", List.of(), e);
        }
        return out;
    }

    /**
     * The statements, each once, that create or drop the database types (PostgreSQL enums and
     * domains) the columns of {@code tables} use; those of a table made from a query are its
     * source tables'.
     */
    private static Set<String> typeStatements(List<Table> tables, Function<TypeEngine<?>, List<String>> statements) {
        Set<String> out = new LinkedHashSet<>();
        for (Table t : tables) {
            for (Column<?> c : t.creator() == null ? t.columns() : List.<Column<?>>of()) {
                out.addAll(statements.apply(c.type()));
            }
        }
        return out;
    }

    /** Runs DDL text as it is: it has no parameters, and {@code text()} would read {@code :name} in it as one. */
    private static void runAll(Connection conn, Set<String> ddl) {
        for (String sql : ddl) {
            try (java.sql.Statement st = conn.jdbc().createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new OperationalException("Could not run " + sql + ": " + e.getMessage(), sql, List.of(), e);
            }
        }
    }

    /**
     * The schema to look an object of schema {@code schema} up in: translated by the connection's
     * schema translate map, as SQLAlchemy's {@code checkfirst} does; the default schema for none.
     */
    static String lookupSchema(Connection conn, Inspector inspector, String schema) throws SQLException {
        SchemaTranslateMap translate = conn.schemaTranslateMap();
        String effective = translate == null ? schema : translate.schemaFor(schema);
        return effective != null ? effective : inspector.defaultSchema(conn.jdbc());
    }

    /** Whether the table (or view) exists in the connection's database, as its dialect's inspector sees it. */
    static boolean exists(Connection conn, Table t) {
        Inspector inspector = conn.dialect().inspector();
        try {
            String schema = lookupSchema(conn, inspector, t.schema());
            return t.isView() ? inspector.hasView(conn.jdbc(), schema, t.name()) : inspector.hasTable(conn.jdbc(), schema, t.name());
        } catch (SQLException e) {
            throw new OperationalException("Could not look up table '" + t.key() + "'", "", List.of(), e);
        }
    }
}
