package dev.retort.codegen;

import static dev.retort.codegen.GeneratedSources.call;
import static dev.retort.codegen.GeneratedSources.field;
import static dev.retort.codegen.GeneratedSources.staticField;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.Index;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.ClauseElement;
import dev.retort.sql.FromClause;
import dev.retort.sql.Select;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import dev.retort.testing.ScratchDatabase;
import dev.retort.types.Types;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeGeneratorTest {
    @TempDir
    Path dir;

    /** The schema the database is given, declared by hand: generated code must build the same statements as these tables. */
    private static MetaData model() {
        MetaData md = new MetaData();
        new Table("users", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("name", Types.string(50)).nullable(false),
                Column.of("score", Types.numeric(10, 2)),
                new dev.retort.schema.CheckConstraint("ck_users_score", dev.retort.sql.SQL.literalColumn("score").ge(0)));
        Table addresses = new Table("user_addresses", md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("user_id", Types.INTEGER).nullable(false).foreignKey("users.id"),
                Column.of("emailAddress", Types.string(100)));
        new Index("ix_user_addresses_email", addresses.c("emailAddress"));
        return md;
    }

    @EachDatabase
    void generatedTablesCompileQueryAndMatchHandDeclaredOnes(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            MetaData model = model();
            model.createAll(scratch.engine());
            CodeGenerator generator = CodeGenerator.builder().packageName("com.acme.db").exclude("ignored_.*").build();
            Map<String, String> sources = generator.generate(scratch.engine());
            assertThat(sources).containsOnlyKeys("com/acme/db/Users.java", "com/acme/db/UserAddresses.java", "com/acme/db/Tables.java");
            assertThat(generator.generate(scratch.engine())).as("regenerating an unchanged database").isEqualTo(sources);
            assertThat(sources.get("com/acme/db/Users.java")).contains("new dev.retort.schema.CheckConstraint(\"ck_users_score\", dev.retort.sql.SQL.text(");

            ClassLoader loader = GeneratedSources.compile(sources, dir);
            Object users = staticField(loader, "com.acme.db.Tables", "USERS");
            Object addresses = staticField(loader, "com.acme.db.Tables", "USER_ADDRESSES");
            assertThat(typeArgument(users, "NAME")).isEqualTo(String.class.getName());
            assertThat(typeArgument(users, "ID")).isEqualTo(Integer.class.getName());
            assertThat(typeArgument(users, "SCORE")).isEqualTo(java.math.BigDecimal.class.getName());
            assertThat(typeArgument(addresses, "EMAIL_ADDRESS")).isEqualTo(String.class.getName());
            Column<?> name = (Column<?>) field(users, "NAME");
            Column<?> id = (Column<?>) field(users, "ID");
            Column<?> email = (Column<?>) field(addresses, "EMAIL_ADDRESS");
            Table usersTable = (Table) call(users, "table");
            assertThat(((MetaData) staticField(loader, "com.acme.db.Tables", "METADATA")).tables()).containsOnlyKeys("users", "user_addresses");

            Table handUsers = model.table("users");
            Table handAddresses = model.table("user_addresses");
            FromClause join = (FromClause) call(addresses, "joinUsers");
            Supplier<ClauseElement> built = () -> select(name, email).selectFrom(join).where(id.eq(1)).orderBy(email);
            Select generated = (Select) built.get();
            Select byHand = select(handUsers.c("name"), handAddresses.c("emailAddress"))
                    .selectFrom(handAddresses.join(handUsers, handAddresses.c("user_id").eq(handUsers.c("id")))).where(handUsers.c("id").eq(1))
                    .orderBy(handAddresses.c("emailAddress"));
            assertSameStatement(built, byHand, scratch);
            assertThat(((ClauseElement) QuerySerializer.loads(QuerySerializer.dumps(generated), model)).compile(scratch.engine().dialect()).string())
                    .as("a statement built with generated tables, loaded against hand-declared ones")
                    .isEqualTo(byHand.compile(scratch.engine().dialect()).string());

            try (Connection conn = scratch.engine().begin()) {
                conn.execute(insert(usersTable).values(Map.of("id", 1, "name", "ed", "score", new java.math.BigDecimal("1.50"))));
                conn.execute(insert((Table) call(addresses, "table")).values(Map.of("id", 10, "user_id", 1, "emailAddress", "ed@example.com")));
                assertThat(conn.execute(generated).all()).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("ed ed@example.com");
            }
        }
    }

    /**
     * Same SQL in every dialect, and cache keys of the same shape. Keys refer to schema objects by
     * identity (two MetaData's {@code users} tables are different tables), so the keys themselves
     * are equal only for statements over the same objects: built twice with generated tables.
     */
    private static void assertSameStatement(Supplier<ClauseElement> generated, ClauseElement byHand, ScratchDatabase scratch) {
        for (var dialect : List.of(scratch.engine().dialect(), Dialects.sqlite(), Dialects.postgresql(), Dialects.mysql())) {
            assertThat(generated.get().compile(dialect).string()).as(dialect.name()).isEqualTo(byHand.compile(dialect).string());
        }
        assertThat(generated.get().cacheKey().key()).hasToString(byHand.cacheKey().key().toString());
        assertThat(generated.get().cacheKey()).isEqualTo(generated.get().cacheKey());
    }

    /** The type argument of a generated {@code Column<T>} field, by name. */
    private static String typeArgument(Object owner, String field) throws NoSuchFieldException {
        ParameterizedType t = (ParameterizedType) owner.getClass().getField(field).getGenericType();
        assertThat(t.getRawType()).isEqualTo(Column.class);
        return t.getActualTypeArguments()[0].getTypeName();
    }

    @Test
    void writeLeavesUnchangedFilesAlone() throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(Database.SQLITE)) {
            model().createAll(scratch.engine());
            CodeGenerator generator = CodeGenerator.builder().packageName("com.acme.db").include("users").build();
            Path out = dir.resolve("out");
            assertThat(generator.write(scratch.engine(), out)).hasSize(2);
            byte[] first = Files.readAllBytes(out.resolve("com/acme/db/Users.java"));
            assertThat(generator.write(scratch.engine(), out)).isEmpty();
            assertThat(Files.readAllBytes(out.resolve("com/acme/db/Users.java"))).isEqualTo(first);
        }
    }

    /** A view gets a read-only class: its table carries the query, so createAll passes it by; it compiles and is queried. */
    @EachDatabase
    void viewsGetReadOnlyClasses(Database db) throws Exception {
        try (ScratchDatabase scratch = ScratchDatabase.create(db)) {
            model().createAll(scratch.engine());
            try (Connection conn = scratch.engine().begin()) {
                conn.jdbc().createStatement().execute("CREATE VIEW named_users AS SELECT id, name FROM users WHERE name IS NOT NULL");
                conn.execute(insert(model().table("users")).values(Map.of("id", 1, "name", "ed")));
            }
            CodeGenerator generator = CodeGenerator.builder().packageName("com.acme.db").build();
            Map<String, String> sources = generator.generate(scratch.engine());
            assertThat(sources).containsKey("com/acme/db/NamedUsers.java");
            assertThat(generator.generate(scratch.engine())).as("deterministic").isEqualTo(sources);
            String view = sources.get("com/acme/db/NamedUsers.java");
            assertThat(view).as("no comment (MariaDB reported VIEW)").contains(" * View {@code named_users}.\n", "Read-only", ".viewDefinition(\"", "The view, for FROM clauses (it is read-only).")
                    .doesNotContain("INSERT, UPDATE and DELETE", "PrimaryKeyConstraint", "join");
            assertThat(CodeGenerator.builder().packageName("com.acme.db").views(false).build().generate(scratch.engine())).doesNotContainKey("com/acme/db/NamedUsers.java");

            ClassLoader loader = GeneratedSources.compile(sources, dir);
            Object namedUsers = staticField(loader, "com.acme.db.Tables", "NAMED_USERS");
            Table table = (Table) call(namedUsers, "table");
            assertThat(table.isView()).isTrue();
            assertThat(typeArgument(namedUsers, "NAME")).isEqualTo(String.class.getName());
            try (Connection conn = scratch.engine().connect()) {
                assertThat(conn.execute(select((Column<?>) field(namedUsers, "NAME"))).scalars()).containsExactly("ed");
            }
            MetaData generated = (MetaData) staticField(loader, "com.acme.db.Tables", "METADATA");
            generated.createAll(scratch.engine());   // passes the view by: it exists already, and is no table
            assertThat(dev.retort.migrate.SchemaDiff.builder().build().compare(generated, scratch.engine()).steps())
                    .as("the generated metadata, views included, is the database").isEmpty();
        }
    }

    /** Names that are no Java identifiers, or that collide once converted, or with java.lang and the imports, still compile. */
    @Test
    void awkwardNamesCompile() throws Exception {
        MetaData md = new MetaData();
        new Table("class", md, Column.of("id", Types.BIGINT).primaryKey(), Column.of("user_id", Types.TEXT), Column.of("userId", Types.TEXT),
                Column.of("2fa", Types.BOOLEAN), Column.of("_", Types.DATE), Column.of("tags", Types.array(Types.INTEGER)));
        new Table("string", md, Column.of("id", Types.INTEGER).primaryKey().comment("*/ {@code x} \\u0000 <b>"));
        new Table("order_items", md, Column.of("a", Types.INTEGER), Column.of("b", Types.INTEGER),
                new dev.retort.schema.PrimaryKeyConstraint("a", "b")).comment("Lines of an order");
        new Table("orderItems", md, Column.of("x", Types.INTEGER).foreignKey("order_items.a"), Column.of("y", Types.INTEGER).foreignKey("order_items.b"),
                Column.of("k", Types.named("postgresql", "tsvector")));
        Map<String, String> sources = CodeGenerator.builder().packageName("p").build().generate(md, Dialects.postgresql());
        assertThat(sources).containsOnlyKeys("p/Class.java".replace("Class", "ClassTable"), "p/StringTable.java", "p/OrderItems.java", "p/OrderItemsTable.java", "p/Tables.java");
        ClassLoader loader = GeneratedSources.compile(sources, dir);
        Object klass = staticField(loader, "p.Tables", "CLASS_TABLE");
        assertThat(field(klass, "USER_ID")).isNotSameAs(field(klass, "USER_ID_"));
        assertThat(typeArgument(klass, "TAGS")).isEqualTo("java.util.List<java.lang.Integer>");
        assertThat(typeArgument(klass, "C2FA")).isEqualTo(Boolean.class.getName());
        Object items = staticField(loader, "p.Tables", "ORDER_ITEMS");
        assertThat(call(items, "joinOrderItemsTableByX")).isNotNull();
        assertThat(call(items, "joinOrderItemsTableByY")).isNotNull();
        assertThat(((Column<?>) field(staticField(loader, "p.Tables", "STRING_TABLE"), "ID")).comment()).isEqualTo("*/ {@code x} \\u0000 <b>");
    }
}
