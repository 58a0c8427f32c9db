package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.exc.ArgumentException;
import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.testing.Databases;
import dev.retort.types.Types;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Relationships added after mapping ({@link Mapper#addProperty(String, Relationship)}, SQLAlchemy's
 * {@code mapper.add_property("child", relationship(...))} or {@code Link.child = relationship(...)}): a joined load lists
 * their columns after the class's own, so nested loads' aliases are numbered from the outside in; given to the mapping,
 * from the inside out. The expected SQL and rows are SQLAlchemy 2.1.1's for the same mappings
 * (test/orm/inheritance/test_relationship.py's JoinedloadOverWPolyAliased).
 */
class LateRelationshipTest {
    public static class Parent {
        Integer id;
        String name;
        List<Link> links;
    }

    public static class Link {
        Integer parentId;
        Integer childId;
        Parent child;
    }

    private static OrmTestDatabase mapped(boolean late) {
        OrmTestDatabase t = new OrmTestDatabase();
        Table parent = new Table("parent" + t.suffix, t.metadata, Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("name", Types.string(20)));
        Table link = new Table("link" + t.suffix, t.metadata,
                Column.of("parent_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("parent" + t.suffix + ".id"),
                Column.of("child_id", Types.INTEGER).primaryKey().autoincrement(false).foreignKey("parent" + t.suffix + ".id"));
        Relationship<Link> links = ORM.relationship(Link.class).primaryJoin(parent.c("id").eq(link.c("parent_id"))).orderBy(link.c("child_id"));
        Relationship<Parent> child = ORM.relationship(Parent.class).primaryJoin(link.c("child_id").eq(parent.c("id")));
        if (late) {
            Mapper<Parent> p = t.registry.mapImperatively(Parent.class, parent);
            Mapper<Link> l = t.registry.mapImperatively(Link.class, link);
            l.addProperty("child", child);
            p.addProperty("links", links);
        } else {
            t.registry.mapImperatively(Parent.class, parent, Map.of("links", links));
            t.registry.mapImperatively(Link.class, link, Map.of("child", child));
        }
        return t;
    }

    private static Query<Parent> nested() {
        return ORM.select(Parent.class).options(ORM.joinedLoad(ORM.attr(Parent.class, "links")).joinedLoad(ORM.attr(Link.class, "child"))
                .joinedLoad(ORM.attr(Parent.class, "links"))).orderBy(ORM.attr(Parent.class, "id"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nestedJoinedLoadsNumberTheirAliasesAsSqlalchemy(boolean late) {
        String outer = late ? "link_1" : "link_2";
        String inner = late ? "link_2" : "link_1";
        try (OrmTestDatabase t = mapped(late)) {
            assertThat(t.sqlOf(nested())).isEqualTo("SELECT parent.id, parent.name, link_1.parent_id, link_1.child_id, parent_1.id AS id_1, "
                    + "parent_1.name AS name_1, link_2.parent_id AS parent_id_1, link_2.child_id AS child_id_1 FROM parent LEFT OUTER JOIN link AS "
                    + outer + " ON parent.id = " + outer + ".parent_id LEFT OUTER JOIN parent AS parent_1 ON " + outer + ".child_id = parent_1.id "
                    + "LEFT OUTER JOIN link AS " + inner + " ON parent_1.id = " + inner + ".parent_id ORDER BY parent.id, " + outer + ".child_id, "
                    + inner + ".child_id");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.retort.testing.Databases#all")
    void loadsTheSameRows(Databases.Database db) {
        for (boolean late : new boolean[] {true, false}) {
            try (OrmTestDatabase t = mapped(late)) {
                t.start(db);
                Session s = t.open();
                Parent[] ps = new Parent[3];
                for (int i = 0; i < 3; i++) {
                    ps[i] = new Parent();
                    ps[i].id = i + 1;
                    ps[i].name = "abc".substring(i, i + 1);
                    s.add(ps[i]);
                }
                for (int[] pc : new int[][] {{1, 2}, {1, 3}, {2, 3}}) {
                    Link l = new Link();
                    l.parentId = pc[0];
                    l.childId = pc[1];
                    s.add(l);
                }
                s.commit();
                List<String> got = nested().withSession(t.open()).all().stream().map(p -> p.id + " " + p.links.stream()
                        .map(l -> "(" + l.child.id + ", " + l.child.links.stream().map(x -> x.childId).toList() + ")").collect(Collectors.joining(", ")))
                        .toList();
                assertThat(got).as("late %s", late).containsExactly("1 (2, [3]), (3, [])", "2 (3, [])", "3 ");
            }
        }
    }

    @Test
    void notOnceConfigured() {
        try (OrmTestDatabase t = mapped(true)) {
            ORM.attr(Parent.class, "links");
            assertThatThrownBy(() -> Registry.mapperFor(Link.class).addProperty("other", ORM.relationship(Parent.class)))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("configured it already");
        }
    }
}
