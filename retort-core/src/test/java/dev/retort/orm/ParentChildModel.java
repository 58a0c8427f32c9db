package dev.retort.orm;

import static dev.retort.sql.SQL.select;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parent/child model of one test: tables {@code parents(id, name)} and
 * {@code children(id, name, parent_id)} with a random suffix in one database, {@link P} and
 * {@link C} mapped with {@code children} (backref {@code parent}, ordered by id) under a given
 * cascade, and the SQL the engine runs (suffix taken out). {@link #close()} unmaps and drops.
 */
final class ParentChildModel implements AutoCloseable {
    /** The parent class the tests map (one test at a time: a class is mapped by one registry at once). */
    public static class P {
        Integer id;
        String name;
        List<C> children = new ArrayList<>();

        @Override
        public String toString() {
            return "P" + id;
        }
    }

    /** The child class. */
    public static class C {
        Integer id;
        String name;
        Integer parentId;
        P parent;

        @Override
        public String toString() {
            return "C" + id;
        }
    }

    /** A parent with its id and name, not yet added. */
    static P parent(int id, String name) {
        P p = new P();
        p.id = id;
        p.name = name;
        return p;
    }

    /** A child with its id and the name "c" + id, not yet added. */
    static C child(int id) {
        return child(id, "c" + id);
    }

    /** A child with its id and name, not yet added. */
    static C child(int id, String name) {
        C x = new C();
        x.id = id;
        x.name = name;
        return x;
    }

    private final OrmTestDatabase t = new OrmTestDatabase();
    final String suffix = t.suffix;
    final MetaData metadata = t.metadata;
    final Table parents = new Table("parents" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(40)));
    final Table children = new Table("children" + suffix, metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("name", Types.string(40)),
            Column.of("parent_id", Types.INTEGER).foreignKey("parents" + suffix + ".id"));
    final Registry registry = t.registry;
    final Engine engine;
    final List<String> sql = t.sql;

    ParentChildModel(Databases.Database db, String cascade) {
        registry.mapImperatively(P.class, parents, Map.of("children",
                ORM.relationship(C.class).backref("parent").orderBy(children.c("id")).cascade(cascade),
                "label", ORM.synonym("name")));
        registry.mapImperatively(C.class, children);
        engine = t.start(db);
    }

    /** Adds {@code roots} (and, by cascade, their children) in a session of their own and commits it. */
    void commit(P... roots) {
        try (Session seed = SessionFactory.of(engine).open()) {
            for (P p : roots) {
                seed.add(p);
            }
            seed.commit();
        }
    }

    /** Commits parents a (1, children 10 and 11) and b (2, child 12), the rows the move tests start from. */
    void seedTwoParents() {
        P pa = parent(1, "a");
        P pb = parent(2, "b");
        pa.children.add(child(10));
        pa.children.add(child(11));
        pb.children.add(child(12));
        commit(pa, pb);
    }

    /** Parents a (children 10, 11), b (child 12) and c (none), committed; a fresh session to read them. */
    Session seedThreeParents() {
        seedTwoParents();
        commit(parent(3, "c"));
        return open();
    }

    static ColumnElement<Object> pAttr(String key) {
        return ORM.attr(P.class, key);
    }

    static ColumnElement<Object> cAttr(String key) {
        return ORM.attr(C.class, key);
    }

    /** A new session, closed with the model. */
    Session open() {
        return t.open();
    }

    Session open(SessionFactory factory) {
        return t.open(factory);
    }

    /** child id -> parent_id as the database has them (committed). */
    Map<Integer, Integer> childParents() {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Connection c = engine.connect()) {
            for (Row r : c.execute(select(children.c("id"), children.c("parent_id"))).all()) {
                out.put(((Number) r.get(0)).intValue(), r.get(1) == null ? null : ((Number) r.get(1)).intValue());
            }
        }
        return out;
    }

    /** parent id -> name as the database has them (committed). */
    Map<Integer, String> parentNames() {
        Map<Integer, String> out = new TreeMap<>();
        try (Connection c = engine.connect()) {
            for (Row r : c.execute(select(parents.c("id"), parents.c("name"))).all()) {
                out.put(((Number) r.get(0)).intValue(), (String) r.get(1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        t.close();
    }
}
