package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Engine;
import dev.retort.exc.ArgumentException;
import dev.retort.orm.CompositeKeys.EnrollmentId;
import dev.retort.orm.CompositeKeys.LineKey;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.ManyToOne;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry.map() of composite identifiers: @IdClass (several @Id fields) and @EmbeddedId. */
class AnnotatedCompositeKeyTest {
    @Entity
    @IdClass(LineKey.class)
    public static class OrderLine {
        @Id Integer orderNo;
        @Id Integer lineNo;
        String item;

        public OrderLine() {
        }

        OrderLine(int orderNo, int lineNo, String item) {
            this.orderNo = orderNo;
            this.lineNo = lineNo;
            this.item = item;
        }
    }

    @Entity
    public static class Enrollment {
        @EmbeddedId EnrollmentId id;
        String grade;

        public Enrollment() {
        }

        Enrollment(String student, String course, String grade) {
            this.id = new EnrollmentId(student, course);
            this.grade = grade;
        }
    }

    @Entity
    public static class Review {
        @Id Integer id;
        @ManyToOne Enrollment enrollment;

        public Review() {
        }
    }

    @Entity
    public static class Mapped {
        @Id Integer id;
        @jakarta.persistence.MapsId @jakarta.persistence.ManyToOne Enrollment enrollment;
    }

    @Entity
    public static class Joined {
        @Id Integer id;
        @jakarta.persistence.JoinColumns({@jakarta.persistence.JoinColumn(name = "s"), @jakarta.persistence.JoinColumn(name = "c")})
        @jakarta.persistence.ManyToOne Enrollment enrollment;
    }

    @Test
    void keyColumns() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(OrderLine.class, Enrollment.class);
            Table lines = t.metadata.tables().get("OrderLine");
            assertThat(lines.primaryKeyColumns()).extracting(Column::name).containsExactly("orderNo", "lineNo");
            assertThat(lines.c("orderNo").isAutoincrement()).isFalse();
            Table enrollments = t.metadata.tables().get("Enrollment");
            assertThat(enrollments.primaryKeyColumns()).extracting(Column::name).containsExactly("student", "course");
            assertThatThrownBy(() -> t.registry.map(Mapped.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("@ManyToOne Mapped.enrollment: ").hasMessageContaining("composite identifier");
            // References to the composite key (AnnotatedCompositeReferenceTest): its columns, named as Hibernate names them.
            t.registry.map(Review.class, Joined.class);
            assertThat(t.metadata.tables().get("Review").columns()).extracting(Column::name).containsExactly("id", "enrollment_student", "enrollment_course");
            assertThat(t.metadata.tables().get("Joined").columns()).extracting(Column::name).containsExactlyInAnyOrder("id", "s", "c");
        }
    }

    @EachDatabase
    void getByTheIdentifierObject(Databases.Database db) {
        Engine engine = db.engine();
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(OrderLine.class, Enrollment.class);
            t.start(engine);
            try (Session s = t.open()) {
                s.add(new OrderLine(1, 1, "tea"));
                s.add(new OrderLine(1, 2, "milk"));
                s.add(new OrderLine(2, 1, "bread"));
                s.add(new Enrollment("ann", "math", "B"));
                s.add(new Enrollment("ann", "art", "A"));
                s.commit();
                t.take("");
                OrderLine milk = s.get(OrderLine.class, new LineKey(1, 2));
                assertThat(milk.item).isEqualTo("milk");
                assertThat(s.get(OrderLine.class, List.of(1, 2))).isSameAs(milk);
                assertThat(s.get(OrderLine.class, new LineKey(1, 2))).as("from the identity map").isSameAs(milk);
                assertThat(t.take("SELECT")).hasSize(1);
                assertThat(s.get(OrderLine.class, new LineKey(2, 2))).isNull();
            }
            try (Session s = t.open()) {
                Enrollment math = s.get(Enrollment.class, new EnrollmentId("ann", "math"));
                assertThat(math.grade).isEqualTo("B");
                assertThat(math.id).isEqualTo(new EnrollmentId("ann", "math"));
                assertThat(s.get(Enrollment.class, new EnrollmentId("ann", "math"))).isSameAs(math);
                Query<Enrollment> q = s.query(Enrollment.class).filter(ORM.attr(Enrollment.class, "id").eq(new EnrollmentId("ann", "art")));
                assertThat(q.one().grade).isEqualTo("A");
                t.assertRoundTrips(List.of(q), s);
                math.grade = "A";
                s.delete(s.get(OrderLine.class, new LineKey(2, 1)));
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Enrollment.class, new EnrollmentId("ann", "math")).grade).isEqualTo("A");
                assertThat(s.query(OrderLine.class).all()).extracting(l -> l.item).containsExactlyInAnyOrder("tea", "milk");
                assertThatThrownBy(() -> s.get(OrderLine.class, "x")).isInstanceOf(ArgumentException.class).hasMessageContaining("[orderNo, lineNo]");
            }
        }
    }
}
