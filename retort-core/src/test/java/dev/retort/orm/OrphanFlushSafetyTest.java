package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes that must not lose or invent rows: a pending member added to a delete-orphan collection and
 * removed again is never inserted (SQLAlchemy expunges it; it was INSERTed with no owner), and a one-way
 * many-to-many cleared while its target is deleted in the same flush deletes the association rows first
 * (the target's DELETE ran into the foreign key).
 */
class OrphanFlushSafetyTest {
    @Entity
    public static class Crate {
        @Id Integer id;
        @OneToMany(mappedBy = "crate", cascade = CascadeType.ALL, orphanRemoval = true) List<Bolt> bolts = new ArrayList<>();
        @ManyToMany List<Sticker> stickers = new ArrayList<>();
    }

    @Entity
    public static class Bolt {
        @Id Integer id;
        @ManyToOne Crate crate;
    }

    @Entity
    public static class Sticker {
        @Id Integer id;
    }

    private static OrmTestDatabase start(Databases.Database db) {
        OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables();
        t.registry.map(Crate.class, Bolt.class, Sticker.class);
        t.start(db);
        return t;
    }

    @EachDatabase
    void aPendingMemberAddedAndRemovedBeforeTheFlushIsNeverInserted(Databases.Database db) {
        try (OrmTestDatabase t = start(db)) {
            Session s = t.open();
            Crate c = new Crate();
            c.id = 1;
            s.add(c);
            s.flush();
            Bolt b = new Bolt();
            b.id = 2;
            c.bolts.add(b);
            c.bolts.remove(b);
            Bolt kept = new Bolt();
            kept.id = 3;
            c.bolts.add(kept);
            t.take("");
            s.commit();
            assertThat(t.take("INSERT")).hasSize(1);
            assertThat(s.contains(b)).as("expunged").isFalse();
            assertThat(s.connection().execute(SQL.select(t.metadata.tables().get("Bolt" + t.suffix).c("id"))).scalars())
                    .extracting(o -> ((Number) o).intValue()).containsExactly(3);
        }
    }

    @EachDatabase
    void aOneWayManyToManyClearedAndItsTargetDeletedInOneFlush(Databases.Database db) {
        try (OrmTestDatabase t = start(db)) {
            try (Session s = t.open()) {
                Crate c = new Crate();
                c.id = 1;
                Sticker st = new Sticker();
                st.id = 2;
                c.stickers.add(st);
                s.add(c);
                s.commit();
            }
            try (Session s = t.open()) {
                Crate c = s.get(Crate.class, 1);
                Sticker st = c.stickers.get(0);
                c.stickers.clear();
                s.delete(st);
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Crate.class, 1).stickers).isEmpty();
                assertThat(s.get(Sticker.class, 2)).isNull();
            }
        }
    }
}
