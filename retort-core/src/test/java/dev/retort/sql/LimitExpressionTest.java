package dev.retort.sql;

import static dev.retort.sql.SQL.bindparam;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literalColumn;
import static dev.retort.sql.SQL.orderByList;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialect;
import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Table;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LIMIT / OFFSET / FETCH FIRST of an expression, and OrderByList. Expected SQL is SQLAlchemy
 * 2.1.1's ({@code limit(bindparam("n")).offset(literal_column("1"))},
 * {@code order_by(OrderByList([...]).desc())}, {@code fetch(bindparam("n"))}) with
 * {@code render_postcompile=True}, whitespace collapsed, with the table's name substituted.
 */
class LimitExpressionTest {
    private final ItemsTable items = new ItemsTable();
    private final Table t = items.t;

    private String sql(ClauseElement stmt, Dialect d) {
        return items.sql(stmt.compile(d).string());
    }

    private Select paged() {
        return select(t.c("id")).orderBy(orderByList(t.c("name"), t.c("id")).desc()).limit(bindparam("n")).offset(literalColumn("1"));
    }

    @Test
    void expressionsAsLimitOffsetAndFetch() {
        String head = "SELECT items.id FROM items ORDER BY items.name DESC, items.id DESC ";
        assertThat(sql(paged(), Dialects.defaultDialect())).isEqualTo(head + "LIMIT :n OFFSET 1");
        assertThat(sql(paged(), Dialects.postgresql())).isEqualTo(head + "LIMIT ? OFFSET 1");
        assertThat(sql(paged(), Dialects.mysql())).isEqualTo(head + "LIMIT 1, ?");
        assertThat(sql(paged(), Dialects.sqlite())).isEqualTo(head + "LIMIT ? OFFSET 1");
        Select fetch = select(t.c("id")).orderBy(t.c("id")).fetch(Fetch.first(bindparam("n")));
        assertThat(sql(fetch, Dialects.defaultDialect())).isEqualTo("SELECT items.id FROM items ORDER BY items.id FETCH FIRST :n ROWS ONLY");
        assertThat(sql(fetch, Dialects.postgresql())).isEqualTo("SELECT items.id FROM items ORDER BY items.id FETCH FIRST (?) ROWS ONLY");
        assertThat(paged().compare(paged())).isTrue();
        assertThat(paged().cacheKey()).isEqualTo(paged().cacheKey());
        assertThat(paged().cacheKey()).isNotEqualTo(select(t.c("id")).orderBy(orderByList(t.c("name"), t.c("id")).asc()).limit(bindparam("n"))
                .offset(literalColumn("1")).cacheKey());
        assertThatThrownBy(() -> select(t.c("id")).limit(null)).isInstanceOf(ArgumentException.class).hasMessageContaining("LIMIT");
        assertThatThrownBy(() -> orderByList()).isInstanceOf(ArgumentException.class);
    }

    @Test
    void orderByListAppliesEachModifier() {
        assertThat(sql(select(t.c("id")).orderBy(orderByList(t.c("name"), t.c("id")).desc().nullsFirst()), Dialects.defaultDialect()))
                .isEqualTo("SELECT items.id FROM items ORDER BY items.name DESC NULLS FIRST, items.id DESC NULLS FIRST");
        assertThat(orderByList(t.c("name")).getChildren()).hasSize(1);
    }

    @EachDatabase
    void runsOnEveryDatabase(Database db) {
        items.on(db, conn -> {
            conn.execute(insert(t), List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"), Map.of("id", 3, "name", "c")));
            assertThat(conn.execute(paged().params(Map.of("n", 2))).scalars()).isEqualTo(List.of(2, 1));
            Select byId = select(t.c("id")).orderBy(orderByList(t.c("id")).desc()).limit(bindparam("n"));
            assertThat(conn.execute(byId.params(Map.of("n", 1))).scalars()).isEqualTo(List.of(3));
        });
    }
}
