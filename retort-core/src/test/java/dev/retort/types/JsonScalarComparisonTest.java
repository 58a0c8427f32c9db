package dev.retort.types;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ColumnElement;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A JSON element compared with a plain value ({@code data['k'] == 31}, {@code == "ann"}, {@code > 2.5},
 * IN): the value binds as its own type, as SQLAlchemy 2.1.1's coerce_compared_value, so MariaDB
 * compares the element with 31 or 'ann' rather than with the documents '31' / '"ann"'. The rows
 * expected on SQLite are sqlite3's for the element's SQL value, {@code JSON_EXTRACT(data, ?) = ?}
 * (SQLAlchemy's {@code JSON_QUOTE(...)} text never equals a number); on PostgreSQL, where
 * SQLAlchemy's {@code jsonb = integer} is an error, the value becomes a document with {@code to_jsonb(?)}.
 */
class JsonScalarComparisonTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final MetaData md = new MetaData();
    private final Table t = new Table("t", md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("data", Types.JSON));

    private static String sql(dev.retort.sql.ClauseElement e, dev.retort.dialect.Dialect d) {
        return e.compile(d).string().replaceAll("\\s+", " ");
    }

    @Test
    void scalarsBindAsThemselvesAsSqlalchemy() {
        ColumnElement<?> k = t.c("data").item("k");
        // SQLAlchemy 2.1.1, paramstyle qmark: the parameters are Integer, String, Double, expanding Integer
        assertThat(sql(select(t.c("id")).where(k.eq(31)), Dialects.mysql())).isEqualTo("SELECT t.id FROM t WHERE JSON_EXTRACT(t.data, ?) = ?");
        // deliberate: SQLAlchemy's SQLite form compares the element's JSON text, JSON_QUOTE(JSON_EXTRACT(t.data, ?)) = ?, which
        // never equals 31 or 'ann' and sorts above every number; Retort compares the SQL value JSON_EXTRACT gives
        assertThat(sql(select(t.c("id")).where(k.eq(31)), Dialects.sqlite())).isEqualTo("SELECT t.id FROM t WHERE JSON_EXTRACT(t.data, ?) = ?");
        assertThat(sql(select(t.c("id")).where(t.c("data").path("l", 1).in(List.of(1, 3))), Dialects.sqlite()))
                .isEqualTo("SELECT t.id FROM t WHERE JSON_EXTRACT(t.data, ?) IN (?, ?)");
        // a document compared with a document, and an element read, keep SQLAlchemy's JSON text
        assertThat(sql(select(k).where(k.eq(List.of(1, 2))), Dialects.sqlite())).isEqualTo("SELECT JSON_QUOTE(JSON_EXTRACT(t.data, ?)) AS anon_1 FROM t WHERE JSON_QUOTE(JSON_EXTRACT(t.data, ?)) = ?");
        assertThat(select(t.c("id")).where(k.eq(31)).compile(Dialects.mysql()).params().values()).containsExactly("k", 31);
        assertThat(select(t.c("id")).where(k.eq("ann")).compile(Dialects.mysql()).params().values()).containsExactly("k", "ann");
        assertThat(select(t.c("id")).where(k.gt(2.5)).compile(Dialects.sqlite()).params().values()).containsExactly("k", 2.5);
        assertThat(((dev.retort.sql.BinaryExpression<?>) k.eq(31)).right()).isInstanceOfSatisfying(dev.retort.sql.BindParameter.class,
                p -> assertThat(p.type().kind()).isEqualTo(TypeKind.INTEGER));
        assertThat(((dev.retort.sql.BinaryExpression<?>) k.eq("ann")).right()).isInstanceOfSatisfying(dev.retort.sql.BindParameter.class,
                p -> assertThat(p.type().kind().isString()).isTrue());
        // deliberate: SQLAlchemy's PostgreSQL form (jsonb = ?::INTEGER) is an error there; Retort makes the value a document
        Table b = new Table("b", new MetaData(), Column.of("id", Types.INTEGER), Column.of("data", Types.JSONB));
        assertThat(sql(select(b.c("id")).where(b.c("data").item("k").eq(31)), Dialects.postgresql())).endsWith(" = to_jsonb(?)");
        // a list or a map stays a JSON document
        assertThat(((dev.retort.sql.BinaryExpression<?>) k.eq(List.of(1, 2))).right()).isInstanceOfSatisfying(dev.retort.sql.BindParameter.class,
                p -> assertThat(p.type().kind().isJson()).isTrue());
        // the statements differ in their parameter's type, so the compiled cache keeps them apart
        assertThat(select(t.c("id")).where(k.eq(31)).cacheKey()).isNotEqualTo(select(t.c("id")).where(k.eq("ann")).cacheKey());
    }

    @EachDatabase
    void comparisonsReturnTheDatabasesRows(Database db) {
        boolean pg = db == Database.POSTGRESQL;
        // PostgreSQL's json has no = at all (neither SQLAlchemy nor Retort can compare it): jsonb there
        Table docs = new Table("jsonc_" + suffix, md, Column.of("id", Types.INTEGER).primaryKey(), Column.of("data", pg ? Types.JSONB : Types.JSON));
        var engine = db.engine();
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            List<Object> ks = List.of(31, "ann", 2.5, 3, 1, List.of(1, 2));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < ks.size(); i++) {
                rows.add(Map.of("id", i + 1, "data", Map.of("k", ks.get(i))));
            }
            conn.execute(insert(docs), rows);
            conn.commit();
            ColumnElement<?> k = docs.c("data").item("k");
            List<List<Integer>> want = switch (db) {
                // MariaDB, checked with the mysql client; SQLite, checked with sqlite3 (text, here 'ann' and '[1,2]', sorts above
                // numbers; SQLAlchemy's JSON_QUOTE form got none, none, all, all, none); PostgreSQL, jsonb's order (an array sorts above numbers)
                case POSTGRESQL -> List.of(List.of(1), List.of(2), List.of(1, 4, 6), List.of(2, 3, 4, 5, 6), List.of(4, 5));
                case SQLITE -> List.of(List.of(1), List.of(2), List.of(1, 2, 4, 6), List.of(2, 3, 4, 5, 6), List.of(4, 5));
                default -> List.of(List.of(1), List.of(2), List.of(1, 4), List.of(2, 3, 4, 5, 6), List.of(4, 5));
            };
            List<ColumnElement<Boolean>> where = List.of(k.eq(31), k.eq("ann"), k.gt(2.5), k.ne(31), k.in(List.of(1, 3)));
            // twice: the second round runs the cached forms, 31 and "ann" each their own
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < where.size(); i++) {
                    assertThat(conn.execute(select(docs.c("id")).where(where.get(i)).orderBy(docs.c("id"))).scalars())
                            .as("%s comparison %d round %d", db, i, round).containsExactlyElementsOf(want.get(i));
                }
            }
        } finally {
            md.dropAll(engine);
        }
    }
}
