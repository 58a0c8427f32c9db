package dev.retort.orm;

import static dev.retort.sql.SQL.desc;
import static dev.retort.sql.SQL.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RetortException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.JpaModel.Author;
import dev.retort.orm.JpaModel.Book;
import dev.retort.orm.JpaModel.Review;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Nested loader options, raiseLoad/noLoad, populateExisting, stream()/yieldPer and keyset pages. */
class LoaderOptionsTest {
    private static QueryableAttribute<?> books() {
        return ORM.attr(Author.class, "books");
    }

    private static QueryableAttribute<?> reviews() {
        return ORM.attr(Book.class, "reviews");
    }

    /** {@code authors} authors with {@code perAuthor} books of two reviews each, committed. */
    private static void fill(JpaModel m, int authors, int perAuthor) {
        try (Session s = SessionFactory.of(m.engine).open()) {
            for (int i = 0; i < authors; i++) {
                Author a = new Author("a" + i);
                for (int j = 0; j < perAuthor; j++) {
                    Book b = new Book("t" + i + "-" + j, new BigDecimal(j + 1));
                    b.reviews.add(new Review(3));
                    b.reviews.add(new Review(5));
                    a.books.add(b);
                }
                s.add(a);
            }
            s.commit();
        }
    }

    /** Reads every book's reviews; returns how many statements that took. */
    private static int touchAll(JpaModel m, List<Author> authors) {
        int before = m.sql.size();
        int n = 0;
        for (Author a : authors) {
            for (Book b : a.books) {
                n += b.reviews.size();
                assertThat(b.reviews.get(0).stars).isEqualTo(5);
                assertThat(b.author).isSameAs(a);
            }
        }
        assertThat(n).isEqualTo(authors.size() * 2 * 2);
        return m.sql.size() - before;
    }

