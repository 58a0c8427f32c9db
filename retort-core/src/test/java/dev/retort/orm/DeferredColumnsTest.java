package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.exc.RaiseloadException;
import dev.retort.exc.RetortException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Column deferral ({@link ORM#deferred}, {@link ORM#defer}, {@link ORM#undefer},
 * {@link ORM#undeferGroup}, {@link ORM#loadOnly}, raiseload, nested under relationship options)
 * and relationship loading defaults ({@link Relationship#lazy}, {@link LoaderOption#innerJoin}),
 * on SQLite, PostgreSQL and MariaDB. Expected SQL is SQLAlchemy 2.1's for the same mapping
 * (docs: id, title, summary and body deferred in group "text"; notes ordered by id).
 */
class DeferredColumnsTest {
    public static class Doc {
        Integer id;
        String title;
        String summary;
        String body;
        List<Note> notes = new ArrayList<>();
    }

    public static class Note {
        Integer id;
        Integer docId;
        String text;
        String extra;
    }

    /** The model on a fresh pair of tables: {@code lazy} is the notes relationship's default strategy (null: select). */
    private static OrmTestDatabase model(String lazy, boolean innerJoin) {
        OrmTestDatabase t = new OrmTestDatabase();
        Table docs = new Table("docs" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("title", Types.string(50)), Column.of("summary", Types.string(200)), Column.of("body", Types.TEXT));
        Table notes = new Table("notes" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("doc_id", Types.INTEGER).foreignKey("docs" + t.suffix + ".id"), Column.of("text", Types.string(50)),
                Column.of("extra", Types.string(50)));
        Relationship<Note> rel = ORM.relationship(Note.class).orderBy(notes.c("id"));
        rel = lazy == null ? rel : rel.lazy(lazy);
        rel = innerJoin ? rel.innerJoin() : rel;
        t.registry.mapImperatively(Doc.class, docs, Map.of("summary", ORM.deferred(docs.c("summary")).group("text"),
                "body", ORM.deferred(docs.c("body")).group("text"), "notes", rel));
        t.registry.mapImperatively(Note.class, notes);
        return t;
    }

    private static OrmTestDatabase model() {
        return model(null, false);
    }

    /** One doc (id 1) with two notes, committed. */
    private static void fill(OrmTestDatabase t) {
        try (Session s = t.open()) {
            Doc d = new Doc();
            d.id = 1;
            d.title = "t";
            d.summary = "s";
            d.body = "b";
            for (int i = 1; i <= 2; i++) {
                Note n = new Note();
                n.id = i;
                n.text = "n" + i;
                n.extra = "x" + i;
                d.notes.add(n);
            }
            s.add(d);
            s.commit();
        }
        t.take("");
    }

    /** The statements run since the last call that start with {@code prefix}, without MariaDB's quotes of the reserved word {@code body}. */
    private static List<String> take(OrmTestDatabase t, String prefix) {
        return t.take(prefix).stream().map(x -> x.replace("`", "")).toList();
    }

    private static QueryableAttribute<?> doc(String key) {
        return ORM.attr(Doc.class, key);
    }

    private static QueryableAttribute<?> note(String key) {
        return ORM.attr(Note.class, key);
    }

    @Test
    void optionsRenderWhatSqlalchemyRenders() {
        try (OrmTestDatabase t = model()) {
            assertThat(t.sqlOf(ORM.select(Doc.class))).isEqualTo("SELECT docs.id, docs.title FROM docs");
            assertThat(t.sqlOf(ORM.select(Doc.class).options(ORM.undefer(doc("body"))))).isEqualTo("SELECT docs.id, docs.title, docs.body FROM docs");
            assertThat(t.sqlOf(ORM.select(Doc.class).options(ORM.undeferGroup("text"))))
                    .isEqualTo("SELECT docs.id, docs.title, docs.summary, docs.body FROM docs");
            assertThat(t.sqlOf(ORM.select(Doc.class).options(ORM.loadOnly(doc("title"))))).isEqualTo("SELECT docs.id, docs.title FROM docs");
            assertThat(t.sqlOf(ORM.select(Doc.class).options(ORM.defer(doc("title"))))).isEqualTo("SELECT docs.id FROM docs");
            assertThat(t.sqlOf(ORM.select(Doc.class).options(ORM.joinedLoad(doc("notes")).loadOnly(note("text")))))
                    .isEqualTo("SELECT docs.id, docs.title, notes_1.id AS id_1, notes_1.text FROM docs "
                            + "LEFT OUTER JOIN notes AS notes_1 ON docs.id = notes_1.doc_id ORDER BY notes_1.id");
            assertThat(t.sqlOf(ORM.select(Doc.class).options(ORM.joinedLoad(doc("notes")).innerJoin())))
                    .isEqualTo("SELECT docs.id, docs.title, notes_1.id AS id_1, notes_1.doc_id, notes_1.text, notes_1.extra FROM docs "
                            + "JOIN notes AS notes_1 ON docs.id = notes_1.doc_id ORDER BY notes_1.id");
        }
    }

    @Test
    void badColumnOptionsRaiseNamingWhatIsWrong() {
        try (OrmTestDatabase t = model()) {
            assertThatThrownBy(() -> ORM.defer(doc("notes"))).isInstanceOf(ArgumentException.class).hasMessageContaining("Doc.notes");
            assertThatThrownBy(() -> ORM.loadOnly()).isInstanceOf(ArgumentException.class).hasMessageContaining("loadOnly");
            assertThatThrownBy(() -> ORM.loadOnly(doc("title"), note("text"))).isInstanceOf(ArgumentException.class).hasMessageContaining("one entity");
            assertThatThrownBy(() -> ORM.joinedLoad(doc("notes")).defer(doc("title"))).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("Note");
            assertThatThrownBy(() -> ORM.selectinLoad(doc("notes")).innerJoin()).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("joined load");
            assertThatThrownBy(() -> ORM.relationship(Note.class).lazy("subquery")).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("lazy='subquery'");
        }
    }

    /** The mapping's deferred group: not selected; loadAttribute issues SQLAlchemy's SELECT for the group, once. */
    @EachDatabase
    void deferredGroupLoadsOnAccess(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            Session s = t.open();
            Doc d = s.query(Doc.class).one();
            assertThat(take(t, "")).containsExactly("SELECT docs.id, docs.title FROM docs");
            assertThat(d.summary).isNull();
            assertThat(d.body).isNull();
            assertThat(s.loadAttribute(d, "body")).isEqualTo("b");
            assertThat(take(t, "")).containsExactly("SELECT docs.summary, docs.body FROM docs WHERE docs.id = ?");
            assertThat(d.summary).isEqualTo("s");
            assertThat(s.loadAttribute(d, "summary")).isEqualTo("s");
            assertThat(s.loadAttribute(d, "title")).isEqualTo("t");
            assertThat(take(t, "")).as("loaded once").isEmpty();
            s.flush();
            assertThat(take(t, "UPDATE")).as("loading is no change").isEmpty();
        }
    }

    @EachDatabase
    void optionsSelectWhatTheySayAndLoadTheRestOnAccess(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).options(ORM.undefer(doc("body"))).one();
                assertThat(d.body).isEqualTo("b");
                assertThat(d.summary).isNull();
            }
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).options(ORM.undeferGroup("text")).one();
                assertThat(d.summary).isEqualTo("s");
                assertThat(d.body).isEqualTo("b");
            }
            try (Session s = t.open()) {
                t.take("");
                Doc d = s.query(Doc.class).options(ORM.defer(doc("title"))).one();
                assertThat(take(t, "")).containsExactly("SELECT docs.id FROM docs");
                assertThat(d.title).isNull();
                assertThat(s.loadAttribute(d, "title")).isEqualTo("t");
                assertThat(take(t, "")).containsExactly("SELECT docs.title FROM docs WHERE docs.id = ?");
            }
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).options(ORM.joinedLoad(doc("notes")).loadOnly(note("text"))).one();
                assertThat(d.notes).extracting(n -> n.text).containsExactly("n1", "n2");
                assertThat(d.notes).extracting(n -> n.extra).containsOnlyNulls();
                assertThat(s.loadAttribute(d.notes.get(1), "extra")).isEqualTo("x2");
            }
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).options(ORM.selectinLoad(doc("notes")).loadOnly(note("text"))).one();
                assertThat(d.notes).as("told apart by their foreign key, selected anyway").extracting(n -> n.text).containsExactly("n1", "n2");
                assertThat(d.notes).extracting(n -> n.extra).containsOnlyNulls();
            }
        }
    }

    /** A deferred column the application sets flushes as an UPDATE; one it leaves alone is not written (not nulled). */
    @EachDatabase
    void aModifiedDeferredColumnFlushesAndAnUntouchedOneIsKept(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).options(ORM.loadOnly(doc("title"))).one();
                d.body = "new";
                s.commit();
                assertThat(take(t, "UPDATE")).containsExactly("UPDATE docs SET body=? WHERE docs.id = ?");
            }
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).one();
                d.title = "t2";
                s.commit();
                assertThat(take(t, "UPDATE")).containsExactly("UPDATE docs SET title=? WHERE docs.id = ?");
            }
            try (Session s = t.open()) {
                Doc d = s.query(Doc.class).options(ORM.undeferGroup("text")).one();
                assertThat(d.title).isEqualTo("t2");
                assertThat(d.summary).isEqualTo("s");
                assertThat(d.body).isEqualTo("new");
            }
        }
    }

    @EachDatabase
    void raiseloadRaisesNamingEntityAndAttribute(Databases.Database db) {
        try (OrmTestDatabase t = model()) {
            t.start(db);
            fill(t);
            Session s = t.open();
            Doc d = s.query(Doc.class).options(ORM.defer(doc("title"), true)).one();
            assertThatThrownBy(() -> s.loadAttribute(d, "title")).isInstanceOfSatisfying(RaiseloadException.class, e -> {
                assertThat(e.entity()).isEqualTo("Doc");
                assertThat(e.attribute()).isEqualTo("title");
                assertThat(e).hasMessage("'Doc.title' is not available due to raiseload");
            });
            s.expunge(d);
            Doc other = s.query(Doc.class).options(ORM.loadOnlyRaising(doc("title"))).one();
            assertThatThrownBy(() -> s.loadAttribute(other, "summary")).isInstanceOf(RaiseloadException.class).hasMessageContaining("Doc.summary");
            assertThat(take(t, "SELECT docs.summary")).as("nothing selected").isEmpty();
        }
    }

    /** lazy="joined" on the mapping: every query joins, unless an option says otherwise; innerJoin() makes it INNER. */
    @EachDatabase
    void relationshipDefaultsLoadAsTheMappingSays(Databases.Database db) {
        try (OrmTestDatabase t = model("joined", false)) {
            t.start(db);
            fill(t);
            Session s = t.open();
            Doc d = s.query(Doc.class).one();
            assertThat(take(t, "")).containsExactly("SELECT docs.id, docs.title, notes_1.id AS id_1, notes_1.doc_id, notes_1.text, notes_1.extra "
                    + "FROM docs LEFT OUTER JOIN notes AS notes_1 ON docs.id = notes_1.doc_id ORDER BY notes_1.id");
            assertThat(d.notes).extracting(n -> n.text).containsExactly("n1", "n2");
            s.close();
            Session s2 = t.open();
            s2.query(Doc.class).options(ORM.lazyLoad(doc("notes"))).one();
            assertThat(take(t, "")).containsExactly("SELECT docs.id, docs.title FROM docs");
        }
        try (OrmTestDatabase t = model("joined", true)) {
            t.start(db);
            assertThat(t.sqlOf(t.open().query(Doc.class))).contains("FROM docs JOIN notes AS notes_1 ON docs.id = notes_1.doc_id");
        }
        try (OrmTestDatabase t = model("selectin", false)) {
            t.start(db);
            fill(t);
            Doc d = t.open().query(Doc.class).one();
            assertThat(take(t, "")).hasSize(2);
            assertThat(d.notes).extracting(n -> n.text).containsExactly("n1", "n2");
        }
        try (OrmTestDatabase t = model("raise", false)) {
            t.start(db);
            fill(t);
            Doc d = t.open().query(Doc.class).one();
            assertThatThrownBy(() -> d.notes.size()).isInstanceOf(RetortException.class).hasMessageContaining("not loaded");
        }
    }

    @jakarta.persistence.Entity
    @jakarta.persistence.Table(name = "articles")
    static class Article {
        @jakarta.persistence.Id
        Integer id;
        String title;
        @jakarta.persistence.Basic(fetch = jakarta.persistence.FetchType.LAZY)
        String body;
        @jakarta.persistence.OneToMany(mappedBy = "article", fetch = jakarta.persistence.FetchType.EAGER)
        List<Comment> comments = new ArrayList<>();
    }

    @jakarta.persistence.Entity
    @jakarta.persistence.Table(name = "comments")
    static class Comment {
        @jakarta.persistence.Id
        Integer id;
        String text;
        @jakarta.persistence.ManyToOne
        Article article;
    }

    /** {@code @Basic(fetch = LAZY)} maps a deferred column, {@code @OneToMany(fetch = EAGER)} a joined default (as Hibernate joins it). */
    @Test
    void jakartaLazyBasicsAreDeferredAndEagerCollectionsJoined() {
        Registry r = new Registry(new dev.retort.schema.MetaData());
        try {
            r.map(Article.class, Comment.class);
            assertThat(ORM.select(Article.class).statement().compile().string().replaceAll("\\s+", " "))
                    .isEqualTo("SELECT articles.id, articles.title, comments_1.id AS id_1, comments_1.text, comments_1.article_id "
                            + "FROM articles LEFT OUTER JOIN comments AS comments_1 ON articles.id = comments_1.article_id");
        } finally {
            r.dispose();
        }
    }

    /** A query with column options and an inner joined load survives a serializer round trip, binary and JSON. */
    @Test
    void columnOptionsSurviveSerialization() {
        try (OrmTestDatabase t = model()) {
            Query<Doc> q = ORM.select(Doc.class).options(ORM.loadOnly(doc("title")), ORM.undeferGroup("text"), ORM.defer(doc("title"), true),
                    ORM.joinedLoad(doc("notes")).innerJoin().loadOnlyRaising(note("text")).undefer(note("extra")),
                    ORM.defaultLoad(doc("notes")).defer(note("extra")));
            for (Protocol p : Protocol.values()) {
                Query<?> back = (Query<?>) QuerySerializer.loads(QuerySerializer.dumps(q, p), t.metadata);
                assertThat(back.compare(q)).as(p.name()).isTrue();
                assertThat(back.cacheKey()).isEqualTo(q.cacheKey());
                assertThat(t.sqlOf(back)).isEqualTo(t.sqlOf(q));
                assertThat(back.loaderOptions()).hasToString(q.loaderOptions().toString());
            }
            assertThat(ORM.select(Doc.class).options(ORM.defer(doc("title"))).compare(ORM.select(Doc.class).options(ORM.undefer(doc("title")))))
                    .as("the strategy is part of the shape").isFalse();
        }
    }
}
