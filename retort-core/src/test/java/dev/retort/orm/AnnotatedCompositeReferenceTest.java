package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.orm.CompositeKeys.EnrollmentId;
import dev.retort.orm.CompositeKeys.LineKey;
import dev.retort.schema.Column;
import dev.retort.schema.ForeignKey;
import dev.retort.schema.Table;
import dev.retort.schema.UniqueConstraint;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * References to entities with a composite key ({@code @IdClass}, {@code @EmbeddedId}): {@code @ManyToOne}
 * and {@code @OneToOne} with {@code @JoinColumns} or their default join columns, {@code @ManyToMany} with a
 * {@code @JoinTable} of several join columns, and element collections of such entities. The expected tables are
 * Hibernate 7.4.16's schema export of the same classes (PostgreSQL, MariaDB and SQLite dialects), e.g.
 * {@code create table Note (id integer not null, line_lineNo integer not null, line_orderNo integer not null,
 * enrollment_course varchar(255), enrollment_student varchar(255), ...)} with {@code foreign key (line_lineNo,
 * line_orderNo) references Line}, {@code create table Grade (..., e_course varchar(255), e_student varchar(255),
 * unique (e_course, e_student))}, {@code create table line_links (l_no integer not null, l_ord integer not null,
 * r_course varchar(255) not null, r_student varchar(255) not null)}, {@code create table Enrollment_tags
 * (Enrollment_course varchar(255) not null, Enrollment_student varchar(255) not null, tags varchar(255))} and
 * {@code Enrollment_notes (..., notes_ORDER integer not null check ((notes_ORDER>=0)), primary key (notes_ORDER,
 * Enrollment_course, Enrollment_student))}; join columns that name no referenced column take the key's columns
 * in the order of their attribute names ({@code first_c} → course, {@code second_c} → student).
 */
class AnnotatedCompositeReferenceTest {
    @Entity
    @IdClass(LineKey.class)
    public static class Line {
        @Id Integer orderNo;
        @Id Integer lineNo;
        String item;
        @OneToMany(mappedBy = "line") List<Note> notes = new ArrayList<>();
        @ManyToMany List<Enrollment> enrollments = new ArrayList<>();
        @ManyToMany
        @JoinTable(name = "line_links",
                joinColumns = {@JoinColumn(name = "l_ord", referencedColumnName = "orderNo"), @JoinColumn(name = "l_no", referencedColumnName = "lineNo")},
                inverseJoinColumns = {@JoinColumn(name = "r_student", referencedColumnName = "student"), @JoinColumn(name = "r_course", referencedColumnName = "course")})
        List<Enrollment> links = new ArrayList<>();

        public Line() {
        }

        Line(int orderNo, int lineNo, String item) {
            this.orderNo = orderNo;
            this.lineNo = lineNo;
            this.item = item;
        }
    }

    @Entity
    public static class Enrollment {
        @EmbeddedId EnrollmentId id;
        String grade;
        @ManyToMany(mappedBy = "enrollments") List<Line> lines = new ArrayList<>();
        @ElementCollection Set<String> tags = new HashSet<>();
        @ElementCollection @OrderColumn List<String> notes = new ArrayList<>();

        public Enrollment() {
        }

        Enrollment(String student, String course) {
            this.id = new EnrollmentId(student, course);
        }
    }

    @Entity
    public static class Note {
        @Id Integer id;
        String text;
        @ManyToOne(optional = false) Line line;
        @ManyToOne Enrollment enrollment;

        public Note() {
        }
    }

    @Entity
    public static class Grade {
        @Id Integer id;
        @ManyToOne @JoinColumns({@JoinColumn(name = "ln", referencedColumnName = "lineNo"), @JoinColumn(name = "ord", referencedColumnName = "orderNo")}) Line line;
        @OneToOne @JoinColumns({@JoinColumn(name = "e_course", referencedColumnName = "course"), @JoinColumn(name = "e_student", referencedColumnName = "student")})
        Enrollment enrollment;

        public Grade() {
        }
    }

    @Entity
    public static class Card {
        @EmbeddedId EnrollmentId id;
        @OneToOne(mappedBy = "card") Holder holder;
    }

    @Entity
    public static class Holder {
        @Id Integer id;
        @OneToOne Card card;
    }

    @Entity
    public static class NoRef {
        @Id Integer id;
        @ManyToOne @JoinColumns({@JoinColumn(name = "first_c"), @JoinColumn(name = "second_c")}) Enrollment enrollment;
    }

    @Entity
    public static class TooFew {
        @Id Integer id;
        @ManyToOne @JoinColumn(name = "only") Enrollment enrollment;
    }

