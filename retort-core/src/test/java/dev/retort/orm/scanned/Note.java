package dev.retort.orm.scanned;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** The one entity of this package, for Registry.scan(...). */
@Entity
public class Note {
    @Id
    Integer id;

    String body;

    /** Converted by {@link Stamp.AsText}, which scan() finds and auto-applies. */
    Stamp stamp;

    public Note() {
    }

    /** Not an entity: scan() passes it by. */
    public static class Helper {
    }
}
