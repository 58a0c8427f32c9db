package dev.retort.orm;

import dev.retort.testing.Databases;
import org.junit.jupiter.api.AutoClose;

/** Tests over {@link ParentChildModel}'s three seeded parents, one model per test, closed after it. */
abstract class ThreeParentsTest {
    @AutoClose
    private ParentChildModel model;

    /** The model of the test, after {@link #seeded}: its tables and the SQL its engine ran. */
    ParentChildModel model() {
        return model;
    }

    /** A session over a fresh model on {@code db} holding parents a (children 10, 11), b (12) and c (none). */
    Session seeded(Databases.Database db) {
        model = new ParentChildModel(db, "save-update");
        return model.seedThreeParents();
    }
}