    @Entity
    public static class WrongName {
        @Id Integer id;
        @ManyToOne @JoinColumns({@JoinColumn(name = "a", referencedColumnName = "course"), @JoinColumn(name = "b", referencedColumnName = "term")}) Enrollment enrollment;
    }

    private static final List<Class<?>> ALL = List.of(Line.class, Enrollment.class, Note.class, Grade.class);

    /** Each foreign key of {@code table} as "its columns -> target columns". */
    private static Map<String, String> foreignKeys(Table table) {
        Map<String, List<ForeignKey>> byTarget = new TreeMap<>();
        for (ForeignKey fk : table.foreignKeyList()) {
            byTarget.computeIfAbsent(fk.targetTableKey(), k -> new ArrayList<>()).add(fk);
        }
        Map<String, String> out = new TreeMap<>();
        byTarget.forEach((target, fks) -> out.put(String.join(",", fks.stream().map(fk -> fk.parent().name()).sorted().toList()),
                String.join(",", fks.stream().sorted(java.util.Comparator.comparing(fk -> fk.parent().name())).map(fk -> fk.column().table().name() + "." + fk.column().name()).toList())));
        return out;
    }

    private static Map<String, Boolean> nullability(Table table) {
        Map<String, Boolean> out = new TreeMap<>();
        table.columns().forEach(c -> out.put(c.name(), c.isNullable()));
        return out;
    }

