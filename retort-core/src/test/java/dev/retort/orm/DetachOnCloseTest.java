package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.IntegrityException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import org.junit.jupiter.api.AutoClose;

/** {@code SessionFactory.detachOnClose}: a closing session detaches its instances (the default) or forgets them. */
class DetachOnCloseTest {
    public static class Pen {
        Integer id;
        String ink;
    }

    @AutoClose
    private final OrmTestDatabase t = new OrmTestDatabase();
    private final Table pens = new Table("pens" + t.suffix, t.metadata,
            Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
            Column.of("ink", Types.string(40)));

    /** Pen 1 "blue" committed. */
    private SessionFactory pens(Databases.Database db) {
        t.registry.mapImperatively(Pen.class, pens);
        SessionFactory factory = SessionFactory.of(t.start(db));
        try (Session s = factory.open()) {
            Pen p = new Pen();
            p.id = 1;
            p.ink = "blue";
            s.add(p);
            s.commit();
        }
        return factory;
    }

    private Pen loaded(SessionFactory factory) {
        try (Session s = factory.open()) {
            return s.get(Pen.class, 1);
        }
    }

    private String inkInDatabase(SessionFactory factory) {
        try (Session s = factory.open()) {
            return s.get(Pen.class, 1).ink;
        }
    }

    @EachDatabase
    void byDefaultAClosedSessionsInstanceIsAddedBackAsAnUpdate(Databases.Database database) {
        SessionFactory factory = pens(database);
        assertThat(factory.isDetachOnClose()).isTrue();
        Pen p = loaded(factory);
        p.ink = "red";
        try (Session s = factory.open()) {
            s.add(p);
            s.commit();
        }
        assertThat(inkInDatabase(factory)).isEqualTo("red");
    }

    @EachDatabase
    void withDetachOnCloseFalseItIsForgottenAddInsertsItAgainAndMergeUpdates(Databases.Database database) {
        SessionFactory factory = pens(database).detachOnClose(false);
        Pen p = loaded(factory);
        p.ink = "red";
        try (Session s = factory.open()) {
            s.add(p);
            assertThatThrownBy(s::flush).isInstanceOf(IntegrityException.class);
        }
        try (Session s = factory.open()) {
            Pen attached = s.merge(p);
            assertThat(attached).isNotSameAs(p);
            s.commit();
        }
        assertThat(inkInDatabase(factory)).isEqualTo("red");
    }

    @EachDatabase
    void expungeDetachesEvenWithDetachOnCloseFalse(Databases.Database database) {
        SessionFactory factory = pens(database).detachOnClose(false);
        Pen p;
        try (Session s = factory.open()) {
            p = s.get(Pen.class, 1);
            s.expunge(p);
        }
        p.ink = "green";
        try (Session s = factory.open()) {
            s.add(p);
            s.commit();
        }
        assertThat(inkInDatabase(factory)).isEqualTo("green");
    }
}
