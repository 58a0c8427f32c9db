package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.schema.CreateTable;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import org.junit.jupiter.api.Test;

/** The README's example of references to composite keys and {@code @MapsId("x")}, mapped as written; flushes and loads: AnnotatedCompositeReferenceTest, AnnotatedMapsIdTest. */
class ReadmeCompositeReferenceExampleTest {
    public static class LineKey {
        Integer orderNo;
        Integer lineNo;
    }

    @Entity @IdClass(LineKey.class)
    public static class Line { @Id Integer orderNo; @Id Integer lineNo; String item; }

    @Entity
    public static class Grade {
        @Id Integer id;
        @ManyToOne @JoinColumns({@JoinColumn(name = "ln", referencedColumnName = "lineNo"),
                                 @JoinColumn(name = "ord", referencedColumnName = "orderNo")}) Line line;
    }

    @Entity
    public static class Person { @Id Long id; }

    @Embeddable
    public static class LineId { Long orderId; int line; }

    @Entity
    public static class PersonLine { @EmbeddedId LineId id; @MapsId("orderId") @ManyToOne Person person; }

    @Test
    void mapsAsWritten() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Line.class, Grade.class, Person.class, PersonLine.class);
            assertThat(new CreateTable(t.metadata.tables().get("Grade")).compile(Dialects.sqlite()).string().replace("\"", ""))
                    .contains("FOREIGN KEY(ord, ln) REFERENCES Line (orderNo, lineNo)");
            assertThat(new CreateTable(t.metadata.tables().get("PersonLine")).compile(Dialects.sqlite()).string().replace("\"", ""))
                    .contains("person_id BIGINT NOT NULL").contains("line INTEGER NOT NULL").contains("PRIMARY KEY (person_id, line)")
                    .contains("FOREIGN KEY(person_id) REFERENCES Person (id)");
        }
    }
}