    @EachDatabase
    void nestedOptionsLoadTheWholePathUpFront(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 3, 2);
            Object[][] cases = {
                    {ORM.joinedLoad(books()).selectinLoad(reviews()), 2},
                    {ORM.selectinLoad(books()).joinedLoad(reviews()), 2},
                    {ORM.joinedLoad(books()).joinedLoad(reviews()), 1},
                    {ORM.selectinLoad(books()).selectinLoad(reviews()), 3},
            };
            for (Object[] c : cases) {
                try (Session s = SessionFactory.of(m.engine).open()) {
                    m.sql.clear();
                    List<Author> all = s.query(Author.class).options((LoaderOption) c[0]).orderBy(ORM.attr(Author.class, "id")).all();
                    assertThat(m.sql).as(c[0].toString()).hasSize((Integer) c[1]);
                    assertThat(all).hasSize(3);
                    assertThat(touchAll(m, all)).as("no lazy load after " + c[0]).isZero();
                }
            }
        }
    }

    /** containsEager(books).containsEager(reviews) (SQLAlchemy's contains_eager(A.b, B.c)): both levels from the query's own joins, one statement. */
    @EachDatabase
    void chainedContainsEagerFillsBothLevelsFromTheJoins(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 2, 2);
            Session s = m.open();
            m.sql.clear();
            Query<Author> q = s.query(Author.class).join(books()).join(reviews())
                    .options(ORM.containsEager(books()).containsEager(reviews()))
                    .orderBy(ORM.attr(Author.class, "id"), ORM.attr(Book.class, "id"), desc(ORM.attr(Review.class, "stars")));
            List<Author> all = q.all();
            assertThat(m.sql).hasSize(1);
            assertThat(all).hasSize(2);
            assertThat(touchAll(m, all)).as("no lazy load").isZero();
            for (Protocol p : Protocol.values()) {
                Query<?> back = ((Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), m.metadata)).withSession(s);
                assertThat(back.statement().toString()).isEqualTo(q.statement().toString());
            }
        }
    }

    /**
     * Each book comes in as many rows as it has reviews, of the joined load or of the select-in's statement: the
     * loader keeps it once, also in a collection longer than it scans for repeats.
     */
    @EachDatabase
    void joinedRowsRepeatingMembersGiveEachOnce(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 2, 12);
            for (LoaderOption option : List.of(ORM.joinedLoad(books()).joinedLoad(reviews()), ORM.selectinLoad(books()).joinedLoad(reviews()))) {
                try (Session s = SessionFactory.of(m.engine).open()) {
                    List<Author> all = s.query(Author.class).options(option).orderBy(ORM.attr(Author.class, "id")).all();
                    assertThat(all).extracting(a -> a.name).containsExactly("a0", "a1");
                    for (int i = 0; i < all.size(); i++) {
                        List<String> titles = new ArrayList<>();
                        for (int j = 0; j < 12; j++) {
                            titles.add("t" + i + "-" + j);
                        }
                        assertThat(all.get(i).books).as(option.toString()).extracting(b -> b.title).containsExactlyInAnyOrderElementsOf(titles);
                        assertThat(all.get(i).books).allSatisfy(b -> assertThat(b.reviews).extracting(r -> r.stars).containsExactlyInAnyOrder(3, 5));
                    }
                }
            }
        }
    }

    /** Joined to its reviews and ordered by their stars, a book comes on rows far apart: still once, where it first came. */
    @EachDatabase
    void joinedRowsFarApartGiveEachOnce(Databases.Database db) {
        try (JpaModel m = new JpaModel(db); Session s = SessionFactory.of(m.engine).open()) {
            fill(m, 1, 3);
            List<Book> all = s.query(Book.class).join(reviews()).options(ORM.joinedLoad(reviews()))
                    .orderBy(ORM.attr(Review.class, "stars"), ORM.attr(Book.class, "id")).all();
            assertThat(all).extracting(b -> b.title).containsExactly("t0-0", "t0-1", "t0-2");
            assertThat(all).allSatisfy(b -> assertThat(b.reviews).extracting(r -> r.stars).containsExactlyInAnyOrder(3, 5));
        }
    }

    @EachDatabase
    void aNestedOptionSurvivesTheSerializer(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 2, 1);
            Session s = m.open();
            Query<Author> q = s.query(Author.class).options(ORM.selectinLoad(books()).joinedLoad(reviews()), ORM.raiseLoad(ORM.attr(Book.class, "reviews")))
                    .populateExisting().yieldPer(7);
            for (Protocol p : Protocol.values()) {
                @SuppressWarnings("unchecked")
                Query<Author> back = ((Query<Author>) QuerySerializer.loads(QuerySerializer.dumps(q, p), m.metadata)).withSession(s);
                assertThat(back.loaderOptions()).hasToString(q.loaderOptions().toString());
                assertThat(back.isPopulateExisting()).isTrue();
                assertThat(back.yieldPerValue()).isEqualTo(7);
                assertThat(back.statement().toString()).isEqualTo(q.statement().toString());
            }
        }
    }

    @EachDatabase
    void raiseLoadRaisesOnTouchAndNoLoadLeavesItEmpty(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 1, 2);
            try (Session s = SessionFactory.of(m.engine).open()) {
                Author a = s.query(Author.class).options(ORM.raiseLoad(books())).one();
                assertThatThrownBy(() -> a.books.size()).isInstanceOf(RetortException.class).hasMessageContaining("raiseLoad");
                Book b = s.query(Book.class).options(ORM.raiseLoad(ORM.attr(Book.class, "author"))).first();
                assertThat(b.author).as("a many-to-one under raiseLoad is not loaded").isNull();
                b.title = "changed";
                s.commit();
                assertThat(s.get(Book.class, b.id).author.id).as("the foreign key was kept").isEqualTo(a.id);
            }
            try (Session s = SessionFactory.of(m.engine).open()) {
                Author a = s.query(Author.class).options(ORM.selectinLoad(books()).noLoad(reviews())).one();
                m.sql.clear();
                assertThat(a.books).hasSize(2).allSatisfy(b -> assertThat(b.reviews).isEmpty());
                assertThat(m.sql).isEmpty();
            }
        }
    }

    @EachDatabase
    void populateExistingOverwritesTheSessionsInstances(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("p");
            Session s = m.open();
            Author a = s.get(Author.class, id);
            Table t = ORM.mapper(Author.class).table();
            s.execute(update(t).values(Map.of("name", "behind")).where(t.c("id").eq(id)));
            assertThat(s.query(Author.class).one().name).as("the identity map wins").isEqualTo("p");
            assertThat(s.query(Author.class).populateExisting().one()).isSameAs(a);
            assertThat(a.name).isEqualTo("behind");
        }
    }

    @EachDatabase
    void streamHoldsAboutOneChunkOfInstances(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 30, 10);
            Session s = m.open();
            AtomicInteger most = new AtomicInteger();
            List<Book> changed = new ArrayList<>();
            int seen;
            try (Stream<Book> books = s.query(Book.class).options(ORM.selectinLoad(reviews())).orderBy(ORM.attr(Book.class, "id")).yieldPer(25).stream()) {
                seen = (int) books.peek(b -> {
                    most.accumulateAndGet(s.states().size(), Math::max);
                    assertThat(b.reviews).hasSize(2);
                    if (b.id % 100 == 0) {
                        b.title = "kept";
                        changed.add(b);
                    }
                }).count();
            }
            assertThat(seen).isEqualTo(300);
            // One chunk: 25 books, their (at most 25) authors, 50 reviews; plus the changed books kept.
            assertThat(most.get()).isLessThanOrEqualTo(25 + 25 + 50 + changed.size());
            assertThat(changed).hasSize(3).allSatisfy(b -> assertThat(s.contains(b)).isTrue());
            s.commit();
            assertThat(s.query(Book.class).filter(ORM.attr(Book.class, "title").eq("kept")).count()).isEqualTo(3);
        }
    }

    @EachDatabase
    void aJoinedCollectionCannotStream(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            Session s = m.open();
            assertThatThrownBy(() -> s.query(Author.class).options(ORM.joinedLoad(books())).stream()).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("selectinLoad");
        }
    }

    /** As SQLAlchemy's recursion_depth=-1: refused, naming the relationship, for one that is not self-referential. */
    @EachDatabase
    void unlimitedRecursionNeedsASelfReferentialRelationship(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            assertThatThrownBy(() -> ORM.selectinLoad(books(), -1)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Author.books").hasMessageContaining("not valid for a non-self-referential relationship");
        }
    }

    @EachDatabase
    void keysetPagesWalkTheOrderWithoutOffset(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            fill(m, 5, 5);
            Session s = m.open();
            QueryableAttribute<BigDecimal> price = ORM.attr(Book.class, "price");
            Query<Book> q = s.query(Book.class).orderBy(desc(price), ORM.attr(Book.class, "id"));
            List<Book> expected = q.all();
            List<Book> walked = new ArrayList<>();
            KeysetPage<Book> page = q.keysetPage(10);
            int pages = 0;
            m.sql.clear();
            List<Object> offsets = new ArrayList<>();
            m.engine.addListener((dev.retort.engine.ExecutionListener) (sql, params) -> {
                if (sql.contains("OFFSET")) {
                    offsets.add(params.get(params.size() - 1));
                }
            });
            while (!page.items().isEmpty()) {
                walked.addAll(page.items());
                pages++;
                page = page.next();
            }
            assertThat(pages).isEqualTo(3);
            assertThat(walked).containsExactlyElementsOf(expected);
            // SQLite's compiler writes LIMIT ? OFFSET ? with the offset bound 0, as SQLAlchemy's does; no page skips rows
            assertThat(m.sql).allMatch(sql -> !sql.contains("OFFSET") || db == Databases.Database.SQLITE && sql.endsWith("LIMIT ? OFFSET ?"))
                    .anyMatch(sql -> sql.contains("WHERE books.price < ? OR books.price = ? AND books.id > ?"));
            assertThat(offsets).allMatch(o -> ((Number) o).intValue() == 0);
        }
    }
}
