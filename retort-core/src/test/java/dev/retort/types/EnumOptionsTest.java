package dev.retort.types;

import static dev.retort.sql.SQL.cast;
import static dev.retort.sql.SQL.column;
import static dev.retort.sql.SQL.insert;
import static dev.retort.sql.SQL.literal;
import static dev.retort.sql.SQL.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retort.dialect.Dialects;
import dev.retort.engine.Connection;
import dev.retort.exc.ArgumentException;
import dev.retort.exc.IntegrityException;
import dev.retort.ext.serializer.Protocol;
import dev.retort.ext.serializer.QuerySerializer;
import dev.retort.schema.Column;
import dev.retort.schema.CreateTable;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.sql.Select;
import dev.retort.testing.Databases.Database;
import dev.retort.testing.Databases.EachDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * EnumType's length, nativeEnum and createConstraint. Expected DDL is what SQLAlchemy 2.1.1
 * writes for {@code Enum("new", "done", name="item_status", native_enum=False, create_constraint=True)}
 * and {@code Enum("a", "bb", native_enum=False, length=10)} (default, PGDialect, MySQLDialect).
 */
class EnumOptionsTest {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private Table items(MetaData md, String name) {
        return new Table(name, md,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("status", Types.enumOf("item_status_" + suffix, "new", "done").nativeEnum(false).createConstraint(true)),
                Column.of("kind", Types.enumOf("kind", "a", "bb").nativeEnum(false).length(10)));
    }

    @Test
    void nonNativeEnumIsACheckedVarcharEverywhere() {
        Table t = items(new MetaData(), "items");
        String check = "CONSTRAINT item_status_" + suffix + " CHECK (status IN ('new', 'done'))";
        assertThat(ddl(t, "default")).isEqualTo("CREATE TABLE items ( id INTEGER NOT NULL, status VARCHAR(4), kind VARCHAR(10), PRIMARY KEY (id), " + check + " )");
        assertThat(ddl(t, "postgresql")).isEqualTo("CREATE TABLE items ( id SERIAL NOT NULL, status VARCHAR(4), kind VARCHAR(10), PRIMARY KEY (id), " + check + " )");
        assertThat(ddl(t, "mysql")).isEqualTo("CREATE TABLE items ( id INTEGER NOT NULL AUTO_INCREMENT, status VARCHAR(4), kind VARCHAR(10), PRIMARY KEY (id), " + check + " )");
        assertThat(Dialects.postgresql().createTypeStatements(t.c("status").type())).isEmpty();
    }

    @Test
    void nativeEnumChecksOnlyWhereItIsAVarchar() {
        // SQLAlchemy: Enum("x", "yy", name="foo", create_constraint=True) is PostgreSQL's type foo and
        // MySQL's ENUM unchecked; on the default dialect a VARCHAR(2) with CONSTRAINT foo CHECK (...)
        Table t = new Table("t", new MetaData(), Column.of("a", Types.enumOf("foo", "x", "yy").createConstraint(true)));
        assertThat(ddl(t, "default")).isEqualTo("CREATE TABLE t ( a VARCHAR(2), CONSTRAINT foo CHECK (a IN ('x', 'yy')) )");
        assertThat(ddl(t, "postgresql")).isEqualTo("CREATE TABLE t ( a foo )");
        assertThat(ddl(t, "mysql")).isEqualTo("CREATE TABLE t ( a ENUM('x','yy') )");
    }

    @Test
    void lengthIsTheVarcharsOrNone() {
        assertThat(Dialects.defaultDialect().typeDdl(Types.enumOf("e", "one", "two", "three").length(50))).isEqualTo("VARCHAR(50)");
        assertThat(Dialects.defaultDialect().typeDdl(Types.enumOf("e", "one", "two", "three"))).isEqualTo("VARCHAR(5)");
        assertThat(Dialects.defaultDialect().typeDdl(Types.enumOf(null, "x", "y").nativeEnum(false).length(null))).isEqualTo("VARCHAR");
        assertThat(Types.enumOf("e", "one").length(3)).isNotEqualTo(Types.enumOf("e", "one")).isEqualTo(Types.enumOf("e", "one").length(3));
        assertThatThrownBy(() -> Types.enumOf("e", "one").length(0)).isInstanceOf(ArgumentException.class).hasMessageContaining("length");
    }

    @Test
    void serializedOptionsComeBack() {
        for (EnumType<String> e : List.of(Types.enumOf("e", "one", "two").length(9).nativeEnum(false).createConstraint(true),
                Types.enumOf((String) null, "one").nativeEnum(false).length(null), Types.enumOf("e", "one", "two").length(3),
                Types.enumOf("e", "one").schema("s").createConstraint(true), Types.enumOf("e", "one"))) {
            Select stmt = select(cast(column("x"), e));
            for (Protocol p : Protocol.values()) {
                Select back = (Select) QuerySerializer.loads(QuerySerializer.dumps(stmt, p), new MetaData());
                assertThat(back.columns().get(0).type()).as(p + " " + e.typeArguments()).isEqualTo(e);
            }
        }
    }

    @EachDatabase
    void theCheckRefusesOtherLabels(Database db) {
        var engine = db.engine();
        MetaData md = new MetaData();
        Table t = items(md, "items_" + suffix);
        md.createAll(engine);
        try (Connection conn = engine.connect()) {
            conn.execute(insert(t), List.of(Map.of("id", 1, "status", "done", "kind", "bb")));
            conn.commit();
            assertThat(conn.execute(select(t.c("status"), t.c("kind"))).all().get(0).toList()).containsExactly("done", "bb");
            assertThatThrownBy(() -> conn.execute(insert(t).values(Map.of("id", 2, "status", literal("gone", Types.STRING), "kind", "a"))))
                    .isInstanceOf(IntegrityException.class);
        } finally {
            md.dropAll(engine);
        }
    }

    private static String ddl(Table t, String dialect) {
        var d = switch (dialect) {
            case "postgresql" -> Dialects.postgresql();
            case "mysql" -> Dialects.mysql();
            default -> Dialects.defaultDialect();
        };
        return new CreateTable(t).compile(d).string().replaceAll("\\s+", " ").trim();
    }
}
