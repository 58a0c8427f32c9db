package dev.retort.orm;

import dev.retort.engine.Engine;
import dev.retort.schema.MetaData;
import dev.retort.testing.Databases;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Jakarta-annotated classes mapped by {@link Registry#map} into tables with a random suffix in
 * one database, and the SQL the engine runs (suffix taken out). {@link #close()} unmaps and drops.
 */
final class JpaModel implements AutoCloseable {
    @Entity
    @Table(name = "authors")
    public static class Author {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Integer id;

        @Column(name = "full_name", length = 80, nullable = false)
        String name;

        @Version
        Integer version;

        @OneToMany(mappedBy = "author", cascade = CascadeType.ALL, orphanRemoval = true)
        @OrderBy("title")
        List<Book> books = new ArrayList<>();

        @Transient
        String scratch;

        transient int touched;

        public Author() {
        }

        Author(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "Author" + id;
        }
    }

    @Entity
    @Table(name = "books")
    public static class Book {
        @Id
        @GeneratedValue
        Long id;

        String title;

        @Column(precision = 8, scale = 2)
        BigDecimal price;

        LocalDate published;

        @ManyToOne
        @JoinColumn(name = "author_id")
        Author author;

        @OneToMany(mappedBy = "book", cascade = CascadeType.ALL)
        @OrderBy("stars DESC, id")
        List<Review> reviews = new ArrayList<>();

        public Book() {
        }

        Book(String title, BigDecimal price) {
            this.title = title;
            this.price = price;
        }

        @Override
        public String toString() {
            return "Book" + id;
        }
    }

    @Entity
    @Table(name = "reviews")
    public static class Review {
        @Id
        @GeneratedValue
        Integer id;

        Integer stars;

        @ManyToOne(optional = false)
        Book book;

        public Review() {
        }

        Review(int stars) {
            this.stars = stars;
        }

        @Override
        public String toString() {
            return "Review" + id;
        }
    }

    /** A read-only view of the same table. */
    @Entity(name = "BookTitle")
    @Table(name = "books")
    public record BookTitle(@Id Long id, String title) {
    }

    private final OrmTestDatabase t = new OrmTestDatabase();
    final String suffix = t.suffix;
    final MetaData metadata = t.metadata;
    final Registry registry = t.registry.tableNaming(n -> n + suffix);
    final Engine engine;
    final List<String> sql = t.sql;

    JpaModel(Databases.Database db) {
        registry.map(Book.class, Author.class, Review.class);
        engine = t.start(db);
    }

    Session open() {
        return t.open();
    }

    /** An author with two books, committed; returns its id. */
    int seed(String name) {
        try (Session s = SessionFactory.of(engine).open()) {
            Author a = new Author(name);
            a.books.add(new Book("B of " + name, new BigDecimal("12.50")));
            a.books.add(new Book("A of " + name, new BigDecimal("7.25")));
            s.add(a);
            s.commit();
            return a.id;
        }
    }

    @Override
    public void close() {
        t.close();
    }
}