    @Test
    void joinColumnsAsHibernateMakesThem() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(ALL.toArray(new Class<?>[0]));
            t.registry.map(NoRef.class);
            Map<String, Table> tables = t.metadata.tables();
            Table note = tables.get("Note");
            assertThat(nullability(note)).isEqualTo(Map.of("id", false, "text", true, "line_lineNo", false, "line_orderNo", false,
                    "enrollment_course", true, "enrollment_student", true));
            assertThat(foreignKeys(note)).isEqualTo(Map.of("line_lineNo,line_orderNo", "Line.lineNo,Line.orderNo",
                    "enrollment_course,enrollment_student", "Enrollment.course,Enrollment.student"));
            Table grade = tables.get("Grade");
            assertThat(nullability(grade)).isEqualTo(Map.of("id", false, "ln", true, "ord", true, "e_course", true, "e_student", true));
            assertThat(foreignKeys(grade)).isEqualTo(Map.of("ln,ord", "Line.lineNo,Line.orderNo", "e_course,e_student", "Enrollment.course,Enrollment.student"));
            assertThat(grade.constraints()).filteredOn(c -> c instanceof UniqueConstraint)
                    .extracting(c -> ((UniqueConstraint) c).columns().stream().map(Column::name).sorted().toList())
                    .containsExactly(List.of("e_course", "e_student"));
            assertThat(foreignKeys(tables.get("NoRef"))).isEqualTo(Map.of("first_c,second_c", "Enrollment.course,Enrollment.student"));
            Table links = tables.get("line_links");
            assertThat(nullability(links)).isEqualTo(Map.of("l_no", false, "l_ord", false, "r_course", false, "r_student", false));
            assertThat(foreignKeys(links)).isEqualTo(Map.of("l_no,l_ord", "Line.lineNo,Line.orderNo", "r_course,r_student", "Enrollment.course,Enrollment.student"));
            Table byDefault = tables.get("Line_Enrollment");
            assertThat(foreignKeys(byDefault)).isEqualTo(Map.of("lines_lineNo,lines_orderNo", "Line.lineNo,Line.orderNo",
                    "enrollments_course,enrollments_student", "Enrollment.course,Enrollment.student"));
            Table tags = tables.get("Enrollment_tags");
            assertThat(nullability(tags)).isEqualTo(Map.of("Enrollment_course", false, "Enrollment_student", false, "tags", true));
            assertThat(foreignKeys(tags)).isEqualTo(Map.of("Enrollment_course,Enrollment_student", "Enrollment.course,Enrollment.student"));
            Table notes = tables.get("Enrollment_notes");
            assertThat(notes.primaryKeyColumns()).extracting(Column::name).containsExactlyInAnyOrder("Enrollment_course", "Enrollment_student", "notes_ORDER");
        }
    }

    @Test
    void joinColumnsThatDoNotMatchTheKeyAreRefusedNamingTheField() {
        Map<Class<?>, String> refused = Map.of(
                TooFew.class, "@ManyToOne TooFew.enrollment has 1 join column(s) for the key [student, course]",
                WrongName.class, "@ManyToOne WrongName.enrollment: each of several join columns names the key column it refers to");
        refused.forEach((type, message) -> {
            try (OrmTestDatabase t = new OrmTestDatabase()) {
                t.registry.map(Enrollment.class, Line.class, Grade.class, Note.class);
                assertThatThrownBy(() -> t.registry.map(type)).isInstanceOf(ArgumentException.class).hasMessageContaining(message);
            }
        });
    }

    /**
     * The mappedBy side of a one-to-one to a composite key: its field cannot load on access, and select-in loads
     * skip composite keys, so it was left null; it loads now with its instance, by the whole key.
     */
    @EachDatabase
    void mappedByOneToOneOfACompositeKeyLoads(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Card.class, Holder.class);
            t.start(db);
            try (Session s = t.open()) {
                for (String student : List.of("ann", "bob")) {
                    Card c = new Card();
                    c.id = new EnrollmentId(student, "math");
                    Holder h = new Holder();
                    h.id = student.equals("ann") ? 1 : 2;
                    h.card = c;
                    s.add(c);
                    s.add(h);
                }
                s.commit();
            }
            try (Session s = t.open()) {
                for (Card c : s.query(Card.class).all()) {
                    assertThat(c.holder).as(c.id.student).isNotNull();
                    assertThat(c.holder.id).isEqualTo(c.id.student.equals("ann") ? 1 : 2);
                }
                assertThat(s.get(Card.class, new EnrollmentId("bob", "math")).holder.id).isEqualTo(2);
            }
        }
    }

    @EachDatabase
    void referencesFlushAndLoad(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(ALL.toArray(new Class<?>[0]));
            t.start(db);
            try (Session s = t.open()) {
                Line tea = new Line(1, 1, "tea");
                Line milk = new Line(1, 2, "milk");
                Enrollment math = new Enrollment("ann", "math");
                Enrollment art = new Enrollment("ann", "art");
                math.tags.addAll(List.of("core", "hard"));
                math.notes.addAll(List.of("b", "a"));
                Note n = new Note();
                n.id = 1;
                n.text = "hot";
                n.line = tea;
                n.enrollment = math;
                Grade g = new Grade();
                g.id = 1;
                g.line = milk;
                g.enrollment = art;
                tea.enrollments.add(math);
                tea.links.addAll(List.of(math, art));
                s.addAll(List.of(n, g, milk, art));
                s.commit();
            }
            try (Session s = t.open()) {
                Note n = s.get(Note.class, 1);
                assertThat(n.line.item).isEqualTo("tea");
                assertThat(n.line.notes).containsExactly(n);
                assertThat(n.enrollment.id).isEqualTo(new EnrollmentId("ann", "math"));
                assertThat(n.enrollment.lines).containsExactly(n.line);
                assertThat(n.enrollment.tags).containsExactlyInAnyOrder("core", "hard");
                assertThat(n.enrollment.notes).containsExactly("b", "a");
                assertThat(n.line.links).extracting(e -> e.id.course).containsExactlyInAnyOrder("math", "art");
                Grade g = s.get(Grade.class, 1);
                assertThat(g.line.item).isEqualTo("milk");
                assertThat(g.enrollment.id.course).isEqualTo("art");
                Query<Note> q = s.query(Note.class).join(ORM.attr(Note.class, "enrollment")).filter(ORM.attr(Enrollment.class, "id").eq(new EnrollmentId("ann", "math")));
                assertThat(q.all()).containsExactly(n);
                t.assertRoundTrips(List.of(q), s);
                n.line = g.line;
                g.line.links.clear();
                n.line.enrollments.add(g.enrollment);
                s.get(Line.class, new LineKey(1, 1)).links.remove(g.enrollment);
                n.enrollment.notes.add(0, "c");
                s.commit();
            }
            try (Session s = t.open()) {
                Note n = s.get(Note.class, 1);
                assertThat(n.line.item).isEqualTo("milk");
                assertThat(n.line.enrollments).extracting(e -> e.id.course).containsExactly("art");
                assertThat(s.get(Line.class, new LineKey(1, 1)).links).extracting(e -> e.id.course).containsExactly("math");
                assertThat(s.get(Line.class, new LineKey(1, 1)).notes).isEmpty();
                assertThat(n.enrollment.notes).containsExactly("c", "b", "a");
                // As with Hibernate, the rows of a one-way @ManyToMany that refer to it go before it does, in the same flush.
                s.get(Line.class, new LineKey(1, 1)).links.clear();
                s.delete(n.enrollment);
                s.delete(n);
                s.commit();
            }
            try (Session s = t.open()) {
                assertThat(s.get(Enrollment.class, new EnrollmentId("ann", "math"))).isNull();
                Table tags = t.metadata.tables().get("Enrollment_tags" + t.suffix);
                assertThat(s.connection().execute(dev.retort.sql.SQL.select(tags.c("tags"))).all()).as("its element collection deleted with it").isEmpty();
            }
        }
    }
}
