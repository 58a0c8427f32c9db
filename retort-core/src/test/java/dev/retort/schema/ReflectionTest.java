package dev.retort.schema;

import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static dev.retort.sql.SQL.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.engine.Connection;
import dev.retort.engine.Engine;
import dev.retort.engine.Row;
import dev.retort.exc.NoSuchTableException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.Select;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.SchemaDescription;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.TypeEngine;
import dev.retort.types.Types;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code MetaData.reflect} and {@code Table.reflect} on each database, each test in a scratch database of its own. */
class ReflectionTest {
    /** A table of every built-in type, with defaults; a composite key referred to by a composite foreign key; each kind of constraint and index. */
    private static MetaData declared() {
        MetaData md = new MetaData();
        new Table("kinds", md,
                Column.of("id", Types.BIGINT).primaryKey(),
                Column.of("i", Types.INTEGER).nullable(false).serverDefault(7),
                Column.of("s", Types.SMALLINT),
                Column.of("b", Types.BOOLEAN),
                Column.of("f", Types.FLOAT),
                Column.of("d", Types.DOUBLE),
                Column.of("n", Types.numeric(10, 2)),
                Column.of("v", Types.string(40)).serverDefault("open"),
                Column.of("t", Types.TEXT),
                Column.of("dt", Types.DATE),
                Column.of("tm", Types.TIME),
                Column.of("dtm", Types.DATETIME),
                Column.of("ts", Types.TIMESTAMP),
                Column.of("bin", Types.LARGE_BINARY),
                Column.of("u", Types.UUID),
                Column.of("j", Types.JSON));
        new Table("parents", md,
                Column.of("a", Types.INTEGER),
                Column.of("b", Types.string(10)),
                Column.of("label", Types.string(30)).nullable(false),
                new PrimaryKeyConstraint("a", "b"),
                new UniqueConstraint("uq_parents_label", List.of("label")));
        Table children = new Table("children", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("pa", Types.INTEGER),
                Column.of("pb", Types.string(10)),
                Column.of("email", Types.string(50)).unique(),
                Column.of("pos", Types.INTEGER).index(),
                new ForeignKeyConstraint("fk_children_parent", List.of("pa", "pb"), List.of("parents.a", "parents.b"), "CASCADE", null));
        Index.unique("ux_children_pb_pos", children.c("pb"), children.c("pos"));
        new Index("ix_children_positive", children.c("pos"))
                .dialectKw("postgresql_where", children.c("pos").gt(0))
                .dialectKw("sqlite_where", children.c("pos").gt(0));
        return md;
    }

    /** Where a database stores a type as another one Retort has, the type reflection gives back. */
    private static Map<String, TypeEngine<?>> storedAs(Database db) {
        switch (db) {
            case SQLITE: return Map.of("u", Types.string(32));
            case POSTGRESQL: return Map.of("f", Types.DOUBLE);
            default: return Map.of("f", Types.DOUBLE, "ts", Types.DATETIME, "u", Types.string(32));
        }
    }

    private static MetaData reflect(Engine engine) {
        MetaData md = new MetaData();
        md.reflect(engine);
        return md;
    }

    /** Creates the declared schema in the scratch database and reflects it back. */
    private static MetaData createAndReflect(ScratchDatabase scratch) {
        declared().createAll(scratch.engine());
        return reflect(scratch.engine());
    }

