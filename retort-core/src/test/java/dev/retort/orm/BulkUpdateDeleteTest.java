package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.orm.JpaModel.Author;
import dev.retort.orm.JpaModel.Book;
import dev.retort.orm.Query.Synchronize;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Query.update()/delete(): one statement, and the session's instances in line with it. SQL from SQLAlchemy 2.1.1. */
class BulkUpdateDeleteTest {
    private static QueryableAttribute<BigDecimal> price() {
        return ORM.attr(Book.class, "price");
    }

    @EachDatabase
    void anUpdateEvaluatesItsCriteriaAndValuesOnTheSessionsInstances(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("u");
            m.seed("other");
            Session s = m.open();
            List<Book> books = s.query(Book.class).orderBy(ORM.attr(Book.class, "id")).all();
            m.sql.clear();
            int n = s.query(Book.class).filter(price().lt(new BigDecimal("10")), ORM.attr(Book.class, "title").in(List.of("A of u", "B of u")))
                    .update(Map.of("price", price().mul(2)));
            assertThat(n).isEqualTo(1);
            assertThat(m.sql).containsExactly("UPDATE books SET price=(books.price * ?) WHERE books.price < ? AND books.title IN (?, ?)");
            assertThat(books).extracting(b -> b.price.stripTrailingZeros().toPlainString()).containsExactly("12.5", "14.5", "12.5", "7.25");
            m.sql.clear();
            s.flush();
            assertThat(m.sql).as("the evaluated value is no change to flush").isEmpty();
            s.commit();
            assertThat(s.get(Book.class, books.get(1).id).price).isEqualByComparingTo("14.50");
            assertThat(id).isPositive();
        }
    }

    @EachDatabase
    void expireAsksForTheMatchedKeysAndExpiresThoseInstances(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("e");
            Session s = m.open();
            List<Book> books = s.query(Book.class).orderBy(ORM.attr(Book.class, "id")).all();
            m.sql.clear();
            s.query(Book.class).filter(price().gt(new BigDecimal("10"))).update(Map.of("title", SQL.func("upper", ORM.attr(Book.class, "title"))), Synchronize.EXPIRE);
            // UPDATE ... RETURNING, or on MariaDB a SELECT of the keys first: the statements are BulkFetchReturningTest's
            assertThat(m.sql).hasSize(db == Databases.Database.MARIADB ? 2 : 1);
            assertThat(s.get(Book.class, books.get(0).id).title).as("expired: loaded again").isEqualTo("B OF E");
            assertThat(s.get(Book.class, books.get(1).id).title).isEqualTo("A of e");
        }
    }

    @EachDatabase
    void anExpressionTheEvaluatorCannotReadFallsBackToExpiring(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("f");
            Session s = m.open();
            Book b = s.query(Book.class).filter(ORM.attr(Book.class, "title").eq("A of f")).one();
            s.query(Book.class).filter(ORM.attr(Book.class, "title").like("A%")).update(Map.of("title", "renamed"));
            assertThat(s.get(Book.class, b.id).title).isEqualTo("renamed");
        }
    }

    @EachDatabase
    void aDeleteTakesTheMatchedInstancesOutOfTheSession(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            int id = m.seed("d");
            Session s = m.open();
            Author a = s.get(Author.class, id);
            Book cheap = a.books.get(0);
            m.sql.clear();
            int n = s.query(Book.class).filter(price().lt(new BigDecimal("10"))).delete();
            assertThat(n).isEqualTo(1);
            assertThat(m.sql).containsExactly("DELETE FROM books WHERE books.price < ?");
            assertThat(s.contains(cheap)).isFalse();
            assertThat(s.get(Book.class, cheap.id)).isNull();
            s.rollback();
            assertThat(s.get(Book.class, cheap.id)).as("rolled back: there again").isSameAs(cheap);
        }
    }

    @EachDatabase
    void aBulkQuerySurvivesTheSerializer(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            m.seed("ser");
            Session s = m.open();
            Query<Book> q = s.query(Book.class).filter(price().gt(new BigDecimal("10")));
            @SuppressWarnings("unchecked")
            Query<Book> back = ((Query<Book>) QuerySerializer.loads(QuerySerializer.dumps(q), m.metadata)).withSession(s);
            assertThat(back.update(Map.of(price(), price().add(1)))).isEqualTo(1);
            assertThat(back.delete(Synchronize.NONE)).isEqualTo(1);
            assertThat(s.query(Book.class).count()).isEqualTo(1);
        }
    }

    @EachDatabase
    void whatABulkStatementCannotDoIsRefused(Databases.Database db) {
        try (JpaModel m = new JpaModel(db)) {
            Session s = m.open();
            assertThatThrownBy(() -> s.query(Book.class).limit(3).delete()).isInstanceOf(ArgumentException.class).hasMessageContaining("LIMIT");
            assertThatThrownBy(() -> s.query(Book.class).update(Map.of("author", 1))).isInstanceOf(ArgumentException.class).hasMessageContaining("column attributes");
        }
    }
}
