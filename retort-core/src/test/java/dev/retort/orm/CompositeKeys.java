package dev.retort.orm;

import jakarta.persistence.Embeddable;
import java.util.Objects;

/**
 * The composite identifiers of the annotated-mapping tests (AnnotatedCompositeKeyTest, AnnotatedCompositeReferenceTest):
 * an {@code @IdClass} of an order line and the {@code @EmbeddedId} of an enrollment. Each test declares its own entities
 * around them, so that its tables are its own.
 */
final class CompositeKeys {
    private CompositeKeys() {
    }

    /** The {@code @IdClass} of an order line: its order and line numbers. */
    public static class LineKey {
        Integer orderNo;
        Integer lineNo;

        public LineKey() {
        }

        LineKey(Integer orderNo, Integer lineNo) {
            this.orderNo = orderNo;
            this.lineNo = lineNo;
        }
    }

    /** The {@code @EmbeddedId} of an enrollment: a student in a course. */
    @Embeddable
    public static class EnrollmentId {
        String student;
        String course;

        public EnrollmentId() {
        }

        EnrollmentId(String student, String course) {
            this.student = student;
            this.course = course;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnrollmentId e && Objects.equals(student, e.student) && Objects.equals(course, e.course);
        }

        @Override
        public int hashCode() {
            return Objects.hash(student, course);
        }
    }
}