    @EachDatabase
    void columnsComeBackWithTheirTypesNullabilityAndDefaults(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = createAndReflect(scratch);
            assertThat(md.tables().keySet()).containsExactlyInAnyOrder("kinds", "parents", "children");
            Table kinds = md.table("kinds");
            Map<String, TypeEngine<?>> expected = new HashMap<>();
            declared().table("kinds").columns().forEach(c -> expected.put(c.name(), c.type()));
            expected.putAll(storedAs(db));
            for (Column<?> c : kinds.columns()) {
                assertThat(typeName(c.type())).as(c.name()).isEqualTo(typeName(expected.get(c.name())));
            }
            assertThat(kinds.columns()).extracting(Column::name).containsExactly("id", "i", "s", "b", "f", "d", "n", "v", "t", "dt", "tm", "dtm", "ts", "bin", "u", "j");
            assertThat(kinds.c("i").isNullable()).isFalse();
            assertThat(kinds.c("s").isNullable()).isTrue();
            assertThat(kinds.c("i").serverDefault()).hasToString("7");
            assertThat(kinds.c("v").serverDefault().toString()).startsWith("'open'");
            assertThat(kinds.c("s").serverDefault()).isNull();
            assertThat(kinds.primaryKeyColumns()).extracting(Column::name).containsExactly("id");
        }
    }

    private static String typeName(TypeEngine<?> t) {
        return t.kind() + t.typeArguments().toString();
    }

    @EachDatabase
    void keysConstraintsAndIndexesComeBack(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = createAndReflect(scratch);
            Table parents = md.table("parents");
            Table children = md.table("children");

            assertThat(parents.primaryKeyColumns()).extracting(Column::name).containsExactly("a", "b");
            assertThat(uniques(parents)).containsExactly((db == Database.SQLITE ? "null" : "uq_parents_label") + " [label]");
            // MySQL and MariaDB know a unique index as a unique constraint: reflected as one.
            assertThat(uniques(children)).hasSize(db == Database.MARIADB ? 2 : 1).anyMatch(u -> u.endsWith(" [email]"));

            ForeignKeyConstraint fk = (ForeignKeyConstraint) children.constraints().stream().filter(c -> c instanceof ForeignKeyConstraint).findFirst().orElseThrow();
            assertThat(fk.name()).isEqualTo("fk_children_parent");
            assertThat(fk.columns()).extracting(Column::name).containsExactly("pa", "pb");
            assertThat(fk.elements()).extracting(k -> (Object) k.column()).containsExactly(parents.c("a"), parents.c("b"));
            assertThat(fk.elements().get(0).onDelete()).isEqualTo("CASCADE");
            assertThat(select(children.c("id")).selectFrom(children.join(parents)).toString())
                    .contains("parents.a = children.pa AND parents.b = children.pb");

            Map<String, String> indexes = new TreeMap<>();
            children.indexes().forEach(ix -> indexes.put(ix.name(), (ix.isUnique() ? "unique " : "") + ix.expressions() + where(ix, db)));
            Map<String, String> expected = new TreeMap<>(Map.of(
                    "ix_children_pos", "[children.pos]",
                    "ix_children_positive", "[children.pos]" + (db == Database.MARIADB ? "" : " where pos > 0"),
                    "ux_children_pb_pos", "unique [children.pb, children.pos]"));
            if (db == Database.MARIADB) {
                expected.remove("ux_children_pb_pos");
                assertThat(uniques(children)).contains("ux_children_pb_pos [pb, pos]");
            }
            assertThat(indexes).containsExactlyEntriesOf(expected);
        }
    }

    private static List<String> uniques(Table t) {
        return t.constraints().stream().filter(c -> c instanceof UniqueConstraint)
                .map(c -> c.name() + " " + c.columns().stream().map(Column::name).toList()).toList();
    }

    private static String where(Index ix, Database db) {
        Object where = ix.dialectOption(db.toString(), "where");
        return where == null ? "" : " where " + where.toString().replaceAll("[()]", "");
    }

    @EachDatabase
    void aReflectedSchemaCreatesAnEquivalentSchemaInAnotherDatabase(Database db) {
        try (ScratchDatabase first = ScratchDatabase.create(db); ScratchDatabase second = ScratchDatabase.create(db)) {
            MetaData reflected = createAndReflect(first);
            reflected.createAll(second.engine());
            assertThat(SchemaDescription.describe(reflect(second.engine()))).isEqualTo(SchemaDescription.describe(reflected));
        }
    }

    /**
     * PostgreSQL describes an index on an expression, which is reflected as that SQL and created
     * again from it; SQLite's catalog does not, so such an index is left out. (MariaDB has none.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Database.class, names = {"SQLITE", "POSTGRESQL"})
    void indexesOnExpressions(Database db) {
        try (ScratchDatabase first = ScratchDatabase.create(db); ScratchDatabase second = ScratchDatabase.create(db)) {
            declared().createAll(first.engine());
            first.engine().inTransaction(c -> c.execute(text("CREATE INDEX ix_children_lower_email ON children (lower(email))")));
            MetaData reflected = reflect(first.engine());
            List<Index> onExpressions = reflected.table("children").indexes().stream().filter(ix -> ix.name().equals("ix_children_lower_email")).toList();
            if (db == Database.SQLITE) {
                assertThat(onExpressions).isEmpty();
                return;
            }
            assertThat(onExpressions).singleElement().extracting(ix -> ix.expressions().toString()).isEqualTo("[lower((email)::text)]");
            reflected.createAll(second.engine());
            assertThat(SchemaDescription.describe(reflect(second.engine()))).isEqualTo(SchemaDescription.describe(reflected));
        }
    }

    @EachDatabase
    void reflectedTablesWorkLikeDeclaredOnes(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData md = createAndReflect(scratch);
            MetaData original = declared();
            Table kinds = md.table("kinds");
            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(kinds).values(Map.of("id", 1L, "n", new BigDecimal("2.50"), "b", true)));
                conn.execute(insert(original.table("kinds")).values(Map.of("id", 2L, "i", 3, "n", new BigDecimal("1.25"), "b", false)));
            }
            try (Connection conn = scratch.engine().connect()) {
                List<Row> rows = conn.execute(select(kinds.c("id"), kinds.c("i"), kinds.c("v"), kinds.c("n"), kinds.c("b")).orderBy(kinds.c("id"))).all();
                assertThat(rows).extracting(Row::toList).containsExactly(
                        List.of(1L, 7, "open", new BigDecimal("2.50"), true), List.of(2L, 3, "open", new BigDecimal("1.25"), false));

                Select report = select(original.table("kinds").c("v"), original.table("kinds").c("n")).where(original.table("kinds").c("i").gt(5));
                for (Protocol protocol : Protocol.values()) {
                    ClauseElement loaded = (ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(report, protocol), md);
                    assertThat(loaded.compile(conn.dialect()).string()).isEqualTo(report.compile(conn.dialect()).string());
                    assertThat(conn.execute(loaded).all()).extracting(Row::toList).containsExactly(List.of("open", new BigDecimal("2.50")));
                }
            }
        }
    }

    @EachDatabase
    void onlySomeTablesOrOneSchema(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            declared().createAll(scratch.engine());
            Engine engine = scratch.engine();

            MetaData some = new MetaData();
            some.reflect(engine, ReflectOptions.builder().only("children").build());
            assertThat(some.tables().keySet()).as("with the tables its foreign keys refer to").containsExactlyInAnyOrder("children", "parents");

            MetaData filtered = new MetaData();
            filtered.reflect(engine, ReflectOptions.builder().only(name -> name.startsWith("k")).build());
            assertThat(filtered.tables().keySet()).containsExactly("kinds");

            assertThatThrownBy(() -> new MetaData().reflect(engine, ReflectOptions.builder().only("kinds", "nope").build()))
                    .isInstanceOf(NoSuchTableException.class).hasMessageContaining("nope").hasMessageContaining("it has: ");

            MetaData named = new MetaData();
            named.reflect(engine, ReflectOptions.builder().schema(scratch.schema()).only("children").build());
            String children = scratch.schema() + ".children";
            assertThat(named.tables().keySet()).containsExactlyInAnyOrder(children, scratch.schema() + ".parents");
            Table t = named.table(children);
            try (Connection conn = engine.connect()) {
                assertThat(conn.execute(select(t.c("id")).selectFrom(t.join(named.table(scratch.schema() + ".parents")))).all()).isEmpty();
            }
        }
    }

    @EachDatabase
    void tableReflectLoadsOneTableAndWhatItRefersTo(Database db) {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            declared().createAll(scratch.engine());
            MetaData md = new MetaData();
            Table children = Table.reflect("children", md, scratch.engine());
            assertThat(md.tables().keySet()).containsExactlyInAnyOrder("children", "parents");
            assertThat(Table.reflect("children", md, scratch.engine())).isSameAs(children);
            assertThatThrownBy(() -> Table.reflect("nope", md, scratch.engine()))
                    .isInstanceOf(NoSuchTableException.class).hasMessageContaining("'nope'");
        }
    }
}
