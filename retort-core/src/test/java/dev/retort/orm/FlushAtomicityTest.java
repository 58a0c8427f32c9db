package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.DBAPIException;
import dev.retort.exc.RetortException;
import dev.retort.orm.ParentChildModel.C;
import dev.retort.orm.ParentChildModel.P;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.TypeDecorator;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Whatever fails in a flush — the database, a type's conversion, a collection the application
 * made immutable — {@code flush()} raises a {@code RetortException} and leaves the transaction,
 * the session and the instances as they were before it.
 */
class FlushAtomicityTest {
    public static class Thing {
        Integer id;
        String label;
    }

    /** A string type that refuses to bind "boom", as a user's type with a bug would. */
    public static final class Fussy extends TypeDecorator<String, String> {
        public Fussy() {
            super(Types.string(40));
        }

        @Override
        public String processBindParam(String value, Dialect dialect) {
            if ("boom".equals(value)) {
                throw new IllegalStateException("cannot bind boom");
            }
            return value;
        }

        @Override
        public String processResultValue(String value, Dialect dialect) {
            return value;
        }

        @Override
        public boolean cacheOk() {
            return true;
        }
    }

    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table things = new Table("things" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("label", new Fussy()));
    private ParentChildModel model;

    @AfterEach
    void tearDown() {
        t.close();
        if (model != null) {
            model.close();
        }
    }

    /** Thing 1 "one" committed; a session (autoflush off, so that looking does not flush) with it loaded. */
    private Session things(Databases.Database db) {
        t.registry.mapImperatively(Thing.class, things);
        t.start(db);
        Session seed = open(true);
        seed.add(thing(1, "one"));
        seed.commit();
        return open(false);
    }

    private Session open(boolean autoflush) {
        return t.open(SessionFactory.of(t.engine()).autoflush(autoflush));
    }

    private static Thing thing(int id, String label) {
        Thing t = new Thing();
        t.id = id;
        t.label = label;
        return t;
    }

    private Map<String, Object> committed() {
        Session look = open(true);
        Map<String, Object> out = new java.util.TreeMap<>();
        look.query(Thing.class).all().forEach(t -> out.put(String.valueOf(t.id), t.label));
        look.close();
        return out;
    }

    @EachDatabase
    void aFailingTypeRaisesRetortExceptionAndTheFlushChangesNothing(Databases.Database database) {
        Session s = things(database);
        Thing one = s.get(Thing.class, 1);
        one.label = "changed";
        Thing bad = thing(2, "boom");
        s.add(bad);
        assertThatThrownBy(s::flush).isInstanceOf(RetortException.class).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(one.label).isEqualTo("changed");
        assertThat(s.contains(bad)).isTrue();
        assertThat(s.contains(one)).isTrue();
        assertThat(committed()).isEqualTo(Map.of("1", "one"));
        bad.label = "two";
        s.commit();
        assertThat(committed()).isEqualTo(Map.of("1", "changed", "2", "two"));
    }

    @EachDatabase
    void aFailureAfterEarlierWritesUndoesOnlyTheFlush(Databases.Database database) {
        Session s = things(database);
        s.add(thing(2, "two"));
        s.flush();
        Thing one = s.get(Thing.class, 1);
        one.label = "uno";
        Thing bad = thing(3, "boom");
        s.add(bad);
        assertThatThrownBy(s::flush).isInstanceOf(RetortException.class);
        assertThat(s.query(Thing.class).count()).as("the earlier flush's row is still in the transaction").isEqualTo(2);
        Thing dup = thing(2, "again");
        s.expunge(bad);
        s.add(dup);
        assertThatThrownBy(s::flush).isInstanceOf(DBAPIException.class);
        assertThat(s.query(Thing.class).count()).isEqualTo(2);
        s.expunge(dup);
        s.add(bad);
        bad.label = "three";
        s.commit();
        assertThat(committed()).isEqualTo(Map.of("1", "uno", "2", "two", "3", "three"));
    }

    @EachDatabase
    void aFailureBeforeAnyStatementKeepsTheTransactionsEarlierWrites(Databases.Database database) {
        Session s = things(database);
        s.add(thing(2, "two"));
        s.flush();
        Thing keyless = thing(3, "three");
        keyless.id = null;                              // not generated by the database: refused before any SQL
        s.add(keyless);
        assertThatThrownBy(s::flush).isInstanceOf(ArgumentException.class).hasMessageContaining("primary key");
        assertThat(s.query(Thing.class).count()).isEqualTo(2);
        keyless.id = 3;
        s.commit();
        assertThat(committed()).isEqualTo(Map.of("1", "one", "2", "two", "3", "three"));
    }

    @EachDatabase
    void anImmutableCollectionOfAPersistentParentIsNoProblem(Databases.Database database) {
        model = new ParentChildModel(database, "save-update");
        Session seed = model.open();
        P p = new P();
        p.id = 1;
        seed.add(p);
        seed.commit();
        Session s = model.open();
        P b = s.get(P.class, 1);
        b.children = List.of();
        C c = new C();
        c.id = 10;
        c.parent = b;
        s.add(c);
        s.commit();
        assertThat(model.childParents()).containsEntry(10, 1);
        assertThat(b.children).containsExactly(c);
    }
}
