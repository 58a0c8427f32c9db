package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.Table;
import dev.retort.sql.SQL;
import dev.retort.testing.Databases;
import dev.retort.testing.Databases.EachDatabase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code @OrderColumn} on an {@code @ElementCollection} List, as Hibernate 7.4 makes it (its schema
 * export, PostgreSQL and MariaDB dialects): {@code Owner_tags (Owner_id bigint not null, tags
 * varchar(255), tags_ORDER integer not null check ((tags_ORDER>=0)), primary key (Owner_id, tags_ORDER))}.
 */
class AnnotatedOrderColumnTest {
    @Entity
    public static class Board {
        @Id @GeneratedValue Long id;
        @ElementCollection @OrderColumn List<String> tags = new ArrayList<>();
        @ElementCollection @OrderColumn(name = "pos") @CollectionTable(name = "board_notes") List<String> notes = new ArrayList<>();

        public Board() {
        }
    }

    @Entity
    public static class SetBoard {
        @Id Long id;
        @ElementCollection @OrderColumn Set<String> tags = new HashSet<>();
    }

    @Test
    void positionColumnKeysTheCollectionTable() {
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            t.registry.map(Board.class);
            Table tags = t.metadata.tables().get("Board_tags");
            assertThat(tags.columns()).extracting(Column::name).containsExactly("Board_id", "tags", "tags_ORDER");
            assertThat(tags.primaryKeyColumns()).extracting(Column::name).containsExactly("Board_id", "tags_ORDER");
            for (var d : List.of(Dialects.postgresql(), Dialects.mariadb(), Dialects.sqlite())) {
                assertThat(new CreateTable(tags).compile(d).string().replaceAll("[\"`]", "")).as(d.name())
                        .contains("tags_ORDER INTEGER NOT NULL CHECK (tags_ORDER >= 0)").contains("PRIMARY KEY (Board_id, tags_ORDER)");
            }
            Table notes = t.metadata.tables().get("board_notes");
            assertThat(notes.columns()).extracting(Column::name).containsExactly("Board_id", "notes", "pos");
        }
        try (OrmTestDatabase t = new OrmTestDatabase()) {
            assertThatThrownBy(() -> t.registry.map(SetBoard.class)).isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("SetBoard.tags @ElementCollection is a Set with @OrderColumn");
        }
    }

    @EachDatabase
    void positionsWrittenOnFlushAndLoadedInOrder(Databases.Database db) {
        try (OrmTestDatabase t = new OrmTestDatabase().suffixingMappedTables()) {
            t.registry.map(Board.class);
            t.start(db);
            Table tags = t.metadata.tables().get("Board_tags" + t.suffix);
            long id;
            try (Session s = t.open()) {
                Board b = new Board();
                b.tags.addAll(List.of("b", "a", "c", "a"));
                s.add(b);
                s.commit();
                id = b.id;
            }
            assertThat(rows(t, tags)).containsExactly(List.of("b", 0), List.of("a", 1), List.of("c", 2), List.of("a", 3));
            try (Session s = t.open()) {
                Query<Board> q = s.query(Board.class).filter(ORM.attr(Board.class, "id").eq(id));
                Board b = q.one();
                assertThat(b.tags).containsExactly("b", "a", "c", "a");
                t.assertRoundTrips(List.of(q), s);
                t.take("");
                s.commit();
                assertThat(t.take("")).as("unchanged: nothing written").noneMatch(sql -> sql.startsWith("INSERT") || sql.startsWith("DELETE"));
                Collections.swap(b.tags, 0, 2);
                b.tags.remove(3);
                b.notes.add("n");
                s.commit();
            }
            assertThat(rows(t, tags)).containsExactly(List.of("c", 0), List.of("a", 1), List.of("b", 2));
            try (Session s = t.open()) {
                Board b = s.get(Board.class, id);
                assertThat(b.tags).containsExactly("c", "a", "b");
                assertThat(b.notes).containsExactly("n");
            }
        }
    }

    /** (tags, tags_ORDER) of the table's rows, by position. */
    private static List<List<Object>> rows(OrmTestDatabase t, Table tags) {
        try (Session s = t.open()) {
            return s.connection().execute(SQL.select(tags.c("tags"), tags.c("tags_ORDER")).orderBy(tags.c("tags_ORDER"))).all().stream()
                    .map(r -> List.<Object>of(r.get(0), ((Number) r.get(1)).intValue())).toList();
        }
    }
}
